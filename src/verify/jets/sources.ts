/**
 * SOURCES: how far each Taylor coefficient may be from the truth because of the
 * rounding of the parts of the body that do not depend on the variable.
 *
 * Why: the error estimate of the Taylor jets (taylor.ts) compares two evaluations, in
 * x and in x = 0.7 s, so that every rounding that depends on x happens differently.
 * A part free of x (a constant, a FLOAT PARTS subtree such as
 * 10^4 (digamma(y + 10^-17) - digamma(y)), which is 0 in doubles and about 10^-13 in
 * truth) is rounded the same way in both, and a quotient by 1 - 10^7 x multiplies its
 * error by 10^14 in [x^2]: such a false claim was TESTED (a red-team pass). The
 * rounding scale m of the jets cannot say so: it is one number for all coefficients,
 * and its quotient rule divides by the largest coefficient of the denominator.
 *
 * How: a jet of the sources field carries, beside its coefficients, a majorant `d`:
 * d_k >= |error of c_k| caused by its sources, each coefficient separately. Sources
 * are inexact constants (U |c|) and the parts evaluated in doubles (FLOAT PARTS:
 * w U m + e, from their rounding scale m and method error e, w the roundings their
 * operations are worth: compile.ts, roundingWeight). Every operation maps the
 * majorants of its arguments to one of its result, bounding the change of the result
 * over every perturbation within them; |a| is the jet of the |a_k|, and * is the
 * truncated product, under which majorants multiply:
 * - a + b, a - b: da + db; s a: |s| da;
 * - a b: |a| db + da |b| + da db (exact: (a + e)(b + f) - ab = a f + e b + e f);
 * - a/b: (da + |a/b| db) |1/b| / (1 - db |1/b|), with db_0 |1/b_0| < 1/2 (else not
 *   finite); a quotient that divides past a zero denominator value (REMOVABLE,
 *   jet.ts) uses w = x^s/b for 1/b, and a_0..a_(s-1) weigh through it like the rest;
 *   an uncertain b_0..b_(s-1) may be a pole (not finite);
 * - exp(a): |exp a| (exp(da) - 1) (exact: exp(a + e) - exp(a) = exp(a)(exp(e) - 1));
 * - log(a): -log(1 - D), D = da |1/a| < 1/2 (log(a + e) - log a = log(1 + e/a));
 * - sqrt(a): |sqrt a| (1 - sqrt(1 - D)), the same D;
 * - sin, cos, sinh, cosh: |sin a| (cosh(da) - 1) + |cos a| sinh(da) and its like
 *   (sin(a + e) = sin a cos e + cos a sin e); tan, sec, ..., powers and real powers
 *   are made of these (jetCall, jetPowInt, jetPow) and inherit their majorants;
 * - atan, asin, acos, atanh: (|g| + dg) da with g their derivative (1/(1 + a^2), ...),
 *   itself carried through the operations above; gamma, lgamma, digamma of an argument
 *   with a source: not finite.
 * Each of -log(1 - D), 1 - sqrt(1 - D), exp(D) - 1, cosh(D) - 1, sinh(D) and
 * 1/(1 - D) has coefficients >= 0 for a D >= 0, and bounds the series it stands for
 * coefficient by coefficient, so these are majorants, not first-order estimates.
 * The rounding of the operations themselves is not counted: it depends on x, and the
 * two evaluations see it. taylorCoefficients adds 2 d_k to the error of c_k. A
 * majorant that is not finite means the error is unknown: the coefficient is not
 * judged (verify/sources-unbounded), never handed to the Cauchy integral, which rounds
 * those parts alike on every circle and cannot see them either (a red-team pass got
 * coeff(atan(p/(1 - 10^5 x)), x^3) = 0 TESTED that way, false by about 100).
 *
 * Only the jets of coefficient extraction carry majorants (taylor.ts, taylorSourcesField),
 * and only the first of the two evaluations: the values are the same as the plain
 * field's, bit for bit (the same operations, in the same order).
 */
import type { BuiltinFn } from '../../proofs/ast.ts';
import type { Jet, JetPowerOps } from './jet.ts';

const U = 2 ** -53;

/** A jet with its majorant (absent: no source, every d_k = 0). */
export type SourcedJet = Jet & { d?: Jet };

/** The majorant of a jet (undefined: exact). */
export function sourcesOf(a: Jet): Jet | undefined {
  return (a as SourcedJet).d;
}

/**
 * r, the fresh result of a plain operation on `args`, with the majorant d. A plain
 * operation may return one of its arguments (a product by the constant 1), which is
 * never changed: then a copy.
 */
function withD(r: Jet, d: Jet | undefined, a?: Jet, b?: Jet): Jet {
  if (d === undefined) return r;
  const out: SourcedJet = r === a || r === b ? r.slice() : r;
  out.d = d;
  return out;
}

/** What the sources arithmetic needs of the plain one, beyond JetPowerOps. */
export interface PlainJetOps extends JetPowerOps<Jet> {
  readonly n: number;
  /** The shift of a/b (REMOVABLE, 0 when none), as the plain division decides it. */
  shiftOf(a: Jet, b: Jet): number;
}

/** The operations of the sources field: the plain ones, with majorants carried along. */
export function sourcesOps(plain: PlainJetOps): JetPowerOps<Jet> {
  const n = plain.n;
  const zeros = (): Jet => new Array<number>(n).fill(0);
  const nanD = (): Jet => zeros().fill(NaN);
  const abs = (a: Jet): Jet => a.map(Math.abs);
  const addD = (a: Jet | undefined, b: Jet | undefined): Jet | undefined => {
    if (a === undefined) return b;
    if (b === undefined) return a;
    const out = zeros();
    for (let k = 0; k < n; k++) out[k] = a[k]! + b[k]!;
    return out;
  };
  /** Only the first coefficient may be non-zero (a FLOAT PARTS source: the common case, in O(n)). */
  const constant = (a: Jet): boolean => {
    for (let k = 1; k < n; k++) if (a[k] !== 0) return false;
    return true;
  };
  /** The truncated product of two non-negative jets (NaN propagates). */
  const conv = (a: Jet, b: Jet): Jet => {
    const out = zeros();
    if (constant(b)) {
      const b0 = b[0]!;
      for (let k = 0; k < n; k++) out[k] = a[k]! * b0;
      return out;
    }
    if (constant(a)) {
      const a0 = a[0]!;
      for (let k = 0; k < n; k++) out[k] = a0 * b[k]!;
      return out;
    }
    for (let k = 0; k < n; k++) {
      let s = 0;
      for (let j = 0; j <= k; j++) s += a[j]! * b[k - j]!;
      out[k] = s;
    }
    return out;
  };
  /** f(D) - f(0) for f = exp (the exp recurrence on D >= 0: every coefficient >= 0). */
  const expm1 = (D: Jet): Jet => {
    const e = zeros();
    e[0] = Math.exp(D[0]!);
    for (let k = 1; k < n; k++) {
      let s = 0;
      for (let j = 1; j <= k; j++) s += j * D[j]! * e[k - j]!;
      e[k] = s / k;
    }
    e[0] = Math.expm1(D[0]!);
    return e;
  };
  /** 1/(1 - D) for D >= 0 with D_0 < 1 (the geometric series: coefficients >= 0). */
  const geometric = (D: Jet): Jet => {
    const out = zeros();
    if (!(D[0]! < 1)) return out.fill(NaN);
    out[0] = 1 / (1 - D[0]!);
    for (let k = 1; k < n; k++) {
      let s = 0;
      for (let j = 1; j <= k; j++) s += D[j]! * out[k - j]!;
      out[k] = s * out[0]!;
    }
    return out;
  };
  /** The coefficients of x^shift/b (b_shift != 0), n of them (shiftedReciprocal). */
  const reciprocal = (b: Jet, shift: number): Jet => shiftedReciprocal(b, shift, n);
  /** 1 - D, for the series of -log(1 - D) and 1 - sqrt(1 - D) (D >= 0 with D_0 < 1/2; else undefined). */
  const oneMinus = (D: Jet): Jet | undefined => {
    if (!(D[0]! < 0.5)) return undefined;
    const a = D.map((c) => -c);
    a[0] = 1 - D[0]!;
    return a;
  };
  /** -log(1 - D) for D >= 0 with D_0 < 1/2: coefficients >= 0. */
  const minusLog1m = (D: Jet): Jet => {
    const a = oneMinus(D);
    return a === undefined ? nanD() : plain.log(a).map((c) => -c);
  };
  /** 1 - sqrt(1 - D) for D >= 0 with D_0 < 1/2: coefficients >= 0. */
  const oneMinusSqrt1m = (D: Jet): Jet => {
    const a = oneMinus(D);
    return a === undefined ? nanD() : plain.sqrt(a).map((c, k) => (k === 0 ? 1 - c : -c));
  };

  /** |a| * d, in O(n) when d is a constant. */
  const absTimes = (a: Jet, d: Jet): Jet => {
    if (!constant(d)) return conv(abs(a), d);
    const d0 = d[0]!;
    const out = new Array<number>(n);
    for (let k = 0; k < n; k++) out[k] = Math.abs(a[k]!) * d0;
    return out;
  };
  const mul = (a: Jet, b: Jet): Jet => {
    const r = plain.mul(a, b);
    const da = sourcesOf(a);
    const db = sourcesOf(b);
    if (da === undefined && db === undefined) return r;
    // |a| db + da |b| + da db, each a sum of non-negative terms (no cancellation in the majorant)
    let d: Jet | undefined;
    if (db !== undefined) d = absTimes(a, db);
    if (da !== undefined) d = addD(d, absTimes(b, da));
    if (da !== undefined && db !== undefined) d = addD(d, conv(da, db));
    return withD(r, d, a, b);
  };
  const div = (a: Jet, b: Jet): Jet => {
    const shift = plain.shiftOf(a, b);
    const q = plain.div(a, b);
    const da = sourcesOf(a);
    const db = sourcesOf(b);
    if (da === undefined && db === undefined) return q;
    if (db !== undefined) for (let j = 0; j < shift; j++) if (db[j] !== 0) return withD(q, nanD(), a, b); // b's zero start is uncertain: maybe a pole
    const r = abs(reciprocal(b, shift)); // |x^s/b|
    // the numerator's sources, a_0..a_(s-1) included: c_k of the quotient is sum_(j <= k+s) a_j w_(k+s-j)
    const num = zeros();
    if (da !== undefined) {
      for (let k = 0; k < n; k++) {
        let s = 0;
        for (let j = 0; j <= k + shift && j < n; j++) if (k + shift - j < n) s += da[j]! * r[k + shift - j]!;
        num[k] = s;
      }
    }
    let d = num;
    if (db !== undefined) {
      const shiftedDb = zeros();
      for (let k = 0; k + shift < n; k++) shiftedDb[k] = db[k + shift]!;
      const D = conv(shiftedDb, r); // the relative perturbation of the denominator
      d = conv(addD(num, conv(conv(abs(q), shiftedDb), r))!, geometric(D));
    }
    return withD(q, d, a, b);
  };
  const exp = (a: Jet): Jet => {
    const r = plain.exp(a);
    const da = sourcesOf(a);
    return da === undefined ? r : withD(r, absTimes(r, expm1(da)), a);
  };
  /** D = da |1/a|: the argument's relative perturbation. */
  const relative = (a: Jet, da: Jet): Jet => conv(da, abs(reciprocal(a, 0)));
  const log = (a: Jet): Jet => {
    const r = plain.log(a);
    const da = sourcesOf(a);
    return da === undefined ? r : withD(r, minusLog1m(relative(a, da)), a);
  };
  const sqrt = (a: Jet): Jet => {
    const r = plain.sqrt(a);
    const da = sourcesOf(a);
    return da === undefined ? r : withD(r, absTimes(r, oneMinusSqrt1m(relative(a, da))), a);
  };
  const trig = (a: Jet, hyperbolic: boolean): [Jet, Jet] => {
    const [s, c] = plain.trig(a, hyperbolic);
    const da = sourcesOf(a);
    if (da === undefined) return [s, c];
    // sinh(D) and cosh(D) - 1 of the non-negative D bound sin(e), sinh(e) and cos(e) - 1, cosh(e) - 1
    const [sh, ch] = plain.trig(da, true);
    const chm1 = ch.map((v, k) => (k === 0 ? v - 1 : v));
    const as = abs(s);
    const ac = abs(c);
    return [withD(s, addD(conv(as, chm1), conv(ac, sh)), a), withD(c, addD(conv(ac, chm1), conv(as, sh)), a)];
  };
  const scale = (a: Jet, k: number): Jet => {
    const r = plain.scale(a, k);
    const da = sourcesOf(a);
    return da === undefined ? r : withD(r, da.map((v) => v * Math.abs(k)), a);
  };
  const add = (a: Jet, b: Jet): Jet => withD(plain.add(a, b), addD(sourcesOf(a), sourcesOf(b)), a, b);
  const sub = (a: Jet, b: Jet): Jet => withD(plain.sub(a, b), addD(sourcesOf(a), sourcesOf(b)), a, b);
  /**
   * The functions defined by integrating their derivative g: f(a + e) - f(a) is e times
   * the mean of g over [a, a + e], which g's own majorant covers (g is built from the
   * operations above, which carry theirs): (|g| + dg) da. The gamma functions' g has
   * no such form here: not finite.
   */
  const inverse = (fn: BuiltinFn, a: Jet): Jet => {
    const r = plain.inverse!(fn, a);
    const da = sourcesOf(a);
    if (da === undefined) return r;
    const one = plain.one;
    let g: Jet;
    switch (fn) {
      case 'atan': g = div(one, add(one, mul(a, a))); break;
      case 'asin': case 'acos': g = div(one, sqrt(sub(one, mul(a, a)))); break;
      case 'atanh': g = div(one, sub(one, mul(a, a))); break;
      default: return withD(r, nanD(), a);
    }
    const dg = sourcesOf(g);
    const bound = dg === undefined ? abs(g) : g.map((c, k) => Math.abs(c) + dg[k]!);
    return withD(r, conv(bound, da), a);
  };
  return {
    exp, log, sqrt, trig, div, scale, inverse, add, sub, mul,
    one: plain.one,
    zero: plain.zero,
    nan: plain.nan,
    isConst: plain.isConst,
    // an uncertain value has no certain sign, nor is it certainly 0, when its majorant reaches it
    sign: (a) => {
      const da = sourcesOf(a);
      return da !== undefined && !(da[0]! < Math.abs(a[0]!)) ? NaN : plain.sign(a);
    },
    isZero: (a) => sourcesOf(a) === undefined && plain.isZero(a),
  };
}

/** A constant with a source: c, off by at most `err` (U |c| for a rounded constant; NaN: unknown). */
export function sourced(c: Jet, err: number): Jet {
  if (err === 0) return c;
  const d = new Array<number>(c.length).fill(0);
  d[0] = err >= 0 ? err : NaN;
  return withD(c, d);
}

/**
 * The first `length` coefficients of x^shift/b, b starting at x^shift (b_shift != 0), by
 * forward substitution; past the b the jet holds, its missing coefficients are taken as
 * 0 (those of the result are then spoiled: REMOVABLE, jet.ts).
 */
export function shiftedReciprocal(b: Jet, shift: number, length: number): Jet {
  const n = b.length;
  const out = new Array<number>(length).fill(0);
  const b0 = b[shift]!;
  for (let k = 0; k < length; k++) {
    let t = k === 0 ? 1 : 0;
    for (let j = 1; j <= k && j + shift < n; j++) t -= b[j + shift]! * out[k - j]!;
    out[k] = t / b0;
  }
  return out;
}

/** num/den is a double exactly: a dyadic fraction whose numerator has at most 53 bits. */
export function exactDouble(num: bigint, den: bigint): boolean {
  const a = num < 0n ? -num : num;
  return (den & (den - 1n)) === 0n && a <= 2n ** 53n;
}

/** An inexact constant's source: half an ulp of it, at most (pi and e, for instance). */
export function roundedSource(value: number): number {
  return U * Math.abs(value);
}

/** The rounding of num/den to the double `value`: 0 when exact, else roundedSource. */
export function roundingOf(num: bigint, den: bigint, value: number): number {
  return exactDouble(num, den) ? 0 : roundedSource(value);
}

/** FLOAT PARTS' source: a double with rounding scale m and method error e, computed by operations worth `weight` roundings (compile.ts, roundingWeight). */
export function measuredError(m: number, e: number, weight: number): number {
  return Math.max(1, weight) * U * m + e;
}
