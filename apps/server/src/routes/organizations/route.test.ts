import { manualClock } from '@tradeloop/core';
import { oltpTestTargets, snapshotTables } from '@tradeloop/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperatorToken, createOrgWithMember, testCreditCode } from '../../testing/actors.js';
import { startTestApi, type TestApi } from '../../testing/harness.js';

const validOrg = (overrides: Record<string, unknown> = {}) => ({
  kind: 'buyer',
  name: '华东钢材采购有限公司',
  creditCode: testCreditCode(),
  industry: 'construction',
  region: 'east',
  businessLine: 'steel',
  ...overrides,
});

describe.each(oltpTestTargets())('organisations and contacts API on $dialect', ({ dialect, skipReason, ...target }) => {
  if (skipReason) console.warn(`[${dialect}] ${skipReason}`);
  const clock = manualClock('2026-03-01T08:00:00.000Z');
  let api: TestApi;
  beforeAll(async () => {
    if (!skipReason) api = await startTestApi({ dialect, skipReason, ...target }, { clock });
  });
  afterAll(async () => api?.close());

  /** Sends a request that must be refused and proves it wrote nothing. */
  async function refused(method: string, url: string, options: Parameters<TestApi['request']>[2], status: number) {
    const before = await snapshotTables(api.store);
    const res = await api.request(method, url, options);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(await snapshotTables(api.store)).toEqual(before);
    return res.body.error as { code: string; path?: (string | number)[]; message: string };
  }

  it.skipIf(skipReason !== '')('creates, reads, filters and patches organisations', async () => {
    const created = await api.request('POST', '/api/organizations', {
      body: validOrg({ name: 'Filterable Widgets 有限公司', kind: 'both', region: 'south', businessLine: 'widgets' }),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'both',
      region: 'south',
      certificationStatus: 'pending',
      certifiedAt: null,
      certifiedBy: null,
      createdAt: '2026-03-01T08:00:00.000Z',
    });
    const id = created.body.id as string;
    expect((await api.request('GET', `/api/organizations/${id}`)).body).toEqual(created.body);

    // kind=buyer also lists organisations that are both; q matches part of the name in any case.
    const byKind = await api.request('GET', '/api/organizations?kind=buyer&businessLine=widgets');
    expect(byKind.body.items.map((o: { id: string }) => o.id)).toContain(id);
    const bySupplierOnly = await api.request('GET', '/api/organizations?kind=supplier&region=north');
    expect(bySupplierOnly.body.items.map((o: { id: string }) => o.id)).not.toContain(id);
    const byName = await api.request('GET', '/api/organizations?q=filterable%20WIDGETS');
    expect(byName.body).toMatchObject({ total: 1, limit: 50, offset: 0 });
    expect(byName.body.items[0].id).toBe(id);
    const wildcard = await api.request('GET', '/api/organizations?q=%25');
    expect(wildcard.body.total).toBe(0);

    clock.advance(60_000);
    const patched = await api.request('PATCH', `/api/organizations/${id}`, { body: { industry: 'machinery' } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ industry: 'machinery', name: 'Filterable Widgets 有限公司' });
    expect(patched.body.updatedAt).toBe('2026-03-01T08:01:00.000Z');
  });

  it.skipIf(skipReason !== '')('refuses a duplicate credit code with 409 and the field path', async () => {
    const code = testCreditCode();
    expect((await api.request('POST', '/api/organizations', { body: validOrg({ creditCode: code }) })).status).toBe(
      201,
    );
    const err = await refused('POST', '/api/organizations', { body: validOrg({ creditCode: code }) }, 409);
    expect(err).toMatchObject({ code: 'duplicate', path: ['body', 'creditCode'] });

    const other = await api.request('POST', '/api/organizations', { body: validOrg() });
    const patchErr = await refused('PATCH', `/api/organizations/${other.body.id}`, { body: { creditCode: code } }, 409);
    expect(patchErr).toMatchObject({ code: 'duplicate', path: ['body', 'creditCode'] });
  });

  it.skipIf(skipReason !== '')('refuses bad input with 400, a code and the field path, writing nothing', async () => {
    const cases: { body?: unknown; rawBody?: string; code: string; path: (string | number)[] }[] = [
      { rawBody: '{"kind": "buyer",', code: 'invalid_json', path: ['body'] },
      { body: validOrg({ name: 42 }), code: 'validation_failed', path: ['body', 'name'] },
      { body: validOrg({ color: 'red' }), code: 'validation_failed', path: ['body'] },
      { body: validOrg({ region: 'mars' }), code: 'validation_failed', path: ['body', 'region'] },
      { body: validOrg({ creditCode: '91310000ABCDEFGHI' }), code: 'validation_failed', path: ['body', 'creditCode'] },
      { body: validOrg({ creditCode: '9131000012345678IO' }), code: 'validation_failed', path: ['body', 'creditCode'] },
      { body: validOrg({ kind: 'reseller' }), code: 'validation_failed', path: ['body', 'kind'] },
      { body: validOrg({ businessLine: 'Steel Pipes' }), code: 'validation_failed', path: ['body', 'businessLine'] },
      { body: validOrg({ memberLevelId: 'lvl_missing' }), code: 'invalid_reference', path: ['body', 'memberLevelId'] },
    ];
    for (const c of cases) {
      const status = c.code === 'invalid_reference' ? 422 : 400;
      const err = await refused('POST', '/api/organizations', { body: c.body, rawBody: c.rawBody }, status);
      expect(err.code, JSON.stringify(c)).toBe(c.code);
      expect(err.path, JSON.stringify(c)).toEqual(c.path);
    }
    const org = await api.request('POST', '/api/organizations', { body: validOrg() });
    const patchUnknown = await refused('PATCH', `/api/organizations/${org.body.id}`, { body: { status: 'x' } }, 400);
    expect(patchUnknown.code).toBe('validation_failed');
    const patchType = await refused('PATCH', `/api/organizations/${org.body.id}`, { body: { region: 3 } }, 400);
    expect(patchType.path).toEqual(['body', 'region']);
    const badQuery = await api.request('GET', '/api/organizations?region=mars');
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.error.path).toEqual(['querystring', 'region']);
    const badLimit = await api.request('GET', '/api/organizations?limit=0');
    expect(badLimit.body.error.path).toEqual(['querystring', 'limit']);
    const badContact = await refused(
      'POST',
      `/api/organizations/${org.body.id}/contacts`,
      { body: { name: 'x', role: 'purchaser', email: 'not-an-email' } },
      400,
    );
    expect(badContact.path).toEqual(['body', 'email']);
  });

  it.skipIf(skipReason !== '')('an operator scoped to east never sees a west organisation', async () => {
    const east = await createOrgWithMember(api, { kind: 'buyer', region: 'east', businessLine: 'steel' });
    const west = await createOrgWithMember(api, { kind: 'buyer', region: 'northwest', businessLine: 'steel' });
    const westEmail = `${west.contactId}@example.com`;
    const eastEmail = `${east.contactId}@example.com`;
    const op = await createOperatorToken(api, 'sales', { regions: ['east'], businessLines: '*' });

    let offset = 0;
    const seen: { id: string; region: string }[] = [];
    for (;;) {
      const page = await api.request('GET', `/api/organizations?limit=200&offset=${offset}`, { token: op.token });
      expect(page.status).toBe(200);
      seen.push(...page.body.items);
      offset += 200;
      if (offset >= page.body.total) break;
    }
    expect(seen.map((o) => o.id)).toContain(east.organizationId);
    expect(seen.map((o) => o.id)).not.toContain(west.organizationId);
    expect(seen.every((o) => o.region === 'east')).toBe(true);
    const filtered = await api.request('GET', '/api/organizations?region=northwest', { token: op.token });
    expect(filtered.body).toMatchObject({ total: 0, items: [] });

    for (const url of [
      `/api/organizations/${west.organizationId}`,
      `/api/organizations/${west.organizationId}/contacts`,
      `/api/organizations/${west.organizationId}/points`,
    ]) {
      const res = await api.request('GET', url, { token: op.token });
      expect(res.status, url).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    expect((await api.request('GET', `/api/organizations/${east.organizationId}`, { token: op.token })).status).toBe(
      200,
    );

    const lookupWest = await api.request('GET', `/api/contacts?email=${encodeURIComponent(westEmail)}`, {
      token: op.token,
    });
    expect(lookupWest.body).toMatchObject({ total: 0, items: [] });
    const lookupEast = await api.request('GET', `/api/contacts?email=${encodeURIComponent(eastEmail.toUpperCase())}`, {
      token: op.token,
    });
    expect(lookupEast.body.items.map((c: { id: string }) => c.id)).toEqual([east.contactId]);
    // Both test contacts share a phone number: the look-up returns only the in-scope one.
    const byPhone = await api.request('GET', '/api/contacts?phone=138-0000-0000&limit=200', { token: op.token });
    const phoneIds = byPhone.body.items.map((c: { id: string }) => c.id);
    expect(phoneIds).toContain(east.contactId);
    expect(phoneIds).not.toContain(west.contactId);
    const adminPhone = await api.request('GET', '/api/contacts?phone=13800000000&limit=200');
    expect(adminPhone.body.items.map((c: { id: string }) => c.id)).toContain(west.contactId);

    // Writes to out-of-scope organisations are 404 too, and creating one outside the scope is forbidden.
    expect(
      (
        await refused(
          'PATCH',
          `/api/organizations/${west.organizationId}`,
          { token: op.token, body: { name: 'x' } },
          404,
        )
      ).code,
    ).toBe('not_found');
    await refused('PATCH', `/api/contacts/${west.contactId}`, { token: op.token, body: { name: 'x' } }, 404);
    await refused('DELETE', `/api/contacts/${west.contactId}`, { token: op.token }, 404);
    await refused('POST', `/api/contacts/${west.contactId}/tokens`, { token: op.token }, 404);
    const outside = await refused(
      'POST',
      '/api/organizations',
      { token: op.token, body: validOrg({ region: 'northwest' }) },
      403,
    );
    expect(outside).toMatchObject({ code: 'forbidden', path: ['body', 'region'] });
    const moveOut = await refused(
      'PATCH',
      `/api/organizations/${east.organizationId}`,
      { token: op.token, body: { region: 'northwest' } },
      403,
    );
    expect(moveOut.path).toEqual(['body', 'region']);
    const inside = await api.request('POST', '/api/organizations', { token: op.token, body: validOrg() });
    expect(inside.status).toBe(201);
  });

  it.skipIf(skipReason !== '')('an analyst reads but cannot write (403, nothing written)', async () => {
    const org = await createOrgWithMember(api, { kind: 'supplier', certificationStatus: 'pending' });
    const analyst = await createOperatorToken(api, 'analyst');
    expect(
      (await api.request('GET', `/api/organizations/${org.organizationId}`, { token: analyst.token })).status,
    ).toBe(200);
    const t = { token: analyst.token };
    const attempts: [string, string, unknown][] = [
      ['POST', '/api/organizations', validOrg()],
      ['PATCH', `/api/organizations/${org.organizationId}`, { name: 'x' }],
      ['POST', `/api/organizations/${org.organizationId}/certification`, { decision: 'verified' }],
      ['POST', `/api/organizations/${org.organizationId}/contacts`, { name: 'x', role: 'other' }],
      ['PATCH', `/api/contacts/${org.contactId}`, { name: 'x' }],
    ];
    for (const [method, url, body] of attempts) {
      const err = await refused(method, url, { ...t, body }, 403);
      expect(err.code, `${method} ${url}`).toBe('forbidden');
    }
    expect((await refused('DELETE', `/api/contacts/${org.contactId}`, t, 403)).code).toBe('forbidden');
  });

  it.skipIf(skipReason !== '')('a buyer member reads and edits only their own organisation', async () => {
    const mine = await createOrgWithMember(api, { kind: 'buyer' });
    const other = await createOrgWithMember(api, { kind: 'buyer' });
    const t = { token: mine.token };
    const list = await api.request('GET', '/api/organizations', t);
    expect(list.body.total).toBe(1);
    expect(list.body.items[0].id).toBe(mine.organizationId);

    expect((await api.request('GET', `/api/organizations/${other.organizationId}`, t)).status).toBe(404);
    expect((await api.request('GET', `/api/organizations/${other.organizationId}/contacts`, t)).status).toBe(404);
    await refused('PATCH', `/api/organizations/${other.organizationId}`, { ...t, body: { name: 'hijack' } }, 404);
    await refused(
      'POST',
      `/api/organizations/${other.organizationId}/contacts`,
      { ...t, body: { name: 'x', role: 'other' } },
      404,
    );
    await refused('PATCH', `/api/contacts/${other.contactId}`, { ...t, body: { name: 'x' } }, 404);
    await refused('POST', `/api/contacts/${other.contactId}/tokens`, t, 404);
    const lookup = await api.request('GET', `/api/contacts?email=${other.contactId}@example.com`, t);
    expect(lookup.body.total).toBe(0);
    await refused('POST', '/api/organizations', { ...t, body: validOrg() }, 403);

    const ownRegion = await refused(
      'PATCH',
      `/api/organizations/${mine.organizationId}`,
      { ...t, body: { region: 'south' } },
      403,
    );
    expect(ownRegion.path).toEqual(['body', 'region']);
    await refused(
      'POST',
      `/api/organizations/${mine.organizationId}/certification`,
      { ...t, body: { decision: 'verified' } },
      403,
    );
    const renamed = await api.request('PATCH', `/api/organizations/${mine.organizationId}`, {
      ...t,
      body: { name: '新名字贸易' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('新名字贸易');
  });

  it.skipIf(skipReason !== '')('certification review records who and when, and follows its transitions', async () => {
    const created = await api.request('POST', '/api/organizations', { body: validOrg({ kind: 'supplier' }) });
    const id = created.body.id as string;
    const reviewer = await createOperatorToken(api, 'supplier_manager');
    const sales = await createOperatorToken(api, 'sales');
    await refused(
      'POST',
      `/api/organizations/${id}/certification`,
      { token: sales.token, body: { decision: 'verified' } },
      403,
    );

    const noNote = await refused(
      'POST',
      `/api/organizations/${id}/certification`,
      { token: reviewer.token, body: { decision: 'rejected' } },
      400,
    );
    expect(noNote).toMatchObject({ code: 'validation_failed', path: ['body', 'note'] });
    const badDecision = await refused(
      'POST',
      `/api/organizations/${id}/certification`,
      { token: reviewer.token, body: { decision: 'approved' } },
      400,
    );
    expect(badDecision.path).toEqual(['body', 'decision']);

    clock.set('2026-03-02T09:30:00.000Z');
    const rejected = await api.request('POST', `/api/organizations/${id}/certification`, {
      token: reviewer.token,
      body: { decision: 'rejected', note: '营业执照模糊' },
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({
      certificationStatus: 'rejected',
      certificationNote: '营业执照模糊',
      certifiedAt: '2026-03-02T09:30:00.000Z',
      certifiedBy: reviewer.operatorId,
    });
    const again = await refused(
      'POST',
      `/api/organizations/${id}/certification`,
      { token: reviewer.token, body: { decision: 'rejected', note: 'still' } },
      409,
    );
    expect(again).toMatchObject({ code: 'illegal_transition', path: ['body', 'decision'] });

    clock.set('2026-03-03T10:00:00.000Z');
    const verified = await api.request('POST', `/api/organizations/${id}/certification`, {
      body: { decision: 'verified' },
    });
    expect(verified.body).toMatchObject({
      certificationStatus: 'verified',
      certificationNote: null,
      certifiedAt: '2026-03-03T10:00:00.000Z',
      certifiedBy: 'admin',
    });
    const stored = await api.store.db
      .selectFrom('organizations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      certificationStatus: 'verified',
      certifiedBy: 'admin',
      certifiedAt: '2026-03-03T10:00:00.000Z',
    });
    await refused('POST', `/api/organizations/${id}/certification`, { body: { decision: 'rejected', note: 'x' } }, 409);

    // A new credit code voids the certificate: back to pending, reviewable again.
    const recoded = await api.request('PATCH', `/api/organizations/${id}`, { body: { creditCode: testCreditCode() } });
    expect(recoded.body).toMatchObject({ certificationStatus: 'pending', certifiedAt: null, certifiedBy: null });
    const listed = await api.request('GET', '/api/organizations?certificationStatus=pending&limit=200');
    expect(listed.body.items.map((o: { id: string }) => o.id)).toContain(id);
  });

  it.skipIf(skipReason !== '')('documents every route of this area in /openapi.json', async () => {
    const spec = await api.request('GET', '/openapi.json', { token: null });
    const paths = Object.keys(spec.body.paths);
    for (const path of [
      '/api/organizations',
      '/api/organizations/{id}',
      '/api/organizations/{id}/certification',
      '/api/organizations/{id}/contacts',
      '/api/contacts',
      '/api/contacts/{id}',
      '/api/contacts/{id}/tokens',
      '/api/operators',
      '/api/operators/{id}',
      '/api/operators/{id}/tokens',
      '/api/tokens/{id}',
      '/api/member-levels',
      '/api/member-levels/{id}',
      '/api/organizations/{id}/points',
      '/api/organizations/{id}/points/spend',
      '/api/organizations/{id}/points/grant',
      '/api/points/expire',
    ]) {
      expect(paths).toContain(path);
    }
    expect(
      spec.body.paths['/api/organizations'].post.requestBody.content['application/json'].schema.required,
    ).toContain('creditCode');
  });

  it.skipIf(skipReason !== '')('manages contacts; deleting one revokes its tokens', async () => {
    const org = await createOrgWithMember(api, { kind: 'supplier' });
    const t = { token: org.token };
    const created = await api.request('POST', `/api/organizations/${org.organizationId}/contacts`, {
      ...t,
      body: { name: '李四', phone: '+86 139-1234-5678', email: 'Li.Si@Example.COM', role: 'finance' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ phone: '+8613912345678', email: 'li.si@example.com', role: 'finance' });
    const contactId = created.body.id as string;

    const list = await api.request('GET', `/api/organizations/${org.organizationId}/contacts`, t);
    expect(list.body.items.map((c: { id: string }) => c.id).sort()).toEqual([org.contactId, contactId].sort());
    const found = await api.request('GET', `/api/contacts?phone=${encodeURIComponent('+86 139 1234 5678')}`);
    expect(found.body.items.map((c: { id: string }) => c.id)).toEqual([contactId]);
    // Without a phone or email the member lists the contacts they may see: their own organisation's.
    const neither = await api.request('GET', '/api/contacts', t);
    expect(neither.status).toBe(200);
    expect(neither.body.items.map((c: { id: string }) => c.id).sort()).toEqual([org.contactId, contactId].sort());

    const patched = await api.request('PATCH', `/api/contacts/${contactId}`, {
      ...t,
      body: { role: 'owner', phone: null },
    });
    expect(patched.body).toMatchObject({ role: 'owner', phone: null, name: '李四' });

    const issued = await api.request('POST', `/api/contacts/${contactId}/tokens`, { ...t, body: { label: 'laptop' } });
    expect(issued.status).toBe(201);
    expect((await api.request('GET', '/api/me', { token: issued.body.token })).body).toMatchObject({
      kind: 'member',
      contactId,
    });
    const deleted = await api.request('DELETE', `/api/contacts/${contactId}`, t);
    expect(deleted.status).toBe(204);
    expect((await api.request('GET', '/api/me', { token: issued.body.token })).status).toBe(401);
    expect((await api.request('PATCH', `/api/contacts/${contactId}`, { ...t, body: { name: 'x' } })).status).toBe(404);
  });

  it.skipIf(skipReason !== '')(
    'sorts the list by name or creation time, either way, and refuses an unknown sort',
    async () => {
      const names = ['Sortable Zeta', 'Sortable Alpha', 'Sortable Mu'];
      const ids: string[] = [];
      for (const name of names) {
        clock.advance(60_000);
        const res = await api.request('POST', '/api/organizations', {
          body: validOrg({ name, businessLine: 'sorting' }),
        });
        expect(res.status).toBe(201);
        ids.push(res.body.id as string);
      }
      const list = async (sort?: string) =>
        (
          await api.request(
            'GET',
            `/api/organizations?businessLine=sorting${sort ? `&sort=${encodeURIComponent(sort)}` : ''}`,
          )
        ).body.items.map((o: { name: string }) => o.name);
      expect(await list()).toEqual(['Sortable Mu', 'Sortable Alpha', 'Sortable Zeta']); // newest first by default
      expect(await list('createdAt')).toEqual(names);
      expect(await list('name')).toEqual(['Sortable Alpha', 'Sortable Mu', 'Sortable Zeta']);
      expect(await list('-name')).toEqual(['Sortable Zeta', 'Sortable Mu', 'Sortable Alpha']);
      const bad = await api.request('GET', '/api/organizations?sort=creditCode');
      expect(bad.status).toBe(400);
      expect(bad.body.error.path).toEqual(['querystring', 'sort']);
    },
  );

  it.skipIf(skipReason !== '')(
    'lists the contacts the caller may see with search, organisation and role filters, sorted and paged',
    async () => {
      const org = async (name: string, region: string) => {
        const res = await api.request('POST', '/api/organizations', { body: validOrg({ name, region }) });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        return res.body.id as string;
      };
      const north = await org('Contact Sorting North Ltd', 'north');
      const northwest = await org('Contact Sorting Northwest Ltd', 'northwest');
      // ASCII names: SQLite and PostgreSQL collate non-ASCII text differently.
      const people = [
        { org: north, name: 'Qlist Zhou', email: 'zhou@north.example', role: 'purchaser' },
        { org: northwest, name: 'Qlist Anna', email: 'anna@northwest.example', role: 'sales' },
        { org: north, name: 'Qlist Ming', email: 'ming@qlist-mail.example', role: 'finance' },
        { org: north, name: 'Other Person', email: 'other@qlist-mail.example', role: 'sales' },
      ];
      const ids: Record<string, string> = {};
      for (const person of people) {
        clock.advance(60_000);
        const res = await api.request('POST', `/api/organizations/${person.org}/contacts`, {
          body: { name: person.name, email: person.email, role: person.role },
        });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        ids[person.name] = res.body.id;
      }
      const names = async (query: string, token?: string) => {
        const res = await api.request('GET', `/api/contacts?${query}`, token ? { token } : {});
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        return res.body.items.map((c: { name: string }) => c.name);
      };

      // q: part of the name or of the email, in any case; oldest first unless sorted.
      expect(await names('q=QLIST')).toEqual(['Qlist Zhou', 'Qlist Anna', 'Qlist Ming', 'Other Person']);
      expect(await names('q=qlist&sort=name')).toEqual(['Other Person', 'Qlist Anna', 'Qlist Ming', 'Qlist Zhou']);
      expect(await names('q=qlist&sort=-name')).toEqual(['Qlist Zhou', 'Qlist Ming', 'Qlist Anna', 'Other Person']);
      expect(await names('q=qlist&sort=-createdAt')).toEqual([
        'Other Person',
        'Qlist Ming',
        'Qlist Anna',
        'Qlist Zhou',
      ]);
      expect(await names('q=QLIST-MAIL')).toEqual(['Qlist Ming', 'Other Person']);
      expect(await names('q=%25')).toEqual([]); // LIKE wildcards match literally
      expect(await names(`organizationId=${north}&sort=name`)).toEqual(['Other Person', 'Qlist Ming', 'Qlist Zhou']);
      expect(await names(`organizationId=${north}&role=sales`)).toEqual(['Other Person']);
      const paged = await api.request('GET', '/api/contacts?q=qlist&sort=name&limit=2&offset=2');
      expect(paged.body).toMatchObject({ total: 4, limit: 2, offset: 2 });
      expect(paged.body.items.map((c: { id: string }) => c.id)).toEqual([ids['Qlist Ming'], ids['Qlist Zhou']]);
      // The exact look-ups still work, and combine with the filters.
      expect(await names('email=ANNA@northwest.example')).toEqual(['Qlist Anna']);
      expect(await names(`email=anna@northwest.example&organizationId=${north}`)).toEqual([]);

      // A north-scoped operator meets only contacts of north organisations, on every page.
      const op = await createOperatorToken(api, 'sales', { regions: ['north'], businessLines: '*' });
      expect(await names('q=qlist', op.token)).toEqual(['Qlist Zhou', 'Qlist Ming', 'Other Person']);
      expect(await names(`organizationId=${northwest}`, op.token)).toEqual([]);
      const northOrgs = new Set<string>();
      for (let offset = 0; ; offset += 200) {
        const page = await api.request('GET', `/api/organizations?region=north&limit=200&offset=${offset}`);
        for (const o of page.body.items) northOrgs.add(o.id);
        if (offset + 200 >= page.body.total) break;
      }
      const seen: { id: string; organizationId: string }[] = [];
      for (let offset = 0; ; offset += 200) {
        const page = await api.request('GET', `/api/contacts?limit=200&offset=${offset}`, { token: op.token });
        expect(page.status).toBe(200);
        seen.push(...page.body.items);
        if (offset + 200 >= page.body.total) break;
      }
      expect(seen.map((c) => c.id)).toContain(ids['Qlist Zhou']);
      expect(seen.map((c) => c.id)).not.toContain(ids['Qlist Anna']);
      expect(seen.every((c) => northOrgs.has(c.organizationId))).toBe(true);

      // A member sees only their own organisation's contacts, whatever they ask for.
      const member = await createOrgWithMember(api, { kind: 'buyer', region: 'north' });
      const own = await api.request('GET', '/api/contacts?limit=200', { token: member.token });
      expect(own.body.items.map((c: { id: string }) => c.id)).toEqual([member.contactId]);
      expect(await names(`organizationId=${north}`, member.token)).toEqual([]);
    },
  );

  it.skipIf(skipReason !== '')('refuses a bad contact list query with the field path, writing nothing', async () => {
    const cases: [string, (string | number)[]][] = [
      ['sort=phone', ['querystring', 'sort']],
      ['role=boss', ['querystring', 'role']],
      [`q=${'x'.repeat(101)}`, ['querystring', 'q']],
      ['q=%20%20', ['querystring', 'q']],
      ['phone=13800000000&email=a%40b.example', ['querystring', 'email']],
      ['email=not-an-email', ['querystring', 'email']],
      ['limit=0', ['querystring', 'limit']],
      ['colour=red', ['querystring']],
    ];
    for (const [query, path] of cases) {
      const error = await refused('GET', `/api/contacts?${query}`, {}, 400);
      expect(error.code, query).toBe('validation_failed');
      if (path.length > 1) expect(error.path, query).toEqual(path);
      else expect(error.path?.[0], query).toBe('querystring');
    }
  });
});
