/**
 * Tokens of LaTeX display math, for the LaTeX front end (untrusted: whatever it
 * reads, the elaborator and the kernel decide). Every token carries absolute
 * character offsets into the Markdown file it came from, so diagnostics point at
 * the .md line and column.
 *
 * Invariants: spacing commands (`\,`, `\;`, `\!`, `\quad`, `~`, ...) and whitespace
 * produce no token; `%` comments become `comments`, not tokens; a command whose
 * argument is text (`\text{..}`, `\operatorname{..}`, `\mathrm{..}`, `\mathbb{..}`,
 * `\tag{..}`, `\label{..}`, `\begin{..}`, `\end{..}`) is one `text` token holding
 * the raw argument.
 */
import type { Span } from '../ast.ts';

export type LatexToken =
  /** `\name` (letters) or `\X` for one non-letter X (`\{`, `\|`); `\\` is a `rowsep`. */
  | { readonly k: 'cmd'; readonly v: string; readonly span: Span }
  /** One letter (LaTeX math reads `ab` as two symbols). */
  | { readonly k: 'letter'; readonly v: string; readonly span: Span }
  /** Digits with at most one decimal point (`12`, `0.5`). */
  | { readonly k: 'num'; readonly v: string; readonly span: Span }
  /** One punctuation or operator character: + - * / ^ _ ( ) [ ] { } , ! ' = < > & | ; : . */
  | { readonly k: 'sym'; readonly v: string; readonly span: Span }
  /** `\cmd{raw}` for the text-argument commands; `rawSpan` is the span of raw. */
  | { readonly k: 'text'; readonly cmd: string; readonly raw: string; readonly rawSpan: Span; readonly span: Span }
  /** `\\`: a row separator. */
  | { readonly k: 'rowsep'; readonly span: Span }
  | { readonly k: 'eof'; readonly span: Span };

/** A `% ...` comment: its text after '%' and its span. */
export interface LatexComment {
  readonly text: string;
  readonly span: Span;
}

/** A lexing problem: message and the offending span. */
export class LatexError extends Error {
  readonly span: Span;
  readonly code: string;
  constructor(code: string, message: string, span: Span) {
    super(message);
    this.name = 'LatexError';
    this.code = code;
    this.span = span;
  }
}

/** Commands that only add space. */
const SPACING = new Set([',', ';', ':', '!', ' ', '>', 'quad', 'qquad', 'enspace', 'thinspace', 'medspace', 'thickspace', 'negthinspace', 'displaystyle', 'textstyle', 'limits', 'nolimits', 'nonumber', 'notag', 'mathstrut', 'strut']);

/** Commands whose braced argument is read as raw text. */
export const TEXT_COMMANDS = new Set([
  'text', 'textrm', 'textit', 'textnormal', 'mathrm', 'mathit', 'mathsf', 'mathbf', 'mathnormal', 'operatorname', 'mathbb', 'mathcal', 'mathscr', 'mathfrak', 'boldsymbol', 'bm',
  'tag', 'label', 'begin', 'end',
]);

const SYMBOLS = new Set(['+', '-', '*', '/', '^', '_', '(', ')', '[', ']', '{', '}', ',', '!', "'", '=', '<', '>', '&', '|', ';', ':', '.']);

function isLetter(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/**
 * Lexes text[start, end) of `text` (`quoted`: a Markdown block quote, whose '>'
 * line markers are skipped). Returns the tokens (ending with `eof`) and the
 * comments. Throws: LatexError for a character outside LaTeX math (`#`, `$`, a
 * non-ASCII letter) or an unclosed text argument.
 */
export function lexLatex(text: string, start: number, end: number, quoted = false): { tokens: LatexToken[]; comments: LatexComment[] } {
  const tokens: LatexToken[] = [];
  const comments: LatexComment[] = [];
  let i = start;
  while (i < end) {
    const c = text[i]!;
    if (c === '\n' && quoted) {
      // Inside a Markdown block quote: the '>' markers at line starts are not math.
      i++;
      while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
      while (i < end && text[i] === '>') i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '~') {
      i++;
      continue;
    }
    if (c === '%') {
      let j = i + 1;
      while (j < end && text[j] !== '\n') j++;
      comments.push({ text: text.slice(i + 1, j), span: { start: i, end: j } });
      i = j;
      continue;
    }
    if (c === '\\') {
      const n = text[i + 1];
      if (n === undefined || i + 1 >= end) throw new LatexError('latex/bad-command', "a lone '\\' at the end of the formula", { start: i, end: i + 1 });
      if (n === '\\') {
        tokens.push({ k: 'rowsep', span: { start: i, end: i + 2 } });
        i += 2;
        // `\\[4pt]` (extra row space) and `\\*` (no page break) are layout, not math.
        const extra = /^\*?(\s*\[\s*-?\d*\.?\d+\s*(pt|em|ex|mm|cm|in|mu|bp|pc)\s*\])?/.exec(text.slice(i, Math.min(end, i + 40)));
        if (extra && extra[0].length > 0 && i + extra[0].length <= end) i += extra[0].length;
        continue;
      }
      if (!isLetter(n)) {
        i += 2;
        if (SPACING.has(n)) continue;
        tokens.push({ k: 'cmd', v: n, span: { start: i - 2, end: i } });
        continue;
      }
      let j = i + 1;
      while (j < end && isLetter(text[j]!)) j++;
      const name = text.slice(i + 1, j);
      const span = { start: i, end: j };
      if (name === 'hspace' || name === 'mspace' || name === 'kern' || name === 'hskip') {
        // \hspace{1em}: skip the argument too.
        let k = j;
        while (k < end && text[k] === ' ') k++;
        if (text[k] === '{') {
          const close = text.indexOf('}', k);
          if (close < 0 || close >= end) throw new LatexError('latex/unclosed-brace', `'{' of '\\${name}' is never closed`, { start: k, end: k + 1 });
          j = close + 1;
        }
        i = j;
        continue;
      }
      if (SPACING.has(name)) {
        i = j;
        continue;
      }
      if (TEXT_COMMANDS.has(name)) {
        let k = j;
        if ((name === 'tag' || name === 'operatorname') && text[k] === '*') k++; // \tag*{..}: unnumbered tag
        while (k < end && (text[k] === ' ' || text[k] === '\n')) k++;
        if (text[k] !== '{') {
          // \mathrm d, \mathbb E: one letter argument.
          if (k < end && isLetter(text[k]!) && name !== 'tag' && name !== 'label' && name !== 'begin' && name !== 'end') {
            tokens.push({ k: 'text', cmd: name, raw: text[k]!, rawSpan: { start: k, end: k + 1 }, span: { start: i, end: k + 1 } });
            i = k + 1;
            continue;
          }
          throw new LatexError('latex/expected-brace', `expected '{' after '\\${name}'`, span);
        }
        let depth = 0;
        let m = k;
        for (; m < end; m++) {
          if (text[m] === '\\') {
            m++;
            continue;
          }
          if (text[m] === '{') depth++;
          else if (text[m] === '}' && --depth === 0) break;
        }
        if (m >= end) throw new LatexError('latex/unclosed-brace', `'{' of '\\${name}' is never closed`, { start: k, end: k + 1 });
        tokens.push({ k: 'text', cmd: name, raw: text.slice(k + 1, m), rawSpan: { start: k + 1, end: m }, span: { start: i, end: m + 1 } });
        i = m + 1;
        continue;
      }
      tokens.push({ k: 'cmd', v: name, span });
      i = j;
      continue;
    }
    if (isDigit(c) || (c === '.' && i + 1 < end && isDigit(text[i + 1]!))) {
      let j = i;
      let dot = false;
      while (j < end && (isDigit(text[j]!) || (text[j] === '.' && !dot && j + 1 < end && isDigit(text[j + 1]!)))) {
        if (text[j] === '.') dot = true;
        j++;
      }
      tokens.push({ k: 'num', v: text.slice(i, j), span: { start: i, end: j } });
      i = j;
      continue;
    }
    if (isLetter(c)) {
      tokens.push({ k: 'letter', v: c, span: { start: i, end: i + 1 } });
      i++;
      continue;
    }
    if (SYMBOLS.has(c)) {
      tokens.push({ k: 'sym', v: c, span: { start: i, end: i + 1 } });
      i++;
      continue;
    }
    const cp = text.codePointAt(i)!;
    const shown = String.fromCodePoint(cp);
    throw new LatexError('latex/unexpected-character', `unexpected character '${shown}' in LaTeX math`, { start: i, end: i + shown.length });
  }
  tokens.push({ k: 'eof', span: { start: end, end } });
  return { tokens, comments };
}

/** The source text of a token, for messages. */
export function tokenText(t: LatexToken): string {
  switch (t.k) {
    case 'cmd':
      return `\\${t.v}`;
    case 'text':
      return `\\${t.cmd}{${t.raw}}`;
    case 'rowsep':
      return '\\\\';
    case 'eof':
      return 'the end of the formula';
    default:
      return t.v;
  }
}
