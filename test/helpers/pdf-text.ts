import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The text pdftotext reads from a PDF (poppler, as a person's viewer would show it). */
export function pdfText(bytes: Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), 'rapport-pdf-')), 'document.pdf');
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

/** How many pages pdfinfo counts (poppler). */
export function pdfPages(bytes: Buffer): number {
  const file = join(mkdtempSync(join(tmpdir(), 'rapport-pdf-')), 'document.pdf');
  writeFileSync(file, bytes);
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
}
