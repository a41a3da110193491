import type { ChannelQuadrantResult } from '@tradeloop/schema';

type Quadrant = ChannelQuadrantResult['channels'][number]['quadrant'];

/** The median of numbers (the mean of the two middle values for an even count), null for none. Computed in JS so
 * every engine gives the same answer. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/**
 * The quadrant of a channel with spend: cheap registration = cost per registration at or below its threshold, cheap
 * conversion = cost per paying organisation at or below its threshold; a missing cost (nobody registered or paid)
 * counts as costly. `star` cheap both, `volume` cheap registrations only, `niche` cheap conversion only, `question`
 * neither. A channel without spend (or without thresholds) has no quadrant.
 */
export function quadrantOf(
  cpr: number | null,
  cpp: number | null,
  thresholds: { costPerRegistration: number | null; costPerPaying: number | null },
  hasSpend: boolean,
): Quadrant {
  if (!hasSpend || thresholds.costPerRegistration === null || thresholds.costPerPaying === null) return null;
  const cheapRegistration = cpr !== null && cpr <= thresholds.costPerRegistration;
  const cheapConversion = cpp !== null && cpp <= thresholds.costPerPaying;
  if (cheapRegistration) return cheapConversion ? 'star' : 'volume';
  return cheapConversion ? 'niche' : 'question';
}

/** The classification rule as shown to the user, with the thresholds. */
export function quadrantRule(
  t: { costPerRegistration: number | null; costPerPaying: number | null },
  how: string,
): string {
  const r = t.costPerRegistration === null ? '—' : String(t.costPerRegistration);
  const p = t.costPerPaying === null ? '—' : String(t.costPerPaying);
  return (
    `CPR = spend / new registered organisations, CPP = spend / those that paid (minor units); thresholds (${how}): ` +
    `CPR ${r}, CPP ${p}. star: CPR ≤ ${r} and CPP ≤ ${p}; volume: CPR ≤ ${r} and CPP > ${p}; ` +
    `niche: CPR > ${r} and CPP ≤ ${p}; question: CPR > ${r} and CPP > ${p}. No registrations or no paying ` +
    'organisations count as above the threshold; channels without spend have no quadrant.'
  );
}
