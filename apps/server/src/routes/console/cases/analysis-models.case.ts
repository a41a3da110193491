import { readFileSync } from 'node:fs';
import type { Download, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { WorldRef } from '../console-world.browser.js';

/**
 * Browser cases of the analysis models area, run by console.browser.test.ts after the shell's sign-in (the
 * shared page is signed in as the admin operator, in zh-CN, on the overview). Each case leaves the page on the
 * overview in zh-CN.
 *
 * Every page carries the query node it sent in `data-query`; the cases send the same node through the admin API
 * and check that the numbers on screen are the answer's.
 */

type Credit = { conversions: number; value: number };
type Attribution = {
  conversions: number;
  value: number;
  channels: { channel: string; credit: Record<string, Credit> }[];
  paths: { path: string[]; conversions: number; value: number }[];
  nonConverting: number;
};
type Quadrant = {
  thresholds: { costPerRegistration: number | null; costPerPaying: number | null };
  channels: {
    channel: string;
    spend: number;
    registrations: number;
    paying: number;
    costPerRegistration: number | null;
    costPerPaying: number | null;
    quadrant: string | null;
  }[];
};
type ProductRow = { id: string; name: string | null; gmv: number; views: number; role: string; stage: string };
type Products = { rows: ProductRow[] };

/** The number in a formatted figure: "¥1,234.56" → 1234.56, "12,345" → 12345. */
const num = (s: string) => Number(s.replace(/[^\d.-]/g, ''));
const csvLines = (d: Download) =>
  d.path().then((p) =>
    readFileSync(p, 'utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter((l) => l !== ''),
  );

async function readyMs(page: Page, name: string): Promise<number | null> {
  return page.evaluate((n) => {
    const r = performance.getEntriesByName(`tl:render:${n}`).at(-1);
    const d = performance.getEntriesByName(`tl:ready:${n}`).at(-1);
    return r && d ? Math.round(d.startTime - r.startTime) : null;
  }, name);
}

async function download(page: Page, button: Locator): Promise<Download> {
  const [d] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return d;
}

/** The mouse away from tooltips and a moment for the charts' entry animations, then the screenshot. */
async function settledShot(w: WorldRef, name: string): Promise<void> {
  await w().page.mouse.move(0, 0);
  await w().page.waitForTimeout(1200);
  await w().shot(name);
}

async function shownNode<T>(page: Page, testId: string): Promise<T> {
  return JSON.parse((await page.getByTestId(testId).getAttribute('data-query')) ?? 'null') as T;
}

export function analysisModelsCases(w: WorldRef): void {
  describe('analysis models: attribution, channel quadrant, product performance', () => {
    it('attribution: models side by side with the demo numbers, a model switched off, the CSV and the paths', async () => {
      const { page } = w();
      await page.getByRole('menuitem', { name: '归因分析' }).click();
      await page.waitForURL((u) => u.pathname === '/analysis/attribution');
      await page.getByText('归因设置').waitFor();
      const total = page.getByTestId('attribution-conversions');
      await expect.poll(() => total.textContent(), { timeout: 30_000 }).toMatch(/\d/);
      await page.getByTestId('attribution-chart').locator('canvas').waitFor();
      await page.getByTestId('attribution-sankey').locator('canvas').waitFor();
      console.log(`[analysis-models] attribution: data shown ${await readyMs(page, 'attribution')} ms after render`);

      const node = await shownNode<{ models: string[]; conversion: { event: string } }>(page, 'attribution');
      expect(node.models).toEqual(['first', 'last', 'linear', 'time_decay', 'position', 'markov']);
      expect(node.conversion.event).toBe('order_paid');
      const answer = await w().adminApi<Attribution>('/api/query', { body: node });
      expect(answer.conversions).toBeGreaterThan(0);
      expect(num(await total.innerText())).toBe(answer.conversions);
      expect(num(await page.getByTestId('attribution-value').innerText())).toBeCloseTo(answer.value / 100, 2);
      expect(num(await page.getByTestId('attribution-non-converting').innerText())).toBe(answer.nonConverting);
      console.log(
        `[analysis-models] attribution of the demo: ${answer.conversions} paid orders over ${answer.channels.length} channels, ${answer.paths.length} paths`,
      );

      // The channel × model CSV holds every channel and model with the answer's credit.
      const table = page.getByTestId('attribution-table');
      const csv = await csvLines(await download(page, table.getByRole('button', { name: /导出 CSV/ })));
      expect(csv[0]).toBe('渠道,模型,转化数,转化金额（元）,占该模型比例,移除效应');
      expect(csv.length - 1).toBe(answer.channels.length * 6);
      for (const line of csv.slice(1)) {
        const [channel, model, conversions, value] = line.split(',');
        const credit = answer.channels.find((c) => c.channel === channel)?.credit[model ?? ''];
        expect(credit, line).toBeDefined();
        expect(Number(conversions)).toBeCloseTo(Math.round((credit?.conversions ?? -1) * 100) / 100, 6);
        expect(Number(value)).toBeCloseTo(Math.round(credit?.value ?? 0) / 100, 6);
      }

      // The most common path with its count, in the path table.
      const top = answer.paths[0];
      if (top) {
        const firstPath = page.getByTestId('attribution-path-table').locator('tbody tr.ant-table-row').first();
        expect(num(await firstPath.getByTestId('path-conversions').innerText())).toBe(top.conversions);
      }
      await settledShot(w, 'attribution-zh');

      // Switch the Markov model off: the URL, the query and the table follow.
      await page.getByTestId('attribution-models').getByText('马尔可夫链').click();
      await page.waitForURL(
        /models=first%2Clast%2Clinear%2Ctime_decay%2Cposition|models=first,last,linear,time_decay,position/,
      );
      await expect
        .poll(async () => (await shownNode<{ models: string[] }>(page, 'attribution')).models)
        .toEqual(['first', 'last', 'linear', 'time_decay', 'position']);
      await expect
        .poll(() => table.getByRole('button', { name: /导出 CSV/ }).innerText(), { timeout: 30_000 })
        .toContain(`${answer.channels.length * 5} 行`);
      expect(await table.getByText('马尔可夫链').count()).toBe(0);
      // Revenue instead of conversions: the metric is in the URL too.
      await page.getByTestId('attribution-metric').getByText('转化金额').click();
      await page.waitForURL(/metric=value/);
      await page.getByTestId('attribution-chart').locator('canvas').waitFor();

      // The link is the state: English, reloaded, shows the same five models.
      await w().setLocale('en');
      await page.getByText('Attribution settings').waitFor();
      await expect
        .poll(() => page.getByTestId('attribution-conversions').textContent(), { timeout: 30_000 })
        .toMatch(/\d/);
      expect((await shownNode<{ models: string[] }>(page, 'attribution')).models).toHaveLength(5);
      await page.getByTestId('attribution-chart').locator('canvas').waitFor();
      await page.getByTestId('attribution-path-table').getByText('Conversion').first().waitFor();
      await settledShot(w, 'attribution-en');
      await w().setLocale('zh-CN');
      await page.goto(`${w().url}/`);
      await page.getByTestId('overview').waitFor();
    }, 180_000);

    it('channel quadrant: the demo spend on the scatter and in the table, a spend CSV imported, a bad one refused in place', async () => {
      const { page, url, token } = w();
      await page.getByRole('menuitem', { name: '渠道象限' }).click();
      await page.waitForURL((u) => u.pathname === '/analysis/channels');
      await page.getByTestId('channels-chart').locator('canvas').waitFor({ timeout: 30_000 });
      console.log(`[analysis-models] channels: data shown ${await readyMs(page, 'channels')} ms after render`);
      const node = await shownNode<{ dateRange: { from: string; to: string } }>(page, 'channels');
      const answer = await w().adminApi<Quadrant>('/api/query', { body: node });
      const placed = answer.channels.filter((c) => c.quadrant !== null);
      expect(placed.length).toBeGreaterThan(1); // the demo writes spend for its paid channels
      for (const c of answer.channels) {
        expect(num(await page.getByTestId(`q-spend-${c.channel}`).innerText()), c.channel).toBeCloseTo(
          c.spend / 100,
          2,
        );
        expect(num(await page.getByTestId(`q-registrations-${c.channel}`).innerText()), c.channel).toBe(
          c.registrations,
        );
        if (c.costPerRegistration !== null) {
          expect(num(await page.getByTestId(`q-cpr-${c.channel}`).innerText())).toBeCloseTo(
            c.costPerRegistration / 100,
            2,
          );
        }
      }
      const zhQuadrant: Record<string, string> = {
        star: '明星渠道',
        volume: '走量渠道',
        niche: '精品渠道',
        question: '问题渠道',
      };
      for (const c of placed) {
        expect(await page.getByTestId(`quadrant-${c.channel}`).innerText()).toBe(zhQuadrant[c.quadrant ?? '']);
      }
      console.log(
        `[analysis-models] quadrant of the demo: ${answer.channels
          .map((c) => `${c.channel} ${c.quadrant ?? '-'} (${c.registrations} reg, ${c.paying} paying)`)
          .join('; ')}`,
      );
      const csv = await csvLines(
        await download(page, page.getByTestId('channels-table').getByRole('button', { name: /导出 CSV/ })),
      );
      expect(csv.length - 1).toBe(answer.channels.length);
      await settledShot(w, 'channels-zh');

      // A threshold typed in yuan goes to the URL and into the query.
      const cpr = page.getByRole('spinbutton', { name: '注册成本阈值' });
      await cpr.fill('1000');
      await cpr.press('Enter');
      await page.waitForURL(/cpr=1000/);
      await expect
        .poll(async () => (await shownNode<{ thresholds: Record<string, number> }>(page, 'channels')).thresholds)
        .toEqual({ costPerRegistration: 100_000 });
      await page.getByRole('button', { name: '恢复为中位数' }).click();
      await expect.poll(() => new URL(page.url()).searchParams.has('cpr')).toBe(false);

      // A good spend CSV: previewed, imported, stored, listed.
      const day = node.dateRange.to;
      const good = `channel,day,amount,currency\nbrowser_test_fair,${day},123456,CNY\nbrowser_test_fair,${node.dateRange.from},10000,CNY\n`;
      await page
        .getByTestId('spend-file')
        .setInputFiles({ name: 'spend-ok.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
      await page.getByTestId('spend-preview').getByText('browser_test_fair').first().waitFor();
      await page.getByTestId('spend-send').click();
      await expect
        .poll(() => page.getByTestId('spend-imported').innerText())
        .toContain('已从 spend-ok.csv 导入 2 行花费');
      const stored = await w().adminApi<{ rows: { channel: string; day: string; amount: number }[] }>(
        `/api/channel-spend?from=${node.dateRange.from}&to=${node.dateRange.to}`,
      );
      expect(
        stored.rows
          .filter((r) => r.channel === 'browser_test_fair')
          .map((r) => r.amount)
          .sort(),
      ).toEqual([10_000, 123_456]);
      await page
        .getByTestId('spend-totals')
        .getByText(/^browser_test_fair: ¥1,334\.56/)
        .waitFor();

      // A bad one: nothing written, the server's message and every bad line shown in place.
      const bad = `channel,day,amount\nbrowser_test_bad,2026-13-45,100\nbrowser_test_bad,${day},12abc\n`;
      const probe = await fetch(`${url}/api/channel-spend/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
        body: bad,
      });
      expect(probe.status).toBe(400);
      const refused = ((await probe.json()) as { error: { message: string } }).error.message;
      await page
        .getByTestId('spend-file')
        .setInputFiles({ name: 'spend-bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
      await page.getByTestId('spend-send').click();
      await expect.poll(() => page.getByTestId('spend-import-message').innerText()).toBe(refused);
      const errorRows = await page.getByTestId('spend-row-errors').locator('tbody tr.ant-table-row').allInnerTexts();
      expect(errorRows.length).toBe(2);
      expect(errorRows[0]).toMatch(/^2\s+day\s+/);
      expect(errorRows[1]).toMatch(/^3\s+amount\s+/);
      const after = await w().adminApi<{ rows: { channel: string }[] }>(
        `/api/channel-spend?from=2026-01-01&to=${node.dateRange.to}`,
      );
      expect(after.rows.some((r) => r.channel === 'browser_test_bad')).toBe(false);
      await settledShot(w, 'channels-import-error-zh');

      await w().setLocale('en');
      await page.getByText('Quadrant settings').waitFor();
      await page.getByTestId('channels-chart').locator('canvas').waitFor({ timeout: 30_000 });
      await page.getByText('Channel spend', { exact: true }).waitFor();
      await settledShot(w, 'channels-en');
      await w().setLocale('zh-CN');
      await page.goto(`${url}/`);
      await page.getByTestId('overview').waitFor();
    }, 180_000);

    it('product performance: the demo rows with role and stage badges and their rules, sorted, filtered by role, exported', async () => {
      const { page, url } = w();
      await page.getByRole('menuitem', { name: '商品表现' }).click();
      await page.waitForURL((u) => u.pathname === '/analysis/products');
      const rows = page.getByTestId('products-table').locator('tbody tr.ant-table-row');
      await rows.first().getByTestId('product-role').waitFor({ timeout: 30_000 });
      console.log(`[analysis-models] products: data shown ${await readyMs(page, 'products')} ms after render`);
      const node = await shownNode<unknown>(page, 'products');
      const answer = await w().adminApi<Products>('/api/query', { body: node });
      expect(answer.rows.length).toBeGreaterThan(20);
      // In the server's order (by GMV) until the operator sorts.
      const gmvs = (await page.getByTestId('product-gmv').allInnerTexts()).map(num);
      expect(gmvs).toEqual(answer.rows.slice(0, 20).map((r) => r.gmv / 100));
      const zhRole: Record<string, string> = {
        traffic: '引流款',
        profit: '利润款',
        volume: '走量款',
        promotion: '活动款',
      };
      expect(await rows.first().getByTestId('product-role').innerText()).toBe(zhRole[answer.rows[0]?.role ?? '']);
      // The rule that decided the badge, in Chinese, on hover.
      await rows.first().getByTestId('product-stage').hover();
      const tip = page
        .locator(
          '.ant-tooltip:not(.ant-tooltip-hidden) .ant-tooltip-container, .ant-tooltip:not(.ant-tooltip-hidden) .ant-tooltip-inner',
        )
        .first();
      await expect.poll(() => tip.innerText()).toMatch(/[\u4e00-\u9fff]/);
      console.log(`[analysis-models] stage rule of the top product: ${await tip.innerText()}`);
      // Away from the badge: the tooltip must be gone before the screenshot and before clicking the header under it.
      await page.mouse.move(0, 0);
      await tip.waitFor({ state: 'hidden' });
      await w().shot('products-zh');

      // Sort by views (ascending, then descending): the URL and the rows follow.
      const views = page
        .getByTestId('products-table')
        .locator('th')
        .filter({ hasText: /^浏览$/ });
      const sortParam = () => new URL(page.url()).searchParams.get('sort');
      await views.click();
      await expect.poll(sortParam).toBe('views');
      await expect.poll(() => views.getAttribute('aria-sort')).toBe('ascending');
      await views.click();
      await expect.poll(sortParam).toBe('-views');
      await expect.poll(() => views.getAttribute('aria-sort')).toBe('descending');
      const shownViews = (await page.getByTestId('product-views').allInnerTexts()).map(num);
      const sorted = [...answer.rows.map((r) => r.views)].sort((a, b) => b - a).slice(0, 20);
      expect(shownViews).toEqual(sorted);

      // Filter by the rarest role of the answer: only its badges; the count and the CSV agree with the answer.
      const counts = new Map<string, number>();
      for (const r of answer.rows) counts.set(r.role, (counts.get(r.role) ?? 0) + 1);
      const [role, n] = [...counts].sort((a, b) => a[1] - b[1])[0] as [string, number];
      console.log(
        `[analysis-models] roles of the demo's top ${answer.rows.length} products: ${[...counts].map(([r, k]) => `${r} ${k}`).join(', ')}`,
      );
      await page.getByTestId('products-role-filter').click();
      await page
        .locator('.ant-select-dropdown:visible')
        .getByText(zhRole[role] ?? role, { exact: true })
        .click();
      await page.waitForURL(new RegExp(`f\\.role=${role}`));
      const exportButton = page.getByTestId('products-table').getByRole('button', { name: /导出 CSV/ });
      await expect.poll(() => exportButton.innerText()).toContain(`${n} 行`);
      expect(
        new Set(
          await page.getByTestId('product-role').evaluateAll((els) => els.map((e) => e.getAttribute('data-role'))),
        ),
      ).toEqual(new Set([role]));
      const csv = await csvLines(await download(page, exportButton));
      expect(csv.length - 1).toBe(n);
      expect(csv[0]?.startsWith('商品,角色,生命周期,GMV（元）')).toBe(true);

      await w().setLocale('en');
      await page.getByText('Query settings').waitFor();
      await page
        .getByTestId('products-table')
        .locator('tbody tr.ant-table-row')
        .first()
        .getByTestId('product-role')
        .waitFor({ timeout: 30_000 });
      expect(new URL(page.url()).searchParams.get('f.role')).toBe(role);
      await settledShot(w, 'products-en');
      await w().setLocale('zh-CN');
      await page.goto(`${url}/`);
      await page.getByTestId('overview').waitFor();
    }, 180_000);
  });
}
