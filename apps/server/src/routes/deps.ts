import type { Marketplace } from '@tradeloop/core';

/** What route plugins are built from. */
export type RouteDeps = { market: Marketplace; version: string };
