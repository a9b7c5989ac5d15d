/**
 * Sparse multivariate polynomials over Q. TRUSTED KERNEL.
 *
 * Purpose: the coefficient ring of rational functions (ratfunc.ts), of the
 * exp-log normal form (normal.ts) and of parametric series (termseries.ts).
 *
 * Canonical form (maintained by every constructor and operation):
 * - a polynomial is a map from monomial key to a NONZERO Rational; zero is the
 *   empty map; so two equal polynomials have the same key set and equal coefficients;
 * - a monomial is a list of [variable, exponent] pairs sorted by variable name
 *   (plain string order, the fixed variable order of the whole kernel), every
 *   exponent a positive safe integer; the constant monomial is the empty list;
 * - variables are opaque strings: real variables ("mu") and normal-form atoms
 *   ("exp(eta)") alike.
 * Term order (for leading terms): lexicographic with variables in string order,
 * the smallest name most significant.
 *
 * Work limits (`kernelLimits`, shared by every kernel module written on top of this
 * one) cap the number of terms, degrees and coefficient sizes; exceeding one throws
 * KernelError `limit/...` instead of hanging.
 */
import { fail } from '../numbers/errors.ts';
import { Rational, bigGcd, bitLength } from '../numbers/rational.ts';

/** Caps on kernel work; every operation that can grow checks them. */
export interface KernelLimits {
  /** Max number of terms in one polynomial. */
  maxTerms: number;
  /** Max exponent of one variable / max integer power taken. */
  maxDegree: number;
  /** Max bits in a numerator or denominator of a coefficient. */
  maxBits: number;
  /** Max number of nodes of a kernel Term handed to normalize / diff / series. */
  maxTermSize: number;
  /** Max series order. */
  maxSeriesOrder: number;
}

/** The current limits (module-level guard). Mutate through `withLimits`. */
export const kernelLimits: KernelLimits = {
  maxTerms: 20000,
  maxDegree: 2000,
  maxBits: 200000,
  maxTermSize: 200000,
  maxSeriesOrder: 400,
};

/** Runs f with some limits replaced, restoring them afterwards. Throws: whatever f throws. */
export function withLimits<T>(limits: Partial<KernelLimits>, f: () => T): T {
  const saved = { ...kernelLimits };
  Object.assign(kernelLimits, limits);
  try {
    return f();
  } finally {
    Object.assign(kernelLimits, saved);
  }
}

/** A monomial: [variable, positive exponent] pairs sorted by variable name. */
export type Monomial = readonly (readonly [string, number])[];

/** One term of a polynomial. */
export interface PolyTerm {
  readonly mono: Monomial;
  readonly coef: Rational;
}

/** Canonical key of a monomial (control characters never occur in variable names). */
export function monoKey(m: Monomial): string {
  let s = '';
  for (const [x, e] of m) s += `${x}\u0002${e}\u0001`;
  return s;
}

function checkCoef(c: Rational): void {
  if (bitLength(c.num) > kernelLimits.maxBits || bitLength(c.den) > kernelLimits.maxBits) {
    fail('limit/bits', `poly: coefficient exceeds ${kernelLimits.maxBits} bits`);
  }
}

function checkDegree(e: number): void {
  if (!Number.isSafeInteger(e) || e > kernelLimits.maxDegree) {
    fail('limit/degree', `poly: exponent ${e} exceeds the maximum degree ${kernelLimits.maxDegree}`);
  }
}

/** Product of two monomials. */
export function monoMul(a: Monomial, b: Monomial): Monomial {
  const out: [string, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]![0] < b[j]![0])) out.push([a[i]![0], a[i++]![1]]);
    else if (i >= a.length || b[j]![0] < a[i]![0]) out.push([b[j]![0], b[j++]![1]]);
    else {
      const e = a[i]![1] + b[j]![1];
      checkDegree(e);
      out.push([a[i++]![0], e]);
      j++;
    }
  }
  return out;
}

/** a / b when b divides a, else undefined. */
export function monoDiv(a: Monomial, b: Monomial): Monomial | undefined {
  const out: [string, number][] = [];
  let i = 0;
  for (const [x, e] of b) {
    while (i < a.length && a[i]![0] < x) out.push([a[i]![0], a[i++]![1]]);
    if (i >= a.length || a[i]![0] !== x || a[i]![1] < e) return undefined;
    if (a[i]![1] > e) out.push([x, a[i]![1] - e]);
    i++;
  }
  while (i < a.length) out.push([a[i]![0], a[i++]![1]]);
  return out;
}

/** Greatest common divisor of two monomials. */
export function monoGcd(a: Monomial, b: Monomial): Monomial {
  const out: [string, number][] = [];
  let j = 0;
  for (const [x, e] of a) {
    while (j < b.length && b[j]![0] < x) j++;
    if (j < b.length && b[j]![0] === x) out.push([x, Math.min(e, b[j]![1])]);
  }
  return out;
}

/** Lexicographic comparison (smallest variable name most significant): -1, 0, 1. */
export function monoCmp(a: Monomial, b: Monomial): -1 | 0 | 1 {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [x, e] = a[i]!;
    const [y, f] = b[j]!;
    if (x < y) return 1;
    if (y < x) return -1;
    if (e !== f) return e > f ? 1 : -1;
    i++;
    j++;
  }
  if (i < a.length) return 1;
  if (j < b.length) return -1;
  return 0;
}

/** Total degree of a monomial. */
export function monoDegree(m: Monomial): number {
  return m.reduce((s, [, e]) => s + e, 0);
}

export class Poly {
  /** Canonical terms by monomial key; every coefficient nonzero. */
  readonly terms: ReadonlyMap<string, PolyTerm>;

  private constructor(terms: Map<string, PolyTerm>) {
    if (terms.size > kernelLimits.maxTerms) {
      fail('limit/terms', `poly: ${terms.size} terms exceed the maximum ${kernelLimits.maxTerms}`);
    }
    this.terms = terms;
  }

  static readonly ZERO = new Poly(new Map());
  static readonly ONE = Poly.constant(Rational.ONE);

  /** The constant polynomial c. */
  static constant(c: Rational): Poly {
    if (c.isZero()) return Poly.ZERO;
    return new Poly(new Map([['', { mono: [], coef: c }]]));
  }

  /** The polynomial x (a variable or atom name). Requires: name nonempty, no control characters. */
  static variable(name: string): Poly {
    return Poly.monomial([[name, 1]], Rational.ONE);
  }

  /** c * mono. Requires: mono canonical (sorted, positive exponents). */
  static monomial(mono: Monomial, c: Rational): Poly {
    if (c.isZero()) return Poly.ZERO;
    for (const [, e] of mono) checkDegree(e);
    return new Poly(new Map([[monoKey(mono), { mono, coef: c }]]));
  }

  /** Sum of terms (monomials need not be distinct). Requires: canonical monomials. */
  static fromTerms(terms: Iterable<PolyTerm>): Poly {
    const m = new Map<string, PolyTerm>();
    for (const t of terms) addInto(m, t.mono, t.coef);
    return new Poly(m);
  }

  /** True for the zero polynomial. */
  isZero(): boolean {
    return this.terms.size === 0;
  }

  /** The constant value when this is constant, else undefined. */
  constantValue(): Rational | undefined {
    if (this.terms.size === 0) return Rational.ZERO;
    if (this.terms.size === 1) {
      const t = this.terms.get('');
      return t ? t.coef : undefined;
    }
    return undefined;
  }

  /** Coefficient of the constant monomial. */
  constantTerm(): Rational {
    return this.terms.get('')?.coef ?? Rational.ZERO;
  }

  /** The variables that occur, sorted. */
  vars(): string[] {
    const s = new Set<string>();
    for (const t of this.terms.values()) for (const [x] of t.mono) s.add(x);
    return [...s].sort();
  }

  /** Terms sorted by decreasing monomial in the lex order. */
  sortedTerms(): PolyTerm[] {
    return [...this.terms.values()].sort((a, b) => monoCmp(b.mono, a.mono));
  }

  /** The lex-leading term. Throws: `poly/zero` for the zero polynomial. */
  leading(): PolyTerm {
    let best: PolyTerm | undefined;
    for (const t of this.terms.values()) if (!best || monoCmp(t.mono, best.mono) > 0) best = t;
    if (!best) fail('poly/zero', 'poly.leading: the zero polynomial has no leading term');
    return best;
  }

  /** Equality (canonical form makes this exact). */
  eq(o: Poly): boolean {
    if (this.terms.size !== o.terms.size) return false;
    for (const [k, t] of this.terms) {
      const u = o.terms.get(k);
      if (!u || !u.coef.eq(t.coef)) return false;
    }
    return true;
  }

  add(o: Poly): Poly {
    if (o.isZero()) return this;
    if (this.isZero()) return o;
    const m = new Map(this.terms);
    for (const t of o.terms.values()) addInto(m, t.mono, t.coef);
    return new Poly(m);
  }

  sub(o: Poly): Poly {
    return this.add(o.neg());
  }

  neg(): Poly {
    const m = new Map<string, PolyTerm>();
    for (const [k, t] of this.terms) m.set(k, { mono: t.mono, coef: t.coef.neg() });
    return new Poly(m);
  }

  /** c * this. */
  scale(c: Rational): Poly {
    if (c.isZero()) return Poly.ZERO;
    if (c.eq(Rational.ONE)) return this;
    const m = new Map<string, PolyTerm>();
    for (const [k, t] of this.terms) {
      const d = t.coef.mul(c);
      checkCoef(d);
      m.set(k, { mono: t.mono, coef: d });
    }
    return new Poly(m);
  }

  /** mono * this. */
  mulMono(mono: Monomial): Poly {
    if (mono.length === 0) return this;
    const m = new Map<string, PolyTerm>();
    for (const t of this.terms.values()) {
      const p = monoMul(t.mono, mono);
      m.set(monoKey(p), { mono: p, coef: t.coef });
    }
    return new Poly(m);
  }

  /** this / mono. Requires: mono divides every monomial. Throws: `poly/not-divisible`. */
  divMono(mono: Monomial): Poly {
    if (mono.length === 0) return this;
    const m = new Map<string, PolyTerm>();
    for (const t of this.terms.values()) {
      const p = monoDiv(t.mono, mono);
      if (!p) fail('poly/not-divisible', `poly.divMono: ${monoKey(mono)} does not divide ${this}`);
      m.set(monoKey(p), { mono: p, coef: t.coef });
    }
    return new Poly(m);
  }

  mul(o: Poly): Poly {
    if (this.isZero() || o.isZero()) return Poly.ZERO;
    if (o.terms.size === 1) {
      const t = o.terms.values().next().value!;
      return this.mulMono(t.mono).scale(t.coef);
    }
    if (this.terms.size === 1) return o.mul(this);
    if (this.terms.size * o.terms.size > kernelLimits.maxTerms * 50) {
      fail('limit/terms', `poly.mul: ${this.terms.size} x ${o.terms.size} terms exceed the work limit`);
    }
    const m = new Map<string, PolyTerm>();
    for (const a of this.terms.values()) {
      for (const b of o.terms.values()) addInto(m, monoMul(a.mono, b.mono), a.coef.mul(b.coef));
    }
    return new Poly(m);
  }

  /** this^n. Requires: n a nonnegative safe integer. Throws: `limit/degree` when n is too large. */
  pow(n: number): Poly {
    if (!Number.isSafeInteger(n) || n < 0) fail('poly/exponent', `poly.pow: exponent must be a nonnegative integer, got ${n}`);
    checkDegree(n);
    if (n === 0) return Poly.ONE;
    if (this.terms.size === 1) {
      // A single term: (c m)^n = c^n m^n exactly.
      const t = this.terms.values().next().value!;
      for (const [, e] of t.mono) checkDegree(e * n);
      const c = t.coef.pow(BigInt(n));
      checkCoef(c);
      return Poly.monomial(t.mono.map(([x, e]) => [x, e * n] as const), c);
    }
    let result: Poly = Poly.ONE;
    let base: Poly = this;
    while (n > 0) {
      if (n & 1) result = result.mul(base);
      n >>= 1;
      if (n > 0) base = base.mul(base);
    }
    return result;
  }

  /** Greatest common divisor of all monomials (the monomial content). */
  monoContent(): Monomial {
    let g: Monomial | undefined;
    for (const t of this.terms.values()) g = g === undefined ? t.mono : monoGcd(g, t.mono);
    return g ?? [];
  }

  /** Degree in x (0 when absent; -1 for the zero polynomial). */
  degreeIn(x: string): number {
    if (this.isZero()) return -1;
    let d = 0;
    for (const t of this.terms.values()) for (const [y, e] of t.mono) if (y === x && e > d) d = e;
    return d;
  }

  /** The formal partial derivative in x (x^e -> e x^(e-1); other variables are constants). */
  derivative(x: string): Poly {
    const m = new Map<string, PolyTerm>();
    for (const t of this.terms.values()) {
      const i = t.mono.findIndex(([y]) => y === x);
      if (i < 0) continue;
      const e = t.mono[i]![1];
      const mono: Monomial = e === 1 ? [...t.mono.slice(0, i), ...t.mono.slice(i + 1)] : t.mono.map((p, j) => (j === i ? [x, e - 1] as const : p));
      addInto(m, mono, t.coef.mul(Rational.of(e)));
    }
    return new Poly(m);
  }

  /** Coefficients of this as a polynomial in x: index i holds the coefficient of x^i. */
  coeffsIn(x: string): Poly[] {
    const out: Map<string, PolyTerm>[] = [];
    for (const t of this.terms.values()) {
      const i = t.mono.findIndex(([y]) => y === x);
      const e = i < 0 ? 0 : t.mono[i]![1];
      const rest = i < 0 ? t.mono : [...t.mono.slice(0, i), ...t.mono.slice(i + 1)];
      while (out.length <= e) out.push(new Map());
      out[e]!.set(monoKey(rest), { mono: rest, coef: t.coef });
    }
    return out.map((m) => new Poly(m));
  }

  /**
   * Exact quotient this / d when d divides this (multivariate division in the lex
   * order: the remainder's leading term must always be divisible by d's), else undefined.
   * Throws: `poly/zero` when d is 0.
   */
  divExact(d: Poly): Poly | undefined {
    if (d.isZero()) fail('poly/zero', 'poly.divExact: division by the zero polynomial');
    if (this.isZero()) return Poly.ZERO;
    const dc = d.constantValue();
    if (dc !== undefined) return this.scale(dc.inv());
    // Cheap necessary condition: degrees in each variable.
    for (const x of d.vars()) if (this.degreeIn(x) < d.degreeIn(x)) return undefined;
    const lt = d.leading();
    let r: Poly = this;
    const qTerms: PolyTerm[] = [];
    // Each step removes the leading monomial of r and only adds smaller ones, and
    // the lex order on monomials is a well-order, so this terminates; the cap is a guard.
    for (let steps = 0; !r.isZero(); steps++) {
      if (steps > kernelLimits.maxTerms) fail('limit/terms', 'poly.divExact: too many division steps');
      const rt = r.leading();
      const m = monoDiv(rt.mono, lt.mono);
      if (!m) return undefined;
      const c = rt.coef.div(lt.coef);
      qTerms.push({ mono: m, coef: c });
      r = r.sub(d.mulMono(m).scale(c));
    }
    return Poly.fromTerms(qTerms);
  }

  /**
   * Value at a point. Requires: `at` defined for every variable of this.
   * Throws: `poly/unbound` when a variable has no value.
   */
  evaluate(at: (x: string) => Rational | undefined): Rational {
    let s = Rational.ZERO;
    const cache = new Map<string, Rational>();
    for (const t of this.terms.values()) {
      let p = t.coef;
      for (const [x, e] of t.mono) {
        let val = cache.get(x);
        if (val === undefined) {
          val = at(x);
          if (val === undefined) fail('poly/unbound', `poly.evaluate: no value for ${x}`);
          cache.set(x, val);
        }
        p = p.mul(val.pow(e));
      }
      s = s.add(p);
    }
    return s;
  }

  /** Replaces variable x by the polynomial r (composition). */
  substitute(x: string, r: Poly): Poly {
    let out: Poly = Poly.ZERO;
    const coeffs = this.coeffsIn(x);
    for (let i = coeffs.length - 1; i >= 0; i--) out = out.mul(r).add(coeffs[i]!);
    return out;
  }

  /** Rational content: the positive rational c with this/c having coprime integer coefficients. */
  content(): Rational {
    let n = 0n;
    let d = 1n;
    for (const t of this.terms.values()) {
      n = bigGcd(n, t.coef.num);
      d = (d / bigGcd(d, t.coef.den)) * t.coef.den;
    }
    return n === 0n ? Rational.ONE : Rational.frac(n, d);
  }

  /** Readable canonical text, terms in decreasing lex order, e.g. `mu^2 - 2*mu + 1`. */
  toString(): string {
    if (this.isZero()) return '0';
    let out = '';
    this.sortedTerms().forEach((t, i) => {
      const c = t.coef;
      const neg = c.sign() < 0;
      const a = c.abs();
      const monoText = t.mono.map(([x, e]) => (e === 1 ? x : `${x}^${e}`)).join('*');
      let body: string;
      if (monoText === '') body = a.toString();
      else if (a.eq(Rational.ONE)) body = monoText;
      else body = `${a}*${monoText}`;
      if (i === 0) out = neg ? `-${body}` : body;
      else out += neg ? ` - ${body}` : ` + ${body}`;
    });
    return out;
  }
}

function addInto(m: Map<string, PolyTerm>, mono: Monomial, c: Rational): void {
  if (c.isZero()) return;
  const k = monoKey(mono);
  const old = m.get(k);
  if (!old) {
    checkCoef(c);
    m.set(k, { mono, coef: c });
    return;
  }
  const s = old.coef.add(c);
  if (s.isZero()) m.delete(k);
  else {
    checkCoef(s);
    m.set(k, { mono, coef: s });
  }
}

/**
 * Monic gcd of two polynomials in (at most) the same single variable, by Euclid over Q;
 * undefined when they involve more than one variable between them.
 */
export function univariateGcd(a: Poly, b: Poly): Poly | undefined {
  const vs = new Set([...a.vars(), ...b.vars()]);
  if (vs.size > 1) return undefined;
  if (a.isZero()) return b.isZero() ? Poly.ZERO : monic(b);
  if (b.isZero()) return monic(a);
  if (vs.size === 0) return Poly.ONE;
  const x = [...vs][0]!;
  let r0 = a.coeffsIn(x).map((p) => p.constantTerm());
  let r1 = b.coeffsIn(x).map((p) => p.constantTerm());
  const trim = (c: Rational[]): Rational[] => {
    while (c.length > 0 && c[c.length - 1]!.isZero()) c.pop();
    return c;
  };
  r0 = trim(r0);
  r1 = trim(r1);
  while (r1.length > 0) {
    // r0 mod r1
    const r = r0.slice();
    const lc = r1[r1.length - 1]!;
    for (let i = r.length - r1.length; i >= 0; i--) {
      const c = r[i + r1.length - 1]!.div(lc);
      if (c.isZero()) continue;
      for (let j = 0; j < r1.length; j++) r[i + j] = r[i + j]!.sub(c.mul(r1[j]!));
    }
    r0 = r1;
    r1 = trim(r.slice(0, Math.max(0, r1.length - 1)));
    // Keep coefficients small: make the remainder monic.
    if (r1.length > 0) {
      const l = r1[r1.length - 1]!;
      r1 = r1.map((c) => c.div(l));
    }
  }
  return monic(Poly.fromTerms(r0.map((c, i) => ({ mono: i === 0 ? [] : [[x, i] as const], coef: c }))));
}

/** p divided by its lex-leading coefficient (0 stays 0). */
export function monic(p: Poly): Poly {
  return p.isZero() ? p : p.scale(p.leading().coef.inv());
}
