import { type Database, pingDatabase } from '../db/database.ts';

export interface Health {
  status: 'ok' | 'unavailable';
  database: 'ok' | 'unreachable';
}

export async function checkHealth(db: Database): Promise<Health> {
  try {
    await pingDatabase(db);
    return { status: 'ok', database: 'ok' };
  } catch {
    return { status: 'unavailable', database: 'unreachable' };
  }
}
