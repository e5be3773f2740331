import type { SeededRandom } from '../../core/random/seeded-random.ts';

/**
 * Demo ids: UUIDv7-shaped (RFC 9562), with the 48-bit time field counting up in the order the
 * seed writes rows and the rest from the seeded stream, so ids are stable across runs.
 *
 * Why ordered: random (v4) keys scatter every insert across each primary-key and foreign-key
 * index, and once those indexes outgrow SQLite's page cache (a 20,000-client demo has ~4 M
 * rows) each insert costs a page read and a page write. Ordered keys append instead; this alone
 * made the answer rows ~3 times faster to write (bench/README.md, "demo seed").
 */
export function demoId(random: SeededRandom, ordinal: number): string {
  if (!Number.isSafeInteger(ordinal) || ordinal < 0 || ordinal >= 2 ** 48)
    throw new RangeError(`demo id ordinal out of range: ${ordinal}`);
  const a = word(random);
  const b = word(random);
  const c = word(random);
  // 12 + 4 (version 7) + 12 + 2 (variant 10) + 62 random bits, written as character codes:
  // one flat string, where template pieces made a rope that SQLite's binding had to flatten
  // again for each of the ~5 M ids of a 20,000-client demo.
  const high = Math.floor(ordinal / 2 ** 24);
  const low = ordinal % 2 ** 24;
  putHex(high, 0, 6);
  putHex(low >>> 16, 6, 2);
  putHex(low & 0xffff, 9, 4);
  putHex(a >>> 20, 15, 3);
  putHex(0x8000 | (a & 0x3fff), 19, 4);
  putHex(b, 24, 8);
  putHex(c >>> 16, 32, 4);
  return String.fromCharCode.apply(null, ID_CODES);
}

const HEX_CODES = Array.from('0123456789abcdef', (ch) => ch.charCodeAt(0));
// The id being written, its dashes and version digit in place.
const ID_CODES: number[] = Array.from('00000000-0000-7000-0000-000000000000', (ch) =>
  ch.charCodeAt(0),
);
function putHex(n: number, at: number, digits: number) {
  for (let i = at + digits - 1; i >= at; i--) {
    ID_CODES[i] = HEX_CODES[n & 15]!;
    n >>>= 4;
  }
}

/** Ids of one case: its own block, after the practice's staff and clinics (block 0). */
export const CASE_ID_BLOCK = 0x10000;

/** Where each kind of row of a case starts in the case's block, so each table's ids ascend. */
export const CASE_ID_OFFSETS = { practice: 0, requests: 0x400, answers: 0x800 } as const;

export function caseOrdinal(caseNumber: number, offset: number, index: number): number {
  if (offset + index >= CASE_ID_BLOCK)
    throw new RangeError(`too many demo rows in case ${caseNumber}`);
  return caseNumber * CASE_ID_BLOCK + offset + index;
}

const word = (random: SeededRandom) => Math.floor(random.next() * 2 ** 32);
