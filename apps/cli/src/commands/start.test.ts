import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, freePort } from '@tradeloop/storage/testing';
import { afterAll, describe, expect, inject, it } from 'vitest';

// The real `tradeloop` bin, as a user runs it (npm test builds it first).
const bin = fileURLToPath(new URL('../../bin/tradeloop.js', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../../dist/main.js', import.meta.url)));

type Started = { child: ChildProcess; url: string; token: string; output: () => string };

async function start(dataDir: string, env: Record<string, string> = {}): Promise<Started> {
  const port = await freePort();
  const child = spawn(process.execPath, [bin, 'start', '--port', String(port), '--data-dir', dataDir], {
    env: { ...process.env, LOG_LEVEL: 'warn', TRADELOOP_DEMO: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const deadline = Date.now() + 20_000;
  while (!/Admin token:\s+(\S+)/.test(out)) {
    if (child.exitCode !== null) throw new Error(`tradeloop start exited ${child.exitCode}: ${out}`);
    if (Date.now() > deadline) throw new Error(`tradeloop start printed no admin token: ${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const url = /running at (\S+)/.exec(out)?.[1] ?? '';
  const token = /Admin token:\s+(\S+)/.exec(out)?.[1] ?? '';
  return { child, url, token, output: () => out };
}

async function stop(s: Started, signal: NodeJS.Signals): Promise<number | null> {
  s.child.kill(signal);
  return new Promise((resolve) => s.child.once('exit', (code) => resolve(code)));
}

describe.runIf(built)('tradeloop start', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'tradeloop-start-'));
    dirs.push(d);
    return join(d, 'data');
  };
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('creates the data directory, prints URL and admin token, serves, and shuts down cleanly', async () => {
    const dataDir = tempDir();
    const s = await start(dataDir);
    expect(s.url).toMatch(/^http:\/\/localhost:\d+$/);
    expect(existsSync(join(dataDir, 'tradeloop.db'))).toBe(true);
    const health = await fetch(`${s.url}/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', store: 'sqlite' });
    const me = await fetch(`${s.url}/api/me`, { headers: { authorization: `Bearer ${s.token}` } });
    expect(await me.json()).toEqual({ kind: 'admin', timeZone: 'Asia/Shanghai' });

    // An in-flight write finishes before the process exits on SIGTERM.
    const create = fetch(`${s.url}/api/categories`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: '钢材' }),
    });
    await new Promise((r) => setTimeout(r, 5));
    const [res, code] = await Promise.all([create, stop(s, 'SIGTERM')]);
    expect(res.status).toBe(201);
    expect(code).toBe(0);
    expect(s.output()).toContain('SIGTERM: finishing in-flight requests');

    // The token and the data survive a restart.
    const again = await start(dataDir);
    expect(again.token).toBe(s.token);
    const cats = await fetch(`${again.url}/api/categories`, { headers: { authorization: `Bearer ${again.token}` } });
    expect(JSON.stringify(await cats.json())).toContain('钢材');
    expect(await stop(again, 'SIGINT')).toBe(0);
  });

  it('honours TRADELOOP_ADMIN_TOKEN and TRADELOOP_DATABASE_URL (PostgreSQL)', async (ctx) => {
    const pgUrl = inject('pgUrl');
    if (!pgUrl) {
      console.warn(`[postgres] ${inject('pgSkipReason')}`);
      ctx.skip();
    }
    const s = await start(tempDir(), {
      TRADELOOP_ADMIN_TOKEN: 'fixed-admin-token',
      TRADELOOP_DATABASE_URL: await createTestDatabase(pgUrl),
    });
    expect(s.token).toBe('fixed-admin-token');
    const health = await fetch(`${s.url}/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', store: 'postgres' });
    expect(await stop(s, 'SIGTERM')).toBe(0);
  });

  it('prints the console sign-in at first start only (or from TRADELOOP_ADMIN_PASSWORD), and it signs in', async () => {
    const dataDir = tempDir();
    const signInLine = /Console sign-in: (\S+) \/ (\S+)/;
    const s = await start(dataDir);
    const [, email = '', password = ''] = signInLine.exec(s.output()) ?? [];
    expect(email).toBe('admin@tradeloop.local');
    const signIn = (url: string, pw: string) =>
      fetch(`${url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: pw }),
      });
    const res = await signIn(s.url, password);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ operator: { email, role: 'admin' } });
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^tl_session=tls_/);
    const me = await fetch(`${s.url}/api/me`, { headers: { cookie } });
    expect(await me.json()).toMatchObject({ kind: 'operator', operator: { email }, permissions: expect.any(Array) });
    expect(await stop(s, 'SIGTERM')).toBe(0);

    // A stored password is not recoverable: the restart prints none, and the session survives it.
    const again = await start(dataDir);
    expect(again.output()).not.toMatch(signInLine);
    expect((await fetch(`${again.url}/api/me`, { headers: { cookie } })).status).toBe(200);
    expect(await stop(again, 'SIGTERM')).toBe(0);

    const fixed = await start(dataDir, { TRADELOOP_ADMIN_PASSWORD: 'fixed-console-password' });
    expect(signInLine.exec(fixed.output())?.slice(1)).toEqual([email, 'fixed-console-password']);
    expect((await signIn(fixed.url, 'fixed-console-password')).status).toBe(200);
    expect((await signIn(fixed.url, password)).status).toBe(401);
    expect(await stop(fixed, 'SIGTERM')).toBe(0);
  });

  it('refuses a bad port with a clear message', async () => {
    const child = spawn(process.execPath, [bin, 'start', '--port', 'abc', '--data-dir', tempDir()], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr?.on('data', (d) => {
      err += d;
    });
    const code = await new Promise((r) => child.once('exit', r));
    expect(code).toBe(1);
    expect(err).toContain('invalid port');
  });
});

if (!built)
  console.warn('tradeloop start tests skipped: apps/cli/dist is missing (run `npm run build`; `npm test` does)');
