/**
 * MAGNITUDES: a rigorous enclosure of an expression's value at a point, with exponents
 * that cannot overflow. Each value is held as a sign and a range of log|value|, so
 * cosh(800) is [e^799.3, e^800], 1/cosh(800) is [e^-800, e^-799.3], and nothing is
 * infinite where the mathematics is not.
 *
 * What it is for: an integrand over the reals that overflows in doubles at the far
 * quadrature nodes, where its true value is astronomically small: 1/cosh(x),
 * x/sinh(x), the logistic density exp(-x)/(1 + exp(-x))^2. Doubles compute
 * cosh(800) = inf and count an overflow, which makes the whole point unjudged
 * (OVERFLOWS IN CALLS in evaluate.ts). An enclosure |f(x)| <= B with B tiny shows the
 * node's value is 0 within B, an absolute error like an underflow's (UNDERFLOW), and
 * the overflow did not matter there (NEGLIGIBLE NODES in evaluate.ts).
 *
 * Why it is sound: every rule below encloses the exact result of its operation on
 * every pair of values in its operands' enclosures, and widens the computed logarithms
 * outwards by SLACK (2^-40 relative, 2^-40 absolute), far more than the few ulps by
 * which Math.exp, log, log1p, cosh, sinh and tanh can miss. A division by an enclosure
 * that contains 0, a logarithm or square root of one that may be negative, and every
 * construct without a rule (sums, integrals, other functions) give UNKNOWN: no bound,
 * and so nothing forgiven. Test: test/verify/eval/magnitude.test.ts (enclosures of
 * random expressions against double-double values, and planted wrong rules caught).
 */
import type { BuiltinFn, Expr } from '../../proofs/ast.ts';
import { rationalToNumber } from '../arith/field.ts';

/**
 * An enclosure of a real value v:
 * - s = 1: v in [e^lo, e^hi] (lo = -Infinity: 0 included);
 * - s = -1: v in [-e^hi, -e^lo];
 * - s = 0: v in [-e^hi, e^hi], sign unknown (lo is -Infinity).
 * hi = Infinity is UNKNOWN: any real (or none, where the expression is undefined).
 */
export interface Enclosure {
  readonly s: -1 | 0 | 1;
  readonly lo: number;
  readonly hi: number;
}

export const UNKNOWN: Enclosure = { s: 0, lo: -Infinity, hi: Infinity };
const ZERO: Enclosure = { s: 1, lo: -Infinity, hi: -Infinity };
const LN2 = Math.LN2;
const SLACK = 2 ** -40;
/** The smallest subnormal (an absolute slack where relative precision is lost). */
const TINY = 2 ** -1074;

function down(l: number): number {
  return Number.isFinite(l) ? l - (Math.abs(l) * SLACK + SLACK) : l;
}
function up(l: number): number {
  return Number.isFinite(l) ? l + (Math.abs(l) * SLACK + SLACK) : l;
}
function enc(s: -1 | 0 | 1, lo: number, hi: number): Enclosure {
  if (Number.isNaN(lo) || Number.isNaN(hi) || hi === Infinity) return UNKNOWN;
  return s === 0 ? { s, lo: -Infinity, hi } : { s, lo: Math.min(lo, hi), hi };
}
function isZero(a: Enclosure): boolean {
  return a.hi === -Infinity;
}
/** log(e^a + e^b), rounded up by the caller. */
function logSumExp(a: number, b: number): number {
  const hi = Math.max(a, b);
  const lo = Math.min(a, b);
  if (hi === -Infinity) return -Infinity;
  return hi + Math.log1p(Math.exp(lo - hi));
}

/** The enclosure of an exact double. */
function ofNumber(v: number): Enclosure {
  if (Number.isNaN(v) || !Number.isFinite(v)) return UNKNOWN;
  if (v === 0) return ZERO;
  const l = Math.log(Math.abs(v));
  return enc(v > 0 ? 1 : -1, down(l), up(l));
}

/**
 * e^x rounded down, and at most MAX_VALUE: a lower bound that stays one past the double
 * range (e^800 is not Infinity here: a fourth red-team pass of this session found the lower
 * bound of |k^2| at k = 10^250 taken as Infinity, above its upper bound, which hid a pole of
 * 1/(k^2 - 10^250 k) and made a false sum TESTED).
 */
function lowerExp(x: number): number {
  return x === -Infinity ? 0 : Math.min(Math.exp(x) * (1 - SLACK), MAX);
}

/** The real interval [lo, hi] (doubles, rounded outwards; they may be infinite) of an enclosure. */
export function toInterval(a: Enclosure): [number, number] {
  // (a subnormal has lost its relative precision: below 2^-1000, 0 and one more subnormal)
  const big = Math.exp(a.hi) * (1 + SLACK) + TINY;
  const e = a.s === 0 ? 0 : lowerExp(a.lo);
  const small = e < 2 ** -1000 ? 0 : e;
  if (a.s === 1) return [small, big];
  if (a.s === -1) return [-big, -small];
  return [-big, big];
}

/** The enclosure of every value in a real interval [lo, hi] (lo <= hi; NaN gives UNKNOWN). */
function ofInterval(lo: number, hi: number): Enclosure {
  if (!(lo <= hi)) return UNKNOWN;
  if (lo > 0) return enc(1, down(Math.log(lo)), up(Math.log(hi)));
  if (hi < 0) return enc(-1, down(Math.log(-hi)), up(Math.log(-lo)));
  if (lo === 0 && hi === 0) return ZERO;
  if (lo === 0) return enc(1, -Infinity, up(Math.log(hi)));
  if (hi === 0) return enc(-1, -Infinity, up(Math.log(-lo)));
  return enc(0, -Infinity, up(Math.log(Math.max(-lo, hi))));
}

function neg(a: Enclosure): Enclosure {
  return a.s === 0 ? a : { s: a.s === 1 ? -1 : 1, lo: a.lo, hi: a.hi };
}

function mul(a: Enclosure, b: Enclosure): Enclosure {
  if (a.hi === Infinity || b.hi === Infinity) return UNKNOWN;
  if (isZero(a) || isZero(b)) return ZERO;
  const s = (a.s * b.s) as -1 | 0 | 1;
  return enc(s, down(a.lo + b.lo), up(a.hi + b.hi));
}

function div(a: Enclosure, b: Enclosure): Enclosure {
  if (a.hi === Infinity || b.hi === Infinity || b.s === 0 || b.lo === -Infinity) return UNKNOWN;
  if (isZero(a)) return ZERO;
  const s = (a.s * b.s) as -1 | 0 | 1;
  return enc(s, down(a.lo - b.hi), up(a.hi - b.lo));
}

/**
 * a + b. Of one sign: at least the larger, at most the sum. Of opposite signs, P + N
 * with P in [e^pl, e^ph] and -N in [e^nl, e^nh]: positive when pl > nh, at least
 * e^pl - e^nh and at most e^ph (and the mirror); a near-cancellation (the bounds
 * within 2^-10 of each other, where log1p(-x) loses more than SLACK in the logarithm) keeps only the sign.
 */
function add(a: Enclosure, b: Enclosure): Enclosure {
  if (a.hi === Infinity || b.hi === Infinity) return UNKNOWN;
  if (isZero(a)) return b;
  if (isZero(b)) return a;
  if (a.s !== 0 && a.s === b.s) return enc(a.s, Math.max(a.lo, b.lo), up(logSumExp(a.hi, b.hi)));
  if (a.s !== 0 && b.s !== 0) {
    const [p, n] = a.s === 1 ? [a, b] : [b, a];
    const diff = (big: number, small: number): number => (small - big < -(2 ** -10) ? down(big + Math.log1p(-Math.exp(small - big))) : -Infinity);
    if (p.lo > n.hi) return enc(1, diff(p.lo, n.hi), p.hi);
    if (n.lo > p.hi) return enc(-1, diff(n.lo, p.hi), n.hi);
    return enc(0, -Infinity, Math.max(p.hi, n.hi));
  }
  return enc(0, -Infinity, up(logSumExp(a.hi, b.hi)));
}

/** a^n for an integer n (a^0 = 1, as in doubles). */
function powInt(a: Enclosure, n: number): Enclosure {
  if (a.hi === Infinity || !Number.isSafeInteger(n)) return UNKNOWN;
  if (n === 0) return ofNumber(1);
  if (n < 0) return div(ofNumber(1), powInt(a, -n));
  if (isZero(a)) return ZERO;
  const s = n % 2 === 0 ? 1 : a.s;
  return enc(s, a.s === 0 ? -Infinity : down(n * a.lo), up(n * a.hi));
}

/** log cosh(z) for z >= 0 (Infinity at Infinity), without overflow. */
function logCosh(z: number): number {
  return z < 20 ? Math.log(Math.cosh(z)) : z + Math.log1p(Math.exp(-2 * z)) - LN2;
}
/** log sinh(z) for z >= 0 (-Infinity at 0). */
function logSinh(z: number): number {
  return z < 20 ? Math.log(Math.sinh(z)) : z + Math.log1p(-Math.exp(-2 * z)) - LN2;
}

/**
 * An odd increasing function g with |g| = e^{lg(|v|)}, lg increasing: its enclosure
 * on the interval [lo, hi], with |g| at most e^cap.
 */
function oddIncreasing(lo: number, hi: number, lg: (z: number) => number, cap = Infinity): Enclosure {
  const at = (z: number) => Math.min(lg(z), cap);
  if (lo > 0) return enc(1, down(at(lo)), up(at(hi)));
  if (hi < 0) return enc(-1, down(at(-hi)), up(at(-lo)));
  return enc(0, -Infinity, up(at(Math.max(-lo, hi))));
}

function call(fn: BuiltinFn, a: Enclosure): Enclosure {
  if (a.hi === Infinity) return UNKNOWN;
  const [lo, hi] = toInterval(a);
  switch (fn) {
    // log e^v = v: the exponent range is the argument's value range
    case 'exp': return enc(1, down(lo), up(hi));
    case 'log': return a.s === 1 && a.lo > -Infinity ? ofInterval(down(a.lo), up(a.hi)) : UNKNOWN;
    case 'sqrt': return a.s === 1 ? enc(1, down(a.lo / 2), up(a.hi / 2)) : UNKNOWN;
    case 'abs': return enc(1, a.lo, a.hi);
    case 'cosh': {
      const small = lo <= 0 && hi >= 0 ? 0 : Math.min(Math.abs(lo), Math.abs(hi));
      return enc(1, down(logCosh(small)), up(logCosh(Math.max(Math.abs(lo), Math.abs(hi)))));
    }
    case 'sinh': return oddIncreasing(lo, hi, logSinh);
    case 'tanh': return oddIncreasing(lo, hi, (z) => Math.log(Math.tanh(z)), 0);
    case 'atan': return oddIncreasing(lo, hi, (z) => Math.log(Math.atan(z)), Math.log(Math.PI / 2));
    case 'sin': case 'cos': return enc(0, -Infinity, up(0));
    default: return UNKNOWN;
  }
}

/** The rules enclose() applies (a parameter, so that a test can plant a wrong one). */
export interface Rules {
  neg(a: Enclosure): Enclosure;
  add(a: Enclosure, b: Enclosure): Enclosure;
  mul(a: Enclosure, b: Enclosure): Enclosure;
  div(a: Enclosure, b: Enclosure): Enclosure;
  powInt(a: Enclosure, n: number): Enclosure;
  call(fn: BuiltinFn, a: Enclosure): Enclosure;
}
export const RULES: Rules = { neg, add, mul, div, powInt, call };

/**
 * The value of a var or index node: an exact double, every value of a real interval
 * [lo, hi] (a quadrature node's GAP, quadrature.ts), or undefined: UNKNOWN.
 */
export type Leaf = (e: Expr) => number | readonly [number, number] | undefined;

/**
 * The enclosure of expr's value, the leaves read by `leaf` (the exact double value of a
 * var or index node, an interval of them, or undefined: UNKNOWN). `step` is called once per node (the work
 * budget). Constructs without a rule give UNKNOWN.
 */
export function enclose(expr: Expr, leaf: Leaf, step: () => void = () => {}, rules: Rules = RULES): Enclosure {
  const go = (e: Expr): Enclosure => {
    step();
    switch (e.kind) {
      case 'num':
        if (e.num === 0n) return ZERO;
        return ofInterval(...widen(rationalToNumber(e.num, e.den)));
      case 'const': return ofInterval(...widen(e.name === 'pi' ? Math.PI : Math.E));
      case 'var': case 'index': {
        const v = leaf(e);
        return v === undefined ? UNKNOWN : typeof v === 'number' ? ofNumber(v) : ofInterval(v[0], v[1]);
      }
      case 'neg': return rules.neg(go(e.arg));
      case 'call': return rules.call(e.fn, go(e.arg));
      case 'binop': {
        if (e.op === '^') {
          const n = integerValue(e.right, leaf);
          if (n !== undefined) return rules.powInt(go(e.left), n);
          // a^b = exp(b log a), for a > 0
          const base = go(e.left);
          if (base.s !== 1 || base.lo === -Infinity) return UNKNOWN;
          return rules.call('exp', rules.mul(go(e.right), rules.call('log', base)));
        }
        const a = go(e.left);
        const b = go(e.right);
        switch (e.op) {
          case '+': return rules.add(a, b);
          case '-': return rules.add(a, rules.neg(b));
          case '*': return rules.mul(a, b);
          case '/': return rules.div(a, b);
        }
        return UNKNOWN;
      }
      default: return UNKNOWN;
    }
  };
  return go(expr);
}

/**
 * log c for the base c of a power c^a, c > 0: from c's exact double value where it has one
 * (a variable's value, an integer or a dyadic literal), within 2^-50 of itself (Math.log is
 * within an ulp), so that 1^k or (1 - 10^-9)^k is bounded for k up to 2^1023 as it is:
 * the enclosure of c, 2^-40 wide, would make c^k grow as e^(2^-40 k). Else log of c's
 * enclosure; UNKNOWN for a c that may not be positive.
 */
function logOfBase(base: Expr, leaf: Leaf, step: () => void): Enclosure {
  const v = exactDouble(base, leaf);
  if (v !== undefined && v > 0) {
    const l = Math.log(v);
    const d = Math.abs(l) * 2 ** -50 + TINY;
    return ofInterval(l - d, l + d);
  }
  const c = enclose(base, leaf, step);
  return c.s !== 1 || c.lo === -Infinity ? UNKNOWN : RULES.call('log', c);
}

/** The value of a leaf or literal that is exactly a double (a variable's value; an integer or a dyadic fraction within 2^53), else undefined. */
function exactDouble(e: Expr, leaf: Leaf): number | undefined {
  if (e.kind === 'var' || e.kind === 'index') {
    const v = leaf(e);
    return typeof v === 'number' ? v : undefined;
  }
  if (e.kind !== 'num') return undefined;
  const dyadic = (e.den & (e.den - 1n)) === 0n;
  return dyadic && e.num >= -(2n ** 53n) && e.num <= 2n ** 53n && e.den <= 2n ** 1000n ? Number(e.num) / Number(e.den) : undefined;
}

/** [v - d, v + d], d = |v| 2^-40 and a few subnormals: a rounded constant's enclosure. */
function widen(v: number): [number, number] {
  const d = Math.abs(v) * SLACK + 16 * TINY;
  return [v - d, v + d];
}

/** The exact integer value of an exponent (a literal integer, or an integer-valued leaf), else undefined. */
function integerValue(e: Expr, leaf: Leaf): number | undefined {
  if (e.kind === 'num') return e.den === 1n && e.num >= -(2n ** 53n) && e.num <= 2n ** 53n ? Number(e.num) : undefined;
  if (e.kind === 'neg') {
    const n = integerValue(e.arg, leaf);
    return n === undefined ? undefined : -n;
  }
  if (e.kind === 'index' || e.kind === 'var') {
    const v = leaf(e);
    return typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined;
  }
  return undefined;
}

/** e^u rounded up (0 for u = -Infinity, Infinity for an unknown u): with u an enclosure's hi, the least upper bound of |value| it gives. */
export function logBound(u: number): number {
  return u === -Infinity ? 0 : Math.exp(u) * (1 + SLACK) + TINY;
}

/**
 * DISCS: a bound on |f| over a region of the complex plane in one variable t (every
 * other leaf real and fixed), so that the derivatives and Taylor coefficients of f in t
 * are bounded too, by Cauchy's estimate. Two uses:
 * - an integrand in Taylor jets (series and derivatives of integrals) at a far
 *   quadrature node, where its jets overflow (exp(t x) / cosh(pi x/2) at x = 800: the
 *   cosh is inf, the rounding scale NaN) though every coefficient is astronomically
 *   small (NEGLIGIBLE NODES in evaluate.ts): the region is a disc |t - t0| <= rho;
 * - the summand of a slowly converging sum, its index t made complex, on a STRIP about a
 *   stretch [lo, hi] of the real axis (Re t in [lo - rho, hi + rho], |Im t| <= rho),
 *   which bounds its derivatives on the whole stretch (REMAINDER in slow-sums.ts).
 *
 * A value on the region is held as intervals of its real and imaginary parts, a bound
 * e^u on its modulus and a lower bound e^l (l = -Infinity: none known), and a SECTOR, a
 * range of its argument narrower than pi within (-pi, pi), where known; a part free of t
 * is a real enclosure (MAGNITUDES). The sector is what survives powers and magnitudes
 * past the double range, where the parts overflow: k^5 for k about 10^100 on a strip of
 * half-width k/12 lies within +-26 degrees, so k^5 + 1 keeps off 0 and sqrt(k^5 + 1) off
 * its branch cut. The rules, each the exact bound for every value in
 * its operands' sets, widened outwards by SLACK (every product of ends is widened before
 * it is added, so a cancellation cannot hide its rounding):
 * - t: its parts as above; |t| at most the largest |Re t| plus rho, at least the least
 *   |Re t| or |Im t|;
 * - -a and a + b: the intervals negated and summed, |a + b| <= |a| + |b|, and
 *   |a + b| >= |a| - |b| where that is positive;
 * - c a with c real (free of t): Re(c a) = c Re(a), Im(c a) = c Im(a), the hulls of the
 *   end products (c > 0 keeps the sector); a b: Re = Re a Re b - Im a Im b,
 *   Im = Re a Im b + Im a Re b, |a b| = |a| |b| (both bounds), and the sectors summed;
 * - the sector from the parts where Re > 0 (atan(Im/Re) at the corners), and the parts
 *   from the sector and the moduli where it lies within (-pi/2, pi/2)
 *   (Re >= e^l cos(max |arg|)); a + b of sectors whose union is narrower than pi lies in
 *   that union (a pointed cone), and |a + b| >= max(|a|, |b|) where it is at most pi/2;
 * - 1/b: only where |b| >= e^l > 0 on the whole region: |1/b| <= e^-l, and
 *   Re(1/b) = Re b/|b|^2, Im(1/b) = -Im b/|b|^2 with |b|^2 between its bounds, the sector
 *   negated; a / b is a (1/b); a^k, k an integer: |a|^k (1/a^-k for k < 0), parts by
 *   repeated squaring, the sector k times;
 * - exp(a): e^Re a between e^(Re a's ends) (what keeps e^(t x) e^(-x^2) small at
 *   x = 10^100), its sector Im a; where |Im a| < 3/2 also Re e^a >= e^min Re a cos(max |Im a|) > 0;
 * - log(a): only where a has a sector and |a| >= e^l > 0 on the whole region (the
 *   principal branch is analytic off the negative axis): Re log a = log |a|, Im log a in
 *   the sector; sqrt(a) = exp(log(a)/2); a^b otherwise = exp(b log a), with c^b for c
 *   real, positive = exp(b log c), log c from c's exact double where it has one;
 * - cos(a), sin(a): at most cosh(Im a) (|cos(p + iq)|^2 = cos^2 p + sinh^2 q); cosh(a),
 *   sinh(a): at most cosh(Re a) (|cosh(p + iq)|^2 = sinh^2 p + cos^2 q): the
 *   characteristic function's cos(t x), bounded by cosh(rho x) on the disc;
 * - atan, atanh, asin, acos of a value with |a| < 1, tan and tanh with |a| < 3/2: by their
 *   series about 0, whose coefficients' moduli are those of atanh, asin or tan (all
 *   positive): |atan a| <= atanh |a|, |tanh a| <= tan |a|;
 * - anything else with t (an abs, a gamma, a sum...): no bound.
 * Why Cauchy's estimate applies wherever the bound is finite: every rule that could meet
 * a singularity (a quotient, a logarithm, a real power) gives a bound only where its
 * argument keeps away from it on the whole closed region (a divisor with |b| >= e^l > 0,
 * a logarithm's argument off 0 and within a sector of (-pi, pi)), hence on an open set about it, and compositions
 * of analytic functions are analytic there: so |f^(k)(t0)/k!| <= e^u / r^k for every
 * disc |t - t0| <= r inside the region. The values the witness computes at real t are
 * those of the same principal branches (complex.ts). An upper end below -MAX_VALUE (an
 * overflow of a negative part) is kept as -MAX_VALUE, a lower one past MAX_VALUE as
 * MAX_VALUE: still bounds, where +-Infinity would not survive a later sum with a finite
 * term.
 * Test: test/verify/eval/magnitude.test.ts (Taylor jets and complex values on the circle
 * and on strips against the bound on random expressions, and planted wrong rules caught).
 */
export interface DiscRules {
  /** The parts and | | of a real value (free of t). */
  real(a: Enclosure): DiscValue;
  /** t on the disc |t - t0| <= rho. */
  variable(t0: number, rho: number): DiscValue;
  /** t on the STRIP Re t in [lo - rho, hi + rho], |Im t| <= rho. */
  strip(lo: number, hi: number, rho: number): DiscValue;
  neg(a: DiscValue): DiscValue;
  add(a: DiscValue, b: DiscValue): DiscValue;
  /** c a, c real. */
  scale(c: Enclosure, a: DiscValue): DiscValue;
  mul(a: DiscValue, b: DiscValue): DiscValue;
  /** 1/b. */
  inv(b: DiscValue): DiscValue;
  powNat(a: DiscValue, k: number): DiscValue;
  /** exp, log, sqrt, sin, cos, sinh, cosh, and atan, atanh, asin, acos, tan, tanh of small values (DISC_UNKNOWN for another function). */
  call(fn: BuiltinFn, a: DiscValue): DiscValue;
}

/**
 * A set of complex values: Re in [re0, re1], Im in [im0, im1], modulus at most e^u
 * (u = Infinity: unknown) and at least e^l (l = -Infinity: none known, 0 included), and
 * an argument in [a0, a1], a SECTOR narrower than pi within (-pi, pi) (a0 = -Infinity,
 * a1 = Infinity: none known).
 */
export interface DiscValue {
  readonly re0: number;
  readonly re1: number;
  readonly im0: number;
  readonly im1: number;
  readonly u: number;
  readonly l: number;
  readonly a0: number;
  readonly a1: number;
}

const DISC_UNKNOWN: DiscValue = { re0: -Infinity, re1: Infinity, im0: -Infinity, im1: Infinity, u: Infinity, l: -Infinity, a0: -Infinity, a1: Infinity };

/**
 * SECTORS: the argument range [a0, a1] widened outwards by SLACK, or undefined unless it is
 * narrower than pi and within (-pi, pi), where it holds the principal argument.
 */
function sector(a0: number, a1: number): readonly [number, number] | undefined {
  const w0 = a0 - (Math.abs(a0) * SLACK + SLACK);
  const w1 = a1 + (Math.abs(a1) * SLACK + SLACK);
  return w0 <= w1 && w0 > -Math.PI && w1 < Math.PI && w1 - w0 < Math.PI ? [w0, w1] : undefined;
}

/** The sector of a value, where known. */
function sectorOf(a: DiscValue): readonly [number, number] | undefined {
  return a.a0 > -Infinity && a.a1 < Infinity ? [a.a0, a.a1] : undefined;
}

/** x y, 0 where either is 0 (not NaN for 0 times Infinity). */
function product0(x: number, y: number): number {
  return x === 0 || y === 0 ? 0 : x * y;
}
const MAX = Number.MAX_VALUE;

/**
 * [lo, hi] widened outwards by SLACK (and a subnormal) and cut to [-r, r] (a part is at
 * most the modulus r; an end that is NaN, as 0 times Infinity, is the modulus's); the
 * ends kept as bounds past the double range.
 */
function part(lo: number, hi: number, r: number): [number, number] {
  const l = lo - Math.abs(lo) * SLACK - TINY;
  const h = hi + Math.abs(hi) * SLACK + TINY;
  const a = Number.isNaN(l) ? -r : Math.max(l, -r);
  const b = Number.isNaN(h) ? r : Math.min(h, r);
  return [Math.min(a, MAX), Math.max(b, -MAX)];
}

/** The least |v| for v in [lo, hi]. */
function mig(lo: number, hi: number): number {
  return lo > 0 ? lo : hi < 0 ? -hi : 0;
}

/**
 * The value with Re in [re0, re1], Im in [im0, im1], e^l <= |v| <= e^u and an argument in
 * `args` (each part also within the modulus; the lower bound also the least |Re| or |Im|;
 * the sector also that of the parts where Re > 0, and the parts also those of the sector
 * and the moduli where the sector lies within (-pi/2, pi/2)).
 */
function discValue(re0: number, re1: number, im0: number, im1: number, u: number, l = -Infinity, args?: readonly [number, number]): DiscValue {
  if (Number.isNaN(u)) return DISC_UNKNOWN;
  const r = u === Infinity ? Infinity : Math.exp(u) * (1 + SLACK) + TINY;
  let [a, b] = part(re0, re1, r);
  let [c, d] = part(im0, im1, r);
  const m0 = Math.max(mig(a, b), mig(c, d));
  const least = Math.min(Math.max(Number.isNaN(l) ? -Infinity : l, m0 > 0 ? down(Math.log(m0)) : -Infinity), u);
  // the argument atan(Im/Re) where Re > 0: least at the lowest Im over the Re that makes it most negative
  let arg = args;
  if (a > 0 && Number.isFinite(c) && Number.isFinite(d)) {
    const p = sector(c >= 0 ? Math.atan(c / b) : Math.atan(c / a), d <= 0 ? Math.atan(d / b) : Math.atan(d / a));
    if (p !== undefined) arg = arg === undefined || Math.max(arg[0], p[0]) > Math.min(arg[1], p[1]) ? p : [Math.max(arg[0], p[0]), Math.min(arg[1], p[1])];
  }
  if (arg !== undefined && arg[0] > -Math.PI / 2 && arg[1] < Math.PI / 2) {
    // v = |v| e^(i theta): Re >= e^l cos(max |theta|), and Im between the ends' sines times the moduli
    const small = lowerExp(least);
    const cos = Math.max(Math.cos(Math.max(-arg[0], arg[1])) * (1 - SLACK) - TINY, 0);
    const sin0 = Math.sin(arg[0]);
    const sin1 = Math.sin(arg[1]);
    const [i0, i1] = part(product0(sin0 >= 0 ? small : r, sin0), product0(sin1 >= 0 ? r : small, sin1), r);
    a = Math.max(a, product0(small, cos));
    c = Math.max(c, i0);
    d = Math.min(d, i1);
  }
  const m = Math.max(mig(a, b), mig(c, d));
  const lower = Math.min(Math.max(least, m > 0 ? down(Math.log(m)) : -Infinity), u);
  return { re0: a, re1: b, im0: c, im1: d, u, l: lower, a0: arg?.[0] ?? -Infinity, a1: arg?.[1] ?? Infinity };
}

/** Re and Im in [-e^u, e^u], |v| >= e^l: all that the moduli say. */
function ofModulus(u: number, l = -Infinity): DiscValue {
  return discValue(NaN, NaN, NaN, NaN, u, l);
}

/** x widened outwards by a few ulps (a rounded product, before it is added to another). */
function outwards(lo: number, hi: number): [number, number] {
  return [lo - Math.abs(lo) * 2 ** -50 - TINY, hi + Math.abs(hi) * 2 ** -50 + TINY];
}

/** The hull of c [lo, hi] for c in [c0, c1], widened (NaN where 0 meets an infinite end: the caller's modulus decides). */
function times(c0: number, c1: number, lo: number, hi: number): [number, number] {
  const ends = [c0 * lo, c0 * hi, c1 * lo, c1 * hi];
  return outwards(Math.min(...ends), Math.max(...ends));
}

/** The hull of v^2 for v in [lo, hi], widened. */
function square(lo: number, hi: number): [number, number] {
  const a = mig(lo, hi);
  const b = Math.max(Math.abs(lo), Math.abs(hi));
  return outwards(a * a, b * b);
}

/** The larger |end| of an interval. */
function reach(lo: number, hi: number): number {
  return Math.max(Math.abs(lo), Math.abs(hi));
}

/** |a| - |b| >= e^(l_a) - e^(u_b), as a logarithm (rounded down), where it is safely positive. */
function lowerDifference(l: number, u: number): number {
  return u - l < -(2 ** -10) ? down(l + Math.log1p(-Math.exp(u - l))) : -Infinity;
}

function discMul(a: DiscValue, b: DiscValue): DiscValue {
  if (a.u === Infinity || b.u === Infinity) return DISC_UNKNOWN;
  const [p0, p1] = times(a.re0, a.re1, b.re0, b.re1);
  const [q0, q1] = times(a.im0, a.im1, b.im0, b.im1);
  const [r0, r1] = times(a.re0, a.re1, b.im0, b.im1);
  const [s0, s1] = times(a.im0, a.im1, b.re0, b.re1);
  const sa = sectorOf(a);
  const sb = sectorOf(b);
  return discValue(p0 - q1, p1 - q0, r0 + s0, r1 + s1, up(a.u + b.u), down(a.l + b.l), sa && sb && sector(sa[0] + sb[0], sa[1] + sb[1]));
}

function discSquare(a: DiscValue): DiscValue {
  if (a.u === Infinity) return DISC_UNKNOWN;
  const [p0, p1] = square(a.re0, a.re1);
  const [q0, q1] = square(a.im0, a.im1);
  const [r0, r1] = times(a.re0, a.re1, a.im0, a.im1);
  const sa = sectorOf(a);
  return discValue(p0 - q1, p1 - q0, 2 * r0, 2 * r1, up(2 * a.u), down(2 * a.l), sa && sector(2 * sa[0], 2 * sa[1]));
}

function discInv(b: DiscValue): DiscValue {
  if (b.u === Infinity || b.l === -Infinity) return DISC_UNKNOWN;
  // 1/|b| in [small, big], applied twice: Re(1/b) = Re b/|b|^2. Not e^(-2 l) at once, which
  // underflows to 0 for |b| above 10^154 while Re b e^(-2 l) is about 1/|b| (a fifth red-team
  // pass of this session: e^(k/k) was bounded by e^0.59 on [2^1000, 2^1001]); an underflow of
  // the second product is below the parts' TINY
  const small = lowerExp(-b.u);
  const big = Math.exp(-b.l) * (1 + SLACK);
  const twice = (x: number, f: number): number => product0(product0(x, f), f);
  const over = (lo: number, hi: number): [number, number] => [twice(lo, lo >= 0 ? small : big), twice(hi, hi >= 0 ? big : small)];
  const sb = sectorOf(b);
  return discValue(...over(b.re0, b.re1), ...over(-b.im1, -b.im0), up(-b.l), down(-b.u), sb && sector(-sb[1], -sb[0]));
}

function discExp(a: DiscValue): DiscValue {
  if (a.u === Infinity || a.re1 >= MAX) return DISC_UNKNOWN;
  const u = up(a.re1);
  const l = down(a.re0);
  const y = reach(a.im0, a.im1);
  // the argument of e^a is Im a
  const arg = Number.isFinite(a.im0) && Number.isFinite(a.im1) ? sector(a.im0, a.im1) : undefined;
  if (!(y < 1.5)) return discValue(NaN, NaN, NaN, NaN, u, l, arg);
  // Re e^a = e^Re a cos(Im a) >= e^min Re a cos(max |Im a|) > 0; |Im e^a| <= e^max Re a sin(max |Im a|)
  const hi = Math.exp(a.re1) * (1 + SLACK);
  const lo = lowerExp(a.re0) * (Math.cos(y) * (1 - SLACK) - TINY);
  const s = hi * Math.sin(y) * (1 + SLACK);
  return discValue(Math.max(lo, 0), hi, a.im0 >= 0 ? 0 : -s, a.im1 <= 0 ? 0 : s, u, l, arg);
}

function discLog(a: DiscValue): DiscValue {
  const arg = sectorOf(a);
  if (a.u === Infinity || arg === undefined || a.l === -Infinity) return DISC_UNKNOWN;
  // log a = log |a| + i arg a: a sector within (-pi, pi) holds the principal argument, and 0 is excluded
  const size = Math.hypot(Math.max(Math.abs(a.l), Math.abs(a.u)), Math.max(Math.abs(arg[0]), Math.abs(arg[1])));
  return discValue(a.l, a.u, arg[0], arg[1], up(Math.log(size) + SLACK));
}

/**
 * a + b: the intervals summed, |a + b| <= |a| + |b|, |a + b| >= |a| - |b| where positive;
 * and where both have sectors whose union is narrower than pi, the sum lies in that union
 * (a pointed cone), and where it is at most pi/2 wide, |a + b|^2 >= |a|^2 + |b|^2.
 */
function discAdd(a: DiscValue, b: DiscValue): DiscValue {
  const sa = sectorOf(a);
  const sb = sectorOf(b);
  const union = sa && sb ? sector(Math.min(sa[0], sb[0]), Math.max(sa[1], sb[1])) : undefined;
  const acute = union !== undefined && union[1] - union[0] <= Math.PI / 2 ? Math.max(a.l, b.l) : -Infinity;
  return discValue(a.re0 + b.re0, a.re1 + b.re1, a.im0 + b.im0, a.im1 + b.im1, up(logSumExp(a.u, b.u)), Math.max(lowerDifference(a.l, b.u), lowerDifference(b.l, a.u), acute), union);
}

export const DISC_RULES: DiscRules = {
  real: (a) => {
    if (a.hi === Infinity) return DISC_UNKNOWN;
    const [lo, hi] = toInterval(a);
    return discValue(lo, hi, 0, 0, a.hi, a.s === 0 ? -Infinity : a.lo, a.s === 1 ? sector(0, 0) : undefined);
  },
  variable: (t0, rho) => discValue(t0 - rho, t0 + rho, -rho, rho, up(Math.log(Math.abs(t0) + rho))),
  strip: (lo, hi, rho) => discValue(lo - rho, hi + rho, -rho, rho, up(Math.log(reach(lo - rho, hi + rho) + rho))),
  neg: (a) => ({ re0: -a.re1, re1: -a.re0, im0: -a.im1, im1: -a.im0, u: a.u, l: a.l, a0: -Infinity, a1: Infinity }),
  add: discAdd,
  scale: (c, a) => {
    if (c.hi === Infinity || a.u === Infinity) return DISC_UNKNOWN;
    const [c0, c1] = toInterval(c);
    return discValue(...times(c0, c1, a.re0, a.re1), ...times(c0, c1, a.im0, a.im1), up(c.hi + a.u), c.s === 0 ? -Infinity : down(c.lo + a.l), c.s === 1 ? sectorOf(a) : undefined);
  },
  mul: discMul,
  inv: discInv,
  powNat: (a, k) => {
    if (k === 0) return discValue(1, 1, 0, 0, 0, 0, sector(0, 0));
    if (a.u === Infinity) return DISC_UNKNOWN;
    // parts by repeated squaring; the moduli exactly k times
    let p: DiscValue | undefined;
    let q = a;
    for (let m = k; ; m = Math.floor(m / 2)) {
      if (m % 2 === 1) p = p === undefined ? q : discMul(p, q);
      if (m <= 1) break;
      q = discSquare(q);
    }
    const sa = sectorOf(a);
    return discValue(p!.re0, p!.re1, p!.im0, p!.im1, up(k * a.u), down(k * a.l), sa && sector(k * sa[0], k * sa[1]));
  },
  call: (fn, a) => {
    if (a.u === Infinity) return DISC_UNKNOWN;
    switch (fn) {
      case 'exp': return discExp(a);
      case 'log': return discLog(a);
      case 'sqrt': {
        const half = discLog(a);
        return half.u === Infinity ? DISC_UNKNOWN : discExp(DISC_RULES.scale(ofNumber(0.5), half));
      }
      case 'sin': case 'cos': return ofModulus(up(logCosh(reach(a.im0, a.im1))));
      case 'sinh': case 'cosh': return ofModulus(up(logCosh(reach(a.re0, a.re1))));
      default: return small(fn, logBound(a.u));
    }
  },
};

/**
 * atan, atanh, asin, acos, tan, tanh of a value with |a| <= r inside their disc of
 * convergence about 0: a series whose coefficients' moduli are those of atanh (for atan
 * and atanh), asin, or tan (for tan and tanh), which are all positive, so |f(a)| <= g(r);
 * acos = pi/2 - asin. Elsewhere no bound (their branch points and poles lie on the
 * circles |a| = 1 and pi/2).
 */
function small(fn: BuiltinFn, r: number): DiscValue {
  switch (fn) {
    case 'atan': case 'atanh': return r < 1 ? ofModulus(up(Math.log(Math.atanh(r)))) : DISC_UNKNOWN;
    case 'asin': return r < 1 ? ofModulus(up(Math.log(Math.asin(r)))) : DISC_UNKNOWN;
    case 'acos': return r < 1 ? ofModulus(up(Math.log(Math.PI / 2 + Math.asin(r)))) : DISC_UNKNOWN;
    case 'tan': case 'tanh': return r < 1.5 ? ofModulus(up(Math.log(Math.tan(r)))) : DISC_UNKNOWN;
    default: return DISC_UNKNOWN;
  }
}

/**
 * DISCS: u with |f(t)| <= e^u for every t with |t - t0| <= rho (t the variable
 * `isVariable` recognises, every other leaf read by `leaf`), or Infinity when a
 * construct has no rule. `dependsOn(e)`: whether e mentions t (the parts that do not are
 * enclosed by MAGNITUDES). `step` is called once per node (the work budget).
 */
export function discBound(
  expr: Expr, isVariable: (e: Expr) => boolean, dependsOn: (e: Expr) => boolean, t0: number, rho: number,
  leaf: Leaf, step: () => void = () => {}, rules: DiscRules = DISC_RULES,
): number {
  return regionBound(expr, isVariable, dependsOn, rules.variable(t0, rho), leaf, step, rules);
}

/** DISCS on a STRIP: u with |f(t)| <= e^u for Re t in [lo - rho, hi + rho], |Im t| <= rho; as discBound. */
export function stripBound(
  expr: Expr, isVariable: (e: Expr) => boolean, dependsOn: (e: Expr) => boolean, lo: number, hi: number, rho: number,
  leaf: Leaf, step: () => void = () => {}, rules: DiscRules = DISC_RULES,
): number {
  return regionBound(expr, isVariable, dependsOn, rules.strip(lo, hi, rho), leaf, step, rules);
}

function regionBound(
  expr: Expr, isVariable: (e: Expr) => boolean, dependsOn: (e: Expr) => boolean, variable: DiscValue,
  leaf: Leaf, step: () => void, rules: DiscRules,
): number {
  type Part = { real: Enclosure } | { disc: DiscValue };
  const asDisc = (p: Part): DiscValue => ('disc' in p ? p.disc : rules.real(p.real));
  const go = (e: Expr): Part => {
    if (!dependsOn(e)) return { real: enclose(e, leaf, step) };
    step();
    if (isVariable(e)) return { disc: variable };
    switch (e.kind) {
      case 'neg': return { disc: rules.neg(asDisc(go(e.arg))) };
      case 'call': return { disc: rules.call(e.fn, asDisc(go(e.arg))) };
      case 'binop': {
        if (e.op === '^') {
          const k = integerValue(e.right, leaf);
          if (k !== undefined && !dependsOn(e.right)) {
            const p = rules.powNat(asDisc(go(e.left)), Math.abs(k));
            return { disc: k >= 0 ? p : rules.inv(p) };
          }
          if (dependsOn(e.left)) return { disc: rules.call('exp', product(go(e.right), { disc: rules.call('log', asDisc(go(e.left))) })) };
          // c^a = exp(a log c), c > 0 free of t
          return { disc: rules.call('exp', product({ real: logOfBase(e.left, leaf, step) }, go(e.right))) };
        }
        const a = go(e.left);
        const b = go(e.right);
        switch (e.op) {
          case '+': return { disc: rules.add(asDisc(a), asDisc(b)) };
          case '-': return { disc: rules.add(asDisc(a), rules.neg(asDisc(b))) };
          case '*': return { disc: product(a, b) };
          case '/': return { disc: product(a, 'real' in b ? { real: RULES.div(ofNumber(1), b.real) } : { disc: rules.inv(b.disc) }) };
        }
        return { disc: DISC_UNKNOWN };
      }
      default: return { disc: DISC_UNKNOWN };
    }
  };
  const product = (a: Part, b: Part): DiscValue => {
    if ('real' in a) return rules.scale(a.real, asDisc(b));
    if ('real' in b) return rules.scale(b.real, a.disc);
    return rules.mul(a.disc, b.disc);
  };
  const r = go(expr);
  return 'real' in r ? r.real.hi : asDisc(r).u;
}

/** The circles' radii, in units of rho, on which coefficientLogBound applies Cauchy's estimate. */
const DISC_RADII: readonly number[] = [1, 1 / 4, 1 / 16];

/** Cauchy's estimate, as a logarithm: |c_k| <= M / r^k <= M / r^order for k <= order, r <= 1, with M = e^u. */
export function cauchyEstimate(u: number, r: number, order: number): number {
  return up(u - order * Math.log(r));
}

/**
 * DISCS: the logarithm of a bound on every normalised Taylor coefficient c_0..c_order of
 * f at t0 in eps = (t - t0)/rho, by Cauchy's estimate on the circles |eps| = r, r in
 * DISC_RADII: the least of those bounds (a smaller circle where f is small only near t0,
 * as the logistic law's moment generating function, finite for |t| < 1), or the first
 * whose e^bound is at most `enough`. Infinity: none known.
 */
export function coefficientLogBound(
  expr: Expr, isVariable: (e: Expr) => boolean, dependsOn: (e: Expr) => boolean, t0: number, rho: number, order: number,
  leaf: Leaf, step: () => void = () => {}, enough = 0, rules: DiscRules = DISC_RULES, cauchy = cauchyEstimate,
): number {
  let best = Infinity;
  for (const r of DISC_RADII) {
    const b = cauchy(discBound(expr, isVariable, dependsOn, t0, r * rho, leaf, step, rules), r, order);
    if (b < best) best = b;
    if (logBound(best) <= enough) break;
  }
  return best;
}
