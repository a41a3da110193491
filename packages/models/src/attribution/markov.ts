import { addCredit, type ChannelCredit, type ChannelPath, totals, touchpoints } from './paths.js';

export type MarkovOptions = {
  /** Memory of the chain: a state is the last `order` channels (1 or 2). Default 1. */
  order?: 1 | 2;
  /** Convergence tolerance of the absorption probabilities. Default 1e-13. */
  tolerance?: number;
};

export type MarkovResult = {
  /** Probability that a journey from the start reaches conversion, with every channel present. */
  conversionProbability: number;
  /**
   * Per channel: the share of that probability lost when the channel is removed (its states lead to no conversion),
   * `1 - P(conversion without c) / P(conversion)`.
   */
  removalEffects: Record<string, number>;
  /** Conversions and value split over the channels in proportion to their removal effects. */
  credit: ChannelCredit;
  /** Transient states of the chain (for inspection). */
  states: number;
};

const START = '\u0000start';
const SEP = '\u001f';

type Chain = {
  /** Transient state ids: 0 is the start state. */
  names: string[];
  /** Channels each state holds. */
  channelsOf: string[][];
  /** Outgoing transitions per state: target (-1 conversion, -2 null, else a state id) and probability. */
  out: { to: number; p: number }[][];
};

const CONVERSION = -1;
const NULL = -2;

/** The transition probabilities estimated from the paths (counts of journeys through each step). */
function buildChain(paths: readonly ChannelPath[], order: number): Chain {
  const ids = new Map<string, number>([[START, 0]]);
  const names = [START];
  const channelsOf: string[][] = [[]];
  const counts: Map<number, number>[] = [new Map()];
  const stateOf = (window: readonly string[]): number => {
    const key = window.join(SEP);
    let id = ids.get(key);
    if (id === undefined) {
      id = names.length;
      ids.set(key, id);
      names.push(key);
      channelsOf.push([...new Set(window)]);
      counts.push(new Map());
    }
    return id;
  };
  const add = (from: number, to: number, n: number) => {
    const m = counts[from] as Map<number, number>;
    m.set(to, (m.get(to) ?? 0) + n);
  };
  for (const path of paths) {
    const conversions = Math.max(0, path.conversions);
    const nulls = Math.max(0, path.nulls ?? 0);
    const journeys = conversions + nulls;
    if (journeys === 0) continue;
    const channels = touchpoints(path);
    let from = 0;
    for (let i = 0; i < channels.length; i++) {
      const to = stateOf(channels.slice(Math.max(0, i + 1 - order), i + 1));
      add(from, to, journeys);
      from = to;
    }
    if (conversions > 0) add(from, CONVERSION, conversions);
    if (nulls > 0) add(from, NULL, nulls);
  }
  const out = counts.map((m) => {
    let total = 0;
    for (const n of m.values()) total += n;
    return [...m.entries()].map(([to, n]) => ({ to, p: n / total }));
  });
  return { names, channelsOf, out };
}

/**
 * P(conversion) from the start state when the states in `removed` lead nowhere (absorb into null). Gauss-Seidel on
 * the absorption equations p(s) = Σ P(s,t) p(t), with each state's self-loop eliminated (p(s) = Σ_{t≠s} P(s,t) p(t)
 * / (1 - P(s,s))), which keeps long runs of one channel from slowing convergence.
 */
function conversionProbability(chain: Chain, removed: ReadonlySet<number>, tolerance: number): number {
  const n = chain.names.length;
  const p = new Float64Array(n);
  for (let sweep = 0; sweep < 1_000_000; sweep++) {
    let delta = 0;
    // Later states are mostly downstream of earlier ones: sweeping backwards propagates in few passes.
    for (let s = n - 1; s >= 0; s--) {
      if (removed.has(s)) continue;
      let self = 0;
      let sum = 0;
      for (const { to, p: prob } of chain.out[s] as { to: number; p: number }[]) {
        if (to === s) self += prob;
        else if (to === CONVERSION) sum += prob;
        else if (to >= 0 && !removed.has(to)) sum += prob * (p[to] as number);
      }
      const next = self < 1 ? sum / (1 - self) : 0;
      delta = Math.max(delta, Math.abs(next - (p[s] as number)));
      p[s] = next;
    }
    if (delta <= tolerance) break;
  }
  return p[0] as number;
}

/**
 * Data-driven attribution with a Markov chain over the channel paths (Anderl et al. 2016; the model of the R/Python
 * package ChannelAttribution, computed exactly instead of by simulation). States are the last `order` channels of a
 * journey, plus start, conversion and null; transition probabilities are the observed shares of journeys (converting
 * and not) taking each step. A channel's removal effect is the share of the conversion probability lost when every
 * state holding it leads to null; conversions and value are split in proportion to the removal effects.
 *
 * @example
 * markovAttribution([
 *   { channels: ['ads', 'seo'], conversions: 1, value: 10 },
 *   { channels: ['ads'], conversions: 0, value: 0, nulls: 1 },
 * ]).removalEffects // { ads: 1, seo: 1 }
 */
export function markovAttribution(paths: readonly ChannelPath[], options: MarkovOptions = {}): MarkovResult {
  const order = options.order ?? 1;
  const tolerance = options.tolerance ?? 1e-13;
  const chain = buildChain(paths, order);
  const base = conversionProbability(chain, new Set(), tolerance);
  const channels = [...new Set(chain.channelsOf.flat())].sort();
  const removalEffects: Record<string, number> = {};
  for (const channel of channels) {
    const removed = new Set<number>();
    chain.channelsOf.forEach((cs, id) => {
      if (cs.includes(channel)) removed.add(id);
    });
    const without = conversionProbability(chain, removed, tolerance);
    removalEffects[channel] = base > 0 ? Math.max(0, 1 - without / base) : 0;
  }
  const sum = Object.values(removalEffects).reduce((a, b) => a + b, 0);
  const total = totals(paths);
  const credit: ChannelCredit = {};
  for (const channel of channels) {
    const share = sum > 0 ? (removalEffects[channel] as number) / sum : 0;
    addCredit(credit, channel, total.conversions * share, total.value * share);
  }
  return { conversionProbability: base, removalEffects, credit, states: chain.names.length };
}
