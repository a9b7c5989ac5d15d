/**
 * abs in the normal form (normal.ts R10, R16, R17) and the sign-case split of
 * identity.ts: what is PROVED, what is refused, and why.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decideEqual } from '../../src/algebra/decide/identity.ts';
import { NormalContext } from '../../src/algebra/normal/normal.ts';
import { q } from '../../src/algebra/numbers/rational.ts';
import * as T from '../../src/algebra/containers/term.ts';
import type { Assumptions, Term } from '../../src/algebra/containers/term.ts';
import { evalFloat } from '../helpers/terms.ts';

const { v, num, add, sub, mul, div, pow, abs, sqrt } = T;
const [x, y] = [v('x'), v('y')];
const NONE: Assumptions = new Map();
const proved = (l: Term, r: Term, asm: Assumptions = NONE) => decideEqual(l, r, asm).status === 'proved';

describe('abs', () => {
  it('R16: |ab| = |a||b|, |x|^2 = x^2; R17: sqrt(x^2) = |x|, (x^4)^(1/4) = |x|', () => {
    expect(proved(abs(mul(x, y)), mul(abs(x), abs(y)))).toBe(true);
    expect(proved(pow(abs(x), 2), pow(x, 2))).toBe(true);
    expect(proved(sqrt(pow(x, 2)), abs(x))).toBe(true);
    expect(proved(pow(pow(x, 4), q('1/4')), abs(x))).toBe(true);
    expect(proved(sqrt(mul(num(4), pow(x, 2), pow(y, 4))), mul(num(2), abs(x), pow(y, 2)))).toBe(true);
    expect(proved(abs(div(num(-3), x)), div(num(3), abs(x)))).toBe(true);
    // planted bugs: |x| is not x, sqrt(x^2) is not x, |x|^3 is not x^3
    expect(proved(abs(x), x)).toBe(false);
    expect(proved(sqrt(pow(x, 2)), x)).toBe(false);
    expect(proved(pow(abs(x), 3), pow(x, 3))).toBe(false);
  });
  it('an established sign decides abs (R10)', () => {
    const pos: Assumptions = new Map([['x', { lo: { value: q(1), open: false } }]]);
    expect(proved(abs(sub(x, num(1))), sub(x, num(1)), pos)).toBe(true);
    expect(proved(abs(sub(num(1), x)), sub(x, num(1)), pos)).toBe(true);
  });
  it('the sign-case split proves what holds in every case, and says which case fails', () => {
    // |x - 1| (|x - 1| + x - 1) = 2 (x - 1) |x - 1| - ... : true in both cases
    const a = abs(sub(x, num(1)));
    const l = mul(add(a, sub(x, num(1))), sub(a, sub(x, num(1))));
    expect(proved(l, num(0))).toBe(true);
    const v1 = decideEqual(mul(a, sub(x, num(1))), pow(sub(x, num(1)), 2), NONE);
    expect(v1.status).not.toBe('proved');
    if (v1.status === 'unknown') expect(v1.reason).toMatch(/split by the sign of x - 1: where x - 1 < 0/);
  });
  it('law: the normal form of an abs expression evaluates like it (floats), near 0 and the kinks', () => {
    const arbX = fc.oneof(fc.constantFrom(0, 1, -1, 1e-9, -1e-9), fc.double({ min: -5, max: 5, noNaN: true }));
    const shapes: Term[] = [
      abs(mul(x, y)), sqrt(pow(x, 2)), pow(abs(sub(x, y)), 3), abs(div(sub(pow(x, 2), num(1)), add(pow(y, 2), num(1)))),
      mul(abs(x), abs(sub(x, num(2)))), pow(pow(mul(x, y), 2), q('1/2')),
    ];
    fc.assert(
      fc.property(fc.constantFrom(...shapes), arbX, arbX, (t, a, b) => {
        const ctx = new NormalContext(NONE);
        const got = evalFloat(ctx.toTerm(ctx.normalize(t)), { x: a, y: b });
        const want = evalFloat(t, { x: a, y: b });
        expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
      }),
      { numRuns: 300 },
    );
  });
});
