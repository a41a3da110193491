import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalizeSegmentBatch } from '@tradeloop/core';
import { afterAll, describe, expect, it } from 'vitest';
import { SEGMENTS } from './behaviour.js';
import { CHANNELS } from './channels.js';
import { resolveOptions, simulate } from './generate.js';
import { OUT_FILES, writeSimulation } from './out.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'tradeloop-sim-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** One hash over every output file, in a fixed order. */
function hashOut(dir: string): string {
  const h = createHash('sha256');
  for (const f of Object.values(OUT_FILES)) h.update(f).update(readFileSync(join(dir, f)));
  return h.digest('hex');
}

describe('simulate', () => {
  it('gives the same bytes for the same seed and different bytes for another seed', () => {
    const a = tempDir();
    const b = tempDir();
    const c = tempDir();
    const ra = writeSimulation(simulate({ seed: 7, scale: 'small', days: 120 }), a);
    writeSimulation(simulate({ seed: 7, scale: 'small', days: 120 }), b);
    writeSimulation(simulate({ seed: 8, scale: 'small', days: 120 }), c);
    expect(ra.messages).toBeGreaterThan(10_000);
    expect(hashOut(a)).toBe(hashOut(b));
    expect(hashOut(a)).not.toBe(hashOut(c));
  });

  it('yields items in time order inside the period, with unique message ids the ingestion normaliser accepts', () => {
    const sim = simulate({ seed: 3, scale: 'small', days: 90 });
    let last = Number.NEGATIVE_INFINITY;
    const ids = new Set<string>();
    const messages: unknown[] = [];
    for (const item of sim.items()) {
      expect(item.at).toBeGreaterThanOrEqual(last);
      last = item.at;
      expect(item.at).toBeLessThan(sim.endMs);
      if (item.kind === 'message') {
        expect(ids.has(item.message.messageId)).toBe(false);
        ids.add(item.message.messageId);
        if (messages.length < 5_000) messages.push(item.message);
      }
    }
    const ctx = {
      sourceId: 'src',
      receivedMs: Date.now(),
      receivedAt: new Date().toISOString(),
      ip: null,
      userAgent: null,
    };
    const batch = normalizeSegmentBatch({ batch: messages }, ctx);
    expect(batch.rejected).toEqual([]);
    expect(batch.events.length).toBe(messages.length);
  });

  it('writes realistic Chinese names by default and English ones with locale en', () => {
    const zh = simulate({ seed: 1, scale: 'small', days: 30 });
    const en = simulate({ seed: 1, scale: 'small', days: 30 });
    const zhNames = zh.world.suppliers.map((s) => s.name);
    expect(zhNames.every((n) => /(有限公司|律师事务所)$/.test(n))).toBe(true);
    expect(zh.world.products[0]?.unit).toMatch(/[吨件双套年月]/);
    const english = simulate({ seed: 1, scale: 'small', days: 30, locale: 'en' });
    expect(english.world.suppliers.every((s) => /^[A-Za-z]/.test(s.name))).toBe(true);
    // The locale changes the words, not the market: same products, prices and MOQs.
    expect(english.world.products.map((p) => [p.moq, p.tiers])).toEqual(en.world.products.map((p) => [p.moq, p.tiers]));
  });

  it('plants the segment and channel structure in the truth it writes', () => {
    const sim = simulate({ seed: 1, scale: 'small' });
    for (const _ of sim.items());
    const truth = sim.truth();
    expect(truth.buyers.length).toBeGreaterThan(200);
    expect(truth.summary.counts.suppliers).toBe(55);
    const segments = new Set(truth.buyers.map((b) => b.segment));
    expect([...segments].sort()).toEqual(SEGMENTS.map((s) => s.key).sort());
    const churned = truth.buyers.filter((b) => b.churnedAt !== null);
    expect(churned.length).toBeGreaterThan(20);
    expect(truth.summary.channels.map((c) => c.key)).toEqual(CHANNELS.map((c) => c.key));
    // RFQs outnumber listings in the RFQ-driven industries (steel, services) and not in apparel.
    const cats = truth.summary.categories;
    expect(cats.filter((c) => c.industry === 'steel').every((c) => c.rfqsExceedListings)).toBe(true);
    expect(cats.filter((c) => c.industry === 'apparel').every((c) => !c.rfqsExceedListings)).toBe(true);
    expect(truth.rfqMatches.every((m) => m.matchingProductIds.length > 0)).toBe(true);
  });

  it('names the bad option', () => {
    expect(() => resolveOptions({ seed: -1 })).toThrow(/seed must be an integer/);
    expect(() => resolveOptions({ scale: 'huge' as 'small' })).toThrow(/scale must be one of small, medium, large/);
    expect(() => resolveOptions({ locale: 'fr' as 'en' })).toThrow(/locale must be one of zh-CN, en/);
    expect(() => resolveOptions({ end: '2026-13-45' })).toThrow(/end must be a date/);
  });
});
