/**
 * Exact definite integrals. TRUSTED KERNEL.
 *
 * `integrate(body, x, lo, hi, asm)` returns the value of the integral of body d(x)
 * from lo to hi (terms free of x, or -inf / inf) as a term free of x, or throws:
 * `kernel/unsupported` when no lemma below applies (never a guess), and
 * `integral/diverges` when the integral is shown to diverge. Side conditions are
 * proved by positivity (positivity.ts) from the assumptions; a condition that is
 * neither proved nor refuted leaves the integral unsupported.
 *
 * I1 (rational functions, partial fractions): body = P/Q with rational coefficients
 *   (its normal form has no atom and no variable but x), the roots of Q rational apart
 *   from at most one irreducible quadratic factor S = x^2 + p x + q (simple). Then
 *     P/Q = D + sum_{r,j} A_{r,j}/(x - r)^j + (B x + C)/S
 *   (D the polynomial quotient, A_{r,m-k} = [t^k] of (x - r)^m P/Q at x = r + t, B x + C
 *   by exact division), with the antiderivative
 *     F = int D + sum_r A_{r,1} log|x - r| - sum_{j>=2} A_{r,j}/((j-1)(x - r)^(j-1))
 *         + (B/2) log S + K atan((2x + p)/sqrt(Delta)),  Delta = 4q - p^2 > 0,
 *         K = (2C - B p)/sqrt(Delta).
 *   F is continuous on every interval free of the real roots r, so the integral over
 *   [lo, hi] is F(hi) - F(lo) when every r is shown outside the closed segment between
 *   lo and hi; when some r is shown inside it, the integrand (in lowest terms) has a pole
 *   there, 1/(x - r)^m is not integrable near r, and the integral diverges. An infinite
 *   end needs deg P <= deg Q - 2 (else the integrand is ~ c x^k, k >= -1, at infinity:
 *   divergent) and every r on the other side of the finite end (or none when both ends
 *   are infinite); then the coefficients of log|x| in F add up to sum_r A_{r,1} + B = 0
 *   (the coefficient of 1/x of P/Q at infinity), so F(+-inf) = +-K pi/2.
 * I2 (polynomial times exp of a linear exponent): C P(x) e^(b x), b != 0 (shown), has the
 *   antiderivative e^(b x) sum_k (-1)^k P^(k)(x)/b^(k+1) (differentiate: the sum
 *   telescopes); at +inf it tends to 0 when b < 0, at -inf when b > 0 (shown), and the
 *   integral diverges when b has the other sign (the integrand does not tend to 0 or
 *   grows, P != 0). With b = 0, C P(x) integrates termwise on a finite segment and
 *   diverges on an infinite one (P != 0).
 * I3 (Gaussian): C P(x) e^(a x^2 + b x + c) with a < 0 (shown) over the reals is
 *   Lemma 3 of sums.ts; over [0, inf) with b = 0, termwise
 *     int_0^inf x^n e^(a x^2) dx = Gamma((n + 1)/2)/(2 (-a)^((n + 1)/2))
 *   (substitute u = -a x^2); over (-inf, 0] the same times (-1)^n.
 * I4 (Gamma): C x^s P(x) e^(-b x) over (0, inf), b > 0 (shown) and s + j > -1 for every
 *   power x^j of P (shown): termwise int_0^inf x^(s+j) e^(-b x) dx = Gamma(s+j+1)/b^(s+j+1)
 *   (substitute u = b x in Euler's integral). Divergent when some s + j <= -1 is shown
 *   (x^(s+j) is not integrable at 0).
 * I5 (Beta): C x^s (1 - x)^t P(x) over (0, 1), s + j > -1 and t > -1 (shown): termwise
 *   Gamma(s+j+1) Gamma(t+1)/Gamma(s+t+j+2) (Euler's Beta integral). Divergent when some
 *   s + j <= -1 or t <= -1 is shown.
 * I6 (polynomial times sin or cos of k x + phi, k != 0 shown, finite ends): with G_m the
 *   m-th antiderivative of f(u), u = k x + phi (G_m = f(u - m pi/2)/k^m), the antiderivative
 *   is sum_j (-1)^j P^(j)(x) G_(j+1)(x) (integration by parts; its derivative telescopes
 *   to P f(u) as G_m' = G_(m-1)).
 * I7 (power rule): C x^r P(x), r a rational constant, finite ends shown >= 0: termwise
 *   x^(r+j+1)/(r+j+1), or log x when r + j = -1 (both ends shown > 0); divergent when
 *   r + j <= -1 and an end is 0.
 * A sum of summands is integrated summand by summand for I2-I7 (each summand's integral
 * converges absolutely: the integrands are continuous on the segment, or dominated as
 * stated), so the integral of the sum is the sum of the integrals. An integral with
 * lo = hi is 0; with lo > hi it is minus the integral from hi to lo, which F(hi) - F(lo)
 * already is (I1, I2); I3-I5 need their fixed ends.
 */
import { fail } from '../numbers/errors.ts';
import { Rational, bigGcd } from '../numbers/rational.ts';
import { Poly } from '../containers/poly.ts';
import * as T from '../containers/term.ts';
import type { Assumptions, Term } from '../containers/term.ts';
import { provePositivity } from '../decide/positivity.ts';
import { NormalContext } from '../normal/normal.ts';
import { integralOverReals, polyCoefficients } from './sums.ts';
import { gammaTerm } from '../normal/special.ts';

const unsupported = (why: string): never => fail('kernel/unsupported', `integral: ${why}`);
const diverges = (why: string): never => fail('integral/diverges', `the integral diverges: ${why}`);

/** Highest degree of a denominator or polynomial weight accepted. */
const MAX_DEGREE = 24;
/** Highest degree of a rational integrand's numerator (its antiderivative is expanded term by term). */
const MAX_NUMERATOR_DEGREE = 400;

type Lo = Term | '-inf';
type Hi = Term | 'inf';

const isZeroTerm = (t: Term): boolean => t.k === 'const' && t.value.isZero();

/** 'pos' / 'neg' / 'zero' when shown, else undefined. */
function signShown(t: Term, asm: Assumptions): 'pos' | 'neg' | 'zero' | undefined {
  if (t.k === 'const') return t.value.sign() > 0 ? 'pos' : t.value.sign() < 0 ? 'neg' : 'zero';
  if (provePositivity(t, 'pos', asm).ok) return 'pos';
  if (provePositivity(T.neg(t), 'pos', asm).ok) return 'neg';
  return undefined;
}

function shownNonneg(t: Term, asm: Assumptions): boolean {
  return t.k === 'const' ? t.value.sign() >= 0 : provePositivity(t, 'nonneg', asm).ok;
}

// ------------------------------------------------------------ dense polynomials over Q

type QPoly = Rational[];

function trim(p: QPoly): QPoly {
  const out = p.slice();
  while (out.length > 0 && out[out.length - 1]!.isZero()) out.pop();
  return out;
}
function padd(a: QPoly, b: QPoly): QPoly {
  const out: Rational[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) out.push((a[i] ?? Rational.ZERO).add(b[i] ?? Rational.ZERO));
  return trim(out);
}
function pscale(a: QPoly, c: Rational): QPoly {
  return trim(a.map((x) => x.mul(c)));
}
function pmul(a: QPoly, b: QPoly): QPoly {
  if (a.length === 0 || b.length === 0) return [];
  const out = new Array<Rational>(a.length + b.length - 1).fill(Rational.ZERO);
  for (let i = 0; i < a.length; i++) for (let j = 0; j < b.length; j++) out[i + j] = out[i + j]!.add(a[i]!.mul(b[j]!));
  return trim(out);
}
/** [quotient, remainder]. Requires: b nonzero. */
function pdivmod(a: QPoly, b: QPoly): [QPoly, QPoly] {
  let r = trim(a);
  const db = b.length - 1;
  const lead = b[db]!;
  const q = new Array<Rational>(Math.max(r.length - db, 0)).fill(Rational.ZERO);
  while (r.length - 1 >= db && r.length > 0) {
    const k = r.length - 1 - db;
    const c = r[r.length - 1]!.div(lead);
    q[k] = c;
    const sub = new Array<Rational>(k).fill(Rational.ZERO).concat(b.map((x) => x.mul(c)));
    r = trim(r.map((x, i) => x.sub(sub[i] ?? Rational.ZERO)));
  }
  return [trim(q), r];
}
function pderiv(a: QPoly): QPoly {
  return trim(a.slice(1).map((c, i) => c.mul(Rational.of(i + 1))));
}
function pAt(a: QPoly, x: Rational): Rational {
  let acc = Rational.ZERO;
  for (let i = a.length - 1; i >= 0; i--) acc = acc.mul(x).add(a[i]!);
  return acc;
}
/** a(x + r). */
function pshift(a: QPoly, r: Rational): QPoly {
  let out: QPoly = [];
  for (let i = a.length - 1; i >= 0; i--) out = padd(pmul(out, [r, Rational.ONE]), [a[i]!]);
  return out;
}
function ptoTerm(a: QPoly, x: Term): Term {
  return T.add(...a.map((c, i) => T.mul(T.num(c), T.pow(x, i))));
}

function divisors(n: bigint): bigint[] {
  const m = n < 0n ? -n : n;
  if (m === 0n) return [];
  if (m > 10n ** 12n) return unsupported('a coefficient of the denominator is too large to search its rational roots');
  const out: bigint[] = [];
  for (let d = 1n; d * d <= m; d++) {
    if (m % d === 0n) {
      out.push(d);
      if (d * d !== m) out.push(m / d);
    }
  }
  return out;
}

/** The rational roots of q with multiplicities, and the cofactor without them. */
function rationalRoots(q: QPoly): { roots: [Rational, number][]; rest: QPoly } {
  let rest = trim(q);
  const roots: [Rational, number][] = [];
  const take = (r: Rational): void => {
    let m = 0;
    for (;;) {
      if (rest.length <= 1 || !pAt(rest, r).isZero()) break;
      rest = pdivmod(rest, [r.neg(), Rational.ONE])[0];
      m++;
    }
    if (m > 0) roots.push([r, m]);
  };
  take(Rational.ZERO);
  if (rest.length > 1) {
    // integer coefficients: multiply by the lcm of the denominators
    let l = 1n;
    for (const c of rest) {
      const g = bigGcd(l, c.den);
      l = (l / g) * c.den;
    }
    const ints = rest.map((c) => c.mul(Rational.of(l)).num);
    const ps = divisors(ints[0]!);
    const qs = divisors(ints[ints.length - 1]!);
    // a fixed cap, so that the verdict never depends on how fast the machine is
    if (ps.length * qs.length > MAX_ROOT_CANDIDATES) unsupported(`the denominator has ${ps.length * qs.length} candidate rational roots (more than ${MAX_ROOT_CANDIDATES} are not searched)`);
    for (const p of ps) for (const d of qs) for (const s of [1n, -1n]) if (rest.length > 1) take(Rational.frac(s * p, d));
  }
  return { roots, rest };
}
/** The most candidates p/q the rational-root search tries (each is one polynomial evaluation). */
const MAX_ROOT_CANDIDATES = 20_000;

/** Coefficients [t^0..t^(m-1)] of N(t)/M(t) as a power series (M(0) != 0). */
function seriesQuotient(N: QPoly, M: QPoly, m: number): Rational[] {
  const out: Rational[] = [];
  const m0 = M[0]!;
  for (let k = 0; k < m; k++) {
    let s = N[k] ?? Rational.ZERO;
    for (let i = 1; i <= k; i++) s = s.sub((M[i] ?? Rational.ZERO).mul(out[k - i]!));
    out.push(s.div(m0));
  }
  return out;
}

/** r is outside the closed segment between lo and hi (ends may be infinite): shown true / shown false / unknown. */
function outside(r: Term, lo: Lo, hi: Hi, asm: Assumptions): boolean | undefined {
  if (lo === '-inf' && hi === 'inf') return false;
  if (lo === '-inf') {
    const s = signShown(T.sub(r, hi as Term), asm);
    return s === 'pos' ? true : s === undefined ? undefined : false;
  }
  if (hi === 'inf') {
    const s = signShown(T.sub(lo, r), asm);
    return s === 'pos' ? true : s === undefined ? undefined : false;
  }
  const s = signShown(T.mul(T.sub(lo, r), T.sub(hi, r)), asm);
  return s === 'pos' ? true : s === undefined ? undefined : false;
}

/**
 * True when t is built from rational constants and x by +, * and integer powers only (so
 * its normal form is the same function wherever t is defined: no roots, abs or logs
 * that the normal form could simplify away, as sqrt(x)^2 = x only for x >= 0).
 */
function isRationalTerm(t: Term, x: string): boolean {
  switch (t.k) {
    case 'const': return true;
    case 'var': return t.name === x;
    case 'add': case 'mul': return t.args.every((a) => isRationalTerm(a, x));
    case 'pow': return t.exp.isInteger() && isRationalTerm(t.base, x);
    default: return false;
  }
}

/** I1. Returns undefined when body is not a rational function of x over Q. */
function rationalIntegral(body: Term, x: string, lo: Lo, hi: Hi, asm: Assumptions): Term | undefined {
  if (!isRationalTerm(body, x)) return undefined;
  const ctx = new NormalContext(new Map());
  let rf;
  try {
    rf = ctx.normalize(body);
  } catch {
    return undefined;
  }
  if (rf.vars().some((v) => v !== x)) return undefined;
  const toQ = (p: Poly, max: number): QPoly | undefined => {
    if (p.degreeIn(x) > max) return unsupported(`a polynomial of degree ${p.degreeIn(x)} above ${max}`);
    const cs = p.coeffsIn(x).map((c) => c.constantValue());
    return cs.some((c) => c === undefined) ? undefined : trim(cs as Rational[]);
  };
  const P = toQ(rf.num, MAX_NUMERATOR_DEGREE);
  const Q = toQ(rf.den, MAX_DEGREE);
  if (!P || !Q) return undefined;
  const X = T.v(x);
  if (P.length === 0) return T.ZERO;
  const infinite = lo === '-inf' || hi === 'inf';
  if (Q.length === 1) {
    // a polynomial: I2 with b = 0
    if (infinite) return diverges(`the integrand ${T.termToString(body)} is a nonzero polynomial on an infinite interval`);
    const prim = [Rational.ZERO, ...pscale(P, Q[0]!.inv()).map((c, i) => c.div(Rational.of(i + 1)))];
    return T.sub(ptoTerm(prim, hi as Term), ptoTerm(prim, lo as Term));
  }
  const { roots, rest } = rationalRoots(Q);
  let quad: QPoly | undefined;
  if (rest.length === 3) {
    const [c0, c1, c2] = rest as [Rational, Rational, Rational];
    const disc = c1.mul(c1).sub(Rational.of(4).mul(c2).mul(c0));
    if (disc.sign() >= 0) return unsupported(`the denominator has irrational real roots (the factor ${T.termToString(ptoTerm(rest, X))})`);
    quad = pscale(rest, c2.inv());
  } else if (rest.length > 3) {
    return unsupported(`the denominator's factor ${T.termToString(ptoTerm(rest, X))} (of degree ${rest.length - 1}) has no rational roots; only linear factors and one quadratic are supported`);
  }
  // Poles inside the segment: divergent; unknown: unsupported.
  for (const [r] of roots) {
    const o = outside(T.num(r), lo, hi, asm);
    if (o === false) return diverges(`the integrand has a pole at ${x} = ${r}, which is in the interval of integration`);
    if (o === undefined) return unsupported(`could not show that the pole ${x} = ${r} lies outside the interval of integration`);
  }
  const [D, R0] = pdivmod(P, Q);
  if (infinite && (D.length > 0 || R0.length > Q.length - 2)) {
    return diverges(`the integrand ${T.termToString(body)} decays no faster than 1/${x} at infinity`);
  }
  // A_{r,j}
  const parts: { r: Rational; j: number; A: Rational }[] = [];
  let covered: QPoly = []; // sum A_{r,j} Q/(x - r)^j
  for (const [r, m] of roots) {
    let Qr = Q;
    for (let i = 0; i < m; i++) Qr = pdivmod(Qr, [r.neg(), Rational.ONE])[0];
    const cs = seriesQuotient(pshift(R0, r), pshift(Qr, r), m);
    for (let k = 0; k < m; k++) {
      const j = m - k;
      const A = cs[k]!;
      if (A.isZero()) continue;
      parts.push({ r, j, A });
      let Qj = Q;
      for (let i = 0; i < j; i++) Qj = pdivmod(Qj, [r.neg(), Rational.ONE])[0];
      covered = padd(covered, pscale(Qj, A));
    }
  }
  let B = Rational.ZERO;
  let C = Rational.ZERO;
  if (quad) {
    const QoverS = pdivmod(Q, quad)[0];
    const [lin, rem] = pdivmod(padd(R0, pscale(covered, Rational.MINUS_ONE)), QoverS);
    if (rem.length > 0 || lin.length > 2) return fail('internal', 'integral: partial fractions did not divide exactly');
    C = lin[0] ?? Rational.ZERO;
    B = lin[1] ?? Rational.ZERO;
  } else {
    const left = padd(R0, pscale(covered, Rational.MINUS_ONE));
    if (left.length > 0) return fail('internal', 'integral: partial fractions left a remainder');
  }
  // F at a finite point u, and the limits at +-inf.
  const p = quad ? quad[1]! : Rational.ZERO;
  const q = quad ? quad[0]! : Rational.ZERO;
  const delta = Rational.of(4).mul(q).sub(p.mul(p));
  const sqrtDelta = T.sqrt(T.num(delta));
  const K = quad ? T.div(T.num(Rational.of(2).mul(C).sub(B.mul(p))), sqrtDelta) : T.ZERO;
  const Dprim = [Rational.ZERO, ...D.map((c, i) => c.div(Rational.of(i + 1)))];
  const F = (u: Term): Term => {
    const terms: Term[] = [ptoTerm(trim(Dprim), u)];
    for (const { r, j, A } of parts) {
      const d = T.sub(u, T.num(r));
      terms.push(j === 1 ? T.mul(T.num(A), T.log(T.abs(d))) : T.mul(T.num(A.div(Rational.of(1 - j))), T.pow(d, 1 - j)));
    }
    if (quad) {
      const S = T.add(T.pow(u, 2), T.mul(T.num(p), u), T.num(q));
      terms.push(T.mul(T.num(B.div(Rational.of(2))), T.log(S)));
      terms.push(T.mul(K, T.fn('atan', T.div(T.add(T.mul(T.num(2), u), T.num(p)), sqrtDelta))));
    }
    return T.add(...terms);
  };
  const halfPi = T.div(T.named('pi'), T.num(2));
  const Fhi = hi === 'inf' ? T.mul(K, halfPi) : F(hi);
  const Flo = lo === '-inf' ? T.neg(T.mul(K, halfPi)) : F(lo);
  return T.sub(Fhi, Flo);
}

// ------------------------------------------------------------ products with exp and powers

interface Piece {
  free: Term[];
  poly: Term[];
  expArgs: Term[];
  /** exponent of x (x^s, s a term free of x) */
  xPow: Term[];
  /** exponent of (1 - x) */
  oneMinusPow: Term[];
  /**
   * Bases with x raised to a non-integer power somewhere (x^(1/2), (x^(1/2))^2): such a
   * factor is real only where its base is >= 0, which the interval must guarantee.
   */
  fracBases: Term[];
  /** One factor sin(k x + phi) or cos(k x + phi) (I6). */
  trig: { name: 'sin' | 'cos'; k: Term; phi: Term }[];
}

function dependsOnX(t: Term, x: string): boolean {
  return T.freeVars(t).has(x);
}

function isOneMinusX(t: Term, x: string): boolean {
  const p = polyCoefficients(t, x, 1);
  return !!p && p.length === 2 && p[0]!.k === 'const' && p[0]!.value.eq(Rational.ONE) && p[1]!.k === 'const' && p[1]!.value.eq(Rational.MINUS_ONE);
}

function pieceOf(t: Term, x: string): Piece {
  const s: Piece = { free: [], poly: [T.ONE], expArgs: [], xPow: [], oneMinusPow: [], fracBases: [], trig: [] };
  const visit = (f: Term, n: Term): void => {
    // f^n
    if (!dependsOnX(f, x)) {
      s.free.push(n.k === 'const' && n.value.eq(Rational.ONE) ? f : T.pow(f, n));
      return;
    }
    if (f.k === 'mul' && n.k === 'const' && n.value.isInteger()) {
      for (const a of f.args) visit(a, n);
      return;
    }
    // (f^e)^n = f^(e n) for an integer n wherever f^e is defined; not for other n
    // ((x^2)^(1/2) = |x|), so then f^e stays one factor.
    if (f.k === 'pow' && n.k === 'const' && n.value.isInteger()) {
      if (!f.exp.isInteger()) s.fracBases.push(f.base);
      visit(f.base, T.num(n.value.mul(f.exp)));
      return;
    }
    if (f.k === 'powt' && f.base.k === 'named' && f.base.name === 'e' && n.k === 'const' && n.value.isInteger()) {
      s.expArgs.push(T.mul(n, f.exp));
      return;
    }
    if (f.k === 'powt' && n.k === 'const' && n.value.isInteger() && !dependsOnX(f.exp, x)) {
      s.fracBases.push(f.base);
      visit(f.base, T.mul(n, f.exp));
      return;
    }
    if (f.k === 'fn' && (f.name === 'sin' || f.name === 'cos') && isConst(n, Rational.ONE)) {
      const lin = polyCoefficients(f.arg, x, 1);
      if (lin && lin.length === 2) {
        s.trig.push({ name: f.name, k: lin[1]!, phi: lin[0]! });
        return;
      }
    }
    if (f.k === 'fn' && f.name === 'exp' && n.k === 'const' && n.value.isInteger()) {
      s.expArgs.push(T.mul(n, f.arg));
      return;
    }
    // x^n: a symbolic, fractional or negative power, or an integer one too high to expand
    // as a polynomial weight (x^50 e^(-x) is still Euler's Gamma integral).
    if (f.k === 'var' && f.name === x && (n.k !== 'const' || !n.value.isInteger() || n.value.sign() < 0 || n.value.cmp(Rational.of(MAX_DEGREE)) > 0)) {
      s.xPow.push(n);
      return;
    }
    if (isOneMinusX(f, x) && (n.k !== 'const' || !n.value.isInteger() || n.value.sign() < 0)) {
      s.oneMinusPow.push(n);
      return;
    }
    if (n.k === 'const' && n.value.isInteger() && n.value.sign() > 0) {
      const p = polyCoefficients(n.value.eq(Rational.ONE) ? f : T.pow(f, n.value), x, MAX_DEGREE);
      if (p) {
        const out: Term[][] = [];
        for (let i = 0; i < s.poly.length; i++) for (let j = 0; j < p.length; j++) (out[i + j] ??= []).push(T.mul(s.poly[i]!, p[j]!));
        s.poly = out.map((ts) => T.add(...ts));
        if (s.poly.length - 1 > MAX_DEGREE) unsupported(`a polynomial weight of degree above ${MAX_DEGREE}`);
        return;
      }
    }
    unsupported(`the factor ${T.termToString(n.k === 'const' && n.value.eq(Rational.ONE) ? f : T.pow(f, n))} is not a polynomial in ${x}, an exp, a power of ${x} or of 1 - ${x}`);
  };
  visit(t, T.ONE);
  return s;
}

/**
 * For each nonzero coefficient p_j of P: a = s + j + 1 must be shown > 0 (x^(s+j) integrable
 * at 0; divergent when a <= 0 is shown), then term(p_j, a). Throws: as the module.
 */
function termwise(P: readonly Term[], s: Term, x: string, asm: Assumptions, what: string, term: (pj: Term, a: Term) => Term): Term[] {
  const out: Term[] = [];
  P.forEach((pj, j) => {
    if (isZeroTerm(pj)) return;
    const a = T.add(s, T.num(j + 1));
    const as = signShown(a, asm);
    if (as === 'neg' || as === 'zero') diverges(`${x}^(${T.termToString(T.add(s, T.num(j)))}) is not integrable at ${x} = 0`);
    if (as !== 'pos') unsupported(`${what} integral: could not show ${T.termToString(a)} > 0`);
    out.push(term(pj, a));
  });
  return out;
}

const summands = (t: Term): readonly Term[] => (isZeroTerm(t) ? [] : t.k === 'add' ? t.args : [t]);
const isConst = (t: Term, v: Rational): boolean => t.k === 'const' && t.value.eq(v);

function pieceIntegral(piece: Term, x: string, lo: Lo, hi: Hi, asm: Assumptions): { value: Term; lemma: string } {
  const s = pieceOf(piece, x);
  if (s.fracBases.length > 0) {
    // every base of a non-integer power must be >= 0 on the open interval (lo, hi)
    const end = (b: Term): Rational | undefined => (b.k === 'const' ? b.value : undefined);
    const l = lo === '-inf' ? undefined : end(lo);
    const h = hi === 'inf' ? undefined : end(hi);
    if ((lo !== '-inf' && l === undefined) || (hi !== 'inf' && h === undefined) || (l && h && l.cmp(h) > 0)) {
      unsupported(`a non-integer power of a term in ${x} needs numeric ends in increasing order`);
    }
    const inner = new Map(asm);
    inner.set(x, { ...(l ? { lo: { value: l, open: true } } : {}), ...(h ? { hi: { value: h, open: true } } : {}) });
    for (const b of s.fracBases) {
      if (!provePositivity(b, 'nonneg', inner).ok) unsupported(`could not show ${T.termToString(b)} >= 0 on the interval of integration, where its non-integer power must be real`);
    }
  }
  const C = T.mul(...s.free);
  const E = s.expArgs.length === 0 ? [T.ZERO] : polyCoefficients(T.add(...s.expArgs), x, 2);
  if (!E) return unsupported(`the exponent ${T.termToString(T.add(...s.expArgs))} is not a polynomial of degree <= 2 in ${x}`);
  const e0 = E[0] ?? T.ZERO;
  const e1 = E[1] ?? T.ZERO;
  const e2 = E[2] ?? T.ZERO;
  const P = s.poly;
  const sPow = s.xPow.length === 0 ? undefined : T.add(...s.xPow);
  const tPow = s.oneMinusPow.length === 0 ? undefined : T.add(...s.oneMinusPow);
  const X = T.v(x);
  // I5 Beta
  if (tPow !== undefined || (sPow !== undefined && lo !== '-inf' && hi !== 'inf' && isZeroTerm(lo) && isConst(hi, Rational.ONE) && s.expArgs.length === 0)) {
    if (s.expArgs.length > 0) unsupported('a power of (1 - x) times an exp');
    if (s.trig.length > 0) unsupported(`a power of (1 - ${x}) or ${x} on (0, 1) times a sin or cos (not a Beta integral)`);
    if (lo === '-inf' || hi === 'inf' || !isZeroTerm(lo) || !isConst(hi, Rational.ONE)) unsupported(`a power of (1 - ${x}) is integrated only over (0, 1) (the Beta integral)`);
    const sp = sPow ?? T.ZERO;
    const tp = tPow ?? T.ZERO;
    const tc = T.add(tp, T.ONE);
    const ts = signShown(tc, asm);
    if (ts === 'neg' || ts === 'zero') diverges(`(1 - ${x})^(${T.termToString(tp)}) is not integrable at ${x} = 1`);
    if (ts !== 'pos') unsupported(`Beta integral: could not show ${T.termToString(tc)} > 0`);
    const terms = termwise(P, sp, x, asm, 'Beta', (pj, a) => T.mul(pj, gammaTerm(a), gammaTerm(tc), T.pow(gammaTerm(T.add(a, tc)), -1)));
    return { value: T.mul(C, T.add(...terms)), lemma: 'Beta integral' };
  }
  // I6 polynomial times sin or cos of a linear argument, on a finite segment
  if (s.trig.length > 0) {
    if (s.trig.length > 1 || s.expArgs.length > 0 || sPow !== undefined) unsupported(`a product of sin or cos with another sin, cos, exp or power of ${x}`);
    if (lo === '-inf' || hi === 'inf') unsupported(`sin and cos are integrated only over a finite segment (on an infinite one the integral has no limit unless it is 0)`);
    const { name, k, phi } = s.trig[0]!;
    const ks = signShown(k, asm);
    if (ks === undefined || ks === 'zero') unsupported(`could not show ${T.termToString(k)} != 0`);
    const derivs: Term[][] = [P];
    for (let j = 1; j < P.length; j++) derivs.push(derivs[j - 1]!.slice(1).map((c, i) => T.mul(T.num(i + 1), c)));
    // G_m, the m-th antiderivative of f(u), u = k x + phi: f(u - m pi/2)/k^m
    const G = (m: number, u: Term): Term => {
      const r = m % 4;
      const cosLike = name === 'cos' ? [T.fn('cos', u), T.fn('sin', u), T.neg(T.fn('cos', u)), T.neg(T.fn('sin', u))]
        : [T.fn('sin', u), T.neg(T.fn('cos', u)), T.neg(T.fn('sin', u)), T.fn('cos', u)];
      return T.mul(cosLike[r]!, T.pow(k, -m));
    };
    const F = (v: Term): Term => {
      const u = T.add(T.mul(k, v), phi);
      const at = (cs: Term[]): Term => T.add(...cs.map((c, i) => T.mul(c, T.pow(v, i))));
      return T.add(...derivs.map((d, j) => T.mul(T.num(j % 2 === 0 ? 1 : -1), at(d), G(j + 1, u))));
    };
    const sc = isZeroTerm(e0) ? C : T.mul(C, T.exp(e0));
    return { value: T.mul(sc, T.sub(F(hi as Term), F(lo as Term))), lemma: `polynomial times ${name} (integration by parts)` };
  }
  // I4' power rule: x^r times a polynomial, r a rational constant, on a finite segment in [0, inf)
  if (sPow !== undefined && sPow.k === 'const' && s.expArgs.length === 0 && lo !== '-inf' && hi !== 'inf') {
    const r = sPow.value;
    const loT: Term = lo;
    const hiT: Term = hi;
    for (const [end, what] of [[lo, 'lower'], [hi, 'upper']] as const) {
      if (!shownNonneg(end, asm)) unsupported(`x^(${r}) needs the ${what} end shown >= 0`);
    }
    const terms: Term[] = [];
    P.forEach((pj, j) => {
      if (isZeroTerm(pj)) return;
      const e = r.add(Rational.of(j + 1)); // the power after integrating
      const atZero = (end: Term): boolean => signShown(end, asm) === 'zero';
      if (e.sign() <= 0 && (atZero(loT) || atZero(hiT))) diverges(`${x}^(${r.add(Rational.of(j))}) is not integrable at ${x} = 0`);
      if (e.sign() <= 0 && !(signShown(loT, asm) === 'pos' && signShown(hiT, asm) === 'pos')) unsupported(`x^(${r.add(Rational.of(j))}) needs both ends shown > 0`);
      const F = (v: Term): Term => (e.isZero() ? T.log(v) : T.div(T.pow(v, e), T.num(e)));
      terms.push(T.mul(pj, T.sub(F(hiT), F(loT))));
    });
    const sc = isZeroTerm(e0) ? C : T.mul(C, T.exp(e0));
    return { value: T.mul(sc, T.add(...terms)), lemma: 'power rule' };
  }
  // I4 Gamma
  if (sPow !== undefined) {
    if (!(lo !== '-inf' && isZeroTerm(lo) && hi === 'inf')) unsupported(`a non-integer or negative power of ${x} is integrated only over (0, inf) (Gamma) or (0, 1) (Beta)`);
    if (!isZeroTerm(e2)) unsupported(`x^s times exp of a quadratic`);
    const b = T.neg(e1);
    const bs = signShown(b, asm);
    if (bs === 'neg' || bs === 'zero') diverges(`${T.termToString(piece)} does not decay at infinity`);
    if (bs !== 'pos') unsupported(`Gamma integral: could not show ${T.termToString(b)} > 0`);
    const terms = termwise(P, sPow, x, asm, 'Gamma', (pj, a) => T.mul(pj, gammaTerm(a), T.pow(b, T.neg(a))));
    const scale = isZeroTerm(e0) ? C : T.mul(C, T.exp(e0));
    return { value: T.mul(scale, T.add(...terms)), lemma: 'Gamma integral' };
  }
  const scale = isZeroTerm(e0) ? C : T.mul(C, T.exp(e0));
  // I3 Gaussian
  if (!isZeroTerm(e2)) {
    const as = signShown(e2, asm);
    if (as === 'pos' || (as === 'zero')) diverges(`exp(${T.termToString(T.add(...s.expArgs))}) grows at infinity`);
    if (as !== 'neg') unsupported(`Gaussian integral: could not show ${T.termToString(e2)} < 0`);
    if (lo === '-inf' && hi === 'inf') return { value: integralOverReals(piece, x, asm).value, lemma: 'Gaussian integral' };
    const half = lo !== '-inf' && isZeroTerm(lo) && hi === 'inf' ? 1 : lo === '-inf' && hi !== 'inf' && isZeroTerm(hi) ? -1 : 0;
    if (half === 0 || !isZeroTerm(e1)) unsupported('a Gaussian integral over an interval other than the reals or a half-line from 0 with no linear term (erf)');
    const negA = T.neg(e2);
    const terms: Term[] = [];
    P.forEach((pj, n) => {
      if (isZeroTerm(pj)) return;
      const k = Rational.frac(BigInt(n + 1), 2n);
      const v = T.mul(pj, gammaTerm(T.num(k)), T.pow(T.mul(T.num(2), T.pow(negA, k)), -1));
      terms.push(half < 0 && n % 2 === 1 ? T.neg(v) : v);
    });
    return { value: T.mul(scale, T.add(...terms)), lemma: 'Gaussian moment on a half-line' };
  }
  // I2 polynomial times exp(linear)
  if (isZeroTerm(e1)) {
    if (lo === '-inf' || hi === 'inf') diverges(`${T.termToString(piece)} is a nonzero polynomial${isZeroTerm(e0) ? '' : ' times a constant'} on an infinite interval`);
    const prim = P.map((c, i) => T.div(T.mul(c, T.pow(X, i + 1)), T.num(i + 1)));
    const F = (u: Term): Term => T.substitute(T.add(...prim), new Map([[x, u]]));
    return { value: T.mul(scale, T.sub(F(hi as Term), F(lo as Term))), lemma: 'polynomial' };
  }
  const bs = signShown(e1, asm);
  if (bs === undefined || bs === 'zero') unsupported(`could not show ${T.termToString(e1)} != 0`);
  if (hi === 'inf' && bs === 'pos') diverges(`exp(${T.termToString(T.mul(e1, X))}) grows at +inf`);
  if (lo === '-inf' && bs === 'neg') diverges(`exp(${T.termToString(T.mul(e1, X))}) grows at -inf`);
  // derivatives of P
  const derivs: Term[][] = [P];
  for (let k = 1; k < P.length; k++) derivs.push(derivs[k - 1]!.slice(1).map((c, i) => T.mul(T.num(i + 1), c)));
  const F = (u: Term): Term => {
    const at = (cs: Term[]): Term => T.add(...cs.map((c, i) => T.mul(c, T.pow(u, i))));
    const sum = T.add(...derivs.map((d, k) => T.mul(T.num(k % 2 === 0 ? 1 : -1), at(d), T.pow(e1, -(k + 1)))));
    return T.mul(T.exp(T.mul(e1, u)), sum);
  };
  const Fhi = hi === 'inf' ? T.ZERO : F(hi);
  const Flo = lo === '-inf' ? T.ZERO : F(lo);
  return { value: T.mul(scale, T.sub(Fhi, Flo)), lemma: 'polynomial times exp of a linear exponent' };
}

/**
 * The integral of body d(x) from lo to hi as a term free of x, and the lemmas used.
 * Requires: lo and hi free of x. Throws: `kernel/unsupported`; `integral/diverges`.
 */
export function integrate(body: Term, x: string, lo: Lo, hi: Hi, asm: Assumptions): { value: Term; lemmas: Set<string> } {
  if ((lo !== '-inf' && dependsOnX(lo, x)) || (hi !== 'inf' && dependsOnX(hi, x))) fail('internal', 'integrate: a bound depends on the variable of integration');
  if (lo !== '-inf' && hi !== 'inf' && T.termKey(lo) === T.termKey(hi)) return { value: T.ZERO, lemmas: new Set(['empty interval']) };
  const lemmas = new Set<string>();
  const rat = rationalIntegral(body, x, lo, hi, asm);
  let value: Term;
  if (rat !== undefined) {
    value = rat;
    lemmas.add('partial fractions');
  } else {
    const parts: Term[] = [];
    for (const piece of summands(body)) {
      const r = pieceIntegral(piece, x, lo, hi, asm);
      parts.push(r.value);
      lemmas.add(r.lemma);
    }
    value = T.add(...parts);
  }
  if (dependsOnX(value, x)) fail('internal', 'integrate: the variable of integration survived');
  // ends that are not shown ordered are fine for I1 and I2 (F(hi) - F(lo)); I3-I5 have fixed ends
  return { value, lemmas };
}
