/**
 * The everyday-workflow options of `proofcheck` (--filter, --quiet, --shard,
 * --merge-reports, cache, --watch), parsed here so that args.ts stays small.
 * Pure: flags in, options or an ArgError out.
 */
import type { Shard } from '../proofs/report.ts';

export interface WorkflowOptions {
  /** `--filter PATTERN` (repeatable): claim names (with `*`) or FILE:LINE. */
  readonly filter: readonly string[];
  /** `--quiet`: print only failures and the summary. */
  readonly quiet: boolean;
  /** `--shard i/n`: check only the i-th of n deterministic parts of the files. */
  readonly shard?: Shard;
  /** `--merge-reports`: the paths are JSON reports to combine, not scripts. */
  readonly mergeReports: boolean;
  /** Reuse verdicts of unchanged scripts (default on; `--no-cache`). */
  readonly cache: boolean;
  /** `--cache-dir DIR` (default node_modules/.cache/proofcheck). */
  readonly cacheDir?: string;
  /** `--watch`: re-check changed files until interrupted. */
  readonly watch: boolean;
}

export const DEFAULT_WORKFLOW: WorkflowOptions = { filter: [], quiet: false, mergeReports: false, cache: true, watch: false };

export const WORKFLOW_USAGE = `  --filter PATTERN               check only matching claims: a name (* matches anything) or FILE:LINE;
                                 repeatable; --path replays apply to the filtered claim
  --quiet                        print only failures and the summary
  --shard I/N                    check only part I of N of the files (a deterministic split by path)
  --merge-reports                the arguments are JSON reports (e.g. of shards): print them as one report
  --cache-dir DIR                where verdicts of unchanged scripts are kept (default: node_modules/.cache/proofcheck)
  --no-cache                     check everything again (neither read nor write the cache)
  --watch                        re-check files when they change (not under CI)
`;

/** Thrown for a malformed workflow option (args.ts turns it into a usage error). */
export class WorkflowArgError extends Error {}

/**
 * Consumes a workflow flag; returns the updated options, or undefined when the
 * flag is not one of these. Throws: WorkflowArgError with a message for the user.
 */
export function parseWorkflowFlag(flag: string, next: () => string | undefined, o: WorkflowOptions): WorkflowOptions | undefined {
  switch (flag) {
    case '--filter': {
      const v = next();
      if (!v) throw new WorkflowArgError('--filter needs a claim name or FILE:LINE');
      return { ...o, filter: [...o.filter, v] };
    }
    case '--quiet':
      return { ...o, quiet: true };
    case '--shard': {
      const v = next() ?? '';
      const m = /^(\d+)\/(\d+)$/.exec(v);
      const index = Number(m?.[1]);
      const count = Number(m?.[2]);
      if (!m || count < 1 || index < 1 || index > count || count > 10_000) {
        throw new WorkflowArgError(`--shard expects I/N with 1 <= I <= N (e.g. 1/3), got '${v}'`);
      }
      return { ...o, shard: { index, count } };
    }
    case '--merge-reports':
      return { ...o, mergeReports: true };
    case '--no-cache':
      return { ...o, cache: false };
    case '--cache-dir': {
      const v = next();
      if (!v) throw new WorkflowArgError('--cache-dir needs a folder');
      return { ...o, cacheDir: v };
    }
    case '--watch':
      return { ...o, watch: true };
    default:
      return undefined;
  }
}
