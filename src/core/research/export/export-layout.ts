import type {
  InstrumentDefinition,
  InstrumentItem,
  InstrumentScale,
} from '../../instruments/instrument-definition.ts';
import type { ExportCell } from './csv-cell.ts';
import type { ExportDateHandling } from './export-settings.ts';

/**
 * The columns, rows and codebook of a study export (docs/research.md, "Export"): pure, so
 * the server only streams what these give. Variable names are R-, SPSS- and Stata-safe:
 * the instrument id and the scale id (or `item` and the item's number) joined by `_`, with
 * hyphens as underscores, e.g. `wai_sr_total`, `who_5_item3`.
 */

export interface ExportOptions {
  /** Item answers as well as scale scores. */
  items: boolean;
  /** Free-text answers: only when the study allows them. */
  freeText: boolean;
  dates: ExportDateHandling;
}

/** One answered form of one participant, already de-identified. */
export interface ExportResponse {
  /** The study's export pseudonym (keyed HMAC), never a name or id. */
  participant: string;
  role: 'client' | 'therapist';
  sessionNumber: number;
  /** A shifted date (YYYY-MM-DD) or whole days since the first session, by `dates`. */
  when: string | number;
  instrumentId: string;
  instrumentVersion: string;
  answers: Record<string, unknown>;
  scores: { scaleId: string; value: number | null }[];
}

export interface CodebookEntry {
  variable: string;
  label: string;
  type: 'text' | 'integer' | 'number' | 'date';
  values: string;
  valueLabels: string;
  instrument: string;
  version: string;
  scoring: string;
  missing: string;
}

const MISSING = 'empty cell';

export const variableName = (instrumentId: string, part: string) =>
  `${instrumentId}_${part}`.replace(/-/g, '_');
const itemPart = (item: InstrumentItem) => `item${item.id}`;

const whenColumn = (dates: ExportDateHandling) =>
  dates === 'shift' ? 'session_date' : 'session_day';

const exportedItems = (definition: InstrumentDefinition, options: ExportOptions) =>
  options.items
    ? definition.items.filter((item) => item.type === 'choice' || options.freeText)
    : [];

export function longHeader(options: ExportOptions): string[] {
  return [
    'participant',
    'role',
    'session',
    whenColumn(options.dates),
    'instrument',
    'instrument_version',
    'kind',
    'variable',
    'value',
    ...(options.freeText ? ['text'] : []),
  ];
}

/** One row per scale score, and per item answer when items are exported. */
export function longRows(
  response: ExportResponse,
  definition: InstrumentDefinition | undefined,
  options: ExportOptions,
): ExportCell[][] {
  const lead = [
    response.participant,
    response.role,
    response.sessionNumber,
    response.when,
    response.instrumentId,
    response.instrumentVersion,
  ];
  const row = (kind: 'scale' | 'item', variable: string, value: number | null, text?: string) => [
    ...lead,
    kind,
    variable,
    value,
    ...(options.freeText ? [text ?? null] : []),
  ];
  const rows: ExportCell[][] = [];
  const scales = definition?.scales ?? [];
  for (const scale of scales) {
    const score = response.scores.find((s) => s.scaleId === scale.id);
    rows.push(row('scale', variableName(response.instrumentId, scale.id), score?.value ?? null));
  }
  if (definition)
    for (const item of exportedItems(definition, options)) {
      const answer = response.answers[item.id];
      const variable = variableName(response.instrumentId, itemPart(item));
      if (item.type === 'choice')
        rows.push(row('item', variable, typeof answer === 'number' ? answer : null));
      else rows.push(row('item', variable, null, typeof answer === 'string' ? answer : undefined));
    }
  return rows;
}

/** The wide file's columns: the fixed ones, then each instrument's scales and items. */
export function wideHeader(definitions: InstrumentDefinition[], options: ExportOptions): string[] {
  return [
    'participant',
    'role',
    'session',
    whenColumn(options.dates),
    ...definitions.flatMap((d) => [
      ...d.scales.map((s) => variableName(d.id, s.id)),
      ...exportedItems(d, options).map((item) => variableName(d.id, itemPart(item))),
    ]),
  ];
}

/**
 * One row for one participant's session: every response of it in its instrument's columns,
 * missing ones empty. All responses must share participant and session.
 */
export function wideRow(
  responses: ExportResponse[],
  header: string[],
  definitions: ReadonlyMap<string, InstrumentDefinition>,
  options: ExportOptions,
): ExportCell[] {
  const first = responses[0];
  if (!first) throw new Error('A wide row needs at least one response');
  const values = new Map<string, ExportCell>();
  for (const response of responses) {
    const definition = definitions.get(response.instrumentId);
    if (!definition) continue;
    for (const row of longRows(response, definition, options)) {
      const variable = row[7] as string;
      values.set(variable, options.freeText && row[9] !== null ? row[9]! : row[8]!);
    }
  }
  return [
    first.participant,
    first.role,
    first.sessionNumber,
    first.when,
    ...header.slice(4).map((column) => values.get(column) ?? null),
  ];
}

const textOf = (text: Record<string, string>) => text.en ?? Object.values(text)[0] ?? '';

/** The published wording travels only with instruments Rapport may redistribute. */
const itemLabel = (definition: InstrumentDefinition, item: InstrumentItem) =>
  definition.licence.class === 'bundled' ? textOf(item.text) : `Item ${item.id}`;

function scoringRule(definition: InstrumentDefinition, scale: InstrumentScale): string {
  const reversed = scale.items.filter((id) => definition.items.find((i) => i.id === id)?.reverse);
  return [
    `${scale.method} of items ${scale.items.join(', ')}`,
    reversed.length > 0 ? `items ${reversed.join(', ')} reverse-scored` : '',
    scale.multiplier ? `times ${scale.multiplier}` : '',
    `range ${scale.range.min} to ${scale.range.max}`,
    scale.missing.maxMissing > 0
      ? `prorated with up to ${scale.missing.maxMissing} missing item(s), else missing`
      : 'missing when any item is missing',
  ]
    .filter(Boolean)
    .join('; ');
}

/** Every column of both files and every `variable` of the long file, in REDCap's spirit. */
export function codebook(
  definitions: InstrumentDefinition[],
  options: ExportOptions,
): CodebookEntry[] {
  const fixed = (
    variable: string,
    label: string,
    type: CodebookEntry['type'],
    values = '',
    valueLabels = '',
  ): CodebookEntry => ({
    variable,
    label,
    type,
    values,
    valueLabels,
    instrument: '',
    version: '',
    scoring: '',
    missing: MISSING,
  });
  const entries: CodebookEntry[] = [
    fixed(
      'participant',
      "The participant's pseudonym in this study's exports (a keyed hash; the key never leaves the server)",
      'text',
    ),
    fixed(
      'role',
      'Who answered',
      'text',
      'client, therapist',
      'client = client | therapist = therapist',
    ),
    fixed('session', 'Number of the therapy session in its case (1 = first)', 'integer'),
    options.dates === 'shift'
      ? fixed(
          'session_date',
          "Date of the session, moved back by the participant's own 0-364 days (the same for all their dates)",
          'date',
        )
      : fixed(
          'session_day',
          "Days from the participant's first exported session to this session (0 = that day)",
          'integer',
        ),
    fixed('instrument', 'Instrument id (long file)', 'text'),
    fixed(
      'instrument_version',
      'Version of the instrument definition that scored it (long file)',
      'text',
    ),
    fixed(
      'kind',
      'What the row holds (long file)',
      'text',
      'scale, item',
      'scale = scale score | item = item answer',
    ),
    fixed('variable', 'The variable of the row, as named in this codebook (long file)', 'text'),
    fixed('value', 'The score or the answer as a number (long file)', 'number'),
  ];
  if (options.freeText)
    entries.push(
      fixed('text', 'A free-text answer (long file; only when the study allows it)', 'text'),
    );
  for (const d of definitions) {
    for (const scale of d.scales)
      entries.push({
        variable: variableName(d.id, scale.id),
        label: `${d.title}: ${scale.title}`,
        type: 'number',
        values: `${scale.range.min} to ${scale.range.max}`,
        valueLabels: '',
        instrument: d.id,
        version: d.version,
        scoring: scoringRule(d, scale),
        missing: MISSING,
      });
    for (const item of exportedItems(d, options)) {
      const set = d.responseSets.find((r) => r.id === item.responses);
      entries.push({
        variable: variableName(d.id, itemPart(item)),
        label: `${d.title}, item ${item.id}: ${itemLabel(d, item)}`,
        type: item.type === 'choice' ? 'integer' : 'text',
        values: set ? set.options.map((o) => o.value).join(', ') : '',
        valueLabels: set
          ? set.options.map((o) => `${o.value} = ${textOf(o.label)}`).join(' | ')
          : '',
        instrument: d.id,
        version: d.version,
        scoring: item.reverse ? 'reverse-scored in its scale' : '',
        missing: MISSING,
      });
    }
  }
  return entries;
}

export const CODEBOOK_HEADER = [
  'variable',
  'label',
  'type',
  'values',
  'value_labels',
  'instrument',
  'instrument_version',
  'scoring',
  'missing',
] as const;

export const codebookRow = (e: CodebookEntry): ExportCell[] => [
  e.variable,
  e.label,
  e.type,
  e.values,
  e.valueLabels,
  e.instrument,
  e.version,
  e.scoring,
  e.missing,
];

const mdCell = (s: string) => s.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');

/** The codebook as a Markdown document people can read. */
export function codebookMarkdown(studyTitle: string, entries: CodebookEntry[]): string {
  const lines = [
    `# Codebook: ${mdCell(studyTitle)}`,
    '',
    'Every column of `long.csv` and `wide.csv`, and every `variable` of `long.csv`. A missing value is an empty cell.',
    '',
    '| Variable | Label | Type | Values | Instrument | Scoring |',
    '| --- | --- | --- | --- | --- | --- |',
    ...entries.map(
      (e) =>
        `| \`${e.variable}\` | ${mdCell(e.label)} | ${e.type} | ${mdCell(e.valueLabels || e.values)} | ${e.instrument ? `${e.instrument} ${e.version}` : ''} | ${mdCell(e.scoring)} |`,
    ),
    '',
  ];
  return lines.join('\n');
}
