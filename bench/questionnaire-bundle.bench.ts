// The client's questionnaire page, as a phone downloads it: every script and stylesheet that
// dist/web/questionnaire.html loads, gzipped (level 9, as a server would send it), against
// the staff app's entry for comparison. Run after `npx vite build`. Target: < 120 kB of JS.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = process.argv[2]
  ? `${process.argv[2].replace(/\/$/, '')}/`
  : fileURLToPath(new URL('../dist/web/', import.meta.url));
const TARGET_KB = 120;

/** The assets an HTML entry loads directly (scripts, module preloads, stylesheets). */
function assetsOf(html: string): string[] {
  return [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
}

function measure(entry: string) {
  const files = assetsOf(readFileSync(`${dist}${entry}`, 'utf8'));
  const rows = files.map((file) => {
    const bytes = readFileSync(`${dist}${file}`);
    return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  const js = rows.filter((r) => r.file.endsWith('.js'));
  return {
    entry,
    rows,
    jsGzipKb: js.reduce((n, r) => n + r.gzip, 0) / 1024,
    allGzipKb: rows.reduce((n, r) => n + r.gzip, 0) / 1024,
  };
}

const questionnaire = measure('questionnaire.html');
const staff = measure('index.html');
for (const result of [questionnaire, staff]) {
  console.log(`\n${result.entry}`);
  for (const r of result.rows)
    console.log(
      `  ${r.file.padEnd(48)} ${(r.raw / 1024).toFixed(1).padStart(7)} kB  ${(r.gzip / 1024).toFixed(1).padStart(6)} kB gzip`,
    );
  console.log(
    `  JS gzipped: ${result.jsGzipKb.toFixed(1)} kB; everything: ${result.allGzipKb.toFixed(1)} kB`,
  );
}
console.log(
  `\nquestionnaire JS: ${questionnaire.jsGzipKb.toFixed(1)} kB gzipped (target < ${TARGET_KB} kB): ${questionnaire.jsGzipKb < TARGET_KB ? 'within target' : 'OVER TARGET'}; ratio to the staff app ${(questionnaire.jsGzipKb / staff.jsGzipKb).toFixed(2)}`,
);
process.exitCode = questionnaire.jsGzipKb < TARGET_KB ? 0 : 1;
