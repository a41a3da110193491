import type { Page, Pagination } from '@tradeloop/schema';
import type { Kysely, SelectQueryBuilder } from 'kysely';

/**
 * One page of a list: counts every row `base` matches and fetches the page's rows (`rows(base)` adds the selection
 * and the ordering; the limit and offset come from `pagination`), then maps them to items.
 *
 * `base` is the filtered query without a selection (joins are fine): the count selects `count(*)` over it, so it
 * must not contain grouping or an own limit. Outside a transaction the two queries run concurrently (on PostgreSQL
 * on two pool connections). Inside one (`db.isTransaction`) they run one after the other: a transaction holds a
 * single connection, which runs one query at a time, so we await each rather than rely on Kysely to queue them.
 *
 * @example
 * const base = db.selectFrom('orders').where('orders.buyerId', '=', buyerId);
 * return listPage(db, base, query, (q) => q.selectAll('orders').orderBy('orders.id', 'desc'), toOrder);
 */
export async function listPage<DB, TB extends keyof DB, O, Row, T>(
  db: Kysely<DB>,
  base: SelectQueryBuilder<DB, TB, O>,
  pagination: Pagination,
  rows: (base: SelectQueryBuilder<DB, TB, O>) => SelectQueryBuilder<DB, TB, Row>,
  toItem: (row: Row) => T,
): Promise<Page<T>> {
  const { limit, offset } = pagination;
  const count = () =>
    base
      .select((eb) => eb.fn.countAll().as('total'))
      // Over generic DB/TB Kysely cannot resolve the selection's type, so name it. count(*) comes back as a number
      // (SQLite) or as a bigint the PostgreSQL driver hands over as a string.
      .$castTo<{ total: number | string | bigint }>()
      .executeTakeFirstOrThrow();
  const page = () => rows(base).limit(limit).offset(offset).execute();
  const [counted, items] = db.isTransaction ? [await count(), await page()] : await Promise.all([count(), page()]);
  return { items: items.map(toItem), total: Number(counted.total), limit, offset };
}
