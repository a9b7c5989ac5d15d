/**
 * `--merge-reports`: combines JSON reports (typically one per `--shard i/n` runner)
 * into one report, as if a single run had checked every file: files in path order,
 * the summary recounted, the shards recorded in `merged`. Reports must share the
 * schema version and the required grade; a file in two reports is a usage error
 * (the shards overlapped).
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../proofs/files.ts';
import { summarize, type FileReport, type Requirement, type RunReport, type Shard } from '../proofs/report.ts';
import { SCHEMA_VERSION } from '../reporters/json.ts';

interface JsonReport {
  readonly schemaVersion?: unknown;
  readonly tool?: { readonly version?: string };
  readonly requirement?: Requirement;
  readonly files?: FileReport[];
  readonly timeMs?: number;
  readonly seed?: number;
  readonly runs?: number;
  readonly shard?: Shard;
}

function load(path: string): JsonReport {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read the report ${path}: ${(err as NodeJS.ErrnoException)?.code ?? (err as Error).message}`);
  }
  let json: JsonReport;
  try {
    json = JSON.parse(text) as JsonReport;
  } catch {
    throw new UsageError(`${path} is not a JSON report (write one with --format json --output FILE)`);
  }
  if (json.schemaVersion !== SCHEMA_VERSION || !Array.isArray(json.files)) {
    throw new UsageError(`${path} is not a proofcheck JSON report of schema version ${SCHEMA_VERSION} (schemaVersion: ${JSON.stringify(json.schemaVersion)})`);
  }
  return json;
}

/** Reads and merges JSON reports. Throws: UsageError for unreadable, foreign or inconsistent reports. */
export function mergeReports(paths: readonly string[]): RunReport {
  if (paths.length === 0) throw new UsageError('--merge-reports needs the JSON reports to merge');
  const reports = paths.map((p) => ({ path: p, json: load(p) }));
  const first = reports[0]!.json;
  const files: FileReport[] = [];
  const owner = new Map<string, string>();
  for (const { path, json } of reports) {
    if (json.requirement !== first.requirement) throw new UsageError(`${path} requires '${json.requirement}' but ${reports[0]!.path} requires '${first.requirement}': merge reports of the same policy`);
    if (json.seed !== first.seed || json.runs !== first.runs) throw new UsageError(`${path} was checked with another --seed or --runs than ${reports[0]!.path}`);
    for (const f of json.files!) {
      const prev = owner.get(f.file);
      if (prev) throw new UsageError(`${f.file} is in both ${prev} and ${path}: the reports overlap`);
      owner.set(f.file, path);
      files.push(f);
    }
  }
  files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const requirement = first.requirement ?? 'range';
  return {
    files,
    ...(first.tool?.version ? { version: first.tool.version } : {}),
    requirement,
    summary: summarize(files, requirement),
    timeMs: Math.max(0, ...reports.map(({ json }) => json.timeMs ?? 0)),
    ...(first.seed !== undefined ? { seed: first.seed } : {}),
    ...(first.runs !== undefined ? { runs: first.runs } : {}),
    merged: reports.map(({ json }) => ({ ...(json.shard ? { shard: json.shard } : {}), files: json.files!.length })),
  };
}
