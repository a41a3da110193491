import type { MarketplaceData } from '@tradeloop/analytics';
import { ChannelSpendService, type Marketplace, ProductFactsReader } from '@tradeloop/core';

/**
 * The operational data port of analytics (`QueryContext.marketplace`) over core services: channel spend for the
 * channel quadrant; products, order lines and review scores for product performance. Analytics never opens the
 * operational store itself.
 */
export function marketplaceData(market: Marketplace): MarketplaceData {
  const spend = new ChannelSpendService(market.deps);
  const facts = new ProductFactsReader(market.deps);
  return {
    channelSpend: (fromDay, toDay) => spend.between(fromDay, toDay),
    products: (ids) => facts.products(ids),
    orderLines: (orderIds) => facts.orderLines(orderIds),
    orderRatings: (orderIds) => facts.orderRatings(orderIds),
  };
}
