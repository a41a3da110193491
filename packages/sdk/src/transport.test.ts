import { describe, expect, it } from 'vitest';
import { backoffDelay } from './queue.js';
import { parseRetryAfter } from './transport.js';

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('0.5')).toBe(500);
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 00:00:00 GMT', now)).toBe(0);
  });

  it('ignores absent and unreadable values', () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('')).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  const retry = { baseDelayMs: 100, maxDelayMs: 1000, maxAttempts: 10 };

  it('doubles per failure within [delay/2, delay] and stops at the cap', () => {
    expect(backoffDelay(1, retry, () => 0)).toBe(50);
    expect(backoffDelay(1, retry, () => 1)).toBe(100);
    expect(backoffDelay(2, retry, () => 0)).toBe(100);
    expect(backoffDelay(3, retry, () => 1)).toBe(400);
    expect(backoffDelay(10, retry, () => 1)).toBe(1000);
    expect(backoffDelay(10, retry, () => 0)).toBe(500);
  });

  it('spreads clients out (jitter)', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(3, retry)));
    expect(delays.size).toBeGreaterThan(40);
    for (const d of delays) expect(d).toBeGreaterThanOrEqual(200);
    for (const d of delays) expect(d).toBeLessThanOrEqual(400);
  });
});
