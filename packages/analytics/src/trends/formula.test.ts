import { describe, expect, it } from 'vitest';
import { AnalyticsError } from '../errors.js';
import { evaluateFormula, parseFormula } from './formula.js';

const calc = (text: string, values: (number | null)[]) =>
  evaluateFormula(parseFormula(text, values.length, ['formulas', 0, 'expression']), values);

describe('trend formulas', () => {
  it('follows precedence, parentheses, unary minus and decimals', () => {
    expect(calc('A + B * C', [1, 2, 3])).toBe(7);
    expect(calc('(A + B) * C', [1, 2, 3])).toBe(9);
    expect(calc('A - B - C', [10, 2, 3])).toBe(5);
    expect(calc('A / B / C', [12, 2, 3])).toBe(2);
    expect(calc('-A + 2.5', [1])).toBe(1.5);
    expect(calc('A * 100 / B', [1, 8])).toBe(12.5);
    expect(calc('.5 * A', [4])).toBe(2);
  });

  it('gives null on a division by zero and on a null operand', () => {
    expect(calc('A / B', [1, 0])).toBeNull();
    expect(calc('A / (B - B)', [1, 3])).toBeNull();
    expect(calc('A + B', [1, null])).toBeNull();
    expect(calc('0 / A', [5])).toBe(0);
  });

  it('refuses malformed formulas and unknown series with an invalid_query error naming the field', () => {
    for (const bad of ['A +', '(A', 'A)', 'AB', 'A B', '* A', 'C', '1..2', 'A ; B', 'A2', '']) {
      let error: unknown;
      try {
        parseFormula(bad, 2, ['formulas', 1, 'expression']);
      } catch (e) {
        error = e;
      }
      expect(error, bad).toBeInstanceOf(AnalyticsError);
      expect((error as AnalyticsError).path).toEqual(['formulas', 1, 'expression']);
    }
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    expect(() => parseFormula(`${'('.repeat(150)}A${')'.repeat(150)}`, 1, [])).toThrow(AnalyticsError);
  });
});
