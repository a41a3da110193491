import { describe, expect, it } from 'vitest';
import { markovAttribution } from './markov.js';
import type { ChannelPath } from './paths.js';

/**
 * Hand-computed chain. Journeys: A>B converts twice; A ends without converting twice; B converts once and ends without
 * converting once. Order 1 transitions: start→A 4/6, start→B 2/6; A→B 1/2, A→null 1/2; B→conv 3/4, B→null 1/4.
 * P(conv) = 2/3·1/2·3/4 + 1/3·3/4 = 1/2. Without A: 1/3·3/4 = 1/4 → removal effect 1/2. Without B: 0 → 1.
 * Credit of 3 conversions: A 3·(1/2)/(3/2) = 1, B 2; value 150: A 50, B 100.
 */
const paths: ChannelPath[] = [
  { channels: ['A', 'B'], conversions: 2, value: 100, nulls: 0 },
  { channels: ['A'], conversions: 0, value: 0, nulls: 2 },
  { channels: ['B'], conversions: 1, value: 50, nulls: 1 },
];

describe('Markov attribution', () => {
  it('order 1: conversion probability, removal effects and credit', () => {
    const r = markovAttribution(paths);
    expect(r.conversionProbability).toBeCloseTo(0.5, 12);
    expect(r.removalEffects.A).toBeCloseTo(0.5, 12);
    expect(r.removalEffects.B).toBeCloseTo(1, 12);
    expect(r.credit.A?.conversions).toBeCloseTo(1, 12);
    expect(r.credit.B?.conversions).toBeCloseTo(2, 12);
    expect(r.credit.A?.value).toBeCloseTo(50, 10);
    expect(r.credit.B?.value).toBeCloseTo(100, 10);
  });

  it('order 2: states are the last two channels', () => {
    // [A]→[A,B] 1/2, [A]→null 1/2, [A,B]→conv 1, [B]→conv 1/2. P = 2/3·1/2 + 1/3·1/2 = 1/2.
    // Without A ([A], [A,B] gone): 1/3·1/2 = 1/6 → 2/3. Without B: 0 → 1. Credit: A 3·(2/3)/(5/3) = 1.2, B 1.8.
    const r = markovAttribution(paths, { order: 2 });
    expect(r.conversionProbability).toBeCloseTo(0.5, 12);
    expect(r.removalEffects.A).toBeCloseTo(2 / 3, 12);
    expect(r.removalEffects.B).toBeCloseTo(1, 12);
    expect(r.credit.A?.conversions).toBeCloseTo(1.2, 12);
    expect(r.credit.B?.conversions).toBeCloseTo(1.8, 12);
  });

  it('repeats and loops: self-loops do not change absorption; a cycle converges', () => {
    // A→A 1/2, A→B 1/2, B→conv: P(A) = 1 whatever the loop.
    const loop = markovAttribution([{ channels: ['A', 'A', 'B'], conversions: 1, value: 0 }]);
    expect(loop.conversionProbability).toBeCloseTo(1, 12);
    // A>B>A converts, B ends: start→A 1, A→B 1/2, A→conv 1/2, B→A 1/2, B→null 1/2.
    // p(A) = 1/2 + 1/2·p(B), p(B) = 1/2·p(A) → p(A) = 2/3.
    const cycle = markovAttribution([
      { channels: ['A', 'B', 'A'], conversions: 1, value: 0 },
      { channels: ['B'], conversions: 0, value: 0, nulls: 1 },
    ]);
    expect(cycle.conversionProbability).toBeCloseTo((1 / 2) * (2 / 3) + (1 / 2) * (1 / 3), 12);
  });

  it('conversions without touchpoints count as the (direct) channel; no conversions gives zero effects', () => {
    const r = markovAttribution([
      { channels: [], conversions: 1, value: 10 },
      { channels: ['A'], conversions: 1, value: 30 },
    ]);
    expect(r.removalEffects['(direct)']).toBeCloseTo(0.5, 12);
    expect(r.credit['(direct)']?.value).toBeCloseTo(20, 12);
    expect(markovAttribution([{ channels: ['A'], conversions: 0, value: 0, nulls: 3 }]).removalEffects).toEqual({
      A: 0,
    });
  });
});
