import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Simulation } from './generate.js';
import type { Truth } from './truth.js';

/** Appends lines to a file through a 1 MB buffer: synchronous and ordered, so the bytes depend on the input only. */
class LineWriter {
  private readonly fd: number;
  private parts: string[] = [];
  private size = 0;
  bytes = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  line(text: string): void {
    this.parts.push(text, '\n');
    this.size += text.length + 1;
    if (this.size >= 1 << 20) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    const buf = Buffer.from(this.parts.join(''));
    writeSync(this.fd, buf);
    this.bytes += buf.length;
    this.parts = [];
    this.size = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

export type WriteResult = { truth: Truth; files: string[]; messages: number; entities: number; operations: number };

/** The files of a generation, relative to the output directory. */
export const OUT_FILES = {
  entities: 'entities.ndjson',
  operations: 'operations.ndjson',
  events: 'events.ndjson',
  truth: 'truth.json',
  buyers: 'truth/buyers.ndjson',
  rfqMatches: 'truth/rfq-matches.ndjson',
} as const;

/**
 * Writes a generation to `dir`: entities.ndjson (categories, organisations with contacts, products, coupons, each
 * `{kind, at, <kind>}`), operations.ndjson (marketplace calls in time order), events.ndjson (one Segment message per
 * line, ready for `POST /v1/batch` or `tradeloop import events --format segment`), truth.json and truth/*.ndjson.
 * The same simulation options give the same bytes.
 *
 * @example writeSimulation(simulate({ seed: 7 }), './demo-out', (n) => bar.update(n));
 */
export function writeSimulation(
  sim: Simulation,
  dir: string,
  onProgress?: (items: number, fraction: number) => void,
): WriteResult {
  mkdirSync(join(dir, 'truth'), { recursive: true });
  const entities = new LineWriter(join(dir, OUT_FILES.entities));
  const operations = new LineWriter(join(dir, OUT_FILES.operations));
  const events = new LineWriter(join(dir, OUT_FILES.events));
  let n = 0;
  let messages = 0;
  let entityCount = 0;
  let opCount = 0;
  try {
    for (const item of sim.items()) {
      if (item.kind === 'message') {
        events.line(JSON.stringify(item.message));
        messages++;
      } else if (item.kind === 'op') {
        operations.line(JSON.stringify({ at: new Date(item.at).toISOString(), ...item.op }));
        opCount++;
      } else {
        const { kind, at, seq: _seq, ...rest } = item;
        entities.line(JSON.stringify({ kind, at: new Date(at).toISOString(), ...rest }));
        entityCount++;
      }
      if (onProgress && ++n % 10_000 === 0) onProgress(n, (item.at - sim.startMs) / (sim.endMs - sim.startMs));
    }
  } finally {
    entities.close();
    operations.close();
    events.close();
  }
  const truth = sim.truth();
  writeTruth(truth, dir);
  return { truth, files: Object.values(OUT_FILES), messages, entities: entityCount, operations: opCount };
}

/** Writes truth.json and truth/*.ndjson into `dir` (beside a generation, or into a data directory after a load). */
export function writeTruth(truth: Truth, dir: string): void {
  mkdirSync(join(dir, 'truth'), { recursive: true });
  const buyers = new LineWriter(join(dir, OUT_FILES.buyers));
  for (const b of truth.buyers) buyers.line(JSON.stringify(b));
  buyers.close();
  const matches = new LineWriter(join(dir, OUT_FILES.rfqMatches));
  for (const m of truth.rfqMatches) matches.line(JSON.stringify(m));
  matches.close();
  const summary = new LineWriter(join(dir, OUT_FILES.truth));
  summary.line(JSON.stringify(truth.summary, null, 2));
  summary.close();
}
