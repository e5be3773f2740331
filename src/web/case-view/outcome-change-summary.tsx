import { useTranslation } from 'react-i18next';
import type { OutcomeSeries, ReliableChangeMarker } from '../../core/api/case-view.ts';
import { formatNumber } from './format-zoned-time.ts';
import type { Translate } from './series-chart.tsx';

const OPERATOR_SIGNS: Record<string, string> = {
  '>=': '≥',
  '>': '>',
  '<=': '≤',
  '<': '<',
  '=': '=',
  '!=': '≠',
};

/** A point's reliable change in the table: "reliable improvement (−7 points)" or "(RC −2.12)". */
export function pointChangeText(t: Translate, change: ReliableChangeMarker, locale: string) {
  const detail =
    change.rc === null
      ? t('caseView.points', { count: change.difference, n: signed(change.difference, locale) })
      : `RC ${formatNumber(change.rc, locale, 2)}`;
  return `${t(`caseView.${change.direction}`)} (${detail})`;
}

const signed = (n: number, locale: string) =>
  new Intl.NumberFormat(locale, { signDisplay: 'exceptZero', maximumFractionDigits: 1 }).format(n);

/**
 * One respondent's category against their first score, with the numbers behind it in words
 * (issue 19): how far the score moved and between which sessions, the criterion that makes a
 * change reliable, and the caseness line on either side.
 */
export function OutcomeChangeSummary({ series }: { series: OutcomeSeries }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const change = series.change;
  const criteria = series.changeCriteria;
  if (change === null || criteria === null) return null;
  const number = (n: number) => formatNumber(n, locale);
  const moved = t(
    change.difference === 0
      ? 'caseView.change.same'
      : change.difference < 0
        ? 'caseView.change.fell'
        : 'caseView.change.rose',
    {
      count: Math.abs(change.difference),
      n: number(Math.abs(change.difference)),
      first: number(change.first),
      latest: number(change.latest),
      firstSession: change.firstSession,
      latestSession: change.latestSession,
    },
  );
  const criterion =
    criteria.method === 'published-threshold'
      ? t('caseView.change.criterionPoints', { n: number(criteria.minimumChange!) })
      : t('caseView.change.criterionRc', {
          rc: formatNumber(change.rc!, locale, 2),
          criterion: number(criteria.criterion!),
          sd: number(criteria.sd!),
          reliability: formatNumber(criteria.reliability!, locale, 2),
        });
  const caseness =
    criteria.caseness === null || change.firstIsCase === null || change.latestIsCase === null
      ? ''
      : t('caseView.change.caseness', {
          rule: `${OPERATOR_SIGNS[criteria.caseness.operator] ?? criteria.caseness.operator} ${number(criteria.caseness.value)}`,
          first: t(change.firstIsCase ? 'caseView.change.inCase' : 'caseView.change.notCase'),
          latest: t(change.latestIsCase ? 'caseView.change.inCase' : 'caseView.change.notCase'),
        });
  return (
    <span
      className="summary-line outcome-category"
      data-testid="outcome-category"
      data-category={change.category}
      data-respondent={series.respondentId}
    >
      <strong>
        {t('caseView.change.headline', {
          name: series.respondentName,
          category: t(`caseView.category.${change.category}`),
        })}
      </strong>{' '}
      {[moved, criterion, caseness].filter(Boolean).join(' ')}
    </span>
  );
}
