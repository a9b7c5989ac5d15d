/**
 * Rigorous interval enclosures of kernel terms. TRUSTED KERNEL.
 *
 * An RInterval is a set of reals described by two optional Bounds (absent = infinite,
 * `open` = the end itself excluded), the same shape as a variable's assumption.
 * Invariant of every function here: the interval returned CONTAINS every value the
 * term can take (at the point, or over the box of assumptions). Nothing is ever
 * rounded inward: rational endpoints are rounded outward to `prec` significant bits
 * (dyadics) to keep their size bounded, and an end keeps its `open` flag only when
 * that is sound (rounding a lower end down keeps `x > v >= r` true).
 *
 * Transcendental values come from exact integer (fixed-point) arithmetic with an
 * explicit remainder bound: exp by Taylor after halving the argument, log by
 * 2 atanh((x-1)/(x+1)) after reduction by powers of 2 with an enclosure of log 2,
 * pi by Machin's formula, sin by Taylor after reduction modulo an enclosure of
 * 2 pi, atan by its alternating series after reduction to |r| <= 1/2 (atan(1/r) =
 * pi/2 - atan(r), atan(r) = pi/4 + atan((r-1)/(r+1))), asin through atan and an
 * enclosed square root, acos = pi/2 - asin, q-th roots by integer Newton with an
 * exact check. Where a term may be
 * undefined on the enclosure (a divisor that may be 0, log of a possibly
 * nonpositive argument) the functions throw `interval/undefined`; they never
 * guess.
 */
import { fail } from '../numbers/errors.ts';
import { Rational, bitLength, integerRoot } from '../numbers/rational.ts';
import type { Assumptions, Bound, Term } from '../containers/term.ts';
import { termToString } from '../containers/term.ts';
import * as T from '../containers/term.ts';
import { gammaTerm } from './gammavalue.ts';

/** A real interval; an absent end is infinite. Same shape as a VarAssumption. */
export interface RInterval {
  readonly lo?: Bound;
  readonly hi?: Bound;
}

/** Default working precision (significant bits kept at each rounding). */
export const DEFAULT_PREC = 128;

/** |x| above which exp(x) is not evaluated (it would need > 14000-bit integers). */
const EXP_LIMIT = Rational.of(10000);

const ONE = Rational.ONE;
const ZERO = Rational.ZERO;

// ---------------------------------------------------------------------------
// Small helpers: directed integer division and outward rounding
// ---------------------------------------------------------------------------

function floorDiv(a: bigint, b: bigint): bigint {
  if (b < 0n) { a = -a; b = -b; }
  const q = a / b;
  return a < 0n && q * b !== a ? q - 1n : q;
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return -floorDiv(-a, b);
}

function pow2(e: number): bigint {
  return 1n << BigInt(e);
}

/** A dyadic m / 2^s (s may be negative) as a Rational. */
function dyadic(m: bigint, s: number): Rational {
  return s >= 0 ? Rational.frac(m, pow2(s)) : Rational.frac(m * pow2(-s));
}

/** r rounded toward -inf (up = false) or +inf (up = true) to `prec` significant bits. */
export function roundRational(r: Rational, prec: number, up: boolean): Rational {
  const nb = bitLength(r.num);
  const db = bitLength(r.den);
  if (nb + db <= 2 * prec + 8) return r;
  // |r| is within a factor 2 of 2^(nb - db); keep prec bits below that.
  const s = prec - (nb - db);
  const scaled = s >= 0 ? [r.num * pow2(s), r.den] : [r.num, r.den * pow2(-s)];
  const m = up ? ceilDiv(scaled[0]!, scaled[1]!) : floorDiv(scaled[0]!, scaled[1]!);
  return dyadic(m, s);
}

function down(r: Rational, prec: number): Rational {
  return roundRational(r, prec, false);
}

function up(r: Rational, prec: number): Rational {
  return roundRational(r, prec, true);
}

function max(a: Rational, b: Rational): Rational {
  return a.cmp(b) >= 0 ? a : b;
}

// ---------------------------------------------------------------------------
// Point functions: [lower, upper] bounds of f(r) for a rational r
// ---------------------------------------------------------------------------

/** Fixed-point exp(Y / 2^w) * 2^w for 0 <= Y / 2^w <= 1/64, rounded down or up (Taylor + remainder). */
function expFixed(Y: bigint, w: number, roundUp: boolean): bigint {
  if (Y === 0n) return pow2(w);
  // y < 2^-e. Choose N with tail <= 2 y^(N+1)/(N+1)! <= 2^(1 - e(N+1)) <= 2^-w.
  const e = w - bitLength(Y);
  if (e < 1) fail('interval/internal', 'expFixed: argument not reduced');
  const N = Math.max(1, Math.ceil((w + 1) / e) - 1);
  // Terms T_i = y^i/i! * 2^w by the chain T_i = T_(i-1) * Y / (i 2^w), rounded down (or up)
  // at every step: all quantities are >= 0, so the chain stays a lower (upper) bound.
  const S = pow2(w);
  let term = S;
  let sum = S;
  for (let i = 1; i <= N; i++) {
    const d = BigInt(i) * S;
    term = roundUp ? ceilDiv(term * Y, d) : (term * Y) / d;
    sum += term;
  }
  return roundUp ? sum + 1n : sum;
}

/**
 * Bounds [lo, hi] with lo <= exp(r) <= hi.
 * Throws: `interval/overflow` when |r| > 10000.
 */
export function expBounds(r: Rational, prec: number = DEFAULT_PREC): [Rational, Rational] {
  return memo(expCache, r, prec, expBoundsRaw);
}

/** Bounded memo tables: terms repeat the same subterm (exp(-s) many times) at one point. */
const expCache = new Map<string, [Rational, Rational]>();
const logCache = new Map<string, [Rational, Rational]>();

function memo(
  cache: Map<string, [Rational, Rational]>,
  r: Rational,
  prec: number,
  f: (r: Rational, prec: number) => [Rational, Rational],
): [Rational, Rational] {
  const key = `${r}|${prec}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const out = f(r, prec);
  if (cache.size >= 4096) cache.clear();
  cache.set(key, out);
  return out;
}

function expBoundsRaw(r: Rational, prec: number): [Rational, Rational] {
  if (r.isZero()) return [ONE, ONE];
  if (r.abs().cmp(EXP_LIMIT) > 0) fail('interval/overflow', `exp: argument too large to enclose, |${r}| > ${EXP_LIMIT}`);
  if (r.sign() < 0) {
    // exp(r) = 1/exp(-r): keeps relative precision for large negative r.
    const [l, u] = expBounds(r.neg(), prec + 4);
    return [down(u.inv(), prec), up(l.inv(), prec)];
  }
  const k = Math.max(0, bitLength(r.ceil())) + 6; // r / 2^k <= 1/64
  const w = prec + k + 20;
  const num = r.num << BigInt(w);
  const den = r.den << BigInt(k);
  let L = expFixed(floorDiv(num, den), w, false);
  let U = expFixed(ceilDiv(num, den), w, true);
  const S = pow2(w);
  for (let i = 0; i < k; i++) {
    // exp(2y) = exp(y)^2; both bounds are positive so squaring is monotone.
    L = (L * L) >> BigInt(w);
    U = ceilDiv(U * U, S);
  }
  let lo = down(Rational.frac(L, S), prec);
  if (lo.cmp(ONE) < 0) lo = ONE; // exp(r) >= 1 for r >= 0
  return [lo, up(Rational.frac(U, S), prec)];
}

/** Fixed-point atanh(Z / 2^w) * 2^w for 0 <= Z / 2^w <= 1/4, rounded down or up. */
function atanhFixed(Z: bigint, w: number, roundUp: boolean): bigint {
  if (Z === 0n) return 0n;
  if (Z < 0n) return -atanhFixed(-Z, w, !roundUp);
  // Tail after the term z^(2N+1)/(2N+1): <= z^(2N+3)/(1 - z^2) <= 2 z^(2N+3); stop when <= 2^-w.
  // P_i = z^(2i+1) * 2^w by the chain P_i = P_(i-1) Z^2 / 2^(2w), rounded down (or up).
  // z < 2^-e; the tail after term i is <= 2 z^(2i+3) <= 2^(1 - e(2i+3)); stop once <= 2^-w.
  const e = w - bitLength(Z);
  if (e < 2) fail('interval/internal', 'atanhFixed: argument not reduced');
  const S2 = pow2(2 * w);
  const Z2 = Z * Z;
  let P = Z;
  let sum = 0n;
  for (let i = 0; ; i++) {
    const d = BigInt(2 * i + 1);
    sum += roundUp ? ceilDiv(P, d) : P / d;
    if (e * (2 * i + 3) >= w + 1) break;
    P = roundUp ? ceilDiv(P * Z2, S2) : (P * Z2) / S2;
  }
  return roundUp ? sum + 1n : sum;
}

const log2Cache = new Map<number, [bigint, bigint]>();

/** Fixed-point bounds of log 2 * 2^w, from log 2 = 2 atanh(1/3). */
function log2Fixed(w: number): [bigint, bigint] {
  const hit = log2Cache.get(w);
  if (hit) return hit;
  const S = pow2(w);
  let lo = 0n;
  let hi = 0n;
  let p3 = 3n; // 3^(2i+1)
  for (let i = 0; ; i++) {
    const d = p3 * BigInt(2 * i + 1);
    lo += S / d;
    hi += ceilDiv(S, d);
    p3 *= 9n;
    // tail <= sum_{j>i} 3^-(2j+1) <= 3^-(2i+3) * 9/8 < 2^-w once 3^(2i+3) >= 2^(w+1)
    if (p3 >= 2n * S) break;
  }
  const out: [bigint, bigint] = [2n * lo, 2n * (hi + 1n)];
  log2Cache.set(w, out);
  return out;
}

/**
 * Bounds [lo, hi] with lo <= log(r) <= hi.
 * Throws: `interval/undefined` when r <= 0.
 */
export function logBounds(r: Rational, prec: number = DEFAULT_PREC): [Rational, Rational] {
  return memo(logCache, r, prec, logBoundsRaw);
}

function logBoundsRaw(r: Rational, prec: number): [Rational, Rational] {
  if (r.sign() <= 0) fail('interval/undefined', `log: argument must be positive, got ${r}`);
  const c = r.cmp(ONE);
  if (c === 0) return [ZERO, ZERO];
  if (c < 0) {
    const [l, u] = logBounds(r.inv(), prec);
    return [u.neg(), l.neg()];
  }
  // r > 1: r = 2^m x with x in [2/3, 4/3], m >= 0.
  let m = bitLength(r.num) - bitLength(r.den); // r / 2^m in (1/2, 2)
  const xOf = (mm: number): Rational => r.div(Rational.frac(pow2(Math.max(mm, 0)))).mul(Rational.frac(pow2(Math.max(-mm, 0))));
  let x = xOf(m);
  if (x.cmp(Rational.frac(4n, 3n)) > 0) x = xOf(++m);
  else if (x.cmp(Rational.frac(2n, 3n)) < 0) x = xOf(--m);
  const z = x.sub(ONE).div(x.add(ONE)); // |z| <= 1/5
  // Absolute precision adapted to |z| so that small logs keep relative precision.
  const zBits = z.isZero() ? 0 : Math.max(0, bitLength(z.den) - bitLength(z.num));
  const w = prec + 16 + zBits + bitLength(BigInt(Math.abs(m) + 1));
  const zn = z.num << BigInt(w);
  const aLo = atanhFixed(floorDiv(zn, z.den), w, false);
  const aHi = atanhFixed(ceilDiv(zn, z.den), w, true);
  const [l2Lo, l2Hi] = m === 0 ? [0n, 0n] : log2Fixed(w);
  const M = BigInt(m);
  const lo = M >= 0n ? M * l2Lo + 2n * aLo : M * l2Hi + 2n * aLo;
  const hi = M >= 0n ? M * l2Hi + 2n * aHi : M * l2Lo + 2n * aHi;
  const S = pow2(w);
  let loR = down(Rational.frac(lo, S), prec);
  if (loR.sign() < 0) loR = ZERO; // log r > 0 for r > 1
  return [loR, up(Rational.frac(hi, S), prec)];
}

/** Fixed-point bounds of atan(1/n) * 2^w (alternating series). */
function atanInvFixed(n: bigint, w: number): [bigint, bigint] {
  const S = pow2(w);
  let lo = 0n;
  let hi = 0n;
  let np = n; // n^(2i+1)
  for (let i = 0; ; i++) {
    const d = np * BigInt(2 * i + 1);
    if (i % 2 === 0) {
      lo += S / d;
      hi += ceilDiv(S, d);
    } else {
      lo -= ceilDiv(S, d);
      hi -= S / d;
    }
    np *= n * n;
    // next term < 2^-w: the alternating tail is bounded by it
    if (np * BigInt(2 * i + 3) > S) break;
  }
  return [lo - 1n, hi + 1n];
}

const piCache = new Map<number, [Rational, Rational]>();

/** Bounds [lo, hi] with lo <= pi <= hi (Machin: pi = 16 atan(1/5) - 4 atan(1/239)). */
export function piBounds(prec: number = DEFAULT_PREC): [Rational, Rational] {
  const hit = piCache.get(prec);
  if (hit) return hit;
  const w = prec + 16;
  const [a5lo, a5hi] = atanInvFixed(5n, w);
  const [a239lo, a239hi] = atanInvFixed(239n, w);
  const S = pow2(w);
  const out: [Rational, Rational] = [
    down(Rational.frac(16n * a5lo - 4n * a239hi, S), prec),
    up(Rational.frac(16n * a5hi - 4n * a239lo, S), prec),
  ];
  piCache.set(prec, out);
  return out;
}


/** Bounds [lo, hi] with lo <= r^(1/q) <= hi. Requires: r >= 0, q >= 1. Throws: `interval/undefined` for r < 0. */
export function rootBounds(r: Rational, q: number, prec: number = DEFAULT_PREC): [Rational, Rational] {
  if (r.sign() < 0) fail('interval/undefined', `root: argument must be nonnegative, got ${r}`);
  if (r.isZero() || q === 1) return [r, r];
  // s fractional bits: relative precision about prec bits.
  const logR = bitLength(r.num) - bitLength(r.den);
  const s = Math.max(0, prec + 8 - Math.floor(logR / q));
  const sh = BigInt(s * q);
  const lo = integerRoot(floorDiv(r.num << sh, r.den), q);
  const mUp = ceilDiv(r.num << sh, r.den);
  let hi = integerRoot(mUp, q);
  if (hi ** BigInt(q) < mUp) hi += 1n;
  return [down(Rational.frac(lo, pow2(s)), prec), up(Rational.frac(hi, pow2(s)), prec)];
}

/** Bounds of sin(r) for |r| <= 8 (Taylor with Lagrange remainder; |sin^(n)| <= 1). */
function sinSmall(r: Rational, prec: number): [Rational, Rational] {
  const w = prec + 40;
  const Y = floorDiv(r.num << BigInt(w), r.den); // y = Y/2^w, |y - r| <= 2^-w, |sin y - sin r| <= 2^-w
  const A = Y < 0n ? -Y : Y;
  const sgn = Y < 0n ? -1n : 1n;
  const S = pow2(w);
  // magnitudes |y|^(2i+1)/(2i+1)! * 2^w by chains rounded down (mLo) and up (mHi)
  let mLo = A;
  let mHi = A;
  let lo = 0n;
  let hi = 0n;
  const A2 = A * A;
  for (let i = 0; ; i++) {
    const positive = (i % 2 === 0) === (sgn > 0n);
    if (positive) { lo += mLo; hi += mHi; } else { lo -= mHi; hi -= mLo; }
    const d = BigInt((2 * i + 2) * (2 * i + 3)) * S * S;
    mLo = (mLo * A2) / d;
    mHi = ceilDiv(mHi * A2, d);
    // Lagrange remainder <= |y|^(2i+3)/(2i+3)! = mHi (in ulps); stop when <= 1 ulp
    if (mHi <= 1n) break;
  }
  // +-1 for the remainder, +-1 for the rounding of the argument
  return [down(Rational.frac(lo - 2n, S), prec), up(Rational.frac(hi + 2n, S), prec)];
}

/**
 * Bounds of atan(r) for |r| <= 1/2: the alternating series sum (-1)^i y^(2i+1)/(2i+1)
 * in fixed point (chains rounded down and up), with y = r to 2^-w (atan is
 * 1-Lipschitz) and the tail bounded by its first term (alternating, decreasing).
 */
function atanSmall(r: Rational, prec: number): [Rational, Rational] {
  const w = prec + 40;
  const Y = floorDiv(r.num << BigInt(w), r.den);
  const A = Y < 0n ? -Y : Y;
  const S = pow2(w);
  const S2 = S * S;
  const A2 = A * A;
  let pLo = A;
  let pHi = A;
  let lo = 0n;
  let hi = 0n;
  for (let i = 0; ; i++) {
    const d = BigInt(2 * i + 1);
    if (i % 2 === 0) { lo += pLo / d; hi += ceilDiv(pHi, d); } else { lo -= ceilDiv(pHi, d); hi -= pLo / d; }
    pLo = (pLo * A2) / S2;
    pHi = ceilDiv(pHi * A2, S2);
    if (ceilDiv(pHi, BigInt(2 * i + 3)) <= 1n) break;
  }
  // +-1 ulp for the tail, +-1 for the rounding of the argument (on |y|, then the sign)
  const L = lo - 2n;
  const H = hi + 2n;
  return Y < 0n
    ? [down(Rational.frac(-H, S), prec), up(Rational.frac(-L, S), prec)]
    : [down(Rational.frac(L, S), prec), up(Rational.frac(H, S), prec)];
}

/**
 * Bounds [lo, hi] of atan(r) for a rational r: atan(-r) = -atan(r); atan(r) =
 * pi/2 - atan(1/r) for r > 1; atan(r) = pi/4 + atan((r - 1)/(r + 1)) for 1/2 < r <= 1
 * (then |(r - 1)/(r + 1)| < 1/3); atanSmall below.
 */
export function atanBounds(r: Rational, prec: number = DEFAULT_PREC): [Rational, Rational] {
  if (r.sign() < 0) {
    const [l, h] = atanBounds(r.neg(), prec);
    return [h.neg(), l.neg()];
  }
  if (r.isZero()) return [ZERO, ZERO];
  const half = Rational.frac(1n, 2n);
  if (r.cmp(half) <= 0) {
    const [l, h] = atanSmall(r, prec);
    return [l.sign() < 0 ? ZERO : l, h]; // atan(r) > 0 for r > 0
  }
  const [piLo, piHi] = piBounds(prec + 8);
  if (r.cmp(ONE) > 0) {
    const [l, h] = atanBounds(r.inv(), prec + 8);
    return [down(piLo.mul(half).sub(h), prec), up(piHi.mul(half).sub(l), prec)];
  }
  const [l, h] = atanSmall(r.sub(ONE).div(r.add(ONE)), prec + 8);
  const q4 = Rational.frac(1n, 4n);
  return [down(piLo.mul(q4).add(l), prec), up(piHi.mul(q4).add(h), prec)];
}

/**
 * Bounds of asin(r) for -1 <= r <= 1: +-pi/2 at +-1, else atan(r/sqrt(1 - r^2)),
 * increasing in r/sqrt(1 - r^2), so the root's bounds give the outer ones.
 */
function asinBounds(r: Rational, prec: number): [Rational, Rational] {
  if (r.sign() < 0) {
    const [l, h] = asinBounds(r.neg(), prec);
    return [h.neg(), l.neg()];
  }
  if (r.isZero()) return [ZERO, ZERO];
  const [piLo, piHi] = piBounds(prec + 8);
  const half = Rational.frac(1n, 2n);
  if (r.eq(ONE)) return [down(piLo.mul(half), prec), up(piHi.mul(half), prec)];
  const [sLo, sHi] = rootBounds(ONE.sub(r.mul(r)), 2, prec + 16);
  return [atanBounds(r.div(sHi), prec)[0], atanBounds(r.div(sLo), prec)[1]];
}

/** asin over an interval (increasing); undefined when entirely outside [-1, 1]. */
function iasin(a: RInterval, prec: number, what: () => string): RInterval {
  const M1 = Rational.MINUS_ONE;
  if ((a.hi && a.hi.value.cmp(M1) < 0) || (a.lo && a.lo.value.cmp(ONE) > 0)) {
    fail('interval/undefined', `asin: argument ${what()} has range ${intervalToString(a)}, outside [-1, 1]`);
  }
  if (!a.lo || !a.hi || a.lo.value.cmp(M1) < 0 || a.hi.value.cmp(ONE) > 0) {
    fail('interval/unsupported', `asin: argument ${what()} has range ${intervalToString(a)}, not inside [-1, 1]`);
  }
  return monotone(a, (r) => asinBounds(r, prec), undefined, undefined);
}

// ---------------------------------------------------------------------------
// Interval operations
// ---------------------------------------------------------------------------

const b = (value: Rational, open = false): Bound => ({ value, open });

/** The closed interval [lo, hi]. */
export function closed(lo: Rational, hi: Rational): RInterval {
  return { lo: b(lo), hi: b(hi) };
}

/** The one-point interval [r, r]. */
export function pointInterval(r: Rational): RInterval {
  return closed(r, r);
}

/** The whole real line. */
export const REALS: RInterval = {};

/** True when r lies in I. */
export function contains(I: RInterval, r: Rational): boolean {
  if (I.lo) {
    const c = r.cmp(I.lo.value);
    if (c < 0 || (c === 0 && I.lo.open)) return false;
  }
  if (I.hi) {
    const c = r.cmp(I.hi.value);
    if (c > 0 || (c === 0 && I.hi.open)) return false;
  }
  return true;
}

/** True when every element of I is > 0. */
export function isPositive(I: RInterval): boolean {
  return !!I.lo && (I.lo.value.sign() > 0 || (I.lo.value.isZero() && I.lo.open));
}

/** True when every element of I is >= 0. */
export function isNonneg(I: RInterval): boolean {
  return !!I.lo && I.lo.value.sign() >= 0;
}

/** True when every element of I is < 0. */
export function isNegative(I: RInterval): boolean {
  return !!I.hi && (I.hi.value.sign() < 0 || (I.hi.value.isZero() && I.hi.open));
}

/** True when every element of I is <= 0. */
export function isNonpos(I: RInterval): boolean {
  return !!I.hi && I.hi.value.sign() <= 0;
}

/** True when every element of a is < every element of b. */
export function certainlyLess(a: RInterval, c: RInterval): boolean {
  if (!a.hi || !c.lo) return false;
  const k = a.hi.value.cmp(c.lo.value);
  return k < 0 || (k === 0 && (a.hi.open || c.lo.open));
}

/** True when every element of a is <= every element of b. */
export function certainlyLessEq(a: RInterval, c: RInterval): boolean {
  return !!a.hi && !!c.lo && a.hi.value.cmp(c.lo.value) <= 0;
}

/** True when a and b have no common element. */
export function disjoint(a: RInterval, c: RInterval): boolean {
  return certainlyLess(a, c) || certainlyLess(c, a);
}

/** Readable text such as `[1/2, 3)` or `(-inf, 0]`. */
export function intervalToString(I: RInterval): string {
  const l = I.lo ? `${I.lo.open ? '(' : '['}${I.lo.value}` : '(-inf';
  const h = I.hi ? `${I.hi.value}${I.hi.open ? ')' : ']'}` : '+inf)';
  return `${l}, ${h}`;
}

/** True when 0 is an element of I. */
function containsZero(I: RInterval): boolean {
  return contains(I, ZERO);
}

function iadd(a: RInterval, c: RInterval, prec: number): RInterval {
  return {
    lo: a.lo && c.lo ? b(down(a.lo.value.add(c.lo.value), prec), a.lo.open || c.lo.open) : undefined,
    hi: a.hi && c.hi ? b(up(a.hi.value.add(c.hi.value), prec), a.hi.open || c.hi.open) : undefined,
  };
}

function ineg(a: RInterval): RInterval {
  return {
    lo: a.hi ? b(a.hi.value.neg(), a.hi.open) : undefined,
    hi: a.lo ? b(a.lo.value.neg(), a.lo.open) : undefined,
  };
}

/** Extended real: a finite rational or +-infinity (as sign). */
type Ext = { fin: Rational } | { inf: 1 | -1 };

function extMul(x: Ext, y: Ext): Ext {
  if ('fin' in x && 'fin' in y) return { fin: x.fin.mul(y.fin) };
  // 0 * inf = 0 is the convention that keeps hull-of-corners correct for products
  if ('fin' in x && x.fin.isZero()) return { fin: ZERO };
  if ('fin' in y && y.fin.isZero()) return { fin: ZERO };
  const sx = 'fin' in x ? x.fin.sign() : x.inf;
  const sy = 'fin' in y ? y.fin.sign() : y.inf;
  return { inf: (sx * sy) as 1 | -1 };
}

function extCmp(x: Ext, y: Ext): number {
  if ('fin' in x && 'fin' in y) return x.fin.cmp(y.fin);
  const vx = 'fin' in x ? 0 : x.inf;
  const vy = 'fin' in y ? 0 : y.inf;
  return vx - vy;
}

function imul(a: RInterval, c: RInterval, prec: number): RInterval {
  const ends = (I: RInterval): { e: Ext; attained: boolean }[] => [
    I.lo ? { e: { fin: I.lo.value }, attained: !I.lo.open } : { e: { inf: -1 }, attained: false },
    I.hi ? { e: { fin: I.hi.value }, attained: !I.hi.open } : { e: { inf: 1 }, attained: false },
  ];
  const corners: { e: Ext; attained: boolean }[] = [];
  for (const x of ends(a)) for (const y of ends(c)) corners.push({ e: extMul(x.e, y.e), attained: x.attained && y.attained });
  let mn = corners[0]!.e;
  let mx = corners[0]!.e;
  for (const k of corners) {
    if (extCmp(k.e, mn) < 0) mn = k.e;
    if (extCmp(k.e, mx) > 0) mx = k.e;
  }
  // An extreme m != 0 of a bilinear function on a box is attained only at a corner;
  // the value 0 is attained exactly when one factor's set contains 0.
  const zeroAttained = containsZero(a) || containsZero(c);
  const endOf = (m: Ext, roundUp: boolean): Bound | undefined => {
    if (!('fin' in m)) return undefined;
    const open = m.fin.isZero()
      ? !zeroAttained
      : !corners.some((k) => 'fin' in k.e && k.e.fin.eq(m.fin) && k.attained);
    return b(roundUp ? up(m.fin, prec) : down(m.fin, prec), open);
  };
  return { lo: endOf(mn, false), hi: endOf(mx, true) };
}

function iinv(a: RInterval, prec: number, what: () => string): RInterval {
  if (isPositive(a)) {
    const lo = a.lo!;
    return {
      lo: a.hi ? b(down(a.hi.value.inv(), prec), a.hi.open) : b(ZERO, true),
      hi: lo.value.sign() > 0 ? b(up(lo.value.inv(), prec), lo.open) : undefined,
    };
  }
  if (isNegative(a)) return ineg(iinv(ineg(a), prec, what));
  return fail('interval/undefined', `division: divisor ${what()} has range ${intervalToString(a)}, which may contain 0`);
}

/** f strictly increasing, with bounds fn(r) for finite ends and limits at -inf / +inf (undefined = infinite). */
function monotone(
  a: RInterval,
  f: (r: Rational) => [Rational, Rational],
  atNegInf: Bound | undefined,
  atPosInf: Bound | undefined,
): RInterval {
  return {
    lo: a.lo ? b(f(a.lo.value)[0], a.lo.open) : atNegInf,
    hi: a.hi ? b(f(a.hi.value)[1], a.hi.open) : atPosInf,
  };
}

/** Refuses a power whose exact value would exceed about 2^20 bits. Throws: `interval/overflow`. */
function checkPowSize(r: Rational, n: bigint, what: () => string): void {
  if (r.den === 1n && (r.num === 0n || r.num === 1n || r.num === -1n)) return;
  const bits = BigInt(bitLength(r.num) + bitLength(r.den));
  if (bits * n > 1n << 20n) fail('interval/overflow', `power: ${what()}^${n} is too large to evaluate exactly`);
}

function ipowInt(a: RInterval, n: bigint, prec: number, what: () => string): RInterval {
  if (n < 0n) return iinv(ipowInt(a, -n, prec, what), prec, what);
  const p = (r: Rational): [Rational, Rational] => {
    checkPowSize(r, n, what);
    const x = r.pow(n);
    return [down(x, prec), up(x, prec)];
  };
  if (n % 2n === 1n) return monotone(a, p, undefined, undefined);
  if (isPositive(a) || isNonneg(a)) return monotone(a, p, undefined, undefined);
  if (isNonpos(a)) return ipowInt(ineg(a), n, prec, what);
  // a straddles 0: [0, max(|lo|, |hi|)^n]
  const hi = a.lo && a.hi ? b(up(max(a.lo.value.neg(), a.hi.value).pow(n), prec)) : undefined;
  return { lo: b(ZERO), hi };
}

function ipowRat(a: RInterval, e: Rational, prec: number, what: () => string): RInterval {
  if (e.isInteger()) return ipowInt(a, e.num, prec, what);
  if (e.sign() < 0) return iinv(ipowRat(a, e.neg(), prec, what), prec, what);
  if (!isNonneg(a)) {
    fail('interval/undefined', `power: base ${what()} of a fractional power has range ${intervalToString(a)}, not >= 0`);
  }
  if (e.den > 4096n) fail('interval/overflow', `power: root index ${e.den} of ${what()} is too large`);
  const q = Number(e.den);
  const p = e.num;
  const f = (r: Rational): [Rational, Rational] => {
    checkPowSize(r, p, what);
    const x = r.pow(p);
    return [rootBounds(down(x, prec + 8), q, prec)[0], rootBounds(up(x, prec + 8), q, prec)[1]];
  };
  return monotone(a, f, undefined, undefined);
}

function iexp(a: RInterval, prec: number): RInterval {
  const lim = EXP_LIMIT;
  const f = (r: Rational): [Rational, Rational] => {
    if (r.cmp(lim.neg()) < 0) return [ZERO, expBounds(lim.neg(), prec)[1]];
    if (r.cmp(lim) > 0) return [expBounds(lim, prec)[0], r]; // upper end handled below
    return expBounds(r, prec);
  };
  const out = monotone(a, f, b(ZERO, true), undefined);
  const lo = out.lo && out.lo.value.sign() <= 0 ? b(ZERO, true) : out.lo; // exp > 0
  const hi = a.hi && a.hi.value.cmp(lim) > 0 ? undefined : out.hi;
  return { lo, hi };
}

function ilog(a: RInterval, prec: number, what: () => string): RInterval {
  if (!isPositive(a) || (a.hi && a.hi.value.sign() <= 0)) {
    fail('interval/undefined', `log: argument ${what()} has range ${intervalToString(a)}, not > 0`);
  }
  return {
    lo: a.lo!.value.sign() > 0 ? b(logBounds(a.lo!.value, prec)[0], a.lo!.open) : undefined,
    hi: a.hi ? b(logBounds(a.hi.value, prec)[1], a.hi.open) : undefined,
  };
}

function iabs(a: RInterval): RInterval {
  if (isNonneg(a)) return a;
  if (isNonpos(a)) return ineg(a);
  return { lo: b(ZERO), hi: a.lo && a.hi ? b(max(a.lo.value.neg(), a.hi.value)) : undefined };
}

const UNIT: RInterval = closed(Rational.MINUS_ONE, ONE);

/** sin over an interval: reduction by an enclosure of 2 pi, then monotone pieces or +-1 at critical points. */
function isin(a: RInterval, prec: number): RInterval {
  if (!a.lo || !a.hi) return UNIT;
  const [piLo, piHi] = piBounds(prec + 16);
  const lo = a.lo.value;
  const hi = a.hi.value;
  if (hi.sub(lo).cmp(piLo.mul(Rational.of(2))) >= 0) return UNIT;
  // shift by k * 2pi so that the midpoint lies near 0
  const mid = lo.add(hi).div(Rational.of(2));
  const k = mid.div(piLo.mul(Rational.of(2))).add(Rational.frac(1n, 2n)).floor();
  const twoK = Rational.of(2n * k);
  const shift = k >= 0n ? [twoK.mul(piLo), twoK.mul(piHi)] : [twoK.mul(piHi), twoK.mul(piLo)];
  const X: RInterval = closed(down(lo.sub(shift[1]!), prec + 16), up(hi.sub(shift[0]!), prec + 16));
  const xl = X.lo!.value;
  const xh = X.hi!.value;
  if (xl.abs().cmp(Rational.of(8)) > 0 || xh.abs().cmp(Rational.of(8)) > 0) return UNIT;
  const sl = sinSmall(xl, prec);
  const sh = sinSmall(xh, prec);
  let rlo = sl[0].cmp(sh[0]) < 0 ? sl[0] : sh[0];
  let rhi = max(sl[1], sh[1]);
  // critical points pi/2 + n pi with n in -3..2 cover |x| <= 8
  for (let n = -3; n <= 2; n++) {
    const c = Rational.frac(BigInt(2 * n + 1), 2n);
    const cI = c.sign() >= 0 ? closed(c.mul(piLo), c.mul(piHi)) : closed(c.mul(piHi), c.mul(piLo));
    if (certainlyLess(cI, X) || certainlyLess(X, cI)) continue;
    if (((n % 2) + 2) % 2 === 0) rhi = ONE; // sin(pi/2 + 2m pi) = 1
    else rlo = Rational.MINUS_ONE;
  }
  if (rlo.cmp(Rational.MINUS_ONE) < 0) rlo = Rational.MINUS_ONE;
  if (rhi.cmp(ONE) > 0) rhi = ONE;
  return closed(rlo, rhi);
}

function icos(a: RInterval, prec: number): RInterval {
  const [piLo, piHi] = piBounds(prec + 16);
  const half = Rational.frac(1n, 2n);
  return isin(iadd(a, closed(piLo.mul(half), piHi.mul(half)), prec + 16), prec);
}

/** B_2k / (2k (2k - 1)) for k = 1..8 (Stirling's series), and |B_18|/(18 * 17). */
const STIRLING: readonly Rational[] = [
  [1n, 12n], [-1n, 360n], [1n, 1260n], [-1n, 1680n], [1n, 1188n], [-691n, 360360n], [1n, 156n], [-3617n, 122400n],
].map(([n, d]) => Rational.frac(n!, d!));
const STIRLING_NEXT = Rational.frac(43867n, 798n * 306n);

/**
 * [lower, upper] bounds of Gamma(c) for a rational c > 0: shifted to y = c + N >= 20 by
 * Gamma(c) = Gamma(y)/(c (c+1) ... (y-1)) (exact), then Stirling's series
 *   log Gamma(y) = (y - 1/2) log y - y + log(2 pi)/2 + sum_{k=1}^{8} B_2k/(2k(2k-1) y^(2k-1)) + R,
 * where for real y > 0 the remainder R is at most the first omitted term in absolute value
 * (|B_18|/(18*17 y^17); DLMF 5.11.ii); twice that is used. The logarithms, pi and exp are
 * enclosed by logBounds, piBounds and expBounds.
 */
export function gammaBounds(c: Rational, prec: number = DEFAULT_PREC): [Rational, Rational] {
  if (c.sign() <= 0) fail('interval/undefined', `gamma: argument must be positive here, got ${c}`);
  let y = c;
  let P = ONE;
  while (y.cmp(Rational.of(20)) < 0) {
    P = P.mul(y);
    y = y.add(ONE);
  }
  const p = prec + 24;
  const [ly, hy] = logBounds(y, p);
  const [pl, ph] = piBounds(p);
  const two = Rational.of(2);
  const l2pi = logBounds(down(pl.mul(two), p), p)[0];
  const h2pi = logBounds(up(ph.mul(two), p), p)[1];
  const half = Rational.frac(1n, 2n);
  let series = ZERO;
  let yp = y; // y^(2k-1)
  const y2 = y.mul(y);
  for (const s of STIRLING) {
    series = series.add(s.div(yp));
    yp = yp.mul(y2);
  }
  const rem = STIRLING_NEXT.div(yp).mul(two); // yp = y^17 now
  const w = y.sub(half); // > 0
  const lo = w.mul(ly).sub(y).add(l2pi.mul(half)).add(series).sub(rem);
  const hi = w.mul(hy).sub(y).add(h2pi.mul(half)).add(series).add(rem);
  const el = expBounds(down(lo, p), p)[0];
  const eh = expBounds(up(hi, p), p)[1];
  return [down(el.div(P), prec), up(eh.div(P), prec)];
}

// ---------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------

function evalI(t: Term, env: (name: string) => RInterval, prec: number): RInterval {
  switch (t.k) {
    case 'const':
      return { lo: b(down(t.value, prec)), hi: b(up(t.value, prec)) };
    case 'var':
      return env(t.name);
    case 'named': {
      const [lo, hi] = t.name === 'pi' ? piBounds(prec) : expBounds(ONE, prec);
      return closed(lo, hi);
    }
    case 'add':
      return t.args.map((x) => evalI(x, env, prec)).reduce((s, x) => iadd(s, x, prec));
    case 'mul':
      return t.args.map((x) => evalI(x, env, prec)).reduce((s, x) => imul(s, x, prec));
    case 'pow': {
      const base = evalI(t.base, env, prec);
      return ipowRat(base, t.exp, prec, () => termToString(t.base));
    }
    case 'powt': {
      const e = evalI(t.exp, env, prec);
      if (t.base.k === 'named' && t.base.name === 'e') return iexp(e, prec);
      const lb = ilog(evalI(t.base, env, prec), prec, () => termToString(t.base));
      return iexp(imul(e, lb, prec), prec);
    }
    case 'fn': {
      const a = evalI(t.arg, env, prec);
      const argText = (): string => termToString(t.arg);
      switch (t.name) {
        case 'exp':
          return iexp(a, prec);
        case 'log':
          return ilog(a, prec, argText);
        case 'abs':
          return iabs(a);
        case 'sin':
          return isin(a, prec);
        case 'cos':
          return icos(a, prec);
        case 'tan':
          return imul(isin(a, prec), iinv(icos(a, prec), prec, () => `cos(${argText()})`), prec);
        case 'sinh': {
          // strictly increasing; (exp(x) - exp(-x))/2 at each finite end
          const f = (r: Rational): [Rational, Rational] => {
            const [pl, ph] = expBounds(r, prec + 8);
            const [ml, mh] = expBounds(r.neg(), prec + 8);
            const h = Rational.frac(1n, 2n);
            return [down(pl.sub(mh).mul(h), prec), up(ph.sub(ml).mul(h), prec)];
          };
          return monotone(a, f, undefined, undefined);
        }
        case 'cosh': {
          // increasing in |x|
          const f = (r: Rational): [Rational, Rational] => {
            const [pl, ph] = expBounds(r, prec + 8);
            const [ml, mh] = expBounds(r.neg(), prec + 8);
            const h = Rational.frac(1n, 2n);
            return [down(pl.add(ml).mul(h), prec), up(ph.add(mh).mul(h), prec)];
          };
          const out = monotone(iabs(a), f, undefined, undefined);
          return { lo: out.lo && out.lo.value.cmp(ONE) < 0 ? b(ONE) : out.lo, hi: out.hi };
        }
        case 'tanh': {
          // tanh x = 1 - 2/(exp(2x) + 1), strictly increasing, limits -1, 1
          const f = (r: Rational): [Rational, Rational] => {
            const [el, eh] = expBounds(r.mul(Rational.of(2)), prec + 8);
            const two = Rational.of(2);
            return [down(ONE.sub(two.div(el.add(ONE))), prec), up(ONE.sub(two.div(eh.add(ONE))), prec)];
          };
          return monotone(a, f, b(Rational.MINUS_ONE, true), b(ONE, true));
        }
        case 'atan': {
          // increasing, with limits -pi/2 and pi/2 (open)
          const h = piBounds(prec)[1].mul(Rational.frac(1n, 2n));
          return monotone(a, (r) => atanBounds(r, prec), b(h.neg(), true), b(h, true));
        }
        case 'asin':
          return iasin(a, prec, argText);
        case 'acos': {
          // acos = pi/2 - asin on [-1, 1]
          const s = iasin(a, prec, argText);
          const [piLo, piHi] = piBounds(prec);
          const h = Rational.frac(1n, 2n);
          return closed(down(piLo.mul(h).sub(s.hi!.value), prec), up(piHi.mul(h).sub(s.lo!.value), prec));
        }
        case 'atanh': {
          // (1/2) log((1+x)/(1-x)) on (-1, 1), strictly increasing
          if (!a.lo || !a.hi || a.lo.value.cmp(Rational.MINUS_ONE) < 0 || a.hi.value.cmp(ONE) > 0
            || (a.lo.value.eq(Rational.MINUS_ONE) && !a.lo.open) || (a.hi.value.eq(ONE) && !a.hi.open)) {
            fail('interval/undefined', `atanh: argument ${argText()} has range ${intervalToString(a)}, not inside (-1, 1)`);
          }
          const h = Rational.frac(1n, 2n);
          const lo = a.lo.value.eq(Rational.MINUS_ONE) ? undefined
            : b(logBounds(ONE.add(a.lo.value).div(ONE.sub(a.lo.value)), prec)[0].mul(h), a.lo.open);
          const hi = a.hi.value.eq(ONE) ? undefined
            : b(logBounds(ONE.add(a.hi.value).div(ONE.sub(a.hi.value)), prec)[1].mul(h), a.hi.open);
          return { lo, hi };
        }
        case 'gamma': {
          // exact at a positive integer or half-integer point (gammavalue.ts)
          if (a.lo && a.hi && !a.lo.open && !a.hi.open && a.lo.value.eq(a.hi.value)) {
            const v = gammaTerm(T.num(a.lo.value));
            if (v.k !== 'fn') return evalI(v, env, prec);
            if (a.lo.value.sign() > 0) {
              const [lo, hi] = gammaBounds(a.lo.value, prec);
              return closed(lo, hi);
            }
          }
          return fail('interval/unsupported', `gamma: no rigorous enclosure (argument ${argText()})`);
        }
        case 'digamma':
          return fail('interval/unsupported', `${t.name}: no rigorous enclosure (argument ${argText()})`);
      }
    }
  }
}

/**
 * An interval with rational (dyadic) ends that contains the exact value of t at the point.
 * Requires: every free variable of t has a value in `point`.
 * Throws: `interval/unbound` for a variable without a value; `interval/undefined` where the
 * term may be undefined (a divisor whose enclosure contains 0, log of an enclosure not > 0,
 * a fractional power of a possibly negative base); `interval/overflow` when the value cannot
 * be bounded (exp of an argument above 10000); `interval/unsupported` for asin/acos/atan.
 */
export function enclose(t: Term, point: ReadonlyMap<string, Rational>, precBits: number = DEFAULT_PREC): RInterval {
  const env = (name: string): RInterval => {
    const r = point.get(name);
    if (r === undefined) return fail('interval/unbound', `enclose: variable ${name} has no value`);
    return pointInterval(r);
  };
  const out = evalI(t, env, precBits);
  if (!out.lo || !out.hi) fail('interval/overflow', `enclose: ${termToString(t)} has no finite enclosure at this point`);
  return out;
}

/**
 * A sound over-approximation of the set of values of t when each variable ranges over its
 * assumption (a variable without one ranges over all reals); ends may be infinite or open.
 * Throws: `interval/undefined` when t may be undefined somewhere on that box (the caller
 * learns nothing about a term that is not everywhere defined); `interval/unsupported` as enclose.
 */
export function rangeOf(t: Term, asm: Assumptions, precBits: number = DEFAULT_PREC): RInterval {
  const env = (name: string): RInterval => {
    const a = asm.get(name);
    return a ? { lo: a.lo, hi: a.hi } : REALS;
  };
  return evalI(t, env, precBits);
}
