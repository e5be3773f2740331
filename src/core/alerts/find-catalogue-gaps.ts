/**
 * What a translation of a message catalogue lacks against the reference (English): keys
 * missing or extra, and placeholders (`{{name}}`) the reference does not know — a
 * translation may leave a parameter out (Spanish names no PHQ-9 answer) but never invent
 * one. `parameters` names parameters a key receives beyond the reference's placeholders.
 * Empty when the translation is complete.
 */
export function findCatalogueGaps(
  reference: object,
  translation: object,
  parameters: Readonly<Record<string, readonly string[]>> = {},
): string[] {
  const expected = flattenCatalogue(reference);
  const actual = flattenCatalogue(translation);
  const gaps: string[] = [];
  for (const [key, text] of expected) {
    const translated = actual.get(key);
    if (translated === undefined) {
      gaps.push(`missing ${key}`);
      continue;
    }
    const known = new Set([...placeholders(text), ...(parameters[key] ?? [])]);
    for (const name of placeholders(translated))
      if (!known.has(name)) gaps.push(`unknown placeholder {{${name}}} in ${key}`);
  }
  for (const key of actual.keys()) if (!expected.has(key)) gaps.push(`extra ${key}`);
  return gaps;
}

/** Every string of a nested catalogue by its dotted key. */
export function flattenCatalogue(catalogue: object, prefix = ''): Map<string, string> {
  const flat = new Map<string, string>();
  for (const [key, value] of Object.entries(catalogue)) {
    if (typeof value === 'string') flat.set(prefix + key, value);
    else if (value !== null && typeof value === 'object')
      for (const [k, v] of flattenCatalogue(value as object, `${prefix}${key}.`)) flat.set(k, v);
    else flat.set(prefix + key, String(value));
  }
  return flat;
}

function placeholders(text: string): Set<string> {
  return new Set([...text.matchAll(/\{\{\s*([^,}\s]+)/g)].map((m) => m[1] as string));
}
