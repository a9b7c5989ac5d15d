/**
 * Reports for reporter tests: a hand-made RunReport with fixed times (for exact
 * string tests, including characters that need escaping), and real reports of
 * scripts checked with a pinned seed.
 */
import { spawnSync } from 'node:child_process';
import { check, checkSource, DEFAULT_OPTIONS, type CheckOptions } from '../../src/proofs/run.ts';
import { readScript } from '../../src/proofs/files.ts';
import { summarize, type FileReport, type ItemReport, type RunReport } from '../../src/proofs/report.ts';

/** The bad script whose calc has two wrong steps (lines 6 and 7). */
export const TWO_WRONG = 'proofs/bad/calc-two-wrong-steps.proof';

/** Checks scripts in-process (numeric witness on, seed 42, 200 runs) into a RunReport. */
export function checkedReport(paths: readonly string[], opts: Partial<CheckOptions['numeric']> = {}): RunReport {
  const o: CheckOptions = { ...DEFAULT_OPTIONS, numeric: { ...DEFAULT_OPTIONS.numeric, runs: 200, ...opts } };
  const files = paths.map((p) => checkSource(readScript(p), o));
  return { files, requirement: 'range', summary: summarize(files, 'range'), timeMs: 1234, seed: o.numeric.seed, runs: o.numeric.runs };
}

/** A script's items by claim name, checked in-process (seed 42, `runs` witness runs). */
export function itemsByName(text: string, runs = 100): Record<string, ItemReport> {
  const o: CheckOptions = { ...DEFAULT_OPTIONS, numeric: { ...DEFAULT_OPTIONS.numeric, runs } };
  return Object.fromEntries(check(text, 'claims.proof', o).items.map((i) => [i.name ?? '', i]));
}

const refuted: ItemReport = {
  kind: 'calc', name: 'expand<&>', line: 3, col: 1, endLine: 5, endCol: 20, grade: 'REFUTED',
  summary: 'step 2 is false (2 of 2 steps do not pass)',
  details: ['a.proof:4:5: error: step 1 fails', 'counterexample (exact): at x = 1/2 the left side is "1" and the right side is \'2\'', 'bell\u0007 here'],
  timeMs: 12,
  steps: [
    { index: 1, label: 'step 1', line: 4, col: 5, endLine: 4, endCol: 20, relation: '=', left: 'x', right: 'x + 1', rules: ['algebra'], grade: 'REFUTED', summary: 'step 1 is false',
      details: [], counterexample: { method: 'exact', point: { x: { exact: '1/2', float: 0.5 } }, left: '1/2', right: '3/2' },
      warnings: [{ code: 'rule/not-used', message: "rule 'algebra' did not decide this step", line: 4, col: 22 }] },
    { index: 2, label: 'step 2', line: 5, col: 5, endLine: 5, endCol: 20, relation: '<', left: 'x + 1', right: 'x', rules: ['positivity'], grade: 'REFUTED', summary: 'step 2 is false', details: [] },
  ],
  counterexample: { method: 'exact', point: { x: { exact: '1/2', float: 0.5 } }, left: '1/2', right: '3/2' },
};
const tested: ItemReport = {
  kind: 'claim', line: 7, col: 1, grade: 'TESTED', summary: 'no exact method applied; 1000 random points agreed', details: ['numeric witness: 1000 runs agreed, seed 42'], timeMs: 1500,
};
const proved: ItemReport = { kind: 'claim', name: 'ok', line: 8, col: 1, grade: 'PROVED', summary: 'exp-log normal form', details: [], timeMs: 3, cached: true };

/** A fixed report: one file with a refuted calc (two steps, a warning), a TESTED claim, a cached PROVED claim; one file with a script error. */
export function sampleReport(): RunReport {
  const files: FileReport[] = [
    { file: 'dir/a "b".proof', title: 'T', items: [refuted, tested, proved], errors: [], timeMs: 1520 },
    { file: 'bad.proof', items: [], errors: ['bad.proof:1:5: error: unexpected token\n 1 | var\n   |     ^'], timeMs: 1 },
  ];
  return { files, requirement: 'range', summary: summarize(files, 'range'), timeMs: 1600, seed: 42, runs: 1000 };
}

/** Whether xmllint is installed; under CI it must be (the JUnit schema test may not be skipped there). */
export function haveXmllint(): boolean {
  const ok = spawnSync('xmllint', ['--version'], { encoding: 'utf8' }).status === 0;
  if (!ok && process.env.CI) throw new Error('xmllint is required under CI (apt-get install -y libxml2-utils)');
  return ok;
}
