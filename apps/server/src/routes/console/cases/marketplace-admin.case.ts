import { readFileSync } from 'node:fs';
import type { Download, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { WorldRef } from '../console-world.browser.js';

/**
 * Browser cases of the marketplace admin area, run by console.browser.test.ts after the shell's sign-in (the
 * shared page is signed in as the admin operator, in zh-CN, on the overview). Each case leaves the page on the
 * overview in zh-CN. What the pages show is checked against the same data read through the admin API.
 */

type Page_<T> = { items: T[]; total: number };
type Org = { id: string; name: string; region: string; kind: string };
type Contact = { id: string; organizationId: string; name: string; phone: string | null; email: string | null };
type Review = { ratingDescription: number; ratingShipping: number; ratingResponse: number };
type Dsr = { reviewCount: number; description: number | null };
type Coupon = { id: string; code: string; amountOff: number | null; threshold: number; status: string };
type Source = { id: string; name: string; writeKey: string };

const csvLines = (d: Download) =>
  d.path().then((p) =>
    readFileSync(p, 'utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter((l) => l !== ''),
  );

async function download(page: Page, button: Locator): Promise<Download> {
  const [d] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return d;
}

async function readyMs(page: Page, name: string): Promise<number | null> {
  return page.evaluate((n) => {
    const r = performance.getEntriesByName(`tl:render:${n}`).at(-1);
    const d = performance.getEntriesByName(`tl:ready:${n}`).at(-1);
    return r && d ? Math.round(d.startTime - r.startTime) : null;
  }, name);
}

/** Picks `option` in the antd Select labelled `label` within `scope` (the dropdown is portalled to the body). */
async function choose(page: Page, label: string, option: string, scope: Page | Locator = page): Promise<void> {
  await scope.getByRole('combobox', { name: label }).click();
  await page.locator('.ant-select-dropdown:visible').getByText(option, { exact: true }).click();
}

/** Types a day into an antd DatePicker (its input has the field's id) and confirms it. */
async function pickDay(scope: Locator, id: string, day: string): Promise<void> {
  const input = scope.locator(`#${id}`);
  await input.click();
  await input.fill(day);
  await input.press('Enter');
}

const day = (offsetDays: number) =>
  new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

export function marketplaceAdminCases(w: WorldRef): void {
  describe('marketplace admin: contacts, reviews, marketing, members, operators, sources', () => {
    it('contacts: the server-paged list with search, organisation and role filters, sorting, a phone look-up and an export, in both languages', async () => {
      const { page, url, adminApi } = w();
      const wait = { timeout: 15_000 };
      const firstPage = await adminApi<Page_<Contact>>('/api/contacts?limit=20');
      expect(firstPage.total).toBeGreaterThan(20);
      const first = firstPage.items[0] as Contact;
      const org = await adminApi<Org>(`/api/organizations/${first.organizationId}`);
      const ids = (p: Page_<Contact>) => p.items.map((c) => c.id);

      await page.getByRole('menuitem', { name: '联系人' }).click();
      await page.waitForURL((u) => u.pathname === '/marketplace/contacts');
      const table = page.getByTestId('contacts');
      // antd marks each row with its key (the contact's id): the rows shown, in order.
      const shownIds = () =>
        table.locator('tbody tr.ant-table-row').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-row-key')));
      // Every contact the admin may see, oldest first, as the API pages them; each row links to its organisation.
      await expect.poll(shownIds, wait).toEqual(ids(firstPage));
      console.log(`[marketplace-admin] contacts: data shown ${await readyMs(page, 'contacts')} ms after render`);
      await page.getByText(`共 ${firstPage.total} 位联系人`, { exact: true }).waitFor();
      await expect
        .poll(() => table.locator(`a[href="/marketplace/organizations/${org.id}"]`).first().innerText(), wait)
        .toBe(org.name);
      await w().shot('contacts-zh');

      // Sorting is the server's: a click on the name's header puts the order in the URL and shows the API's page.
      const byName = await adminApi<Page_<Contact>>('/api/contacts?limit=20&sort=name');
      await table.locator('th', { hasText: '姓名' }).click();
      await page.waitForURL((u) => u.searchParams.get('sort') === 'name');
      await expect.poll(shownIds, wait).toEqual(ids(byName));

      // The role filter is the server's too (the whole list, not this page), and keeps the order.
      const sales = await adminApi<Page_<Contact>>('/api/contacts?limit=20&role=sales&sort=name');
      await choose(page, '角色', '销售');
      await page.waitForURL((u) => u.searchParams.get('role') === 'sales' && u.searchParams.get('sort') === 'name');
      await expect.poll(shownIds, wait).toEqual(ids(sales));
      await page.getByText(`共 ${sales.total} 位联系人`, { exact: true }).waitFor();

      // Part of a name: GET /api/contacts?q=.
      await page.goto(`${url}/marketplace/contacts`);
      const byText = await adminApi<Page_<Contact>>(`/api/contacts?limit=20&q=${encodeURIComponent(first.name)}`);
      const search = page.getByLabel('手机号、姓名或邮箱');
      await search.fill(first.name);
      await search.press('Enter');
      await page.waitForURL((u) => u.searchParams.get('q') === first.name);
      await expect.poll(shownIds, wait).toEqual(ids(byText));
      expect(ids(byText)).toContain(first.id);

      // A whole phone number is an exact look-up (GET /api/contacts?phone=), in the URL, exported as shown.
      const withPhone = firstPage.items.find((c) => c.phone) as Contact;
      const phone = withPhone.phone ?? '';
      const byPhone = await adminApi<Page_<Contact>>(`/api/contacts?phone=${encodeURIComponent(phone)}`);
      await search.fill(phone);
      await search.press('Enter');
      await page.waitForURL((u) => u.searchParams.get('q') === phone);
      await expect.poll(shownIds, wait).toEqual(ids(byPhone));
      expect(await page.getByTestId('contacts-mode').innerText()).toContain(`按手机号 ${phone} 精确查找`);
      const csv = await csvLines(await download(page, page.getByTestId('contacts-export')));
      expect(csv[0]).toBe('姓名,角色,电话,邮箱,所属企业,添加时间');
      expect(csv).toHaveLength(1 + byPhone.total);
      expect(csv[1]).toContain(withPhone.name);

      // The link opens the organisation.
      const phoneOrg = await adminApi<Org>(`/api/organizations/${withPhone.organizationId}`);
      await table.locator(`a[href="/marketplace/organizations/${phoneOrg.id}"]`).first().click();
      await page.waitForURL((u) => u.pathname === `/marketplace/organizations/${phoneOrg.id}`);

      // One organisation's contacts, in English.
      const ofOrg = await adminApi<Page_<Contact>>(`/api/contacts?organizationId=${org.id}`);
      await page.goto(`${url}/marketplace/contacts?org=${org.id}`);
      await w().setLocale('en');
      await page.getByRole('heading', { name: 'Contacts' }).waitFor();
      await expect.poll(shownIds, wait).toEqual(ids(ofOrg));
      await page.getByText(`${ofOrg.total} contacts`, { exact: true }).waitFor();
      expect(await page.getByTestId('contacts-mode').innerText()).toMatch(/^Every contact you may see/);
      expect(await table.locator('thead').innerText()).toContain('Added');
      await w().shot('contacts-en');
      await w().setLocale('zh-CN');
      await page.goto(`${url}/`);
    });

    it('reviews: the list matches the API, a rating band and the supplier DSR against its industry, in both languages', async () => {
      const { page, url, adminApi } = w();
      const total = (await adminApi<Page_<Review>>('/api/reviews?limit=1')).total;
      expect(total).toBeGreaterThan(0);
      const all: Review[] = [];
      for (let offset = 0; offset < total; offset += 200) {
        all.push(...(await adminApi<Page_<Review>>(`/api/reviews?limit=200&offset=${offset}`)).items);
      }
      const poor = all.filter((r) => (r.ratingDescription + r.ratingShipping + r.ratingResponse) / 3 < 3).length;

      await page.getByRole('menuitem', { name: '评价与 DSR' }).click();
      await page.waitForURL((u) => u.pathname === '/marketplace/reviews');
      const list = page.getByTestId('reviews');
      await list.getByText(`共 ${total} 条`).waitFor({ timeout: 30_000 });
      console.log(
        `[marketplace-admin] reviews: ${total} reviews shown ${await readyMs(page, 'reviews')} ms after render`,
      );
      await w().shot('reviews-zh');

      await choose(page, '评分档', '差评（低于 3 分）');
      await page.waitForURL((u) => u.searchParams.get('rating') === 'low');
      if (poor > 20) await list.getByText(`共 ${poor} 条`).waitFor();
      else await expect.poll(() => list.locator('tbody tr.ant-table-row').count()).toBe(poor);
      const csv = await csvLines(await download(page, list.getByRole('button', { name: /导出 CSV/ })));
      expect(csv).toHaveLength(1 + poor);

      // Supplier DSR: one row per supplier with the API's scores, compared with the industry average.
      const suppliers = await adminApi<Page_<Org>>('/api/organizations?kind=supplier&limit=200');
      const rated = [];
      for (const s of suppliers.items.slice(0, 8)) {
        rated.push({ s, dsr: await adminApi<Dsr>(`/api/organizations/${s.id}/dsr?days=180`) });
      }
      const sample = rated.find((r) => r.dsr.reviewCount > 0) as { s: Org; dsr: Dsr };
      await page.getByRole('tab', { name: '供应商 DSR' }).click();
      await page.waitForURL((u) => u.searchParams.get('tab') === 'dsr');
      const dsr = page.getByTestId('dsr');
      await dsr.getByText(`共 ${suppliers.total} 条`).waitFor({ timeout: 30_000 });
      console.log(
        `[marketplace-admin] DSR of ${suppliers.total} suppliers shown ${await readyMs(page, 'dsr')} ms after render`,
      );
      await dsr.getByLabel('搜索').fill(sample.s.name);
      await dsr.getByLabel('搜索').press('Enter');
      const row = dsr.locator('tbody tr.ant-table-row').filter({ hasText: sample.s.name });
      await row.waitFor();
      expect(await row.getByTestId('dsr-description').innerText()).toContain((sample.dsr.description ?? 0).toFixed(2));
      expect(await row.getByTestId('dsr-description').innerText()).toMatch(/[▲▼=]/);
      await dsr.getByLabel('搜索').fill('');
      await dsr.getByLabel('搜索').press('Enter');
      await dsr.getByRole('columnheader', { name: '三项均分' }).click();
      await page.waitForURL((u) => u.searchParams.get('dsort') === 'overall');
      const overall = async () =>
        (await dsr.locator('tbody tr.ant-table-row td:nth-child(8)').allInnerTexts())
          .map(Number)
          .filter((n) => !Number.isNaN(n));
      await expect
        .poll(async () => {
          const shown = await overall();
          return shown.length > 0 && shown.every((n, i) => i === 0 || (shown[i - 1] ?? 0) <= n);
        })
        .toBe(true);
      await w().shot('reviews-dsr-zh');

      await page.goto(`${url}/marketplace/reviews`);
      await w().setLocale('en');
      await page.getByRole('heading', { name: 'Reviews and supplier ratings (DSR)' }).waitFor();
      await list.getByText(`${total} in all`).waitFor({ timeout: 30_000 });
      expect(await list.getByRole('columnheader', { name: 'Description accuracy' }).count()).toBe(1);
      await w().shot('reviews-en');
      await w().setLocale('zh-CN');
      await page.goto(`${url}/`);
    });

    it('marketing: creates a coupon through the form, shows the server field errors on the fields, disables it', async () => {
      const { page, url, adminApi } = w();
      const demo = await adminApi<Page_<Coupon>>('/api/coupons?limit=50');
      expect(demo.total).toBeGreaterThan(0);
      await page.getByRole('menuitem', { name: '优惠券与促销' }).click();
      await page.waitForURL((u) => u.pathname === '/marketplace/marketing');
      const coupons = page.getByTestId('coupons');
      for (const c of demo.items) await coupons.getByText(c.code, { exact: true }).waitFor();
      console.log(`[marketplace-admin] marketing: coupons shown ${await readyMs(page, 'marketing')} ms after render`);
      const existing = demo.items[0] as Coupon;

      // A taken code: the server's duplicate answer lands under the code field.
      await page.getByTestId('coupon-new').click();
      const form = page.getByTestId('coupon-form');
      const code = `UI-${Date.now().toString(36).toUpperCase()}`;
      await form.locator('#code').fill(existing.code.toLowerCase());
      await form.locator('#name').fill('界面测试满减券');
      await form.locator('#amountOff').fill('20');
      await form.locator('#threshold').fill('100');
      await pickDay(form, 'validFrom', day(0));
      await pickDay(form, 'validUntil', day(30));
      await page
        .getByRole('dialog')
        .getByRole('button', { name: /创\s*建/ })
        .click();
      const codeError = form
        .locator('.ant-form-item')
        .filter({ has: page.locator('#code') })
        .locator('.ant-form-item-explain-error');
      await expect.poll(() => codeError.innerText()).toContain(`coupon code ${existing.code} is taken`);
      // The end before the start: the cross-field rule's answer lands under the last day.
      await form.locator('#code').fill(code);
      await pickDay(form, 'validUntil', day(-10));
      await page
        .getByRole('dialog')
        .getByRole('button', { name: /创\s*建/ })
        .click();
      const untilError = form
        .locator('.ant-form-item')
        .filter({ has: page.locator('#validUntil') })
        .locator('.ant-form-item-explain-error');
      await expect.poll(() => untilError.innerText()).toContain('validUntil must be after validFrom');
      await w().shot('marketing-field-error-zh');
      expect((await adminApi<Page_<Coupon>>(`/api/coupons?code=${code}`)).total).toBe(0);

      await pickDay(form, 'validUntil', day(30));
      await page
        .getByRole('dialog')
        .getByRole('button', { name: /创\s*建/ })
        .click();
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
      const row = coupons.locator('tbody tr.ant-table-row').filter({ hasText: code });
      await row.waitFor();
      expect(await row.innerText()).toContain('进行中');
      const created = (await adminApi<Page_<Coupon>>(`/api/coupons?code=${code}`)).items[0] as Coupon;
      expect(created).toMatchObject({ amountOff: 2000, threshold: 10_000, status: 'active' });

      await page.getByTestId(`toggle-${code}`).click();
      await expect.poll(() => row.innerText()).toContain('已停用');
      expect((await adminApi<Coupon>(`/api/coupons/${created.id}`)).status).toBe('disabled');
      await choose(page, '状态', '停用');
      await page.waitForURL((u) => u.searchParams.get('status') === 'disabled');
      await row.waitFor();
      await choose(page, '状态', '全部');

      // Redemptions of a demo coupon.
      const used = demo.items.find((c) => (c as Coupon & { redeemedCount: number }).redeemedCount > 0);
      if (used) {
        await page.getByTestId(`redeemed-${used.code}`).click();
        await page.getByTestId('redemptions').locator('tbody tr.ant-table-row').first().waitFor();
        await page.keyboard.press('Escape');
      }
      await w().shot('marketing-zh');

      // A bundle (through the API) and a promotion (through its form) in their tabs, the tab in the URL.
      const products = await adminApi<Page_<{ id: string; supplierId: string; title: string }>>(
        '/api/products?limit=50&status=active',
      );
      const p0 = products.items[0] as { id: string; supplierId: string; title: string };
      const sameSupplier = products.items.filter((p) => p.supplierId === p0.supplierId);
      if (sameSupplier.length >= 2) {
        await adminApi('/api/bundles', {
          body: {
            name: '开工组合套餐',
            price: 99_900,
            currency: 'CNY',
            items: sameSupplier.slice(0, 2).map((p) => ({ productId: p.id, quantity: 1 })),
          },
        });
      }
      await page.getByRole('tab', { name: '限时活动' }).click();
      await page.waitForURL((u) => u.searchParams.get('tab') === 'promotions');
      // A promotion through its form: the product is found by searching its title on the server.
      await page.getByTestId('promotion-new').click();
      const pform = page.getByTestId('promotion-form');
      await pform.locator('#name').fill('双十二限时折扣');
      await pform.locator('#percentOff').fill('12');
      await pickDay(pform, 'startsAt', day(-1));
      await pickDay(pform, 'endsAt', day(10));
      await pform.getByRole('combobox', { name: '商品 1' }).click();
      await pform.getByRole('combobox', { name: '商品 1' }).fill(p0.title.slice(0, 8));
      await page.locator('.ant-select-dropdown:visible').getByText(p0.title, { exact: true }).click();
      await page
        .getByRole('dialog')
        .getByRole('button', { name: /创\s*建/ })
        .click();
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
      await page.getByTestId('promotions').getByText('双十二限时折扣').waitFor();
      const promos =
        await adminApi<Page_<{ name: string; products: { productId: string }[] }>>('/api/promotions?limit=50');
      expect(promos.items.find((p) => p.name === '双十二限时折扣')?.products).toEqual([
        { productId: p0.id, unitPrice: null },
      ]);
      expect(await page.getByTestId('promotions').innerText()).toContain('减 12%');
      if (sameSupplier.length >= 2) {
        await page.getByRole('tab', { name: '套餐' }).click();
        await page.getByTestId('bundles').getByText('开工组合套餐').waitFor();
        expect(await page.getByTestId('bundles').innerText()).toContain('¥999.00');
      }

      await page.goto(`${url}/marketplace/marketing`);
      await w().setLocale('en');
      await page.getByRole('heading', { name: 'Coupons, promotions and bundles' }).waitFor();
      await coupons.getByText(code, { exact: true }).waitFor();
      expect(await coupons.innerText()).toContain('Disabled');
      await w().shot('marketing-en');
      await w().setLocale('zh-CN');
      await page.goto(`${url}/`);
    });

    it('members: creates a level through the form, shows thresholds and benefits, grants points', async () => {
      const { page, url, adminApi } = w();
      await adminApi('/api/member-levels', {
        body: { code: 'silver', name: '银牌会员', rank: 10, minLifetimePoints: 10_000, pointsRatePercent: 120 },
      });
      await adminApi('/api/member-levels', {
        body: { code: 'gold', name: '金牌会员', rank: 20, minLifetimePoints: 50_000, pointsRatePercent: 150 },
      });
      await page.getByRole('menuitem', { name: '会员等级' }).click();
      await page.waitForURL((u) => u.pathname === '/marketplace/members');
      const levels = page.getByTestId('member-levels');
      await levels.getByText('金牌会员').waitFor();

      await page.getByTestId('level-new').click();
      const form = page.getByTestId('level-form');
      await form.locator('#code').fill('bronze');
      await form.locator('#name').fill('铜牌会员');
      await form.locator('#rank').fill('5');
      await form.locator('#minLifetimePoints').fill('1000');
      await form.locator('#pointsRatePercent').fill('110');
      await page
        .getByRole('dialog')
        .getByRole('button', { name: /创\s*建/ })
        .click();
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
      const bronze = levels.locator('tbody tr.ant-table-row').filter({ hasText: '铜牌会员' });
      await bronze.waitFor();
      expect(await bronze.innerText()).toContain('每消费 1 元得 1.1 分');
      const api = await adminApi<{ items: { code: string; minLifetimePoints: number }[] }>('/api/member-levels');
      expect(api.items.map((l) => l.code).sort()).toEqual(['bronze', 'gold', 'silver']);
      // Best level first.
      const names = await levels.locator('tbody tr.ant-table-row td:nth-child(2)').allInnerTexts();
      expect(names.map((n) => n.split('\n')[0]?.trim())).toEqual(['金牌会员', '银牌会员', '铜牌会员']);

      // An organisation's points: grant 2,000 and see the balance and the ledger.
      const buyer = (await adminApi<Page_<Org>>('/api/organizations?kind=buyer&limit=1')).items[0] as Org;
      const before = await adminApi<{ balance: number }>(`/api/organizations/${buyer.id}/points`);
      await page.goto(`${url}/marketplace/members?org=${buyer.id}`);
      await page.getByTestId('points-account').waitFor();
      await page.getByTestId('points-grant').click();
      const pf = page.getByTestId('points-form');
      await pf.locator('#points').fill('2000');
      await pf.locator('#note').fill('界面测试发放');
      await page
        .getByRole('dialog')
        .getByRole('button', { name: /发放积分/ })
        .click();
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
      await expect
        .poll(() => page.getByTestId('points-balance').innerText())
        .toBe((before.balance + 2000).toLocaleString('zh-CN'));
      await page.getByTestId('points-account').getByText('界面测试发放').waitFor();
      expect((await adminApi<{ balance: number }>(`/api/organizations/${buyer.id}/points`)).balance).toBe(
        before.balance + 2000,
      );
      await w().shot('members-zh');

      await w().setLocale('en');
      await page.getByRole('heading', { name: 'Member levels and points' }).waitFor();
      await levels.getByText('1.5 points per CNY spent').waitFor();
      await page.getByTestId('points-account').getByText('Adjusted').waitFor();
      await w().shot('members-en');
      await w().setLocale('zh-CN');
      await page.goto(`${url}/`);
    });

    it('operators: creates one scoped to a region; signed in as them, the organisations are that region only and settings are hidden', async () => {
      const { page, url, adminApi, browser } = w();
      await page.getByRole('menuitem', { name: '运营人员' }).click();
      await page.waitForURL((u) => u.pathname === '/settings/operators');
      const list = page.getByTestId('operators');
      await list.getByText('admin@tradeloop.local').waitFor();

      const email = `east-ops-${Date.now().toString(36)}@example.com`;
      const password = 'east-operator-pass-1';
      await page.getByTestId('operator-new').click();
      const form = page.getByTestId('operator-form');
      await form.locator('#name').fill('华东运营');
      await form.locator('#email').fill(email);
      await choose(page, '角色', '运营', form);
      await form.locator('#regions').click();
      await page.locator('.ant-select-dropdown:visible').getByText('华东', { exact: true }).click();
      await page.keyboard.press('Escape');
      await form.getByText('手动设置').click();
      await form.locator('#password').fill(password);
      await page
        .getByRole('dialog')
        .getByRole('button', { name: /创\s*建/ })
        .click();
      await expect.poll(() => page.getByTestId('issued-password').innerText()).toContain(password);
      await page.getByRole('button', { name: /完\s*成/ }).click();
      await page.getByTestId('issued-password').waitFor({ state: 'hidden' });
      const row = list.locator('tbody tr.ant-table-row').filter({ hasText: email });
      await row.waitFor();
      expect(await row.innerText()).toContain('华东 · 全部业务线');
      const op = (
        await adminApi<Page_<{ email: string; role: string; scope: unknown }>>('/api/operators?limit=200')
      ).items.find((o) => o.email === email);
      expect(op).toMatchObject({ role: 'operations', scope: { regions: ['east'], businessLines: '*' } });
      await w().shot('operators-zh');

      // Signed in as the new operator (a second browser context: its own cookies).
      const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
      try {
        const other = await context.newPage();
        await other.goto(`${url}/sign-in`);
        await other.getByLabel('邮箱').fill(email);
        await other.getByLabel('密码').fill(password);
        await other.getByRole('button', { name: /登\s*录/ }).click();
        await other.waitForURL((u) => u.pathname === '/');
        expect(await other.getByRole('menuitem', { name: '运营人员' }).count()).toBe(0);
        expect(await other.getByRole('menuitem', { name: '数据源与写入密钥' }).count()).toBe(0);
        const east = (await adminApi<Page_<Org>>('/api/organizations?region=east&limit=1')).total;
        const everyone = (await adminApi<Page_<Org>>('/api/organizations?limit=1')).total;
        expect(east).toBeLessThan(everyone);
        await other.goto(`${url}/marketplace/organizations`);
        await other.getByText(`共 ${east} 家`, { exact: true }).waitFor();
        const regions = await other
          .locator('[data-testid="organizations"] tbody tr.ant-table-row td:nth-child(3)')
          .allInnerTexts();
        expect(regions.length).toBeGreaterThan(0);
        expect(new Set(regions)).toEqual(new Set(['华东']));
        await w().shot('operators-scoped-organizations-zh', other);
        // Settings by URL: the page refuses in place.
        await other.goto(`${url}/settings/operators`);
        await other.getByText('需要「运营人员管理」权限').waitFor();
      } finally {
        await context.close();
      }

      // Disable and enable again: the row and the API follow.
      await page.getByTestId(`disable-${email}`).click();
      await expect.poll(() => row.innerText()).toContain('已停用');
      await page.getByTestId(`enable-${email}`).click();
      await expect.poll(() => row.innerText()).toContain('启用');

      await w().setLocale('en');
      await page.getByRole('heading', { name: 'Operators and data scopes' }).waitFor();
      await list
        .locator('tbody tr.ant-table-row')
        .filter({ hasText: email })
        .getByText('East · All business lines')
        .waitFor();
      await w().shot('operators-en');
      await w().setLocale('zh-CN');
      await page.goto(`${url}/`);
    });

    it('sources: creates a source, rotates its key and the snippets follow, in both languages', async () => {
      const { page, url, adminApi } = w();
      const before = (await adminApi<Page_<Source>>('/api/sources?limit=200')).items;
      await page.getByRole('menuitem', { name: '数据源与写入密钥' }).click();
      await page.waitForURL((u) => u.pathname === '/settings/sources');
      const def = before.find((s) => s.name === 'default') as Source;
      await page.getByTestId('key-default').getByText(def.writeKey).waitFor();

      await page.getByTestId('source-new').click();
      const form = page.getByTestId('source-form');
      await form.locator('#name').fill('web-shop');
      await page
        .getByRole('dialog')
        .getByRole('button', { name: /创\s*建/ })
        .click();
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
      await page.waitForURL((u) => u.searchParams.get('source') !== null);
      const created = (await adminApi<Page_<Source>>('/api/sources?limit=200')).items.find(
        (s) => s.name === 'web-shop',
      ) as Source;
      await page.getByTestId('key-web-shop').getByText(created.writeKey).waitFor();

      await page.getByRole('tab', { name: 'HTTP 接口（curl）' }).click();
      const curl = page.getByTestId('snippet-curl');
      expect(await curl.innerText()).toContain(`-u '${created.writeKey}:'`);
      expect(await curl.innerText()).toContain(`curl -X POST '${url}/v1/track'`);

      await page.getByTestId('rotate-web-shop').click();
      await page
        .locator('.ant-popconfirm')
        .getByRole('button', { name: /轮换密钥/ })
        .click();
      await expect.poll(() => curl.innerText()).not.toContain(created.writeKey);
      const rotated = (await adminApi<Page_<Source>>('/api/sources?limit=200')).items.find(
        (s) => s.name === 'web-shop',
      ) as Source;
      expect(rotated.writeKey).not.toBe(created.writeKey);
      expect(await curl.innerText()).toContain(`-u '${rotated.writeKey}:'`);
      await page.getByTestId('key-web-shop').getByText(rotated.writeKey).waitFor();
      // The old key no longer ingests; the new one does.
      const send = (key: string) =>
        fetch(`${url}/v1/track`, {
          method: 'POST',
          headers: {
            authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({
            userId: 'ui-snippet-check',
            event: 'product_view',
            properties: { productId: 'prd_x' },
          }),
        });
      expect((await send(created.writeKey)).status).toBe(401);
      expect((await send(rotated.writeKey)).status).toBe(200);

      await page.getByRole('tab', { name: '神策 Node SDK' }).click();
      expect(await page.getByTestId('snippet-sensors-node').innerText()).toContain(
        `/sa?project=web-shop&token=${rotated.writeKey}`,
      );
      await page.getByRole('tab', { name: 'analytics.js（网页）' }).click();
      expect(await page.getByTestId('snippet-analytics-js').innerText()).toContain(`writeKey: '${rotated.writeKey}'`);
      await page.waitForTimeout(400); // the tabs' ink bar slides for 0.3 s
      await w().shot('sources-zh');

      await w().setLocale('en');
      await page.getByRole('heading', { name: 'Sources and write keys' }).waitFor();
      await page.getByRole('tab', { name: 'Segment Node' }).click();
      expect(await page.getByTestId('snippet-analytics-node').innerText()).toContain(
        `new Analytics({ writeKey: '${rotated.writeKey}', host: '${url}' })`,
      );
      await page.waitForTimeout(400);
      await w().shot('sources-en');
      await w().setLocale('zh-CN');
      await page.goto(`${url}/`);
    });
  });
}
