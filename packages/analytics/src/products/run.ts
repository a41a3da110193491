import type { ProductPerformanceQuery, ProductPerformanceResult, ProductPerformanceRow } from '@tradeloop/schema';
import type { QueryContext } from '../context.js';
import { analyticsDialect } from '../dialect/index.js';
import { AnalyticsError } from '../errors.js';
import { queryRange } from '../sql/range.js';
import { periodLabels } from '../time.js';
import { buildProductSql } from './build.js';
import { classifyRole, classifyStage, roleRule, roleThresholds, STAGE_RULE } from './classify.js';

const round = (x: number) => Math.round(x * 1e6) / 1e6;
const ratio = (a: number, b: number) => (b > 0 ? round(a / b) : null);

/** What one row (a product or a category) adds up. */
type Acc = {
  id: string;
  name: string | null;
  categoryId: string | null;
  exposures: number;
  views: number;
  viewers: number;
  orders: Set<string>;
  buyers: Set<string>;
  returned: Set<string>;
  rated: Map<string, number>;
  gmv: number;
  promotedGmv: number;
  costedGmv: number;
  cost: number;
  trend: number[];
};

/**
 * Runs a ProductPerformanceQuery: traffic, paid orders and returns from the event store (within the scope), product
 * lines, costs, names and review scores from the operational data port (`ctx.marketplace`), metrics, roles and stages
 * in JS.
 *
 * @example
 * await runProductPerformance(ProductPerformanceQuery.parse({ kind: 'ProductPerformanceQuery',
 *   dateRange: { from: '2026-09-01', to: '2026-11-30' }, interval: 'month' }), { store, marketplace })
 */
export async function runProductPerformance(
  node: ProductPerformanceQuery,
  ctx: QueryContext,
): Promise<ProductPerformanceResult> {
  const port = ctx.marketplace;
  if (!port) {
    throw new AnalyticsError('invalid_query', 'product performance needs the marketplace data (run it on the server)', [
      'kind',
    ]);
  }
  const range = queryRange(node);
  let periods: string[];
  try {
    periods = periodLabels(range.fromMs, range.toMs, node.interval, node.timezone, 520);
  } catch (error) {
    throw new AnalyticsError('invalid_query', (error as Error).message, ['interval']);
  }
  const periodIndex = new Map(periods.map((p, i) => [p, i]));
  const d = analyticsDialect(ctx.store.dialect);
  const sql = buildProductSql(d, node, range, ctx.scope);
  const [traffic, paid, returnedRows] = await Promise.all([
    ctx.store.queryRows(sql.traffic),
    ctx.store.queryRows(sql.paid),
    ctx.store.queryRows(sql.returned),
  ]);

  const orders = new Map(
    paid.map((r) => [String(r.order_id), { person: String(r.person_id), period: String(r.period) }]),
  );
  const returned = new Set(returnedRows.map((r) => String(r.order_id)));
  const orderIds = [...orders.keys()];
  const [lines, ratings] = await Promise.all([port.orderLines(orderIds), port.orderRatings(orderIds)]);
  const productIds = [...new Set([...traffic.map((r) => String(r.product_id)), ...lines.map((l) => l.productId)])];
  const facts = new Map((await port.products(productIds)).map((p) => [p.id, p]));
  const ratingOf = new Map<string, number[]>();
  for (const r of ratings) ratingOf.set(r.orderId, [...(ratingOf.get(r.orderId) ?? []), r.rating]);

  const byCategory = node.groupBy === 'category';
  const rows = new Map<string, Acc>();
  const acc = (productId: string): Acc => {
    const f = facts.get(productId);
    const id = byCategory ? (f?.categoryId ?? '(unknown)') : productId;
    let a = rows.get(id);
    if (!a) {
      a = {
        id,
        name: byCategory ? null : (f?.name ?? null),
        categoryId: f?.categoryId ?? null,
        exposures: 0,
        views: 0,
        viewers: 0,
        orders: new Set(),
        buyers: new Set(),
        returned: new Set(),
        rated: new Map(),
        gmv: 0,
        promotedGmv: 0,
        costedGmv: 0,
        cost: 0,
        trend: periods.map(() => 0),
      };
      rows.set(id, a);
    }
    return a;
  };
  for (const r of traffic) {
    const a = acc(String(r.product_id));
    a.exposures += Number(r.exposures);
    a.views += Number(r.views);
    a.viewers += Number(r.viewers);
  }
  for (const line of lines) {
    const order = orders.get(line.orderId);
    if (!order) continue;
    const a = acc(line.productId);
    a.orders.add(line.orderId);
    a.buyers.add(order.person);
    if (returned.has(line.orderId)) a.returned.add(line.orderId);
    for (const rating of ratingOf.get(line.orderId) ?? []) a.rated.set(line.orderId, rating);
    a.gmv += line.lineTotal;
    if (line.promoted) a.promotedGmv += line.lineTotal;
    const unitCost = facts.get(line.productId)?.unitCost;
    if (unitCost !== null && unitCost !== undefined) {
      a.costedGmv += line.lineTotal;
      a.cost += unitCost * line.quantity;
    }
    const at = periodIndex.get(order.period);
    if (at !== undefined) a.trend[at] = (a.trend[at] as number) + line.lineTotal;
  }

  const measured = [...rows.values()].map((a) => {
    const ratingsOf = [...a.rated.values()];
    const margin = a.costedGmv > 0 ? a.costedGmv - a.cost : null;
    return {
      a,
      row: {
        id: a.id,
        name: a.name,
        categoryId: a.categoryId,
        exposures: a.exposures,
        views: a.views,
        viewers: a.viewers,
        ctr: ratio(a.views, a.exposures),
        orders: a.orders.size,
        buyers: a.buyers.size,
        cvr: ratio(a.buyers.size, a.viewers),
        gmv: a.gmv,
        margin,
        marginRate: margin === null ? null : ratio(margin, a.costedGmv),
        rating: ratingsOf.length ? round(ratingsOf.reduce((x, y) => x + y, 0) / ratingsOf.length) : null,
        returnRate: ratio(a.returned.size, a.orders.size),
        trend: a.trend,
      },
    };
  });
  const thresholds = roleThresholds(
    measured.map(({ a, row }) => ({ ...row, promotedGmv: a.promotedGmv, orders: row.orders })),
  );
  const classified: ProductPerformanceRow[] = measured.map(({ a, row }) => ({
    ...row,
    ...classifyRole({ ...row, promotedGmv: a.promotedGmv }, thresholds),
    ...classifyStage(row.trend),
  }));

  const key = node.sortBy;
  classified.sort((x, y) => {
    const xv = x[key];
    const yv = y[key];
    if (xv !== yv) {
      if (xv === null) return 1;
      if (yv === null) return -1;
      return yv - xv;
    }
    return x.id < y.id ? -1 : x.id > y.id ? 1 : 0;
  });
  return {
    kind: 'ProductPerformanceQuery',
    periods,
    rows: classified.slice(0, node.limit),
    rules: { role: roleRule(thresholds), stage: STAGE_RULE },
  };
}
