import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createStaffWithPassword } from '../../../test/helpers/auth-client.ts';
import { createRolePractice } from '../../../test/helpers/role-practice.ts';
import { useTestApp } from '../../../test/helpers/test-app.ts';
import { testDialects } from '../../../test/helpers/test-databases.ts';
import type { Database } from '../db/database.ts';
import { insertClinic } from '../organizations/organization.repository.ts';

const NOW = Date.parse('2026-12-04T12:00:00Z');

const COLUMNS = [
  'case_key',
  'given_name',
  'family_name',
  'date_of_birth',
  'preferred_language',
  'relation',
  'case_type',
  'therapist_email',
  'start_date',
  'guardian_name',
  'guardian_contact',
  'presenting_concerns',
  'email',
] as const;
type Row = Record<(typeof COLUMNS)[number], string>;

const day = (n: number) =>
  new Date(Date.UTC(1960, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * 500 rows of synthetic people: 100 individual cases, 100 couples and 50 families of four
 * (two parents, a child under 18 with a guardian, a grown-up child). `tag` keeps names apart
 * between tests that share the PostgreSQL database.
 */
function practiceRows(tag: string, therapists: [string, string]): Row[] {
  const rows: Row[] = [];
  const person = (i: number, key: string, relation: string, extra: Partial<Row> = {}): Row => ({
    case_key: key,
    given_name: `Given${i}`,
    family_name: `Synthetic ${tag}`,
    date_of_birth: day(i * 3),
    preferred_language: i % 2 ? 'es' : 'en',
    relation,
    case_type: key.startsWith('I') ? 'individual' : key.startsWith('C') ? 'couple' : 'family',
    therapist_email: therapists[i % 2]!,
    start_date: '2026-11-02',
    guardian_name: '',
    guardian_contact: '',
    presenting_concerns: key.startsWith('F') ? 'family-conflict' : 'anxiety;ocd',
    email: `person${i}@example.org`,
    ...extra,
  });
  for (let c = 0; c < 100; c++) rows.push(person(rows.length, `I${c}`, 'client'));
  for (let c = 0; c < 100; c++)
    for (let m = 0; m < 2; m++) rows.push(person(rows.length, `C${c}`, 'partner'));
  for (let c = 0; c < 50; c++) {
    const key = `F${c}`;
    rows.push(person(rows.length, key, 'parent'));
    rows.push(person(rows.length, key, 'parent'));
    rows.push(
      person(rows.length, key, 'child', {
        date_of_birth: '2015-05-05',
        guardian_name: 'Parent Synthetic',
        guardian_contact: '+44 7700 900123',
      }),
    );
    rows.push(person(rows.length, key, 'child'));
  }
  // The case's own columns are given on its first row only (later rows may leave them empty).
  for (const [i, row] of rows.entries())
    if (i > 0 && rows[i - 1]!.case_key === row.case_key)
      for (const column of [
        'case_type',
        'therapist_email',
        'start_date',
        'presenting_concerns',
      ] as const)
        row[column] = '';
  return rows;
}

const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
const toCsv = (rows: Row[]) =>
  [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => quote(r[c])).join(','))].join('\r\n');

const counts = async (db: Database, organizationId: string) => ({
  clients: Number(
    (
      await db
        .selectFrom('client')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('organization_id', '=', organizationId)
        .executeTakeFirstOrThrow()
    ).n,
  ),
  cases: Number(
    (
      await db
        .selectFrom('care_case')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('organization_id', '=', organizationId)
        .executeTakeFirstOrThrow()
    ).n,
  ),
  members: Number(
    (
      await db
        .selectFrom('case_member')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('organization_id', '=', organizationId)
        .executeTakeFirstOrThrow()
    ).n,
  ),
});

describe.each(testDialects)('client import over HTTP on %s', (dialect) => {
  const t = useTestApp(dialect, () => new Date(NOW));

  it('lists the five bad rows of 500 and stores nothing; imports the fixed file whole; skips it the second time', async () => {
    const p = await createRolePractice(t.db);
    const org = p.practice.organization.id;
    const admin = await t.signedIn(p.staff.admin.email);
    const url = `/api/admin/clinics/${p.practice.clinic.id}/client-import`;
    const tag = randomUUID().slice(0, 8);
    const good = practiceRows(tag, [p.staff.therapist1.email, p.staff.therapist2.email]);
    expect(good).toHaveLength(500);
    const bad = good.map((r) => ({ ...r }));
    bad[10]!.given_name = '';
    bad[150]!.date_of_birth = '1990-02-30';
    bad[260]!.therapist_email = 'nobody@test.example';
    bad[400]!.family_name = '=HYPERLINK("http://evil.example","x")';
    bad[499]!.family_name = 'x'.repeat(10_000);
    const before = await counts(t.db, org);

    const preview = await admin.call('POST', `${url}/preview`, { csv: toCsv(bad) });
    expect(preview.statusCode).toBe(200);
    expect(preview.json().valid).toBe(false);
    // Line 1 is the header: data row i is on line i + 2.
    expect(preview.json().problems).toEqual([
      { line: 12, field: 'given_name', reason: 'must not be empty' },
      { line: 152, field: 'date_of_birth', reason: expect.stringContaining('real date') },
      {
        line: 262,
        field: 'therapist_email',
        reason: expect.stringContaining('not the e-mail address of a therapist'),
      },
      { line: 402, field: 'family_name', reason: expect.stringContaining('formula') },
      { line: 501, field: 'family_name', reason: 'is too long' },
    ]);
    const refused = await admin.call('POST', url, { csv: toCsv(bad) });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().detail).toBe('The file has 5 problems; nothing was imported.');
    expect(refused.json().errors.map((i: { path: string }) => i.path)).toEqual([
      'line 12, given_name',
      'line 152, date_of_birth',
      'line 262, therapist_email',
      'line 402, family_name',
      'line 501, family_name',
    ]);
    expect(await counts(t.db, org)).toEqual(before);

    const dryRun = await admin.call('POST', `${url}/preview`, { csv: toCsv(good) });
    expect(dryRun.json()).toMatchObject({
      dryRun: true,
      valid: true,
      rows: 500,
      clients: { new: 500, present: 0 },
      cases: { new: 250, present: 0 },
    });
    expect(await counts(t.db, org)).toEqual(before);

    const imported = await admin.call('POST', url, { csv: `\uFEFF${toCsv(good)}` });
    expect(imported.statusCode).toBe(200);
    expect(imported.json()).toMatchObject({
      dryRun: false,
      clients: { new: 500, present: 0 },
      cases: { new: 250, present: 0 },
    });
    expect(await counts(t.db, org)).toEqual({
      clients: before.clients + 500,
      cases: before.cases + 250,
      members: before.members + 500,
    });
    const minor = await t.db
      .selectFrom('case_member')
      .innerJoin('client', 'client.id', 'case_member.client_id')
      .select(['case_member.guardian_contact', 'case_member.relationship'])
      .where('client.organization_id', '=', org)
      .where('client.date_of_birth', '=', '2015-05-05')
      .execute();
    expect(minor).toHaveLength(50);
    expect(minor.every((m) => m.guardian_contact === '+44 7700 900123')).toBe(true);

    const again = await admin.call('POST', url, { csv: toCsv(good) });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({
      clients: { new: 0, present: 500 },
      cases: { new: 0, present: 250 },
    });
    expect(again.json().caseList.every((c: { outcome: string }) => c.outcome === 'present')).toBe(
      true,
    );
    expect((await counts(t.db, org)).clients).toBe(before.clients + 500);

    // The audit trail: each client and case as the pages record it, the imports, no names.
    const audit = await t.db
      .selectFrom('audit_event')
      .select(['action', 'details', 'actor_id'])
      .where('organization_id', '=', org)
      .where('action', 'in', [
        'client.create',
        'case.open',
        'client-import.run',
        'client-import.preview',
      ])
      .execute();
    const tally = (action: string) => audit.filter((a) => a.action === action).length;
    expect([
      tally('client.create'),
      tally('case.open'),
      tally('client-import.run'),
      tally('client-import.preview'),
    ]).toEqual([500, 250, 2, 1]);
    expect(audit.every((a) => a.actor_id === p.staff.admin.id)).toBe(true);
    for (const { details } of audit) {
      expect(details).not.toContain(tag);
      expect(details).not.toContain('Given');
      expect(details).not.toContain('example.org');
    }
  }, 120_000);

  it('stores exactly what the intake pages store for the same people', async () => {
    const viaImport = await createRolePractice(t.db);
    const viaPages = await createRolePractice(t.db);
    const tag = randomUUID().slice(0, 8);
    const couple = (therapist: string): Row[] =>
      [0, 1].map((i) => ({
        case_key: 'K',
        given_name: `Partner${i}`,
        family_name: `Same ${tag}`,
        date_of_birth: i ? '1988' : '1990-04-05',
        preferred_language: 'es',
        relation: 'partner',
        case_type: 'couple',
        therapist_email: therapist,
        start_date: '2026-11-20',
        guardian_name: '',
        guardian_contact: '',
        presenting_concerns: 'relationship',
        email: i ? '' : `partner${i}@example.org`,
      }));
    const importer = await t.signedIn(viaImport.staff.admin.email);
    expect(
      (
        await importer.call(
          'POST',
          `/api/admin/clinics/${viaImport.practice.clinic.id}/client-import`,
          {
            csv: toCsv(couple(viaImport.staff.therapist1.email)),
          },
        )
      ).statusCode,
    ).toBe(200);

    const pages = await t.signedIn(viaPages.staff.admin.email);
    const clinicId = viaPages.practice.clinic.id;
    const ids: string[] = [];
    for (const body of [
      {
        givenName: 'Partner0',
        familyName: `Same ${tag}`,
        dateOfBirth: '1990-04-05',
        email: 'partner0@example.org',
        preferredLanguage: 'es',
        clinicId,
      },
      {
        givenName: 'Partner1',
        familyName: `Same ${tag}`,
        birthYear: 1988,
        preferredLanguage: 'es',
        clinicId,
      },
    ]) {
      const created = await pages.call('POST', '/api/clients', body);
      expect(created.statusCode).toBe(201);
      ids.push(created.json().id);
    }
    expect(
      (
        await pages.call('POST', '/api/case-records', {
          clinicId,
          caseType: 'couple',
          presentingConcerns: ['relationship'],
          members: ids.map((clientId) => ({ clientId, relation: 'partner' })),
          therapistIds: [viaPages.staff.therapist1.id],
          startDate: '2026-11-20',
        })
      ).statusCode,
    ).toBe(201);

    const stored = async (organizationId: string) => {
      const clients = await t.db
        .selectFrom('client')
        .select([
          'given_name',
          'family_name',
          'preferred_name',
          'date_of_birth',
          'birth_year',
          'email',
          'mobile',
          'preferred_language',
        ])
        .where('organization_id', '=', organizationId)
        .where('family_name', '=', `Same ${tag}`)
        .orderBy('given_name')
        .execute();
      const cases = await t.db
        .selectFrom('care_case')
        .innerJoin('case_member', 'case_member.case_id', 'care_case.id')
        .innerJoin('client', 'client.id', 'case_member.client_id')
        .select([
          'care_case.type',
          'care_case.case_type',
          'care_case.presenting_concerns',
          'care_case.status',
          'care_case.opened_at',
          'case_member.relationship',
          'case_member.guardian_name',
          'client.given_name',
        ])
        .where('care_case.organization_id', '=', organizationId)
        .where('client.family_name', '=', `Same ${tag}`)
        .orderBy('client.given_name')
        .execute();
      const audit = await t.db
        .selectFrom('audit_event')
        .select(['action', 'entity_type', 'details'])
        .where('organization_id', '=', organizationId)
        .where('action', 'in', ['client.create', 'case.open'])
        .orderBy('action')
        .execute();
      return {
        clients,
        cases,
        audit: audit.map((a) => ({
          action: a.action,
          entityType: a.entity_type,
          // Ids differ between the practices; which fields and how many do not.
          details: Object.keys(JSON.parse(a.details) as object).sort(),
        })),
      };
    };
    const imported = await stored(viaImport.practice.organization.id);
    expect(imported.clients).toHaveLength(2);
    expect(imported.cases).toHaveLength(2);
    expect(imported).toEqual(await stored(viaPages.practice.organization.id));
  });

  it('is for admins of the clinic; an admin of another clinic learns nothing of it', async () => {
    const p = await createRolePractice(t.db);
    const clinic2 = {
      id: randomUUID(),
      organizationId: p.practice.organization.id,
      name: 'Second site',
      timeZone: 'Europe/Madrid',
    };
    await insertClinic(t.db, clinic2, new Date(NOW).toISOString());
    const admin2 = await createStaffWithPassword(
      t.db,
      { organization: p.practice.organization, clinic: clinic2 },
      'admin',
    );
    const csv = toCsv(
      practiceRows('x', [p.staff.therapist1.email, p.staff.therapist2.email]).slice(0, 1),
    );
    const url = `/api/admin/clinics/${p.practice.clinic.id}/client-import`;
    const other = await t.signedIn(admin2.email);
    expect((await other.call('POST', url, { csv })).statusCode).toBe(404);
    expect((await other.call('POST', `${url}/preview`, { csv })).statusCode).toBe(404);
    const therapist = await t.signedIn(p.staff.therapist1.email);
    expect((await therapist.call('POST', url, { csv })).statusCode).toBe(403);
    expect(
      (await other.call('POST', `/api/admin/clinics/${randomUUID()}/client-import`, { csv }))
        .statusCode,
    ).toBe(404);
    const admin = await t.signedIn(p.staff.admin.email);
    expect((await admin.call('POST', url, { csv: 'x'.repeat(2_000_001) })).statusCode).toBe(400);
  });

  it('refuses a person registered at another clinic, and a therapist of another clinic', async () => {
    const p = await createRolePractice(t.db);
    const clinic2 = {
      id: randomUUID(),
      organizationId: p.practice.organization.id,
      name: 'Other site',
      timeZone: 'Europe/Madrid',
    };
    await insertClinic(t.db, clinic2, new Date(NOW).toISOString());
    const admin2 = await createStaffWithPassword(
      t.db,
      { organization: p.practice.organization, clinic: clinic2 },
      'admin',
    );
    const therapist2 = await createStaffWithPassword(
      t.db,
      { organization: p.practice.organization, clinic: clinic2 },
      'therapist',
    );
    const tag = randomUUID().slice(0, 8);
    const [row] = practiceRows(tag, [p.staff.therapist1.email, p.staff.therapist1.email]);
    const admin = await t.signedIn(p.staff.admin.email);
    const url = `/api/admin/clinics/${p.practice.clinic.id}/client-import`;
    expect((await admin.call('POST', url, { csv: toCsv([row!]) })).statusCode).toBe(200);

    const second = await t.signedIn(admin2.email);
    const url2 = `/api/admin/clinics/${clinic2.id}/client-import`;
    const elsewhere = await second.call('POST', `${url2}/preview`, {
      csv: toCsv([{ ...row!, therapist_email: therapist2.email }]),
    });
    expect(elsewhere.json().problems).toEqual([
      { line: 2, field: 'given_name', reason: expect.stringContaining('another clinic') },
    ]);
    const wrongTherapist = await second.call('POST', `${url2}/preview`, {
      csv: toCsv([{ ...row!, given_name: 'Someone' }]),
    });
    expect(wrongTherapist.json().problems).toEqual([
      {
        line: 2,
        field: 'therapist_email',
        reason: expect.stringContaining('not the e-mail address'),
      },
    ]);
  });
});
