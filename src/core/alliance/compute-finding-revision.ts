/**
 * A short deterministic digest of a finding's content (everything but the revision), so
 * the alert layer can tell "same evidence, nothing to do" from "same key, new evidence,
 * update". Object keys are sorted first, so property order never changes the digest.
 * cyrb53 is a fast non-cryptographic hash; collisions only cost a redundant update.
 */
export function computeFindingRevision(content: unknown): string {
  const text = stringifyCanonically(content);
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const digest = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  return digest.toString(16).padStart(14, '0');
}

function stringifyCanonically(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stringifyCanonically).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stringifyCanonically(v)}`).join(',')}}`;
}
