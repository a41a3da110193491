import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../clock.js';
import {
  ACTION_TARGET,
  allowedTargets,
  type OrderStatus,
  partiesFor,
  RETURN_WINDOW_DAYS,
  withinReturnWindow,
} from './state-machine.js';

const open = { completedAt: null };
const wasCompleted = { completedAt: '2026-01-01T00:00:00.000Z' };

describe('order state machine', () => {
  it.each<[OrderStatus, OrderStatus[]]>([
    ['placed', ['paid', 'cancelled']],
    ['paid', ['shipped', 'cancelled']],
    ['shipped', ['delivered']],
    ['delivered', ['completed', 'return_requested']],
    ['completed', ['return_requested']],
    ['return_requested', ['returned', 'return_refused']],
    ['return_refused', ['completed']],
    ['cancelled', []],
    ['returned', []],
  ])('from %s allows %j', (from, to) => {
    expect(allowedTargets(from, open)).toEqual(to);
  });

  it('completes a refused return only when the order was not completed before', () => {
    expect(allowedTargets('return_refused', wasCompleted)).toEqual([]);
    expect(partiesFor('return_refused', 'completed', wasCompleted)).toBeUndefined();
    expect(partiesFor('return_refused', 'completed', open)).toEqual(['buyer', 'platform']);
  });

  it.each<[OrderStatus, OrderStatus, string[]]>([
    ['placed', 'paid', ['buyer', 'platform']],
    ['placed', 'cancelled', ['buyer', 'supplier', 'platform']],
    ['paid', 'shipped', ['supplier', 'platform']],
    ['paid', 'cancelled', ['supplier', 'platform']],
    ['shipped', 'delivered', ['buyer', 'supplier', 'platform']],
    ['delivered', 'completed', ['buyer', 'platform']],
    ['delivered', 'return_requested', ['buyer']],
    ['completed', 'return_requested', ['buyer']],
    ['return_requested', 'returned', ['supplier', 'platform']],
    ['return_requested', 'return_refused', ['supplier', 'platform']],
  ])('%s → %s may be made by %j', (from, to, parties) => {
    expect(partiesFor(from, to, open)).toEqual(parties);
  });

  it('maps every action to its target status', () => {
    expect(Object.values(ACTION_TARGET).sort()).toEqual([
      'cancelled',
      'completed',
      'delivered',
      'paid',
      'return_refused',
      'return_requested',
      'returned',
      'shipped',
    ]);
  });

  it('keeps the return window open for exactly 7 × 24 hours after delivery', () => {
    const delivered = '2026-03-01T08:00:00.000Z';
    const edge = new Date(Date.parse(delivered) + RETURN_WINDOW_DAYS * DAY_MS).toISOString();
    expect(withinReturnWindow(delivered, delivered)).toBe(true);
    expect(withinReturnWindow(delivered, edge)).toBe(true);
    expect(withinReturnWindow(delivered, new Date(Date.parse(edge) + 1).toISOString())).toBe(false);
    expect(withinReturnWindow(null, delivered)).toBe(false);
  });
});
