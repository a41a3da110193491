import { csvRecords, ImportFileError } from './csv-records.js';
import { excerpt, type FormatReader, type ImportRow, importEventId } from './rows.js';

/** Tianchi (Taobao) user behaviour types → standard events. */
export const TIANCHI_EVENTS: Record<string, string> = {
  '1': 'product_view',
  '2': 'add_to_favorites',
  '3': 'add_to_cart',
  '4': 'order_placed',
};

const COLUMNS = ['user_id', 'item_id', 'behavior_type', 'user_geohash', 'item_category', 'time'] as const;
const HOUR = /^(\d{4})-(\d{2})-(\d{2}) (\d{2})(?::(\d{2})(?::(\d{2}))?)?$/;
/** The data's times are Beijing time (UTC+8, no daylight saving). */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Epoch ms of `YYYY-MM-DD HH` (optionally `:MM[:SS]`) in Asia/Shanghai, or null when malformed. */
export function shanghaiTime(text: string): number | null {
  const m = HOUR.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => (v === undefined ? 0 : Number(v))) as number[];
  const ms = Date.UTC(y as number, (mo as number) - 1, d, h, mi, s);
  const check = new Date(ms);
  // Date.UTC rolls 2014-02-30 over to March: refuse instead.
  if (check.getUTCMonth() !== (mo as number) - 1 || check.getUTCDate() !== d || (h as number) > 23) return null;
  return ms - SHANGHAI_OFFSET_MS;
}

/**
 * The Tianchi "User Behavior Data from Taobao" CSV: `user_id,item_id,behavior_type,user_geohash,item_category,time`
 * (header required), `time` = `YYYY-MM-DD HH` in Asia/Shanghai. behavior_type 1..4 → product_view,
 * add_to_favorites, add_to_cart (quantity 1), order_placed (orderId `tianchi:<user>:<item>:<line>`, no prices:
 * `total` 0). The user is the logged-in user `tianchi:<user_id>`; the item id is `productId`, the category
 * `categoryId`, the geohash (when given) `geohash`.
 */
export const readTianchi: FormatReader = async function* ({ source }) {
  let at: Map<string, number> | null = null;
  for await (const { line, text, fields, error } of csvRecords(source.lines)) {
    if (!at) {
      if (!fields) throw new ImportFileError(line, `the header is not valid CSV: ${error}`);
      at = new Map(fields.map((f, i) => [f.trim(), i]));
      const missing = COLUMNS.filter((c) => !at?.has(c));
      if (missing.length) {
        throw new ImportFileError(line, `missing columns ${missing.join(', ')} (expected ${COLUMNS.join(',')})`);
      }
      continue;
    }
    if (!fields || fields.length !== at.size) {
      yield {
        line,
        error: {
          code: 'invalid_row',
          reason: fields ? `${fields.length} fields where the header has ${at.size}` : `not valid CSV: ${error}`,
        },
        raw: excerpt(text),
      };
      continue;
    }
    yield rowOf(at, fields, line, text);
  }
};

function rowOf(at: Map<string, number>, fields: string[], line: number, text: string): ImportRow {
  const get = (c: (typeof COLUMNS)[number]) => (fields[at.get(c) as number] as string).trim();
  const user = get('user_id');
  const item = get('item_id');
  const behavior = get('behavior_type');
  const event = TIANCHI_EVENTS[behavior];
  const fail = (code: string, reason: string, column: string): ImportRow => ({
    line,
    error: { code, reason, path: [column] },
    raw: excerpt(text),
  });
  if (event === undefined)
    return fail('invalid_row', `behavior_type ${JSON.stringify(behavior)} is not 1..4`, 'behavior_type');
  if (user === '') return fail('missing_id', 'user_id is empty', 'user_id');
  if (item === '') return fail('invalid_row', 'item_id is empty', 'item_id');
  const ms = shanghaiTime(get('time'));
  if (ms === null) {
    return fail('invalid_timestamp', `time ${JSON.stringify(get('time'))} is not "YYYY-MM-DD HH"`, 'time');
  }
  const properties: Record<string, unknown> = { productId: item };
  const category = get('item_category');
  const geohash = get('user_geohash');
  if (category !== '') properties.categoryId = category;
  if (geohash !== '') properties.geohash = geohash;
  if (event === 'add_to_cart') properties.quantity = 1;
  if (event === 'order_placed') {
    properties.orderId = `tianchi:${user}:${item}:${line}`;
    properties.total = 0;
    properties.itemCount = 1;
  }
  return {
    line,
    wire: 'segment',
    message: { type: 'track', event, userId: `tianchi:${user}`, timestamp: ms, properties },
    fallbackId: importEventId('tianchi', line, 0, text),
  };
}
