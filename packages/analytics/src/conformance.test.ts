import { eventStoreTestTargets } from '@tradeloop/storage/testing';
import { describe } from 'vitest';
import { aiplConformance } from './aipl/aipl.case.js';
import { attributionConformance } from './attribution/attribution.case.js';
import { channelsConformance } from './channels/channels.case.js';
import { funnelConformance } from './funnel/funnel.case.js';
import { productsConformance } from './products/products.case.js';
import { retentionConformance } from './retention/retention.case.js';
import { injectionConformance } from './sql/injection.case.js';
import { relationConformance } from './sql/relation.case.js';
import { trendsConformance } from './trends/trends.case.js';

/**
 * The analytics conformance suite: every case runs on DuckDB and on ClickHouse with the same expected results.
 * Each query kind adds its `<kind>.case.ts` here.
 */
const suites = [
  aiplConformance,
  attributionConformance,
  channelsConformance,
  funnelConformance,
  injectionConformance,
  productsConformance,
  relationConformance,
  retentionConformance,
  trendsConformance,
];

describe.each(eventStoreTestTargets())('analytics on $engine', (target) => {
  if (target.skipReason) console.warn(`[${target.engine}] ${target.skipReason}`);
  for (const suite of suites) suite(target);
});
