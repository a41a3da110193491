import type { OltpStore } from '@tradeloop/storage';
import { type Clock, systemClock } from '../clock.js';
import { AuthService } from './auth/service.js';
import type { MarketplaceDeps } from './context.js';
import { RfqsService } from './rfqs/service.js';

export * from './access.js';
export { AuthService, hashToken, type IssuedToken } from './auth/service.js';
export { type Executor, inTransaction, type MarketplaceDeps } from './context.js';
export * from './errors.js';
export * from './points/ledger.js';
export { RfqsService } from './rfqs/service.js';

/** Every marketplace service over one operational store. */
export type Marketplace = {
  deps: MarketplaceDeps;
  auth: AuthService;
  rfqs: RfqsService;
};

/**
 * Builds the marketplace services over a store.
 *
 * @example
 * const market = createMarketplace({ store: await openOltpStore({ dataDir: './data' }) });
 * const org = await market.organizations.create({ kind: 'admin' }, { name: '宝钢贸易', ... });
 */
export function createMarketplace(options: { store: OltpStore; clock?: Clock }): Marketplace {
  const deps: MarketplaceDeps = { store: options.store, clock: options.clock ?? systemClock };
  return {
    deps,
    auth: new AuthService(deps),
    rfqs: new RfqsService(deps),
  };
}
