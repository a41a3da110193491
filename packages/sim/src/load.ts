import {
  ChannelSpendService,
  createMarketplace,
  type IngestContext,
  type Marketplace,
  manualClock,
  type NormalizedBatch,
  normalizeSegmentBatch,
  type Principal,
} from '@tradeloop/core';
import {
  CategoryCreate,
  CouponCreate,
  CreateContact,
  CreateOrganization,
  CreateQuote,
  CreateReview,
  CreateRfq,
  type IngestRejection,
  PlaceOrder,
  ProductCreate,
} from '@tradeloop/schema';
import type { EventStore, OltpStore } from '@tradeloop/storage';
import type { Simulation } from './generate.js';
import type { MarketOp, SegmentOut, SimItem } from './items.js';
import { channelSpend } from './spend.js';
import type { SimOrganization } from './world.js';

/**
 * Where a generation is loaded: the operational store (marketplace services run over it), the event store, and the
 * platform's ingestion path (the IngestPipeline: same normaliser, same validation, same fsync'd WAL as
 * `POST /v1/batch`) with the outbox relay that carries the marketplace's own server-side events into it.
 */
export type LoadTarget = {
  store: OltpStore;
  events: EventStore;
  ingest: { ingest(batch: NormalizedBatch): Promise<unknown>; drain(): Promise<void> };
  relay: { drain(): Promise<number> };
};

/**
 * `services`: every entity and every marketplace operation (orders and their transitions, RFQs, quotes, reviews)
 * goes through the marketplace services, which emit their own server-side events; tracked messages go through the
 * ingestion pipeline. `bulk`: entities through the services, no operations; all messages (the server-side ones
 * included, as generated) through the same normaliser and then straight into the event store's `append` in large
 * batches — identity messages (identify/group) still go through the pipeline so that persons are stitched.
 */
export type LoadMode = 'services' | 'bulk';

/** `fraction`: how far through the simulated period the load is (0..1). */
export type LoadProgress = { items: number; messages: number; fraction: number; phase: 'loading' | 'draining' };

export type LoadOptions = {
  mode?: LoadMode;
  /** Messages per normalised batch (default 500 in services mode, 20 000 in bulk mode). */
  batchSize?: number;
  onProgress?: (progress: LoadProgress) => void;
  /** Called after each bulk append with the number of events and the milliseconds the store took. */
  onAppend?: (events: number, ms: number) => void;
};

export type LoadReport = {
  mode: LoadMode;
  categories: number;
  organizations: number;
  contacts: number;
  products: number;
  coupons: number;
  /** Channel spend rows (channel × day) written. */
  spendRows: number;
  operations: number;
  /** Operations the services refused (with the first reasons): the rest of the load goes on. */
  failedOperations: number;
  failures: string[];
  messages: number;
  /** Messages the normaliser rejected (with the first reasons). */
  rejected: number;
  rejections: IngestRejection[];
  /** Time spent in the event store's append (bulk mode). */
  appendMs: number;
  appendedEvents: number;
  /** Time spent creating entities and running operations through the marketplace services. */
  servicesMs: number;
  /** Time spent in the ingestion normaliser (validation → TrackedEvent). */
  normalizeMs: number;
  /** Time spent handing batches to the ingestion pipeline (WAL fsync; identity messages in bulk mode). */
  pipelineMs: number;
};

const SYSTEM: Principal = { kind: 'system' };
/** Property keys that hold simulator ids of loaded entities. */
const ID_PROPERTIES = ['productId', 'supplierId', 'categoryId', 'orderId', 'rfqId', 'quoteId', 'couponId', 'listId'];

/**
 * Loads a simulation into a platform. Service calls run on a clock that follows simulated time, so created/placed/
 * paid times are historical; ids are assigned by the platform and the simulator's ids are mapped on the way in.
 *
 * @example
 * const report = await loadSimulation(simulate({ scale: 'small' }), { store, events, ingest, relay });
 */
export async function loadSimulation(
  sim: Simulation,
  target: LoadTarget,
  options: LoadOptions = {},
): Promise<LoadReport> {
  const mode = options.mode ?? (sim.options.scale === 'small' ? 'services' : 'bulk');
  const clock = manualClock(new Date(sim.startMs));
  const market = createMarketplace({ store: target.store, clock });
  const source = await market.sources.ensureDefault();
  const batchSize = options.batchSize ?? (mode === 'bulk' ? 20_000 : 500);
  const loader = new Loader(market, target, mode, source.id, batchSize, options);
  let items = 0;
  let now = sim.startMs;
  for (const item of sim.items()) {
    if (item.at > now) {
      now = item.at;
      clock.set(new Date(now));
    }
    await loader.item(item);
    if (++items % 5_000 === 0) {
      await loader.flush(false);
      const fraction = (now - sim.startMs) / (sim.endMs - sim.startMs);
      options.onProgress?.({ items, messages: loader.report.messages, fraction, phase: 'loading' });
    }
  }
  await loader.flush(true);
  // The cost side of the channel quadrant, through the same service as `POST /api/channel-spend/import`.
  const spend = channelSpend(sim);
  await new ChannelSpendService(market.deps).put(SYSTEM, spend);
  loader.report.spendRows = spend.length;
  options.onProgress?.({ items, messages: loader.report.messages, fraction: 1, phase: 'draining' });
  await target.relay.drain();
  await target.ingest.drain();
  return loader.report;
}

class Loader {
  readonly report: LoadReport;
  private readonly ids = new Map<string, string>();
  private readonly orgKind = new Map<string, SimOrganization['kind']>();
  private pending: SegmentOut[] = [];
  private identityPending: SegmentOut[] = [];
  private opsSinceRelay = 0;

  constructor(
    private readonly market: Marketplace,
    private readonly target: LoadTarget,
    private readonly mode: LoadMode,
    private readonly sourceId: string,
    private readonly batchSize: number,
    private readonly options: LoadOptions,
  ) {
    this.report = {
      mode,
      categories: 0,
      organizations: 0,
      contacts: 0,
      products: 0,
      coupons: 0,
      spendRows: 0,
      operations: 0,
      failedOperations: 0,
      failures: [],
      messages: 0,
      rejected: 0,
      rejections: [],
      appendMs: 0,
      appendedEvents: 0,
      servicesMs: 0,
      normalizeMs: 0,
      pipelineMs: 0,
    };
  }

  private id(simId: string): string {
    const real = this.ids.get(simId);
    if (real === undefined) throw new Error(`${simId} was not loaded`);
    return real;
  }

  async item(item: SimItem): Promise<void> {
    if (item.kind === 'message') return this.messageItem(item);
    const started = performance.now();
    try {
      await this.entityOrOperation(item);
    } finally {
      this.report.servicesMs += performance.now() - started;
    }
  }

  private async messageItem(item: Extract<SimItem, { kind: 'message' }>): Promise<void> {
    if (item.server && this.mode === 'services') return;
    const msg = this.remap(item.message);
    this.report.messages++;
    if (this.mode === 'bulk' && (msg.type === 'identify' || msg.type === 'group')) this.identityPending.push(msg);
    else this.pending.push(msg);
    if (this.pending.length >= this.batchSize) await this.flush(false);
  }

  private async entityOrOperation(item: Exclude<SimItem, { kind: 'message' }>): Promise<void> {
    const m = this.market;
    switch (item.kind) {
      case 'category': {
        const c = item.category;
        const created = await m.catalog.createCategory(
          SYSTEM,
          CategoryCreate.parse({
            parentId: c.parentId === null ? null : this.id(c.parentId),
            name: c.name,
            sortOrder: c.sortOrder,
          }),
        );
        this.ids.set(c.id, created.id);
        this.report.categories++;
        return;
      }
      case 'organization': {
        const o = item.organization;
        const created = await m.organizations.create(
          SYSTEM,
          CreateOrganization.parse({
            kind: o.kind,
            name: o.name,
            creditCode: o.creditCode,
            industry: o.industry,
            region: o.region,
            businessLine: o.businessLine,
          }),
        );
        this.ids.set(o.id, created.id);
        this.orgKind.set(created.id, o.kind);
        if (o.certification === 'verified') {
          await m.organizations.reviewCertification(SYSTEM, created.id, { decision: 'verified' });
        }
        for (const c of o.contacts) {
          const contact = await m.organizations.createContact(
            SYSTEM,
            created.id,
            CreateContact.parse({ name: c.name, phone: c.phone, email: c.email, role: c.role }),
          );
          this.ids.set(c.id, contact.id);
          this.report.contacts++;
        }
        this.report.organizations++;
        return;
      }
      case 'product': {
        const p = item.product;
        const created = await m.catalog.createProduct(
          SYSTEM,
          ProductCreate.parse({
            supplierId: this.id(p.supplierId),
            categoryId: this.id(p.categoryId),
            title: p.title,
            description: p.description,
            attributes: p.attributes,
            unit: p.unit,
            moq: p.moq,
            stock: p.stock,
            currency: p.currency,
            status: p.status,
            tiers: p.tiers,
          }),
        );
        this.ids.set(p.id, created.id);
        this.report.products++;
        return;
      }
      case 'coupon': {
        const c = item.coupon;
        const created = await m.coupons.create(
          SYSTEM,
          CouponCreate.parse({
            code: c.code,
            name: c.name,
            kind: c.kind,
            amountOff: c.amountOff,
            threshold: c.threshold,
            currency: c.currency,
            supplierId: c.supplierId === null ? null : this.id(c.supplierId),
            validFrom: c.validFrom,
            validUntil: c.validUntil,
            perOrgLimit: c.perOrgLimit,
          }),
        );
        this.ids.set(c.id, created.id);
        this.report.coupons++;
        return;
      }
      case 'op': {
        if (this.mode === 'bulk') return;
        this.report.operations++;
        try {
          await this.operation(item.op);
        } catch (err) {
          this.report.failedOperations++;
          if (this.report.failures.length < 20) {
            this.report.failures.push(`${item.op.op}: ${err instanceof Error ? err.message : String(err)}`);
          }
        }
        if (++this.opsSinceRelay >= 1_000) {
          this.opsSinceRelay = 0;
          await this.target.relay.drain();
        }
        return;
      }
    }
  }

  private member(contactSimId: string, orgSimId: string): Principal {
    const organizationId = this.id(orgSimId);
    return {
      kind: 'member',
      contactId: this.id(contactSimId),
      organizationId,
      organizationKind: this.orgKind.get(organizationId) ?? 'buyer',
    };
  }

  private async operation(op: MarketOp): Promise<void> {
    const m = this.market;
    switch (op.op) {
      case 'place-order': {
        const placed = await m.orders.place(
          this.member(op.contactId, op.buyerId),
          PlaceOrder.parse({
            items: op.items.map((i) => ({ productId: this.id(i.productId), quantity: i.quantity })),
            ...(op.couponCode ? { couponCode: op.couponCode } : {}),
          }),
        );
        this.ids.set(op.orderId, placed.order.id);
        return;
      }
      case 'transition': {
        const p = op.by === 'platform' || op.contactId === null ? SYSTEM : this.member(op.contactId, op.organizationId);
        await m.orders.transition(p, this.id(op.orderId), op.action, op.reason);
        return;
      }
      case 'create-rfq': {
        const rfq = await m.rfqs.create(
          this.member(op.contactId, op.buyerId),
          CreateRfq.parse({
            categoryId: this.id(op.categoryId),
            title: op.title,
            quantity: op.quantity,
            unit: op.unit,
            targetUnitPrice: op.targetUnitPrice,
            currency: 'CNY',
            deadline: op.deadline,
            deliveryRegion: op.deliveryRegion,
          }),
        );
        this.ids.set(op.rfqId, rfq.id);
        return;
      }
      case 'submit-quote': {
        const quote = await m.rfqs.submitQuote(
          this.member(op.contactId, op.supplierId),
          this.id(op.rfqId),
          CreateQuote.parse({
            unitPrice: op.unitPrice,
            quantity: op.quantity,
            leadTimeDays: op.leadTimeDays,
            validUntil: op.validUntil,
            ...(op.productId ? { productId: this.id(op.productId) } : {}),
          }),
        );
        this.ids.set(op.quoteId, quote.id);
        return;
      }
      case 'accept-quote': {
        const accepted = await m.rfqs.acceptQuote(this.member(op.contactId, op.buyerId), this.id(op.quoteId));
        this.ids.set(op.orderId, accepted.orderId);
        return;
      }
      case 'close-rfq':
        await m.rfqs.close(this.member(op.contactId, op.buyerId), this.id(op.rfqId));
        return;
      case 'review':
        await m.reviews.create(
          this.member(op.contactId, op.buyerId),
          this.id(op.orderId),
          CreateReview.parse({
            ratingDescription: op.ratingDescription,
            ratingShipping: op.ratingShipping,
            ratingResponse: op.ratingResponse,
            text: op.text,
          }),
        );
        return;
    }
  }

  /** The message with simulator ids replaced by platform ids (copied where changed; the original is not touched). */
  private remap(m: SegmentOut): SegmentOut {
    const ids = this.ids;
    const out: SegmentOut = { ...m };
    if (m.userId !== undefined) {
      out.userId = m.userId.startsWith('org:')
        ? `org:${ids.get(m.userId.slice(4)) ?? m.userId.slice(4)}`
        : (ids.get(m.userId) ?? m.userId);
    }
    if (m.groupId !== undefined) out.groupId = ids.get(m.groupId) ?? m.groupId;
    const groupId = m.context.groupId;
    if (typeof groupId === 'string') out.context = { ...m.context, groupId: ids.get(groupId) ?? groupId };
    const props = m.properties;
    if (props) {
      let copy: Record<string, unknown> | undefined;
      for (const key of ID_PROPERTIES) {
        const v = props[key];
        if (typeof v !== 'string') continue;
        const real = ids.get(v);
        if (real === undefined) continue;
        copy ??= { ...props };
        copy[key] = real;
      }
      if (copy) out.properties = copy;
    }
    return out;
  }

  private context(): IngestContext {
    const receivedMs = Date.now();
    return {
      sourceId: this.sourceId,
      receivedMs,
      receivedAt: new Date(receivedMs).toISOString(),
      ip: null,
      userAgent: null,
    };
  }

  private normalize(messages: SegmentOut[]): NormalizedBatch {
    const started = performance.now();
    const batch = normalizeSegmentBatch({ batch: messages }, this.context());
    this.report.normalizeMs += performance.now() - started;
    this.report.rejected += batch.rejected.length;
    for (const r of batch.rejected) if (this.report.rejections.length < 20) this.report.rejections.push(r);
    return batch;
  }

  private async timedIngest(batch: NormalizedBatch): Promise<void> {
    const started = performance.now();
    await this.target.ingest.ingest(batch);
    this.report.pipelineMs += performance.now() - started;
  }

  /** Sends what is pending: through the pipeline, or (bulk) straight to the store with identity via the pipeline. */
  async flush(final: boolean): Promise<void> {
    if (this.identityPending.length > 0 && (final || this.identityPending.length >= 500 || this.pending.length > 0)) {
      const batch = this.normalize(this.identityPending);
      this.identityPending = [];
      await this.timedIngest(batch);
    }
    if (this.pending.length === 0) return;
    const messages = this.pending;
    this.pending = [];
    if (this.mode === 'services') {
      await this.timedIngest(this.normalize(messages));
      return;
    }
    const batch = this.normalize(messages);
    const started = performance.now();
    await this.target.events.append(batch.events);
    const ms = performance.now() - started;
    this.report.appendMs += ms;
    this.report.appendedEvents += batch.events.length;
    this.options.onAppend?.(batch.events.length, ms);
  }
}
