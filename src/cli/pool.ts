/**
 * Runs files through worker threads so that every claim has hard limits:
 * - time: the checker's own deadline is cooperative (checked between obligations);
 *   here a claim that runs past its limit (by more than HARD_GRACE_MS) is stopped by
 *   terminating its worker, whatever it is doing, and the front end (parsing and
 *   elaboration) has its own per-file limit;
 * - memory: each worker runs with a heap cap (resourceLimits); running out is an
 *   ERROR for the claim, not a crash of the run.
 * The item that was running becomes a located ERROR naming the limit and the phase
 * ("time limit of 10 s reached in the numeric witness"), and the file resumes with
 * the next item in a fresh worker.
 */
import { Worker } from 'node:worker_threads';
import type { SourceFile } from '../proofs/ast.ts';
import type { CheckOptions } from '../proofs/run.ts';
import type { FileReport, ItemReport } from '../proofs/report.ts';
import type { Job, WorkerMessage } from './worker.ts';
import { errorAt, formatDiagnostic } from '../proofs/diagnostics.ts';
import { lineStarts, lineText } from '../proofs/source.ts';

/** A claim is stopped this long after its time limit (the promise: no overrun above 1 s). */
export const HARD_GRACE_MS = 500;

/** Default heap cap of a checking worker, in MB. */
export const DEFAULT_MAX_MEMORY_MB = 1024;

export interface Progress {
  (event: { file: string; done: number; total: number; current?: string }): void;
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

/** Checks one file in a worker, killing and replacing the worker when an item overruns a limit. */
export function checkFileInWorker(file: SourceFile, opts: CheckOptions, progress?: Progress): Promise<FileReport> {
  const t0 = performance.now();
  const items: ItemReport[] = [];
  let errors: string[] = [];
  let title: string | undefined;
  let source: string | undefined;
  let math: FileReport['math'];
  let total = 0;
  const limit = opts.limits.timeoutMs;
  const frontLimit = opts.limits.frontEndTimeoutMs ?? limit;
  const memory = opts.limits.maxMemoryMb ?? DEFAULT_MAX_MEMORY_MB;
  return new Promise((resolve) => {
    const run = (startItem: number): void => {
      const worker = spawn(memory);
      let timer: NodeJS.Timeout | undefined;
      let current: Extract<WorkerMessage, { type: 'started' }> | undefined;
      let phase = 'the front end (parsing and elaboration)';
      let finished = false;
      const done = (): void => {
        items.sort((a, b) => a.line - b.line || a.col - b.col);
        resolve({ file: file.name, title, source, items, errors, timeMs: performance.now() - t0, ...(math ? { math } : {}) });
      };
      const finish = (): void => {
        finished = true;
        if (timer) clearTimeout(timer);
        void worker.terminate();
        done();
      };
      /** The running item (or the front end) hit a hard limit: record it, go on with the next item. */
      const stop = (what: 'time' | 'memory'): void => {
        if (finished) return;
        finished = true;
        if (timer) clearTimeout(timer);
        void worker.terminate();
        const limitText = what === 'time' ? `time limit of ${seconds(current ? limit : frontLimit)}` : `memory limit of ${memory} MB`;
        const hint = what === 'time' ? 'raise --timeout to allow more' : 'raise --max-memory to allow more';
        const summary = `${what === 'time' ? 'limit/time' : 'limit/memory'}: ${limitText} reached in ${phase} (${hint})`;
        const code = what === 'time' ? 'check/timeout' : 'check/memory';
        const m = current;
        if (!m) {
          errors = [...errors, locate(file, 1, 1, `the file was not checked: ${summary}`, code)];
          done();
          return;
        }
        items.push({
          kind: m.kind, name: m.name, line: m.line, col: m.col, grade: 'ERROR',
          summary, details: [locate(file, m.line, m.col, `the ${m.kind} was stopped: ${summary}`, code)], timeMs: what === 'time' ? limit : 0,
        });
        if (m.index + 1 < total) run(m.index + 1);
        else done();
      };
      const arm = (ms: number): void => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => stop('time'), ms + HARD_GRACE_MS);
      };
      worker.on('message', (m: WorkerMessage) => {
        if (finished) return;
        switch (m.type) {
          case 'phase':
            phase = m.phase;
            // The front end's limit starts when the worker's code is loaded and it begins parsing.
            if (!current && m.phase.startsWith('the front end')) arm(frontLimit);
            break;
          case 'front':
            errors = m.errors;
            title = m.title;
            source = m.source;
            total = m.count;
            // Markdown posts: unreadable display math is an ERROR item; each block is listed.
            if (m.markdown && startItem === 0) items.push(...m.markdown.items);
            if (m.markdown) math = m.markdown.math;
            if (timer) clearTimeout(timer);
            break;
          case 'started':
            current = m;
            phase = 'exact checking';
            progress?.({ file: file.name, done: items.length, total, current: m.name ?? `line ${m.line}` });
            arm(limit);
            break;
          case 'item':
            if (timer) clearTimeout(timer);
            current = undefined;
            items.push(m.report);
            progress?.({ file: file.name, done: items.length, total });
            break;
          case 'done':
            finish();
            break;
          case 'crash':
            errors = [...errors, `${file.name}: internal error while checking: ${m.message}`];
            finish();
            break;
        }
      });
      worker.on('error', (err) => {
        if (finished) return;
        if ((err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
          stop('memory');
          return;
        }
        const where = current ? ` (while checking ${current.name ?? `line ${current.line}`})` : '';
        errors = [...errors, `${file.name}: internal error${where}: ${err.message}`];
        finish();
      });
      worker.on('exit', () => {
        if (!finished) {
          errors = [...errors, `${file.name}: the checking worker exited unexpectedly`];
          finish();
        }
      });
      worker.postMessage({ file, opts, startItem } satisfies Job);
    };
    run(0);
  });
}

/** Checks files with at most `jobs` workers at once, preserving the order of files in the result. */
export async function checkFiles(files: readonly SourceFile[], opts: CheckOptions, jobs: number, progress?: Progress): Promise<FileReport[]> {
  const results: FileReport[] = new Array(files.length);
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(jobs, files.length)) }, async () => {
    while (next < files.length) {
      const i = next++;
      results[i] = await checkFileInWorker(files[i]!, opts, progress);
    }
  });
  await Promise.all(lanes);
  return results;
}
