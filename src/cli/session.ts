/**
 * One checking run of the command: find the scripts, keep this shard's, reuse
 * cached verdicts, check the rest in workers, apply --filter, flag scripts with
 * no claims, and assemble the RunReport. Used once by `proofcheck` and once per
 * change by `--watch`.
 */
import { resolve } from 'node:path';
import type { SourceFile } from '../proofs/ast.ts';
import { findScripts, readScript, UsageError } from '../proofs/files.ts';
import { errorAt, formatDiagnostic } from '../proofs/diagnostics.ts';
import { summarize, type FileReport, type RunReport, type Shard } from '../proofs/report.ts';
import type { CheckOptions } from '../proofs/run.ts';
import { checkFiles, type ItemCache, type Progress } from './pool.ts';
import { cacheKey, DEFAULT_CACHE_DIR, itemCacheKey, VerdictCache } from './cache.ts';
import type { CliOptions } from './args.ts';

/**
 * The files of shard `index` of `count`: the paths sorted (as absolute paths, so
 * every runner agrees whatever folder names it was given) and dealt round-robin,
 * so the n shards are disjoint, cover every file, and differ in size by at most one.
 */
export function shardFiles(paths: readonly string[], shard: Shard | undefined): string[] {
  if (!shard) return [...paths];
  const sorted = [...paths].sort((a, b) => (resolve(a) < resolve(b) ? -1 : resolve(a) > resolve(b) ? 1 : 0));
  return sorted.filter((_p, i) => i % shard.count === shard.index - 1);
}

/** The check options of a command line. */
export function checkOptionsOf(o: CliOptions): CheckOptions {
  return { limits: o.limits, numeric: o.numeric, requireChecked: o.requireChecked, strictRules: o.strictRules, ...(o.workflow.filter.length > 0 ? { filter: { patterns: o.workflow.filter } } : {}) };
}

/** A file that elaborated but has no claims: a warning, or (under an explicit --require) an error. */
function flagEmpty(r: FileReport, file: SourceFile, strict: boolean): FileReport {
  if (r.errors.length > 0 || r.items.length > 0) return r;
  const message = 'the script has no claims, calcs or theorems: nothing was checked';
  if (strict) {
    const error = formatDiagnostic(errorAt(file, { start: 0, end: 0 }, 'script/no-claims', `${message} (an error under --require)`));
    return { ...r, errors: [error] };
  }
  return { ...r, warnings: [...(r.warnings ?? []), { code: 'script/no-claims', message, line: 1, col: 1 }] };
}

export interface RunHooks {
  readonly progress?: Progress;
  /** Files to check again even if cached (--watch: the ones that changed). */
  readonly fresh?: ReadonlySet<string>;
  /** proofcheck's version, for the report and the cache key. */
  readonly version: string;
}

/**
 * Checks the scripts of a command line. Throws: UsageError when the paths hold
 * no proof files, or when --filter matches no claim.
 */
export async function checkRun(o: CliOptions, hooks: RunHooks): Promise<RunReport> {
  const all = findScripts(o.paths);
  if (all.length === 0) throw new UsageError(`no proof files found in ${o.paths.join(', ')} (looked for .proof files, and .md files with \`\`\`proof blocks)`);
  const paths = shardFiles(all, o.workflow.shard);
  const opts = checkOptionsOf(o);
  const t0 = performance.now();
  const files = paths.map(readScript);
  const cache = o.workflow.cache ? new VerdictCache(o.workflow.cacheDir ?? DEFAULT_CACHE_DIR) : undefined;
  const keys = files.map((f) => cacheKey(f, opts, o.requirement, hooks.version));
  const reports: (FileReport | undefined)[] = files.map((f, i) => (cache && !hooks.fresh?.has(f.name) ? cache.get(keys[i]!) : undefined));
  const todo = files.map((f, i) => ({ f, i })).filter(({ i }) => !reports[i]);
  // ITEM CACHE (item-keys.ts): in a script that changed, the items that did not are reused one by one
  const items: ItemCache | undefined = cache && {
    get: (file, content) => cache.getItem(itemCacheKey(file.name, content, opts, o.requirement, hooks.version)),
    set: (file, content, report) => cache.setItem(itemCacheKey(file.name, content, opts, o.requirement, hooks.version), report),
  };
  const checked = await checkFiles(todo.map(({ f }) => f), opts, o.jobs, hooks.progress, cache?.costs(), items);
  cache?.recordCosts(checked);
  todo.forEach(({ i }, k) => {
    reports[i] = checked[k]!;
    cache?.set(keys[i]!, checked[k]!);
  });
  let out = reports.map((r, i) => flagEmpty(r!, files[i]!, o.requireGiven && !opts.filter));
  if (opts.filter) {
    out = out.filter((r) => r.items.length > 0 || r.errors.length > 0);
    // A shard may hold none of the filtered claims; the whole run must hold one.
    if (!o.workflow.shard && !out.some((r) => r.items.length > 0)) {
      throw new UsageError(`no claim matches --filter ${o.workflow.filter.join(', ')} (give a claim name, or FILE:LINE inside a claim)`);
    }
  }
  return {
    files: out,
    version: hooks.version,
    ...(o.workflow.shard ? { shard: o.workflow.shard } : {}),
    requirement: o.requirement,
    summary: summarize(out, o.requirement),
    timeMs: performance.now() - t0,
    seed: o.numeric.enabled ? o.numeric.seed : undefined,
    runs: o.numeric.enabled ? o.numeric.runs : undefined,
  };
}
