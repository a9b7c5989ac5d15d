/**
 * SHARED INTEGRALS (src/verify/eval/shared-integrals.ts): an integral in doubles met
 * again at the same point, in the same claim or a later one on the same worker, is read
 * from the store. Observably a fresh evaluation: the reports are the same with and
 * without the store, in any order of the claims, under a work budget that runs out;
 * and a planted key that drops the variables' declarations makes a report differ.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { check, DEFAULT_OPTIONS, type CheckOptions } from '../../../src/proofs/run.ts';
import { setSharedIntegrals, sharedIntegral, sharedIntegralCounts } from '../../../src/verify/eval/shared-integrals.ts';
import { makeContext, makeEnv } from '../../../src/verify/eval/evaluate.ts';
import * as h from '../helpers.ts';
import { withoutTimings } from '../../../src/proofs/timings.ts';

const opts = (runs: number, budget?: number): CheckOptions => ({ ...DEFAULT_OPTIONS, numeric: { ...DEFAULT_OPTIONS.numeric, runs, ...(budget !== undefined ? { budget } : {}) } });

/** The numeric part of each item's report, and the report without timings. */
function run(text: string, o: CheckOptions): string {
  const r = check(text, 'shared.proof', o);
  return JSON.stringify(withoutTimings({ files: [r] } as never));
}

// Claims about one Gaussian weight at the same points (the same variables and seed): E[x] in each.
const family = [
  'var a in (-2, 2), b in (1/2, 2)',
  'claim mass: integral(x = -inf..inf, exp(-b*(x - a)^2)) = sqrt(pi/b)',
  'claim mean: integral(x = -inf..inf, x*exp(-b*(x - a)^2)) = a*sqrt(pi/b)',
  'claim twice: 2*integral(x = -inf..inf, x*exp(-b*(x - a)^2)) = 2*a*sqrt(pi/b)',
  'claim both: integral(x = -inf..inf, x*exp(-b*(x - a)^2)) + integral(x = -inf..inf, exp(-b*(x - a)^2)) = (a + 1)*sqrt(pi/b)',
  'claim off: integral(x = -inf..inf, x*exp(-b*(x - a)^2)) = a*sqrt(pi/b)*(1 + 10^-6)',
  '',
].join('\n');

afterEach(() => setSharedIntegrals(true));

describe('SHARED INTEGRALS', () => {
  it('the same report with and without the store, and the store is used', () => {
    setSharedIntegrals(false);
    const fresh = run(family, opts(200));
    setSharedIntegrals(true);
    const shared = run(family, opts(200));
    expect(shared).toBe(fresh);
    expect(sharedIntegralCounts.hits).toBeGreaterThan(500); // mean, twice, both and off read mass's and mean's
    expect(fresh).toMatch(/REFUTED|UNDECIDED/); // 'off' still fails
  });

  it('a claim checked after others reports what it reports alone', () => {
    // the claim's report but its position
    const last = (text: string): unknown => {
      const { line, endLine, ...rest } = JSON.parse(text).files[0].items.at(-1);
      return rest;
    };
    setSharedIntegrals(true);
    const alone = last(run(['var a in (-2, 2), b in (1/2, 2)', 'claim both: integral(x = -inf..inf, x*exp(-b*(x - a)^2)) + integral(x = -inf..inf, exp(-b*(x - a)^2)) = (a + 1)*sqrt(pi/b)', ''].join('\n'), opts(200)));
    const after = last(run(family.split('\n').filter((l) => !l.startsWith('claim off')).join('\n'), opts(200)));
    expect(after).toEqual(alone);
  });

  it('a work budget runs out at the same run with and without the store', () => {
    setSharedIntegrals(false);
    const fresh = run(family, opts(1000, 400_000));
    setSharedIntegrals(true);
    const shared = run(family, opts(1000, 400_000));
    expect(fresh).toMatch(/incomplete|budget/);
    expect(shared).toBe(fresh);
  });

  it('planted: a key without the declarations reads an integer variable\'s integral for a real one', () => {
    // n*n + 1 - n*n is 1 in exact integer arithmetic (n declared an integer) and 0 or 2 in doubles past 2^53
    const withInt = ['var n in {94906267}', 'claim one: integral(x = -inf..inf, exp(-x^2)*(n*n + 1 - n*n)) = sqrt(pi)', ''].join('\n');
    // the real interval's sampler draws its midpoint, 94906267, among its simple values
    const withReal = ['var n in (94906266, 94906268)', 'claim one: integral(x = -inf..inf, exp(-x^2)*(n*n + 1 - n*n)) = sqrt(pi)', ''].join('\n');
    setSharedIntegrals(false);
    const fresh = run(withReal, opts(100));
    for (const plant of [false, true]) {
      setSharedIntegrals(true, plant);
      run(withInt, opts(100));
      const after = run(withReal, opts(100));
      if (plant) expect(after).not.toBe(fresh);
      else expect(after).toBe(fresh);
    }
  });
});

describe('SHARED INTEGRALS replay the context', () => {
  it('a hit charges the steps and counts the overflows and unknown values of the evaluation it stands for', () => {
    setSharedIntegrals(true);
    const gauss = { kind: 'integral', index: 'x', lo: '-inf', hi: 'inf', body: h.exp(h.neg(h.pow(h.ix('x'), h.n(2)))), span: { start: 0, end: 0 } } as const;
    const first = makeContext(new Map());
    first.work = { left: 1000 };
    const v = sharedIntegral(gauss, makeEnv(), first, () => {
      first.work!.left -= 7;
      first.rangeLost = (first.rangeLost ?? 0) + 2;
      first.rangeUnknown = (first.rangeUnknown ?? 0) + 1;
      return { x: 1.5, m: 1.5, e: 0 };
    });
    const second = makeContext(new Map());
    second.work = { left: 1000 };
    const w = sharedIntegral(gauss, makeEnv(), second, () => { throw new Error('not read from the store'); });
    expect(w).toEqual(v);
    expect([second.work.left, second.rangeLost, second.rangeUnknown]).toEqual([993, 2, 1]);
    // with too little budget left, the integral is evaluated again (and throws at its node)
    const poor = makeContext(new Map());
    poor.work = { left: 3 };
    expect(() => sharedIntegral(gauss, makeEnv(), poor, () => { throw new Error('evaluated'); })).toThrow('evaluated');
  });
});
