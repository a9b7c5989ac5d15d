/**
 * Double-double arithmetic (about 32 significant digits) for re-confirming a
 * numeric counterexample at higher precision. A value is an unevaluated sum
 * hi + lo with |lo| <= ulp(hi)/2. Algorithms after Dekker (1971) and the QD
 * library (Hida, Li, Bailey): error-free TwoSum and TwoProd (Veltkamp split, as JS
 * has no fused multiply-add). The elementary functions use argument reduction and
 * Taylor series or Newton steps from the double result; accuracy is about 1e-30
 * relative for moderate arguments, which is all confirmation needs.
 */
import { specialDD } from './special.ts';
import { powBySquaring } from './power.ts';

/** hi + lo. */
export interface DD {
  readonly hi: number;
  readonly lo: number;
}

export function dd(hi: number, lo = 0): DD {
  return { hi, lo };
}

function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  const err = (a - (s - bb)) + (b - bb);
  return { hi: s, lo: err };
}
function quickTwoSum(a: number, b: number): DD {
  const s = a + b;
  return { hi: s, lo: b - (s - a) };
}
const SPLITTER = 134217729; // 2^27 + 1
function split(a: number): [number, number] {
  if (Math.abs(a) > 6.69692879491417e299) {
    const t = a * 3.7252902984619140625e-9 * SPLITTER;
    const hi = t - (t - a * 3.7252902984619140625e-9);
    return [hi * 268435456, (a * 3.7252902984619140625e-9 - hi) * 268435456];
  }
  const t = SPLITTER * a;
  const hi = t - (t - a);
  return [hi, a - hi];
}
function twoProd(a: number, b: number): DD {
  const p = a * b;
  if (!Number.isFinite(p)) return { hi: p, lo: 0 };
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  const err = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  return { hi: p, lo: err };
}

export const DD_ZERO = dd(0);
export const DD_ONE = dd(1);
export const DD_PI = dd(3.141592653589793, 1.2246467991473532e-16);
export const DD_E = dd(2.718281828459045, 1.4456468917292502e-16);
const DD_LN2 = dd(0.6931471805599453, 2.3190468138462996e-17);

export function ddAdd(a: DD, b: DD): DD {
  const s = twoSum(a.hi, b.hi);
  const t = twoSum(a.lo, b.lo);
  let u = quickTwoSum(s.hi, s.lo + t.hi);
  u = quickTwoSum(u.hi, u.lo + t.lo);
  return Number.isFinite(u.hi) ? u : dd(a.hi + b.hi);
}
export function ddNeg(a: DD): DD {
  return { hi: -a.hi, lo: -a.lo };
}
export function ddSub(a: DD, b: DD): DD {
  return ddAdd(a, ddNeg(b));
}
export function ddMul(a: DD, b: DD): DD {
  const p = twoProd(a.hi, b.hi);
  if (!Number.isFinite(p.hi)) return dd(p.hi);
  const r = quickTwoSum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
  return r;
}
export function ddMulNum(a: DD, b: number): DD {
  return ddMul(a, dd(b));
}
export function ddDiv(a: DD, b: DD): DD {
  const q1 = a.hi / b.hi;
  if (!Number.isFinite(q1) || b.hi === 0) return dd(q1);
  let r = ddSub(a, ddMulNum(b, q1));
  const q2 = r.hi / b.hi;
  r = ddSub(r, ddMulNum(b, q2));
  const q3 = r.hi / b.hi;
  return ddAdd(quickTwoSum(q1, q2), dd(q3));
}
export function ddToNumber(a: DD): number {
  return a.hi + a.lo;
}
export function ddAbs(a: DD): DD {
  return a.hi < 0 || (a.hi === 0 && a.lo < 0) ? ddNeg(a) : a;
}
/** The double-double nearest n (exact when |n| < 2^106). */
export function ddFromBigInt(n: bigint): DD {
  const hi = Number(n);
  if (!Number.isFinite(hi)) return dd(hi);
  const rest = n - BigInt(hi);
  return quickTwoSum(hi, Number(rest));
}
/** num/den rounded to double-double. */
export function ddFromRational(num: bigint, den: bigint): DD {
  return ddDiv(ddFromBigInt(num), ddFromBigInt(den));
}
export function ddSqrt(a: DD): DD {
  if (a.hi < 0) return dd(NaN);
  if (a.hi === 0) return DD_ZERO;
  const x = 1 / Math.sqrt(a.hi);
  const ax = a.hi * x;
  // Karp's trick: sqrt(a) = a*x + (a - (a*x)^2) * x / 2
  const diff = ddSub(a, ddMul(dd(ax), dd(ax)));
  return ddAdd(dd(ax), dd(diff.hi * x * 0.5));
}
export function ddPowInt(a: DD, n: bigint): DD {
  if (n < 0n) return ddDiv(DD_ONE, ddPowInt(a, -n));
  return powBySquaring(a, n, DD_ONE, ddMul);
}
export function ddExp(a: DD): DD {
  if (a.hi > 709.8) return dd(Infinity);
  if (a.hi < -745.2) return DD_ZERO;
  const k = Math.round(a.hi / DD_LN2.hi);
  let r = ddSub(a, ddMulNum(DD_LN2, k));
  r = ddMulNum(r, 1 / 1024);
  // Taylor series of exp(r) - 1 with |r| < 3.4e-4
  let term = r;
  let s = r;
  for (let i = 2; i < 14; i++) {
    term = ddMulNum(ddMul(term, r), 1 / i);
    s = ddAdd(s, term);
    if (Math.abs(term.hi) < 1e-36) break;
  }
  // (1 + s)^1024 via s <- 2s + s^2 ten times
  for (let i = 0; i < 10; i++) s = ddAdd(ddMulNum(s, 2), ddMul(s, s));
  const e = ddAdd(s, DD_ONE);
  return ddMulNum(e, Math.pow(2, k));
}
export function ddLog(a: DD): DD {
  if (a.hi <= 0) return dd(a.hi === 0 ? -Infinity : NaN);
  if (!Number.isFinite(a.hi)) return a;
  let y = dd(Math.log(a.hi));
  for (let i = 0; i < 2; i++) y = ddAdd(y, ddSub(ddMul(a, ddExp(ddNeg(y))), DD_ONE));
  return y;
}
function sinCosReduced(r: DD): [DD, DD] {
  // |r| <= pi: halve three times, Taylor, then double-angle.
  const h = ddMulNum(r, 1 / 8);
  const h2 = ddMul(h, h);
  let term = h;
  let s = h;
  for (let i = 1; i < 20; i++) {
    term = ddDiv(ddMul(term, h2), dd(-(2 * i) * (2 * i + 1)));
    s = ddAdd(s, term);
    if (Math.abs(term.hi) < 1e-36) break;
  }
  let c = ddSqrt(ddSub(DD_ONE, ddMul(s, s)));
  for (let i = 0; i < 3; i++) {
    const s2 = ddMulNum(ddMul(s, c), 2);
    const c2 = ddSub(ddMulNum(ddMul(c, c), 2), DD_ONE);
    s = s2;
    c = c2;
  }
  return [s, c];
}
function reduce2pi(a: DD): DD {
  const twoPi = ddMulNum(DD_PI, 2);
  const k = Math.round(a.hi / twoPi.hi);
  return ddSub(a, ddMulNum(twoPi, k));
}
export function ddSin(a: DD): DD {
  return sinCosReduced(reduce2pi(a))[0];
}
export function ddCos(a: DD): DD {
  return sinCosReduced(reduce2pi(a))[1];
}
export function ddAtan(a: DD): DD {
  let y = dd(Math.atan(a.hi));
  for (let i = 0; i < 2; i++) {
    const [s, c] = sinCosReduced(y);
    // g(y) = sin y - a cos y, g'(y) = cos y + a sin y
    y = ddSub(y, ddDiv(ddSub(s, ddMul(a, c)), ddAdd(c, ddMul(a, s))));
  }
  return y;
}
/** A built-in function in double-double. */
export function ddCall(fn: string, a: DD): DD {
  switch (fn) {
    case 'exp': return ddExp(a);
    case 'log': return ddLog(a);
    case 'sqrt': return ddSqrt(a);
    case 'abs': return ddAbs(a);
    case 'sin': return ddSin(a);
    case 'cos': return ddCos(a);
    case 'tan': { const r = reduce2pi(a); const [s, c] = sinCosReduced(r); return ddDiv(s, c); }
    case 'sinh': { const e = ddExp(a); return ddMulNum(ddSub(e, ddDiv(DD_ONE, e)), 0.5); }
    case 'cosh': { const e = ddExp(a); return ddMulNum(ddAdd(e, ddDiv(DD_ONE, e)), 0.5); }
    case 'tanh': {
      if (Math.abs(a.hi) > 40) return dd(Math.sign(a.hi));
      const e = ddExp(ddMulNum(a, 2));
      return ddDiv(ddSub(e, DD_ONE), ddAdd(e, DD_ONE));
    }
    case 'atan': return ddAtan(a);
    case 'asin': {
      if (Math.abs(a.hi) > 1) return dd(NaN);
      const c = ddSqrt(ddSub(DD_ONE, ddMul(a, a)));
      if (c.hi === 0) return ddMulNum(DD_PI, Math.sign(a.hi) / 2);
      return ddAtan(ddDiv(a, c));
    }
    case 'acos': {
      const s = ddCall('asin', a);
      return ddSub(ddMulNum(DD_PI, 0.5), s);
    }
    case 'atanh': {
      if (Math.abs(a.hi) >= 1) return dd(Math.abs(a.hi) === 1 && a.lo === 0 ? Math.sign(a.hi) * Infinity : NaN);
      return ddMulNum(ddLog(ddDiv(ddAdd(DD_ONE, a), ddSub(DD_ONE, a))), 0.5);
    }
    case 'sec': return ddDiv(DD_ONE, ddCos(a));
    case 'csc': return ddDiv(DD_ONE, ddSin(a));
    case 'cot': { const r = reduce2pi(a); const [s, c] = sinCosReduced(r); return ddDiv(c, s); }
    case 'gamma': case 'lgamma': case 'digamma': return specialDD(fn, a);
    default: return dd(NaN);
  }
}
/** a^b for real b: exp(b log a) (a > 0), 0^b = 0 for b > 0. */
export function ddPow(a: DD, b: DD): DD {
  if (a.hi === 0) return b.hi > 0 ? DD_ZERO : dd(NaN);
  if (a.hi < 0) return dd(NaN);
  return ddExp(ddMul(b, ddLog(a)));
}
