import { dayInfo, type ScaleParams, Simulator } from './behaviour.js';
import type { SimItem } from './items.js';
import type { NameBook } from './names/book.js';
import { EN } from './names/en.js';
import { ZH_CN } from './names/zh-CN.js';
import { Rng } from './rng.js';
import { buildTruth, type Truth } from './truth.js';
import { buildWorld, OrgFactory, type World } from './world.js';

export const SCALES = ['small', 'medium', 'large'] as const;
export type SimScale = (typeof SCALES)[number];
export const LOCALES = ['zh-CN', 'en'] as const;
export type SimLocale = (typeof LOCALES)[number];

/** Population per scale. Small: first start (< 60 s to load); medium ≈ 1M events; large ≥ 10M events, 200k persons. */
export const SCALE_PARAMS: Record<SimScale, ScaleParams> = {
  small: { suppliers: 55, initialBuyers: 110, visitorsPerDay: 4.5, browsePerPurchase: 3 },
  medium: { suppliers: 300, initialBuyers: 1_000, visitorsPerDay: 66, browsePerPurchase: 3 },
  large: { suppliers: 1_500, initialBuyers: 15_000, visitorsPerDay: 560, browsePerPurchase: 3 },
};

/** The default end of the simulated period (Beijing midnight): fixed, so the default output never depends on the
 * day it is generated. */
export const DEFAULT_END = '2026-11-01';
const DAY = 86_400_000;

export type SimulationOptions = {
  seed?: number;
  scale?: SimScale;
  locale?: SimLocale;
  /** Last day of the period, exclusive (YYYY-MM-DD, Beijing time). Default DEFAULT_END. */
  end?: string;
  /** Length of the period in days (default 365). */
  days?: number;
};

export type ResolvedOptions = Required<SimulationOptions>;

/** Checks options, naming the bad one (the CLI shows the message as is). */
export function resolveOptions(options: SimulationOptions = {}): ResolvedOptions {
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`seed must be an integer from 0 to 4294967295, got ${String(options.seed)}`);
  }
  const scale = options.scale ?? 'small';
  if (!(SCALES as readonly string[]).includes(scale)) {
    throw new RangeError(`scale must be one of ${SCALES.join(', ')}, got ${JSON.stringify(scale)}`);
  }
  const locale = options.locale ?? 'zh-CN';
  if (!(LOCALES as readonly string[]).includes(locale)) {
    throw new RangeError(`locale must be one of ${LOCALES.join(', ')}, got ${JSON.stringify(locale)}`);
  }
  const end = options.end ?? DEFAULT_END;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(end) || Number.isNaN(Date.parse(`${end}T00:00:00+08:00`))) {
    throw new RangeError(`end must be a date YYYY-MM-DD, got ${JSON.stringify(end)}`);
  }
  const days = options.days ?? 365;
  if (!Number.isInteger(days) || days < 30 || days > 3660) {
    throw new RangeError(`days must be an integer from 30 to 3660, got ${String(options.days)}`);
  }
  return { seed, scale, locale, end, days };
}

/**
 * One deterministic run of the marketplace simulation.
 *
 * @example
 * const sim = simulate({ seed: 7, scale: 'small' });
 * for (const item of sim.items()) { ... }   // entities, operations and Segment messages in time order
 * const truth = sim.truth();                  // after the items are consumed
 */
export class Simulation {
  readonly options: ResolvedOptions;
  readonly world: World;
  readonly names: NameBook;
  readonly startMs: number;
  readonly endMs: number;
  readonly festival: { from: number; to: number };
  private readonly sim: Simulator;
  private readonly rng: Rng;
  private done = false;
  private counters = { messages: 0, serverMessages: 0, operations: 0 };

  constructor(options: SimulationOptions = {}) {
    this.options = resolveOptions(options);
    const { seed, scale, locale, end, days } = this.options;
    this.names = locale === 'en' ? EN : ZH_CN;
    this.endMs = Date.parse(`${end}T00:00:00+08:00`);
    this.startMs = this.endMs - days * DAY;
    // The 818 festival of the last August inside the period (or the one after its start when shorter).
    let year = new Date(this.endMs).getUTCFullYear();
    if (Date.parse(`${year}-08-19T00:00:00+08:00`) > this.endMs) year--;
    this.festival = {
      from: Date.parse(`${year}-08-01T00:00:00+08:00`),
      to: Date.parse(`${year}-08-19T00:00:00+08:00`),
    };
    // Separate streams for the world and for behaviour: a change in one does not reshuffle the other.
    const root = new Rng(seed);
    const worldRng = root.fork('world');
    this.rng = root.fork('behaviour');
    const prefix = `s${seed.toString(36)}`;
    const orgs = new OrgFactory(worldRng, this.names, prefix);
    const params = SCALE_PARAMS[scale];
    this.world = buildWorld(worldRng, this.names, orgs, {
      suppliers: params.suppliers,
      startMs: this.startMs,
      endMs: this.endMs,
      festival: this.festival,
    });
    this.sim = new Simulator(this.world, this.rng, orgs, params, this.startMs, days, prefix);
  }

  /** Entities, operations and messages in time order. Can be consumed once. */
  *items(): Generator<SimItem> {
    if (this.done) throw new Error('a simulation can be consumed once: create a new one');
    const sim = this.sim;
    const at = this.startMs;
    for (const category of this.world.categories) yield { kind: 'category', at, seq: sim.nextSeq(), category };
    for (const organization of this.world.suppliers) {
      yield { kind: 'organization', at, seq: sim.nextSeq(), organization };
    }
    for (const product of this.world.products) yield { kind: 'product', at, seq: sim.nextSeq(), product };
    for (const coupon of this.world.coupons) yield { kind: 'coupon', at, seq: sim.nextSeq(), coupon };
    for (const organization of sim.seedInitialBuyers()) {
      yield { kind: 'organization', at, seq: sim.nextSeq(), organization };
    }
    const counters = this.counters;
    for (let d = 0; d < this.options.days; d++) {
      sim.runDay(dayInfo(d, this.startMs + d * DAY));
      for (const item of sim.takeDay(d)) {
        if (item.kind === 'message') {
          counters.messages++;
          if (item.server) counters.serverMessages++;
        } else if (item.kind === 'op') counters.operations++;
        yield item;
      }
    }
    this.done = true;
  }

  /** The ground truth; available once items() has been consumed to the end. */
  truth(): Truth {
    if (!this.done) throw new Error('the truth is known once the simulation has run: consume items() first');
    const { seed, scale, locale, days } = this.options;
    return buildTruth(
      this.sim,
      this.world,
      { seed, scale, locale, start: this.startMs, end: this.endMs, days },
      this.festival,
      this.counters,
    );
  }
}

export const simulate = (options: SimulationOptions = {}): Simulation => new Simulation(options);
