/**
 * Exact rationals over BigInt. TRUSTED KERNEL.
 *
 * Canonical form (the invariant every constructor and operation maintains):
 * numerator and denominator coprime, denominator > 0, zero is 0/1. Two equal
 * rationals therefore have identical fields, so equality is field equality.
 *
 * A Rational is never built from a non-integer JS number: floats are not exact
 * (fraction.js would turn 123456789.123456789 into 10000000000/81). The only way
 * back to a float is the explicit `toNumber()`.
 */
import Fraction from 'fraction.js';
import { fail } from './errors.ts';
import { bitLength, gcd as lehmerGcd } from './polymul.ts';

export { bitLength };

/**
 * Greatest common divisor of |a| and |b| (gcd(0, 0) = 0): Lehmer's algorithm from
 * polymul.ts (tested against Euclid there), 10-30x faster than Euclid on BigInts of
 * thousands of bits, which every canonicalisation of a large fraction needs.
 */
export function bigGcd(a: bigint, b: bigint): bigint {
  return lehmerGcd(a, b);
}

/** |a|. */
export function bigAbs(a: bigint): bigint {
  return a < 0n ? -a : a;
}

/**
 * Floor of the q-th root of M (integer Newton from above, checked).
 * Requires: M >= 0, q >= 1 a safe integer. Throws: `rational/root` otherwise.
 */
export function integerRoot(M: bigint, q: number): bigint {
  if (M < 0n || !Number.isSafeInteger(q) || q < 1) fail('rational/root', `integerRoot: need M >= 0 and q >= 1, got ${M}, ${q}`);
  if (M < 2n || q === 1) return M;
  const Q = BigInt(q);
  let x = 1n << BigInt(Math.ceil(bitLength(M) / q)); // >= the root
  for (;;) {
    const y = ((Q - 1n) * x + M / x ** (Q - 1n)) / Q;
    if (y >= x) break;
    x = y;
  }
  return x;
}

/** The q-th root of M when M >= 0 is a perfect q-th power; undefined otherwise. */
export function exactIntegerRoot(M: bigint, q: number): bigint | undefined {
  if (M < 0n) return undefined;
  const r = integerRoot(M, q);
  return r ** BigInt(q) === M ? r : undefined;
}

const RATIONAL_STRING = /^\s*([+-]?)(\d+)(?:\s*\/\s*(\d+)|\.(\d*)(?:\((\d+)\))?)?\s*$/;

export class Rational {
  /** Numerator; carries the sign. */
  readonly num: bigint;
  /** Denominator; always > 0 and coprime to num. */
  readonly den: bigint;

  /** Internal: assumes (num, den) is already canonical. Use Rational.of / frac. */
  private constructor(num: bigint, den: bigint) {
    this.num = num;
    this.den = den;
  }

  static readonly ZERO = new Rational(0n, 1n);
  static readonly ONE = new Rational(1n, 1n);
  static readonly MINUS_ONE = new Rational(-1n, 1n);

  /** Internal fast path for callers that already hold a canonical pair. Requires: gcd 1, den > 0. */
  static unsafe(num: bigint, den: bigint): Rational {
    return new Rational(num, den);
  }

  /**
   * num/den reduced to canonical form.
   * Throws: `rational/zero-denominator` when den is 0.
   */
  static frac(num: bigint, den: bigint = 1n): Rational {
    if (den === 0n) fail('rational/zero-denominator', `rational: denominator must be nonzero, got ${num}/0`);
    if (num === 0n) return Rational.ZERO;
    if (den < 0n) {
      num = -num;
      den = -den;
    }
    if (den === 1n) return new Rational(num, 1n);
    const g = bigGcd(num, den);
    return g === 1n ? new Rational(num, den) : new Rational(num / g, den / g);
  }

  /**
   * From a bigint, a safe integer, another Rational, or a string such as "-12/18",
   * "3", "1.25" or "0.(3)" (a repeating decimal).
   * Throws: `rational/inexact-number` for a JS number that is not a safe integer;
   * `rational/parse` for a malformed string.
   */
  static of(x: bigint | number | string | Rational): Rational {
    if (x instanceof Rational) return x;
    if (typeof x === 'bigint') return new Rational(x, 1n);
    if (typeof x === 'number') {
      if (!Number.isSafeInteger(x)) {
        fail('rational/inexact-number', `rational: only safe integers convert exactly, got ${x} (pass a string or bigint)`);
      }
      return new Rational(BigInt(x), 1n);
    }
    return Rational.parse(x);
  }

  /**
   * Parses "a", "a/b", "a.b" or "a.b(c)" with an optional sign.
   * Throws: `rational/parse` for anything else, `rational/zero-denominator` for "a/0".
   */
  static parse(text: string): Rational {
    const m = RATIONAL_STRING.exec(text);
    if (!m) fail('rational/parse', `rational: cannot parse ${JSON.stringify(text)} as a rational`);
    const sign = m[1] === '-' ? -1n : 1n;
    if (m[3] !== undefined) return Rational.frac(sign * BigInt(m[2]!), BigInt(m[3]));
    if (m[4] === undefined) return Rational.frac(sign * BigInt(m[2]!));
    // Decimal forms go through fraction.js, which is exact on strings (BigInt inside).
    const f = new Fraction(text.trim().replace(/^[+-]/, ''));
    return Rational.frac(sign * BigInt(f.s) * BigInt(f.n), BigInt(f.d));
  }

  /** True when this is 0. */
  isZero(): boolean {
    return this.num === 0n;
  }

  /** True when the denominator is 1. */
  isInteger(): boolean {
    return this.den === 1n;
  }

  /** -1, 0 or 1. */
  sign(): -1 | 0 | 1 {
    return this.num < 0n ? -1 : this.num > 0n ? 1 : 0;
  }

  add(o: Rational): Rational {
    if (this.den === 1n && o.den === 1n) return new Rational(this.num + o.num, 1n);
    return Rational.frac(this.num * o.den + o.num * this.den, this.den * o.den);
  }

  sub(o: Rational): Rational {
    if (this.den === 1n && o.den === 1n) return new Rational(this.num - o.num, 1n);
    return Rational.frac(this.num * o.den - o.num * this.den, this.den * o.den);
  }

  mul(o: Rational): Rational {
    if (this.num === 0n || o.num === 0n) return Rational.ZERO;
    // Cross-cancel first so the products stay small.
    const g1 = bigGcd(this.num, o.den);
    const g2 = bigGcd(o.num, this.den);
    return new Rational((this.num / g1) * (o.num / g2), (this.den / g2) * (o.den / g1));
  }

  /** Throws: `rational/division-by-zero` when o is 0. */
  div(o: Rational): Rational {
    if (o.num === 0n) fail('rational/division-by-zero', `rational: division by zero (${this} / 0)`);
    return this.mul(o.inv());
  }

  neg(): Rational {
    return this.num === 0n ? this : new Rational(-this.num, this.den);
  }

  abs(): Rational {
    return this.num < 0n ? new Rational(-this.num, this.den) : this;
  }

  /** Throws: `rational/division-by-zero` for 0. */
  inv(): Rational {
    if (this.num === 0n) fail('rational/division-by-zero', 'rational: inverse of 0');
    return this.num < 0n ? new Rational(-this.den, -this.num) : new Rational(this.den, this.num);
  }

  /** this^e for an integer e. Throws: `rational/division-by-zero` for 0^(negative). */
  pow(e: number | bigint): Rational {
    let k = BigInt(e);
    if (k < 0n) return this.inv().pow(-k);
    return new Rational(this.num ** k, this.den ** k);
  }

  /**
   * this^e for a rational e when the result is rational (an exact root exists);
   * undefined otherwise, and for a negative base with a non-integer e or 0 to a
   * negative power. Requires: e's numerator and denominator small enough to compute.
   */
  powExact(e: Rational): Rational | undefined {
    if (e.isInteger()) return this.isZero() && e.sign() < 0 ? undefined : this.pow(e.num);
    if (this.sign() < 0) return undefined;
    if (this.isZero()) return e.sign() > 0 ? Rational.ZERO : undefined;
    const q = Number(e.den);
    const n = exactIntegerRoot(this.num, q);
    const d = n === undefined ? undefined : exactIntegerRoot(this.den, q);
    return n === undefined || d === undefined ? undefined : new Rational(n, d).pow(e.num);
  }

  /** Three-way comparison: -1, 0 or 1. */
  cmp(o: Rational): -1 | 0 | 1 {
    const d = this.num * o.den - o.num * this.den;
    return d < 0n ? -1 : d > 0n ? 1 : 0;
  }

  eq(o: Rational): boolean {
    return this.num === o.num && this.den === o.den;
  }

  lt(o: Rational): boolean {
    return this.cmp(o) < 0;
  }

  le(o: Rational): boolean {
    return this.cmp(o) <= 0;
  }

  /** Largest integer <= this. */
  floor(): bigint {
    const q = this.num / this.den;
    return this.num < 0n && q * this.den !== this.num ? q - 1n : q;
  }

  /** Smallest integer >= this. */
  ceil(): bigint {
    return -this.neg().floor();
  }

  /** Exact text: "n" or "n/d". */
  toString(): string {
    return this.den === 1n ? this.num.toString() : `${this.num}/${this.den}`;
  }

  /**
   * toString for messages: a long numerator or denominator abbreviated (a refutation of
   * (2^9999)^100 = 0 printed all 300,000 digits).
   */
  toShortString(): string {
    return this.den === 1n ? abbreviate(this.num) : `${abbreviate(this.num)}/${abbreviate(this.den)}`;
  }

  /** The nearest double, up to one rounding (the only way from a Rational to a float). */
  toNumber(): number {
    const n = this.num;
    const d = this.den;
    if (bigAbs(n) < 2n ** 53n && d < 2n ** 53n) return Number(n) / Number(d);
    // Take a 64-bit quotient n * 2^s / d, then scale back by 2^-s.
    const s = 64 - (bitLength(n) - bitLength(d));
    const quotient = s >= 0 ? (n << BigInt(s)) / d : n / (d << BigInt(-s));
    return scaleByPowerOfTwo(Number(quotient), -s);
  }
}

/** x * 2^e without overflowing the intermediate power. */
function scaleByPowerOfTwo(x: number, e: number): number {
  while (e > 1000) { x *= 2 ** 1000; e -= 1000; }
  while (e < -1000) { x *= 2 ** -1000; e += 1000; }
  return x * 2 ** e;
}

/** Shorthand for Rational.of. Throws as Rational.of. */
export function q(x: bigint | number | string | Rational): Rational {
  return Rational.of(x);
}

/** A number for messages: in full up to 24 characters, else `1234…5678 (401 digits)`. */
export function abbreviate(n: bigint | number | { toString(): string }): string {
  const t = n.toString();
  const digits = t.replace(/^-/, '').length;
  return t.length <= 24 ? t : `${t.slice(0, 6)}…${t.slice(-4)} (${digits} digits)`;
}
