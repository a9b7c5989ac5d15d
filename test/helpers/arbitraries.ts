/**
 * Shared fast-check arbitraries for exact arithmetic: bigints, rationals and
 * truncated power series, biased towards the values that break arithmetic code
 * (0, +-1, huge numerators, large denominators, and denominators sharing factors).
 */
import fc from 'fast-check';
import { Rational } from '../../src/algebra/numbers/rational.ts';
import { Series } from '../../src/algebra/containers/series.ts';

/** A bigint: often 0 or +-1, often small, sometimes huge (up to ~2^256). */
export function arbBigint(maxBits = 256): fc.Arbitrary<bigint> {
  const big = 1n << BigInt(maxBits);
  return fc.oneof(
    { arbitrary: fc.constantFrom(0n, 1n, -1n), weight: 3 },
    { arbitrary: fc.bigInt({ min: -12n, max: 12n }), weight: 3 },
    { arbitrary: fc.bigInt({ min: -(1n << 64n), max: 1n << 64n }), weight: 2 },
    { arbitrary: fc.bigInt({ min: -big, max: big }), weight: 1 },
  );
}

/** A positive bigint for denominators: 1, small, powers of small primes (to share factors), or large. */
export function arbPositiveBigint(maxBits = 128): fc.Arbitrary<bigint> {
  const big = 1n << BigInt(maxBits);
  return fc.oneof(
    { arbitrary: fc.constant(1n), weight: 3 },
    { arbitrary: fc.bigInt({ min: 1n, max: 30n }), weight: 3 },
    { arbitrary: fc.tuple(fc.constantFrom(2n, 3n, 5n, 7n), fc.integer({ min: 1, max: 40 })).map(([p, e]) => p ** BigInt(e)), weight: 2 },
    { arbitrary: fc.bigInt({ min: 1n, max: big }), weight: 1 },
  );
}

/** A rational in canonical form: biased to 0, +-1, small fractions, huge numerators and large denominators. */
export function arbRational(opts: { maxNumBits?: number; maxDenBits?: number } = {}): fc.Arbitrary<Rational> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(Rational.ZERO, Rational.ONE, Rational.MINUS_ONE), weight: 2 },
    { arbitrary: fc.tuple(arbBigint(opts.maxNumBits), arbPositiveBigint(opts.maxDenBits)).map(([n, d]) => Rational.frac(n, d)), weight: 8 },
  );
}

/** A nonzero rational. */
export function arbNonzeroRational(opts: { maxNumBits?: number; maxDenBits?: number } = {}): fc.Arbitrary<Rational> {
  return arbRational(opts).filter((r) => !r.isZero());
}

export type ConstantTerm = 'any' | 'zero' | 'one' | 'nonzero';

export interface SeriesOptions {
  /** Smallest precision (default 0, or 1 when the constant term is constrained). */
  minPrec?: number;
  /** Largest precision (default 8). */
  maxPrec?: number;
  /** Constraint on the constant term (default 'any'). */
  constantTerm?: ConstantTerm;
  /** Constraint on the coefficient of x: 'nonzero' for reversion. */
  linearTerm?: 'any' | 'nonzero';
  maxNumBits?: number;
  maxDenBits?: number;
}

/**
 * A truncated power series. Coefficients are sparse-ish (about a third are 0),
 * and the series may be entirely zero to its precision.
 */
export function arbSeries(opts: SeriesOptions = {}): fc.Arbitrary<Series> {
  const ct = opts.constantTerm ?? 'any';
  const needs = ct === 'any' ? (opts.linearTerm === 'nonzero' ? 2 : 0) : opts.linearTerm === 'nonzero' ? 2 : 1;
  const minPrec = Math.max(opts.minPrec ?? needs, needs);
  const maxPrec = Math.max(opts.maxPrec ?? 8, minPrec);
  const r = { maxNumBits: opts.maxNumBits ?? 128, maxDenBits: opts.maxDenBits ?? 96 };
  const coeff = fc.oneof({ arbitrary: fc.constant(Rational.ZERO), weight: 1 }, { arbitrary: arbRational(r), weight: 2 });
  const c0: fc.Arbitrary<Rational> =
    ct === 'zero' ? fc.constant(Rational.ZERO) : ct === 'one' ? fc.constant(Rational.ONE) : ct === 'nonzero' ? arbNonzeroRational(r) : coeff;
  const c1: fc.Arbitrary<Rational> = opts.linearTerm === 'nonzero' ? arbNonzeroRational(r) : coeff;
  return fc
    .integer({ min: minPrec, max: maxPrec })
    .chain((prec) => fc.tuple(fc.constant(prec), c0, c1, fc.array(coeff, { minLength: Math.max(prec - 2, 0), maxLength: Math.max(prec - 2, 0) })))
    .map(([prec, a, b, rest]) => Series.fromCoeffs([a, b, ...rest], prec));
}

/** Several series sharing one precision (for ring laws where precisions must match). */
export function arbSeriesTuple(count: number, opts: SeriesOptions = {}): fc.Arbitrary<Series[]> {
  return fc.tuple(...Array.from({ length: count }, () => arbSeries(opts)));
}
