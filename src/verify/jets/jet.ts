/**
 * Truncated Taylor arithmetic in doubles ("jets"): Taylor-mode automatic
 * differentiation for the numeric witness's derivatives d^n/dx^n.
 *
 * A jet of order n is the array [f(x0), f'(x0), f''(x0)/2!, ..., f^(n)(x0)/n!] of
 * normalised Taylor coefficients. Each operation maps the jets of its arguments
 * to the jet of its result by the standard recurrences (Griewank & Walther,
 * "Evaluating Derivatives", ch. 13): products by truncated convolution, quotients
 * and square roots by forward substitution, exp/log/sin/cos/sinh/cosh by the
 * recurrences of their differential equations, atan/asin/acos/atanh by integrating
 * their derivative's jet. There is no step size: unlike finite differences the
 * result does not lose all its digits when |x0| is large, and no cancellation
 * between nearby evaluations happens. Independent of src/algebra: a different
 * number system (doubles) and a different algorithm (no symbolic differentiation).
 *
 * Real field: NaN where the real function is undefined (log of a negative, ...).
 */
import type { BuiltinFn } from '../../proofs/ast.ts';
import { specialTaylor } from '../arith/special.ts';
import type { Field } from '../arith/field.ts';
import { rationalToNumber } from '../arith/field.ts';
import { powBySquaring } from '../arith/power.ts';
import { measuredError, roundedSource, roundingOf, shiftedReciprocal, sourced, sourcesOps } from './sources.ts';

/** A jet: normalised Taylor coefficients c_k = f^(k)(x0)/k!, k = 0..order. */
export type Jet = number[];

/** n zeros (a plain array: cheaper to allocate than a Float64Array at these sizes). */
function zeros(n: number): Jet {
  const a = new Array<number>(n);
  for (let k = 0; k < n; k++) a[k] = 0;
  return a;
}

function conv(a: Jet, b: Jet, k: number): number {
  let s = 0;
  for (let j = 0; j <= k; j++) s += a[j]! * b[k - j]!;
  return s;
}

/** The jet of f(a) from the jet of f'(a) (as a jet in x) and f(a0): c_k = (1/k) sum j a_j d_{k-j}. */
function integrateAlong(a: Jet, dfa: Jet, f0: number): Jet {
  const n = a.length;
  const out = zeros(n);
  out[0] = f0;
  for (let k = 1; k < n; k++) {
    let s = 0;
    for (let j = 1; j <= k; j++) s += j * a[j]! * dfa[k - j]!;
    out[k] = s / k;
  }
  return out;
}

/** The operations of a jet arithmetic that built-in functions are made of (jetCall). */
export interface JetOps<J> {
  exp(a: J): J;
  log(a: J): J;
  sqrt(a: J): J;
  /** sin and cos, or sinh and cosh (hyperbolic), of a. */
  trig(a: J, hyperbolic: boolean): [J, J];
  div(a: J, b: J): J;
  scale(a: J, s: number): J;
  readonly one: J;
  nan(): J;
  /** The sign of the value a_0 (NaN when undefined). */
  sign(a: J): number;
  /** The functions defined by integrating their derivative (atan, asin, acos, atanh); NaN jets where absent. */
  inverse?(fn: BuiltinFn, a: J): J;
}

/**
 * A built-in function of a jet, for every jet arithmetic (doubles here, double-double
 * in taylor.ts): the one place where built-ins are dispatched for Taylor arithmetic.
 */
export function jetCall<J>(fn: BuiltinFn, a: J, o: JetOps<J>): J {
  switch (fn) {
    case 'exp': return o.exp(a);
    case 'log': return o.log(a);
    case 'sqrt': return o.sqrt(a);
    case 'abs': { const s = o.sign(a); return s > 0 ? a : s < 0 ? o.scale(a, -1) : o.nan(); }
    case 'sin': return o.trig(a, false)[0];
    case 'cos': return o.trig(a, false)[1];
    case 'tan': { const [s, c] = o.trig(a, false); return o.div(s, c); }
    case 'sec': return o.div(o.one, o.trig(a, false)[1]);
    case 'csc': return o.div(o.one, o.trig(a, false)[0]);
    case 'cot': { const [s, c] = o.trig(a, false); return o.div(c, s); }
    case 'sinh': return o.trig(a, true)[0];
    case 'cosh': return o.trig(a, true)[1];
    case 'tanh': { const [s, c] = o.trig(a, true); return o.div(s, c); }
    default: return o.inverse ? o.inverse(fn, a) : o.nan();
  }
}

/** A jet arithmetic's operations: what jetCall, jetPowInt, jetPow and jetArithmetic need. */
export interface JetPowerOps<J> extends JetOps<J> {
  add(a: J, b: J): J;
  sub(a: J, b: J): J;
  mul(a: J, b: J): J;
  /** Every coefficient is 0. */
  isZero(a: J): boolean;
  /** Every coefficient past the value is 0. */
  isConst(a: J): boolean;
  readonly zero: J;
}

/**
 * a^e of a jet for an integer e, in any jet arithmetic: 1/a^(-e) below 0;
 * exp(e log |a|) with the sign by parity above 64 (0^e is then NaN); by squaring
 * between.
 */
export function jetPowInt<J>(a: J, e: bigint, o: JetPowerOps<J>): J {
  if (e === 0n) return Number.isNaN(o.sign(a)) ? o.nan() : o.one; // u^0 has no value where u has none
  if (e < 0n) return o.div(o.one, jetPowInt(a, -e, o));
  if (e > 64n) {
    const s = o.sign(a);
    if (s === 0) return o.nan();
    const r = o.exp(o.scale(o.log(s < 0 ? o.scale(a, -1) : a), Number(e)));
    return s < 0 && e % 2n === 1n ? o.scale(r, -1) : r;
  }
  return powBySquaring(a, e, o.one, o.mul);
}

/** a^b of jets: exp(b log a) for a positive value; 0^b = 0 for a constant b > 0; otherwise not real here (NaN). */
export function jetPow<J>(a: J, b: J, o: JetPowerOps<J>): J {
  if (o.sign(a) > 0) return o.exp(o.mul(b, o.log(a)));
  return o.isZero(a) && o.isConst(b) && o.sign(b) > 0 ? o.zero : o.nan();
}

/** The arithmetic members of a jet Field, made of its operations (powInt by jetPowInt). */
export function jetArithmetic<J>(o: JetPowerOps<J>): Pick<Field<J>, 'add' | 'sub' | 'mul' | 'div' | 'neg' | 'scale' | 'powInt' | 'pow' | 'call'> {
  return {
    add: o.add,
    sub: o.sub,
    mul: o.mul,
    div: o.div,
    neg: (a) => o.scale(a, -1),
    scale: o.scale,
    powInt: (a, e) => jetPowInt(a, e, o),
    pow: (a, b) => jetPow(a, b, o),
    call: (fn, a) => jetCall(fn, a, o),
  };
}

/** Test hook: a planted defect ('no-removable-weight': a shifted quotient's dropped coefficients weigh nothing). */
let plant: 'no-removable-weight' | undefined;
export function plantJet(p: typeof plant): void {
  plant = p;
}

/** REMOVABLE (jetField): how many coefficients shifted divisions have made unreliable at the top of the jets since `count` was last set. */
export interface RemovableShifts {
  count: number;
}

/**
 * The field of jets of a fixed order (n + 1 coefficients).
 *
 * REMOVABLE (`removable`, the Taylor fields of coefficient extraction, taylor.ts): a
 * quotient whose denominator's value is exactly 0 is divided after shifting. When b
 * starts at x^s (b_0 = ... = b_(s-1) = 0, b_s != 0) and so does a, then
 * a/b = (a/x^s)/(b/x^s), and c_k of the quotient is the forward substitution on
 * a_(k+s), b_(k+s): sin(x)/x, x/(exp(x) - 1), (1 - sqrt(1 - 4x))/(2x) at 0. Why it is
 * sound: in truncated Taylor arithmetic every other operation's c_k depends only on
 * its arguments' c_0..c_k, so a shifted quotient's top s coefficients, which would
 * need a_n..a_(n+s-1), are the only ones it spoils, and only upwards (0/0 to the jet's
 * order spoils all n); `shifts.count` adds up every shift of an evaluation, so the
 * coefficients below n - count are those of exact arithmetic up to rounding, and the
 * caller (taylorCoefficients) evaluates 2 count orders higher (removableScale needs the
 * denominator that far) and keeps the bottom ones. Nothing is then known of the negative powers (a pole whose
 * residue rounded to 0 is divided as removable): the caller takes those from the
 * Cauchy integral. A numerator coefficient below x^s that is not exactly 0 is a
 * pole: the plain division (not finite). One that is 0 in doubles but not exactly
 * (below its rounding) weighs in the quotient through the coefficients of x^s/b:
 * removableScale bounds that weight for the caller's method error (compile.ts,
 * genericBinop). Derivative jets (not `removable`) divide plainly: a function
 * undefined at a point has no derivative there.
 */
export function jetField(order: number, removable = false, sources = false): Field<Jet> & { variable(x0: number): Jet; readonly shifts: RemovableShifts } {
  const n = order + 1;
  const shifts: RemovableShifts = { count: 0 };
  const scaleBy = (a: Jet, s: number): Jet => {
    if (s === 1) return a; // jets are never mutated
    const out = zeros(n);
    for (let k = 0; k < n; k++) out[k] = a[k]! * s;
    return out;
  };
  const constant = (x: number): Jet => {
    const j = zeros(n);
    j[0] = x;
    return j;
  };
  const nan = (): Jet => zeros(n).fill(NaN);
  /** True when every coefficient past the value is 0 (a constant: the O(n^2) recurrences reduce to O(n)). */
  const isConst = (a: Jet): boolean => {
    for (let k = 1; k < n; k++) if (a[k] !== 0) return false;
    return true;
  };
  const mul = (a: Jet, b: Jet): Jet => {
    if (isConst(b)) return scaleBy(a, b[0]!);
    if (isConst(a)) return scaleBy(b, a[0]!);
    const out = zeros(n);
    for (let k = 0; k < n; k++) out[k] = conv(a, b, k);
    return out;
  };
  /** REMOVABLE: the shift s when a and b both start at x^s with s >= 1 (b_s != 0), else 0. */
  const shiftOf = (a: Jet, b: Jet): number => {
    if (!removable || b[0] !== 0) return 0;
    let s = 1;
    while (s < n && b[s] === 0) s++;
    if (s === n) return 0; // b is 0 to this order: the plain division (not finite)
    for (let j = 0; j < s; j++) if (a[j] !== 0) return 0; // a pole (or NaN): the plain division
    return s;
  };
  const div = (a: Jet, b: Jet): Jet => {
    if (removable && b[0] === 0 && isConst(b) && a.every((c) => c === 0)) {
      // 0/0 to this order: the shift, if any, is past it; every coefficient is spoiled (REMOVABLE)
      shifts.count += n;
      return zeros(n);
    }
    if (isConst(b)) {
      const out = zeros(n);
      const b0 = b[0]!;
      for (let k = 0; k < n; k++) out[k] = a[k]! / b0;
      return out;
    }
    const sh = shiftOf(a, b);
    if (sh > 0) shifts.count += sh;
    const out = zeros(n);
    const b0 = b[sh]!;
    for (let k = 0; k < n; k++) {
      // past n - sh the shifted operands are missing: taken as 0, spoiling only those coefficients (REMOVABLE)
      let s = k + sh < n ? a[k + sh]! : 0;
      for (let j = 1; j <= k && j + sh < n; j++) s -= b[j + sh]! * out[k - j]!;
      out[k] = s / b0;
    }
    return out;
  };
  /**
   * REMOVABLE: the most one unit of absolute error in each coefficient of a below x^s,
   * taken as 0 by a division that shifts by s, weighs in a coefficient of a/b (0 when
   * it does not shift). c_k of the quotient is sum over j <= k + s of a_j w_(k+s-j),
   * with w = x^s/b the reciprocal of b shifted, so a_0..a_(s-1) weigh
   * |w_(k+1)| + ... + |w_(k+s)|: the largest such window over the k whose window the
   * jet holds (k + s < n - s). The caller keeps the coefficients below n - 2 count
   * (taylorCoefficients evaluates twice the shifts higher), which are among those. The
   * coefficients from x^s on are divided as in any quotient, and their rounding is what
   * the two evaluations compare (taylor.ts). 0 when b is a monomial (sin(x)/x): w is
   * then a constant, and the coefficients below x^s do not enter.
   */
  const removableScale = (a: Jet, b: Jet): number => {
    const sh = shiftOf(a, b);
    if (sh === 0 || plant === 'no-removable-weight') return 0;
    const m = n - sh;
    const w = shiftedReciprocal(b, sh, m);
    let big = 0;
    for (let k = 0; k + sh < m; k++) {
      let window = 0;
      for (let i = k + 1; i <= k + sh; i++) window += Math.abs(w[i]!);
      if (!(window <= big)) big = window; // NaN propagates
    }
    return big;
  };
  const exp = (a: Jet): Jet => {
    if (isConst(a)) return constant(Math.exp(a[0]!));
    const out = zeros(n);
    out[0] = Math.exp(a[0]!);
    for (let k = 1; k < n; k++) {
      let s = 0;
      for (let j = 1; j <= k; j++) s += j * a[j]! * out[k - j]!;
      out[k] = s / k;
    }
    return out;
  };
  const log = (a: Jet): Jet => {
    const a0 = a[0]!;
    if (!(a0 > 0)) return nan();
    if (isConst(a)) return constant(Math.log(a0));
    const out = zeros(n);
    out[0] = Math.log(a0);
    for (let k = 1; k < n; k++) {
      let s = 0;
      for (let j = 1; j < k; j++) s += j * out[j]! * a[k - j]!;
      out[k] = (a[k]! - s / k) / a0;
    }
    return out;
  };
  const sqrt = (a: Jet): Jet => {
    const a0 = a[0]!;
    if (!(a0 >= 0)) return nan();
    const out = zeros(n);
    const s0 = Math.sqrt(a0);
    out[0] = s0;
    for (let k = 1; k < n; k++) {
      let s = 0;
      for (let j = 1; j < k; j++) s += out[j]! * out[k - j]!;
      out[k] = (a[k]! - s) / (2 * s0);
    }
    return out;
  };
  /** sin and cos (sign = -1), or sinh and cosh (sign = +1), together. */
  const trig = (a: Jet, hyperbolic: boolean): [Jet, Jet] => {
    const s = zeros(n);
    const c = zeros(n);
    const a0 = a[0]!;
    s[0] = hyperbolic ? Math.sinh(a0) : Math.sin(a0);
    c[0] = hyperbolic ? Math.cosh(a0) : Math.cos(a0);
    const sign = hyperbolic ? 1 : -1;
    for (let k = 1; k < n; k++) {
      let ss = 0;
      let cc = 0;
      for (let j = 1; j <= k; j++) {
        ss += j * a[j]! * c[k - j]!;
        cc += j * a[j]! * s[k - j]!;
      }
      s[k] = ss / k;
      c[k] = (sign * cc) / k;
    }
    return [s, c];
  };
  const add = (a: Jet, b: Jet): Jet => {
    const out = zeros(n);
    for (let k = 0; k < n; k++) out[k] = a[k]! + b[k]!;
    return out;
  };
  const sub = (a: Jet, b: Jet): Jet => {
    const out = zeros(n);
    for (let k = 0; k < n; k++) out[k] = a[k]! - b[k]!;
    return out;
  };
  const scale = (a: Jet, s: number): Jet => {
    const out = zeros(n);
    for (let k = 0; k < n; k++) out[k] = a[k]! * s;
    return out;
  };
  const one = constant(1);
  const plainOps: JetPowerOps<Jet> = {
    exp, log, sqrt, trig, div, scale, one, nan, sign: (x) => Math.sign(x[0]!), inverse: (fn, a) => inverse(fn, a),
    add, sub, mul, isZero: (a) => a.every((x) => x === 0), isConst, zero: constant(0),
  };
  // SOURCES (sources.ts): the same values, with the majorant of each coefficient's error from inexact parts free of the variable
  const ops: JetPowerOps<Jet> = sources ? sourcesOps({ ...plainOps, n, shiftOf }) : plainOps;
  /** POWERS (powInt): the base whose powers `powers` holds (powers[k] = powBase^k, 1 <= k <= 64). */
  let powBase: Jet | undefined;
  const powers: (Jet | undefined)[] = [];
  const powInt = (a: Jet, e: bigint): Jet => {
    if (e < 1n || e > 64n) return jetPowInt(a, e, ops);
    // POWERS: the powers of the last base asked for are kept (jets are never mutated):
    // a sum over i of L^i, with L the same loop-invariant jet, costs one product per
    // term instead of a binary powering each (about 8 at i = 40, in O(order^2) each).
    const k = Number(e);
    if (a !== powBase) {
      powBase = a;
      powers.length = 0;
    }
    const known = powers[k];
    if (known !== undefined) return known;
    const below = powers[k - 1];
    let result: Jet;
    if (below !== undefined) result = ops.mul(below, a);
    else result = jetPowInt(a, e, ops);
    powers[k] = result;
    return result;
  };
  const inverse = (fn: BuiltinFn, a: Jet): Jet => {
    const a0 = a[0]!;
    switch (fn) {
      case 'atan': return integrateAlong(a, div(one, add(one, mul(a, a))), Math.atan(a0));
      case 'asin': case 'acos': {
        if (!(a0 > -1 && a0 < 1)) return nan();
        const d = div(one, sqrt(sub(one, mul(a, a))));
        return fn === 'asin' ? integrateAlong(a, d, Math.asin(a0)) : integrateAlong(a, scale(d, -1), Math.acos(a0));
      }
      case 'atanh': {
        if (!(a0 > -1 && a0 < 1)) return nan();
        return integrateAlong(a, div(one, sub(one, mul(a, a))), Math.atanh(a0));
      }
      case 'gamma': case 'lgamma': case 'digamma': {
        // f(a) = sum_k c_k (a - a0)^k with c_k = f^(k)(a0)/k! (special.ts), by Horner
        const c = specialTaylor(fn, a0, n);
        const u = sub(a, constant(a0));
        let r = constant(c[n - 1]!);
        for (let k = n - 2; k >= 0; k--) r = add(mul(r, u), constant(c[k]!));
        return r;
      }
      default: return nan();
    }
  };
  /**
   * UNDERFLOW (evaluate.ts): c_k of exp(a) is exp(a_0) times c_k of exp(a - a_0), and
   * |c_k of exp(a - a_0)| <= c_k of exp(|a_1| t + ... + |a_n| t^n) (same recurrence,
   * every term made non-negative): an error of one unit in exp(a_0) weighs at most
   * the largest of those. A product's coefficient is a sum of at most n products,
   * each off by at most 2^-1074 when it underflows.
   */
  const underflowScale = (op: 'exp' | 'mul', a: Jet): number => {
    if (op === 'mul') return n;
    const c = zeros(n);
    c[0] = 1;
    let big = 1;
    for (let k = 1; k < n; k++) {
      let s = 0;
      for (let j = 1; j <= k; j++) s += j * Math.abs(a[j]!) * c[k - j]!;
      c[k] = s / k;
      if (!(c[k]! <= big)) big = c[k]!; // NaN propagates
    }
    return big;
  };
  return {
    name: 'jet',
    underflowScale,
    shifts,
    ...(removable ? { removableScale } : {}),
    variable: (x0: number): Jet => {
      const j = constant(x0);
      if (n > 1) j[1] = 1;
      return j;
    },
    fromNumber: constant,
    ...(sources
      ? {
          fromBigInt: (v: bigint) => {
            const x = Number(v);
            return sourced(constant(x), roundingOf(v, 1n, x));
          },
          fromRational: (num: bigint, den: bigint) => {
            const x = rationalToNumber(num, den);
            return sourced(constant(x), roundingOf(num, den, x));
          },
          constant: (name: 'pi' | 'e') => {
            const x = name === 'pi' ? Math.PI : Math.E;
            return sourced(constant(x), roundedSource(x));
          },
          fromMeasured: (x: number, m: number, e: number, weight: number) => sourced(constant(x), measuredError(m, e, weight)),
        }
      : {
          fromBigInt: (v: bigint) => constant(Number(v)),
          fromRational: (num: bigint, den: bigint) => constant(rationalToNumber(num, den)),
          constant: (name: 'pi' | 'e') => constant(name === 'pi' ? Math.PI : Math.E),
        }),
    ...jetArithmetic(ops),
    powInt,
    abs: (a) => Math.abs(a[0]!),
    re: (a) => a[0]!,
    im: () => 0,
    isFinite: (a) => a.every((x) => Number.isFinite(x)),
  };
}
