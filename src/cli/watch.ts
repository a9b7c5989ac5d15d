/**
 * `--watch`: check, print, then re-check whenever a script changes (or one is
 * added or removed), until interrupted. Changes are found by polling the scripts'
 * size and modification time a few times a second, which also sees editors that
 * save by renaming a new file over the old one. A changed file is always checked
 * again (never taken whole from the cache), its unchanged items reused (ITEM CACHE,
 * item-keys.ts): an edit to one claim re-checks that claim. On a terminal each report
 * replaces the last (clear and redraw). Refuses to start under CI, where nobody would
 * stop it.
 */
import { statSync } from 'node:fs';
import { findScripts } from '../proofs/files.ts';
import type { RunReport } from '../proofs/report.ts';
import type { CliOptions } from './args.ts';
import { checkRun } from './session.ts';

/** How often the scripts are polled for changes, in milliseconds. */
const POLL_MS = 200;

function signature(path: string): string {
  try {
    const st = statSync(path);
    return `${st.size}:${st.mtimeMs}`;
  } catch {
    return 'gone';
  }
}

function snapshot(paths: readonly string[]): Map<string, string> {
  let files: string[];
  try {
    files = findScripts(paths);
  } catch {
    files = [];
  }
  return new Map(files.map((f) => [f, signature(f)]));
}

export interface WatchIo {
  /** Prints a report (already rendered) and the exit code it would have had. */
  readonly show: (report: RunReport, tty: boolean) => void;
  readonly version: string;
}

/** Runs until the process is interrupted. The promise resolves only if checking fails for a usage reason (exit 2). */
export async function watch(o: CliOptions, io: WatchIo): Promise<number> {
  const tty = Boolean(process.stdout.isTTY);
  let known = snapshot(o.paths);
  let fresh: Set<string> | undefined;
  for (;;) {
    try {
      const report = await checkRun(o, { version: io.version, fresh });
      if (tty) process.stdout.write('\u001b[2J\u001b[H');
      io.show(report, tty);
    } catch (err) {
      process.stdout.write(`proofcheck: ${(err as Error)?.message ?? String(err)}\n`);
    }
    process.stdout.write(`watching ${o.paths.join(', ')} for changes (Ctrl-C to stop)\n`);
    // Wait for a change: a script added, removed, or saved.
    for (;;) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      const now = snapshot(o.paths);
      const changed = new Set<string>();
      for (const [f, sig] of now) if (known.get(f) !== sig) changed.add(f);
      const removed = [...known.keys()].some((f) => !now.has(f));
      known = now;
      if (changed.size > 0 || removed) {
        fresh = changed;
        if (!tty) process.stdout.write(`\nchanged: ${[...changed].join(', ') || '(a script was removed)'}\n`);
        break;
      }
    }
  }
}
