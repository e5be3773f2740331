import { useTranslation } from 'react-i18next';
import type { AllianceTrendPoint } from '../../core/api/caseload.ts';
import { formatNumber } from '../case-view/format-zoned-time.ts';

const WIDTH = 80;
const HEIGHT = 24;
// WAI-SR totals run 12–60; a fixed scale keeps rows comparable at a glance.
const MIN = 12;
const MAX = 60;

/** A row's recent client alliance as a tiny line, with the numbers as its text alternative. */
export function Sparkline({ points }: { points: AllianceTrendPoint[] }) {
  const { t, i18n } = useTranslation();
  if (points.length === 0) return <span className="muted">{t('caseload.none')}</span>;
  const label = t('caseload.trendLabel', {
    count: points.length,
    values: points.map((p) => formatNumber(p.value, i18n.language)).join(', '),
  });
  const x = (i: number) =>
    points.length === 1 ? WIDTH / 2 : 2 + (i * (WIDTH - 4)) / (points.length - 1);
  const y = (v: number) => HEIGHT - 2 - ((v - MIN) / (MAX - MIN)) * (HEIGHT - 4);
  const path = points.map((p, i) => `${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const last = points.at(-1)!;
  return (
    <svg
      className="sparkline"
      role="img"
      aria-label={label}
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      data-testid="alliance-sparkline"
      data-points={points.length}
    >
      <title>{label}</title>
      <polyline points={path} fill="none" stroke="currentColor" strokeWidth="1.5" />
      <circle cx={x(points.length - 1)} cy={y(last.value)} r="2" fill="currentColor" />
    </svg>
  );
}
