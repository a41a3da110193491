import type { Database, OltpStore } from '@tradeloop/storage';
import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../clock.js';

/** What every marketplace service is built from. */
export type MarketplaceDeps = {
  store: OltpStore;
  clock: Clock;
  /** Called after a commit that changes who a token stands for (operator role/scope/status, contact removal,
   * organisation kind), so cached principals are dropped. */
  principalsChanged?: () => void;
};

/** Either the store or an open transaction: functions that take one can run inside a caller's transaction. */
export type Executor = Kysely<Database> | Transaction<Database>;

export const nowIso = (clock: Clock): string => clock().toISOString();

/** Runs `fn` in one transaction: every multi-step write goes through here, so nothing is half-written. */
export function inTransaction<T>(deps: MarketplaceDeps, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return deps.store.db.transaction().execute(fn);
}

export const parseJson = <T>(text: string): T => JSON.parse(text) as T;
