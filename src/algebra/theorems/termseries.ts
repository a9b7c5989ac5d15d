/**
 * Power series of kernel Terms in one variable. TRUSTED KERNEL.
 *
 * `seriesQ(t, x, n)`: the series of t about x = 0 through x^(n-1) when every
 * coefficient is rational (t has no other free variable, and every constant that
 * appears, such as exp(c0) or log(c0) of a constant term, is rational); the result
 * is a `Series` (series.ts) with precision n. Undefined when a coefficient would be
 * irrational (log 2, exp(1), pi).
 * `seriesParam(t, x, n, asm)`: the same with coefficients in the normal-form field
 * Q(parameters, atoms) of normal.ts (e.g. polynomials in mu, rational functions of
 * exp(eta)).
 *
 * Both run the same O(n^2) recurrences over an abstract coefficient field:
 *   exp:  E' = A' E            E_m = (1/m) sum_{k=1..m} k A_k E_{m-k},  E_0 = exp(A_0)
 *   log:  A L' = A'            L_m = (A_m - (1/m) sum_{k=1..m-1} k L_k A_{m-k}) / A_0
 *   A^r:  A P' = r A' P        P_m = 1/(m A_0) sum_{j=1..m} ((r+1) j - m) A_j P_{m-j}
 *   sin, cos (and sinh, cosh) jointly from S' = A' C, C' = -A' S;
 *   atan, asin, acos, atanh by integrating their derivative series.
 * They run on truncated Laurent series (LaurentEngine): 1/A for A = x^v U (U_0 != 0)
 * is x^-v (1/U), so removable singularities (sin(3x)/x, x/(exp(x) - 1),
 * (1 + x)^(1/x) = exp(log(1 + x)/x)) have power series and poles have exact
 * negative coefficients (`laurentQ`, `laurentParam`). Precision is tracked per series
 * (a division by x^v costs 2v) and the working precision grows until the request is
 * met; a coefficient beyond what is known is never reported. Where no Laurent series
 * exists (log x, exp(1/x), sqrt(x), |x|) or a power series is needed at a pole, the
 * kernel throws `series/...` saying what is missing.
 */
import { fail } from '../numbers/errors.ts';
import { Rational } from '../numbers/rational.ts';
import { kernelLimits } from '../containers/poly.ts';
import { RatFunc } from '../enclosures/ratfunc.ts';
import { NormalContext, type NormalForm } from '../normal/normal.ts';
import { Series } from '../containers/series.ts';
import { seriesOverQ } from '../containers/qseries.ts';
import { signOf } from '../refutation/signs.ts';
import { evalExact } from '../decide/identity.ts';
import * as T from '../containers/term.ts';
import type { Assumptions, Term, UnaryFn } from '../containers/term.ts';

/** The coefficient field the recurrences run over. `undefined` means "not in this field". */
interface Field<C> {
  readonly zero: C;
  readonly one: C;
  add(a: C, b: C): C;
  sub(a: C, b: C): C;
  mul(a: C, b: C): C;
  /** Throws when b is 0. */
  div(a: C, b: C): C;
  isZero(a: C): boolean;
  rat(r: Rational): C;
  /** A term not involving the series variable, as a field element. */
  fromTerm(t: Term): C | undefined;
  exp(a: C): C | undefined;
  log(a: C): C | undefined;
  pow(a: C, r: Rational): C | undefined;
  fn(name: UnaryFn, a: C): C | undefined;
  sign(a: C): 'pos' | 'neg' | 'unknown';
}

/** b^k for k >= 0 by repeated squaring, from `one`. */
function binaryPower<T>(one: T, b: T, k: number, mul: (x: T, y: T) => T): T {
  let r = one;
  let base = b;
  while (k > 0) {
    if (k & 1) r = mul(r, base);
    k >>= 1;
    if (k > 0) base = mul(base, base);
  }
  return r;
}

/** Thrown internally when a coefficient leaves the field (caught by seriesQ). */
class NotInField extends Error {}

function need<C>(c: C | undefined): C {
  if (c === undefined) throw new NotInField();
  return c;
}

function dependsOn(t: Term, x: string): boolean {
  return T.freeVars(t).has(x);
}

/**
 * Power-series arithmetic on coefficient arrays of one length n over one field: the
 * O(n^2) recurrences. Every array is a power series known modulo x^n.
 */
class ArrayOps<C> {
  constructor(
    readonly F: Field<C>,
    readonly n: number,
  ) {}

  constant(c: C): C[] {
    const out = new Array<C>(this.n).fill(this.F.zero);
    if (this.n > 0) out[0] = c;
    return out;
  }

  add(a: C[], b: C[]): C[] {
    return a.map((c, i) => this.F.add(c, b[i]!));
  }

  mul(a: C[], b: C[]): C[] {
    const F = this.F;
    const out = new Array<C>(this.n).fill(F.zero);
    for (let i = 0; i < this.n; i++) {
      if (F.isZero(a[i]!)) continue;
      for (let j = 0; i + j < this.n; j++) {
        if (F.isZero(b[j]!)) continue;
        out[i + j] = F.add(out[i + j]!, F.mul(a[i]!, b[j]!));
      }
    }
    return out;
  }

  scale(a: C[], c: C): C[] {
    return a.map((y) => this.F.mul(y, c));
  }

  requireUnit(a: C[], op: string): void {
    if (this.n > 0 && this.F.isZero(a[0]!)) fail('series/constant-term-zero', `${op}: the series has constant term 0 (no power series)`);
  }

  /**
   * The real domain of log, of a fractional power and of the inverse functions: the
   * constant term must be established > 0 (the recurrences would otherwise produce
   * the coefficients of a complex branch, e.g. [x^1] log(x - 1) = -1, of a function
   * that is not real anywhere near x = 0).
   */
  requirePositive(c: C, op: string): void {
    if (this.n > 0 && this.F.sign(c) !== 'pos') {
      fail('series/domain', `${op}: the constant term of the series is not established > 0 (no real power series at 0)`);
    }
  }

  /** A^r for A_0 != 0 (Miller's recurrence); r rational. */
  powUnit(a: C[], r: Rational, p0: C): C[] {
    const F = this.F;
    const out = new Array<C>(this.n).fill(F.zero);
    if (this.n === 0) return out;
    out[0] = p0;
    for (let m = 1; m < this.n; m++) {
      let s = F.zero;
      for (let j = 1; j <= m; j++) {
        const w = r.add(Rational.ONE).mul(Rational.of(j)).sub(Rational.of(m));
        if (w.isZero() || F.isZero(a[j]!)) continue;
        s = F.add(s, F.mul(F.rat(w), F.mul(a[j]!, out[m - j]!)));
      }
      out[m] = F.div(s, F.mul(F.rat(Rational.of(m)), a[0]!));
    }
    return out;
  }

  inv(a: C[]): C[] {
    this.requireUnit(a, 'inverse');
    return this.powUnit(a, Rational.MINUS_ONE, this.F.div(this.F.one, a[0]!));
  }

  powInt(a: C[], k: number): C[] {
    if (k < 0) return this.powInt(this.inv(a), -k);
    return binaryPower(this.constant(this.F.one), a, k, (x, y) => this.mul(x, y));
  }

  exp(a: C[]): C[] {
    const F = this.F;
    const out = new Array<C>(this.n).fill(F.zero);
    if (this.n === 0) return out;
    out[0] = need(F.exp(a[0]!));
    for (let m = 1; m < this.n; m++) {
      let s = F.zero;
      for (let k = 1; k <= m; k++) if (!F.isZero(a[k]!)) s = F.add(s, F.mul(F.rat(Rational.of(k)), F.mul(a[k]!, out[m - k]!)));
      out[m] = F.mul(s, F.rat(Rational.frac(1n, BigInt(m))));
    }
    return out;
  }

  log(a: C[]): C[] {
    const F = this.F;
    this.requireUnit(a, 'log');
    this.requirePositive(a[0]!, 'log');
    const out = new Array<C>(this.n).fill(F.zero);
    if (this.n === 0) return out;
    out[0] = need(F.log(a[0]!));
    for (let m = 1; m < this.n; m++) {
      let s = F.zero;
      for (let k = 1; k < m; k++) if (!F.isZero(out[k]!)) s = F.add(s, F.mul(F.rat(Rational.of(k)), F.mul(out[k]!, a[m - k]!)));
      out[m] = F.div(F.sub(a[m]!, F.mul(s, F.rat(Rational.frac(1n, BigInt(m))))), a[0]!);
    }
    return out;
  }

  /** (S, C) = (sin A, cos A) or (sinh A, cosh A). */
  sinCos(a: C[], hyperbolic: boolean): [C[], C[]] {
    const F = this.F;
    const s = new Array<C>(this.n).fill(F.zero);
    const c = new Array<C>(this.n).fill(F.zero);
    if (this.n === 0) return [s, c];
    s[0] = need(F.fn(hyperbolic ? 'sinh' : 'sin', a[0]!));
    c[0] = need(F.fn(hyperbolic ? 'cosh' : 'cos', a[0]!));
    for (let m = 1; m < this.n; m++) {
      let ss = F.zero;
      let cc = F.zero;
      for (let k = 1; k <= m; k++) {
        if (F.isZero(a[k]!)) continue;
        const w = F.mul(F.rat(Rational.of(k)), a[k]!);
        ss = F.add(ss, F.mul(w, c[m - k]!));
        cc = F.add(cc, F.mul(w, s[m - k]!));
      }
      const inv = F.rat(Rational.frac(1n, BigInt(m)));
      s[m] = F.mul(ss, inv);
      c[m] = F.mul(hyperbolic ? cc : F.sub(F.zero, cc), inv);
    }
    return [s, c];
  }

  derivative(a: C[]): C[] {
    return a.map((_, k) => (k + 1 < this.n ? this.F.mul(this.F.rat(Rational.of(k + 1)), a[k + 1]!) : this.F.zero));
  }

  /** c0 + integral of d (d's top coefficient is never used, so it may be a placeholder). */
  integrate(d: C[], c0: C): C[] {
    return d.map((_, k) => (k === 0 ? c0 : this.F.mul(d[k - 1]!, this.F.rat(Rational.frac(1n, BigInt(k))))));
  }


  /** A function of a power series (abs handled by the Laurent engine). */
  fnSeries(name: UnaryFn, a: C[]): C[] {
    const F = this.F;
    const one = this.constant(F.one);
    const a0 = this.n > 0 ? a[0]! : F.zero;
    const sq = (): C[] => this.mul(a, a);
    switch (name) {
      case 'exp':
        return this.exp(a);
      case 'log':
        return this.log(a);
      case 'abs': {
        const s = F.sign(a0);
        if (s === 'pos') return a;
        if (s === 'neg') return a.map((c) => F.sub(F.zero, c));
        return fail('series/abs', 'series: abs of a series whose constant term has no established sign');
      }
      case 'sin':
        return this.sinCos(a, false)[0];
      case 'cos':
        return this.sinCos(a, false)[1];
      case 'sinh':
        return this.sinCos(a, true)[0];
      case 'cosh':
        return this.sinCos(a, true)[1];
      case 'tan': {
        const [s, c] = this.sinCos(a, false);
        return this.mul(s, this.inv(c));
      }
      case 'tanh': {
        const [s, c] = this.sinCos(a, true);
        return this.mul(s, this.inv(c));
      }
      case 'atan':
        return this.integrate(this.mul(this.derivative(a), this.inv(this.add(one, sq()))), need(F.fn('atan', a0)));
      case 'atanh': {
        const d = this.add(one, sq().map((c) => F.sub(F.zero, c)));
        if (this.n > 0) this.requirePositive(d[0]!, 'atanh: 1 - (argument)^2');
        return this.integrate(this.mul(this.derivative(a), this.inv(d)), need(F.fn('atanh', a0)));
      }
      case 'asin':
      case 'acos': {
        const d = this.add(one, sq().map((c) => F.sub(F.zero, c)));
        this.requireUnit(d, name);
        this.requirePositive(d[0]!, `${name}: 1 - (argument)^2`);
        const half = Rational.frac(-1n, 2n);
        let r = this.mul(this.derivative(a), this.powUnit(d, half, need(F.pow(d[0]!, half))));
        if (name === 'acos') r = r.map((c) => F.sub(F.zero, c));
        return this.integrate(r, need(F.fn(name, a0)));
      }
      case 'gamma':
      case 'digamma':
        return fail('series/unsupported', `series: ${name} of a series is not supported (its Taylor coefficients need polygamma values)`);
    }
  }
}


/**
 * A truncated Laurent series: `cs[i]` is the coefficient of x^(lo+i), and the series
 * is known modulo x^(lo + cs.length) (its absolute precision). Invariant (kept by
 * `strip`): cs[0] is nonzero, so `lo` is the exact valuation; or cs is empty and
 * the series is O(x^lo), all that is known.
 */
interface Lau<C> {
  readonly lo: number;
  readonly cs: readonly C[];
}

/** Thrown when the working precision did not suffice (the caller retries with more). */
class NeedPrecision extends Error {}

function precOf<C>(a: Lau<C>): number {
  return a.lo + a.cs.length;
}

/**
 * The series engine over one field for a fixed variable, on truncated Laurent
 * series with working precision N (every leaf is known modulo x^N).
 *
 * Precision rules (each result is known exactly as far as its inputs justify):
 *   a + b:  known to min(prec a, prec b);
 *   a * b:  with a = x^va (A + O(x^ra)), b = x^vb (B + O(x^rb)) (va, vb the exact
 *           valuations, or lower bounds when nothing nonzero is known), the product is
 *           x^(va+vb) (AB + O(x^min(ra, rb)));
 *   1/a:    a = x^v (U + O(x^r)) with U_0 != 0, so 1/a = x^-v (1/U + O(x^r));
 *   a^r:    (x^v U)^r = x^(vr) U^r when vr is an integer (see `powRational` for the
 *           real-domain conditions), relative precision r;
 *   exp, log, sin, ...: their argument must be a power series (no nonzero coefficient
 *           at a negative power), and keep its absolute precision.
 * A division by a series with no known nonzero coefficient throws NeedPrecision.
 */
class LaurentEngine<C> {
  constructor(
    readonly F: Field<C>,
    readonly x: string,
    readonly N: number,
  ) {}

  private strip(lo: number, cs: readonly C[]): Lau<C> {
    let i = 0;
    while (i < cs.length && this.F.isZero(cs[i]!)) i++;
    return i === 0 ? { lo, cs } : { lo: lo + i, cs: cs.slice(i) };
  }

  private constant(c: C): Lau<C> {
    return this.strip(0, new ArrayOps(this.F, this.N).constant(c));
  }

  /** The coefficient of x^k, for k below the precision. */
  private at(a: Lau<C>, k: number): C {
    return k < a.lo ? this.F.zero : a.cs[k - a.lo]!;
  }

  add(a: Lau<C>, b: Lau<C>): Lau<C> {
    const lo = Math.min(a.lo, b.lo);
    const prec = Math.min(precOf(a), precOf(b));
    const cs: C[] = [];
    for (let k = lo; k < prec; k++) cs.push(this.F.add(this.at(a, k), this.at(b, k)));
    return this.strip(lo, cs);
  }

  neg(a: Lau<C>): Lau<C> {
    return { lo: a.lo, cs: a.cs.map((c) => this.F.sub(this.F.zero, c)) };
  }

  mul(a: Lau<C>, b: Lau<C>): Lau<C> {
    const r = Math.min(a.cs.length, b.cs.length);
    return this.strip(a.lo + b.lo, new ArrayOps(this.F, r).mul(a.cs.slice(0, r), b.cs.slice(0, r)));
  }

  inv(a: Lau<C>): Lau<C> {
    if (a.cs.length === 0) throw new NeedPrecision();
    return this.strip(-a.lo, new ArrayOps(this.F, a.cs.length).inv(a.cs as C[]));
  }

  powInt(a: Lau<C>, k: number): Lau<C> {
    if (k < 0) return this.powInt(this.inv(a), -k);
    return binaryPower(this.constant(this.F.one), a, k, (x, y) => this.mul(x, y));
  }

  /**
   * a as a power-series array modulo x^prec(a), for a function that needs one
   * (exp, log, sin, ...). Throws: `series/pole` when a coefficient at a negative
   * power is nonzero (exp(1/x) has no Laurent series at 0); NeedPrecision when not
   * even the constant term is known.
   */
  private powerArray(a: Lau<C>, op: string): C[] {
    const p = precOf(a);
    if (a.cs.length > 0 && a.lo < 0) {
      fail('series/pole', `${op}: the argument has a pole of order ${-a.lo} at ${this.x} = 0 (no Laurent series)`);
    }
    if (p <= 0) throw new NeedPrecision();
    const out = new Array<C>(p).fill(this.F.zero);
    a.cs.forEach((c, i) => (out[a.lo + i] = c));
    return out;
  }

  private fromArray(cs: C[]): Lau<C> {
    return this.strip(0, cs);
  }

  /**
   * a^r for a rational r that is not an integer: a = x^v U with U_0 != 0 gives
   * x^(vr) U^r. Sound on the real line near 0 only when
   * - v·r is an integer (else x^(vr) is not a Laurent monomial: sqrt(x));
   * - U_0 > 0 is established (the real branch; U^r is then a real power series);
   * - not (v even and v·r odd): then a > 0 on both sides and a^r = |x|^(vr) U^r,
   *   which is not x^(vr) U^r for x < 0 (sqrt(x^2) = |x|).
   * When v is odd, a < 0 for small x < 0; a^r is either undefined there or (an odd
   * root) equal to x^(vr) U^r, so the series is the function wherever it is defined.
   */
  private powRational(a: Lau<C>, r: Rational, what: string): Lau<C> {
    if (a.cs.length === 0) throw new NeedPrecision();
    const vr = r.mul(Rational.of(a.lo));
    if (!vr.isInteger()) {
      fail('series/branch', `series: the base of ${what} starts at ${this.x}^${a.lo}, and ${this.x}^${a.lo} to the power ${r} is not a Laurent monomial (no power series at 0)`);
    }
    const ops = new ArrayOps(this.F, a.cs.length);
    ops.requirePositive(a.cs[0]!, `series: the base of ${what} (fractional exponent)`);
    if (a.lo % 2 === 0 && vr.num % 2n !== 0n) {
      fail('series/branch', `series: ${what} behaves like |${this.x}|^${vr} at 0 (the base starts at ${this.x}^${a.lo}), which has no power series`);
    }
    return this.strip(Number(vr.num), ops.powUnit(a.cs as C[], r, need(this.F.pow(a.cs[0]!, r))));
  }

  private abs(a: Lau<C>): Lau<C> {
    if (a.cs.length === 0) throw new NeedPrecision();
    if (a.lo % 2 !== 0) fail('series/abs', `series: abs of a series starting at ${this.x}^${a.lo} behaves like |${this.x}|^${Math.abs(a.lo)} (no power series)`);
    const s = this.F.sign(a.cs[0]!);
    if (s === 'pos') return a;
    if (s === 'neg') return this.neg(a);
    return fail('series/abs', 'series: abs of a series whose leading coefficient has no established sign');
  }

  series(t: Term): Lau<C> {
    const F = this.F;
    if (!dependsOn(t, this.x)) return this.constant(need(F.fromTerm(t)));
    switch (t.k) {
      case 'var':
        return { lo: 1, cs: new ArrayOps(F, this.N - 1).constant(F.one) };
      case 'add':
        return t.args.map((a) => this.series(a)).reduce((s, a) => this.add(s, a));
      case 'mul':
        return t.args.map((a) => this.series(a)).reduce((s, a) => this.mul(s, a));
      case 'pow': {
        const b = this.series(t.base);
        if (t.exp.isInteger()) {
          if (t.exp.num > BigInt(kernelLimits.maxDegree) || -t.exp.num > BigInt(kernelLimits.maxDegree)) {
            fail('limit/degree', `series: exponent ${t.exp} exceeds the maximum degree ${kernelLimits.maxDegree}`);
          }
          return this.powInt(b, Number(t.exp.num));
        }
        return this.powRational(b, t.exp, T.termToString(t));
      }
      case 'powt': {
        if (t.base.k === 'named' && t.base.name === 'e') return this.fn('exp', this.series(t.exp));
        return this.fn('exp', this.mul(this.series(t.exp), this.fn('log', this.series(t.base))));
      }
      case 'fn':
        return this.fn(t.name, this.series(t.arg));
      default:
        return this.constant(need(F.fromTerm(t)));
    }
  }

  private fn(name: UnaryFn, a: Lau<C>): Lau<C> {
    if (name === 'abs') return this.abs(a);
    if (name === 'log' && a.cs.length > 0 && a.lo !== 0) {
      fail('series/log-singular', a.lo > 0
        ? `log: the argument has a zero of order ${a.lo} at ${this.x} = 0, so the log has a log(${this.x}) term (no power series)`
        : `log: the argument has a pole of order ${-a.lo} at ${this.x} = 0, so the log has a log(${this.x}) term (no power series)`);
    }
    if (name === 'tan' || name === 'tanh') {
      // tan = sin/cos through the Laurent inverse: exact also where cos(a0) vanishes.
      const arr = this.powerArray(a, name);
      const [s, c] = new ArrayOps(this.F, arr.length).sinCos(arr, name === 'tanh');
      return this.mul(this.fromArray(s), this.inv(this.fromArray(c)));
    }
    const arr = this.powerArray(a, name);
    return this.fromArray(new ArrayOps(this.F, arr.length).fnSeries(name, arr));
  }
}

/** Extra working precision tried in turn when divisions shift the precision down. */
const GUARDS = [2, 8, 32, 128];

/**
 * The Laurent series of t in x, known at least modulo x^order, over the field F.
 * Retries with more working precision when divisions by series with a zero constant
 * term lost precision (the precision rules above never overstate what is known).
 * Throws: `series/precision` when a division by a series with no nonzero coefficient
 * through the largest working precision (is the divisor identically 0?); `series/...`.
 */
function laurentOver<C>(F: Field<C>, t: Term, x: string, order: number): Lau<C> {
  for (const g of GUARDS) {
    const N = Math.max(order, 1) + g;
    try {
      const s = new LaurentEngine(F, x, N).series(t);
      if (precOf(s) >= order) return s;
    } catch (e) {
      if (!(e instanceof NeedPrecision)) throw e;
    }
  }
  return fail('series/precision', `series: ${T.termToString(t)} could not be expanded through ${x}^${order - 1}: it divides by a series that is 0 through ${x}^${Math.max(order, 1) + GUARDS[GUARDS.length - 1]! - 1} (is the divisor identically 0?)`);
}

/**
 * The power series of t: its Laurent series must have no pole.
 * Throws: `series/pole` with the pole's order; as laurentOver.
 */
function powerSeriesOver<C>(F: Field<C>, t: Term, x: string, order: number): C[] {
  const s = laurentOver(F, t, x, order);
  if (s.cs.length > 0 && s.lo < 0) {
    fail('series/pole', `series: ${T.termToString(t)} has a pole of order ${-s.lo} at ${x} = 0 where the claim needs a power series`);
  }
  const out = new Array<C>(order).fill(F.zero);
  for (let i = 0; i < s.cs.length && s.lo + i < order; i++) if (s.lo + i >= 0) out[s.lo + i] = s.cs[i]!;
  return out;
}

/** A truncated Laurent series as a value: its valuation and coefficients, known below `prec`. */
export class LaurentSeries<C> {
  constructor(
    /** The valuation (exact when `nonzero`), or the precision when nothing nonzero is known. */
    readonly lo: number,
    private readonly cs: readonly C[],
    private readonly zero: C,
  ) {}

  /** The same series with leading zero coefficients dropped (lo the exact valuation). */
  normalised(zero: C, isZero: (c: C) => boolean): LaurentSeries<C> {
    let i = 0;
    while (i < this.cs.length && isZero(this.cs[i]!)) i++;
    return new LaurentSeries(this.lo + i, this.cs.slice(i), zero);
  }

  /** Coefficients are known for exponents below this. */
  get prec(): number {
    return this.lo + this.cs.length;
  }

  /** The exact valuation, or Infinity when every known coefficient is 0. */
  valuation(): number {
    return this.cs.length === 0 ? Infinity : this.lo;
  }

  /** [x^k]. Throws: `series/precision` when k >= prec. */
  coeff(k: number): C {
    if (!Number.isSafeInteger(k)) fail('series/invalid-argument', `coeff: exponent must be an integer, got ${k}`);
    if (k >= this.prec) fail('series/precision', `coeff: x^${k} is beyond the precision O(x^${this.prec})`);
    return k < this.lo ? this.zero : this.cs[k - this.lo]!;
  }
}

/**
 * A power series over Q seen as a Laurent series without a pole, reading each
 * coefficient from the Series when asked (a claim reads a few coefficients of a long
 * series; building every one as a reduced Rational first costs a gcd each). Same
 * coefficients, precision, valuation and errors as
 * `new LaurentSeries(0, s.coeffs(), 0).normalised(...)`, which a test compares.
 */
class SeriesLaurent extends LaurentSeries<Rational> {
  constructor(private readonly s: Series) {
    const v = s.valuation();
    super(v === Infinity ? s.prec : v, [], Rational.ZERO);
  }

  override get prec(): number {
    return this.s.prec;
  }

  override valuation(): number {
    return this.s.valuation();
  }

  override normalised(): LaurentSeries<Rational> {
    return this;
  }

  override coeff(k: number): Rational {
    if (!Number.isSafeInteger(k)) fail('series/invalid-argument', `coeff: exponent must be an integer, got ${k}`);
    if (k >= this.s.prec) fail('series/precision', `coeff: x^${k} is beyond the precision O(x^${this.s.prec})`);
    return k < 0 ? Rational.ZERO : this.s.coeff(k);
  }
}

const RATIONAL_FIELD: Field<Rational> = {
  zero: Rational.ZERO,
  one: Rational.ONE,
  add: (a, b) => a.add(b),
  sub: (a, b) => a.sub(b),
  mul: (a, b) => a.mul(b),
  div: (a, b) => a.div(b),
  isZero: (a) => a.isZero(),
  rat: (r) => r,
  fromTerm: (t) => evalExact(t, new Map()),
  exp: (a) => (a.isZero() ? Rational.ONE : undefined),
  log: (a) => (a.eq(Rational.ONE) ? Rational.ZERO : undefined),
  pow: (a, r) => a.powExact(r),
  fn: (name, a) => {
    if (name === 'cos' || name === 'cosh') return a.isZero() ? Rational.ONE : undefined;
    if (name === 'acos') return a.eq(Rational.ONE) ? Rational.ZERO : undefined;
    return a.isZero() ? Rational.ZERO : undefined;
  },
  sign: (a) => (a.sign() > 0 ? 'pos' : a.sign() < 0 ? 'neg' : 'unknown'),
};

function checkOrder(order: number, op: string): void {
  if (!Number.isSafeInteger(order) || order < 0) fail('series/invalid-precision', `${op}: order must be a nonnegative integer, got ${order}`);
  if (order > kernelLimits.maxSeriesOrder) fail('limit/series-order', `${op}: order ${order} exceeds the limit ${kernelLimits.maxSeriesOrder}`);
}

/**
 * The series of t in x about 0 with precision `order` (coefficients of x^0..x^(order-1)),
 * when all of them are rational; undefined when t has another free variable or a
 * coefficient would be irrational (log 2, exp(1/2), pi).
 * Requires: t analytic at x = 0 in the supported shapes.
 * Throws: `series/...` when t has no power series at 0 (log x, 1/x); `limit/...`.
 */
export function seriesQ(t: Term, x: string, order: number, _asm?: Assumptions): Series | undefined {
  checkOrder(order, 'seriesQ');
  for (const y of T.freeVars(t)) if (y !== x) return undefined;
  // The fast path (Series arithmetic, memoised) covers the common shapes; this
  // engine handles the rest (atan, asin, acos, tan, ...) in O(n^2).
  if (order > 0) {
    const fast = seriesOverQ(t, x, order);
    if (fast) return fast;
  }
  try {
    return Series.fromCoeffs(powerSeriesOver(RATIONAL_FIELD, t, x, order), order);
  } catch (e) {
    if (e instanceof NotInField) return undefined;
    throw e;
  }
}

/**
 * The Laurent series of t in x about 0, known at least modulo x^order (order may be
 * negative or 0: [x^-1] of 1/x needs order 0), when every coefficient is rational;
 * undefined when t has another free variable or a coefficient would be irrational.
 * `sin(3x)/x`, `x/(exp(x) - 1)` and `(1 + x)^(1/x)` have power series; `1/x^2` has
 * valuation -2.
 * Throws: `series/...` when t has no Laurent series at 0 (log x, exp(1/x), sqrt(x)); `limit/...`.
 */
export function laurentQ(t: Term, x: string, order: number): LaurentSeries<Rational> | undefined {
  checkOrder(Math.max(order, 0), 'laurentQ');
  for (const y of T.freeVars(t)) if (y !== x) return undefined;
  if (order > 0) {
    const fast = seriesOverQ(t, x, order);
    if (fast) return new SeriesLaurent(fast);
  }
  try {
    const s = laurentOver(RATIONAL_FIELD, t, x, order);
    return new LaurentSeries(s.lo, s.cs, Rational.ZERO);
  } catch (e) {
    if (e instanceof NotInField) return undefined;
    throw e;
  }
}

/**
 * The Laurent series of t in x about 0 with coefficients in Q(parameters, atoms),
 * known at least modulo x^order. Throws: as laurentQ; `normal/...`.
 */
export function laurentParam(t: Term, x: string, order: number, asm: Assumptions, ctx: NormalContext = new NormalContext(asm)): LaurentSeries<RatFunc> {
  checkOrder(Math.max(order, 0), 'laurentParam');
  const s = laurentOver(normalField(ctx), t, x, order);
  return new LaurentSeries(s.lo, s.cs, RatFunc.ZERO);
}

/** [x^k] of t's Laurent series with coefficients in Q(parameters, atoms), as a kernel Term. Throws: as laurentParam. */
export function laurentParamCoefficient(t: Term, x: string, k: number, asm: Assumptions): Term {
  const ctx = new NormalContext(asm);
  return ctx.toTerm(laurentParam(t, x, k + 1, asm, ctx).coeff(k));
}

function normalField(ctx: NormalContext): Field<RatFunc> {
  return {
    zero: RatFunc.ZERO,
    one: RatFunc.ONE,
    add: (a, b) => a.add(b),
    sub: (a, b) => a.sub(b),
    mul: (a, b) => a.mul(b),
    div: (a, b) => a.div(b),
    isZero: (a) => a.isZero(),
    rat: (r) => RatFunc.constant(r),
    fromTerm: (t) => ctx.normalize(t),
    exp: (a) => ctx.expRf(a),
    log: (a) => ctx.logRf(a),
    pow: (a, r) => ctx.powRf(a, r),
    fn: (name, a) => ctx.fnAtom(name, a),
    sign: (a) => {
      const s = signOf(ctx.toTerm(a), ctx.asm);
      return s === 'pos' ? 'pos' : s === 'neg' ? 'neg' : 'unknown';
    },
  };
}

/** A truncated power series in one variable with coefficients in Q(parameters, atoms). */
export class ParamSeries {
  /** Coefficients 0..prec-1 are known. */
  readonly prec: number;
  /** The normal-form context the coefficients live in. */
  readonly ctx: NormalContext;
  private readonly cs: readonly RatFunc[];

  /** Requires: cs.length === prec, every coefficient over ctx. */
  constructor(cs: readonly RatFunc[], ctx: NormalContext) {
    this.cs = cs;
    this.prec = cs.length;
    this.ctx = ctx;
  }

  /** [x^k] as a normal form. Throws: `series/precision` when k >= prec; `series/invalid-argument`. */
  coeff(k: number): NormalForm {
    if (!Number.isSafeInteger(k) || k < 0) fail('series/invalid-argument', `coeff: exponent must be a non-negative integer, got ${k}`);
    if (k >= this.prec) fail('series/precision', `coeff: x^${k} is beyond the precision O(x^${this.prec})`);
    return { rf: this.cs[k]!, ctx: this.ctx };
  }

  /** [x^k] as text. Throws: as coeff. */
  coeffText(k: number): string {
    return this.coeff(k).rf.toString();
  }

  /** [x^k] as a kernel Term. Throws: as coeff. */
  coeffTerm(k: number): Term {
    return this.ctx.toTerm(this.coeff(k).rf);
  }

  /** True when [x^k] equals the normal form of c (a term in the parameters). Throws: as coeff. */
  coeffEquals(k: number, c: Term): boolean {
    return this.coeff(k).rf.equals(this.ctx.normalize(c));
  }

  /**
   * The first k below min(prec) where the coefficients differ (exactly, atoms
   * independent), or undefined when all agree. Requires: both over the same context.
   * Throws: `series/context` for series from different contexts.
   */
  firstDifference(o: ParamSeries): number | undefined {
    if (o.ctx !== this.ctx) fail('series/context', 'ParamSeries: comparing series from different normal-form contexts');
    const n = Math.min(this.prec, o.prec);
    for (let k = 0; k < n; k++) if (!this.cs[k]!.equals(o.cs[k]!)) return k;
    return undefined;
  }
}

/**
 * The series of t in x about 0 with precision `order`, coefficients in normal form
 * over the other variables and atoms (one context for all, reusable via `ctx`).
 * Requires: t analytic at x = 0 in the supported shapes.
 * Throws: `series/...` when t has no power series at 0; `normal/...`; `limit/...`.
 */
export function seriesParam(t: Term, x: string, order: number, asm: Assumptions, ctx: NormalContext = new NormalContext(asm)): ParamSeries {
  checkOrder(order, 'seriesParam');
  return new ParamSeries(powerSeriesOver(normalField(ctx), t, x, order), ctx);
}

/**
 * The coefficients of x^0..x^(order-1) of t's series as kernel Terms in the other
 * variables. Throws: as seriesParam.
 */
export function seriesParamCoefficients(t: Term, x: string, order: number, asm: Assumptions): Term[] {
  const s = seriesParam(t, x, order, asm);
  return Array.from({ length: order }, (_, k) => s.coeffTerm(k));
}
