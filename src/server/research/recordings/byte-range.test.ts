import { describe, expect, it } from 'vitest';
import { parseByteRange } from './byte-range.ts';

// Cases from RFC 9110 §14.1.2's examples, on a body of 10 000 bytes.
describe('parseByteRange', () => {
  it.each([
    ['bytes=0-499', { start: 0, end: 499 }],
    ['bytes=500-999', { start: 500, end: 999 }],
    ['bytes=-500', { start: 9500, end: 9999 }],
    ['bytes=9500-', { start: 9500, end: 9999 }],
    ['bytes=0-', { start: 0, end: 9999 }],
    ['bytes=9990-20000', { start: 9990, end: 9999 }],
    ['bytes=-20000', { start: 0, end: 9999 }],
    ['bytes=10000-', 'unsatisfiable'],
    ['bytes=-0', 'unsatisfiable'],
    ['bytes=0-0,-1', null],
    ['items=0-1', null],
    ['bytes=5-2', null],
    [undefined, null],
  ] as const)('%s', (header, expected) => {
    expect(parseByteRange(header, 10_000)).toEqual(expected);
  });
});
