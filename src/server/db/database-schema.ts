import type { ColumnType, Generated } from 'kysely';
import type { CaseType } from '../../core/cases/case-types.ts';
import type { ExportDateHandling } from '../../core/research/export/export-settings.ts';
import type { RequestOccasion } from '../../core/measurement/request-occasion.ts';
import type { Attendance, Modality } from '../../core/sessions/session-vocabulary.ts';
import type { StaffRole } from '../../core/staff/staff-roles.ts';
import type {
  InterviewRespondent,
  InterviewStatus,
} from '../../core/research/interview-vocabulary.ts';

/**
 * Table types as the database holds them. The same columns on both dialects, so one
 * repository serves both: timestamps are ISO-8601 UTC text written by the application
 * (always `Date#toISOString()`, so text order is time order), JSON is text, flags are 0/1.
 */
export interface OrganizationTable {
  id: string;
  name: string;
  slug: string;
  created_at: string;
}

export interface ClinicTable {
  id: string;
  organization_id: string;
  name: string;
  time_zone: string;
  created_at: string;
}

export type StaffRoleName = StaffRole;

export interface StaffUserTable {
  id: string;
  organization_id: string;
  email: string;
  display_name: string;
  password_hash: string | null;
  status: 'active' | 'disabled';
  created_at: string;
}

export interface StaffRoleTable {
  organization_id: string;
  staff_user_id: string;
  clinic_id: string;
  role: StaffRoleName;
}

export interface SupervisionTable {
  organization_id: string;
  supervisor_id: string;
  supervisee_id: string;
}

export interface ClientTable {
  id: string;
  organization_id: string;
  clinic_id: string;
  given_name: string;
  family_name: string;
  birth_year: number | null;
  preferred_language: string;
  email: string | null;
  created_at: string;
  preferred_name: string | null;
  /** YYYY-MM-DD; birth_year is filled from it (or given alone). */
  date_of_birth: string | null;
  mobile: string | null;
  updated_at: string | null;
}

export type { CaseType };
export type CaseStatus = 'active' | 'paused' | 'closed';

export interface CaseTable {
  id: string;
  organization_id: string;
  clinic_id: string;
  reference: string;
  type: CaseType;
  /** JSON array of concern codes, e.g. ["anxiety","ocd"]. */
  presenting_concerns: string;
  status: CaseStatus;
  opened_at: string;
  closed_at: string | null;
  /** The clinic's case type code (e.g. coaching); null on cases made before intake existed. */
  case_type: string | null;
  closed_reason: CaseClosedReason | null;
}

export type CaseClosedReason = 'completed' | 'dropped-out' | 'referred' | 'other';

export interface ClinicIntakeSettingsTable {
  clinic_id: string;
  organization_id: string;
  /** JSON array of { code, structure }. */
  case_types: string;
  /** JSON array of concern codes. */
  presenting_concerns: string;
  therapists_may_open_cases: number;
  updated_by: string | null;
  updated_at: string;
}

export interface CaseMemberTable {
  organization_id: string;
  case_id: string;
  client_id: string;
  relationship: string;
  guardian_name: string | null;
  guardian_contact: string | null;
}

export interface CaseTherapistTable {
  organization_id: string;
  case_id: string;
  staff_user_id: string;
  is_primary: number;
}

export interface InterpreterTable {
  id: string;
  organization_id: string;
  staff_user_id: string | null;
  display_name: string;
  /** JSON array of BCP 47 language tags. */
  languages: string;
  clinical_experience: string | null;
  briefing_acknowledged_at: string | null;
  created_at: string;
  /** The date (YYYY-MM-DD) of the confidentiality briefing for research interviews. */
  briefed_on: string | null;
  /** The staff member who gave that briefing. */
  briefed_by: string | null;
}

export type { Attendance, Modality };

export interface SessionTable {
  id: string;
  organization_id: string;
  case_id: string;
  number: number;
  starts_at: string;
  ends_at: string;
  attendance: Attendance;
  modality: Modality;
  language: string;
  interpreter_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface AuditEventTable {
  id: Generated<number>;
  organization_id: string | null;
  occurred_at: string;
  actor_type: 'staff' | 'client' | 'system' | 'cli';
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  outcome: 'success' | 'denied' | 'failed';
  ip: string | null;
  request_id: string | null;
  /** JSON object of identifiers and counts only: never answers, free text, tokens or names. */
  details: string;
}

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface JobTable {
  id: string;
  organization_id: string | null;
  type: string;
  payload: string;
  /** Set for jobs that must exist once (e.g. one reminder per request). */
  unique_key: string | null;
  status: JobStatus;
  run_at: string;
  attempts: number;
  max_attempts: number;
  locked_by: string | null;
  locked_at: string | null;
  finished_at: string | null;
  last_error: string | null;
  created_at: string;
}

export interface MeasurementPlanTable {
  id: string;
  organization_id: string;
  clinic_id: string;
  case_type: CaseType | null;
  name: string;
  /** JSON array of plan entries (see src/core/measurement/measurement-plan.ts). */
  entries: string;
  effective_from: string;
  created_by: string | null;
  created_at: string;
}

export type RespondentKind = 'client' | 'therapist';
export type RequestStatus = 'open' | 'completed' | 'expired' | 'revoked';
export type { RequestOccasion };

export interface QuestionnaireRequestTable {
  id: string;
  organization_id: string;
  case_id: string;
  session_id: string;
  respondent_kind: RespondentKind;
  client_id: string | null;
  staff_user_id: string | null;
  respondent_key: string;
  /** JSON array of instrument ids, in the order they are shown. */
  instruments: string;
  language: string;
  token_hash: string | null;
  status: RequestStatus;
  created_at: string;
  expires_at: string;
  completed_at: string | null;
  revoked_at: string | null;
  /** When the client's link was first opened (set once); null if never opened. */
  first_opened_at: string | null;
  occasion: RequestOccasion;
}

export interface QuestionnaireResponseTable {
  id: string;
  organization_id: string;
  request_id: string;
  case_id: string;
  session_id: string;
  respondent_key: string;
  submission_id: string;
  instrument_id: string;
  instrument_version: string;
  /** JSON object of item id to answer: clinical data, never logged. */
  answers: string;
  submitted_at: string;
}

export interface ScoreTable {
  id: string;
  organization_id: string;
  response_id: string;
  case_id: string;
  session_id: string;
  session_number: number;
  respondent_kind: RespondentKind;
  client_id: string | null;
  staff_user_id: string | null;
  instrument_id: string;
  instrument_version: string;
  scale_id: string;
  value: number | null;
  item_mean: number | null;
  answered: number;
  item_count: number;
  prorated: number;
  band: string | null;
  flags: string;
  scored_at: string;
}

export type AuthSessionLevel = 'second-factor' | 'enrolment' | 'full';

export interface AuthSessionTable {
  id: string;
  /** SHA-256 of the cookie's token: the token itself is never stored. */
  token_hash: string;
  organization_id: string;
  staff_user_id: string;
  level: AuthSessionLevel;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  /** When the session last proved the second factor; null if it never did. */
  second_factor_at: string | null;
  /** In-session ("show the client") mode: the case and client member shown; null otherwise. */
  in_session_case_id: string | null;
  in_session_client_id: string | null;
}

export interface StaffTotpTable {
  staff_user_id: string;
  organization_id: string;
  /** The base32 TOTP secret sealed by secrets/secret-box.ts (plain only before start-up). */
  secret: string;
  /** The key the secret is sealed under; null for a plain secret not yet sealed. */
  secret_key_id: string | null;
  confirmed_at: string | null;
  last_time_step: number | null;
  created_at: string;
}

export interface StaffRecoveryCodeTable {
  id: string;
  organization_id: string;
  staff_user_id: string;
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

export interface PasswordResetTable {
  id: string;
  organization_id: string;
  staff_user_id: string;
  token_hash: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface AuthThrottleTable {
  key: string;
  count: number;
  window_started_at: string;
  locked_until: string | null;
  updated_at: string;
}

export interface SessionReflectionNoteTable {
  id: string;
  organization_id: string;
  session_id: string;
  author_id: string;
  /** The therapist's private text: clinical data, never logged or audited. */
  body: string;
  shared_with_supervisor: number;
  created_at: string;
  updated_at: string;
}

export interface QuestionnaireVisitTable {
  id: string;
  /** SHA-256 of the visit cookie's token: the token itself is never stored. */
  token_hash: string;
  organization_id: string;
  request_id: string;
  created_at: string;
  expires_at: string;
}

export interface ClinicDataNoticeTable {
  clinic_id: string;
  organization_id: string;
  text: string;
  updated_at: string;
  updated_by: string | null;
}

export interface ClientNoticeAcknowledgementTable {
  organization_id: string;
  client_id: string;
  clinic_id: string;
  acknowledged_at: string;
}

export interface ClinicAllianceSettingsTable {
  clinic_id: string;
  organization_id: string;
  /** JSON of AllianceRuleParameterOverrides (src/core/alliance/alliance-rule-parameters.ts). */
  parameters: string;
  updated_by: string | null;
  updated_at: string;
}

export type AlertStatusName = 'open' | 'acknowledged' | 'resolved';

export interface AlertTable {
  id: string;
  organization_id: string;
  case_id: string;
  finding_key: string;
  type: string;
  severity: 'info' | 'warning' | 'urgent';
  finding_status: string;
  status: AlertStatusName;
  session_number: number;
  latest_session: number;
  /** JSON arrays/objects: respondent ids, the rule's parameters, the evidence. */
  respondent_ids: string;
  rule: string;
  parameters: string;
  evidence: string;
  /** The explanation as a catalogue key and its JSON parameters, never a sentence (docs/alerts.md). */
  explanation_key: string;
  explanation_params: string;
  revision: string;
  created_at: string;
  updated_at: string;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
  /** 'staff', or the engine's reason: 'repaired' | 'resolved' | 'no-longer-detected'. */
  resolution: string | null;
  /** Clinical free text: never logged. */
  resolution_note: string | null;
}

export interface RuptureEventTable {
  id: string;
  organization_id: string;
  case_id: string;
  session_id: string;
  alert_id: string | null;
  recorded_by: string;
  /** JSON arrays of codes. */
  markers: string;
  strategies: string;
  /** Clinical free text: never logged. */
  description: string;
  outcome: 'resolved' | 'partly' | 'unresolved';
  flagged_for_supervision: number;
  created_at: string;
}

export interface SupervisionNoteTable {
  id: string;
  organization_id: string;
  case_id: string;
  author_id: string;
  session_id: string | null;
  /** Clinical free text: never logged. */
  body: string;
  created_at: string;
}

export type StudyStatusName = 'draft' | 'recruiting' | 'closed';
export type ParticipantStatus = 'invited' | 'consented' | 'declined' | 'withdrawn' | 'completed';
export type ConsentKind = 'consent' | 'guardian-consent' | 'assent';

export interface StudyTable {
  id: string;
  organization_id: string;
  title: string;
  protocol_summary: string;
  principal_investigator: string;
  ethics_reference: string;
  ethics_approved_on: string | null;
  status: StudyStatusName;
  withdrawal_policy: 'keep' | 'delete';
  therapist_alliance_instrument_id: string | null;
  reconsent_below_version: number | null;
  /** Days after an interview its recordings are kept (null: until deleted). */
  recording_retention_days: number | null;
  /** The small-cell threshold k for the study's aggregates (default 5). */
  min_cell_size: ColumnType<number, number | undefined, number>;
  /** How an export gives dates: shifted per participant, or days since the first session. */
  export_dates: ColumnType<ExportDateHandling, ExportDateHandling | undefined, ExportDateHandling>;
  /** 1 when an export may carry free-text answers (default 0). */
  export_free_text: ColumnType<number, number | undefined, number>;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface StudyClinicTable {
  organization_id: string;
  study_id: string;
  clinic_id: string;
  target_enrolment: number;
}

export interface StudyTeamMemberTable {
  organization_id: string;
  study_id: string;
  staff_user_id: string;
  is_senior: number;
}

export interface StudyMeasureTable {
  id: string;
  organization_id: string;
  study_id: string;
  instrument_id: string;
  respondent: 'client' | 'therapist';
  timing: 'enrolment' | 'sessions';
  /** JSON array of session numbers (empty for enrolment). */
  session_numbers: string;
  /** JSON object of per-study option edits for a study form, or null. */
  options: string | null;
  position: number;
}

export interface ConsentVersionTable {
  id: string;
  organization_id: string;
  study_id: string;
  language: string;
  version: number;
  /** Markdown, stored as given. */
  information_text: string;
  /** JSON array of statement texts. */
  statements: string;
  effective_from: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface StudyParticipantTable {
  id: string;
  organization_id: string;
  study_id: string;
  clinic_id: string;
  role: 'client' | 'therapist';
  /** The client member's case; null for a therapist (enrolled once per study). */
  case_id: string | null;
  client_id: string | null;
  staff_user_id: string | null;
  /** 'client:<id>' or 'therapist:<id>'. */
  participant_key: string;
  pseudonym: string;
  needs_guardian: number;
  status: ParticipantStatus;
  withdrawal_data: 'kept' | 'deleted' | null;
  /** Days every exported date of the participant moves back (0–364), drawn at first export. */
  export_shift_days: number | null;
  created_at: string;
  updated_at: string;
}

export interface StudyExportTable {
  id: string;
  organization_id: string;
  study_id: string;
  created_by: string | null;
  channel: 'web' | 'cli';
  /** JSON: { "items": boolean }. */
  options: string;
  created_at: string;
  expires_at: string;
  downloaded_at: string | null;
  /** JSON manifest, once the ZIP has been written in full. */
  manifest: string | null;
}

export interface StudyParticipantEventTable {
  id: string;
  organization_id: string;
  study_id: string;
  participant_id: string;
  status: ParticipantStatus;
  actor_kind: 'staff' | 'participant' | 'system';
  actor_id: string | null;
  at: string;
}

export interface ConsentInvitationTable {
  id: string;
  organization_id: string;
  study_id: string;
  participant_id: string;
  kind: ConsentKind;
  language: string;
  token_hash: string;
  status: 'open' | 'used' | 'expired' | 'revoked';
  created_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface ConsentRecordTable {
  id: string;
  organization_id: string;
  study_id: string;
  participant_id: string;
  consent_version_id: string;
  invitation_id: string | null;
  kind: ConsentKind;
  decision: 'consented' | 'declined';
  channel: 'link' | 'staff-app';
  /** Personal data: never logged. */
  typed_name: string;
  /** JSON array of ticked statement indexes. */
  ticked_statements: string;
  text_sha256: string;
  signed_at: string;
  /** The PDF receipt, base64. */
  receipt_pdf: string | null;
  receipt_sha256: string | null;
  receipt_token_hash: string | null;
}

export interface StudyRequestItemTable {
  organization_id: string;
  study_id: string;
  participant_id: string;
  request_id: string;
  instrument_id: string;
  measure_id: string;
  also_clinical: number;
}

export type { InterviewRespondent, InterviewStatus };

export interface InterviewScheduleTable {
  study_id: string;
  organization_id: string;
  /** JSON array of session numbers. */
  session_numbers: string;
  /** JSON array of InterviewRespondent. */
  respondents: string;
  window_hours: number;
  updated_by: string;
  updated_at: string;
}

export interface InterviewProtocolVersionTable {
  id: string;
  organization_id: string;
  study_id: string;
  version: number;
  /** JSON array of { question, probes }. */
  questions: string;
  created_by: string;
  created_at: string;
}

export interface InterviewTaskTable {
  id: string;
  organization_id: string;
  study_id: string;
  participant_id: string;
  session_id: string;
  due_at: string;
  status: InterviewStatus;
  protocol_version_id: string | null;
  covered: string | null;
  stop_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface InterviewTaskEventTable {
  id: Generated<number>;
  organization_id: string;
  task_id: string;
  status: InterviewStatus;
  actor_kind: 'staff' | 'system';
  actor_id: string | null;
  at: string;
}

export interface InterviewBookingTable {
  task_id: string;
  organization_id: string;
  interviewer_id: string;
  starts_at: string;
  ends_at: string;
  modality: Modality;
  language: string;
  interpreter_id: string | null;
  booked_by: string;
  booked_at: string;
}

export interface ApiTokenTable {
  id: string;
  organization_id: string;
  label: string;
  /** SHA-256 of the token; the token itself is shown once and never stored. */
  token_hash: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
  last_used_at: string | null;
}

export interface ApiTokenClinicTable {
  token_id: string;
  organization_id: string;
  clinic_id: string;
}

export interface InterviewRecordingTable {
  id: string;
  organization_id: string;
  study_id: string;
  task_id: string;
  media_type: string;
  /** The audio's own size (bigint: pg returns it as a string). */
  size_bytes: number | string;
  key_id: string;
  uploaded_by: string;
  uploaded_at: string;
}

export interface InterviewReflectionRevisionTable {
  id: Generated<number>;
  organization_id: string;
  study_id: string;
  task_id: string;
  author_id: string;
  body: string;
  saved_at: string;
}

export interface InterviewReviewTable {
  task_id: string;
  organization_id: string;
  study_id: string;
  feedback: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  debriefed_by: string | null;
  debriefed_at: string | null;
  updated_by: string;
  updated_at: string;
}

export interface RapportDatabase {
  organization: OrganizationTable;
  clinic: ClinicTable;
  staff_user: StaffUserTable;
  staff_role: StaffRoleTable;
  supervision: SupervisionTable;
  client: ClientTable;
  care_case: CaseTable;
  case_member: CaseMemberTable;
  case_therapist: CaseTherapistTable;
  interpreter: InterpreterTable;
  therapy_session: SessionTable;
  audit_event: AuditEventTable;
  job: JobTable;
  auth_session: AuthSessionTable;
  staff_totp: StaffTotpTable;
  staff_recovery_code: StaffRecoveryCodeTable;
  password_reset: PasswordResetTable;
  auth_throttle: AuthThrottleTable;
  measurement_plan: MeasurementPlanTable;
  questionnaire_request: QuestionnaireRequestTable;
  questionnaire_response: QuestionnaireResponseTable;
  score: ScoreTable;
  questionnaire_visit: QuestionnaireVisitTable;
  clinic_data_notice: ClinicDataNoticeTable;
  client_notice_acknowledgement: ClientNoticeAcknowledgementTable;
  session_reflection_note: SessionReflectionNoteTable;
  clinic_alliance_settings: ClinicAllianceSettingsTable;
  clinic_intake_settings: ClinicIntakeSettingsTable;
  alert: AlertTable;
  rupture_event: RuptureEventTable;
  supervision_note: SupervisionNoteTable;
  study: StudyTable;
  study_clinic: StudyClinicTable;
  study_team_member: StudyTeamMemberTable;
  study_measure: StudyMeasureTable;
  consent_version: ConsentVersionTable;
  study_participant: StudyParticipantTable;
  study_participant_event: StudyParticipantEventTable;
  consent_invitation: ConsentInvitationTable;
  consent_record: ConsentRecordTable;
  study_request_item: StudyRequestItemTable;
  interview_schedule: InterviewScheduleTable;
  interview_protocol_version: InterviewProtocolVersionTable;
  interview_task: InterviewTaskTable;
  interview_task_event: InterviewTaskEventTable;
  interview_booking: InterviewBookingTable;
  api_token: ApiTokenTable;
  api_token_clinic: ApiTokenClinicTable;
  interview_recording: InterviewRecordingTable;
  interview_reflection_revision: InterviewReflectionRevisionTable;
  interview_review: InterviewReviewTable;
  study_export: StudyExportTable;
}
