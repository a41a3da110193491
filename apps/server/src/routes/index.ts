import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from './deps.js';
import { healthRoutes } from './health/route.js';
import { meRoutes } from './me/route.js';

/** Every route plugin, one per feature folder. */
export async function registerRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  await app.register(healthRoutes(deps));
  await app.register(meRoutes(deps));
}
