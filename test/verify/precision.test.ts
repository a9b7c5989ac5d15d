import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dd, ddAdd, ddCall, ddDiv, ddMul, ddSub, ddToNumber, ddFromRational, DD_PI } from '../../src/verify/arith/doubledouble.ts';
import { exactEval, q, qFromNumber, qAdd } from '../../src/verify/confirm/exact.ts';
import { ccall, cx, cabs, csub, cmul, cdiv, cexp, clog } from '../../src/verify/arith/complex.ts';
import * as h from './helpers.ts';

const close = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

describe('double-double', () => {
  it('carries more than double precision', () => {
    const third = ddFromRational(1n, 3n);
    const back = ddMul(third, dd(3));
    expect(Math.abs(ddToNumber(ddSub(back, dd(1))))).toBeLessThan(1e-31);
    const s = ddAdd(dd(1), dd(1e-20));
    expect(ddSub(s, dd(1)).hi).toBe(1e-20);
  });
  it('elementary functions agree with doubles and satisfy identities to ~1e-30', () => {
    fc.assert(
      fc.property(fc.double({ min: -20, max: 20, noNaN: true }), (x) => {
        const X = dd(x);
        for (const fn of ['exp', 'sin', 'cos', 'atan', 'tanh', 'sinh'] as const) {
          expect(close(ddToNumber(ddCall(fn, X)), Math[fn](x), 1e-14)).toBe(true);
        }
        const e = ddCall('exp', X);
        expect(Math.abs(ddToNumber(ddSub(ddCall('log', e), X)))).toBeLessThan(1e-28 * Math.max(1, Math.abs(x)));
        const s = ddCall('sin', X);
        const c = ddCall('cos', X);
        expect(Math.abs(ddToNumber(ddSub(ddAdd(ddMul(s, s), ddMul(c, c)), dd(1))))).toBeLessThan(1e-29);
      }),
      { seed: 1, numRuns: 200 },
    );
    expect(Math.abs(ddToNumber(ddSub(ddMul(ddCall('atan', dd(1)), dd(4)), DD_PI)))).toBeLessThan(1e-29);
    expect(ddToNumber(ddCall('sqrt', dd(2)))).toBe(Math.SQRT2);
    expect(Math.abs(ddToNumber(ddSub(ddMul(ddCall('sqrt', dd(2)), ddCall('sqrt', dd(2))), dd(2))))).toBeLessThan(1e-30);
    expect(close(ddToNumber(ddDiv(dd(1), dd(7))), 1 / 7, 1e-16)).toBe(true);
  });
});

describe('exact rationals', () => {
  it('decomposes doubles exactly and evaluates rational expressions', () => {
    expect(qFromNumber(0.1)).toEqual(q(3602879701896397n, 36028797018963968n));
    expect(qAdd(q(1n, 10n), q(2n, 10n))).toEqual(q(3n, 10n));
    const e = h.sub(h.pow(h.add(h.v('x'), h.n(1)), h.n(2)), h.sum('i', h.n(0), h.n(2), h.mul(h.binom(h.n(2), h.ix('i')), h.pow(h.v('x'), h.ix('i')))));
    expect(exactEval(e, new Map([['x', 0.1]]), new Map())).toEqual(q(0n));
    expect(exactEval(h.div(h.n(1), h.sub(h.v('x'), h.v('x'))), new Map([['x', 2]]), new Map())).toBe('undefined');
    expect(exactEval(h.exp(h.v('x')), new Map([['x', 2]]), new Map())).toBe('unsupported');
    expect(exactEval(h.pow(h.n(2), h.n(-3)), new Map(), new Map())).toEqual(q(1n, 8n));
  });
});

describe('complex functions', () => {
  it('are consistent with their real counterparts and with identities', () => {
    fc.assert(
      fc.property(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true }), (re, im) => {
        const z = cx(re, im);
        // exp(log z) = z, tan = sin/cos, atanh(tanh z) = z near 0, asin(sin z) on the principal strip
        expect(cabs(csub(cexp(clog(z)), z))).toBeLessThan(1e-13 * Math.max(1, cabs(z)));
        const t = ccall('tan', z);
        expect(cabs(csub(t, cdiv(ccall('sin', z), ccall('cos', z))))).toBeLessThan(1e-9 * Math.max(1, cabs(t)));
        const w = cx(re / 10, im / 10);
        expect(cabs(csub(ccall('atanh', ccall('tanh', w)), w))).toBeLessThan(1e-13);
        expect(cabs(csub(ccall('asin', ccall('sin', w)), w))).toBeLessThan(1e-13);
        expect(cabs(csub(ccall('atan', ccall('tan', w)), w))).toBeLessThan(1e-13);
        const s = ccall('sqrt', z);
        expect(cabs(csub(cmul(s, s), z))).toBeLessThan(1e-14 * Math.max(1, cabs(z)));
        expect(s.re).toBeGreaterThanOrEqual(0);
      }),
      { seed: 2, numRuns: 300 },
    );
    for (const fn of ['exp', 'log', 'sqrt', 'sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh', 'atan', 'asin', 'acos', 'atanh'] as const) {
      const x = 0.3;
      expect(close(ccall(fn, cx(x)).re, Math[fn](x), 1e-15)).toBe(true);
    }
  });
});
