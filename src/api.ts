/**
 * Conveniences of the programmatic API that sit on top of the checker: checking
 * files and folders in worker threads (the command line's hard per-claim time
 * limit), and wrapping file reports into the run report that reporters format.
 */
import { findScripts, readScript, UsageError } from './proofs/files.ts';
import { DEFAULT_OPTIONS, type CheckOptions } from './proofs/run.ts';
import { summarize, type FileReport, type Requirement, type RunReport } from './proofs/report.ts';
import { checkFiles } from './cli/pool.ts';
import { DEFAULT_JOBS } from './cli/args.ts';
import type { SourceFile } from './proofs/ast.ts';

/** A run report over file reports, as the reporters take it (`requirement` defaults to `range`). */
export function toRunReport(files: readonly FileReport[], requirement: Requirement = 'range', options: CheckOptions = DEFAULT_OPTIONS): RunReport {
  return {
    files,
    requirement,
    summary: summarize(files, requirement),
    timeMs: files.reduce((t, f) => t + f.timeMs, 0),
    seed: options.numeric.enabled ? options.numeric.seed : undefined,
    runs: options.numeric.enabled ? options.numeric.runs : undefined,
  };
}

export interface CheckPathsOptions {
  /** Minimum grade for every claim (default `range`). */
  readonly require?: Requirement;
  /** Checker options (limits, numeric witness); default DEFAULT_OPTIONS. */
  readonly check?: CheckOptions;
  /** Worker threads, each checking one claim at a time (default: one per core, at most 8). */
  readonly jobs?: number;
}

/**
 * Checks files and folders as the command line does: `.proof` files and Markdown
 * with ```proof blocks (folders are walked, `bad/` and dot-folders skipped), each
 * claim in a worker under a hard time limit.
 * Throws: UsageError for a missing path or a folder with no proof scripts.
 */
export async function checkPaths(paths: readonly string[], options: CheckPathsOptions = {}): Promise<RunReport> {
  const opts = options.check ?? DEFAULT_OPTIONS;
  const t0 = performance.now();
  const found = findScripts(paths);
  if (found.length === 0) throw new UsageError(`found no proof scripts (.proof, or .md with \`\`\`proof blocks) in ${paths.join(', ')}`);
  const files = found.map(readScript);
  const reports = await checkFiles(files, opts, options.jobs ?? DEFAULT_JOBS);
  return { ...toRunReport(reports, options.require ?? 'range', opts), timeMs: performance.now() - t0 };
}

/** The reports that show mathematics: an offline HTML page, a .tex fragment, a Markdown summary. */
export type RenderedFormat = 'html' | 'latex' | 'markdown';

/**
 * Renders a run in one of the formats that print the statements (`--format html`,
 * `latex`, `markdown`). `files` are the checked scripts (their texts give the
 * statements). KaTeX and the plotting library are loaded on the first call only, so
 * `import 'proofcheck'` stays light.
 */
export async function renderReport(format: RenderedFormat, report: RunReport, files: readonly SourceFile[], version = 'unknown'): Promise<string> {
  const { renderRich } = await import('./reporters/rich.ts');
  return renderRich(format, report, files, { version });
}
