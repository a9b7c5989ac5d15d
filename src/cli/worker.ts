/**
 * A long-lived checking worker (see pool.ts): it elaborates files and lists their
 * items (`front` tasks), and checks one item per `item` task, posting a `started`
 * message first so the pool knows which item to blame if the worker has to be
 * killed. Elaborated programs are kept for the worker's later tasks.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import type { Elaborated, SourceFile } from '../proofs/ast.ts';
import { checkItem, crashReport, frontEnd, isSelected, type CheckOptions } from '../proofs/run.ts';
import type { ItemReport } from '../proofs/report.ts';
import { itemPosition } from '../proofs/check.ts';
import { checkTheorem } from '../proofs/theorem.ts';
import { positionOf } from '../proofs/source.ts';
import { itemContentKeys } from './item-keys.ts';

/**
 * A task: `front` elaborates a file and lists its items; `item` checks one item
 * (elaborating the file first if this worker has not seen it).
 */
export type Job =
  | { readonly type: 'front'; readonly fileId: number; readonly file: SourceFile; readonly opts: CheckOptions }
  | { readonly type: 'item'; readonly fileId: number; readonly file: SourceFile; readonly opts: CheckOptions; readonly index: number };

/** An item selected for checking, as the front end lists it for the scheduler. */
export interface ItemInfo {
  /** Claims and calcs first, in order, then theorems. */
  readonly index: number;
  readonly name?: string;
  readonly line: number;
  readonly col: number;
  readonly kind: 'claim' | 'calc' | 'theorem';
  /** Quantifiers over integer ranges or sets (each multiplies the work). */
  readonly quantified: number;
  /** Steps of a calc chain. */
  readonly steps: number;
  /** ITEM CACHE (item-keys.ts): the hash of what the item's verdict depends on in its script; none: checked with the file. */
  readonly content?: string;
}

export type WorkerMessage =
  | { readonly type: 'front'; readonly errors: string[]; readonly title?: string; readonly source?: string; readonly items: readonly ItemInfo[]; readonly markdown?: ReturnType<typeof frontEnd>['markdown'] }
  | { readonly type: 'phase'; readonly phase: string }
  | { readonly type: 'started'; readonly index: number; readonly name?: string; readonly line: number; readonly col: number; readonly kind: 'claim' | 'calc' | 'theorem' }
  | { readonly type: 'item'; readonly index: number; readonly report: ItemReport }
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

/**
 * Test hook: PROOFCHECK_TEST_SLOW_START=MS delays the worker's start by MS ms, as
 * a loaded machine would, so the tests can check that start-up never counts
 * against a script's time limit.
 */
function slowStartForTests(): void {
  const ms = Number(process.env.PROOFCHECK_TEST_SLOW_START ?? 0);
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

type Front = ReturnType<typeof frontEnd>;

/** The programs this worker has elaborated, by the pool's file id. */
const programs = new Map<number, Front>();

function elaborated(job: Job): Front {
  let front = programs.get(job.fileId);
  if (!front) {
    front = frontEnd(job.file, job.opts.requireChecked);
    programs.set(job.fileId, front);
  }
  return front;
}

/** The items of a program the options select, claims and calcs first, then theorems. */
function listItems(program: Elaborated, opts: CheckOptions): ItemInfo[] {
  const out: ItemInfo[] = [];
  const theorems = program.theorems ?? [];
  const keys = itemContentKeys(program, [...program.items.map((i) => i.span), ...theorems.map((t) => t.span)]);
  const content = (index: number) => (keys[index] !== undefined ? { content: keys[index] } : {});
  program.items.forEach((item, index) => {
    if (!isSelected(item, program, opts)) return;
    const { line, col } = itemPosition(item, program);
    out.push({ index, name: item.name, line, col, kind: item.kind, quantified: item.quantifiers.length, steps: item.kind === 'calc' ? item.steps.length : 0, ...content(index) });
  });
  theorems.forEach((th, t) => {
    if (!isSelected(th, program, opts)) return;
    const { line, col } = positionOf(program.file, th.span.start);
    const index = program.items.length + t;
    out.push({ index, name: th.name, line, col, kind: 'theorem', quantified: 1, steps: 0, ...content(index) });
  });
  return out;
}

function checkOne(job: Extract<Job, { type: 'item' }>, program: Elaborated, port: MessagePort): ItemReport {
  const post = (m: WorkerMessage): void => port.postMessage(m);
  const index = job.index;
  if (index < program.items.length) {
    const item = program.items[index]!;
    const { line, col } = itemPosition(item, program);
    post({ type: 'started', index, name: item.name, line, col, kind: item.kind });
    hangForTests(item.name);
    try {
      return checkItem(item, program, job.opts, (phase) => post({ type: 'phase', phase }));
    } catch (err) {
      return crashReport(item, program, err);
    }
  }
  const th = program.theorems![index - program.items.length]!;
  const { line, col } = positionOf(program.file, th.span.start);
  post({ type: 'started', index, name: th.name, line, col, kind: 'theorem' });
  hangForTests(th.name);
  try {
    return checkTheorem(th, program, job.opts.limits);
  } catch (err) {
    return crashReport({ ...th, kind: 'theorem' }, program, err);
  }
}

const port = parentPort;
if (port) {
  slowStartForTests();
  port.on('message', (job: Job) => {
    const post = (m: WorkerMessage): void => port.postMessage(m);
    try {
      post({ type: 'phase', phase: 'the front end (parsing and elaboration)' });
      const front = elaborated(job);
      const { program, errors, markdown } = front;
      if (job.type === 'front') {
        post({ type: 'front', errors, title: program?.title, source: program?.source, items: program ? listItems(program, job.opts) : [], markdown });
        return;
      }
      if (!program) throw new Error('an item of a file that did not elaborate');
      post({ type: 'item', index: job.index, report: checkOne(job, program, port) });
    } catch (err) {
      post({ type: 'crash', message: (err as Error)?.message ?? String(err) });
    }
  });
}
