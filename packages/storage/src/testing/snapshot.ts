import { sql } from 'kysely';
import type { OltpStore } from '../oltp/store.js';

/**
 * Every row of every table (bar migration bookkeeping), as sorted JSON lines per table: compare two snapshots to
 * prove that a refused request wrote nothing.
 */
export async function snapshotTables(store: OltpStore): Promise<Record<string, string[]>> {
  const raw = store.db.withoutPlugins();
  const tables = (await raw.introspection.getTables())
    .map((t) => t.name)
    .filter((n) => !n.startsWith('tradeloop_migrations'))
    .sort();
  const out: Record<string, string[]> = {};
  for (const table of tables) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(raw);
    out[table] = rows.rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}
