import SQLite from 'better-sqlite3';
import { DEMO_BULK_TABLES, type DemoBulkRows } from './demo-seed.repository.ts';

export interface DemoScratchWriter {
  write(rows: DemoBulkRows): void;
  close(): void;
}

/**
 * A throwaway SQLite file the demo's worker thread fills with its share of the case rows, so
 * that binding values (most of a big seed's CPU) runs on a second core. Plain tables (no
 * types, keys or indexes: those are the real database's, and `copyScratchRows` fills it from
 * here in one statement per table), no journal, no syncs: the file is deleted after the copy,
 * and a failed seed rolls the real database back without it.
 */
export function openDemoScratch(file: string): DemoScratchWriter {
  const connection = new SQLite(file);
  connection.pragma('journal_mode = off');
  connection.pragma('synchronous = off');
  const inserts = new Map<string, { statement: SQLite.Statement; columns: string[] }>();
  connection.exec('begin');
  return {
    write(rows) {
      for (const table of DEMO_BULK_TABLES) {
        const list = rows[table] as Record<string, unknown>[];
        if (list.length === 0) continue;
        let insert = inserts.get(table);
        if (!insert) {
          const columns = Object.keys(list[0]!);
          const names = columns.map((c) => `"${c}"`).join(', ');
          connection.exec(`create table "${table}" (${names})`);
          const values = columns.map(() => '?').join(', ');
          const statement = connection.prepare(
            `insert into "${table}" (${names}) values (${values})`,
          );
          insert = { statement, columns };
          inserts.set(table, insert);
        }
        const { statement, columns } = insert;
        const values: unknown[] = new Array(columns.length);
        for (const row of list) {
          // A missing or undefined value is written as NULL, as insertDemoRows does.
          for (let c = 0; c < columns.length; c++) values[c] = row[columns[c]!] ?? null;
          statement.run(values);
        }
      }
    },
    close() {
      if (connection.inTransaction) connection.exec('commit');
      connection.close();
    },
  };
}
