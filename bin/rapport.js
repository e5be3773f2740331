#!/usr/bin/env node
// The `rapport` command. It runs the compiled JavaScript in dist/server (esbuild.config.js;
// `npm install` builds it). In a checkout whose sources changed since, it rebuilds first
// (under a second), so it never runs stale code; should that fail (say, a read-only install),
// it runs the TypeScript sources through tsx instead and says so in one line.
import { pathToFileURL } from 'node:url';
import { buildServer, isServerBuildStale, SERVER_ENTRY } from '../esbuild.config.js';

let cli;
if (isServerBuildStale()) {
  try {
    if (process.stderr.isTTY)
      process.stderr.write('rapport: compiling the server (dist/server)…\n');
    await buildServer({ logLevel: 'silent' });
  } catch (error) {
    process.stderr.write(
      `rapport: could not compile dist/server (${error?.errors?.[0]?.text ?? error}); running the TypeScript sources through tsx\n`,
    );
    const { register } = await import('tsx/esm/api');
    register();
    cli = await import('../src/cli/main.ts');
  }
}
cli ??= await import(pathToFileURL(SERVER_ENTRY).href);
process.exitCode = await cli.runCli(process.argv);
