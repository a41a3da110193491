import { DocumentSyntaxError, JsonDocumentSplitter } from './json-document.js';
import type { FileLine } from './lines.js';
import { excerpt, type FormatReader, type ImportRow, importEventId, isObject, parseJsonLine } from './rows.js';

const NOT_A_MESSAGE =
  'a line must hold a JSON object (one message), an array of messages or a {"batch": [...]} document';

function* itemsOf(value: unknown, line: number, text: string): Generator<ImportRow> {
  let items: unknown[];
  let context: Record<string, unknown> | null = null;
  if (Array.isArray(value)) items = value;
  else if (isObject(value) && Array.isArray(value.batch)) {
    items = value.batch;
    context = isObject(value.context) ? value.context : null;
  } else if (isObject(value)) items = [value];
  else {
    yield { line, error: { code: 'invalid_message', reason: NOT_A_MESSAGE }, raw: excerpt(text) };
    return;
  }
  for (let i = 0; i < items.length; i++) {
    const message = items[i];
    if (!isObject(message)) {
      yield {
        line,
        error: { code: 'invalid_message', reason: `item ${i} is not a JSON object`, path: [i] },
        raw: excerpt(text),
      };
      continue;
    }
    // One line's items share its text: the index tells them apart.
    yield { line, wire: 'segment', message, context, fallbackId: importEventId('segment', line, i, text) };
  }
}

/**
 * Segment messages: one JSON message per line (NDJSON; a line may also be an array of messages or a
 * `{"batch": [...], "context": {...}}` object), or one `{"batch": [...]}` document spread over many lines (read as a
 * stream, twice: first for its top-level context, then for the items).
 */
export const readSegment: FormatReader = async function* (input) {
  const iterator = input.source.lines[Symbol.asyncIterator]();
  const seen: FileLine[] = [];
  let first: FileLine | null = null;
  for (;;) {
    const next = await iterator.next();
    if (next.done) return;
    seen.push(next.value);
    if (next.value.text.trim() !== '') {
      first = next.value;
      break;
    }
  }
  const parsed = parseJsonLine(first.text);
  const opener = first.text.trimStart()[0];
  if (parsed.ok || (opener !== '{' && opener !== '[')) {
    // Newline-delimited: every line stands alone.
    if (parsed.ok) yield* itemsOf(parsed.value, first.line, first.text);
    else yield { line: first.line, error: parsed.error, raw: excerpt(first.text) };
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      const { line, text } = next.value;
      if (text.trim() === '') continue;
      const one = parseJsonLine(text);
      if (one.ok) yield* itemsOf(one.value, line, text);
      else yield { line, error: one.error, raw: excerpt(text) };
    }
  }
  yield* readDocument(input, seen, iterator);
};

/** A multi-line document: pass 1 finds the top-level context, pass 2 splits out the items. */
async function* readDocument(
  input: Parameters<FormatReader>[0],
  seen: FileLine[],
  iterator: AsyncIterator<FileLine>,
): AsyncGenerator<ImportRow> {
  let context: Record<string, unknown> | null = null;
  const scan = new JsonDocumentSplitter();
  try {
    const feed = (l: FileLine) => {
      for (const part of scan.feed(l.text, l.line)) {
        if (part.kind === 'member' && part.key === 'context') {
          const value = parseJsonLine(part.text);
          if (value.ok && isObject(value.value)) context = value.value;
        }
      }
    };
    for (const l of seen) feed(l);
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      feed(next.value);
    }
    if (!scan.done) throw new DocumentSyntaxError(seen[seen.length - 1]?.line ?? 1, 'the document ends early');
  } catch (err) {
    if (!(err instanceof DocumentSyntaxError) && !(err instanceof SyntaxError)) throw err;
    const line = err instanceof DocumentSyntaxError ? err.line : 1;
    yield { line, error: { code: 'invalid_json', reason: `the batch document is not valid JSON: ${err.message}` } };
    return;
  }
  const second = await input.reopen();
  const split = new JsonDocumentSplitter();
  let lastLine = 0;
  let index = 0;
  for await (const { line, text } of second.lines) {
    if (line !== lastLine) index = 0;
    lastLine = line;
    for (const part of split.feed(text, line)) {
      if (part.kind !== 'item') continue;
      const value = parseJsonLine(part.text);
      if (!value.ok) yield { line: part.line, error: value.error, raw: excerpt(part.text) };
      else if (!isObject(value.value)) {
        yield { line: part.line, error: { code: 'invalid_message', reason: 'a batch item is not a JSON object' } };
      } else {
        yield {
          line: part.line,
          wire: 'segment',
          message: value.value,
          context,
          fallbackId: importEventId('segment', part.line, index++, part.text),
        };
      }
    }
  }
}
