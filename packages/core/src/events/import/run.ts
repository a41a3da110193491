import { type FileHandle, mkdir, open } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { TrackedEvent } from '@tradeloop/schema';
import type { EventStore } from '@tradeloop/storage';
import { normalizeSegmentBatch } from '../ingest/normalize-segment.js';
import { normalizeSensorsRecords } from '../ingest/normalize-sensors.js';
import { IngestOverloaded, type IngestPipeline } from '../ingest/pipeline.js';
import { emptyBatch, type IngestContext, type NormalizedBatch, type PendingCommand } from '../ingest/validate.js';
import { readCsv } from './csv.js';
import { type LineSource, openLines } from './lines.js';
import { readOtto } from './otto.js';
import type { FormatReader, ImportFormat, ImportInput, ImportRow } from './rows.js';
import { readSegment } from './segment.js';
import { readSensors } from './sensors.js';
import { readTianchi } from './tianchi.js';

export const FORMAT_READERS: Record<ImportFormat, FormatReader> = {
  segment: readSegment,
  sensors: readSensors,
  csv: readCsv,
  otto: readOtto,
  tianchi: readTianchi,
};

export type ImportOptions = {
  file: string;
  format: ImportFormat;
  /** The durable ingestion path (WAL → applier → store) the rows are written through. */
  pipeline: IngestPipeline;
  /** The store behind the pipeline: asked which ids are already stored, so a re-import stores nothing new. */
  store: Pick<EventStore, 'existingEventIds'>;
  /** The source (sources.id) the events are attributed to. */
  sourceId: string;
  /** Where to write every rejected row (JSON lines); default `<file>.rejected.jsonl`. */
  reportPath?: string | undefined;
  /** When the default report path cannot be written (read-only input directory): write it in this directory. */
  fallbackReportDir?: string | undefined;
  /** How many line numbers and messages the report keeps per rejection reason (default 10). */
  firstPerReason?: number;
  /** Rows per pipeline write (default 5 000). */
  chunkRows?: number;
  now?: () => Date;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
};

export type RejectedSample = { line: number; message: string; path?: (string | number)[] };

export type ImportReport = {
  file: string;
  format: ImportFormat;
  sourceId: string;
  /** Rows read (messages, records, CSV rows, OTTO session events). */
  rowsRead: number;
  /** Valid rows stored now (events, and Sensors profile records, which carry identity changes only). */
  accepted: number;
  /** Valid rows whose event id was already stored (or repeated in this file): stored once. */
  duplicates: number;
  rejected: number;
  /** Events written to the store by this run. */
  storedEvents: number;
  rejectedByReason: Record<string, { count: number; first: RejectedSample[] }>;
  /** The file listing every rejected row (null when none was rejected). */
  rejectedFile: string | null;
  elapsedMs: number;
};

/** Normalises one row exactly as the HTTP path would, giving it its deterministic id when it has no stable one. */
function normalizeRow(row: Exclude<ImportRow, { error: unknown }>, ctx: IngestContext): NormalizedBatch {
  if (row.wire === 'segment') {
    // sentAt is when a client sent the original request: clock-skew correction against the import time would move
    // historical events to the present, so a file's timestamps are taken as they are.
    const { sentAt: _sentAt, ...message } = row.message;
    if (message.messageId === undefined || message.messageId === null) message.messageId = row.fallbackId;
    const body = row.context ? { batch: [message], context: row.context } : { batch: [message] };
    const out = normalizeSegmentBatch(body, ctx);
    for (const r of out.rejected) r.path = (r.path ?? []).slice(2); // drop ['batch', 0]
    return out;
  }
  const out = normalizeSensorsRecords([row.record], ctx, 'record');
  for (const r of out.rejected) r.path = (r.path ?? []).slice(2); // drop ['record', 0]
  // The HTTP path's id hashes _track_id with the time; without either it is random, so use the row's id instead.
  if (row.record._track_id === undefined || row.record.time === undefined) restamp(out, row.fallbackId);
  return out;
}

function restamp(out: NormalizedBatch, id: string): void {
  out.events.forEach((event, i) => {
    const old = event.eventId;
    event.eventId = id;
    out.encoded[i] = JSON.stringify(event);
    for (const c of out.commands) if (c.eventId === old) c.eventId = id;
  });
}

class RejectedLog {
  private fh: FileHandle | null = null;
  private buffer: string[] = [];
  path: string | null = null;

  constructor(
    private readonly target: string,
    private readonly fallbackDir: string | undefined,
    private readonly explicit: boolean,
  ) {}

  async add(entry: object): Promise<void> {
    this.buffer.push(`${JSON.stringify(entry)}\n`);
    if (this.buffer.length >= 1000) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    if (!this.fh) await this.openFile();
    const text = this.buffer.join('');
    this.buffer = [];
    await (this.fh as FileHandle).write(text);
  }

  private async openFile(): Promise<void> {
    try {
      this.fh = await open(this.target, 'w');
      this.path = this.target;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (this.explicit || !this.fallbackDir || !['EACCES', 'EROFS', 'EPERM'].includes(code ?? '')) throw err;
      await mkdir(this.fallbackDir, { recursive: true });
      const path = join(this.fallbackDir, basename(this.target));
      this.fh = await open(path, 'w');
      this.path = path;
    }
  }

  async close(): Promise<void> {
    await this.flush();
    await this.fh?.close();
  }
}

/**
 * Imports an event file through the durable ingestion path: rows are streamed, normalised and validated exactly as
 * on the HTTP endpoints, written to the WAL in chunks (durable when each chunk is acknowledged), and applied to the
 * store. Ids already in the store are counted as duplicates and not written, so importing a file twice stores
 * nothing new. Returns the validation report; every rejected row goes to the rejected-rows file.
 */
export async function importEvents(options: ImportOptions): Promise<ImportReport> {
  const started = Date.now();
  const now = options.now ?? (() => new Date());
  const chunkRows = options.chunkRows ?? 5_000;
  const firstPerReason = options.firstPerReason ?? 10;
  const { pipeline, store } = options;
  let current: LineSource = await openLines(options.file);
  const input: ImportInput = {
    source: current,
    reopen: async () => {
      current = await openLines(options.file);
      return current;
    },
  };
  const rejectedLog = new RejectedLog(
    options.reportPath ?? `${options.file}.rejected.jsonl`,
    options.fallbackReportDir,
    options.reportPath !== undefined,
  );
  const report: ImportReport = {
    file: options.file,
    format: options.format,
    sourceId: options.sourceId,
    rowsRead: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    storedEvents: 0,
    rejectedByReason: {},
    rejectedFile: null,
    elapsedMs: 0,
  };

  const reject = async (line: number, code: string, message: string, path?: (string | number)[], raw?: string) => {
    report.rejected++;
    report.rejectedByReason[code] ??= { count: 0, first: [] };
    const reason = report.rejectedByReason[code];
    reason.count++;
    if (reason.first.length < firstPerReason) reason.first.push({ line, message, ...(path?.length ? { path } : {}) });
    await rejectedLog.add({ line, code, message, ...(path?.length ? { path } : {}), ...(raw ? { raw } : {}) });
  };

  let chunk = emptyBatch();
  let validRows = 0;
  let ctx = contextAt(now(), options.sourceId);

  const flush = async () => {
    const batch = chunk;
    chunk = emptyBatch();
    ctx = contextAt(now(), options.sourceId);
    options.onProgress?.(current.bytesRead, current.totalBytes);
    if (batch.events.length === 0 && batch.commands.length === 0) return;
    const existing = await store.existingEventIds(batch.events.map((e) => e.eventId));
    const kept = existing.size ? withoutIds(batch, existing) : batch;
    report.duplicates += batch.events.length - kept.events.length;
    if (kept.events.length === 0 && kept.commands.length === 0) return;
    for (;;) {
      // Wait for the applier rather than grow the backlog past its bound (a file can be much larger than memory).
      if (pipeline.overloaded) await pipeline.drain();
      try {
        const outcome = await pipeline.ingest(kept);
        report.duplicates += outcome.duplicates;
        report.storedEvents += outcome.stored;
        return;
      } catch (err) {
        if (!(err instanceof IngestOverloaded)) throw err;
      }
    }
  };

  try {
    for await (const row of FORMAT_READERS[options.format](input)) {
      report.rowsRead++;
      if ('error' in row) {
        await reject(row.line, row.error.code, row.error.reason, row.error.path, row.raw);
      } else {
        const out = normalizeRow(row, ctx);
        for (const r of out.rejected) {
          await reject(row.line, r.code, r.reason, r.path, excerptOf(row));
        }
        if (out.events.length || out.commands.length) {
          validRows++;
          for (const e of out.events) chunk.events.push(e);
          for (const s of out.encoded) chunk.encoded.push(s);
          for (const c of out.commands) chunk.commands.push(c);
          chunk.received++;
        }
      }
      if (chunk.received >= chunkRows) await flush();
      else if (report.rowsRead % 1000 === 0) options.onProgress?.(current.bytesRead, current.totalBytes);
    }
    await flush();
    await pipeline.drain();
  } finally {
    await rejectedLog.close();
  }
  report.accepted = validRows - report.duplicates;
  report.rejectedFile = rejectedLog.path;
  report.elapsedMs = Date.now() - started;
  options.onProgress?.(current.totalBytes, current.totalBytes);
  return report;
}

function contextAt(at: Date, sourceId: string): IngestContext {
  return { sourceId, receivedMs: at.getTime(), receivedAt: at.toISOString(), ip: null, userAgent: null };
}

function excerptOf(row: Exclude<ImportRow, { error: unknown }>): string {
  const text = JSON.stringify(row.wire === 'segment' ? row.message : row.record) ?? '';
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

/** The batch without the events (and their identity commands) whose ids are in `ids`. */
function withoutIds(batch: NormalizedBatch, ids: Set<string>): NormalizedBatch {
  const out = emptyBatch();
  batch.events.forEach((e: TrackedEvent, i) => {
    if (ids.has(e.eventId)) return;
    out.events.push(e);
    out.encoded.push(batch.encoded[i] as string);
  });
  out.commands = batch.commands.filter((c: PendingCommand) => c.eventId === null || !ids.has(c.eventId));
  out.received = out.events.length;
  return out;
}
