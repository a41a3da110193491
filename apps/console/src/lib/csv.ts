/** CSV for exports: RFC 4180 quoting, CRLF line ends, and a BOM so spreadsheet programs read UTF-8 (CJK) right. */
export type CsvValue = string | number | null | undefined;

function csvField(v: CsvValue): string {
  const s = v === null || v === undefined ? '' : String(v);
  // A leading = + - @ would make a spreadsheet evaluate the cell as a formula (CSV injection): prefix a quote.
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180 CSV (CRLF line ends), without the BOM (`downloadCsv` adds it). */
export function toCsv(header: string[], rows: CsvValue[][]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n');
}

/** Saves `header` + `rows` as `filename` through a temporary link (the browser's download). */
export function downloadCsv(filename: string, header: string[], rows: CsvValue[][]): void {
  const url = URL.createObjectURL(new Blob(['\uFEFF', toCsv(header, rows)], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
