/**
 * Re-confirmation of coefficient failures at higher precision: complex
 * double-double arithmetic (about 32 digits) and the trapezoid-rule Cauchy
 * integral on circles chosen for that precision.
 *
 * In double-double the rounding error of [z^k] on a circle of radius r is about
 * 1e-32·max|f|/r^k, so small circles (where principal-branch logs do not wrap and
 * far from singularities) are usable even for large k. For [z^k]:
 * - radius r0 = max(1/256, 10^(-10/k)) (max(1/64, 10^(-5/k)) when the body has an
 *   infinite series, summed only to double precision) and r1 = 1.25·r0, N = 2·smallNodes(k) nodes
 *   (more than the float plan's first choice);
 * - the value is accepted only when r0 and r1 agree within their error estimates
 *   (all-nodes vs even-nodes difference plus rounding), and the low-order
 *   coefficients 0..min(k, 3) at r0 agree with those at the small circle 1/256
 *   (a singularity between the circles would shift them);
 * - otherwise the re-check has no answer (EvalError verify/cauchy-inconsistent,
 *   reported by confirm as "no higher-precision method").
 * Supported functions: + - * / ^, exp, log, sqrt (principal branches); others make
 * the samples non-finite, which is again no answer.
 */
import type { BuiltinFn, Expr } from '../../proofs/ast.ts';
import type { Field } from '../arith/field.ts';
import {
  type DD, dd, ddAdd, ddSub, ddMul, ddDiv, ddNeg, ddExp, ddLog, ddSqrt, ddSin, ddCos, ddAtan,
  ddToNumber, ddFromBigInt, ddFromRational, ddMulNum, DD_PI, DD_E, DD_ZERO, DD_ONE,
} from '../arith/doubledouble.ts';
import { type Complex, cx } from '../arith/complex.ts';
import { type EvalContext, type Env, EvalError, evalIn } from '../eval/evaluate.ts';
import { smallNodes } from '../eval/numeric.ts';
import { powBySquaring } from '../arith/power.ts';

/** A complex double-double re + i·im. */
export interface CDD {
  readonly re: DD;
  readonly im: DD;
}

const C0: CDD = { re: DD_ZERO, im: DD_ZERO };
const C1: CDD = { re: DD_ONE, im: DD_ZERO };
const NAN: CDD = { re: dd(NaN), im: dd(NaN) };
const c = (re: DD, im: DD = DD_ZERO): CDD => ({ re, im });

function cmul(a: CDD, b: CDD): CDD {
  return c(ddSub(ddMul(a.re, b.re), ddMul(a.im, b.im)), ddAdd(ddMul(a.re, b.im), ddMul(a.im, b.re)));
}
function cdiv(a: CDD, b: CDD): CDD {
  const d = ddAdd(ddMul(b.re, b.re), ddMul(b.im, b.im));
  const nr = ddAdd(ddMul(a.re, b.re), ddMul(a.im, b.im));
  const ni = ddSub(ddMul(a.im, b.re), ddMul(a.re, b.im));
  return c(ddDiv(nr, d), ddDiv(ni, d));
}
function cabs2(a: CDD): DD {
  return ddAdd(ddMul(a.re, a.re), ddMul(a.im, a.im));
}
function atan2(y: DD, x: DD): DD {
  if (x.hi === 0 && y.hi === 0) return DD_ZERO;
  if (Math.abs(x.hi) >= Math.abs(y.hi)) {
    const t = ddAtan(ddDiv(y, x));
    if (x.hi > 0) return t;
    return y.hi >= 0 ? ddAdd(t, DD_PI) : ddSub(t, DD_PI);
  }
  const t = ddAtan(ddDiv(x, y));
  const half = ddMulNum(DD_PI, 0.5);
  return y.hi > 0 ? ddSub(half, t) : ddSub(ddNeg(half), t);
}
function cexp(a: CDD): CDD {
  const e = ddExp(a.re);
  if (a.im.hi === 0 && a.im.lo === 0) return c(e);
  return c(ddMul(e, ddCos(a.im)), ddMul(e, ddSin(a.im)));
}
function clog(a: CDD): CDD {
  const r2 = cabs2(a);
  if (r2.hi === 0) return NAN;
  return c(ddMulNum(ddLog(r2), 0.5), atan2(a.im, a.re));
}
function csqrt(a: CDD): CDD {
  const r = ddSqrt(cabs2(a));
  if (r.hi === 0) return C0;
  const re = ddSqrt(ddMulNum(ddAdd(r, a.re), 0.5));
  let im = ddSqrt(ddMulNum(ddSub(r, a.re), 0.5));
  if (a.im.hi < 0 || (a.im.hi === 0 && a.im.lo < 0)) im = ddNeg(im);
  return c(re, im);
}
function cpowInt(a: CDD, n: bigint): CDD {
  if (n < 0n) return cdiv(C1, cpowInt(a, -n));
  return powBySquaring(a, n, C1, cmul);
}
function call(fn: BuiltinFn, a: CDD): CDD {
  switch (fn) {
    case 'exp': return cexp(a);
    case 'log': return clog(a);
    case 'sqrt': return csqrt(a);
    default: return NAN;
  }
}

/** Complex double-double arithmetic (principal branches; exp, log, sqrt only). */
export const cddField: Field<CDD> = {
  name: 'cdd',
  fromNumber: (x) => c(dd(x)),
  fromBigInt: (n) => c(ddFromBigInt(n)),
  fromRational: (n, d) => c(ddFromRational(n, d)),
  constant: (name) => c(name === 'pi' ? DD_PI : DD_E),
  add: (a, b) => c(ddAdd(a.re, b.re), ddAdd(a.im, b.im)),
  sub: (a, b) => c(ddSub(a.re, b.re), ddSub(a.im, b.im)),
  mul: cmul,
  div: cdiv,
  neg: (a) => c(ddNeg(a.re), ddNeg(a.im)),
  scale: (a, s) => c(ddMulNum(a.re, s), ddMulNum(a.im, s)),
  powInt: cpowInt,
  pow: (a, b) => (cabs2(a).hi === 0 ? (b.re.hi > 0 ? C0 : NAN) : cexp(cmul(b, clog(a)))),
  call,
  abs: (a) => Math.hypot(ddToNumber(a.re), ddToNumber(a.im)),
  re: (a) => ddToNumber(a.re),
  im: (a) => ddToNumber(a.im),
  isFinite: (a) => Number.isFinite(a.re.hi) && Number.isFinite(a.im.hi),
};

/** Samples of body on |z| = r at n points in complex double-double, and their DFT at the requested k's. */
function circle(body: Expr, varName: string, env: Env<DD>, ctx: EvalContext, r: number, n: number): { values: CDD[]; maxAbs: number; roots: CDD[]; ulp: number } {
  const cenv: Env<CDD> = { vars: new Map([...env.vars].map(([k, v]) => [k, c(v)])), idx: env.idx };
  const values: CDD[] = [];
  const roots: CDD[] = [];
  let maxAbs = 0;
  const twoPi = ddMulNum(DD_PI, 2);
  for (let j = 0; j < n; j++) {
    if ((j & 15) === 0 && ctx.deadline !== undefined && Date.now() > ctx.deadline) throw new EvalError('verify/timeout', 'time limit exceeded');
    const th = ddMulNum(twoPi, j / n);
    const w = c(ddCos(th), ddSin(th));
    roots.push(w);
    cenv.vars.set(varName, c(ddMulNum(w.re, r), ddMulNum(w.im, r)));
    const val = evalIn(cddField, body, cenv, ctx);
    const v = val.x;
    if (!cddField.isFinite(v)) throw new EvalError('verify/cauchy-inconsistent', `double-double samples of the coefficient body are undefined on |${varName}| = ${r}`);
    values.push(v);
    // the rounding scale (magnitudes before cancellation), not just |f|
    maxAbs = Math.max(maxAbs, cddField.abs(v), Number.isFinite(val.m) ? val.m : 0);
  }
  return { values, maxAbs, roots, ulp: sampleUlp(body) };
}

/** [z^k] from one circle: all n nodes vs the even n/2 nodes, plus double-double rounding. */
function coeffOn(s: { values: CDD[]; maxAbs: number; roots: CDD[]; ulp: number }, r: number, k: number): { value: Complex; err: number } {
  const n = s.values.length;
  let fr = DD_ZERO, fi = DD_ZERO, hr = DD_ZERO, hi = DD_ZERO;
  for (let j = 0; j < n; j++) {
    const w = s.roots[(((j * k) % n) + n) % n]!; // e^{2 pi i jk/n} (k < 0 too: a Laurent coefficient); conjugate for the forward sum
    const v = s.values[j]!;
    const tr = ddAdd(ddMul(v.re, w.re), ddMul(v.im, w.im));
    const ti = ddSub(ddMul(v.im, w.re), ddMul(v.re, w.im));
    fr = ddAdd(fr, tr); fi = ddAdd(fi, ti);
    if (j % 2 === 0) { hr = ddAdd(hr, tr); hi = ddAdd(hi, ti); }
  }
  const norm = 1 / Math.pow(r, k);
  const a = cx(ddToNumber(fr) * norm / n, ddToNumber(fi) * norm / n);
  const b = cx(2 * ddToNumber(hr) * norm / n, 2 * ddToNumber(hi) * norm / n);
  const rounding = s.ulp * s.maxAbs * norm;
  return { value: a, err: Math.hypot(a.re - b.re, a.im - b.im) + rounding };
}

/** True when expr contains an infinite series (summed only to double precision by the evaluator). */
function hasInfinite(e: Expr): boolean {
  switch (e.kind) {
    case 'sum': case 'prod': return e.hi === 'inf' || hasInfinite(e.body);
    case 'neg': case 'call': case 'factorial': return hasInfinite(e.arg);
    case 'binop': return hasInfinite(e.left) || hasInfinite(e.right);
    default: return false;
  }
}
/** Relative accuracy of one sample: double-double, or double where an infinite series truncates. */
function sampleUlp(body: Expr): number {
  return hasInfinite(body) ? 2 ** -48 : 2 ** -86;
}

/**
 * [varName^k] of body at env in complex double-double (module header). Throws
 * EvalError verify/cauchy-inconsistent when the circles disagree.
 */
export function ddCoefficient(body: Expr, varName: string, k: number, env: Env<DD>, ctx: EvalContext): { value: Complex; err: number; r: number; scale: number } {
  const n = 2 * smallNodes(Math.max(k, 8));
  // The smallest circle whose rounding (sample accuracy / r^k) stays far below the tolerance.
  const r0 = hasInfinite(body) ? Math.max(1 / 64, Math.pow(10, -5 / Math.max(k, 1))) : Math.max(1 / 256, Math.pow(10, -10 / Math.max(k, 1)));
  const r1 = 1.25 * r0;
  const s0 = circle(body, varName, env, ctx, r0, n);
  const s1 = circle(body, varName, env, ctx, r1, n);
  const a = coeffOn(s0, r0, k);
  const b = coeffOn(s1, r1, k);
  const agree = (x: { value: Complex; err: number }, y: { value: Complex; err: number }) =>
    Math.hypot(x.value.re - y.value.re, x.value.im - y.value.im) <= 8 * (x.err + y.err) + 8 * 2 ** -53 * Math.max(Math.hypot(x.value.re, x.value.im), Math.hypot(y.value.re, y.value.im)) + 1e-300; // the values are rounded to doubles
  if (!agree(a, b)) throw new EvalError('verify/cauchy-inconsistent', `double-double: radii ${r0} and ${r1} disagree on the coefficient of ${varName}^${k}`);
  const rs = hasInfinite(body) ? 1 / 64 : 1 / 256;
  if (r0 > rs) {
    const ss = circle(body, varName, env, ctx, rs, n);
    for (let kk = 0; kk <= Math.min(k, 3); kk++) {
      if (!agree(coeffOn(ss, rs, kk), coeffOn(s0, r0, kk))) throw new EvalError('verify/cauchy-inconsistent', `double-double: radii ${rs} and ${r0} disagree on the low-order coefficients of ${varName}`);
    }
  }
  const best = a.err <= b.err ? { ...a, r: r0, s: s0 } : { ...b, r: r1, s: s1 };
  return { value: best.value, err: best.err, r: best.r, scale: best.s.maxAbs / Math.pow(best.r, k) };
}

