import { ErrorBody, SetPassword, SignedIn, SignIn } from '@tradeloop/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from '../../http/auth.js';
import { errorResponses, IdParams } from '../../http/schemas.js';
import type { RouteDeps } from '../deps.js';

/** Console sign-in: a session cookie for operators with a password, and setting that password. */
export const sessionRoutes =
  (deps: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const { sessions } = deps.market;

    app.post(
      '/api/session',
      {
        schema: {
          tags: ['auth'],
          summary: 'Sign in to the console with email and password; sets the tl_session cookie',
          description:
            'One answer (401 invalid_credentials) for an unknown email and a wrong password. After 10 failures for ' +
            'an email within 15 minutes: 429 too_many_attempts with Retry-After. A disabled operator: 403.',
          security: [],
          body: SignIn,
          response: { 200: SignedIn, ...errorResponses, 429: ErrorBody },
        },
      },
      async (request, reply) => {
        const session = await sessions.signIn(request.body.email, request.body.password);
        setSessionCookie(request, reply, session.token, session.expiresAt);
        return { operator: session.operator, permissions: session.permissions };
      },
    );

    app.delete(
      '/api/session',
      {
        schema: {
          tags: ['auth'],
          summary: 'Sign out: ends the session of the tl_session cookie and clears the cookie',
          security: [],
          response: { 204: z.null().describe('Signed out'), ...errorResponses },
        },
      },
      async (request, reply) => {
        const token = request.cookies[SESSION_COOKIE];
        if (token) await sessions.signOut(token);
        clearSessionCookie(request, reply);
        return reply.status(204).send(null);
      },
    );

    app.put(
      '/api/operators/:id/password',
      {
        schema: {
          tags: ['operators'],
          summary:
            "Set an operator's console password (operator:manage), or change your own with currentPassword; " +
            "ends the operator's other sessions",
          params: IdParams,
          body: SetPassword,
          response: { 204: z.null().describe('Password set'), ...errorResponses, 429: ErrorBody },
        },
      },
      async (request, reply) => {
        await sessions.setPassword(request.principal, request.params.id, request.body, {
          keepSessionToken: request.sessionToken,
        });
        return reply.status(204).send(null);
      },
    );
  };
