import type { TestProject } from 'vitest/node';
import { findPostgresBinaries, startTestPostgres, type TestPostgres } from './postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the test PostgreSQL server, or '' when none is available. */
    pgUrl: string;
    /** Why PostgreSQL suites are skipped, when pgUrl is ''. */
    pgSkipReason: string;
  }
}

let server: TestPostgres | undefined;

/** Vitest global setup: one PostgreSQL server for the whole run (TRADELOOP_TEST_PG_URL wins when set). */
export async function setup(project: TestProject): Promise<void> {
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

export async function teardown(): Promise<void> {
  await server?.stop();
}
