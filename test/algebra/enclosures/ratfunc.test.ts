import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Poly } from '../../../src/algebra/containers/poly.ts';
import { RatFunc, cheapGcd } from '../../../src/algebra/enclosures/ratfunc.ts';
import { KernelError } from '../../../src/algebra/numbers/errors.ts';
import { q, Rational } from '../../../src/algebra/numbers/rational.ts';

const x = RatFunc.variable('x');
const y = RatFunc.variable('y');
const c = (s: string | number): RatFunc => RatFunc.constant(q(s));

function assertCanonical(f: RatFunc): void {
  expect(f.den.isZero()).toBe(false);
  expect(f.den.leading().coef.eq(Rational.ONE)).toBe(true);
  if (f.num.isZero()) expect(f.den.eq(Poly.ONE)).toBe(true);
}

const smallRf: fc.Arbitrary<RatFunc> = fc
  .tuple(
    fc.array(fc.tuple(fc.integer({ min: -3, max: 3 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })), { maxLength: 4 }),
    fc.array(fc.tuple(fc.integer({ min: -3, max: 3 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })), { minLength: 1, maxLength: 3 }),
  )
  .map(([n, d]) => {
    const mk = (ts: [number, number, number][]): RatFunc => ts.reduce((p, [k, i, j]) => p.add(x.pow(i).mul(y.pow(j)).scale(q(k))), RatFunc.ZERO);
    const den = mk(d);
    return den.isZero() ? mk(n) : mk(n).div(den);
  });

describe('RatFunc', () => {
  it('field laws, canonical denominators, evaluation homomorphism', () => {
    fc.assert(
      fc.property(smallRf, smallRf, smallRf, (a, b, d) => {
        for (const f of [a.add(b), a.mul(b), a.sub(b)]) assertCanonical(f);
        expect(a.add(b).equals(b.add(a))).toBe(true);
        expect(a.mul(b.add(d)).equals(a.mul(b).add(a.mul(d)))).toBe(true);
        expect(a.sub(a).isZero()).toBe(true);
        if (!b.isZero()) expect(a.div(b).mul(b).equals(a)).toBe(true);
        const pt = (n: string): Rational | undefined => (n === 'x' ? q('3/7') : q('-11/5'));
        const va = a.evaluate(pt);
        const vb = b.evaluate(pt);
        const vs = a.add(b).evaluate(pt);
        if (va && vb && vs) expect(vs.eq(va.add(vb))).toBe(true);
      }),
      { seed: 3, numRuns: 150 },
    );
  });
  it('cancels cheap common factors', () => {
    const f = x.pow(2).sub(c(1)).div(x.sub(c(1)));
    expect(f.isPoly()).toBe(true);
    expect(f.toString()).toBe('x + 1');
    const g = x.mul(y).div(x.pow(2));
    expect(g.toString()).toBe('y/x');
    const h = c(1).div(x.add(c(1)).pow(2)).add(c(1).div(x.add(c(1))));
    expect(h.den.eq(x.add(c(1)).pow(2).num)).toBe(true);
    const s = c(2).div(c(4).mul(x).add(c(2)));
    expect(s.toString()).toBe('1/2/(x + 1/2)');
  });
  it('cheapGcd is always a common divisor', () => {
    const a = x.add(y).mul(x.sub(c(2))).num;
    const b = x.add(y).num;
    const g = cheapGcd(a, b);
    expect(a.divExact(g)).toBeDefined();
    expect(b.divExact(g)).toBeDefined();
    expect(g.eq(b)).toBe(true);
  });
  it('errors and evaluation at a pole', () => {
    expect(() => RatFunc.make(Poly.ONE, Poly.ZERO)).toThrow(KernelError);
    expect(() => RatFunc.ZERO.inv()).toThrow(/inverse of zero/);
    expect(c(1).div(x).evaluate(() => Rational.ZERO)).toBeUndefined();
  });
  it('substitution', () => {
    const f = c(1).div(x.add(c(1)));
    expect(f.substitute('x', y.pow(2)).equals(c(1).div(y.pow(2).add(c(1))))).toBe(true);
  });
});
