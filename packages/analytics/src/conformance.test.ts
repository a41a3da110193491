import { eventStoreTestTargets } from '@tradeloop/storage/testing';
import { describe } from 'vitest';
import { relationConformance } from './sql/relation.case.js';

/**
 * The analytics conformance suite: every case runs on DuckDB and on ClickHouse with the same expected results.
 * Each query kind adds its `<kind>.case.ts` here.
 */
const suites = [relationConformance];

describe.each(eventStoreTestTargets())('analytics on $engine', (target) => {
  if (target.skipReason) console.warn(`[${target.engine}] ${target.skipReason}`);
  for (const suite of suites) suite(target);
});
