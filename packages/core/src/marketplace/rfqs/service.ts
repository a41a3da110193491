import { createHash } from 'node:crypto';
import type {
  CreateQuote,
  CreateRfq,
  Page,
  Quote,
  QuoteListQuery,
  Rfq,
  RfqDetail,
  RfqListQuery,
  UpdateQuote,
} from '@tradeloop/schema';
import type { Database, QuotesTable, RfqsTable } from '@tradeloop/storage';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { recordServerEvent } from '../../events/outbox.js';
import { newId } from '../../ids.js';
import {
  actorOf,
  isPlatform,
  orgColumnInScope,
  orgInScope,
  type Principal,
  requirePermission,
  restrictingScope,
} from '../access.js';
import { type Executor, inTransaction, type MarketplaceDeps, nowIso } from '../context.js';
import { MarketplaceError, notFound } from '../errors.js';
import { insertOrder } from '../orders/insert.js';
import { listPage } from '../paging.js';
import { containsText } from '../text-search.js';

type RfqRow = RfqsTable;
type QuoteRow = QuotesTable;
type RfqFilter = (eb: ExpressionBuilder<Database, 'rfqs'>) => Expression<SqlBool>;

const toQuote = (row: QuoteRow): Quote => ({
  id: row.id,
  rfqId: row.rfqId,
  supplierId: row.supplierId,
  productId: row.productId,
  unitPrice: Number(row.unitPrice),
  quantity: Number(row.quantity),
  currency: row.currency,
  leadTimeDays: Number(row.leadTimeDays),
  validUntil: row.validUntil,
  note: row.note,
  status: row.status as Quote['status'],
  orderId: row.orderId,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

const toRfq = (row: RfqRow, quoteCount: number): Rfq => ({
  id: row.id,
  buyerId: row.buyerId,
  createdBy: row.createdBy,
  categoryId: row.categoryId,
  title: row.title,
  description: row.description,
  quantity: Number(row.quantity),
  unit: row.unit,
  targetUnitPrice: row.targetUnitPrice === null ? null : Number(row.targetUnitPrice),
  currency: row.currency,
  deadline: row.deadline,
  deliveryRegion: row.deliveryRegion as Rfq['deliveryRegion'],
  status: row.status as Rfq['status'],
  quoteCount,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

const isSupplierSide = (p: Principal): boolean =>
  p.kind === 'member' && (p.organizationKind === 'supplier' || p.organizationKind === 'both');

/** Who wrote a row: the contact or operator id; null for the admin token and the system. */
const authorOf = (p: Principal): string | null => actorOf(p).actorId;

/**
 * RFQs (procurement requests, 询价单) and the quotes (报价) suppliers send in answer. Accepting a quote creates the
 * order, awards the RFQ and rejects the competing quotes in one transaction.
 *
 * Visibility: operators see RFQs of buyers inside their data scope; buyer members their own RFQs; supplier members
 * every open RFQ (the demand board) plus those they quoted on. Quotes: the buyer and operators see all quotes of a
 * visible RFQ, a supplier only its own.
 */
export class RfqsService {
  constructor(private readonly deps: MarketplaceDeps) {}

  /** RFQs the principal may see, newest first unless `sort` says otherwise (ties broken by id). */
  async list(p: Principal, query: RfqListQuery): Promise<Page<Rfq>> {
    const { db, capabilities } = this.deps.store;
    let base = db.selectFrom('rfqs');
    const visible = this.visibility(p);
    if (visible) base = base.where(visible);
    if (query.buyerId) base = base.where('rfqs.buyerId', '=', query.buyerId);
    if (query.categoryId) base = base.where('rfqs.categoryId', '=', query.categoryId);
    if (query.status) base = base.where('rfqs.status', '=', query.status);
    if (query.q) {
      const q = query.q;
      base = base.where((eb) =>
        eb.or([containsText('rfqs.title', q, capabilities), containsText('rfqs.description', q, capabilities)]),
      );
    }
    const sort = query.sort ?? '-createdAt';
    const desc = sort.startsWith('-');
    const sortField = sort.replace(/^-/, '') as 'createdAt' | 'deadline' | 'quantity' | 'title';
    return listPage(
      db,
      base,
      query,
      (q) =>
        q
          .selectAll('rfqs')
          .select((eb) => this.quoteCountExpr(eb).as('quoteCount'))
          .orderBy(`rfqs.${sortField}`, desc ? 'desc' : 'asc')
          .orderBy('rfqs.id', desc ? 'desc' : 'asc'),
      (r) => toRfq(r, Number(r.quoteCount ?? 0)),
    );
  }

  /** One RFQ with its quote count and the quotes the principal may see; 404 when out of sight. */
  async get(p: Principal, id: string): Promise<RfqDetail> {
    const db = this.deps.store.db;
    const rfq = await this.loadRfq(db, p, id);
    let quotes = db.selectFrom('quotes').selectAll().where('rfqId', '=', id);
    if (!this.seesAllQuotes(p, rfq)) quotes = quotes.where('supplierId', '=', this.ownOrg(p));
    const [rows, count] = await Promise.all([
      quotes.orderBy('createdAt').orderBy('id').execute(),
      this.quoteCount(db, id),
    ]);
    return { ...toRfq(rfq, count), quotes: rows.map(toQuote) };
  }

  /** Opens an RFQ for the principal's organisation (members) or for `buyerId` (operators with rfq:write). */
  async create(p: Principal, input: CreateRfq): Promise<Rfq> {
    const db = this.deps.store.db;
    const at = nowIso(this.deps.clock);
    const buyerId = await this.resolveBuyer(db, p, input.buyerId);
    if (input.deadline <= at) {
      throw new MarketplaceError('validation_failed', 'deadline must be in the future', {
        path: ['deadline'],
        details: { now: at },
      });
    }
    const category = await db
      .selectFrom('categories')
      .select('id')
      .where('id', '=', input.categoryId)
      .executeTakeFirst();
    if (!category) {
      throw new MarketplaceError('invalid_reference', `category ${input.categoryId} does not exist`, {
        path: ['categoryId'],
      });
    }
    const row: RfqRow = {
      id: newId('rfq'),
      buyerId,
      createdBy: authorOf(p),
      categoryId: input.categoryId,
      title: input.title,
      description: input.description,
      quantity: input.quantity,
      unit: input.unit,
      targetUnitPrice: input.targetUnitPrice ?? null,
      currency: input.currency,
      deadline: input.deadline,
      deliveryRegion: input.deliveryRegion,
      status: 'open',
      createdAt: at,
      updatedAt: at,
    };
    await inTransaction(this.deps, async (trx) => {
      await trx.insertInto('rfqs').values(row).execute();
      await recordServerEvent(trx, {
        event: 'rfq_submitted',
        organizationId: buyerId,
        actor: p,
        properties: {
          rfqId: row.id,
          categoryId: row.categoryId,
          quantity: row.quantity,
          ...(row.targetUnitPrice === null ? {} : { targetUnitPrice: row.targetUnitPrice }),
        },
        at,
      });
    });
    return toRfq(row, 0);
  }

  /** The buyer (or an operator) withdraws an open RFQ; its outstanding quotes are rejected. */
  cancel(p: Principal, id: string): Promise<Rfq> {
    return this.finish(p, id, 'cancelled');
  }

  /** The buyer (or an operator) stops quoting on an open RFQ without awarding it; outstanding quotes are rejected. */
  close(p: Principal, id: string): Promise<Rfq> {
    return this.finish(p, id, 'closed');
  }

  /** Quotes on an RFQ the principal may see: all of them for the buyer and operators, its own for a supplier. */
  async listQuotes(p: Principal, rfqId: string, query: QuoteListQuery): Promise<Page<Quote>> {
    const db = this.deps.store.db;
    const rfq = await this.loadRfq(db, p, rfqId);
    let base = db.selectFrom('quotes').where('rfqId', '=', rfqId);
    if (!this.seesAllQuotes(p, rfq)) base = base.where('supplierId', '=', this.ownOrg(p));
    if (query.status) base = base.where('status', '=', query.status);
    return listPage(db, base, query, (q) => q.selectAll().orderBy('createdAt').orderBy('id'), toQuote);
  }

  /** One quote, for its supplier, the RFQ's buyer and operators who see either; 404 otherwise. */
  async getQuote(p: Principal, id: string): Promise<Quote> {
    const { quote } = await this.loadQuote(this.deps.store.db, p, id);
    return toQuote(quote);
  }

  /**
   * A supplier answers an open RFQ before its deadline. One quote per supplier and RFQ; a withdrawn quote may be
   * submitted again (the same quote comes back with the new terms).
   */
  async submitQuote(p: Principal, rfqId: string, input: CreateQuote): Promise<Quote> {
    return inTransaction(this.deps, async (trx) => {
      const at = nowIso(this.deps.clock);
      const supplierId = await this.resolveSupplier(trx, p, input.supplierId);
      const rfq = await this.loadRfq(trx, p, rfqId, true);
      if (rfq.buyerId === supplierId) {
        throw new MarketplaceError('forbidden', 'a buyer cannot quote on its own RFQ');
      }
      this.requireQuotable(rfq, at);
      if (input.validUntil <= at) {
        throw new MarketplaceError('validation_failed', 'validUntil must be in the future', { path: ['validUntil'] });
      }
      if (input.productId) await this.requireOwnProduct(trx, supplierId, input.productId);
      const existing = await trx
        .selectFrom('quotes')
        .selectAll()
        .where('rfqId', '=', rfqId)
        .where('supplierId', '=', supplierId)
        .executeTakeFirst();
      const terms = {
        productId: input.productId ?? null,
        unitPrice: input.unitPrice,
        quantity: input.quantity,
        leadTimeDays: input.leadTimeDays,
        validUntil: input.validUntil,
        note: input.note ?? null,
        status: 'submitted',
        updatedAt: at,
      };
      if (existing) {
        if (existing.status !== 'withdrawn') {
          throw new MarketplaceError('duplicate', `supplier ${supplierId} already quoted on RFQ ${rfqId}`, {
            details: { quoteId: existing.id },
          });
        }
        await trx.updateTable('quotes').set(terms).where('id', '=', existing.id).execute();
        return toQuote({ ...existing, ...terms });
      }
      const row: QuoteRow = {
        id: newId('quo'),
        rfqId,
        supplierId,
        currency: rfq.currency,
        orderId: null,
        createdAt: at,
        ...terms,
      };
      await trx.insertInto('quotes').values(row).execute();
      await recordServerEvent(trx, {
        event: 'quote_received',
        organizationId: rfq.buyerId,
        actor: p,
        properties: { rfqId, quoteId: row.id, supplierId, unitPrice: row.unitPrice },
        at,
      });
      return toQuote(row);
    });
  }

  /** The supplier revises its submitted quote while the RFQ is open and before its deadline. */
  async updateQuote(p: Principal, id: string, input: UpdateQuote): Promise<Quote> {
    return inTransaction(this.deps, async (trx) => {
      const at = nowIso(this.deps.clock);
      const { quote, rfq } = await this.loadQuote(trx, p, id, true);
      this.requireSupplierSide(p, quote);
      this.requireSubmitted(quote);
      this.requireQuotable(rfq, at);
      if (input.validUntil !== undefined && input.validUntil <= at) {
        throw new MarketplaceError('validation_failed', 'validUntil must be in the future', { path: ['validUntil'] });
      }
      const changes: Partial<QuoteRow> = { updatedAt: at };
      if (input.unitPrice !== undefined) changes.unitPrice = input.unitPrice;
      if (input.quantity !== undefined) changes.quantity = input.quantity;
      if (input.leadTimeDays !== undefined) changes.leadTimeDays = input.leadTimeDays;
      if (input.validUntil !== undefined) changes.validUntil = input.validUntil;
      if (input.note !== undefined) changes.note = input.note;
      await this.guardedQuoteUpdate(trx, quote, changes);
      return toQuote({ ...quote, ...changes });
    });
  }

  /** The supplier takes back its submitted quote. */
  async withdrawQuote(p: Principal, id: string): Promise<Quote> {
    return inTransaction(this.deps, async (trx) => {
      const { quote } = await this.loadQuote(trx, p, id, true);
      this.requireSupplierSide(p, quote);
      this.requireSubmitted(quote);
      const changes = { status: 'withdrawn', updatedAt: nowIso(this.deps.clock) };
      await this.guardedQuoteUpdate(trx, quote, changes);
      return toQuote({ ...quote, ...changes });
    });
  }

  /** The buyer (or an operator with rfq:write) turns a submitted quote down. */
  async rejectQuote(p: Principal, id: string): Promise<Quote> {
    return inTransaction(this.deps, async (trx) => {
      const { quote, rfq } = await this.loadQuote(trx, p, id, true);
      this.requireBuyerSide(p, rfq);
      this.requireSubmitted(quote);
      const changes = { status: 'rejected', updatedAt: nowIso(this.deps.clock) };
      await this.guardedQuoteUpdate(trx, quote, changes);
      return toQuote({ ...quote, ...changes });
    });
  }

  /**
   * The buyer (or an operator with rfq:write) accepts a submitted, unexpired quote on an open RFQ. In one
   * transaction: the order is placed at the quoted price, the quote accepted, the RFQ awarded, the other submitted
   * quotes rejected and, for a quote on a catalogue product, its stock decremented.
   * With an idempotency key, a retry of the same acceptance answers with the order already created.
   *
   * @example await market.rfqs.acceptQuote(buyer, 'quo_…', { idempotencyKey: 'accept-1' }) // { quote, orderId }
   */
  async acceptQuote(
    p: Principal,
    id: string,
    options: { idempotencyKey?: string } = {},
  ): Promise<{ quote: Quote; orderId: string }> {
    return inTransaction(this.deps, async (trx) => {
      const at = nowIso(this.deps.clock);
      const { quote, rfq } = await this.loadQuote(trx, p, id, true);
      this.requireBuyerSide(p, rfq);
      const key = options.idempotencyKey;
      if (key) {
        const prior = await trx
          .selectFrom('orders')
          .select(['id', 'quoteId'])
          .where('buyerId', '=', rfq.buyerId)
          .where('idempotencyKey', '=', key)
          .executeTakeFirst();
        if (prior) {
          if (prior.quoteId === quote.id) return { quote: toQuote(quote), orderId: prior.id };
          throw new MarketplaceError('idempotency_key_reused', 'this Idempotency-Key was used for another request', {
            path: ['headers', 'idempotency-key'],
            details: { orderId: prior.id },
          });
        }
      }
      this.requireSubmitted(quote);
      if (quote.validUntil <= at) {
        throw new MarketplaceError('quote_expired', `quote ${quote.id} expired at ${quote.validUntil}`, {
          details: { validUntil: quote.validUntil },
        });
      }
      // Deadlines close quoting, not awarding: only the status matters here.
      if (rfq.status !== 'open') throw rfqClosed(rfq);

      // The RFQ row is locked (loadQuote), so a concurrent acceptance waits and then finds the quote or the RFQ
      // changed; the guarded updates are a second line of defence on engines without row locks.
      await this.guardedQuoteUpdate(trx, quote, { status: 'accepted', updatedAt: at });
      const awarded = await trx
        .updateTable('rfqs')
        .set({ status: 'awarded', updatedAt: at })
        .where('id', '=', rfq.id)
        .where('status', '=', 'open')
        .executeTakeFirst();
      if (Number(awarded.numUpdatedRows) !== 1) throw rfqClosed(rfq);

      const quantity = Number(quote.quantity);
      const unitPrice = Number(quote.unitPrice);
      if (quote.productId) {
        const taken = await trx
          .updateTable('products')
          .set((eb) => ({ stock: eb('stock', '-', quantity), updatedAt: at }))
          .where('id', '=', quote.productId)
          .where('stock', '>=', quantity)
          .executeTakeFirst();
        if (Number(taken.numUpdatedRows) !== 1) {
          const product = await trx
            .selectFrom('products')
            .select('stock')
            .where('id', '=', quote.productId)
            .executeTakeFirst();
          throw new MarketplaceError('insufficient_stock', `product ${quote.productId} has too little stock`, {
            details: {
              productId: quote.productId,
              available: product ? Number(product.stock) : 0,
              requested: quantity,
            },
          });
        }
      }

      const order = await insertOrder(
        trx,
        {
          buyerId: rfq.buyerId,
          supplierId: quote.supplierId,
          source: 'quote',
          quoteId: quote.id,
          currency: quote.currency,
          lines: [
            {
              productId: quote.productId,
              bundleId: null,
              promotionId: null,
              title: rfq.title,
              unit: rfq.unit,
              quantity,
              listUnitPrice: unitPrice,
              unitPrice,
            },
          ],
          discount: 0,
          couponId: null,
          idempotencyKey: key ?? null,
          requestHash: key ? createHash('sha256').update(`accept-quote:${quote.id}`).digest('hex') : null,
          note: null,
        },
        actorOf(p),
        at,
      );
      await trx.updateTable('quotes').set({ orderId: order.id }).where('id', '=', quote.id).execute();
      await recordServerEvent(trx, {
        event: 'order_placed',
        organizationId: rfq.buyerId,
        actor: p,
        properties: {
          orderId: order.id,
          supplierId: quote.supplierId,
          total: order.total,
          currency: quote.currency,
          itemCount: 1,
          source: 'quote',
        },
        at,
      });
      await trx
        .updateTable('quotes')
        .set({ status: 'rejected', updatedAt: at })
        .where('rfqId', '=', rfq.id)
        .where('id', '!=', quote.id)
        .where('status', '=', 'submitted')
        .execute();
      return { quote: toQuote({ ...quote, status: 'accepted', orderId: order.id, updatedAt: at }), orderId: order.id };
    });
  }

  // ---- visibility and roles ----

  /** Where-filter of the RFQs the principal may see; undefined when it sees them all. */
  private visibility(p: Principal): RfqFilter | undefined {
    if (p.kind === 'operator') {
      const scope = restrictingScope(p);
      return scope ? (eb) => orgColumnInScope(eb, 'rfqs.buyerId', scope) : undefined;
    }
    if (p.kind !== 'member') return undefined;
    const org = p.organizationId;
    if (!isSupplierSide(p)) return (eb) => eb('rfqs.buyerId', '=', org);
    return (eb) =>
      eb.or([
        eb('rfqs.buyerId', '=', org),
        eb('rfqs.status', '=', 'open'),
        eb.exists(
          eb
            .selectFrom('quotes')
            .select('quotes.id')
            .whereRef('quotes.rfqId', '=', 'rfqs.id')
            .where('quotes.supplierId', '=', org),
        ),
      ]);
  }

  /**
   * The RFQ if the principal may see it, else 404. With `lock`, its row stays locked until the transaction ends:
   * every write on an RFQ or its quotes locks the RFQ first, so writers queue in one order and never deadlock.
   */
  private async loadRfq(db: Executor, p: Principal, id: string, lock = false): Promise<RfqRow> {
    let qb = db.selectFrom('rfqs').selectAll('rfqs').where('rfqs.id', '=', id);
    const visible = this.visibility(p);
    if (visible) qb = qb.where(visible);
    if (lock && this.deps.store.capabilities.rowLocks) qb = qb.forUpdate();
    const row = await qb.executeTakeFirst();
    if (!row) throw notFound('RFQ', id);
    return row;
  }

  /**
   * A quote and its RFQ, if the principal may see the quote: its supplier, the buyer, operators seeing either.
   * With `lock`, the RFQ row is locked before the quote is read (see loadRfq), so what is read is current.
   */
  private async loadQuote(
    db: Executor,
    p: Principal,
    id: string,
    lock = false,
  ): Promise<{ quote: QuoteRow; rfq: RfqRow }> {
    const ref = await db.selectFrom('quotes').select('rfqId').where('id', '=', id).executeTakeFirst();
    if (!ref) throw notFound('quote', id);
    let rfqQuery = db.selectFrom('rfqs').selectAll().where('id', '=', ref.rfqId);
    if (lock && this.deps.store.capabilities.rowLocks) rfqQuery = rfqQuery.forUpdate();
    const rfq = await rfqQuery.executeTakeFirstOrThrow();
    const quote = await db.selectFrom('quotes').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    let visible = true;
    if (p.kind === 'member') {
      visible = quote.supplierId === p.organizationId || rfq.buyerId === p.organizationId;
    } else if (p.kind === 'operator') {
      const scope = restrictingScope(p);
      if (scope) {
        const orgs = await db
          .selectFrom('organizations')
          .select(['region', 'businessLine'])
          .where('id', 'in', [quote.supplierId, rfq.buyerId])
          .execute();
        visible = orgs.some((o) => orgInScope(scope, o));
      }
    }
    if (!visible) throw notFound('quote', id);
    return { quote, rfq };
  }

  /** Buyers and the platform see every quote of an RFQ; a supplier sees its own. */
  private seesAllQuotes(p: Principal, rfq: RfqRow): boolean {
    return isPlatform(p) || p.organizationId === rfq.buyerId;
  }

  private ownOrg(p: Principal): string {
    return p.kind === 'member' ? p.organizationId : '';
  }

  /** Buyer-side actions (cancel, close, reject, accept): the buyer's members or operators with rfq:write. */
  private requireBuyerSide(p: Principal, rfq: RfqRow): void {
    if (p.kind === 'member') {
      if (p.organizationId === rfq.buyerId) return;
      throw new MarketplaceError('forbidden', 'only the buyer may decide on its RFQ and the quotes on it');
    }
    requirePermission(p, 'rfq:write');
  }

  /** Supplier-side actions on a quote (revise, withdraw): the supplier's members or operators with rfq:write. */
  private requireSupplierSide(p: Principal, quote: QuoteRow): void {
    if (p.kind === 'member') {
      if (p.organizationId === quote.supplierId) return;
      throw new MarketplaceError('forbidden', 'only the supplier may change its quote');
    }
    requirePermission(p, 'rfq:write');
  }

  private requireSubmitted(quote: QuoteRow): void {
    if (quote.status !== 'submitted') {
      throw new MarketplaceError('illegal_transition', `quote ${quote.id} is ${quote.status}, not submitted`, {
        details: { status: quote.status },
      });
    }
  }

  /** Quoting needs an open RFQ before its deadline. */
  private requireQuotable(rfq: RfqRow, at: string): void {
    if (rfq.status !== 'open') throw rfqClosed(rfq);
    if (rfq.deadline <= at) {
      throw new MarketplaceError('rfq_closed', `RFQ ${rfq.id} stopped taking quotes at ${rfq.deadline}`, {
        details: { status: rfq.status, deadline: rfq.deadline },
      });
    }
  }

  /** Updates a quote only if it is still submitted, so a concurrent change cannot be overwritten. */
  private async guardedQuoteUpdate(trx: Executor, quote: QuoteRow, changes: Partial<QuoteRow>): Promise<void> {
    const res = await trx
      .updateTable('quotes')
      .set(changes)
      .where('id', '=', quote.id)
      .where('status', '=', 'submitted')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) {
      throw new MarketplaceError('illegal_transition', `quote ${quote.id} is no longer submitted`);
    }
  }

  private async finish(p: Principal, id: string, status: 'cancelled' | 'closed'): Promise<Rfq> {
    return inTransaction(this.deps, async (trx) => {
      const at = nowIso(this.deps.clock);
      const rfq = await this.loadRfq(trx, p, id, true);
      this.requireBuyerSide(p, rfq);
      const res = await trx
        .updateTable('rfqs')
        .set({ status, updatedAt: at })
        .where('id', '=', id)
        .where('status', '=', 'open')
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) {
        throw new MarketplaceError('illegal_transition', `RFQ ${id} is ${rfq.status}, not open`, {
          details: { status: rfq.status },
        });
      }
      // Nothing can be awarded any more: outstanding quotes get a final answer rather than waiting forever.
      await trx
        .updateTable('quotes')
        .set({ status: 'rejected', updatedAt: at })
        .where('rfqId', '=', id)
        .where('status', '=', 'submitted')
        .execute();
      return toRfq({ ...rfq, status, updatedAt: at }, await this.quoteCount(trx, id));
    });
  }

  private quoteCountExpr(eb: ExpressionBuilder<Database, 'rfqs'>) {
    return eb
      .selectFrom('quotes')
      .select((q) => q.fn.countAll<number>().as('n'))
      .whereRef('quotes.rfqId', '=', 'rfqs.id')
      .where('quotes.status', '!=', 'withdrawn');
  }

  private async quoteCount(db: Executor, rfqId: string): Promise<number> {
    const row = await db
      .selectFrom('quotes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('rfqId', '=', rfqId)
      .where('status', '!=', 'withdrawn')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The buyer organisation of a new RFQ: the member's own, or the operator's choice (which must be a buyer). */
  private async resolveBuyer(db: Executor, p: Principal, buyerId: string | undefined): Promise<string> {
    if (p.kind === 'member') {
      if (buyerId !== undefined && buyerId !== p.organizationId) {
        throw new MarketplaceError('forbidden', 'members may open RFQs only for their own organisation', {
          path: ['buyerId'],
        });
      }
      if (p.organizationKind === 'supplier') {
        throw new MarketplaceError('forbidden', 'only buyer organisations open RFQs');
      }
      return p.organizationId;
    }
    requirePermission(p, 'rfq:write');
    if (buyerId === undefined) {
      throw new MarketplaceError('validation_failed', 'buyerId is required when an operator opens an RFQ', {
        path: ['buyerId'],
      });
    }
    await this.requireOrg(db, p, buyerId, 'buyer', ['buyerId']);
    return buyerId;
  }

  /** The supplier of a new quote: the member's own organisation, or the operator's choice (a supplier). */
  private async resolveSupplier(db: Executor, p: Principal, supplierId: string | undefined): Promise<string> {
    if (p.kind === 'member') {
      if (supplierId !== undefined && supplierId !== p.organizationId) {
        throw new MarketplaceError('forbidden', 'members may quote only for their own organisation', {
          path: ['supplierId'],
        });
      }
      if (!isSupplierSide(p)) throw new MarketplaceError('forbidden', 'only supplier organisations quote');
      return p.organizationId;
    }
    requirePermission(p, 'rfq:write');
    if (supplierId === undefined) {
      throw new MarketplaceError('validation_failed', 'supplierId is required when an operator submits a quote', {
        path: ['supplierId'],
      });
    }
    await this.requireOrg(db, p, supplierId, 'supplier', ['supplierId']);
    return supplierId;
  }

  /** An organisation of the given side that the (platform) principal may see, else invalid_reference. */
  private async requireOrg(
    db: Executor,
    p: Principal,
    id: string,
    side: 'buyer' | 'supplier',
    path: string[],
  ): Promise<void> {
    const org = await db
      .selectFrom('organizations')
      .select(['kind', 'region', 'businessLine'])
      .where('id', '=', id)
      .executeTakeFirst();
    const scope = restrictingScope(p);
    if (!org || (scope && !orgInScope(scope, org))) {
      throw new MarketplaceError('invalid_reference', `organisation ${id} does not exist`, { path });
    }
    if (org.kind !== side && org.kind !== 'both') {
      throw new MarketplaceError('invalid_reference', `organisation ${id} is not a ${side}`, {
        path,
        details: { kind: org.kind },
      });
    }
  }

  private async requireOwnProduct(db: Executor, supplierId: string, productId: string): Promise<void> {
    const product = await db.selectFrom('products').select('supplierId').where('id', '=', productId).executeTakeFirst();
    if (!product || product.supplierId !== supplierId) {
      throw new MarketplaceError('invalid_reference', `product ${productId} is not one of the supplier's products`, {
        path: ['productId'],
      });
    }
  }
}

const rfqClosed = (rfq: RfqRow): MarketplaceError =>
  new MarketplaceError('rfq_closed', `RFQ ${rfq.id} is ${rfq.status}`, { details: { status: rfq.status } });
