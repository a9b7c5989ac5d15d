import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Fraction from 'fraction.js';
import { KernelError } from '../../../src/algebra/numbers/errors.ts';
import { Rational, bigGcd, bitLength, exactIntegerRoot, integerRoot, q } from '../../../src/algebra/numbers/rational.ts';
import { arbBigint, arbNonzeroRational, arbPositiveBigint, arbRational } from '../../helpers/arbitraries.ts';

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42), numRuns: 200 });

function expectCanonical(r: Rational): void {
  expect(r.den > 0n).toBe(true);
  expect(bigGcd(r.num, r.den)).toBe(r.num === 0n ? r.den : 1n);
  if (r.num === 0n) expect(r.den).toBe(1n);
}

function expectKernelError(f: () => unknown, code: string, message?: RegExp): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(KernelError);
    expect((e as KernelError).code).toBe(code);
    if (message) expect((e as Error).message).toMatch(message);
    return;
  }
  throw new Error(`expected KernelError ${code}`);
}

/** An independent implementation: fraction.js (BigInt-based in v5). */
function F(r: Rational): Fraction {
  return new Fraction(r.num, r.den);
}
function agree(r: Rational, f: Fraction): void {
  expect(r.num).toBe(f.s * f.n);
  expect(r.den).toBe(f.d);
}

describe('Rational: canonical form', () => {
  it('frac reduces and normalises the sign', () => {
    fc.assert(
      fc.property(arbBigint(), arbBigint().filter((d) => d !== 0n), (n, d) => {
        const r = Rational.frac(n, d);
        expectCanonical(r);
        expect(r.num * d).toBe(n * r.den);
      }),
    );
  });

  it('every operation returns canonical results', () => {
    fc.assert(
      fc.property(arbRational(), arbRational(), fc.integer({ min: -4, max: 4 }), (a, b, e) => {
        for (const r of [a.add(b), a.sub(b), a.mul(b), a.neg(), a.abs()]) expectCanonical(r);
        if (!b.isZero()) {
          expectCanonical(a.div(b));
          expectCanonical(b.inv());
        }
        if (!a.isZero() || e >= 0) expectCanonical(a.pow(e));
      }),
    );
  });

  it('equal values have equal fields', () => {
    fc.assert(
      fc.property(arbBigint(), arbPositiveBigint(), arbPositiveBigint(), (n, d, k) => {
        expect(Rational.frac(n * k, d * k).eq(Rational.frac(n, d))).toBe(true);
      }),
    );
  });
});

describe('Rational: agreement with fraction.js', () => {
  it('add, sub, mul, div, neg, inv, pow, cmp', () => {
    fc.assert(
      fc.property(arbRational(), arbRational(), fc.integer({ min: 0, max: 5 }), (a, b, e) => {
        agree(a.add(b), F(a).add(F(b)));
        agree(a.sub(b), F(a).sub(F(b)));
        agree(a.mul(b), F(a).mul(F(b)));
        agree(a.neg(), F(a).neg());
        agree(a.pow(e), F(a).pow(e));
        if (!b.isZero()) {
          agree(a.div(b), F(a).div(F(b)));
          agree(b.inv(), F(b).inverse());
        }
        expect(a.cmp(b)).toBe(F(a).compare(F(b)));
      }),
    );
  });

  it('floor, ceil', () => {
    fc.assert(
      fc.property(arbRational(), (a) => {
        agree(Rational.of(a.floor()), F(a).floor());
        agree(Rational.of(a.ceil()), F(a).ceil());
      }),
    );
  });
});

describe('Rational: parsing', () => {
  it.each([
    ['-12/18', -2n, 3n],
    ['12/-18', undefined, undefined],
    ['1.25', 5n, 4n],
    ['-1.25', -5n, 4n],
    ['0.(3)', 1n, 3n],
    ['0.1(6)', 1n, 6n],
    ['+7', 7n, 1n],
    [' 3 / 6 ', 1n, 2n],
    ['0', 0n, 1n],
    ['-0/5', 0n, 1n],
    ['123456789012345678901234567890', 123456789012345678901234567890n, 1n],
  ])('%s', (text, num, den) => {
    if (num === undefined) {
      expectKernelError(() => Rational.of(text), 'rational/parse', /cannot parse/);
      return;
    }
    const r = Rational.of(text);
    expectCanonical(r);
    expect([r.num, r.den]).toEqual([num, den]);
  });

  it('rejects malformed strings', () => {
    for (const bad of ['', 'abc', '1/2/3', '1e5', '--1', '1.2.3', '0x10', 'NaN']) {
      expectKernelError(() => Rational.of(bad), 'rational/parse', /rational: cannot parse/);
    }
  });

  it('rejects a zero denominator', () => {
    expectKernelError(() => Rational.of('1/0'), 'rational/zero-denominator', /denominator must be nonzero, got 1\/0/);
    expectKernelError(() => Rational.frac(3n, 0n), 'rational/zero-denominator', /got 3\/0/);
  });

  it('round-trips through toString', () => {
    fc.assert(fc.property(arbRational(), (a) => Rational.of(a.toString()).eq(a)));
  });

  it('agrees with fraction.js on decimal strings', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: 0, max: 25 }), (n, scale) => {
        const s = (n < 0n ? '-' : '') + (n < 0n ? -n : n).toString().padStart(scale + 1, '0');
        const text = scale === 0 ? s : `${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}`;
        agree(Rational.of(text), new Fraction(text));
      }),
    );
  });
});

describe('Rational: numbers', () => {
  it('accepts safe integers and rejects everything else', () => {
    expect(Rational.of(-42).eq(Rational.frac(-42n))).toBe(true);
    expect(Rational.of(Number.MAX_SAFE_INTEGER).num).toBe(9007199254740991n);
    for (const bad of [0.5, 1e300, Number.MAX_SAFE_INTEGER + 1, NaN, Infinity, -Infinity]) {
      expectKernelError(() => Rational.of(bad), 'rational/inexact-number', /only safe integers convert exactly/);
    }
  });

  it('toNumber is within one rounding of the exact value', () => {
    fc.assert(
      fc.property(arbRational({ maxNumBits: 2000, maxDenBits: 1500 }), (a) => {
        const x = a.toNumber();
        expect(Number.isFinite(x) || bitLength(a.num) - bitLength(a.den) > 1000).toBe(true);
        if (!Number.isFinite(x) || x === 0) return;
        // |x - a| <= 2 ulp(x), checked exactly with a Rational built from the double.
        const [m, e] = decompose(x);
        const exact = e >= 0 ? Rational.frac(m << BigInt(e)) : Rational.frac(m, 1n << BigInt(-e));
        const err = exact.sub(a).abs();
        const ulp = e >= 0 ? Rational.frac(1n << BigInt(e)) : Rational.frac(1n, 1n << BigInt(-e));
        expect(err.le(ulp.mul(Rational.of(2)))).toBe(true);
      }),
    );
    expect(Rational.frac(1n, 3n).toNumber()).toBe(1 / 3);
    expect(Rational.frac(10n ** 400n + 1n, 10n ** 400n).toNumber()).toBe(1);
    expect(Rational.frac(-(10n ** 400n), 3n * 10n ** 399n).toNumber()).toBeCloseTo(-10 / 3, 14);
  });

  it('division by zero is a KernelError', () => {
    expectKernelError(() => Rational.ONE.div(Rational.ZERO), 'rational/division-by-zero', /division by zero \(1 \/ 0\)/);
    expectKernelError(() => Rational.ZERO.inv(), 'rational/division-by-zero', /inverse of 0/);
    expectKernelError(() => Rational.ZERO.pow(-1), 'rational/division-by-zero');
  });

  it('helpers', () => {
    expect(bigGcd(0n, 0n)).toBe(0n);
    expect(bigGcd(-12n, 18n)).toBe(6n);
    expect(bitLength(0n)).toBe(0);
    expect(bitLength(-255n)).toBe(8);
    expect(bitLength(1n << 1000n)).toBe(1001);
    expect(q('3/4').eq(Rational.frac(3n, 4n))).toBe(true);
    fc.assert(fc.property(arbNonzeroRational(), (a) => a.mul(a.inv()).eq(Rational.ONE)));
  });
});

/** x = m * 2^e exactly, m an integer. */
function decompose(x: number): [bigint, number] {
  let e = 0;
  while (!Number.isInteger(x)) {
    x *= 2;
    e--;
  }
  while (Math.abs(x) > 2 ** 53) {
    x /= 2;
    e++;
  }
  return [BigInt(x), e];
}

describe('roots and exact rational powers', () => {
  it('integerRoot is the exact floor root', () => {
    expect(integerRoot(99n, 2)).toBe(9n);
    expect(integerRoot(100n, 2)).toBe(10n);
    expect(integerRoot(10n ** 30n + 1n, 3)).toBe(10n ** 10n);
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 40n }), fc.integer({ min: 1, max: 7 }), (m, k) => {
      const r = integerRoot(m, k);
      return r ** BigInt(k) <= m && (r + 1n) ** BigInt(k) > m;
    }));
  });
  it('exactIntegerRoot finds perfect powers only', () => {
    expect(exactIntegerRoot(1024n, 10)).toBe(2n);
    expect(exactIntegerRoot(1025n, 10)).toBeUndefined();
    expect(exactIntegerRoot(-8n, 3)).toBeUndefined();
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 1, max: 6 }), (r, k) => exactIntegerRoot(r ** BigInt(k), k) === r));
  });
  it('powExact is exact when the power is rational, undefined otherwise', () => {
    expect(q('8/27').powExact(q('2/3'))?.toString()).toBe('4/9');
    expect(q('9/4').powExact(q('-1/2'))?.toString()).toBe('2/3');
    expect(q(2).powExact(q('1/2'))).toBeUndefined();
    expect(q(-8).powExact(q('1/3'))).toBeUndefined(); // real roots of negatives are not taken
    expect(q(0).powExact(q('-1/2'))).toBeUndefined();
    expect(q(0).powExact(q('1/2'))?.toString()).toBe('0');
    expect(q(-2).powExact(q(3))?.toString()).toBe('-8');
    fc.assert(fc.property(arbRational(), fc.integer({ min: 1, max: 5 }), fc.integer({ min: -4, max: 4 }), (base, d, n) => {
      const b = base.abs();
      const e = Rational.frac(BigInt(n), BigInt(d));
      const r = b.pow(d).powExact(e); // (b^d)^(n/d) = b^n, always rational
      return b.isZero() && n < 0 ? r === undefined : r !== undefined && r.eq(b.pow(n));
    }));
  });
});
