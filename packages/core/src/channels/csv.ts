import { ChannelSpendRow } from '@tradeloop/schema';
import { splitCsv } from '../events/import/csv-records.js';

/** One refused row of a spend CSV: its line in the file (the header is line 1), the field, and why. */
export type SpendRowError = { line: number; field: string; message: string };

const FIELDS = ['channel', 'day', 'amount', 'currency'] as const;
const REQUIRED = ['channel', 'day', 'amount'] as const;

/**
 * Parses a spend CSV: a header naming `channel,day,amount` and optionally `currency` (any order), then one row per
 * channel and day; `amount` in minor units (fen). Every row is checked; the result is either all rows or every error
 * found (the caller then writes nothing).
 *
 * @example
 * parseSpendCsv('channel,day,amount\nbaidu,2026-11-01,300000\n') // { rows: [{ channel: 'baidu', ... }], errors: [] }
 */
export function parseSpendCsv(text: string): { rows: ChannelSpendRow[]; errors: SpendRowError[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const errors: SpendRowError[] = [];
  const rows: ChannelSpendRow[] = [];
  const header = splitCsv(lines[0] ?? '')?.map((h) => h.trim().toLowerCase()) ?? [];
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    if ((FIELDS as readonly string[]).includes(h)) index.set(h, i);
  });
  for (const f of REQUIRED) {
    if (!index.has(f)) errors.push({ line: 1, field: f, message: `the header must name the column ${f}` });
  }
  if (errors.length > 0) return { rows, errors };

  for (let i = 1; i < lines.length; i++) {
    const text = lines[i] as string;
    if (text.trim() === '') continue;
    const line = i + 1;
    let cells: string[] | null;
    try {
      cells = splitCsv(text);
    } catch (error) {
      cells = null;
      errors.push({ line, field: 'row', message: (error as Error).message });
      continue;
    }
    if (!cells) {
      errors.push({ line, field: 'row', message: 'an unterminated quoted field' });
      continue;
    }
    const cell = (f: string) => {
      const at = index.get(f);
      return at === undefined ? undefined : cells[at]?.trim();
    };
    const amountText = cell('amount') ?? '';
    const currency = cell('currency');
    const candidate = {
      channel: cell('channel') ?? '',
      day: cell('day') ?? '',
      // A number only when the text is one: "12abc" or "" must fail on amount, not become NaN or 0.
      amount: /^-?\d+(\.\d+)?$/.test(amountText) ? Number(amountText) : amountText,
      ...(currency ? { currency } : {}),
    };
    const parsed = ChannelSpendRow.safeParse(candidate);
    if (parsed.success) rows.push(parsed.data);
    else {
      for (const issue of parsed.error.issues) {
        errors.push({ line, field: String(issue.path[0] ?? 'row'), message: issue.message });
      }
    }
  }
  if (errors.length === 0 && rows.length === 0) errors.push({ line: 2, field: 'row', message: 'no rows' });
  return { rows, errors };
}
