/**
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
  const da = errorsOf(a);
  const db = errorsOf(b);
  return capped(da.map((x, k) => x + db[k]!), e, 0);
}

/** a b: |a| ⊛ δb + |b| ⊛ δa + δa ⊛ δb, which is exact (the product's change is a δb + b δa + δa δb). */
export function productErrors(a: JetErrors, b: JetErrors, e: number, extra: number): CoefficientErrors {
  const da = errorsOf(a);
  const db = errorsOf(b);
  const p = absConv(a.x, db);
  const q = absConv(b.x, da);
  const r = absConv(da as Jet, db);
  return capped(p.map((x, k) => x + q[k]! + r[k]!), e, extra);
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
 * bounded by |f'(a)| ⊛ δa; `remainder` bounds the l1 norm of the rest (evaluate.ts,
 * withCallErrors, derives it for each function) and is added to every coefficient.
 */
export function throughErrors(fprime: Jet, a: JetErrors, remainder: number, e: number, extra: number): CoefficientErrors {
  return capped(absConv(fprime, errorsOf(a)), e, extra + remainder);
}
