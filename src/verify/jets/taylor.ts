/**
 * Series coefficients by truncated Taylor arithmetic in doubles: the numeric
 * witness's primary method for [x^k] f and series(f, x, n) where the body is
 * analytic at 0. The Cauchy integrals of evaluate.ts stay the confirmation
 * method: a coefficient failure found with jets is always re-checked by the full
 * Cauchy radius ladder before it counts (runner.ts), so a wrong jet can cost time
 * but never a REFUTED; and any coefficient whose error estimate here is not small
 * goes to the Cauchy integral instead.
 *
 * The arithmetic is jet.ts's (the same recurrences as the derivatives), with two
 * changes for coefficient extraction: `abs` is the largest |c_k| (a norm, so the
 * stopping rule of an infinite sum waits for every coefficient, not only the
 * value) and `isFinite` looks at every coefficient (a pole, a branch point or a
 * removable singularity at 0 shows up as a non-finite coefficient, and the caller
 * falls back to the Cauchy integral).
 *
 * ERROR ESTIMATE. The body is evaluated twice: in the variable x and in x = r·s
 * with r = 0.7 (not a power of two, so every intermediate is rounded differently;
 * the scaled jet's s^k coefficient is c_k r^k). The difference of the two
 * estimates of c_k, doubled, plus a dot-product rounding allowance, plus the
 * methods' own error (infinite-sum tails), is the coefficient's method error: a
 * self-consistency estimate like those of the Cauchy integral (two radii, N and 2N
 * nodes), not a rigorous bound. (A running-error majorant was tried first: through
 * the log and quotient recurrences it grows like 2^k even where the coefficients
 * are all positive and exact to a few ulps, so every coefficient past k of about 20
 * was rejected.) What both evaluations round alike, the parts free of x, is bounded
 * separately: SOURCES (sources.ts), a majorant carried by the first evaluation's jets
 * (taylorSourcesField), from those parts' own rounding scales only.
 */
import type { BuiltinFn } from '../../proofs/ast.ts';
import { jetArithmetic, jetField, type Jet, type JetPowerOps, type RemovableShifts } from './jet.ts';
import { type Field, ddField } from '../arith/field.ts';
import { type DD, dd, ddDiv, ddMulNum, ddSub, ddToNumber, DD_ONE, DD_ZERO } from '../arith/doubledouble.ts';
import { registerCompiledField } from '../eval/compile.ts';
import type { CoefficientErrors } from './per-coefficient.ts';

const U = 2 ** -53;

/** The scale of the second evaluation (x = R·s). */
export const JET_SCALE = 0.7;

/** The Taylor field of a fixed order for coefficient extraction (see the module header). */
export type TaylorField = Field<Jet> & { readonly order: number; variable(x0: number): Jet; readonly shifts: RemovableShifts };

const cache = new Map<number, TaylorField>();
const sourcesCache = new Map<number, TaylorField>();

/** The largest |c_k| of a jet (NaN when a coefficient is NaN): the Taylor fields' |.|. */
export function largestCoefficient(a: Jet): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) {
    const x = Math.abs(a[k]!);
    if (!(x <= s)) s = x; // NaN propagates
  }
  return s;
}

/** The Taylor field of order `order` (order + 1 coefficients), cached. */
export function taylorField(order: number): TaylorField {
  return makeTaylorField(order, false);
}

/**
 * The Taylor field of order `order` whose jets carry the majorant of their errors
 * from inexact parts free of the variable (SOURCES, sources.ts): the same values as
 * taylorField's. For the first of the two evaluations.
 */
export function taylorSourcesField(order: number): TaylorField {
  return makeTaylorField(order, true);
}

function makeTaylorField(order: number, sources: boolean): TaylorField {
  const fields = sources ? sourcesCache : cache;
  let F = fields.get(order);
  if (!F) {
    const J = jetField(order, true, sources);
    F = {
      ...J,
      order,
      abs: largestCoefficient,
      isFinite: (a: Jet): boolean => {
        for (let k = 0; k < a.length; k++) if (!Number.isFinite(a[k]!)) return false;
        return true;
      },
    };
    fields.set(order, F);
    registerCompiledField(F, true);
  }
  return F;
}

/** Coefficients with per-coefficient method errors. */
export interface JetCoefficients {
  readonly c: Float64Array;
  readonly err: Float64Array;
  /**
   * REMOVABLE (jet.ts): a quotient was divided past a zero denominator value. The jets
   * then say nothing of the negative powers: a numerator coefficient that is 0 only
   * after rounding is a pole whose residue was lost.
   */
  readonly shifted?: boolean;
  /** SOURCES (sources.ts): the part of each error that the majorant of the parts free of the variable adds (2 d_k). */
  readonly sources?: Float64Array;
}

/**
 * Combines the jet `a` of f(x) and the jet `b` of f(R·s) (method errors ea, eb of
 * their evaluations, uniform over the coefficients or one per coefficient: COEFFICIENT
 * ERRORS, per-coefficient.ts) into coefficients with error estimates; undefined when some
 * coefficient is not finite. `sources`: the majorant of a's errors from inexact parts
 * free of x (SOURCES, sources.ts), which both evaluations share and so cannot see;
 * twice it is added to each error.
 */
export function combineJets(a: Jet, ea: number | CoefficientErrors, b: Jet, eb: number | CoefficientErrors, sources?: Jet): JetCoefficients | undefined {
  const n = a.length;
  const c = new Float64Array(n);
  const err = new Float64Array(n);
  const fromSources = sources === undefined ? undefined : new Float64Array(n);
  let rk = 1;
  for (let k = 0; k < n; k++) {
    const x = a[k]!;
    const y = b[k]! / rk;
    if (!Number.isFinite(x) || !Number.isFinite(y)) return undefined;
    c[k] = x;
    const s = sources === undefined ? 0 : 2 * sources[k]!;
    if (fromSources !== undefined) fromSources[k] = s;
    const eak = typeof ea === 'number' ? ea : ea[k]!;
    const ebk = typeof eb === 'number' ? eb : eb[k]!;
    err[k] = 2 * Math.abs(x - y) + 8 * (k + 2) * U * Math.max(Math.abs(x), Math.abs(y)) + eak + ebk / rk + s;
    rk *= JET_SCALE;
  }
  return fromSources === undefined ? { c, err } : { c, err, sources: fromSources };
}

// ---------------------------------------------------------------- double-double jets

/** The unit roundoff of double-double. */
const U_DD = 2 ** -104;

/** A jet over double-double: c_k as DD. */
export type DDJet = DD[];

/**
 * The Taylor field of order `order` over double-double (ddField): the same
 * recurrences as jet.ts in about 32 digits, for bodies whose double jets lose too
 * much to cancellation (the log of a moment generating function: the coefficients
 * of E[e^{tX}] grow like E[X^k]/k! while the cumulants stay small). exp, log, sqrt,
 * sin, cos, sinh, cosh and what is built from them; the other built-ins give NaN
 * (the caller falls back to the Cauchy integral). Same conventions as taylorField;
 * one field per order, kept and compiled (compile.ts) like taylorField's.
 */
export function ddTaylorField(order: number): DDTaylorField {
  let F = ddCache.get(order);
  if (!F) {
    F = makeDDTaylorField(order);
    ddCache.set(order, F);
    registerCompiledField(F);
  }
  return F;
}

/** The double-double Taylor field of one order. */
export type DDTaylorField = Field<DDJet> & { readonly order: number; variable(x0: number): DDJet };

const ddCache = new Map<number, DDTaylorField>();

function makeDDTaylorField(order: number): DDTaylorField {
  const n = order + 1;
  const F = ddField;
  const Z = DD_ZERO;
  const zeros = (): DDJet => new Array<DD>(n).fill(Z);
  const constant = (x: DD): DDJet => {
    const r = zeros();
    r[0] = x;
    return r;
  };
  const nan = (): DDJet => new Array<DD>(n).fill(dd(NaN));
  const isConst = (a: DDJet): boolean => {
    for (let k = 1; k < n; k++) if (a[k]!.hi !== 0 || a[k]!.lo !== 0) return false;
    return true;
  };
  const add = (a: DDJet, b: DDJet): DDJet => a.map((x, k) => F.add(x, b[k]!));
  const sub = (a: DDJet, b: DDJet): DDJet => a.map((x, k) => F.sub(x, b[k]!));
  const scale = (a: DDJet, s: number): DDJet => (s === 1 ? a : a.map((x) => F.scale(x, s)));
  const mul = (a: DDJet, b: DDJet): DDJet => {
    if (isConst(b)) return a.map((x) => F.mul(x, b[0]!));
    if (isConst(a)) return b.map((x) => F.mul(x, a[0]!));
    const out = zeros();
    for (let k = 0; k < n; k++) {
      let s = Z;
      for (let j = 0; j <= k; j++) s = F.add(s, F.mul(a[j]!, b[k - j]!));
      out[k] = s;
    }
    return out;
  };
  const div = (a: DDJet, b: DDJet): DDJet => {
    const b0 = b[0]!;
    if (isConst(b)) return a.map((x) => F.div(x, b0));
    const out = zeros();
    for (let k = 0; k < n; k++) {
      let s = a[k]!;
      for (let j = 1; j <= k; j++) s = F.sub(s, F.mul(b[j]!, out[k - j]!));
      out[k] = F.div(s, b0);
    }
    return out;
  };
  /** f(a) from f(a0) and the jet of f'(a) as a function of x: o_k = (1/k) sum j a_j d_{k-j}. */
  const integrate = (a: DDJet, d: (out: DDJet, k: number) => DD, f0: DD): DDJet => {
    const out = zeros();
    out[0] = f0;
    for (let k = 1; k < n; k++) {
      let s = Z;
      for (let j = 1; j <= k; j++) s = F.add(s, F.mul(F.scale(a[j]!, j), d(out, k - j)));
      out[k] = F.div(s, F.fromNumber(k)); // 1/k is not a double
    }
    return out;
  };
  const exp = (a: DDJet): DDJet => {
    const e0 = F.call('exp', a[0]!);
    if (isConst(a)) return constant(e0);
    return integrate(a, (out, i) => out[i]!, e0);
  };
  const log = (a: DDJet): DDJet => {
    const a0 = a[0]!;
    if (!(a0.hi > 0)) return nan();
    if (isConst(a)) return constant(F.call('log', a0));
    const out = zeros();
    out[0] = F.call('log', a0);
    for (let k = 1; k < n; k++) {
      let s = Z;
      for (let j = 1; j < k; j++) s = F.add(s, F.mul(F.scale(out[j]!, j), a[k - j]!));
      out[k] = F.div(F.sub(a[k]!, F.div(s, F.fromNumber(k))), a0);
    }
    return out;
  };
  const sqrt = (a: DDJet): DDJet => {
    const a0 = a[0]!;
    if (!(a0.hi > 0)) return nan();
    const out = zeros();
    const s0 = F.call('sqrt', a0);
    out[0] = s0;
    const two = F.scale(s0, 2);
    for (let k = 1; k < n; k++) {
      let s = a[k]!;
      for (let j = 1; j < k; j++) s = F.sub(s, F.mul(out[j]!, out[k - j]!));
      out[k] = F.div(s, two);
    }
    return out;
  };
  const trig = (a: DDJet, hyperbolic: boolean): [DDJet, DDJet] => {
    const s = zeros();
    const c = zeros();
    const a0 = a[0]!;
    s[0] = F.call(hyperbolic ? 'sinh' : 'sin', a0);
    c[0] = F.call(hyperbolic ? 'cosh' : 'cos', a0);
    for (let k = 1; k < n; k++) {
      let ss = Z;
      let cc = Z;
      for (let j = 1; j <= k; j++) {
        const ja = F.scale(a[j]!, j);
        ss = F.add(ss, F.mul(ja, c[k - j]!));
        cc = F.add(cc, F.mul(ja, s[k - j]!));
      }
      s[k] = F.div(ss, F.fromNumber(k));
      c[k] = F.div(cc, F.fromNumber(hyperbolic ? k : -k));
    }
    return [s, c];
  };
  const one = constant(DD_ONE);
  const ops: JetPowerOps<DDJet> = {
    exp, log, sqrt, trig, div, scale, one, nan, sign: (x) => Math.sign(x[0]!.hi),
    add, sub, mul, isZero: (a) => a.every((x) => x.hi === 0), isConst, zero: constant(Z),
  };
  return {
    name: 'jet',
    precise: true,
    order,
    variable: (x0: number): DDJet => {
      const r = constant(dd(x0));
      if (n > 1) r[1] = DD_ONE;
      return r;
    },
    fromNumber: (x) => constant(dd(x)),
    fromBigInt: (v) => constant(F.fromBigInt(v)),
    fromRational: (num, den) => constant(F.fromRational(num, den)),
    constant: (name) => constant(F.constant(name)),
    ...jetArithmetic(ops),
    abs: (a) => {
      let s = 0;
      for (let k = 0; k < n; k++) {
        const x = Math.abs(a[k]!.hi);
        if (!(x <= s)) s = x;
      }
      return s;
    },
    re: (a) => ddToNumber(a[0]!),
    im: () => 0,
    isFinite: (a) => a.every((x) => Number.isFinite(x.hi) && Number.isFinite(x.lo)),
  };
}

/**
 * combineJets for double-double jets (rounding allowance at the double-double unit
 * roundoff). `sources`: the SOURCES majorant of the same body's double jets scaled to
 * double-double's rounding (the parts free of the variable are rounded at 2^-104 there,
 * not 2^-53; every majorant of sources.ts is convex in the sizes of its sources and 0
 * without them, so scaling the sources by 2^-51 scales it by at most 2^-51).
 */
export function combineDDJets(a: DDJet, ea: number, b: DDJet, eb: number, sources?: Jet): JetCoefficients | undefined {
  const n = a.length;
  const c = new Float64Array(n);
  const err = new Float64Array(n);
  const fromSources = sources === undefined ? undefined : new Float64Array(n);
  let rk = DD_ONE;
  for (let k = 0; k < n; k++) {
    const x = a[k]!;
    const y = ddDiv(b[k]!, rk);
    const xn = ddToNumber(x);
    const yn = ddToNumber(y);
    if (!Number.isFinite(xn) || !Number.isFinite(yn)) return undefined;
    c[k] = xn;
    // the difference in double-double, then the rounding of c_k to a double
    const s = sources === undefined ? 0 : 2 * sources[k]!;
    if (fromSources !== undefined) fromSources[k] = s;
    err[k] = 2 * Math.abs(ddToNumber(ddSub(x, y))) + 8 * (k + 2) * U_DD * Math.max(Math.abs(xn), Math.abs(yn)) + U * Math.abs(xn) + ea + eb / ddToNumber(rk) + s;
    rk = ddMulNum(rk, JET_SCALE);
  }
  return fromSources === undefined ? { c, err } : { c, err, sources: fromSources };
}
