import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Command, Help } from 'commander';
import { describe, expect, it } from 'vitest';
import { runRapport } from '../../test/helpers/run-cli.ts';
import { listAuditEvents } from '../server/audit/audit.repository.ts';
import { defaultMeasurementPlanEntries } from '../core/measurement/default-measurement-plan.ts';
import { openDatabase } from '../server/db/database.ts';
import { listMeasurementPlans } from '../server/measurement/measurement-plan.repository.ts';
import { findOrganizationBySlug } from '../server/organizations/organization.repository.ts';
import { findStaffUserByEmail, listStaffRoles } from '../server/staff/staff.repository.ts';
import { commandEntries } from './main.ts';

const tempDb = () => join(mkdtempSync(join(tmpdir(), 'rapport-cli-')), 'cli.db');

describe('the rapport command', () => {
  it('has --help on every command', async () => {
    for (const args of [[], ['serve'], ['migrate'], ['demo'], ['user', 'create'], ['setup']]) {
      const result = await runRapport([...args, '--help']);
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout).toContain('Usage: rapport');
    }
  });

  // --help lists commandEntries without loading the files: each entry must be what its file
  // registers, or the listing would promise a command that does not exist.
  it.each(Object.entries(commandEntries))(
    'lists %s as the command its file registers',
    async (name, entry) => {
      const program = new Command('rapport');
      const io = { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() };
      (await entry.load()).register(program, io);
      expect(program.commands.map((c) => c.name())).toEqual([name]);
      expect(new Help().subcommandTerm(program.commands[0]!)).toBe(entry.term);
      const listed = (await runRapport(['--help'])).stdout.replace(/\s+/g, ' ');
      expect(listed).toContain(`${entry.term} ${entry.summary}`);
    },
  );

  it.each([
    [['frobnicate'], /unknown command/],
    [['demo', '--clients', 'many', '--no-serve'], /--clients/],
    [['demo', '--clients', '0', '--no-serve'], /--clients/],
    [['demo', '--anchor', '23/11/2026', '--no-serve'], /--anchor/],
    [['user', 'create', '--email', 'x@y.example'], /required option/],
    [
      ['user', 'create', '--email', 'not-an-address', '--role', 'therapist', '--clinic', 'X'],
      /--email must be an e-mail address/,
    ],
    [
      ['user', 'create', '--email', 'a@b.example', '--role', 'wizard', '--clinic', 'X'],
      /--role must be one of/,
    ],
    [
      ['setup', '--organization', 'P', '--clinic', 'C', '--time-zone', 'Mars/Olympus'],
      /--time-zone must be an IANA time zone/,
    ],
    [['serve', '--port', '99999'], /--port/],
  ])('rejects %j with exit code 2 and a message', async (args, message) => {
    const result = await runRapport(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n').length).toBeLessThanOrEqual(3);
  });

  it('sets up a practice, creates a user, and refuses a duplicate without changing anything', async () => {
    const db = tempDb();
    const setup = await runRapport([
      'setup',
      '--organization',
      'Test Harbour Practice',
      '--clinic',
      'Harbour',
      '--time-zone',
      'Europe/Lisbon',
      '--db',
      db,
    ]);
    expect(setup.code).toBe(0);
    expect(setup.stdout).toContain('test-harbour-practice');

    const create = [
      'user',
      'create',
      '--email',
      'Lead@Test.Example',
      '--role',
      'admin',
      '--clinic',
      'Harbour',
      '--db',
      db,
    ];
    expect((await runRapport(create)).code).toBe(0);
    const again = await runRapport(create);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');

    const missingClinic = await runRapport([
      'user',
      'create',
      '--email',
      'x@test.example',
      '--role',
      'therapist',
      '--clinic',
      'Nowhere',
      '--db',
      db,
    ]);
    expect(missingClinic.code).toBe(2);
    expect(missingClinic.stderr).toContain('no clinic "Nowhere"');

    const handle = openDatabase({ dialect: 'sqlite', file: db });
    const org = (await findOrganizationBySlug(handle.db, 'test-harbour-practice'))!;
    const user = (await findStaffUserByEmail(handle.db, 'lead@test.example'))!;
    expect(user.organizationId).toBe(org.id);
    expect(await listStaffRoles(handle.db, org.id, user.id)).toEqual([
      { clinicId: expect.any(String), role: 'admin' },
    ]);
    expect(await findStaffUserByEmail(handle.db, 'x@test.example')).toBeUndefined();
    // The clinic starts with the default plan: the first attended session asks for forms.
    const plans = await listMeasurementPlans(handle.db, org.id);
    expect(plans.map((p) => [p.name, p.caseType])).toEqual([['Default plan', null]]);
    expect(plans[0]!.entries).toEqual(defaultMeasurementPlanEntries());
    const audit = await listAuditEvents(handle.db, org.id);
    expect(audit.map((e) => [e.action, e.actorType])).toEqual([
      ['staff.create', 'cli'],
      ['organization.create', 'cli'],
    ]);
    await handle.close();
  });

  it('migrates a new database and then says it is up to date', async () => {
    const db = tempDb();
    expect((await runRapport(['migrate', '--db', db])).stdout).toMatch(
      /Applied \d+ migration\(s\): 2026-11-23-foundation/,
    );
    expect((await runRapport(['migrate', '--db', db])).stdout).toContain('up to date');
  });
});
