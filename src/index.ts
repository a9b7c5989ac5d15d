/**
 * The programmatic API (documented in docs/api.md): `check(text)` and
 * `checkSource(file)` check a script in this thread and return a FileReport (plain
 * data, never throwing); `checkPaths(paths)` checks files and folders in worker
 * threads under the command line's hard time limits; reporters turn a RunReport
 * into text, JSON, JUnit or GitHub annotations.
 */
export { check, checkSource, DEFAULT_OPTIONS, DEFAULT_NUMERIC, type CheckOptions, type NumericOptions } from './proofs/run.ts';
export { checkPaths, toRunReport, renderReport, type CheckPathsOptions, type RenderedFormat } from './api.ts';
export { UsageError } from './proofs/files.ts';
export { DEFAULT_LIMITS, type Limits } from './proofs/limits.ts';
export { summarize, exitCode, meets, gradeLabel } from './proofs/report.ts';
export type { Grade, Requirement, ItemReport, FileReport, RunReport, Summary, NumericSummary, StepReport, Counterexample, ReportWarning, Location, Shard, MathBlockReport } from './proofs/report.ts';
export type { SourceFile } from './proofs/ast.ts';
export { formatText, type TextOptions } from './reporters/text.ts';
export { formatJson } from './reporters/json.ts';
export { formatJunit } from './reporters/junit.ts';
export { formatGithub } from './reporters/github.ts';
export { formatSarif } from './reporters/sarif.ts';
export { SCHEMA_VERSION } from './reporters/json.ts';
