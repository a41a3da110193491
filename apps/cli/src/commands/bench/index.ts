import type { Command } from 'commander';
import { type ApiBenchOptions, runApiBench } from './api.js';

export function registerBench(program: Command): void {
  const bench = program.command('bench').description('Benchmarks: print figures (one JSON document with --json)');
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
