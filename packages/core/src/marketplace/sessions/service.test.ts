import type { OltpStore } from '@tradeloop/storage';
import { oltpTestTargets } from '@tradeloop/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../clock.js';
import { createMarketplace, type Marketplace } from '../index.js';

describe.each(oltpTestTargets())('SessionsService.ensureFirstOperator on $dialect', ({ dialect, skipReason, open }) => {
  if (skipReason) console.warn(`[${dialect}] ${skipReason}`);
  let store: OltpStore;
  let market: Marketplace;
  const clock = manualClock('2026-04-01T00:00:00.000Z');
  beforeAll(async () => {
    if (skipReason) return;
    store = await open();
    market = createMarketplace({ store, clock });
  });
  afterAll(async () => store?.close());

  it.skipIf(skipReason !== '')(
    'creates the first admin once, with a generated password it never shows again',
    async () => {
      const first = await market.sessions.ensureFirstOperator();
      expect(first).toMatchObject({ email: 'admin@tradeloop.local', source: 'generated' });
      expect(first?.password).toMatch(/^[\w-]{24}$/);
      const session = await market.sessions.signIn('admin@tradeloop.local', first?.password ?? '');
      expect(session.operator).toMatchObject({ role: 'admin', scope: { regions: '*', businessLines: '*' } });
      expect(session.permissions).toContain('operator:manage');
      expect(await market.sessions.authenticate(session.token)).toMatchObject({ kind: 'operator', role: 'admin' });
      // Some operator has a password now: nothing more is generated, nothing is printed.
      expect(await market.sessions.ensureFirstOperator()).toBeUndefined();
      expect(await market.sessions.ensureFirstOperator({ email: 'other@tradeloop.local' })).toBeUndefined();
      const operators = await store.db.selectFrom('operators').select('email').execute();
      expect(operators.map((o) => o.email)).toEqual(['admin@tradeloop.local']);
    },
  );

  it.skipIf(skipReason !== '')(
    'a password from the environment is set, and setting it again changes nothing',
    async () => {
      const fixed = await market.sessions.ensureFirstOperator({
        email: 'Boss@Example.com',
        password: 'from-the-environment',
      });
      expect(fixed).toEqual({ email: 'boss@example.com', password: 'from-the-environment', source: 'env' });
      const session = await market.sessions.signIn('boss@example.com', 'from-the-environment');
      const before = await store.db.selectFrom('operatorCredentials').selectAll().execute();
      await market.sessions.ensureFirstOperator({ email: 'boss@example.com', password: 'from-the-environment' });
      expect(await store.db.selectFrom('operatorCredentials').selectAll().execute()).toEqual(before);
      expect(await market.sessions.authenticate(session.token)).toBeDefined();
      // A different one replaces it and ends the sessions signed in with the old one.
      await market.sessions.ensureFirstOperator({ email: 'boss@example.com', password: 'another-env-password' });
      expect(await market.sessions.authenticate(session.token)).toBeUndefined();
      await expect(market.sessions.signIn('boss@example.com', 'from-the-environment')).rejects.toMatchObject({
        code: 'invalid_credentials',
      });
    },
  );

  it.skipIf(skipReason !== '')('refuses a short password or a malformed email from the environment', async () => {
    await expect(market.sessions.ensureFirstOperator({ password: 'short' })).rejects.toMatchObject({
      code: 'validation_failed',
      path: ['TRADELOOP_ADMIN_PASSWORD'],
    });
    await expect(
      market.sessions.ensureFirstOperator({ email: 'not an email', password: 'long-enough-pw' }),
    ).rejects.toMatchObject({ code: 'validation_failed', path: ['TRADELOOP_ADMIN_EMAIL'] });
  });
});
