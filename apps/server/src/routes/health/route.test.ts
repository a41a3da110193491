import { oltpTestTargets } from '@tradeloop/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../testing/harness.js';

describe.each(oltpTestTargets())('health, auth and docs on $dialect', ({ dialect, skipReason, ...target }) => {
  if (skipReason) console.warn(`[${dialect}] ${skipReason}`);
  let api: TestApi;
  beforeAll(async () => {
    if (!skipReason) api = await startTestApi({ dialect, skipReason, ...target });
  });
  afterAll(async () => api?.close());

  it.skipIf(skipReason !== '')('GET /health answers without a token', async () => {
    const res = await api.request('GET', '/health', { token: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', store: dialect });
  });

  it.skipIf(skipReason !== '')('refuses /api without a token or with a wrong one', async () => {
    expect((await api.request('GET', '/api/me', { token: null })).body.error.code).toBe('unauthenticated');
    const wrong = await api.request('GET', '/api/me', { token: 'nope' });
    expect(wrong.status).toBe(401);
    const me = await api.request('GET', '/api/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ kind: 'admin', timeZone: 'Asia/Shanghai' });
  });

  it.skipIf(skipReason !== '')('serves the OpenAPI document and the docs page', async () => {
    const spec = await api.request('GET', '/openapi.json', { token: null });
    expect(spec.status).toBe(200);
    expect(spec.body.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.body.paths)).toContain('/api/me');
    const docs = await api.request('GET', '/docs/', { token: null });
    expect(docs.status).toBe(200);
    expect(String(docs.body)).toContain('swagger');
  });

  it.skipIf(skipReason !== '')('unknown routes are a JSON 404', async () => {
    const res = await api.request('GET', '/api/nope');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('route_not_found');
  });
});

describe.each(oltpTestTargets())('CORS on $dialect', ({ dialect, skipReason, ...target }) => {
  let api: TestApi;
  beforeAll(async () => {
    if (!skipReason) api = await startTestApi({ dialect, skipReason, ...target });
  });
  afterAll(async () => api?.close());

  it.skipIf(skipReason !== '')('tracking endpoints answer preflights from any origin; the API does not', async () => {
    const preflight = (url: string) =>
      api.app.inject({
        method: 'OPTIONS',
        url,
        headers: {
          origin: 'https://shop.example.cn',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    for (const url of ['/v1/batch', '/v1/track', '/sa']) {
      const res = await preflight(url);
      expect(res.statusCode, url).toBe(204);
      expect(res.headers['access-control-allow-origin'], url).toBe('https://shop.example.cn');
    }
    const api404 = await preflight('/api/orders');
    expect(api404.headers['access-control-allow-origin']).toBeUndefined();
    // A simple cross-origin beacon-style POST gets the header on the real answer too.
    const posted = await api.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { origin: 'https://shop.example.cn', 'content-type': 'application/json' },
      payload: JSON.stringify({
        writeKey: api.writeKey,
        batch: [{ type: 'track', event: 'search', anonymousId: 'a', properties: { query: 'x' } }],
      }),
    });
    expect(posted.statusCode).toBe(200);
    expect(posted.headers['access-control-allow-origin']).toBe('https://shop.example.cn');
  });
});
