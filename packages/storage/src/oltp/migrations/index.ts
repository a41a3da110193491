import type { Migration } from 'kysely';
import * as m0001 from './0001_marketplace.js';
import * as m0002 from './0002_sources.js';
import * as m0003 from './0003_identity.js';
import * as m0004 from './0004_event_outbox.js';
import * as m0005 from './0005_dimension_sync.js';
import * as m0006 from './0006_channel_spend.js';
import * as m0007 from './0007_console_sessions.js';
import * as m0008 from './0008_boards.js';

/** Every migration of the operational store, in order. Names are stable: they are recorded in the database. */
export const migrations: Record<string, Migration> = {
  '0001_marketplace': m0001,
  '0002_sources': m0002,
  '0003_identity': m0003,
  '0004_event_outbox': m0004,
  '0005_dimension_sync': m0005,
  '0006_channel_spend': m0006,
  '0007_console_sessions': m0007,
  '0008_boards': m0008,
};
