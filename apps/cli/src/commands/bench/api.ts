import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import cliProgress from 'cli-progress';
import { freePort } from './net.js';

export type ApiBenchOptions = {
  json?: boolean;
  duration: string;
  connections: string;
  url?: string;
  token?: string;
  databaseUrl?: string;
};

export type RouteFigures = {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
};

export type ApiBenchResult = {
  benchmark: 'api';
  store: string;
  durationSeconds: number;
  connections: number;
  /** Each route driven alone. */
  routes: Record<string, RouteFigures>;
  /** The three routes driven at the same time (connections split between them). */
  mix: Record<string, RouteFigures>;
  seed: { suppliers: number; buyers: number; products: number };
};

type Seed = { productIds: string[]; buyerTokens: string[]; categoryId: string; moq: number };

const cliMain = fileURLToPath(new URL('../../main.js', import.meta.url));

async function call<T>(base: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`seeding ${method} ${path} → ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** Builds the bench's marketplace through the public API: suppliers with products, buyers with member tokens. */
async function seed(base: string, adminToken: string, log: (s: string) => void): Promise<Seed & { suppliers: number }> {
  const suffix = Date.now().toString().slice(-6);
  const category = await call<{ id: string }>(base, adminToken, 'POST', '/api/categories', {
    name: `压测钢材 ${suffix}`,
  });
  const moq = 5;
  const productIds: string[] = [];
  const suppliers = 4;
  for (let s = 0; s < suppliers; s++) {
    const supplier = await call<{ id: string }>(base, adminToken, 'POST', '/api/organizations', {
      name: `压测供应商 ${suffix}-${s}`,
      kind: 'supplier',
      creditCode: creditCode(1, suffix, s),
      industry: 'steel',
      region: 'east',
      businessLine: 'steel',
    });
    for (let p = 0; p < 50; p++) {
      const product = await call<{ id: string }>(base, adminToken, 'POST', '/api/products', {
        supplierId: supplier.id,
        categoryId: category.id,
        title: `热轧卷板 Q235B ${s}-${p}`,
        description: '宽幅热轧卷板，厚度 3.0-12mm',
        attributes: { material: 'Q235B', thickness: `${3 + (p % 9)}mm` },
        unit: '吨',
        moq,
        stock: 1_000_000_000,
        status: 'active',
        tiers: [
          { minQuantity: moq, unitPrice: 420_000 },
          { minQuantity: 50, unitPrice: 410_000 },
          { minQuantity: 200, unitPrice: 398_000 },
        ],
      });
      productIds.push(product.id);
    }
    // One supplier per order: the bench orders from supplier 0's products only when placing (see below).
  }
  log(`seeded ${suppliers} suppliers, ${productIds.length} products`);
  const buyerTokens: string[] = [];
  for (let b = 0; b < 20; b++) {
    const buyer = await call<{ id: string }>(base, adminToken, 'POST', '/api/organizations', {
      name: `压测采购商 ${suffix}-${b}`,
      kind: 'buyer',
      creditCode: creditCode(2, suffix, b),
      industry: 'construction',
      region: b % 2 ? 'east' : 'north',
      businessLine: 'steel',
    });
    const contact = await call<{ id: string }>(base, adminToken, 'POST', `/api/organizations/${buyer.id}/contacts`, {
      name: `采购员${b}`,
      phone: `1390000${String(b).padStart(4, '0')}`,
      email: `buyer${b}-${suffix}@bench.example.com`,
      role: 'purchaser',
    });
    const { token } = await call<{ token: string }>(base, adminToken, 'POST', `/api/contacts/${contact.id}/tokens`, {
      label: 'bench',
    });
    buyerTokens.push(token);
  }
  log(`seeded ${buyerTokens.length} buyers with member tokens`);
  return { productIds, buyerTokens, categoryId: category.id, moq, suppliers };
}

/** A syntactically valid, unique 18-character unified social credit code: 91 + kind digit + run suffix + serial. */
function creditCode(kind: 1 | 2, suffix: string, serial: number): string {
  return `91${kind}${suffix.padStart(6, '0').slice(-6)}${String(serial).padStart(9, '0')}`;
}

type Phase = { name: string; requests: autocannon.Request[] };

function phases(seed: Seed): Phase[] {
  let i = 0;
  const next = () => i++;
  // Orders must come from one supplier: the first 50 products belong to supplier 0.
  const orderProducts = seed.productIds.slice(0, 50);
  return [
    {
      name: 'GET /api/products/:id',
      requests: [
        {
          method: 'GET',
          setupRequest: (req: autocannon.Request) => {
            const n = next();
            return {
              ...req,
              path: `/api/products/${seed.productIds[n % seed.productIds.length]}`,
              headers: { authorization: `Bearer ${seed.buyerTokens[n % seed.buyerTokens.length]}` },
            };
          },
        },
      ],
    },
    {
      name: 'POST /api/rfqs',
      requests: [
        {
          method: 'POST',
          setupRequest: (req: autocannon.Request) => {
            const n = next();
            return {
              ...req,
              path: '/api/rfqs',
              headers: {
                authorization: `Bearer ${seed.buyerTokens[n % seed.buyerTokens.length]}`,
                'content-type': 'application/json',
              },
              body: JSON.stringify({
                categoryId: seed.categoryId,
                title: `求购热轧卷板 ${n}`,
                description: 'Q235B，厚度 6mm，宽 1500mm，月底前交货',
                quantity: 100 + (n % 400),
                unit: '吨',
                targetUnitPrice: 400_000,
                deadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
                deliveryRegion: 'east',
              }),
            };
          },
        },
      ],
    },
    {
      name: 'POST /api/orders',
      requests: [
        {
          method: 'POST',
          setupRequest: (req: autocannon.Request) => {
            const n = next();
            return {
              ...req,
              path: '/api/orders',
              headers: {
                authorization: `Bearer ${seed.buyerTokens[n % seed.buyerTokens.length]}`,
                'content-type': 'application/json',
                'idempotency-key': `bench-${process.pid}-${n}`,
              },
              body: JSON.stringify({
                items: [
                  { productId: orderProducts[n % orderProducts.length], quantity: seed.moq + (n % 300) },
                  { productId: orderProducts[(n + 7) % orderProducts.length], quantity: seed.moq + (n % 40) },
                ],
              }),
            };
          },
        },
      ],
    },
  ];
}

function figures(r: autocannon.Result): RouteFigures {
  return {
    requestsPerSecond: Math.round(r.requests.total / r.duration),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

function drive(url: string, phase: Phase, connections: number, duration: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url, connections, duration, requests: phase.requests, pipelining: 1 },
      (err: Error | null, result: autocannon.Result) => (err ? reject(err) : resolve(result)),
    );
    instance.on('error', reject);
  });
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs = 30_000): Promise<string> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`bench server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return ((await res.json()) as { store: string }).store;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`bench server did not answer ${url}/health within ${timeoutMs} ms`);
}

/** Runs the API benchmark and returns its figures; progress goes to stderr so --json output stays clean. */
export async function runApiBench(opts: ApiBenchOptions): Promise<ApiBenchResult> {
  const duration = Number(opts.duration);
  const connections = Number(opts.connections);
  if (!(duration > 0) || !(connections > 0)) throw new Error('--duration and --connections must be positive numbers');
  const log = (s: string) => process.stderr.write(`${s}\n`);

  let url = opts.url;
  let adminToken = opts.token;
  let child: ChildProcess | undefined;
  let dataDir: string | undefined;
  if (url && !adminToken) throw new Error('--url needs --token (the admin token of that server)');
  if (!url) {
    dataDir = mkdtempSync(join(tmpdir(), 'tradeloop-bench-'));
    const port = await freePort();
    adminToken = `bench-${process.pid}-${Date.now()}`;
    url = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [cliMain, 'start', '--port', String(port), '--data-dir', dataDir], {
      env: {
        ...process.env,
        TRADELOOP_ADMIN_TOKEN: adminToken,
        TRADELOOP_DEMO: '0',
        LOG_LEVEL: 'warn',
        ...(opts.databaseUrl ? { TRADELOOP_DATABASE_URL: opts.databaseUrl } : {}),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    log(`started a bench server on ${url} (data in ${dataDir})`);
  }
  try {
    const store = child
      ? await waitForHealth(url, child)
      : ((await (await fetch(`${url}/health`)).json()) as { store: string }).store;
    const seeded = await seed(url, adminToken as string, log);
    const all = phases(seeded);
    const bar = new cliProgress.SingleBar(
      { format: 'bench api |{bar}| {value}/{total} s  {phase}', stream: process.stderr, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    const totalSeconds = duration * (all.length + 1) + 1;
    bar.start(totalSeconds, 0, { phase: '' });
    let elapsed = 0;
    const ticker = setInterval(() => bar.update(Math.min(++elapsed, totalSeconds)), 1000);
    const routes: Record<string, RouteFigures> = {};
    try {
      // Warm-up: JIT, statement caches, page cache.
      await drive(url, all[0] as Phase, 4, 1);
      for (const phase of all) {
        bar.update(elapsed, { phase: phase.name });
        routes[phase.name] = figures(await drive(url, phase, connections, duration));
      }
      bar.update(elapsed, { phase: 'mix' });
      const per = Math.max(1, Math.floor(connections / all.length));
      const mixed = await Promise.all(all.map((phase) => drive(url as string, phase, per, duration)));
      const mix: Record<string, RouteFigures> = {};
      all.forEach((phase, i) => {
        mix[phase.name] = figures(mixed[i] as autocannon.Result);
      });
      bar.update(totalSeconds, { phase: 'done' });
      bar.stop();
      const result: ApiBenchResult = {
        benchmark: 'api',
        store,
        durationSeconds: duration,
        connections,
        routes,
        mix,
        seed: { suppliers: 4, buyers: seeded.buyerTokens.length, products: seeded.productIds.length },
      };
      if (!opts.json) printTable(result);
      return result;
    } finally {
      clearInterval(ticker);
      bar.stop();
    }
  } finally {
    if (child) {
      child.kill('SIGTERM');
      await new Promise((r) => child?.once('exit', r));
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

function printTable(result: ApiBenchResult): void {
  const rows = [
    ...Object.entries(result.routes).map(([k, v]) => ({ phase: 'alone', route: k, ...v })),
    ...Object.entries(result.mix).map(([k, v]) => ({ phase: 'mixed', route: k, ...v })),
  ];
  console.table(rows);
}
