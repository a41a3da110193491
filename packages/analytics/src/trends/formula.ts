import { AnalyticsError } from '../errors.js';

/**
 * Formula series of a trend (`A / B`, `(A - B) * 100 / A`): parsed here into a small tree and evaluated in
 * JavaScript per period — never through `eval` nor SQL. Letters name the series in order (A = the first);
 * numbers are decimals; + - * / with the usual precedence, unary minus and parentheses. A division by zero, or any
 * operand that is null, gives null.
 */
export type Formula =
  | { op: 'num'; value: number }
  | { op: 'series'; index: number }
  | { op: 'neg'; arg: Formula }
  | { op: '+' | '-' | '*' | '/'; left: Formula; right: Formula };

type Token = { kind: 'num'; value: number } | { kind: 'series'; index: number } | { kind: 'sym'; sym: string };

function tokenize(text: string, fail: (msg: string) => never): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === ' ') {
      i++;
    } else if (/[A-Z]/.test(c)) {
      if (/[A-Z0-9]/.test(text.charAt(i + 1))) fail(`"${c}${text.charAt(i + 1)}" at ${i}: a series is one letter`);
      tokens.push({ kind: 'series', index: c.charCodeAt(0) - 65 });
      i++;
    } else if (/[0-9.]/.test(c)) {
      const m = /^(?:\d+(?:\.\d+)?|\.\d+)/.exec(text.slice(i));
      if (!m) fail(`a bad number at ${i}`);
      tokens.push({ kind: 'num', value: Number(m[0]) });
      i += m[0].length;
    } else if ('+-*/()'.includes(c)) {
      tokens.push({ kind: 'sym', sym: c });
      i++;
    } else {
      fail(`unexpected "${c}" at ${i}`);
    }
  }
  return tokens;
}

/**
 * Parses a formula over `seriesCount` series; an `invalid_query` error at `path` when it is malformed.
 *
 * @example evaluateFormula(parseFormula('A / B', 2, ['formulas', 0]), [10, 4]) // 2.5
 */
export function parseFormula(text: string, seriesCount: number, path: (string | number)[]): Formula {
  const fail = (msg: string): never => {
    throw new AnalyticsError('invalid_query', `formula "${text}": ${msg}`, path);
  };
  const tokens = tokenize(text, fail);
  let pos = 0;
  const peekSym = () => {
    const t = tokens[pos];
    return t?.kind === 'sym' ? t.sym : null;
  };
  // expr := term (('+'|'-') term)* ; term := unary (('*'|'/') unary)* ; unary := '-' unary | atom
  const expr = (): Formula => {
    let left = term();
    for (let s = peekSym(); s === '+' || s === '-'; s = peekSym()) {
      pos++;
      left = { op: s, left, right: term() };
    }
    return left;
  };
  const term = (): Formula => {
    let left = unary();
    for (let s = peekSym(); s === '*' || s === '/'; s = peekSym()) {
      pos++;
      left = { op: s, left, right: unary() };
    }
    return left;
  };
  let depth = 0;
  const unary = (): Formula => {
    if (++depth > 100) fail('nested too deeply');
    try {
      if (peekSym() === '-') {
        pos++;
        return { op: 'neg', arg: unary() };
      }
      if (peekSym() === '+') {
        pos++;
        return unary();
      }
      return atom();
    } finally {
      depth--;
    }
  };
  const atom = (): Formula => {
    const t = tokens[pos++];
    if (!t) return fail('ends too early');
    if (t.kind === 'num') return { op: 'num', value: t.value };
    if (t.kind === 'series') {
      if (t.index >= seriesCount) fail(`series ${String.fromCharCode(65 + t.index)} does not exist`);
      return { op: 'series', index: t.index };
    }
    if (t.sym === '(') {
      const inner = expr();
      if (peekSym() !== ')') fail('a ( is not closed');
      pos++;
      return inner;
    }
    return fail(`unexpected "${t.sym}"`);
  };
  const tree = expr();
  if (pos < tokens.length) fail(`unexpected text after position ${pos}`);
  return tree;
}

/** The value of a formula for one period: null when an operand is null or a divisor is zero. */
export function evaluateFormula(f: Formula, values: readonly (number | null)[]): number | null {
  switch (f.op) {
    case 'num':
      return f.value;
    case 'series':
      return values[f.index] ?? null;
    case 'neg': {
      const v = evaluateFormula(f.arg, values);
      return v === null ? null : -v;
    }
    default: {
      const a = evaluateFormula(f.left, values);
      const b = evaluateFormula(f.right, values);
      if (a === null || b === null) return null;
      if (f.op === '/') return b === 0 ? null : a / b;
      const v = f.op === '+' ? a + b : f.op === '-' ? a - b : a * b;
      return Number.isFinite(v) ? v : null;
    }
  }
}
