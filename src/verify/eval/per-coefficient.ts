/**
 * The evaluator's operations with errors and rounding scales per Taylor coefficient
 * (COEFFICIENT ERRORS and COEFFICIENT SCALES, whose rules are jets/per-coefficient.ts):
 * what evaluate.ts and compile.ts call after each operation in jets.
 */
import type { BuiltinFn } from '../../proofs/ast.ts';
import type { Field } from '../arith/field.ts';
import { type EvalContext, type Val, SECOND } from './evaluate.ts';
import type { Jet } from '../jets/jet.ts';
import { specialTaylor } from '../arith/special.ts';
import { type CoefficientErrors, callScales, exactScales, l1, powerScales, productErrors, productScales, quotientErrors, quotientScales, realPowerScales, sumErrors, sumScales, throughErrors } from '../jets/per-coefficient.ts';

/**
 * f'(a) in jets, where y = f(a), for the built-ins whose derivative is a jet here
 * (COEFFICIENT ERRORS and SCALES); undefined for the others.
 */
function derivativeJet(J: Field<Jet>, fn: BuiltinFn, a: Jet, y: Jet): Jet | undefined {
  const one = J.fromNumber(1);
  switch (fn) {
    case 'exp': return y;
    case 'log': return J.div(one, a);
    case 'sqrt': return J.scale(J.div(one, y), 0.5);
    case 'sin': return J.call('cos', a);
    case 'cos': return J.neg(J.call('sin', a));
    case 'sinh': return J.call('cosh', a);
    case 'cosh': return J.call('sinh', a);
    case 'tan': case 'cot': return J.add(one, J.mul(y, y)); // up to sign
    case 'tanh': return J.sub(one, J.mul(y, y));
    case 'sec': return J.mul(y, J.call('tan', a));
    case 'csc': return J.mul(y, J.call('cot', a)); // up to sign
    case 'atan': return J.div(one, J.add(one, J.mul(a, a)));
    case 'atanh': return J.div(one, J.sub(one, J.mul(a, a)));
    case 'asin': case 'acos': return J.div(one, J.call('sqrt', J.sub(one, J.mul(a, a)))); // up to sign
    case 'lgamma': return J.call('digamma', a);
    case 'gamma': return J.mul(y, J.call('digamma', a));
    case 'digamma': {
      // psi'(a) = sum_k (k + 1) c_(k+1) (a - a_0)^k, c_k = psi^(k)(a_0)/k! (special.ts), by Horner
      const n = a.length;
      const c = specialTaylor('digamma', a[0]!, n + 1);
      const u = J.sub(a, J.fromNumber(a[0]!));
      let r = J.fromNumber(n * c[n]!);
      for (let k = n - 2; k >= 0; k--) r = J.add(J.mul(r, u), J.fromNumber((k + 1) * c[k + 1]!));
      return r;
    }
    case 'abs': return J.fromNumber(Math.sign(a[0]!));
    default: return undefined;
  }
}

/**
 * A value known exactly in F (a rational, a variable), with its COEFFICIENT SCALES in the
 * derivative jets, except inside an integral (given ctx): an integral's value carries
 * none, so its integrand's would be computed at every node for nothing.
 */
export function exactVal<T>(F: Field<T>, x: T, ctx?: EvalContext): Val<T> {
  return F.coefficientScales && !((ctx?.integralDepth ?? 0) > 0) ? { x, m: F.abs(x), e: 0, mc: exactScales(x as unknown as Jet) } : { x, m: F.abs(x), e: 0 };
}

/** Test hook: a planted COEFFICIENT SCALES defect ('sum-is-its-value': a sum's scales are its coefficients' sizes, which a cancellation hides). */
let scalesPlant: 'sum-is-its-value' | undefined;
export function plantScales(p: typeof scalesPlant): void {
  scalesPlant = p;
}

/**
 * PER COEFFICIENT: r = a op b with its method errors per coefficient
 * when a or b carries them (COEFFICIENT ERRORS, in jets only; `extra` is the part of
 * r.e that is uniform: a range error, REMOVABLE's), and with its rounding scales per
 * coefficient when both carry them (COEFFICIENT SCALES, in the derivative jets). What
 * the rules cannot bound is left out, and the uniform e and m stand for it.
 */
export function perCoefficientBinop<T>(F: Field<T>, op: '+' | '-' | '*' | '/', a: Val<T>, b: Val<T>, r: Val<T>, extra: number): Val<T> {
  if (F.name !== 'jet' || F.precise) return r;
  const errors = a.ec !== undefined || b.ec !== undefined;
  const scales = a.mc !== undefined && b.mc !== undefined;
  if (!errors && !scales) return r;
  const J = F as unknown as Field<Jet>;
  const A = a as unknown as Val<Jet>;
  const B = b as unknown as Val<Jet>;
  const q = r.x as unknown as Jet;
  if (op === '/' && B.x[0] === 0) return r; // a shifted quotient (REMOVABLE): the uniform bounds
  const recip = op === '/' ? J.div(J.fromNumber(1), B.x) : undefined;
  let ec: CoefficientErrors | undefined;
  let mc: CoefficientErrors | undefined;
  switch (op) {
    case '+': case '-':
      if (errors) ec = sumErrors(A, B, r.e);
      if (scales) mc = scalesPlant === 'sum-is-its-value' ? exactScales(q) : sumScales(A.mc!, B.mc!);
      break;
    case '*':
      if (errors) ec = productErrors(A, B, r.e, extra);
      if (scales) mc = productScales(A.x, A.mc!, B.x, B.mc!, SECOND);
      break;
    case '/':
      if (errors) ec = quotientErrors(q, recip!, A, B, r.e, extra);
      if (scales) mc = quotientScales(q, recip!, A.mc!, B.mc!, B.x);
      break;
  }
  return withPerCoefficient(r, ec, mc);
}

/** r with errors and scales per coefficient where given (a plain object: spreads are slow on this path). */
export function withPerCoefficient<T>(r: Val<T>, ec: CoefficientErrors | undefined, mc: CoefficientErrors | undefined): Val<T> {
  if (ec === undefined && mc === undefined) return r;
  if (ec === undefined) return { x: r.x, m: r.m, e: r.e, mc };
  if (mc === undefined) return { x: r.x, m: r.m, e: r.e, ec };
  return { x: r.x, m: r.m, e: r.e, ec, mc };
}

/**
 * PER COEFFICIENT for r = fn(a) (perCoefficientBinop). COEFFICIENT ERRORS for exp, log,
 * sqrt, sin, cos, sinh and cosh, whose change beyond first order is bounded here: with δ
 * the argument's errors and |.| the l1 norm (jets/per-coefficient.ts), at most
 * exp: |exp a| |δ|^2 (exp(δ) - 1 - δ, for |δ| <= 1); sin, cos, sinh, cosh:
 * (|sin a| + |cos a|) |δ|^2 (or sinh, cosh: sin(a + δ) = sin a cos δ + cos a sin δ, and
 * cos δ - 1, sin δ - δ are at most |δ|^2 for |δ| <= 1); log: t^2 with t = |δ| |1/a|
 * (log(1 + u) - u, u = δ/a, for t <= 1/2); sqrt: |sqrt a| t^2 (sqrt(1 + u) - 1 - u/2,
 * whose coefficients are at most 1/8, for t <= 1/2). COEFFICIENT SCALES for every
 * built-in whose derivative derivativeJet takes.
 */
export function perCoefficientCall<T>(F: Field<T>, fn: BuiltinFn, a: Val<T>, r: Val<T>, extra: number): Val<T> {
  if (F.name !== 'jet' || F.precise || (a.ec === undefined && a.mc === undefined)) return r;
  const J = F as unknown as Field<Jet>;
  const x = a.x as unknown as Jet;
  const y = r.x as unknown as Jet;
  const d = derivativeJet(J, fn, x, y);
  if (d === undefined) return r;
  const mc = a.mc === undefined ? undefined : callScales(d, a.mc, y, x);
  let ec: CoefficientErrors | undefined;
  if (a.ec !== undefined) {
    const delta = l1(a.ec);
    const t = x[0] === 0 ? Infinity : delta * l1(J.div(J.fromNumber(1), x));
    let rest: number;
    switch (fn) {
      case 'exp': rest = delta <= 1 ? l1(y) * delta ** 2 : NaN; break;
      case 'log': rest = t <= 0.5 ? t ** 2 : NaN; break;
      case 'sqrt': rest = t <= 0.5 ? l1(y) * t ** 2 : NaN; break;
      case 'sin': case 'cos': case 'sinh': case 'cosh': rest = delta <= 1 ? (l1(y) + l1(d)) * delta ** 2 : NaN; break;
      default: rest = NaN;
    }
    if (rest < Infinity) ec = throughErrors(d, a as unknown as Val<Jet>, rest, r.e, extra);
  }
  return withPerCoefficient(r, ec, mc);
}

/**
 * PER COEFFICIENT for r = a^b, a real power: COEFFICIENT SCALES only (realPowerScales),
 * for a base whose value is positive (exp(b log a)); a method error per coefficient is
 * dropped (the uniform e stands).
 */
export function perCoefficientRealPow<T>(F: Field<T>, a: Val<T>, b: Val<T>, r: Val<T>): Val<T> {
  if (F.name !== 'jet' || F.precise || a.mc === undefined || b.mc === undefined) return r;
  const J = F as unknown as Field<Jet>;
  const x = a.x as unknown as Jet;
  const e = b.x as unknown as Jet;
  const y = r.x as unknown as Jet;
  if (!(x[0]! > 0)) return r;
  const dBase = J.mul(e, J.div(y, x));
  const dExp = J.mul(y, J.call('log', x));
  return withPerCoefficient(r, undefined, realPowerScales(y, dBase, x, a.mc, dExp, e, b.mc));
}

/**
 * PER COEFFICIENT for r = a^n, n an integer (perCoefficientBinop): the derivative
 * n a^(n-1); beyond first order (COEFFICIENT ERRORS) a^n ((1 + u)^n - 1 - n u),
 * u = δ/a, whose coefficients C(n, j) and C(m + j - 1, j) (n = -m) are at most |n|^j:
 * at most 2 |a^n| (|n| t)^2 with t = |δ| |1/a|, for |n| t <= 1/2.
 */
export function perCoefficientPow<T>(F: Field<T>, a: Val<T>, n: bigint, r: Val<T>, extra: number): Val<T> {
  if (F.name !== 'jet' || F.precise || (a.ec === undefined && a.mc === undefined)) return r;
  const J = F as unknown as Field<Jet>;
  const x = a.x as unknown as Jet;
  const y = r.x as unknown as Jet;
  if (n === 0n) return withPerCoefficient(r, a.ec && new Array<number>(x.length).fill(0), a.mc && exactScales(y)); // exactly 1
  if (n === 1n) return withPerCoefficient(r, a.ec, a.mc);
  const d = J.scale(J.powInt(x, n - 1n), Number(n));
  // (n up to 64 products; past that, as exp(n log a): powInt, jet.ts)
  const mc = a.mc === undefined ? undefined : Math.abs(Number(n)) <= 64 ? powerScales(J, x, a.mc, Number(n), SECOND) : callScales(d, a.mc, y, x);
  let ec: CoefficientErrors | undefined;
  if (a.ec !== undefined && x[0] !== 0) {
    const nt = Math.abs(Number(n)) * l1(a.ec) * l1(J.div(J.fromNumber(1), x));
    if (nt <= 0.5) ec = throughErrors(d, a as unknown as Val<Jet>, 2 * l1(y) * nt ** 2, r.e, extra);
  }
  return withPerCoefficient(r, ec, mc);
}
