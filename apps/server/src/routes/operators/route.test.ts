import { oltpTestTargets, snapshotTables } from '@tradeloop/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperatorToken, createOrgWithMember } from '../../testing/actors.js';
import { startTestApi, type TestApi } from '../../testing/harness.js';

let seq = 0;
const validOperator = (overrides: Record<string, unknown> = {}) => ({
  name: '王五',
  email: `op${++seq}-${Date.now()}@tradeloop.example.com`,
  role: 'sales',
  scope: { regions: ['east', 'south'], businessLines: '*' },
  ...overrides,
});

describe.each(oltpTestTargets())('operators and tokens API on $dialect', ({ dialect, skipReason, ...target }) => {
  if (skipReason) console.warn(`[${dialect}] ${skipReason}`);
  let api: TestApi;
  beforeAll(async () => {
    if (!skipReason) api = await startTestApi({ dialect, skipReason, ...target });
  });
  afterAll(async () => api?.close());

  async function refused(method: string, url: string, options: Parameters<TestApi['request']>[2], status: number) {
    const before = await snapshotTables(api.store);
    const res = await api.request(method, url, options);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(await snapshotTables(api.store)).toEqual(before);
    return res.body.error as { code: string; path?: (string | number)[] };
  }

  it.skipIf(skipReason !== '')(
    'creates an operator, issues a token that authenticates with its scope, revokes it',
    async () => {
      const created = await api.request('POST', '/api/operators', {
        body: validOperator({ email: 'Ops.East@Example.com' }),
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        email: 'ops.east@example.com',
        role: 'sales',
        status: 'active',
        scope: { regions: ['east', 'south'], businessLines: '*' },
      });
      const id = created.body.id as string;
      expect((await api.request('GET', `/api/operators/${id}`)).body).toEqual(created.body);
      const listed = await api.request('GET', '/api/operators?role=sales&limit=200');
      expect(listed.body.items.map((o: { id: string }) => o.id)).toContain(id);

      const dup = await refused(
        'POST',
        '/api/operators',
        { body: validOperator({ email: 'OPS.EAST@example.com' }) },
        409,
      );
      expect(dup).toMatchObject({ code: 'duplicate', path: ['body', 'email'] });

      const issued = await api.request('POST', `/api/operators/${id}/tokens`, { body: { label: 'cli' } });
      expect(issued.status).toBe(201);
      expect(issued.body).toMatchObject({ principalKind: 'operator' });
      expect(issued.body.token).toMatch(/^tlo_/);
      const stored = await api.store.db
        .selectFrom('apiTokens')
        .selectAll()
        .where('id', '=', issued.body.id)
        .executeTakeFirstOrThrow();
      expect(stored.tokenHash).not.toContain(issued.body.token);
      const me = await api.request('GET', '/api/me', { token: issued.body.token });
      expect(me.body).toMatchObject({
        kind: 'operator',
        operatorId: id,
        role: 'sales',
        scope: { regions: ['east', 'south'] },
      });
      // The operator reads their own record, not others'.
      expect((await api.request('GET', `/api/operators/${id}`, { token: issued.body.token })).status).toBe(200);
      expect((await api.request('GET', '/api/operators', { token: issued.body.token })).status).toBe(403);

      const noBody = await api.request('POST', `/api/operators/${id}/tokens`);
      expect(noBody.status).toBe(201);

      expect((await api.request('DELETE', `/api/tokens/${issued.body.id}`)).status).toBe(204);
      expect((await api.request('GET', '/api/me', { token: issued.body.token })).status).toBe(401);
      expect((await api.request('GET', '/api/me', { token: noBody.body.token })).status).toBe(200);
      expect((await refused('DELETE', `/api/tokens/${issued.body.id}`, {}, 404)).code).toBe('not_found');

      // Disabling an operator stops their tokens at once; re-enabling restores them.
      const disabled = await api.request('PATCH', `/api/operators/${id}`, { body: { status: 'disabled' } });
      expect(disabled.body.status).toBe('disabled');
      expect((await api.request('GET', '/api/me', { token: noBody.body.token })).status).toBe(401);
      await api.request('PATCH', `/api/operators/${id}`, {
        body: { status: 'active', scope: { regions: '*', businessLines: ['steel'] } },
      });
      expect((await api.request('GET', '/api/me', { token: noBody.body.token })).body.scope).toEqual({
        regions: '*',
        businessLines: ['steel'],
      });
    },
  );

  it.skipIf(skipReason !== '')('refuses bad operator input with 400 and the field path', async () => {
    const cases: { body?: unknown; rawBody?: string; code: string; path: (string | number)[] }[] = [
      { rawBody: '{"name": ', code: 'invalid_json', path: ['body'] },
      { body: validOperator({ role: 'superuser' }), code: 'validation_failed', path: ['body', 'role'] },
      { body: validOperator({ email: 'nope' }), code: 'validation_failed', path: ['body', 'email'] },
      { body: validOperator({ name: ['x'] }), code: 'validation_failed', path: ['body', 'name'] },
      { body: validOperator({ password: 'x' }), code: 'validation_failed', path: ['body'] },
      {
        body: validOperator({ scope: { regions: ['mars'], businessLines: '*' } }),
        code: 'validation_failed',
        path: ['body', 'scope', 'regions'],
      },
      {
        body: validOperator({ scope: { regions: [], businessLines: '*' } }),
        code: 'validation_failed',
        path: ['body', 'scope', 'regions'],
      },
    ];
    for (const c of cases) {
      const err = await refused('POST', '/api/operators', { body: c.body, rawBody: c.rawBody }, 400);
      expect(err.code, JSON.stringify(c)).toBe(c.code);
      expect(err.path?.slice(0, c.path.length), JSON.stringify(c)).toEqual(c.path);
    }
    const created = await api.request('POST', '/api/operators', { body: validOperator() });
    const badPatch = await refused('PATCH', `/api/operators/${created.body.id}`, { body: { status: 'paused' } }, 400);
    expect(badPatch.path).toEqual(['body', 'status']);
    expect((await refused('PATCH', '/api/operators/opr_missing', { body: { name: 'x' } }, 404)).code).toBe('not_found');
    expect((await refused('POST', '/api/operators/opr_missing/tokens', {}, 404)).code).toBe('not_found');
    const badLabel = await refused('POST', `/api/operators/${created.body.id}/tokens`, { body: { label: 7 } }, 400);
    expect(badLabel.path).toEqual(['body', 'label']);
  });

  it.skipIf(skipReason !== '')('only operator:manage may manage operators and tokens', async () => {
    const ops = await createOperatorToken(api, 'operations');
    const analyst = await createOperatorToken(api, 'analyst');
    const member = await createOrgWithMember(api, { kind: 'buyer' });
    for (const token of [ops.token, analyst.token, member.token]) {
      expect((await refused('POST', '/api/operators', { token, body: validOperator() }, 403)).code).toBe('forbidden');
      await refused('PATCH', `/api/operators/${ops.operatorId}`, { token, body: { name: 'x' } }, 403);
      await refused('POST', `/api/operators/${ops.operatorId}/tokens`, { token }, 403);
      expect((await api.request('GET', '/api/operators', { token })).status).toBe(403);
      const someoneElse = token === ops.token ? analyst.operatorId : ops.operatorId;
      expect((await api.request('GET', `/api/operators/${someoneElse}`, { token })).status).toBe(403);
    }
    const tokenRow = await api.store.db
      .selectFrom('apiTokens')
      .select('id')
      .where('operatorId', '=', analyst.operatorId)
      .executeTakeFirstOrThrow();
    await refused('DELETE', `/api/tokens/${tokenRow.id}`, { token: ops.token }, 403);
    // An analyst cannot hand out member tokens either (that is an org:write).
    await refused('POST', `/api/contacts/${member.contactId}/tokens`, { token: analyst.token }, 403);
  });

  it.skipIf(skipReason !== '')(
    'a scoped manager grants only inside their scope and cannot change their own role',
    async () => {
      const manager = await createOperatorToken(api, 'admin', { regions: ['east'], businessLines: '*' });
      const t = { token: manager.token };
      const wider = await refused(
        'POST',
        '/api/operators',
        { ...t, body: validOperator({ scope: { regions: '*', businessLines: '*' } }) },
        403,
      );
      expect(wider).toMatchObject({ code: 'forbidden', path: ['body', 'scope', 'regions'] });
      await refused(
        'POST',
        '/api/operators',
        { ...t, body: validOperator({ scope: { regions: ['east', 'west'], businessLines: '*' } }) },
        400,
      );
      const inside = await api.request('POST', '/api/operators', {
        ...t,
        body: validOperator({ scope: { regions: ['east'], businessLines: ['steel'] } }),
      });
      expect(inside.status).toBe(201);
      const selfRole = await refused(
        'PATCH',
        `/api/operators/${manager.operatorId}`,
        { ...t, body: { status: 'disabled' } },
        403,
      );
      expect(selfRole.path).toEqual(['body', 'status']);
      const renamed = await api.request('PATCH', `/api/operators/${manager.operatorId}`, {
        ...t,
        body: { name: '新名字' },
      });
      expect(renamed.body.name).toBe('新名字');
    },
  );

  it.skipIf(skipReason !== '')('issues member tokens for contacts in reach only', async () => {
    const east = await createOrgWithMember(api, { kind: 'buyer', region: 'east' });
    const west = await createOrgWithMember(api, { kind: 'buyer', region: 'northwest' });
    const eastSales = await createOperatorToken(api, 'sales', { regions: ['east'], businessLines: '*' });
    const ok = await api.request('POST', `/api/contacts/${east.contactId}/tokens`, { token: eastSales.token });
    expect(ok.status).toBe(201);
    expect((await api.request('GET', '/api/me', { token: ok.body.token })).body).toMatchObject({
      kind: 'member',
      organizationId: east.organizationId,
    });
    expect(
      (await refused('POST', `/api/contacts/${west.contactId}/tokens`, { token: eastSales.token }, 404)).code,
    ).toBe('not_found');
    await refused('POST', `/api/contacts/${west.contactId}/tokens`, { token: east.token }, 404);
    await refused('POST', '/api/contacts/ctc_missing/tokens', {}, 404);
  });
});
