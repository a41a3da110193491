import { excerpt, type FormatReader, importEventId, isObject, parseJsonLine } from './rows.js';

/** OTTO event types → standard events. */
export const OTTO_EVENTS: Record<string, string> = {
  clicks: 'product_view',
  carts: 'add_to_cart',
  orders: 'order_placed',
};

/**
 * The OTTO RecSys sessions format (Kaggle "OTTO – Multi-Objective Recommender"): one session per line,
 * `{"session": 12, "events": [{"aid": 1517085, "ts": 1659304800025, "type": "clicks"|"carts"|"orders"}, ...]}`.
 * Each event becomes one track event of the anonymous visitor `otto:<session>` (also the session id), with the aid
 * as `productId` and `ts` in epoch milliseconds: clicks → product_view, carts → add_to_cart (quantity 1),
 * orders → order_placed (orderId `otto:<session>:<ts>`, so the aids ordered at one instant form one order; OTTO has no
 * prices, so `total` is 0).
 */
export const readOtto: FormatReader = async function* ({ source }) {
  for await (const { line, text } of source.lines) {
    if (text.trim() === '') continue;
    const parsed = parseJsonLine(text);
    if (!parsed.ok) {
      yield { line, error: parsed.error, raw: excerpt(text) };
      continue;
    }
    const value = parsed.value;
    const session = isObject(value) ? value.session : undefined;
    if (
      !isObject(value) ||
      !Array.isArray(value.events) ||
      (typeof session !== 'number' && typeof session !== 'string')
    ) {
      yield {
        line,
        error: { code: 'invalid_row', reason: 'a line must be {"session": <id>, "events": [...]}' },
        raw: excerpt(text),
      };
      continue;
    }
    const visitor = `otto:${session}`;
    for (let i = 0; i < value.events.length; i++) {
      const e = value.events[i];
      const event = isObject(e) && typeof e.type === 'string' ? OTTO_EVENTS[e.type] : undefined;
      if (
        !isObject(e) ||
        event === undefined ||
        (typeof e.aid !== 'number' && typeof e.aid !== 'string') ||
        typeof e.ts !== 'number'
      ) {
        yield {
          line,
          error: {
            code: 'invalid_row',
            reason: `events[${i}] must be {"aid", "ts", "type": "clicks"|"carts"|"orders"}`,
            path: ['events', i],
          },
          raw: excerpt(JSON.stringify(e) ?? ''),
        };
        continue;
      }
      const properties: Record<string, unknown> = { productId: String(e.aid) };
      if (event === 'add_to_cart') properties.quantity = 1;
      if (event === 'order_placed') {
        properties.orderId = `otto:${session}:${String(e.ts)}`;
        properties.total = 0;
      }
      yield {
        line,
        wire: 'segment',
        message: {
          type: 'track',
          event,
          anonymousId: visitor,
          // ts goes through the HTTP path's time checks (a number is epoch milliseconds).
          timestamp: e.ts,
          properties,
          context: { sessionId: visitor },
        },
        fallbackId: importEventId('otto', line, i, text),
      };
    }
  }
};
