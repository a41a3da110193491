import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { WorldRef } from '../console-world.browser.js';

/**
 * Browser cases of the analysis funnel area, run by console.browser.test.ts after the shell's sign-in (the
 * shared page is signed in as the admin operator, in zh-CN, on the overview). Each case leaves the page on the
 * overview in zh-CN.
 *
 * In each language a funnel is built through the builder (a third step, a step filter, an exclusion; in English
 * also a breakdown and a weekly trend); its counts, time-to-convert bins and trend are compared with the same node
 * run through `POST /api/query`; the drop-offs still export; reloading the link shows the same funnel.
 */

type StepResult = { event: string; count: number };
type FunnelAnswer = {
  steps: StepResult[];
  timeToConvert: { fromSeconds: number; toSeconds: number; count: number }[];
  breakdowns?: { value: string; steps: StepResult[] }[];
  trends?: { period: string; entered: number; converted: number; conversionRate: number }[];
};

const LABELS = {
  'zh-CN': {
    title: '漏斗分析',
    step3: '第 3 步',
    property: '属性名',
    operator: '条件',
    value: '值',
    excludedEvent: '排除的事件',
    exclusionTo: '排除区间终点',
    breakdown: '分组',
    interval: '趋势周期',
    ttcTitle: '转化时长分布',
    trendTitle: '转化趋势（按进入周期）',
    total: (n: number) => `共 ${n.toLocaleString('en')} 个`,
    converted: (n: number) => `${n.toLocaleString('en')} 个完成全部步骤`,
  },
  en: {
    title: 'Funnel analysis',
    step3: 'Step 3',
    property: 'Property name',
    operator: 'Operator',
    value: 'Value',
    excludedEvent: 'Excluded event',
    exclusionTo: 'Exclusion ends before',
    breakdown: 'Breakdown',
    interval: 'Trend period',
    ttcTitle: 'Time to convert',
    trendTitle: 'Conversion trend (by period of entry)',
    total: (n: number) => `${n.toLocaleString('en')} in all`,
    converted: (n: number) => `${n.toLocaleString('en')} completed every step`,
  },
} as const;

/** What to build: a filter on step 1, an exclusion, optionally a breakdown and a trend period (each as shown). */
type Spec = {
  filter: { name: string; operator?: string; value: string; node: Record<string, unknown>; tag: string };
  exclusion: { event: string; toStep: number; toLabel?: string; tag: string };
  breakdown?: { label: string; node: { source: string; name: string } };
  interval?: { label: string; value: string };
};

async function pick(page: Page, combobox: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: combobox, exact: true }).click();
  const dropdown = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last();
  await dropdown.getByText(option, { exact: true }).first().click();
  await dropdown.waitFor({ state: 'hidden' });
}

const counts = async (page: Page) =>
  (await page.getByTestId('funnel-count').allInnerTexts()).map((s) => Number(s.replace(/,/g, '')));

export function analysisFunnelCases(w: WorldRef): void {
  describe('funnel builder: filters, exclusions, breakdown, time to convert, trend', () => {
    const build = async (locale: 'zh-CN' | 'en', spec: Spec) => {
      const { page, url } = w();
      const L = LABELS[locale];
      await page.goto(`${url}/analysis/funnels`);
      await page.getByTestId('funnel-builder').waitFor();
      await page.getByRole('heading', { name: L.title }).waitFor();

      // Third step, typed.
      await page.getByTestId('funnel-add-step').click();
      const third = page.getByRole('combobox', { name: L.step3 });
      await third.fill('order_placed');
      await third.press('Enter');
      await page.waitForURL(/step=order_placed/);

      // A filter on step 1 through its form; only a complete filter is added.
      await page.getByTestId('funnel-add-filter-0').click();
      const apply = page.getByTestId('funnel-add-filter-0-apply');
      expect(await apply.isDisabled()).toBe(true);
      await page.getByRole('combobox', { name: L.property, exact: true }).fill(spec.filter.name);
      if (spec.filter.operator) await pick(page, L.operator, spec.filter.operator);
      await page.getByRole('textbox', { name: L.value, exact: true }).fill(spec.filter.value);
      if (locale === 'zh-CN') {
        await page.waitForTimeout(400); // the popover's opening motion
        await w().shot('funnel-filter-form-zh');
      }
      await apply.click();
      await page.waitForURL(/[?&]sf=/);
      expect(await page.getByTestId('funnel-filters-0').textContent()).toContain(spec.filter.tag);

      // An exclusion.
      await page.getByTestId('funnel-add-exclusion').click();
      await page.getByRole('combobox', { name: L.excludedEvent, exact: true }).fill(spec.exclusion.event);
      if (spec.exclusion.toLabel) await pick(page, L.exclusionTo, spec.exclusion.toLabel);
      await page.getByTestId('funnel-exclusion-apply').click();
      await page.waitForURL(/[?&]ex=/);
      expect(await page.getByTestId('funnel-exclusion-0').textContent()).toBe(spec.exclusion.tag);

      if (spec.breakdown) {
        await pick(page, L.breakdown, spec.breakdown.label);
        await page.waitForURL(/[?&]breakdown=/);
      }
      if (spec.interval) {
        await pick(page, L.interval, spec.interval.label);
        await page.waitForURL(new RegExp(`interval=${spec.interval.value}`));
      }

      const params = new URL(page.url()).searchParams;
      expect(params.getAll('step')).toEqual(['product_view', 'add_to_cart', 'order_placed']);
      const node = {
        kind: 'FunnelQuery',
        steps: [
          { event: 'product_view', filters: [spec.filter.node] },
          { event: 'add_to_cart' },
          { event: 'order_placed' },
        ],
        window: { value: 14, unit: 'day' },
        order: 'ordered',
        aggregateBy: 'person',
        exclusions: [{ event: spec.exclusion.event, fromStep: 0, toStep: spec.exclusion.toStep }],
        ...(spec.breakdown ? { breakdown: { property: spec.breakdown.node, limit: 10 } } : {}),
        trends: { interval: spec.interval?.value ?? 'day' },
        dateRange: { from: params.get('from'), to: params.get('to') },
        timezone: 'Asia/Shanghai',
      };
      return { params, node };
    };

    /** Counts, histogram and trend on the page equal the answer of the same node; the export still works. */
    const check = async (locale: 'zh-CN' | 'en', node: Record<string, unknown>) => {
      const { page } = w();
      const L = LABELS[locale];
      const answer = await w().adminApi<FunnelAnswer>('/api/query', { body: node });
      const expected = answer.steps.map((s) => s.count);
      await expect.poll(() => counts(page), { timeout: 30_000 }).toEqual(expected);
      const unfiltered = await w().adminApi<FunnelAnswer>('/api/query', {
        body: { ...node, steps: [{ event: 'product_view' }, { event: 'add_to_cart' }, { event: 'order_placed' }] },
      });
      console.log(
        `[console] funnel (${locale}) with a step filter and an exclusion: ${expected.join(' → ')}` +
          ` (without the filter ${unfiltered.steps.map((s) => s.count).join(' → ')})`,
      );
      expect(expected[0]).toBeGreaterThan(0);
      expect(expected[0]).toBeLessThan(unfiltered.steps[0]?.count ?? 0); // the filter bites
      await page.getByTestId('funnel-chart').locator('canvas').waitFor();

      // Time to convert: the bins of the answer, their sum = those who reached the last step.
      const converted = answer.timeToConvert.reduce((n, b) => n + b.count, 0);
      expect(converted).toBe(expected[2]);
      const ttc = page.getByTestId('funnel-ttc');
      await ttc.getByText(L.ttcTitle, { exact: true }).waitFor();
      await page.getByTestId('funnel-trend').getByText(L.trendTitle, { exact: true }).waitFor();
      expect(await ttc.getAttribute('data-counts')).toBe(answer.timeToConvert.map((b) => b.count).join(','));
      expect(await page.getByTestId('funnel-ttc-total').textContent()).toBe(L.converted(converted));
      if (converted > 0) await page.getByTestId('funnel-ttc-chart').locator('canvas').waitFor();

      // Trend: one point per period of entry, the rates of the answer.
      const trends = answer.trends ?? [];
      expect(trends.length).toBeGreaterThan(0);
      expect(await page.getByTestId('funnel-trend').getAttribute('data-rates')).toBe(
        trends.map((p) => p.conversionRate.toFixed(4)).join(','),
      );
      expect(trends.reduce((n, p) => n + p.entered, 0)).toBeGreaterThan(0);
      await page.getByTestId('funnel-trend-chart').locator('canvas').waitFor();

      if (answer.breakdowns) {
        const rows = page.locator('[data-testid="funnel-breakdown-table"] tbody tr.ant-table-row');
        await rows.first().waitFor();
        expect(await rows.count()).toBe(Math.min(answer.breakdowns.length, 10));
        await page.getByTestId('funnel-breakdown-chart').locator('canvas').waitFor();
      }

      // The drop-offs at step 2 (reached step 1, not step 2): listed and exported, all of them.
      const dropped = (expected[0] ?? 0) - (expected[1] ?? 0);
      await expect
        .poll(() => page.getByTestId('funnel-dropped').getByText(L.total(dropped), { exact: true }).count(), {
          timeout: 30_000,
        })
        .toBe(1);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('funnel-export').click()]);
      const csv = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
      const lines = csv.split('\r\n').filter((l) => l !== '');
      expect(lines.length - 1).toBe(Math.min(dropped, 10_000));
      if (dropped > 0) expect(lines[1]).toMatch(/,1,product_view,2,add_to_cart$/);
      return { expected, answer };
    };

    it('builds a funnel with a step filter and an exclusion in zh-CN, checks it against the API, and reloads it', async () => {
      const { page } = w();
      const { node } = await build('zh-CN', {
        filter: {
          name: 'slot',
          value: 'search',
          node: { property: { source: 'event', name: 'slot' }, operator: 'eq', value: 'search' },
          tag: 'slot 等于 search',
        },
        exclusion: { event: 'add_to_favorites', toStep: 1, tag: '排除 add_to_favorites：步骤 1 与步骤 2 之间' },
      });
      const { expected } = await check('zh-CN', node);
      await page.mouse.move(0, 0);
      await w().shot('funnel-advanced-zh');

      // The link is the state: the same steps, filter, exclusion and counts after a reload.
      await page.reload();
      await expect.poll(() => counts(page), { timeout: 30_000 }).toEqual(expected);
      expect(await page.getByTestId('funnel-filters-0').textContent()).toContain('slot 等于 search');
      expect(await page.getByTestId('funnel-exclusion-0').textContent()).toContain('add_to_favorites');
      await page.getByTestId('funnel-trend-chart').locator('canvas').waitFor();
    }, 120_000);

    it('builds one in English with a breakdown and a weekly trend, and reloads it', async () => {
      const { page, url } = w();
      await w().setLocale('en');
      try {
        const { node } = await build('en', {
          filter: {
            name: 'slot',
            operator: 'does not equal',
            value: 'search',
            node: { property: { source: 'event', name: 'slot' }, operator: 'neq', value: 'search' },
            tag: 'slot does not equal search',
          },
          exclusion: {
            event: 'add_to_favorites',
            toStep: 2,
            toLabel: 'Step 3: order_placed',
            tag: 'Exclude add_to_favorites between steps 1 and 3',
          },
          breakdown: { label: 'Region', node: { source: 'organization', name: 'region' } },
          interval: { label: 'Weekly', value: 'week' },
        });
        const { expected, answer } = await check('en', node);
        await page.mouse.move(0, 0);
        await w().shot('funnel-advanced-en');

        await page.reload();
        await expect.poll(() => counts(page), { timeout: 30_000 }).toEqual(expected);
        expect(await page.getByTestId('funnel-filters-0').textContent()).toContain('slot does not equal search');
        expect(await page.getByTestId('funnel-exclusion-0').textContent()).toContain('between steps 1 and 3');
        expect(
          await page.getByRole('combobox', { name: 'Breakdown', exact: true }).locator('..').textContent(),
        ).toContain('Region');
        await page.getByTestId('funnel-breakdown-chart').locator('canvas').waitFor();

        // One breakdown value's drop-offs: those of that value who reached step 1 and not step 2.
        const group = answer.breakdowns?.find((b) => b.value !== '(none)') ?? answer.breakdowns?.[0];
        if (!group) throw new Error('the breakdown gave no values');
        await pick(page, 'Breakdown value', group.value);
        await page.waitForURL(/[?&]dropby=/);
        const groupDropped = (group.steps[0]?.count ?? 0) - (group.steps[1]?.count ?? 0);
        await expect
          .poll(
            () => page.getByTestId('funnel-dropped').getByText(LABELS.en.total(groupDropped), { exact: true }).count(),
            { timeout: 30_000 },
          )
          .toBe(1);

        // Removing the exclusion (its tag's close button, a real button) takes it out of the link.
        await page.getByRole('button', { name: 'Remove exclusion' }).click();
        await page.waitForURL((u) => !u.searchParams.has('ex'));
        await page.getByTestId('funnel-exclusions').getByText('No exclusions').waitFor();
      } finally {
        await w().setLocale('zh-CN');
        await page.goto(`${url}/`);
        await page.getByTestId('overview').waitFor();
      }
    }, 120_000);
  });
}
