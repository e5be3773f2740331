import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layer rules of eslint.config.js (docs/architecture.md), run through ESLint's Node API
 * with the project's own config. Each fixture in test/lint/fixtures is linted as if it sat at
 * a path in src/server, so its relative imports resolve to the real tree; the fixtures folder
 * itself is left out of `npm run lint` and of tsc.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function lintFixture(fixture: string, asPath: string) {
  const text = readFileSync(new URL(`fixtures/${fixture}`, import.meta.url), 'utf8');
  const [result] = await eslint.lintText(text, { filePath: `${root}${asPath}` });
  return result!.messages.map((m) => ({ rule: m.ruleId, line: m.line, message: m.message }));
}

describe('feature order', () => {
  it('rejects a feature importing a higher one', async () => {
    const messages = await lintFixture(
      'feature-imports-higher.ts',
      'src/server/sessions/lint-fixture.service.ts',
    );
    expect(messages).toEqual([
      expect.objectContaining({ rule: 'import-x/no-restricted-paths', line: 2 }),
    ]);
    expect(messages[0]!.message).toContain('sessions may use only the features on lower lines');
  });

  it('accepts a feature importing a lower one', async () => {
    expect(
      await lintFixture(
        'feature-imports-lower.ts',
        'src/server/measurement/lint-fixture.service.ts',
      ),
    ).toEqual([]);
  });

  it('lets routes use http/, and nothing else in a feature', async () => {
    expect(
      await lintFixture('service-imports-http.ts', 'src/server/sessions/lint-fixture.routes.ts'),
    ).toEqual([]);
    expect(
      await lintFixture('service-imports-http.ts', 'src/server/sessions/lint-fixture.service.ts'),
    ).toEqual([expect.objectContaining({ rule: 'import-x/no-restricted-paths', line: 2 })]);
  });
});

describe('import cycles', () => {
  it('rejects a cycle, even inside one feature', async () => {
    expect(
      await lintFixture('import-cycle.ts', 'src/server/sessions/session.repository.ts'),
    ).toEqual([expect.objectContaining({ rule: 'import-x/no-cycle', line: 3 })]);
  });
});

describe('query building outside repositories', () => {
  it('rejects each query-builder call in a service', async () => {
    const messages = await lintFixture(
      'query-outside-repository.ts',
      'src/server/sessions/lint-fixture.service.ts',
    );
    // One per line 4-7, and two on line 8 (`with` and the `selectFrom` inside it).
    expect(messages.map((m) => [m.rule, m.line])).toEqual([
      ['no-restricted-syntax', 4],
      ['no-restricted-syntax', 5],
      ['no-restricted-syntax', 6],
      ['no-restricted-syntax', 7],
      ['no-restricted-syntax', 8],
      ['no-restricted-syntax', 8],
    ]);
  });

  it('rejects the sql tag and its helpers in a service', async () => {
    const messages = await lintFixture(
      'sql-tag-outside-repository.ts',
      'src/server/sessions/lint-fixture.service.ts',
    );
    expect(messages.map((m) => [m.rule, m.line])).toEqual([
      ['no-restricted-imports', 2],
      ['no-restricted-syntax', 2],
      ['no-restricted-syntax', 4],
      ['no-restricted-syntax', 5],
    ]);
  });

  it('accepts the same code in a repository', async () => {
    for (const fixture of ['query-outside-repository.ts', 'sql-tag-outside-repository.ts'])
      expect(await lintFixture(fixture, 'src/server/sessions/lint-fixture.repository.ts')).toEqual(
        [],
      );
  });
});
