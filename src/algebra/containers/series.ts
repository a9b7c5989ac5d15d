/**
 * Truncated formal power series over Q. TRUSTED KERNEL.
 *
 * A Series is  sum_{k < prec} c_k x^k + O(x^prec): the coefficients c_0..c_{prec-1}
 * are known exactly and nothing is claimed beyond them. Every operation gives its
 * result exactly the precision its inputs justify (the PARI/FLINT rules, stated on
 * each method), so a coefficient reported as known is always a true coefficient
 * of the exact result.
 *
 * Representation (chosen for speed, as FLINT's fmpq_poly): integer numerators
 * `nums` (length exactly prec) over one common denominator `den`.
 * Invariants, maintained by every constructor and operation:
 * - den > 0 and gcd(den, nums[0], ..., nums[prec-1]) = 1 (so den = 1 when all are 0);
 * - prec is a non-negative safe integer; nums.length === prec;
 * - instances are immutable (nums is never handed out or changed after construction).
 * With one denominator a product of series is one integer-polynomial product
 * (schoolbook or Kronecker substitution, see polymul.ts) plus one gcd pass, instead
 * of n^2 rational multiplications each with its own gcd.
 *
 * Canonicalisation is the other big cost (gcds of thousand-digit numbers), so
 * gcds use Lehmer's algorithm (polymul.ts, 10-30x faster than Euclid on BigInts at
 * 10^4 bits), a content gcd starts from the numerator of least magnitude and is
 * confirmed by dividing (each quotient checked by multiplying back), and where
 * the reduced denominator is known no gcd runs at all: the integral (proof at
 * pintegral), 1/(short polynomial), log 1/(1-x) (lcm(1..n)), exp(a log 1/(1-x)).
 *
 * Algorithms (measured with bench/series.bench.ts and bench/anchors.bench.ts against
 * FLINT and PARI): closed forms and recurrences first, each checked against the
 * general algorithm in test/algebra/containers/series-paths.test.ts:
 * - inverse of a short polynomial with constant numerator +-1 (such as 1 - x), and
 *   division by one, by the O(n * degree) integer recurrence;
 * - log of 1/(1-x) as log 1/(1-x); log of a short integer polynomial by that
 *   recurrence for f'/f; log of f with f' = alpha f + beta (c + d e^(alpha x), such
 *   as 1 - mu + mu e^t) as integral(alpha + beta/f): one inverse, no division;
 * - exp of a monomial by its defining series, of an integer multiple of
 *   log 1/(1-x) as (1-x)^(-a), of a short polynomial by the recurrence of g' = f' g;
 * then Newton iteration: inverse h <- h + h(1 - f h); exp with 1/g carried along,
 * working on f' only (f's common denominator is often far larger, lcm(1..n) for
 * log 1/(1-x)); log f = integral(f'/f) with f'/f by Karp-Markstein division.
 * Composition by Brent-Kung baby-step giant-step (about 2 sqrt(n) products instead
 * of n); reversion by Newton iteration on composition; fractional powers as
 * exp(r log f).
 */
import { fail } from '../numbers/errors.ts';
import { Rational } from '../numbers/rational.ts';
import { MAX_PACKED_BITS, bitLength, gcd as bigGcd, mulLow } from '../numbers/polymul.ts';

/** An integer polynomial over a common denominator: the working form inside this module. */
interface Poly {
  readonly nums: readonly bigint[];
  readonly den: bigint;
}

/**
 * gcd(start, least, first, last) over the nonzero entries of nums: the entry of
 * least magnitude (which makes the first gcd against a possibly huge start cheap and
 * the candidate small), then the first and last nonzero entries, which usually
 * settle it. A multiple of gcd(start, nums...), equal to it when it divides every
 * entry. Requires: some entry of nums is nonzero.
 */
function contentCandidate(nums: readonly bigint[], start: bigint): bigint {
  let g = start < 0n ? -start : start;
  if (g === 1n) return 1n;
  let least = 0n;
  for (const c of nums) {
    if (c === 0n) continue;
    const a = c < 0n ? -c : c;
    if (least === 0n || a < least) {
      least = a;
      if (a === 1n) return 1n;
    }
  }
  g = bigGcd(g, least);
  let first = 0;
  while (nums[first] === 0n) first++;
  let last = nums.length - 1;
  while (nums[last] === 0n) last--;
  if (g !== 1n && nums[first] !== least && nums[first] !== -least) g = bigGcd(g, nums[first]!);
  if (g !== 1n && nums[last] !== least && nums[last] !== -least) g = bigGcd(g, nums[last]!);
  return g;
}

/**
 * Divides out gcd(den, nums) (which must divide start, itself a divisor of den);
 * den made positive. Mutates and returns its own fresh array. Starts from
 * contentCandidate's g and divides entry by entry, checking each quotient by
 * multiplying back (cheaper than a remainder, and the quotients are needed anyway).
 * An entry c that g does not divide replaces g by g' = gcd(g, c), and the quotients
 * already made are multiplied by g/g' (giving entry/g'). At the end g divides start
 * and every entry, and is a multiple of their gcd: it is the content.
 */
function norm(nums: bigint[], den: bigint, start: bigint = den): Poly {
  if (den < 0n) {
    den = -den;
    for (let i = 0; i < nums.length; i++) nums[i] = -nums[i]!;
  }
  let any = false;
  for (let i = 0; i < nums.length; i++) {
    if (nums[i] !== 0n) {
      any = true;
      break;
    }
  }
  if (!any) return { nums, den: 1n };
  let g = contentCandidate(nums, start);
  for (let i = 0; i < nums.length && g !== 1n; i++) {
    const c = nums[i]!;
    if (c === 0n) continue;
    if (c === g) {
      nums[i] = 1n; // common (e.g. the derivative of log 1/(1-x))
      continue;
    }
    const d = c / g;
    if (d * g === c) {
      nums[i] = d;
      continue;
    }
    // g does not divide c: shrink g to gcd(g, c) and bring the quotients so far in line.
    const g2 = bigGcd(g, c);
    const r = g / g2;
    for (let j = 0; j < i; j++) if (nums[j] !== 0n) nums[j] = nums[j]! * r; // (c_j / g) (g / g2) = c_j / g2
    g = g2;
    nums[i] = g === 1n ? c : c / g;
  }
  return { nums, den: den / g };
}


/** Largest bitLength among xs. */
function maxBits(xs: readonly bigint[]): number {
  let m = 0n;
  for (const x of xs) {
    const y = x < 0n ? -x : x;
    if (y > m) m = y;
  }
  return bitLength(m);
}

/** First n numerators of p (zero-padded), as a fresh array. */
function take(p: Poly, n: number): bigint[] {
  const out = p.nums.slice(0, n);
  while (out.length < n) out.push(0n);
  return out;
}

/** p truncated (or zero-padded) to n terms, canonical. */
function ptrunc(p: Poly, n: number): Poly {
  if (n >= p.nums.length) return n === p.nums.length ? p : { nums: take(p, n), den: p.den };
  return norm(take(p, n), p.den);
}

/**
 * (a * b) mod x^n, canonical. Reads only the first n terms of a and b; truncating a
 * long input first (ptrunc) is still often cheaper, since its reduced denominator,
 * and so every numerator, can be much smaller.
 */
function pmul(a: Poly, b: Poly, n: number): Poly {
  return norm(mulLow(a.nums, b.nums, n), a.den * b.den);
}

/** (a + sign*b) mod x^n. */
function padd(a: Poly, b: Poly, n: number, sign: 1n | -1n = 1n): Poly {
  const g = bigGcd(a.den, b.den);
  const da = a.den / g;
  const db = b.den / g;
  const out = new Array<bigint>(n);
  const la = a.nums.length;
  const lb = b.nums.length;
  for (let k = 0; k < n; k++) {
    const x = k < la ? a.nums[k]! : 0n;
    const y = k < lb ? b.nums[k]! : 0n;
    const xs = x === 0n || db === 1n ? x : x * db;
    const ys = y === 0n || da === 1n ? y : y * da;
    out[k] = sign === 1n ? xs + ys : xs - ys;
  }
  // Untruncated canonical inputs can only share factors of g with the sum.
  const exact = n >= la && n >= lb;
  return norm(out, a.den * db, exact ? g : a.den * db);
}

function pderiv(p: Poly): Poly {
  const n = p.nums.length;
  if (n <= 1) return { nums: [], den: 1n };
  const out = new Array<bigint>(n - 1);
  for (let k = 1; k < n; k++) out[k - 1] = p.nums[k]! * BigInt(k);
  return norm(out, p.den);
}

/**
 * The antiderivative with constant term 0, canonical without a content gcd.
 * Coefficient k+1 is (P_k/g_k) / (den * r_k) with g_k = gcd(P_k, k+1), r_k = (k+1)/g_k;
 * over the common denominator den * E, E = lcm of the r_k, the numerator is
 * N_{k+1} = (P_k/g_k) * (E/r_k). Why gcd(den * E, N_1, ..., N_n) = 1 (so no gcd
 * pass over the, often 10^4-bit, numerators is needed): let a prime p divide den * E.
 * - If p | E, take k with v_p(r_k) = v_p(E) >= 1 (E is the lcm of the r_k). Then
 *   p does not divide E/r_k, and p does not divide P_k/g_k: with a = v_p(P_k) and
 *   b = v_p(k+1), v_p(r_k) = b - min(a, b) > 0 forces a < b, so v_p(P_k/g_k) = 0.
 * - If p does not divide E, then p | den, and since p is canonical some P_k is prime
 *   to p; then p divides neither P_k/g_k nor E/r_k (a divisor of E).
 * Either way p does not divide N_{k+1}. Requires: p canonical.
 */
function pintegral(p: Poly): Poly {
  const n = p.nums.length;
  const r = new Array<number>(n);
  let E = 1n;
  for (let k = 0; k < n; k++) {
    const c = p.nums[k]!;
    if (c === 0n) continue;
    const kk = BigInt(k + 1);
    const g = Number(bigGcd(c % kk, kk));
    r[k] = (k + 1) / g;
    const rk = BigInt(r[k]!);
    const e = E % rk;
    if (e !== 0n) E *= rk / bigGcd(rk, e);
  }
  const out = new Array<bigint>(n + 1);
  out[0] = 0n;
  for (let k = 0; k < n; k++) {
    const c = p.nums[k]!;
    if (c === 0n) {
      out[k + 1] = 0n;
      continue;
    }
    const rk = r[k]!;
    const g = (k + 1) / rk;
    out[k + 1] = (g === 1 ? c : c / BigInt(g)) * (rk === 1 ? E : E / BigInt(rk));
  }
  return { nums: out, den: p.den * E }; // an all-zero p has den 1 and E = 1
}

const ONE: Poly = { nums: [1n], den: 1n };

/** Largest degree of a divisor that div() handles by the O(n * degree) recurrence. */
const SHORT_DIVISOR = 16;

/** Degree of the first min(len, n) numerators of p with trailing zeros dropped (-1 when all are 0). */
function degreeBelow(p: Poly, n: number): number {
  let d = Math.min(p.nums.length, n) - 1;
  while (d >= 0 && p.nums[d] === 0n) d--;
  return d;
}

/**
 * The integers H_0..H_{n-1} with G * H = F mod x^n, for an integer polynomial G of
 * degree deg with G_0 = +-1, by the recurrence H_k = G_0 (F_k - sum_{1<=m<=deg} G_m H_{k-m}):
 * O(n * deg) BigInt operations and no gcd. Requires: G[0] = +-1, F of length >= n.
 */
function shortDivide(F: readonly bigint[], G: readonly bigint[], deg: number, n: number): bigint[] {
  const g0 = G[0]!;
  const H = new Array<bigint>(n);
  for (let k = 0; k < n; k++) {
    let acc = F[k]!;
    const top = Math.min(deg, k);
    for (let m = 1; m <= top; m++) {
      const gm = G[m]!;
      if (gm !== 0n) acc -= gm * H[k - m]!;
    }
    H[k] = g0 === 1n ? acc : -acc;
  }
  return H;
}

/**
 * 1/p mod x^n. A short p with numerator constant +-1 (such as 1 - x) by the
 * recurrence of shortDivide: with p = P/den, 1/p = den * (1/P) and 1/P has integer
 * coefficients, so the result has denominator 1 (canonical as it stands). Otherwise
 * by Newton iteration. Requires: p.nums[0] != 0.
 */
function pinv(p: Poly, n: number): Poly {
  if (n <= 0) return { nums: [], den: 1n };
  const deg = degreeBelow(p, n);
  const c0 = p.nums[0]!;
  if (deg <= SHORT_DIVISOR && (c0 === 1n || c0 === -1n)) {
    const F = new Array<bigint>(n).fill(0n);
    F[0] = p.den;
    return { nums: shortDivide(F, p.nums, deg, n), den: 1n };
  }
  return pinvNewton(p, n);
}

/**
 * The precisions of a Newton iteration from 1 up to n, in increasing order: n,
 * ceil(n/2), ceil(n/4), ... > 1, so each is at most twice the one before (what one
 * Newton step can reach) and no step computes terms beyond what the next needs
 * (1, 2, 4, ..., 512, 999 would make the last products larger than 1, 2, ..., 250, 500, 999).
 */
function newtonSchedule(n: number): number[] {
  const steps: number[] = [];
  for (let t = n; t > 1; t = Math.ceil(t / 2)) steps.push(t);
  return steps.reverse();
}

/** 1/p mod x^n by Newton iteration h <- h + h(1 - p h), on newtonSchedule. Requires: p.nums[0] != 0, n >= 1. */
function pinvNewton(p: Poly, n: number): Poly {
  let h = norm([p.den], p.nums[0]!);
  for (const m2 of newtonSchedule(n)) {
    // Truncate first: p's canonical denominator at m2 terms can be far smaller (e^x: m2! against n!).
    const fh = pmul(ptrunc(p, m2), h, m2);
    const e = padd(ONE, fh, m2, -1n); // 1 - f h, valuation >= the previous precision
    h = padd(h, pmul(h, e, m2), m2);
  }
  return h;
}

/**
 * a/f mod x^n (Karp and Markstein): h = 1/f to half the precision, q0 = a h there,
 * then one correction q = q0 + h (a - f q0). Why exact: f q0 = a mod x^m (m = ceil(n/2)),
 * so r = a - f q0 = O(x^m); r/f = r h + r (1/f - h) and 1/f - h = O(x^m), so
 * r/f = r h mod x^(2m), and a/f = q0 + r/f. Saves the full-size product a * (1/f)
 * after a full-precision inverse. Requires: f.nums[0] != 0, n >= 1.
 */
function pdivSeries(a: Poly, f: Poly, n: number): Poly {
  const m = Math.ceil(n / 2);
  const h = pinv(f, m);
  const q0 = pmul(ptrunc(a, m), h, m);
  const r = padd(a, pmul(f, q0, n), n, -1n); // valuation >= m (padd and pmul read only n terms)
  return padd(q0, pmul(h, r, n), n);
}

/**
 * exp(f) mod x^n by Newton iteration with the inverse carried along (as FLINT's
 * exp_series): with g = exp(f) mod x^m and s = 1/g mod x^m,
 *   g <- g - g * integral(s * (g' - g f')) mod x^(2m).
 * Why: the Newton step is g (1 + f - log g), and f - log g = integral(f' - g'/g)
 * = -integral((g' - g f')/g); g' - g f' = O(x^(m-1)) since g' = g f' mod x^(m-1), so
 * dividing it by g mod x^(2m-1) needs 1/g only mod x^m. s itself is refreshed by
 * one Newton step s <- s + s(1 - g s) per round (1/g to x^(m/2) gives it to x^m).
 * The precisions follow newtonSchedule (each at most twice the previous one, which
 * is all that the two steps above need).
 * Only f' is used, never f, whose common denominator is often far larger (lcm(1..n)
 * for log 1/(1-x), where f' = 1/(1-x) is an integer series).
 * Requires: f(0) = 0, n >= 1.
 */
function pexpNewton(f: Poly, n: number): Poly {
  const df = pderiv(ptrunc(f, n));
  let g: Poly = ONE;
  let s: Poly = ONE;
  let m = 1;
  for (const m2 of newtonSchedule(n)) {
    if (m > 1) {
      const gs = pmul(g, s, m);
      s = padd(s, pmul(s, padd(ONE, gs, m, -1n), m), m); // s + s(1 - g s)
    }
    const r = padd(pderiv(g), pmul(g, ptrunc(df, m2 - 1), m2 - 1), m2 - 1, -1n); // g' - g f', valuation >= m-1
    const e = pintegral(pmul(s, r, m2 - 1)); // valuation >= m
    g = padd(ptrunc(g, m2), pmul(g, e, m2), m2, -1n);
    m = m2;
  }
  return g;
}

/** The integer a when f = a * log 1/(1-x) mod x^n (f_k = a/k for 1 <= k < n, f_0 = 0), |a| < 2^64; else undefined. */
function logMultiple(f: Poly, n: number): bigint | undefined {
  if (n < 2 || f.nums.length < n || f.nums[0] !== 0n) return undefined;
  const c1 = f.nums[1]!;
  if (c1 === 0n || c1 % f.den !== 0n) return undefined;
  const a = c1 / f.den;
  if (a >= 1n << 64n || a <= -(1n << 64n)) return undefined;
  for (let k = 2; k < n; k++) if (f.nums[k]! * BigInt(k) !== c1) return undefined;
  return a;
}

/**
 * (1-x)^(-a) mod x^n for an integer a, the closed form of exp(a log 1/(1-x)): its
 * coefficients binom(a+k-1, k) are integers (for a <= 0 they are (-1)^k binom(-a, k)),
 * computed by c_{k+1} = c_k (a+k)/(k+1), a division that is exact because the
 * quotient is that integer. Denominator 1, so canonical.
 */
function powOneMinusX(a: bigint, n: number): Poly {
  const nums = new Array<bigint>(n);
  let c = 1n;
  for (let k = 0; k < n; k++) {
    nums[k] = c;
    if (c !== 0n) c = (c * (a + BigInt(k))) / BigInt(k + 1);
  }
  return { nums, den: 1n };
}

/** Largest number of nonzero terms that exp() handles by the O(n * terms) recurrence of pexpShort. */
const SHORT_EXP = 8;

/**
 * exp(f) mod x^n for a short polynomial f = P/q of degree d (1 <= d, f(0) = 0) by
 * the recurrence of g' = f' g: k g_k = sum_{1<=j<=d} j f_j g_{k-j}. Over
 * G_k = q^k k! g_k this is the integer recurrence
 *   G_k = sum_j j P_j q^(j-1) ((k-1)!/(k-j)!) G_(k-j),   G_0 = 1,
 * and with K = n-1 the coefficients are G_k q^(K-k) (K!/k!) over q^K K!, reduced by
 * one content gcd. O(n * d) multiplications of numbers no larger than the output,
 * against Newton's O(log n) full series products. Requires: as stated; n >= 1.
 */
function pexpShort(f: Poly, d: number, n: number): Poly {
  const q = f.den;
  const K = n - 1;
  const w = new Array<bigint>(d + 1).fill(0n); // w_j = j P_j q^(j-1)
  let qj = 1n;
  for (let j = 1; j <= d; j++) {
    w[j] = BigInt(j) * f.nums[j]! * qj;
    qj *= q;
  }
  const G = new Array<bigint>(n);
  G[0] = 1n;
  for (let k = 1; k < n; k++) {
    let acc = 0n;
    let fall = 1n; // (k-1)!/(k-j)!
    const top = Math.min(d, k);
    for (let j = 1; j <= top; j++) {
      if (j > 1) fall *= BigInt(k - j + 1);
      if (w[j] !== 0n) acc += w[j]! * fall * G[k - j]!;
    }
    G[k] = acc;
  }
  // Top down: r = q^(K-k) K!/k!.
  let r = 1n;
  for (let k = K; k >= 0; k--) {
    G[k] = G[k]! * r;
    r *= q * BigInt(Math.max(k, 1));
  }
  // r is now q^(K+1) K!: the common denominator is q^K K! = r/q.
  return norm(G, r / q);
}

/**
 * exp(f) mod x^n. Closed forms first: a monomial by its defining series, an integer
 * multiple of log 1/(1-x) as (1-x)^(-a), a short polynomial by its recurrence;
 * Newton iteration otherwise. Requires: f(0) = 0, n >= 1.
 */
function pexp(f: Poly, n: number): Poly {
  const ft = ptrunc(f, n);
  let terms = 0;
  for (let i = 0; i < ft.nums.length && terms <= SHORT_EXP; i++) if (ft.nums[i] !== 0n) terms++;
  if (terms === 0) return ptrunc(ONE, n);
  const m = monomialIndex(ft);
  if (m >= 1) return pexpMonomial(ft, m, n);
  const a = logMultiple(ft, n);
  if (a !== undefined) return powOneMinusX(a, n);
  if (terms <= SHORT_EXP) {
    const d = degreeBelow(ft, n);
    // The recurrence builds numbers as large as the output's; past the packing
    // limit leave it to Newton, which reports the limit as a kernel error.
    const perCoeff = (n - 1) * (bitLength(ft.den) + maxBits(ft.nums) + Math.log2(n) + 2);
    if (perCoeff * n < MAX_PACKED_BITS) return pexpShort(ft, d, n);
  }
  return pexpNewton(ft, n);
}

/**
 * exp(a x^m) mod x^n, for a monomial a x^m (m >= 1), by its defining series
 * sum_k a^k x^(mk) / k!: with a = p/q and K = floor((n-1)/m) the last term that
 * fits, every coefficient is p^k q^(K-k) (K!/k!) over the common denominator
 * q^K K!. O(n) multiplications instead of Newton's O(log n) series products.
 * Requires: f has exactly one nonzero numerator, at index m >= 1; n >= 1.
 */
function pexpMonomial(f: Poly, m: number, n: number): Poly {
  const p = f.nums[m]!;
  const q = f.den;
  const K = Math.floor((n - 1) / m);
  const nums = new Array<bigint>(n).fill(0n);
  // Top down: r = q^(K-k) K!/k! and pk = p^k are built incrementally.
  const pk = new Array<bigint>(K + 1);
  pk[0] = 1n;
  for (let k = 1; k <= K; k++) pk[k] = pk[k - 1]! * p;
  let r = 1n;
  for (let k = K; k >= 0; k--) {
    nums[m * k] = pk[k]! * r;
    r *= q * BigInt(Math.max(k, 1));
  }
  // r is now q^(K+1) K! (with the k = 0 step's factor q * 1): the denominator is q^K K!.
  return norm(nums, r / q);
}

/** The index of the only nonzero numerator of p, or -1 when there are none or several. */
function monomialIndex(p: Poly): number {
  let at = -1;
  for (let i = 0; i < p.nums.length; i++) {
    if (p.nums[i] === 0n) continue;
    if (at >= 0) return -1;
    at = i;
  }
  return at;
}

/**
 * log(f) mod x^n = integral(f'/f). Closed forms first: 1/(1-x) (all numerators 1
 * over 1) gives log 1/(1-x) directly; a short integer polynomial with f(0) = 1 gives
 * f'/f by the recurrence of shortDivide. Otherwise f'/f by Karp-Markstein division.
 * Requires: f(0) = 1.
 */
function plog(f: Poly, n: number): Poly {
  if (n <= 0) return { nums: [], den: 1n };
  const ft = ptrunc(f, n);
  if (n === 1) return { nums: [0n], den: 1n };
  if (ft.den === 1n && ft.nums.every((c) => c === 1n)) {
    const l = lcmRange(n - 1);
    return { nums: quotientsOf(l, n), den: l }; // canonical, see Series.logOneOverOneMinusX
  }
  const df = pderiv(ft);
  const deg = degreeBelow(ft, n);
  if (ft.den === 1n && deg <= SHORT_DIVISOR) return pintegral(norm(shortDivide(take(df, n - 1), ft.nums, deg, n - 1), 1n));
  const ode = linearOde(ft, n);
  if (ode !== undefined) return plogLinearOde(ft, ode, n);
  return pintegral(pdivSeries(df, ft, n - 1));
}

/** f' = (p/q) f + b mod x^(n-1): alpha = p/q (q > 0) and beta = b = bNum/bDen. */
interface LinearOde {
  readonly p: bigint;
  readonly q: bigint;
  readonly bNum: bigint;
  readonly bDen: bigint;
}

/**
 * The constants alpha, beta with f' = alpha f + beta mod x^(n-1), when they exist
 * and f_1 != 0 (so alpha = 2 f_2 / f_1 is forced); undefined otherwise. Such f are
 * c + d e^(alpha x), e.g. the moment generating function 1 - mu + mu e^t of a
 * Bernoulli variable. Reads exactly f_0..f_(n-1), the coefficients that f' mod
 * x^(n-1) depends on; a general series fails the check at its first comparison.
 * Requires: f canonical of length n, f(0) = 1.
 */
function linearOde(f: Poly, n: number): LinearOde | undefined {
  if (n < 3 || f.nums.length < n) return undefined;
  const F = f.nums;
  const F1 = F[1]!;
  if (F1 === 0n) return undefined;
  // alpha = 2 F_2 / F_1 (f_k = F_k / den); the k-th condition (k+1) f_(k+1) = alpha f_k, 1 <= k <= n-2,
  // is q (k+1) F_(k+1) = p F_k over the integers (k = 1 holds by the choice of alpha).
  const two2 = 2n * F[2]!;
  const g = bigGcd(two2, F1);
  let p = two2 / g;
  let q = F1 / g;
  if (q < 0n) {
    p = -p;
    q = -q;
  }
  for (let k = 2; k <= n - 2; k++) if (q * BigInt(k + 1) * F[k + 1]! !== p * F[k]!) return undefined;
  // beta = f'(0) - alpha f(0) = F_1/den - p/q (f(0) = 1).
  return { p, q, bNum: q * F1 - p * f.den, bDen: q * f.den };
}

/**
 * log f mod x^n for f with f(0) = 1 and f' = alpha f + beta mod x^(n-1) (found by
 * linearOde), as integral(alpha + beta (1/f mod x^(n-1))). Why exact: log f mod x^n
 * = integral(f'/f mod x^(n-1)); multiplying f' = alpha f + beta mod x^(n-1) by 1/f
 * (a power series, f(0) = 1) gives f'/f = alpha + beta/f mod x^(n-1). So the
 * division f'/f becomes one inverse (Karp-Markstein with a constant numerator,
 * saving its product a * (1/f) to half precision), and beta = 0 (f = e^(alpha x))
 * needs no inverse at all. Requires: as linearOde's result for f and n; n >= 3.
 */
function plogLinearOde(f: Poly, ode: LinearOde, n: number): Poly {
  const { p, q, bNum, bDen } = ode;
  if (bNum === 0n) return pintegral(norm([p, ...new Array<bigint>(n - 2).fill(0n)], q));
  const h = pinv(f, n - 1);
  // alpha + beta h = (p bDen h.den [k = 0] + q bNum H_k) / (q bDen h.den).
  const s = q * bNum;
  const nums = h.nums.map((c) => c * s);
  nums[0] = nums[0]! + p * bDen * h.den;
  return pintegral(norm(nums, q * bDen * h.den));
}

/**
 * f(g) mod x^n by Brent and Kung's baby-step giant-step method: with m about
 * sqrt(K), precompute g^0..g^m; each block of m coefficients of f is then a
 * scalar combination of those powers (over their common denominator), and the
 * blocks are joined by Horner's rule in g^m. About 2*sqrt(K) series products
 * instead of K. Requires: g(0) = 0, vg >= 1 the valuation of g (capped at n).
 */
function pcompose(f: Poly, g: Poly, n: number, vg: number): Poly {
  // Only f_j with j*vg < n contribute.
  const K = Math.min(f.nums.length, Math.ceil(n / vg));
  if (K === 0 || n === 0) return { nums: new Array<bigint>(n).fill(0n), den: 1n };
  const m = Math.max(1, Math.ceil(Math.sqrt(K)));
  const G = ptrunc(g, n);
  const pows: Poly[] = [ptrunc(ONE, n)];
  for (let i = 1; i <= m; i++) pows.push(pmul(pows[i - 1]!, G, n));
  // Baby steps over one common denominator: S_i = (D / den_i) * nums_i, D = lcm den_i (i < m).
  let D = 1n;
  for (let i = 0; i < m; i++) D = (D / bigGcd(D, pows[i]!.den)) * pows[i]!.den;
  const S = pows.slice(0, m).map((p) => {
    const sc = D / p.den;
    return sc === 1n ? p.nums : p.nums.map((c) => c * sc);
  });
  const block = (t: number): Poly => {
    const acc = new Array<bigint>(n).fill(0n);
    for (let i = 0; i < m && t * m + i < K; i++) {
      const c = f.nums[t * m + i]!;
      if (c === 0n) continue;
      const Si = S[i]!;
      for (let k = 0; k < n; k++) if (Si[k] !== 0n) acc[k] += c * Si[k]!;
    }
    return norm(acc, f.den * D);
  };
  const gm = pows[m]!;
  const blocks = Math.ceil(K / m);
  let r = block(blocks - 1);
  for (let t = blocks - 2; t >= 0; t--) r = padd(pmul(r, gm, n), block(t), n);
  return ptrunc(r, n);
}

function checkPrec(prec: number, op: string): void {
  if (!Number.isSafeInteger(prec) || prec < 0) {
    fail('series/invalid-precision', `${op}: precision must be a non-negative integer, got ${prec}`);
  }
}

function checkInt(n: number, op: string, what: string): void {
  if (!Number.isSafeInteger(n)) fail('series/invalid-argument', `${op}: ${what} must be an integer, got ${n}`);
}

/** Product of xs (a balanced product tree, so the big multiplications are few). */
function productTree(xs: bigint[]): bigint {
  if (xs.length === 0) return 1n;
  while (xs.length > 1) {
    const next: bigint[] = [];
    for (let i = 0; i + 1 < xs.length; i += 2) next.push(xs[i]! * xs[i + 1]!);
    if (xs.length % 2 === 1) next.push(xs[xs.length - 1]!);
    xs = next;
  }
  return xs[0]!;
}

/** lcm(1..n) (oddOnly: of the odd numbers <= n), as the product of the largest prime powers <= n. */
function lcmRange(n: number, oddOnly = false): bigint {
  if (n < 2) return 1n;
  const composite = new Uint8Array(n + 1);
  const powers: bigint[] = [];
  for (let p = 2; p <= n; p++) {
    if (composite[p]) continue;
    for (let m = p * p; m <= n; m += p) composite[m] = 1;
    if (oddOnly && p === 2) continue;
    let q = p;
    while (q * p <= n) q *= p;
    powers.push(BigInt(q));
  }
  return productTree(powers);
}

/** l/k for k = 1..n-1 (index 0 is 0), halving for even k instead of dividing. Requires: l divisible by 1..n-1. */
function quotientsOf(l: bigint, n: number): bigint[] {
  const out = new Array<bigint>(Math.max(n, 0));
  if (n > 0) out[0] = 0n;
  for (let k = 1; k < n; k++) out[k] = k % 2 === 0 ? out[k / 2]! >> 1n : l / BigInt(k);
  return out;
}

/** An immutable truncated power series sum_{k<prec} c_k x^k + O(x^prec) over Q. */
export class Series {
  /** Coefficients 0..prec-1 are known; the rest is O(x^prec). */
  readonly prec: number;
  /** Numerators; length prec. Internal: never exposed without copying. */
  private readonly nums: readonly bigint[];
  /** Common denominator, > 0, coprime to the numerators jointly. */
  readonly den: bigint;

  private constructor(p: Poly, prec: number) {
    this.nums = p.nums;
    this.den = p.den;
    this.prec = prec;
  }

  /** Internal: wraps a canonical Poly whose length is at least prec. */
  private static wrap(p: Poly, prec: number): Series {
    return new Series(p.nums.length === prec ? p : ptrunc(p, prec), prec);
  }

  private poly(): Poly {
    return { nums: this.nums, den: this.den };
  }

  /**
   * sum coeffs[k] x^k + O(x^prec); coefficients at k >= prec are dropped, missing ones are 0.
   * Throws: `series/invalid-precision` for a negative or non-integer prec; Rational.of's errors.
   */
  static fromCoeffs(coeffs: readonly (Rational | bigint | number | string)[], prec: number): Series {
    checkPrec(prec, 'fromCoeffs');
    const rs: Rational[] = [];
    for (let k = 0; k < prec; k++) rs.push(k < coeffs.length ? Rational.of(coeffs[k]!) : Rational.ZERO);
    let den = 1n;
    for (const r of rs) if (r.den !== 1n) den = (den / bigGcd(den, r.den)) * r.den;
    return new Series(norm(rs.map((r) => r.num * (den / r.den)), den), prec);
  }

  /** 0 + O(x^prec). Throws: `series/invalid-precision`. */
  static zero(prec: number): Series {
    checkPrec(prec, 'zero');
    return new Series({ nums: new Array<bigint>(prec).fill(0n), den: 1n }, prec);
  }

  /** 1 + O(x^prec) (just O(x^0) when prec = 0). Throws: `series/invalid-precision`. */
  static one(prec: number): Series {
    return Series.constant(Rational.ONE, prec);
  }

  /** x + O(x^prec). Throws: `series/invalid-precision`. */
  static x(prec: number): Series {
    return Series.fromCoeffs([0, 1], prec);
  }

  /** c + O(x^prec). Throws: `series/invalid-precision`. */
  static constant(c: Rational, prec: number): Series {
    return Series.fromCoeffs([c], prec);
  }

  /** 1/(1-x) = sum x^n. Throws: `series/invalid-precision`. */
  static geometric(prec: number): Series {
    checkPrec(prec, 'geometric');
    return new Series({ nums: new Array<bigint>(prec).fill(1n), den: 1n }, prec);
  }

  /** log 1/(1-x) = sum_{n>=1} x^n/n. Throws: `series/invalid-precision`. */
  static logOneOverOneMinusX(prec: number): Series {
    checkPrec(prec, 'logOneOverOneMinusX');
    const l = lcmRange(prec - 1);
    const nums = quotientsOf(l, prec);
    // Canonical without a gcd pass: for each prime power p^a exactly dividing l,
    // the numerator l/p^a is prime to p.
    return new Series({ nums, den: l }, prec);
  }

  /** log(1+x) = sum_{n>=1} (-1)^(n+1) x^n/n. Throws: `series/invalid-precision`. */
  static log1p(prec: number): Series {
    checkPrec(prec, 'log1p');
    const l = lcmRange(prec - 1);
    const nums = quotientsOf(l, prec);
    for (let k = 2; k < prec; k += 2) nums[k] = -nums[k]!;
    return new Series({ nums, den: l }, prec); // canonical, as in logOneOverOneMinusX
  }

  /** Coefficients sign(k)/k! over the common denominator (prec-1)!. */
  private static factorialSeries(prec: number, c: (k: number) => bigint): Series {
    // den = (prec-1)!, nums[k] = c(k) * (prec-1)!/k!, built from the top down.
    const nums = new Array<bigint>(prec).fill(0n);
    let ratio = 1n; // (prec-1)!/k!
    for (let k = prec - 1; k >= 0; k--) {
      const ck = c(k);
      nums[k] = ck === 0n ? 0n : ck === 1n ? ratio : ck * ratio;
      ratio *= BigInt(Math.max(k, 1));
    }
    // ratio is now (prec-1)! (1 when prec = 0).
    return new Series(norm(nums, ratio), prec);
  }

  /**
   * (log 1/(1-x))^e = e! sum_k [k e] x^k/k! for an integer e >= 0, with [k e] the
   * unsigned Stirling numbers of the first kind, by their recurrence: O(prec e)
   * integer steps instead of e - 1 series products (the showcase's f_j needs every
   * power up to j).
   * Sound: F_e = L^e/e! with L = log 1/(1-x) satisfies (1 - x) F_e' = F_(e-1), as
   * L' = 1/(1 - x), and F_e(0) = [e = 0]. Writing F_e = sum a(k, e) x^k/k!, the
   * coefficient of x^k/k! on both sides gives a(k+1, e) - k a(k, e) = a(k, e-1), with
   * a(0, e) = [e = 0]: the recurrence and initial values of [k e].
   * Throws: `series/invalid-precision`.
   */
  static logOneOverOneMinusXPower(e: number, prec: number): Series {
    checkPrec(prec, 'logOneOverOneMinusXPower');
    if (!Number.isSafeInteger(e) || e < 0) fail('series/invalid-argument', `logOneOverOneMinusXPower: the power must be an integer >= 0, not ${e}`);
    // row[j] = [k j] for j = 0..e as k runs over 0..prec-1; col[k] = [k e].
    let row = new Array<bigint>(e + 1).fill(0n);
    row[0] = 1n;
    const col = new Array<bigint>(prec).fill(0n);
    for (let k = 0; k < prec; k++) {
      col[k] = row[e]!;
      const next = new Array<bigint>(e + 1).fill(0n);
      const kk = BigInt(k);
      for (let j = 0; j <= Math.min(e, k + 1); j++) next[j] = kk * row[j]! + (j > 0 ? row[j - 1]! : 0n);
      row = next;
    }
    let eFactorial = 1n;
    for (let i = 2n; i <= BigInt(e); i++) eFactorial *= i;
    return Series.factorialSeries(prec, (k) => eFactorial * col[k]!);
  }

  /** e^x = sum x^n/n!. Throws: `series/invalid-precision`. */
  static expX(prec: number): Series {
    checkPrec(prec, 'expX');
    return Series.factorialSeries(prec, () => 1n);
  }

  /** sin x. Throws: `series/invalid-precision`. */
  static sin(prec: number): Series {
    checkPrec(prec, 'sin');
    return Series.factorialSeries(prec, (k) => (k % 2 === 0 ? 0n : k % 4 === 1 ? 1n : -1n));
  }

  /** cos x. Throws: `series/invalid-precision`. */
  static cos(prec: number): Series {
    checkPrec(prec, 'cos');
    return Series.factorialSeries(prec, (k) => (k % 2 === 1 ? 0n : k % 4 === 0 ? 1n : -1n));
  }

  /** atanh x = sum_{n>=0} x^(2n+1)/(2n+1). Throws: `series/invalid-precision`. */
  static atanh(prec: number): Series {
    checkPrec(prec, 'atanh');
    const l = lcmRange(prec - 1, true);
    const nums = new Array<bigint>(prec);
    for (let k = 0; k < prec; k++) nums[k] = k % 2 === 1 ? l / BigInt(k) : 0n;
    return new Series({ nums, den: l }, prec); // canonical, as in logOneOverOneMinusX (odd k only)
  }

  /** (1+x)^a = sum binom(a, n) x^n. Throws: `series/invalid-precision`. */
  static binomial(a: Rational, prec: number): Series {
    checkPrec(prec, 'binomial');
    const cs: Rational[] = [];
    let c = Rational.ONE;
    for (let k = 0; k < prec; k++) {
      cs.push(c);
      c = c.mul(a.sub(Rational.of(k))).div(Rational.of(k + 1));
    }
    return Series.fromCoeffs(cs, prec);
  }

  /** [x^k]. Throws: `series/precision` when k >= prec; `series/invalid-argument` for a negative or non-integer k. */
  coeff(k: number): Rational {
    if (!Number.isSafeInteger(k) || k < 0) fail('series/invalid-argument', `coeff: exponent must be a non-negative integer, got ${k}`);
    if (k >= this.prec) fail('series/precision', `coeff: x^${k} is beyond the precision O(x^${this.prec})`);
    return Rational.frac(this.nums[k]!, this.den);
  }

  /** All known coefficients (length prec). */
  coeffs(): Rational[] {
    return this.nums.map((c) => Rational.frac(c, this.den));
  }

  /** The numerators over the common denominator `den` (a copy; length prec). */
  numerators(): bigint[] {
    return this.nums.slice();
  }

  /** Index of the first nonzero known coefficient; Infinity if all known coefficients are 0. */
  valuation(): number {
    for (let k = 0; k < this.prec; k++) if (this.nums[k] !== 0n) return k;
    return Infinity;
  }

  /** True when all known coefficients are zero. */
  isZero(): boolean {
    return this.valuation() === Infinity;
  }

  /** Known valuation, capped at prec (a series zero to its precision counts as valuation prec). */
  private val(): number {
    return Math.min(this.valuation(), this.prec);
  }

  /** Sum; precision min of the two. */
  add(o: Series): Series {
    const n = Math.min(this.prec, o.prec);
    return new Series(padd(ptrunc(this.poly(), n), ptrunc(o.poly(), n), n), n);
  }

  /** Difference; precision min of the two. */
  sub(o: Series): Series {
    const n = Math.min(this.prec, o.prec);
    return new Series(padd(ptrunc(this.poly(), n), ptrunc(o.poly(), n), n, -1n), n);
  }

  /** Negation; same precision. */
  neg(): Series {
    return new Series({ nums: this.nums.map((c) => -c), den: this.den }, this.prec);
  }

  /** r times this; same precision. */
  scale(r: Rational): Series {
    // With a = r.num, b = r.den coprime: divide a and den by g = gcd(a, den) first;
    // then only factors of b can be common to the numerators and the denominator.
    const g = bigGcd(r.num, this.den);
    const a = g === 1n ? r.num : r.num / g;
    const den = g === 1n ? this.den : this.den / g;
    return new Series(norm(this.nums.map((c) => c * a), den * r.den, r.den), this.prec);
  }

  /** Product; precision min(prec_a + val_b, prec_b + val_a), a valuation counted at most as its precision. */
  mul(o: Series): Series {
    const n = Math.min(this.prec + o.val(), o.prec + this.val());
    return new Series(pmul(this.poly(), o.poly(), n), n);
  }

  /** Constant term as a guard. Throws: `series/precision` when prec = 0. */
  private constantTerm(op: string): Rational {
    if (this.prec === 0) fail('series/precision', `${op}: the constant term is beyond the precision O(x^0)`);
    return Rational.frac(this.nums[0]!, this.den);
  }

  /** 1/this; same precision. Throws: `series/constant-term-zero` when the constant term is 0; `series/precision` when prec = 0. */
  inv(): Series {
    const c = this.constantTerm('inv');
    if (c.isZero()) fail('series/constant-term-zero', 'inv: constant term must be nonzero, got 0');
    return new Series(pinv(this.poly(), this.prec), this.prec);
  }

  /**
   * this/o. When o has valuation v > 0, this must have valuation >= v; then both are
   * divided by x^v first (precision drops by v).
   * Throws: `series/division-by-zero` when o is zero to its precision;
   * `series/not-divisible` when val(this) < val(o).
   */
  div(o: Series): Series {
    const v = o.valuation();
    if (v === Infinity) fail('series/division-by-zero', `div: divisor is zero to its precision O(x^${o.prec})`);
    if (v === 0) return this.divUnit(o);
    const va = this.val();
    if (va < v) fail('series/not-divisible', `div: numerator valuation ${va} is below the divisor valuation ${v}`);
    return this.shift(-v).divUnit(o.shift(-v));
  }

  /** this/o for o(0) != 0, with the precision of this * inv(o). */
  private divUnit(o: Series): Series {
    const n = Math.min(this.prec, o.prec + this.val());
    // Fast path: o a short polynomial with constant numerator +-1 (such as 1 - x):
    // the quotient's numerators follow from F = G*H by an integer recurrence.
    const G = o.nums;
    let deg = Math.min(G.length, n) - 1;
    while (deg > 0 && G[deg] === 0n) deg--;
    const g0 = G[0]!;
    if (deg > SHORT_DIVISOR || (g0 !== 1n && g0 !== -1n)) return this.mul(o.inv());
    const H = shortDivide(take(this.poly(), n), G, deg, n);
    // h = (H / den) * o.den. Every prime dividing all H_k divides all F_k (F = G H
    // mod x^n), so when F is untruncated (its content is prime to den) the only
    // possible reduction is gcd(o.den, den).
    const od = o.den;
    const nums = od === 1n ? H : H.map((c) => c * od);
    return new Series(norm(nums, this.den, n >= this.prec ? bigGcd(od, this.den) : this.den), n);
  }

  /** this^n for an integer n (negative n needs a nonzero constant term). Throws: `series/invalid-argument`, as inv. */
  powInt(n: number): Series {
    checkInt(n, 'powInt', 'exponent');
    if (n < 0) return this.inv().powInt(-n);
    if (n === 0) return Series.one(this.prec);
    let result: Series | undefined;
    let base: Series = this;
    let e = n;
    for (;;) {
      if (e & 1) result = result === undefined ? base : result.mul(base);
      e = Math.floor(e / 2);
      if (e === 0) break;
      base = base.mul(base);
    }
    return result!;
  }

  /** Constant-term-one guard. */
  private requireOne(op: string): void {
    const c = this.constantTerm(op);
    if (!c.eq(Rational.ONE)) fail('series/constant-term-not-one', `${op}: constant term must be 1, got ${c}`);
  }

  /** this^r = exp(r log this); same precision. Throws: `series/constant-term-not-one`, `series/precision`. */
  powRational(r: Rational): Series {
    this.requireOne('powRational');
    if (r.isInteger() && r.num >= 0n && r.num <= 64n) return this.powInt(Number(r.num));
    return this.log().scale(r).exp();
  }

  /** The square root with constant term 1. Throws: `series/constant-term-not-one`, `series/precision`. */
  sqrt(): Series {
    this.requireOne('sqrt');
    return this.powRational(Rational.frac(1n, 2n));
  }

  /** exp(this); same precision. Throws: `series/constant-term-nonzero`, `series/precision`. */
  exp(): Series {
    const c = this.constantTerm('exp');
    if (!c.isZero()) fail('series/constant-term-nonzero', `exp: constant term must be 0, got ${c}`);
    return new Series(pexp(this.poly(), this.prec), this.prec);
  }

  /** log(this); same precision. Throws: `series/constant-term-not-one`, `series/precision`. */
  log(): Series {
    this.requireOne('log');
    return new Series(plog(this.poly(), this.prec), this.prec);
  }

  /**
   * this(inner). With p = this.prec, q = inner.prec, v = val(inner) (at most q) and
   * k the least exponent >= 1 with a nonzero coefficient in this (if any), the
   * precision is min(p*v, q + (k-1)*v).
   * Throws: `series/compose-constant-term` when inner(0) != 0; `series/precision` when inner.prec = 0.
   */
  compose(inner: Series): Series {
    const c = inner.constantTerm('compose');
    if (!c.isZero()) fail('series/compose-constant-term', `compose: inner series must have constant term 0, got ${c}`);
    const v = inner.val();
    let n = this.prec * v;
    for (let k = 1; k < this.prec; k++) {
      if (this.nums[k] !== 0n) {
        n = Math.min(n, inner.prec + (k - 1) * v);
        break;
      }
    }
    return new Series(pcompose(this.poly(), inner.poly(), n, v), n);
  }

  /**
   * The compositional inverse g with this(g) = x; same precision.
   * Throws: `series/reversion-constant-term` when f(0) != 0; `series/reversion-linear-term`
   * when f'(0) = 0; `series/precision` when prec < 2.
   */
  reversion(): Series {
    if (this.prec < 2) fail('series/precision', `reversion: needs the coefficients of 1 and x, but the precision is O(x^${this.prec})`);
    const c0 = this.coeff(0);
    if (!c0.isZero()) fail('series/reversion-constant-term', `reversion: constant term must be 0, got ${c0}`);
    const c1 = this.coeff(1);
    if (c1.isZero()) fail('series/reversion-linear-term', 'reversion: coefficient of x must be nonzero, got 0');
    const n = this.prec;
    const f = this.poly();
    const df = pderiv(f);
    const X: Poly = { nums: [0n, 1n], den: 1n };
    let g: Poly = norm([0n, this.den], this.nums[1]!);
    let m = 2;
    while (m < n) {
      const m2 = Math.min(2 * m, n);
      const fg = pcompose(ptrunc(f, m2), g, m2, 1);
      const dfg = pcompose(ptrunc(df, m2), g, m2, 1);
      const r = padd(fg, X, m2, -1n); // f(g) - x, valuation >= m
      g = padd(ptrunc(g, m2), pmul(r, pinv(dfg, m2), m2), m2, -1n);
      m = m2;
    }
    return Series.wrap(g, n);
  }

  /** d/dx; precision prec-1 (0 stays 0). */
  derivative(): Series {
    return new Series(pderiv(this.poly()), Math.max(this.prec - 1, 0));
  }

  /** The antiderivative with constant term 0; precision prec+1. */
  integral(): Series {
    return new Series(pintegral(this.poly()), this.prec + 1);
  }

  /** The same series known only to O(x^n). Throws: `series/precision` when n > prec; `series/invalid-precision`. */
  truncate(n: number): Series {
    checkPrec(n, 'truncate');
    if (n > this.prec) fail('series/precision', `truncate: O(x^${n}) is beyond the precision O(x^${this.prec})`);
    return new Series(ptrunc(this.poly(), n), n);
  }

  /**
   * x^k times this; precision prec+k. A negative k divides by x^-k.
   * Throws: `series/shift-valuation` when k < 0 and val < -k; `series/invalid-argument`.
   */
  shift(k: number): Series {
    checkInt(k, 'shift', 'k');
    if (k >= 0) {
      const nums = new Array<bigint>(k).fill(0n).concat(this.nums);
      return new Series({ nums, den: this.den }, this.prec + k);
    }
    const v = this.val();
    if (v < -k) fail('series/shift-valuation', `shift: cannot divide by x^${-k}, the valuation is ${v}`);
    return new Series({ nums: this.nums.slice(-k), den: this.den }, this.prec + k);
  }

  /** Same precision and same coefficients. */
  equals(o: Series): boolean {
    if (this.prec !== o.prec || this.den !== o.den) return false;
    for (let k = 0; k < this.prec; k++) if (this.nums[k] !== o.nums[k]) return false;
    return true;
  }

  /** "1 + x + 1/2*x^2 + O(x^5)" (x^1 is written x, O(x^1) is written O(x)). */
  toString(): string {
    let s = '';
    for (let k = 0; k < this.prec; k++) {
      if (this.nums[k] === 0n) continue;
      const c = Rational.frac(this.nums[k]!, this.den);
      const a = c.abs();
      const mono = k === 0 ? '' : k === 1 ? 'x' : `x^${k}`;
      const body = k === 0 ? a.toString() : a.eq(Rational.ONE) ? mono : `${a}*${mono}`;
      if (s === '') s = c.sign() < 0 ? `-${body}` : body;
      else s += c.sign() < 0 ? ` - ${body}` : ` + ${body}`;
    }
    const big = this.prec === 1 ? 'O(x)' : `O(x^${this.prec})`;
    return s === '' ? big : `${s} + ${big}`;
  }
}

/** A canonical Poly as a Series of precision prec (through fromCoeffs: re-reduced, so equals() also checks canonicity). */
function polySeries(p: Poly, prec: number): Series {
  return Series.fromCoeffs(p.nums.map((c) => Rational.frac(c, p.den)), prec);
}

function seriesPoly(s: Series): Poly {
  return { nums: s.numerators(), den: s.den };
}

/**
 * For tests only, not part of the API: each algorithm behind inv, exp and log run on
 * its own, so every fast path can be checked against the general one ("computed two
 * ways"). Preconditions as the public operations (constant term nonzero, 0 or 1);
 * expShort needs a polynomial with at least two nonzero terms, logShort an integer
 * polynomial (denominator 1) of degree <= 16 with constant term 1.
 */
export const seriesAlgorithms = {
  invNewton: (s: Series): Series => polySeries(pinvNewton(seriesPoly(s), s.prec), s.prec),
  expNewton: (s: Series): Series => polySeries(pexpNewton(seriesPoly(s), s.prec), s.prec),
  expShort: (s: Series): Series => polySeries(pexpShort(seriesPoly(s), degreeBelow(seriesPoly(s), s.prec), s.prec), s.prec),
  /** log f as integral(f' * (1/f)) with a Newton inverse: the plain textbook route. */
  logByInverse: (s: Series): Series => {
    const f = seriesPoly(s);
    const n = s.prec;
    return polySeries(n <= 1 ? { nums: new Array<bigint>(n).fill(0n), den: 1n } : pintegral(pmul(pderiv(f), pinvNewton(f, n - 1), n - 1)), n);
  },
  /** log f by the constant-coefficient linear ODE f' = alpha f + beta (undefined when f satisfies none). */
  logLinearOde: (s: Series): Series | undefined => {
    const f = seriesPoly(s);
    const ode = linearOde(f, s.prec);
    return ode === undefined ? undefined : polySeries(plogLinearOde(f, ode, s.prec), s.prec);
  },
  logKarpMarkstein: (s: Series): Series => {
    const f = seriesPoly(s);
    const n = s.prec;
    return polySeries(n <= 1 ? { nums: new Array<bigint>(n).fill(0n), den: 1n } : pintegral(pdivSeries(pderiv(f), f, n - 1)), n);
  },
};
