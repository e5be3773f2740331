import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import { toFhirObservations } from '../../../core/fhir/to-fhir-observations.ts';
import { toFhirQuestionnaireResponse } from '../../../core/fhir/to-fhir-questionnaire-response.ts';
import type { InstrumentDefinition } from '../../../core/instruments/instrument-definition.ts';
import { type ExportCell, toCsv as csv } from '../../../core/research/export/csv-cell.ts';
import {
  daysSince,
  shiftFromUniform,
  shiftedDate,
} from '../../../core/research/export/export-dates.ts';
import {
  CODEBOOK_HEADER,
  type ExportOptions,
  type ExportResponse,
  codebook,
  codebookMarkdown,
  codebookRow,
  longHeader,
  longRows,
  wideHeader,
  wideRow,
} from '../../../core/research/export/export-layout.ts';
import { smallCell, withheldLabel } from '../../../core/research/small-cells.ts';
import type { Executor } from '../../db/database.ts';
import { resolveInstrument } from '../../instruments/resolve-instrument.service.ts';
import { type StudyRecord, listStudyMeasures } from '../studies/study.repository.ts';
import { exportPseudonym, exportPseudonymKey } from './export-pseudonym.ts';
import {
  type ExportParticipant,
  keepShiftDays,
  listExportParticipants,
  listExportResponses,
} from './study-export.repository.ts';
import { type ZipFileReport, type ZipFileWriter, zipStream } from './zip-stream.ts';

/** Participants read per page: memory holds one page of their answers, not the study. */
export const EXPORT_PAGE_SIZE = 200;

/**
 * Rows (CSV rows, Bundle entries) handed to the ZIP at a time: a page of a large study is
 * tens of megabytes of text, which as one string and one buffer set the export's peak memory.
 */
export const EXPORT_WRITE_ROWS = 2000;

export interface ExportFileEntry extends ZipFileReport {
  /** Data rows (CSV rows after the header, Bundle entries); null for documents. */
  rows: number | null;
}

export interface ExportManifest {
  format: 'rapport-study-export/1';
  exportId: string;
  study: { id: string; title: string };
  exportedAt: string;
  exportedBy: { channel: 'web' | 'cli'; staffUserId: string | null };
  filters: {
    participants: 'consented or completed (never invited, declined or withdrawn)';
    answeredBy: string;
    items: boolean;
    freeText: boolean;
    dates: ExportOptions['dates'];
  };
  minCellSize: number;
  /** Participants in the export per role; a group under k reads "< k". */
  participants: { client: number | string; therapist: number | string };
  files: ExportFileEntry[];
}

export interface StudyExportRequest {
  organizationId: string;
  study: StudyRecord;
  exportId: string;
  instanceSecret: string;
  items: boolean;
  exportedBy: ExportManifest['exportedBy'];
  /** The export's start: answers submitted later are not in it. */
  at: Date;
  /** Uniform in [0, 1), for a participant's first date shift. */
  random?: () => number;
  /** Rows handed to the ZIP at a time (EXPORT_WRITE_ROWS unless a test says otherwise). */
  writeRows?: number;
}

async function studyDefinitions(
  db: Executor,
  organizationId: string,
  studyId: string,
): Promise<InstrumentDefinition[]> {
  const ids = [
    ...new Set((await listStudyMeasures(db, organizationId, studyId)).map((m) => m.instrumentId)),
  ];
  const definitions: InstrumentDefinition[] = [];
  for (const id of ids) {
    const definition = await resolveInstrument(db, organizationId, id);
    if (definition) definitions.push(definition);
  }
  return definitions;
}

/** Drops free-text answers unless the study lets them leave. */
function exportedAnswers(
  answers: Record<string, unknown>,
  definition: InstrumentDefinition | undefined,
  freeText: boolean,
): Record<string, unknown> {
  if (freeText) return answers;
  const text = new Set(definition?.items.filter((i) => i.type === 'text').map((i) => i.id) ?? []);
  return Object.fromEntries(
    Object.entries(answers).filter(([id, v]) => !text.has(id) && typeof v !== 'string'),
  );
}

/**
 * Writes a study's de-identified export as a ZIP to `out` (docs/research.md, "Export"):
 * long.csv, wide.csv, codebook.csv, codebook.md, fhir-bundle.json and manifest.json. Each
 * data file is one pass over the participants in pages, so memory stays flat however large
 * the study; the participants are fixed at the start, and so is the moment (answers after
 * `at` wait for the next export). Gives the manifest, which is also the ZIP's last file.
 */
export async function writeStudyExport(
  db: Executor,
  request: StudyExportRequest,
  out: Writable,
): Promise<ExportManifest> {
  const { study, organizationId } = request;
  const options: ExportOptions = {
    items: request.items,
    freeText: study.exportFreeText,
    dates: study.exportDates,
  };
  const cutoff = request.at.toISOString();
  const definitions = await studyDefinitions(db, organizationId, study.id);
  const byId = new Map(definitions.map((d) => [d.id, d]));
  const participants = await listExportParticipants(db, organizationId, study.id);
  const random = request.random ?? Math.random;
  const writeRows = request.writeRows ?? EXPORT_WRITE_ROWS;
  const writeCsvRows = async (file: ZipFileWriter, rows: ExportCell[][]) => {
    for (let start = 0; start < rows.length; start += writeRows)
      await file.write(csv(rows.slice(start, start + writeRows)));
  };
  if (options.dates === 'shift')
    for (const p of participants)
      if (p.shiftDays === null)
        p.shiftDays = await keepShiftDays(db, organizationId, p.id, shiftFromUniform(random()));
  const key = exportPseudonymKey(request.instanceSecret, study.id);
  const pseudonyms = new Map(participants.map((p) => [p.id, exportPseudonym(key, p.id)]));

  /** Every page's responses, de-identified, in participant, session, instrument order. */
  async function forEachPage(use: (responses: ExportResponse[]) => Promise<void>) {
    for (let start = 0; start < participants.length; start += EXPORT_PAGE_SIZE) {
      const page: ExportParticipant[] = participants.slice(start, start + EXPORT_PAGE_SIZE);
      const rows = await listExportResponses(
        db,
        organizationId,
        study.id,
        page.map((p) => p.id),
        cutoff,
      );
      const first = new Map<string, string>();
      for (const row of rows)
        if (!first.has(row.participantId) || row.sessionStartsAt < first.get(row.participantId)!)
          first.set(row.participantId, row.sessionStartsAt);
      const role = new Map(page.map((p) => [p.id, p]));
      await use(
        rows.map((row) => {
          const p = role.get(row.participantId)!;
          return {
            participant: pseudonyms.get(row.participantId)!,
            role: p.role,
            sessionNumber: row.sessionNumber,
            when:
              options.dates === 'shift'
                ? shiftedDate(row.sessionStartsAt, p.shiftDays!)
                : daysSince(row.sessionStartsAt, first.get(row.participantId)!),
            instrumentId: row.instrumentId,
            instrumentVersion: row.instrumentVersion,
            answers: exportedAnswers(row.answers, byId.get(row.instrumentId), options.freeText),
            scores: row.scores,
          };
        }),
      );
    }
  }

  const zip = zipStream(out);
  const files: ExportFileEntry[] = [];
  const finish = async (file: ZipFileWriter, rows: number | null) =>
    files.push({ ...(await file.end()), rows });

  // long.csv: one row per participant × session × instrument × scale (and item).
  let file = zip.file('long.csv');
  let count = 0;
  await file.write(csv([longHeader(options)]));
  await forEachPage(async (responses) => {
    const rows = responses.flatMap((r) => longRows(r, byId.get(r.instrumentId), options));
    count += rows.length;
    await writeCsvRows(file, rows);
  });
  await finish(file, count);

  // wide.csv: one row per participant × session.
  const header = wideHeader(definitions, options);
  file = zip.file('wide.csv');
  count = 0;
  await file.write(csv([header]));
  await forEachPage(async (responses) => {
    const rows: ExportCell[][] = [];
    let group: ExportResponse[] = [];
    for (const r of [...responses, null]) {
      const last = group[0];
      if (
        last &&
        (!r || r.participant !== last.participant || r.sessionNumber !== last.sessionNumber)
      ) {
        rows.push(wideRow(group, header, byId, options));
        group = [];
      }
      if (r) group.push(r);
    }
    count += rows.length;
    await writeCsvRows(file, rows);
  });
  await finish(file, count);

  // The codebook, as CSV and as a document.
  const entries = codebook(definitions, options);
  file = zip.file('codebook.csv');
  await file.write(csv([[...CODEBOOK_HEADER], ...entries.map(codebookRow)]));
  await finish(file, entries.length);
  file = zip.file('codebook.md');
  await file.write(codebookMarkdown(study.title, entries));
  await finish(file, null);

  // fhir-bundle.json: a FHIR R4 collection Bundle of QuestionnaireResponses and Observations.
  file = zip.file('fhir-bundle.json');
  count = 0;
  await file.write('{"resourceType":"Bundle","type":"collection","entry":[');
  await forEachPage(async (responses) => {
    let parts: string[] = [];
    for (const r of responses) {
      const definition = byId.get(r.instrumentId);
      if (!definition) continue;
      const subjectReference = `${r.role === 'client' ? 'Patient' : 'Practitioner'}/${r.participant}`;
      const date = typeof r.when === 'string' ? r.when : undefined;
      const responseUrl = `urn:uuid:${randomUUID()}`;
      const resources = [
        {
          fullUrl: responseUrl,
          resource: toFhirQuestionnaireResponse(definition, r.answers, {
            subjectReference,
            ...(date && { authored: date }),
          }),
        },
        ...toFhirObservations(
          definition,
          {
            instrument: r.instrumentId,
            version: r.instrumentVersion,
            valid: true,
            errors: [],
            warnings: [],
            flags: [],
            cutOffs: [],
            scales: r.scores.map((s) => ({
              scale: s.scaleId,
              score: s.value,
              itemMean: null,
              answered: 0,
              itemCount: 0,
              prorated: false,
              band: null,
              reason: null,
            })),
          },
          {
            subjectReference,
            questionnaireResponseReference: responseUrl,
            ...(date && { effectiveDateTime: date }),
          },
        ).map((resource) => ({ fullUrl: `urn:uuid:${randomUUID()}`, resource })),
      ];
      for (const entry of resources) parts.push((count++ === 0 ? '' : ',') + JSON.stringify(entry));
      if (parts.length >= writeRows) {
        await file.write(parts.join(''));
        parts = [];
      }
    }
    await file.write(parts.join(''));
  });
  await file.write(']}');
  await finish(file, count);

  const k = study.minCellSize;
  const perRole = (role: 'client' | 'therapist') => {
    const n = smallCell(participants.filter((p) => p.role === role).length, k);
    return n === null ? withheldLabel(k) : n;
  };
  const manifest: ExportManifest = {
    format: 'rapport-study-export/1',
    exportId: request.exportId,
    study: { id: study.id, title: study.title },
    exportedAt: cutoff,
    exportedBy: request.exportedBy,
    filters: {
      participants: 'consented or completed (never invited, declined or withdrawn)',
      answeredBy: cutoff,
      items: options.items,
      freeText: options.freeText,
      dates: options.dates,
    },
    minCellSize: k,
    participants: { client: perRole('client'), therapist: perRole('therapist') },
    files,
  };
  file = zip.file('manifest.json');
  await file.write(`${JSON.stringify(manifest, null, 2)}\n`);
  await file.end();
  await zip.end();
  return manifest;
}
