/**
 * Test-runner integration: run `.proof` files inside a project's own vitest suite,
 * one test case per claim, with the grade in the test's name.
 *
 *   import { describeProofs } from 'proofcheck/vitest';
 *   describeProofs(['proofs/my-post.proof'], { require: 'range' });
 *
 * Files are checked when the suite is collected (so the grades can be in the
 * names); each test then asserts that its claim met the required grade, and a
 * failure message carries the verdict's details (counterexample, seed).
 */
import { describe, expect, it } from 'vitest';
import { readScript } from './proofs/files.ts';
import { checkSource, DEFAULT_OPTIONS, type CheckOptions } from './proofs/run.ts';
import { gradeLabel, meets, type Requirement } from './proofs/report.ts';

export interface DescribeProofsOptions {
  /** Minimum grade for every claim (default `range`). */
  readonly require?: Requirement;
  /** Checker options (limits, numeric witness seed and runs). */
  readonly check?: CheckOptions;
}

/** Registers one describe block per file and one test per claim. */
export function describeProofs(paths: readonly string[], options: DescribeProofsOptions = {}): void {
  const requirement = options.require ?? 'range';
  for (const path of paths) {
    describe(path, () => {
      const report = checkSource(readScript(path), options.check ?? DEFAULT_OPTIONS);
      it('elaborates without errors', () => {
        expect(report.errors, report.errors.join('\n\n')).toEqual([]);
      });
      for (const item of report.items) {
        const name = `${item.name ?? `${item.kind} at line ${item.line}`} [${gradeLabel(item.grade)}${item.range ? ` for ${item.range}` : ''}]`;
        it(name, () => {
          const why = [`${path}:${item.line}:${item.col}: ${gradeLabel(item.grade)} — ${item.summary}`, ...item.details].join('\n');
          expect(meets(item.grade, requirement), why).toBe(true);
        });
      }
    });
  }
}
