/**
 * COEFFICIENT ERRORS (src/verify/jets/per-coefficient.ts, applied by eval/per-coefficient.ts): law tests.
 * Each rule is checked against the change it bounds, computed two ways: the operation
 * on jets perturbed within the stated errors minus the operation on the jets, every
 * coefficient against its bound (up to the rounding of the two evaluations).
 * Perturbations reach the errors' ends (signs biased to +-1); the errors go up to 1e-3
 * of the jet, where what lies beyond first order is felt, and some coefficients have
 * none (then only that rest can reach them). Planted wrong rules (a term left out, a
 * signed convolution, the derivative at the value only, no remainder) must be caught
 * by the same law. COEFFICIENT SCALES likewise: the derivative jets' coefficients in
 * doubles against the same jets in double-double, each within the reading's allowance
 * of its own rounding scale.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jetField, type Jet } from '../../../src/verify/jets/jet.ts';
import { type CoefficientErrors } from '../../../src/verify/jets/per-coefficient.ts';
import { perCoefficientBinop, perCoefficientCall, perCoefficientPow, plantScales } from '../../../src/verify/eval/per-coefficient.ts';
import { type Val, derivativeJets, evalIn, makeContext } from '../../../src/verify/eval/evaluate.ts';
import { ddTaylorField } from '../../../src/verify/jets/taylor.ts';
import { type DD, ddToNumber } from '../../../src/verify/arith/doubledouble.ts';
import type { BuiltinFn, Expr } from '../../../src/proofs/ast.ts';
import * as h from '../helpers.ts';

const ORDER = 5;
const J = jetField(ORDER);

/** A coefficient: biased to 0, +-1, small and large magnitudes. */
const coefficient = fc.oneof(
  fc.constantFrom(0, 1, -1, 0.5, -2, 1e-9, -1e-9, 1e6, -1e6),
  fc.double({ min: -10, max: 10, noNaN: true }),
);
/** A jet whose value is at least `floor` in size (quotients, logarithms: away from their singularity). */
const jet = (floor = 0, positive = false): fc.Arbitrary<Jet> =>
  fc.array(coefficient, { minLength: ORDER + 1, maxLength: ORDER + 1 }).map((c) => {
    const big = Math.max(...c.map(Math.abs), 1);
    let c0 = c[0]!;
    if (Math.abs(c0) < floor * big) c0 = (c0 < 0 ? -1 : 1) * floor * big;
    if (positive) c0 = Math.abs(c0);
    return [c0, ...c.slice(1)];
  });
/** Errors per coefficient (some 0, others up to a relative 1e-3 of the jet's size) and a perturbation within them. */
const perturbed = (a: Jet): fc.Arbitrary<{ ec: number[]; d: number[] }> => {
  const big = Math.max(...a.map(Math.abs), 1e-300);
  return fc.tuple(
    fc.array(fc.constantFrom(0, 0, 1e-9, 1e-7, 1e-5, 1e-3), { minLength: a.length, maxLength: a.length }),
    fc.array(fc.oneof(fc.constantFrom(1, -1), fc.double({ min: -1, max: 1, noNaN: true })), { minLength: a.length, maxLength: a.length }),
  ).map(([rel, sign]) => {
    const ec = rel.map((r) => r * big);
    return { ec, d: ec.map((e, k) => e * sign[k]!) };
  });
};
const plus = (a: Jet, d: number[]): Jet => a.map((x, k) => x + d[k]!);
const val = (x: Jet, ec?: number[]): Val<Jet> => ({ x, m: 0, e: Infinity, ...(ec ? { ec } : {}) });
const big = (a: Jet): number => Math.max(...a.map(Math.abs));

/** The law: every coefficient of f(perturbed) - f(jets) is within the bound (and the rounding of the two evaluations). A rule may give none (undefined): the uniform error stands. */
let bounded = 0;
function within(change: Jet, bound: CoefficientErrors | undefined, scale: number): boolean {
  if (bound !== undefined) bounded++;
  return bound === undefined || change.every((c, k) => Math.abs(c) <= bound[k]! * (1 + 1e-12) + 1e-13 * scale);
}

type BinRule = (op: '+' | '-' | '*' | '/', a: Val<Jet>, b: Val<Jet>, r: Val<Jet>) => CoefficientErrors | undefined;
const rule: BinRule = (op, a, b, r) => perCoefficientBinop(J, op, a, b, r, 0).ec;

/** Whether the law holds for a binary rule on random jets (false: fast-check found a counterexample). */
function binaryLaw(op: '+' | '-' | '*' | '/', bound: BinRule, runs = 300): boolean {
  bounded = 0;
  const apply = (a: Jet, b: Jet): Jet => (op === '+' ? J.add(a, b) : op === '-' ? J.sub(a, b) : op === '*' ? J.mul(a, b) : J.div(a, b));
  const arb = fc.tuple(jet(), jet(op === '/' ? 0.3 : 0)).chain(([a, b]) => fc.tuple(fc.constant(a), fc.constant(b), perturbed(a), perturbed(b)));
  const r = fc.check(fc.property(arb, ([a, b, pa, pb]) => {
    const exact = apply(a, b);
    const change = J.sub(apply(plus(a, pa.d), plus(b, pb.d)), exact);
    const ec = bound(op, val(a, pa.ec), val(b, pb.ec), val(exact));
    return within(change, ec, big(exact) + big(a) * big(b));
  }), { numRuns: runs, seed: 7 });
  // a law that held only because the rule gave up would say nothing
  if (!r.failed && bounded < runs / 2) throw new Error(`${op}: only ${bounded} of ${runs} cases bounded`);
  return !r.failed;
}

type CallRule = (fn: BuiltinFn, a: Val<Jet>, r: Val<Jet>) => CoefficientErrors | undefined;
const callRule: CallRule = (fn, a, r) => perCoefficientCall(J, fn, a, r, 0).ec;

function callLaw(fn: BuiltinFn, bound: CallRule, runs = 300): boolean {
  bounded = 0;
  const positive = fn === 'log' || fn === 'sqrt';
  // arguments of moderate size (exp of 10^6 overflows), their values away from 0 for log and sqrt
  const arb = jet(positive ? 0.3 : 0, positive).map((a) => a.map((x) => x / Math.max(1, big(a)))).chain((a) => fc.tuple(fc.constant(a), perturbed(a)));
  const r = fc.check(fc.property(arb, ([a, pa]) => {
    const exact = J.call(fn, a);
    const change = J.sub(J.call(fn, plus(a, pa.d)), exact);
    return within(change, bound(fn, val(a, pa.ec), val(exact)), big(exact));
  }), { numRuns: runs, seed: 11 });
  if (!r.failed && bounded < runs / 2) throw new Error(`${fn}: only ${bounded} of ${runs} cases bounded`);
  return !r.failed;
}

describe('COEFFICIENT ERRORS: the rules bound the change they stand for', () => {
  it('sums, products and quotients', () => {
    for (const op of ['+', '-', '*', '/'] as const) expect(binaryLaw(op, rule), op).toBe(true);
  });

  it('exp, log, sqrt, sin, cos, sinh, cosh', () => {
    for (const fn of ['exp', 'log', 'sqrt', 'sin', 'cos', 'sinh', 'cosh'] as const) expect(callLaw(fn, callRule), fn).toBe(true);
  });

  it('integer powers', () => {
    for (const n of [0n, 1n, 2n, 3n, -1n, -2n]) {
      const arb = jet(0.3).map((a) => a.map((x) => x / Math.max(1, big(a)))).chain((a) => fc.tuple(fc.constant(a), perturbed(a)));
      fc.assert(fc.property(arb, ([a, pa]) => {
        const exact = J.powInt(a, n);
        const change = J.sub(J.powInt(plus(a, pa.d), n), exact);
        return within(change, perCoefficientPow(J, val(a, pa.ec), n, val(exact), 0).ec, big(exact));
      }), { numRuns: 200, seed: 3 });
    }
  });

  it('each error is capped by the uniform one, and a value without errors per coefficient is left alone', () => {
    const a: Val<Jet> = { x: [1, 2, 3, 4, 5, 6], m: 6, e: 1e-3, ec: [1, 1, 1, 1, 1, 1] };
    const b: Val<Jet> = { x: [2, 0, 0, 0, 0, 0], m: 2, e: 0 };
    const r = perCoefficientBinop(J, '*', a, b, { x: J.mul(a.x, b.x), m: 12, e: 2e-3 }, 0);
    expect(r.ec).toEqual([2e-3, 2e-3, 2e-3, 2e-3, 2e-3, 2e-3]);
    const plain = { x: J.add(b.x, b.x), m: 4, e: 0 };
    expect(perCoefficientBinop(J, '+', b, b, plain, 0)).toBe(plain);
  });
});

describe('COEFFICIENT ERRORS: planted wrong rules are caught by the same laws', () => {
  const conv = (a: Jet, d: CoefficientErrors, abs = true): number[] => a.map((_, k) => {
    let s = 0;
    for (let i = 0; i <= k; i++) s += (abs ? Math.abs(a[i]!) : a[i]!) * d[k - i]!;
    return abs ? s : Math.abs(s);
  });
  const of = (v: Val<Jet>): CoefficientErrors => v.ec ?? v.x.map(() => v.e);

  it('a product bounded by one factor\'s errors only', () => {
    expect(binaryLaw('*', (_op, a, b) => conv(a.x, of(b)))).toBe(false);
  });

  it('a product whose convolution keeps the signs (terms that cancel)', () => {
    expect(binaryLaw('*', (_op, a, b) => conv(a.x, of(b), false).map((x, k) => x + conv(b.x, of(a), false)[k]!))).toBe(false);
  });

  it('a quotient without the denominator\'s errors', () => {
    expect(binaryLaw('/', (_op, a, b) => conv(J.div(J.fromNumber(1), b.x), of(a)))).toBe(false);
  });

  it('a sum that keeps the larger error, not both', () => {
    expect(binaryLaw('+', (_op, a, b) => of(a).map((x, k) => Math.max(x, of(b)[k]!)))).toBe(false);
  });

  it('a function without the rest beyond first order (the first-order part alone)', () => {
    const firstOrder: CallRule = (fn, a, r) => {
      const d = fn === 'exp' ? r.x : J.div(J.fromNumber(1), a.x);
      return conv(d, of(a));
    };
    expect(callLaw('exp', firstOrder) && callLaw('log', firstOrder)).toBe(false);
  });

  it('a function whose derivative is taken at the value only (|f\'(a_0)| times each error)', () => {
    const atValue: CallRule = (fn, a, r) => {
      const d = fn === 'exp' ? r.x[0]! : 1 / a.x[0]!;
      return of(a).map((x) => Math.abs(d) * x);
    };
    expect(callLaw('exp', atValue) && callLaw('log', atValue)).toBe(false);
  });
});

describe('COEFFICIENT SCALES: the derivative jets\' rounding scales, computed two ways', () => {
  const span = { start: 0, end: 0 };
  const ORD = 3;
  /** Bodies in x with large constants that cancel ((C x + e) - C x), quotients, exp, log, sin, sqrt. */
  const constant = fc.constantFrom(...[[1n, 1n], [-1n, 1n], [3n, 7n], [10n ** 20n, 1n], [10n ** 10n, 3n], [1n, 10n ** 12n], [2n, 1n]].map(([a, b]) => h.n(a!, b!)));
  const body: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
    e: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constant(h.v('x')),
      constant,
      fc.tuple(fc.constantFrom('+', '-', '*') as fc.Arbitrary<'+' | '-' | '*'>, tie('e'), tie('e')).map(([op, left, right]) => ({ kind: 'binop' as const, op, left, right, span })),
      fc.tuple(constant, tie('e')).map(([c, e]) => h.sub(h.add(h.mul(c, h.v('x')), e), h.mul(c, h.v('x')))), // a cancellation
      tie('e').map((e) => h.div(e, h.add(h.n(2), h.mul(h.v('x'), h.v('x'))))),
      tie('e').map((e) => h.exp(h.div(e, h.add(h.n(1), h.mul(e, e))))),
      tie('e').map((e) => h.log(h.add(h.n(3), h.mul(e, e)))),
      tie('e').map((e) => h.sin(e)),
      tie('e').map((e) => h.call('sqrt', h.add(h.n(1), h.mul(e, e)))),
      tie('e').map((e) => h.pow(h.add(h.n(1), h.mul(e, e)), h.div(h.v('x'), h.n(3)))), // a real power
    ),
  })).e;
  const prog = h.program(h.varDecl('x', h.real()));

  /** Whether every coefficient of the double jets is within 64 (order + 1) U of its scale from the double-double jets' (the reading's allowance, jetReading). */
  const law = (runs: number): boolean => {
    const D = derivativeJets(ORD);
    const T = ddTaylorField(ORD);
    const r = fc.check(fc.property(body, fc.double({ min: 0.5, max: 2, noNaN: true }), (e, x0) => {
      const ctx = makeContext(prog.vars);
      let v: Val<Jet>;
      let w: Val<DD[]>;
      try {
        v = evalIn(D, e, { vars: new Map([['x', D.variable(x0)]]), idx: new Map() }, ctx);
        w = evalIn(T, e, { vars: new Map([['x', T.variable(x0)]]), idx: new Map() }, ctx);
      } catch {
        return true; // outside a domain
      }
      if (!D.isFinite(v.x) || v.mc === undefined) return true;
      const exact = w.x.map(ddToNumber);
      if (!exact.every(Number.isFinite)) return true;
      const ok = v.x.every((c, k) => Math.abs(c - exact[k]!) <= 64 * (ORD + 1) * 2 ** -53 * v.mc![k]! + 1e-300);
      if (!ok && process.env.SHOW) console.log(JSON.stringify(e, (k, x) => (k === 'span' ? undefined : typeof x === 'bigint' ? String(x) : x)), x0, v, exact);
      return ok;
    }), { numRuns: runs, seed: 5 });
    return !r.failed;
  };

  it('each coefficient is within the allowance of its own scale', () => {
    expect(law(400)).toBe(true);
  });

  it('planted: a sum whose scales are its coefficients\' sizes (a cancellation hidden) is caught', () => {
    plantScales('sum-is-its-value');
    try {
      expect(law(400)).toBe(false);
    } finally {
      plantScales(undefined);
    }
  });
});

describe('COEFFICIENT SCALES of digamma (its derivative from the Taylor coefficients of psi)', () => {
  it('|psi\'(a)| ⊛ ma + |psi(a)|, against the coefficients of a jet one order higher', () => {
    const D = derivativeJets(3);
    const H = derivativeJets(4);
    for (const x0 of [0.3, 1, 1.7, 25]) {
      const a = D.variable(x0);
      const y = D.call('digamma', a);
      const r = perCoefficientCall(D, 'digamma', { x: a, m: x0, e: 0, mc: [1, 0, 0, 0] }, { x: y, m: 0, e: 0 }, 0);
      const higher = H.call('digamma', H.variable(x0)); // psi'(x0 + t) = sum (k + 1) c_(k+1) t^k
      r.mc!.forEach((s, k) => expect(s).toBeCloseTo(Math.abs((k + 1) * higher[k + 1]!) + Math.abs(y[k]!), 6));
    }
  });
});
