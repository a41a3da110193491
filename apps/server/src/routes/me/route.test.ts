import { oltpTestTargets } from '@tradeloop/storage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { displayTimeZone } from '../../run.js';
import { startTestApi, type TestApi } from '../../testing/harness.js';

describe('the display time zone (TRADELOOP_TIME_ZONE)', () => {
  it('defaults to Asia/Shanghai, takes any IANA zone, and refuses a misspelt one by name', () => {
    expect(displayTimeZone(undefined)).toBe('Asia/Shanghai');
    expect(displayTimeZone('  ')).toBe('Asia/Shanghai');
    expect(displayTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(() => displayTimeZone('Asia/Shangai')).toThrow(
      /TRADELOOP_TIME_ZONE: "Asia\/Shangai" is not an IANA time zone/,
    );
  });

  const sqlite = oltpTestTargets().find((t) => t.dialect === 'sqlite');
  if (!sqlite) console.warn('[me route test] skipped: no SQLite test target');
  const apis: TestApi[] = [];
  afterAll(async () => {
    for (const api of apis) await api.close();
  });

  it.skipIf(!sqlite)('is in GET /api/me, so the console shows dates in it', async () => {
    if (!sqlite) return;
    const plain = await startTestApi(sqlite);
    const berlin = await startTestApi(sqlite, { timeZone: 'Europe/Berlin' });
    apis.push(plain, berlin);
    expect((await plain.request('GET', '/api/me')).body).toMatchObject({ kind: 'admin', timeZone: 'Asia/Shanghai' });
    expect((await berlin.request('GET', '/api/me')).body).toMatchObject({ kind: 'admin', timeZone: 'Europe/Berlin' });
  });
});
