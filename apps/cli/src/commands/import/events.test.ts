import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@tradeloop/storage/testing';
import { afterAll, describe, expect, it } from 'vitest';

// The real `tradeloop` bin, as a user runs it (npm test builds it first).
const bin = fileURLToPath(new URL('../../../bin/tradeloop.js', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../../../dist/main.js', import.meta.url)));
if (!built) console.warn('[import events CLI] skipped: apps/cli/dist is not built (run npx tsc -b)');

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, LOG_LEVEL: 'warn', TRADELOOP_DEMO: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.runIf(built)('tradeloop import events', () => {
  const root = mkdtempSync(join(tmpdir(), 'tradeloop-import-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const dataDir = join(root, 'data');
  const file = join(root, 'behaviour.csv');
  writeFileSync(
    file,
    [
      'user_id,item_id,behavior_type,user_geohash,item_category,time',
      '1,10,1,,5,2014-12-06 02',
      '1,10,4,,5,2014-12-06 03',
      '2,11,9,,5,2014-12-06 03',
    ].join('\n'),
  );

  it('prints the validation report as JSON, writes the rejected rows, and a second run stores nothing new', async () => {
    const first = await cli(['import', 'events', file, '--format', 'tianchi', '--data-dir', dataDir, '--json']);
    expect(first.code, first.stderr).toBe(0);
    const report = JSON.parse(first.stdout);
    expect(report).toMatchObject({ rowsRead: 3, accepted: 2, duplicates: 0, rejected: 1, storedEvents: 2 });
    expect(report.rejectedByReason.invalid_row.first).toEqual([
      { line: 4, message: 'behavior_type "9" is not 1..4', path: ['behavior_type'] },
    ]);
    expect(report.rejectedFile).toBe(`${file}.rejected.jsonl`);
    expect(JSON.parse(readFileSync(report.rejectedFile, 'utf8'))).toMatchObject({ line: 4, code: 'invalid_row' });

    const second = await cli(['import', 'events', file, '--format', 'tianchi', '--data-dir', dataDir]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/accepted:\s+0/);
    expect(second.stdout).toMatch(/duplicates:\s+2/);
    expect(second.stdout).toMatch(/line 4: behavior_type "9" is not 1\.\.4/);
  });

  it('refuses a bad format, a missing file, and a data directory a running server uses', async () => {
    const bad = await cli(['import', 'events', file, '--format', 'xml', '--data-dir', dataDir]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--format must be one of segment, sensors, csv, otto, tianchi/);
    const missing = await cli(['import', 'events', join(root, 'nope.csv'), '--format', 'csv', '--data-dir', dataDir]);
    expect(missing.stderr).toMatch(/no such file/);

    const port = await freePort();
    const server = spawn(process.execPath, [bin, 'start', '--port', String(port), '--data-dir', dataDir], {
      env: { ...process.env, LOG_LEVEL: 'warn', TRADELOOP_DEMO: '0' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    try {
      let out = '';
      server.stdout?.on('data', (d) => {
        out += d;
      });
      const deadline = Date.now() + 20_000;
      while (!out.includes('Admin token') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const locked = await cli(['import', 'events', file, '--format', 'tianchi', '--data-dir', dataDir]);
      expect(locked.code).toBe(1);
      expect(locked.stderr).toMatch(new RegExp(`process ${server.pid} .*uses the data directory`));
    } finally {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
  });
});
