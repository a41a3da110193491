import type { TestProject } from 'vitest/node';
import { findClickHouseServer, startTestClickHouse, type TestClickHouse } from './clickhouse-server.js';
import { findPostgresBinaries, startTestPostgres, type TestPostgres } from './postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the test PostgreSQL server, or '' when none is available. */
    pgUrl: string;
    /** Why PostgreSQL suites are skipped, when pgUrl is ''. */
    pgSkipReason: string;
    /** HTTP URL of the test ClickHouse server, or '' when none is available. */
    chUrl: string;
    /** Why ClickHouse suites are skipped, when chUrl is ''. */
    chSkipReason: string;
  }
}

let server: TestPostgres | undefined;
let clickHouse: TestClickHouse | undefined;

/**
 * Vitest global setup: one PostgreSQL server (TRADELOOP_TEST_PG_URL wins when set) and one ClickHouse server for
 * the whole run.
 */
export async function setup(project: TestProject): Promise<void> {
  await setupClickHouse(project);
  const given = process.env.TRADELOOP_TEST_PG_URL;
  if (given) {
    project.provide('pgUrl', given);
    project.provide('pgSkipReason', '');
    return;
  }
  const found = findPostgresBinaries();
  if ('missing' in found) {
    const reason = `PostgreSQL suites skipped: ${found.missing}; set TRADELOOP_TEST_PG_URL or install postgresql-15`;
    if (process.env.CI) throw new Error(`${reason} (CI must run them)`);
    console.warn(reason);
    project.provide('pgUrl', '');
    project.provide('pgSkipReason', reason);
    return;
  }
  server = await startTestPostgres();
  project.provide('pgUrl', server.url);
  project.provide('pgSkipReason', '');
}

/** One ClickHouse server for the whole run (TRADELOOP_TEST_CLICKHOUSE_URL wins when set). */
async function setupClickHouse(project: TestProject): Promise<void> {
  const given = process.env.TRADELOOP_TEST_CLICKHOUSE_URL;
  if (given) {
    project.provide('chUrl', given);
    project.provide('chSkipReason', '');
    return;
  }
  const found = findClickHouseServer();
  if ('missing' in found) {
    const reason = `ClickHouse suites skipped: ${found.missing}; set TRADELOOP_TEST_CLICKHOUSE_URL or install it`;
    if (process.env.CI) throw new Error(`${reason} (CI must run them)`);
    console.warn(reason);
    project.provide('chUrl', '');
    project.provide('chSkipReason', reason);
    return;
  }
  clickHouse = await startTestClickHouse();
  project.provide('chUrl', clickHouse.url);
  project.provide('chSkipReason', '');
}

export async function teardown(): Promise<void> {
  await Promise.all([server?.stop(), clickHouse?.stop()]);
}
