import { z } from 'zod';

/**
 * The instrument definition format: one versioned, self-describing file per questionnaire.
 * Everything a score depends on (items, response values, keys, scales, missing-item rule,
 * bands, cut-offs, flags, reliable-change parameters) is data here, never code, so a score
 * can always say which definition produced it (docs/methods.md, "Instruments").
 *
 * This file holds the structure only; cross-references (a scale naming an item that does
 * not exist, a language without a text, ...) are checked in parse-instrument-definition.ts.
 */

const kebabId = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens, e.g. "phq-9"');

/** A text per language code, e.g. `{ en: 'Little interest or pleasure in doing things' }`. */
const localisedText = z.record(
  z.string().regex(/^[a-z]{2,3}(-[A-Z][A-Za-z0-9]{1,7})?$/, 'must be a language code like "en"'),
  z.string().min(1, 'must not be empty'),
);

const source = z.string().min(1, 'say where this comes from (paper, manual, page)');

const coding = z.strictObject({
  system: z.string().min(1),
  code: z.string().min(1),
  display: z.string().min(1).optional(),
});

const responseOption = z.strictObject({
  value: z.number().finite(),
  label: localisedText,
  coding: coding.optional(),
});

const responseSet = z.strictObject({
  id: kebabId,
  options: z.array(responseOption).min(2, 'needs at least two options'),
});

const comparison = z.enum(['>', '>=', '<', '<=', '=', '!=']);

const item = z.strictObject({
  /** The 1-based position as a string: "1", "2", ... */
  id: z.string().regex(/^[1-9][0-9]*$/, 'must be the 1-based position as a string, e.g. "1"'),
  type: z.enum(['choice', 'text']),
  text: localisedText,
  /** Id of a response set; required for choice items, absent for free-text items. */
  responses: kebabId.optional(),
  reverse: z.boolean().optional(),
  required: z.boolean().optional(),
  enableWhen: z
    .strictObject({ item: z.string(), operator: z.enum(['=', '!=']), value: z.number() })
    .optional(),
  coding: coding.optional(),
});

const missingRule = z.strictObject({
  /** How many of the scale's items may be missing and still be scored (prorated). */
  maxMissing: z.number().int().min(0),
  /** The published rule, or "none published" plus why this conservative rule was chosen. */
  source,
});

const scale = z.strictObject({
  id: kebabId,
  title: z.string().min(1),
  items: z.array(z.string()).min(1),
  method: z.enum(['sum', 'mean']),
  /** Applied after summing or averaging, e.g. WHO-5 percentage = raw x 4. */
  multiplier: z.number().positive().optional(),
  range: z.strictObject({ min: z.number(), max: z.number() }),
  missing: missingRule,
  /** Overrides the instrument's direction for this scale. */
  higherIsBetter: z.boolean().optional(),
  coding: coding.optional(),
});

const band = z.strictObject({
  scale: z.string(),
  source,
  /** Ascending lower bounds: a score gets the label of the last level whose `min` it reaches. */
  levels: z.array(z.strictObject({ min: z.number(), label: kebabId })).min(2),
});

const cutOff = z.strictObject({
  id: kebabId,
  scale: z.string(),
  operator: comparison,
  value: z.number(),
  description: z.string().min(1),
  source,
});

const itemFlag = z.strictObject({
  /** The flag a score carries when the rule holds, e.g. `risk`. */
  id: kebabId,
  item: z.string(),
  operator: comparison,
  value: z.number(),
  description: z.string().min(1),
  source,
});

/**
 * Either Jacobson & Truax's parameters (the SD and reliability of a named sample, from which
 * S_diff follows), or a published criterion in scale points (e.g. the NHS Talking Therapies
 * rule: a PHQ-9 change of 6 or more is reliable). Never both for one scale.
 */
const reliableChange = z.union([
  z.strictObject({
    scale: z.string(),
    sd: z.number().positive(),
    reliability: z.number().gt(0).lt(1),
    reliabilityKind: z.enum(['test-retest', 'internal-consistency']),
    source,
  }),
  z.strictObject({
    scale: z.string(),
    /** A change of at least this many points, either way, is reliable. */
    minimumChange: z.number().positive(),
    source,
  }),
]);

/** Which cut-off marks a clinical case, so that "recovered" means moving out of it. */
const caseness = z.strictObject({
  scale: z.string(),
  /** The id of a cut-off of the same scale: a score for which its rule holds is a case. */
  cutOff: z.string(),
  source,
});

/**
 * Why a scale has no reliable-change parameters, so the chart can say so in one sentence:
 * `no-verified-norms` — no published SD and reliability could be checked against its source.
 */
const noReliableChange = z.strictObject({
  scale: z.string(),
  reason: z.enum(['no-verified-norms']),
  /** What was looked for and not established, for the docs. */
  detail: z.string().min(1),
});

const meaningfulChange = z.strictObject({
  scale: z.string(),
  value: z.number().positive(),
  source,
});

export const instrumentDefinitionSchema = z.strictObject({
  id: kebabId,
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must look like 1.0.0'),
  title: z.string().min(1),
  citation: z.string().min(1),
  /** Where the exact wording was taken from (verified), or "Rapport's own wording". */
  wordingSource: source,
  standardised: z.boolean(),
  licence: z.strictObject({
    class: z.enum(['bundled', 'site-licensed', 'proprietary']),
    text: z.string().min(1),
  }),
  perspective: z.enum(['client', 'therapist', 'family-member', 'observer']),
  languages: z.array(z.string()).min(1),
  instructions: localisedText.optional(),
  coding: coding.optional(),
  higherIsBetter: z.boolean(),
  responseSets: z.array(responseSet),
  items: z.array(item).min(1),
  /**
   * Empty for a descriptive form (a study's sociodemographic or work-context sheet): its
   * answers are kept as given and nothing is scored. Otherwise there is a `total` scale.
   */
  scales: z.array(scale),
  bands: z.array(band).default([]),
  cutOffs: z.array(cutOff).default([]),
  flags: z.array(itemFlag).default([]),
  reliableChange: z.array(reliableChange).default([]),
  caseness: z.array(caseness).default([]),
  noReliableChange: z.array(noReliableChange).default([]),
  meaningfulChange: z.array(meaningfulChange).default([]),
  notes: z.array(z.string()).default([]),
});

/** What an author writes (defaults may be left out). */
export type InstrumentDefinitionInput = z.input<typeof instrumentDefinitionSchema>;
/** A validated definition, as the rest of Rapport sees it. */
export type InstrumentDefinition = z.output<typeof instrumentDefinitionSchema>;
export type InstrumentItem = InstrumentDefinition['items'][number];
export type InstrumentScale = InstrumentDefinition['scales'][number];
export type ResponseSet = InstrumentDefinition['responseSets'][number];
export type Comparison = z.infer<typeof comparison>;
export type Coding = z.infer<typeof coding>;
export type ReliableChangeParameters = InstrumentDefinition['reliableChange'][number];
export type NoReliableChangeReason = z.infer<typeof noReliableChange>['reason'];
