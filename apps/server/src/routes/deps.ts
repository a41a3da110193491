import type { IdentityService, IngestPipeline, Marketplace } from '@tradeloop/core';
import type { AnalyticsDeps } from './query/analytics.js';

/** What route plugins are built from. */
export type RouteDeps = {
  market: Marketplace;
  version: string;
  /** The event ingestion pipeline; without it /v1/* and /sa answer 503. */
  ingest?: IngestPipeline | undefined;
  /** Identity stitching; without it the /api/persons routes are not registered. */
  identity?: IdentityService | undefined;
  /** Analytics over the event store; without it POST /api/query is not registered. */
  analytics?: AnalyticsDeps | undefined;
  /** The built console's directory; default apps/console/dist. */
  consoleDir?: string | undefined;
  /** The display time zone (TRADELOOP_TIME_ZONE); default Asia/Shanghai. */
  timeZone?: string | undefined;
};
