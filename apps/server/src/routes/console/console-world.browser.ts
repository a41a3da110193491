import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { freePort } from '@tradeloop/storage/testing';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/**
 * The browser tests' world: the console built, the real `tradeloop start` with a demo loaded, Debian's Chromium,
 * and an operator signed in. Area test cases (cases/*.case.ts) get it through a `() => ConsoleWorld` and use its
 * page, the admin API and the screenshot helper; screenshots go to test-artifacts/console/.
 */
export const CHROMIUM = '/usr/bin/chromium';
const repo = fileURLToPath(new URL('../../../../../', import.meta.url));
const consoleDir = join(repo, 'apps/console');
/**
 * Where the tests build the console. TL_CONSOLE_TEST_DIST gives a run its own directory (served through
 * TRADELOOP_CONSOLE_DIR), so runs side by side never serve each other's half-written builds.
 */
const dist = process.env.TL_CONSOLE_TEST_DIST ?? join(consoleDir, 'dist');
export const TRADELOOP_BIN = join(repo, 'apps/cli/bin/tradeloop.js');
const bin = TRADELOOP_BIN;
export const ARTIFACTS = join(repo, 'test-artifacts/console');
const cliBuilt = existsSync(join(repo, 'apps/cli/dist/main.js'));

/** Why the browser tests cannot run here ('' when they can); printed by the test files that skip. */
export const browserSkipReason = !existsSync(CHROMIUM)
  ? `${CHROMIUM} is missing (apt-get install chromium fonts-wqy-microhei)`
  : !cliBuilt
    ? 'apps/cli/dist is missing: run `npx tsc -b` first (npm test does)'
    : '';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--headless',
];
export const ADMIN_EMAIL = 'admin@tradeloop.local';
export const ADMIN_PASSWORD = 'console-browser-test-1';

function newestMtime(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((f) => newestMtime(join(path, f))));
}

/** Builds the console unless dist is newer than every source file (a fresh build is reused). */
export function buildConsole(): void {
  const index = join(dist, 'index.html');
  const sources = Math.max(
    newestMtime(join(consoleDir, 'src')),
    newestMtime(join(consoleDir, 'index.html')),
    newestMtime(join(consoleDir, 'vite.config.ts')),
  );
  if (existsSync(index) && statSync(index).mtimeMs > sources) {
    console.log('[console] reusing the fresh build in apps/console/dist');
    return;
  }
  const started = Date.now();
  const args = [
    join(repo, 'node_modules/vite/bin/vite.js'),
    'build',
    '--logLevel',
    'warn',
    '--outDir',
    dist,
    '--emptyOutDir',
  ];
  execFileSync(process.execPath, args, {
    cwd: consoleDir,
    // Vitest sets NODE_ENV=test, which would give React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: 'inherit',
  });
  console.log(`[console] built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Every chunk's gzip size; the entry chunk is the one index.html loads as its module script. */
export function chunkSizes(): { entry: string; sizes: Map<string, number> } {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const entry = /<script type="module"[^>]*src="\/assets\/([^"]+)"/.exec(html)?.[1] ?? '';
  const sizes = new Map<string, number>();
  for (const f of readdirSync(join(dist, 'assets'))) {
    if (f.endsWith('.js')) sizes.set(f, gzipSync(readFileSync(join(dist, 'assets', f))).length);
  }
  return { entry, sizes };
}

export type Started = { child: ChildProcess; url: string; token: string; output: () => string };

/** `tradeloop start` on a fresh data directory; the first start loads the demo (`TRADELOOP_DEMO`). */
export async function startTradeloop(dataDir: string, env: Record<string, string> = {}): Promise<Started> {
  const port = await freePort();
  const child = spawn(process.execPath, [bin, 'start', '--port', String(port), '--data-dir', dataDir], {
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      TRADELOOP_DEMO: '1',
      TRADELOOP_ADMIN_PASSWORD: ADMIN_PASSWORD,
      TRADELOOP_CONSOLE_DIR: dist,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const deadline = Date.now() + 240_000; // the first start loads the demo (small: 10–25 s; more on a busy machine)
  while (!/Admin token:\s+(\S+)/.test(out)) {
    if (child.exitCode !== null) throw new Error(`tradeloop start exited ${child.exitCode}: ${out}`);
    if (Date.now() > deadline) throw new Error(`tradeloop start printed no admin token: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    url: /running at (\S+)/.exec(out)?.[1] ?? '',
    token: /Admin token:\s+(\S+)/.exec(out)?.[1] ?? '',
    output: () => out,
  };
}

export type ConsoleWorld = {
  /** The server's base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  /** The admin token (for `adminApi`: set up or check data behind the page's back). */
  token: string;
  browser: Browser;
  context: BrowserContext;
  /** The shared page; it is signed in (as the admin operator) once the shell's sign-in test has run. */
  page: Page;
  /** Full-page screenshot of `page` (or of `on`) to test-artifacts/console/<name>.png. */
  shot: (name: string, on?: Page) => Promise<void>;
  /** A JSON API call with the admin token; fails the test on a non-2xx answer. */
  adminApi: <T>(path: string, init?: { method?: string; body?: unknown }) => Promise<T>;
  /** Switches the console's language on `page` (remembered in localStorage) and reloads. */
  setLocale: (locale: 'zh-CN' | 'en', on?: Page) => Promise<void>;
};

export type WorldRef = () => ConsoleWorld;

/**
 * Builds the console, starts the server on a fresh data directory (the first start loads the small demo; `prepare`
 * can fill the directory first, e.g. with a bigger demo, and `env` can turn the first-start demo off), launches
 * Chromium. The caller signs in.
 */
export async function openConsoleWorld(
  options: { env?: Record<string, string>; prepare?: (dataDir: string) => void | Promise<void> } = {},
): Promise<{ world: ConsoleWorld; close: () => Promise<void> }> {
  buildConsole();
  const root = mkdtempSync(join(tmpdir(), 'tl-console-browser-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  await options.prepare?.(join(root, 'data'));
  const started = Date.now();
  const server = await startTradeloop(join(root, 'data'), options.env ?? {});
  console.log(`[console] tradeloop start with the demo: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  const context = await browser.newContext({
    locale: 'zh-CN',
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const world: ConsoleWorld = {
    url: server.url,
    token: server.token,
    browser,
    context,
    page,
    shot: async (name, on) => {
      await (on ?? page).screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    },
    adminApi: async <T>(path: string, init: { method?: string; body?: unknown } = {}) => {
      const res = await fetch(`${server.url}${path}`, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
    setLocale: async (locale, on) => {
      const p = on ?? page;
      await p.evaluate(`localStorage.setItem('tradeloop.locale', ${JSON.stringify(locale)})`);
      await p.reload();
    },
  };
  const close = async () => {
    await browser.close();
    if (server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await new Promise((r) => server.child.once('exit', r));
    }
    rmSync(root, { recursive: true, force: true });
  };
  return { world, close };
}

/** Signs `page` in through the sign-in form (zh-CN or en labels) and waits for the overview. */
export async function signIn(world: ConsoleWorld, on?: Page): Promise<void> {
  const page = on ?? world.page;
  await page.goto(`${world.url}/sign-in`);
  await page.locator('input#email, input[type="email"], input[autocomplete="username"]').first().fill(ADMIN_EMAIL);
  await page.locator('input[type="password"]').fill(ADMIN_PASSWORD);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((u) => u.pathname === '/');
}
