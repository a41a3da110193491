import { ChannelSpendRow } from '@tradeloop/schema';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from './channels.js';
import { simulate } from './generate.js';
import { channelSpend } from './spend.js';

describe('channelSpend', () => {
  it('gives every paid channel a valid row per day, the same for the same seed, near the planted cost', () => {
    const sim = simulate({ seed: 3, scale: 'small', end: '2026-11-01', days: 60 });
    const rows = channelSpend(sim);
    const paid = CHANNELS.filter((c) => c.costPerDay > 0 && c.utm);
    expect(rows).toHaveLength(60 * paid.length);
    for (const r of rows) expect(ChannelSpendRow.parse(r)).toEqual(r);
    expect(rows[0]?.day).toBe('2026-09-02');
    expect(rows.at(-1)?.day).toBe('2026-10-31');
    expect(channelSpend(simulate({ seed: 3, scale: 'small', end: '2026-11-01', days: 60 }))).toEqual(rows);
    expect(channelSpend(simulate({ seed: 4, scale: 'small', end: '2026-11-01', days: 60 }))).not.toEqual(rows);
    // Over the period each channel's spend averages its planted cost per day within the traffic factor's range.
    for (const c of paid) {
      const mine = rows.filter((r) => r.channel === c.utm?.source);
      const mean = mine.reduce((n, r) => n + r.amount, 0) / mine.length;
      expect(mean / c.costPerDay).toBeGreaterThan(0.6);
      expect(mean / c.costPerDay).toBeLessThan(1.4);
    }
  });
});
