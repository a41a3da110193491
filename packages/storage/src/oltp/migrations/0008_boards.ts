import type { Kysely } from 'kysely';

/**
 * Saved queries and boards (custom dashboards) of the console. A query node is JSON text; tiles are an ordered list
 * (`position`, dense from 0) with a width, each drawing either a saved query (`saved_query_id`) or its own inline
 * node (`query`). `owner_operator_id` is null for rows made with the admin token. `visibility` is 'private' or
 * 'shared' (a status string: SQLite has no boolean).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current Database type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('saved_queries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('view', 'text', (c) => c.notNull())
    .addColumn('owner_operator_id', 'text', (c) => c.references('operators.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('saved_queries_owner_idx')
    .on('saved_queries')
    .columns(['owner_operator_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('boards')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('owner_operator_id', 'text', (c) => c.references('operators.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('boards_owner_idx').on('boards').columns(['owner_operator_id', 'created_at']).execute();
  await db.schema.createIndex('boards_visibility_idx').on('boards').columns(['visibility', 'created_at']).execute();

  await db.schema
    .createTable('board_tiles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('board_id', 'text', (c) => c.notNull().references('boards.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('view', 'text', (c) => c.notNull())
    .addColumn('size', 'text', (c) => c.notNull())
    .addColumn('saved_query_id', 'text', (c) => c.references('saved_queries.id'))
    .addColumn('query', 'text')
    .execute();
  await db.schema.createIndex('board_tiles_board_idx').on('board_tiles').columns(['board_id', 'position']).execute();
  await db.schema.createIndex('board_tiles_saved_query_idx').on('board_tiles').column('saved_query_id').execute();
}
