import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  createMarketplace,
  IdentityService,
  IMPORT_FORMATS,
  type ImportFormat,
  type ImportReport,
  IngestPipeline,
  importEvents,
  systemClock,
  walOwner,
} from '@tradeloop/core';
import { configFromEnv } from '@tradeloop/server';
import { openEventStore, openOltpStore } from '@tradeloop/storage';
import cliProgress from 'cli-progress';

export type ImportEventsOptions = {
  format: string;
  dataDir?: string;
  eventsUrl?: string;
  databaseUrl?: string;
  source?: string;
  report?: string;
  json?: boolean;
  /** Sample line numbers kept per rejection reason in the printed report. */
  first: string;
  progress?: boolean;
};

/**
 * `tradeloop import events FILE --format ...`: streams the file through the same normalisers and the same durable
 * pipeline (WAL → store) as the HTTP endpoints, straight into the data directory's stores. The server must not run
 * on the same data directory at the same time: the WAL lock refuses it.
 */
export async function runImportEvents(file: string, opts: ImportEventsOptions): Promise<ImportReport> {
  if (!(IMPORT_FORMATS as readonly string[]).includes(opts.format)) {
    throw new Error(`--format must be one of ${IMPORT_FORMATS.join(', ')}, got ${JSON.stringify(opts.format)}`);
  }
  const path = resolve(file);
  if (!existsSync(path) || !statSync(path).isFile()) throw new Error(`no such file: ${file}`);
  const first = Number(opts.first);
  if (!Number.isInteger(first) || first < 0) throw new Error('--first must be a non-negative integer');
  const env = { ...process.env };
  if (opts.dataDir) env.TRADELOOP_DATA_DIR = opts.dataDir;
  if (opts.eventsUrl) env.TRADELOOP_EVENTS_URL = opts.eventsUrl;
  if (opts.databaseUrl) env.TRADELOOP_DATABASE_URL = opts.databaseUrl;
  const config = configFromEnv(env);

  // Checked before anything is opened, for a clear message (DuckDB's own file lock would say it less plainly).
  const owner = await walOwner(join(config.dataDir, 'wal'));
  if (owner !== null) {
    throw new Error(
      `process ${owner} (a running "tradeloop start"?) uses the data directory ${config.dataDir}; stop it before importing, or import into another --data-dir`,
    );
  }
  const store = await openOltpStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const events = await openEventStore({ eventsUrl: config.eventsUrl, dataDir: config.dataDir }).catch(
      (err: Error) => {
        if (/lock/i.test(err.message)) {
          throw new Error(`the event store is in use by another process (a running server?): ${err.message}`);
        }
        throw err;
      },
    );
    try {
      const market = createMarketplace({ store });
      const source = opts.source
        ? await market.sources.byName(opts.source)
        : await market.sources.ensureDefault(config.writeKey);
      if (!source) throw new Error(`no active source named ${JSON.stringify(opts.source)} (see GET /api/sources)`);
      const identity = new IdentityService({ store, clock: systemClock, events });
      const pipeline = await IngestPipeline.open({ dataDir: config.dataDir, store: events, identity });
      const showBar = opts.progress !== false && process.stderr.isTTY === true;
      const bar = new cliProgress.SingleBar(
        {
          format: `import ${opts.format} |{bar}| {percentage}% {value}/{total} bytes`,
          stream: process.stderr,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      );
      let started = false;
      try {
        const report = await importEvents({
          file: path,
          format: opts.format as ImportFormat,
          pipeline,
          store: events,
          sourceId: source.id,
          reportPath: opts.report ? resolve(opts.report) : undefined,
          fallbackReportDir: join(config.dataDir, 'imports'),
          firstPerReason: first,
          onProgress: (read, total) => {
            if (!showBar) return;
            if (!started) {
              bar.start(total, 0);
              started = true;
            }
            bar.setTotal(total);
            bar.update(Math.min(read, total));
          },
        });
        return report;
      } finally {
        if (started) bar.stop();
        await pipeline.close();
      }
    } finally {
      await events.close();
    }
  } finally {
    await store.close();
  }
}

/** The report as text for a terminal. */
export function formatImportReport(r: ImportReport): string {
  const lines = [
    `Imported ${r.file} (${r.format}) into source ${r.sourceId} in ${(r.elapsedMs / 1000).toFixed(1)} s`,
    `  rows read:   ${r.rowsRead}`,
    `  accepted:    ${r.accepted}  (${r.storedEvents} events stored)`,
    `  duplicates:  ${r.duplicates}  (already stored: not written again)`,
    `  rejected:    ${r.rejected}`,
  ];
  for (const [code, { count, first }] of Object.entries(r.rejectedByReason)) {
    lines.push(`    ${code}: ${count}`);
    for (const s of first) lines.push(`      line ${s.line}: ${s.message}`);
  }
  if (r.rejectedFile) lines.push(`  every rejected row: ${r.rejectedFile}`);
  return `${lines.join('\n')}\n`;
}
