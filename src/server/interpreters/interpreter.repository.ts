import type { Executor } from '../db/database.ts';
import type { InterpreterTable } from '../db/database-schema.ts';

export interface Interpreter {
  id: string;
  organizationId: string;
  staffUserId: string | null;
  displayName: string;
  languages: string[];
  clinicalExperience: string | null;
  briefingAcknowledgedAt: string | null;
}

export async function insertInterpreter(
  db: Executor,
  interpreter: Interpreter,
  createdAt: string,
): Promise<void> {
  await db
    .insertInto('interpreter')
    .values({
      id: interpreter.id,
      organization_id: interpreter.organizationId,
      staff_user_id: interpreter.staffUserId,
      display_name: interpreter.displayName,
      languages: JSON.stringify(interpreter.languages),
      clinical_experience: interpreter.clinicalExperience,
      briefing_acknowledged_at: interpreter.briefingAcknowledgedAt,
      created_at: createdAt,
    })
    .execute();
}

const interpreterRowToInterpreter = (row: InterpreterTable): Interpreter => ({
  id: row.id,
  organizationId: row.organization_id,
  staffUserId: row.staff_user_id,
  displayName: row.display_name,
  languages: JSON.parse(row.languages) as string[],
  clinicalExperience: row.clinical_experience,
  briefingAcknowledgedAt: row.briefing_acknowledged_at,
});

export async function listInterpreters(
  db: Executor,
  organizationId: string,
): Promise<Interpreter[]> {
  const rows = await db
    .selectFrom('interpreter')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('display_name')
    .execute();
  return rows.map(interpreterRowToInterpreter);
}

export async function findInterpreter(
  db: Executor,
  organizationId: string,
  id: string,
): Promise<Interpreter | undefined> {
  const row = await db
    .selectFrom('interpreter')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && interpreterRowToInterpreter(row);
}
