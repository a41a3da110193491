/**
 * A bounded set of recently seen event ids (Segment `messageId`, the Sensors-derived id): two generations of at most
 * `capacity / 2` ids each; when the young one fills, the old one is dropped. So the last `capacity / 2` ids are always
 * remembered and at most `capacity` are held (memory stays bounded: about 100 bytes per id).
 *
 * This is the dedupe window: a repeat of an id seen within it is acknowledged but not stored again. Beyond it (or
 * across a restart, apart from the WAL tail that recovery replays) a repeat may be stored twice.
 */
export class RecentIds {
  private young = new Set<string>();
  private old = new Set<string>();
  private readonly half: number;

  constructor(capacity = 1_000_000) {
    this.half = Math.max(1, Math.floor(capacity / 2));
  }

  has(id: string): boolean {
    return this.young.has(id) || this.old.has(id);
  }

  /** Adds the id; false when it was already there (a duplicate). */
  add(id: string): boolean {
    if (this.old.has(id)) return false;
    const size = this.young.size;
    if (size >= this.half) {
      if (this.young.has(id)) return false;
      this.old = this.young;
      this.young = new Set();
      this.young.add(id);
      return true;
    }
    // One probe of the (large) young set instead of two: it grew only if the id was new. Runs for every event.
    this.young.add(id);
    return this.young.size !== size;
  }

  /** Forgets an id (its write failed, so a retry must not be taken for a duplicate). */
  delete(id: string): void {
    this.young.delete(id);
    this.old.delete(id);
  }

  get size(): number {
    return this.young.size + this.old.size;
  }
}
