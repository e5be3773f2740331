/**
 * The audit trail's words: every action and every kind of record an audit row can name.
 * Defined once so the server can write only these (TypeScript refuses any other), the admin
 * route can refuse a filter outside them, and the admin page can offer them as choices.
 * A case is always `care_case` (its table's name): before 2026-12-04 some reads said `case`
 * (migration 2026-12-04-audit-vocabulary rewrote them).
 */
export const AUDIT_ACTIONS = [
  'access.denied',
  'alert.acknowledge',
  'alert.list',
  'alert.notify-urgent',
  'alert.resolve',
  'alliance-settings.read',
  'alliance-settings.update',
  'audit.read',
  'auth.login',
  'auth.logout',
  'auth.password-reset.complete',
  'auth.password-reset.mail',
  'auth.password-reset.request',
  'auth.password.change',
  'auth.password.set',
  'auth.second-factor',
  'auth.totp.enrol',
  'backup.create',
  'case.close',
  'case.list',
  'case.open',
  'case.read',
  'case.record.read',
  'case.reopen',
  'case.transfer',
  'caseload.read',
  'client.create',
  'client.list',
  'client.read',
  'client.update',
  'clinic.create',
  'clinic.update',
  'data-notice.read',
  'data-notice.update',
  'demo.seed',
  'instrument.imported',
  'intake-settings.update',
  'interpreter.sessions.read',
  'measurement-plan.create',
  'organization.create',
  'questionnaire-request.link',
  'questionnaire-request.list',
  'questionnaire.mail',
  'questionnaire.open',
  'questionnaire.remind',
  'response.submit',
  'rupture-event.list',
  'rupture-event.record',
  'session.answers.read',
  'session.attendance',
  'session.create',
  'session.list',
  'session.read',
  'session.reflection.read',
  'session.reflection.write',
  'session.update',
  'staff.create',
  'staff.disable',
  'staff.enable',
  'staff.roles',
  'supervision-note.add',
  'supervision-note.list',
  'supervision.add',
  'supervision.queue',
  'supervision.remove',
  'therapist-form.open',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * The kinds of record an audit row names, by table where there is one. `route` is a staff
 * route that turned someone away (`access.denied`): its pattern is in the details.
 */
export const AUDIT_ENTITY_TYPES = [
  'alert',
  'audit_event',
  'care_case',
  'caseload',
  'client',
  'clinic',
  'instrument_definition',
  'measurement_plan',
  'organization',
  'questionnaire_request',
  'questionnaire_response',
  'route',
  'rupture_event',
  'session',
  'session_reflection_note',
  'staff_user',
  'supervision_note',
] as const;

export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];
