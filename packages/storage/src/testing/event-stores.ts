import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { openClickHouseEventStore } from '../events/clickhouse/clickhouse-event-store.js';
import { openDuckDbEventStore } from '../events/duckdb/duckdb-event-store.js';
import type { EventEngine } from '../events/port.js';
import type { SqlEventStore } from '../events/sql.js';

/** One engine an event-store suite runs on. */
export type EventStoreTestTarget = {
  engine: EventEngine;
  /** Why this target cannot run here ('' when it can); the suite prints it and skips. */
  skipReason: string;
  /** A new, empty store of its own; close it when done. */
  open(): Promise<SqlEventStore>;
};

/**
 * The engines every event-store suite runs on: DuckDB (in memory) and ClickHouse (a fresh database on the server
 * started by the global setup). Use with `describe.each(eventStoreTestTargets())`.
 */
export function eventStoreTestTargets(): EventStoreTestTarget[] {
  const chUrl = inject('chUrl');
  return [
    { engine: 'duckdb', skipReason: '', open: () => openDuckDbEventStore(':memory:') },
    {
      engine: 'clickhouse',
      skipReason: chUrl ? '' : inject('chSkipReason'),
      open: () => openClickHouseEventStore(chUrl, { database: `t_${randomBytes(6).toString('hex')}` }),
    },
  ];
}
