/**
 * The programmatic API: `check(text)` / `checkSource(file)` return a FileReport
 * (plain data); reporters turn reports into text, JSON, JUnit or GitHub annotations.
 */
export { check, checkSource, DEFAULT_OPTIONS, DEFAULT_NUMERIC, type CheckOptions, type NumericOptions } from './proofs/run.ts';
export { DEFAULT_LIMITS, type Limits } from './proofs/limits.ts';
export { summarize, exitCode, meets, gradeLabel } from './proofs/report.ts';
export type { Grade, Requirement, ItemReport, FileReport, RunReport, Summary, NumericSummary, StepReport, Counterexample, ReportWarning, Location, Shard } from './proofs/report.ts';
export { formatText } from './reporters/text.ts';
export { formatJson } from './reporters/json.ts';
export { formatJunit } from './reporters/junit.ts';
export { formatGithub } from './reporters/github.ts';
export { formatSarif } from './reporters/sarif.ts';
export { SCHEMA_VERSION } from './reporters/json.ts';
