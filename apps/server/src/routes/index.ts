import type { FastifyInstance } from 'fastify';
import { boardRoutes } from './boards/route.js';
import { bundleRoutes } from './bundles/route.js';
import { catalogRoutes } from './catalog/route.js';
import { marketplaceData } from './channel-spend/marketplace-data.js';
import { channelSpendRoutes } from './channel-spend/route.js';
import { consoleRoutes } from './console/route.js';
import { couponRoutes } from './coupons/route.js';
import type { RouteDeps } from './deps.js';
import { healthRoutes } from './health/route.js';
import { ingestRoutes } from './ingest/route.js';
import { meRoutes } from './me/route.js';
import { membershipRoutes } from './membership/route.js';
import { operatorRoutes } from './operators/route.js';
import { orderRoutes } from './orders/route.js';
import { organizationRoutes } from './organizations/route.js';
import { personRoutes } from './persons/route.js';
import { promotionRoutes } from './promotions/route.js';
import { queryRoutes } from './query/route.js';
import { reviewRoutes } from './reviews/route.js';
import { rfqRoutes } from './rfqs/route.js';
import { sessionRoutes } from './session/route.js';

/** Every route plugin, one per feature folder. */
export async function registerRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  await app.register(healthRoutes(deps));
  await app.register(meRoutes(deps));
  await app.register(sessionRoutes(deps));
  await app.register(catalogRoutes(deps));
  await app.register(promotionRoutes(deps));
  await app.register(bundleRoutes(deps));
  await app.register(couponRoutes(deps));
  await app.register(organizationRoutes(deps));
  await app.register(operatorRoutes(deps));
  await app.register(membershipRoutes(deps));
  await app.register(rfqRoutes(deps));
  await app.register(orderRoutes(deps));
  await app.register(reviewRoutes(deps));
  await app.register(ingestRoutes(deps));
  await app.register(channelSpendRoutes(deps));
  await app.register(boardRoutes(deps));
  if (deps.identity) await app.register(personRoutes({ identity: deps.identity }));
  if (deps.analytics) await app.register(queryRoutes({ marketplace: marketplaceData(deps.market), ...deps.analytics }));
  // Last: its catch-all GET (the single-page app's fallback) must not shadow anything above.
  await app.register(consoleRoutes(deps.consoleDir ? { dir: deps.consoleDir } : {}));
}
