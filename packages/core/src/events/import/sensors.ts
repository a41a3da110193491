import { excerpt, type FormatReader, importEventId, isObject, parseJsonLine } from './rows.js';

/**
 * Sensors Analytics records: one JSON record per line (as Sensors' own exports and LogAgent files hold them); a line
 * may also be an array of records (a decoded `data_list`).
 */
export const readSensors: FormatReader = async function* ({ source }) {
  for await (const { line, text } of source.lines) {
    if (text.trim() === '') continue;
    const parsed = parseJsonLine(text);
    if (!parsed.ok) {
      yield { line, error: parsed.error, raw: excerpt(text) };
      continue;
    }
    const records = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
    for (let i = 0; i < records.length; i++) {
      const record = records[i];
      if (!isObject(record)) {
        yield {
          line,
          error: { code: 'invalid_message', reason: 'a record must be a JSON object' },
          raw: excerpt(text),
        };
        continue;
      }
      yield { line, wire: 'sensors', record, fallbackId: importEventId('sensors', line, i, text) };
    }
  }
};
