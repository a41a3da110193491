import type { Command } from 'commander';
import { formatImportReport, type ImportEventsOptions, runImportEvents } from './events.js';

export function registerImport(program: Command): void {
  const imp = program.command('import').description('Import data files into the data directory');
  imp
    .command('events')
    .description(
      'Import an event file through the ingestion pipeline (same validation as the HTTP endpoints, durable WAL). ' +
        'Streams the file (.gz by extension); re-importing a file stores nothing new. The server must not run on ' +
        'the same data directory.',
    )
    .argument('<file>', 'the file to import (.gz is gunzipped)')
    .requiredOption('--format <format>', 'segment | sensors | csv | otto | tianchi')
    .option('-d, --data-dir <dir>', 'data directory (env TRADELOOP_DATA_DIR, default ./data)')
    .option('--events-url <url>', 'ClickHouse event store (env TRADELOOP_EVENTS_URL; default DuckDB in the data dir)')
    .option('--database-url <url>', 'operational store (env TRADELOOP_DATABASE_URL; default SQLite in the data dir)')
    .option('--source <name>', 'source (by name) the events are attributed to (default: the default source)')
    .option('--report <path>', 'where to write every rejected row (default: <file>.rejected.jsonl)')
    .option('--first <n>', 'rejected line numbers shown per reason', '10')
    .option('--no-progress', 'no progress bar')
    .option('--json', 'print the report as one JSON document on stdout')
    .action(async (file: string, opts: ImportEventsOptions) => {
      const report = await runImportEvents(file, opts);
      process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatImportReport(report));
    });
}
