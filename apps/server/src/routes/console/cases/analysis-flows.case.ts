import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { WorldRef } from '../console-world.browser.js';

/**
 * Browser cases of the analysis flows area (AIPL, retention/repurchase, trends), run by console.browser.test.ts
 * after the shell's sign-in (the shared page is signed in as the admin operator, in zh-CN, on the overview). Each
 * page is opened in both languages, its figures are compared with the same query sent through the API, a setting is
 * changed (the URL and the figures follow) and a table is exported. Each case leaves the page on the overview in
 * zh-CN.
 */
const DAY_MS = 86_400_000;
/** Today in Asia/Shanghai (the console's and the queries' time zone). */
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const count = (n: number, locale = 'zh-CN') => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(n);
const pct = (v: number, locale = 'zh-CN') =>
  new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v);

/** Picks `option` in the antd Select labelled `label`. */
async function pick(page: Page, label: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: label }).click();
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
    .getByText(option, { exact: true })
    .click();
}

/** Clicks the export button of the DataTable `testId` and returns the CSV's lines (BOM stripped). */
async function exportCsv(page: Page, testId: string): Promise<{ name: string; lines: string[] }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId(testId).getByRole('button', { name: /CSV/ }).click(),
  ]);
  const text = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
  return { name: download.suggestedFilename(), lines: text.split('\r\n').filter((l) => l !== '') };
}

type Stock = { period: string; awareness: number; interest: number; purchase: number; loyalty: number };
type AiplAnswer = { stock: Stock[]; flows: { period: string; from: string; to: string; count: number }[] };
type RetentionAnswer = {
  cohorts: { period: string; size: number; retained: number[]; rates: number[] }[];
  repurchase?: { actors: number; repeatActors: number; repurchaseRate: number };
};
type TrendsAnswer = {
  periods: string[];
  lines: { name: string; series: number | null; breakdownValue: string | null; total: number | null }[];
};

export function analysisFlowsCases(w: WorldRef): void {
  describe('analysis flows', () => {
    it('AIPL: stock and flows of the demo in both languages, the interval in the URL, the flows exported', async () => {
      const { page, url } = w();
      const to = today();
      const [y, m] = [Number(to.slice(0, 4)), Number(to.slice(5, 7))];
      const from = new Date(Date.UTC(y, m - 6, 1)).toISOString().slice(0, 10); // six calendar months
      const node = (interval: string, queryFrom: string) => ({
        kind: 'AiplQuery',
        interval,
        aggregateBy: 'person',
        dateRange: { from: queryFrom, to },
        timezone: 'Asia/Shanghai',
      });
      const started = Date.now();
      await page.goto(`${url}/analysis/aipl?interval=month&by=person&from=${from}&to=${to}`);
      await page.getByRole('heading', { name: 'AIPL 人群流转' }).waitFor();
      await page.getByTestId('aipl-sankey').locator('canvas').first().waitFor({ timeout: 30_000 });
      console.log(`[console] AIPL Sankey shown ${Date.now() - started} ms after navigation`);
      // The page asks from the day before the range, so that the first period end is the stock at the start.
      const monthly = await w().adminApi<AiplAnswer>('/api/query', { body: node('month', addDays(from, -1)) });
      const last = monthly.stock[monthly.stock.length - 1] as Stock;
      const first = monthly.stock[0] as Stock;
      console.log(`[console] AIPL stock at ${to}: ${JSON.stringify(last)}; at the start: ${JSON.stringify(first)}`);
      expect(last.interest + last.loyalty).toBeGreaterThan(0);
      for (const stage of ['awareness', 'interest', 'purchase', 'loyalty'] as const) {
        expect(await page.getByTestId(`aipl-stock-${stage}`).innerText()).toBe(count(last[stage]));
        expect(await page.getByTestId(`aipl-start-${stage}`).innerText()).toContain(count(first[stage]));
      }
      const pairs = new Set(monthly.flows.map((f) => `${f.from}|${f.to}`));
      const flowRows = page.locator('[data-testid="aipl-flows"] tbody tr.ant-table-row');
      expect(await flowRows.count()).toBe(Math.min(pairs.size, 20));
      await page.waitForTimeout(1200); // the charts' entry animation
      await w().shot('aipl-zh');

      const { name, lines } = await exportCsv(page, 'aipl-flows');
      expect(name).toMatch(/^aipl-flows-.*\.csv$/);
      expect(lines[0]).toBe('从,到,人数,占全部流转');
      expect(lines.length - 1).toBe(pairs.size);
      const total = monthly.flows.reduce((a, f) => a + f.count, 0);
      const csvTotal = lines.slice(1).reduce((a, l) => a + Number(l.split(',')[2]), 0);
      expect(csvTotal).toBe(total);

      // Weekly: the URL and the figures follow (the query then starts the day before the range's Monday).
      await pick(page, '周期', '按周');
      await page.waitForURL(/interval=week/);
      await page.getByTestId('aipl-stock-loyalty').waitFor();
      const weekday = (new Date(`${from}T00:00:00Z`).getUTCDay() + 6) % 7;
      const weekly = await w().adminApi<AiplAnswer>('/api/query', {
        body: node('week', addDays(from, -weekday - 1)),
      });
      const wFirst = weekly.stock[0] as Stock;
      await expect
        .poll(() => page.getByTestId('aipl-start-interest').innerText(), { timeout: 30_000 })
        .toContain(count(wFirst.interest));
      // 27 weekly columns are too many for a Sankey: the page says so, the tables stay.
      expect(weekly.stock.length).toBeGreaterThan(14);
      await page.getByText(/周期数（\d+）过多/).waitFor();

      await w().setLocale('en');
      await page.getByRole('heading', { name: 'AIPL lifecycle flow' }).waitFor();
      await pick(page, 'Interval', 'Month');
      await page.waitForURL(/interval=month/);
      await page.getByTestId('aipl-sankey').locator('canvas').first().waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('aipl-stock-interest').innerText()).toBe(count(last.interest, 'en'));
      expect(await page.getByText('Lifecycle flow (Sankey)').count()).toBe(1);
      await page.waitForTimeout(1200); // the charts' entry animation
      await w().shot('aipl-en');
      await w().setLocale('zh-CN');
      await page.goto(`${url}/`);
      await page.getByTestId('overview').waitFor();
    }, 180_000);

    it('retention and repurchase: cohorts of the demo, the view and interval in the URL, the cohorts exported', async () => {
      const { page, url } = w();
      const to = today();
      const from = addDays(to, -83);
      const node = (event: string, interval: string, periods: number) => ({
        kind: 'RetentionQuery',
        cohort: { event },
        returning: { event },
        cohortType: 'first_time',
        interval,
        periods,
        mode: 'bounded',
        aggregateBy: 'person',
        dateRange: { from, to },
        timezone: 'Asia/Shanghai',
      });
      await page.goto(`${url}/analysis/retention?interval=week&periods=8&from=${from}&to=${to}`);
      await page.getByRole('heading', { name: '留存与复购' }).waitFor();
      await page.getByTestId('retention-heatmap').locator('canvas').first().waitFor({ timeout: 30_000 });
      const weekly = await w().adminApi<RetentionAnswer>('/api/query', { body: node('$any', 'week', 8) });
      const sizes = weekly.cohorts.map((c) => c.size);
      console.log(`[console] retention (any activity, weekly) cohort sizes: ${sizes.join(' ')}`);
      expect(sizes.some((n) => n > 0)).toBe(true);
      const sizeCells = page.locator('[data-testid="retention-table"] tbody tr.ant-table-row td:nth-child(2)');
      expect(await sizeCells.allInnerTexts()).toEqual(sizes.map((n) => count(n)));
      const best = weekly.cohorts.find((c) => c.size > 0 && (c.retained[1] ?? 0) > 0);
      if (best) {
        const row = page.locator('[data-testid="retention-table"] tbody tr.ant-table-row', { hasText: best.period });
        expect(await row.locator('td:nth-child(4)').innerText()).toBe(
          `${pct(best.rates[1] ?? 0)} (${count(best.retained[1] ?? 0)})`,
        );
      }
      await page.waitForTimeout(1200); // the charts' entry animation
      await w().shot('retention-zh');

      // Repurchase: order_paid → order_paid by default, monthly.
      await page.getByTestId('retention-kind').getByText('复购', { exact: true }).click();
      await page.waitForURL(/kind=repurchase.*start=order_paid.*return=order_paid/);
      await pick(page, '周期', '按月');
      await page.waitForURL(/interval=month/);
      const monthly = await w().adminApi<RetentionAnswer>('/api/query', { body: node('order_paid', 'month', 8) });
      expect(monthly.repurchase?.actors).toBeGreaterThan(0);
      console.log(`[console] repurchase (monthly): ${JSON.stringify(monthly.repurchase)}`);
      await expect
        .poll(() => page.getByTestId('retention-rp-repurchaseRate').innerText(), { timeout: 30_000 })
        .toBe(pct(monthly.repurchase?.repurchaseRate ?? 0));
      expect(await page.getByTestId('retention-rp-actors').innerText()).toBe(count(monthly.repurchase?.actors ?? 0));
      await page.getByTestId('retention-heatmap').locator('canvas').first().waitFor();
      await expect.poll(() => sizeCells.allInnerTexts()).toEqual(monthly.cohorts.map((c) => count(c.size)));
      const { name, lines } = await exportCsv(page, 'retention-table');
      expect(name).toMatch(/^repurchase-month-.*\.csv$/);
      expect(lines[0]?.startsWith('同期群,人数,第 0 期,第 1 期')).toBe(true);
      expect(lines.length - 1).toBe(monthly.cohorts.length);
      expect(lines[1]?.split(',')[1]).toBe(String(monthly.cohorts[0]?.size));
      await page.waitForTimeout(1200); // the charts' entry animation
      await w().shot('retention-repurchase-zh');

      await w().setLocale('en');
      await page.getByRole('heading', { name: 'Retention and repurchase' }).waitFor();
      await page.getByTestId('retention-heatmap').locator('canvas').first().waitFor({ timeout: 30_000 });
      expect(await page.getByText('Repurchase heatmap').count()).toBe(1);
      expect(await page.getByTestId('retention-rp-repurchaseRate').innerText()).toBe(
        pct(monthly.repurchase?.repurchaseRate ?? 0, 'en'),
      );
      await page.waitForTimeout(1200); // the charts' entry animation
      await w().shot('retention-en');
      await w().setLocale('zh-CN');
      await page.goto(`${url}/`);
      await page.getByTestId('overview').waitFor();
    }, 180_000);

    it('trends: a series of the demo, the interval, a second series, a formula and a breakdown, exported', async () => {
      const { page, url } = w();
      const to = today();
      const from = addDays(to, -89);
      const base = { dateRange: { from, to }, timezone: 'Asia/Shanghai' };
      await page.goto(`${url}/analysis/trends?s=order_paid~count&interval=day&from=${from}&to=${to}`);
      await page.getByRole('heading', { name: '趋势分析' }).waitFor();
      await page.getByTestId('trends-chart').locator('canvas').first().waitFor({ timeout: 30_000 });
      const daily = await w().adminApi<TrendsAnswer>('/api/query', {
        body: { kind: 'TrendsQuery', series: [{ event: 'order_paid', math: 'count' }], interval: 'day', ...base },
      });
      const paid = daily.lines[0]?.total ?? 0;
      console.log(`[console] trends: order_paid count over ${from}..${to} = ${paid} in ${daily.periods.length} days`);
      expect(paid).toBeGreaterThan(0);
      const totals = page.getByTestId('trends-total');
      expect(await totals.first().innerText()).toBe(count(paid));
      const header = page.locator('[data-testid="trends-table"] thead th');
      expect(await header.count()).toBe(2 + daily.periods.length);

      await pick(page, '周期', '按周');
      await page.waitForURL(/interval=week/);
      await expect.poll(() => header.count(), { timeout: 30_000 }).toBeLessThan(2 + daily.periods.length);
      expect(await totals.first().innerText()).toBe(count(paid));

      await page.getByTestId('trends-add-series').click();
      await page.waitForURL(/s=order_paid(~|%7E)unique_organizations/);
      await page.getByTestId('trends-add-formula').click();
      await page.waitForURL(/f=A(\+|%20)%2F(\+|%20)B/);
      const rows = page.locator('[data-testid="trends-table"] tbody tr.ant-table-row');
      await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(3);
      const withFormula = await w().adminApi<TrendsAnswer>('/api/query', {
        body: {
          kind: 'TrendsQuery',
          series: [
            { event: 'order_paid', math: 'count' },
            { event: 'order_paid', math: 'unique_organizations' },
          ],
          formulas: [{ name: 'A / B', expression: 'A / B' }],
          interval: 'week',
          ...base,
        },
      });
      const orgs = withFormula.lines[1]?.total ?? 0;
      const perOrg = withFormula.lines[2]?.total ?? 0;
      expect(await totals.nth(1).innerText()).toBe(count(orgs));
      expect(await totals.nth(2).innerText()).toBe(
        new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 }).format(perOrg),
      );
      console.log(`[console] trends: ${orgs} paying organisations, ${perOrg} paid orders per organisation`);

      await pick(page, '拆分', '地区');
      await page.waitForURL(/bd=organization(%3A|:)region/);
      await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThan(3);
      const byRegion = await w().adminApi<TrendsAnswer>('/api/query', {
        body: {
          kind: 'TrendsQuery',
          series: [
            { event: 'order_paid', math: 'count' },
            { event: 'order_paid', math: 'unique_organizations' },
          ],
          formulas: [{ name: 'A / B', expression: 'A / B' }],
          interval: 'week',
          breakdown: { property: { source: 'organization', name: 'region' }, limit: 10 },
          ...base,
        },
      });
      await page.waitForTimeout(1200); // the charts' entry animation
      await w().shot('trends-zh');
      const { name, lines } = await exportCsv(page, 'trends-table');
      expect(name).toMatch(/^trends-week-.*\.csv$/);
      expect(lines[0]?.startsWith('指标,拆分值,合计,')).toBe(true);
      expect(lines.length - 1).toBe(byRegion.lines.length);
      const regionsTotal = lines
        .slice(1)
        .filter((l) => l.startsWith('A.'))
        .reduce((a, l) => a + Number(l.split(',')[2]), 0);
      expect(regionsTotal).toBe(paid);

      await w().setLocale('en');
      await page.getByRole('heading', { name: 'Trends' }).waitFor();
      await page.getByTestId('trends-chart').locator('canvas').first().waitFor({ timeout: 30_000 });
      expect(await page.getByRole('button', { name: 'Add formula' }).count()).toBe(1);
      await page.waitForTimeout(1200); // the charts' entry animation
      await w().shot('trends-en');
      await w().setLocale('zh-CN');
      await page.goto(`${url}/`);
      await page.getByTestId('overview').waitFor();
    }, 180_000);
  });
}
