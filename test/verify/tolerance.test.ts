/**
 * The rounding scale m is what makes the identity tolerance sound against
 * cancellation: the float value of any expression must lie within 1e-9·m of its
 * double-double value (computed at the same double inputs). Differential test on
 * random expression trees, plus the edge cases of the tolerance rules.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Expr } from '../../src/proofs/ast.ts';
import { evalIn, makeContext, makeEnv, liftEnv } from '../../src/verify/eval/evaluate.ts';
import { floatField, ddField } from '../../src/verify/arith/field.ts';
import { ddToNumber } from '../../src/verify/arith/doubledouble.ts';
import { judge, RTOL, ATOL } from '../../src/verify/properties.ts';
import * as h from './helpers.ts';

const prog = h.program(h.varDecl('x', h.real()), h.varDecl('y', h.real()));
const leaf: fc.Arbitrary<Expr> = fc.oneof(
  fc.constantFrom(h.v('x'), h.v('y'), h.pi),
  fc.tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: 1, max: 12 })).map(([a, b]) => h.n(a, b)),
);
const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(fc.constantFrom('+', '-', '*', '/') as fc.Arbitrary<'+' | '-' | '*' | '/'>, tie('e'), tie('e')).map(([op, l, r]) => ({ kind: 'binop' as const, op, left: l, right: r, span: { start: 0, end: 0 } })),
    fc.tuple(fc.constantFrom('exp', 'log', 'sqrt', 'sin', 'cos', 'atan', 'tanh') as fc.Arbitrary<'exp'>, tie('e')).map(([fn, a]) => h.call(fn, a)),
    fc.tuple(tie('e'), fc.integer({ min: 0, max: 4 })).map(([a, k]) => h.pow(a, h.n(k))),
  ),
})).e;

describe('rounding scale bounds the float error', () => {
  it('|float - double-double| <= 1e-9 * m on random expressions', () => {
    const ctx = makeContext(prog.vars);
    fc.assert(
      fc.property(exprArb, fc.double({ min: -30, max: 30, noNaN: true }), fc.double({ min: -30, max: 30, noNaN: true }), (e, x, y) => {
        const env = makeEnv({ x, y });
        const f = evalIn(floatField, e, env, ctx);
        const d = ddToNumber(evalIn(ddField, e, liftEnv(ddField, env), ctx).x);
        if (!Number.isFinite(f.x) || !Number.isFinite(d) || !Number.isFinite(f.m) || Math.abs(f.x) > 1e250 || f.m > 1e250) return;
        expect(Math.abs(f.x - d)).toBeLessThanOrEqual(RTOL * f.m + 1e-300);
      }),
      { seed: 5, numRuns: 3000 },
    );
  });
});

describe('tolerance rule edge cases', () => {
  const val = (x: number, m = Math.abs(x), e = 0) => ({ x, m, e });
  it('cancellation widens the tolerance through the scale', () => {
    // (1e8 + 1) - 1e8 computed as 1 + rounding: scale 2e8 allows 0.2 absolute.
    expect(judge({ op: '=' }, val(1.0000000001, 2e8), val(1)).verdict).toBe('ok');
    expect(judge({ op: '=' }, val(1.0000000001), val(1)).verdict).toBe('ok');
    expect(judge({ op: '=' }, val(1.00001), val(1)).verdict).toBe('fail');
  });
  it('the absolute floor applies to tiny values', () => {
    expect(judge({ op: '=' }, val(1e-13), val(0)).verdict).toBe('ok');
    expect(judge({ op: '=' }, val(1e-11), val(0)).verdict).toBe('fail');
    expect(ATOL).toBe(1e-12);
  });
  it('method errors widen the tolerance', () => {
    expect(judge({ op: '=' }, val(1.001, 1.001, 1e-4), val(1)).verdict).toBe('ok');
    expect(judge({ op: '=' }, val(1.001, 1.001, 1e-5), val(1)).verdict).toBe('fail');
  });
  it('inequalities: a violation must exceed the tolerance; strict ties are undecided', () => {
    expect(judge({ op: '<=' }, val(1 + 1e-12), val(1)).verdict).toBe('ok');
    expect(judge({ op: '<=' }, val(1 + 1e-6), val(1)).verdict).toBe('fail');
    expect(judge({ op: '<' }, val(1), val(1)).verdict).toBe('tie');
    expect(judge({ op: '<' }, val(0.5), val(1)).verdict).toBe('ok');
    expect(judge({ op: '>' }, val(1), val(1 + 1e-6)).verdict).toBe('fail');
    expect(judge({ op: '>=' }, val(1 - 1e-12), val(1)).verdict).toBe('ok');
    expect(judge({ op: '!=' }, val(1), val(1)).verdict).toBe('fail');
    expect(judge({ op: '!=' }, val(1 + 1e-12), val(1)).verdict).toBe('tie');
    expect(judge({ op: '!=' }, val(2), val(1)).verdict).toBe('ok');
  });
  it('approx uses the stated tolerance, absolute or relative to the right side', () => {
    expect(judge({ op: '≈', relative: false }, val(1.0009), val(1), 1e-3).verdict).toBe('ok');
    expect(judge({ op: '≈', relative: false }, val(1.0011), val(1), 1e-3).verdict).toBe('fail');
    expect(judge({ op: '≈', relative: true }, val(1009), val(1000), 1e-2).verdict).toBe('ok');
    expect(judge({ op: '≈', relative: true }, val(1011), val(1000), 1e-2).verdict).toBe('fail');
    expect(judge({ op: '≈', relative: false }, val(1), val(1), -1).verdict).toBe('fail');
  });
});
