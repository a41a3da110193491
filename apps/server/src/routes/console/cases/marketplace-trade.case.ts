import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { WorldRef } from '../console-world.browser.js';

/**
 * Browser cases of the marketplace trade area, run by console.browser.test.ts after the shell's sign-in (the
 * shared page is signed in as the admin operator, in zh-CN, on the overview): products, RFQs and orders, each list
 * filtered and exported and a detail opened, in both languages; and issue 6's key case: an order placed through the
 * admin and paid shows in the overview's figures. Each case leaves the page on the overview in zh-CN.
 */
type Page_<T> = { items: T[]; total: number };
type Product = {
  id: string;
  supplierId: string;
  title: string;
  unit: string;
  moq: number;
  stock: number;
  status: string;
  tiers: { minQuantity: number; unitPrice: number }[];
};
type Org = { id: string; name: string };
type Quote = { id: string; status: string; orderId: string | null };
type Rfq = { id: string; title: string; status: string; quotes: Quote[] };
type Order = { id: string; status: string; total: number; buyerId: string; transitions: { toStatus: string }[] };

/** Picks `option` in the antd Select labelled `label`, typing `search` first for searchable ones. */
async function pick(page: Page, label: string, option: string, search?: string): Promise<void> {
  const box = page.getByRole('combobox', { name: label, exact: true });
  await box.click();
  if (search !== undefined) await box.fill(search);
  const dropdown = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last();
  await dropdown.getByText(option, { exact: true }).first().click();
  await dropdown.waitFor({ state: 'hidden' });
}

/** Polls wait this long: a page's data arrives over HTTP (vitest's default of 1 s is too short here). */
const WAIT = { timeout: 15_000 };

const totalOf = async (page: Page, re: RegExp) => Number((await page.getByText(re).innerText()).replace(/\D/g, ''));

/** The CSV the export button downloads: its lines (BOM and the final empty line dropped). */
async function exportCsv(page: Page, testId: string, name: RegExp): Promise<string[]> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  expect(download.suggestedFilename()).toMatch(name);
  const csv = readFileSync(await download.path(), 'utf8');
  expect(csv.startsWith('\uFEFF')).toBe(true);
  return csv
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter((l) => l !== '');
}

/** A verified buyer and an active product with stock, and its supplier (the demo has all three). */
async function orderParties(adminApi: ReturnType<WorldRef>['adminApi']) {
  const buyer = (await adminApi<Page_<Org>>('/api/organizations?kind=buyer&certificationStatus=verified&limit=1'))
    .items[0] as Org;
  const products = await adminApi<Page_<Product>>('/api/products?status=active&limit=50');
  const product = products.items.find((p) => p.stock >= p.moq * 2 && p.tiers.length > 0) as Product;
  const supplier = await adminApi<Org>(`/api/organizations/${product.supplierId}`);
  return { buyer, product, supplier };
}

/** The overview's paid-orders and GMV figures, as numbers (GMV in fen). */
async function overviewFigures(page: Page): Promise<{ orders: number; gmv: number }> {
  await expect.poll(() => page.getByTestId('kpi-gmv').textContent(), { timeout: 30_000 }).toMatch(/¥[1-9]/);
  const gmv = (await page.getByTestId('kpi-gmv').innerText()).trim();
  expect(gmv).toMatch(/^¥[\d,]+\.\d{2}$/);
  const orders = Number((await page.getByTestId('kpi-orders').innerText()).replace(/,/g, ''));
  return { orders, gmv: Number(gmv.replace(/\D/g, '')) };
}

export function marketplaceTradeCases(w: WorldRef): void {
  describe('marketplace trade: products, RFQs and orders', () => {
    const shot = (name: string) => w().shot(name);
    const rows = (testId: string) => w().page.locator(`[data-testid="${testId}"] tbody tr.ant-table-row`);
    const home = async () => {
      const { page, url } = w();
      await w().setLocale('zh-CN');
      await page.goto(`${url}/`);
      await page.getByTestId('overview').waitFor();
    };

    it('lists products with filters in the URL, exports them, opens one with its tiers and edits its status', async () => {
      const { page, url, adminApi } = w();
      const all = await adminApi<Page_<Product>>('/api/products?limit=1');
      await page.goto(`${url}/marketplace/products`);
      await page.getByRole('heading', { name: '商品', exact: true }).waitFor();
      await rows('products').first().getByRole('link').waitFor();
      expect(await totalOf(page, /^共 \d+ 件商品$/)).toBe(all.total);

      // Filter by the supplier of the first product: the total and every row follow, and the URL holds it.
      const first = all.items[0] as Product;
      const supplier = await adminApi<Org>(`/api/organizations/${first.supplierId}`);
      const ofSupplier = await adminApi<Page_<Product>>(`/api/products?limit=200&supplierId=${supplier.id}`);
      await pick(page, '供应商', supplier.name, supplier.name);
      await page.waitForURL((u) => u.searchParams.get('supplier') === supplier.id);
      await expect.poll(() => totalOf(page, /^共 \d+ 件商品$/), WAIT).toBe(ofSupplier.total);
      await pick(page, '状态', '在售');
      await page.waitForURL((u) => u.searchParams.get('status') === 'active');
      await expect
        .poll(async () => new Set(await rows('products').locator('td:nth-child(2)').allInnerTexts()), WAIT)
        .toEqual(new Set([supplier.name]));
      const lines = await exportCsv(page, 'products-export', /^products-\d{4}-\d{2}-\d{2}\.csv$/);
      expect(lines[0]).toMatch(/^id,title,supplier_id,supplier,category_id,category,status,unit,moq,stock/);
      expect(lines.length - 1).toBe(ofSupplier.items.filter((p) => p.status === 'active').length);
      expect(lines.slice(1).every((l) => l.includes(`,${supplier.id},${supplier.name},`))).toBe(true);
      await shot('products-zh');

      // The link is the state: a reload shows the same filtered list.
      await page.reload();
      await expect.poll(() => totalOf(page, /^共 \d+ 件商品$/), WAIT).toBe(ofSupplier.total);

      // The product: tiers, MOQ, the price of a quantity, and the editor (the admin has catalog:write).
      const product = ofSupplier.items[0] as Product;
      await page.locator(`a[href="/marketplace/products/${product.id}"]`).click();
      await page.waitForURL((u) => u.pathname === `/marketplace/products/${product.id}`);
      await expect.poll(() => page.getByTestId('product-title').innerText(), WAIT).toBe(product.title);
      await expect.poll(() => rows('product-tiers').count(), WAIT).toBe(product.tiers.length);
      expect(await page.getByTestId('product-moq').innerText()).toContain(product.unit);
      await page.getByRole('button', { name: /试算价格/ }).click();
      await expect.poll(() => page.getByTestId('price-answer').innerText(), WAIT).toMatch(/^单价 ¥[\d,.]+，合计 ¥/);
      await page.getByTestId('product-editor').waitFor();
      await shot('product-zh');

      // A tier dearer than the one before is marked and cannot be saved; a status change saves in place.
      if (product.tiers.length > 1) {
        const dear = ((product.tiers[0]?.unitPrice ?? 0) + 100) / 100;
        const price2 = page.getByRole('spinbutton', { name: '第 2 档单价' });
        await price2.fill(String(dear));
        await price2.blur();
        await page.getByText('不能高于上一档的单价').waitFor();
        expect(await page.getByTestId('product-save').isDisabled()).toBe(true);
        await page.getByRole('button', { name: /重\s*置/ }).click();
      }
      await pick(page, '状态', '已下架');
      await page.getByTestId('product-save').click();
      await page.getByTestId('product-saved').waitFor();
      expect(await page.getByTestId('product-status').innerText()).toBe('已下架');
      expect((await adminApi<Product>(`/api/products/${product.id}`)).status).toBe('inactive');
      await pick(page, '状态', '在售');
      await page.getByTestId('product-save').click();
      await expect.poll(() => page.getByTestId('product-status').innerText(), WAIT).toBe('在售');
      expect((await adminApi<Product>(`/api/products/${product.id}`)).status).toBe('active');

      await w().setLocale('en');
      await page.goto(`${url}/marketplace/products?status=active`);
      await page.getByRole('heading', { name: 'Products', exact: true }).waitFor();
      await rows('products').first().getByRole('link').waitFor();
      expect(await totalOf(page, /^\d+ products$/)).toBe(all.total);
      expect(await rows('products').first().getByText('On sale').count()).toBe(1);
      await shot('products-en');
      await page.goto(`${url}/marketplace/products/${product.id}`);
      await page.getByText('Tiered prices', { exact: true }).first().waitFor();
      await expect.poll(() => rows('product-tiers').count(), WAIT).toBe(product.tiers.length);
      expect(await page.getByTestId('product-status').innerText()).toBe('On sale');
      await page.getByText('Edit MOQ, status and tiers').waitFor();
      await home();
    });

    it('lists RFQs by status, exports them, shows an awarded one with its quotes and closes an open one', async () => {
      const { page, url, adminApi } = w();
      const all = await adminApi<Page_<Rfq>>('/api/rfqs?limit=1');
      const awarded = await adminApi<Page_<Rfq>>('/api/rfqs?limit=1&status=awarded');
      await page.goto(`${url}/marketplace/rfqs`);
      await page.getByRole('heading', { name: '询盘与报价' }).waitFor();
      await rows('rfqs').first().getByRole('link').waitFor();
      expect(await totalOf(page, /^共 \d+ 条询盘$/)).toBe(all.total);
      await pick(page, '状态', '已成交');
      await page.waitForURL((u) => u.searchParams.get('status') === 'awarded');
      await expect.poll(() => totalOf(page, /^共 \d+ 条询盘$/), WAIT).toBe(awarded.total);
      expect(new Set(await rows('rfqs').locator('td:nth-child(4)').allInnerTexts())).toEqual(new Set(['已成交']));
      const lines = await exportCsv(page, 'rfqs-export', /^rfqs-\d{4}-\d{2}-\d{2}\.csv$/);
      expect(lines[0]).toBe(
        'id,title,buyer_id,buyer,category_id,category,status,quantity,unit,target_unit_price,currency,delivery_region,quote_count,deadline,created_at',
      );
      expect(lines.length - 1).toBe(awarded.total);
      expect(lines.slice(1).every((l) => l.includes(',awarded,'))).toBe(true);
      await shot('rfqs-zh');

      // An awarded RFQ: its quotes, one accepted with the order it became.
      const rfqId = (awarded.items[0] as Rfq).id;
      const detail = await adminApi<Rfq>(`/api/rfqs/${rfqId}`);
      await page.locator(`a[href="/marketplace/rfqs/${rfqId}"]`).click();
      await page.waitForURL((u) => u.pathname === `/marketplace/rfqs/${rfqId}`);
      await expect.poll(() => rows('rfq-quotes').count(), WAIT).toBe(detail.quotes.length);
      expect(await page.getByTestId('rfq-status').innerText()).toBe('已成交');
      expect(await page.getByTestId('quote-status').allInnerTexts()).toContain('已接受');
      const accepted = detail.quotes.find((q) => q.status === 'accepted');
      expect(await page.locator(`a[href="/marketplace/orders/${accepted?.orderId}"]`).count()).toBe(1);
      expect(await page.getByTestId('rfq-close').count()).toBe(0); // final: no actions
      await shot('rfq-zh');

      // An open RFQ: close it (confirmed first); the status changes in place and on the server.
      // (The demo leaves a few open; should there be none, one is opened through the API for the buyer above.)
      let open = (await adminApi<Page_<Rfq>>('/api/rfqs?limit=1&status=open')).items[0];
      if (!open) {
        const full = await adminApi<Rfq & { buyerId: string; categoryId: string }>(`/api/rfqs/${rfqId}`);
        open = await adminApi<Rfq>('/api/rfqs', {
          body: {
            buyerId: full.buyerId,
            categoryId: full.categoryId,
            title: '求购 浏览器测试询盘 10吨',
            quantity: 10,
            unit: '吨',
            deadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
            deliveryRegion: 'east',
          },
        });
      }
      await page.goto(`${url}/marketplace/rfqs/${open.id}`);
      await page.getByTestId('rfq-close').click();
      await page.getByTestId('rfq-confirm-close').click();
      await expect.poll(() => page.getByTestId('rfq-status').innerText(), WAIT).toBe('已关闭');
      expect(await page.getByTestId('rfq-close').count()).toBe(0);
      expect((await adminApi<Rfq>(`/api/rfqs/${open.id}`)).status).toBe('closed');

      await w().setLocale('en');
      await page.goto(`${url}/marketplace/rfqs?status=awarded`);
      await page.getByRole('heading', { name: 'RFQs and quotes' }).waitFor();
      await rows('rfqs').first().getByRole('link').waitFor();
      expect(await totalOf(page, /^\d+ RFQs$/)).toBe(awarded.total);
      expect(new Set(await rows('rfqs').locator('td:nth-child(4)').allInnerTexts())).toEqual(new Set(['Awarded']));
      await shot('rfqs-en');
      await page.goto(`${url}/marketplace/rfqs/${rfqId}`);
      await page.getByText('RFQ details', { exact: true }).waitFor();
      await expect.poll(() => rows('rfq-quotes').count(), WAIT).toBe(detail.quotes.length);
      expect(await page.getByTestId('quote-status').allInnerTexts()).toContain('Accepted');
      await home();
    });

    it('lists orders with status and date filters in the URL, exports them and shows a timeline', async () => {
      const { page, url, adminApi } = w();
      const all = await adminApi<Page_<Order>>('/api/orders?limit=1');
      const completed = await adminApi<Page_<Order>>('/api/orders?limit=1&status=completed');
      await page.goto(`${url}/marketplace/orders`);
      await page.getByRole('heading', { name: '订单', exact: true }).waitFor();
      await rows('orders').first().getByRole('link').waitFor();
      expect(await totalOf(page, /^共 \d+ 笔订单$/)).toBe(all.total);
      await pick(page, '状态', '已完成');
      await page.waitForURL((u) => u.searchParams.get('status') === 'completed');
      await expect.poll(() => totalOf(page, /^共 \d+ 笔订单$/), WAIT).toBe(completed.total);

      // Sorting is the server's: a click on the total's header puts the order in the URL, and the rows are the API's
      // first page in that order (largest first, then smallest first on the second click).
      const shownIds = () =>
        rows('orders')
          .locator('td:first-child a')
          .evaluateAll((links) => links.map((a) => a.getAttribute('href')?.split('/').pop()));
      const totalHeader = page.locator('[data-testid="orders"] th', { hasText: '实付金额' });
      for (const sort of ['-total', 'total']) {
        const sorted = await adminApi<Page_<Order>>(`/api/orders?limit=20&status=completed&sort=${sort}`);
        await totalHeader.click();
        await page.waitForURL((u) => u.searchParams.get('sort') === sort);
        await expect.poll(shownIds, WAIT).toEqual(sorted.items.map((o) => o.id));
      }

      // The last 30 days, as a shared link: days in Asia/Shanghai, both ends included.
      const day = (offsetDays: number) =>
        new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
      const [from, to] = [day(-29), day(0)];
      const placedFrom = new Date(`${from}T00:00:00+08:00`).toISOString();
      const placedTo = new Date(new Date(`${to}T00:00:00+08:00`).getTime() + 86_400_000).toISOString();
      const recent = await adminApi<Page_<Order>>(
        `/api/orders?limit=1&status=completed&placedFrom=${placedFrom}&placedTo=${placedTo}`,
      );
      await page.goto(`${url}/marketplace/orders?status=completed&from=${from}&to=${to}`);
      await rows('orders').first().getByRole('link').waitFor();
      await expect.poll(() => totalOf(page, /^共 \d+ 笔订单$/), WAIT).toBe(recent.total);
      expect(await page.getByPlaceholder('开始日期').inputValue()).toBe(from);
      const lines = await exportCsv(page, 'orders-export', /^orders-\d{4}-\d{2}-\d{2}\.csv$/);
      expect(lines[0]).toMatch(/^id,placed_at,status,buyer_id,buyer,supplier_id,supplier,source,currency,subtotal/);
      expect(lines.length - 1).toBe(recent.total);
      expect(lines.slice(1).every((l) => l.split(',')[2] === 'completed')).toBe(true);
      await shot('orders-zh');

      // A returned order's timeline: every transition, in order, with who made it.
      const returned = (await adminApi<Page_<Order>>('/api/orders?limit=1&status=returned')).items[0];
      if (returned) {
        const detail = await adminApi<Order>(`/api/orders/${returned.id}`);
        await page.goto(`${url}/marketplace/orders/${returned.id}`);
        await expect.poll(() => page.getByTestId('timeline-item').count(), WAIT).toBe(detail.transitions.length);
        expect(await page.getByTestId('timeline-item').last().getAttribute('data-status')).toBe('returned');
        // Members are named (from the buyer's and supplier's contacts), not shown as ids.
        await expect.poll(() => page.getByTestId('order-timeline').innerText(), WAIT).not.toMatch(/ctc_/);
        expect(await page.getByTestId('order-status').innerText()).toBe('已退货');
        expect(await page.getByTestId('order-actions').count()).toBe(0); // a returned order is final
      }

      // A stale page: the order is cancelled behind its back, so paying it is refused; the server's message shows in
      // place, and reloading the order shows where it stands (cancelled: no actions left).
      const { buyer, product } = await orderParties(adminApi);
      const stale = await adminApi<Order>('/api/orders', {
        body: { buyerId: buyer.id, items: [{ productId: product.id, quantity: product.moq }] },
      });
      await page.goto(`${url}/marketplace/orders/${stale.id}`);
      await page.getByTestId('order-action-pay').waitFor();
      await adminApi(`/api/orders/${stale.id}/cancel`, { method: 'POST', body: {} });
      await page.getByTestId('order-action-pay').click();
      await page.getByTestId('order-confirm').click();
      await page.getByTestId('order-action-error').waitFor();
      expect(await page.getByTestId('order-action-error').innerText()).toContain(
        'an order that is cancelled cannot become paid',
      );
      await page
        .getByRole('dialog')
        .getByRole('button', { name: /取\s*消/ })
        .click();
      await page.getByTestId('order-action-failed').getByRole('button', { name: '刷新订单' }).click();
      await expect.poll(() => page.getByTestId('order-status').innerText(), WAIT).toBe('已取消');
      expect(await page.getByTestId('order-actions').count()).toBe(0);

      // A link holding only the buyer's id: the list is that buyer's, and the picker names the buyer.
      const ofBuyer = await adminApi<Page_<Order>>(`/api/orders?limit=1&buyerId=${buyer.id}`);
      await page.goto(`${url}/marketplace/orders?buyer=${buyer.id}`);
      await expect.poll(() => totalOf(page, /^共 \d+ 笔订单$/), WAIT).toBe(ofBuyer.total);
      await expect.poll(() => page.getByTestId('orders-buyer').innerText(), WAIT).toContain(buyer.name);
      expect(new Set(await rows('orders').locator('td:nth-child(3)').allInnerTexts())).toEqual(new Set([buyer.name]));

      await w().setLocale('en');
      await page.goto(`${url}/marketplace/orders?status=completed`);
      await page.getByRole('heading', { name: 'Orders', exact: true }).waitFor();
      await rows('orders').first().getByRole('link').waitFor();
      expect(await totalOf(page, /^\d+ orders$/)).toBe(completed.total);
      expect(new Set(await rows('orders').locator('td:nth-child(5)').allInnerTexts())).toEqual(new Set(['Completed']));
      await shot('orders-en');
      await page.goto(`${url}/marketplace/orders/${stale.id}`);
      await page.getByText('State timeline', { exact: true }).waitFor();
      await expect.poll(() => page.getByTestId('timeline-item').count(), WAIT).toBe(2);
      expect(await page.getByTestId('timeline-item').last().innerText()).toContain('Placed → Cancelled');
      await page.goto(`${url}/marketplace/orders/new`);
      await page.getByRole('heading', { name: 'Place an order for a buyer' }).waitFor();
      await page.getByText('Pick a supplier first: an order holds one supplier’s products').waitFor();
      await home();
    });

    it('places an order through the admin, pays it, and sees it in the overview figures', async () => {
      const { page, url, adminApi } = w();
      await home();
      const before = await overviewFigures(page);
      console.log(`[marketplace-trade] overview before: ${before.orders} paid orders, GMV ${before.gmv} fen`);

      const { buyer, product, supplier } = await orderParties(adminApi);

      await page.goto(`${url}/marketplace/orders`);
      await page.getByTestId('orders-new').click();
      await page.waitForURL((u) => u.pathname === '/marketplace/orders/new');
      await page.getByRole('heading', { name: '代客下单' }).waitFor();
      await pick(page, '采购商', buyer.name, buyer.name);
      await pick(page, '供应商', supplier.name, supplier.name);
      await pick(page, '第 1 行商品', product.title, product.title);
      const quantity = page.getByRole('spinbutton', { name: '第 1 行数量' });
      expect(await quantity.inputValue()).toBe(String(product.moq)); // starts at the MOQ
      await page.getByText(`起订量 ${product.moq.toLocaleString('en')} ${product.unit}`).waitFor();
      expect(await page.getByTestId('order-line-price-0').innerText()).toMatch(/^阶梯单价 ¥[\d,.]+\//);

      // Below the MOQ: marked on the quantity before anything is sent.
      await quantity.fill(String(product.moq - 1));
      await page.getByTestId('order-new-submit').click();
      await page.getByText('数量低于起订量').waitFor();
      await quantity.fill(String(product.moq));

      // An unknown coupon: the server's refusal lands on the coupon field (its error.path).
      await page.getByLabel('优惠券').fill('NO-SUCH-COUPON');
      await page.getByTestId('order-new-note').fill('后台代客下单（浏览器测试）');
      await page.getByTestId('order-new-submit').click();
      const couponHelp = page.locator('.ant-form-item-has-error').filter({ has: page.getByLabel('优惠券') });
      await expect.poll(() => couponHelp.innerText(), { timeout: 10_000 }).toMatch(/NO-SUCH-COUPON/);
      await page.waitForTimeout(400); // the help text's entry animation
      await shot('order-new-zh');
      await page.getByLabel('优惠券').fill('');

      await page.getByTestId('order-new-submit').click();
      await page.waitForURL((u) => /^\/marketplace\/orders\/ord_/.test(u.pathname));
      const orderId = new URL(page.url()).pathname.split('/').pop() ?? '';
      await page.getByTestId('order-placed').waitFor();
      expect(await page.getByTestId('order-status').innerText()).toBe('待支付');
      const placed = await adminApi<Order>(`/api/orders/${orderId}`);
      expect(placed).toMatchObject({ status: 'placed', buyerId: buyer.id });
      expect(await page.getByTestId('order-buyer').innerText()).toBe(buyer.name);
      console.log(`[marketplace-trade] placed ${orderId}: total ${placed.total} fen`);

      // Pay it: confirmed first; the timeline shows placed → paid.
      await page.getByTestId('order-action-pay').click();
      await page.getByRole('dialog').getByText('订单将从「待支付」变为「已支付」。').waitFor();
      await page.getByTestId('order-confirm').click();
      await expect.poll(() => page.getByTestId('order-status').innerText(), WAIT).toBe('已支付');
      const timeline = page.getByTestId('timeline-item');
      await expect.poll(() => timeline.count(), WAIT).toBe(2);
      expect(await timeline.nth(0).getAttribute('data-status')).toBe('placed');
      expect(await timeline.nth(1).getAttribute('data-status')).toBe('paid');
      expect(await timeline.nth(1).innerText()).toContain('待支付 → 已支付');
      expect(await page.getByTestId('order-action-ship').count()).toBe(1); // a paid order ships next
      expect((await adminApi<Order>(`/api/orders/${orderId}`)).status).toBe('paid');
      await page.locator('.ant-modal-wrap').waitFor({ state: 'hidden' }); // the confirmation's closing animation
      await shot('order-zh');

      // The paid event travels through the outbox and the ingest pipeline into the overview's figures.
      const started = Date.now();
      await page.goto(`${url}/`);
      let after = await overviewFigures(page);
      while (
        (after.orders !== before.orders + 1 || after.gmv !== before.gmv + placed.total) &&
        Date.now() - started < 45_000
      ) {
        await page.waitForTimeout(2_000);
        await page.reload();
        after = await overviewFigures(page);
      }
      console.log(
        `[marketplace-trade] overview after ${((Date.now() - started) / 1000).toFixed(1)} s: ${after.orders} paid ` +
          `orders, GMV ${after.gmv} fen`,
      );
      expect(after.orders).toBe(before.orders + 1);
      expect(after.gmv).toBe(before.gmv + placed.total);
      await home();
    });
  });
}
