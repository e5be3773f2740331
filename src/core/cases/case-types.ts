/**
 * What kind of therapy a case is: one client, a couple, or a family. The one list (database
 * types, API schemas, the admin's measurement plans); plain data the web app may import.
 */
export const CASE_TYPES = ['individual', 'couple', 'family'] as const;
export type CaseType = (typeof CASE_TYPES)[number];
