import type { KeyValueStorage } from './env.js';

/**
 * An in-memory KeyValueStorage: the default in Node, where nothing survives the process.
 *
 * @example
 * const storage = memoryStorage();
 * const a = createTracker({ writeKey, host, storage });
 * const b = createTracker({ writeKey, host, storage }); // same anonymousId as `a`
 */
export function memoryStorage(): KeyValueStorage {
  const map = new Map<string, string>();
  return {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => {
      map.set(key, value);
    },
    removeItem: (key) => {
      map.delete(key);
    },
  };
}

/** Reads never throw and writes that fail (quota, disabled storage) are ignored: tracking must not break a page. */
export function safeGet(storage: KeyValueStorage, key: string): string | null {
  try {
    return storage.getItem(key);
  } catch {
    return null;
  }
}

/** Returns false when the write failed. */
export function safeSet(storage: KeyValueStorage, key: string, value: string | null): boolean {
  try {
    if (value === null) storage.removeItem(key);
    else storage.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}
