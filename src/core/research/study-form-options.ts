import { z } from 'zod';
import type { InstrumentDefinition } from '../instruments/instrument-definition.ts';

/**
 * A study's own option lists for a study form (study_measure.options, JSON): per item id, the
 * options the study shows, in its order, each a value of the item's own response set with an
 * optional label per language. A study may narrow (leave options out), reorder and rename;
 * it never adds a value, so an answer means the same in every study that asks the form.
 *
 * `{ "4": [{ "value": 1, "label": { "en": "North clinic", "es": "Centro Norte" } },
 *          { "value": 2, "label": { "en": "South clinic", "es": "Centro Sur" } }] }`
 *
 * Only a descriptive, non-standardised form (no scales) can be edited: narrowing a scored
 * item would change what its score means.
 */

/** The longest label a study may give an option (characters). */
export const MAX_OPTION_LABEL_LENGTH = 120;

const studyOption = z.strictObject({
  value: z.number().finite(),
  label: z
    .record(
      z
        .string()
        .regex(/^[a-z]{2,3}(-[A-Z][A-Za-z0-9]{1,7})?$/, 'must be a language code like "en"'),
      z
        .string()
        .trim()
        .min(1, 'must not be empty')
        .max(MAX_OPTION_LABEL_LENGTH, `must be at most ${MAX_OPTION_LABEL_LENGTH} characters`),
    )
    .optional(),
});

export const studyFormOptionsSchema = z.record(
  z.string().regex(/^[1-9][0-9]*$/, 'must be an item id, e.g. "4"'),
  z.array(studyOption).min(2, 'an item needs at least two options'),
);

export type StudyFormOptions = z.output<typeof studyFormOptionsSchema>;

export interface StudyFormOptionsIssue {
  path: string;
  message: string;
}

export type ParseStudyFormOptionsResult =
  { ok: true; options: StudyFormOptions } | { ok: false; issues: StudyFormOptionsIssue[] };

const pathOf = (path: readonly PropertyKey[]) =>
  path.length === 0 ? '(options)' : path.map(String).join('.');

/**
 * Checks a study's option edits against the form they edit and lists every problem with its
 * path (`4.1.value`): the shape, then that the form may be edited, that each item is a choice
 * item of the form, that each value is one of the item's own values and appears once, and
 * that each label is in one of the form's languages.
 */
export function parseStudyFormOptions(
  definition: InstrumentDefinition,
  input: unknown,
): ParseStudyFormOptionsResult {
  const parsed = studyFormOptionsSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({ path: pathOf(i.path), message: i.message })),
    };
  }
  const issues: StudyFormOptionsIssue[] = [];
  if (definition.standardised || definition.scales.length > 0) {
    issues.push({
      path: '(options)',
      message: `${definition.id} is scored or standardised: only a descriptive study form's options can be edited`,
    });
    return { ok: false, issues };
  }
  const sets = new Map(definition.responseSets.map((set) => [set.id, set]));
  for (const [itemId, options] of Object.entries(parsed.data)) {
    const item = definition.items.find((i) => i.id === itemId);
    if (item?.type !== 'choice') {
      issues.push({ path: itemId, message: `${definition.id} has no choice item "${itemId}"` });
      continue;
    }
    const allowed = new Set((sets.get(item.responses ?? '')?.options ?? []).map((o) => o.value));
    const seen = new Set<number>();
    options.forEach((option, index) => {
      if (!allowed.has(option.value)) {
        issues.push({
          path: `${itemId}.${index}.value`,
          message: `${option.value} is not a value of item ${itemId} (one of ${[...allowed].join(', ')})`,
        });
      }
      if (seen.has(option.value)) {
        issues.push({ path: `${itemId}.${index}.value`, message: `${option.value} repeats` });
      }
      seen.add(option.value);
      for (const language of Object.keys(option.label ?? {})) {
        if (!definition.languages.includes(language)) {
          issues.push({
            path: `${itemId}.${index}.label.${language}`,
            message: `"${language}" is not a language of ${definition.id}`,
          });
        }
      }
    });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, options: parsed.data };
}

/**
 * The form as a study shows it: each edited item gets its own response set with the study's
 * options, in the study's order; a label the study did not give is the form's own. Answers
 * are then checked against the study's options (a value left out is refused) and keep the
 * form's values. Options that no longer fit the form (checked again here) are ignored.
 */
export function applyStudyFormOptions(
  definition: InstrumentDefinition,
  input: unknown,
): InstrumentDefinition {
  const parsed = parseStudyFormOptions(definition, input);
  if (!parsed.ok) return definition;
  const sets = new Map(definition.responseSets.map((set) => [set.id, set]));
  const extraSets: InstrumentDefinition['responseSets'] = [];
  const items = definition.items.map((item) => {
    const options = parsed.options[item.id];
    const own = sets.get(item.responses ?? '');
    if (options === undefined || own === undefined) return item;
    const id = `study-item-${item.id}`;
    extraSets.push({
      id,
      options: options.map((option) => {
        const original = own.options.find((o) => o.value === option.value)!;
        return { ...original, label: { ...original.label, ...option.label } };
      }),
    });
    return { ...item, responses: id };
  });
  return { ...definition, responseSets: [...definition.responseSets, ...extraSets], items };
}
