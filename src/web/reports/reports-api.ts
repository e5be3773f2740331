import type { PracticeReport, ReportSection } from '../../core/api/practice-report.ts';
import { apiGet } from '../api-client.ts';

/** The practice report's API (src/server/reports/practice-report.routes.ts). */
export type { PracticeReport, ReportSection };

/** The filters as the page's address and the API take them: clinicId, from, to. */
export type ReportFilters = URLSearchParams;

const query = (filters: ReportFilters) => {
  const q = filters.toString();
  return q ? `?${q}` : '';
};

export const fetchPracticeReport = (filters: ReportFilters) =>
  apiGet<PracticeReport>(`/api/reports/practice${query(filters)}`);

/** Where one table downloads as CSV (a plain GET: the browser saves the file). */
export const reportCsvPath = (section: ReportSection, filters: ReportFilters) =>
  `/api/reports/practice/${encodeURIComponent(section)}/csv${query(filters)}`;
