/**
 * The series kernel's fast paths computed two ways: each closed form or recurrence
 * that exp, log and inv take before Newton iteration, against the general Newton
 * algorithm (or the plain textbook route) on the same input, coefficient for
 * coefficient and with the same canonical denominator. Generators are biased to 0,
 * +-1, huge numerators and large denominators. Planted bugs (a wrongly stated closed
 * form, a recurrence off by one) must fail the same comparison.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rational, bigGcd } from '../../../src/algebra/numbers/rational.ts';
import { Series, seriesAlgorithms as alg } from '../../../src/algebra/containers/series.ts';
import { mulKronecker, mulSchoolbook } from '../../../src/algebra/numbers/polymul.ts';
import { arbBigint, arbRational, arbSeries } from '../../helpers/arbitraries.ts';

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42), numRuns: 60 });

const ops = { numRuns: 60 };

/** Same precision, same denominator, same numerators: equal and both canonical forms agree. */
function same(a: Series, b: Series): boolean {
  return a.equals(b);
}

function expectCanonical(s: Series): void {
  let g = s.den;
  for (const c of s.numerators()) g = bigGcd(g, c);
  expect(g).toBe(1n);
  expect(s.den > 0n).toBe(true);
}

/** A polynomial c_0 + ... + c_d x^d (d <= maxDeg) at precision prec, with coefficients from gen. */
function arbShortPoly(coeff: fc.Arbitrary<Rational>, opts: { maxDeg: number; maxPrec: number; c0: Rational }): fc.Arbitrary<Series> {
  return fc
    .tuple(fc.array(coeff, { minLength: 1, maxLength: opts.maxDeg }), fc.integer({ min: 1, max: opts.maxPrec }))
    .map(([cs, prec]) => Series.fromCoeffs([opts.c0, ...cs], prec));
}

/** Coefficients biased to 0, +-1, small, huge numerators and large denominators. */
const arbCoeff = fc.oneof(
  { arbitrary: fc.constantFrom(Rational.ZERO, Rational.ONE, Rational.MINUS_ONE), weight: 3 },
  { arbitrary: arbRational({ maxNumBits: 16, maxDenBits: 8 }), weight: 3 },
  { arbitrary: arbRational({ maxNumBits: 400, maxDenBits: 8 }), weight: 1 },
  { arbitrary: arbRational({ maxNumBits: 8, maxDenBits: 300 }), weight: 1 },
);
const arbIntCoeff = fc.oneof(
  { arbitrary: fc.constantFrom(0n, 1n, -1n), weight: 3 },
  { arbitrary: arbBigint(200), weight: 2 },
).map((n) => Rational.of(n));

describe('exp: every fast path equals Newton iteration with the inverse carried along', () => {
  it('a short polynomial (the recurrence of g\' = f\'g) equals Newton, and both are canonical', () => {
    fc.assert(
      fc.property(arbShortPoly(arbCoeff, { maxDeg: 6, maxPrec: 40, c0: Rational.ZERO }), (f) => {
        const fast = f.exp();
        expectCanonical(fast);
        expect(same(fast, alg.expNewton(f))).toBe(true);
        if (f.numerators().filter((c) => c !== 0n).length >= 2) expect(same(alg.expShort(f), fast)).toBe(true);
      }),
      ops,
    );
  });

  it('an integer multiple of log 1/(1-x) is (1-x)^(-a), as Newton computes it', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(0n, 1n, -1n, 2n, -2n), fc.bigInt({ min: -(1n << 70n), max: 1n << 70n })), fc.integer({ min: 1, max: 60 }), (a, n) => {
        const f = Series.logOneOverOneMinusX(n).scale(Rational.of(a));
        const fast = f.exp();
        expect(same(fast, alg.expNewton(f))).toBe(true);
        if (n > 1) expect(same(fast, Series.binomial(Rational.of(-a), n).compose(Series.fromCoeffs([0, -1], n)))).toBe(true);
      }),
      ops,
    );
  });

  it('a general series (Newton) equals the exp of its parts (monomial and short paths)', () => {
    fc.assert(
      fc.property(arbSeries({ maxPrec: 24, maxNumBits: 200, maxDenBits: 200, constantTerm: 'zero' }), (f) => {
        const n = f.prec;
        const fast = f.exp();
        expect(same(fast, alg.expNewton(f))).toBe(true);
        // exp(f) = prod_k exp(f_k x^k): every factor a monomial.
        let prod = Series.one(n);
        f.coeffs().forEach((c, k) => {
          if (k > 0 && !c.isZero()) prod = prod.mul(Series.fromCoeffs([...new Array<number>(k).fill(0), c], n).exp());
        });
        expect(same(fast, prod)).toBe(true);
      }),
      ops,
    );
  });

  it('Newton at a length past the short paths (exp(log 1/(1-x)) at order 300 and a dense integer series)', () => {
    const L = Series.logOneOverOneMinusX(300);
    expect(same(alg.expNewton(L), Series.geometric(300))).toBe(true);
    const f = Series.fromCoeffs([0, ...Array.from({ length: 120 }, (_, k) => (k % 5) - 2)], 121);
    const g = f.exp();
    expect(same(g, alg.expNewton(f))).toBe(true);
    expect(same(g.log(), f)).toBe(true);
  });

  it('planted bugs: a wrongly stated closed form or an off-by-one recurrence differs from Newton', () => {
    const n = 12;
    const L = Series.logOneOverOneMinusX(n).scale(Rational.of(3));
    // exp(3 L) = (1-x)^-3, not (1-x)^-4.
    const wrong = Series.binomial(Rational.of(-4), n).compose(Series.fromCoeffs([0, -1], n));
    expect(same(wrong, alg.expNewton(L))).toBe(false);
    // k g_k = sum_j j f_j g_{k-j}, stated with (k+1) instead of k, for f = x + x^2.
    const f = Series.fromCoeffs([0, 1, 1], n);
    const g: Rational[] = [Rational.ONE];
    for (let k = 1; k < n; k++) {
      let acc = Rational.ZERO;
      for (let j = 1; j <= Math.min(2, k); j++) acc = acc.add(Rational.of(j).mul(g[k - j]!));
      g.push(acc.div(Rational.of(k + 1)));
    }
    expect(same(Series.fromCoeffs(g, n), alg.expNewton(f))).toBe(false);
    expect(same(f.exp(), alg.expNewton(f))).toBe(true);
  });
});

describe('log: closed forms and Karp-Markstein division equal integral(f\' * (1/f))', () => {
  it('general series', () => {
    fc.assert(
      fc.property(arbSeries({ maxPrec: 24, maxNumBits: 200, maxDenBits: 200, constantTerm: 'one' }), (f) => {
        const fast = f.log();
        expectCanonical(fast);
        expect(same(fast, alg.logByInverse(f))).toBe(true);
        expect(same(alg.logKarpMarkstein(f), alg.logByInverse(f))).toBe(true);
      }),
      ops,
    );
  });

  it('short integer polynomials (the division recurrence) and 1/(1-x) (the closed form)', () => {
    fc.assert(
      fc.property(arbShortPoly(arbIntCoeff, { maxDeg: 16, maxPrec: 50, c0: Rational.ONE }), (f) => {
        expect(same(f.log(), alg.logByInverse(f))).toBe(true);
      }),
      ops,
    );
    for (const n of [0, 1, 2, 3, 17, 200]) {
      const g = Series.geometric(n);
      if (n === 0) continue;
      expect(same(g.log(), Series.logOneOverOneMinusX(n))).toBe(true);
      expect(same(alg.logByInverse(g), Series.logOneOverOneMinusX(n))).toBe(true);
    }
  });

  it('a planted bug: log 1/(1-x) stated as log(1+x) differs', () => {
    expect(same(Series.log1p(8), alg.logByInverse(Series.geometric(8)))).toBe(false);
  });
});

describe("log of f with f' = alpha f + beta (c + d e^(alpha x)): integral(alpha + beta/f) equals Karp-Markstein", () => {
  /** c + (1 - c) e^(alpha x) + O(x^n): f(0) = 1, f' = alpha f - alpha c. */
  const expLike = (alpha: Rational, c: Rational, n: number): Series =>
    Series.x(n).scale(alpha).exp().scale(Rational.ONE.sub(c)).add(Series.constant(c, n));

  it('on random alpha and c (beta = 0 when c = 0), canonical', () => {
    fc.assert(
      fc.property(arbCoeff, arbCoeff, fc.oneof(fc.constantFrom(1, 2, 3, 4), fc.integer({ min: 1, max: 40 })), (alpha, c, n) => {
        const f = expLike(alpha, c, n);
        const fast = f.log();
        expectCanonical(fast);
        expect(same(fast, alg.logKarpMarkstein(f))).toBe(true);
        expect(same(fast, alg.logByInverse(f))).toBe(true);
        const viaOde = alg.logLinearOde(f);
        // Found exactly when f_1 = (1 - c) alpha != 0 and there is an f_2 to fix alpha.
        expect(viaOde !== undefined).toBe(n >= 3 && !alpha.isZero() && !c.eq(Rational.ONE));
        if (viaOde !== undefined) expect(same(viaOde, fast)).toBe(true);
      }),
      ops,
    );
  });

  it('at W3 size (Bernoulli cumulants, mu = 3/7, 150 terms) and with the last coefficient perturbed', () => {
    const mu = Rational.frac(3n, 7n);
    const n = 150;
    const f = expLike(Rational.ONE, Rational.ONE.sub(mu), n);
    const K = f.log();
    expect(same(K, alg.logKarpMarkstein(f))).toBe(true);
    expect(K.coeff(1).eq(mu) && K.coeff(2).mul(Rational.of(2)).eq(mu.mul(Rational.ONE.sub(mu)))).toBe(true);
    // f_(n-1) enters f' mod x^(n-1): changing only it must make the detection fail, and log still be right.
    const cs = f.coeffs();
    cs[n - 1] = cs[n - 1]!.add(Rational.frac(1n, 10n ** 40n));
    const g = Series.fromCoeffs(cs, n);
    expect(alg.logLinearOde(g)).toBeUndefined();
    expect(same(g.log(), alg.logKarpMarkstein(g))).toBe(true);
    expect(same(g.log(), K)).toBe(false);
  });

  it('planted bugs: the identity with beta of the wrong sign, or alpha dropped, differs', () => {
    const n = 14;
    const alpha = Rational.frac(-5n, 3n);
    const c = Rational.frac(2n, 9n);
    const f = expLike(alpha, c, n);
    const beta = alpha.neg().mul(c);
    const h = f.truncate(n - 1).inv();
    const stated = (a: Rational, b: Rational): Series => h.scale(b).add(Series.constant(a, n - 1)).integral();
    const reference = alg.logKarpMarkstein(f);
    expect(same(stated(alpha, beta), reference)).toBe(true); // the correct statement, as a control
    expect(same(stated(alpha, beta.neg()), reference)).toBe(false);
    expect(same(stated(Rational.ZERO, beta), reference)).toBe(false);
  });
});

describe('inv: the short-divisor recurrence equals Newton', () => {
  it('short polynomials with constant numerator +-1, over any denominator', () => {
    fc.assert(
      fc.property(
        arbShortPoly(arbIntCoeff, { maxDeg: 16, maxPrec: 50, c0: Rational.ONE }),
        fc.constantFrom(1n, -1n),
        arbCoeff.filter((r) => !r.isZero()),
        (f, sign, r) => {
          const g = f.scale(Rational.of(sign)); // constant numerator +-1 over 1: the recurrence
          const h = f.scale(r); // constant numerator r.num over r.den: the recurrence when |r.num| = 1, Newton otherwise
          for (const s of [g, h, f.scale(Rational.frac(sign, 7n))]) {
            const fast = s.inv();
            expectCanonical(fast);
            expect(same(fast, alg.invNewton(s))).toBe(true);
          }
        },
      ),
      ops,
    );
  });
});

describe('integral: canonical without a content gcd', () => {
  it('every result is in lowest terms and equals the term-by-term integral', () => {
    fc.assert(
      fc.property(arbSeries({ maxPrec: 30, maxNumBits: 200, maxDenBits: 200 }), (f) => {
        const I = f.integral();
        expectCanonical(I);
        const ref = Series.fromCoeffs([Rational.ZERO, ...f.coeffs().map((c, k) => c.div(Rational.of(k + 1)))], f.prec + 1);
        expect(same(I, ref)).toBe(true);
      }),
      ops,
    );
  });

  it('on the cases where reductions happen: numerators sharing factors with k+1 and with the denominator', () => {
    const cases = [
      [0, 2, 3, 4, 5, 6],
      ['1/2', '2/3', '3/4', '4/5'],
      ['6/7', '14/7', '0', '28/7'],
      ['1/6', '2', '3/2', '8/3', '25/6'],
    ];
    for (const cs of cases) {
      const f = Series.fromCoeffs(cs, cs.length);
      expectCanonical(f.integral());
      expect(same(f.integral().derivative(), f)).toBe(true);
    }
  });
});

describe('Kronecker packing: nonnegative (hex) and signed (shift tree) inputs', () => {
  it('agree with the schoolbook product on long inputs of either kind', () => {
    const arbLong = (signed: boolean) =>
      fc.array(
        fc.oneof(fc.constantFrom(0n, 1n), fc.bigInt({ min: signed ? -(1n << 300n) : 0n, max: 1n << 300n })),
        { minLength: 0, maxLength: 80 },
      );
    fc.assert(
      fc.property(arbLong(false), arbLong(true), fc.boolean(), fc.integer({ min: 0, max: 170 }), (a, b, swap, n) => {
        const [x, y] = swap ? [b, a] : [a, b];
        expect(mulKronecker(x, y, n)).toEqual(mulSchoolbook(x, y, n));
        expect(mulKronecker(x, x, n)).toEqual(mulSchoolbook(x, x, n));
      }),
      { numRuns: 150 },
    );
  });
});

describe('canonical form: the content when the first candidate (least, first and last entries) is too large', () => {
  /** +-2^a 3^b 5^c 7^d or 0: many shared factors, so candidates often overshoot and must shrink, once or repeatedly. */
  const arbSmooth = fc.oneof(
    { arbitrary: fc.constant(0n), weight: 1 },
    { arbitrary: fc.tuple(fc.nat(4), fc.nat(3), fc.nat(3), fc.nat(2), fc.boolean()).map(([a, b, c, d, neg]) => (neg ? -1n : 1n) * 2n ** BigInt(a) * 3n ** BigInt(b) * 5n ** BigInt(c) * 7n ** BigInt(d)), weight: 5 },
  );
  it('truncations and scalings of series with smooth numerators equal the coefficientwise rationals, canonical', () => {
    fc.assert(
      fc.property(fc.array(arbSmooth, { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 3 }), arbSmooth.filter((c) => c !== 0n), (cs, j, r) => {
        const D = 210n ** BigInt(j);
        const want = cs.map((c) => Rational.frac(c, D));
        const s = Series.fromCoeffs(want, cs.length);
        expectCanonical(s);
        for (let k = 0; k <= cs.length; k++) {
          const t = s.truncate(k);
          if (k > 0) expectCanonical(t);
          expect(t.coeffs()).toEqual(want.slice(0, k));
        }
        const sc = s.scale(Rational.frac(1n, r));
        expectCanonical(sc);
        expect(sc.coeffs()).toEqual(want.map((c) => c.div(Rational.of(r))));
      }),
      { numRuns: 300 },
    );
    // least 30 and last 210 suggest 30 over 210; 42 shrinks it to 6: [1/7, 1/5, 1] over 35.
    const t = Series.fromCoeffs(['30/210', '42/210', '210/210', '1/210'], 4).truncate(3);
    expect(t.den).toBe(35n);
    expect(t.numerators()).toEqual([5n, 7n, 35n]);
  });
});

describe('Kronecker unpacking: balanced digits from the ordinary ones, borrow by borrow', () => {
  it('a product by +-1 gives back every coefficient: runs of zeros after negatives, extreme magnitudes, negative top', () => {
    const M = (1n << 200n) - 1n; // all bits set: the largest magnitude of its bit length
    const arbCoeffs = fc.array(fc.oneof(fc.constantFrom(0n, 1n, -1n, M, -M, M >> 1n, -(M >> 1n)), fc.bigInt({ min: -M, max: M })), { minLength: 1, maxLength: 60 });
    fc.assert(
      fc.property(arbCoeffs, fc.constantFrom(1n, -1n), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 3 }), (b, u, extra, shift) => {
        const a = [...new Array<bigint>(shift).fill(0n), u];
        const n = shift + b.length + extra;
        const want = [...new Array<bigint>(shift).fill(0n), ...b.map((c) => u * c), ...new Array<bigint>(extra).fill(0n)].slice(0, n);
        expect(mulKronecker(a, b, n)).toEqual(want);
        expect(mulKronecker(b, a, n)).toEqual(want);
      }),
      { numRuns: 200 },
    );
    for (const b of [[-1n], [-1n, 0n, 0n], [-M, 0n, 0n, M], [M, -M, 0n, -1n], [0n, -5n, 0n, 0n, -M]]) {
      expect(mulKronecker([1n], b, b.length + 2)).toEqual([...b, 0n, 0n]);
    }
  });
});

describe('(log 1/(1-x))^e by the Stirling numbers equals repeated products', () => {
  const L = (n: number): Series => Series.logOneOverOneMinusX(n);
  /** L^e by e - 1 products (the general route), truncated to n terms (a product of series with a valuation knows more). */
  const byProducts = (e: number, n: number): Series => {
    let acc = Series.one(n);
    for (let i = 0; i < e; i++) acc = acc.mul(L(n));
    return Series.fromCoeffs(Array.from({ length: n }, (_, k) => acc.coeff(k)), n);
  };

  it('every power 0..14 at precisions 0..48, canonical', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 14 }), fc.oneof(fc.constantFrom(0, 1, 2), fc.integer({ min: 0, max: 48 })), (e, n) => {
      const fast = Series.logOneOverOneMinusXPower(e, n);
      expect(same(fast, byProducts(e, n))).toBe(true);
      if (n > 0) expectCanonical(fast);
    }), ops);
  });

  it('the series kernel takes the path for L^e and agrees with powInt (the showcase f_j)', async () => {
    const calls: number[] = [];
    const original = Series.logOneOverOneMinusXPower;
    const spy = (e: number, n: number): Series => {
      calls.push(e);
      return original(e, n);
    };
    (Series as unknown as { logOneOverOneMinusXPower: typeof spy }).logOneOverOneMinusXPower = spy;
    const { seriesOverQ } = await import('../../../src/algebra/containers/qseries.ts');
    const T = await import('../../../src/algebra/containers/term.ts');
    const log = T.fn('log', T.div(T.ONE, T.sub(T.ONE, T.v('p'))));
    for (const e of [2, 3, 7, 20]) {
      const viaKernel = seriesOverQ(T.pow(log, Rational.of(e)), 'p', 60)!;
      expect(same(viaKernel, L(60).powInt(e).truncate(60))).toBe(true);
    }
    (Series as unknown as { logOneOverOneMinusXPower: typeof original }).logOneOverOneMinusXPower = original;
    expect(calls).toEqual([2, 3, 7, 20]);
  });

  it('planted bugs: without the e! or with signed Stirling numbers, the comparison fails', () => {
    const wrong = (e: number, n: number, signed: boolean, factorial: boolean): Series => {
      // the same table as the kernel's, deliberately mis-stated
      let row: bigint[] = Array.from({ length: e + 1 }, (_, j) => (j === 0 ? 1n : 0n));
      const col: bigint[] = [];
      for (let k = 0; k < n; k++) {
        col.push(row[e]!);
        const kk = BigInt(k);
        row = row.map((r, j) => (signed ? -kk : kk) * r + (j > 0 ? row[j - 1]! : 0n));
      }
      let f = 1n;
      for (let i = 2n; i <= BigInt(e); i++) f *= i;
      let kf = 1n;
      return Series.fromCoeffs(col.map((c, k) => {
        if (k > 0) kf *= BigInt(k);
        return Rational.frac((factorial ? f : 1n) * c, kf);
      }), n);
    };
    expect(same(wrong(3, 12, false, true), byProducts(3, 12))).toBe(true); // the correct statement, as a control
    expect(same(wrong(3, 12, false, false), byProducts(3, 12))).toBe(false);
    expect(same(wrong(3, 12, true, true), byProducts(3, 12))).toBe(false);
  });
});
