import type { FileHandle } from 'node:fs/promises';
import { mkdir, open, readdir, readFile, rename, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';

/**
 * The write-ahead log of ingestion: numbered segment files `<dir>/<16-digit seq>.wal`, each a run of records
 * framed as `[u32 LE payload length][u32 LE CRC-32 of payload][payload]`.
 *
 * Group commit: `append` queues the encoded record; one writer appends everything queued (writev) and fdatasyncs,
 * then resolves each record's promise with its end position. A record is acknowledged only after the fdatasync that
 * covers it, and many requests share one fdatasync.
 *
 * Recovery rules (see `recoverWal`): segments wholly before the checkpoint are deleted; records after the checkpoint
 * are replayed in order; the first frame that is short (torn write), has an impossible length, or fails its CRC ends
 * that segment: the segment is truncated there (only the tail being written at a crash can be torn, and no record
 * after a torn one was ever acknowledged, because fdatasync covers everything written before it). Each start writes
 * to a fresh segment.
 */
export type WalPosition = { segment: number; offset: number };

export const comparePositions = (a: WalPosition, b: WalPosition): number =>
  a.segment !== b.segment ? a.segment - b.segment : a.offset - b.offset;

export type WalOptions = {
  dir: string;
  /** A new segment is started once the current one exceeds this (default 64 MB). */
  segmentBytes?: number;
  /** How long the writer waits for more records before syncing, when idle (default 2 ms). */
  commitDelayMs?: number;
  /** Sync at once when this many bytes are queued (default 1 MB). */
  commitBytes?: number;
};

export type WalStats = { records: number; bytes: number; syncs: number; segment: number };

/** Records larger than this are not records: a corrupt length field. */
export const MAX_RECORD_BYTES = 256 * 1024 * 1024;
const HEADER_BYTES = 8;
const CHECKPOINT_FILE = 'checkpoint.json';

const segmentName = (seq: number): string => `${String(seq).padStart(16, '0')}.wal`;

async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function listSegments(dir: string): Promise<number[]> {
  const names = await readdir(dir);
  return names
    .filter((n) => /^\d{16}\.wal$/.test(n))
    .map((n) => Number(n.slice(0, 16)))
    .sort((a, b) => a - b);
}

/** The last checkpoint: everything before this position has been applied. */
export async function readCheckpoint(dir: string): Promise<WalPosition | null> {
  try {
    const parsed = JSON.parse(await readFile(join(dir, CHECKPOINT_FILE), 'utf8')) as Partial<WalPosition>;
    if (Number.isSafeInteger(parsed.segment) && Number.isSafeInteger(parsed.offset)) {
      return { segment: parsed.segment as number, offset: parsed.offset as number };
    }
    return null;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    // A checkpoint is written by rename, so it is whole or absent; anything else is worth stopping for.
    throw err;
  }
}

export type RecoveryReport = {
  checkpoint: WalPosition | null;
  records: number;
  /** Bytes dropped from torn or corrupt segment tails, per segment. */
  truncated: { segment: number; offset: number; bytes: number; reason: string }[];
  deletedSegments: number[];
  lastSegment: number;
};

/**
 * Replays the records after the checkpoint, in order, truncating torn tails. `onRecord` gets each payload and the
 * position just after it (the checkpoint to write once it is applied).
 */
export async function recoverWal(
  dir: string,
  onRecord: (payload: Buffer, end: WalPosition) => void,
): Promise<RecoveryReport> {
  await mkdir(dir, { recursive: true });
  const checkpoint = await readCheckpoint(dir);
  const segments = await listSegments(dir);
  const report: RecoveryReport = { checkpoint, records: 0, truncated: [], deletedSegments: [], lastSegment: 0 };
  for (const seq of segments) {
    report.lastSegment = Math.max(report.lastSegment, seq);
    if (checkpoint && seq < checkpoint.segment) {
      await unlink(join(dir, segmentName(seq)));
      report.deletedSegments.push(seq);
      continue;
    }
    const path = join(dir, segmentName(seq));
    const data = await readFile(path);
    let pos = checkpoint && seq === checkpoint.segment ? Math.min(checkpoint.offset, data.length) : 0;
    let bad: string | null = null;
    while (pos < data.length) {
      if (pos + HEADER_BYTES > data.length) {
        bad = 'torn header';
        break;
      }
      const length = data.readUInt32LE(pos);
      const crc = data.readUInt32LE(pos + 4);
      if (length > MAX_RECORD_BYTES) {
        bad = 'impossible length';
        break;
      }
      const end = pos + HEADER_BYTES + length;
      if (end > data.length) {
        bad = 'torn payload';
        break;
      }
      const payload = data.subarray(pos + HEADER_BYTES, end);
      if (crc32(payload) !== crc) {
        bad = 'CRC mismatch';
        break;
      }
      onRecord(payload, { segment: seq, offset: end });
      report.records++;
      pos = end;
    }
    if (bad) {
      const fh = await open(path, 'r+');
      try {
        await fh.truncate(pos);
        await fh.datasync();
      } finally {
        await fh.close();
      }
      report.truncated.push({ segment: seq, offset: pos, bytes: data.length - pos, reason: bad });
    }
  }
  if (checkpoint) report.lastSegment = Math.max(report.lastSegment, checkpoint.segment);
  return report;
}

type Pending = { header: Buffer; payload: Buffer; resolve: (end: WalPosition) => void; reject: (err: unknown) => void };

/** The appending side of the WAL (one per process and directory). Open it after `recoverWal`. */
export class WriteAheadLog {
  private pending: Pending[] = [];
  private pendingBytes = 0;
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private failed: unknown = null;
  private closed = false;
  private offset = 0;
  private readonly segmentBytes: number;
  private readonly commitDelayMs: number;
  private readonly commitBytes: number;
  readonly stats: WalStats;

  private constructor(
    readonly dir: string,
    private fh: FileHandle,
    private segment: number,
    options: WalOptions,
  ) {
    this.segmentBytes = options.segmentBytes ?? 64 * 1024 * 1024;
    this.commitDelayMs = options.commitDelayMs ?? 2;
    this.commitBytes = options.commitBytes ?? 1024 * 1024;
    this.stats = { records: 0, bytes: 0, syncs: 0, segment };
  }

  /** Opens a fresh segment numbered after `lastSegment` (from the recovery report). */
  static async open(options: WalOptions, lastSegment: number): Promise<WriteAheadLog> {
    await mkdir(options.dir, { recursive: true });
    const seq = lastSegment + 1;
    const fh = await WriteAheadLog.createSegment(options.dir, seq);
    return new WriteAheadLog(options.dir, fh, seq, options);
  }

  private static async createSegment(dir: string, seq: number): Promise<FileHandle> {
    const fh = await open(join(dir, segmentName(seq)), 'wx');
    // The new directory entry must be durable before any record in it is acknowledged.
    await fsyncDir(dir);
    return fh;
  }

  /** Where the next record will start. */
  get position(): WalPosition {
    return { segment: this.segment, offset: this.offset };
  }

  /**
   * Appends one record; resolves with the position after it once it is on disk (fdatasync'd). Rejects if the log
   * failed or is closed: an I/O error makes the log refuse everything after it (nothing unsynced is acknowledged).
   */
  append(payload: Buffer): Promise<WalPosition> {
    if (this.closed) return Promise.reject(new Error('the write-ahead log is closed'));
    if (this.failed) return Promise.reject(this.failed);
    if (payload.length > MAX_RECORD_BYTES) return Promise.reject(new Error('record too large for the WAL'));
    const header = Buffer.allocUnsafe(HEADER_BYTES);
    header.writeUInt32LE(payload.length, 0);
    header.writeUInt32LE(crc32(payload), 4);
    return new Promise<WalPosition>((resolve, reject) => {
      this.pending.push({ header, payload, resolve, reject });
      this.pendingBytes += HEADER_BYTES + payload.length;
      this.schedule();
    });
  }

  /** Resolves once everything appended before this call is durable. */
  async barrier(): Promise<void> {
    if (this.pending.length === 0 && !this.flushing) return;
    await this.append(Buffer.alloc(0)).catch(() => undefined);
  }

  private schedule(): void {
    if (this.flushing) return; // the running flush loops until the queue is empty
    if (this.pendingBytes >= this.commitBytes || this.commitDelayMs <= 0) {
      this.startFlush();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.startFlush();
    }, this.commitDelayMs);
  }

  private startFlush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.flushing || this.pending.length === 0) return;
    this.flushing = this.flushLoop().finally(() => {
      this.flushing = null;
      if (this.pending.length) this.schedule();
    });
  }

  private async flushLoop(): Promise<void> {
    while (this.pending.length && !this.failed) {
      const batch = this.pending;
      this.pending = [];
      this.pendingBytes = 0;
      const ends: WalPosition[] = new Array(batch.length);
      const buffers: Buffer[] = new Array(batch.length * 2);
      let offset = this.offset;
      for (let i = 0; i < batch.length; i++) {
        const p = batch[i] as Pending;
        buffers[2 * i] = p.header;
        buffers[2 * i + 1] = p.payload;
        offset += HEADER_BYTES + p.payload.length;
        ends[i] = { segment: this.segment, offset };
      }
      try {
        await this.writeAll(buffers, offset - this.offset);
        await this.fh.datasync();
      } catch (err) {
        this.failed = err;
        for (const p of batch) p.reject(err);
        for (const p of this.pending) p.reject(err);
        this.pending = [];
        return;
      }
      this.stats.syncs++;
      this.stats.records += batch.length;
      this.stats.bytes += offset - this.offset;
      this.offset = offset;
      for (let i = 0; i < batch.length; i++) (batch[i] as Pending).resolve(ends[i] as WalPosition);
      if (this.offset >= this.segmentBytes) await this.roll();
    }
  }

  private async writeAll(buffers: Buffer[], total: number): Promise<void> {
    // writev takes at most IOV_MAX (1024) buffers per call and may write less than asked: loop.
    let written = 0;
    let index = 0;
    while (written < total) {
      const chunk = buffers.slice(index, index + 1000);
      const chunkBytes = chunk.reduce((n, b) => n + b.length, 0);
      const { bytesWritten } = await this.fh.writev(chunk);
      if (bytesWritten < chunkBytes) {
        // Rare partial write: finish this chunk from one contiguous buffer.
        const rest = Buffer.concat(chunk).subarray(bytesWritten);
        let done = 0;
        while (done < rest.length) done += (await this.fh.write(rest, done)).bytesWritten;
      }
      written += chunkBytes;
      index += 1000;
    }
  }

  private async roll(): Promise<void> {
    try {
      const next = this.segment + 1;
      const fh = await WriteAheadLog.createSegment(this.dir, next);
      await this.fh.close();
      this.fh = fh;
      this.segment = next;
      this.offset = 0;
      this.stats.segment = next;
    } catch (err) {
      this.failed = err;
    }
  }

  /**
   * Records that everything before `pos` is applied: writes the checkpoint atomically (temp file, fsync, rename,
   * directory fsync), then deletes the segments wholly before it.
   */
  async checkpoint(pos: WalPosition): Promise<void> {
    const tmp = join(this.dir, `${CHECKPOINT_FILE}.tmp`);
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(JSON.stringify({ segment: pos.segment, offset: pos.offset }));
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, join(this.dir, CHECKPOINT_FILE));
    await fsyncDir(this.dir);
    for (const seq of await listSegments(this.dir)) {
      if (seq >= pos.segment) break;
      await rm(join(this.dir, segmentName(seq)), { force: true });
    }
  }

  /** Syncs what is queued and closes the segment. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.startFlush();
    while (this.flushing) await this.flushing;
    this.closed = true;
    await this.fh.close();
  }

  /** Test hook for a crash: stop writing and drop the file handle, as kill -9 would (queued records are lost). */
  abandon(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const p of this.pending) p.reject(new Error('abandoned'));
    this.pending = [];
    void this.fh.close().catch(() => undefined);
  }
}
