/**
 * Runs files through worker threads so that every claim has a hard time limit:
 * the checker's own deadline is cooperative (checked between obligations), and a
 * kernel computation that never returns is stopped here by terminating its worker.
 * The item that was running becomes an ERROR and the file resumes with the next
 * item in a fresh worker.
 */
import { Worker } from 'node:worker_threads';
import type { SourceFile } from '../proofs/ast.ts';
import type { CheckOptions } from '../proofs/run.ts';
import type { FileReport, ItemReport } from '../proofs/report.ts';
import type { Job, WorkerMessage } from './worker.ts';
import { errorAt, formatDiagnostic } from '../proofs/diagnostics.ts';
import { lineStarts, lineText } from '../proofs/source.ts';

/** Extra time a worker gets beyond twice the per-claim limit before it is killed. */
const GRACE_MS = 5000;

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

function spawn(): Worker {
  return new Worker(workerUrl());
}

/** `file:line:col: error: message` with the source line and a caret under the item's first line. */
function locate(file: SourceFile, line: number, col: number, message: string): string {
  const start = (lineStarts(file)[line - 1] ?? 0) + col - 1;
  const end = start + Math.max(1, lineText(file, line).length - (col - 1));
  return formatDiagnostic(errorAt(file, { start, end }, 'check/timeout', message));
}

/** Checks one file in a worker, killing and replacing the worker when an item overruns. */
export function checkFileInWorker(file: SourceFile, opts: CheckOptions, progress?: Progress): Promise<FileReport> {
  const t0 = performance.now();
  const items: ItemReport[] = [];
  let errors: string[] = [];
  let title: string | undefined;
  let source: string | undefined;
  let math: FileReport['math'];
  let total = 0;
  return new Promise((resolve) => {
    const run = (startItem: number): void => {
      const worker = spawn();
      let timer: NodeJS.Timeout | undefined;
      let current: Extract<WorkerMessage, { type: 'started' }> | undefined;
      let finished = false;
      const finish = (): void => {
        finished = true;
        if (timer) clearTimeout(timer);
        void worker.terminate();
        items.sort((a, b) => a.line - b.line || a.col - b.col);
        resolve({ file: file.name, title, source, items, errors, timeMs: performance.now() - t0, ...(math ? { math } : {}) });
      };
      worker.on('message', (m: WorkerMessage) => {
        switch (m.type) {
          case 'front':
            errors = m.errors;
            title = m.title;
            source = m.source;
            total = m.count;
            // Markdown posts: unreadable display math is an ERROR item; each block is listed.
            if (m.markdown && startItem === 0) items.push(...m.markdown.items);
            if (m.markdown) math = m.markdown.math;
            break;
          case 'started':
            current = m;
            progress?.({ file: file.name, done: items.length, total, current: m.name ?? `line ${m.line}` });
            if (timer) clearTimeout(timer);
            timer = setTimeout(() => {
              const limit = opts.limits.timeoutMs;
              const summary = `timed out: the claim ran past its time limit (${limit / 1000} s per witness; raise --timeout to allow more)`;
              items.push({
                kind: m.kind, name: m.name, line: m.line, col: m.col, grade: 'ERROR',
                summary, details: [locate(file, m.line, m.col, `the ${m.kind} was stopped: ${summary}`)], timeMs: 2 * limit + GRACE_MS,
              });
              finished = true;
              void worker.terminate();
              if (m.index + 1 < total) run(m.index + 1);
              else resolve({ file: file.name, title, source, items, errors, timeMs: performance.now() - t0, ...(math ? { math } : {}) });
            }, 2 * opts.limits.timeoutMs + GRACE_MS);
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
