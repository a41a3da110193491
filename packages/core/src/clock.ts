/** The source of "now" for services; tests pass a controllable one to cross validity windows and deadlines. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** A clock tests can move: `clock.set('2026-01-01T00:00:00Z')`, `clock.advance(7 * DAY_MS)`. */
export function manualClock(start: string | Date): Clock & { set(at: string | Date): void; advance(ms: number): void } {
  let current = new Date(start).getTime();
  const clock = (() => new Date(current)) as Clock & { set(at: string | Date): void; advance(ms: number): void };
  clock.set = (at) => {
    current = new Date(at).getTime();
  };
  clock.advance = (ms) => {
    current += ms;
  };
  return clock;
}

export const DAY_MS = 86_400_000;
