import type { Executor } from '../db/database.ts';

/**
 * The founding study's IPR interviews in the demo (issue 17, item 8): the schedule (sessions
 * 3 and 5, client and therapist, 48 hours), a first protocol version, and for each dyad an
 * interview of the client and of the therapist after sessions 3 and 5 where the session took
 * place (the generated history cancels a few), booked and held within the window by the
 * study's researcher. One client broke off the first interview
 * (partial) and came to the second (completed); the client who withdrew after session 3 has
 * no session 5 interview. Two interpreters are briefed: one of them interpreted the Spanish-
 * speaking client's therapy, so booking them for that client's interview is refused; the
 * other, registered for research, interprets that client's interviews.
 */
export interface DemoInterviewDyad {
  clientParticipantId: string;
  therapistParticipantId: string;
  caseId: string;
  clientLanguage: string;
  /** Session number → its id, end and attendance (1 to 5). */
  sessions: Map<number, { id: string; endsAt: string; attendance: string }>;
  /** The client withdrew after session 3: no session 5 interview. */
  withdrawnAfter3: boolean;
  /** The client's therapy sessions are interpreted into Spanish. */
  spanish: boolean;
}

const HOUR = 3_600_000;

// Our own questions in the spirit of Elliott's Brief Structured Recall, not a published
// instrument's wording.
const PROTOCOL = [
  {
    question: 'Looking back at the session, which moment stands out for you?',
    probes: [
      'What was going on for you just then?',
      'What did you want from the other person at that moment?',
    ],
  },
  {
    question: 'Was there a moment when you felt the two of you were working on the same thing?',
    probes: ['What made it feel that way?'],
  },
  {
    question: 'Was there a moment of tension, misunderstanding or distance?',
    probes: ['How did it pass, if it did?', 'What would have helped?'],
  },
];

export async function seedDemoInterviews(
  trx: Executor,
  input: {
    organizationId: string;
    studyId: string;
    researcherId: string;
    openedAt: string;
    dyads: readonly DemoInterviewDyad[];
    nextId: () => string;
  },
): Promise<void> {
  const { organizationId: orgId, studyId, researcherId, nextId } = input;
  await trx
    .insertInto('interview_schedule')
    .values({
      study_id: studyId,
      organization_id: orgId,
      session_numbers: JSON.stringify([3, 5]),
      respondents: JSON.stringify(['client', 'therapist']),
      window_hours: 48,
      updated_by: researcherId,
      updated_at: input.openedAt,
    })
    .execute();
  const protocolId = nextId();
  await trx
    .insertInto('interview_protocol_version')
    .values({
      id: protocolId,
      organization_id: orgId,
      study_id: studyId,
      version: 1,
      questions: JSON.stringify(PROTOCOL),
      created_by: researcherId,
      created_at: input.openedAt,
    })
    .execute();

  // The two briefed interpreters: the one who interpreted the Spanish-speaking client's
  // therapy (briefed, so only that client's own history stands in the way) and one
  // registered for research, who interprets that client's interviews.
  const spanish = input.dyads.find((d) => d.spanish);
  const briefedOn = input.openedAt.slice(0, 10);
  let interviewInterpreter: string | null = null;
  if (spanish) {
    const therapy = await trx
      .selectFrom('therapy_session')
      .select('interpreter_id')
      .where('organization_id', '=', orgId)
      .where('case_id', '=', spanish.caseId)
      .where('interpreter_id', 'is not', null)
      .orderBy('number')
      .executeTakeFirst();
    // Where the generator left this case uninterpreted, its first session gets the
    // organization's Spanish interpreter, as the demo's "interpreted this client's therapy".
    let therapyInterpreter = therapy?.interpreter_id ?? null;
    if (therapyInterpreter === null) {
      const candidates = await trx
        .selectFrom('interpreter')
        .select(['id', 'languages'])
        .where('organization_id', '=', orgId)
        .orderBy('id')
        .execute();
      therapyInterpreter =
        candidates.find((c) => (JSON.parse(c.languages) as string[]).includes('es'))?.id ?? null;
      const first = spanish.sessions.get(1);
      if (therapyInterpreter !== null && first)
        await trx
          .updateTable('therapy_session')
          .set({ interpreter_id: therapyInterpreter, language: 'es' })
          .where('organization_id', '=', orgId)
          .where('id', '=', first.id)
          .execute();
    }
    if (therapyInterpreter !== null)
      await trx
        .updateTable('interpreter')
        .set({ briefed_on: briefedOn, briefed_by: researcherId })
        .where('organization_id', '=', orgId)
        .where('id', '=', therapyInterpreter)
        .execute();
    interviewInterpreter = nextId();
    await trx
      .insertInto('interpreter')
      .values({
        id: interviewInterpreter,
        organization_id: orgId,
        staff_user_id: null,
        display_name: 'Elena Vidal',
        languages: JSON.stringify(['es', 'en']),
        clinical_experience:
          'Psychosocial support worker and interpreter in a refugee health service, nine years',
        briefing_acknowledged_at: null,
        briefed_on: briefedOn,
        briefed_by: researcherId,
        created_at: input.openedAt,
      })
      .execute();
  }

  // The client who broke off the session 3 interview and came to the session 5 one: the
  // first whose sessions 3 and 5 both took place.
  const attended = (d: DemoInterviewDyad, n: number) =>
    d.sessions.get(n)?.attendance === 'attended';
  const brokeOff = input.dyads.find(
    (d) => !d.withdrawnAfter3 && !d.spanish && attended(d, 3) && attended(d, 5),
  );
  const tasks = [];
  const events = [];
  const bookings = [];
  for (const [index, dyad] of input.dyads.entries()) {
    for (const number of [3, 5]) {
      const session = dyad.sessions.get(number);
      // Only an attended session makes interview tasks.
      if (!session || !attended(dyad, number)) continue;
      const end = Date.parse(session.endsAt);
      for (const role of ['client', 'therapist'] as const) {
        if (role === 'client' && number === 5 && dyad.withdrawnAfter3) continue;
        const id = nextId();
        const partial = role === 'client' && number === 3 && dyad === brokeOff;
        // One researcher holds every interview: each dyad's two slots are spread over the
        // window so that no two slots of the study coincide.
        const slot = (index * 2 + (role === 'client' ? 0 : 1)) % 24;
        const startsAt = end + 12 * HOUR + slot * 75 * 60_000;
        const bookedAt = new Date(end + 2 * HOUR).toISOString();
        const heldAt = new Date(startsAt + 70 * 60_000).toISOString();
        const interpreted = role === 'client' && dyad.spanish && interviewInterpreter !== null;
        tasks.push({
          id,
          organization_id: orgId,
          study_id: studyId,
          participant_id:
            role === 'client' ? dyad.clientParticipantId : dyad.therapistParticipantId,
          session_id: session.id,
          due_at: new Date(end + 48 * HOUR).toISOString(),
          status: partial ? ('partial' as const) : ('completed' as const),
          protocol_version_id: protocolId,
          covered: partial
            ? 'The first two main questions: the moment that stood out and working on the same thing.'
            : null,
          stop_reason: partial
            ? 'The client became tired and asked to stop; offered to continue after session 5.'
            : null,
          created_at: new Date(end + 5 * 60_000).toISOString(),
          updated_at: heldAt,
        });
        bookings.push({
          task_id: id,
          organization_id: orgId,
          interviewer_id: researcherId,
          starts_at: new Date(startsAt).toISOString(),
          ends_at: new Date(startsAt + 60 * 60_000).toISOString(),
          modality: index % 3 === 2 ? ('video' as const) : ('in-person' as const),
          language: role === 'client' ? dyad.clientLanguage : 'en',
          interpreter_id: interpreted ? interviewInterpreter : null,
          booked_by: researcherId,
          booked_at: bookedAt,
        });
        events.push(
          {
            organization_id: orgId,
            task_id: id,
            status: 'open' as const,
            actor_kind: 'system' as const,
            actor_id: null,
            at: new Date(end + 5 * 60_000).toISOString(),
          },
          {
            organization_id: orgId,
            task_id: id,
            status: 'scheduled' as const,
            actor_kind: 'staff' as const,
            actor_id: researcherId,
            at: bookedAt,
          },
          {
            organization_id: orgId,
            task_id: id,
            status: partial ? ('partial' as const) : ('completed' as const),
            actor_kind: 'staff' as const,
            actor_id: researcherId,
            at: heldAt,
          },
        );
      }
    }
  }
  if (tasks.length === 0) return;
  await trx.insertInto('interview_task').values(tasks).execute();
  await trx.insertInto('interview_booking').values(bookings).execute();
  await trx.insertInto('interview_task_event').values(events).execute();
}
