import { type Marketplace, MarketplaceError, type Principal } from '@tradeloop/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling; set for every /api route (401 before the handler runs otherwise). */
    principal: Principal;
    /** The console session token when the caller authenticated with the session cookie. */
    sessionToken: string | undefined;
  }
}

/** The console's session cookie: an opaque random token, HttpOnly so page scripts never see it. */
export const SESSION_COOKIE = 'tl_session';

/** Routes that need no token. `/api/session` signs in and out (it reads the cookie itself). */
const PUBLIC = [/^\/health$/, /^\/openapi\.json$/, /^\/docs(\/|$)/, /^\/api\/session$/];

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** Whether the request reached us over https (directly, or through a proxy that says so). */
export function viaHttps(request: FastifyRequest): boolean {
  const forwarded = request.headers['x-forwarded-proto'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim().toLowerCase();
  return first === 'https' || request.protocol === 'https';
}

/** Sets the session cookie: HttpOnly, SameSite=Lax, whole site, Secure when the browser talks https. */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: string) {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: viaHttps(request),
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', path: '/', secure: viaHttps(request) });
}

/**
 * A cookie rides along with any request the browser makes, including one a foreign page triggers (CSRF). A foreign
 * HTML form can send only urlencoded, multipart or text/plain bodies; JSON, or any header, needs a CORS preflight,
 * which this API never grants. So a cookie-authenticated write must carry `Content-Type: application/json` or an
 * `Origin` naming this very host (browsers set Origin on every non-GET fetch and cannot be made to lie in it).
 */
function csrfSafe(request: FastifyRequest): boolean {
  const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') return true;
  const origin = request.headers.origin;
  if (!origin || origin === 'null') return false;
  const forwardedHost = request.headers['x-forwarded-host'];
  const host = (Array.isArray(forwardedHost) ? forwardedHost[0] : forwardedHost) ?? request.headers.host;
  if (!host) return false;
  try {
    // Parsed with the origin's scheme on both sides, so a default port (":80" on http) compares equal to none.
    const from = new URL(origin);
    return new URL(`${from.protocol}//${host.split(',')[0]?.trim()}`).host === from.host;
  } catch {
    return false;
  }
}

/**
 * Resolves the caller on every /api request: `Authorization: Bearer <token>` wins (an invalid one is a 401, never
 * a fall-back to the cookie); otherwise the console session cookie, whose writes must pass the CSRF check.
 */
export function installAuth(app: FastifyInstance, market: Marketplace): void {
  app.decorateRequest('principal', null as never);
  app.decorateRequest('sessionToken', undefined);
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (!path.startsWith('/api/') || PUBLIC.some((re) => re.test(path))) return;
    const token = bearerToken(request);
    if (token) {
      const principal = await market.auth.authenticate(token);
      if (!principal) throw new MarketplaceError('unauthenticated', 'unknown or revoked token');
      request.principal = principal;
      return;
    }
    const session = request.cookies[SESSION_COOKIE];
    if (!session) {
      throw new MarketplaceError('unauthenticated', 'sign in, or send an "Authorization: Bearer <token>" header');
    }
    const principal = await market.sessions.authenticate(session);
    if (!principal) {
      clearSessionCookie(request, reply);
      throw new MarketplaceError('unauthenticated', 'the session has ended; sign in again');
    }
    if (UNSAFE.has(request.method) && !csrfSafe(request)) {
      return reply.status(403).send({
        error: {
          code: 'csrf_refused',
          message: 'a cookie-authenticated write needs Content-Type: application/json or a same-origin Origin header',
        },
      });
    }
    request.principal = principal;
    request.sessionToken = session;
  });
}
