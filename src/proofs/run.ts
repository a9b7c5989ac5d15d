/**
 * Checking a whole script: front end, exact checker, numeric witness, merge.
 * `checkSource` is the programmatic API (`check(source) -> report`); the CLI runs
 * it per file, inside a worker so that a per-claim time limit can be enforced even
 * when a kernel computation does not return (see src/cli/pool.ts).
 */
import type { ClaimDecl, CalcDecl, Elaborated, SourceFile } from './ast.ts';
import { parseAndElaborate } from './frontend.ts';
import { formatDiagnostic } from './diagnostics.ts';
import { checkItemExact, confirmAtSample, itemReport } from './check.ts';
import { mergeVerdicts } from './merge.ts';
import { DEFAULT_LIMITS, type Limits } from './limits.ts';
import type { FileReport, ItemReport, NumericSummary } from './report.ts';
import { verifyItem } from '../verify/runner.ts';
import { checkTheorem } from './theorem.ts';

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

/** Checks one item: exact verdict, numeric witness, merged report. Never throws. */
export function checkItem(item: ClaimDecl | CalcDecl, program: Elaborated, opts: CheckOptions): ItemReport {
  const t0 = performance.now();
  const exact = checkItemExact(item, program, opts.limits);
  const numeric = exact.grade === 'ERROR' && !/unsupported|infinite-sum/.test(exact.summary) ? undefined : numericWitness(item, program, opts);
  const kernelConfirmation = numeric?.status === 'failed' && numeric.counterexample ? confirmAtSample(item, program, opts.limits, numeric.counterexample) : undefined;
  const merged = mergeVerdicts(exact, numeric, kernelConfirmation);
  return itemReport(item, program, merged, performance.now() - t0, numeric);
}

/** Most front-end errors reported per file (binary garbage would otherwise give one per byte). */
export const MAX_REPORTED_ERRORS = 100;

/** Parses and elaborates a script; the program, or formatted errors (at most MAX_REPORTED_ERRORS, then a count). */
export function frontEnd(file: SourceFile): { program?: Elaborated; errors: string[] } {
  const { program, diagnostics } = parseAndElaborate(file);
  const all = diagnostics.filter((d) => d.severity === 'error');
  const errors = all.slice(0, MAX_REPORTED_ERRORS).map(formatDiagnostic);
  const hidden = all.length - errors.length;
  if (hidden > 0) errors.push(`${file.name}: ${hidden} more error${hidden === 1 ? '' : 's'} not shown; fix the ones above first`);
  return errors.length > 0 || !program ? { errors } : { program, errors: [] };
}

/** Checks a whole script (the programmatic API). Never throws for anything in the script. */
export function checkSource(file: SourceFile, opts: CheckOptions = DEFAULT_OPTIONS): FileReport {
  const t0 = performance.now();
  const { program, errors } = frontEnd(file);
  if (!program) return { file: file.name, items: [], errors, timeMs: performance.now() - t0 };
  const items = program.items.map((item) => checkItem(item, program, opts));
  if (program.theorems && program.theorems.length > 0) {
    items.push(...program.theorems.map((th) => checkTheorem(th, program, opts.limits)));
    items.sort((a, b) => a.line - b.line || a.col - b.col);
  }
  return { file: file.name, title: program.title, source: program.source, items, errors: [], timeMs: performance.now() - t0 };
}

/** Convenience: check a script given as text. */
export function check(text: string, name = '<input>', opts: CheckOptions = DEFAULT_OPTIONS): FileReport {
  return checkSource({ name, text }, opts);
}
