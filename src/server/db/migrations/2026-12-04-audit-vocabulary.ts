import type { Kysely } from 'kysely';

// Frozen in time: this migration must never change once released; later changes are new
// migrations. It sees the database as Kysely<any> so later type changes cannot break it.

/**
 * One audit vocabulary (src/core/api/audit-vocabulary.ts). Case reads were logged as entity
 * `case` by the case page and the session list and as `care_case` elsewhere, so filtering
 * by one name missed the other's rows: every `case` becomes `care_case`. Denied requests
 * named the route's pattern as their entity type; they become entity `route` with the
 * pattern moved into the details, so every entity type is one of a fixed list.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db
    .updateTable('audit_event')
    .set({ entity_type: 'care_case' })
    .where('entity_type', '=', 'case')
    .execute();
  const denials = await db
    .selectFrom('audit_event')
    .select(['id', 'entity_type', 'details'])
    .where('action', '=', 'access.denied')
    .where('entity_type', 'like', '/%')
    .execute();
  for (const row of denials) {
    const details = { route: row.entity_type, ...JSON.parse(row.details) };
    await db
      .updateTable('audit_event')
      .set({ entity_type: 'route', details: JSON.stringify(details) })
      .where('id', '=', row.id)
      .execute();
  }
}

/** Denials get their route back as entity type; `care_case` stays (the rows cannot tell). */
export async function down(db: Kysely<any>): Promise<void> {
  const denials = await db
    .selectFrom('audit_event')
    .select(['id', 'details'])
    .where('action', '=', 'access.denied')
    .where('entity_type', '=', 'route')
    .execute();
  for (const row of denials) {
    const { route, ...details } = JSON.parse(row.details);
    if (typeof route !== 'string') continue;
    await db
      .updateTable('audit_event')
      .set({ entity_type: route, details: JSON.stringify(details) })
      .where('id', '=', row.id)
      .execute();
  }
}
