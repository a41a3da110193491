import { type DayRange, lastDays, rangeFromParams } from '../../../lib/period';
import type { ChannelQuadrantNode, ChannelQuadrantResult, Quadrant, QuadrantChannel, SpendRow } from './types';

/**
 * The channel quadrant page's state (in the URL: range and the two thresholds, in yuan as an operator types them)
 * and the pure shaping of the answer into the scatter with its threshold lines and quadrant areas, and of a spend
 * CSV into a preview before it is sent.
 */
export const DEFAULT_DAYS = 90;

export type ChannelsState = {
  range: DayRange;
  /** Thresholds in minor units (fen); null: the medians over the channels (the server's default). */
  cpr: number | null;
  cpp: number | null;
};

/** A threshold from the URL: a non-negative amount in yuan (two decimals at most), else none. */
function yuanParam(v: string | null): number | null {
  if (v === null || !/^\d+(\.\d{1,2})?$/.test(v)) return null;
  const minor = Math.round(Number(v) * 100);
  return Number.isSafeInteger(minor) && minor <= 1_000_000_000_000 ? minor : null;
}

const yuanText = (minor: number) => String(minor / 100);

export function stateFromParams(params: URLSearchParams, today: string): ChannelsState {
  return {
    range: rangeFromParams(params, lastDays(today, DEFAULT_DAYS)),
    cpr: yuanParam(params.get('cpr')),
    cpp: yuanParam(params.get('cpp')),
  };
}

export function paramsFromState(params: URLSearchParams, s: ChannelsState, today: string): URLSearchParams {
  const next = new URLSearchParams(params);
  const set = (k: string, v: string | null) => (v === null ? next.delete(k) : next.set(k, v));
  const dflt = lastDays(today, DEFAULT_DAYS);
  const sameRange = s.range.from === dflt.from && s.range.to === dflt.to;
  set('from', sameRange ? null : s.range.from);
  set('to', sameRange ? null : s.range.to);
  set('cpr', s.cpr === null ? null : yuanText(s.cpr));
  set('cpp', s.cpp === null ? null : yuanText(s.cpp));
  return next;
}

export function quadrantQuery(s: ChannelsState): ChannelQuadrantNode {
  const thresholds: ChannelQuadrantNode['thresholds'] = {};
  if (s.cpr !== null) thresholds.costPerRegistration = s.cpr;
  if (s.cpp !== null) thresholds.costPerPaying = s.cpp;
  return { kind: 'ChannelQuadrantQuery', thresholds, dateRange: s.range };
}

export type ScatterPoint = { channel: string; x: number; y: number; quadrant: Quadrant | null; spend: number };

export type ScatterData = {
  points: ScatterPoint[];
  /** Channels that cannot be placed: no spend, no registrations or no paying organisations (a cost is null). */
  unplotted: QuadrantChannel[];
  /** Thresholds (minor units); null when the answer has none (no channel with costs). */
  tx: number | null;
  ty: number | null;
  /** Log axis ends: a margin around the points and the thresholds, so lines and labels stay inside. */
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
  /** The four quadrant areas in axis coordinates: [x0, y0, x1, y1]. */
  areas: { quadrant: Quadrant; box: [number, number, number, number] }[];
};

/**
 * The scatter: x = cost per registration, y = cost per paying organisation, both cheap towards the origin, on log
 * axes (channel costs differ by orders of magnitude; on linear axes the cheap ones pile up in a corner). Star is the
 * lower left (cheap registrations that convert), volume the upper left, niche the lower right, question the upper
 * right — as the query defines them ("at or below the threshold" is cheap).
 */
export function scatterData(result: ChannelQuadrantResult): ScatterData {
  const points: ScatterPoint[] = [];
  const unplotted: QuadrantChannel[] = [];
  for (const c of result.channels) {
    const x = c.costPerRegistration;
    const y = c.costPerPaying;
    if (x === null || y === null || x <= 0 || y <= 0) unplotted.push(c);
    else points.push({ channel: c.channel, x, y, quadrant: c.quadrant, spend: c.spend });
  }
  const tx = result.thresholds.costPerRegistration;
  const ty = result.thresholds.costPerPaying;
  const span = (values: number[]) => {
    const positive = values.filter((v) => v > 0);
    if (positive.length === 0) return { min: 1, max: 10 };
    const min = niceFloor(Math.min(...positive) / 1.3);
    return { min, max: Math.max(niceCeil(Math.max(...positive) * 1.3), min * 10) };
  };
  const x = span([...points.map((p) => p.x), tx ?? 0]);
  const y = span([...points.map((p) => p.y), ty ?? 0]);
  // A threshold of 0 (everything above it) sits on the axis start: log axes have no 0.
  const cx = tx === null ? null : Math.max(tx, x.min);
  const cy = ty === null ? null : Math.max(ty, y.min);
  const areas: ScatterData['areas'] =
    cx === null || cy === null
      ? []
      : [
          { quadrant: 'star', box: [x.min, y.min, cx, cy] },
          { quadrant: 'volume', box: [x.min, cy, cx, y.max] },
          { quadrant: 'niche', box: [cx, y.min, x.max, cy] },
          { quadrant: 'question', box: [cx, cy, x.max, y.max] },
        ];
  return { points, unplotted, tx: cx, ty: cy, minX: x.min, maxX: x.max, minY: y.min, maxY: y.max, areas };
}

/** Rounds up to 1, 2, 2.5 or 5 times a power of ten: axis ends that read well. */
export function niceCeil(x: number): number {
  if (!(x > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x * (1 - 1e-12)) return m * p;
  return 10 * p;
}

/** Rounds down to 1, 2 or 5 times a power of ten. */
export function niceFloor(x: number): number {
  if (!(x > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [5, 2, 1]) if (m * p <= x * (1 + 1e-12)) return m * p;
  return p;
}

/** Spend per channel over the listed days (largest first). */
export function spendByChannel(rows: readonly SpendRow[]): { channel: string; amount: number; days: number }[] {
  const by = new Map<string, { channel: string; amount: number; days: number }>();
  for (const r of rows) {
    const s = by.get(r.channel) ?? { channel: r.channel, amount: 0, days: 0 };
    s.amount += r.amount;
    s.days += 1;
    by.set(r.channel, s);
  }
  return [...by.values()].sort((a, b) => b.amount - a.amount || a.channel.localeCompare(b.channel));
}

/** Splits one CSV line (RFC 4180 quotes); null for an unterminated quote. */
export function splitCsvLine(line: string): string[] | null {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  if (quoted) return null;
  cells.push(cell);
  return cells;
}

export type SpendPreview = {
  header: string[];
  /** The first `limit` data lines with their line numbers in the file (the header is line 1). */
  rows: { line: number; cells: string[] }[];
  /** Non-empty data lines in the file. */
  count: number;
};

/**
 * A look at a spend CSV before it is sent: its header and first lines. Checking is the server's (it names every
 * bad line and field); the preview only shows what is about to go.
 */
export function previewSpendCsv(text: string, limit = 5): SpendPreview {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (splitCsvLine(lines[0] ?? '') ?? []).map((h) => h.trim());
  const rows: SpendPreview['rows'] = [];
  let count = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    count++;
    if (rows.length < limit) rows.push({ line: i + 1, cells: splitCsvLine(line) ?? [line] });
  }
  return { header, rows, count };
}
