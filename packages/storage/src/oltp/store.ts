import type { Kysely } from 'kysely';
import type { Database } from './database.js';

export type OltpDialect = 'sqlite' | 'postgres';

/**
 * What differs between the dialects, as capabilities rather than dialect checks in services.
 */
export type OltpCapabilities = {
  /** `SELECT ... FOR UPDATE` row locks. SQLite has none and needs none: it has a single writer. */
  rowLocks: boolean;
  /** Case-insensitive LIKE operator to use for text search. */
  caseInsensitiveLike: 'like' | 'ilike';
};

/** The operational store: a Kysely instance over one of the dialects, chosen once at start-up. */
export type OltpStore = {
  readonly dialect: OltpDialect;
  readonly capabilities: OltpCapabilities;
  readonly db: Kysely<Database>;
  /** A human-readable location (file path or URL without password), for logs. */
  readonly location: string;
  close(): Promise<void>;
};
