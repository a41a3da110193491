import { describe, expect, it } from 'vitest';
import type { ChannelPath } from './paths.js';
import { ruleAttribution, ruleShares } from './rules.js';

const p = (channels: string[], conversions = 1, value = 0, ageDays?: number[]): ChannelPath => ({
  channels,
  conversions,
  value,
  ...(ageDays ? { ageDays } : {}),
});

describe('rule-based shares', () => {
  it('first, last and linear', () => {
    expect(ruleShares('first', p(['a', 'b', 'c']))).toEqual([1, 0, 0]);
    expect(ruleShares('last', p(['a', 'b', 'c']))).toEqual([0, 0, 1]);
    expect(ruleShares('linear', p(['a', 'b', 'c', 'd']))).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('position-based 40/20/40, and its two- and one-touch cases', () => {
    expect(ruleShares('position', p(['a', 'b', 'c'])).map((x) => Number(x.toFixed(12)))).toEqual([0.4, 0.2, 0.4]);
    const four = ruleShares('position', p(['a', 'b', 'c', 'd']));
    expect(four.map((x) => Number(x.toFixed(12)))).toEqual([0.4, 0.1, 0.1, 0.4]);
    expect(ruleShares('position', p(['a', 'b']))).toEqual([0.5, 0.5]);
    expect(
      ruleShares('position', p(['a', 'b']), { position: { first: 0.6, last: 0.2 } }).map((x) => Number(x.toFixed(12))),
    ).toEqual([0.75, 0.25]);
    expect(ruleShares('position', p(['a']))).toEqual([1]);
  });

  it('time-decay halves the weight every half-life (days when ages are given, steps otherwise)', () => {
    // Ages 14, 7, 0 days with a 7-day half-life: weights 1/4, 1/2, 1 → 1/7, 2/7, 4/7.
    const shares = ruleShares('time_decay', p(['a', 'b', 'c'], 1, 0, [14, 7, 0]));
    expect(shares[0]).toBeCloseTo(1 / 7, 12);
    expect(shares[1]).toBeCloseTo(2 / 7, 12);
    expect(shares[2]).toBeCloseTo(4 / 7, 12);
    // Without ages: steps before the last touch, half-life 1 step → 1/4, 1/2, 1 again.
    const steps = ruleShares('time_decay', p(['a', 'b', 'c']), { halfLife: 1 });
    expect(steps.map((x) => x * 7)).toEqual([1, 2, 4].map((x) => expect.closeTo(x, 12)));
  });
});

describe('rule-based credit', () => {
  const paths = [p(['seo', 'ads'], 2, 300), p(['ads'], 1, 100), p([], 1, 50)];

  it('splits conversions and value; a path without touchpoints goes to (direct)', () => {
    expect(ruleAttribution(paths, 'first')).toEqual({
      seo: { conversions: 2, value: 300 },
      ads: { conversions: 1, value: 100 },
      '(direct)': { conversions: 1, value: 50 },
    });
    expect(ruleAttribution(paths, 'linear')).toEqual({
      seo: { conversions: 1, value: 150 },
      ads: { conversions: 2, value: 250 },
      '(direct)': { conversions: 1, value: 50 },
    });
  });

  it('a channel met twice on a path gets both shares', () => {
    expect(ruleAttribution([p(['a', 'b', 'a'], 3, 30)], 'linear')).toEqual({
      a: { conversions: 2, value: 20 },
      b: { conversions: 1, value: 10 },
    });
  });

  it('rejects a bad half-life', () => {
    expect(() => ruleAttribution(paths, 'time_decay', { halfLife: 0 })).toThrow(/halfLife/);
  });
});
