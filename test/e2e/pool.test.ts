/**
 * The worker pool schedules claims, not files: items of one file run on several
 * workers, the costliest first, and the report does not depend on the schedule.
 */
import { describe, expect, it } from 'vitest';
import { checkFiles, costKey, pickItem } from '../../src/cli/pool.ts';
import { DEFAULT_OPTIONS, type CheckOptions } from '../../src/proofs/run.ts';
import type { FileReport } from '../../src/proofs/report.ts';

const opts: CheckOptions = { ...DEFAULT_OPTIONS, numeric: { ...DEFAULT_OPTIONS.numeric, runs: 50 } };

const files = [
  { name: 'a.proof', text: 'var x real\nclaim a1: (x + 1)^2 = x^2 + 2*x + 1\nclaim a2: x^2 + 1 > 0\nclaim a3: (x + 1)^2 = x^2 + 1\n' },
  { name: 'b.proof', text: 'var p in (0, 1)\nclaim b1: p*(1 - p) > 0\nclaim b2: for n in 1..5: coeff(1/(1 - p), p^n) = 1\n' },
  { name: 'broken.proof', text: 'var x real\nclaim c1: (x + = 1\n' },
];

/** A report without its timing figures. */
function strip(reports: FileReport[]): unknown {
  return reports.map((r) => ({ ...r, timeMs: 0, items: r.items.map((i) => ({ ...i, timeMs: 0 })) }));
}

describe('claim-level scheduling', () => {
  it('gives the same reports, in file order, with 1, 2 or 3 workers', async () => {
    const one = await checkFiles(files, opts, 1);
    expect(one.map((r) => r.file)).toEqual(['a.proof', 'b.proof', 'broken.proof']);
    expect(one[0]!.items.map((i) => `${i.name} ${i.grade}`)).toEqual(['a1 PROVED', 'a2 PROVED', 'a3 REFUTED']);
    expect(one[1]!.items.map((i) => `${i.name} ${i.grade}`)).toEqual(['b1 PROVED', 'b2 PROVED_RANGE']);
    expect(one[2]!.items).toEqual([]);
    expect(one[2]!.errors.join('\n')).toMatch(/broken\.proof:2:\d+: error/);
    for (const jobs of [2, 3]) expect(strip(await checkFiles(files, opts, jobs))).toEqual(strip(one));
  });

  it('starts the items with the largest previous time first, front ends before any item', async () => {
    const started: string[] = [];
    const costs = new Map([[costKey('a.proof', { name: 'a2', line: 3 }), 900], [costKey('b.proof', { name: 'b1', line: 2 }), 500]]);
    await checkFiles(files.slice(0, 2), opts, 1, (e) => {
      if (e.current) started.push(e.current);
    }, costs);
    // a2 and b1 have recorded times; the others are guessed (b2 is quantified, so first among them).
    expect(started).toEqual(['a2', 'b1', 'b2', 'a1', 'a3']);
  });

  it('a worker prefers a file it has checked among items at least half as long as the longest', () => {
    const waiting = [{ cost: 900, file: 0 }, { cost: 500, file: 1 }, { cost: 400, file: 1 }, { cost: 300, file: 2 }];
    expect(pickItem(waiting, new Set([1]))).toBe(1);
    expect(pickItem(waiting, new Set([2]))).toBe(0); // 300 is less than half of 900
    expect(pickItem(waiting, new Set([0, 1]))).toBe(0);
    expect(pickItem(waiting, new Set())).toBe(0);
    expect(pickItem([{ cost: 900, file: 0 }, { cost: 449, file: 1 }], new Set([1]))).toBe(0);
  });

  it('checks every claim of a single file on two workers, with progress to the end', async () => {
    const single = [{ name: 'many.proof', text: Array.from({ length: 6 }, (_, i) => `claim c${i}: ${i} + 1 = ${i + 1}`).join('\n') }];
    const progress: { done: number; total: number }[] = [];
    const [r] = await checkFiles(single, opts, 2, (e) => progress.push({ done: e.done, total: e.total }));
    expect(r!.items.map((i) => i.grade)).toEqual(Array(6).fill('PROVED'));
    expect(progress.at(-1)).toEqual({ done: 6, total: 6 });
  });
});
