import type { StudyAnalyses } from '../../core/api/research-analyses.ts';
import type { StudyDashboard } from '../../core/api/research-dashboard.ts';
import type {
  NewStudyExportInput,
  StudyExportLink,
  StudyExportList,
} from '../../core/api/research-export.ts';
import type {
  ConsentVersionChanges,
  ConsentVersionList,
  ConsentVersionView,
  NewConsentVersionInput,
  NewStudyInput,
  StudyChangesInput,
  StudyChoices,
  StudyList,
  StudyParticipantList,
  StudyView,
} from '../../core/api/research-studies.ts';
import { apiGet, apiPost, apiRequest } from '../api-client.ts';

/** The researcher's study API (src/server/research/studies/study.routes.ts). */
export type {
  ConsentVersionView,
  NewStudyInput,
  StudyAnalyses,
  StudyChoices,
  StudyDashboard,
  StudyExportList,
  StudyView,
};

const enc = encodeURIComponent;
const studyPath = (id: string) => `/api/research/studies/${enc(id)}`;

export const fetchStudies = () => apiGet<StudyList>('/api/research/studies');
export const fetchStudyChoices = () => apiGet<StudyChoices>('/api/research/study-choices');
export const fetchStudy = (id: string) => apiGet<StudyView>(studyPath(id));
export const createStudy = (body: NewStudyInput) =>
  apiPost<StudyView>('/api/research/studies', body);
export const changeStudy = (id: string, body: StudyChangesInput) =>
  apiRequest<StudyView>('PATCH', studyPath(id), body);

export const fetchConsentVersions = (id: string) =>
  apiGet<ConsentVersionList>(`${studyPath(id)}/consent-versions`);
export const createConsentVersion = (id: string, body: NewConsentVersionInput) =>
  apiPost<ConsentVersionView>(`${studyPath(id)}/consent-versions`, body);
export const changeConsentVersion = (id: string, versionId: string, body: ConsentVersionChanges) =>
  apiRequest<ConsentVersionView>(
    'PATCH',
    `${studyPath(id)}/consent-versions/${enc(versionId)}`,
    body,
  );

export const fetchParticipants = (id: string) =>
  apiGet<StudyParticipantList>(`${studyPath(id)}/participants`);

export const fetchStudyDashboard = (id: string) =>
  apiGet<StudyDashboard>(`${studyPath(id)}/dashboard`);

/** A study's analyses in a view: `across` (each participant's mean) or a session number. */
export const fetchStudyAnalyses = (id: string, view: string) =>
  apiGet<StudyAnalyses>(`${studyPath(id)}/analyses?view=${enc(view)}`);
/** Where one analysis table downloads as CSV (a plain GET: the browser saves the file). */
export const analysisCsvPath = (id: string, table: string, view: string) =>
  `${studyPath(id)}/analyses/${enc(table)}/csv?view=${enc(view)}`;

/** Ask for an export: a download link that works once, for 10 minutes. */
export const createStudyExport = (id: string, body: NewStudyExportInput) =>
  apiPost<StudyExportLink>(`${studyPath(id)}/exports`, body);
export const fetchStudyExports = (id: string) =>
  apiGet<StudyExportList>(`${studyPath(id)}/exports`);
