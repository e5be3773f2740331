/**
 * The roles a staff member can hold at a clinic (docs/architecture.md, "Access"). The one
 * list: the database's check constraint, the API's schemas, the CLI and the admin screens
 * all take it from here. Plain data, no imports, so the web app may import it at run time.
 */
export const STAFF_ROLES = [
  'admin',
  'therapist',
  'supervisor',
  'researcher',
  'interpreter',
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
