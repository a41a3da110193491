import { describe, expect, it } from 'vitest';
import { SignInLockout } from './lockout.js';

const MIN = 60_000;

describe('SignInLockout', () => {
  it('locks an email after maxFailures within the window, until the oldest failure leaves it', () => {
    const lockout = new SignInLockout(3, 15 * MIN);
    const t0 = 1_000_000_000;
    lockout.recordFailure('a@x', t0);
    lockout.recordFailure('a@x', t0 + MIN);
    expect(lockout.retryAfterSeconds('a@x', t0 + MIN)).toBe(0);
    lockout.recordFailure('a@x', t0 + 2 * MIN);
    expect(lockout.retryAfterSeconds('a@x', t0 + 2 * MIN)).toBe(13 * 60);
    expect(lockout.retryAfterSeconds('b@x', t0 + 2 * MIN)).toBe(0);
    // Once the first failure is older than the window, two remain: unlocked.
    expect(lockout.retryAfterSeconds('a@x', t0 + 15 * MIN + 1)).toBe(0);
  });

  it('forgets failures older than the window and after a success', () => {
    const lockout = new SignInLockout(2, MIN);
    lockout.recordFailure('a@x', 0);
    lockout.recordFailure('a@x', 2 * MIN);
    expect(lockout.retryAfterSeconds('a@x', 2 * MIN)).toBe(0);
    lockout.recordFailure('a@x', 2 * MIN + 1);
    expect(lockout.retryAfterSeconds('a@x', 2 * MIN + 1)).toBe(60);
    lockout.reset('a@x');
    expect(lockout.retryAfterSeconds('a@x', 2 * MIN + 1)).toBe(0);
  });

  it('keeps memory bounded under a spray of emails', () => {
    const lockout = new SignInLockout(1, MIN, 100);
    for (let i = 0; i < 1000; i++) lockout.recordFailure(`u${i}@x`, 0);
    expect(lockout.retryAfterSeconds('u999@x', 0)).toBeGreaterThan(0);
    expect(lockout.retryAfterSeconds('u0@x', 0)).toBe(0);
  });
});
