import { oltpTestTargets, snapshotTables } from '@tradeloop/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperatorToken, createOrgWithMember } from './testing/actors.js';
import { startTestApi, type TestApi } from './testing/harness.js';

type Operation = { method: string; path: string; hasBody: boolean; queryParams: string[] };

/** Every operation the API documents, read from its own OpenAPI document, so new routes are covered automatically. */
function operations(spec: {
  paths: Record<string, Record<string, { requestBody?: unknown; parameters?: { in: string; name: string }[] }>>;
}): Operation[] {
  const out: Operation[] = [];
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      out.push({
        method: method.toUpperCase(),
        path,
        hasBody: op.requestBody !== undefined,
        queryParams: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      });
    }
  }
  return out;
}

const concrete = (path: string) => path.replace(/\{[^}]+\}/g, 'x_does_not_exist');

/**
 * The bad-input suite: malformed JSON, wrong body types and unknown fields on every route that takes a body, and
 * out-of-range paging on every list, as admin (who may do anything, so refusals come from validation). Each must be
 * a 4xx with a machine-readable code, and the store must be byte-for-byte unchanged.
 */
describe.each(oltpTestTargets())('bad input on every route ($dialect)', ({ dialect, skipReason, ...target }) => {
  if (skipReason) console.warn(`[${dialect}] ${skipReason}`);
  let api: TestApi;
  let ops: Operation[] = [];
  beforeAll(async () => {
    if (skipReason) return;
    api = await startTestApi({ dialect, skipReason, ...target });
    await createOrgWithMember(api, { kind: 'buyer' });
    await createOrgWithMember(api, { kind: 'supplier' });
    await createOperatorToken(api, 'analyst');
    ops = operations((await api.request('GET', '/openapi.json', { token: null })).body);
  });
  afterAll(async () => api?.close());

  const expectClientError = (res: { status: number; body: { error?: { code?: string } } }, what: string) => {
    expect(res.status, what).toBeGreaterThanOrEqual(400);
    expect(res.status, what).toBeLessThan(500);
    expect(typeof res.body.error?.code, what).toBe('string');
  };

  it.skipIf(skipReason !== '')(
    'malformed JSON, wrong types and unknown fields are refused and write nothing',
    async () => {
      const bodyOps = ops.filter((o) => o.hasBody);
      expect(bodyOps.length).toBeGreaterThan(0);
      const before = await snapshotTables(api.store);
      const bodies: [string, { rawBody?: string; body?: unknown }][] = [
        ['truncated JSON', { rawBody: '{"name": "x",' }],
        ['not JSON', { rawBody: "name='x'" }],
        ['array body', { body: [1, 2, 3] }],
        ['number body', { rawBody: '42' }],
        ['unknown field only', { body: { __unknown_field__: true } }],
      ];
      for (const op of bodyOps) {
        for (const [label, payload] of bodies) {
          const res = await api.request(op.method, concrete(op.path), payload);
          expectClientError(res, `${op.method} ${op.path} with ${label} → ${res.status} ${JSON.stringify(res.body)}`);
        }
      }
      expect(await snapshotTables(api.store)).toEqual(before);
    },
  );

  it.skipIf(skipReason !== '')('out-of-range and mistyped paging is a 400 naming the parameter', async () => {
    const lists = ops.filter((o) => o.method === 'GET' && o.queryParams.includes('limit') && !o.path.includes('{'));
    expect(lists.length).toBeGreaterThan(0);
    for (const op of lists) {
      for (const q of ['limit=0', 'limit=100000', 'limit=abc', 'offset=-1']) {
        const res = await api.request('GET', `${op.path}?${q}`);
        expect(res.status, `${op.path}?${q}`).toBe(400);
        expect(res.body.error.code).toBe('validation_failed');
        expect(res.body.error.path[0]).toBe('querystring');
      }
    }
  });

  it.skipIf(skipReason !== '')('no route answers 500 to an unknown id', async () => {
    for (const op of ops.filter((o) => o.path.includes('{'))) {
      const res = await api.request(op.method, concrete(op.path), op.hasBody ? { body: {} } : {});
      expect(res.status, `${op.method} ${op.path} → ${JSON.stringify(res.body)}`).toBeLessThan(500);
    }
  });
});
