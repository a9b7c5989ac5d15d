/**
 * rationalToNumber (src/verify/arith/field.ts), the double of every literal the witness
 * reads, checked in exact arithmetic: wherever the result is a normal double it is the
 * nearest one to num/den (within half an ulp), for numerators and denominators biased
 * to 0, +-1, powers of 2, huge numerators and large denominators (past 2^60, where the
 * old conversion lost a short numerator: 1/10^19 was 0, found by a red-team pass). A
 * subnormal result may be rounded twice (within one subnormal ulp).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rationalToNumber } from '../../../src/verify/arith/field.ts';

/** A finite double as an exact fraction m / 2^k (k >= 0) or m 2^k. */
function exact(x: number): { num: bigint; den: bigint } {
  let m = x;
  let k = 0;
  while (!Number.isInteger(m)) { m *= 2; k++; } // exact: a power-of-two scaling of a finite double
  return { num: BigInt(m), den: 2n ** BigInt(k) };
}

/** |x - num/den| <= ulp(x)/2, exactly, for a normal double x. */
function nearest(x: number, num: bigint, den: bigint): boolean {
  const xe = exact(x);
  const mag = xe.num < 0n ? -xe.num : xe.num;
  // x = mag/xd with floor(log2 |x|) = bits(mag) - 1 - log2(xd), so ulp/2 = 2^(bits(mag) - 54) / xd
  const h = mag.toString(2).length - 54;
  // |xn/xd - num/den| <= 2^h / xd  <=>  |xn*den - num*xd| <= 2^h * den  (den > 0)
  const diff = xe.num * den - num * xe.den;
  const adiff = diff < 0n ? -diff : diff;
  return h >= 0 ? adiff <= (2n ** BigInt(h)) * den : adiff * 2n ** BigInt(-h) <= den;
}

const bigNum = fc.oneof(
  fc.constantFrom(0n, 1n, -1n, 2n, 3n, 7n, 2n ** 53n + 1n, 2n ** 64n - 1n, 10n ** 30n, -(10n ** 30n), 10n ** 400n, 3n ** 700n, -(2n ** 1100n)),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }),
  fc.bigInt({ min: 1n, max: 10n ** 20n }),
);
const bigDen = fc.oneof(
  fc.constantFrom(1n, 2n, 3n, 10n ** 19n, 3n * 10n ** 20n, 2n ** 61n, 10n ** 40n, 10n ** 400n, 7n ** 300n, 2n ** 1100n),
  fc.bigInt({ min: 1n, max: 2n ** 90n }),
);

describe('rationalToNumber', () => {
  it('is the nearest double wherever the result is normal', () => {
    let checked = 0;
    fc.assert(fc.property(bigNum, bigDen, (num, den) => {
      const x = rationalToNumber(num, den);
      if (num === 0n) return x === 0;
      if (!Number.isFinite(x) || Math.abs(x) <= 2 ** -1022) return true; // (a result at the edge of the subnormals may be rounded twice)
      checked++;
      return nearest(x, num, den);
    }), { numRuns: 3000, seed: 7 });
    expect(checked).toBeGreaterThan(2000);
  });
  it('keeps a short numerator over a long denominator (the literals 10^-19 and 1/(3*10^20))', () => {
    expect(rationalToNumber(1n, 10n ** 19n)).toBe(1e-19);
    expect(rationalToNumber(1n, 3n * 10n ** 20n)).toBe(1 / 3e20);
    expect(Object.is(rationalToNumber(-5n, 10n ** 400n), -0)).toBe(true); // -5e-400: below the subnormals
    expect(Object.is(rationalToNumber(-5n, 10n ** 320n), -5e-320)).toBe(true);
    expect(rationalToNumber(7n * 10n ** 30n, 3n * 10n ** 40n)).toBe(7e30 / 3e40);
    expect(rationalToNumber(10n ** 400n, 3n)).toBe(Infinity);
    expect(rationalToNumber(-(10n ** 400n), 10n ** 399n)).toBe(-10);
  });
});
