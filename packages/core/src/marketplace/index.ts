import type { OltpStore } from '@tradeloop/storage';
import { type Clock, systemClock } from '../clock.js';
import { SourcesService } from '../events/ingest/sources.js';
import { AuthService } from './auth/service.js';
import { BoardsService, SavedQueriesService } from './boards/index.js';
import { BundlesService } from './bundles/service.js';
import { CatalogService } from './catalog/service.js';
import type { MarketplaceDeps } from './context.js';
import { CouponsService } from './coupons/service.js';
import { MembershipService } from './membership/service.js';
import { OperatorsService } from './operators/service.js';
import { OrdersService } from './orders/service.js';
import { OrganizationsService } from './organizations/service.js';
import { PromotionsService } from './promotions/service.js';
import { ReviewsService } from './reviews/service.js';
import { RfqsService } from './rfqs/service.js';
import { SessionsService } from './sessions/service.js';

export * from './access.js';
export { AuthService, hashToken, type IssuedToken } from './auth/service.js';
export { BoardsService, SavedQueriesService } from './boards/index.js';
export { BundlesService } from './bundles/service.js';
export * from './catalog/pricing.js';
export { CatalogService } from './catalog/service.js';
export { type Executor, inTransaction, type MarketplaceDeps } from './context.js';
export { type CouponTerms, couponDiscount, normalizeCouponCode } from './coupons/rules.js';
export { CouponsService } from './coupons/service.js';
export * from './errors.js';
export { MembershipService } from './membership/service.js';
export { OperatorsService } from './operators/service.js';
export { insertOrder, type OrderDraft, type OrderLineDraft } from './orders/insert.js';
export { OrdersService, type PlacedOrder, type PlaceOrderInput } from './orders/service.js';
export * from './orders/state-machine.js';
export { OrganizationsService } from './organizations/service.js';
export * from './points/ledger.js';
export { PromotionsService } from './promotions/service.js';
export { ReviewsService } from './reviews/service.js';
export { RfqsService } from './rfqs/service.js';
export { SignInLockout } from './sessions/lockout.js';
export { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, verifyPassword } from './sessions/password.js';
export {
  type ConsoleSession,
  DEFAULT_ADMIN_EMAIL,
  type FirstOperatorSignIn,
  type SessionsOptions,
  SessionsService,
} from './sessions/service.js';

/** Every marketplace service over one operational store. */
export type Marketplace = {
  deps: MarketplaceDeps;
  auth: AuthService;
  catalog: CatalogService;
  promotions: PromotionsService;
  bundles: BundlesService;
  coupons: CouponsService;
  organizations: OrganizationsService;
  operators: OperatorsService;
  /** Console sign-in: operator passwords and cookie sessions. */
  sessions: SessionsService;
  membership: MembershipService;
  rfqs: RfqsService;
  orders: OrdersService;
  reviews: ReviewsService;
  /** Event sources and their write keys (ingestion). */
  sources: SourcesService;
  /** Console saved queries (private to their owner). */
  savedQueries: SavedQueriesService;
  /** Console boards (custom dashboards), shared with operators of the same scope. */
  boards: BoardsService;
};

/**
 * Builds the marketplace services over a store.
 *
 * @example
 * const market = createMarketplace({ store: await openOltpStore({ dataDir: './data' }) });
 * const org = await market.organizations.create({ kind: 'admin' }, { name: '宝钢贸易', ... });
 */
export function createMarketplace(options: { store: OltpStore; clock?: Clock }): Marketplace {
  const deps: MarketplaceDeps = {
    store: options.store,
    clock: options.clock ?? systemClock,
    principalsChanged: () => {
      auth.invalidateTokenCache();
      sessions.invalidateCache();
    },
  };
  const auth = new AuthService(deps);
  const sessions = new SessionsService(deps);
  return {
    deps,
    auth,
    catalog: new CatalogService(deps),
    promotions: new PromotionsService(deps),
    bundles: new BundlesService(deps),
    coupons: new CouponsService(deps),
    organizations: new OrganizationsService(deps),
    operators: new OperatorsService(deps),
    sessions,
    membership: new MembershipService(deps),
    rfqs: new RfqsService(deps),
    orders: new OrdersService(deps),
    reviews: new ReviewsService(deps),
    sources: new SourcesService(deps),
    savedQueries: new SavedQueriesService(deps),
    boards: new BoardsService(deps),
  };
}
