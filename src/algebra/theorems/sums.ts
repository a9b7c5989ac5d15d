/**
 * Closed forms of infinite sums and of integrals over the reals. TRUSTED KERNEL.
 *
 * Three lemmas, each applied only to a body of an exactly recognised shape; the
 * shape is read structurally from the Term (no guessing), the side conditions are
 * proved by positivity (positivity.ts) from the assumptions, and the closed form is
 * returned as a Term free of the bound variable. Anything else throws KernelError
 * `kernel/unsupported`, never a guess.
 *
 * Shape of a summand (a product; a sum of such products is handled term by term,
 * which is sound because every series/integral below converges absolutely, so the
 * series (integral) of a finite sum is the sum of the series (integrals)):
 *
 *     C * P(x) * exp(E(x)) * z_1^x * ... * z_r^x * (x!)^f
 *
 * where C is a product of factors free of x, P a polynomial in x with coefficients
 * free of x, E a polynomial in x (the arguments of all exp factors added up:
 * exp(u)exp(v) = exp(u+v)), each z_i^x a `powt(z_i, x)` with z_i free of x, and
 * (x!)^f is the designated factorial variable to the power f (its value is x!).
 * Integer powers are distributed over products ((ab)^n = a^n b^n for integer n
 * wherever both sides are defined) and exp(u)^n = exp(n u).
 *
 * Lemma 1 (exponential series with polynomial weight; f = -1, deg E <= 1):
 *   with z = z_1...z_r exp(e_1) and C' = C exp(e_0) (so z^x = prod z_i^x exp(e_1 x)
 *   for integer x), sum_{x>=0} P(x) z^x / x! = e^z sum_k p_k T_k(z), where
 *   T_k(z) = sum_m S(k, m) z^m (Touchard; S = Stirling numbers of the 2nd kind).
 *   Why: x^k = sum_m S(k, m) x(x-1)...(x-m+1) and
 *   sum_x x(x-1)...(x-m+1) z^x/x! = z^m sum_{x>=m} z^{x-m}/(x-m)! = z^m e^z;
 *   absolutely convergent for every real z, so the rearrangement is valid.
 *
 * Lemma 2 (geometric series with polynomial weight; f = 0, deg E <= 1):
 *   needs |z| < 1, proved as 1 - z > 0 and 1 + z > 0 on the assumptions. Then
 *   sum_{x>=0} x^k z^x = (z d/dz)^k 1/(1-z) = N_k(z)/(1-z)^{k+1} with N_0 = 1 and
 *   N_{k+1}(z) = z ((1-z) N_k'(z) + (k+1) N_k(z)) (differentiate the quotient; the
 *   termwise derivative of a power series is valid inside its disc of convergence).
 *
 * Lemma 3 (Gaussian integral with polynomial weight; no powt factor, f = 0,
 *   E(x) = a x^2 + b x + c): needs a < 0, proved as -a > 0. Completing the square,
 *   a x^2 + b x + c = -(x - mu)^2/(2 s2) + c - b^2/(4a) with mu = -b/(2a),
 *   s2 = -1/(2a), so integral P(x) e^E dx = sqrt(pi/(-a)) e^{c - b^2/(4a)} E[P(X)]
 *   for X ~ N(mu, s2) (the Gaussian density is e^{-(x-mu)^2/(2 s2)}/sqrt(2 pi s2)
 *   and 2 pi s2 = pi/(-a)). The moments satisfy m_0 = 1, m_1 = mu,
 *   m_{k+1} = mu m_k + k s2 m_{k-1} (integrate by parts: E[(X-mu) g(X)] = s2 E[g'(X)]
 *   with g = x^k). Convergent absolutely because a < 0.
 *
 * Lemma 4 (logarithmic series; one factor 1/x, constant weight, no factorial,
 *   deg E <= 1): needs |z| < 1 (as Lemma 2) and a start lo >= 1. Then
 *   sum_{x>=lo} c z^x/x = c (-log(1 - z) - sum_{y=1}^{lo-1} z^y/y), since
 *   -log(1 - z) = sum_{y>=1} z^y/y (integrate the geometric series termwise from 0 to
 *   z, valid inside its disc of convergence); absolutely convergent for |z| < 1.
 *   Its summands are not part of the head subtracted below lo (their sum starts at lo).
 *
 * Lemma 5 (even/odd series; the factorial (2x)! is the variable `${fact}2`, built by the
 *   lowering together with the factor 2x + 1 of (2x + 1)!; constant weight, q = z as above,
 *   written q = r^2 or q = -r^2, r read structurally from even powers (q = -y^2 gives
 *   r = y) or r = sqrt(|q|) when the sign of q is shown):
 *     sum_{x>=0} q^x/(2x)!     = cosh r  (q = r^2)   or cos r   (q = -r^2),
 *     sum_{x>=0} q^x/(2x+1)!   = sinh(r)/r           or sin(r)/r,
 *     sum_{x>=0} q^x/(2x+1)    = atanh(r)/r          or atan(r)/r   (|q| < 1 shown),
 *   the even and odd parts of the exponential series at t = r (r^(2x) = q^x) or t = i r
 *   ((i r)^(2x) = (-1)^x r^(2x)), and of log((1 + t)/(1 - t))/2 = sum t^(2x+1)/(2x+1)
 *   (|t| < 1); all absolutely convergent. Every right side is even in r, so any r with
 *   r^2 = |q| gives the same value; at r = 0 the quotients are undefined as terms (the
 *   "where defined" convention; the sum is continuous, so both sides agree as limits).
 *   A power b^(a x + c), a >= 1 and c >= 0 integers, is read as (b^a)^x b^c.
 */
import { fail } from '../numbers/errors.ts';
import { Rational } from '../numbers/rational.ts';
import * as T from '../containers/term.ts';
import type { Assumptions, Term } from '../containers/term.ts';
import { provePositivity } from '../decide/positivity.ts';

/** The highest polynomial degree the lemmas accept (keeps Touchard/moment terms small). */
export const MAX_DEGREE = 24;

const unsupported = (why: string): never => fail('kernel/unsupported', why);

function dependsOn(t: Term, names: ReadonlySet<string>): boolean {
  for (const v of T.freeVars(t)) if (names.has(v)) return true;
  return false;
}

/**
 * The coefficients [c_0, ..., c_n] (terms free of x) of t as a polynomial in x, read
 * structurally (sums, products, nonnegative integer powers, x itself, terms free
 * of x), or undefined when t is not of that form. Exact: t = sum_k c_k x^k as terms.
 */
export function polyCoefficients(t: Term, x: string, maxDeg = MAX_DEGREE): Term[] | undefined {
  if (!T.freeVars(t).has(x)) return [t];
  switch (t.k) {
    case 'var':
      return [T.ZERO, T.ONE];
    case 'add': {
      const parts = t.args.map((a) => polyCoefficients(a, x, maxDeg));
      if (parts.some((p) => p === undefined)) return undefined;
      const n = Math.max(...parts.map((p) => p!.length));
      const out: Term[] = [];
      for (let k = 0; k < n; k++) out.push(T.add(...parts.map((p) => p![k] ?? T.ZERO)));
      return out;
    }
    case 'mul': {
      let acc: Term[] = [T.ONE];
      for (const a of t.args) {
        const p = polyCoefficients(a, x, maxDeg);
        if (!p) return undefined;
        acc = polyMul(acc, p);
        if (acc.length - 1 > maxDeg) return undefined;
      }
      return acc;
    }
    case 'pow': {
      if (!t.exp.isInteger() || t.exp.sign() < 0 || t.exp.num > BigInt(maxDeg)) return undefined;
      const b = polyCoefficients(t.base, x, maxDeg);
      if (!b) return undefined;
      let acc: Term[] = [T.ONE];
      for (let i = 0n; i < t.exp.num; i++) {
        acc = polyMul(acc, b);
        if (acc.length - 1 > maxDeg) return undefined;
      }
      return acc;
    }
    default:
      return undefined;
  }
}

function polyMul(a: readonly Term[], b: readonly Term[]): Term[] {
  const out: Term[][] = [];
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) (out[i + j] ??= []).push(T.mul(a[i]!, b[j]!));
  }
  return out.map((ts) => T.add(...ts));
}

/** A summand split into the shape described in the module comment. */
interface Shape {
  readonly free: Term[];
  readonly poly: Term[];
  readonly expArgs: Term[];
  readonly bases: Term[];
  readonly factorialPower: number;
  /** The power k of a factor x^(-k) (only Lemma 4 accepts k = 1; every other lemma needs 0). */
  readonly inversePower: number;
  /** The power of (2x)!, the variable `${fact}2` (only Lemma 5 accepts -1). */
  readonly factorial2Power: number;
  /** The power k of a factor (2x + 1)^(-k) (only Lemma 5 accepts k = 1). */
  readonly oddInverse: number;
}

/** Splits t (a product) into factors; throws kernel/unsupported for a factor of no known kind. */
function shapeOf(t: Term, x: string, fact: string | undefined): Shape {
  const fact2 = fact === undefined ? undefined : `${fact}2`;
  const bound = new Set(fact ? [x, fact, fact2!] : [x]);
  const shape = { free: [] as Term[], poly: [T.ONE] as Term[], expArgs: [] as Term[], bases: [] as Term[], factorialPower: 0, inversePower: 0, factorial2Power: 0, oddInverse: 0 };
  const visit = (f: Term, n: bigint): void => {
    // f^n with n a nonzero integer
    if (!dependsOn(f, bound)) {
      shape.free.push(n === 1n ? f : T.pow(f, Rational.of(n)));
      return;
    }
    if (f.k === 'mul') {
      for (const a of f.args) visit(a, n);
      return;
    }
    if (f.k === 'pow' && f.exp.isInteger()) {
      visit(f.base, n * f.exp.num);
      return;
    }
    if (fact !== undefined && f.k === 'var' && f.name === fact) {
      shape.factorialPower += Number(n);
      return;
    }
    if (fact2 !== undefined && f.k === 'var' && f.name === fact2) {
      shape.factorial2Power += Number(n);
      return;
    }
    if (n < 0n && fact2 !== undefined) {
      // (2x + 1)^n, n < 0 (Lemma 5)
      const lin = polyCoefficients(f, x, 1);
      if (lin && lin.length === 2 && lin[0]!.k === 'const' && lin[0]!.value.eq(Rational.ONE) && lin[1]!.k === 'const' && lin[1]!.value.eq(Rational.of(2))) {
        shape.oddInverse += Number(-n);
        return;
      }
    }
    if (f.k === 'powt' && n > 0n && !dependsOn(f.base, bound)) {
      // b^(a x + c) = (b^a)^x b^c for integers a >= 1, c >= 0 and integer x >= 0
      const e = polyCoefficients(f.exp, x, 1);
      if (e && e.length === 2 && e[0]!.k === 'const' && e[1]!.k === 'const' && e[0]!.value.isInteger() && e[1]!.value.isInteger() && e[1]!.value.sign() > 0 && e[0]!.value.sign() >= 0
        && e[1]!.value.num <= 64n && e[0]!.value.num <= 64n) {
        const a = e[1]!.value.mul(Rational.of(n));
        const c = e[0]!.value.mul(Rational.of(n));
        shape.bases.push(T.pow(f.base, a));
        if (!c.isZero()) shape.free.push(T.pow(f.base, c));
        return;
      }
    }
    if (f.k === 'var' && f.name === x && n < 0n) {
      shape.inversePower += Number(-n);
      return;
    }
    if (f.k === 'fn' && f.name === 'exp') {
      if (dependsOn(f.arg, new Set(fact ? [fact, fact2!] : []))) unsupported('x! inside exp');
      shape.expArgs.push(T.mul(T.num(Rational.of(n)), f.arg));
      return;
    }
    if (f.k === 'powt' && f.exp.k === 'var' && f.exp.name === x && !dependsOn(f.base, bound)) {
      if (n === 1n) shape.bases.push(f.base);
      else shape.bases.push(T.pow(f.base, Rational.of(n)));
      return;
    }
    if (n > 0n && (fact === undefined || (!T.freeVars(f).has(fact) && !T.freeVars(f).has(fact2!)))) {
      const p = polyCoefficients(n === 1n ? f : T.pow(f, Rational.of(n)), x);
      if (p) {
        shape.poly = polyMul(shape.poly, p);
        if (shape.poly.length - 1 > MAX_DEGREE) unsupported(`polynomial weight of degree above ${MAX_DEGREE}`);
        return;
      }
    }
    unsupported(`the factor ${T.termToString(n === 1n ? f : T.pow(f, Rational.of(n)))} is not a polynomial in ${x}, an exp, a power z^${x} or ${x}!`);
  };
  visit(t, 1n);
  return shape;
}

/** Stirling numbers of the second kind S(k, m) for 0 <= m <= k <= n. */
export function stirling2(n: number): bigint[][] {
  const S: bigint[][] = [[1n]];
  for (let k = 1; k <= n; k++) {
    const row: bigint[] = [0n];
    for (let m = 1; m <= k; m++) row.push(BigInt(m) * (S[k - 1]![m] ?? 0n) + (S[k - 1]![m - 1] ?? 0n));
    S.push(row);
  }
  return S;
}

/** Rows 0..n of the unsigned Stirling numbers of the first kind, grown on demand. */
const stirling1Rows: bigint[][] = [[1n]];

/**
 * The unsigned Stirling number of the first kind [n k]: the number of permutations
 * of n elements with k cycles, i.e. the coefficient of x^k in x(x+1)...(x+n-1).
 * Defined by [0 0] = 1, [n k] = 0 unless 0 <= k <= n, and
 * [n+1 k] = n [n k] + [n k-1]. Requires 0 <= n (callers cap n).
 */
export function stirling1(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  if (n >= stirling1Rows.length && n > KEPT_STIRLING_ROWS) return stirling1Truncated(n, k);
  while (stirling1Rows.length <= n) {
    const m = stirling1Rows.length - 1;
    const prev = stirling1Rows[m]!;
    const row: bigint[] = [];
    for (let i = 0; i <= m + 1; i++) row.push(BigInt(m) * (prev[i] ?? 0n) + (i > 0 ? prev[i - 1]! : 0n));
    stirling1Rows.push(row);
  }
  return stirling1Rows[n]![k]!;
}

/** Rows kept for reuse up to this n (about n^3 log2(n) / 3 bits: some 20 MB at 400). */
const KEPT_STIRLING_ROWS = 400;

/**
 * [n k] by the same recurrence, each row cut at column k (column i of row m + 1 needs
 * only columns i and i - 1 of row m): n k steps on two rows of k + 1 entries, where
 * the full rows would be n^2 / 2 entries (a red-team pass ran stirling1(10000, 1) out
 * of a 1 GB heap while lower.ts's limit counted n k).
 */
export function stirling1Truncated(n: number, k: number): bigint {
  let row: bigint[] = [1n];
  for (let m = 0; m < n; m++) {
    const next: bigint[] = [];
    for (let i = 0; i <= Math.min(m + 1, k); i++) next.push(BigInt(m) * (row[i] ?? 0n) + (i > 0 ? row[i - 1]! : 0n));
    row = next;
  }
  return row[k] ?? 0n;
}

/** N_k (index = power of z) with sum_{x>=0} x^k z^x = N_k(z)/(1-z)^{k+1}, for k = 0..n. */
export function eulerianNumerators(n: number): bigint[][] {
  const out: bigint[][] = [[1n]];
  for (let k = 0; k < n; k++) {
    const N = out[k]!;
    // z((1 - z) N' + (k+1) N)
    const inner: bigint[] = new Array(N.length + 1).fill(0n);
    for (let i = 1; i < N.length; i++) {
      inner[i - 1]! += BigInt(i) * N[i]!;
      inner[i]! -= BigInt(i) * N[i]!;
    }
    for (let i = 0; i < N.length; i++) inner[i]! += BigInt(k + 1) * N[i]!;
    const next = [0n, ...inner];
    while (next.length > 1 && next[next.length - 1] === 0n) next.pop();
    out.push(next);
  }
  return out;
}

/** Gaussian moments E[X^k], k = 0..n, for X ~ N(mu, s2), as terms. */
export function gaussianMoments(mu: Term, s2: Term, n: number): Term[] {
  const m: Term[] = [T.ONE, mu];
  for (let k = 1; k < n; k++) m.push(T.add(T.mul(mu, m[k]!), T.mul(T.num(k), s2, m[k - 1]!)));
  return m.slice(0, n + 1);
}

const polyAt = (cs: readonly bigint[], z: Term): Term => T.add(...cs.map((c, i) => T.mul(T.num(c), T.pow(z, i))));

/** The exponent E split as [e_0, e_1, ...] (a polynomial in x), or unsupported. */
function exponentCoefficients(s: Shape, x: string, maxDeg: number): Term[] {
  if (s.expArgs.length === 0) return [T.ZERO];
  const e = polyCoefficients(T.add(...s.expArgs), x, maxDeg);
  if (!e || e.length - 1 > maxDeg) unsupported(`the exponent ${T.termToString(T.add(...s.expArgs))} is not a polynomial of degree <= ${maxDeg} in ${x}`);
  return e!;
}

const isZero = (t: Term): boolean => t.k === 'const' && t.value.isZero();

/** The summands of t (a zero term has none). */
function summands(t: Term): readonly Term[] {
  if (isZero(t)) return [];
  return t.k === 'add' ? t.args : [t];
}

/**
 * q as +-r^2 read structurally: a product of a rational constant c and even integer
 * powers b^(2k) gives r = sqrt(|c|) prod b^k and the sign of c; undefined otherwise.
 */
function signedSquareRoot(q: Term): { r: Term; negative: boolean } | undefined {
  let c = Rational.ONE;
  const rs: Term[] = [];
  for (const f of q.k === 'mul' ? q.args : [q]) {
    if (f.k === 'const') c = c.mul(f.value);
    else if (f.k === 'pow' && f.exp.isInteger() && f.exp.num % 2n === 0n && f.exp.sign() > 0) rs.push(T.pow(f.base, f.exp.div(Rational.of(2))));
    else return undefined;
  }
  if (c.isZero()) return undefined;
  const a = c.abs();
  const root = a.powExact(Rational.frac(1n, 2n));
  return { r: T.mul(root ? T.num(root) : T.sqrt(T.num(a)), ...rs), negative: c.sign() < 0 };
}

/**
 * sum_{x >= lo} body, where `fact` names the variable standing for x! in body.
 * Requires: lo >= 0. Throws: KernelError `kernel/unsupported` when a summand is not
 * of the shape of Lemma 1 or 2 or |z| < 1 cannot be proved for Lemma 2.
 * Returns a term free of x and fact, and the names of the lemmas used.
 */
export function sumToInfinity(body: Term, x: string, fact: string, lo: number, asm: Assumptions): { value: Term; lemmas: Set<string> } {
  if (!Number.isSafeInteger(lo) || lo < 0 || lo > 1000) unsupported(`an infinite sum from ${lo} (supported: 0..1000)`);
  const lemmas = new Set<string>();
  const parts: Term[] = [];
  /** Summands whose head below lo is subtracted (all but Lemma 4's, which start at x = lo). */
  const fromZero: Term[] = [];
  for (const piece of summands(body)) {
    const s = shapeOf(piece, x, fact);
    const e = exponentCoefficients(s, x, 1);
    const e1 = e[1] ?? T.ZERO;
    const zt = isZero(e1) ? T.mul(...s.bases) : T.mul(...s.bases, T.exp(e1));
    const C = isZero(e[0]!) ? T.mul(...s.free) : T.mul(...s.free, T.exp(e[0]!));
    const P = s.poly;
    if (s.inversePower !== 0) {
      // Lemma 4: sum_{x >= lo} c z^x/x = c (-log(1 - z) - sum_{y=1}^{lo-1} z^y/y), lo >= 1, |z| < 1.
      if (s.inversePower !== 1 || s.factorialPower !== 0 || s.factorial2Power !== 0 || s.oddInverse !== 0 || P.length !== 1) unsupported(`the factor 1/${x} is handled only in sum(${x} >= 1, c*z^${x}/${x}) (no other power of ${x}, no factorial, no (2${x})! or 2${x} + 1)`);
      if (lo < 1) unsupported(`sum of z^${x}/${x} from ${x} = ${lo}: the term at ${x} = 0 is undefined`);
      const one = provePositivity(T.sub(T.ONE, zt), 'pos', asm);
      const two = provePositivity(T.add(T.ONE, zt), 'pos', asm);
      if (!one.ok || !two.ok) unsupported(`logarithmic series: could not prove |${T.termToString(zt)}| < 1 (${!one.ok ? one.reason : two.ok ? '' : two.reason})`);
      const head: Term[] = [];
      for (let y = 1; y < lo; y++) head.push(T.div(T.pow(zt, y), T.num(y)));
      parts.push(T.mul(C, P[0]!, T.sub(T.neg(T.log(T.sub(T.ONE, zt))), T.add(T.ZERO, ...head))));
      lemmas.add('logarithmic series sum z^x/x = -log(1 - z)');
      continue;
    }
    if (s.factorial2Power !== 0 || s.oddInverse !== 0) {
      // Lemma 5: sum_{x>=0} c q^x/(2x)!, c q^x/(2x+1)!, c q^x/(2x+1)
      fromZero.push(piece);
      const f2 = s.factorial2Power;
      const odd = s.oddInverse;
      if (s.factorialPower !== 0 || P.length !== 1 || !(f2 === 0 || f2 === -1) || odd > 1 || (f2 === 0 && odd !== 1)) {
        unsupported(`the even/odd series is handled for c*q^${x}/(2${x})!, c*q^${x}/(2${x}+1)! and c*q^${x}/(2${x}+1) only`);
      }
      const q = zt;
      // q = r^2 or q = -r^2: read structurally (q = -x^2 gives r = x; every value below is
      // even in r, so any r with r^2 = |q| will do), else from the sign of q and sqrt(|q|).
      const sq = signedSquareRoot(q);
      const nonneg = sq ? !sq.negative : provePositivity(q, 'nonneg', asm).ok;
      const nonpos = sq ? sq.negative : !nonneg && provePositivity(T.neg(q), 'nonneg', asm).ok;
      if (!nonneg && !nonpos) unsupported(`even/odd series: could not establish the sign of ${T.termToString(q)}`);
      const r = sq ? sq.r : T.sqrt(nonneg ? q : T.neg(q));
      let v: Term;
      if (f2 === -1 && odd === 0) {
        v = T.fn(nonneg ? 'cosh' : 'cos', r);
        lemmas.add(nonneg ? 'even series sum q^x/(2x)! = cosh(sqrt(q))' : 'even series sum q^x/(2x)! = cos(sqrt(-q))');
      } else if (f2 === -1) {
        v = T.div(T.fn(nonneg ? 'sinh' : 'sin', r), r);
        lemmas.add(nonneg ? 'odd series sum q^x/(2x+1)! = sinh(sqrt(q))/sqrt(q)' : 'odd series sum q^x/(2x+1)! = sin(sqrt(-q))/sqrt(-q)');
      } else {
        const one = provePositivity(T.sub(T.ONE, q), 'pos', asm);
        const two = provePositivity(T.add(T.ONE, q), 'pos', asm);
        if (!one.ok || !two.ok) unsupported(`odd series sum q^${x}/(2${x}+1): could not prove |${T.termToString(q)}| < 1`);
        v = T.div(T.fn(nonneg ? 'atanh' : 'atan', r), r);
        lemmas.add(nonneg ? 'odd series sum q^x/(2x+1) = atanh(sqrt(q))/sqrt(q)' : 'odd series sum q^x/(2x+1) = atan(sqrt(-q))/sqrt(-q)');
      }
      parts.push(T.mul(C, P[0]!, v));
      continue;
    }
    fromZero.push(piece);
    if (s.factorialPower === -1) {
      const S = stirling2(P.length - 1);
      const touchard = P.map((p, k) => T.mul(p, polyAt(S[k]!, zt)));
      parts.push(T.mul(C, T.exp(zt), T.add(...touchard)));
      lemmas.add('exponential series sum z^x/x! = e^z (Touchard)');
    } else if (s.factorialPower === 0) {
      const one = provePositivity(T.sub(T.ONE, zt), 'pos', asm);
      const two = provePositivity(T.add(T.ONE, zt), 'pos', asm);
      if (!one.ok || !two.ok) unsupported(`geometric series: could not prove |${T.termToString(zt)}| < 1 (${!one.ok ? one.reason : two.ok ? '' : two.reason})`);
      const N = eulerianNumerators(P.length - 1);
      const terms = P.map((p, k) => T.mul(p, polyAt(N[k]!, zt), T.pow(T.sub(T.ONE, zt), -(k + 1))));
      parts.push(T.mul(C, T.add(...terms)));
      lemmas.add('geometric series with polynomial weight');
    } else {
      unsupported(`${x}! appears to the power ${s.factorialPower} (supported: 1/${x}! or no factorial)`);
    }
  }
  // subtract the terms below lo: body at x = i with fact = i! and fact2 = (2i)!
  const head: Term[] = [];
  let f = 1n;
  let f2 = 1n;
  for (let i = 0; i < lo; i++) {
    if (i > 0) {
      f *= BigInt(i);
      f2 *= BigInt(2 * i - 1) * BigInt(2 * i);
    }
    if (fromZero.length > 0) head.push(T.substitute(T.add(...fromZero), new Map([[x, T.num(i)], [fact, T.num(f)], [`${fact}2`, T.num(f2)]])));
  }
  const value = T.sub(T.add(...parts), T.add(...head));
  if (dependsOn(value, new Set([x, fact, `${fact}2`]))) fail('internal', 'sumToInfinity: the bound variable survived');
  return { value, lemmas };
}

/**
 * integral over all reals of body d(x).
 * Throws: KernelError `kernel/unsupported` when a summand is not of the shape of
 * Lemma 3 or a < 0 cannot be proved from the assumptions.
 */
export function integralOverReals(body: Term, x: string, asm: Assumptions): { value: Term; lemmas: Set<string> } {
  const parts: Term[] = [];
  for (const piece of summands(body)) {
    const s = shapeOf(piece, x, undefined);
    if (s.bases.length > 0) unsupported(`a power with exponent ${x} in an integral`);
    if (s.inversePower !== 0) unsupported(`the factor 1/${x} in an integral over the reals`);
    const e = exponentCoefficients(s, x, 2);
    const a = e[2];
    if (a === undefined) unsupported(`the exponent is not quadratic in ${x}: the integral over the reals diverges or is not Gaussian`);
    const ok = provePositivity(T.neg(a!), 'pos', asm);
    if (!ok.ok) unsupported(`Gaussian integral: could not prove ${T.termToString(a!)} < 0 (${ok.reason})`);
    const b = e[1] ?? T.ZERO;
    const c = e[0]!;
    const mu = T.div(T.neg(b), T.mul(T.num(2), a!));
    const s2 = T.div(T.num(-1), T.mul(T.num(2), a!));
    const m = gaussianMoments(mu, s2, s.poly.length - 1);
    const mean = T.add(...s.poly.map((p, k) => T.mul(p, m[k]!)));
    const shift = T.sub(c, T.div(T.pow(b, 2), T.mul(T.num(4), a!)));
    const scale = T.mul(T.sqrt(T.div(T.named('pi'), T.neg(a!))), ...(isZero(shift) ? [] : [T.exp(shift)]));
    parts.push(T.mul(...s.free, scale, mean));
  }
  const value = T.add(...parts);
  if (T.freeVars(value).has(x)) fail('internal', 'integralOverReals: the bound variable survived');
  return { value, lemmas: new Set(['Gaussian integral with polynomial weight']) };
}
