/**
 * Source positions: maps character offsets in a SourceFile to 1-based line and
 * column numbers and recovers the text of a line, for diagnostics.
 *
 * Invariants: lines are separated by '\n' (a '\r' before it is not part of the line
 * text); columns count UTF-16 code units from 1; an offset past the end of the text
 * clamps to the end. Line tables are computed once per SourceFile object and cached.
 */
import type { SourceFile } from './ast.ts';

/** A 1-based line and column. */
export interface Position {
  readonly line: number;
  readonly col: number;
}

const lineTables = new WeakMap<SourceFile, number[]>();

/** The offsets at which each line of `file` starts (index 0 is line 1). */
export function lineStarts(file: SourceFile): readonly number[] {
  let starts = lineTables.get(file);
  if (starts === undefined) {
    starts = [0];
    const text = file.text;
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) starts.push(i + 1);
    }
    lineTables.set(file, starts);
  }
  return starts;
}

/** The 1-based line and column of `offset` in `file` (clamped to the text). */
export function positionOf(file: SourceFile, offset: number): Position {
  const starts = lineStarts(file);
  const off = Math.max(0, Math.min(offset, file.text.length));
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= off) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: off - starts[lo]! + 1 };
}

/** The text of 1-based line `line` of `file`, without its line terminator ('' when out of range). */
export function lineText(file: SourceFile, line: number): string {
  const starts = lineStarts(file);
  if (line < 1 || line > starts.length) return '';
  const start = starts[line - 1]!;
  let end = line < starts.length ? starts[line]! - 1 : file.text.length;
  if (end > start && file.text.charCodeAt(end - 1) === 13) end--;
  return file.text.slice(start, end);
}

/** `line:col` of the start of `span`, for messages ("opened at 3:9"). */
export function formatPosition(file: SourceFile, offset: number): string {
  const p = positionOf(file, offset);
  return `${p.line}:${p.col}`;
}

