// The server and CLI, compiled: esbuild bundles src/ (our code only; packages stay in
// node_modules) into dist/server/, one ES module per command plus shared chunks, so a command
// loads only what it uses. `npm install` runs it (the `prepare` script), `npm run demo`,
// `npm start` and the test setup too; bin/rapport.js runs it when dist/server is missing or
// older than the sources. Plain JavaScript, so Node runs it without a TypeScript loader.
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const outdir = `${root}dist/server`;
const sources = ['src/cli', 'src/core', 'src/server'];

/** The file bin/rapport.js runs; its time stamp is the build's. */
export const SERVER_ENTRY = `${outdir}/cli.js`;

/** Builds dist/server; `logLevel: 'silent'` leaves reporting a failure to the caller. */
export async function buildServer({ logLevel = 'warning' } = {}) {
  // Imported here, not at the top, so that bin/rapport.js's freshness check loads nothing.
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: root,
    entryPoints: {
      cli: 'src/cli/main.ts',
      // A worker thread's own entry (seed-demo-practice.ts starts it by this name).
      'demo-rows.worker': 'src/server/demo/demo-rows.worker.ts',
    },
    outdir,
    // Chunks sit three folders below the repository, as the sources do, so a path taken
    // relative to import.meta.url (web-app.routes.ts's ../../../dist/web) means the same.
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    packages: 'external',
    sourcemap: true,
    logLevel,
    metafile: true,
  });
  // Chunk names carry a hash of their content: drop the ones this build no longer wrote.
  // The metafile's paths are relative to absWorkingDir, not to the process's directory:
  // resolved against the working directory, a build started elsewhere deleted every chunk.
  const written = new Set(
    Object.keys(result.metafile.outputs).map((file) => relative(root, resolve(root, file))),
  );
  for (const name of readdirSync(`${outdir}/chunks`))
    if (!written.has(`dist/server/chunks/${name}`)) rmSync(`${outdir}/chunks/${name}`);
  // Entries sit one folder higher than chunks: a relative path there would point elsewhere.
  for (const entry of ['cli.js', 'demo-rows.worker.js'])
    if (readFileSync(`${outdir}/${entry}`, 'utf8').includes('import.meta.url'))
      throw new Error(`dist/server/${entry} uses import.meta.url; keep such code out of entries`);
}

const newestSource = () => {
  let newest = statSync(fileURLToPath(import.meta.url)).mtimeMs;
  for (const dir of sources)
    for (const entry of readdirSync(`${root}${dir}`, { recursive: true, withFileTypes: true }))
      if (entry.isFile() && !entry.name.endsWith('.test.ts'))
        newest = Math.max(newest, statSync(`${entry.parentPath}/${entry.name}`).mtimeMs);
  return newest;
};

/** True when dist/server is missing or a source file changed after it was built. */
export function isServerBuildStale() {
  let built;
  try {
    built = statSync(SERVER_ENTRY).mtimeMs;
  } catch {
    return true;
  }
  return newestSource() > built;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildServer();
