/**
 * Exact refutations added for issue 13: a nonzero atom-free residual of the normal
 * form (identity.ts residualPoint), a zero located by the intermediate value theorem
 * for `!=` (refute.ts findSignChangeZero), and rigorous refutation at one given
 * rational point (refute.ts refuteAtPoint, used to confirm numeric failures).
 * Each has a planted-bug twin: the same shape where refuting would be wrong.
 */
import { describe, expect, it } from 'vitest';
import { findSignChangeZero, refuteAtPoint } from '../../src/algebra/refutation/refute.ts';
import { decideEqual } from '../../src/algebra/decide/identity.ts';
import { decideRelation } from '../../src/algebra/kernel.ts';
import { enclose, isNegative, isPositive } from '../../src/algebra/enclosures/interval.ts';
import { q, Rational } from '../../src/algebra/numbers/rational.ts';
import * as T from '../../src/algebra/containers/term.ts';
import type { Assumptions, Bound } from '../../src/algebra/containers/term.ts';

const NONE: Assumptions = new Map();
const x = T.v('x');
const t = T.v('t');
const open = (v: string | number): Bound => ({ value: q(v), open: true });
const LIMITS = { maxSeriesOrder: 1000, maxExponent: 10000, maxBigIntBits: 100000, maxDerivativeOrder: 20 };
const r2 = T.pow(T.num(2), q('1/2'));

describe('residual counterexamples (lhs - rhs normalises to a nonzero rational function)', () => {
  it('sqrt(2)^2 x = 2x + x^5/15625 is refuted although no side evaluates exactly', () => {
    const v = decideEqual(T.mul(r2, r2, x), T.add(T.mul(T.num(2), x), T.div(T.pow(x, 5), T.num(15625))), NONE);
    expect(v.status).toBe('unknown');
    if (v.status !== 'unknown') return;
    expect(v.residual).toBeDefined();
    expect(v.residual!.value.isZero()).toBe(false);
    // computed two ways: the residual's value is the difference of the enclosures
    const p = v.residual!.point;
    const L = enclose(T.mul(r2, r2, x), p, 200);
    const R = enclose(T.add(T.mul(T.num(2), x), T.div(T.pow(x, 5), T.num(15625))), p, 200);
    const diff = L.lo!.value.sub(R.hi!.value);
    expect(Math.abs(diff.toNumber() - v.residual!.value.toNumber())).toBeLessThan(1e-30);
  });
  it('planted bug: no residual point where a side is undefined (x/x = 2 on x in [0, 0])', () => {
    // x/x normalises to 1, so d = -1 is nonzero at x = 0, where x/x is undefined
    const at0: Assumptions = new Map([['x', { lo: { value: q(0), open: false }, hi: { value: q(0), open: false } }]]);
    const v = decideEqual(T.div(x, x), T.num(2), at0);
    expect(v.status).toBe('unknown');
    if (v.status === 'unknown') expect(v.residual).toBeUndefined();
    // on x in [1, 2] the same claim is refuted
    const v2 = decideEqual(T.mul(r2, r2, T.div(x, x)), T.num(3), new Map([['x', { lo: { value: q(1), open: false }, hi: { value: q(2), open: false } }]]));
    expect(v2.status === 'refuted' || (v2.status === 'unknown' && v2.residual !== undefined)).toBe(true);
  });
});

describe('findSignChangeZero (intermediate value theorem)', () => {
  it('x^3 - 2 has a zero in the bracket it reports (near 2^(1/3))', () => {
    const d = T.sub(T.pow(x, 3), T.num(2));
    const z = findSignChangeZero(d, NONE)!;
    expect(z).toBeDefined();
    expect(z.lo.toNumber()).toBeLessThanOrEqual(Math.cbrt(2));
    expect(z.hi.toNumber()).toBeGreaterThanOrEqual(Math.cbrt(2));
    expect(z.hi.sub(z.lo).toNumber()).toBeLessThan(1e-6);
    expect(isNegative(z.atLo) !== isNegative(z.atHi)).toBe(true);
  });
  it('planted bug: 1/x changes sign on [-1, 1] but has no zero (not continuous at 0)', () => {
    const A: Assumptions = new Map([['x', { lo: { value: q(-1), open: false }, hi: { value: q(1), open: false } }]]);
    expect(findSignChangeZero(T.div(T.ONE, x), A)).toBeUndefined();
    expect(findSignChangeZero(T.div(T.ONE, T.sub(x, T.num(q('1/3')))), A)).toBeUndefined();
  });
  it('planted bug: log|x| + 1/x^2 ... a positive function never gets a zero', () => {
    expect(findSignChangeZero(T.add(T.pow(x, 2), T.num(q('1/1000'))), NONE)).toBeUndefined();
  });
  it('decideRelation refutes x^3 != 2 and keeps x^2 + 1 != 0', () => {
    expect(decideRelation(T.pow(x, 3), '!=', T.num(2), NONE, LIMITS).status).toBe('refuted');
    expect(decideRelation(T.add(T.pow(x, 2), T.ONE), '!=', T.ZERO, NONE, LIMITS).status).not.toBe('refuted');
    expect(decideRelation(T.div(T.ONE, T.sub(x, T.num(q('1/3')))), '!=', T.ZERO, NONE, LIMITS).status).not.toBe('refuted');
  });
});

describe('refuteAtPoint', () => {
  it('refutes 4^t 2^-t 2^-t = 1 + 10^-20 at t = -529.66 but not the true identity', () => {
    const four = T.fn('exp', T.mul(t, T.log(T.num(4))));
    const two = T.fn('exp', T.mul(T.neg(t), T.log(T.num(2))));
    const lhs = T.mul(four, two, two);
    const p = new Map([['t', Rational.frac(-5296634438916581n, 10000000000000n)]]);
    expect(refuteAtPoint(lhs, '=', T.ONE, p, NONE)).toBeUndefined();
    expect(refuteAtPoint(lhs, '=', T.add(T.ONE, T.num(q('1/100000000000000000000'))), p, NONE)).toBeDefined();
  });
  it('a point outside the assumptions never refutes', () => {
    const A: Assumptions = new Map([['x', { lo: open(0) }]]);
    expect(refuteAtPoint(x, '>', T.ZERO, new Map([['x', q(-1)]]), A)).toBeUndefined();
    expect(refuteAtPoint(x, '>', T.ZERO, new Map([['x', q(-1)]]), NONE)).toBeDefined();
  });
  it('strict and weak inequalities at a point', () => {
    const p = new Map([['x', q(2)]]);
    expect(refuteAtPoint(T.pow(x, 2), '<', T.num(4), p, NONE)).toBeDefined();
    expect(refuteAtPoint(T.pow(x, 2), '<=', T.num(4), p, NONE)).toBeUndefined();
    expect(isPositive(enclose(T.pow(x, 2), p))).toBe(true);
  });
});
