/**
 * Rational functions over Q: num/den with multivariate polynomial numerator and
 * denominator. TRUSTED KERNEL.
 *
 * Invariants (kept by `RatFunc.make`, the only constructor):
 * - den is nonzero and its lex-leading coefficient is 1;
 * - zero is 0/1; a polynomial has den 1;
 * - num and den share no monomial content, and cheap common factors are cancelled
 *   (one dividing the other exactly; univariate gcd when both are in one variable).
 * The representation is therefore NOT fully canonical (a common multivariate factor
 * may survive), so equality is decided by cross-multiplication: a/b = c/d iff
 * a*d - b*c is the zero polynomial, which is exact. Zero testing is exact: a
 * rational function is zero iff its numerator is the zero polynomial.
 */
import { fail } from '../numbers/errors.ts';
import { Rational } from '../numbers/rational.ts';
import { Poly, monic, monoGcd, univariateGcd } from '../containers/poly.ts';

/** A cheap common divisor of a and b (1 when none is found). Never wrong, maybe not the gcd. */
export function cheapGcd(a: Poly, b: Poly): Poly {
  if (a.isZero()) return monic(b);
  if (b.isZero()) return monic(a);
  const ca = a.constantValue();
  const cb = b.constantValue();
  if (ca !== undefined || cb !== undefined) return Poly.ONE;
  const ma = monic(a);
  const mb = monic(b);
  if (ma.eq(mb)) return ma;
  const u = univariateGcd(a, b);
  if (u) return u;
  const m = monoGcd(a.monoContent(), b.monoContent());
  const a1 = a.divMono(m);
  const b1 = b.divMono(m);
  let g = Poly.monomial(m, Rational.ONE);
  if (a1.terms.size <= b1.terms.size) {
    if (a1.constantValue() === undefined && b1.divExact(a1)) g = g.mul(monic(a1));
  } else if (b1.constantValue() === undefined && a1.divExact(b1)) g = g.mul(monic(b1));
  return g;
}

export class RatFunc {
  /** Numerator. */
  readonly num: Poly;
  /** Denominator: nonzero, lex-leading coefficient 1. */
  readonly den: Poly;

  private constructor(num: Poly, den: Poly) {
    this.num = num;
    this.den = den;
  }

  static readonly ZERO = new RatFunc(Poly.ZERO, Poly.ONE);
  static readonly ONE = new RatFunc(Poly.ONE, Poly.ONE);

  /** The polynomial p as a rational function. */
  static poly(p: Poly): RatFunc {
    return new RatFunc(p, Poly.ONE);
  }

  /** The constant c. */
  static constant(c: Rational): RatFunc {
    return new RatFunc(Poly.constant(c), Poly.ONE);
  }

  /** The variable (or atom) x. */
  static variable(x: string): RatFunc {
    return new RatFunc(Poly.variable(x), Poly.ONE);
  }

  /**
   * num/den with cheap cancellation and the denominator made lex-monic.
   * Throws: `ratfunc/zero-denominator` when den is 0.
   */
  static make(num: Poly, den: Poly): RatFunc {
    if (den.isZero()) fail('ratfunc/zero-denominator', `ratfunc: denominator is zero (numerator ${num})`);
    if (num.isZero()) return RatFunc.ZERO;
    const m = monoGcd(num.monoContent(), den.monoContent());
    if (m.length > 0) {
      num = num.divMono(m);
      den = den.divMono(m);
    }
    const dc = den.constantValue();
    if (dc !== undefined) return new RatFunc(num.scale(dc.inv()), Poly.ONE);
    const q = num.terms.size >= den.terms.size ? num.divExact(den) : undefined;
    if (q) return new RatFunc(q, Poly.ONE);
    const nc = num.constantValue();
    if (nc === undefined) {
      const r = den.terms.size >= num.terms.size ? den.divExact(num) : undefined;
      if (r) {
        num = Poly.ONE;
        den = r;
      } else {
        const g = univariateGcd(num, den);
        if (g && g.constantValue() === undefined) {
          num = num.divExact(g)!;
          den = den.divExact(g)!;
        }
      }
    }
    const lc = den.leading().coef;
    if (!lc.eq(Rational.ONE)) {
      const inv = lc.inv();
      num = num.scale(inv);
      den = den.scale(inv);
    }
    return new RatFunc(num, den);
  }

  /** True iff this is the zero function (exact). */
  isZero(): boolean {
    return this.num.isZero();
  }

  /** The constant value when this is a constant, else undefined. */
  constantValue(): Rational | undefined {
    const d = this.den.constantValue();
    return d === undefined ? undefined : this.num.constantValue();
  }

  /** True when the denominator is 1. */
  isPoly(): boolean {
    return this.den.constantValue() !== undefined;
  }

  /** The variables (and atoms) that occur, sorted. */
  vars(): string[] {
    return [...new Set([...this.num.vars(), ...this.den.vars()])].sort();
  }

  add(o: RatFunc): RatFunc {
    if (o.isZero()) return this;
    if (this.isZero()) return o;
    // Two polynomials (den 1 by the invariant): their sum is a polynomial.
    if (this.isPoly() && o.isPoly()) return new RatFunc(this.num.add(o.num), Poly.ONE);
    if (this.den.eq(o.den)) return RatFunc.make(this.num.add(o.num), this.den);
    const g = cheapGcd(this.den, o.den);
    const b1 = this.den.divExact(g)!;
    const d1 = o.den.divExact(g)!;
    return RatFunc.make(this.num.mul(d1).add(o.num.mul(b1)), this.den.mul(d1));
  }

  sub(o: RatFunc): RatFunc {
    return this.add(o.neg());
  }

  neg(): RatFunc {
    return new RatFunc(this.num.neg(), this.den);
  }

  /** c * this. */
  scale(c: Rational): RatFunc {
    return c.isZero() ? RatFunc.ZERO : new RatFunc(this.num.scale(c), this.den);
  }

  mul(o: RatFunc): RatFunc {
    if (this.isZero() || o.isZero()) return RatFunc.ZERO;
    // Fast paths that keep the invariants: a constant factor scales the numerator;
    // a product of polynomials (den 1) is a polynomial.
    const co = o.constantValue();
    if (co !== undefined) return this.scale(co);
    const ct = this.constantValue();
    if (ct !== undefined) return o.scale(ct);
    if (this.isPoly() && o.isPoly()) return new RatFunc(this.num.mul(o.num), Poly.ONE);
    // Cross-cancel cheap common factors first so the products stay small.
    const g1 = cheapGcd(this.num, o.den);
    const g2 = cheapGcd(o.num, this.den);
    const a = this.num.divExact(g1)!;
    const d = o.den.divExact(g1)!;
    const c = o.num.divExact(g2)!;
    const b = this.den.divExact(g2)!;
    return RatFunc.make(a.mul(c), b.mul(d));
  }

  /** 1/this. Throws: `ratfunc/division-by-zero` when this is 0. */
  inv(): RatFunc {
    if (this.isZero()) fail('ratfunc/division-by-zero', 'ratfunc.inv: inverse of zero');
    return RatFunc.make(this.den, this.num);
  }

  /** this / o. Throws: `ratfunc/division-by-zero` when o is 0. */
  div(o: RatFunc): RatFunc {
    return this.mul(o.inv());
  }

  /** this^n for an integer n. Throws: `ratfunc/division-by-zero` for 0^(negative); `limit/degree`. */
  pow(n: number): RatFunc {
    if (n < 0) return this.inv().pow(-n);
    return new RatFunc(this.num.pow(n), this.den.pow(n));
  }

  /** Exact equality by cross-multiplication. */
  equals(o: RatFunc): boolean {
    if (this.den.eq(o.den)) return this.num.eq(o.num);
    return this.num.mul(o.den).sub(o.num.mul(this.den)).isZero();
  }

  /**
   * Value at a point, or undefined when the denominator vanishes there.
   * Requires: a value for every variable. Throws: `poly/unbound`.
   */
  evaluate(at: (x: string) => Rational | undefined): Rational | undefined {
    const d = this.den.evaluate(at);
    if (d.isZero()) return undefined;
    return this.num.evaluate(at).div(d);
  }

  /** Replaces x by the rational function r. Throws: `ratfunc/zero-denominator` if a denominator vanishes. */
  substitute(x: string, r: RatFunc): RatFunc {
    const sub = (p: Poly): RatFunc => {
      const cs = p.coeffsIn(x);
      let out = RatFunc.ZERO;
      for (let i = cs.length - 1; i >= 0; i--) out = out.mul(r).add(RatFunc.poly(cs[i]!));
      return out;
    };
    return sub(this.num).div(sub(this.den));
  }

  /** Readable text: `num` or `(num)/(den)`. */
  toString(): string {
    if (this.isPoly()) return this.num.toString();
    const n = this.num.terms.size > 1 || this.num.constantTerm().sign() < 0 ? `(${this.num})` : this.num.toString();
    const d = this.den.toString();
    return `${n}/${/^[A-Za-z_][A-Za-z_0-9]*$/.test(d) ? d : `(${d})`}`;
  }
}

/**
 * p with each power x^e in its monomials replaced by f(x, e) where f gives a value
 * (kept as x^e where it gives undefined); undefined when f never applied. Used by
 * the normal form's reductions (root powers, cos^2, abs^2): p's value is unchanged
 * whenever every f(x, e) equals x^e.
 */
export function rewritePowers(p: Poly, f: (x: string, e: number) => RatFunc | undefined): RatFunc | undefined {
  let changed = false;
  let out = RatFunc.ZERO;
  for (const t of p.terms.values()) {
    let term = RatFunc.constant(t.coef);
    for (const [x, e] of t.mono) {
      const r = f(x, e);
      if (r !== undefined) changed = true;
      term = term.mul(r ?? RatFunc.variable(x).pow(e));
    }
    out = out.add(term);
  }
  return changed ? out : undefined;
}
