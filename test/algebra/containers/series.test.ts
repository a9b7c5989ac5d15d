import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KernelError } from '../../../src/algebra/numbers/errors.ts';
import { Rational, bigGcd } from '../../../src/algebra/numbers/rational.ts';
import { Series } from '../../../src/algebra/containers/series.ts';
import { KRONECKER_THRESHOLD, gcd, mulKronecker, mulLow, mulSchoolbook } from '../../../src/algebra/numbers/polymul.ts';
import { arbBigint, arbRational, arbSeries } from '../../helpers/arbitraries.ts';

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42), numRuns: 60 });

const R = (n: bigint | number, d: bigint | number = 1n): Rational => Rational.frac(BigInt(n), BigInt(d));

function expectCanonical(s: Series): void {
  const nums = s.numerators();
  expect(nums.length).toBe(s.prec);
  expect(s.den > 0n).toBe(true);
  let g = s.den;
  for (const c of nums) g = bigGcd(g, c);
  expect(g).toBe(1n);
}

/** Both are approximations of one exact series: they agree wherever both claim to know a coefficient. */
function expectAgree(a: Series, b: Series): void {
  const m = Math.min(a.prec, b.prec);
  expect(a.truncate(m).toString()).toBe(b.truncate(m).toString());
}

function expectEqual(a: Series, b: Series): void {
  expect(a.toString()).toBe(b.toString());
  expect(a.equals(b)).toBe(true);
}

function expectKernelError(f: () => unknown, code: string, message?: string | RegExp): void {
  let thrown: unknown;
  try {
    f();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, `expected KernelError ${code}`).toBeInstanceOf(KernelError);
  expect((thrown as KernelError).code).toBe(code);
  if (typeof message === 'string') expect((thrown as Error).message).toBe(message);
  else if (message) expect((thrown as Error).message).toMatch(message);
}

/** Snapshot of a series' exact content, to check that operations never mutate their inputs. */
function snap(s: Series): string {
  return `${s.prec}|${s.den}|${s.numerators().join(',')}`;
}

/** The same series with junk appended beyond its precision (a different exact series with the same truncation). */
function perturb(s: Series, junk: Rational[]): Series {
  return Series.fromCoeffs([...s.coeffs(), ...junk], s.prec + junk.length);
}

/** Naive reference: exact product coefficients by Rational schoolbook. */
function naiveMulCoeffs(a: Rational[], b: Rational[], n: number): Rational[] {
  const c: Rational[] = Array.from({ length: n }, () => Rational.ZERO);
  for (let i = 0; i < a.length; i++) for (let j = 0; j < b.length && i + j < n; j++) c[i + j] = c[i + j]!.add(a[i]!.mul(b[j]!));
  return c;
}

const arbJunk = fc.array(arbRational({ maxNumBits: 64, maxDenBits: 32 }), { minLength: 1, maxLength: 4 });
const small = { maxPrec: 7, maxNumBits: 96, maxDenBits: 64 };

describe('Series: constructors and accessors', () => {
  it('known series have the textbook coefficients', () => {
    const n = 12;
    const fact = (k: number): bigint => (k <= 1 ? 1n : BigInt(k) * fact(k - 1));
    for (let k = 0; k < n; k++) {
      expect(Series.geometric(n).coeff(k).eq(Rational.ONE)).toBe(true);
      expect(Series.logOneOverOneMinusX(n).coeff(k).eq(k === 0 ? Rational.ZERO : R(1, k))).toBe(true);
      expect(Series.log1p(n).coeff(k).eq(k === 0 ? Rational.ZERO : R(k % 2 ? 1 : -1, k))).toBe(true);
      expect(Series.expX(n).coeff(k).eq(R(1n, fact(k)))).toBe(true);
      expect(Series.sin(n).coeff(k).eq(k % 2 === 0 ? Rational.ZERO : R(k % 4 === 1 ? 1n : -1n, fact(k)))).toBe(true);
      expect(Series.cos(n).coeff(k).eq(k % 2 === 1 ? Rational.ZERO : R(k % 4 === 0 ? 1n : -1n, fact(k)))).toBe(true);
      expect(Series.atanh(n).coeff(k).eq(k % 2 === 0 ? Rational.ZERO : R(1, k))).toBe(true);
    }
    for (const s of [Series.geometric(n), Series.logOneOverOneMinusX(n), Series.log1p(n), Series.expX(n), Series.sin(n), Series.cos(n), Series.atanh(n)]) {
      expectCanonical(s);
      expect(s.prec).toBe(n);
    }
    expect(Series.binomial(R(1, 2), 5).toString()).toBe('1 + 1/2*x - 1/8*x^2 + 1/16*x^3 - 5/128*x^4 + O(x^5)');
    expect(Series.binomial(R(3), 6).toString()).toBe('1 + 3*x + 3*x^2 + x^3 + O(x^6)');
    expect(Series.binomial(R(-1), 4).equals(Series.geometric(4).compose(Series.x(4).neg()))).toBe(true);
    expect(Series.x(3).toString()).toBe('x + O(x^3)');
    expect(Series.x(1).toString()).toBe('O(x)');
    expect(Series.one(0).toString()).toBe('O(x^0)');
    expect(Series.zero(4).toString()).toBe('O(x^4)');
    expect(Series.constant(R(-3, 4), 2).toString()).toBe('-3/4 + O(x^2)');
  });

  it('precision 0 and tiny precisions are allowed everywhere', () => {
    for (const make of [Series.geometric, Series.logOneOverOneMinusX, Series.log1p, Series.expX, Series.sin, Series.cos, Series.atanh, Series.zero, Series.one, Series.x]) {
      for (const p of [0, 1, 2]) {
        const s = make(p);
        expect(s.prec).toBe(p);
        expectCanonical(s);
      }
    }
  });

  it('fromCoeffs drops coefficients beyond prec, pads missing ones, accepts every input form', () => {
    const s = Series.fromCoeffs([1n, -2, '3/6', R(5, 7), '0.25', 9, 9], 6);
    expect(s.toString()).toBe('1 - 2*x + 1/2*x^2 + 5/7*x^3 + 1/4*x^4 + 9*x^5 + O(x^6)');
    expect(Series.fromCoeffs([1], 3).coeffs().map(String)).toEqual(['1', '0', '0']);
    expectCanonical(Series.fromCoeffs(['2/6', '4/6', '0'], 3));
    expect(Series.fromCoeffs(['2/6', '4/6', '0'], 3).den).toBe(3n);
  });

  it('toString', () => {
    expect(Series.expX(5).toString()).toBe('1 + x + 1/2*x^2 + 1/6*x^3 + 1/24*x^4 + O(x^5)');
    expect(Series.fromCoeffs([0, -1, '-1/2', 0, 2], 7).toString()).toBe('-x - 1/2*x^2 + 2*x^4 + O(x^7)');
    expect(Series.fromCoeffs(['-5/3'], 1).toString()).toBe('-5/3 + O(x)');
  });

  it('valuation, isZero, coeffs', () => {
    expect(Series.zero(5).valuation()).toBe(Infinity);
    expect(Series.zero(5).isZero()).toBe(true);
    expect(Series.fromCoeffs([0, 0, 3], 5).valuation()).toBe(2);
    expect(Series.fromCoeffs([0, 0, 3], 5).isZero()).toBe(false);
    expect(Series.fromCoeffs([0, 0, 3], 2).isZero()).toBe(true);
    fc.assert(
      fc.property(arbSeries(), (s) => {
        const cs = s.coeffs();
        expect(cs.length).toBe(s.prec);
        cs.forEach((c, k) => expect(c.eq(s.coeff(k))).toBe(true));
        const v = cs.findIndex((c) => !c.isZero());
        expect(s.valuation()).toBe(v < 0 ? Infinity : v);
        expect(Series.fromCoeffs(cs, s.prec).equals(s)).toBe(true);
      }),
    );
  });
});

describe('Series: errors (stable codes, messages naming the operation and the value)', () => {
  const f = Series.fromCoeffs(['1/2', 1], 10);
  it('series/precision', () => {
    expectKernelError(() => Series.geometric(10).coeff(12), 'series/precision', 'coeff: x^12 is beyond the precision O(x^10)');
    expectKernelError(() => Series.geometric(10).truncate(11), 'series/precision', 'truncate: O(x^11) is beyond the precision O(x^10)');
    expectKernelError(() => Series.zero(0).exp(), 'series/precision', 'exp: the constant term is beyond the precision O(x^0)');
    expectKernelError(() => Series.zero(0).log(), 'series/precision', 'log: the constant term is beyond the precision O(x^0)');
    expectKernelError(() => Series.zero(0).inv(), 'series/precision', 'inv: the constant term is beyond the precision O(x^0)');
    expectKernelError(() => Series.geometric(3).compose(Series.zero(0)), 'series/precision', 'compose: the constant term is beyond the precision O(x^0)');
    expectKernelError(() => Series.x(1).reversion(), 'series/precision', 'reversion: needs the coefficients of 1 and x, but the precision is O(x^1)');
    expectKernelError(() => Series.one(0).sqrt(), 'series/precision', 'sqrt: the constant term is beyond the precision O(x^0)');
    expectKernelError(() => Series.one(0).powRational(R(1, 3)), 'series/precision', 'powRational: the constant term is beyond the precision O(x^0)');
    expectKernelError(() => Series.one(0).coeff(0), 'series/precision', 'coeff: x^0 is beyond the precision O(x^0)');
    expectKernelError(() => Series.one(0).powInt(-1), 'series/precision', 'inv: the constant term is beyond the precision O(x^0)');
  });
  it('series/invalid-precision and series/invalid-argument', () => {
    expectKernelError(() => Series.zero(-1), 'series/invalid-precision', 'zero: precision must be a non-negative integer, got -1');
    expectKernelError(() => Series.geometric(1.5), 'series/invalid-precision', 'geometric: precision must be a non-negative integer, got 1.5');
    expectKernelError(() => Series.fromCoeffs([1], NaN), 'series/invalid-precision', 'fromCoeffs: precision must be a non-negative integer, got NaN');
    expectKernelError(() => f.truncate(-2), 'series/invalid-precision', 'truncate: precision must be a non-negative integer, got -2');
    expectKernelError(() => f.coeff(-1), 'series/invalid-argument', 'coeff: exponent must be a non-negative integer, got -1');
    expectKernelError(() => f.coeff(0.5), 'series/invalid-argument', 'coeff: exponent must be a non-negative integer, got 0.5');
    expectKernelError(() => f.powInt(1.5), 'series/invalid-argument', 'powInt: exponent must be an integer, got 1.5');
    expectKernelError(() => f.shift(0.5), 'series/invalid-argument', 'shift: k must be an integer, got 0.5');
  });
  it('constant-term preconditions', () => {
    expectKernelError(() => f.exp(), 'series/constant-term-nonzero', 'exp: constant term must be 0, got 1/2');
    expectKernelError(() => f.log(), 'series/constant-term-not-one', 'log: constant term must be 1, got 1/2');
    expectKernelError(() => f.powRational(R(1, 3)), 'series/constant-term-not-one', 'powRational: constant term must be 1, got 1/2');
    expectKernelError(() => f.sqrt(), 'series/constant-term-not-one', 'sqrt: constant term must be 1, got 1/2');
    expectKernelError(() => Series.x(5).inv(), 'series/constant-term-zero', 'inv: constant term must be nonzero, got 0');
    expectKernelError(() => Series.x(5).powInt(-1), 'series/constant-term-zero', 'inv: constant term must be nonzero, got 0');
  });
  it('division, composition, reversion, shift', () => {
    expectKernelError(() => f.div(Series.zero(4)), 'series/division-by-zero', 'div: divisor is zero to its precision O(x^4)');
    expectKernelError(() => f.div(Series.x(4)), 'series/not-divisible', 'div: numerator valuation 0 is below the divisor valuation 1');
    expectKernelError(() => Series.zero(1).div(Series.x(4).shift(1)), 'series/not-divisible', 'div: numerator valuation 1 is below the divisor valuation 2');
    expectKernelError(() => Series.expX(5).compose(f), 'series/compose-constant-term', 'compose: inner series must have constant term 0, got 1/2');
    expectKernelError(() => f.reversion(), 'series/reversion-constant-term', 'reversion: constant term must be 0, got 1/2');
    expectKernelError(() => Series.x(5).powInt(2).reversion(), 'series/reversion-linear-term', 'reversion: coefficient of x must be nonzero, got 0');
    expectKernelError(() => f.shift(-1), 'series/shift-valuation', 'shift: cannot divide by x^1, the valuation is 0');
    expectKernelError(() => Series.zero(3).shift(-4), 'series/shift-valuation', 'shift: cannot divide by x^4, the valuation is 3');
  });
  it('rational errors propagate from fromCoeffs', () => {
    expectKernelError(() => Series.fromCoeffs([0.5], 2), 'rational/inexact-number');
    expectKernelError(() => Series.fromCoeffs(['1/0'], 2), 'rational/zero-denominator');
  });
});

describe('Series: precision rules', () => {
  it('follow PARI/FLINT on fixed examples', () => {
    const a = Series.geometric(10);
    const b = Series.geometric(6);
    const x10 = Series.x(10);
    expect(a.add(b).prec).toBe(6);
    expect(a.sub(b).prec).toBe(6);
    expect(a.mul(b).prec).toBe(6);
    expect(x10.mul(x10).toString()).toBe('x^2 + O(x^11)');
    expect(x10.mul(b).prec).toBe(7); // min(10 + 0, 6 + 1)
    expect(Series.zero(3).mul(Series.zero(4)).prec).toBe(7);
    expect(Series.zero(3).mul(Series.geometric(4)).prec).toBe(3);
    expect(a.derivative().prec).toBe(9);
    expect(Series.zero(0).derivative().prec).toBe(0);
    expect(a.integral().prec).toBe(11);
    expect(a.shift(3).prec).toBe(13);
    expect(a.shift(3).shift(-2).prec).toBe(11);
    expect(a.truncate(4).toString()).toBe('1 + x + x^2 + x^3 + O(x^4)');
    expect(a.inv().toString()).toBe('1 - x + O(x^10)');
    expect(x10.powInt(3).toString()).toBe('x^3 + O(x^12)');
    expect(a.powInt(0).toString()).toBe('1 + O(x^10)');
    // div by a series of valuation 2: both shift down by 2.
    const num = Series.fromCoeffs([0, 0, 1, 1], 8);
    const den = Series.fromCoeffs([0, 0, 1, -1], 6);
    const qt = num.div(den);
    expect(qt.prec).toBe(4); // min(8 - 2, (6 - 2) + 0)
    expect(qt.toString()).toBe('1 + 2*x + 2*x^2 + 2*x^3 + O(x^4)');
    // compose: min(p*v, q + (k-1)*v)
    expect(Series.expX(10).compose(Series.fromCoeffs([0, 0, 1], 5)).prec).toBe(5);
    expect(Series.expX(3).compose(Series.fromCoeffs([0, 0, 1], 20)).prec).toBe(6);
    expect(Series.fromCoeffs([1, 0, 0, 1], 10).compose(Series.fromCoeffs([0, 1], 5)).prec).toBe(10 - 10 + 5 + 2);
    expect(Series.cos(10).compose(Series.fromCoeffs([0, 0, 1], 7)).prec).toBe(9);
  });

  // Soundness of every precision claim: changing the inputs beyond their precision
  // must not change any coefficient the result claims to know.
  it('a result never depends on coefficients beyond its inputs\' precision', () => {
    fc.assert(
      fc.property(arbSeries(small), arbSeries(small), arbJunk, arbJunk, (a, b, ja, jb) => {
        const a2 = perturb(a, ja);
        const b2 = perturb(b, jb);
        const check = (r: Series, r2: Series): void => {
          expect(r2.prec).toBeGreaterThanOrEqual(r.prec);
          expectEqual(r2.truncate(r.prec), r);
        };
        check(a.add(b), a2.add(b2));
        check(a.sub(b), a2.sub(b2));
        check(a.mul(b), a2.mul(b2));
        check(a.derivative(), a2.derivative());
        check(a.integral(), a2.integral());
        check(a.shift(2), a2.shift(2));
        if (!b.isZero() && a.valuation() >= b.valuation() && a.prec >= b.valuation()) check(a.div(b), a2.div(b2));
        if (b.prec > 0 && b.coeff(0).isZero()) check(a.compose(b), a2.compose(b2));
        if (a.prec > 0 && !a.coeff(0).isZero()) check(a.inv(), a2.inv());
      }),
    );
  });

  it('and the same for exp, log, powers, sqrt, reversion', () => {
    fc.assert(
      fc.property(arbSeries({ ...small, constantTerm: 'zero', linearTerm: 'nonzero' }), arbJunk, arbRational({ maxNumBits: 8, maxDenBits: 8 }), (g, junk, r) => {
        const g2 = perturb(g, junk);
        const f = g.add(Series.one(g.prec));
        const f2 = g2.add(Series.one(g2.prec));
        for (const [x, y] of [
          [g.exp(), g2.exp()],
          [f.log(), f2.log()],
          [f.sqrt(), f2.sqrt()],
          [f.powRational(r), f2.powRational(r)],
          [f.powInt(3), f2.powInt(3)],
          [g.reversion(), g2.reversion()],
        ] as const) {
          expect(y.prec).toBeGreaterThanOrEqual(x.prec);
          expectEqual(y.truncate(x.prec), x);
        }
      }),
    );
  });
});

describe('Series: laws', () => {
  const ops = { numRuns: 50 };
  it('ring laws', () => {
    fc.assert(
      fc.property(arbSeries(small), arbSeries(small), arbSeries(small), (a, b, c) => {
        expectEqual(a.add(b), b.add(a));
        expectEqual(a.mul(b), b.mul(a));
        expectEqual(a.add(b).add(c), a.add(b.add(c)));
        expectAgree(a.mul(b).mul(c), a.mul(b.mul(c)));
        expectAgree(a.mul(b.add(c)), a.mul(b).add(a.mul(c)));
        expectEqual(a.add(Series.zero(a.prec)), a);
        expectEqual(a.mul(Series.one(a.prec)), a);
        expect(a.sub(a).isZero()).toBe(true);
        expectEqual(a.sub(b), a.add(b.neg()));
        expectEqual(a.neg().neg(), a);
        expectEqual(a.scale(R(3, 7)), a.mul(Series.constant(R(3, 7), a.prec)));
        expect(a.scale(Rational.ZERO).isZero()).toBe(true);
      }),
      ops,
    );
  });

  it('product agrees with the naive rational product', () => {
    fc.assert(
      fc.property(arbSeries({ maxPrec: 20 }), arbSeries({ maxPrec: 20 }), (a, b) => {
        const p = a.mul(b);
        const ref = naiveMulCoeffs(a.coeffs(), b.coeffs(), p.prec);
        p.coeffs().forEach((c, k) => expect(c.eq(ref[k]!)).toBe(true));
      }),
      ops,
    );
  });

  it('f * inv(f) = 1 and f / f = 1', () => {
    fc.assert(
      fc.property(arbSeries({ ...small, constantTerm: 'nonzero' }), (f) => {
        expectEqual(f.mul(f.inv()), Series.one(f.prec));
        expectEqual(f.div(f), Series.one(f.prec));
        expectEqual(f.inv().inv(), f);
      }),
      ops,
    );
  });

  it('division undoes multiplication, also by series of positive valuation', () => {
    fc.assert(
      fc.property(arbSeries(small), arbSeries({ ...small, minPrec: 2 }), fc.integer({ min: 0, max: 3 }), (a, b0, v) => {
        const b = b0.add(Series.one(b0.prec).scale(R(2))).shift(v); // valuation exactly v
        expectAgree(a.mul(b).div(b), a);
      }),
      ops,
    );
  });

  it('division by a short polynomial (the recurrence path) equals multiplication by the inverse', () => {
    const arbShort = fc
      .tuple(fc.constantFrom(1n, -1n), fc.array(arbBigint(40), { maxLength: 20 }), fc.constantFrom(1n, 3n, 12n, 1n << 70n), fc.integer({ min: 1, max: 30 }))
      .map(([g0, rest, d, prec]) => Series.fromCoeffs([g0, ...rest].map((c) => Rational.frac(c, d)), prec));
    fc.assert(
      fc.property(arbSeries({ maxPrec: 30 }), arbShort, fc.integer({ min: 0, max: 2 }), (f, g, v) => {
        expectEqual(f.div(g), f.mul(g.inv()));
        const fv = f.shift(v);
        const gv = g.shift(v);
        expectEqual(fv.div(gv), fv.shift(-v).mul(gv.shift(-v).inv()));
      }),
      ops,
    );
    expectEqual(Series.geometric(9).div(Series.fromCoeffs([1, -1], 9).scale(R(1, 3))), Series.fromCoeffs([3, 6, 9, 12, 15, 18, 21, 24, 27], 9));
  });

  it('exp(log f) = f and log(exp g) = g', () => {
    fc.assert(
      fc.property(arbSeries({ ...small, constantTerm: 'one' }), arbSeries({ ...small, constantTerm: 'zero' }), (f, g) => {
        expectEqual(f.log().exp(), f);
        expectEqual(g.exp().log(), g);
      }),
      ops,
    );
  });

  it('exp(a + b) = exp(a) exp(b); log(fg) = log f + log g', () => {
    fc.assert(
      fc.property(arbSeries({ ...small, constantTerm: 'zero' }), arbSeries({ ...small, constantTerm: 'zero' }), (a, b) => {
        expectEqual(a.add(b).exp(), a.exp().mul(b.exp()));
        const f = a.exp();
        const g = b.exp();
        expectEqual(f.mul(g).log(), f.log().add(g.log()));
      }),
      ops,
    );
  });

  it('exp of a monomial a x^m (its own recurrence) agrees with Newton and with composition into e^x', () => {
    fc.assert(
      fc.property(
        arbRational({ maxNumBits: 80, maxDenBits: 80 }).filter((a) => !a.isZero()),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 30 }),
        arbSeries({ ...small, constantTerm: 'zero', linearTerm: 'nonzero' }),
        (a, m, prec, g) => {
          const mono = Series.fromCoeffs([...Array.from({ length: m }, () => 0), a], prec);
          const fast = mono.exp();
          expectCanonical(fast);
          // Composition into e^x never takes the monomial path.
          expectEqual(fast, Series.expX(prec).compose(mono));
          // exp(mono + g) is a general series (short recurrence or Newton); exp(mono) exp(g) uses the monomial path.
          const n = Math.min(prec, g.prec);
          expectEqual(mono.truncate(n).add(g.truncate(n)).exp(), fast.truncate(n).mul(g.truncate(n).exp()));
        },
      ),
      ops,
    );
  });

  it('powers: powInt is repeated multiplication, powRational composes, sqrt squares back', () => {
    fc.assert(
      fc.property(arbSeries({ ...small, constantTerm: 'one' }), arbRational({ maxNumBits: 10, maxDenBits: 10 }), arbRational({ maxNumBits: 10, maxDenBits: 10 }), (f, r, s) => {
        expectEqual(f.powInt(3), f.mul(f).mul(f));
        expectEqual(f.powInt(-2), f.inv().mul(f.inv()));
        expectEqual(f.powRational(R(5)), f.powInt(5));
        expectEqual(f.powRational(R(-3)), f.powInt(-3));
        expectEqual(f.powRational(r).powRational(s), f.powRational(r.mul(s)));
        expectEqual(f.powRational(r).mul(f.powRational(s)), f.powRational(r.add(s)));
        expectEqual(f.sqrt().mul(f.sqrt()), f);
        expectEqual(f.sqrt(), f.powRational(R(1, 2)));
      }),
      { numRuns: 30 },
    );
  });

  it('compose is associative and x is its identity', () => {
    fc.assert(
      fc.property(arbSeries(small), arbSeries({ ...small, constantTerm: 'zero' }), arbSeries({ ...small, constantTerm: 'zero' }), (f, g, h) => {
        expectAgree(f.compose(g).compose(h), f.compose(g.compose(h)));
        if (f.prec > 0) expectEqual(f.compose(Series.x(f.prec)), f);
        expectAgree(Series.x(g.prec).compose(g), g);
      }),
      ops,
    );
  });

  it('compose is a ring homomorphism and agrees with known substitutions', () => {
    fc.assert(
      fc.property(arbSeries(small), arbSeries(small), arbSeries({ ...small, constantTerm: 'zero' }), (a, b, g) => {
        expectAgree(a.mul(b).compose(g), a.compose(g).mul(b.compose(g)));
        expectAgree(a.add(b).compose(g), a.compose(g).add(b.compose(g)));
      }),
      ops,
    );
    expectEqual(Series.expX(12).compose(Series.log1p(12)), Series.geometric(12).compose(Series.x(12).neg()).inv());
    expectEqual(Series.log1p(12).exp(), Series.fromCoeffs([1, 1], 12));
    expectEqual(Series.atanh(12).scale(R(2)).exp(), Series.fromCoeffs([1, 1], 12).mul(Series.fromCoeffs([1, -1], 12).inv()));
    const s = Series.sin(15);
    const c = Series.cos(15);
    expectEqual(s.mul(s).add(c.mul(c)), Series.one(15));
  });

  it('reversion composes to x on both sides', () => {
    fc.assert(
      fc.property(arbSeries({ ...small, constantTerm: 'zero', linearTerm: 'nonzero' }), (f) => {
        const g = f.reversion();
        expectCanonical(g);
        expect(g.prec).toBe(f.prec);
        expectEqual(f.compose(g), Series.x(f.prec));
        expectEqual(g.compose(f), Series.x(f.prec));
        expectEqual(g.reversion(), f);
      }),
      ops,
    );
    expectEqual(Series.log1p(10).reversion(), Series.expX(10).sub(Series.one(10)));
  });

  it('derivative: product rule, chain rule, and inverse of integral', () => {
    fc.assert(
      fc.property(arbSeries(small), arbSeries(small), arbSeries({ ...small, constantTerm: 'zero' }), (f, g, h) => {
        expectAgree(f.mul(g).derivative(), f.derivative().mul(g).add(f.mul(g.derivative())));
        expectEqual(f.integral().derivative(), f);
        expectAgree(f.compose(h).derivative(), f.derivative().compose(h).mul(h.derivative()));
        if (h.prec > 0) expectEqual(h.exp().derivative(), h.derivative().mul(h.exp()).truncate(Math.max(h.prec - 1, 0)));
      }),
      ops,
    );
  });

  it('shift and truncate', () => {
    fc.assert(
      fc.property(arbSeries(small), fc.integer({ min: 0, max: 5 }), (f, k) => {
        expectEqual(f.shift(k), f.mul(Series.x(f.prec + k).powInt(k)).truncate(f.prec + k));
        expectEqual(f.shift(k).shift(-k), f);
        for (let n = 0; n <= f.prec; n++) {
          const t = f.truncate(n);
          expect(t.prec).toBe(n);
          expectCanonical(t);
          expectAgree(t, f);
        }
      }),
      ops,
    );
  });

  it('truncating the inputs commutes with every operation', () => {
    fc.assert(
      fc.property(
        arbSeries({ ...small, constantTerm: 'one' }),
        arbSeries({ ...small, constantTerm: 'zero', linearTerm: 'nonzero' }),
        fc.nat(),
        (f, g, seed) => {
          const m = Math.max(2, seed % (Math.min(f.prec, g.prec) + 1));
          const ft = f.truncate(Math.min(m, f.prec));
          const gt = g.truncate(Math.min(m, g.prec));
          const pairs: [Series, Series][] = [
            [f.add(g), ft.add(gt)],
            [f.mul(g), ft.mul(gt)],
            [f.inv(), ft.inv()],
            [f.div(f.add(g)), ft.div(ft.add(gt))],
            [f.log(), ft.log()],
            [g.exp(), gt.exp()],
            [f.sqrt(), ft.sqrt()],
            [f.powInt(4), ft.powInt(4)],
            [f.powRational(R(-2, 3)), ft.powRational(R(-2, 3))],
            [f.compose(g), ft.compose(gt)],
            [g.reversion(), gt.reversion()],
            [f.derivative(), ft.derivative()],
            [f.integral(), ft.integral()],
            [g.shift(-1), gt.shift(-1)],
          ];
          for (const [full, trunc] of pairs) {
            expect(trunc.prec).toBeLessThanOrEqual(full.prec);
            expectEqual(full.truncate(trunc.prec), trunc);
          }
        },
      ),
      ops,
    );
  });

  it('results are canonical and inputs are never mutated', () => {
    fc.assert(
      fc.property(
        arbSeries({ ...small, constantTerm: 'one' }),
        arbSeries({ ...small, constantTerm: 'zero', linearTerm: 'nonzero' }),
        arbSeries(small),
        arbRational(),
        (f, g, h, r) => {
          const before = [snap(f), snap(g), snap(h)];
          const results = [
            f.add(h), f.sub(h), h.neg(), h.scale(r), f.mul(h), h.mul(h), f.inv(), h.div(f), g.div(g), f.powInt(3), f.powInt(-1),
            f.powRational(R(1, 3)), f.sqrt(), g.exp(), f.log(), h.compose(g), g.reversion(), h.derivative(), h.integral(),
            h.truncate(h.prec), h.shift(3), g.shift(-1),
          ];
          results.forEach(expectCanonical);
          h.coeffs();
          h.numerators().fill(7n); // a copy: mutating it must not reach the series
          expect([snap(f), snap(g), snap(h)]).toEqual(before);
        },
      ),
      ops,
    );
  });

  it('equals compares precision and coefficients', () => {
    expect(Series.geometric(5).equals(Series.geometric(5))).toBe(true);
    expect(Series.geometric(5).equals(Series.geometric(6))).toBe(false);
    expect(Series.geometric(5).equals(Series.fromCoeffs([1, 1, 1, 1, 2], 5))).toBe(false);
    expect(Series.fromCoeffs(['1/2'], 2).equals(Series.fromCoeffs(['1/3'], 2))).toBe(false);
  });
});

// ---------------------------------------------------------------------------
// Known values, each computed two independent ways.

function factorial(n: number): bigint {
  let f = 1n;
  for (let i = 2; i <= n; i++) f *= BigInt(i);
  return f;
}

function binom(n: number, k: number): bigint {
  return factorial(n) / (factorial(k) * factorial(n - k));
}

/** Unsigned Stirling numbers of the first kind c(n, k), by c(n+1, k) = n c(n, k) + c(n, k-1). */
function stirling1(N: number): bigint[][] {
  const c: bigint[][] = [[1n]];
  for (let n = 0; n < N; n++) {
    const row: bigint[] = new Array<bigint>(n + 2).fill(0n);
    for (let k = 0; k <= n + 1; k++) row[k] = (k <= n ? BigInt(n) * c[n]![k]! : 0n) + (k > 0 ? c[n]![k - 1]! : 0n);
    c.push(row);
  }
  return c;
}

describe('Series: known values two ways', () => {
  it('Bernoulli numbers from x/(e^x - 1) and from their recurrence', () => {
    const N = 40;
    const ex1 = Series.expX(N + 1).sub(Series.one(N + 1)); // valuation 1
    const gen = Series.x(N + 1).div(ex1); // precision N
    expect(gen.prec).toBe(N);
    // sum_{k<=n} C(n+1, k) B_k = 0 for n >= 1, B_0 = 1.
    const B: Rational[] = [Rational.ONE];
    for (let n = 1; n < N; n++) {
      let s = Rational.ZERO;
      for (let k = 0; k < n; k++) s = s.add(B[k]!.mul(R(binom(n + 1, k))));
      B.push(s.neg().div(R(n + 1)));
    }
    for (let n = 0; n < N; n++) expect(gen.coeff(n).mul(R(factorial(n))).eq(B[n]!)).toBe(true);
    expect(B[12]!.toString()).toBe('-691/2730');
  });

  it('Catalan numbers from (1 - sqrt(1-4x))/(2x) and from binom(2n, n)/(n+1)', () => {
    const N = 60;
    const s = Series.fromCoeffs([1, -4], N + 1).sqrt();
    const cat = Series.one(N + 1).sub(s).shift(-1).scale(R(1, 2));
    expect(cat.prec).toBe(N);
    for (let n = 0; n < N; n++) expect(cat.coeff(n).eq(R(binom(2 * n, n) / BigInt(n + 1)))).toBe(true);
  });

  it('Bell numbers from exp(e^x - 1) and from the Bell triangle', () => {
    const N = 50;
    const bellSeries = Series.expX(N).sub(Series.one(N)).exp();
    const bell: bigint[] = [];
    let row = [1n];
    for (let n = 0; n < N; n++) {
      bell.push(row[0]!);
      const next = [row[row.length - 1]!];
      for (const v of row) next.push(next[next.length - 1]! + v);
      row = next;
    }
    for (let n = 0; n < N; n++) expect(bellSeries.coeff(n).mul(R(factorial(n))).eq(R(bell[n]!))).toBe(true);
    expect(bell[10]).toBe(115975n);
  });

  it('unsigned Stirling numbers of the first kind from (log 1/(1-x))^k/k!', () => {
    const N = 40;
    const c = stirling1(N);
    const L = Series.logOneOverOneMinusX(N);
    let P = Series.one(N);
    for (let k = 0; k <= 12; k++) {
      if (k > 0) P = P.mul(L).truncate(N).scale(R(1, k));
      expect(P.valuation()).toBe(k);
      for (let n = 0; n < N; n++) expect(P.coeff(n).mul(R(factorial(n))).eq(R(c[n]![k] ?? 0n))).toBe(true);
      expectEqual(P, L.powInt(k).truncate(N).scale(R(1n, factorial(k))));
    }
  });

  it('every coefficient of sum_{i<=j} (log 1/(1-x))^i/i! for j <= 30 matches the Stirling formula', () => {
    const K = 60;
    const n = K + 1;
    const c = stirling1(K);
    const L = Series.logOneOverOneMinusX(n);
    let term = Series.one(n);
    let sum = term;
    for (let j = 0; j <= 30; j++) {
      if (j > 0) {
        term = term.mul(L).truncate(n).scale(R(1, j));
        sum = sum.add(term);
      }
      expect(sum.prec).toBe(n);
      for (let k = 0; k <= K; k++) {
        let s = 0n;
        for (let i = 0; i <= Math.min(j, k); i++) s += c[k]![i]!;
        const want = R(s, factorial(k));
        expect(sum.coeff(k).eq(want)).toBe(true);
        // The showcase fact: 1 for k <= j, strictly between 0 and 1 beyond.
        if (k <= j) expect(want.eq(Rational.ONE)).toBe(true);
        // (For j = 0 the tail coefficients are 0, not strictly positive: f_0 = 1.)
        else if (j === 0) expect(want.isZero()).toBe(true);
        else expect(want.sign() > 0 && want.lt(Rational.ONE)).toBe(true);
      }
    }
    // The whole sum agrees with exp(L) = 1/(1-x) below x^31 and exp(L) - sum has valuation 31.
    const rest = L.exp().sub(sum);
    expect(rest.valuation()).toBe(31);
  });

  it('exp(log 1/(1-x)) = 1/(1-x) at order 2000 (Newton path, huge denominators)', () => {
    const n = 2000;
    expectEqual(Series.logOneOverOneMinusX(n).exp(), Series.geometric(n));
    expectEqual(Series.geometric(n).log(), Series.logOneOverOneMinusX(n));
  });
});

describe('Lehmer gcd agrees with Euclid', () => {
  it('on random, structured and boundary inputs', () => {
    const arbWide = fc.oneof(arbBigint(64), fc.bigInt({ min: -(1n << 3000n), max: 1n << 3000n }));
    fc.assert(
      fc.property(arbWide, arbWide, arbWide, (a, b, k) => {
        expect(gcd(a, b)).toBe(bigGcd(a, b));
        expect(gcd(a * k, b * k)).toBe(bigGcd(a * k, b * k));
      }),
      { numRuns: 300 },
    );
    const fib: bigint[] = [1n, 1n];
    while (fib.length < 3000) fib.push(fib[fib.length - 1]! + fib[fib.length - 2]!);
    expect(gcd(fib[2999]!, fib[2998]!)).toBe(1n); // the worst case for Euclid: quotients all 1
    expect(gcd(fib[2999]! * 12n, fib[2998]! * 18n)).toBe(bigGcd(fib[2999]! * 12n, fib[2998]! * 18n));
    for (const e of [52n, 53n, 64n, 104n, 105n]) {
      const p = 1n << e;
      for (const [a, b] of [[p, p - 1n], [p - 1n, p + 1n], [p * 3n, p * 6n], [p, 0n], [0n, p], [-p, p * 5n]] as const) expect(gcd(a, b)).toBe(bigGcd(a, b));
    }
    expect(gcd(0n, 0n)).toBe(0n);
  });

  it('constructors with long lcm denominators match term-by-term rationals', () => {
    const n = 300;
    const L = Series.logOneOverOneMinusX(n);
    const A = Series.atanh(n);
    const P = Series.log1p(n);
    expectCanonical(L);
    expectCanonical(A);
    expectCanonical(P);
    for (let k = 1; k < n; k++) {
      expect(L.coeff(k).eq(R(1, k))).toBe(true);
      expect(P.coeff(k).eq(R(k % 2 ? 1 : -1, k))).toBe(true);
      expect(A.coeff(k).eq(k % 2 ? R(1, k) : Rational.ZERO)).toBe(true);
    }
  });
});

describe('Integer polynomial multiplication: schoolbook and Kronecker agree', () => {
  it('a product too large for one BigInt is a limit error naming the sizes, not a crash with a giant number in its message', () => {
    const big = (1n << 3000n) - 1n;
    const a = new Array<bigint>(100_000).fill(big);
    let thrown: unknown;
    try {
      mulKronecker(a, a, 100_000);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(KernelError);
    expect((thrown as KernelError).code).toBe('limit/bits');
    expect((thrown as Error).message).toMatch(/^series product: 100000 terms with coefficients of up to 3000 and 3000 bits need a [\d.e+]+-bit integer/);
    expect((thrown as Error).message.length).toBeLessThan(300);
  });
  const arbPoly = (maxLength: number): fc.Arbitrary<bigint[]> =>
    fc.oneof(
      fc.array(arbBigint(300), { maxLength }),
      fc.array(fc.constantFrom(0n, 1n, -1n), { maxLength }),
      fc.array(fc.bigInt({ min: -(1n << 2000n), max: 1n << 2000n }), { maxLength: 6 }),
    );

  it('on random inputs (signed, huge, sparse, empty) and every truncation length', () => {
    fc.assert(
      fc.property(arbPoly(60), arbPoly(60), fc.integer({ min: 0, max: 130 }), (a, b, n) => {
        const s = mulSchoolbook(a, b, n);
        expect(s.length).toBe(n);
        expect(mulKronecker(a, b, n)).toEqual(s);
        expect(mulLow(a, b, n)).toEqual(s);
        expect(mulKronecker(a, a, n)).toEqual(mulSchoolbook(a, a, n));
      }),
      { numRuns: 200 },
    );
  });

  it('on the boundary cases of the balanced digits', () => {
    for (const bits of [3, 4, 5, 63, 64, 65]) {
      const m = (1n << BigInt(bits)) - 1n;
      for (const a of [[m, m, m], [-m, m, -m], [m, -m, 0n, m], [-m, -m, -m, -m]]) {
        for (const b of [[m, m], [-m, m, m], [m]]) {
          const n = a.length + b.length;
          expect(mulKronecker(a, b, n)).toEqual(mulSchoolbook(a, b, n));
        }
      }
    }
    expect(mulKronecker([], [1n], 3)).toEqual([0n, 0n, 0n]);
    expect(mulKronecker([0n, 0n, 2n], [0n, 3n], 3)).toEqual([0n, 0n, 0n]);
    expect(mulKronecker([0n, 0n, 2n], [0n, 3n], 4)).toEqual([0n, 0n, 0n, 6n]);
  });

  it('series products agree on both sides of the algorithm threshold', () => {
    const n = KRONECKER_THRESHOLD * 4;
    const a = Series.logOneOverOneMinusX(n);
    const b = Series.sin(n).add(Series.geometric(n).scale(R(-7, 3)));
    const p = a.mul(b);
    const ref = naiveMulCoeffs(a.coeffs(), b.coeffs(), n);
    p.coeffs().forEach((c, k) => expect(c.eq(ref[k]!)).toBe(true));
  });
});
