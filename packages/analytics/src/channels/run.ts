import type { ChannelQuadrantQuery, ChannelQuadrantResult } from '@tradeloop/schema';
import type { QueryContext } from '../context.js';
import { analyticsDialect } from '../dialect/index.js';
import { AnalyticsError } from '../errors.js';
import { queryRange } from '../sql/range.js';
import { periodLabel } from '../time.js';
import { buildQuadrantSql } from './build.js';
import { median, quadrantOf, quadrantRule } from './quadrant.js';

const round = (x: number) => Math.round(x * 1e4) / 1e4;

/**
 * Runs a ChannelQuadrantQuery: registrations and paying organisations per first-touch channel from the event store,
 * spend per channel from the operational data port (`ctx.marketplace`, the server supplies it), costs and quadrants
 * in JS. Without a port there is no spend: every cost is null.
 *
 * @example
 * await runChannelQuadrant(ChannelQuadrantQuery.parse({ kind: 'ChannelQuadrantQuery',
 *   dateRange: { from: '2026-11-01', to: '2026-11-30' } }), { store, marketplace })
 */
export async function runChannelQuadrant(
  node: ChannelQuadrantQuery,
  ctx: QueryContext,
): Promise<ChannelQuadrantResult> {
  const range = queryRange(node);
  const d = analyticsDialect(ctx.store.dialect);
  // The spend of the range's days in the query's time zone.
  const fromDay = periodLabel(range.fromMs, 'day', node.timezone);
  const toDay = periodLabel(range.toMs - 1, 'day', node.timezone);
  const [rows, spendRows] = await Promise.all([
    ctx.store.queryRows(buildQuadrantSql(d, node, range, ctx.scope)),
    ctx.marketplace ? ctx.marketplace.channelSpend(fromDay, toDay) : Promise.resolve([]),
  ]);

  const currencies = [...new Set(spendRows.map((r) => r.currency))];
  if (currencies.length > 1) {
    throw new AnalyticsError(
      'invalid_query',
      `the spend of these days is in several currencies (${currencies.join(', ')}): choose days in one currency`,
      ['dateRange'],
    );
  }
  const spend = new Map<string, number>();
  for (const r of spendRows) spend.set(r.channel, (spend.get(r.channel) ?? 0) + r.amount);
  const acquired = new Map(
    rows.map((r) => [String(r.channel), { reg: Number(r.registrations), paid: Number(r.paying) }]),
  );

  const names = [...new Set([...spend.keys(), ...acquired.keys()])];
  const measured = names.map((channel) => {
    const s = spend.get(channel);
    const a = acquired.get(channel) ?? { reg: 0, paid: 0 };
    return {
      channel,
      spend: s ?? 0,
      hasSpend: s !== undefined,
      registrations: a.reg,
      paying: a.paid,
      costPerRegistration: s !== undefined && a.reg > 0 ? round(s / a.reg) : null,
      costPerPaying: s !== undefined && a.paid > 0 ? round(s / a.paid) : null,
    };
  });

  const given = node.thresholds;
  const thresholds = {
    costPerRegistration:
      given.costPerRegistration ??
      median(measured.flatMap((c) => (c.costPerRegistration === null ? [] : [c.costPerRegistration]))),
    costPerPaying:
      given.costPerPaying ?? median(measured.flatMap((c) => (c.costPerPaying === null ? [] : [c.costPerPaying]))),
  };
  const givenCount = (given.costPerRegistration !== undefined ? 1 : 0) + (given.costPerPaying !== undefined ? 1 : 0);
  const thresholdRule = givenCount === 2 ? 'given' : givenCount === 0 ? 'median' : 'mixed';
  const how = {
    given: 'given in the query',
    median: 'medians over the channels with spend',
    mixed: 'given, else the median',
  }[thresholdRule];

  const channels = measured
    .map(({ hasSpend, ...c }) => ({
      ...c,
      quadrant: quadrantOf(c.costPerRegistration, c.costPerPaying, thresholds, hasSpend),
    }))
    .sort((a, b) => b.spend - a.spend || b.registrations - a.registrations || (a.channel < b.channel ? -1 : 1));
  return {
    kind: 'ChannelQuadrantQuery',
    thresholds,
    thresholdRule,
    rule: quadrantRule(thresholds, how),
    currency: currencies[0] ?? 'CNY',
    channels,
  };
}
