import type { MarketplaceDeps } from '../marketplace/context.js';

/** Ids per IN list (well under SQLite's bound-parameter limit). */
const BATCH = 1000;

function batches<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH) out.push(items.slice(i, i + BATCH));
  return out;
}

/**
 * Read-only facts of the operational store that product analytics joins to events (the event store does not hold
 * them): product names, categories and unit costs, the product lines of orders, and the review scores of orders.
 * The caller (the analytics query route) has authorised the query; these reads are not scoped themselves, the events
 * that name the ids are.
 *
 * @example
 * const facts = new ProductFactsReader(market.deps);
 * await facts.orderLines(['ord_1', 'ord_2']);
 */
export class ProductFactsReader {
  constructor(private readonly deps: MarketplaceDeps) {}

  /** Name, category and unit cost (the `unitCost` attribute, minor units) of these products. */
  async products(
    ids: readonly string[],
  ): Promise<{ id: string; name: string; categoryId: string | null; unitCost: number | null }[]> {
    const out = [];
    for (const batch of batches([...new Set(ids)])) {
      const rows = await this.deps.store.db
        .selectFrom('products')
        .select(['id', 'title', 'categoryId', 'attributes'])
        .where('id', 'in', batch)
        .execute();
      for (const r of rows) {
        let unitCost: number | null = null;
        try {
          const cost = (JSON.parse(r.attributes) as Record<string, unknown>).unitCost;
          const n = typeof cost === 'string' ? Number(cost) : cost;
          if (typeof n === 'number' && Number.isFinite(n) && n >= 0) unitCost = n;
        } catch {
          // attributes are written by the catalog as JSON; an unreadable value means no known cost
        }
        out.push({ id: r.id, name: r.title, categoryId: r.categoryId, unitCost });
      }
    }
    return out;
  }

  /** The product lines (not bundle lines) of these orders. */
  async orderLines(
    orderIds: readonly string[],
  ): Promise<{ orderId: string; productId: string; quantity: number; lineTotal: number; promoted: boolean }[]> {
    const out = [];
    for (const batch of batches([...new Set(orderIds)])) {
      const rows = await this.deps.store.db
        .selectFrom('orderItems')
        .select(['orderId', 'productId', 'quantity', 'lineTotal', 'promotionId'])
        .where('orderId', 'in', batch)
        .where('productId', 'is not', null)
        .execute();
      for (const r of rows) {
        out.push({
          orderId: r.orderId,
          productId: r.productId as string,
          quantity: Number(r.quantity),
          lineTotal: Number(r.lineTotal),
          promoted: r.promotionId !== null,
        });
      }
    }
    return out;
  }

  /** The description-accuracy score of the reviews of these orders. */
  async orderRatings(orderIds: readonly string[]): Promise<{ orderId: string; rating: number }[]> {
    const out = [];
    for (const batch of batches([...new Set(orderIds)])) {
      const rows = await this.deps.store.db
        .selectFrom('reviews')
        .select(['orderId', 'ratingDescription'])
        .where('orderId', 'in', batch)
        .execute();
      for (const r of rows) out.push({ orderId: r.orderId, rating: Number(r.ratingDescription) });
    }
    return out;
  }
}
