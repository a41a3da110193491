/** Segment's context.campaign, plus the ad click ids found on the landing URL (e.g. `gclid`, `bd_vid`). */
export type Campaign = {
  source?: string;
  medium?: string;
  name?: string;
  term?: string;
  content?: string;
  [clickIdParam: string]: string | undefined;
};

const UTM_FIELDS: Record<string, keyof Campaign> = {
  utm_source: 'source',
  utm_medium: 'medium',
  utm_campaign: 'name',
  utm_term: 'term',
  utm_content: 'content',
};

/**
 * URL parameters that carry an ad click id, in the order the server prefers them when a URL has several (kept equal
 * to CLICK_ID_PARAMS in packages/core/src/events/ingest/channel.ts): Google (gclid, gbraid, wbraid, dclid),
 * Baidu (bd_vid), Microsoft (msclkid), Meta (fbclid), TikTok (ttclid), Tencent (gdt_vid, qz_gdt), Ocean Engine /
 * Toutiao (clickid), 360 (qhclickid), Sogou (sogou_vid), X (twclid), LinkedIn (li_fat_id), Yandex (yclid).
 */
export const CLICK_ID_PARAMS = [
  'gclid',
  'gbraid',
  'wbraid',
  'dclid',
  'bd_vid',
  'msclkid',
  'fbclid',
  'ttclid',
  'gdt_vid',
  'qz_gdt',
  'clickid',
  'qhclickid',
  'sogou_vid',
  'twclid',
  'li_fat_id',
  'yclid',
] as const;

const CLICK_IDS = new Set<string>(CLICK_ID_PARAMS);
const MAX_VALUE_LENGTH = 500;

/**
 * The campaign carried by a URL or query string: utm_* parameters and click ids. Parameter names match
 * case-insensitively; empty values are ignored. Returns undefined when the URL carries none.
 *
 * @example
 * parseCampaign('https://shop.example/?utm_source=baidu&utm_campaign=spring&bd_vid=123')
 * // → { source: 'baidu', name: 'spring', bd_vid: '123' }
 */
export function parseCampaign(urlOrSearch: string): Campaign | undefined {
  const queryStart = urlOrSearch.indexOf('?');
  let query = queryStart >= 0 ? urlOrSearch.slice(queryStart + 1) : urlOrSearch;
  const hash = query.indexOf('#');
  if (hash >= 0) query = query.slice(0, hash);
  const campaign: Campaign = {};
  let found = false;
  for (const [rawKey, rawValue] of new URLSearchParams(query)) {
    const key = rawKey.toLowerCase();
    const value = rawValue.trim().slice(0, MAX_VALUE_LENGTH);
    if (value === '') continue;
    const field = UTM_FIELDS[key] ?? (CLICK_IDS.has(key) ? key : undefined);
    // The first occurrence wins, as in URLSearchParams.get.
    if (field === undefined || campaign[field] !== undefined) continue;
    campaign[field] = value;
    found = true;
  }
  return found ? campaign : undefined;
}
