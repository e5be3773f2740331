import { z } from 'zod';
import {
  type AllianceRuleParameterOverrides,
  type AllianceRuleParameters,
  DEFAULT_ALLIANCE_RULE_PARAMETERS,
} from '../../core/alliance/alliance-rule-parameters.ts';

/**
 * The alliance rule parameters a clinic admin may change (docs/methods.md "Alliance analytics"),
 * with the range each may take. Ranges are on the mean-item metric (1–5, so differences
 * run 0–4) and keep every rule meaningful: a window or horizon of at least one session, at
 * least two prior scores for an SD, thresholds that a real drop can reach. The scale lists,
 * the self-report thresholds and the outcome models stay out: they are not single numbers
 * an admin can judge on a form.
 */
export type AllianceSettingKind = 'integer' | 'number' | 'boolean' | 'optional-number';

export interface AllianceSettingField {
  group: keyof AllianceRuleParameters;
  name: string;
  kind: AllianceSettingKind;
  min?: number;
  max?: number;
  step?: number;
}

export const ALLIANCE_SETTING_FIELDS: readonly AllianceSettingField[] = [
  { group: 'rupture', name: 'window', kind: 'integer', min: 1, max: 10, step: 1 },
  { group: 'rupture', name: 'k', kind: 'number', min: 0.5, max: 3, step: 0.1 },
  { group: 'rupture', name: 'stricter', kind: 'boolean' },
  // null: no pooled SD known, the client's own SD is used even with "stricter" on.
  { group: 'rupture', name: 'pooledSd', kind: 'optional-number', min: 0.05, max: 2, step: 0.01 },
  { group: 'rupture', name: 'minPriorScores', kind: 'integer', min: 2, max: 10, step: 1 },
  { group: 'rupture', name: 'fallbackDrop', kind: 'number', min: 0.25, max: 4, step: 0.05 },
  { group: 'repair', name: 'horizon', kind: 'integer', min: 1, max: 10, step: 1 },
  { group: 'repair', name: 'epsilon', kind: 'number', min: 0, max: 1, step: 0.01 },
  { group: 'discrepancy', name: 'threshold', kind: 'number', min: 0.25, max: 4, step: 0.05 },
  { group: 'split', name: 'threshold', kind: 'number', min: 0.25, max: 4, step: 0.05 },
  { group: 'earlyCheckpoint', name: 'minimumLevel', kind: 'number', min: 1, max: 5, step: 0.1 },
  { group: 'earlyCheckpoint', name: 'slopeTolerance', kind: 'number', min: 0, max: 1, step: 0.01 },
  { group: 'disengagement', name: 'withinSessions', kind: 'integer', min: 1, max: 10, step: 1 },
];

export type AllianceSettingValue = number | boolean | null;

export const fieldKey = (f: Pick<AllianceSettingField, 'group' | 'name'>) => `${f.group}.${f.name}`;

function valueSchema(field: AllianceSettingField): z.ZodType<AllianceSettingValue> {
  if (field.kind === 'boolean') return z.boolean();
  let n = z.number();
  if (field.kind === 'integer') n = n.int();
  if (field.min !== undefined) n = n.min(field.min);
  if (field.max !== undefined) n = n.max(field.max);
  return field.kind === 'optional-number' ? n.nullable() : n;
}

const groups = [...new Set(ALLIANCE_SETTING_FIELDS.map((f) => f.group))];

/**
 * The body of PUT …/alliance-settings: per group, the values that differ from the defaults.
 * Unknown groups or names are refused (strict), so a typo never silently does nothing.
 */
export const allianceSettingsBodySchema = z.strictObject(
  Object.fromEntries(
    groups.map((group) => [
      group,
      z
        .strictObject(
          Object.fromEntries(
            ALLIANCE_SETTING_FIELDS.filter((f) => f.group === group).map((f) => [
              f.name,
              valueSchema(f).optional(),
            ]),
          ),
        )
        .optional(),
    ]),
  ),
);

export type AllianceSettingsBody = Partial<
  Record<keyof AllianceRuleParameters, Record<string, AllianceSettingValue | undefined>>
>;

const read = (source: object | undefined, name: string): AllianceSettingValue | undefined =>
  source && name in source ? (source as Record<string, AllianceSettingValue>)[name] : undefined;

export interface AllianceSettingView extends AllianceSettingField {
  key: string;
  defaultValue: AllianceSettingValue;
  value: AllianceSettingValue;
  overridden: boolean;
}

/** Each configurable parameter with its default and the clinic's value (the default if none). */
export function describeAllianceSettings(
  overrides: AllianceRuleParameterOverrides,
): AllianceSettingView[] {
  return ALLIANCE_SETTING_FIELDS.map((field) => {
    const defaultValue = read(DEFAULT_ALLIANCE_RULE_PARAMETERS[field.group], field.name) ?? null;
    const override = read(overrides[field.group], field.name);
    return {
      ...field,
      key: fieldKey(field),
      defaultValue,
      value: override === undefined ? defaultValue : override,
      overridden: override !== undefined,
    };
  });
}

/**
 * The clinic's new overrides: the configurable values from the body, and whatever else the
 * stored overrides held (scale lists set outside this form are kept as they were).
 */
export function mergeAllianceOverrides(
  stored: AllianceRuleParameterOverrides,
  body: AllianceSettingsBody,
): AllianceRuleParameterOverrides {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const [group, values] of Object.entries(stored))
    merged[group] = Object.fromEntries(
      Object.entries(values ?? {}).filter(
        ([name]) => !ALLIANCE_SETTING_FIELDS.some((f) => f.group === group && f.name === name),
      ),
    );
  for (const [group, values] of Object.entries(body))
    for (const [name, value] of Object.entries(values ?? {}))
      if (value !== undefined) merged[group] = { ...merged[group], [name]: value };
  for (const group of Object.keys(merged))
    if (Object.keys(merged[group]!).length === 0) delete merged[group];
  return merged as AllianceRuleParameterOverrides;
}

/** The configurable keys whose effective value differs between two sets of overrides. */
export function changedSettingKeys(
  before: AllianceRuleParameterOverrides,
  after: AllianceRuleParameterOverrides,
): string[] {
  const a = describeAllianceSettings(before);
  const b = describeAllianceSettings(after);
  return a.filter((f, i) => f.value !== b[i]!.value).map((f) => f.key);
}
