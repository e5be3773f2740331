import { loadConfig, type Config, type ConfigOverrides } from '../server/config.ts';
import { type DatabaseHandle, migrateToLatest, openDatabase } from '../server/db/database.ts';

/** Configuration from the environment plus the command's flags; migrated before use. */
export async function openConfiguredDatabase(
  overrides: ConfigOverrides = {},
): Promise<{ config: Config; database: DatabaseHandle }> {
  const config = loadConfig(overrides);
  const database = openDatabase(config.database);
  try {
    await migrateToLatest(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  return { config, database };
}
