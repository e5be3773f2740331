/**
 * The lists intake draws from, defined once for the server, the web app and the CLI.
 * A clinic keeps its own case types and presenting concerns (clinic_intake_settings); a
 * clinic that never set them uses the defaults below.
 */

/** The structure of a case: who is in the room. Measurement plans and alliance analyses key on it. */
export const caseStructures = ['individual', 'couple', 'family'] as const;
export type CaseStructure = (typeof caseStructures)[number];

/** A clinic's case type: its own code (e.g. coaching) and the structure it has. */
export interface ClinicCaseType {
  code: string;
  structure: CaseStructure;
}

export const defaultCaseTypes: readonly ClinicCaseType[] = [
  { code: 'individual', structure: 'individual' },
  { code: 'couple', structure: 'couple' },
  { code: 'family', structure: 'family' },
  { code: 'coaching', structure: 'individual' },
];

export const defaultPresentingConcerns: readonly string[] = [
  'anxiety',
  'ocd',
  'depression',
  'relationship',
  'family-conflict',
  'trauma',
  'grief',
  'coaching',
  'other',
];

/** How many client members a case of each structure has (inclusive bounds). */
export const caseMemberCounts: Readonly<Record<CaseStructure, readonly [number, number]>> = {
  individual: [1, 1],
  couple: [2, 2],
  family: [2, 12],
};

/** A member's relation within the case. */
export const memberRelations = [
  'client',
  'partner',
  'parent',
  'child',
  'sibling',
  'other',
] as const;
export type MemberRelation = (typeof memberRelations)[number];

export const caseClosedReasons = ['completed', 'dropped-out', 'referred', 'other'] as const;
export type CaseClosedReason = (typeof caseClosedReasons)[number];

/** A code in a clinic's lists: lower-case words joined by hyphens (shown through the catalogues). */
export const listCodePattern = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Age in whole years on `onDate` (both YYYY-MM-DD), for the under-18 guardian rule. */
export function ageOn(dateOfBirth: string, onDate: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = onDate.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** True for a real calendar date written YYYY-MM-DD (2026-02-30 is not). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
