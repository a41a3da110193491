import {
  type ChannelCredit,
  type ChannelPath,
  DIRECT_CHANNEL,
  markovAttribution,
  ruleAttribution,
} from '@tradeloop/models';
import type { AttributionQuery, AttributionResult } from '@tradeloop/schema';
import type { QueryContext } from '../context.js';
import { analyticsDialect } from '../dialect/index.js';
import { queryRange } from '../sql/range.js';
import { AGE_SEPARATOR, buildAttributionSql, PATH_SEPARATOR } from './build.js';

/** Rounded so that both engines (whose float sums may differ in the last bits) give identical results. */
const round = (x: number) => Math.round(x * 1e9) / 1e9;

const splitPath = (text: string): string[] => (text === '' ? [] : text.split(PATH_SEPARATOR));

/**
 * Runs an AttributionQuery: distinct paths with counts from SQL (build.ts), then each requested model over them
 * (packages/models). Conversions without touchpoints are credited to "(direct)".
 *
 * @example
 * await runAttribution(AttributionQuery.parse({ kind: 'AttributionQuery', conversion: { event: 'order_paid',
 *   valueProperty: 'total' }, models: ['first', 'markov'], dateRange: { from: '2026-11-01', to: '2026-11-30' } }), ctx)
 */
export async function runAttribution(node: AttributionQuery, ctx: QueryContext): Promise<AttributionResult> {
  const d = analyticsDialect(ctx.store.dialect);
  const sql = buildAttributionSql(d, node, queryRange(node), ctx.scope);
  const [converted, idle] = await Promise.all([
    ctx.store.queryRows(sql.conversions),
    ctx.store.queryRows(sql.nonConverting),
  ]);

  // Rows sorted by key: the models then sum in the same order on every engine.
  const conversionPaths: ChannelPath[] = converted
    .map((r) => ({ path: String(r.path), ages: String(r.ages), n: Number(r.n), v: Number(r.v) }))
    .sort((a, b) => (a.path === b.path ? (a.ages < b.ages ? -1 : 1) : a.path < b.path ? -1 : 1))
    .map((r) => ({
      channels: splitPath(r.path),
      ...(r.ages !== '' ? { ageDays: r.ages.split(AGE_SEPARATOR).map((h) => Number(h) / 24) } : {}),
      conversions: r.n,
      value: r.v,
    }));

  // Per distinct path (ages aside): conversions, value and non-converting journeys (Markov, top paths).
  const byPath = new Map<string, ChannelPath & { nulls: number }>();
  const entry = (channels: string[]) => {
    const key = channels.join(PATH_SEPARATOR);
    let e = byPath.get(key);
    if (!e) {
      e = { channels, conversions: 0, value: 0, nulls: 0 };
      byPath.set(key, e);
    }
    return e;
  };
  for (const p of conversionPaths) {
    const e = entry([...p.channels]);
    e.conversions += p.conversions;
    e.value += p.value;
  }
  let nonConverting = 0;
  for (const r of idle) {
    const n = Number(r.n);
    entry(splitPath(String(r.path))).nulls += n;
    nonConverting += n;
  }
  const journeys = [...byPath.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);

  const credits: Record<string, ChannelCredit> = {};
  let removalEffects: Record<string, number> | undefined;
  for (const model of node.models) {
    if (model === 'markov') {
      const markov = markovAttribution(journeys, { order: node.markovOrder });
      credits[model] = markov.credit;
      removalEffects = Object.fromEntries(Object.entries(markov.removalEffects).map(([c, x]) => [c, round(x)]));
    } else {
      credits[model] = ruleAttribution(conversionPaths, model, {
        halfLife: node.halfLifeDays,
        position: node.position,
      });
    }
  }

  const names = new Set<string>();
  for (const credit of Object.values(credits)) for (const c of Object.keys(credit)) names.add(c);
  const lead = credits[node.models[0] as string] ?? {};
  const channels = [...names]
    .sort((a, b) => (lead[b]?.conversions ?? 0) - (lead[a]?.conversions ?? 0) || (a < b ? -1 : a > b ? 1 : 0))
    .map((channel) => ({
      channel,
      credit: Object.fromEntries(
        node.models.map((m) => {
          const c = credits[m]?.[channel];
          return [m, { conversions: round(c?.conversions ?? 0), value: round(c?.value ?? 0) }];
        }),
      ),
    }));

  const paths = journeys
    .filter((p) => p.conversions > 0)
    .sort((a, b) => b.conversions - a.conversions || round(b.value) - round(a.value))
    .slice(0, node.pathLimit)
    .map((p) => ({
      path: p.channels.length > 0 ? [...p.channels] : [DIRECT_CHANNEL],
      conversions: p.conversions,
      value: round(p.value),
    }));

  const total = conversionPaths.reduce((s, p) => ({ n: s.n + p.conversions, v: s.v + p.value }), { n: 0, v: 0 });
  return {
    kind: 'AttributionQuery',
    conversions: total.n,
    value: round(total.v),
    channels,
    paths,
    nonConverting,
    ...(removalEffects ? { removalEffects } : {}),
  };
}
