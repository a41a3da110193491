import { oltpTestTargets, snapshotTables } from '@tradeloop/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../clock.js';
import { newId } from '../../ids.js';
import { createMarketplace, type Marketplace } from '../index.js';
import { loadPricing } from './pricing.js';

const ADMIN = { kind: 'admin' } as const;
const START = '2026-07-01T00:00:00.000Z';

describe.each(oltpTestTargets())(
  'catalog service and loadPricing on $dialect',
  ({ dialect, skipReason, ...target }) => {
    if (skipReason) console.warn(`[${dialect}] ${skipReason}`);
    const clock = manualClock(START);
    let market: Marketplace;
    let supplierId: string;
    let categoryId: string;

    beforeAll(async () => {
      if (skipReason) return;
      market = createMarketplace({ store: await target.open(), clock });
      supplierId = newId('org');
      await market.deps.store.db
        .insertInto('organizations')
        .values({
          id: supplierId,
          name: '华东钢贸',
          kind: 'supplier',
          creditCode: '91310000MA1FL0000X',
          industry: 'steel',
          region: 'east',
          businessLine: 'steel',
          certificationStatus: 'verified',
          certificationNote: null,
          certifiedAt: null,
          certifiedBy: null,
          memberLevelId: null,
          createdAt: START,
          updatedAt: START,
        })
        .execute();
      categoryId = (await market.catalog.createCategory(ADMIN, { name: '钢材', parentId: null, sortOrder: 0 })).id;
    });
    afterAll(async () => market?.deps.store.close());

    const product = (moq: number) =>
      market.catalog.createProduct(ADMIN, {
        supplierId,
        categoryId,
        title: '盘螺',
        description: '',
        attributes: {},
        unit: '吨',
        moq,
        stock: 100,
        currency: 'CNY',
        status: 'active',
        tiers: [
          { minQuantity: moq, unitPrice: 1000 },
          { minQuantity: moq * 10, unitPrice: 900 },
        ],
      });

    it.skipIf(skipReason !== '')('loads tiers and only the promotions running at the instant', async () => {
      const a = await product(5);
      const b = await product(1);
      await market.promotions.create(ADMIN, {
        name: 'flash',
        kind: 'price',
        startsAt: '2026-07-02T00:00:00.000Z',
        endsAt: '2026-07-03T00:00:00.000Z',
        status: 'active',
        products: [{ productId: a.id, unitPrice: 800 }],
      });
      const before = await loadPricing(market.deps.store.db, [a.id, b.id, 'prd_nope'], START);
      expect([...before.keys()].sort()).toEqual([a.id, b.id].sort());
      expect(before.get(a.id)).toMatchObject({
        product: { moq: 5, supplierId, currency: 'CNY' },
        tiers: [
          { minQuantity: 5, unitPrice: 1000 },
          { minQuantity: 50, unitPrice: 900 },
        ],
        promotions: [],
      });
      const during = await loadPricing(market.deps.store.db, [a.id], '2026-07-02T12:00:00.000Z');
      expect(during.get(a.id)?.promotions).toEqual([
        { promotionId: expect.any(String), kind: 'price', percentOff: null, unitPrice: 800 },
      ]);
      const atEnd = await loadPricing(market.deps.store.db, [a.id], '2026-07-03T00:00:00.000Z');
      expect(atEnd.get(a.id)?.promotions).toEqual([]);
      expect((await loadPricing(market.deps.store.db, [], START)).size).toBe(0);
    });

    it.skipIf(skipReason !== '')('checks tier rules even without the HTTP schema, writing nothing', async () => {
      const before = await snapshotTables(market.deps.store);
      await expect(
        market.catalog.createProduct(ADMIN, {
          supplierId,
          categoryId,
          title: 'x',
          description: '',
          attributes: {},
          unit: '件',
          moq: 1,
          stock: 0,
          currency: 'CNY',
          status: 'draft',
          tiers: [
            { minQuantity: 1, unitPrice: 10 },
            { minQuantity: 2, unitPrice: 11 },
          ],
        }),
      ).rejects.toMatchObject({ code: 'validation_failed', path: ['tiers', 1, 'unitPrice'] });
      expect(await snapshotTables(market.deps.store)).toEqual(before);
    });
  },
);
