import type { Command } from 'commander';
import { rerunWithLargeYoungGeneration } from './respawn.js';
import { type DemoOptions, demoSimulationOptions, formatDemoSummary, runDemo } from './run.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'Generate a simulated B2B marketplace with known ground truth (seeded, deterministic) and load it into the ' +
        'data directory, or write it to --out (entities, operations, Segment events, truth.json). The server must ' +
        'not run on the same data directory.',
    )
    .option('--scale <scale>', 'small (first start, < 60 s) | medium (~1M events) | large (≥ 10M events)', 'small')
    .option('--seed <n>', 'random seed: the same seed gives the same data byte for byte', '1')
    .option('--locale <locale>', 'zh-CN (Chinese names) | en', 'zh-CN')
    .option('--end <date>', 'last day of the simulated year, exclusive (YYYY-MM-DD, Beijing time; default 2026-11-01)')
    .option('--out <dir>', 'write files to this directory instead of loading')
    .option('-d, --data-dir <dir>', 'data directory to load into (env TRADELOOP_DATA_DIR, default ./data)')
    .option('--events-url <url>', 'ClickHouse event store (env TRADELOOP_EVENTS_URL; default DuckDB in the data dir)')
    .option('--database-url <url>', 'operational store (env TRADELOOP_DATABASE_URL; default SQLite in the data dir)')
    .option('--mode <mode>', 'services (every order through the marketplace services; default for small) | bulk')
    .option('--dry-run', 'generate only, write nothing: measures the generation rate')
    .option('--no-progress', 'no progress bar')
    .option('--json', 'print the summary as one JSON document on stdout')
    .action(async (opts: DemoOptions) => {
      if (demoSimulationOptions(opts).scale !== 'small') {
        const code = await rerunWithLargeYoungGeneration();
        if (code !== null) {
          process.exitCode = code;
          return;
        }
      }
      const summary = await runDemo(opts);
      process.stdout.write(opts.json ? `${JSON.stringify(summary, null, 2)}\n` : formatDemoSummary(summary));
    });
}
