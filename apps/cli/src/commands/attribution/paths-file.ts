import type { ChannelPath } from '@tradeloop/models';

/**
 * Reads a channel path file in the format of the ChannelAttribution package's example data
 * (../shared/datasets/attribution/paths.csv): semicolon-separated, header `path;total_conversions;
 * total_conversion_value;total_null`, channels of a path separated by `>` (spaces around are trimmed). Columns are
 * found by header name (any order; `total_conversion_value` and `total_null` optional); without a header the four
 * columns are taken in that order. A bad row throws a PathFileError naming its line and field.
 */
export class PathFileError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly field: string,
  ) {
    super(`line ${line}, ${field}: ${message}`);
    this.name = 'PathFileError';
  }
}

const COLUMNS = ['path', 'total_conversions', 'total_conversion_value', 'total_null'] as const;

export function parsePathFile(text: string): ChannelPath[] {
  const lines = text.split(/\r?\n/);
  const first = (lines[0] ?? '').replace(/^\uFEFF/, '');
  const header = first.split(';').map((h) => h.trim().toLowerCase());
  const hasHeader = header.includes('path');
  const index = new Map<string, number>(
    hasHeader ? header.map((h, i) => [h, i] as const) : COLUMNS.map((c, i) => [c, i] as const),
  );
  if (!index.has('total_conversions')) throw new PathFileError('missing column', 1, 'total_conversions');
  const out: ChannelPath[] = [];
  for (let i = hasHeader ? 1 : 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const cells = line.split(';');
    const cell = (name: string) => {
      const at = index.get(name);
      return at === undefined ? undefined : cells[at]?.trim();
    };
    const number = (name: string, required: boolean): number => {
      const raw = cell(name);
      if (raw === undefined || raw === '') {
        if (required) throw new PathFileError('missing', i + 1, name);
        return 0;
      }
      const n = Number(raw);
      if (!Number.isFinite(n) || n < 0) throw new PathFileError(`not a non-negative number: ${raw}`, i + 1, name);
      return n;
    };
    const path = cell('path') ?? '';
    const channels = path
      .split('>')
      .map((c) => c.trim())
      .filter((c) => c !== '');
    if (channels.length === 0) throw new PathFileError('an empty path', i + 1, 'path');
    out.push({
      channels,
      conversions: number('total_conversions', true),
      value: number('total_conversion_value', false),
      nulls: number('total_null', false),
    });
  }
  return out;
}
