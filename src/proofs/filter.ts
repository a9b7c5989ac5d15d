/**
 * `--filter PATTERN`: which items of a run to check. A pattern is a claim name
 * (`*` matches any run of characters: `bernoulli_*`), or `FILE:LINE`, which selects
 * the item whose lines include LINE in the file FILE (the path as given, or any
 * path ending in `/FILE`). An item is checked when any pattern selects it.
 * Plain data, so it travels to the checking workers with the options.
 */
import { resolve } from 'node:path';

export interface ItemFilter {
  readonly patterns: readonly string[];
}

/** What a filter looks at: the script's name and the item's name and lines. */
export interface FilterTarget {
  readonly file: string;
  readonly name?: string;
  readonly line: number;
  readonly endLine: number;
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

function sameFile(pattern: string, file: string): boolean {
  if (pattern === file || resolve(pattern) === resolve(file)) return true;
  const norm = file.split('\\').join('/');
  return norm.endsWith(`/${pattern.split('\\').join('/').replace(/^\.\//, '')}`);
}

/** Whether one pattern selects the target. */
export function patternMatches(pattern: string, t: FilterTarget): boolean {
  const at = /^(.+):(\d+)$/.exec(pattern);
  if (at) {
    const line = Number(at[2]);
    if (sameFile(at[1]!, t.file) && line >= t.line && line <= t.endLine) return true;
  }
  return t.name !== undefined && globToRegExp(pattern).test(t.name);
}

/** Whether the filter (undefined: everything) selects the target. */
export function selects(filter: ItemFilter | undefined, t: FilterTarget): boolean {
  return !filter || filter.patterns.length === 0 || filter.patterns.some((p) => patternMatches(p, t));
}
