import type { Migration } from 'kysely';
import * as foundation from './migrations/2026-11-23-foundation.ts';
import * as measurement from './migrations/2026-11-23-measurement.ts';
import * as instrumentDefinition from './migrations/2026-11-23-instrument-definition.ts';
import * as staffAuth from './migrations/2026-11-23-staff-auth.ts';
import * as sessionNotes from './migrations/2026-11-24-session-notes.ts';
import * as clientFlow from './migrations/2026-11-24-client-flow.ts';
import * as alerts from './migrations/2026-11-24-alerts.ts';
import * as scorePrecision from './migrations/2026-12-01-score-precision.ts';
import * as alertExplanationMessages from './migrations/2026-12-04-alert-explanation-messages.ts';
import * as auditVocabulary from './migrations/2026-12-04-audit-vocabulary.ts';
import * as intake from './migrations/2026-12-04-intake.ts';
import * as researchStudies from './migrations/2026-12-04-research-studies.ts';
import * as secondFactorAtRest from './migrations/2026-12-04-second-factor-at-rest.ts';
import * as interviews from './migrations/2026-12-05-interviews.ts';
import * as apiTokens from './migrations/2026-12-06-api-tokens.ts';
import * as inSessionMode from './migrations/2026-12-06-in-session-mode.ts';
import * as interviewRecordings from './migrations/2026-12-06-interview-recordings.ts';
import * as researchExport from './migrations/2026-12-06-research-export.ts';
import * as studyItemsByParticipant from './migrations/2026-12-07-study-items-by-participant.ts';
import * as endOfCareRequests from './migrations/2026-12-08-end-of-care-requests.ts';
import * as requestFirstOpened from './migrations/2026-12-08-request-first-opened.ts';

/**
 * Every migration, by name. Names sort by date, so the order is the order of history.
 * Listed explicitly (not read from a folder) so the bundle and tests see the same set.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-23-foundation': foundation,
  '2026-11-23-measurement': measurement,
  '2026-11-23-instrument-definition': instrumentDefinition,
  '2026-11-23-staff-auth': staffAuth,
  '2026-11-24-session-notes': sessionNotes,
  '2026-11-24-client-flow': clientFlow,
  '2026-11-24-alerts': alerts,
  '2026-12-01-score-precision': scorePrecision,
  '2026-12-04-alert-explanation-messages': alertExplanationMessages,
  '2026-12-04-audit-vocabulary': auditVocabulary,
  '2026-12-04-intake': intake,
  '2026-12-04-research-studies': researchStudies,
  '2026-12-04-second-factor-at-rest': secondFactorAtRest,
  '2026-12-05-interviews': interviews,
  '2026-12-06-api-tokens': apiTokens,
  '2026-12-06-in-session-mode': inSessionMode,
  '2026-12-06-interview-recordings': interviewRecordings,
  '2026-12-06-research-export': researchExport,
  '2026-12-07-study-items-by-participant': studyItemsByParticipant,
  '2026-12-08-end-of-care-requests': endOfCareRequests,
  '2026-12-08-request-first-opened': requestFirstOpened,
};
