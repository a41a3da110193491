import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, type WorldRef } from '../console-world.browser.js';

/**
 * Browser cases of the boards area, run by console.browser.test.ts after the shell's sign-in (the
 * shared page is signed in as the admin operator, in zh-CN, on the overview). Each case leaves the page on the
 * overview in zh-CN.
 *
 * Two saved queries are made through the API (GMV of the last 30 days, a browse → order → pay funnel); a board is
 * created in the page, both are added as tiles and drawn from real demo numbers (the GMV figure equals the API's
 * answer), a tile is moved and resized and the order survives a reload; the saved queries page lists and exports
 * them and pins one to the board; the board is shared, and seen by a second operator of the same scope (read only,
 * the same figure) but not by one of another scope.
 */

type Board = { id: string; name: string; shared: boolean; tiles: { id: string; title: string; size: string }[] };
type Trends = { lines: { series: number | null; breakdownValue: string | null; total: number | null }[] };
type Funnel = { steps: { count: number }[] };

/** Today and 29 days before, in Asia/Shanghai (the console's time zone). */
function last30(): { from: string; to: string } {
  const now = Date.now() + 8 * 3_600_000;
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: day(now - 29 * 86_400_000), to: day(now) };
}

const money = (fen: number) =>
  `¥${(fen / 100).toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export function boardsCases(w: WorldRef): void {
  describe('boards', () => {
    const range = last30();
    const gmvNode = {
      kind: 'TrendsQuery',
      series: [{ event: 'order_paid', math: 'sum', property: 'total', name: 'GMV' }],
      interval: 'day',
      dateRange: range,
      timezone: 'Asia/Shanghai',
    };
    const funnelNode = {
      kind: 'FunnelQuery',
      steps: [{ event: 'product_view' }, { event: 'order_placed' }, { event: 'order_paid' }],
      window: { value: 14, unit: 'day' },
      order: 'ordered',
      dateRange: range,
      timezone: 'Asia/Shanghai',
    };
    let gmvName = '';
    let funnelName = '';
    let boardId = '';
    let gmvText = '';
    const suffix = Date.now().toString(36).slice(-4);

    const tileTitles = (page: Page) => page.getByTestId('tile-title').allInnerTexts();

    /** Picks an option of an antd Select by its visible text. */
    async function choose(page: Page, testId: string, text: string) {
      await page.getByTestId(testId).click();
      await page.locator('.ant-select-item-option').filter({ hasText: text }).first().click();
    }

    async function signInAs(email: string, password: string): Promise<Page> {
      const context = await w().browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${w().url}/sign-in`);
      await page.locator('input#email, input[type="email"], input[autocomplete="username"]').first().fill(email);
      await page.locator('input[type="password"]').fill(password);
      await page.locator('button[type="submit"]').click();
      await page.waitForURL((u) => u.pathname === '/');
      return page;
    }

    async function createOperator(name: string, scope: unknown): Promise<{ email: string; password: string }> {
      const email = `${name}-${suffix}@ops.example.com`;
      const password = 'boards-browser-test-1';
      const op = await w().adminApi<{ id: string }>('/api/operators', {
        body: { name: `${name} ${suffix}`, email, role: 'analyst', scope },
      });
      await w().adminApi(`/api/operators/${op.id}/password`, { method: 'PUT', body: { password } });
      return { email, password };
    }

    it('creates a board in the page, adds two saved queries as tiles and draws their real numbers', async () => {
      const { page, url } = w();
      gmvName = `GMV 近30天 ${suffix}`;
      funnelName = `浏览-下单-支付 ${suffix}`;
      await w().adminApi('/api/saved-queries', { body: { name: gmvName, query: gmvNode, view: 'number' } });
      await w().adminApi('/api/saved-queries', { body: { name: funnelName, query: funnelNode, view: 'funnel' } });
      const gmv = await w().adminApi<Trends>('/api/query', { body: gmvNode });
      const gmvTotal = gmv.lines.find((l) => l.series === 0 && l.breakdownValue === null)?.total ?? 0;
      expect(gmvTotal).toBeGreaterThan(0);
      gmvText = money(gmvTotal);
      const funnel = await w().adminApi<Funnel>('/api/query', { body: funnelNode });
      expect(funnel.steps[0]?.count).toBeGreaterThan(0);
      console.log(
        `[boards] GMV of ${range.from}..${range.to}: ${gmvText}; funnel ${funnel.steps.map((s) => s.count).join(' → ')}`,
      );

      await page.goto(`${url}/boards`);
      await page.getByTestId('boards-page').waitFor();
      expect(await page.getByRole('heading', { name: '看板' }).count()).toBe(1);
      await page.getByTestId('board-create').click();
      await page.getByTestId('board-name').fill(`华东经营周报 ${suffix}`);
      await page.getByTestId('board-create-ok').click();
      await page.waitForURL(/\/boards\/brd_/);
      boardId = new URL(page.url()).pathname.split('/').pop() ?? '';
      await page.getByText('这个看板还没有卡片').waitFor();

      for (const name of [gmvName, funnelName]) {
        await page.getByTestId('board-add-tile').first().click();
        await choose(page, 'add-tile-query', name);
        await expect.poll(() => page.getByTestId('add-tile-title').inputValue()).toBe(name);
        await page.getByTestId('add-tile-ok').click();
        await page.getByTestId('add-tile-ok').waitFor({ state: 'detached' });
      }
      expect(await tileTitles(page)).toEqual([gmvName, funnelName]);
      // Real numbers: the GMV tile shows the API's total, the funnel tile draws its chart.
      await expect.poll(() => page.getByTestId('tile-body-0').innerText(), { timeout: 30_000 }).toContain(gmvText);
      await page.getByTestId('tile-body-1').locator('canvas').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('tile-body-1').getAttribute('data-state')).toBe('done');
    });

    it('moves and resizes a tile, and a reload keeps the order and sizes', async () => {
      const { page } = w();
      const second = page.getByTestId('board-tile').nth(1);
      await second.getByTestId('tile-move-left').click();
      await expect.poll(() => tileTitles(page)).toEqual([funnelName, gmvName]);
      await page.getByTestId('board-tile').nth(0).getByTestId('tile-size').getByText('大').click();
      await expect
        .poll(async () =>
          (await w().adminApi<Board>(`/api/boards/${boardId}`)).tiles.map((t) => `${t.title}:${t.size}`),
        )
        .toEqual([`${funnelName}:large`, `${gmvName}:medium`]);
      await page.reload();
      await page.getByTestId('board-grid').waitFor();
      expect(await tileTitles(page)).toEqual([funnelName, gmvName]);
      // The large tile spans the whole row: the second tile sits below it.
      const [a, b] = await Promise.all([0, 1].map((i) => page.getByTestId('board-tile').nth(i).boundingBox()));
      expect(b?.y ?? 0).toBeGreaterThan((a?.y ?? 0) + (a?.height ?? 0) - 1);
      await expect.poll(() => page.getByTestId('tile-body-1').innerText(), { timeout: 30_000 }).toContain(gmvText);
      await page.getByTestId('tile-body-0').locator('canvas').waitFor({ timeout: 30_000 });
    });

    it('shares the board; an operator of the same scope sees it read-only, one of another scope does not', async () => {
      const { page, url } = w();
      await page.getByTestId('board-share').click();
      await expect.poll(async () => (await w().adminApi<Board>(`/api/boards/${boardId}`)).shared).toBe(true);
      await page.getByText('看板已共享给数据范围相同的运营人员').waitFor();
      await w().shot('board-zh');

      // The admin operator sees everything: a peer with the same (whole) scope, and an east-only analyst.
      const me = await w().adminApi<{ items: { email: string; scope: unknown }[] }>('/api/operators?limit=200');
      const scope = me.items.find((o) => o.email === ADMIN_EMAIL)?.scope ?? { regions: '*', businessLines: '*' };
      const peer = await createOperator('peer', scope);
      const east = await createOperator('east', { regions: ['east'], businessLines: '*' });

      const peerPage = await signInAs(peer.email, peer.password);
      try {
        await peerPage.goto(`${url}/boards`);
        const shared = peerPage.getByTestId('boards-shared');
        await shared.getByTestId(`board-link-${boardId}`).waitFor();
        expect(await peerPage.getByTestId('boards-mine').getByTestId(`board-link-${boardId}`).count()).toBe(0);
        await shared.getByTestId(`board-link-${boardId}`).click();
        await peerPage.getByTestId('board-readonly').waitFor();
        expect(await peerPage.getByTestId('board-share').count()).toBe(0);
        expect(await peerPage.getByTestId('tile-move-left').count()).toBe(0);
        // The tile re-runs as the peer: with the same scope, the same figure.
        await expect
          .poll(() => peerPage.getByTestId('tile-body-1').innerText(), { timeout: 30_000 })
          .toContain(gmvText);
        await w().shot('board-peer-zh', peerPage);
      } finally {
        await peerPage.context().close();
      }

      const eastPage = await signInAs(east.email, east.password);
      try {
        await eastPage.goto(`${url}/boards`);
        await eastPage.getByTestId('boards-shared').waitFor();
        await expect.poll(() => eastPage.getByTestId('boards-shared').innerText()).toContain('共享给我的看板（0）');
        expect(await eastPage.getByTestId(`board-link-${boardId}`).count()).toBe(0);
        await eastPage.goto(`${url}/boards/${boardId}`);
        await eastPage.getByTestId('board-error').waitFor();
        expect(await eastPage.getByTestId('board-error').innerText()).toContain('看板不存在，或没有共享给你');
      } finally {
        await eastPage.context().close();
      }
    });

    it('lists boards in both languages', async () => {
      const { page, url } = w();
      await page.goto(`${url}/boards`);
      const mine = page.getByTestId('boards-mine');
      await mine.getByTestId(`board-link-${boardId}`).waitFor();
      expect(await mine.innerText()).toContain('已共享');
      await w().shot('boards-zh');
      await w().setLocale('en');
      await page.getByRole('heading', { name: 'Boards' }).waitFor();
      await mine.getByTestId(`board-link-${boardId}`).waitFor();
      expect(await mine.innerText()).toContain('Shared');
      expect(await page.getByTestId('boards-shared').innerText()).toContain('Shared with me');
      await w().shot('boards-en');

      await page.goto(`${url}/boards/${boardId}`);
      await page.getByTestId('board-grid').waitFor();
      await page.getByText('Every tile is computed live with your data scope').waitFor();
      await expect.poll(() => page.getByTestId('tile-body-1').innerText(), { timeout: 30_000 }).toContain(gmvText);
      await page.getByTestId('tile-body-0').locator('canvas').waitFor({ timeout: 30_000 });
      expect(await page.getByRole('button', { name: 'Add a tile' }).count()).toBe(1);
      await w().shot('board-en');
      await w().setLocale('zh-CN');
    });

    it('lists, exports, opens and pins saved queries', async () => {
      const { page, url } = w();
      await page.goto(`${url}/saved-queries`);
      await page.getByRole('heading', { name: '已存查询' }).waitFor();
      const table = page.getByTestId('saved-queries-table');
      await table.getByText(gmvName).waitFor();
      await table.getByText(funnelName).waitFor();
      expect(await table.innerText()).toContain('product_view → order_placed → order_paid');

      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: /导出 CSV/ }).click();
      const csv = readFileSync((await (await download).path()) ?? '', 'utf8');
      expect(csv).toContain(gmvName);
      expect(csv).toContain(funnelName);
      expect(csv).toContain('order_paid');

      await w().shot('saved-queries-zh');

      // Open: the saved query runs and draws as its tile does; pin it to the board from there.
      await table.getByRole('button', { name: gmvName, exact: true }).click();
      await expect
        .poll(() => page.getByTestId('saved-query-preview').innerText(), { timeout: 30_000 })
        .toContain(gmvText);
      await page.waitForTimeout(500); // the dialog's opening animation
      await w().shot('saved-query-open-zh');
      await page.getByTestId('pin-to-board').click();
      await page.getByTestId('pin-title').fill(`GMV 趋势 ${suffix}`);
      await page.locator('.ant-radio-button-wrapper').filter({ hasText: '折线图' }).click();
      await choose(page, 'pin-board', `华东经营周报 ${suffix}`);
      await page.getByTestId('pin-save').click();
      await page.getByTestId('pin-done').waitFor();
      await page.getByTestId('pin-open-board').click();
      await page.waitForURL(new RegExp(`/boards/${boardId}$`));
      await expect.poll(() => tileTitles(page)).toEqual([funnelName, gmvName, `GMV 趋势 ${suffix}`]);
      await page.getByTestId('tile-body-2').locator('canvas').waitFor({ timeout: 30_000 });
      const board = await w().adminApi<Board & { tiles: { savedQueryId: string | null; query: unknown }[] }>(
        `/api/boards/${boardId}`,
      );
      expect(board.tiles[2]).toMatchObject({ savedQueryId: expect.any(String), query: gmvNode });

      // Remove the pinned tile again.
      await page.getByTestId('board-tile').nth(2).getByTestId('tile-remove').click();
      await page.getByTestId('tile-remove-ok').click();
      await expect.poll(() => tileTitles(page)).toEqual([funnelName, gmvName]);

      await page.goto(`${url}/saved-queries`);
      await w().setLocale('en');
      await page.getByRole('heading', { name: 'Saved queries' }).waitFor();
      await table.getByText(funnelName).waitFor();
      expect(await table.innerText()).toContain('Funnel');
      expect(await page.getByRole('button', { name: /Export CSV/ }).count()).toBe(1);
      await w().shot('saved-queries-en');

      await w().setLocale('zh-CN');
      await page.goto(`${url}/`);
      await page.getByTestId('overview').waitFor();
    });
  });
}
