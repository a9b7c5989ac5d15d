/**
 * Checking a whole script: front end, exact checker, numeric witness, merge.
 * `checkSource` is the programmatic API (`check(source) -> report`); the CLI runs
 * it per file, inside a worker so that a per-claim time limit can be enforced even
 * when a kernel computation does not return (see src/cli/pool.ts).
 */
import type { ClaimDecl, CalcDecl, Elaborated, SourceFile } from './ast.ts';
import { parseAndElaborate } from './frontend.ts';
import { errorAt, formatDiagnostic } from './diagnostics.ts';
import { positionOf } from './source.ts';
import { checkItemExact, confirmAtSample, hasNoSampledPoint, itemReport } from './check.ts';
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
  /** Work budget of each item's witness in evaluation steps (default: the runner's DEFAULT_BUDGET). */
  readonly budget?: number;
}

export interface CheckOptions {
  readonly limits: Limits;
  readonly numeric: NumericOptions;
  /** Markdown posts: a skipped display block with a relation is a failure (`--require-checked`). */
  readonly requireChecked?: boolean;
  /** Check only the items this selects (`--filter`); the others are left out of the report. */
  readonly filter?: ItemFilter;
  /** A calc step whose `by` rule did not decide it makes the calc an ERROR (default: a warning). */
  readonly strictRules?: boolean;
}

export const DEFAULT_NUMERIC: NumericOptions = { enabled: true, seed: 42, runs: 1000 };

export const DEFAULT_OPTIONS: CheckOptions = { limits: DEFAULT_LIMITS, numeric: DEFAULT_NUMERIC };

/** Runs the numeric witness on one item; never throws. */
function numericWitness(item: ClaimDecl | CalcDecl, program: Elaborated, opts: CheckOptions): NumericSummary {
  if (!opts.numeric.enabled) return { status: 'skipped', detail: 'disabled (--no-numeric)' };
  const seed = opts.numeric.seed;
  try {
    const r = verifyItem(item, program, { seed, runs: opts.numeric.runs, path: opts.numeric.path, ...(opts.numeric.budget !== undefined ? { budget: opts.numeric.budget } : {}) });
    switch (r.status) {
      case 'passed':
        return { status: 'passed', runs: r.runs, points: r.points, discarded: r.discarded, ...(r.unjudged > 0 ? { unjudged: r.unjudged } : {}), tolerance: r.tolerance, seed, ...(r.incomplete ? { incomplete: r.incomplete } : {}) };
      case 'failed':
        return {
          status: 'failed',
          counterexample: r.counterexample,
          lhs: r.lhs,
          rhs: r.rhs,
          detail: r.detail,
          seed: r.seed,
          path: r.path,
          confirmed: r.confirmed && r.confirmationMethod === 'exact',
          detail2: r.confirmation,
        };
      case 'inconclusive':
        return { status: 'inconclusive', runs: r.runs, discarded: r.discarded, detail: r.reason, seed };
    }
  } catch (err) {
    return { status: 'inconclusive', detail: `numeric witness error: ${(err as Error).message}`, seed };
  }
}

/**
 * Checks one item: exact verdict, numeric witness, merged report. Never throws.
 * `onPhase` is told which phase starts (the CLI's workers report it to the pool, so
 * a hard time or memory limit names the phase it stopped).
 */
export function checkItem(item: ClaimDecl | CalcDecl, program: Elaborated, opts: CheckOptions, onPhase?: (phase: string) => void): ItemReport {
  const t0 = performance.now();
  onPhase?.('exact checking');
  const exact = checkItemExact(item, program, opts.limits);
  onPhase?.('the numeric witness');
  const numeric = exact.grade === 'ERROR' && !/unsupported|infinite-sum/.test(exact.summary) ? undefined : numericWitness(item, program, opts);
  if (numeric?.status === 'failed') onPhase?.('the exact confirmation of a numeric counterexample');
  const kernelConfirmation = numeric?.status === 'failed' && numeric.counterexample ? confirmAtSample(item, program, opts.limits, numeric.counterexample) : undefined;
  const onePoint = hasNoSampledPoint(item);
  const merged = mergeVerdicts(exact, numeric, kernelConfirmation, onePoint);
  const warnings = exact.warnings ?? [];
  const passing = merged.grade === 'PROVED' || merged.grade === 'PROVED_RANGE' || merged.grade === 'TESTED';
  const verdict = opts.strictRules && warnings.length > 0 && passing
    ? {
      grade: 'ERROR' as const,
      summary: `a step cites a rule that did not decide it (--strict-rules): ${warnings[0]!.message}`,
      details: merged.details,
    }
    : merged;
  const stepped = itemReport(item, program, { ...verdict, ...mergeSteps(verdict, exact, numeric, onePoint), warnings }, performance.now() - t0, numeric);
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

/**
 * An item's report when checking it threw (an engine bug, or a limit raised outside
 * a located call): a located ERROR, so that the API never throws.
 */
export function crashReport(item: { readonly kind: 'claim' | 'calc' | 'theorem'; readonly name?: string; readonly span: { start: number; end: number } }, program: Elaborated, err: unknown): ItemReport {
  const { line, col } = positionOf(program.file, item.span.start);
  const code = (err as { code?: string })?.code;
  const message = `${code ? `${code}: ` : 'internal error: '}${(err as Error)?.message ?? String(err)}`;
  return { kind: item.kind, name: item.name, line, col, grade: 'ERROR', summary: message, details: [formatDiagnostic(errorAt(program.file, item.span, code ?? 'check/internal', message))], timeMs: 0 };
}

/** Checks a whole script (the programmatic API). Never throws. */
export function checkSource(file: SourceFile, opts: CheckOptions = DEFAULT_OPTIONS): FileReport {
  const t0 = performance.now();
  let front: ReturnType<typeof frontEnd>;
  try {
    front = frontEnd(file, opts.requireChecked);
  } catch (err) {
    const at = formatDiagnostic(errorAt(file, { start: 0, end: 0 }, 'parse/internal', `the front end failed: ${(err as Error)?.message ?? String(err)}`));
    return { file: file.name, items: [], errors: [at], timeMs: performance.now() - t0 };
  }
  const { program, errors, markdown } = front;
  const math = markdown ? { math: markdown.math } : {};
  if (!program) return { file: file.name, items: [], errors, timeMs: performance.now() - t0, ...math };
  const safe = <I extends Parameters<typeof crashReport>[0]>(item: I, f: () => ItemReport): ItemReport => {
    try {
      return f();
    } catch (err) {
      return crashReport(item, program, err);
    }
  };
  const items = program.items.filter((item) => isSelected(item, program, opts)).map((item) => safe(item, () => checkItem(item, program, opts)));
  if (program.theorems && program.theorems.length > 0) {
    items.push(...program.theorems.filter((th) => isSelected(th, program, opts)).map((th) => safe({ ...th, kind: 'theorem' as const }, () => checkTheorem(th, program, opts.limits))));
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
