/** Helpers both engines' capability implementations share (the engine-specific parts come in as arguments). */

/** A safe integer as SQL text (explodeIndexes takes literal lists only). */
export function checkedInteger(v: number): string {
  if (!Number.isSafeInteger(v)) throw new Error(`not a safe integer: ${v}`);
  return String(v);
}

/** See AnalyticsDialect.periodIndex; `div` is the engine's integer division. */
export function periodIndexSql(ms: string, starts: readonly number[], div: (a: string, b: string) => string): string {
  if (starts.length === 0) throw new Error('periodIndex needs at least one period');
  for (const s of starts) checkedInteger(s);
  const first = starts[0] as number;
  const step = (starts[1] ?? first + 1) - first;
  if (starts.every((s, i) => s === first + i * step)) {
    return `least(${div(`${ms} - ${first}`, String(step))}, ${starts.length - 1})`;
  }
  const search = (lo: number, hi: number): string => {
    // the index in [lo, hi] of the last start <= ms
    if (lo === hi) return String(lo);
    const mid = Math.ceil((lo + hi) / 2);
    return `CASE WHEN ${ms} < ${starts[mid]} THEN ${search(lo, mid - 1)} ELSE ${search(mid, hi)} END`;
  };
  return `(${search(0, starts.length - 1)})`;
}
