import { createHash } from 'node:crypto';
import type { LineSource } from './lines.js';

export const IMPORT_FORMATS = ['segment', 'sensors', 'csv', 'otto', 'tianchi'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Why a row could not even be turned into a wire message (bad JSON, bad CSV, unknown code, ...). */
export type RowError = { code: string; reason: string; path?: (string | number)[] };

/**
 * One row of an import file in a wire format the ingestion normalisers read (so it gets exactly the HTTP path's
 * validation), or the reason it could not be read. `fallbackId` is the deterministic event id used when the row has
 * no stable id of its own, so importing the same file again stores nothing new.
 */
export type ImportRow =
  | {
      line: number;
      wire: 'segment';
      message: Record<string, unknown>;
      /** A batch document's top-level context (merged into the message as on `POST /v1/batch`). */
      context?: Record<string, unknown> | null;
      fallbackId: string;
    }
  | { line: number; wire: 'sensors'; record: Record<string, unknown>; fallbackId: string }
  | { line: number; error: RowError; raw?: string };

/** What a format reader gets: the file's lines, and a way to read it again from the start (for two-pass formats). */
export type ImportInput = { source: LineSource; reopen: () => Promise<LineSource> };

export type FormatReader = (input: ImportInput) => AsyncIterable<ImportRow>;

/**
 * The id of an imported row that carries none: a hash of the format, the line number, the row's position in the line
 * and the line's text. The same file imported twice gives the same ids; identical rows on different lines (legitimate
 * repeats, e.g. Tianchi's hour-level times) stay distinct.
 */
export function importEventId(format: ImportFormat, line: number, index: number, text: string): string {
  const digest = createHash('sha1').update(`${format}|${line}|${index}|`).update(text).digest('hex');
  return `imp_${digest.slice(0, 32)}`;
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses one line of JSON, or describes why it is not JSON. */
export function parseJsonLine(text: string): { ok: true; value: unknown } | { ok: false; error: RowError } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, error: { code: 'invalid_json', reason: `not valid JSON: ${(err as Error).message}` } };
  }
}

/** At most this many characters of a rejected row are copied into the rejected-rows file. */
export const RAW_EXCERPT = 500;
export const excerpt = (text: string): string => (text.length > RAW_EXCERPT ? `${text.slice(0, RAW_EXCERPT)}…` : text);

/** Thrown by a reader's row conversion; becomes a rejected row with this code and path. */
export class RowProblem extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly path: (string | number)[] = [],
  ) {
    super(message);
    this.name = 'RowProblem';
  }

  get error(): RowError {
    return { code: this.code, reason: this.message, ...(this.path.length ? { path: this.path } : {}) };
  }
}
