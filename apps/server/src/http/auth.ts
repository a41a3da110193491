import { type Marketplace, MarketplaceError, type Principal } from '@tradeloop/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling; set for every /api route (401 before the handler runs otherwise). */
    principal: Principal;
  }
}

/** Routes that need no token. */
const PUBLIC = [/^\/health$/, /^\/openapi\.json$/, /^\/docs(\/|$)/];

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** Resolves `Authorization: Bearer <token>` to a principal on every /api request. */
export function installAuth(app: FastifyInstance, market: Marketplace): void {
  app.decorateRequest('principal', null as never);
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0] ?? '';
    if (!path.startsWith('/api/') || PUBLIC.some((re) => re.test(path))) return;
    const token = bearerToken(request);
    if (!token) {
      throw new MarketplaceError('unauthenticated', 'missing "Authorization: Bearer <token>" header');
    }
    const principal = await market.auth.authenticate(token);
    if (!principal) throw new MarketplaceError('unauthenticated', 'unknown or revoked token');
    request.principal = principal;
  });
}
