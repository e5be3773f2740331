import type { StudyDashboard } from '../../../core/api/research-dashboard.ts';
import { smallCell } from '../../../core/research/small-cells.ts';
import {
  DASHBOARD_MIN_CELL,
  countInterviews,
  decisionsByWeek,
} from '../../../core/research/study-dashboard.ts';
import type { RequestOrigin } from '../../auth/auth-deps.ts';
import type { StaffActor } from '../../auth/staff-actor.ts';
import { inTransaction } from '../../db/database.ts';
import {
  type StudyDeps,
  auditStudy,
  requireResearcher,
  studyOfTeamOr404,
} from '../studies/study.service.ts';
import {
  countDecisionsByDay,
  countDecisionsByVersion,
  countEnrolledCases,
  countFormsBySession,
  countParticipantsByStatus,
  listClinicTargets,
  listInterviewTaskFacts,
  listNeedingReconsent,
} from './study-dashboard.repository.ts';

const ROLES = ['client', 'therapist'] as const;

/**
 * The study dashboard for its team: enrolment against target per clinic and role,
 * decisions per consent version, who needs re-consent, the study's forms asked and answered
 * per role and session, consents per week, and the interview line (held interviews per
 * role, due soon, overdue and missed, per clinic). Read in one transaction, so every number comes from the
 * same moment, and audited as a read of study data. Every count passes through `smallCell`
 * with `minCellSize` (0 today; see core/research/study-dashboard.ts).
 */
export async function readStudyDashboard(
  deps: StudyDeps,
  actor: StaffActor,
  studyId: string,
  origin: RequestOrigin,
  minCellSize: number = DASHBOARD_MIN_CELL,
): Promise<StudyDashboard> {
  requireResearcher(actor);
  const cell = (n: number) => smallCell(n, minCellSize);
  return inTransaction(deps.db, async (trx) => {
    const study = await studyOfTeamOr404(trx, actor, studyId);
    const [targets, statusCounts, enrolled, versionCounts, forms, days, interviewTasks] = [
      await listClinicTargets(trx, actor, studyId),
      await countParticipantsByStatus(trx, actor, studyId),
      await countEnrolledCases(trx, actor, studyId),
      await countDecisionsByVersion(trx, actor, studyId),
      await countFormsBySession(trx, actor, studyId),
      await countDecisionsByDay(trx, actor, studyId),
      await listInterviewTaskFacts(trx, actor, studyId),
    ];
    const interviews = countInterviews(interviewTasks, deps.clock());
    const below = study.reconsentBelowVersion;
    const reconsent = below === null ? [] : await listNeedingReconsent(trx, actor, studyId, below);

    // A clinic keeps its participants while in the study, but one read here without a
    // study_clinic row (target 0) is still shown rather than silently dropped.
    const clinics = [...targets];
    for (const c of statusCounts)
      if (!clinics.some((t) => t.clinicId === c.clinicId))
        clinics.push({ clinicId: c.clinicId, clinicName: c.clinicName, targetEnrolment: 0 });
    const statusCount = (clinicId: string, role: string, status: string) =>
      statusCounts
        .filter((c) => c.clinicId === clinicId && c.role === role && c.status === status)
        .reduce((sum, c) => sum + c.n, 0);

    const versions = new Map<string, StudyDashboard['consentVersions'][number]>();
    const versionTotals = new Map<
      string,
      { consented: number; declined: number; assents: number }
    >();
    for (const v of versionCounts) {
      const totals = versionTotals.get(v.versionId) ?? { consented: 0, declined: 0, assents: 0 };
      if (v.kind === 'assent') {
        if (v.decision === 'consented') totals.assents += v.n;
      } else if (v.decision !== null) totals[v.decision] += v.n;
      versionTotals.set(v.versionId, totals);
      versions.set(v.versionId, {
        language: v.language,
        version: v.version,
        effectiveFrom: v.effectiveFrom,
        consented: cell(totals.consented),
        declined: cell(totals.declined),
        assents: cell(totals.assents),
      });
    }

    // Enrolment forms come in whichever session's link follows consent: they are one row
    // per instrument (session null), the others one per session.
    const formRows = new Map<
      string,
      {
        role: 'client' | 'therapist';
        sessionNumber: number | null;
        instrumentId: string;
        asked: number;
        answered: number;
      }
    >();
    for (const f of forms) {
      const sessionNumber = f.timing === 'enrolment' ? null : f.sessionNumber;
      const key = `${f.role}|${sessionNumber ?? ''}|${f.instrumentId}`;
      const row = formRows.get(key) ?? {
        role: f.role,
        sessionNumber,
        instrumentId: f.instrumentId,
        asked: 0,
        answered: 0,
      };
      row.asked += f.asked;
      row.answered += f.answered;
      formRows.set(key, row);
    }
    const sortedForms = [...formRows.values()].sort(
      (a, b) =>
        ROLES.indexOf(a.role) - ROLES.indexOf(b.role) ||
        (a.sessionNumber ?? 0) - (b.sessionNumber ?? 0) ||
        a.instrumentId.localeCompare(b.instrumentId),
    );

    const dashboard: StudyDashboard = {
      studyId: study.id,
      title: study.title,
      status: study.status,
      minCellSize,
      reconsentBelowVersion: below,
      clinics: clinics.map((c) => ({
        ...c,
        enrolledCases: cell(enrolled.get(c.clinicId) ?? 0),
        roles: ROLES.map((role) => ({
          role,
          statuses: {
            invited: cell(statusCount(c.clinicId, role, 'invited')),
            consented: cell(statusCount(c.clinicId, role, 'consented')),
            declined: cell(statusCount(c.clinicId, role, 'declined')),
            withdrawn: cell(statusCount(c.clinicId, role, 'withdrawn')),
            completed: cell(statusCount(c.clinicId, role, 'completed')),
          },
        })),
      })),
      consentVersions: [...versions.values()],
      reconsent,
      forms: sortedForms.map((f) => ({ ...f, asked: cell(f.asked), answered: cell(f.answered) })),
      weeks: decisionsByWeek(days).map((w) => ({
        weekStart: w.weekStart,
        consented: cell(w.consented),
        declined: cell(w.declined),
      })),
      interviews: {
        client: {
          interviews: cell(interviews.client.interviews),
          participants: cell(interviews.client.participants),
        },
        therapist: {
          interviews: cell(interviews.therapist.interviews),
          participants: cell(interviews.therapist.participants),
        },
        dueSoon: cell(interviews.dueSoon),
        overdue: cell(interviews.overdue),
        missed: cell(interviews.missed),
        sites: interviews.sites.map((s) => ({
          ...s,
          completed: cell(s.completed),
          partial: cell(s.partial),
          declined: cell(s.declined),
          dueSoon: cell(s.dueSoon),
          overdue: cell(s.overdue),
          missed: cell(s.missed),
        })),
      },
    };
    await auditStudy(
      trx,
      deps,
      actor,
      origin,
      'study.dashboard.read',
      { type: 'study', id: studyId },
      { participants: statusCounts.reduce((sum, c) => sum + c.n, 0) },
    );
    return dashboard;
  });
}
