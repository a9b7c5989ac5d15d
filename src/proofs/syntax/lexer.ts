/**
 * The proof language's hand-written lexer: source text to tokens with spans.
 *
 * Invariants: tokens are in source order and never overlap; every token's span
 * covers exactly its source characters; the last token is always `eof`. Comments
 * (`#` or `//` to end of line) and whitespace produce no tokens. A token that is the
 * first on its line and starts in column 1 has `startsStatement` set: the layout
 * rule (a statement starts in column 1, indented lines continue it) is decided here
 * and enforced by the parser. Lexing never throws; bad characters become
 * diagnostics and are skipped.
 *
 * Numbers are exact: `4.03` is 403/100, `1e-3` is 1/1000 (num/den coprime, den > 0).
 * `d/dx` and `dN/dxN` are one `deriv` token (order N, variable x).
 */
import type { SourceFile, Span } from '../ast.ts';
import { errorAt, type Diagnostic } from '../diagnostics.ts';

/** Reserved words: never identifiers. */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'title', 'source', 'var', 'let', 'claim', 'calc', 'for', 'in', 'by', 'within', 'rel', 'real', 'inf',
  'family',
  'theorem', 'proof', 'qed',
]);

/** Punctuation and operator token kinds (the token's `kind` is the symbol itself). */
export type Punct =
  | '(' | ')' | '[' | ']' | '{' | '}' | ',' | ':' | '..' | '+' | '-' | '*' | '/' | '^' | '!' | '%'
  | '=' | '!=' | '<' | '<=' | '>' | '>=' | '≈'
  | ';';

export type Token =
  | { readonly kind: 'ident'; readonly value: string; readonly span: Span; readonly startsStatement: boolean }
  | { readonly kind: 'keyword'; readonly value: string; readonly span: Span; readonly startsStatement: boolean }
  | { readonly kind: 'number'; readonly num: bigint; readonly den: bigint; readonly text: string; readonly span: Span; readonly startsStatement: boolean }
  | { readonly kind: 'string'; readonly value: string; readonly span: Span; readonly startsStatement: boolean }
  | { readonly kind: 'deriv'; readonly var: string; readonly order: number; readonly varSpan: Span; readonly text: string; readonly span: Span; readonly startsStatement: boolean }
  | { readonly kind: Punct; readonly span: Span; readonly startsStatement: boolean }
  | { readonly kind: 'eof'; readonly span: Span; readonly startsStatement: boolean };

/** Largest |exponent| accepted in a scientific literal (`1e1000`). */
export const MAX_EXPONENT = 1000;
/** Most digits accepted in one numeric literal. */
export const MAX_DIGITS = 1000;

const SINGLE: Readonly<Record<string, Punct>> = {
  '(': '(', ')': ')', '[': '[', ']': ']', '{': '{', '}': '}', ',': ',', ':': ':',
  ';': ';', // only inside E[family; g], Var[...], Cov[...]
  '+': '+', '-': '-', '*': '*', '/': '/', '^': '^', '%': '%', '=': '=',
  '≈': '≈', '≤': '<=', '≥': '>=', '≠': '!=',
  '\u2212': '-', // minus sign
  '×': '*', '·': '*',
};

function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}

function isIdentPart(c: string): boolean {
  return isIdentStart(c) || isDigit(c);
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** Describes a token for "found ..." in messages. */
export function describeToken(t: Token): string {
  switch (t.kind) {
    case 'ident': return `'${t.value}'`;
    case 'keyword': return `keyword '${t.value}'`;
    case 'number': return `number ${t.text}`;
    case 'string': return 'a string';
    case 'deriv': return `derivative '${t.text}'`;
    case 'eof': return 'end of file';
    default: return `'${t.kind}'`;
  }
}

/** Lexes `file` into tokens ending with `eof`, plus diagnostics for bad input. */
export function lex(file: SourceFile): { tokens: Token[]; diagnostics: Diagnostic[] } {
  const text = file.text;
  const tokens: Token[] = [];
  const diagnostics: Diagnostic[] = [];
  // A leading byte-order mark is not indentation: the first statement still starts in column 1.
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let lineStart = i;
  let firstOnLine = true;
  const n = text.length;

  const push = (tok: Token): void => {
    tokens.push(tok);
    firstOnLine = false;
  };
  const sol = (start: number): boolean => firstOnLine && start === lineStart;

  while (i < n) {
    const c = text[i]!;
    if (c === '\n') {
      i++;
      lineStart = i;
      firstOnLine = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v' || c === '\u00a0' || c === '\ufeff') {
      i++;
      continue;
    }
    if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    const start = i;
    const startsStatement = sol(start);
    if (isIdentStart(c)) {
      if (c === 'd') {
        const d = lexDeriv(text, i);
        if (d) {
          if (d.error) {
            diagnostics.push(errorAt(file, { start, end: d.end }, 'lex/bad-derivative', d.error));
          } else {
            push({
              kind: 'deriv', var: d.var, order: d.order, varSpan: { start: d.varStart, end: d.varStart + d.var.length },
              text: text.slice(start, d.end), span: { start, end: d.end }, startsStatement,
            });
          }
          i = d.end;
          continue;
        }
      }
      while (i < n && isIdentPart(text[i]!)) i++;
      const value = text.slice(start, i);
      push({ kind: KEYWORDS.has(value) ? 'keyword' : 'ident', value, span: { start, end: i }, startsStatement });
      continue;
    }
    if (c === 'π') {
      i++;
      push({ kind: 'ident', value: 'pi', span: { start, end: i }, startsStatement });
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(text[i + 1] ?? '') && text[i - 1] !== '.')) {
      const r = lexNumber(text, i);
      i = r.end;
      if (r.error) {
        diagnostics.push(errorAt(file, { start, end: i }, r.code ?? 'lex/bad-number', r.error));
        // Keep a placeholder so the parser does not report a second, confusing error.
        push({ kind: 'number', num: 0n, den: 1n, text: text.slice(start, i), span: { start, end: i }, startsStatement });
      } else {
        push({ kind: 'number', num: r.num, den: r.den, text: text.slice(start, i), span: { start, end: i }, startsStatement });
      }
      continue;
    }
    if (c === '"') {
      const r = lexString(text, i);
      i = r.end;
      if (r.error) diagnostics.push(errorAt(file, { start, end: i }, 'lex/unterminated-string', r.error));
      push({ kind: 'string', value: r.value, span: { start, end: i }, startsStatement });
      continue;
    }
    const two = text.slice(i, i + 2);
    const twoKind: Punct | undefined =
      two === '..' ? '..' : two === '<=' ? '<=' : two === '>=' ? '>=' : two === '!=' ? '!=' : two === '~=' ? '≈' : undefined;
    if (twoKind) {
      i += 2;
      push({ kind: twoKind, span: { start, end: i }, startsStatement });
      continue;
    }
    if (c === '<' || c === '>' || c === '!') {
      i++;
      push({ kind: c, span: { start, end: i }, startsStatement });
      continue;
    }
    const single = SINGLE[c];
    if (single) {
      i++;
      push({ kind: single, span: { start, end: i }, startsStatement });
      continue;
    }
    // Unknown character: report it (whole code point) and skip.
    const cp = text.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    const shown = cp < 32 || cp === 127 ? `U+${cp.toString(16).toUpperCase().padStart(4, '0')}` : `'${String.fromCodePoint(cp)}'`;
    const hint = c === '.' ? "; ranges are written lo..hi and decimals need a digit before the point (0.5)"
      : c === '~' ? "; approximate equality is written '≈' or '~='"
      : c === '|' ? '; write abs(x) for an absolute value'
      : c === ';' ? '; put each statement on its own line'
      : '';
    diagnostics.push(errorAt(file, { start, end: i + len }, 'lex/unexpected-character', `unexpected character ${shown}${hint}`));
    i += len;
  }
  tokens.push({ kind: 'eof', span: { start: n, end: n }, startsStatement: true });
  return { tokens, diagnostics };
}

interface DerivLex {
  end: number;
  var: string;
  varStart: number;
  order: number;
  error?: string;
}

/**
 * Tries `d/dx` or `dN/dxN` at `i` (text[i] === 'd'). Undefined when the text is not
 * shaped like a derivative (then it is an ordinary identifier).
 */
function lexDeriv(text: string, i: number): DerivLex | undefined {
  let j = i + 1;
  while (j < text.length && isDigit(text[j]!)) j++;
  const orderText = text.slice(i + 1, j);
  if (text[j] !== '/' || text[j + 1] !== 'd' || !isIdentStart(text[j + 2] ?? '')) return undefined;
  const varStart = j + 2;
  let k = varStart;
  while (k < text.length && isIdentPart(text[k]!)) k++;
  const ident = text.slice(varStart, k);
  if (orderText === '') return { end: k, var: ident, varStart, order: 1 };
  const shownOrder = orderText.replace(/^0+(?=\d)/, '');
  const order = orderText.length > 6 ? Number.MAX_SAFE_INTEGER : Number(orderText);
  if (!ident.endsWith(orderText) || ident.length === orderText.length) {
    return {
      end: k, var: ident, varStart, order,
      error: `derivative of order ${shownOrder} must repeat the order on its variable: expected 'd${orderText}/d${ident}${orderText}', found 'd${orderText}/d${ident}'`,
    };
  }
  return { end: k, var: ident.slice(0, ident.length - orderText.length), varStart, order };
}

interface NumberLex {
  end: number;
  num: bigint;
  den: bigint;
  error?: string;
  code?: string;
}

function lexNumber(text: string, i: number): NumberLex {
  let j = i;
  while (j < text.length && isDigit(text[j]!)) j++;
  const intPart = text.slice(i, j);
  let fracPart = '';
  if (text[j] === '.' && isDigit(text[j + 1] ?? '')) {
    const f0 = j + 1;
    j = f0;
    while (j < text.length && isDigit(text[j]!)) j++;
    fracPart = text.slice(f0, j);
  }
  let exp = 0;
  let expText = '';
  if ((text[j] === 'e' || text[j] === 'E')) {
    let k = j + 1;
    if (text[k] === '+' || text[k] === '-') k++;
    const d0 = k;
    while (k < text.length && isDigit(text[k]!)) k++;
    if (k > d0) {
      expText = text.slice(j + 1, k);
      j = k;
    }
  }
  // A letter glued to a number (`2x`) is implicit multiplication: not allowed.
  if (j < text.length && isIdentPart(text[j]!)) {
    let k = j;
    while (k < text.length && isIdentPart(text[k]!)) k++;
    const lit = text.slice(i, j);
    return {
      end: k, num: 0n, den: 1n, code: 'lex/bad-number',
      error: `unexpected '${text.slice(j, k)}' directly after the number ${lit}; implicit multiplication is not allowed, write '${lit}*${text.slice(j, k)}'`,
    };
  }
  const digits = intPart + fracPart;
  if (digits.length > MAX_DIGITS) {
    return { end: j, num: 0n, den: 1n, code: 'limit/number', error: `numeric literal has ${digits.length} digits; at most ${MAX_DIGITS} are allowed` };
  }
  if (expText !== '') {
    const e = expText.replace(/^[+-]/, '');
    if (e.length > 6 || Number(e) > MAX_EXPONENT) {
      return { end: j, num: 0n, den: 1n, code: 'limit/number', error: `exponent ${expText} is too large; at most ${MAX_EXPONENT} in magnitude is allowed` };
    }
    exp = Number(expText);
  }
  const shift = exp - fracPart.length;
  let num = BigInt(digits === '' ? '0' : digits);
  let den = 1n;
  if (shift >= 0) num *= 10n ** BigInt(shift);
  else den = 10n ** BigInt(-shift);
  const g = gcd(num, den);
  if (g > 1n) {
    num /= g;
    den /= g;
  }
  if (num === 0n) den = 1n;
  return { end: j, num, den };
}

function lexString(text: string, i: number): { end: number; value: string; error?: string } {
  let j = i + 1;
  let value = '';
  while (j < text.length) {
    const c = text[j]!;
    if (c === '"') return { end: j + 1, value };
    if (c === '\n') break;
    if (c === '\\' && j + 1 < text.length && text[j + 1] !== '\n') {
      const e = text[j + 1]!;
      value += e === 'n' ? '\n' : e === 't' ? '\t' : e;
      j += 2;
      continue;
    }
    value += c;
    j++;
  }
  return { end: j, value, error: "unterminated string: expected a closing '\"' before the end of the line" };
}
