import { existsSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build -w @tradeloop/console` writes the console (same depth from src/ and dist/). */
export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../../../console/dist/', import.meta.url));

/** Paths that belong to the API, ingestion and docs: never answered with the console's index.html. */
const RESERVED = [/^\/api(\/|$)/, /^\/v1(\/|$)/, /^\/sa(\/|$)/, /^\/docs(\/|$)/, /^\/openapi\.json$/, /^\/health$/];

export const NOT_BUILT_MESSAGE = [
  'The Tradeloop console is not built.',
  '',
  'Build it with:   npm run build:console',
  '(`npm start` builds it before starting; the API, /docs and /health work without it.)',
  '',
].join('\n');

/**
 * The operator console (apps/console, a single-page app) at `/`. Hashed files under /assets are cached for a year
 * (a new build has new names); index.html is revalidated on every load, so a deploy is picked up at once. Any
 * other GET that is not an API, ingestion or docs path answers index.html (the client-side router owns those
 * URLs). When the console is not built, `/` says how to build it. The dist directory is looked up per request, so
 * building while the server runs is enough.
 */
export const consoleRoutes =
  (options: { dir?: string } = {}): FastifyPluginAsync =>
  async (app) => {
    const dir = resolve(options.dir ?? DEFAULT_CONSOLE_DIR);
    await app.register(fastifyStatic, { root: dir, serve: false });

    const index = (reply: FastifyReply) => {
      if (!existsSync(resolve(dir, 'index.html'))) {
        return reply
          .status(503)
          .header('cache-control', 'no-store')
          .type('text/plain; charset=utf-8')
          .send(NOT_BUILT_MESSAGE);
      }
      return reply.header('cache-control', 'no-cache').sendFile('index.html', dir, { cacheControl: false });
    };

    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const path = (request.url.split('?')[0] ?? '/').replace(/\/{2,}/g, '/');
      if (RESERVED.some((re) => re.test(path))) return reply.callNotFound();
      let file: string;
      try {
        file = resolve(dir, `.${decodeURIComponent(path)}`);
      } catch {
        return reply.callNotFound(); // malformed %-escapes
      }
      if (file !== dir && !file.startsWith(dir + sep)) return reply.callNotFound();
      if (path.startsWith('/assets/')) {
        // A missing hashed asset is a 404 (a stale index.html asking for an old build), not the app's HTML.
        if (!isFile(file)) return reply.callNotFound();
        return reply.sendFile(path.slice(1), dir, { maxAge: '365d', immutable: true });
      }
      if (path !== '/' && path !== '/index.html' && isFile(file)) {
        return reply.sendFile(path.slice(1), dir, { maxAge: '1h' });
      }
      return index(reply);
    };

    app.get('/', { schema: { hide: true } }, handler);
    app.get('/*', { schema: { hide: true } }, handler);
  };

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
