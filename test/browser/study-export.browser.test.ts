import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportManifestSchema } from '../../src/core/api/research-export.ts';
import { DEMO_PASSWORD } from '../../src/server/demo/demo-password.ts';
import { DEMO_STUDY_TITLE } from '../../src/server/demo/demo-study-seed.repository.ts';
import { browserAvailable } from '../helpers/browser.ts';
import { axeViolations } from '../helpers/browser-session.ts';
import { startDemoBrowserServer } from '../helpers/demo-browser-server.ts';
import { tableCells } from '../helpers/page-tables.ts';

const PHONE = 360;
const RESEARCHER = 'researcher@harmonybridge.example';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Issue 18's export in Chromium at phone width, on the demo: the researcher opens the
 * founding study's H7 table, exports the study, downloads the ZIP through the link, and every file the manifest names is
 * in it with the SHA-256 the manifest states; the list then shows that export.
 */
describe.skipIf(!browserAvailable())('a study’s export in Chromium', () => {
  let started: Awaited<ReturnType<typeof startDemoBrowserServer>>;
  beforeAll(async () => {
    started = await startDemoBrowserServer();
  }, 180_000);
  afterAll(() => started?.server.close());

  it('exports, downloads a ZIP whose files match its manifest, and lists it, axe-clean at 360 px', async () => {
    const { server } = started;
    const study = await server.db
      .selectFrom('study')
      .select('id')
      .where('title', '=', DEMO_STUDY_TITLE)
      .executeTakeFirstOrThrow();
    const { page, context, errors } = await server.openAs(RESEARCHER, {
      path: `/research/${study.id}`,
      password: DEMO_PASSWORD,
      viewport: { width: PHONE, height: 780 },
      timeout: 20_000,
      failOnDialog: true,
      acceptDownloads: true,
    });
    // The researcher first reads the H7 table (issue 18's Done-when walks through both).
    await page.getByRole('link', { name: 'Analyses' }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe(`Analyses: ${DEMO_STUDY_TITLE}`);
    await expect.poll(async () => (await tableCells(page, 'h7-table')).length).toBe(12);
    const [goalWho5] = await tableCells(page, 'h7-table');
    expect(goalWho5!.slice(0, 2)).toEqual(['Goal', expect.stringContaining('WHO-5')]);
    // n is shown (at least k = 5 people) and so is r.
    expect(Number(goalWho5![2])).toBeGreaterThanOrEqual(5);
    expect(Math.abs(Number(goalWho5![3]))).toBeLessThanOrEqual(1);

    await page.goBack();
    await page.getByRole('link', { name: 'Exports' }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe(`Exports: ${DEMO_STUDY_TITLE}`);
    expect(await page.getByText('No exports yet.').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Export now' }).click();
    const link = page.getByRole('link', { name: 'Download the export (ZIP)' });
    await link.waitFor();
    expect(await page.getByTestId('export-link').textContent()).toContain(
      'expires in 10 minutes and works once',
    );
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^study-export-[0-9a-f-]{36}\.zip$/);
    const zip = unzipSync(readFileSync((await download.path())!));
    const manifest = exportManifestSchema.parse(
      JSON.parse(new TextDecoder().decode(zip['manifest.json'])),
    );
    expect(manifest.study.id).toBe(study.id);
    expect(manifest.filters.items).toBe(true);
    expect(manifest.files.map((f) => f.name)).toEqual(
      expect.arrayContaining(['long.csv', 'wide.csv', 'codebook.csv']),
    );
    for (const file of manifest.files) {
      const bytes = zip[file.name];
      expect(bytes, file.name).toBeDefined();
      expect(bytes!.length, file.name).toBe(file.bytes);
      expect(sha256(bytes!), file.name).toBe(file.sha256);
    }

    // The used link is gone; the list shows the export with the manifest's rows and hashes.
    expect(await link.count()).toBe(0);
    await page.getByText('the link has been used').waitFor();
    await expect
      .poll(async () => (await tableCells(page, 'exports-table'))[0]?.[3] ?? '', {
        timeout: 15_000,
      })
      .toContain(manifest.files[0]!.sha256);
    const [row] = await tableCells(page, 'exports-table');
    const researcher = started.practice.staff.find((s) => s.email === RESEARCHER)!;
    expect(row![1]).toBe(researcher.displayName);
    const long = manifest.files.find((f) => f.name === 'long.csv')!;
    expect(row![2]).toContain(`long.csv: ${long.rows!.toLocaleString('en')} rows`);
    for (const file of manifest.files) expect(row![3]).toContain(file.sha256);
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      PHONE,
    );
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
