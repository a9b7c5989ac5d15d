/**
 * Diagnostics of the proof-language front end (lexer, parser, elaborator): data,
 * never exceptions across the public API, and one plain-text formatter whose layout
 * golden tests pin:
 *
 *   proofs/bad/x.proof:3:13: error: unknown name 'sigm'; did you mean 'sigma'?
 *      3 | claim: d/ds sigm(s) = 1
 *        |             ^^^^
 *     note: ...
 *
 * Codes are stable strings grouped by phase: `lex/...`, `parse/...`, `name/...`,
 * `sort/...`, `arity/...`, `domain/...`, `limit/...`, and `internal`.
 */
import type { SourceFile, Span } from './ast.ts';
import { lineStarts, lineText, positionOf } from './source.ts';

export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  /** A stable machine-readable code, e.g. 'parse/expected-expression', 'name/unknown'. */
  readonly code: string;
  readonly message: string;
  readonly file: SourceFile;
  readonly span: Span;
  readonly notes?: readonly string[];
}

/** Lines longer than this are shown as a window around the span. */
const MAX_SHOWN_LINE = 200;
const WINDOW_BEFORE = 60;
const WINDOW_AFTER = 100;

/** Builds an error diagnostic. */
export function errorAt(file: SourceFile, span: Span, code: string, message: string, notes?: readonly string[]): Diagnostic {
  return notes && notes.length > 0
    ? { severity: 'error', code, message, file, span, notes }
    : { severity: 'error', code, message, file, span };
}

/** Builds a warning diagnostic. */
export function warningAt(file: SourceFile, span: Span, code: string, message: string, notes?: readonly string[]): Diagnostic {
  return notes && notes.length > 0
    ? { severity: 'warning', code, message, file, span, notes }
    : { severity: 'warning', code, message, file, span };
}

/**
 * Thrown inside the front end to abandon the current statement; always caught by
 * the phase that threw it and turned back into a Diagnostic.
 */
export class DiagnosticError extends Error {
  readonly diagnostic: Diagnostic;

  constructor(diagnostic: Diagnostic) {
    super(diagnostic.message);
    this.name = 'DiagnosticError';
    this.diagnostic = diagnostic;
  }
}

/** True when there is at least one error (not just warnings). */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/**
 * Formats one diagnostic as plain text: `file:line:col: severity: message`, the
 * source line with a right-aligned line number, carets under the span on that line
 * (to the end of the line when the span continues further; one caret for an empty
 * span), then each note as `  note: ...`. No trailing newline, no colour.
 */
export function formatDiagnostic(d: Diagnostic): string {
  const start = positionOf(d.file, d.span.start);
  let text = lineText(d.file, start.line);
  const starts = lineStarts(d.file);
  const lineStart = starts[start.line - 1] ?? 0;
  let colIdx = Math.min(start.col - 1, text.length);
  const endOffset = Math.max(d.span.end, d.span.start);
  let endIdx = Math.min(endOffset - lineStart, text.length);
  if (text.length > MAX_SHOWN_LINE) {
    // Show a window of a very long line around the span, marked with '...'.
    const from = Math.max(0, colIdx - WINDOW_BEFORE);
    const to = Math.min(text.length, Math.max(colIdx + 1, Math.min(endIdx, colIdx + WINDOW_AFTER)) + 20);
    const prefix = from > 0 ? '...' : '';
    text = prefix + text.slice(from, to) + (to < text.length ? '...' : '');
    colIdx = colIdx - from + prefix.length;
    endIdx = Math.min(endIdx - from + prefix.length, text.length);
  }
  const width = Math.max(1, endIdx - colIdx);
  const gutter = String(start.line).padStart(4, ' ');
  const blank = ' '.repeat(gutter.length);
  // Keep tabs in the caret line's prefix so carets stay aligned with the source.
  const pad = text.slice(0, colIdx).replace(/[^\t]/g, ' ');
  const lines = [
    `${d.file.name}:${start.line}:${start.col}: ${d.severity}: ${d.message}`,
    `${gutter} | ${text}`.trimEnd(),
    `${blank} | ${pad}${'^'.repeat(width)}`,
  ];
  for (const note of d.notes ?? []) lines.push(`  note: ${note}`);
  return lines.join('\n');
}

/** Damerau-Levenshtein (optimal string alignment) distance between a and b. */
export function editDistance(a: string, b: string): number {
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  let prev2: number[] = new Array<number>(m + 1).fill(0);
  let prev: number[] = Array.from({ length: m + 1 }, (_, j) => j);
  for (let i = 1; i <= n; i++) {
    const cur: number[] = new Array<number>(m + 1).fill(0);
    cur[0] = i;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[m]!;
}

/**
 * The candidate nearest to `name`, when it is close: distance at most 1 for names
 * of up to 3 characters, 2 up to 6, 3 beyond, and less than the name's length.
 * Ties go to the alphabetically first candidate. Undefined when nothing is close.
 */
export function suggestName(name: string, candidates: Iterable<string>): string | undefined {
  const limit = name.length <= 3 ? 1 : name.length <= 6 ? 2 : 3;
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    if (c === name || Math.abs(c.length - name.length) > limit) continue;
    const d = editDistance(name, c);
    if (d > limit || d >= name.length) continue;
    if (d < bestD || (d === bestD && best !== undefined && c < best)) {
      best = c;
      bestD = d;
    }
  }
  return best;
}
