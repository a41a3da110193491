import type { OltpCapabilities } from '@tradeloop/storage';
import { type Expression, type SqlBool, sql } from 'kysely';

/** A LIKE pattern matching `q` anywhere, with LIKE's wildcards in `q` escaped so user text matches literally. */
export const likePattern = (q: string): string => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Prefix pattern for subtree queries over `path` columns (wildcards escaped). */
export const prefixPattern = (prefix: string): string => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * `column` contains `q`, case-insensitively where the dialect can (ILIKE on PostgreSQL; SQLite's LIKE folds ASCII).
 * The text is a bound parameter; the column is a checked reference.
 *
 * @example base.where(containsText('products.title', query.q, store.capabilities))
 */
export function containsText(column: string, q: string, capabilities: OltpCapabilities): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} ${sql.raw(capabilities.caseInsensitiveLike)} ${likePattern(q)} escape ${sql.lit('\\')}`;
}
