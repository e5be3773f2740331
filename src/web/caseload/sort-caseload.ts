import type { CaseloadEntry } from '../../core/api/caseload.ts';
import { compareByAttention } from '../../core/api/order-caseload-by-attention.ts';

export type CaseloadSortKey =
  'attention' | 'client' | 'type' | 'sessions' | 'alliance' | 'forms' | 'alerts' | 'next';
export type SortDirection = 'ascending' | 'descending';

const clientName = (c: CaseloadEntry) => c.members.map((m) => m.displayName).join(', ');

/** The client side's latest alliance, averaged over members; null before the first score. */
export const latestClientAlliance = (c: CaseloadEntry): number | null =>
  c.clientAlliance.length === 0
    ? null
    : c.clientAlliance.reduce((sum, a) => sum + a.value, 0) / c.clientAlliance.length;

/** Case-insensitive match on any member's name or the case reference. */
export function filterCaseload(cases: CaseloadEntry[], query: string): CaseloadEntry[] {
  const q = query.trim().toLocaleLowerCase();
  if (!q) return cases;
  return cases.filter(
    (c) =>
      c.reference.toLocaleLowerCase().includes(q) ||
      c.members.some((m) => m.displayName.toLocaleLowerCase().includes(q)),
  );
}

/**
 * Sorted copy; cases without a value (no score, no next session) always go last. By
 * attention, ascending is "most in need first" (the server's order, and the default).
 */
export function sortCaseload(
  cases: CaseloadEntry[],
  key: CaseloadSortKey,
  direction: SortDirection,
  locale: string,
): CaseloadEntry[] {
  if (key === 'attention') {
    const sign = direction === 'ascending' ? 1 : -1;
    return [...cases].sort((a, b) => sign * compareByAttention(a, b));
  }
  const value = (c: CaseloadEntry): string | number | null => {
    switch (key) {
      case 'client':
        return clientName(c);
      case 'type':
        return c.type;
      case 'sessions':
        return c.attendedSessions;
      case 'alliance':
        return latestClientAlliance(c);
      case 'forms':
        return c.outstandingForms;
      case 'alerts':
        // Urgent ones weigh more than any number of others.
        return c.urgentAlerts * 1000 + c.openAlerts;
      case 'next':
        return c.nextSession?.startsAt ?? null;
    }
  };
  const sign = direction === 'ascending' ? 1 : -1;
  return [...cases].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === null || vb === null) return va === vb ? 0 : va === null ? 1 : -1;
    const order =
      typeof va === 'number' && typeof vb === 'number'
        ? va - vb
        : String(va).localeCompare(String(vb), locale);
    return sign * order || a.reference.localeCompare(b.reference);
  });
}
