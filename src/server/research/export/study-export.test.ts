import { createHash, randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectStream } from '../../../../test/helpers/collect-stream.ts';
import {
  type CohortClient,
  EXPORT_TEST_SECRET,
  createExportCohort,
} from '../../../../test/helpers/export-cohort.fixture.ts';
import { openTestDatabase, testDialects } from '../../../../test/helpers/test-databases.ts';
import { startsFormula } from '../../../core/research/export/csv-cell.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { exportPseudonym, exportPseudonymKey } from './export-pseudonym.ts';
import { exportStudyToStream } from './study-export.service.ts';
import { type ExportManifest, writeStudyExport } from './study-export-writer.ts';
import { findStudyForOperator } from '../studies/study.repository.ts';

const at = new Date('2026-11-21T09:00:00Z');
const clock = () => at;

const cohortClient = fc.record({
  status: fc.constantFrom('consented', 'completed', 'withdrawn', 'declined', 'invited' as const),
  wai: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 12, maxLength: 12 }),
  who: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 5, maxLength: 5 }),
}) as fc.Arbitrary<CohortClient>;

async function exportZip(handle: DatabaseHandle, studyId: string) {
  const out = collectStream();
  const manifest = await exportStudyToStream(
    handle.db,
    clock,
    EXPORT_TEST_SECRET,
    studyId,
    { items: true },
    out.stream,
  );
  const files = unzipSync(new Uint8Array(out.bytes()));
  const text = Object.fromEntries(
    Object.entries(files).map(([name, data]) => [name, strFromU8(data)]),
  );
  return { manifest, files, text };
}

describe.each(testDialects)('the de-identified study export, on %s', (dialect) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
  });
  afterAll(() => handle.close());

  it('holds every file of its manifest with the SHA-256 the manifest states, and the CSVs parse', async () => {
    const cohort = await createExportCohort(handle.db, [
      { status: 'consented', wai: Array(12).fill(4), who: [3, 3, 3, 3, 3] },
      { status: 'withdrawn', wai: Array(12).fill(2), who: [1, 1, 1, 1, 1] },
    ]);
    const { manifest, files, text } = await exportZip(handle, cohort.studyId);
    const written = JSON.parse(text['manifest.json']!) as ExportManifest;
    expect(written).toEqual(manifest);
    expect(Object.keys(files).sort()).toEqual(
      [...manifest.files.map((f) => f.name), 'manifest.json'].sort(),
    );
    for (const f of manifest.files) {
      expect(createHash('sha256').update(files[f.name]!).digest('hex'), f.name).toBe(f.sha256);
      expect(files[f.name]!.length).toBe(f.bytes);
    }
    const long = parse(text['long.csv']!, { columns: true }) as Record<string, string>[];
    expect(long.length).toBe(manifest.files.find((f) => f.name === 'long.csv')!.rows);
    // One consented client: WAI-SR (4 scales? its own) and WHO-5 scales and items.
    const key = exportPseudonymKey(EXPORT_TEST_SECRET, cohort.studyId);
    const consented = exportPseudonym(key, cohort.clients[0]!.participantId);
    expect(new Set(long.map((r) => r.participant))).toEqual(new Set([consented]));
    expect(long.find((r) => r.variable === 'who_5_total')?.value).toBe('15');
    expect(long.find((r) => r.variable === 'wai_sr_item1')?.value).toBe('4');
    const wide = parse(text['wide.csv']!, { columns: true }) as Record<string, string>[];
    expect(wide).toHaveLength(1);
    expect(wide[0]!.who_5_total).toBe('15');
    const codebook = parse(text['codebook.csv']!, { columns: true }) as Record<string, string>[];
    const variables = new Set(codebook.map((r) => r.variable));
    for (const column of Object.keys(wide[0]!)) expect(variables, column).toContain(column);
    for (const r of long) expect(variables, r.variable).toContain(r.variable);
    const bundle = JSON.parse(text['fhir-bundle.json']!) as {
      resourceType: string;
      entry: { resource: { resourceType: string; subject?: { reference: string } } }[];
    };
    expect(bundle.resourceType).toBe('Bundle');
    expect(new Set(bundle.entry.map((e) => e.resource.resourceType))).toEqual(
      new Set(['QuestionnaireResponse', 'Observation']),
    );
    for (const e of bundle.entry)
      expect(e.resource.subject?.reference).toBe(`Patient/${consented}`);
    // The date moved back by the participant's stored shift, kept for the next export.
    const shift = await handle.db
      .selectFrom('study_participant')
      .select('export_shift_days')
      .where('id', '=', cohort.clients[0]!.participantId)
      .executeTakeFirstOrThrow();
    expect(shift.export_shift_days).toBeGreaterThanOrEqual(0);
    expect(shift.export_shift_days).toBeLessThanOrEqual(364);
    const again = await exportZip(handle, cohort.studyId);
    const longAgain = parse(again.text['long.csv']!, { columns: true }) as Record<string, string>[];
    expect(longAgain.map((r) => [r.participant, r.session_date])).toEqual(
      long.map((r) => [r.participant, r.session_date]),
    );
    // Audited and listed.
    const audit = await handle.db
      .selectFrom('audit_event')
      .select(['action', 'actor_type'])
      .where('organization_id', '=', cohort.organizationId)
      .where('action', '=', 'study-export.write')
      .execute();
    expect(audit).toHaveLength(2);
    const rows = await handle.db
      .selectFrom('study_export')
      .select(['channel', 'manifest'])
      .where('study_id', '=', cohort.studyId)
      .execute();
    expect(rows.map((r) => r.channel)).toEqual(['cli', 'cli']);
    expect(rows.every((r) => r.manifest !== null)).toBe(true);
  });

  it('writes the same files whether it hands the ZIP one row at a time or thousands', async () => {
    const cohort = await createExportCohort(
      handle.db,
      [3, 4, 5].map((v) => ({
        status: 'consented',
        wai: Array(12).fill(v),
        who: Array(5).fill(v),
      })),
    );
    const study = (await findStudyForOperator(handle.db, cohort.studyId))!;
    const write = async (writeRows?: number) => {
      const out = collectStream();
      await writeStudyExport(
        handle.db,
        {
          organizationId: cohort.organizationId,
          study,
          exportId: randomUUID(),
          instanceSecret: EXPORT_TEST_SECRET,
          items: true,
          exportedBy: { channel: 'cli', staffUserId: null },
          at,
          ...(writeRows !== undefined && { writeRows }),
        },
        out.stream,
      );
      const files = unzipSync(new Uint8Array(out.bytes()));
      // The Bundle's entries are named by fresh UUIDs; everything else is the same bytes.
      const uuids = /urn:uuid:[0-9a-f-]{36}/g;
      return Object.fromEntries(
        Object.entries(files)
          .filter(([name]) => name !== 'manifest.json')
          .map(([name, data]) => [name, strFromU8(data).replace(uuids, 'urn:uuid:x')]),
      );
    };
    const byRow = await write(1);
    expect(byRow['long.csv']!.split('\n').length).toBeGreaterThan(40);
    expect(byRow).toEqual(await write());
  });

  it('gives dates as days since the first session when the study chooses so', async () => {
    const cohort = await createExportCohort(handle.db, [
      { status: 'consented', wai: Array(12).fill(3), who: [2, 2, 2, 2, 2] },
    ]);
    await handle.db
      .updateTable('study')
      .set({ export_dates: 'days-since-first-session' })
      .where('id', '=', cohort.studyId)
      .execute();
    const { text } = await exportZip(handle, cohort.studyId);
    const long = parse(text['long.csv']!, { columns: true }) as Record<string, string>[];
    expect(long[0]).not.toHaveProperty('session_date');
    expect(new Set(long.map((r) => r.session_day))).toEqual(new Set(['0']));
    expect(Object.values(text).join('\n')).not.toMatch(/20\d\d-\d\d-\d\d(?!T)/u);
  });

  it('property: never a row of anyone not consenting or withdrawn, no direct identifier, no cell under k', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(cohortClient, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 2, max: 6 }),
        async (clients, k) => {
          const cohort = await createExportCohort(handle.db, clients, { minCellSize: k });
          const { manifest, text } = await exportZip(handle, cohort.studyId);
          const key = exportPseudonymKey(EXPORT_TEST_SECRET, cohort.studyId);
          const allowed = new Set(
            cohort.clients
              .filter((c) => c.status === 'consented' || c.status === 'completed')
              .map((c) => exportPseudonym(key, c.participantId)),
          );
          const all = Object.values(text).join('\n');
          for (const c of cohort.clients) {
            const pseudonym = exportPseudonym(key, c.participantId);
            if (!allowed.has(pseudonym)) expect(all).not.toContain(pseudonym);
            expect(all).not.toContain(c.participantId);
            for (const identifier of c.identifiers) expect(all).not.toContain(identifier);
          }
          for (const identifier of cohort.therapist.identifiers)
            expect(all).not.toContain(identifier);
          for (const name of ['long.csv', 'wide.csv']) {
            const rows = parse(text[name]!, { columns: true }) as Record<string, string>[];
            for (const row of rows) {
              expect(allowed).toContain(row.participant);
              for (const cell of Object.values(row)) expect(startsFormula(cell)).toBe(false);
            }
          }
          // The manifest's aggregates: a group of 1 to k − 1 people reads "< k".
          expect(manifest.minCellSize).toBe(k);
          for (const n of Object.values(manifest.participants))
            expect(typeof n === 'number' ? n === 0 || n >= k : n === `< ${k}`).toBe(true);
          expect(manifest.participants.client).toBe(
            allowed.size === 0 || allowed.size >= k ? allowed.size : `< ${k}`,
          );
        },
      ),
      { numRuns: dialect === 'sqlite' ? 8 : 4 },
    );
  }, 240_000);
});
