/**
 * Runs scripts on a pool of long-lived worker threads, with claims (not files) as
 * the unit of parallel work, so that every claim has hard limits and no core idles
 * while one file's slow claims run:
 * - each file's front end (parsing and elaboration) is one task, under its own
 *   time limit; it lists the file's items;
 * - each item (claim, calc, theorem) is then one task, scheduled longest first: by
 *   the previous run's time when the caller has it (`costs`), else by a guess from
 *   its shape (quantified and stepped items first); ties keep file order;
 * - AFFINITY: among the items at least half as long as the longest waiting, a lane
 *   takes the longest from a file it has already worked on, whose program it has
 *   elaborated and whose shared subterms its kernel has memoised (the exact checks of
 *   the corpus: about 5% less CPU than the plain order, and less wall time), and
 *   whose integrals at the points its claims share the witness has kept (SHARED
 *   INTEGRALS, verify/eval/shared-integrals.ts);
 * - time: the checker's own deadline is cooperative (checked between obligations);
 *   here an item that runs past its limit (by more than HARD_GRACE_MS) is stopped by
 *   terminating its worker, whatever it is doing;
 * - memory: each worker runs with a heap cap (resourceLimits); running out is an
 *   ERROR for the item, not a crash of the run.
 * The item that was running becomes a located ERROR naming the limit and the phase
 * ("time limit of 10 s reached in the numeric witness"), and a fresh worker takes
 * the lane's next task. A worker keeps the programs it has elaborated, so an item
 * task re-runs the front end only on a worker that has not seen the file.
 *
 * Reports do not depend on the schedule: each item's check is independent of what
 * ran before it on the same worker, and a file's items are sorted by position.
 */
import { Worker } from 'node:worker_threads';
import type { SourceFile } from '../proofs/ast.ts';
import type { CheckOptions } from '../proofs/run.ts';
import type { FileReport, ItemReport } from '../proofs/report.ts';
import type { ItemInfo, Job, WorkerMessage } from './worker.ts';
import { errorAt, formatDiagnostic } from '../proofs/diagnostics.ts';
import { lineStarts, lineText } from '../proofs/source.ts';

/** How long a worker may take to start before its first task counts as stopped by the time limit. */
const STARTUP_LIMIT_MS = 60_000;

/** A claim is stopped this long after its time limit (the promise: no overrun above 1 s). */
export const HARD_GRACE_MS = 500;

/** Default heap cap of a checking worker, in MB. */
export const DEFAULT_MAX_MEMORY_MB = 1024;

export interface Progress {
  (event: { file: string; done: number; total: number; current?: string }): void;
}

/**
 * Previous run times of items, in ms, by `costKey(file, item)`; the scheduler
 * starts the longest first. Missing entries are guessed from the item's shape.
 */
export type Costs = ReadonlyMap<string, number>;

/** The key of an item in `Costs`: its file and its name, or its line when unnamed. */
export function costKey(file: string, item: { readonly name?: string; readonly line: number }): string {
  return `${file}\u0000${item.name ?? `line ${item.line}`}`;
}

/**
 * The worker's entry module. Compiled (dist/cli/pool.js) it is the compiled
 * worker beside it, run by plain node. From the TypeScript sources (the test
 * suite, `npm run proofcheck`) it is a bootstrap that registers tsx first, since
 * workers do not inherit the main thread's loader hooks; tsx is a devDependency.
 */
export function workerUrl(self: string = import.meta.url): URL {
  return self.endsWith('.js') ? new URL('./worker.js', self) : new URL('./worker-entry.dev.mjs', self);
}

function spawn(maxMemoryMb: number): Worker {
  return new Worker(workerUrl(), { resourceLimits: { maxOldGenerationSizeMb: maxMemoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(4, maxMemoryMb >> 4)) } });
}

/** `10 s`, `0.5 s`. */
function seconds(ms: number): string {
  return `${ms / 1000} s`;
}

/** `file:line:col: error: message` with the source line and a caret under the item's first line. */
function locate(file: SourceFile, line: number, col: number, message: string, code = 'check/timeout'): string {
  const start = (lineStarts(file)[line - 1] ?? 0) + col - 1;
  const end = start + Math.max(1, lineText(file, line).length - (col - 1));
  return formatDiagnostic(errorAt(file, { start, end }, code, message));
}

/** A guess of an item's relative cost when no previous time is known. */
function guessCost(item: ItemInfo): number {
  return 1 + 4 * item.quantified + item.steps / 4 + (item.kind === 'theorem' ? 2 : 0);
}

/**
 * AFFINITY (module header): the index in `waiting` (sorted longest first) of the item a
 * lane that has worked on the files `seen` takes next: the longest from a seen file
 * among those at least half as long as the longest, else the longest.
 */
export function pickItem(waiting: readonly { readonly cost: number; readonly file: number }[], seen: ReadonlySet<number>): number {
  const floor = waiting[0]!.cost / 2;
  const i = waiting.findIndex((t) => t.cost >= floor && seen.has(t.file));
  return i < 0 ? 0 : i;
}

/** What is known of one file while its tasks run. */
interface FileState {
  readonly file: SourceFile;
  readonly items: ItemReport[];
  errors: string[];
  title?: string;
  source?: string;
  math?: FileReport['math'];
  /** Items selected for checking (known once the front end has run). */
  total: number;
  /** Item tasks not yet finished. */
  pending: number;
  /** Front end and items, as CPU time spent in workers. */
  timeMs: number;
  frontDone: boolean;
}

type Task =
  | { readonly type: 'front'; readonly file: number }
  | { readonly type: 'item'; readonly file: number; readonly info: ItemInfo; readonly cost: number };

/** ITEM CACHE (item-keys.ts): item reports stored by the item's content key. */
export interface ItemCache {
  get(file: SourceFile, content: string): ItemReport | undefined;
  /** Stores a freshly checked item's report (the cache decides whether it may). */
  set(file: SourceFile, content: string, report: ItemReport): void;
}

/**
 * Checks files on at most `jobs` long-lived workers, preserving the order of files
 * in the result. `costs` (previous item times) orders the work longest first. With
 * `itemCache`, an item whose content key is stored is not checked again: its stored
 * report (marked cached) takes its place, and every fresh report is stored.
 */
export function checkFiles(files: readonly SourceFile[], opts: CheckOptions, jobs: number, progress?: Progress, costs?: Costs, itemCache?: ItemCache): Promise<FileReport[]> {
  const limit = opts.limits.timeoutMs;
  const frontLimit = opts.limits.frontEndTimeoutMs ?? limit;
  const memory = opts.limits.maxMemoryMb ?? DEFAULT_MAX_MEMORY_MB;
  const states: FileState[] = files.map((file) => ({ file, items: [], errors: [], total: 0, pending: 0, timeMs: 0, frontDone: false }));
  // Front ends first (in file order), then items, the costliest first.
  const fronts: Task[] = files.map((_f, file) => ({ type: 'front', file }));
  const items: Extract<Task, { type: 'item' }>[] = [];
  let order = 0;
  const ranks = new Map<Task, number>();
  const enqueue = (t: Extract<Task, { type: 'item' }>): void => {
    ranks.set(t, order++);
    items.push(t);
    items.sort((a, b) => b.cost - a.cost || ranks.get(a)! - ranks.get(b)!);
  };
  /** The next task of a lane that has worked on the files `seen`: front ends first, then pickItem. */
  const nextTask = (seen: ReadonlySet<number>): Task | undefined => {
    const front = fronts.shift();
    if (front || items.length === 0) return front;
    return items.splice(pickItem(items, seen), 1)[0];
  };
  const lanes = Math.max(1, jobs);
  /** Lanes with nothing to do while some front end may still list items. */
  let parked: (() => void)[] = [];
  const wake = (): void => {
    const waiting = parked;
    parked = [];
    for (const resume of waiting) resume();
  };

  return new Promise((resolve) => {
    if (files.length === 0) {
      resolve([]);
      return;
    }
    let running = lanes;
    const report = (s: FileState): FileReport => {
      s.items.sort((a, b) => a.line - b.line || a.col - b.col);
      return { file: s.file.name, title: s.title, source: s.source, items: s.items, errors: s.errors, timeMs: s.timeMs, ...(s.math ? { math: s.math } : {}) };
    };
    const laneDone = (): void => {
      if (--running === 0) resolve(states.map(report));
    };
    const fileProgress = (s: FileState, current?: string): void => {
      progress?.({ file: s.file.name, done: s.items.length, total: s.total, ...(current !== undefined ? { current } : {}) });
    };

    /** One lane: a worker (replaced after a hard limit) taking tasks until none is left. */
    const lane = (): void => {
      /** The files this lane's workers have elaborated (AFFINITY). */
      const seen = new Set<number>();
      let worker: Worker | undefined;
      let timer: NodeJS.Timeout | undefined;
      let task: Task | undefined;
      let started: Extract<WorkerMessage, { type: 'started' }> | undefined;
      let phase = '';
      let t0 = 0;
      const disarm = (): void => {
        if (timer) clearTimeout(timer);
        timer = undefined;
      };
      const arm = (ms: number): void => {
        disarm();
        timer = setTimeout(() => stop('time'), ms + HARD_GRACE_MS);
      };
      const retire = (): void => {
        disarm();
        const w = worker;
        worker = undefined;
        if (w) {
          w.removeAllListeners();
          w.on('error', () => {});
          void w.terminate();
        }
      };
      const elapsed = (): number => performance.now() - t0;
      /** The running task is over: take the next one, or end the lane. */
      const next = (): void => {
        task = nextTask(seen);
        if (task) seen.add(task.file);
        started = undefined;
        if (!task && states.some((s) => !s.frontDone)) {
          parked.push(next);
          return;
        }
        if (!task) {
          retire();
          laneDone();
          return;
        }
        if (!worker) start();
        const s = states[task.file]!;
        t0 = performance.now();
        // The front end's limit is armed when the worker reports that phase, so a
        // fresh worker's start-up (loading its code) never counts against a script;
        // until then a generous start-up limit stops a worker that never starts.
        phase = 'the front end (parsing and elaboration)';
        arm(frontLimit + STARTUP_LIMIT_MS);
        worker!.postMessage(task.type === 'front'
          ? { type: 'front', fileId: task.file, file: s.file, opts } satisfies Job
          : { type: 'item', fileId: task.file, file: s.file, opts, index: task.info.index } satisfies Job);
      };
      const itemFinished = (s: FileState): void => {
        s.pending--;
        fileProgress(s);
      };
      /** The running task hit a hard limit: record it, replace the worker, go on. */
      const stop = (what: 'time' | 'memory'): void => {
        const t = task;
        if (!t) return;
        retire();
        const s = states[t.file]!;
        const took = elapsed();
        s.timeMs += took;
        const limitText = what === 'time' ? `time limit of ${seconds(started ? limit : frontLimit)}` : `memory limit of ${memory} MB`;
        const hint = what === 'time' ? 'raise --timeout to allow more' : 'raise --max-memory to allow more';
        const summary = `${what === 'time' ? 'limit/time' : 'limit/memory'}: ${limitText} reached in ${phase} (${hint})`;
        const code = what === 'time' ? 'check/timeout' : 'check/memory';
        if (t.type === 'front') {
          s.errors = [...s.errors, locate(s.file, 1, 1, `the file was not checked: ${summary}`, code)];
          s.frontDone = true;
          wake();
        } else {
          const m = t.info;
          s.items.push({
            kind: m.kind, name: m.name, line: m.line, col: m.col, grade: 'ERROR',
            summary, details: [locate(s.file, m.line, m.col, `the ${m.kind} was stopped: ${summary}`, code)], timeMs: what === 'time' ? limit : took, // the time it ran (was 0 for memory)
          });
          itemFinished(s);
        }
        next();
      };
      /** The worker failed outside any item's own error handling: an error of the file, not a crash of the run. */
      const fail = (message: string): void => {
        const t = task;
        retire();
        if (!t) return;
        const s = states[t.file]!;
        const where = t.type === 'item' ? ` (while checking ${t.info.name ?? `line ${t.info.line}`})` : '';
        s.errors = [...s.errors, `${s.file.name}: internal error${where}: ${message}`];
        if (t.type === 'item') itemFinished(s);
        else {
          s.frontDone = true;
          wake();
        }
        next();
      };
      const start = (): void => {
        const w = spawn(memory);
        worker = w;
        w.on('message', (m: WorkerMessage) => {
          const t = task;
          if (!t || w !== worker) return;
          const s = states[t.file]!;
          switch (m.type) {
            case 'phase':
              phase = m.phase;
              if (!started && m.phase.startsWith('the front end')) arm(frontLimit);
              break;
            case 'front': {
              disarm();
              s.timeMs += elapsed();
              s.errors = [...s.errors, ...m.errors];
              s.title = m.title;
              s.source = m.source;
              // Markdown posts: unreadable display math is an ERROR item; each block is listed.
              if (m.markdown) {
                s.items.push(...m.markdown.items);
                s.math = m.markdown.math;
              }
              s.total = s.items.length + m.items.length;
              s.frontDone = true;
              for (const info of m.items) {
                const stored = info.content !== undefined ? itemCache?.get(s.file, info.content) : undefined;
                if (stored) s.items.push(stored);
                else {
                  s.pending++;
                  enqueue({ type: 'item', file: t.file, info, cost: costs?.get(costKey(s.file.name, info)) ?? guessCost(info) });
                }
              }
              fileProgress(s);
              wake();
              next();
              break;
            }
            case 'started':
              started = m;
              phase = 'exact checking';
              fileProgress(s, m.name ?? `line ${m.line}`);
              arm(limit);
              break;
            case 'item':
              disarm();
              s.timeMs += elapsed();
              s.items.push(m.report);
              if (t.type === 'item' && t.info.content !== undefined) itemCache?.set(s.file, t.info.content, m.report);
              itemFinished(s);
              next();
              break;
            case 'crash':
              fail(m.message);
              break;
          }
        });
        w.on('error', (err) => {
          if (w !== worker) return;
          if ((err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') stop('memory');
          else fail(err.message);
        });
        w.on('exit', () => {
          if (w === worker && task) fail('the checking worker exited unexpectedly');
        });
      };
      next();
    };
    for (let i = 0; i < lanes; i++) lane();
  });
}

/** Checks one file (its claims on one worker, under the same hard limits). */
export async function checkFileInWorker(file: SourceFile, opts: CheckOptions, progress?: Progress): Promise<FileReport> {
  return (await checkFiles([file], opts, 1, progress))[0]!;
}
