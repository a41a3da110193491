import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analysisFlowsCases } from './cases/analysis-flows.case.js';
import { analysisFunnelCases } from './cases/analysis-funnel.case.js';
import { analysisModelsCases } from './cases/analysis-models.case.js';
import { boardsCases } from './cases/boards.case.js';
import { marketplaceAdminCases } from './cases/marketplace-admin.case.js';
import { marketplaceTradeCases } from './cases/marketplace-trade.case.js';
import {
  buildConsole,
  type ConsoleWorld,
  chunkSizes,
  ADMIN_EMAIL as EMAIL,
  openConsoleWorld,
  ADMIN_PASSWORD as PASSWORD,
  signIn,
  browserSkipReason as skipReason,
} from './console-world.browser.js';

/**
 * The console in Debian's Chromium against the real `tradeloop start` with the first-start (small) demo: the shell
 * (sign in, the overview's figures, organisations, certification, funnels), then every area's cases
 * (cases/*.case.ts), then the locale and theme switches and sign out. Screenshots go to test-artifacts/console/.
 */
if (skipReason !== '') console.warn(`[console browser test] skipped: ${skipReason}`);

/**
 * TL_CONSOLE_CASES=analysis-flows,boards runs only those areas' cases (signed in directly), for working on one
 * area; the shell's own tests are then skipped, and say so.
 */
const only = process.env.TL_CONSOLE_CASES?.split(',').map((s) => s.trim());
if (only) console.warn(`[console browser test] TL_CONSOLE_CASES=${only.join(',')}: the shell tests are skipped`);
const shellIt = only ? it.skip : it;
const area = (name: string, register: (w: () => ConsoleWorld) => void) => {
  if (!only || only.includes(name)) register(w);
};

let world: ConsoleWorld;
const w = () => world;

describe.skipIf(skipReason !== '')('console in Chromium', () => {
  let page: Page;
  let server: { url: string; token: string };
  let close: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    buildConsole();
    const { entry, sizes } = chunkSizes();
    const list = [...sizes].sort((a, b) => b[1] - a[1]).map(([f, n]) => `${f} ${(n / 1024).toFixed(1)} kB`);
    console.log(`[console] gzip sizes (entry ${entry}): ${list.join(', ')}`);
    expect(sizes.get(entry)).toBeLessThanOrEqual(500 * 1024);

    const opened = await openConsoleWorld();
    world = opened.world;
    close = opened.close;
    page = world.page;
    server = { url: world.url, token: world.token };
    if (only) await signIn(world);
  }, 300_000);

  afterAll(async () => {
    await close?.();
  });

  const shot = (name: string) => world.shot(name);

  shellIt(
    'signs in: a wrong password shows the server message in place, the right one opens the overview',
    async () => {
      await page.goto(`${server.url}/`);
      await page.waitForURL(/\/sign-in$/);
      await page.getByText('登录运营后台').waitFor();
      await shot('sign-in-zh');
      await page.getByLabel('邮箱').fill(EMAIL);
      await page.getByLabel('密码').fill('wrong-password');
      await page.getByRole('button', { name: /登\s*录/ }).click();
      const error = page.getByTestId('sign-in-error');
      await error.waitFor();
      const probe = await fetch(`${server.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: EMAIL, password: 'wrong-password' }),
      });
      const message = ((await probe.json()) as { error: { message: string } }).error.message;
      expect(await error.innerText()).toContain(message);
      await shot('sign-in-error-zh');
      await page.getByLabel('密码').fill(PASSWORD);
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.waitForURL((u) => u.pathname === '/');
      await page.getByTestId('overview').waitFor();
      const viewer = await page.getByTestId('viewer').innerText();
      expect(viewer).toContain('Administrator');
      expect(viewer).toContain('管理员');
    },
  );

  shellIt(
    'shows the overview with real figures, the comparison and the charts, and the query behind a figure',
    async () => {
      const started = Date.now();
      const gmv = page.getByTestId('kpi-gmv');
      await expect.poll(() => page.getByTestId('kpi-gmv').textContent(), { timeout: 30_000 }).toMatch(/¥[1-9]/);
      await page.getByTestId('chart-gmv').locator('canvas').waitFor();
      await page.getByTestId('chart-registrations').locator('canvas').waitFor();
      console.log(`[console] figures and charts shown ${Date.now() - started} ms after the overview rendered`);
      expect(await gmv.innerText()).toMatch(/^¥[\d,]+\.\d{2}$/);
      for (const key of ['orders', 'payingOrgs']) {
        const n = Number((await page.getByTestId(`kpi-${key}`).innerText()).replace(/,/g, ''));
        expect(n, key).toBeGreaterThan(0);
      }
      expect(await page.getByTestId('kpi-arpu').innerText()).toMatch(/^¥[1-9]/);
      expect(await page.getByTestId('kpi-gmv-change').innerText()).toMatch(/^(↑|↓) \d+\.\d%$|^0\.0%$|^—$/);
      expect(await page.getByText('经营概览').count()).toBe(1);
      // Default range: the last 30 days, in the URL once changed; the query shows it.
      await page.getByTestId('query-gmv').click();
      const json = await page.getByTestId('query-gmv-json').innerText();
      const node = JSON.parse(json);
      expect(node.kind).toBe('TrendsQuery');
      expect(node.series[0]).toMatchObject({ event: 'order_paid', math: 'sum', property: 'total' });
      await shot('overview-query-zh');
      await page.getByTestId('query-gmv').click();
      await page.getByTestId('query-gmv-json').waitFor({ state: 'hidden' });
      await shot('overview-zh');
    },
  );

  shellIt('keeps the date range in the URL', async () => {
    const to = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const from = new Date(Date.now() + 8 * 3_600_000 - 6 * 86_400_000).toISOString().slice(0, 10);
    const started = Date.now();
    await page.goto(`${server.url}/?from=${from}&to=${to}`);
    await page.getByTestId('overview').waitFor();
    await expect.poll(() => page.getByTestId('kpi-gmv').textContent(), { timeout: 30_000 }).toMatch(/¥/);
    console.log(`[console] overview load (navigation → figures shown, queries included): ${Date.now() - started} ms`);
    await page.getByTestId('query-gmv').click();
    const node = JSON.parse(await page.getByTestId('query-gmv-json').innerText());
    expect(node.dateRange).toEqual({ from, to });
    await page.getByTestId('query-gmv').click();
    await page.getByTestId('query-gmv-json').waitFor({ state: 'hidden' });
  });

  shellIt(
    'shows AIPL stock and flows, the RFQ : listing ratio and the top categories, as their queries answer',
    async () => {
      await page.goto(`${server.url}/`);
      const aiplCard = page.getByTestId('aipl-card');
      await aiplCard.getByText('AIPL 人群资产').waitFor();
      await page.getByTestId('aipl-loyalty').waitFor({ timeout: 30_000 });
      // The same nodes through the API: the card shows the stock at the last period end.
      await page.getByTestId('query-aipl').click();
      const aiplNode = JSON.parse(await page.getByTestId('query-aipl-json').innerText());
      await page.getByTestId('query-aipl').click();
      type Stock = Record<'awareness' | 'interest' | 'purchase' | 'loyalty', number>;
      const aipl = await world.adminApi<{ stock: Stock[] }>('/api/query', { body: aiplNode });
      const last = aipl.stock[aipl.stock.length - 1];
      expect(last && last.interest + last.purchase + last.loyalty).toBeGreaterThan(0);
      for (const stage of ['awareness', 'interest', 'purchase', 'loyalty'] as const) {
        const shown = Number(
          (await page.getByTestId(`aipl-${stage}`).locator('.ant-statistic-content').innerText()).replace(/,/g, ''),
        );
        expect(shown, stage).toBe(last?.[stage]);
      }
      expect(await page.getByTestId('aipl-flows').innerText()).toMatch(/新进入 [\d,]+，升级 [\d,]+/);

      // RFQs per active listing: the RFQ trend's total over the catalog's active products.
      await page.getByTestId('kpi-rfq-ratio').waitFor({ timeout: 30_000 });
      const rfqs = Number(
        (await page.getByTestId('kpi-rfqs').locator('.ant-statistic-content').innerText()).replace(/,/g, ''),
      );
      const listings = await world.adminApi<{ total: number }>('/api/products?status=active&limit=1');
      expect(
        Number(
          (await page.getByTestId('kpi-listings').locator('.ant-statistic-content').innerText()).replace(/,/g, ''),
        ),
      ).toBe(listings.total);
      expect(rfqs).toBeGreaterThan(0);
      const ratio = Number(await page.getByTestId('kpi-rfq-ratio').locator('.ant-statistic-content').innerText());
      expect(ratio).toBeCloseTo(rfqs / listings.total, 2);

      // Top categories: five rows by GMV, named from the category tree, GMV descending.
      const rows = page.locator('[data-testid="top-categories"] tbody tr.ant-table-row');
      await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(5);
      const names = await rows.locator('td:nth-child(1)').allInnerTexts();
      for (const n of names) expect(n).not.toMatch(/^cat_/);
      const gmvs = (await rows.locator('td:nth-child(2)').allInnerTexts()).map((s) => Number(s.replace(/[¥,]/g, '')));
      expect([...gmvs].sort((a, b) => b - a)).toEqual(gmvs);
      await shot('overview-full-zh');
    },
  );

  shellIt('opens the organisations from the sider, filters them, and keeps the filter in the URL', async () => {
    await page.getByRole('menuitem', { name: '企业' }).click();
    await page.waitForURL((u) => u.pathname === '/marketplace/organizations');
    const rows = page.locator('[data-testid="organizations"] tbody tr.ant-table-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(20);
    const total = Number((await page.getByText(/^共 \d+ 家$/).innerText()).replace(/\D/g, ''));
    expect(total).toBeGreaterThan(300); // the small demo: ≈280 buyers and 55 suppliers

    await page.getByRole('combobox', { name: '类型' }).click();
    await page.locator('.ant-select-dropdown').getByText('供应商', { exact: true }).click();
    await page.waitForURL(/kind=supplier/);
    await expect
      .poll(async () => Number((await page.getByText(/^共 \d+ 家$/).innerText()).replace(/\D/g, '')))
      .toBeLessThan(total);
    const kinds = await page
      .locator('[data-testid="organizations"] tbody tr.ant-table-row td:nth-child(2)')
      .allInnerTexts();
    expect(new Set(kinds)).toEqual(new Set(['供应商']));
    await shot('organizations-zh');

    // Sort by name (the server sorts; the URL keeps it), then export every supplier, not just this page.
    const filtered = Number((await page.getByText(/^共 \d+ 家$/).innerText()).replace(/\D/g, ''));
    await page.locator('[data-testid="organizations"] th').filter({ hasText: '名称' }).click();
    await page.waitForURL(/sort=name/);
    const sorted = await world.adminApi<{ items: { name: string }[] }>(
      '/api/organizations?kind=supplier&sort=name&limit=20',
    );
    await expect
      .poll(() => page.locator('[data-testid="organizations"] tbody tr.ant-table-row td:nth-child(1)').allInnerTexts())
      .toEqual(sorted.items.map((o) => o.name));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('organizations-export').click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
    const lines = csv.split('\r\n').filter((l) => l !== '');
    expect(lines[0]).toBe('id,名称,类型,区域,行业,业务线,认证,注册时间');
    expect(lines.length - 1).toBe(filtered);
    expect(lines.slice(1).every((l) => l.split(',')[2] === '供应商')).toBe(true);

    // The link is the state: opening it again shows the same filtered list.
    await page.reload();
    await page.locator('[data-testid="organizations"] tbody tr.ant-table-row').first().waitFor();
    expect(await page.getByRole('combobox', { name: '类型' }).locator('..').innerText()).toContain('供应商');
    await page.getByRole('menuitem', { name: '概览' }).click();
    await page.waitForURL((u) => u.pathname === '/');
  });

  shellIt('is reachable from the keyboard: the sider, a search box and a row link', async () => {
    const active = () =>
      page.evaluate<{ text: string; label: string | null; tag: string; inRow: boolean }>(
        "(() => { const a = document.activeElement; return { text: (a?.textContent ?? '').trim(), label: a?.getAttribute('aria-label') ?? null, tag: a?.tagName ?? '', inRow: !!a?.closest('tbody tr') }; })()",
      );
    await page.goto(`${server.url}/`);
    await page.getByTestId('overview').waitFor();
    await page.locator('.ant-layout-sider .ant-menu').waitFor();
    // Once the console has settled (chunks prefetched, styles warmed up): a re-render mid-walk moves the menu's focus.
    await page.waitForFunction(
      "performance.getEntriesByType('mark').some((m) => m.name === 'tl:prefetched')",
      undefined,
      {
        timeout: 30_000,
      },
    );
    // Tab into the sider's menu (its first stop on the page), then walk it with the arrow keys.
    const inSider = () => page.evaluate<boolean>("!!document.activeElement?.closest('.ant-layout-sider')");
    for (let i = 0; i < 10 && !(await inSider()); i++) await page.keyboard.press('Tab');
    expect(await inSider()).toBe(true);
    for (let i = 0; i < 60 && (await active()).text !== '企业'; i++) await page.keyboard.press('ArrowDown');
    expect((await active()).text).toBe('企业');
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === '/marketplace/organizations');
    await page.locator('[data-testid="organizations"] tbody tr.ant-table-row').first().waitFor();
    for (let i = 0; i < 20 && (await active()).label !== '按名称搜索'; i++) await page.keyboard.press('Tab');
    expect((await active()).label).toBe('按名称搜索');
    await page.keyboard.type('钢');
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=%E9%92%A2/);
    const rows = page.locator('[data-testid="organizations"] tbody tr.ant-table-row');
    await expect
      .poll(async () => (await rows.locator('td:nth-child(1)').allInnerTexts()).every((n) => n.includes('钢')))
      .toBe(true);
    for (let i = 0; i < 40 && !((await active()).tag === 'A' && (await active()).inRow); i++)
      await page.keyboard.press('Tab');
    const first = await active();
    expect(first.inRow).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/marketplace\/organizations\/org_/);
    await expect.poll(() => page.getByTestId('organization-name').innerText()).toBe(first.text);
    await page.goto(`${server.url}/`);
  });

  shellIt(
    'reviews certification: the queue oldest first, approve on the detail page, reject with a note in the queue',
    async () => {
      type Org = { id: string; name: string; certificationStatus: string; certificationNote: string | null };
      const adminApi = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
        const res = await fetch(`${server.url}${path}`, {
          ...init,
          headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
        });
        expect(res.ok, `${path}: ${res.status}`).toBe(true);
        return (await res.json()) as T;
      };
      const pending = () =>
        adminApi<{ items: Org[]; total: number }>('/api/organizations?certificationStatus=pending&limit=1');
      let { total } = await pending();
      console.log(`[console] pending organisations in the demo: ${total}`);
      // The demo leaves ≈8% of buyers pending; should a future demo have none, make two through the API.
      for (let i = total; i < 2; i++) {
        await adminApi('/api/organizations', {
          method: 'POST',
          body: JSON.stringify({
            kind: 'buyer',
            name: `待审核测试企业 ${i}`,
            creditCode: `91110000MA00000${i}X${i}`.slice(0, 18),
            industry: '钢铁',
            region: 'north',
            businessLine: 'steel',
          }),
        });
      }
      ({ total } = await pending());
      const oldest = (
        await adminApi<{ items: Org[] }>(`/api/organizations?certificationStatus=pending&limit=1&offset=${total - 1}`)
      ).items[0];

      await page.getByRole('menuitem', { name: '认证审核' }).click();
      await page.waitForURL((u) => u.pathname === '/marketplace/certification');
      const rows = page.locator('[data-testid="certification-queue"] tbody tr.ant-table-row');
      await rows.first().getByRole('link').waitFor();
      expect(await page.getByText(/^共 \d+ 家待审核$/).innerText()).toBe(`共 ${total} 家待审核`);
      expect(await rows.first().getByRole('link').innerText()).toBe(oldest?.name);

      // Open the longest-waiting organisation and approve it.
      await rows.first().getByRole('link').click();
      await page.waitForURL((u) => u.pathname === `/marketplace/organizations/${oldest?.id}`);
      const status = page.getByTestId('certification-status');
      expect(await status.innerText()).toBe('待审核');
      await page.locator('[data-testid="contacts"] tbody tr').first().waitFor();
      await shot('organization-zh');
      await page.getByTestId(`approve-${oldest?.id}`).click();
      await expect.poll(() => status.innerText()).toBe('已认证');
      expect(await page.getByTestId(`approve-${oldest?.id}`).count()).toBe(0);
      expect((await adminApi<Org>(`/api/organizations/${oldest?.id}`)).certificationStatus).toBe('verified');
      await shot('organization-verified-zh');

      // Back to the queue: it has left it.
      await page.getByRole('button', { name: /返\s*回/ }).click();
      await page.waitForURL((u) => u.pathname === '/marketplace/certification');
      await expect.poll(() => page.getByText(/^共 \d+ 家待审核$/).innerText()).toBe(`共 ${total - 1} 家待审核`);
      expect(await page.locator(`a[href="/marketplace/organizations/${oldest?.id}"]`).count()).toBe(0);

      // Reject the next one in its row: the note is required, the decision shows in place.
      const next = rows.first();
      const nextHref = (await next.getByRole('link').getAttribute('href')) ?? '';
      const nextId = nextHref.split('/').pop() ?? '';
      await page.getByTestId(`reject-${nextId}`).click();
      const dialog = page.getByRole('dialog');
      const ok = dialog.getByRole('button', { name: /驳\s*回/ });
      expect(await ok.isDisabled()).toBe(true);
      await dialog.getByLabel('驳回原因').fill('营业执照照片不清晰，请重新上传');
      await ok.click();
      await dialog.waitFor({ state: 'hidden' });
      await next.getByText('已驳回认证').waitFor();
      await shot('certification-queue-zh');
      const rejected = await adminApi<Org>(`/api/organizations/${nextId}`);
      expect(rejected).toMatchObject({
        certificationStatus: 'rejected',
        certificationNote: '营业执照照片不清晰，请重新上传',
      });
      await page.getByRole('menuitem', { name: '概览' }).click();
      await page.waitForURL((u) => u.pathname === '/');
    },
  );

  shellIt(
    'builds a funnel product_view → add_to_cart → order_placed, shows its steps and exports the drop-offs',
    async () => {
      await page.getByRole('menuitem', { name: '漏斗分析' }).click();
      await page.waitForURL((u) => u.pathname === '/analysis/funnels');
      await page.getByTestId('funnel-builder').waitFor();
      // The builder starts with product_view → add_to_cart; the third step is typed (free text is allowed).
      await page.getByTestId('funnel-add-step').click();
      const third = page.getByRole('combobox', { name: '第 3 步' });
      await third.fill('order_placed');
      const started = Date.now();
      await third.press('Enter');
      await page.waitForURL(/step=order_placed/);
      expect(new URL(page.url()).searchParams.getAll('step')).toEqual(['product_view', 'add_to_cart', 'order_placed']);
      const counts = async () =>
        (await page.getByTestId('funnel-count').allInnerTexts()).map((s) => Number(s.replace(/,/g, '')));
      await expect.poll(async () => (await counts()).length, { timeout: 30_000 }).toBe(3);
      await page.getByTestId('funnel-chart').locator('canvas').waitFor();
      console.log(`[console] funnel of 3 steps shown ${Date.now() - started} ms after the step was entered`);
      const [entered, carted, ordered] = await counts();
      expect(entered).toBeGreaterThan(0);
      expect(carted).toBeGreaterThan(0);
      expect(ordered).toBeGreaterThan(0);
      expect(entered).toBeGreaterThanOrEqual(carted ?? 0);
      expect(carted).toBeGreaterThanOrEqual(ordered ?? 0);

      // Drop-offs at step 2 (viewed, never carted): the list's total and the CSV hold all of them.
      const dropped = (entered ?? 0) - (carted ?? 0);
      await expect
        .poll(
          () =>
            page
              .getByTestId('funnel-dropped')
              .getByText(/^共 [\d,]+ 个$/)
              .textContent(),
          { timeout: 30_000 },
        )
        .toBe(`共 ${dropped.toLocaleString('en')} 个`);
      await shot('funnel-zh');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('funnel-export').click()]);
      expect(download.suggestedFilename()).toMatch(/^funnel-dropped-step-2-.*\.csv$/);
      const csv = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
      const lines = csv.split('\r\n').filter((l) => l !== '');
      expect(lines[0]).toBe('id,entered_at,furthest_step,furthest_event,dropped_at_step,dropped_at_event');
      expect(lines.length - 1).toBe(Math.min(dropped, 10_000));
      expect(lines[1]).toMatch(/^[^,]+,\d{4}-\d{2}-\d{2}T[^,]+,1,product_view,2,add_to_cart$/);

      // The link is the state: reloading shows the same three steps.
      await page.reload();
      await expect.poll(async () => (await counts()).length, { timeout: 30_000 }).toBe(3);
      await page.getByRole('menuitem', { name: '概览' }).click();
      await page.waitForURL((u) => u.pathname === '/');
    },
  );

  // Every area's pages, each in both languages (they leave the page on the overview in zh-CN).
  area('analysis-funnel', analysisFunnelCases);
  area('analysis-flows', analysisFlowsCases);
  area('analysis-models', analysisModelsCases);
  area('marketplace-trade', marketplaceTradeCases);
  area('marketplace-admin', marketplaceAdminCases);
  area('boards', boardsCases);

  shellIt('switches to English, remembers it, and switches to the dark theme', async () => {
    await page.getByTestId('locale-switch').getByText('EN').click();
    await page.getByText('Business overview').waitFor();
    expect(await page.getByText('经营概览').count()).toBe(0);
    expect(await page.getByTestId('viewer').innerText()).toContain('Administrator');
    await expect.poll(() => page.getByTestId('kpi-gmv').textContent(), { timeout: 30_000 }).toMatch(/¥[1-9]/);
    await page.getByTestId('chart-gmv').locator('canvas').waitFor();
    await shot('overview-en');

    await page.reload();
    await page.getByText('Business overview').waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');

    const background = () =>
      page.evaluate<string>("getComputedStyle(document.querySelector('.ant-layout')).backgroundColor");
    const light = await background();
    await page.getByTestId('theme-switch').click();
    await page.waitForFunction("document.documentElement.dataset.theme === 'dark'");
    const dark = await background();
    expect(dark).not.toBe(light);
    const [r, g, b] = (dark.match(/\d+/g) ?? []).map(Number);
    expect((r ?? 255) + (g ?? 255) + (b ?? 255)).toBeLessThan(150);
    await expect.poll(() => page.getByTestId('kpi-gmv').textContent(), { timeout: 30_000 }).toMatch(/¥[1-9]/);
    await page.getByTestId('chart-gmv').locator('canvas').waitFor();
    await page.mouse.move(700, 880); // away from the theme button's tooltip
    await page.waitForTimeout(300);
    await shot('overview-en-dark');
  });

  shellIt('signs out back to the sign-in page', async () => {
    await page.getByTestId('sign-out').click();
    await page.waitForURL(/\/sign-in/);
    await page.getByText('Sign in to the console').waitFor();
    await shot('sign-in-en-dark');
    // The session is over on the server too: the cookie no longer opens the console.
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/sign-in/);
  });
});
