/**
 * Finding what a Markdown post holds for the checker: fenced ```proof blocks,
 * display math (`$$ … $$`, `\[ … \]`, and the environments equation, align,
 * align*, aligned, gather, gather*, split, multline written at block level), and
 * `<!-- proofcheck: … -->` directives. A hand-written scanner rather than
 * remark-parse + remark-math: remark-math reports only `$$` blocks (not `\[ \]`
 * nor bare environments), turns a one-line `$$ x $$` into inline math, and strips
 * indentation from the value, so inner offsets are lost (figures in
 * docs/latex.md). Here every range is an absolute offset into the file.
 *
 * Invariants: code fences other than `proof` and inline code spans are never
 * searched for math; text inside HTML comments is not math.
 */

/** Environments read as display math. */
export const DISPLAY_ENVIRONMENTS: readonly string[] = ['equation', 'equation*', 'align', 'align*', 'aligned', 'gather', 'gather*', 'split', 'multline', 'multline*', 'eqnarray', 'eqnarray*'];

/** A `<!-- proofcheck: text -->` directive. */
export interface Directive {
  readonly text: string;
  /** Offsets of `text` in the file. */
  readonly start: number;
  readonly end: number;
}

/** One display-math block. */
export interface MathBlock {
  /** The whole block, delimiters included. */
  readonly start: number;
  readonly end: number;
  /** The math between the delimiters. */
  readonly contentStart: number;
  readonly contentEnd: number;
  readonly delimiter: '$$' | '\\[' | 'environment';
  /** False when the closing delimiter is missing (then content runs to the end of the file). */
  readonly closed: boolean;
  /** Directives written since the previous block. */
  readonly directives: readonly Directive[];
  /** Inside a block quote (`> $$`): line markers '>' are not math. */
  readonly quoted: boolean;
}

export interface ScannedMarkdown {
  /** Content ranges of ```proof blocks (between the fence lines). */
  readonly proofBlocks: readonly { readonly start: number; readonly end: number }[];
  readonly math: readonly MathBlock[];
  /** Directives after the last math block (they apply to nothing). */
  readonly danglingDirectives: readonly Directive[];
  /** The file with everything outside proof blocks replaced by spaces (same offsets and lines). */
  readonly proofText: string;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([\w-]*)/;

/** Scans a Markdown text. Never throws. */
export function scanMarkdown(text: string): ScannedMarkdown {
  const proofBlocks: { start: number; end: number }[] = [];
  const math: MathBlock[] = [];
  let pending: Directive[] = [];
  let i = 0;
  let atLineStart = true;
  const n = text.length;
  const quotedAt = (at: number): boolean => /^\s*>/.test(text.slice(text.lastIndexOf('\n', at - 1) + 1, at));
  const lineEnd = (from: number): number => {
    const e = text.indexOf('\n', from);
    return e < 0 ? n : e;
  };
  while (i < n) {
    if (atLineStart) {
      const le = lineEnd(i);
      const m = FENCE.exec(text.slice(i, le));
      if (m) {
        const fence = m[1]!;
        const contentStart = le + 1;
        let j = contentStart;
        let contentEnd = n;
        let after = n;
        while (j < n) {
          const e = lineEnd(j);
          const line = text.slice(j, e);
          const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
          if (close && close[1]![0] === fence[0] && close[1]!.length >= fence.length) {
            contentEnd = j;
            after = e;
            break;
          }
          j = e + 1;
        }
        if (m[2] === 'proof') proofBlocks.push({ start: Math.min(contentStart, n), end: Math.min(contentEnd, n) });
        i = after;
        atLineStart = false;
        continue;
      }
    }
    const c = text[i]!;
    if (c === '\n') {
      atLineStart = true;
      i++;
      continue;
    }
    atLineStart = false;
    if (text.startsWith('<!--', i)) {
      const close = text.indexOf('-->', i + 4);
      const end = close < 0 ? n : close;
      const body = text.slice(i + 4, end);
      const d = /^\s*proofcheck\s*:\s*/.exec(body);
      if (d) {
        const s = i + 4 + d[0].length;
        let e = end;
        while (e > s && /\s/.test(text[e - 1]!)) e--;
        pending.push({ text: text.slice(s, e), start: s, end: e });
      }
      i = close < 0 ? n : close + 3;
      continue;
    }
    if (c === '`') {
      let k = i;
      while (text[k] === '`') k++;
      const run = text.slice(i, k);
      const close = text.indexOf(run, k);
      i = close < 0 ? k : close + run.length;
      continue;
    }
    if (c === '\\' && text[i + 1] === '$') {
      i += 2;
      continue;
    }
    if (c === '$' && text[i + 1] === '$') {
      const close = findUnescaped(text, '$$', i + 2);
      const closed = close >= 0;
      const contentEnd = closed ? close : n;
      math.push({ start: i, end: closed ? close + 2 : n, contentStart: i + 2, contentEnd, delimiter: '$$', closed, directives: pending, quoted: quotedAt(i) });
      pending = [];
      i = closed ? close + 2 : n;
      continue;
    }
    if (c === '$') {
      // Inline math: skip to the closing '$' on the same line.
      const le = lineEnd(i);
      const close = findUnescaped(text, '$', i + 1);
      i = close >= 0 && close < le ? close + 1 : i + 1;
      continue;
    }
    if (c === '\\' && text[i + 1] === '[') {
      const close = text.indexOf('\\]', i + 2);
      const closed = close >= 0;
      math.push({ start: i, end: closed ? close + 2 : n, contentStart: i + 2, contentEnd: closed ? close : n, delimiter: '\\[', closed, directives: pending, quoted: quotedAt(i) });
      pending = [];
      i = closed ? close + 2 : n;
      continue;
    }
    if (c === '\\' && text.startsWith('\\begin{', i)) {
      const m = /^\\begin\{([a-z]+\*?)\}/.exec(text.slice(i, i + 40));
      if (m && DISPLAY_ENVIRONMENTS.includes(m[1]!)) {
        const endTag = `\\end{${m[1]}}`;
        const close = text.indexOf(endTag, i);
        const closed = close >= 0;
        math.push({ start: i, end: closed ? close + endTag.length : n, contentStart: i, contentEnd: closed ? close + endTag.length : n, delimiter: 'environment', closed, directives: pending, quoted: quotedAt(i) });
        pending = [];
        i = closed ? close + endTag.length : n;
        continue;
      }
    }
    i++;
  }
  const chars = text.split('');
  const keep = new Uint8Array(n);
  for (const b of proofBlocks) keep.fill(1, b.start, b.end);
  for (let k = 0; k < n; k++) if (!keep[k] && chars[k] !== '\n' && chars[k] !== '\r') chars[k] = ' ';
  return { proofBlocks, math, danglingDirectives: pending, proofText: chars.join('') };
}

/** The next occurrence of `delim` at or after `from` not preceded by a backslash, or -1. */
function findUnescaped(text: string, delim: string, from: number): number {
  let k = text.indexOf(delim, from);
  while (k >= 0 && text[k - 1] === '\\') k = text.indexOf(delim, k + 1);
  return k;
}
