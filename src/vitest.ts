/**
 * Test-runner integration: run proof scripts inside a project's own vitest suite,
 * one test per claim, calc chain or theorem.
 *
 *   import { describeProofs } from 'proofcheck/vitest';
 *   describeProofs(['proofs/my-post.proof'], { require: 'range' });
 *
 * Test names are stable: the claim's name, or `claim at line N` for an unnamed
 * one, never the grade, so a test keeps its id in CI dashboards when its verdict
 * changes. The grade, range and evidence are in the failure message and in the
 * test's meta (`task.meta.proofcheck`, visible to custom reporters).
 *
 * The scripts are parsed when the suite is collected (that is how the tests get
 * their names) and checked in a worker thread before the file's tests run, with
 * the same hard per-claim time limit as the command line.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readScript } from './proofs/files.ts';
import { frontEnd, DEFAULT_OPTIONS, type CheckOptions } from './proofs/run.ts';
import { itemPosition } from './proofs/check.ts';
import { positionOf } from './proofs/source.ts';
import { gradeLabel, meets, type FileReport, type Grade, type ItemReport, type Requirement } from './proofs/report.ts';
import { checkFileInWorker } from './cli/pool.ts';

export interface DescribeProofsOptions {
  /** Minimum grade for every claim (default `range`: exact evidence). */
  readonly require?: Requirement;
  /** Checker options (limits, numeric witness seed and runs); default DEFAULT_OPTIONS. */
  readonly check?: CheckOptions;
}

/** What a test's `task.meta.proofcheck` holds once its claim has been checked. */
export interface ProofTestMeta {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly grade: Grade;
  readonly range?: string;
  readonly summary: string;
}

declare module 'vitest' {
  interface TaskMeta {
    proofcheck?: ProofTestMeta;
  }
}

/** One test to register: its stable name and where its item starts. */
interface Planned {
  readonly name: string;
  readonly line: number;
  readonly col: number;
}

/** The tests a parsed script gives: one per claim, calc chain and theorem, in source order. */
function plan(report: ReturnType<typeof frontEnd>): Planned[] {
  const program = report.program;
  if (!program) return [];
  const items = program.items.map((item) => ({ name: item.name, kind: item.kind, ...itemPosition(item, program) }));
  const theorems = (program.theorems ?? []).map((th) => ({ name: th.name, kind: 'theorem', ...positionOf(program.file, th.span.start) }));
  // A Markdown post's display blocks that could not be read are ERROR items of their own.
  const blocks = (report.markdown?.items ?? []).map((it) => ({ name: it.name, kind: it.kind, line: it.line, col: it.col }));
  return [...items, ...theorems, ...blocks]
    .sort((a, b) => a.line - b.line || a.col - b.col)
    .map((x) => ({ name: x.name ?? `${x.kind} at line ${x.line}`, line: x.line, col: x.col }));
}

/** The failure message of a claim: where it is, its verdict and the evidence. */
function explain(path: string, item: ItemReport): string {
  const grade = `${gradeLabel(item.grade)}${item.range ? ` for ${item.range}` : ''}`;
  return [`${path}:${item.line}:${item.col}: ${grade} — ${item.summary}`, ...item.details].join('\n');
}

/** Registers one describe block per file and one test per claim, calc chain or theorem. */
export function describeProofs(paths: readonly string[], options: DescribeProofsOptions = {}): void {
  const requirement = options.require ?? 'range';
  const opts = options.check ?? DEFAULT_OPTIONS;
  for (const path of paths) {
    describe(path, () => {
      const file = readScript(path);
      const front = frontEnd(file, opts.requireChecked);
      const tests = plan(front);
      // The worker kills an item that overruns its limit (2 × timeout + grace), so
      // the whole file needs at most that per item; vitest's own limit is set above it.
      const budgetMs = (tests.length + 1) * (2 * opts.limits.timeoutMs + 10_000);
      let report: FileReport | undefined;
      beforeAll(async () => {
        if (tests.length > 0) report = await checkFileInWorker(file, opts);
      }, budgetMs);

      it('elaborates without errors', () => {
        expect(front.errors, front.errors.join('\n\n')).toEqual([]);
        expect(report?.errors ?? [], (report?.errors ?? []).join('\n\n')).toEqual([]);
      });
      for (const t of tests) {
        it(t.name, ({ task }) => {
          const item = report?.items.find((x) => x.line === t.line && x.col === t.col);
          expect(item, `${path}:${t.line}:${t.col}: no verdict was reported for ${t.name}`).toBeDefined();
          if (!item) return;
          task.meta.proofcheck = { file: path, line: item.line, col: item.col, grade: item.grade, range: item.range, summary: item.summary };
          expect(meets(item.grade, requirement), explain(path, item)).toBe(true);
        });
      }
    });
  }
}
