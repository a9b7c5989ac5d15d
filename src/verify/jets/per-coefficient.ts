/**
 * Errors and rounding scales per Taylor coefficient of a value in jets: COEFFICIENT
 * ERRORS (method errors) and COEFFICIENT SCALES (rounding scales, below), and their
 * rules; the evaluator's operations that apply them are eval/per-coefficient.ts.
 *
 * COEFFICIENT ERRORS. A value in jets (jet.ts, taylor.ts) carries one method error e
 * that bounds every coefficient: the largest coefficient's error. That is the right
 * size for the largest and far too large for a small one. An integral in jets settles
 * its levels against its largest coefficient and reports their last change there
 * (about 1e-13 of 2.2e7 for integral(x = -inf..inf, (10^7 + 10^-9 w)/(1 + x^4))), so
 * its derivative in w, 2.2e-9, was read with an error of 2e-6, and
 * `d/dw integral(...) = 0` passed (a red-team pass).
 *
 * So where a method error arises coefficient by coefficient (the quadrature's last
 * change, evaluate.ts), the value also carries `ec`: an error for each coefficient,
 * and the operations below carry it on. Each bounds the change that errors δ within
 * `ec` make in the result: the first-order part coefficient by coefficient, every
 * coefficient taken in absolute value (|a| ⊛ δ for a product by a, where ⊛ is the
 * truncated convolution: |(a δ)_k| <= sum_i |a_i| |δ_(k-i)|), the same rule as the
 * uniform e's (evaluate.ts: a.e |b| + |a| b.e for a product...) applied to each
 * coefficient instead of to the largest; and the rest, second order and beyond, in the
 * l1 norm (sum of |coefficients|, under which truncated products are submultiplicative),
 * added to every coefficient. The rest matters: an error of 1e-7 in x^2 alone makes
 * log(1 + 1e-7 x^2) change by 5e-15 in x^4, whose first-order bound is 0. Where the
 * rest cannot be bounded so (an error not small against the argument), and for an
 * operation not listed here, `ec` is dropped and the value falls back to its uniform e.
 *
 * Why it never loosens anything: each coefficient's error is capped by the uniform e
 * the value has anyway (capped), so a value with `ec` is judged at most as loosely
 * as without. What it can tighten is the error of a coefficient far smaller than the
 * largest, which is what the uniform e could not see.
 */
import type { Jet } from './jet.ts';

/** A method error per coefficient, each at most the value's uniform e. */
export type CoefficientErrors = readonly number[];

/** What the rules read of a value in jets: its coefficients, uniform error and errors per coefficient (if any). */
export interface JetErrors {
  readonly x: Jet;
  readonly e: number;
  readonly ec?: CoefficientErrors;
}

/** The value's errors per coefficient: its own, else its uniform e for every one. */
export function errorsOf(v: JetErrors): CoefficientErrors {
  return v.ec ?? new Array<number>(v.x.length).fill(v.e);
}

/** The sum of |a_k|: a norm under which truncated products are submultiplicative (|a b| <= |a| |b|). */
export function l1(a: readonly number[]): number {
  let s = 0;
  for (const x of a) s += Math.abs(x);
  return s;
}

/** The truncated convolution of |a| with errors d (|a| ⊛ d): a bound on each coefficient of a times an error bounded by d. */
function absConv(a: Jet, d: CoefficientErrors): number[] {
  const n = Math.min(a.length, d.length);
  const out = new Array<number>(n).fill(0);
  for (let k = 0; k < n; k++) {
    let s = 0;
    for (let i = 0; i <= k; i++) s += Math.abs(a[i]!) * d[k - i]!;
    out[k] = s;
  }
  return out;
}

/** Each coefficient's error plus `extra` (an error that is uniform: a range error, a remainder), capped at the result's uniform e. */
function capped(ec: number[], e: number, extra: number): CoefficientErrors {
  for (let k = 0; k < ec.length; k++) {
    const x = ec[k]! + extra;
    ec[k] = x <= e ? x : e; // NaN: the uniform e
  }
  return ec;
}

/** a + b or a - b: the errors add. */
export function sumErrors(a: JetErrors, b: JetErrors, e: number): CoefficientErrors {
  return capped(sumScales(errorsOf(a), errorsOf(b)), e, 0);
}

/** a b: |a| ⊛ δb + |b| ⊛ δa + δa ⊛ δb (productScales' rule with its last term whole), which is exact: the product's change is a δb + b δa + δa δb. */
export function productErrors(a: JetErrors, b: JetErrors, e: number, extra: number): CoefficientErrors {
  return capped(productScales(a.x, errorsOf(a), b.x, errorsOf(b), 1), e, extra);
}

/**
 * q = a/b, with recip = 1/b: the change is (δa - q δb)/(b + δb), which is
 * (1/b)(δa - q δb) (the first-order part, bounded by |1/b| ⊛ (δa + |q| ⊛ δb)) times
 * 1/(1 + v), v = δb/b; the rest, (1/b)(δa - q δb)(1/(1 + v) - 1), is at most
 * |1/b| (|δa| + |q| |δb|) t/(1 - t) in the l1 norm with t = |δb| |1/b| >= |v|, added to
 * every coefficient. Undefined when t > 1/2 (the denominator's error is not small against it).
 */
export function quotientErrors(q: Jet, recip: Jet, a: JetErrors, b: JetErrors, e: number, extra: number): CoefficientErrors | undefined {
  const da = errorsOf(a);
  const db = errorsOf(b);
  const r = l1(recip);
  const t = l1(db) * r;
  if (!(t <= 0.5)) return undefined;
  const rest = r * (l1(da) + l1(q) * l1(db)) * 2 * t;
  const qb = absConv(q, db);
  return capped(absConv(recip, da.map((x, k) => x + qb[k]!)), e, extra + rest);
}

/**
 * f(a), with fprime = f'(a) in jets: the first-order part of the change, f'(a) δa, is
 * bounded by |f'(a)| ⊛ δa; `remainder` bounds the l1 norm of the rest (perCoefficientCall
 * below derives it for each function) and is added to every coefficient.
 */
export function throughErrors(fprime: Jet, a: JetErrors, remainder: number, e: number, extra: number): CoefficientErrors {
  return capped(absConv(fprime, errorsOf(a)), e, extra + remainder);
}

// ---------------------------------------------------------------- rounding scales

/**
 * COEFFICIENT SCALES. A value's rounding scale m (>= |x|, evaluate.ts) says how large
 * the numbers were that its computation rounded; in jets it is one number for all
 * coefficients, the value's. A derivative read off the jets of
 * 10^20 x + lgamma(x) - 10^20 x had coefficient 10^20 + digamma(x) - 10^20 = 0, exact as
 * far as the jets could tell, and d/dx (...) = 0 was TESTED. So the derivative jets
 * (evaluate.ts, derivativeJets) carry `mc`, a rounding scale per coefficient, by the
 * same rules as m's (the sum of the terms' scales for a sum; |a| ⊛ mb + ma ⊛ |b| for a
 * product; |f'(a)| ⊛ ma + |f(a)| for a function), coefficient by coefficient. It is a
 * scale, not a bound: the reading (jetReading) takes a generous multiple of the unit
 * roundoff of it, as of m, and never less than before. The Taylor fields of series
 * coefficients do not carry it: there such a majorant grows like 2^k past what the
 * coefficients' true rounding is, and it would reject the coefficients past about 20.
 */

/** The scales of a jet that is exact (a variable's, a rational's): its coefficients' sizes. */
export function exactScales(x: Jet): number[] {
  return x.map(Math.abs);
}

/** The scales of a constant jet computed in doubles with rounding scale m (FLOAT PARTS). */
export function constantScales(n: number, m: number): number[] {
  const out = new Array<number>(n).fill(0);
  out[0] = m;
  return out;
}

/** a + b or a - b: the scales add (a cancellation keeps the scale of what cancelled). */
export function sumScales(ma: CoefficientErrors, mb: CoefficientErrors): number[] {
  return ma.map((x, k) => x + mb[k]!);
}

/** a b: |a| ⊛ mb + ma ⊛ |b|, and `second` ma ⊛ mb for factors uncertain on their own scale (SECOND ORDER in evaluate.ts). */
export function productScales(a: Jet, ma: CoefficientErrors, b: Jet, mb: CoefficientErrors, second: number): number[] {
  const p = absConv(a, mb);
  const q = absConv(b, ma);
  const r = absConv(ma as Jet, mb);
  return p.map((x, k) => x + q[k]! + second * r[k]!);
}

/**
 * How far a value with scales m may be from its computed coefficients: the reading's
 * allowance (64 (order + 1) units of U of each scale, jetReading in evaluate.ts), summed
 * over the coefficients weighted by r^k, r the RADIUS of the argument a it is measured
 * against. The first-order rules below hold while it is small against that argument (a
 * function's or a divisor's); past that (a cancelled 10^20 x + x - 10^20 x, computed 0,
 * divides or exponentiates), a coefficient the computation made 0 may be anything, and
 * the scales are UNKNOWN: infinite, so the point is not judged by the jets (FIRST ORDER
 * in evaluate.ts does the same for doubles).
 */
function uncertainty(m: CoefficientErrors, r: number): number {
  let s = 0;
  let rk = 1;
  for (const x of m) {
    s += x * rk;
    rk *= r;
  }
  return 64 * m.length * 2 ** -53 * s;
}

/**
 * RADIUS: a step of the jet's variable, at most 1, over which a's terms past its value
 * stay within half of it (each within 1/(2n) of |a_0|): the jets of 4 b at b = -2.8e-8
 * change by their whole value over a step of 2.8e-8, and weighed over a step of 1 the
 * rounding of b's derivative coefficient, 4 U, looked as large as b itself. 0 when a_0 = 0.
 */
function radius(a: Jet): number {
  const a0 = Math.abs(a[0]!);
  let r = 1;
  for (let k = 1; k < a.length; k++) {
    const ak = Math.abs(a[k]!);
    if (ak > 0) r = Math.min(r, (a0 / (2 * a.length * ak)) ** (1 / k));
  }
  return r;
}

/** The sum of |a_k| r^k. */
function weighted(a: readonly number[], r: number): number {
  let s = 0;
  let rk = 1;
  for (const x of a) {
    s += Math.abs(x) * rk;
    rk *= r;
  }
  return s;
}

/** Scales that say nothing can be known of the coefficients (UNKNOWN). */
function unknown(n: number): number[] {
  return new Array<number>(n).fill(Infinity);
}

/** The first-order rules' room: the uncertainty, relative to what it is measured against, at most this. */
const ROOM = 1e-3;

/** q = a/b, recip = 1/b: |1/b| ⊛ (ma + |q| ⊛ mb), and |q| itself; UNKNOWN when b's uncertainty is not small against b. */
export function quotientScales(q: Jet, recip: Jet, ma: CoefficientErrors, mb: CoefficientErrors, b: Jet): number[] {
  const r = radius(b);
  if (!(uncertainty(mb, r) * weighted(recip, r) <= ROOM)) return unknown(q.length);
  const qb = absConv(q, mb);
  const s = absConv(recip, ma.map((x, k) => x + qb[k]!));
  return s.map((x, k) => x + Math.abs(q[k]!));
}

/**
 * f(a) = y with fprime = f'(a): |f'(a)| ⊛ ma + |y|; UNKNOWN when a's uncertainty is not
 * small, absolutely and against a's value (the functions' singularities at 0: log, sqrt,
 * lgamma; poles elsewhere, as tan's, are not seen here).
 */
export function callScales(fprime: Jet, ma: CoefficientErrors, y: Jet, a: Jet): number[] {
  const u = uncertainty(ma, radius(a));
  if (!(u <= ROOM && u <= ROOM * Math.abs(a[0]!))) return unknown(y.length);
  return absConv(fprime, ma).map((x, k) => x + Math.abs(y[k]!));
}

/**
 * y = a^b for a real power (exp(b log a), a_0 > 0): |b a^(b-1)| ⊛ ma + |a^b log a| ⊛ mb + |y|;
 * UNKNOWN when a's uncertainty is not small against a (as for log), or b's not small.
 */
export function realPowerScales(y: Jet, dBase: Jet, a: Jet, ma: CoefficientErrors, dExp: Jet, b: Jet, mb: CoefficientErrors): number[] {
  const ua = uncertainty(ma, radius(a));
  const ub = uncertainty(mb, radius(b));
  if (!(ua <= ROOM * Math.abs(a[0]!) && ub <= ROOM)) return unknown(y.length);
  const p = absConv(dBase, ma);
  const q = absConv(dExp, mb);
  return p.map((x, k) => x + q[k]! + Math.abs(y[k]!));
}

/** a^n for an integer n: the products' rule n - 1 times (a whole power is computed by products), and the quotient's below 0. */
export function powerScales(J: { mul(a: Jet, b: Jet): Jet; div(a: Jet, b: Jet): Jet; fromNumber(x: number): Jet }, a: Jet, ma: CoefficientErrors, n: number, second: number): number[] {
  if (n === 0) return exactScales(J.fromNumber(1));
  let p = a;
  let mp: CoefficientErrors = ma;
  for (let i = 1; i < Math.abs(n); i++) {
    mp = productScales(p, mp, a, ma, second);
    p = J.mul(p, a);
  }
  if (n > 0) return mp as number[];
  const one = J.fromNumber(1);
  const recip = J.div(one, p);
  return quotientScales(recip, recip, exactScales(one), mp, p);
}
