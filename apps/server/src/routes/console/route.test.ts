import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installErrorHandler } from '../../http/errors.js';
import { consoleRoutes, NOT_BUILT_MESSAGE } from './route.js';

// The console plugin over a hand-made dist directory (no Vite build needed), beside an API route, with the
// server's own not-found handler: what the SPA fallback may and may not answer.
async function serverWith(dir: string): Promise<FastifyInstance> {
  const app = Fastify();
  installErrorHandler(app);
  app.get('/api/ping', async () => ({ pong: true }));
  await app.register(consoleRoutes({ dir }));
  await app.ready();
  return app;
}

describe('console at /', () => {
  const root = mkdtempSync(join(tmpdir(), 'tl-console-'));
  const dist = join(root, 'dist');
  let app: FastifyInstance;
  let bare: FastifyInstance;

  beforeAll(async () => {
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dist, 'assets', 'index-AbC123.js'), 'console.log(1)');
    writeFileSync(join(dist, 'favicon.svg'), '<svg/>');
    writeFileSync(join(root, 'secret.txt'), 'outside dist');
    app = await serverWith(dist);
    bare = await serverWith(join(root, 'missing'));
  });
  afterAll(async () => {
    await app?.close();
    await bare?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves index.html at / and for client-side routes, revalidated on every load', async () => {
    for (const url of ['/', '/sign-in', '/analysis/funnels?from=2026-01-01&to=2026-01-31', '/index.html']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.body, url).toContain('<div id="root">');
    }
  });

  it('serves hashed assets with a long immutable cache, and a missing asset is a 404', async () => {
    const res = await app.inject({ method: 'GET', url: '/assets/index-AbC123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.body).toBe('console.log(1)');
    const missing = await app.inject({ method: 'GET', url: '/assets/index-old.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('route_not_found');
  });

  it('serves other files of dist with a short cache', async () => {
    const res = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
  });

  it('leaves API, ingestion and docs paths to the API: unknown ones stay JSON 404s', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/ping' })).json()).toEqual({ pong: true });
    for (const url of ['/api/nope', '/api', '/v1/nope', '/sa/x', '/docs/x', '/health', '/openapi.json']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code, url).toBe('route_not_found');
    }
  });

  it('never serves files outside dist', async () => {
    for (const url of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%E0%A4%A']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.body, url).not.toContain('outside dist');
    }
  });

  it('without a build, / says how to build the console', async () => {
    const res = await bare.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toBe(NOT_BUILT_MESSAGE);
    expect(res.body).toContain('npm run build:console');
    expect((await bare.inject({ method: 'GET', url: '/api/nope' })).statusCode).toBe(404);
  });
});
