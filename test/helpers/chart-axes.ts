import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** The text of an axis title that Observable Plot drew into the SVG of the chart `testId`. */
export const axisTitle = (page: Page, testId: string, axis: 'x' | 'y') =>
  page.getByTestId(testId).locator(`svg [aria-label="${axis}-axis label"]`).first().textContent();

/** The x-axis tick labels Observable Plot drew into the SVG of the chart `testId`. */
export const xTickLabels = (page: Page, testId: string) =>
  page.getByTestId(testId).locator('svg [aria-label="x-axis tick label"] text').allTextContents();

/**
 * Switches the page to Spanish with the header's language select and back: each time the
 * chart `testId` is drawn again with its x-axis title in that language and, when `ticks` is
 * given, every x tick label in that language's form.
 */
export async function expectAxisFollowsLanguage(
  page: Page,
  testId: string,
  titles: { en: string; es: string },
  ticks?: { en: RegExp; es: RegExp },
) {
  const language = (name: string) => page.getByRole('banner').getByLabel(name);
  const everyTick = async (pattern: RegExp) => {
    const labels = await xTickLabels(page, testId);
    return labels.length > 0 && labels.every((label) => pattern.test(label));
  };
  await language('Language').selectOption('es');
  await expect.poll(() => axisTitle(page, testId, 'x')).toContain(titles.es);
  if (ticks) await expect.poll(() => everyTick(ticks.es)).toBe(true);
  await language('Idioma').selectOption('en');
  await expect.poll(() => axisTitle(page, testId, 'x')).toContain(titles.en);
  if (ticks) await expect.poll(() => everyTick(ticks.en)).toBe(true);
}
