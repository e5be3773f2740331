import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { createRolePractice } from '../../../test/helpers/role-practice.ts';
import { useTestApp } from '../../../test/helpers/test-app.ts';
import { testDialects } from '../../../test/helpers/test-databases.ts';

/**
 * The report over HTTP: the CSV as a download no cache keeps, and bad filters answered with
 * a problem that names the field (the numbers themselves: practice-report.service.test.ts).
 */
describe.each(testDialects)('the practice report routes on %s', (dialect) => {
  const t = useTestApp(dialect, () => new Date('2026-12-04T12:00:00Z'));

  it('serves the report and its tables as CSV, and refuses bad filters with a clear problem', async () => {
    const p = await createRolePractice(t.db);
    const admin = await t.signedIn(p.staff.admin.email);
    const report = await admin.call('GET', '/api/reports/practice');
    expect(report.statusCode).toBe(200);
    // The 12 weeks up to the clock's today.
    expect(report.json()).toMatchObject({
      view: 'admin',
      minCellSize: 5,
      period: { clinicId: null, from: '2026-09-12', to: '2026-12-04' },
    });

    const csv = await admin.call(
      'GET',
      `/api/reports/practice/alerts/csv?clinicId=${p.practice.clinic.id}&from=2026-11-01&to=2026-11-30`,
    );
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['cache-control']).toBe('no-store');
    expect(csv.headers['content-disposition']).toBe(
      'attachment; filename="practice-report-alerts-2026-11-01-2026-11-30.csv"',
    );
    expect(parse(csv.body, { columns: true })).toEqual([
      {
        type: 'all',
        raised: '0',
        acknowledged: '0',
        resolved: '0',
        median_hours_to_acknowledge: '',
      },
    ]);

    const bad = async (query: string) => {
      const response = await admin.call('GET', `/api/reports/practice${query}`);
      expect(response.statusCode, query).toBe(400);
      return (response.json() as { errors: { path: string; message: string }[] }).errors;
    };
    expect(await bad('?from=2026-02-30')).toEqual([
      { path: 'querystring.from', message: 'must be a real date written YYYY-MM-DD' },
    ]);
    expect(await bad('?from=2026-11-30&to=2026-11-01')).toEqual([
      { path: 'querystring.from', message: 'must not be after the end of the period' },
    ]);
    expect(await bad('?from=2024-01-01')).toEqual([
      { path: 'querystring.from', message: 'must be at most 400 days before the end' },
    ]);
    expect(await bad('?clinicId=not-a-clinic')).toEqual([
      { path: 'querystring.clinicId', message: expect.any(String) },
    ]);
    expect((await admin.call('GET', '/api/reports/practice/everything/csv')).statusCode).toBe(400);
  });
});
