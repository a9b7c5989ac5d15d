/**
 * The witness's Gamma, lgamma and digamma (src/verify/arith/special.ts): known values, the
 * double (Lanczos) and double-double (Stirling) algorithms agreeing, the complex
 * evaluation on the real line, the jets' Taylor coefficients against differences of
 * the float functions, and NaN at the poles.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gammaReal, lgammaReal, digammaReal, specialComplex, specialDD, specialTaylor, polygammaReal } from '../../../src/verify/arith/special.ts';
import { dd, ddToNumber, ddSub, ddFromRational, ddMulNum } from '../../../src/verify/arith/doubledouble.ts';
import { cx } from '../../../src/verify/arith/complex.ts';

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42), numRuns: 200 });
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(1, Math.abs(b));

describe('special functions in the witness', () => {
  it('known values: factorials, sqrt(pi), Euler-Mascheroni, reflection', () => {
    let f = 1;
    for (let n = 1; n <= 25; n++) {
      if (n > 1) f *= n - 1;
      expect(rel(gammaReal(n), f)).toBeLessThan(1e-13);
      expect(rel(lgammaReal(n), Math.log(f))).toBeLessThan(1e-13);
    }
    expect(rel(gammaReal(0.5), Math.sqrt(Math.PI))).toBeLessThan(1e-13);
    expect(rel(gammaReal(-0.5), -2 * Math.sqrt(Math.PI))).toBeLessThan(1e-13);
    expect(rel(digammaReal(1), -0.5772156649015329)).toBeLessThan(1e-13);
    expect(rel(digammaReal(0.5), -0.5772156649015329 - 2 * Math.log(2))).toBeLessThan(1e-13);
    expect(rel(polygammaReal(1, 1), Math.PI ** 2 / 6)).toBeLessThan(1e-13);
    for (const p of [0, -1, -7]) {
      expect(gammaReal(p)).toBeNaN();
      expect(lgammaReal(p)).toBeNaN();
      expect(digammaReal(p)).toBeNaN();
    }
  });

  it('double and double-double (independent algorithms) agree, and double-double is beyond 20 digits', () => {
    fc.assert(fc.property(fc.double({ min: -20, max: 60, noNaN: true }), (x) => {
      if ((Math.abs(x - Math.round(x)) < 1e-3 && x <= 0) || Math.abs(x) < 1e-3) return;
      for (const fn of ['gamma', 'lgamma', 'digamma'] as const) {
        const a = fn === 'gamma' ? gammaReal(x) : fn === 'lgamma' ? lgammaReal(x) : digammaReal(x);
        const b = ddToNumber(specialDD(fn, dd(x)));
        if (!Number.isFinite(a) || !Number.isFinite(b)) return;
        const scale = fn === 'gamma' ? Math.abs(b) : Math.max(1, Math.abs(b));
        expect(Math.abs(a - b) <= 1e-11 * scale, `${fn}(${x}): ${a} vs ${b}`).toBe(true);
      }
    }));
    // Gamma(1/3 + 1) = Gamma(1/3)/3 to double-double precision
    const g = specialDD('gamma', ddFromRational(1n, 3n));
    const g1 = specialDD('gamma', ddFromRational(4n, 3n));
    expect(Math.abs(ddToNumber(ddSub(ddMulNum(g1, 3), g)))).toBeLessThan(1e-20); // about 23 digits: the log and exp of values near 100 limit it
  });

  it('complex evaluation on the real axis matches the real one (complex-step derivatives too)', () => {
    for (const x of [0.3, 1.5, 4.25, -2.5, 10.1]) {
      expect(rel(specialComplex('gamma', cx(x)).re, gammaReal(x))).toBeLessThan(1e-12);
      expect(rel(specialComplex('digamma', cx(x)).re, digammaReal(x))).toBeLessThan(1e-12);
      expect(rel(specialComplex('lgamma', cx(x)).re, lgammaReal(x))).toBeLessThan(1e-12);
      // complex step: Im f(x + ih)/h = f'(x)
      const h = 1e-20;
      const d = specialComplex('lgamma', cx(x, h)).im / h;
      expect(rel(d, digammaReal(x))).toBeLessThan(1e-9);
    }
  });

  it('jet Taylor coefficients match differences of the float functions', () => {
    for (const fn of ['gamma', 'lgamma', 'digamma'] as const) {
      for (const x0 of [0.7, 2.3, 5]) {
        const c = specialTaylor(fn, x0, 3);
        const f = (x: number): number => (fn === 'gamma' ? gammaReal(x) : fn === 'lgamma' ? lgammaReal(x) : digammaReal(x));
        const h = 1e-4;
        expect(rel(c[1]!, (f(x0 + h) - f(x0 - h)) / (2 * h))).toBeLessThan(1e-6);
        expect(rel(c[2]!, (f(x0 + h) - 2 * f(x0) + f(x0 - h)) / (2 * h * h))).toBeLessThan(1e-4);
      }
    }
  });
});
