import { useEffect, useLayoutEffect, useRef } from 'react';

/**
 * Performance marks the browser test reads (Performance API): `tl:render:<page>` when a page first renders its
 * frame (title, builder, empty table: the first meaningful render) and `tl:ready:<page>` when its main data is on
 * screen. Marks are cheap and harmless in production; they also show in the browser's performance panel.
 *
 * @example
 * usePageMarks('aipl', result.status === 'done');
 */
export function usePageMarks(page: string, ready: boolean): void {
  const rendered = useRef(false);
  const readied = useRef(false);
  // A layout effect: it runs when the page's DOM is committed, right before the browser paints it (a passive effect
  // would run after its children's, e.g. chart set-up, and so measure more than the render).
  useLayoutEffect(() => {
    if (rendered.current) return;
    rendered.current = true;
    performance.mark(`tl:render:${page}`);
  }, [page]);
  useEffect(() => {
    if (!ready || readied.current) return;
    readied.current = true;
    performance.mark(`tl:ready:${page}`);
  }, [page, ready]);
}
