import { dayInfo } from './behaviour.js';
import { CHANNELS } from './channels.js';
import type { Simulation } from './generate.js';
import { Rng } from './rng.js';

const DAY = 86_400_000;

/** One day's spend on a paid channel, in the shape of `ChannelSpendRow` (channel = the utm_source its visits carry). */
export type SimSpendRow = { channel: string; day: string; amount: number; currency: 'CNY' };

/**
 * The demo's channel spend: per paid channel and day of the period, the planted `costPerDay` scaled by the day's
 * traffic factor (weekdays, seasons, the festival: spend follows the visits it buys) with ±10 % seeded noise,
 * rounded to whole yuan. Its own random stream (forked from the seed), so the rest of the generation is unchanged
 * and the same seed gives the same rows. Channels without a cost (direct traffic) have no rows.
 *
 * @example
 * channelSpend(simulate({ seed: 1 }))[0] // { channel: 'baidu', day: '2025-11-01', amount: 312_400, currency: 'CNY' }
 */
export function channelSpend(sim: Simulation): SimSpendRow[] {
  const rng = new Rng(sim.options.seed).fork('spend');
  const rows: SimSpendRow[] = [];
  for (let d = 0; d < sim.options.days; d++) {
    const start = sim.startMs + d * DAY;
    const info = dayInfo(d, start);
    // The Beijing calendar day (the period starts at a Beijing midnight).
    const day = new Date(start + 8 * 3_600_000).toISOString().slice(0, 10);
    for (const c of CHANNELS) {
      if (c.costPerDay <= 0 || !c.utm) continue;
      const amount = Math.round((c.costPerDay * info.factor * rng.uniform(0.9, 1.1)) / 100) * 100;
      rows.push({ channel: c.utm.source, day, amount, currency: 'CNY' });
    }
  }
  return rows;
}
