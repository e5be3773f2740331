import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/helpers/test-databases.ts';
import { defaultMeasurementPlanEntries } from '../../core/measurement/default-measurement-plan.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { demoManifest } from './generate-demo-measurements.ts';
import { generateDemoPractice } from './generate-demo-practice.ts';
import { seedDemoPractice } from './seed-demo-practice.ts';

/**
 * Issue 6's accuracy target on the demo practice itself: the generator injects ruptures
 * (a 1.3-point fall, repaired within 1–3 sessions or not) into otherwise noisy item-level
 * answers and records where (demoManifest); the seed stores the alerts the engine finds at
 * the default settings. A rupture whose session has no answered WAI-SR (the form expired)
 * cannot show in any score and is not counted. SQLite only: the engine and the manifest are
 * the same on both databases (the demo test seeds PostgreSQL too), and 400 clients are ~45,000
 * forms. The synthetic cohort of src/core/synthetic measures the rule itself more widely.
 */
describe.each(['harmonybridge', 'second-practice'])(
  'rupture alerts against the demo generator’s own record (seed %s)',
  (seed) => {
    let handle: DatabaseHandle;
    const anchor = new Date('2026-11-23T00:00:00Z');
    beforeAll(async () => {
      handle = await openTestDatabase('sqlite');
    });
    afterAll(() => handle.close());

    let orgId: string;
    let manifest: ReturnType<typeof demoManifest>;
    beforeAll(async () => {
      const practice = generateDemoPractice({ clients: 400, seed, anchor });
      const seeded = await seedDemoPractice(handle.db, () => anchor, practice, { seed, anchor });
      orgId = seeded.organization.id;
      manifest = demoManifest(practice.cases(), defaultMeasurementPlanEntries(), {
        seed,
        anchor,
      });
    });

    it('finds at least 90 % of the injected ruptures, and at least 80 % of its alerts are real', async () => {
      const key = (caseId: string, clientId: string, session: number) =>
        `${caseId}|${clientId}|${session}`;
      const answered = new Set(
        (
          await handle.db
            .selectFrom('score')
            .select(['case_id', 'client_id', 'session_number'])
            .where('organization_id', '=', orgId)
            .where('instrument_id', '=', 'wai-sr')
            .where('scale_id', '=', 'total')
            .execute()
        ).map((s) => key(s.case_id, s.client_id!, Number(s.session_number))),
      );
      const injected = manifest.ruptures
        .map((r) => key(r.caseId, r.clientId, r.sessionNumber))
        .filter((k) => answered.has(k));
      const alerted = new Set(
        (
          await handle.db
            .selectFrom('alert')
            .select(['case_id', 'respondent_ids', 'session_number'])
            .where('organization_id', '=', orgId)
            .where('type', '=', 'rupture')
            .execute()
        ).map((a) =>
          key(a.case_id, (JSON.parse(a.respondent_ids) as string[])[0]!, Number(a.session_number)),
        ),
      );
      const found = injected.filter((k) => alerted.has(k)).length;
      expect(injected.length).toBeGreaterThan(60);
      expect(found / injected.length).toBeGreaterThanOrEqual(0.9);
      expect(found / alerted.size).toBeGreaterThanOrEqual(0.8);
    });

    it('flags the dyads where the therapist over- or under-estimated goals and tasks, in the right direction', async () => {
      const alerts = await handle.db
        .selectFrom('alert')
        .select(['case_id', 'session_number', 'evidence'])
        .where('organization_id', '=', orgId)
        .where('type', '=', 'client-therapist-discrepancy')
        .execute();
      const byCase = new Map<string, { session: number; differences: number[] }[]>();
      for (const a of alerts) {
        const evidence = JSON.parse(a.evidence) as {
          therapistInstrumentId?: string;
          sessions: { flaggedScales: string[]; difference: Record<string, number> }[];
        };
        expect(evidence.therapistInstrumentId).toBe('therapist-session-rating');
        const differences = evidence.sessions.flatMap((s) =>
          s.flaggedScales.map((scale) => s.difference[scale]!),
        );
        byCase.set(a.case_id, [
          ...(byCase.get(a.case_id) ?? []),
          { session: Number(a.session_number), differences },
        ]);
      }
      expect(manifest.disagreements.length).toBeGreaterThan(10);
      let found = 0;
      for (const d of manifest.disagreements) {
        // D = client − therapist: negative when the therapist over-estimates.
        const sign = d.direction === 'over' ? -1 : 1;
        const hit = (byCase.get(d.caseId) ?? []).find(
          (a) =>
            a.session >= d.fromSessionNumber &&
            a.session <= d.toSessionNumber &&
            a.differences.every((difference) => Math.sign(difference) === sign),
        );
        if (hit) found += 1;
      }
      const injectedCases = new Set(manifest.disagreements.map((d) => d.caseId));
      const elsewhere = [...byCase.keys()].filter((c) => !injectedCases.has(c)).length;
      console.log(
        `disagreements: ${found}/${manifest.disagreements.length} found; ${elsewhere} other cases flagged of ${byCase.size}`,
      );
      expect(found / manifest.disagreements.length).toBeGreaterThanOrEqual(0.9);
    });
  },
);
