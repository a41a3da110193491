/**
 * Failed sign-ins per email in a sliding window, held in this process's memory: after `maxFailures` within `windowMs`
 * the email is refused (even with the right password) until the oldest failure leaves the window. It slows online
 * guessing of one account; it is per process (a restart or another server process starts from zero), which a single
 * `tradeloop start` is.
 */
export class SignInLockout {
  private readonly failures = new Map<string, number[]>();

  constructor(
    readonly maxFailures = 10,
    readonly windowMs = 15 * 60_000,
    /** Emails tracked at most; beyond it the oldest-inserted are forgotten (memory stays bounded under a spray). */
    private readonly maxKeys = 100_000,
  ) {}

  /** Seconds until the email may try again, or 0 when it is not locked. */
  retryAfterSeconds(email: string, nowMs: number): number {
    const recent = this.recent(email, nowMs);
    if (recent.length < this.maxFailures) return 0;
    const oldest = recent[recent.length - this.maxFailures] ?? nowMs;
    return Math.max(1, Math.ceil((oldest + this.windowMs - nowMs) / 1000));
  }

  recordFailure(email: string, nowMs: number): void {
    const recent = this.recent(email, nowMs);
    recent.push(nowMs);
    this.failures.delete(email);
    if (this.failures.size >= this.maxKeys) {
      const first = this.failures.keys().next().value;
      if (first !== undefined) this.failures.delete(first);
    }
    this.failures.set(email, recent.slice(-this.maxFailures));
  }

  /** A successful sign-in clears the count. */
  reset(email: string): void {
    this.failures.delete(email);
  }

  private recent(email: string, nowMs: number): number[] {
    return (this.failures.get(email) ?? []).filter((t) => t > nowMs - this.windowMs);
  }
}
