/**
 * Channel fields from a landing URL: utm_* parameters, the ad click id and the path. Parsed by hand rather than with
 * `new URL()`: this runs for every page event, and most URLs have no query string at all.
 */
export type UrlChannel = {
  path: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmTerm: string | null;
  utmContent: string | null;
  clickId: string | null;
  clickIdType: string | null;
};

/**
 * Ad click-id parameters, in priority order when several are present: Google (gclid, gbraid, wbraid, dclid),
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
const CLICK_RANK: ReadonlyMap<string, number> = new Map(CLICK_ID_PARAMS.map((p, i) => [p, i]));

const decode = (s: string): string => {
  const plus = s.includes('+') ? s.replace(/\+/g, ' ') : s;
  if (!plus.includes('%')) return plus;
  try {
    return decodeURIComponent(plus);
  } catch {
    return plus;
  }
};

/** The path of an absolute or relative URL, without query and fragment. */
export function urlPath(url: string): string | null {
  let start = 0;
  const scheme = url.indexOf('://');
  if (scheme > 0 && scheme < 12) {
    const slash = url.indexOf('/', scheme + 3);
    if (slash < 0) return '/';
    start = slash;
  }
  let end = url.length;
  const q = url.indexOf('?', start);
  if (q >= 0) end = q;
  const h = url.indexOf('#', start);
  if (h >= 0 && h < end) end = h;
  const path = url.slice(start, end);
  return path === '' ? '/' : path;
}

/** utm_* parameters, the highest-priority click id and the path of a URL. */
export function channelFromUrl(url: string): UrlChannel {
  const out: UrlChannel = {
    path: urlPath(url),
    utmSource: null,
    utmMedium: null,
    utmCampaign: null,
    utmTerm: null,
    utmContent: null,
    clickId: null,
    clickIdType: null,
  };
  const q = url.indexOf('?');
  if (q < 0) return out;
  let end = url.indexOf('#', q);
  if (end < 0) end = url.length;
  let clickRank = Number.POSITIVE_INFINITY;
  for (const pair of url.slice(q + 1, end).split('&')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const key = pair.slice(0, eq).toLowerCase();
    const raw = pair.slice(eq + 1);
    if (raw === '') continue;
    if (key.startsWith('utm_')) {
      const value = decode(raw);
      if (key === 'utm_source') out.utmSource ??= value;
      else if (key === 'utm_medium') out.utmMedium ??= value;
      else if (key === 'utm_campaign') out.utmCampaign ??= value;
      else if (key === 'utm_term') out.utmTerm ??= value;
      else if (key === 'utm_content') out.utmContent ??= value;
      continue;
    }
    const rank = CLICK_RANK.get(key);
    if (rank !== undefined && rank < clickRank) {
      clickRank = rank;
      out.clickId = decode(raw);
      out.clickIdType = key;
    }
  }
  return out;
}
