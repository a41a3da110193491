import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMarketplace } from '@tradeloop/core';
import { openOltpStore } from '@tradeloop/storage';
import { freePort } from '@tradeloop/storage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { beijingToday, demoEnabled } from './first-start.js';
import { runDemo } from './run.js';

const bin = fileURLToPath(new URL('../../../bin/tradeloop.js', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../../../dist/main.js', import.meta.url)));

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'tradeloop-demo-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    err += d;
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out, err })));
}

describe('tradeloop demo', () => {
  it('names the bad flag', async () => {
    await expect(runDemo({ scale: 'huge' })).rejects.toThrow('--scale must be one of small, medium, large, got "huge"');
    await expect(runDemo({ seed: 'abc' })).rejects.toThrow('--seed must be an integer from 0 to 4294967295');
    await expect(runDemo({ locale: 'fr' })).rejects.toThrow('--locale must be one of zh-CN, en');
    await expect(runDemo({ mode: 'fast' })).rejects.toThrow('--mode must be services or bulk');
    await expect(runDemo({ end: '31/12/2026' })).rejects.toThrow('--end must be a date YYYY-MM-DD');
    await expect(runDemo({ out: 'x', dataDir: 'y' })).rejects.toThrow('give --out');
  });

  it('refuses a data directory a server holds, and one that already holds marketplace data', async () => {
    const held = join(tempDir(), 'data');
    mkdirSync(join(held, 'wal'), { recursive: true });
    // The parent process is alive and not us: exactly what a running `tradeloop start` looks like to the lock check.
    writeFileSync(join(held, 'wal', 'LOCK'), JSON.stringify({ pid: process.ppid, start: null, boot: null }));
    await expect(runDemo({ dataDir: held, progress: false })).rejects.toThrow(/uses the data directory .*stop it/);

    const used = join(tempDir(), 'data');
    const store = await openOltpStore({ dataDir: used });
    await createMarketplace({ store }).organizations.create(
      { kind: 'admin' },
      {
        kind: 'buyer',
        name: '上海宝钢贸易有限公司',
        creditCode: '91310000MA1FL0000X',
        industry: '钢铁',
        region: 'east',
        businessLine: 'steel',
      },
    );
    await store.close();
    await expect(runDemo({ dataDir: used, progress: false })).rejects.toThrow(/already holds marketplace data/);
  });

  it('reads TRADELOOP_DEMO and dates the first-start demo in Beijing time', () => {
    expect(demoEnabled({})).toBe(true);
    expect(demoEnabled({ TRADELOOP_DEMO: '1' })).toBe(true);
    expect(demoEnabled({ TRADELOOP_DEMO: '0' })).toBe(false);
    expect(demoEnabled({ TRADELOOP_DEMO: 'off' })).toBe(false);
    expect(beijingToday(Date.parse('2026-11-30T17:00:00Z'))).toBe('2026-12-01');
  });
});

describe.runIf(built)('tradeloop demo (the bin)', () => {
  it('writes entities, Segment events and truth.json with --out and prints a JSON summary', async () => {
    const out = join(tempDir(), 'out');
    const r = await run(['demo', '--out', out, '--seed', '5', '--locale', 'en', '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out);
    expect(summary).toMatchObject({ action: 'write', scale: 'small', seed: 5, locale: 'en', target: out });
    expect(summary.counts.messages).toBeGreaterThan(20_000);
    const first = JSON.parse(readFileSync(join(out, 'events.ndjson'), 'utf8').split('\n')[0] as string);
    expect(first).toMatchObject({
      type: expect.any(String),
      messageId: expect.any(String),
      timestamp: expect.any(String),
    });
    const truth = JSON.parse(readFileSync(join(out, 'truth.json'), 'utf8'));
    expect(truth.generator).toMatchObject({ seed: 5, scale: 'small', locale: 'en' });
    expect(existsSync(join(out, 'truth', 'buyers.ndjson'))).toBe(true);
  });

  it('first start loads the small demo on an empty data directory, not again, and not with TRADELOOP_DEMO=0', async () => {
    const start = async (dataDir: string, env: Record<string, string>) => {
      const port = await freePort();
      const child: ChildProcess = spawn(
        process.execPath,
        [bin, 'start', '--port', String(port), '--data-dir', dataDir],
        {
          env: { ...process.env, LOG_LEVEL: 'warn', ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      child.stdout?.on('data', (d) => {
        out += d;
      });
      child.stderr?.on('data', (d) => {
        out += d;
      });
      const deadline = Date.now() + 90_000;
      while (!/Admin token:\s+(\S+)/.test(out)) {
        if (child.exitCode !== null) throw new Error(`tradeloop start exited ${child.exitCode}: ${out}`);
        if (Date.now() > deadline) throw new Error(`tradeloop start printed no admin token: ${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const token = /Admin token:\s+(\S+)/.exec(out)?.[1] ?? '';
      const orgs = await fetch(`http://localhost:${port}/api/organizations?limit=1`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const total = ((await orgs.json()) as { total: number }).total;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      return { out, total };
    };
    const dataDir = join(tempDir(), 'data');
    const first = await start(dataDir, {});
    expect(first.out).toContain('First start: loading the demo marketplace');
    expect(first.out).toMatch(/Demo loaded in [\d.]+ s/);
    expect(first.total).toBeGreaterThan(200);
    expect(existsSync(join(dataDir, 'demo', 'truth.json'))).toBe(true);
    const second = await start(dataDir, {});
    expect(second.out).not.toContain('First start');
    expect(second.total).toBe(first.total);

    const empty = await start(join(tempDir(), 'data'), { TRADELOOP_DEMO: '0' });
    expect(empty.out).not.toContain('First start');
    expect(empty.total).toBe(0);
  }, 180_000);
});
