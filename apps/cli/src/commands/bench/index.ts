import type { Command } from 'commander';
import { type ApiBenchOptions, runApiBench } from './api.js';
import { type FunnelBenchOptions, runFunnelBench } from './funnel.js';
import { INGEST_FIGURE_DEFINITIONS, type IngestBenchOptions, runIngestBench } from './ingest.js';

export function registerBench(program: Command): void {
  const bench = program.command('bench').description('Benchmarks: print figures (one JSON document with --json)');
  bench
    .command('funnel')
    .description(
      'Analytics on the simulator data (loaded once into --data-dir, reused later): a 5-step ordered funnel with a ' +
        '14-day window, a 12-week retention and a daily trend with a breakdown, timed on DuckDB and, with ' +
        '--compare-events-url, on ClickHouse over the same events (with ClickHouse’s own windowFunnel as reference)',
    )
    .option('--json', 'print one JSON document on stdout')
    .option('--scale <scale>', 'simulator scale: small | medium | large (≥ 10M events, 200k persons)', 'large')
    .option('--seed <n>', 'simulator seed', '1')
    .option('--data-dir <dir>', 'where the data is loaded once (default ./data-bench/<scale>-seed<n>)')
    .option('--runs <n>', 'timed runs per query after one warm-up (the median is printed)', '3')
    .option('--compare-events-url <url>', 'also run on this ClickHouse (the events are copied there once)')
    .action(async (opts: FunnelBenchOptions) => {
      const result = await runFunnelBench(opts);
      if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    });
  bench
    .command('ingest')
    .description(
      'Drive POST /v1/batch of a fresh server (durable WAL path) with batches of realistic events from keep-alive ' +
        'loopback clients, in two phases: saturation (--clients closed loops sending back to back: sustained ' +
        'events/s until the store has caught up) then an open loop at a fixed offered load (--rate: steady-state ' +
        'acknowledgement latency); then the raw store appender rate for the same events',
    )
    .addHelpText(
      'after',
      `\nFigures:\n${Object.entries(INGEST_FIGURE_DEFINITIONS)
        .map(([k, v]) => `  ${k}: ${v}`)
        .join('\n')}`,
    )
    .option('--json', 'print one JSON document on stdout')
    .option('--duration <seconds>', 'seconds of measured load, per phase', '20')
    .option('--clients <n>', 'concurrent loopback clients', '8')
    .option('--batch <n>', 'events per /v1/batch request', '500')
    .option('--warmup <seconds>', 'seconds of unmeasured load first (JIT, caches)', '3')
    .option('--raw-events <n>', 'events appended straight into a fresh store for the raw rate', '250000')
    .option('--compare-events-url <url>', 'also run the same workload with this ClickHouse as the event store')
    .option('--profile <dir>', 'write a V8 CPU profile of the server process into this directory')
    .option('--rate <events/s>', 'offered load of the open-loop phase (default: half the sustained rate measured)')
    .action(async (opts: IngestBenchOptions) => {
      const result = await runIngestBench(opts);
      if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    });
  bench
    .command('api')
    .description(
      'Drive the HTTP API with autocannon over loopback: product reads, RFQ creation, order placement (each alone, then mixed)',
    )
    .option('--json', 'print one JSON document on stdout')
    .option('--duration <seconds>', 'seconds per phase', '10')
    .option('--connections <n>', 'concurrent connections per phase', '16')
    .option('--url <url>', 'bench an already running server instead of starting one (needs --token)')
    .option('--token <token>', 'admin token of the server given by --url')
    .option(
      '--database-url <url>',
      'store of the server started by the bench (default: SQLite in a temporary directory)',
    )
    .action(async (opts: ApiBenchOptions) => {
      const result = await runApiBench(opts);
      if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    });
}
