import { csvRecords, ImportFileError } from './csv-records.js';
import { excerpt, type FormatReader, type ImportRow, importEventId, isObject, RowProblem } from './rows.js';

/**
 * The generic CSV event format. The first line is the header; columns (any order):
 * - `event` (required): the event name;
 * - `distinct_id`, `user_id`, `anonymous_id`: at least one of these columns, and a value in each row
 *   (`user_id` → userId; `anonymous_id` → anonymousId; `distinct_id` alone → anonymousId);
 * - `timestamp`: ISO-8601 or epoch milliseconds (empty: the import time);
 * - `organization_id`, `session_id`, `message_id` (the event id; default: a hash of the line, see importEventId);
 * - `properties`: a JSON object;
 * - `prop_<name>` or `prop_<name>:<type>` with type `string` (default), `number`, `boolean` or `json`: one property
 *   each (empty cells are left out; they override the same key of `properties`).
 * Unknown columns refuse the file (a typo would otherwise drop data silently).
 */
export const CSV_COLUMNS = [
  'event',
  'timestamp',
  'distinct_id',
  'user_id',
  'anonymous_id',
  'organization_id',
  'session_id',
  'message_id',
  'properties',
] as const;

type PropColumn = { index: number; name: string; type: 'string' | 'number' | 'boolean' | 'json'; header: string };

const PROP_COLUMN = /^prop_([^:]+)(?::(string|number|boolean|json))?$/;

function header(fields: string[], line: number): { at: Map<string, number>; props: PropColumn[] } {
  const at = new Map<string, number>();
  const props: PropColumn[] = [];
  fields.forEach((raw, index) => {
    const name = raw.trim();
    const prop = PROP_COLUMN.exec(name);
    if (prop) {
      props.push({ index, name: prop[1] as string, type: (prop[2] ?? 'string') as PropColumn['type'], header: name });
    } else if ((CSV_COLUMNS as readonly string[]).includes(name)) {
      if (at.has(name)) throw new ImportFileError(line, `column ${name} appears twice`);
      at.set(name, index);
    } else {
      throw new ImportFileError(
        line,
        `unknown column ${JSON.stringify(name)}: use ${CSV_COLUMNS.join(', ')}, prop_<name> or prop_<name>:<string|number|boolean|json>`,
      );
    }
  });
  if (!at.has('event')) throw new ImportFileError(line, 'the header needs an event column');
  if (!at.has('distinct_id') && !at.has('user_id') && !at.has('anonymous_id')) {
    throw new ImportFileError(line, 'the header needs a distinct_id, user_id or anonymous_id column');
  }
  return { at, props };
}

function typed(value: string, col: PropColumn): unknown {
  const fail = (what: string): never => {
    throw new RowProblem('invalid_value', `${col.header}: ${JSON.stringify(value)} is not ${what}`, [col.header]);
  };
  switch (col.type) {
    case 'number': {
      const n = Number(value);
      return value.trim() !== '' && Number.isFinite(n) ? n : fail('a number');
    }
    case 'boolean':
      if (/^(true|1)$/i.test(value)) return true;
      if (/^(false|0)$/i.test(value)) return false;
      return fail('a boolean (true/false/1/0)');
    case 'json':
      try {
        return JSON.parse(value);
      } catch {
        return fail('JSON');
      }
    default:
      return value;
  }
}

/** Reads the generic CSV format into Segment track messages (see CSV_COLUMNS for the header). */
export const readCsv: FormatReader = async function* ({ source }) {
  let cols: ReturnType<typeof header> | null = null;
  for await (const record of csvRecords(source.lines)) {
    const { line, text, fields } = record;
    if (!fields) {
      if (!cols) throw new ImportFileError(line, `the header is not valid CSV: ${record.error}`);
      yield { line, error: { code: 'invalid_row', reason: `not valid CSV: ${record.error}` }, raw: excerpt(text) };
      continue;
    }
    if (!cols) {
      cols = header(fields, line);
      continue;
    }
    if (fields.length !== cols.at.size + cols.props.length) {
      yield {
        line,
        error: {
          code: 'invalid_row',
          reason: `${fields.length} fields where the header has ${cols.at.size + cols.props.length}`,
        },
        raw: excerpt(text),
      };
      continue;
    }
    yield rowOf(cols, fields, line, text);
  }
};

function rowOf(cols: ReturnType<typeof header>, fields: string[], line: number, text: string): ImportRow {
  const get = (name: string): string | undefined => {
    const i = cols.at.get(name);
    const v = i === undefined ? undefined : fields[i];
    return v === undefined || v === '' ? undefined : v;
  };
  try {
    let properties: Record<string, unknown> = {};
    const json = get('properties');
    if (json !== undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(json);
      } catch {
        parsed = undefined;
      }
      if (!isObject(parsed)) {
        throw new RowProblem('invalid_value', 'properties is not a JSON object', ['properties']);
      }
      properties = parsed;
    }
    for (const col of cols.props) {
      const v = fields[col.index] as string;
      if (v !== '') properties[col.name] = typed(v, col);
    }
    const userId = get('user_id');
    const anonymousId = get('anonymous_id') ?? (userId === undefined ? get('distinct_id') : undefined);
    const ts = get('timestamp');
    const context: Record<string, unknown> = {};
    const org = get('organization_id');
    const session = get('session_id');
    if (org !== undefined) context.groupId = org;
    if (session !== undefined) context.sessionId = session;
    const message: Record<string, unknown> = {
      type: 'track',
      event: get('event') ?? '',
      properties,
      context,
    };
    if (userId !== undefined) message.userId = userId;
    if (anonymousId !== undefined) message.anonymousId = anonymousId;
    if (ts !== undefined) message.timestamp = /^\d+$/.test(ts) ? Number(ts) : ts;
    const messageId = get('message_id');
    if (messageId !== undefined) message.messageId = messageId;
    return { line, wire: 'segment', message, fallbackId: importEventId('csv', line, 0, text) };
  } catch (err) {
    if (!(err instanceof RowProblem)) throw err;
    return { line, error: err.error, raw: excerpt(text) };
  }
}
