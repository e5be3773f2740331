import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { interviewUrgency } from '../../../core/research/interview-urgency.ts';
import { ApiError } from '../../api-client.ts';
import { errorMessage } from '../../auth/error-message.ts';
import { type StudyView, fetchStudy } from '../research-api.ts';
import { InterviewBookingForm } from './interview-booking-form.tsx';
import { InterviewOutcomeForm } from './interview-outcome-form.tsx';
import { InterviewProtocolPanel } from './interview-protocol-panel.tsx';
import { InterviewSchedulePanel } from './interview-schedule-panel.tsx';
import {
  type InterviewSchedule,
  type InterviewTask,
  type ProtocolVersion,
  fetchProtocolVersions,
  fetchSchedule,
  fetchTasks,
} from './interviews-api.ts';

interface Loaded {
  study: StudyView;
  schedule: InterviewSchedule;
  versions: ProtocolVersion[];
  tasks: InterviewTask[];
}

const BOOKABLE = ['open', 'scheduled'];

/**
 * /research/:studyId/interviews: the study team's IPR interviews (issue 17, items 1–4) —
 * the schedule, the protocol in versions, and the tasks by pseudonym with their deadline in
 * the clinic's zone, each bookable and, once booked, given its outcome. Each row links to
 * the interview's own page (/research/:studyId/interviews/:taskId).
 */
export function StudyInterviewsPage() {
  const { t, i18n } = useTranslation();
  const { studyId = '' } = useParams();
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<{ taskId: string; mode: 'book' | 'outcome' } | null>(
    null,
  );
  const [status, setStatus] = useState<string | null>(null);
  const formHeading = useRef<HTMLHeadingElement>(null);

  const load = useCallback(() => {
    // The schedule first: anyone off the study's team gets its 404 (whatever their role)
    // before the study itself is asked for, so the page never says more than "no such study".
    fetchSchedule(studyId)
      .then((schedule) =>
        Promise.all([
          fetchStudy(studyId),
          fetchProtocolVersions(studyId),
          fetchTasks(studyId),
        ]).then(([study, versions, tasks]) => {
          setData({ study, schedule, versions: versions.protocolVersions, tasks: tasks.tasks });
          setError(null);
        }),
      )
      .catch((e: unknown) =>
        setError(
          e instanceof ApiError && e.status === 404 ? t('interviews.none') : errorMessage(t, e),
        ),
      );
  }, [studyId]);
  useEffect(load, [load]);
  useEffect(() => formHeading.current?.focus(), [selected]);

  if (error)
    return (
      <>
        <h1>{t('interviews.title')}</h1>
        <p role="alert">{error}</p>
      </>
    );
  if (!data) return <p role="status">{t('app.loading')}</p>;
  const { study, tasks } = data;
  const now = new Date();
  const task = selected && tasks.find((x) => x.id === selected.taskId);
  const teamName = (id: string) =>
    study.team.find((m) => m.staffUserId === id)?.displayName ?? t('interviews.tasks.someone');
  const describe = (x: InterviewTask) =>
    t('interviews.tasks.describe', {
      pseudonym: x.pseudonym,
      session: x.sessionNumber,
      respondent: t(`interviews.respondents.${x.respondent}`),
    });
  const done = (updated: InterviewTask, message: string) => {
    setData({ ...data, tasks: tasks.map((x) => (x.id === updated.id ? updated : x)) });
    setSelected(null);
    setStatus(message);
  };

  return (
    <>
      <p>
        <Link to={`/research/${encodeURIComponent(study.id)}`}>{t('interviews.back')}</Link>
        {' · '}
        <Link to="/research/interpreters">{t('interpreters.link')}</Link>
        {' · '}
        <Link to={`/research/${encodeURIComponent(study.id)}/interviews/review`}>
          {t('interview.queue.link')}
        </Link>
      </p>
      <h1 className="typed-heading">{t('interviews.heading', { title: study.title })}</h1>
      <p className="hint">{t('interviews.intro')}</p>

      <section aria-labelledby="interview-tasks" className="panel">
        <h2 id="interview-tasks">{t('interviews.tasks.heading')}</h2>
        <p role="status" className="status-line">
          {status}
        </p>
        {tasks.length === 0 ? (
          <p>{t('interviews.tasks.none')}</p>
        ) : (
          <div
            className="table-scroll"
            role="region"
            aria-label={t('interviews.tasks.caption')}
            tabIndex={0}
          >
            <table className="data-table" data-testid="interview-tasks">
              <caption>{t('interviews.tasks.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('interviews.tasks.participant')}</th>
                  <th scope="col">{t('interviews.tasks.session')}</th>
                  <th scope="col">{t('interviews.tasks.role')}</th>
                  <th scope="col">{t('interviews.tasks.due')}</th>
                  <th scope="col">{t('interviews.tasks.state')}</th>
                  <th scope="col">{t('interviews.tasks.booking')}</th>
                  <th scope="col">{t('interviews.tasks.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {tasks.map((x) => {
                  const urgency = interviewUrgency(x, now);
                  return (
                    <tr key={x.id} data-testid="interview-task" data-task-id={x.id}>
                      <th scope="row">
                        <Link
                          to={`/research/${encodeURIComponent(study.id)}/interviews/${encodeURIComponent(x.id)}`}
                        >
                          {x.pseudonym}
                        </Link>
                      </th>
                      <td>{x.sessionNumber}</td>
                      <td>{t(`interviews.respondents.${x.respondent}`)}</td>
                      <td data-testid="task-due">
                        <time dateTime={x.dueAt}>{x.dueLocal.text}</time>
                      </td>
                      <td data-testid="task-state">
                        {t(`interviews.statuses.${x.status}`)}
                        {urgency && urgency !== 'missed' && (
                          <>
                            {' '}
                            <span
                              className="badge"
                              data-severity={urgency === 'overdue' ? 'urgent' : 'warning'}
                            >
                              {t(`interviews.urgency.${urgency}`)}
                            </span>
                          </>
                        )}
                      </td>
                      <td>
                        {x.booking &&
                          t('interviews.tasks.bookedWith', {
                            when: x.booking.startsLocal.text,
                            interviewer: teamName(x.booking.interviewerId),
                            modality: t(`sessions.modalities.${x.booking.modality}`),
                          })}
                        {x.status === 'partial' && x.covered && (
                          <details>
                            <summary>{t('interviews.tasks.partialDetail')}</summary>
                            <p>{t('interviews.outcome.covered')}</p>
                            <p className="typed-text">{x.covered}</p>
                            <p>{t('interviews.outcome.stopReason')}</p>
                            <p className="typed-text">{x.stopReason}</p>
                          </details>
                        )}
                      </td>
                      <td>
                        {BOOKABLE.includes(x.status) && (
                          <button
                            type="button"
                            aria-label={`${x.booking ? t('interviews.tasks.rebook') : t('interviews.tasks.book')}: ${describe(x)}`}
                            onClick={() => setSelected({ taskId: x.id, mode: 'book' })}
                          >
                            {x.booking ? t('interviews.tasks.rebook') : t('interviews.tasks.book')}
                          </button>
                        )}
                        {x.status === 'scheduled' && (
                          <button
                            type="button"
                            aria-label={`${t('interviews.tasks.outcome')}: ${describe(x)}`}
                            onClick={() => setSelected({ taskId: x.id, mode: 'outcome' })}
                          >
                            {t('interviews.tasks.outcome')}
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {task && selected && (
          <div className="panel" data-testid="task-form">
            <h3 ref={formHeading} tabIndex={-1}>
              {selected.mode === 'book'
                ? t('interviews.booking.heading', { task: describe(task) })
                : t('interviews.outcome.heading', { task: describe(task) })}
            </h3>
            {selected.mode === 'book' ? (
              <InterviewBookingForm
                key={task.id}
                studyId={study.id}
                task={task}
                team={study.team}
                onBooked={(updated) =>
                  done(updated, t('interviews.booking.done', { task: describe(updated) }))
                }
              />
            ) : (
              <InterviewOutcomeForm
                key={task.id}
                studyId={study.id}
                task={task}
                onRecorded={(updated) =>
                  done(
                    updated,
                    t('interviews.outcome.done', {
                      task: describe(updated),
                      outcome: t(`interviews.statuses.${updated.status}`),
                    }),
                  )
                }
              />
            )}
            <button type="button" onClick={() => setSelected(null)}>
              {t('interviews.tasks.close')}
            </button>
          </div>
        )}
      </section>

      <InterviewSchedulePanel
        studyId={study.id}
        schedule={data.schedule}
        onSaved={(schedule) => setData({ ...data, schedule })}
      />
      <InterviewProtocolPanel
        key={data.versions[0]?.id ?? 'none'}
        studyId={study.id}
        versions={data.versions}
        onPublished={load}
      />
      <p className="hint">{t('interviews.updated', { when: now.toLocaleString(i18n.language) })}</p>
    </>
  );
}
