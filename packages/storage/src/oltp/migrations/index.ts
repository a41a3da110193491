import type { Migration } from 'kysely';
import * as m0001 from './0001_marketplace.js';

/** Every migration of the operational store, in order. Names are stable: they are recorded in the database. */
export const migrations: Record<string, Migration> = {
  '0001_marketplace': m0001,
};
