import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/main.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `rapport <args>` in-process with captured output and optional standard input. */
export async function runRapport(args: string[], stdin = ''): Promise<CliResult> {
  const input = new PassThrough();
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (chunk) => (stdout += String(chunk)));
  err.on('data', (chunk) => (stderr += String(chunk)));
  input.end(stdin);
  const code = await runCli(['node', 'rapport', ...args], {
    stdin: input,
    stdout: out,
    stderr: err,
  });
  return { code, stdout, stderr };
}
