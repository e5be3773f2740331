/**
 * What GET /api/caseload answers: the signed-in therapist's active cases and, for a
 * supervisor, their supervisees' active cases (read-only). Shared by the server (which
 * builds it) and the web app (which draws it); plain data, no behaviour.
 */
import type { AttentionLevel } from '../alerts/rank-case-attention.ts';
import type { CaseAccessLevel, CaseTypeName } from './case-view.ts';

export interface CaseloadMember {
  clientId: string;
  displayName: string;
}

export interface CaseloadTherapist {
  staffUserId: string;
  displayName: string;
}

/** One respondent's most recent alliance total (WAI-SR total for clients). */
export interface LatestAllianceTotal {
  respondentId: string;
  displayName: string;
  instrumentId: string;
  sessionNumber: number;
  value: number;
}

export interface AllianceTrendPoint {
  sessionNumber: number;
  /** Mean of the client members' totals at this session (one value for an individual case). */
  value: number;
}

export interface NextSession {
  number: number;
  /** UTC instant; show it in `timeZone`. */
  startsAt: string;
}

export interface CaseloadEntry {
  id: string;
  reference: string;
  type: CaseTypeName;
  /** 'write' on one's own cases, 'read' on a supervisee's. */
  access: CaseAccessLevel;
  members: CaseloadMember[];
  therapists: CaseloadTherapist[];
  /** The clinic's IANA time zone, e.g. Europe/London. */
  timeZone: string;
  attendedSessions: number;
  /** Per client member, the latest WAI-SR total; empty when none yet. */
  clientAlliance: LatestAllianceTotal[];
  /** Per therapist, the latest total of a therapist-perspective form; usually empty. */
  therapistAlliance: LatestAllianceTotal[];
  /** The last (up to 8) sessions' client alliance totals, oldest first, for a sparkline. */
  allianceTrend: AllianceTrendPoint[];
  /** Questionnaire requests still open and not expired. */
  outstandingForms: number;
  /** Unresolved alerts needing attention (not good news), and how many of them are urgent. */
  openAlerts: number;
  urgentAlerts: number;
  /**
   * Why the case needs its therapist before the next session (urgent alert, open rupture,
   * other open alert, outstanding forms, or nothing); the caseload is ordered by it.
   */
  attention: AttentionLevel;
  nextSession: NextSession | null;
}

export interface CaseloadResponse {
  /** Ordered by attention, then the sooner next session (order-caseload-by-attention.ts). */
  cases: CaseloadEntry[];
}

/** How many points the caseload's trend line shows. */
export const CASELOAD_TREND_LENGTH = 8;
