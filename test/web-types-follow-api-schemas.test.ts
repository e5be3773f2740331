import { resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The web app's types are inferred from the server's schemas (src/core/api; docs/
 * architecture.md, "Schemas once"). Proof: type-check the web app's two entry points
 * as they are (no errors), then with one field of a response schema renamed in memory —
 * the pages that read that field stop compiling. A hand-written copy of the type in
 * src/web would keep compiling and fail this test.
 */
const root = resolve(import.meta.dirname, '..');
const entryPoints = [
  'src/web/vite-env.d.ts',
  'src/web/main.tsx',
  'src/web/questionnaire/main.tsx',
  'src/web/consent/main.tsx',
].map((f) => resolve(root, f));

const options = (() => {
  const parsed = ts.getParsedCommandLineOfConfigFile(resolve(root, 'tsconfig.json'), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error('tsconfig.json did not parse');
  return parsed.options;
})();

/** The web app's type errors, with `edit` applied to one file's text first. */
function webTypeErrors(
  edit?: { file: string; from: string; to: string },
  oldProgram?: ts.Program,
): { program: ts.Program; errors: { file: string; message: string }[] } {
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  if (edit) {
    const target = resolve(root, edit.file);
    host.readFile = (fileName) => {
      const text = readFile(fileName);
      if (resolve(fileName) !== target || text === undefined) return text;
      if (!text.includes(edit.from)) throw new Error(`${edit.file} no longer has ${edit.from}`);
      return text.replace(edit.from, edit.to);
    };
  }
  const program = ts.createProgram({ rootNames: entryPoints, options, host, oldProgram });
  const errors = program
    .getSourceFiles()
    .filter((sf) => sf.fileName.includes('/src/'))
    .flatMap((sf) => [
      ...program.getSyntacticDiagnostics(sf),
      ...program.getSemanticDiagnostics(sf),
    ])
    .map((d) => ({
      file: d.file ? d.file.fileName.slice(root.length + 1) : '(none)',
      message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
    }));
  return { program, errors };
}

describe('the web app infers its types from src/core/api', () => {
  it('breaks where a page reads a field that a response schema renames', () => {
    const { program, errors } = webTypeErrors();
    expect(errors).toEqual([]);

    // The session as GET /api/sessions/:sessionId answers it: caseReference → caseRef.
    const renamed = webTypeErrors(
      {
        file: 'src/core/api/session.ts',
        from: 'caseReference: z.string(),\n  clinicTimeZone',
        to: 'caseRef: z.string(),\n  clinicTimeZone',
      },
      program,
    ).errors;
    expect(renamed.map((e) => e.file)).toContain('src/web/sessions/session-page.tsx');
    expect(renamed.every((e) => e.file.startsWith('src/web/'))).toBe(true);
    expect(renamed.some((e) => e.message.includes("'caseReference'"))).toBe(true);
  }, 300_000);
});
