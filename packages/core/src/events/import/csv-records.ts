import type { FileLine } from './lines.js';

/** A file-level problem (bad header, ...): the import stops before storing anything from the file. */
export class ImportFileError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'ImportFileError';
  }
}

/** One CSV record: its first line, its fields, and its text (the joined lines), or why it is malformed. */
export type CsvRecord = { line: number; text: string; fields: string[] | null; error?: string };

/** A record may span at most this many lines (a quoted field with line breaks); more is an unterminated quote. */
const MAX_RECORD_LINES = 1000;

/** RFC 4180 fields of one record's text, or null when a quoted field is still open at the end of the text. */
export function splitCsv(text: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) return null;
        value += text.slice(i, q);
        if (text[q + 1] === '"') {
          value += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i >= text.length) return fields;
      if (text[i] !== ',') throw new SyntaxError(`unexpected ${JSON.stringify(text[i])} after a closing quote`);
      i++;
    } else {
      const comma = text.indexOf(',', i);
      if (comma < 0) {
        fields.push(text.slice(i));
        return fields;
      }
      fields.push(text.slice(i, comma));
      i = comma + 1;
    }
  }
}

/** Streams CSV records from lines (quoted fields may hold commas, doubled quotes and line breaks); blank lines skipped. */
export async function* csvRecords(lines: AsyncIterable<FileLine>): AsyncGenerator<CsvRecord> {
  let pending: { line: number; parts: string[] } | null = null;
  for await (const { line, text } of lines) {
    if (!pending && text.trim() === '') continue;
    const record: { line: number; parts: string[] } = pending ?? { line, parts: [] };
    record.parts.push(text);
    const joined = record.parts.join('\n');
    let fields: string[] | null;
    try {
      fields = splitCsv(joined);
    } catch (err) {
      pending = null;
      yield { line: record.line, text: joined, fields: null, error: (err as Error).message };
      continue;
    }
    if (fields === null) {
      if (record.parts.length >= MAX_RECORD_LINES) {
        pending = null;
        yield { line: record.line, text: joined, fields: null, error: 'a quoted field is never closed' };
      } else pending = record;
      continue;
    }
    pending = null;
    yield { line: record.line, text: joined, fields };
  }
  if (pending) {
    yield {
      line: pending.line,
      text: pending.parts.join('\n'),
      fields: null,
      error: 'a quoted field is never closed',
    };
  }
}
