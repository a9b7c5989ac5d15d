// Type-checked against the package's declarations (tsc --noEmit): the exported
// types are usable from a TypeScript project.
import { check, checkPaths, toRunReport, formatJunit, DEFAULT_OPTIONS, type CheckOptions, type FileReport, type Grade, type RunReport } from 'proofcheck';
import type { DescribeProofsOptions } from 'proofcheck/vitest';

const options: CheckOptions = { ...DEFAULT_OPTIONS, numeric: { ...DEFAULT_OPTIONS.numeric, runs: 10 } };
const report: FileReport = check('claim: 1 + 1 = 2', 'one.proof', options);
const grades: Grade[] = report.items.map((i) => i.grade);
const run: RunReport = toRunReport([report], 'proved', options);
const xml: string = formatJunit(run);
const later: Promise<RunReport> = checkPaths(['true.proof'], { require: 'range', jobs: 1 });
const helperOptions: DescribeProofsOptions = { require: 'tested' };
export { grades, xml, later, helperOptions };
