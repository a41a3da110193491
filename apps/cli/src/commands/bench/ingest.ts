import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type IngestContext, normalizeSegmentBatch } from '@tradeloop/core';
import type { TrackedEvent } from '@tradeloop/schema';
import { type EventStore, openClickHouseEventStore, openDuckDbEventStore } from '@tradeloop/storage';
import cliProgress from 'cli-progress';
import { type BenchBody, buildBodies, stamp } from './ingest-workload.js';
import { freePort } from './net.js';

export type IngestBenchOptions = {
  json?: boolean;
  duration: string;
  clients: string;
  batch: string;
  warmup: string;
  rawEvents: string;
  compareEventsUrl?: string;
  /** Write a V8 CPU profile of the server into this directory (node --cpu-prof). */
  profile?: string;
  /** Offered load of the open-loop phase in events/s; default half the sustained rate of the saturation phase. */
  rate?: string;
};

export type Engine = 'duckdb' | 'clickhouse';

/** What one run against one server measured. */
export type EngineFigures = {
  /** Saturation phase: acknowledged events / time from the first request until the store had applied all of them. */
  eventsPerSecond: number;
  /** Saturation phase: acknowledged events / time of driving (what the WAL accepts; the store may lag behind). */
  ackEventsPerSecond: number;
  /** Open-loop phase: the fixed load offered (events/s), one request every batch/rate seconds whatever the answers. */
  offeredEventsPerSecond: number;
  /** Open-loop phase: acknowledged events / its duration (equals the offered load when the server keeps up). */
  openLoopEventsPerSecond: number;
  /** Open-loop phase: acknowledgement latency from each request's scheduled send time (no coordinated omission). */
  p50AckMs: number;
  p99AckMs: number;
  maxAckMs: number;
  /**
   * Saturation phase (`clients` closed loops, each sending its next batch as soon as the last is answered): latency
   * there is mostly queueing (Little's law: clients × batch / throughput), so it measures load, not responsiveness.
   */
  p50AckMsAtSaturation: number;
  p99AckMsAtSaturation: number;
  maxAckMsAtSaturation: number;
  /**
   * Saturation phase: CPU time of the server process (all threads: HTTP, WAL, DuckDB) per acknowledged event, until
   * the store caught up. Less sensitive than the rates to other load on a shared machine.
   */
  serverCpuUsPerEvent: number;
  /** Peak resident set of the server process (VmHWM). */
  peakRssMb: number;
  /** The same events appended straight into a fresh store of this engine, in batches of 50 000. */
  rawAppenderEventsPerSecond: number;
  ackedEvents: number;
  requests: number;
  /** Requests answered 503 (backlog bound reached) and retried. */
  overloaded: number;
  errors: number;
  /** How long after the driving phase the store needed to apply the backlog. */
  catchUpMs: number;
};

type PerEngine<T> = T | Partial<Record<Engine, T>>;

export type IngestBenchResult = {
  benchmark: 'ingest';
  cpus: number;
  durationSeconds: number;
  clients: number;
  batchSize: number;
  avgEventBytes: number;
  durability: 'fsync-wal';
  eventsPerSecond: PerEngine<number>;
  rawAppenderEventsPerSecond: PerEngine<number>;
  /** eventsPerSecond / rawAppenderEventsPerSecond. */
  ratioToRawAppender: PerEngine<number>;
  p99AckMs: PerEngine<number>;
  p99AckMsAtSaturation: PerEngine<number>;
  offeredEventsPerSecond: PerEngine<number>;
  peakRssMb: PerEngine<number>;
  engines: Partial<Record<Engine, EngineFigures>>;
  /** What each figure means (the same words as `tradeloop bench ingest --help`). */
  definitions: Record<string, string>;
};

/** The meaning of the figures, printed in the JSON and by --help. */
export const INGEST_FIGURE_DEFINITIONS: Record<string, string> = {
  eventsPerSecond:
    'saturation phase: events acknowledged by POST /v1/batch (fsync’d WAL) divided by the time from the first request until the event store had applied all of them',
  rawAppenderEventsPerSecond:
    'the same events appended straight into a fresh store of the engine in batches of 50 000 (no HTTP, no WAL)',
  ratioToRawAppender: 'eventsPerSecond / rawAppenderEventsPerSecond',
  p99AckMs:
    'open-loop phase: 99th percentile of the acknowledgement latency at a steady offered load (offeredEventsPerSecond), measured from each request’s scheduled send time',
  p99AckMsAtSaturation:
    'saturation phase: 99th percentile of the acknowledgement latency with `clients` closed-loop clients sending back to back (mostly queueing)',
  offeredEventsPerSecond: 'the open-loop load: --rate, or half the eventsPerSecond of the saturation phase',
  peakRssMb: 'peak resident set of the server process over the whole run (VmHWM)',
};

const cliMain = fileURLToPath(new URL('../../main.js', import.meta.url));
const WRITE_KEY = 'bench-ingest-write-key-0123456789';
const RAW_BATCH = 50_000;
const log = (s: string) => process.stderr.write(`${s}\n`);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

const round = (n: number, digits = 0) => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

function peakRssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? /VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return round(kb / 1024, 1);
  } catch {
    return 0;
  }
}

/** CPU seconds (user + system, all threads) the process has used so far; 0 where /proc is missing. */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces, so split after its closing parenthesis): utime is the
    // 14th field of the line, stime the 15th, in clock ticks (100 per second on Linux).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

type Health = { ingest?: { backlogEvents: number; appliedEvents: number } };

async function health(url: string): Promise<Health> {
  return (await (await fetch(`${url}/health`)).json()) as Health;
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`bench server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`bench server did not answer ${url}/health within ${timeoutMs} ms`);
}

/** Waits until the store has applied `target` events in total and nothing is left in the backlog. */
async function waitApplied(url: string, target: number, timeoutMs = 600_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const h = await health(url);
    if ((h.ingest?.appliedEvents ?? 0) >= target && (h.ingest?.backlogEvents ?? 0) === 0) return Date.now();
    if (Date.now() - started > timeoutMs) throw new Error(`the store did not catch up within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

type DriveResult = { acked: number; requests: number; overloaded: number; errors: number; latencies: number[] };

/** One POST of a body over a keep-alive connection; resolves with the status and the response text. */
function post(agent: Agent, port: number, body: Buffer): Promise<{ status: number; text: string; retryAfter: number }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/batch',
        headers: {
          'content-type': 'application/json',
          'content-length': body.length,
          authorization: `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            retryAfter: Number(res.headers['retry-after'] ?? 0),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** `clients` loops, each posting its own bodies back to back until `until`. */
async function drive(
  port: number,
  clients: number,
  bodies: BenchBody[][],
  until: number,
  nextSeq: () => number,
  onAck: (events: number) => void,
): Promise<DriveResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const result: DriveResult = { acked: 0, requests: 0, overloaded: 0, errors: 0, latencies: [] };
  const loop = async (c: number) => {
    const mine = bodies[c] as BenchBody[];
    for (let n = 0; Date.now() < until; n++) {
      const body = mine[n % mine.length] as BenchBody;
      const payload = stamp(body, nextSeq());
      const t0 = performance.now();
      let res: Awaited<ReturnType<typeof post>>;
      try {
        res = await post(agent, port, payload);
      } catch {
        result.errors++;
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      result.requests++;
      if (res.status === 200 && !res.text.includes('"rejected"')) {
        result.latencies.push(performance.now() - t0);
        result.acked += body.events;
        onAck(body.events);
      } else if (res.status === 503) {
        result.overloaded++;
        await new Promise((r) => setTimeout(r, Math.max(50, res.retryAfter * 1000)));
      } else {
        result.errors++;
        if (result.errors === 1) log(`unexpected answer ${res.status}: ${res.text.slice(0, 300)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, c) => loop(c)));
  agent.destroy();
  return result;
}

/** A private copy of a body, for a request sent while the original is still in flight (stamp writes in place). */
const cloneBody = (body: BenchBody): BenchBody => ({ ...body, buffer: Buffer.from(body.buffer) });

/**
 * Open loop: one request every `batch / rate` seconds until `until`, whatever the answers (a slow answer does not
 * delay the next request, so queueing in the server shows up in the latency instead of lowering the load). Latency
 * is measured from the scheduled send time.
 */
async function driveOpenLoop(
  port: number,
  bodies: BenchBody[],
  rate: number,
  until: number,
  nextSeq: () => number,
  onAck: (events: number) => void,
): Promise<DriveResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const result: DriveResult = { acked: 0, requests: 0, overloaded: 0, errors: 0, latencies: [] };
  const free = [...bodies];
  const inFlight = new Set<Promise<void>>();
  const intervalMs = ((bodies[0] as BenchBody).events / rate) * 1000;
  const send = async (scheduled: number, k: number) => {
    const body = free.pop() ?? cloneBody(bodies[k % bodies.length] as BenchBody);
    try {
      const res = await post(agent, port, stamp(body, nextSeq()));
      result.requests++;
      if (res.status === 200 && !res.text.includes('"rejected"')) {
        result.latencies.push(performance.now() - scheduled);
        result.acked += body.events;
        onAck(body.events);
      } else if (res.status === 503) result.overloaded++;
      else {
        result.errors++;
        if (result.errors === 1) log(`unexpected answer ${res.status}: ${res.text.slice(0, 300)}`);
      }
    } catch {
      result.errors++;
    } finally {
      free.push(body);
    }
  };
  const start = performance.now();
  const end = start + (until - Date.now());
  for (let k = 0; ; k++) {
    const scheduled = start + k * intervalMs;
    if (scheduled >= end) break;
    const wait = scheduled - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const p = send(scheduled, k).finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  await Promise.all(inFlight);
  agent.destroy();
  return result;
}

/** Appends the same kind of events straight into a fresh store, in batches of 50 000; events/s of the appends. */
async function rawAppenderRate(
  store: EventStore,
  bodies: BenchBody[],
  total: number,
  nextSeq: () => number,
): Promise<number> {
  const now = Date.now();
  const ctx: IngestContext = {
    sourceId: 'src_bench',
    receivedMs: now,
    receivedAt: new Date(now).toISOString(),
    ip: '127.0.0.1',
    userAgent: null,
  };
  let appended = 0;
  let ms = 0;
  let b = 0;
  while (appended < total) {
    const events: TrackedEvent[] = [];
    while (events.length < RAW_BATCH) {
      const body = bodies[b++ % bodies.length] as BenchBody;
      const parsed = JSON.parse(stamp(body, nextSeq()).toString('utf8'));
      for (const e of normalizeSegmentBatch(parsed, ctx).events) events.push(e);
    }
    events.length = RAW_BATCH;
    const t0 = performance.now();
    await store.append(events);
    ms += performance.now() - t0;
    appended += events.length;
  }
  return round(appended / (ms / 1000));
}

type RunPlan = {
  engine: Engine;
  eventsUrl?: string;
  duration: number;
  warmup: number;
  clients: number;
  bodies: BenchBody[][];
  rawEvents: number;
  profile?: string | undefined;
  /** Open-loop offered load (events/s); undefined: half the sustained rate measured first. */
  rate?: number | undefined;
  nextSeq: () => number;
  bar: cliProgress.SingleBar;
};

async function runEngine(plan: RunPlan): Promise<EngineFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), `tradeloop-bench-ingest-${plan.engine}-`));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const nodeArgs = plan.profile ? ['--cpu-prof', '--cpu-prof-dir', plan.profile] : [];
  const child = spawn(
    process.execPath,
    [...nodeArgs, cliMain, 'start', '--port', String(port), '--data-dir', dataDir],
    {
      env: {
        ...process.env,
        TRADELOOP_WRITE_KEY: WRITE_KEY,
        TRADELOOP_DEMO: '0',
        LOG_LEVEL: 'warn',
        TRADELOOP_EVENTS_URL: plan.eventsUrl ?? '',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  try {
    await waitForHealth(url, child);
    let acked = 0;
    const tick = setInterval(() => plan.bar.update(acked, { phase: `${plan.engine}` }), 250);
    try {
      if (plan.warmup > 0) {
        const warm = await drive(
          port,
          plan.clients,
          plan.bodies,
          Date.now() + plan.warmup * 1000,
          plan.nextSeq,
          () => {},
        );
        await waitApplied(url, warm.acked);
      }
      const applied0 = (await health(url)).ingest?.appliedEvents ?? 0;
      const cpu0 = cpuSeconds(child.pid as number);
      const started = Date.now();
      const run = await drive(port, plan.clients, plan.bodies, started + plan.duration * 1000, plan.nextSeq, (n) => {
        acked += n;
      });
      const driven = Date.now();
      const caughtUp = await waitApplied(url, applied0 + run.acked);
      const cpuUsPerEvent = round(((cpuSeconds(child.pid as number) - cpu0) * 1e6) / Math.max(1, run.acked), 1);
      const sorted = run.latencies.sort((a, b) => a - b);
      const eventsPerSecond = round(run.acked / ((caughtUp - started) / 1000));

      // Open loop at a fixed load the server can sustain: the latency a client sees in steady operation.
      const offered = round(plan.rate ?? eventsPerSecond / 2);
      plan.bar.update(acked, { phase: `${plan.engine}: open loop at ${offered} events/s` });
      const openStarted = Date.now();
      const open = await driveOpenLoop(
        port,
        plan.bodies.flat(),
        offered,
        openStarted + plan.duration * 1000,
        plan.nextSeq,
        (n) => {
          acked += n;
        },
      );
      const openSeconds = (Date.now() - openStarted) / 1000;
      await waitApplied(url, applied0 + run.acked + open.acked);
      const openSorted = open.latencies.sort((a, b) => a - b);
      const rss = peakRssMb(child.pid as number);
      const figures: EngineFigures = {
        eventsPerSecond,
        ackEventsPerSecond: round(run.acked / ((driven - started) / 1000)),
        offeredEventsPerSecond: offered,
        openLoopEventsPerSecond: round(open.acked / openSeconds),
        p50AckMs: round(percentile(openSorted, 50), 1),
        p99AckMs: round(percentile(openSorted, 99), 1),
        maxAckMs: round(openSorted[openSorted.length - 1] ?? 0, 1),
        p50AckMsAtSaturation: round(percentile(sorted, 50), 1),
        p99AckMsAtSaturation: round(percentile(sorted, 99), 1),
        maxAckMsAtSaturation: round(sorted[sorted.length - 1] ?? 0, 1),
        serverCpuUsPerEvent: cpuUsPerEvent,
        peakRssMb: rss,
        rawAppenderEventsPerSecond: 0,
        ackedEvents: run.acked,
        requests: run.requests,
        overloaded: run.overloaded + open.overloaded,
        errors: run.errors + open.errors,
        catchUpMs: caughtUp - driven,
      };
      return figures;
    } finally {
      clearInterval(tick);
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function rawFor(engine: Engine, plan: RunPlan, eventsUrl?: string): Promise<number> {
  if (engine === 'duckdb') {
    const dir = mkdtempSync(join(tmpdir(), 'tradeloop-bench-raw-'));
    const store = await openDuckDbEventStore(join(dir, 'events.duckdb'));
    try {
      return await rawAppenderRate(store, plan.bodies.flat(), plan.rawEvents, plan.nextSeq);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const database = `tradeloop_bench_raw_${Date.now()}`;
  const store = await openClickHouseEventStore(eventsUrl as string, { database });
  try {
    return await rawAppenderRate(store, plan.bodies.flat(), plan.rawEvents, plan.nextSeq);
  } finally {
    await store.close();
    await dropDatabase(eventsUrl as string, database);
  }
}

async function dropDatabase(url: string, database: string): Promise<void> {
  const base = new URL(url);
  base.pathname = '/';
  base.searchParams.set('query', `DROP DATABASE IF EXISTS ${database}`);
  await fetch(base, { method: 'POST' }).catch(() => undefined);
}

/**
 * `tradeloop bench ingest`: starts `tradeloop start` on a temporary data directory (durability on: the normal fsync'd
 * WAL path) and drives `POST /v1/batch` with pre-built batches of realistic events from several keep-alive loopback
 * clients; then appends the same events straight into a fresh store (the raw appender rate). Progress on stderr.
 */
export async function runIngestBench(opts: IngestBenchOptions): Promise<IngestBenchResult> {
  const duration = Number(opts.duration);
  const clients = Number(opts.clients);
  const batch = Number(opts.batch);
  const warmup = Number(opts.warmup);
  const rawEvents = Number(opts.rawEvents);
  const rate = opts.rate === undefined ? undefined : Number(opts.rate);
  if (rate !== undefined && !(rate > 0)) throw new Error('--rate must be a positive number of events/s');
  if (!(duration > 0) || !Number.isInteger(clients) || clients < 1) {
    throw new Error('--duration must be positive and --clients a positive integer');
  }
  if (!Number.isInteger(batch) || batch < 1 || batch > 2000) throw new Error('--batch must be an integer 1..2000');
  if (!(warmup >= 0) || !(rawEvents >= RAW_BATCH)) throw new Error(`--warmup >= 0, --raw-events >= ${RAW_BATCH}`);
  const runTag = `b${Date.now().toString(36)}`;
  const perClient = 4;
  log(`building ${clients * perClient} bodies of ${batch} events...`);
  const flat = buildBodies(clients * perClient, batch, 42, runTag);
  const bodies = Array.from({ length: clients }, (_, c) => flat.slice(c * perClient, (c + 1) * perClient));
  const avgEventBytes = round(flat.reduce((n, b) => n + b.buffer.length, 0) / (flat.length * batch));
  let seq = 0;
  const nextSeq = () => ++seq;

  const engines: [Engine, string | undefined][] = [['duckdb', undefined]];
  if (opts.compareEventsUrl) {
    const base = opts.compareEventsUrl.replace(/\/+$/, '');
    engines.push(['clickhouse', `${base}/tradeloop_bench_${Date.now()}`]);
  }
  const bar = new cliProgress.SingleBar(
    { format: 'bench ingest |{bar}| {value} events acknowledged  {phase}', stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  const figures: Partial<Record<Engine, EngineFigures>> = {};
  for (const [engine, eventsUrl] of engines) {
    const plan: RunPlan = {
      engine,
      ...(eventsUrl ? { eventsUrl } : {}),
      duration,
      warmup,
      clients,
      bodies,
      rawEvents,
      profile: opts.profile,
      rate,
      nextSeq,
      bar,
    };
    bar.start(Number.MAX_SAFE_INTEGER, 0, { phase: engine });
    bar.setTotal(0);
    let f: EngineFigures;
    try {
      f = await runEngine(plan);
    } finally {
      bar.stop();
    }
    log(`${engine}: ${f.eventsPerSecond} events/s sustained; measuring the raw appender...`);
    f.rawAppenderEventsPerSecond = await rawFor(engine, plan, opts.compareEventsUrl);
    if (eventsUrl) await dropDatabase(eventsUrl, new URL(eventsUrl).pathname.slice(1));
    figures[engine] = f;
  }

  const pick = <K extends keyof EngineFigures>(key: K): PerEngine<number> => {
    if (!opts.compareEventsUrl) return (figures.duckdb as EngineFigures)[key];
    return Object.fromEntries(Object.entries(figures).map(([e, f]) => [e, f[key]]));
  };
  const ratio = (f: EngineFigures) => round(f.eventsPerSecond / f.rawAppenderEventsPerSecond, 3);
  const result: IngestBenchResult = {
    benchmark: 'ingest',
    cpus: availableParallelism(),
    durationSeconds: duration,
    clients,
    batchSize: batch,
    avgEventBytes,
    durability: 'fsync-wal',
    eventsPerSecond: pick('eventsPerSecond'),
    rawAppenderEventsPerSecond: pick('rawAppenderEventsPerSecond'),
    ratioToRawAppender: opts.compareEventsUrl
      ? Object.fromEntries(Object.entries(figures).map(([e, f]) => [e, ratio(f)]))
      : ratio(figures.duckdb as EngineFigures),
    p99AckMs: pick('p99AckMs'),
    p99AckMsAtSaturation: pick('p99AckMsAtSaturation'),
    offeredEventsPerSecond: pick('offeredEventsPerSecond'),
    peakRssMb: pick('peakRssMb'),
    engines: figures,
    definitions: INGEST_FIGURE_DEFINITIONS,
  };
  if (!opts.json) console.table(figures);
  return result;
}
