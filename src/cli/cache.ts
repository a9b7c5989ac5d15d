/**
 * The content-hash cache of verdicts: a file's report is reused when nothing that
 * could change a verdict changed. The key hashes the script's name and text, the
 * engine (package version and a hash of the engine's own code, so a development
 * checkout that edits the kernel never reuses a stale verdict) and every option
 * that affects verdicts (limits and time limit, seed, runs, replay path, numeric
 * witness on or off, filter, required grade). Reports that depend on the machine's
 * speed (a claim that timed out) or that show an engine inconsistency are never
 * stored. Entries are JSON files written atomically (temporary file + rename), so
 * parallel runs cannot read half an entry; an unreadable entry is a miss.
 *
 * Within a script that changed, each item's verdict is reused on its own when neither
 * its text nor anything else it depends on changed (ITEM CACHE, item-keys.ts).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceFile } from '../proofs/ast.ts';
import type { CheckOptions } from '../proofs/run.ts';
import type { FileReport, ItemReport, Requirement } from '../proofs/report.ts';
import { costKey } from './pool.ts';

/** The default cache folder, as other tools keep theirs (find-cache-dir). */
export const DEFAULT_CACHE_DIR = join('node_modules', '.cache', 'proofcheck');

/** Bumped when the entry format changes. */
const FORMAT = 1;

let engineHash: string | undefined;

/** A hash of the engine's code: every .ts/.js/.mjs file under the package's src (or dist) folder. */
export function engineFingerprint(): string {
  if (engineHash) return engineHash;
  const root = fileURLToPath(new URL('..', import.meta.url));
  const h = createHash('sha256');
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|js|mjs)$/.test(name)) h.update(name).update('\u0000').update(readFileSync(p)).update('\u0000');
    }
  };
  walk(root);
  engineHash = h.digest('hex');
  return engineHash;
}

/** Every option that affects verdicts, as the keys hash it. */
function verdictOptions(opts: CheckOptions, requirement: Requirement): unknown {
  return { limits: opts.limits, numeric: opts.numeric, filter: opts.filter?.patterns ?? [], requireChecked: opts.requireChecked ?? false, strictRules: opts.strictRules ?? false, requirement };
}

/** The cache key of a script under the given options and engine version. */
export function cacheKey(file: SourceFile, opts: CheckOptions, requirement: Requirement, version: string): string {
  return createHash('sha256')
    .update(JSON.stringify([FORMAT, version, engineFingerprint(), file.name, file.text, verdictOptions(opts, requirement)]))
    .digest('hex');
}

/**
 * The cache key of one item (ITEM CACHE, item-keys.ts): its content key (the item's
 * text and position and the rest of its script), with the script's name, the options,
 * the engine and the version, as for a script.
 */
export function itemCacheKey(fileName: string, content: string, opts: CheckOptions, requirement: Requirement, version: string): string {
  return createHash('sha256')
    .update(JSON.stringify([FORMAT, 'item', version, engineFingerprint(), fileName, content, verdictOptions(opts, requirement)]))
    .digest('hex');
}

/** Whether an item's report may be stored: its verdict does not depend on the machine's speed, nor shows an engine inconsistency. */
export function itemCacheable(it: ItemReport): boolean {
  return it.grade !== 'INCONSISTENT' && !/timed out|time limit|memory limit|internal error/.test(it.summary);
}

/** Whether a report may be stored: its verdicts do not depend on the machine's speed. */
export function cacheable(r: FileReport): boolean {
  return r.items.every(itemCacheable) && !r.errors.some((e) => /internal error|worker/.test(e));
}

export class VerdictCache {
  constructor(readonly dir: string) {}

  private path(key: string): string {
    return join(this.dir, `${key}.json`);
  }

  /** The stored report, marked cached, or undefined. Never throws. */
  get(key: string): FileReport | undefined {
    try {
      const entry = JSON.parse(readFileSync(this.path(key), 'utf8')) as { key: string; report: FileReport };
      if (entry.key !== key) return undefined;
      const r = entry.report;
      return { ...r, cached: true, items: r.items.map((it) => ({ ...it, cached: true })) };
    } catch {
      return undefined;
    }
  }

  /** Stores a report (if cacheable). A cache that cannot be written is skipped silently: it only saves time. */
  set(key: string, report: FileReport): void {
    if (!cacheable(report)) return;
    writeAtomically(this.dir, this.path(key), JSON.stringify({ key, report }));
  }

  /** A stored item report (ITEM CACHE), marked cached, or undefined. Never throws. */
  getItem(key: string): ItemReport | undefined {
    try {
      const entry = JSON.parse(readFileSync(this.path(key), 'utf8')) as { key: string; item: ItemReport };
      if (entry.key !== key || typeof entry.item !== 'object' || entry.item === null) return undefined;
      return { ...entry.item, cached: true };
    } catch {
      return undefined;
    }
  }

  /** Stores an item report (if cacheable). */
  setItem(key: string, item: ItemReport): void {
    if (!itemCacheable(item)) return;
    writeAtomically(this.dir, this.path(key), JSON.stringify({ key, item }));
  }

  private get costsPath(): string {
    return join(this.dir, 'item-times.json');
  }

  /**
   * The item times of earlier runs (ms, by costKey), which the pool uses to start
   * the longest items first. Scheduling only: a verdict never depends on them.
   */
  costs(): Map<string, number> {
    try {
      const entry = JSON.parse(readFileSync(this.costsPath, 'utf8')) as { format: number; times: Record<string, number> };
      if (entry.format !== FORMAT) return new Map();
      return new Map(Object.entries(entry.times).filter(([, ms]) => typeof ms === 'number' && Number.isFinite(ms)));
    } catch {
      return new Map();
    }
  }

  /** Records the item times of freshly checked reports beside the earlier ones. */
  recordCosts(reports: readonly FileReport[]): void {
    const times = Object.fromEntries(this.costs());
    for (const r of reports) for (const it of r.items) if (!it.cached) times[costKey(r.file, it)] = Math.round(it.timeMs);
    writeAtomically(this.dir, this.costsPath, JSON.stringify({ format: FORMAT, times }));
  }
}

/** Writes a file through a temporary one and a rename; a cache that cannot be written is skipped silently. */
function writeAtomically(dir: string, path: string, text: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch {
    // read-only or full disk: run without the cache
  }
}
