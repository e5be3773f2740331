import { compare } from '../instruments/compare.ts';
import type {
  InstrumentDefinition,
  InstrumentItem,
  InstrumentScale,
} from '../instruments/instrument-definition.ts';

/** One respondent's answers: item id → numeric value (choice), text (free text) or null. */
export type Answers = Readonly<Record<string, unknown>>;

export interface ScaleScore {
  scale: string;
  /** Sum or mean (× multiplier) on the instrument's own metric; null when not scored. */
  score: number | null;
  /** Mean of the answered items (after reverse keying), the metric forms of any length share. */
  itemMean: number | null;
  answered: number;
  itemCount: number;
  prorated: boolean;
  band: string | null;
  /** Why the scale was not scored, when it was not. */
  reason: string | null;
}

export interface ResponseScore {
  instrument: string;
  version: string;
  /**
   * True when every answer is valid and the `total` scale could be scored (a descriptive
   * form, with no scales: when every required item shown is answered).
   */
  valid: boolean;
  /** Readable reasons the response is not valid. */
  errors: string[];
  /** Things a reader should know that do not make the response invalid. */
  warnings: string[];
  scales: ScaleScore[];
  /** Ids of the instrument's item rules that hold (e.g. `risk` for PHQ-9 item 9 > 0). */
  flags: string[];
  /** Ids of the instrument's cut-offs that the scores reach (e.g. `clinical-range`). */
  cutOffs: string[];
}

interface ChoiceRange {
  min: number;
  max: number;
  values: ReadonlySet<number>;
}

/**
 * Scores one response with the rules of its instrument definition. Pure: the same definition
 * and answers give the same score.
 *
 * - Reverse-keyed items count as `min + max − answer` of their response set.
 * - A scale is scored when at most `missing.maxMissing` of its items are unanswered; with
 *   missing items a sum is prorated as `mean of answered items × number of items`
 *   (the usual prorating rule; the allowance itself is per instrument, with its source).
 * - Bands: the label of the last level whose lower bound the score reaches.
 * - Item flags (e.g. PHQ-9 item 9 > 0 → `risk`, Kroenke et al. 2001) are evaluated on every
 *   individually valid answer, even when another answer makes the response invalid, so that
 *   a risk signal is never lost to a typing error elsewhere.
 */
export function scoreResponse(definition: InstrumentDefinition, answers: Answers): ResponseScore {
  const { items, ranges, bands } = scoringTables(definition);
  const errors: string[] = [];
  const warnings: string[] = [];
  const values = new Map<string, number>();

  // Keys, not entries: no pair array per answer (see scoringTables).
  for (const itemId of Object.keys(answers)) {
    const answer = answers[itemId];
    const item = items.get(itemId);
    if (item === undefined) {
      errors.push(`item ${itemId}: unknown item (${definition.id} has items 1–${items.size})`);
      continue;
    }
    if (answer === null || answer === undefined) continue;
    if (item.type === 'text') {
      if (typeof answer !== 'string') errors.push(`item ${itemId}: a free-text item takes text`);
      continue;
    }
    const range = ranges.get(item.id) as ChoiceRange;
    if (typeof answer !== 'number' || !range.values.has(answer)) {
      errors.push(
        `item ${itemId}: ${JSON.stringify(answer)} is not a valid answer (${describeValues(range)})`,
      );
      continue;
    }
    values.set(item.id, item.reverse === true ? range.min + range.max - answer : answer);
  }

  // Loops rather than filter/map/find chains: this runs once per line of a 100,000-line
  // file, and each chain allocated arrays and closures per line (bench/cli-start.bench.ts).
  const flags: string[] = [];
  for (const flag of definition.flags) {
    const raw = answers[flag.item];
    const valid = values.has(flag.item);
    if (!valid && (raw === null || raw === undefined)) {
      warnings.push(`item ${flag.item} was not answered, so "${flag.id}" could not be checked`);
    }
    if (valid && typeof raw === 'number' && compare(raw, flag.operator, flag.value))
      flags.push(flag.id);
  }

  const inputValid = errors.length === 0;
  const scales: ScaleScore[] = [];
  let total: ScaleScore | undefined;
  for (const scale of definition.scales) {
    const scored = inputValid
      ? scoreScale(scale, values, bands.get(scale.id))
      : unscored(scale, 'the response has errors');
    scales.push(scored);
    if (total === undefined && scored.scale === 'total') total = scored;
  }
  if (total === undefined) {
    // A descriptive form scores nothing: it is complete when every required item it shows
    // is answered (an item hidden by its enableWhen is not asked).
    if (inputValid) errors.push(...unansweredRequired(definition, answers));
  } else if (inputValid && total.score === null) {
    errors.push(`total: ${total.reason ?? 'not scored'}`);
  }

  const cutOffs: string[] = [];
  for (const cut of definition.cutOffs) {
    const score = scales.find((s) => s.scale === cut.scale)?.score ?? null;
    if (score !== null && compare(score, cut.operator, cut.value)) cutOffs.push(cut.id);
  }

  return {
    instrument: definition.id,
    version: definition.version,
    valid: errors.length === 0,
    errors,
    warnings,
    scales,
    flags,
    cutOffs,
  };
}

function unansweredRequired(definition: InstrumentDefinition, answers: Answers): string[] {
  const shown = (item: InstrumentItem) => {
    if (item.enableWhen === undefined) return true;
    const controlling = answers[item.enableWhen.item];
    return (
      typeof controlling === 'number' &&
      compare(controlling, item.enableWhen.operator, item.enableWhen.value)
    );
  };
  return definition.items
    .filter((item) => item.required === true && shown(item))
    .filter((item) => answers[item.id] === null || answers[item.id] === undefined)
    .map((item) => `item ${item.id}: required`);
}

function scoreScale(
  scale: InstrumentScale,
  values: ReadonlyMap<string, number>,
  band: Band | undefined,
): ScaleScore {
  // Summed in item order, as before: the same floating-point result.
  let answered = 0;
  let sum = 0;
  for (const id of scale.items) {
    const value = values.get(id);
    if (value === undefined) continue;
    answered += 1;
    sum += value;
  }
  const missing = scale.items.length - answered;
  if (missing > scale.missing.maxMissing) {
    return {
      ...unscored(
        scale,
        `${missing} of ${scale.items.length} items missing; at most ${scale.missing.maxMissing} may be missing`,
      ),
      answered,
    };
  }
  const itemMean = sum / answered;
  const raw =
    scale.method === 'mean' ? itemMean : missing > 0 ? itemMean * scale.items.length : sum;
  const score = raw * (scale.multiplier ?? 1);
  return {
    scale: scale.id,
    score,
    itemMean,
    answered,
    itemCount: scale.items.length,
    prorated: missing > 0,
    band: band === undefined ? null : bandFor(band, score),
    reason: null,
  };
}

function unscored(scale: InstrumentScale, reason: string): ScaleScore {
  return {
    scale: scale.id,
    score: null,
    itemMean: null,
    answered: 0,
    itemCount: scale.items.length,
    prorated: false,
    band: null,
    reason,
  };
}

function bandFor(band: Band, score: number): string | null {
  let label: string | null = null;
  for (const level of band.levels) if (score >= level.min) label = level.label;
  return label;
}

type Band = InstrumentDefinition['bands'][number];

interface ScoringTables {
  items: ReadonlyMap<string, InstrumentItem>;
  ranges: ReadonlyMap<string, ChoiceRange>;
  /** Each scale's band, the first the definition lists for it. */
  bands: ReadonlyMap<string, Band>;
}

const tableCache = new WeakMap<InstrumentDefinition, ScoringTables>();

// Scoring runs once per line of a 100,000-line file: look items up and work out each item's
// values once per definition. With keys instead of entries above, this took scoring from 2.4
// to 1.6 times a bare JSON parse-and-print (bench/cli-start.bench.ts).
function scoringTables(definition: InstrumentDefinition): ScoringTables {
  const cached = tableCache.get(definition);
  if (cached !== undefined) return cached;
  const sets = new Map(definition.responseSets.map((set) => [set.id, set]));
  const ranges = new Map<string, ChoiceRange>();
  for (const item of definition.items) {
    if (item.type !== 'choice') continue;
    ranges.set(item.id, rangeOf(item, sets));
  }
  const bands = new Map<string, Band>();
  for (const band of definition.bands) if (!bands.has(band.scale)) bands.set(band.scale, band);
  const tables = {
    items: new Map(definition.items.map((item) => [item.id, item])),
    ranges,
    bands,
  };
  tableCache.set(definition, tables);
  return tables;
}

function rangeOf(
  item: InstrumentItem,
  sets: ReadonlyMap<string, InstrumentDefinition['responseSets'][number]>,
): ChoiceRange {
  const values = (sets.get(item.responses ?? '')?.options ?? []).map((o) => o.value);
  return { min: Math.min(...values), max: Math.max(...values), values: new Set(values) };
}

function describeValues(range: ChoiceRange): string {
  const sorted = [...range.values].sort((a, b) => a - b);
  const consecutive = sorted.every((v, i) => i === 0 || v === (sorted[i - 1] as number) + 1);
  return consecutive
    ? `a whole number from ${range.min} to ${range.max}`
    : `one of ${sorted.join(', ')}`;
}
