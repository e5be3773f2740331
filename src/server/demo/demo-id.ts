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
  const time = ordinal.toString(16).padStart(12, '0');
  const a = word(random);
  const b = word(random);
  const c = word(random);
  // 12 + 4 (version 7) + 12 + 2 (variant 10) + 62 random bits.
  return (
    `${time.slice(0, 8)}-${time.slice(8, 12)}-7${hex(a >>> 20, 3)}-` +
    `${hex(0x8000 | (a & 0x3fff), 4)}-${hex(b, 8)}${hex(c >>> 16, 4)}`
  );
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
const hex = (n: number, digits: number) =>
  (n >>> 0).toString(16).padStart(digits, '0').slice(-digits);
