/**
 * Checking a whole script: front end, exact checker, numeric witness, merge.
 * `checkSource` is the programmatic API (`check(source) -> report`); the CLI runs
 * it per file, inside a worker so that a per-claim time limit can be enforced even
 * when a kernel computation does not return (see src/cli/pool.ts).
 */
import type { ClaimDecl, CalcDecl, Elaborated, SourceFile } from './ast.ts';
import { parseAndElaborate } from './frontend.ts';
import { formatDiagnostic } from './diagnostics.ts';
import { checkItemExact, itemReport } from './check.ts';
import { mergeVerdicts } from './merge.ts';
import { mergeSteps } from './steps.ts';
import { DEFAULT_LIMITS, type Limits } from './limits.ts';
import type { FileReport, ItemReport, MathBlockReport, NumericSummary } from './report.ts';
import { markdownItems } from './markdown/items.ts';
import { latexSource } from './markdown/frontend.ts';
import { itemToLatex } from '../reporters/latex.ts';
import { verifyItem } from '../verify/runner.ts';
import { checkTheorem } from './theorem.ts';
import { selects, type ItemFilter } from './filter.ts';
import { positionOf } from './source.ts';
import type { Span } from './ast.ts';

export interface NumericOptions {
  /** Run the numeric witness (default true). */
  readonly enabled: boolean;
  /** fast-check seed (default 42, so runs are reproducible). */
  readonly seed: number;
  /** Property runs per claim (default 1000). */
  readonly runs: number;
  /** Replay path of a failure, from a previous report. */
  readonly path?: string;
}

export interface CheckOptions {
  readonly limits: Limits;
  readonly numeric: NumericOptions;
  /** Markdown posts: a skipped display block with a relation is a failure (`--require-checked`). */
  readonly requireChecked?: boolean;
  /** Check only the items this selects (`--filter`); the others are left out of the report. */
  readonly filter?: ItemFilter;
}

export const DEFAULT_NUMERIC: NumericOptions = { enabled: true, seed: 42, runs: 1000 };

export const DEFAULT_OPTIONS: CheckOptions = { limits: DEFAULT_LIMITS, numeric: DEFAULT_NUMERIC };

/** Runs the numeric witness on one item; never throws. */
function numericWitness(item: ClaimDecl | CalcDecl, program: Elaborated, opts: CheckOptions): NumericSummary {
  if (!opts.numeric.enabled) return { status: 'skipped', detail: 'disabled (--no-numeric)' };
  const seed = opts.numeric.seed;
  try {
    const r = verifyItem(item, program, { seed, runs: opts.numeric.runs, timeoutMs: opts.limits.timeoutMs, path: opts.numeric.path });
    switch (r.status) {
      case 'passed':
        return { status: 'passed', runs: r.runs, discarded: r.discarded, tolerance: r.tolerance, seed };
      case 'failed':
        return {
          status: 'failed',
          counterexample: r.counterexample,
          lhs: r.lhs,
          rhs: r.rhs,
          detail: r.detail,
          seed: r.seed,
          path: r.path,
          confirmed: r.confirmed,
        };
      case 'inconclusive':
        return { status: 'inconclusive', runs: r.runs, discarded: r.discarded, detail: r.reason, seed };
    }
  } catch (err) {
    return { status: 'inconclusive', detail: `numeric witness error: ${(err as Error).message}`, seed };
  }
}

/** Checks one item: exact verdict, numeric witness, merged report. Never throws. */
export function checkItem(item: ClaimDecl | CalcDecl, program: Elaborated, opts: CheckOptions): ItemReport {
  const t0 = performance.now();
  const exact = checkItemExact(item, program, opts.limits);
  const numeric = exact.grade === 'ERROR' && !/unsupported|infinite-sum/.test(exact.summary) ? undefined : numericWitness(item, program, opts);
  const merged = mergeVerdicts(exact, numeric);
  const stepped = itemReport(item, program, { ...merged, ...mergeSteps(merged, exact, numeric) }, performance.now() - t0, numeric);
  // Round trip: an item read from LaTeX carries the author's rows and, printed back
  // from our AST, what proofcheck understood them to say.
  const latex = latexSource(program.file, item.span);
  const report = latex !== undefined ? { ...stepped, latex: { source: latex, rendered: itemToLatex(item) } } : stepped;
  if (numeric?.status !== 'failed' || numeric.seed === undefined) return report;
  // The command that replays the numeric counterexample of this item alone.
  const target = report.name ?? `${program.file.name}:${report.line}`;
  const replay = `proofcheck ${shellWord(program.file.name)} --filter ${shellWord(target)} --seed ${numeric.seed}${numeric.path ? ` --path ${numeric.path}` : ''}${opts.numeric.runs !== DEFAULT_NUMERIC.runs ? ` --runs ${opts.numeric.runs}` : ''}`;
  return { ...report, replay };
}

/** Quotes a word for a POSIX shell when it needs it. */
function shellWord(w: string): string {
  return /^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

/** Whether `--filter` selects an item (a claim, calc or theorem) of the program. */
export function isSelected(item: { readonly name?: string; readonly span: Span }, program: Elaborated, opts: CheckOptions): boolean {
  if (!opts.filter) return true;
  const line = positionOf(program.file, item.span.start).line;
  const endLine = positionOf(program.file, item.span.end).line;
  return selects(opts.filter, { file: program.file.name, name: item.name, line, endLine });
}

/** Most front-end errors reported per file (binary garbage would otherwise give one per byte). */
export const MAX_REPORTED_ERRORS = 100;

/**
 * Parses and elaborates a script; the program, or formatted errors (at most
 * MAX_REPORTED_ERRORS, then a count). A Markdown post also gives `markdown`: its
 * display-math blocks, and items for blocks that could not be read (ERROR) or were
 * skipped under `requireChecked`.
 */
export function frontEnd(file: SourceFile, requireChecked = false): { program?: Elaborated; errors: string[]; markdown?: { items: ItemReport[]; math: MathBlockReport[] } } {
  const { program, diagnostics, markdown } = parseAndElaborate(file);
  const md = markdown ? { markdown: markdownItems(markdown, requireChecked) } : {};
  const all = diagnostics.filter((d) => d.severity === 'error');
  const errors = all.slice(0, MAX_REPORTED_ERRORS).map(formatDiagnostic);
  const hidden = all.length - errors.length;
  if (hidden > 0) errors.push(`${file.name}: ${hidden} more error${hidden === 1 ? '' : 's'} not shown; fix the ones above first`);
  return errors.length > 0 || !program ? { errors, ...md } : { program, errors: [], ...md };
}

/** Checks a whole script (the programmatic API). Never throws for anything in the script. */
export function checkSource(file: SourceFile, opts: CheckOptions = DEFAULT_OPTIONS): FileReport {
  const t0 = performance.now();
  const { program, errors, markdown } = frontEnd(file, opts.requireChecked);
  const math = markdown ? { math: markdown.math } : {};
  if (!program) return { file: file.name, items: [], errors, timeMs: performance.now() - t0, ...math };
  const items = program.items.filter((item) => isSelected(item, program, opts)).map((item) => checkItem(item, program, opts));
  if (program.theorems && program.theorems.length > 0) {
    items.push(...program.theorems.filter((th) => isSelected(th, program, opts)).map((th) => checkTheorem(th, program, opts.limits)));
  }
  // A Markdown post's unreadable display blocks are ERROR items of their own.
  if (markdown) items.push(...markdown.items.filter((it) => !opts.filter || selects(opts.filter, { file: file.name, name: it.name, line: it.line, endLine: it.line })));
  items.sort((a, b) => a.line - b.line || a.col - b.col);
  return { file: file.name, title: program.title, source: program.source, items, errors: [], timeMs: performance.now() - t0, ...math };
}

/** Convenience: check a script given as text. */
export function check(text: string, name = '<input>', opts: CheckOptions = DEFAULT_OPTIONS): FileReport {
  return checkSource({ name, text }, opts);
}
