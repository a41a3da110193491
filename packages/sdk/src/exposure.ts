import { env, type IntersectionEntryLike } from './env.js';
import type { Properties } from './message.js';

/** An element as the exposure tracker reads it. */
export type ExposureElement = { getAttribute(name: string): string | null };

/** Where to look for product elements: `document` or any element. */
export type ExposureRoot = { querySelectorAll(selectors: string): ArrayLike<ExposureElement> };

export type ExposureOptions = {
  /** Elements to watch. Default `[data-tl-product-id]`. */
  selector?: string;
  /** Fraction of the element that must be in the viewport. Default 0.5. */
  threshold?: number;
  /** How long it must stay that visible (while the page is visible). Default 500. */
  minVisibleMs?: number;
  /** Slot for elements without `data-tl-slot` (e.g. 'search', 'recommend'). Default 'unknown'. */
  slot?: string;
};

type Hooks = { pageView: () => number; emit: (properties: Properties) => void };

type Watched = { visible: boolean; timer: ReturnType<typeof setTimeout> | undefined; index: number };

type NodeLike = ExposureElement & {
  isConnected?: boolean;
  matches?(selectors: string): boolean;
  querySelectorAll?(selectors: string): ArrayLike<ExposureElement>;
};

function exposureProperties(el: ExposureElement, index: number, defaultSlot: string): Properties | undefined {
  const productId = el.getAttribute('data-tl-product-id');
  if (!productId) return undefined;
  const rawPosition = el.getAttribute('data-tl-position');
  const position = rawPosition !== null && /^\d+$/.test(rawPosition.trim()) ? Number(rawPosition) : index;
  const properties: Properties = { productId, position, slot: el.getAttribute('data-tl-slot') || defaultSlot };
  const listId = el.getAttribute('data-tl-list-id');
  if (listId) properties.listId = listId;
  const requestId = el.getAttribute('data-tl-request-id');
  if (requestId) properties.requestId = requestId;
  return properties;
}

/**
 * Watches product elements under `root` with an IntersectionObserver (and elements added later, with a
 * MutationObserver) and emits one exposure per element per page view once it has been visible long enough.
 * Without IntersectionObserver (Node, old browsers) it does nothing.
 */
export function observeExposures(root: ExposureRoot, options: ExposureOptions, hooks: Hooks): () => void {
  const Observer = env.IntersectionObserver;
  if (typeof Observer !== 'function') return () => undefined;
  const selector = options.selector ?? '[data-tl-product-id]';
  const threshold = Math.min(1, Math.max(0, options.threshold ?? 0.5));
  const minVisibleMs = Math.max(0, options.minVisibleMs ?? 500);
  const defaultSlot = options.slot ?? 'unknown';
  const watched = new Map<ExposureElement, Watched>();
  // element → the page view in which its exposure was sent
  const sent = new WeakMap<ExposureElement, number>();
  let nextIndex = 0;

  const pageHidden = () => env.document?.visibilityState === 'hidden';

  const fire = (el: ExposureElement, state: Watched) => {
    state.timer = undefined;
    if (!state.visible || pageHidden() || sent.get(el) === hooks.pageView()) return;
    const properties = exposureProperties(el, state.index, defaultSlot);
    if (!properties) return;
    sent.set(el, hooks.pageView());
    hooks.emit(properties);
  };

  const arm = (el: ExposureElement, state: Watched) => {
    if (state.timer !== undefined || pageHidden() || sent.get(el) === hooks.pageView()) return;
    state.timer = setTimeout(() => fire(el, state), minVisibleMs);
  };

  const disarm = (state: Watched) => {
    if (state.timer !== undefined) clearTimeout(state.timer);
    state.timer = undefined;
  };

  const observer = new Observer(
    (entries: IntersectionEntryLike[]) => {
      for (const entry of entries) {
        const el = entry.target as NodeLike;
        const state = watched.get(el);
        if (!state) continue;
        // A small tolerance: browsers report ratios like 0.4999 for an element exactly at the threshold.
        state.visible = entry.isIntersecting && entry.intersectionRatio >= threshold - 0.001;
        if (state.visible) arm(el, state);
        else disarm(state);
        if (el.isConnected === false) {
          observer.unobserve(el);
          watched.delete(el);
        }
      }
    },
    { threshold: threshold > 0 ? [0, threshold] : [0] },
  );

  const watch = (el: ExposureElement) => {
    if (watched.has(el)) return;
    watched.set(el, { visible: false, timer: undefined, index: nextIndex++ });
    observer.observe(el);
  };
  const scan = (node: NodeLike) => {
    if (typeof node.matches === 'function' && node.matches(selector)) watch(node);
    if (typeof node.querySelectorAll === 'function')
      for (const el of Array.from(node.querySelectorAll(selector))) watch(el);
  };
  scan(root as unknown as NodeLike);

  const Mutations = env.MutationObserver;
  const mutations =
    typeof Mutations === 'function'
      ? new Mutations((records) => {
          for (const record of records) for (const node of Array.from(record.addedNodes)) scan(node as NodeLike);
        })
      : undefined;
  try {
    mutations?.observe(root, { childList: true, subtree: true });
  } catch {
    // root is not a DOM node: only the elements present now are watched.
  }

  // Timers only run while the page is visible: a background tab is not an exposure.
  const onVisibility = () => {
    for (const [el, state] of watched) {
      if (pageHidden()) disarm(state);
      else if (state.visible) arm(el, state);
    }
  };
  env.document?.addEventListener('visibilitychange', onVisibility);

  return () => {
    observer.disconnect();
    mutations?.disconnect();
    env.document?.removeEventListener('visibilitychange', onVisibility);
    for (const state of watched.values()) disarm(state);
    watched.clear();
  };
}
