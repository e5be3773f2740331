import { useTranslation } from 'react-i18next';
import type { AlertView } from './alert-api.ts';

interface ScorePoint {
  session: number;
  score: number;
}

const isPoints = (value: unknown): value is ScorePoint[] =>
  Array.isArray(value) &&
  value.every((p) => typeof p === 'object' && p !== null && 'session' in p && 'score' in p);

const format = (value: unknown): string =>
  typeof value === 'number'
    ? String(Math.round(value * 1000) / 1000)
    : Array.isArray(value)
      ? value.map(format).join(', ')
      : typeof value === 'object' && value !== null
        ? Object.entries(value)
            .map(([k, v]) => `${k} ${format(v)}`)
            .join('; ')
        : String(value);

/**
 * Why an alert fired: the rule, the exact parameters it used and the scores it looked at
 * (docs/methods.md: "every alert stores its evidence … so a person can see why it fired").
 */
export function AlertEvidence({ alert }: { alert: AlertView }) {
  const { t } = useTranslation();
  const e = alert.evidence;
  const scores: ScorePoint[] = [
    ...(isPoints(e.priorScores) ? e.priorScores : []),
    ...(typeof e.score === 'number' && alert.type === 'rupture'
      ? [{ session: alert.session, score: e.score }]
      : []),
    ...(isPoints(e.followUpScores) ? e.followUpScores : []),
    ...(isPoints(e.scores) ? e.scores : []),
  ];
  const facts = Object.entries(e).filter(
    ([key, value]) =>
      // Ids and keys are for the engine, not for a reader.
      !['priorScores', 'followUpScores', 'scores', 'respondentId'].includes(key) &&
      !/(Id|Key)$/.test(key) &&
      (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean'),
  );
  // In words first (the alert's own sentence and the scores it looked at); the rule's name
  // and raw parameters stay one toggle further in, for those who want them.
  return (
    <details className="alert-evidence">
      <summary>{t('alerts.why')}</summary>
      {scores.length > 0 && (
        <table className="alert-scores">
          <caption>{t('alerts.scoresCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('alerts.session')}</th>
              <th scope="col">{t('alerts.score')}</th>
            </tr>
          </thead>
          <tbody>
            {scores.map((p) => (
              <tr key={p.session}>
                <td>{p.session}</td>
                <td>{format(p.score)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {typeof e.therapistInstrumentId === 'string' && (
        <p>
          {t('alerts.therapistFormCompared', {
            form:
              e.therapistInstrumentId === 'therapist-session-rating'
                ? t('alerts.therapistSessionRating')
                : e.therapistInstrumentId,
          })}
        </p>
      )}
      <details className="alert-rule">
        <summary>{t('alerts.ruleDetails')}</summary>
        <dl>
          <dt>{t('alerts.rule')}</dt>
          <dd>
            <code>{alert.rule}</code>
          </dd>
          <dt>{t('alerts.parameters')}</dt>
          <dd>
            <ul className="plain">
              {Object.entries(alert.parameters).map(([key, value]) => (
                <li key={key}>
                  <code>{key}</code>: {format(value)}
                </li>
              ))}
            </ul>
          </dd>
          {facts.length > 0 && (
            <>
              <dt>{t('alerts.evidence')}</dt>
              <dd>
                <ul className="plain">
                  {facts.map(([key, value]) => (
                    <li key={key}>
                      <code>{key}</code>: {format(value)}
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          )}
        </dl>
      </details>
    </details>
  );
}
