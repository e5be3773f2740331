import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** The text of an axis title that Observable Plot drew into the SVG of the chart `testId`. */
export const axisTitle = (page: Page, testId: string, axis: 'x' | 'y') =>
  page.getByTestId(testId).locator(`svg [aria-label="${axis}-axis label"]`).first().textContent();

/**
 * Switches the page to Spanish with the header's language select and back: each time the
 * chart `testId` is drawn again with its x-axis title in that language.
 */
export async function expectAxisFollowsLanguage(
  page: Page,
  testId: string,
  titles: { en: string; es: string },
) {
  const language = (name: string) => page.getByRole('banner').getByLabel(name);
  await language('Language').selectOption('es');
  await expect.poll(() => axisTitle(page, testId, 'x')).toContain(titles.es);
  await language('Idioma').selectOption('en');
  await expect.poll(() => axisTitle(page, testId, 'x')).toContain(titles.en);
}
