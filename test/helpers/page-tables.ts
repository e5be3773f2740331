import type { Page } from 'playwright-core';

/** Markup that runs script if a page ever renders text as HTML. */
export const XSS_IMG = '<img src=x onerror=window.__xss=1>';

/** Whether XSS_IMG's script ran on the page. */
export const xssScriptRan = (page: Page) =>
  page.evaluate(() => (window as unknown as { __xss?: number }).__xss !== undefined);

/** The text of every cell (th and td) of each body row of the table with `testId`. */
export const tableCells = (page: Page, testId: string) =>
  page
    .getByTestId(testId)
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent!.trim())),
    );
