import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { proveInequality, provePositivity, proveSeriesNonneg } from '../../../src/algebra/decide/positivity.ts';
import { diff } from '../../../src/algebra/decide/diff.ts';
import { enclose, isNonneg, isPositive } from '../../../src/algebra/enclosures/interval.ts';
import { Rational, q } from '../../../src/algebra/numbers/rational.ts';
import * as T from '../../../src/algebra/containers/term.ts';
import type { Assumptions, Bound, Term } from '../../../src/algebra/containers/term.ts';

const NONE: Assumptions = new Map();
const x = T.v('x');
const z = T.v('z');
const s = T.v('s');
const a = T.v('a');
const b = T.v('b');
const p = T.v('p');
const open = (v: string | number): Bound => ({ value: q(v), open: true });
const shut = (v: string | number): Bound => ({ value: q(v), open: false });
const asm = (...entries: [string, { lo?: Bound; hi?: Bound }][]): Assumptions => new Map(entries);
const sigma = (u: Term): Term => T.div(T.ONE, T.add(T.ONE, T.exp(T.neg(u))));
const AB = asm(['a', { lo: open(0) }], ['b', { lo: open(0) }]);

function proves(t: Term, goal: 'pos' | 'nonneg' | 'nonzero', A: Assumptions = NONE): void {
  const r = provePositivity(t, goal, A);
  expect(r.ok, r.ok ? '' : r.reason).toBe(true);
}

function blocked(t: Term, goal: 'pos' | 'nonneg' | 'nonzero', A: Assumptions = NONE): Term {
  const r = provePositivity(t, goal, A);
  expect(r.ok).toBe(false);
  if (r.ok) throw new Error('unreachable');
  return r.blocker;
}

describe('provePositivity: rules', () => {
  it('exp(x) > 0, e^x > 0, pi > 0', () => {
    proves(T.exp(x), 'pos');
    proves(T.pow(T.named('e'), x), 'pos');
    proves(T.named('pi'), 'pos');
  });
  it('x^2 >= 0, and x^2 > 0 only when x != 0', () => {
    proves(T.pow(x, 2), 'nonneg');
    expect(blocked(T.pow(x, 2), 'pos')).toEqual(x);
    proves(T.pow(x, 2), 'pos', asm(['x', { hi: open(0) }]));
    proves(T.add(T.pow(x, 2), T.ONE), 'pos');
    proves(T.add(T.pow(x, 2), T.ONE), 'nonzero');
  });
  it('sigmoid: 1/(1+exp(-z)) > 0 and 1 - 1/(1+exp(-z)) > 0', () => {
    proves(sigma(z), 'pos');
    proves(T.sub(T.ONE, sigma(z)), 'pos');
    proves(T.sub(T.num(2), T.mul(T.num(2), sigma(z))), 'pos');
    proves(T.sub(T.ONE, T.div(T.exp(z), T.add(T.ONE, T.exp(z)))), 'pos');
  });
  it('log u > 0 for u > 1, >= 0 for u >= 1, < 0 for 0 < u < 1', () => {
    proves(T.log(x), 'pos', asm(['x', { lo: open(1) }]));
    proves(T.log(x), 'nonneg', asm(['x', { lo: shut(1) }]));
    expect(provePositivity(T.log(x), 'pos', asm(['x', { lo: shut(1) }])).ok).toBe(false);
    proves(T.neg(T.log(x)), 'pos', asm(['x', { lo: open(0), hi: open(1) }]));
    proves(T.log(T.add(T.ONE, T.exp(z))), 'pos');
    proves(T.neg(T.log(sigma(z))), 'pos');
  });
  it('sqrt >= 0, abs >= 0, products and quotients of signed factors', () => {
    proves(T.sqrt(x), 'nonneg', asm(['x', { lo: shut(0) }]));
    proves(T.abs(x), 'nonneg');
    proves(T.div(T.mul(a, T.exp(x)), T.add(b, T.ONE)), 'pos', AB);
    proves(T.div(T.neg(a), T.neg(b)), 'pos', AB);
    proves(T.mul(T.num(-1), a, b, T.num(-3)), 'pos', AB);
  });
  it('(a + b) exp(-s) / (1 + exp(-s))^2 > 0 for a, b > 0', () => {
    proves(T.div(T.mul(T.add(a, b), T.exp(T.neg(s))), T.pow(T.add(T.ONE, T.exp(T.neg(s))), 2)), 'pos', AB);
  });
  it('the NCE second derivative is > 0 for a, b > 0 (via the normal form)', () => {
    const loss = T.sub(T.mul(T.neg(a), T.log(sigma(s))), T.mul(b, T.log(T.sub(T.ONE, sigma(s)))));
    const d2 = diff(loss, 's', 2);
    const r = provePositivity(d2, 'pos', AB);
    expect(r.ok, r.ok ? '' : r.reason).toBe(true);
    // without a, b > 0 it must not go through
    expect(provePositivity(d2, 'pos', NONE).ok).toBe(false);
  });
  it('the Bernoulli log-partition second derivative (variance) is > 0', () => {
    const A = T.log(T.add(T.ONE, T.exp(T.v('eta'))));
    proves(diff(A, 'eta', 2), 'pos');
  });
  it('interval fallback: x (1 - x) > 0 on (0, 1)', () => {
    proves(T.mul(x, T.sub(T.ONE, x)), 'pos', asm(['x', { lo: open(0), hi: open(1) }]));
  });
});

describe('provePositivity: must not prove', () => {
  it('x > 0 with no assumption (blocker x)', () => {
    expect(blocked(x, 'pos')).toEqual(x);
  });
  it('log(x) > 0 for x in (0, 2)', () => {
    const t = T.log(x);
    expect(blocked(t, 'pos', asm(['x', { lo: open(0), hi: open(2) }]))).toEqual(t);
  });
  it('x^3 >= 0 (blocker x)', () => {
    expect(blocked(T.pow(x, 3), 'nonneg')).toEqual(x);
  });
  it('1/x > 0 without x != 0, sqrt(x) >= 0 without x >= 0, log(x) with x possibly <= 0', () => {
    blocked(T.div(T.ONE, x), 'pos', asm(['x', { lo: shut(0) }]));
    blocked(T.sqrt(x), 'nonneg');
    blocked(T.log(x), 'nonneg', asm(['x', { lo: shut(0) }]));
  });
  it('x - 1 > 0 for x > 0; exp(x) - 1 > 0 unconstrained', () => {
    blocked(T.sub(x, T.ONE), 'pos', asm(['x', { lo: open(0) }]));
    blocked(T.sub(T.exp(x), T.ONE), 'pos');
  });
  it('never proves a sign that fails at a sampled point (property)', () => {
    // random sums of products of small signed pieces; whenever positivity says > 0, check points
    const atom = fc.constantFrom<Term>(x, T.exp(x), T.neg(x), T.pow(x, 2), T.num(-1), T.num(2), sigma(x), T.log(T.add(T.ONE, T.pow(x, 2))), T.sub(T.ONE, sigma(x)));
    const term = fc.array(fc.array(atom, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 })
      .map((ss) => T.add(...ss.map((f) => T.mul(...f))));
    const pts = [-3, -1, 0, 1, 2].map((n) => new Map([['x', Rational.of(n)]]));
    fc.assert(fc.property(term, (t) => {
      for (const goal of ['pos', 'nonneg'] as const) {
        if (!provePositivity(t, goal, NONE).ok) continue;
        for (const pt of pts) {
          const I = enclose(t, pt);
          if (goal === 'pos' && !isPositive(I) && I.hi!.value.sign() <= 0) return false;
          if (goal === 'nonneg' && !isNonneg(I) && I.hi!.value.sign() < 0) return false;
        }
      }
      return true;
    }), { numRuns: 150 });
  });
});

const L = T.log(T.div(T.ONE, T.sub(T.ONE, p)));
const UNIT: Assumptions = asm(['p', { lo: shut(0), hi: open(1) }]);
const fact = (n: number): bigint => (n <= 1 ? 1n : BigInt(n) * fact(n - 1));
const geometricSum = (j: number): Term => T.add(...Array.from({ length: j + 1 }, (_, i) => T.pow(p, i)));
const truncatedExpOfL = (j: number): Term =>
  T.add(...Array.from({ length: j + 1 }, (_, i) => T.mul(T.num(Rational.frac(1n, fact(i))), T.pow(L, i))));

describe('series rule', () => {
  for (let j = 0; j <= 10; j++) {
    it(`sum_{i<=${j}} p^i <= sum_{i<=${j}} L^i/i! on [0, 1)`, () => {
      const v = proveInequality(geometricSum(j), '<=', truncatedExpOfL(j), UNIT);
      expect(v.status, v.status === 'unknown' ? v.reason : '').toBe('proved');
    });
  }
  it('the nonnegative-coefficient class: log(1/(1-p)), 1/(1-p)^2, exp(L), -log(1 - p/2)', () => {
    for (const t of [L, T.pow(T.sub(T.ONE, p), -2), T.exp(L), T.mul(T.num(-1), T.log(T.sub(T.ONE, T.div(p, T.num(2)))))]) {
      const r = proveSeriesNonneg(t, 'p', UNIT);
      expect(r.ok, r.ok ? '' : r.reason).toBe(true);
    }
  });
  it('exp(p) >= 1 + p + p^2/2 on [0, inf) and 1/(1-p) >= 1 + p + p^2 on [0, 1)', () => {
    const half = asm(['p', { lo: shut(0) }]);
    expect(proveInequality(T.add(T.ONE, p, T.div(T.pow(p, 2), T.num(2))), '<=', T.exp(p), half).status).toBe('proved');
    expect(proveInequality(T.add(T.ONE, p, T.pow(p, 2)), '<=', T.div(T.ONE, T.sub(T.ONE, p)), UNIT).status).toBe('proved');
  });
  it('refuses a dominated coefficient: 1 + 2p <= 1 + L fails at [p^1]', () => {
    const r = proveSeriesNonneg(T.sub(T.add(T.ONE, L), T.add(T.ONE, T.mul(T.num(2), p))), 'p', UNIT);
    expect(r.ok).toBe(false);
    // ... and the search finds a genuine counterexample
    expect(proveInequality(T.add(T.ONE, T.mul(T.num(2), p)), '<=', T.add(T.ONE, L), UNIT).status).toBe('refuted');
  });
  it('refuses a domain beyond the radius and a domain reaching below 0', () => {
    expect(proveSeriesNonneg(L, 'p', asm(['p', { lo: shut(0), hi: open(2) }])).ok).toBe(false);
    expect(proveSeriesNonneg(L, 'p', asm(['p', { lo: shut(0), hi: shut(1) }])).ok).toBe(false);
    expect(proveSeriesNonneg(L, 'p', asm(['p', { lo: shut(-1), hi: open(1) }])).ok).toBe(false);
  });
});

describe('proveInequality', () => {
  it('proves with a certificate', () => {
    const v = proveInequality(T.ZERO, '<', T.exp(x), NONE);
    expect(v.status).toBe('proved');
    if (v.status === 'proved') expect(v.certificate.method).toBe('positivity');
    expect(proveInequality(a, '>', T.neg(b), AB).status).toBe('proved');
    expect(proveInequality(T.add(T.pow(x, 2), T.ONE), '!=', T.ZERO, NONE).status).toBe('proved');
  });
  it('refutes 1 + x + x^2/2 <= exp(x) (false for x < 0) at an exact point', () => {
    const v = proveInequality(T.add(T.ONE, x, T.div(T.pow(x, 2), T.num(2))), '<=', T.exp(x), NONE);
    expect(v.status).toBe('refuted');
    if (v.status === 'refuted') expect(v.point.get('x')!.sign()).toBeLessThan(0);
  });
  it('leaves a true claim it cannot prove as unknown, with a blocker', () => {
    const v = proveInequality(T.add(T.ONE, x), '<=', T.exp(x), NONE);
    expect(v.status).toBe('unknown');
    if (v.status === 'unknown') expect(v.blocker).toBeDefined();
  });
  it('x > 0 with no assumption is refuted at x = 0', () => {
    const v = proveInequality(x, '>', T.ZERO, NONE);
    expect(v.status).toBe('refuted');
  });
});
