/**
 * fast-check arbitraries for declared domains. A sample is always inside its
 * domain (open ends are never produced). Real domains mix several sources so that
 * a few hundred runs see the interesting places: small integers and simple
 * fractions (which also make shrunk counterexamples readable), values near each
 * end and near 0, a uniform spread, and for unbounded ends magnitudes over many
 * orders (10^[-6, 6], log-uniform).
 */
import fc from 'fast-check';
import type { Domain, Expr } from '../proofs/ast.ts';
import { EvalError, evaluate, makeContext, makeEnv } from './eval/evaluate.ts';

/** Numeric ends of a real interval (constant end expressions evaluated in doubles). */
export interface Interval {
  readonly lo: number;
  readonly hi: number;
  readonly loOpen: boolean;
  readonly hiOpen: boolean;
}

const noVars = new Map();

/** The value of a constant expression (a domain end or set element). Throws EvalError. */
export function constantValue(e: Expr): number {
  const v = evaluate(e, makeEnv(), makeContext(noVars)).x;
  if (Number.isNaN(v)) throw new EvalError('verify/bad-domain', 'a domain bound is not a number');
  return v;
}

/** The numeric interval of a real domain. */
export function intervalOf(d: Extract<Domain, { kind: 'real' }>): Interval {
  return {
    lo: d.lo ? constantValue(d.lo.value) : -Infinity,
    hi: d.hi ? constantValue(d.hi.value) : Infinity,
    loOpen: d.lo ? d.lo.open : true,
    hiOpen: d.hi ? d.hi.open : true,
  };
}

/** True when x lies in the interval. */
export function inInterval(iv: Interval, x: number): boolean {
  if (!Number.isFinite(x)) return false;
  const okLo = iv.loOpen ? x > iv.lo : x >= iv.lo;
  const okHi = iv.hiOpen ? x < iv.hi : x <= iv.hi;
  return okLo && okHi;
}

const FRAC = 2 ** 30;
/** Uniform in [0, 1], shrinking towards 0. */
const unit = fc.integer({ min: 0, max: FRAC }).map((i) => i / FRAC);
/** 10^u for u uniform in [lo, hi] (thousandths), shrinking towards 10^0 = 1 or the nearer end. */
const logUniform = (lo: number, hi: number) => fc.integer({ min: lo * 1000, max: hi * 1000 }).map((k) => Math.pow(10, k / 1000));

/** Samples of a real interval (see the module header for the mix). */
export function realArbitrary(iv: Interval): fc.Arbitrary<number> {
  const { lo, hi } = iv;
  const parts: { arbitrary: fc.Arbitrary<number>; weight: number }[] = [];
  // Simple values first, smallest magnitude first: fc shrinks towards them.
  const smallInts: number[] = [];
  for (const k of [0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5]) if (inInterval(iv, k)) smallInts.push(k);
  const simple = [...smallInts];
  if (Number.isFinite(lo) && Number.isFinite(hi)) {
    const w = hi - lo;
    for (const f of [0.5, 0.25, 0.75, 0.1, 0.9]) simple.push(lo + w * f);
    parts.push({ arbitrary: unit.map((u) => lo + w * u), weight: 5 });
    parts.push({ arbitrary: logUniform(-12, -1).map((d) => lo + w * d), weight: 2 });
    parts.push({ arbitrary: logUniform(-12, -1).map((d) => hi - w * d), weight: 2 });
    if (lo < 0 && hi > 0) parts.push({ arbitrary: fc.tuple(fc.boolean(), logUniform(-8, 0)).map(([s, d]) => (s ? -1 : 1) * d * Math.min(-lo, hi)), weight: 1 });
  } else if (Number.isFinite(lo)) {
    for (const k of [1, 2, 3]) simple.push(lo + k);
    parts.push({ arbitrary: logUniform(-6, 6).map((d) => lo + d), weight: 6 });
    parts.push({ arbitrary: unit.map((u) => lo + 10 * u), weight: 2 });
  } else if (Number.isFinite(hi)) {
    for (const k of [1, 2, 3]) simple.push(hi - k);
    parts.push({ arbitrary: logUniform(-6, 6).map((d) => hi - d), weight: 6 });
    parts.push({ arbitrary: unit.map((u) => hi - 10 * u), weight: 2 });
  } else {
    parts.push({ arbitrary: fc.tuple(fc.boolean(), logUniform(-6, 6)).map(([s, d]) => (s ? -d : d)), weight: 6 });
    parts.push({ arbitrary: fc.tuple(fc.boolean(), unit).map(([s, u]) => (s ? -10 * u : 10 * u)), weight: 2 });
  }
  if (!iv.loOpen) simple.push(lo);
  if (!iv.hiOpen) simple.push(hi);
  const simpleIn = [...new Set(simple.filter((x) => inInterval(iv, x)))];
  const all = simpleIn.length > 0 ? [{ arbitrary: fc.constantFrom(...simpleIn), weight: 2 }, ...parts] : parts;
  return fc.oneof(...all).filter((x) => inInterval(iv, x));
}

/** Samples of an integer range lo..hi (as numbers). Requires finite, safe-integer ends. */
export function intArbitrary(lo: number, hi: number): fc.Arbitrary<number> {
  if (!(Number.isSafeInteger(lo) && Number.isSafeInteger(hi)) || hi < lo) {
    throw new EvalError('verify/bad-domain', `integer range ${lo}..${hi} is empty or not finite`);
  }
  return fc.integer({ min: lo, max: hi });
}

/** Samples of any declared domain. Throws EvalError for an empty or malformed one. */
export function domainArbitrary(d: Domain): fc.Arbitrary<number> {
  switch (d.kind) {
    case 'real': {
      const iv = intervalOf(d);
      if (!(iv.lo < iv.hi || (iv.lo === iv.hi && !iv.loOpen && !iv.hiOpen))) throw new EvalError('verify/bad-domain', `empty interval ${iv.lo}..${iv.hi}`);
      return realArbitrary(iv);
    }
    case 'int': return intArbitrary(constantValue(d.lo), constantValue(d.hi));
    case 'set': {
      if (d.values.length === 0) throw new EvalError('verify/bad-domain', 'empty set');
      return fc.constantFrom(...d.values.map(constantValue));
    }
  }
}

/** Positive parameters over many orders of magnitude: (0, inf). */
export function positiveArbitrary(): fc.Arbitrary<number> {
  return realArbitrary({ lo: 0, hi: Infinity, loOpen: true, hiOpen: true });
}

/** True when x is in the domain (integers must be integral, sets exact members). */
export function inDomain(d: Domain, x: number): boolean {
  switch (d.kind) {
    case 'real': return inInterval(intervalOf(d), x);
    case 'int': return Number.isInteger(x) && x >= constantValue(d.lo) && x <= constantValue(d.hi);
    case 'set': return d.values.some((v) => constantValue(v) === x);
  }
}

/**
 * Points of the probability simplex {w in R^n : w_i > 0, sum w_i = 1}, with
 * weights spread over six orders of magnitude so that near-vertex and near-edge
 * points occur. Requires n >= 1.
 */
export function simplexArbitrary(n: number): fc.Arbitrary<number[]> {
  if (!(Number.isInteger(n) && n >= 1)) throw new EvalError('verify/bad-domain', `simplexArbitrary: dimension must be a positive integer, got ${n}`);
  return fc.array(logUniform(-6, 0), { minLength: n, maxLength: n }).map((w) => {
    const total = w.reduce((a, b) => a + b, 0);
    return w.map((x) => x / total);
  });
}
