import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  createMarketplace,
  IdentityService,
  IngestPipeline,
  type PipelineLogger,
  startOutboxRelay,
  systemClock,
  walOwner,
} from '@tradeloop/core';
import { configFromEnv } from '@tradeloop/server';
import {
  LOCALES,
  type LoadMode,
  type LoadProgress,
  type LoadReport,
  type LoadTarget,
  loadSimulation,
  resolveOptions,
  SCALES,
  type SimLocale,
  type SimScale,
  type Simulation,
  simulate,
  writeSimulation,
  writeTruth,
} from '@tradeloop/sim';
import { openEventStore, openOltpStore } from '@tradeloop/storage';
import cliProgress from 'cli-progress';

export type DemoOptions = {
  scale?: string;
  seed?: string;
  locale?: string;
  end?: string;
  out?: string;
  dataDir?: string;
  eventsUrl?: string;
  databaseUrl?: string;
  mode?: string;
  dryRun?: boolean;
  json?: boolean;
  progress?: boolean;
};

export type DemoSummary = {
  action: 'write' | 'load' | 'dry-run';
  scale: SimScale;
  seed: number;
  locale: SimLocale;
  period: { start: string; end: string };
  /** Output directory (write) or data directory (load). */
  target: string | null;
  counts: {
    buyers: number;
    suppliers: number;
    products: number;
    persons: number;
    messages: number;
    operations: number;
    orders: number;
  };
  elapsedMs: number;
  /** Generated messages per second over the whole run (write/dry-run: generation + serialisation). */
  messagesPerSecond: number;
  load?: LoadReport & {
    mode: LoadMode;
    /** Events the event store appended per second of append time (bulk mode). */
    appendEventsPerSecond: number | null;
    /** Messages generated (and id-mapped) per second of the time left after services, normaliser, pipeline and
     * append: the generator's own rate inside a load. */
    generatePerSecond: number | null;
    /** Messages through the ingestion normaliser per second of normaliser time. */
    normalizePerSecond: number | null;
  };
};

/** Validates the flags, naming the bad one. */
export function demoSimulationOptions(opts: DemoOptions): {
  seed: number;
  scale: SimScale;
  locale: SimLocale;
  end?: string;
  mode?: LoadMode;
} {
  const scale = opts.scale ?? 'small';
  if (!(SCALES as readonly string[]).includes(scale)) {
    throw new Error(`--scale must be one of ${SCALES.join(', ')}, got ${JSON.stringify(scale)}`);
  }
  const locale = opts.locale ?? 'zh-CN';
  if (!(LOCALES as readonly string[]).includes(locale)) {
    throw new Error(`--locale must be one of ${LOCALES.join(', ')}, got ${JSON.stringify(locale)}`);
  }
  const seedText = opts.seed ?? '1';
  if (!/^\d{1,10}$/.test(seedText) || Number(seedText) > 0xffffffff) {
    throw new Error(`--seed must be an integer from 0 to 4294967295, got ${JSON.stringify(seedText)}`);
  }
  if (opts.mode !== undefined && opts.mode !== 'services' && opts.mode !== 'bulk') {
    throw new Error(`--mode must be services or bulk, got ${JSON.stringify(opts.mode)}`);
  }
  if (opts.out !== undefined && opts.dataDir !== undefined) {
    throw new Error('give --out (write files) or --data-dir (load into a platform), not both');
  }
  const options = {
    seed: Number(seedText),
    scale: scale as SimScale,
    locale: locale as SimLocale,
    ...(opts.end !== undefined ? { end: opts.end } : {}),
  };
  try {
    resolveOptions(options);
  } catch (err) {
    throw new Error(`--${(err as Error).message}`);
  }
  return { ...options, ...(opts.mode ? { mode: opts.mode as LoadMode } : {}) };
}

function progressBar(enabled: boolean, label: string) {
  const show = enabled && process.stderr.isTTY === true;
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} |{bar}| {percentage}% of the simulated year  {items} items`,
      stream: process.stderr,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(fraction: number, items: number) {
      if (!show) return;
      if (!started) {
        bar.start(1000, 0, { items: 0 });
        started = true;
      }
      bar.update(Math.min(1000, Math.round(fraction * 1000)), { items });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

function summaryOf(sim: Simulation, action: DemoSummary['action'], target: string | null, elapsedMs: number) {
  const truth = sim.truth().summary;
  return {
    action,
    scale: sim.options.scale,
    seed: sim.options.seed,
    locale: sim.options.locale,
    period: { start: truth.period.start, end: truth.period.end },
    target,
    counts: {
      buyers: truth.counts.buyers,
      suppliers: truth.counts.suppliers,
      products: truth.counts.products,
      persons: truth.counts.persons,
      messages: truth.counts.messages,
      operations: truth.counts.operations,
      orders: truth.counts.orders,
    },
    elapsedMs: Math.round(elapsedMs),
    messagesPerSecond: Math.round(truth.counts.messages / (elapsedMs / 1000)),
  } satisfies DemoSummary;
}

const truthMessages = (sim: Simulation): number => sim.truth().summary.counts.messages;

/** True when the data directory holds nothing yet (missing, or no files at all). */
export function isEmptyDir(dir: string): boolean {
  return !existsSync(dir) || (statSync(dir).isDirectory() && readdirSync(dir).length === 0);
}

/**
 * `tradeloop demo`: generates the simulated marketplace and writes it to --out, or loads it into the data
 * directory's stores (which must hold no marketplace data yet, and no server may run on them).
 */
export async function runDemo(opts: DemoOptions): Promise<DemoSummary> {
  const o = demoSimulationOptions(opts);
  const sim = simulate(o);
  const bar = progressBar(opts.progress !== false, opts.out ? 'generate' : 'load');
  const started = performance.now();
  try {
    if (opts.dryRun) {
      let n = 0;
      for (const item of sim.items())
        if (++n % 20_000 === 0) bar.update((item.at - sim.startMs) / (sim.endMs - sim.startMs), n);
      return summaryOf(sim, 'dry-run', null, performance.now() - started);
    }
    if (opts.out) {
      const dir = resolve(opts.out);
      writeSimulation(sim, dir, (n, fraction) => bar.update(fraction, n));
      return summaryOf(sim, 'write', dir, performance.now() - started);
    }
    const env = { ...process.env };
    if (opts.dataDir) env.TRADELOOP_DATA_DIR = opts.dataDir;
    if (opts.eventsUrl) env.TRADELOOP_EVENTS_URL = opts.eventsUrl;
    if (opts.databaseUrl) env.TRADELOOP_DATABASE_URL = opts.databaseUrl;
    const config = configFromEnv(env);
    const owner = await walOwner(join(config.dataDir, 'wal'));
    if (owner !== null) {
      throw new Error(
        `process ${owner} (a running "tradeloop start"?) uses the data directory ${config.dataDir}; stop it before loading the demo, or load into another --data-dir`,
      );
    }
    const store = await openOltpStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      const events = await openEventStore({ eventsUrl: config.eventsUrl, dataDir: config.dataDir });
      try {
        const report = await loadIntoStores(sim, { store, events, dataDir: config.dataDir }, o.mode, (p) =>
          bar.update(p.fraction, p.items),
        );
        writeTruth(sim.truth(), join(config.dataDir, 'demo'));
        const summary = summaryOf(sim, 'load', config.dataDir, performance.now() - started);
        const generateMs =
          summary.elapsedMs - report.appendMs - report.servicesMs - report.normalizeMs - report.pipelineMs;
        const rate = (n: number, ms: number) => (ms > 0 ? Math.round(n / (ms / 1000)) : null);
        return {
          ...summary,
          load: {
            ...report,
            appendMs: Math.round(report.appendMs),
            servicesMs: Math.round(report.servicesMs),
            normalizeMs: Math.round(report.normalizeMs),
            pipelineMs: Math.round(report.pipelineMs),
            appendEventsPerSecond: rate(report.appendedEvents, report.appendMs),
            generatePerSecond: rate(truthMessages(sim), generateMs),
            normalizePerSecond: rate(report.messages, report.normalizeMs),
          },
        };
      } finally {
        await events.close();
      }
    } finally {
      await store.close();
    }
  } finally {
    bar.stop();
  }
}

/**
 * Loads a simulation into open stores through a pipeline and outbox relay of its own (no server running). Refuses
 * when the store already holds organisations: the demo is for an empty platform.
 */
export async function loadIntoStores(
  sim: Simulation,
  stores: Pick<LoadTarget, 'store' | 'events'> & { dataDir: string },
  mode: LoadMode | undefined,
  onProgress?: (progress: LoadProgress) => void,
  logger?: PipelineLogger,
): Promise<LoadReport> {
  const { store, events, dataDir } = stores;
  const market = createMarketplace({ store });
  const existing = await market.organizations.list({ kind: 'system' }, { limit: 1, offset: 0 });
  if (existing.total > 0) {
    throw new Error(
      `the data directory ${dataDir} already holds marketplace data (${existing.total} organisations); load the demo into an empty --data-dir`,
    );
  }
  const identity = new IdentityService({ store, clock: systemClock, events });
  const pipeline = await IngestPipeline.open({ dataDir, store: events, identity, ...(logger ? { logger } : {}) });
  const relay = startOutboxRelay({ store, target: pipeline, intervalMs: 60_000 });
  try {
    return await loadSimulation(
      sim,
      { store, events, ingest: pipeline, relay },
      {
        ...(mode ? { mode } : {}),
        ...(onProgress ? { onProgress } : {}),
      },
    );
  } finally {
    await relay.stop();
    await relay.drain();
    await pipeline.close();
  }
}

/** The Beijing calendar date of an instant (the simulated days are Beijing days). */
const beijingDate = (iso: string): string => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);

/** The summary as text for a terminal. */
export function formatDemoSummary(s: DemoSummary): string {
  const verb = s.action === 'write' ? 'Wrote' : s.action === 'load' ? 'Loaded' : 'Generated';
  const lines = [
    `${verb} the ${s.scale} demo marketplace (seed ${s.seed}, ${s.locale}, ${beijingDate(s.period.start)} … ${beijingDate(s.period.end)})${s.target ? ` ${s.action === 'write' ? 'to' : 'into'} ${s.target}` : ''}`,
    `  buyers ${s.counts.buyers}, suppliers ${s.counts.suppliers}, products ${s.counts.products}, orders ${s.counts.orders}, persons ${s.counts.persons}`,
    `  messages ${s.counts.messages}, marketplace operations ${s.counts.operations}`,
    `  elapsed ${(s.elapsedMs / 1000).toFixed(1)} s, ${s.messagesPerSecond} messages/s`,
  ];
  if (s.load) {
    lines.push(
      `  load mode ${s.load.mode}: ${s.load.messages} messages ingested (${s.load.rejected} rejected), ${s.load.operations} operations (${s.load.failedOperations} refused)`,
    );
    const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    lines.push(
      `  time: services ${sec(s.load.servicesMs)}, normaliser ${sec(s.load.normalizeMs)} (${s.load.normalizePerSecond ?? '-'} messages/s), pipeline ${sec(s.load.pipelineMs)}, generator ${s.load.generatePerSecond ?? '-'} messages/s`,
    );
    if (s.load.appendEventsPerSecond !== null) {
      lines.push(
        `  event store append: ${s.load.appendedEvents} events in ${sec(s.load.appendMs)} = ${s.load.appendEventsPerSecond} events/s`,
      );
    }
    for (const f of s.load.failures.slice(0, 5)) lines.push(`    refused: ${f}`);
    for (const r of s.load.rejections.slice(0, 5)) lines.push(`    rejected: ${r.code} ${r.reason}`);
  }
  if (s.action !== 'dry-run')
    lines.push(`  ground truth: ${s.action === 'write' ? s.target : join(s.target ?? '', 'demo')}/truth.json`);
  return `${lines.join('\n')}\n`;
}
