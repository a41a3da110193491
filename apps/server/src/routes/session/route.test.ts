import { PassThrough } from 'node:stream';
import { manualClock } from '@tradeloop/core';
import { oltpTestTargets, snapshotTables } from '@tradeloop/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperatorToken } from '../../testing/actors.js';
import { startTestApi, type TestApi, type TestResponse } from '../../testing/harness.js';

const HOUR = 3_600_000;
let seq = 0;

/** The tl_session cookie a response sets, with its attributes. */
function sessionCookie(res: TestResponse): { value: string; attributes: string } {
  const raw = res.headers['set-cookie'];
  const all = (Array.isArray(raw) ? raw : [raw]).filter((c): c is string => typeof c === 'string');
  const line = all.find((c) => c.startsWith('tl_session='));
  if (!line) throw new Error(`no tl_session cookie in ${JSON.stringify(raw)}`);
  const [pair = '', ...attrs] = line.split(';');
  return { value: pair.slice('tl_session='.length), attributes: attrs.map((a) => a.trim()).join('; ') };
}

describe.each(oltpTestTargets())('console sign-in on $dialect', ({ dialect, skipReason, ...target }) => {
  if (skipReason) console.warn(`[${dialect}] ${skipReason}`);
  let api: TestApi;
  const clock = manualClock(new Date());
  let logs = '';
  const passwords: string[] = [];

  beforeAll(async () => {
    if (skipReason) return;
    const logStream = new PassThrough();
    logStream.on('data', (d) => {
      logs += d;
    });
    api = await startTestApi({ dialect, skipReason, ...target }, { clock, logStream });
  });
  afterAll(async () => api?.close());

  /** An operator with a password set by the admin token. */
  async function operatorWithPassword(role = 'admin', scope?: object) {
    const email = `signin${++seq}@tradeloop.example.com`;
    const password = `pässwort-${seq}-${Math.random().toString(36).slice(2)}`;
    passwords.push(password);
    const created = await api.request('POST', '/api/operators', {
      body: { name: '操作员', email, role, ...(scope ? { scope } : {}) },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const set = await api.request('PUT', `/api/operators/${created.body.id}/password`, { body: { password } });
    expect(set.status, JSON.stringify(set.body)).toBe(204);
    return { id: created.body.id as string, email, password };
  }

  const signIn = (email: string, password: string, headers: Record<string, string> = {}) =>
    api.request('POST', '/api/session', { token: null, body: { email, password }, headers });

  /** A request authenticated by the session cookie only. */
  const withCookie = (
    cookie: string,
    method: string,
    url: string,
    opts: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ) => api.request(method, url, { ...opts, token: null, headers: { cookie: `tl_session=${cookie}`, ...opts.headers } });

  it.skipIf(skipReason !== '')(
    'signs in with a cookie that /api/me accepts; the password is stored as argon2id',
    async () => {
      const op = await operatorWithPassword('sales', { regions: ['east'], businessLines: '*' });
      const stored = await api.store.db
        .selectFrom('operatorCredentials')
        .selectAll()
        .where('operatorId', '=', op.id)
        .executeTakeFirstOrThrow();
      expect(stored.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(stored.passwordHash).not.toContain(op.password);

      const res = await signIn(op.email.toUpperCase(), op.password);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toEqual({
        operator: expect.objectContaining({ id: op.id, email: op.email, role: 'sales', status: 'active' }),
        permissions: ['org:write', 'rfq:write', 'order:write'],
      });
      const cookie = sessionCookie(res);
      expect(cookie.value).toMatch(/^tls_[\w-]{43}$/);
      expect(cookie.attributes).toContain('HttpOnly');
      expect(cookie.attributes).toContain('SameSite=Lax');
      expect(cookie.attributes).toContain('Path=/');
      expect(cookie.attributes).not.toContain('Secure');
      // The token is stored only as its hash.
      const sessions = await api.store.db
        .selectFrom('consoleSessions')
        .selectAll()
        .where('operatorId', '=', op.id)
        .execute();
      expect(sessions).toHaveLength(1);
      expect(JSON.stringify(sessions)).not.toContain(cookie.value);

      const me = await withCookie(cookie.value, 'GET', '/api/me');
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({
        kind: 'operator',
        operatorId: op.id,
        role: 'sales',
        scope: { regions: ['east'], businessLines: '*' },
        operator: { id: op.id, email: op.email, name: '操作员' },
        permissions: ['org:write', 'rfq:write', 'order:write'],
      });
      // Reads work with the cookie and keep the scope.
      expect((await withCookie(cookie.value, 'GET', '/api/organizations?limit=5')).status).toBe(200);
      // A bearer token wins over the cookie; a bad one is a 401, not a fall-back to the cookie.
      const both = await api.request('GET', '/api/me', { headers: { cookie: `tl_session=${cookie.value}` } });
      expect(both.body).toEqual({ kind: 'admin', timeZone: 'Asia/Shanghai' });
      const badBearer = await api.request('GET', '/api/me', {
        token: 'nope',
        headers: { cookie: `tl_session=${cookie.value}` },
      });
      expect(badBearer.status).toBe(401);

      // Behind a TLS-terminating proxy the cookie is Secure.
      const https = await signIn(op.email, op.password, { 'x-forwarded-proto': 'https' });
      expect(sessionCookie(https).attributes).toContain('Secure');
    },
  );

  it.skipIf(skipReason !== '')('answers a wrong password and an unknown email identically', async () => {
    const op = await operatorWithPassword();
    const noPassword = await api.request('POST', '/api/operators', {
      body: { name: '无密码', email: `nopass${++seq}@tradeloop.example.com`, role: 'admin' },
    });
    const before = await snapshotTables(api.store);
    const wrong = await signIn(op.email, `${op.password}x`);
    const unknown = await signIn(`nobody${seq}@tradeloop.example.com`, op.password);
    const unset = await signIn(noPassword.body.email, 'whatever-password');
    for (const res of [wrong, unknown, unset]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: { code: 'invalid_credentials', message: 'email or password is incorrect' } });
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    expect(await snapshotTables(api.store)).toEqual(before);
  });

  it.skipIf(skipReason !== '')('locks an email out after 10 failures in 15 minutes, with Retry-After', async () => {
    const op = await operatorWithPassword();
    const ghost = `ghost${seq}@tradeloop.example.com`;
    for (let i = 0; i < 10; i++) {
      expect((await signIn(op.email, `wrong-password-${i}`)).status).toBe(401);
      expect((await signIn(ghost, `wrong-password-${i}`)).status).toBe(401);
    }
    const locked = await signIn(op.email, op.password);
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('too_many_attempts');
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // An unknown email is locked out the same way: the answer tells nothing about which emails exist.
    const ghostLocked = await signIn(ghost, op.password);
    expect(ghostLocked.status).toBe(429);
    expect(ghostLocked.body.error.message).toBe(locked.body.error.message);
    // Other emails are not affected, and the window passes.
    const bystander = await operatorWithPassword();
    expect((await signIn(bystander.email, bystander.password)).status).toBe(200);
    clock.advance(retryAfter * 1000);
    expect((await signIn(op.email, op.password)).status).toBe(200);
  });

  it.skipIf(skipReason !== '')('signing out revokes the session and clears the cookie', async () => {
    const op = await operatorWithPassword();
    const a = sessionCookie(await signIn(op.email, op.password)).value;
    const b = sessionCookie(await signIn(op.email, op.password)).value;
    expect((await withCookie(a, 'GET', '/api/me')).status).toBe(200);
    const out = await withCookie(a, 'DELETE', '/api/session');
    expect(out.status).toBe(204);
    const cleared = sessionCookie(out);
    expect(cleared.value).toBe('');
    expect(cleared.attributes).toMatch(/Expires=Thu, 01 Jan 1970|Max-Age=0/);
    const after = await withCookie(a, 'GET', '/api/me');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('unauthenticated');
    // The other session of the same operator lives on; signing out without a cookie is harmless.
    expect((await withCookie(b, 'GET', '/api/me')).status).toBe(200);
    expect((await api.request('DELETE', '/api/session', { token: null })).status).toBe(204);
  });

  it.skipIf(skipReason !== '')('refuses disabled operators and ends their sessions', async () => {
    const op = await operatorWithPassword('analyst');
    const cookie = sessionCookie(await signIn(op.email, op.password)).value;
    await api.request('PATCH', `/api/operators/${op.id}`, { body: { status: 'disabled' } });
    expect((await withCookie(cookie, 'GET', '/api/me')).status).toBe(401);
    const refused = await signIn(op.email, op.password);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'forbidden', details: { reason: 'operator_disabled' } });
    // A wrong password for a disabled operator is the ordinary 401: being disabled is told to password holders only.
    expect((await signIn(op.email, 'not-the-password')).status).toBe(401);
  });

  it.skipIf(skipReason !== '')('sessions end after 12 hours idle and after 7 days in all', async () => {
    const op = await operatorWithPassword();
    const idle = sessionCookie(await signIn(op.email, op.password)).value;
    clock.advance(11 * HOUR);
    expect((await withCookie(idle, 'GET', '/api/me')).status).toBe(200);
    clock.advance(12 * HOUR + 1000);
    expect((await withCookie(idle, 'GET', '/api/me')).status).toBe(401);

    const busy = sessionCookie(await signIn(op.email, op.password)).value;
    for (let elapsed = 0; elapsed < 7 * 24 - 11; elapsed += 11) {
      clock.advance(11 * HOUR);
      expect((await withCookie(busy, 'GET', '/api/me')).status, `after ${elapsed + 11} h`).toBe(200);
    }
    clock.advance(11 * HOUR);
    expect((await withCookie(busy, 'GET', '/api/me')).status).toBe(401);
  });

  it.skipIf(skipReason !== '')('refuses cookie writes that a foreign form could send (CSRF)', async () => {
    const op = await operatorWithPassword('admin');
    const cookie = sessionCookie(await signIn(op.email, op.password)).value;
    const before = await snapshotTables(api.store);
    const body = 'name=%E9%92%A2%E6%9D%90';
    const forms: Record<string, string>[] = [
      { 'content-type': 'application/x-www-form-urlencoded' },
      { 'content-type': 'text/plain' },
      { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example.com' },
      { 'content-type': 'application/x-www-form-urlencoded', origin: 'null' },
    ];
    for (const headers of forms) {
      const res = await withCookie(cookie, 'POST', '/api/categories', { rawBody: body, headers });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.body.error.code).toBe('csrf_refused');
    }
    const noBody = await withCookie(cookie, 'DELETE', '/api/tokens/tok_x');
    expect(noBody.body.error.code).toBe('csrf_refused');
    expect(await snapshotTables(api.store)).toEqual(before);
    // JSON (needs a preflight cross-site) and a same-origin Origin pass.
    const json = await withCookie(cookie, 'POST', '/api/categories', { body: { name: `钢材${seq}` } });
    expect(json.status, JSON.stringify(json.body)).toBe(201);
    const sameOrigin = await withCookie(cookie, 'DELETE', '/api/tokens/tok_x', {
      headers: { origin: 'http://localhost:80', host: 'localhost:80' },
    });
    expect(sameOrigin.body.error.code).toBe('not_found');
    // Bearer-token calls are not subject to it (no ambient credential to abuse).
    const bearer = await api.request('DELETE', '/api/tokens/tok_x');
    expect(bearer.body.error.code).toBe('not_found');
  });

  it.skipIf(skipReason !== '')(
    'sets and changes passwords: who may, the current password, other sessions',
    async () => {
      const op = await operatorWithPassword('sales', { regions: ['east'], businessLines: '*' });
      const mine = sessionCookie(await signIn(op.email, op.password)).value;
      const other = sessionCookie(await signIn(op.email, op.password)).value;
      const someone = await operatorWithPassword('analyst');
      const eastAdmin = await createOperatorToken(api, 'admin', { regions: ['east'], businessLines: '*' });
      const before = await snapshotTables(api.store);
      const url = `/api/operators/${op.id}/password`;
      const json = (body: unknown) => ({ body });
      const cases: [unknown, number, (string | number)[]][] = [
        [{ password: 'short' }, 400, ['body', 'password']],
        [{}, 400, ['body', 'password']],
        [{ password: 'long-enough-password' }, 400, ['body', 'currentPassword']],
        [{ password: 'long-enough-password', currentPassword: 'not-my-password' }, 400, ['body', 'currentPassword']],
        [{ password: 'long-enough-password', currentPassword: op.password, extra: 1 }, 400, ['body']],
      ];
      for (const [body, status, path] of cases) {
        const res = await withCookie(mine, 'PUT', url, json(body));
        expect(res.status, JSON.stringify(body)).toBe(status);
        expect(res.body.error.path.slice(0, path.length), JSON.stringify(body)).toEqual(path);
      }
      // Not someone else's, without operator:manage.
      const notMine = await withCookie(
        mine,
        'PUT',
        `/api/operators/${someone.id}/password`,
        json({ password: 'x'.repeat(12) }),
      );
      expect(notMine.status).toBe(403);
      // A scoped manager cannot take over an operator who sees more than they do.
      const wider = await api.request('PUT', `/api/operators/${someone.id}/password`, {
        token: eastAdmin.token,
        body: { password: 'y'.repeat(12) },
      });
      expect(wider.status).toBe(403);
      expect(await snapshotTables(api.store)).toEqual(before);
      const missing = await api.request('PUT', '/api/operators/opr_missing/password', {
        body: { password: 'z'.repeat(12) },
      });
      expect(missing.status).toBe(404);

      const next = `neues-passwort-${seq}`;
      passwords.push(next);
      const changed = await withCookie(mine, 'PUT', url, json({ password: next, currentPassword: op.password }));
      expect(changed.status, JSON.stringify(changed.body)).toBe(204);
      expect((await withCookie(mine, 'GET', '/api/me')).status).toBe(200);
      expect((await withCookie(other, 'GET', '/api/me')).status).toBe(401);
      expect((await signIn(op.email, op.password)).status).toBe(401);
      expect((await signIn(op.email, next)).status).toBe(200);
      // The scoped manager may set it for an operator inside their scope.
      const inside = await api.request('PUT', url, { token: eastAdmin.token, body: { password: `${next}-2` } });
      expect(inside.status).toBe(204);
      expect((await withCookie(mine, 'GET', '/api/me')).status).toBe(401);
    },
  );

  it.skipIf(skipReason !== '')('refuses bad sign-in input with 400 and the field path, writing nothing', async () => {
    const before = await snapshotTables(api.store);
    const cases: [{ body?: unknown; rawBody?: string }, (string | number)[]][] = [
      [{ body: { password: 'x'.repeat(12) } }, ['body', 'email']],
      [{ body: { email: 'a@b.example.com' } }, ['body', 'password']],
      [{ body: { email: 'a@b.example.com', password: '' } }, ['body', 'password']],
      [{ body: { email: 7, password: 'x'.repeat(12) } }, ['body', 'email']],
      [{ rawBody: '{"email": ' }, ['body']],
    ];
    for (const [payload, path] of cases) {
      const res = await api.request('POST', '/api/session', { token: null, ...payload });
      expect(res.status, JSON.stringify(payload)).toBe(400);
      expect(res.body.error.path.slice(0, path.length)).toEqual(path);
    }
    expect(await snapshotTables(api.store)).toEqual(before);
  });

  it.skipIf(skipReason !== '')('never returns or logs a password', async () => {
    // Every password used in this suite went through sign-in, failures and password changes, with access logs on.
    expect(passwords.length).toBeGreaterThan(5);
    expect(logs.length).toBeGreaterThan(0);
    for (const password of passwords) expect(logs).not.toContain(password);
    const op = await operatorWithPassword();
    const res = await signIn(op.email, op.password);
    expect(JSON.stringify(res.body)).not.toContain(op.password);
    expect(JSON.stringify((await api.request('GET', `/api/operators/${op.id}`)).body)).not.toContain('argon2');
  });
});
