import type { SqlEventStore } from '@tradeloop/storage';
import type { ChannelSpendSource } from './channels/data.js';
import type { ProductSource } from './products/data.js';

/**
 * An operator's data scope as analytics applies it: only events of organisations in these regions and business lines
 * (an absent list does not restrict). Events whose organisation is unknown are outside any restricted scope.
 */
export type AnalyticsScope = { regions?: readonly string[]; businessLines?: readonly string[] };

/** What a runner needs to answer a query. */
export type QueryContext = {
  store: SqlEventStore;
  /** null or undefined: unrestricted (the admin, an operator without scope). */
  scope?: AnalyticsScope | null;
  /** Operational data the event store lacks (spend, catalogue, order lines), supplied by the server. */
  marketplace?: MarketplaceData | null;
};

/** The operational data port (channel quadrant, product performance); analytics never opens the operational store. */
export type MarketplaceData = ChannelSpendSource & ProductSource;
