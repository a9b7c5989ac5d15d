/**
 * A small sign oracle: interval arithmetic over kernel Terms. TRUSTED KERNEL.
 *
 * Purpose: the normal form (normal.ts) must know that u > 0 before it rewrites
 * log(u v) = log u + log v, exp(log u) = u, abs(u) = u, ...; this module answers
 * such questions conservatively. positivity.ts may build stronger procedures on it.
 *
 * Invariant (soundness): `termInterval(t, asm)` returns an interval that CONTAINS
 * the value of t at every point satisfying asm where t is defined. Every rule
 * below is a true enclosure; when in doubt the answer is the whole line.
 * Endpoints are exact rationals (or infinite); a closed endpoint may be reported
 * open only when the value is provably never attained.
 * Rules: constants are points; a variable gets its assumed interval; pi in
 * (314/100, 315/100), e in (271/100, 272/100); sums and products by endpoint
 * arithmetic; integer powers by monotonicity pieces; 1/x for x of constant sign;
 * u^(p/q) >= 0 (> 0 for u > 0); exp(x) >= max(0, 1 + x) and exp(x) <= 1/(1 - x)
 * for x < 1 (> 0 always); log x in [1 - 1/x, x - 1] for x > 0; |x|; bounded
 * trigonometric and hyperbolic functions with the sign of their argument where
 * they are odd and increasing.
 */
import { Rational } from './rational.ts';
import type { Assumptions, Term } from './term.ts';

/** An endpoint: a rational value (null = infinite) and whether it is excluded. */
export interface End {
  readonly value: Rational | null;
  readonly open: boolean;
}

/** A real interval [lo, hi] (possibly open/infinite at either end). */
export interface Interval {
  readonly lo: End;
  readonly hi: End;
}

const INF: End = { value: null, open: true };
/** The whole real line. */
export const WHOLE: Interval = { lo: INF, hi: INF };

/** The point interval {c}. */
export function point(c: Rational): Interval {
  return { lo: { value: c, open: false }, hi: { value: c, open: false } };
}

function pos(lo: Rational, open: boolean): Interval {
  return { lo: { value: lo, open }, hi: INF };
}

const POSITIVE: Interval = pos(Rational.ZERO, true);
const NONNEG: Interval = pos(Rational.ZERO, false);

function negI(a: Interval): Interval {
  return {
    lo: { value: a.hi.value?.neg() ?? null, open: a.hi.open },
    hi: { value: a.lo.value?.neg() ?? null, open: a.lo.open },
  };
}

function addI(a: Interval, b: Interval): Interval {
  const sum = (x: End, y: End): End =>
    x.value === null || y.value === null ? INF : { value: x.value.add(y.value), open: x.open || y.open };
  return { lo: sum(a.lo, b.lo), hi: sum(a.hi, b.hi) };
}

/** Extended value: a rational or +-infinity. */
type Ext = { r: Rational } | { inf: 1 | -1 };

function endExt(e: End, side: -1 | 1): Ext {
  return e.value === null ? { inf: side } : { r: e.value };
}

function extSign(x: Ext): number {
  return 'inf' in x ? x.inf : x.r.sign();
}

function extMul(x: Ext, y: Ext): Ext {
  if ('r' in x && 'r' in y) return { r: x.r.mul(y.r) };
  const s = extSign(x) * extSign(y);
  // 0 * inf: the closure of the product set takes the limit 0 there.
  return s === 0 ? { r: Rational.ZERO } : { inf: s > 0 ? 1 : -1 };
}

function extCmp(x: Ext, y: Ext): number {
  if ('inf' in x || 'inf' in y) {
    const a = 'inf' in x ? x.inf * 2 : 0;
    const b = 'inf' in y ? y.inf * 2 : 0;
    if (a !== b) return a - b;
    if ('inf' in x && 'inf' in y) return 0;
    return 0;
  }
  return x.r.cmp(y.r);
}

function isPointZero(a: Interval): boolean {
  return a.lo.value !== null && a.hi.value !== null && a.lo.value.isZero() && a.hi.value.isZero() && !a.lo.open && !a.hi.open;
}

function mulI(a: Interval, b: Interval): Interval {
  if (isPointZero(a) || isPointZero(b)) return point(Rational.ZERO);
  const cands: { v: Ext; closed: boolean }[] = [];
  for (const [x, sx] of [[a.lo, -1], [a.hi, 1]] as const) {
    for (const [y, sy] of [[b.lo, -1], [b.hi, 1]] as const) {
      cands.push({ v: extMul(endExt(x, sx), endExt(y, sy)), closed: !x.open && !y.open });
    }
  }
  let lo = cands[0]!;
  let hi = cands[0]!;
  let loClosed = false;
  let hiClosed = false;
  for (const c of cands) {
    if (extCmp(c.v, lo.v) < 0) lo = c;
    if (extCmp(c.v, hi.v) > 0) hi = c;
  }
  for (const c of cands) {
    if (extCmp(c.v, lo.v) === 0 && c.closed) loClosed = true;
    if (extCmp(c.v, hi.v) === 0 && c.closed) hiClosed = true;
  }
  const toEnd = (x: Ext, closed: boolean): End => ('inf' in x ? INF : { value: x.r, open: !closed });
  return { lo: toEnd(lo.v, loClosed), hi: toEnd(hi.v, hiClosed) };
}

/** True when every element of a is > 0. */
function positive(a: Interval): boolean {
  return a.lo.value !== null && (a.lo.value.sign() > 0 || (a.lo.value.isZero() && a.lo.open));
}

/** True when every element of a is >= 0. */
function nonneg(a: Interval): boolean {
  return a.lo.value !== null && a.lo.value.sign() >= 0;
}

function invI(a: Interval): Interval {
  if (positive(a)) {
    const lo: End = a.hi.value === null ? { value: Rational.ZERO, open: true } : { value: a.hi.value.inv(), open: a.hi.open };
    const hi: End = a.lo.value!.isZero() ? INF : { value: a.lo.value!.inv(), open: a.lo.open };
    return { lo, hi };
  }
  if (positive(negI(a))) return negI(invI(negI(a)));
  return WHOLE;
}

function powI(a: Interval, n: number): Interval {
  if (n === 0) return point(Rational.ONE);
  if (n < 0) return invI(powI(a, -n));
  if (n === 1) return a;
  const p = (e: End): End => (e.value === null ? INF : { value: e.value.pow(n), open: e.open });
  if (n % 2 === 1 || nonneg(a)) return { lo: p(a.lo), hi: p(a.hi) };
  if (nonneg(negI(a))) return powI(negI(a), n);
  // Contains negatives and positives: [0, max(lo^n, hi^n)].
  const l = p(a.lo);
  const h = p(a.hi);
  const hi = l.value === null || h.value === null ? INF : l.value.cmp(h.value) >= 0 ? l : h;
  return { lo: { value: Rational.ZERO, open: false }, hi };
}

function hull(a: Interval, b: Interval): Interval {
  const lo = a.lo.value === null || b.lo.value === null ? INF : a.lo.value.cmp(b.lo.value) <= 0 ? a.lo : b.lo;
  const hi = a.hi.value === null || b.hi.value === null ? INF : a.hi.value.cmp(b.hi.value) >= 0 ? a.hi : b.hi;
  return { lo, hi };
}

/** Intersection (assumes both contain the value; used to combine two true enclosures). */
function meet(a: Interval, b: Interval): Interval {
  const lo = a.lo.value === null ? b.lo : b.lo.value === null ? a.lo : a.lo.value.cmp(b.lo.value) > 0 ? a.lo : b.lo;
  const hi = a.hi.value === null ? b.hi : b.hi.value === null ? a.hi : a.hi.value.cmp(b.hi.value) < 0 ? a.hi : b.hi;
  return { lo, hi };
}

const ONE_I = (open: boolean): Interval => ({ lo: { value: Rational.MINUS_ONE, open }, hi: { value: Rational.ONE, open } });
const bounded = (c: number, open: boolean): Interval => ({
  lo: { value: Rational.of(-c), open },
  hi: { value: Rational.of(c), open },
});

/** The interval from a variable's assumption (whole line when absent). */
function varInterval(name: string, asm: Assumptions): Interval {
  const a = asm.get(name);
  if (!a) return WHOLE;
  return {
    lo: a.lo ? { value: a.lo.value, open: a.lo.open } : INF,
    hi: a.hi ? { value: a.hi.value, open: a.hi.open } : INF,
  };
}

/** Keeps the sign part of f(a) for an odd increasing f with f(0) = 0, within `range`. */
function oddIncreasing(a: Interval, range: Interval): Interval {
  let r = range;
  if (positive(a)) r = meet(r, POSITIVE);
  else if (nonneg(a)) r = meet(r, NONNEG);
  else if (positive(negI(a))) r = meet(r, negI(POSITIVE));
  else if (nonneg(negI(a))) r = meet(r, negI(NONNEG));
  return r;
}

/**
 * An interval containing the value of t wherever t is defined under asm.
 * Requires: nothing. Throws: nothing (unknown shapes give the whole line).
 */
export function termInterval(t: Term, asm: Assumptions): Interval {
  switch (t.k) {
    case 'const':
      return point(t.value);
    case 'var':
      return varInterval(t.name, asm);
    case 'named':
      return t.name === 'pi'
        ? { lo: { value: Rational.frac(314n, 100n), open: true }, hi: { value: Rational.frac(315n, 100n), open: true } }
        : { lo: { value: Rational.frac(271n, 100n), open: true }, hi: { value: Rational.frac(272n, 100n), open: true } };
    case 'add':
      return t.args.map((a) => termInterval(a, asm)).reduce(addI);
    case 'mul':
      return t.args.map((a) => termInterval(a, asm)).reduce(mulI);
    case 'pow': {
      const b = termInterval(t.base, asm);
      if (t.exp.isInteger()) {
        if (t.exp.num > 10000n || t.exp.num < -10000n) return t.exp.num % 2n === 0n || nonneg(b) ? (positive(b) ? POSITIVE : NONNEG) : WHOLE;
        return powI(b, Number(t.exp.num));
      }
      // A real rational power with a non-integer exponent is taken of a base >= 0 (>= 0 result).
      if (positive(b)) {
        // Monotone: x^e for e > 0 increasing, e < 0 decreasing; bound by 1 where the base is on one side of 1.
        const ge1 = b.lo.value !== null && b.lo.value.cmp(Rational.ONE) >= 0;
        const le1 = b.hi.value !== null && b.hi.value.cmp(Rational.ONE) <= 0;
        const up = t.exp.sign() > 0;
        if ((ge1 && up) || (le1 && !up)) return pos(Rational.ONE, false);
        if ((le1 && up) || (ge1 && !up)) return { lo: { value: Rational.ZERO, open: true }, hi: { value: Rational.ONE, open: false } };
        return POSITIVE;
      }
      return t.exp.sign() > 0 ? NONNEG : POSITIVE;
    }
    case 'powt': {
      const b = termInterval(t.base, asm);
      return positive(b) ? POSITIVE : WHOLE;
    }
    case 'fn': {
      const a = termInterval(t.arg, asm);
      switch (t.name) {
        case 'exp': {
          // exp x > 0, exp x >= 1 + x (equality only at 0), exp x <= 1/(1 - x) for x < 1.
          let r: Interval = POSITIVE;
          if (a.lo.value !== null) {
            const l = a.lo.value.add(Rational.ONE);
            if (l.sign() > 0) r = meet(r, pos(l, a.lo.open || !a.lo.value.isZero()));
          }
          if (a.hi.value !== null && a.hi.value.cmp(Rational.ONE) < 0) {
            const h = Rational.ONE.sub(a.hi.value).inv();
            r = meet(r, { lo: INF, hi: { value: h, open: a.hi.open || !a.hi.value.isZero() } });
          }
          return r;
        }
        case 'log': {
          // For x > 0: 1 - 1/x <= log x <= x - 1 (equality only at x = 1); log is increasing.
          if (!positive(a)) return WHOLE;
          const lo: End = a.lo.value!.isZero()
            ? INF
            : { value: Rational.ONE.sub(a.lo.value!.inv()), open: a.lo.open || !a.lo.value!.eq(Rational.ONE) };
          const hi: End =
            a.hi.value === null ? INF : { value: a.hi.value.sub(Rational.ONE), open: a.hi.open || !a.hi.value.eq(Rational.ONE) };
          return { lo, hi };
        }
        case 'abs': {
          if (nonneg(a)) return a;
          if (nonneg(negI(a))) return negI(a);
          const h = hull(a, negI(a));
          return { lo: { value: Rational.ZERO, open: false }, hi: h.hi };
        }
        case 'sin':
          return ONE_I(false);
        case 'cos':
          return ONE_I(false);
        case 'tanh':
          return oddIncreasing(a, ONE_I(true));
        case 'atan':
          return oddIncreasing(a, bounded(2, true));
        case 'asin':
          return oddIncreasing(a, bounded(2, true));
        case 'acos':
          return { lo: { value: Rational.ZERO, open: false }, hi: { value: Rational.of(4), open: true } };
        case 'sinh':
        case 'atanh':
          return oddIncreasing(a, WHOLE);
        case 'cosh':
          return pos(Rational.ONE, false);
        default:
          return WHOLE;
      }
    }
  }
}

/** The sign of t under asm as far as interval arithmetic can tell. */
export type SignInfo = 'pos' | 'neg' | 'zero' | 'nonneg' | 'nonpos' | 'nonzero' | 'unknown';

/** Classifies an interval by sign. */
export function intervalSign(a: Interval): SignInfo {
  const p = positive(a);
  const n = positive(negI(a));
  if (p) return 'pos';
  if (n) return 'neg';
  if (isPointZero(a)) return 'zero';
  if (nonneg(a)) return 'nonneg';
  if (nonneg(negI(a))) return 'nonpos';
  return 'unknown';
}

/** The sign of t under asm (conservative). */
export function signOf(t: Term, asm: Assumptions): SignInfo {
  return intervalSign(termInterval(t, asm));
}

/** True when t > 0 is established at every point of asm where t is defined. */
export function isPositive(t: Term, asm: Assumptions): boolean {
  return signOf(t, asm) === 'pos';
}

/** True when t < 0 is established. */
export function isNegative(t: Term, asm: Assumptions): boolean {
  return signOf(t, asm) === 'neg';
}

/** True when t >= 0 is established. */
export function isNonnegative(t: Term, asm: Assumptions): boolean {
  const s = signOf(t, asm);
  return s === 'pos' || s === 'nonneg' || s === 'zero';
}

/** True when t <= 0 is established. */
export function isNonpositive(t: Term, asm: Assumptions): boolean {
  const s = signOf(t, asm);
  return s === 'neg' || s === 'nonpos' || s === 'zero';
}
