import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runRapport } from '../../../test/helpers/run-cli.ts';
import { listAuditEvents } from '../../server/audit/audit.repository.ts';
import { openDatabase } from '../../server/db/database.ts';
import { runCli } from '../main.ts';

const HEADER =
  'case_key,given_name,family_name,date_of_birth,preferred_language,relation,case_type,therapist_email,start_date';
const COUPLE = [
  'C1,Ana,Synthetic,1990-04-05,es,partner,couple,therapist@test.example,2026-11-02',
  'C1,Ben,Synthetic,1988,en,partner,,,',
];

describe('rapport clients import', () => {
  it('checks, dry-runs, imports once and skips the second time, on a file of the operator', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-cli-'));
    const db = join(dir, 'cli.db');
    await runRapport([
      'setup',
      '--organization',
      'Import Practice',
      '--clinic',
      'Main',
      '--time-zone',
      'UTC',
      '--db',
      db,
    ]);
    const therapist = [
      'user',
      'create',
      '--email',
      'therapist@test.example',
      '--role',
      'therapist',
    ];
    expect((await runRapport([...therapist, '--clinic', 'Main', '--db', db])).code).toBe(0);
    const file = join(dir, 'clients.csv');
    const args = ['clients', 'import', '--file', file, '--clinic', 'Main', '--db', db];
    const counts = async () => {
      const handle = openDatabase({ dialect: 'sqlite', file: db });
      try {
        return Number(
          (
            await handle.db
              .selectFrom('client')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      } finally {
        await handle.close();
      }
    };

    writeFileSync(file, [HEADER, COUPLE[0], COUPLE[1]!.replace('1988', '1988-02-30')].join('\n'));
    const bad = await runRapport(args);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'rapport: The file has 1 problem; nothing was imported.\n' +
        '  line 3, date_of_birth: must be a real date written YYYY-MM-DD (or only the year, YYYY)\n',
    );
    expect(bad.stdout).toBe('');

    writeFileSync(file, `\uFEFF${[HEADER, ...COUPLE].join('\r\n')}\r\n`);
    const dry = await runRapport([...args, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toBe(
      'line 2: case C1 (couple, 2 members) would be opened\n' +
        'Would create 2 clients and 1 case from 2 rows; 0 clients and 0 cases already present, skipped. Nothing was stored (--dry-run).\n',
    );
    // Piped (not a terminal): no progress line at all.
    expect(dry.stderr).toBe('');
    expect(await counts()).toBe(0);

    const done = await runRapport(args);
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('Created 2 clients and 1 case from 2 rows');
    expect(done.stdout).not.toContain('Ana');
    expect(await counts()).toBe(2);
    const again = await runRapport(args);
    expect(again.stdout).toBe(
      'line 2: case C1 (couple, 2 members) already present, skipped\n' +
        'Created 0 clients and 0 cases from 2 rows; 2 clients and 1 case already present, skipped.\n',
    );
    expect(await counts()).toBe(2);

    const handle = openDatabase({ dialect: 'sqlite', file: db });
    const organizationId = (
      await handle.db.selectFrom('organization').select('id').executeTakeFirstOrThrow()
    ).id;
    const runs = await listAuditEvents(handle.db, organizationId, { action: 'client-import.run' });
    expect(runs).toHaveLength(2);
    expect(runs.every((e) => e.actorType === 'cli')).toBe(true);
    expect(
      await listAuditEvents(handle.db, organizationId, { action: 'client.create' }),
    ).toHaveLength(2);
    await handle.close();

    for (const [extra, message] of [
      [['--clinic', 'Elsewhere'], 'no clinic "Elsewhere"'],
      [['--file', join(dir, 'missing.csv')], '--file cannot be read'],
    ] as const) {
      const refused = await runRapport([...args, ...extra]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(message);
    }
    writeFileSync(file, HEADER.replace('given_name,', '') + '\n' + COUPLE[0]);
    const header = await runRapport(args);
    expect(header.code).toBe(2);
    expect(header.stderr).toContain('line 1, given_name: is missing from the header row');
  });

  it('imports the example of docs/starting-a-practice.md as documented', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-cli-'));
    const db = join(dir, 'cli.db');
    await runRapport([
      'setup',
      '--organization',
      'Doc Practice',
      '--clinic',
      'Main',
      '--time-zone',
      'UTC',
      '--db',
      db,
    ]);
    for (const email of ['therapist@example.org', 'second.therapist@example.org'])
      await runRapport([
        'user',
        'create',
        '--email',
        email,
        '--role',
        'therapist',
        '--clinic',
        'Main',
        '--db',
        db,
      ]);
    const doc = readFileSync(
      new URL('../../../docs/starting-a-practice.md', import.meta.url),
      'utf8',
    );
    const example = /```csv\n([\s\S]*?)```/.exec(doc)![1]!;
    const file = join(dir, 'example.csv');
    writeFileSync(file, example);
    const done = await runRapport([
      'clients',
      'import',
      '--file',
      file,
      '--clinic',
      'Main',
      '--db',
      db,
    ]);
    expect(done.stderr).toBe('');
    expect(done.stdout).toBe(
      'line 2: case FAM-1 (family, 3 members) opened\n' +
        'line 5: case IND-7 (coaching, 1 member) opened\n' +
        'Created 4 clients and 2 cases from 4 rows; 0 clients and 0 cases already present, skipped.\n',
    );
  });

  it('shows progress on a terminal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-cli-'));
    const db = join(dir, 'cli.db');
    await runRapport([
      'setup',
      '--organization',
      'Tty Practice',
      '--clinic',
      'Main',
      '--time-zone',
      'UTC',
      '--db',
      db,
    ]);
    await runRapport([
      'user',
      'create',
      '--email',
      'therapist@test.example',
      '--role',
      'therapist',
      '--clinic',
      'Main',
      '--db',
      db,
    ]);
    const file = join(dir, 'clients.csv');
    writeFileSync(file, [HEADER, ...COUPLE].join('\n'));
    const stderr = Object.assign(new PassThrough(), { isTTY: true });
    let written = '';
    stderr.on('data', (chunk) => (written += String(chunk)));
    const code = await runCli(
      ['node', 'rapport', 'clients', 'import', '--file', file, '--clinic', 'Main', '--db', db],
      {
        stdin: new PassThrough(),
        stdout: new PassThrough(),
        stderr,
      },
    );
    expect(code).toBe(0);
    expect(written).toContain('\r\x1b[2KRegistering clients…');
    expect(written.endsWith('\r\x1b[2K')).toBe(true);
  });
});
