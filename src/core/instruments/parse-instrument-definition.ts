import type { z } from 'zod';
import {
  type InstrumentDefinition,
  type InstrumentItem,
  type ResponseSet,
  instrumentDefinitionSchema,
} from './instrument-definition.ts';

export interface DefinitionIssue {
  /** Where in the file, e.g. `items[2].text.en` or `scales[0].items[3]`. */
  path: string;
  message: string;
}

export type ParseDefinitionResult =
  { ok: true; definition: InstrumentDefinition } | { ok: false; issues: DefinitionIssue[] };

/** `['items', 2, 'text', 'en']` → `items[2].text.en` */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(file)' : out;
}

/**
 * Validates an instrument definition (a bundled file or a site's own import) and lists every
 * problem with its path. Structure is checked first (zod); when the structure is sound, every
 * cross-reference is checked too, and all of those problems are reported together.
 */
export function parseInstrumentDefinition(input: unknown): ParseDefinitionResult {
  const parsed = instrumentDefinitionSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.map(toIssue) };
  }
  const issues = crossCheck(parsed.data);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, definition: parsed.data };
}

function toIssue(issue: z.core.$ZodIssue): DefinitionIssue {
  return { path: formatIssuePath(issue.path), message: issue.message };
}

function crossCheck(def: InstrumentDefinition): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const add = (path: PropertyKey[], message: string) =>
    issues.push({ path: formatIssuePath(path), message });

  const languages = def.languages;
  if (new Set(languages).size !== languages.length) add(['languages'], 'languages repeat');
  const checkTexts = (texts: Record<string, string> | undefined, path: PropertyKey[]) => {
    if (texts === undefined) return;
    for (const lang of languages) {
      if (texts[lang] === undefined) add([...path, lang], `missing the "${lang}" text`);
    }
    for (const lang of Object.keys(texts)) {
      if (!languages.includes(lang)) add([...path, lang], `"${lang}" is not in languages`);
    }
  };
  checkTexts(def.instructions, ['instructions']);

  const sets = new Map<string, ResponseSet>();
  def.responseSets.forEach((set, s) => {
    if (sets.has(set.id)) add(['responseSets', s, 'id'], `response set "${set.id}" repeats`);
    sets.set(set.id, set);
    const seen = new Set<number>();
    set.options.forEach((option, o) => {
      if (seen.has(option.value)) {
        add(['responseSets', s, 'options', o, 'value'], `value ${option.value} repeats`);
      }
      seen.add(option.value);
      checkTexts(option.label, ['responseSets', s, 'options', o, 'label']);
    });
  });

  const items = new Map<string, InstrumentItem>();
  def.items.forEach((item, i) => {
    const expected = String(i + 1);
    if (item.id !== expected) {
      add(['items', i, 'id'], `must be "${expected}" (the item's 1-based position)`);
    }
    items.set(item.id, item);
    checkTexts(item.text, ['items', i, 'text']);
    if (item.type === 'choice') {
      if (item.responses === undefined)
        add(['items', i, 'responses'], 'a choice item needs responses');
      else if (!sets.has(item.responses)) {
        add(['items', i, 'responses'], `no response set "${item.responses}"`);
      }
    } else {
      if (item.responses !== undefined)
        add(['items', i, 'responses'], 'a text item has no responses');
      if (item.reverse === true)
        add(['items', i, 'reverse'], 'a text item cannot be reverse-keyed');
    }
    if (item.enableWhen !== undefined) {
      const target = Number(item.enableWhen.item);
      if (!(target >= 1 && target <= i)) {
        add(['items', i, 'enableWhen', 'item'], 'must name an earlier item');
      }
    }
  });

  const choiceItem = (id: string) => {
    const item = items.get(id);
    return item?.type === 'choice' ? item : undefined;
  };
  const optionRange = (item: InstrumentItem) => {
    const values = (sets.get(item.responses ?? '')?.options ?? []).map((o) => o.value);
    return { min: Math.min(...values), max: Math.max(...values) };
  };

  const scaleIds = new Set<string>();
  def.scales.forEach((scale, s) => {
    if (scaleIds.has(scale.id)) add(['scales', s, 'id'], `scale "${scale.id}" repeats`);
    scaleIds.add(scale.id);
    if (new Set(scale.items).size !== scale.items.length)
      add(['scales', s, 'items'], 'items repeat');
    let min = 0;
    let max = 0;
    let known = true;
    scale.items.forEach((id, k) => {
      const item = choiceItem(id);
      if (item === undefined) {
        add(['scales', s, 'items', k], `"${id}" is not a choice item of this instrument`);
        known = false;
        return;
      }
      const range = optionRange(item);
      min += range.min;
      max += range.max;
    });
    if (scale.missing.maxMissing >= scale.items.length) {
      add(['scales', s, 'missing', 'maxMissing'], 'must be less than the number of items');
    }
    if (known && sets.size > 0) {
      const divisor = scale.method === 'mean' ? scale.items.length : 1;
      const factor = scale.multiplier ?? 1;
      const expectedMin = (min / divisor) * factor;
      const expectedMax = (max / divisor) * factor;
      if (
        !nearlyEqual(scale.range.min, expectedMin) ||
        !nearlyEqual(scale.range.max, expectedMax)
      ) {
        add(
          ['scales', s, 'range'],
          `the items give ${round(expectedMin)}–${round(expectedMax)}, not ${scale.range.min}–${scale.range.max}`,
        );
      }
    }
  });
  if (def.scales.length === 0) {
    // A descriptive form: answers kept as given, nothing scored, so nothing may hang on a score.
    if (def.standardised)
      add(['standardised'], 'a form with no scales is descriptive: not standardised');
    if (def.flags.length > 0)
      add(['flags'], 'a form with no scales has no flags (they are kept with its total)');
  } else if (!scaleIds.has('total')) {
    add(['scales'], 'every instrument with scales needs a scale with id "total"');
  }

  def.bands.forEach((band, b) => {
    if (!scaleIds.has(band.scale)) add(['bands', b, 'scale'], `no scale "${band.scale}"`);
    band.levels.forEach((level, l) => {
      const previous = band.levels[l - 1];
      if (previous !== undefined && level.min <= previous.min) {
        add(['bands', b, 'levels', l, 'min'], 'levels must ascend');
      }
    });
  });
  def.cutOffs.forEach((cut, c) => {
    if (!scaleIds.has(cut.scale)) add(['cutOffs', c, 'scale'], `no scale "${cut.scale}"`);
  });
  def.flags.forEach((flag, f) => {
    if (choiceItem(flag.item) === undefined) {
      add(['flags', f, 'item'], `"${flag.item}" is not a choice item of this instrument`);
    }
  });
  def.reliableChange.forEach((rc, r) => {
    if (!scaleIds.has(rc.scale)) add(['reliableChange', r, 'scale'], `no scale "${rc.scale}"`);
    if (def.reliableChange.findIndex((other) => other.scale === rc.scale) !== r)
      add(['reliableChange', r, 'scale'], `"${rc.scale}" already has reliable-change parameters`);
    if (def.noReliableChange.some((none) => none.scale === rc.scale))
      add(['reliableChange', r, 'scale'], `"${rc.scale}" is also listed in noReliableChange`);
  });
  def.caseness.forEach((c, i) => {
    const cut = def.cutOffs.find((k) => k.id === c.cutOff);
    if (cut === undefined) add(['caseness', i, 'cutOff'], `no cut-off "${c.cutOff}"`);
    else if (cut.scale !== c.scale)
      add(['caseness', i, 'cutOff'], `cut-off "${c.cutOff}" is not on scale "${c.scale}"`);
  });
  def.noReliableChange.forEach((none, n) => {
    if (!scaleIds.has(none.scale))
      add(['noReliableChange', n, 'scale'], `no scale "${none.scale}"`);
  });
  def.meaningfulChange.forEach((mc, m) => {
    if (!scaleIds.has(mc.scale)) add(['meaningfulChange', m, 'scale'], `no scale "${mc.scale}"`);
  });
  return issues;
}

function nearlyEqual(a: number, b: number): boolean {
  return Math.abs(a - b) < 1e-9;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
