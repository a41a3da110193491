/**
 * The few browser APIs the SDK touches, typed structurally. The package compiles without the DOM lib (the monorepo
 * typechecks every package with one ES2023 + Node configuration) and every browser API is feature-detected at run
 * time, so the same code runs in Node, where none of them exist.
 */

/** Synchronous key/value storage: `localStorage`, `sessionStorage`, or anything with the same three methods. */
export type KeyValueStorage = {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
};

type EventTargetLike = {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
};

type LocationLike = { href: string; pathname: string; search: string; hash: string };

type DocumentLike = EventTargetLike & { title: string; referrer: string; visibilityState?: string };

type NavigatorLike = {
  userAgent?: string;
  language?: string;
  sendBeacon?(url: string, data: unknown): boolean;
};

export type IntersectionEntryLike = { target: unknown; isIntersecting: boolean; intersectionRatio: number };

export type IntersectionObserverLike = {
  observe(target: unknown): void;
  unobserve(target: unknown): void;
  disconnect(): void;
};

export type MutationRecordLike = { addedNodes: ArrayLike<unknown> };

export type MutationObserverLike = {
  observe(target: unknown, options: { childList: boolean; subtree: boolean }): void;
  disconnect(): void;
};

type BrowserGlobals = {
  window?: EventTargetLike & { location: LocationLike };
  document?: DocumentLike;
  navigator?: NavigatorLike;
  localStorage?: KeyValueStorage;
  sessionStorage?: KeyValueStorage;
  Blob?: new (parts: string[], options: { type: string }) => unknown;
  IntersectionObserver?: new (
    callback: (entries: IntersectionEntryLike[]) => void,
    options: { threshold: number[] },
  ) => IntersectionObserverLike;
  MutationObserver?: new (callback: (records: MutationRecordLike[]) => void) => MutationObserverLike;
};

/** globalThis seen through the browser APIs the SDK may use (each may be undefined). */
export const env = globalThis as unknown as BrowserGlobals;

/** A page with a window and a document (not Node, not a worker). */
export function inBrowser(): boolean {
  return env.window !== undefined && env.document !== undefined && env.window.location !== undefined;
}

/** The page's Web Storage, or undefined when absent or unusable (Safari private mode, disabled cookies, quota 0). */
export function webStorage(kind: 'localStorage' | 'sessionStorage'): KeyValueStorage | undefined {
  if (!inBrowser()) return undefined;
  try {
    const storage = env[kind];
    if (!storage) return undefined;
    storage.setItem('tl.probe', '1');
    storage.removeItem('tl.probe');
    return storage;
  } catch {
    return undefined;
  }
}
