import { addCredit, type ChannelCredit, type ChannelPath, touchpoints } from './paths.js';

/** The rule-based (heuristic) attribution models. */
export const RULE_MODELS = ['first', 'last', 'linear', 'time_decay', 'position'] as const;
export type RuleModel = (typeof RULE_MODELS)[number];

export type RuleOptions = {
  /** time_decay: a touchpoint's weight halves every `halfLife` days (steps, for paths without ages). Default 7. */
  halfLife?: number;
  /** position: the shares of the first and the last touchpoint (the middle ones share the rest). Default 0.4 / 0.4. */
  position?: { first: number; last: number };
};

/**
 * The share of a conversion each touchpoint of a path receives under a rule (shares sum to 1):
 * - first / last: all to the first / last touchpoint;
 * - linear: equal shares;
 * - time_decay: proportional to 2^(-age / halfLife), age in days before the conversion (or steps before the last
 *   touchpoint when the path has no ages);
 * - position: `first` to the first, `last` to the last, the rest split equally over the middle ones; with two
 *   touchpoints the whole conversion is split in the ratio first : last, with one it gets everything.
 *
 * @example ruleShares('position', { channels: ['a', 'b', 'c'], conversions: 1, value: 0 }) // [0.4, 0.2, 0.4]
 */
export function ruleShares(model: RuleModel, path: ChannelPath, options: RuleOptions = {}): number[] {
  const n = touchpoints(path).length;
  const shares = new Array<number>(n).fill(0);
  switch (model) {
    case 'first':
      shares[0] = 1;
      return shares;
    case 'last':
      shares[n - 1] = 1;
      return shares;
    case 'linear':
      return shares.fill(1 / n);
    case 'time_decay': {
      const halfLife = options.halfLife ?? 7;
      if (!(halfLife > 0)) throw new RangeError('halfLife must be positive');
      const ages = path.channels.length > 0 && path.ageDays ? path.ageDays : shares.map((_, i) => n - 1 - i);
      if (ages.length !== n) throw new RangeError('ageDays must have one age per touchpoint');
      const weights = ages.map((age) => 2 ** (-Math.max(0, age) / halfLife));
      const sum = weights.reduce((a, b) => a + b, 0);
      return weights.map((w) => w / sum);
    }
    case 'position': {
      const { first, last } = options.position ?? { first: 0.4, last: 0.4 };
      if (first < 0 || last < 0 || first + last > 1 + 1e-12)
        throw new RangeError('position shares: 0 ≤ first + last ≤ 1');
      if (n === 1) return [1];
      if (n === 2) {
        const sum = first + last;
        return sum > 0 ? [first / sum, last / sum] : [0.5, 0.5];
      }
      shares.fill((1 - first - last) / (n - 2));
      shares[0] = first;
      shares[n - 1] = last;
      return shares;
    }
  }
}

/**
 * Credit per channel under a rule-based model: each path's conversions and value split over its touchpoints by
 * `ruleShares` (a channel met twice on a path gets both shares). Paths without touchpoints go to DIRECT_CHANNEL.
 *
 * @example
 * ruleAttribution([{ channels: ['seo', 'ads'], conversions: 2, value: 100 }], 'linear')
 * // { seo: { conversions: 1, value: 50 }, ads: { conversions: 1, value: 50 } }
 */
export function ruleAttribution(
  paths: readonly ChannelPath[],
  model: RuleModel,
  options: RuleOptions = {},
): ChannelCredit {
  const out: ChannelCredit = {};
  for (const path of paths) {
    if (path.conversions === 0 && path.value === 0) continue;
    const channels = touchpoints(path);
    const shares = ruleShares(model, path, options);
    for (const [i, channel] of channels.entries()) {
      const share = shares[i] ?? 0;
      if (share > 0) addCredit(out, channel, path.conversions * share, path.value * share);
    }
  }
  return out;
}
