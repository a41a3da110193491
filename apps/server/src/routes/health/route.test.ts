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
    expect(me.body).toEqual({ kind: 'admin' });
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
