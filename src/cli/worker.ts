/**
 * A checking worker: receives a script and options, checks its items one at a
 * time, and posts each item's report as soon as it is done (a `started` message
 * first, so the pool knows which item to blame if the worker has to be killed).
 */
import { parentPort } from 'node:worker_threads';
import type { SourceFile } from '../proofs/ast.ts';
import { checkItem, crashReport, frontEnd, isSelected, type CheckOptions } from '../proofs/run.ts';
import type { ItemReport } from '../proofs/report.ts';
import { itemPosition } from '../proofs/check.ts';
import { checkTheorem } from '../proofs/theorem.ts';
import { positionOf } from '../proofs/source.ts';

export interface Job {
  readonly file: SourceFile;
  readonly opts: CheckOptions;
  /** Resume after a killed item: skip items before this index. */
  readonly startItem: number;
}

export type WorkerMessage =
  | { readonly type: 'front'; readonly errors: string[]; readonly title?: string; readonly source?: string; readonly count: number; readonly markdown?: ReturnType<typeof frontEnd>['markdown'] }
  | { readonly type: 'phase'; readonly phase: string }
  | { readonly type: 'started'; readonly index: number; readonly name?: string; readonly line: number; readonly col: number; readonly kind: 'claim' | 'calc' | 'theorem' }
  | { readonly type: 'item'; readonly index: number; readonly report: ReturnType<typeof checkItem> }
  | { readonly type: 'done' }
  | { readonly type: 'crash'; readonly message: string };

/**
 * Test hook: with PROOFCHECK_TEST_HANG=NAME in the environment (never set by a
 * script), the claim named NAME never returns, so the tests can exercise the pool's
 * hard time limit on any machine; a real computation would only be slow.
 */
function hangForTests(name: string | undefined): void {
  const target = process.env.PROOFCHECK_TEST_HANG;
  if (target === undefined || name !== target) return;
  for (;;) {
    // busy, as a runaway kernel computation would be
  }
}

const port = parentPort;
if (port) {
  port.on('message', (job: Job) => {
    try {
      port.postMessage({ type: 'phase', phase: 'the front end (parsing and elaboration)' } satisfies WorkerMessage);
      const { program, errors, markdown } = frontEnd(job.file, job.opts.requireChecked);
      port.postMessage({ type: 'front', errors, title: program?.title, source: program?.source, count: (program?.items.length ?? 0) + (program?.theorems?.length ?? 0), markdown } satisfies WorkerMessage);
      if (program) {
        program.items.forEach((item, index) => {
          if (index < job.startItem || !isSelected(item, program, job.opts)) return;
          port.postMessage({ type: 'started', index, name: item.name, line: itemPosition(item, program).line, col: itemPosition(item, program).col, kind: item.kind } satisfies WorkerMessage);
          hangForTests(item.name);
          let report: ItemReport;
          try {
            report = checkItem(item, program, job.opts, (phase) => port.postMessage({ type: 'phase', phase } satisfies WorkerMessage));
          } catch (err) {
            report = crashReport(item, program, err);
          }
          port.postMessage({ type: 'item', index, report } satisfies WorkerMessage);
        });
        // Theorems (lemma kernel) after the claims; the pool's report is re-sorted by line.
        (program.theorems ?? []).forEach((th, t) => {
          const index = program.items.length + t;
          if (index < job.startItem || !isSelected(th, program, job.opts)) return;
          const { line, col } = positionOf(program.file, th.span.start);
          port.postMessage({ type: 'started', index, name: th.name, line, col, kind: 'theorem' } satisfies WorkerMessage);
          let report: ItemReport;
          try {
            report = checkTheorem(th, program, job.opts.limits);
          } catch (err) {
            report = crashReport({ ...th, kind: 'theorem' }, program, err);
          }
          port.postMessage({ type: 'item', index, report } satisfies WorkerMessage);
        });
      }
      port.postMessage({ type: 'done' } satisfies WorkerMessage);
    } catch (err) {
      port.postMessage({ type: 'crash', message: (err as Error)?.message ?? String(err) } satisfies WorkerMessage);
    }
  });
}
