import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';

describe('toCsv', () => {
  it('quotes separators, quotes and line breaks and joins rows with CRLF', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x,y', 'say "hi"'],
          ['line\nbreak', 3],
        ],
      ),
    ).toBe('a,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",3');
  });

  it('writes empty cells for null and undefined and keeps negative numbers as numbers', () => {
    expect(toCsv(['a', 'b', 'c'], [[null, undefined, -12.5]])).toBe('a,b,c\r\n,,-12.5');
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(toCsv(['a'], [['=HYPERLINK("x")'], ['@SUM(A1)'], ['-1+2']])).toBe(
      'a\r\n"\'=HYPERLINK(""x"")"\r\n\'@SUM(A1)\r\n\'-1+2',
    );
  });
});
