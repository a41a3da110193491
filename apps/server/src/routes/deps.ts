import type { IdentityService, IngestPipeline, Marketplace } from '@tradeloop/core';

/** What route plugins are built from. */
export type RouteDeps = {
  market: Marketplace;
  version: string;
  /** The event ingestion pipeline; without it /v1/* and /sa answer 503. */
  ingest?: IngestPipeline | undefined;
  /** Identity stitching; without it the /api/persons routes are not registered. */
  identity?: IdentityService | undefined;
};
