import type {
  SessionAnswerForm,
  SessionAnswerItem,
  SessionAnswers,
} from '../../core/api/session-answers.ts';
import { notFound } from '../../core/app-error.ts';
import { findBundledInstrument } from '../../core/instruments/bundled-instruments.ts';
import type { InstrumentDefinition } from '../../core/instruments/instrument-definition.ts';
import type { RequestOrigin } from '../auth/auth-deps.ts';
import type { StaffActor } from '../auth/staff-actor.ts';
import { recordStaffAudit } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database, Executor } from '../db/database.ts';
import { findInstrumentDefinition } from '../instruments/instrument.repository.ts';
import { resolveInstrument } from '../instruments/resolve-instrument.service.ts';
import { findSessionForActor } from '../sessions/session.repository.ts';
import { formView } from './questionnaire-visit.service.ts';
import { findRespondentContext } from './questionnaire-visit.repository.ts';
import { type SessionAnswerRow, listSessionAnswerRows } from './session-answers.repository.ts';

/**
 * The definition a response was given under: its stored version (bundled or imported), or,
 * when that version is no longer held, the organization's current one for the instrument.
 */
async function definitionOfResponse(
  db: Executor,
  organizationId: string,
  row: SessionAnswerRow,
): Promise<InstrumentDefinition | undefined> {
  const bundled = findBundledInstrument(row.instrumentId);
  if (bundled?.version === row.instrumentVersion) return bundled;
  const stored = await findInstrumentDefinition(
    db,
    organizationId,
    row.instrumentId,
    row.instrumentVersion,
  );
  return stored?.definition ?? (await resolveInstrument(db, organizationId, row.instrumentId));
}

/** One response item by item, in the wording its respondent saw. */
function answerForm(
  row: SessionAnswerRow,
  definition: InstrumentDefinition,
  therapistName: string | null,
): SessionAnswerForm {
  const view = formView(definition, row.language, true, { therapistName });
  const flagsOfItem = (itemId: string) =>
    definition.flags.filter((f) => f.item === itemId && row.flags.includes(f.id)).map((f) => f.id);
  const items: SessionAnswerItem[] = view.items.map((item) => {
    const raw = row.answers[item.id];
    if (item.type === 'text') {
      const freeText = typeof raw === 'string' && raw.trim() !== '' ? raw : null;
      return {
        ...itemBase(item),
        value: null,
        label: null,
        freeText,
        answered: freeText !== null,
        flags: [],
      };
    }
    const value = typeof raw === 'number' ? raw : null;
    return {
      ...itemBase(item),
      value,
      label: value === null ? null : (item.options.find((o) => o.value === value)?.label ?? null),
      freeText: null,
      answered: value !== null,
      flags: value === null ? [] : flagsOfItem(item.id),
    };
  });
  return {
    responseId: row.responseId,
    instrumentId: row.instrumentId,
    instrumentVersion: row.instrumentVersion,
    title: view.title,
    language: view.language,
    respondentKind: row.respondentKind,
    respondentName: row.respondentName,
    submittedAt: row.submittedAt,
    occasion: row.occasion,
    flags: row.flags,
    items,
  };
}

const itemBase = (item: { id: string; type: 'choice' | 'text'; text: string }) => ({
  id: item.id,
  type: item.type,
  text: item.text,
});

/**
 * Every completed form of a session, for the case's therapists and their supervisors; 404
 * for everyone else (the scope is in the query). Each read is audited with counts only: the
 * answers and free text never reach a log or the trail.
 */
export async function readSessionAnswers(
  deps: { db: Database; clock: Clock },
  actor: StaffActor,
  sessionId: string,
  origin: RequestOrigin,
): Promise<SessionAnswers> {
  const session = await findSessionForActor(deps.db, actor, sessionId);
  if (!session) throw notFound('Session');
  const rows = await listSessionAnswerRows(deps.db, actor, session.id);
  // The name a client's WAI-SR filled its blank with: the case's (primary) therapist.
  const context =
    rows.length > 0
      ? await findRespondentContext(deps.db, actor.organizationId, session.caseId, null)
      : undefined;
  const forms: SessionAnswerForm[] = [];
  for (const row of rows) {
    const definition = await definitionOfResponse(deps.db, actor.organizationId, row);
    if (definition) forms.push(answerForm(row, definition, context?.therapistName ?? null));
  }
  const risks = forms.flatMap((form) =>
    form.items
      .filter((item) => item.flags.includes('risk'))
      .map((item) => ({
        responseId: form.responseId,
        instrumentId: form.instrumentId,
        respondentName: form.respondentName,
        itemId: item.id,
        text: item.text,
        label: item.label,
        value: item.value,
      })),
  );
  await recordStaffAudit(deps.db, deps.clock, actor, origin, {
    action: 'session.answers.read',
    entityType: 'session',
    entityId: session.id,
    details: { caseId: session.caseId, responses: forms.length, risks: risks.length },
  });
  return { sessionId: session.id, caseId: session.caseId, risks, forms };
}
