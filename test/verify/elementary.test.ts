/**
 * The witness's evaluation of sec, csc, cot (issue 14): float, complex and
 * double-double, each against the textbook definition on its own arithmetic, with
 * arguments biased to multiples of pi/12 and near the poles.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluate, makeContext, makeEnv } from '../../src/verify/eval/evaluate.ts';
import { ccall, cx } from '../../src/verify/arith/complex.ts';
import { ddCall, dd, ddToNumber } from '../../src/verify/arith/doubledouble.ts';
import * as h from './helpers.ts';

const prog = h.program(h.varDecl('x', h.real()));
const ev = (e: h.Expr, x: number) => evaluate(e, makeEnv({ x }, {}), makeContext(prog.vars)).x;
const arbAngle = fc.oneof(
  fc.integer({ min: -36, max: 36 }).map((k) => (k * Math.PI) / 12),
  fc.integer({ min: -6, max: 6 }).map((k) => (k * Math.PI) / 2 + 1e-4),
  fc.double({ min: -10, max: 10, noNaN: true }),
);

describe('sec, csc, cot in the numeric witness', () => {
  it('float: sec = 1/cos, csc = 1/sin, cot = cos/sin', () => {
    fc.assert(
      fc.property(arbAngle, (t) => {
        const x = h.v('x');
        const cases: [string, number][] = [['sec', 1 / Math.cos(t)], ['csc', 1 / Math.sin(t)], ['cot', Math.cos(t) / Math.sin(t)]];
        for (const [fn, want] of cases) {
          if (!Number.isFinite(want) || Math.abs(want) > 1e12) continue;
          const got = ev(h.call(fn as never, x), t);
          expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));
        }
      }),
    );
  });
  it('complex: sec^2 = 1 + tan^2 and csc^2 = 1 + cot^2 off the real axis', () => {
    fc.assert(
      fc.property(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), (re, im) => {
        const z = cx(re, im);
        const sq = (w: { re: number; im: number }) => ({ re: w.re * w.re - w.im * w.im, im: 2 * w.re * w.im });
        const onePlus = (w: { re: number; im: number }) => ({ re: 1 + w.re, im: w.im });
        // sec^2 = 1 + tan^2 and csc^2 = 1 + cot^2
        for (const [lhs, rhs] of [[sq(ccall('sec', z)), onePlus(sq(ccall('tan', z)))], [sq(ccall('csc', z)), onePlus(sq(ccall('cot', z)))]] as const) {
          const m = Math.hypot(lhs.re, lhs.im);
          if (!(m < 1e6)) continue;
          expect(Math.hypot(lhs.re - rhs.re, lhs.im - rhs.im)).toBeLessThan(1e-9 * Math.max(1, m));
        }
      }),
    );
  });
  it('double-double agrees with float to double precision', () => {
    for (const t of [0.3, 1, 2.5, -1.2, Math.PI / 3]) {
      expect(ddToNumber(ddCall('sec', dd(t)))).toBeCloseTo(1 / Math.cos(t), 12);
      expect(ddToNumber(ddCall('csc', dd(t)))).toBeCloseTo(1 / Math.sin(t), 12);
      expect(ddToNumber(ddCall('cot', dd(t)))).toBeCloseTo(Math.cos(t) / Math.sin(t), 12);
    }
  });
});
