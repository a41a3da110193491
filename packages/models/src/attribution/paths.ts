/**
 * Channel paths: the input of every attribution model. A path is the ordered list of channels that touched a journey
 * (oldest first) with how many journeys followed it and converted, their value, and how many did not convert.
 * Paths are aggregated (one row per distinct path), as the ChannelAttribution path files and the SQL runners give them.
 */
export type ChannelPath = {
  /** Touchpoints, oldest first. An empty list is a conversion without touchpoints (credited to DIRECT_CHANNEL). */
  channels: readonly string[];
  /**
   * Age of each touchpoint at the conversion, in days (time-decay). Absent: the number of steps before the last
   * touchpoint stands in (the last is 0, the one before 1, ...), so a half-life is then counted in steps.
   */
  ageDays?: readonly number[];
  /** Journeys along this path that converted. */
  conversions: number;
  /** Their total conversion value. */
  value: number;
  /** Journeys along this path that did not convert (only the Markov model reads them). */
  nulls?: number;
};

/** Credit a channel receives: fractional conversions and value. */
export type Credit = { conversions: number; value: number };

/** Credit per channel. */
export type ChannelCredit = Record<string, Credit>;

/** The channel conversions without any touchpoint are credited to. */
export const DIRECT_CHANNEL = '(direct)';

/** The touchpoints of a path, `[DIRECT_CHANNEL]` when it has none. */
export function touchpoints(path: ChannelPath): readonly string[] {
  return path.channels.length > 0 ? path.channels : [DIRECT_CHANNEL];
}

/** Adds credit to a channel of a credit map. */
export function addCredit(into: ChannelCredit, channel: string, conversions: number, value: number): void {
  const c = into[channel] ?? { conversions: 0, value: 0 };
  c.conversions += conversions;
  c.value += value;
  into[channel] = c;
}

/** Total conversions and value of a set of paths. */
export function totals(paths: readonly ChannelPath[]): Credit {
  let conversions = 0;
  let value = 0;
  for (const p of paths) {
    conversions += p.conversions;
    value += p.value;
  }
  return { conversions, value };
}
