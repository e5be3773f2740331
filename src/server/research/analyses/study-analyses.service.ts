import type { StudyAnalyses } from '../../../core/api/research-analyses.ts';
import {
  type AnalysisTable,
  type AnalysisTableName,
  agreementTable,
  h7Table,
  mixedTable,
  reliabilityTable,
} from '../../../core/research/analyses/analysis-tables.ts';
import { clientTherapistAgreement } from '../../../core/research/analyses/client-therapist-agreement.ts';
import { h7Correlations } from '../../../core/research/analyses/h7-correlations.ts';
import { laggedAllianceModels } from '../../../core/research/analyses/lagged-alliance-model.ts';
import { scaleReliability } from '../../../core/research/analyses/scale-reliability.ts';
import {
  type AnalysisView,
  observedSessions,
} from '../../../core/research/analyses/study-observations.ts';
import { toCsv } from '../../../core/research/export/csv-cell.ts';
import type { RequestOrigin } from '../../auth/auth-deps.ts';
import type { StaffActor } from '../../auth/staff-actor.ts';
import { type Executor, inTransaction } from '../../db/database.ts';
import { loadInstrumentCatalogue } from '../../instruments/instrument-catalogue.service.ts';
import {
  type StudyDeps,
  auditStudy,
  requireResearcher,
  studyOfTeamOr404,
} from '../studies/study.service.ts';
import { listAnalysisForms, listAnalysisScores } from './study-analyses.repository.ts';

/** `across` or `session-3`, as the CSV's view column and file name say it. */
const viewLabel = (view: AnalysisView) =>
  view === 'across' ? 'across' : `session-${view.session}`;

async function computeAnalyses(
  trx: Executor,
  actor: StaffActor,
  studyId: string,
  view: AnalysisView,
  minCellSize: number | undefined,
) {
  const study = await studyOfTeamOr404(trx, actor, studyId);
  // The study's own small-cell threshold unless the caller gives one.
  const k = minCellSize ?? study.minCellSize;
  const scores = await listAnalysisScores(trx, actor, studyId);
  const forms = await listAnalysisForms(trx, actor, studyId);
  const catalogue = await loadInstrumentCatalogue(trx, actor.organizationId);
  const therapistForm = study.therapistAllianceInstrumentId;
  return {
    study,
    k,
    participants: new Set(scores.map((s) => s.participantId)).size,
    sessions: observedSessions(scores),
    h7: h7Correlations(scores, view, k),
    agreement: clientTherapistAgreement(scores, therapistForm, view, k),
    reliability: scaleReliability(forms, catalogue, k),
    mixed: laggedAllianceModels(scores, k),
  };
}

/**
 * A study's analyses for its team (issue 18, item 5): the H7 correlations, client vs
 * therapist agreement, the reliability of every scale and the lagged mixed model, on the
 * consenting, not-withdrawn participants only, small cells (fewer than `minCellSize`
 * people) withheld. Read in one transaction and audited as a read of study data, with the
 * number of participants and the view only.
 */
export async function readStudyAnalyses(
  deps: StudyDeps,
  actor: StaffActor,
  studyId: string,
  view: AnalysisView,
  origin: RequestOrigin,
  minCellSize?: number,
): Promise<StudyAnalyses> {
  requireResearcher(actor);
  return inTransaction(deps.db, async (trx) => {
    const a = await computeAnalyses(trx, actor, studyId, view, minCellSize);
    await auditStudy(
      trx,
      deps,
      actor,
      origin,
      'study.analyses.read',
      { type: 'study', id: studyId },
      { participants: a.participants, view: viewLabel(view) },
    );
    return {
      studyId: a.study.id,
      title: a.study.title,
      status: a.study.status,
      minCellSize: a.k,
      view: view === 'across' ? 'across' : view.session,
      sessions: a.sessions,
      therapistInstrumentId: a.study.therapistAllianceInstrumentId,
      h7: a.h7,
      agreement: a.agreement,
      reliability: a.reliability,
      mixed: a.mixed,
    };
  });
}

/** The CSV text of a table: numbers as numbers, text cells guarded against formulas. */
export function analysisCsv(table: AnalysisTable): string {
  return toCsv([table.header, ...table.rows]);
}

/**
 * One analysis table as CSV (the same numbers as the page), audited as an export of study
 * data: `study.analyses.export` with the table, view and number of participants.
 */
export async function exportAnalysisTable(
  deps: StudyDeps,
  actor: StaffActor,
  studyId: string,
  table: AnalysisTableName,
  view: AnalysisView,
  origin: RequestOrigin,
  minCellSize?: number,
): Promise<{ fileName: string; csv: string }> {
  requireResearcher(actor);
  return inTransaction(deps.db, async (trx) => {
    const a = await computeAnalyses(trx, actor, studyId, view, minCellSize);
    const label = viewLabel(view);
    const tables: Record<AnalysisTableName, () => AnalysisTable> = {
      h7: () => h7Table(a.h7, label, a.k),
      agreement: () => agreementTable(a.agreement, label, a.k),
      reliability: () => reliabilityTable(a.reliability, a.k),
      mixed: () => mixedTable(a.mixed, a.k),
    };
    await auditStudy(
      trx,
      deps,
      actor,
      origin,
      'study.analyses.export',
      { type: 'study', id: studyId },
      { table, participants: a.participants, view: label },
    );
    const perView = table === 'h7' || table === 'agreement' ? `-${label}` : '';
    return { fileName: `study-analyses-${table}${perView}.csv`, csv: analysisCsv(tables[table]()) };
  });
}
