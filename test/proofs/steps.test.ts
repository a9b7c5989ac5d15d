/**
 * Step verdicts: every step of a calc is checked and located, the calc's grade is
 * its weakest step's, a step the kernel cannot decide becomes TESTED with its item
 * when the numeric witness passes; and --filter's patterns.
 */
import { describe, expect, it } from 'vitest';
import { check, DEFAULT_OPTIONS } from '../../src/proofs/run.ts';
import { patternMatches, selects } from '../../src/proofs/filter.ts';
import { weakest } from '../../src/proofs/report.ts';

const opts = { ...DEFAULT_OPTIONS, numeric: { ...DEFAULT_OPTIONS.numeric, runs: 200 } };

describe('calc steps', () => {
  it('checks every step after a failure; each has its own grade and place; the calc takes the weakest', () => {
    const r = check('var x real\ncalc c:\n  (x + 1)^2\n    = x^2 + 2*x + 2   by algebra\n    = x^2 + 2*x + 2   by algebra\n    = x^2 + 2*x + 3   by algebra\n', 's.proof', opts);
    const it = r.items[0]!;
    expect(it.grade).toBe('REFUTED');
    expect(it.steps!.map((s) => [s.label, s.grade, s.line, s.col])).toEqual([
      ['step 1', 'REFUTED', 4, 5],
      ['step 2', 'PROVED', 5, 5],
      ['step 3', 'REFUTED', 6, 5],
    ]);
    expect(it.steps![0]!.left).toBe('(x + 1)^2');
    expect(it.steps![0]!.right).toBe('x^2 + 2*x + 2');
    expect(it.steps![2]!.counterexample?.method).toBe('exact');
    expect(it.summary).toBe('step 1 is false (2 of 3 steps do not pass)');
  });

  it('a step outside the kernel becomes TESTED with its calc when the numeric witness passes', () => {
    const r = check('var p in (0, 1)\ncalc c:\n  p*(1 - p)\n    = p - p^2   by algebra\n    <= 1/4      by positivity\n', 's.proof', opts);
    const it = r.items[0]!;
    expect(it.grade).toBe('TESTED');
    expect(it.method).toBe('numeric witness');
    expect(it.steps!.map((s) => s.grade)).toEqual(['PROVED', 'TESTED']);
    expect(it.steps![1]!.method).toBe('numeric witness');
  });

  it('a chain claim reports each link at its own terms', () => {
    const r = check('var p in (0, 1)\nclaim b: 0 < p*(1 - p) < p^2\n', 's.proof', opts);
    const it = r.items[0]!;
    expect(it.grade).toBe('REFUTED');
    expect(it.steps!.map((s) => [s.label, s.grade, s.col, s.left, s.right])).toEqual([
      ['link 1 (<)', 'PROVED', 10, '0', 'p*(1 - p)'],
      ['link 2 (<)', 'REFUTED', 14, 'p*(1 - p)', 'p^2'],
    ]);
  });

  it('a proved calc has no failure details and names its methods', () => {
    const it = check('var x real\ncalc c:\n  (x + 1)^2\n    = x^2 + 2*x + 1   by algebra\n', 's.proof', opts).items[0]!;
    expect(it.grade).toBe('PROVED');
    expect(it.method).toBe('exp-log normal form');
    expect(it.steps).toHaveLength(1);
  });

  it('weakest: the lower of two grades', () => {
    expect(weakest('PROVED', 'TESTED')).toBe('TESTED');
    expect(weakest('REFUTED', 'UNDECIDED')).toBe('REFUTED');
    expect(weakest('ERROR', 'REFUTED')).toBe('ERROR');
    expect(weakest('PROVED_RANGE', 'PROVED')).toBe('PROVED_RANGE');
  });
});

describe('--filter patterns', () => {
  const t = { file: 'proofs/a.proof', name: 'bernoulli_mean', line: 10, endLine: 12 };
  it('matches names exactly or with *, and FILE:LINE inside the item', () => {
    expect(patternMatches('bernoulli_mean', t)).toBe(true);
    expect(patternMatches('bernoulli_*', t)).toBe(true);
    expect(patternMatches('bernoulli', t)).toBe(false);
    expect(patternMatches('b.c*', { ...t, name: 'bxc' })).toBe(false);
    expect(patternMatches('proofs/a.proof:11', t)).toBe(true);
    expect(patternMatches('a.proof:12', t)).toBe(true);
    expect(patternMatches('a.proof:13', t)).toBe(false);
    expect(patternMatches('b.proof:11', t)).toBe(false);
    expect(patternMatches('oofs/a.proof:11', t)).toBe(false);
    expect(selects(undefined, t)).toBe(true);
    expect(selects({ patterns: ['x', 'bern*'] }, t)).toBe(true);
  });
});
