#!/usr/bin/env node
// The `rapport` command. The source is TypeScript run through tsx, so a fresh clone needs
// no build step before `npx rapport`, `npm start` or `npm run demo`.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv);
