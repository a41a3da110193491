import type { Order, OrderDetail, OrderItem, OrderTransition } from '@tradeloop/schema';
import type { OrdersTable } from '@tradeloop/storage';
import type { Selectable } from 'kysely';
import type { Executor } from '../context.js';

/** Reads of orders and their lines and timeline, mapped to the API shapes. */

export type OrderRow = Selectable<OrdersTable>;

export function toOrder(row: OrderRow): Order {
  const { requestHash: _hash, ...rest } = row;
  return {
    ...rest,
    status: row.status as Order['status'],
    source: row.source as Order['source'],
  };
}

export async function findOrder(db: Executor, id: string, forUpdate = false): Promise<OrderRow | undefined> {
  let q = db.selectFrom('orders').selectAll().where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function findByIdempotencyKey(db: Executor, buyerId: string, key: string): Promise<OrderRow | undefined> {
  return db
    .selectFrom('orders')
    .selectAll()
    .where('buyerId', '=', buyerId)
    .where('idempotencyKey', '=', key)
    .executeTakeFirst();
}

export async function orderDetail(db: Executor, row: OrderRow): Promise<OrderDetail> {
  const items = await db
    .selectFrom('orderItems')
    .select([
      'id',
      'lineNo',
      'productId',
      'bundleId',
      'promotionId',
      'title',
      'unit',
      'quantity',
      'listUnitPrice',
      'unitPrice',
      'lineTotal',
    ])
    .where('orderId', '=', row.id)
    .orderBy('lineNo')
    .execute();
  const transitions = await db
    .selectFrom('orderTransitions')
    .select(['id', 'fromStatus', 'toStatus', 'actorKind', 'actorId', 'reason', 'at'])
    .where('orderId', '=', row.id)
    // ids are time-ordered within a process, so they break ties between transitions in the same millisecond
    .orderBy('at')
    .orderBy('id')
    .execute();
  return {
    ...toOrder(row),
    items: items satisfies OrderItem[],
    transitions: transitions.map((t) => ({
      ...t,
      fromStatus: t.fromStatus as OrderTransition['fromStatus'],
      toStatus: t.toStatus as OrderTransition['toStatus'],
      actorKind: t.actorKind as OrderTransition['actorKind'],
    })),
  };
}
