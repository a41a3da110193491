import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserSkipReason,
  type ConsoleWorld,
  openConsoleWorld,
  signIn,
  TRADELOOP_BIN,
} from './console-world.browser.js';

/**
 * The console's speed with the MEDIUM demo (≈1M events), measured in Chromium with the Performance API and printed:
 * for every page in the navigation, (1) a full load of its URL: the first meaningful render (`tl:render:<page>`,
 * the page's frame drawn; lib/perf.ts) and the data shown (`tl:ready:<page>`, query time included), and (2) the
 * interaction of opening it from the sider: click → the new page's frame, which excludes query time. Targets (issue
 * 6): first render ≤ 1.5 s, interaction ≤ 300 ms.
 *
 * TL_CONSOLE_PERF_SCALE=small runs it on the small demo (quicker, for working on it).
 */
const scale = process.env.TL_CONSOLE_PERF_SCALE ?? 'medium';
if (browserSkipReason !== '') console.warn(`[console perf test] skipped: ${browserSkipReason}`);

/** Tomorrow in Beijing: the demo's `--end` is exclusive, so the data runs through today. */
function demoEnd(): string {
  return new Date(Date.now() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
}

type Marks = Record<string, number>;
const readMarks = (page: Page) =>
  page.evaluate<Marks>(
    "Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('tl:')).map((m) => [m.name, m.startTime]))",
  );
const firstMark = (marks: Marks, prefix: string, after = -1) =>
  Object.entries(marks)
    .filter(([name, at]) => name.startsWith(prefix) && at >= after)
    .sort((a, b) => a[1] - b[1])[0];

describe.skipIf(browserSkipReason !== '')(`console performance on the ${scale} demo`, () => {
  let world: ConsoleWorld;
  let close: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const opened = await openConsoleWorld({
      env: { TRADELOOP_DEMO: scale === 'small' ? '1' : '0' },
      prepare: (dataDir) => {
        if (scale === 'small') return;
        const started = Date.now();
        execFileSync(
          process.execPath,
          [
            TRADELOOP_BIN,
            'demo',
            '--scale',
            scale,
            '--mode',
            'bulk',
            '--end',
            demoEnd(),
            '-d',
            dataDir,
            '--no-progress',
          ],
          { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, LOG_LEVEL: 'warn' } },
        );
        console.log(`[console perf] ${scale} demo loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      },
    });
    world = opened.world;
    close = opened.close;
    await signIn(world);
  }, 900_000);

  afterAll(async () => {
    await close?.();
  });

  it('renders every page within 1.5 s of loading it and opens each from the sider within 300 ms', async () => {
    const { page } = world;
    // Layout shifts (the Cumulative Layout Shift of web vitals) of every document from now on: "nothing jumps while
    // loading" as a number.
    await world.context.addInitScript(
      "window.__tlCls = 0; new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__tlCls += e.value; }).observe({ type: 'layout-shift', buffered: true });",
    );
    await page.getByTestId('overview').waitFor();
    // Measure from a settled start: the sign-in's overview has its figures (its queries no longer hold the server).
    await page.waitForFunction(
      "performance.getEntriesByType('mark').some((m) => m.name === 'tl:ready:overview')",
      undefined,
      {
        timeout: 60_000,
      },
    );
    const links = await page
      .locator('.ant-layout-sider .ant-menu-item')
      .evaluateAll((items) => items.map((i) => i.getAttribute('data-menu-id')?.replace(/^.*?-(?=\/)/, '') ?? ''));
    const paths = links.filter((p) => p.startsWith('/'));
    expect(paths.length).toBeGreaterThan(10);

    type Row = { path: string; render: number; ready: number | null; click: number; cls: number };
    const rows: Row[] = [];
    for (const path of paths) {
      // (1) A full load of the page's URL: navigation start → the page's first frame, and → its data. Three loads
      // (the test shares the machine with other suites): the median of each figure, the worst layout shift.
      const loads: { render: number; ready: number | null; cls: number }[] = [];
      for (let trial = 0; trial < 3; trial++) {
        await page.goto(`${world.url}${path}`);
        await page
          .waitForFunction("performance.getEntriesByType('mark').some((m) => m.name.startsWith('tl:render:'))")
          .catch(() => {
            throw new Error(`${path} made no tl:render mark: call usePageMarks (src/lib/perf.ts) in its page`);
          });
        await page
          .waitForFunction(
            "performance.getEntriesByType('mark').some((m) => m.name.startsWith('tl:ready:'))",
            undefined,
            {
              timeout: 60_000,
            },
          )
          .catch(() => undefined);
        const loaded = await readMarks(page);
        const render = firstMark(loaded, 'tl:render:')?.[1] ?? Number.NaN;
        const ready = firstMark(loaded, 'tl:ready:')?.[1] ?? null;
        await page.waitForTimeout(300); // late shifts (a chart sizing itself) count too
        const cls = await page.evaluate<number>('window.__tlCls ?? 0');
        loads.push({ render, ready, cls });
      }
      const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[1] ?? Number.NaN;
      const render = median(loads.map((l) => l.render));
      const readies = loads.flatMap((l) => (l.ready === null ? [] : [l.ready]));
      const ready = readies.length === 3 ? median(readies) : null;
      const cls = Math.max(...loads.map((l) => l.cls));

      // (2) The interaction, three times on a fresh document each (a single sample on a shared 2-core machine is
      // noise-prone): the median is the figure.
      const clicks: number[] = [];
      for (let trial = 0; trial < 3; trial++) {
        // (2) The interaction: from another page (the overview, or for the overview the next page), click the page in
        // the sider → its first frame (no query time). A fresh document holds only the marks made after the click.
        const from = path === '/' ? (paths[1] ?? '/') : '/';
        await page.goto(`${world.url}${from}`);
        // The operator clicks once the page is up: by then the idle-time prefetch has brought every page's chunk in.
        await page.waitForFunction(
          "performance.getEntriesByType('mark').some((m) => m.name === 'tl:prefetched')",
          undefined,
          {
            timeout: 60_000,
          },
        );
        // And once the page's own queries have answered and been drawn (no request in flight for 500 ms): their
        // rendering is query time, which the interaction target leaves out.
        await page.waitForLoadState('networkidle');
        // The click's own time (the event's timeStamp), not when the test asked for it: Playwright's actionability
        // checks before a click are not the console's response time.
        await page.evaluate(
          "document.addEventListener('click', (e) => performance.mark('tl:click', { startTime: e.timeStamp }), { capture: true, once: true })",
        );
        await page.locator(`.ant-layout-sider .ant-menu-item[data-menu-id$="-${path}"]`).click();
        await page.waitForFunction("performance.getEntriesByType('mark').some((m) => m.name === 'tl:click')");
        const clickAt = await page.evaluate<number>("performance.getEntriesByName('tl:click')[0].startTime");
        await page.waitForFunction(
          `performance.getEntriesByType('mark').some((m) => m.name.startsWith('tl:render:') && m.startTime >= ${clickAt})`,
        );
        const after = await readMarks(page);
        const shown = Object.entries(after)
          .filter(([n, at]) => n.startsWith('tl:render:') && at >= clickAt)
          .sort((a, b) => a[1] - b[1])[0];
        clicks.push((shown?.[1] ?? Number.NaN) - clickAt);
      }
      const click = [...clicks].sort((x, y) => x - y)[1] ?? Number.NaN;
      rows.push({ path, render, ready, click, cls });
    }

    const ms = (n: number | null) => (n === null ? '—' : `${Math.round(n)} ms`);
    console.log(
      `[console perf] ${scale} demo, per page: first render (full load) / data shown (medians of 3) / open from the sider (median of 3) / worst layout shift\n${rows
        .map(
          (r) =>
            `  ${r.path.padEnd(28)} ${ms(r.render).padStart(8)} ${ms(r.ready).padStart(9)} ${ms(r.click).padStart(8)} ${r.cls.toFixed(3).padStart(7)}`,
        )
        .join('\n')}`,
    );
    const worst = (k: 'render' | 'click') => Math.max(...rows.map((r) => r[k]));
    console.log(
      `[console perf] worst first render ${ms(worst('render'))}, worst sider interaction ${ms(worst('click'))}`,
    );
    console.log(
      `[console perf] worst layout shift ${Math.max(...rows.map((r) => r.cls)).toFixed(3)} (web vitals: ≤ 0.1 is good)`,
    );
    for (const r of rows) {
      expect(r.cls, `${r.path} layout shift while loading`).toBeLessThanOrEqual(0.1);
      expect(r.render, `${r.path} first render`).toBeLessThanOrEqual(1500);
      expect(r.click, `${r.path} open from the sider`).toBeLessThanOrEqual(300);
    }
  }, 900_000);
});
