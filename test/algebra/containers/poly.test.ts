import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Poly, univariateGcd, withLimits, kernelLimits, monic } from '../../../src/algebra/containers/poly.ts';
import { KernelError } from '../../../src/algebra/numbers/errors.ts';
import { q, Rational } from '../../../src/algebra/numbers/rational.ts';

const X = Poly.variable('x');
const Y = Poly.variable('y');
const c = (s: string | number): Poly => Poly.constant(q(s));

/** Canonical form: every stored coefficient nonzero, monomials sorted with positive exponents. */
function assertCanonical(p: Poly): void {
  for (const t of p.terms.values()) {
    expect(t.coef.isZero()).toBe(false);
    for (let i = 0; i < t.mono.length; i++) {
      expect(t.mono[i]![1]).toBeGreaterThan(0);
      if (i > 0) expect(t.mono[i - 1]![0] < t.mono[i]![0]).toBe(true);
    }
  }
}

const smallPoly: fc.Arbitrary<Poly> = fc
  .array(fc.tuple(fc.integer({ min: -3, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 2 })), { maxLength: 5 })
  .map((ts) => ts.reduce((p, [k, i, j]) => p.add(X.pow(i).mul(Y.pow(j)).scale(q(k))), Poly.ZERO));

const at = (x: string, y: string) => (n: string): Rational | undefined => (n === 'x' ? q(x) : n === 'y' ? q(y) : undefined);

describe('Poly', () => {
  it('ring laws and canonical form (random, evaluation homomorphism)', () => {
    fc.assert(
      fc.property(smallPoly, smallPoly, smallPoly, (a, b, d) => {
        for (const p of [a.add(b), a.mul(b), a.sub(a), a.mul(b.add(d))]) assertCanonical(p);
        expect(a.add(b).eq(b.add(a))).toBe(true);
        expect(a.mul(b).eq(b.mul(a))).toBe(true);
        expect(a.mul(b.add(d)).eq(a.mul(b).add(a.mul(d)))).toBe(true);
        expect(a.sub(a).isZero()).toBe(true);
        const e = at('2/3', '-5');
        expect(a.mul(b).evaluate(e).eq(a.evaluate(e).mul(b.evaluate(e)))).toBe(true);
      }),
      { seed: 1, numRuns: 100 },
    );
  });
  it('exact division recovers a factor and rejects a non-factor', () => {
    fc.assert(
      fc.property(smallPoly, smallPoly, (a, b) => {
        if (b.isZero()) return;
        const quo = a.mul(b).divExact(b);
        expect(quo && quo.eq(a)).toBe(true);
      }),
      { seed: 2, numRuns: 100 },
    );
    expect(X.mul(X).add(c(1)).divExact(X.add(c(1)))).toBeUndefined();
    expect(() => X.divExact(Poly.ZERO)).toThrow(KernelError);
  });
  it('univariate gcd', () => {
    const a = X.sub(c(1)).mul(X.add(c(2))).mul(X.add(c(2)));
    const b = X.sub(c(1)).mul(X.add(c(2))).mul(X.sub(c(5)));
    expect(univariateGcd(a, b)!.eq(X.sub(c(1)).mul(X.add(c(2))))).toBe(true);
    expect(univariateGcd(X, Y)).toBeUndefined();
    expect(univariateGcd(X.add(c(1)), X.sub(c(1)))!.eq(Poly.ONE)).toBe(true);
  });
  it('printing, leading term, content, substitution', () => {
    const p = X.pow(2).scale(q(-2)).add(X.mul(Y)).add(c('1/2'));
    expect(p.toString()).toBe('-2*x^2 + x*y + 1/2');
    expect(p.leading().coef.eq(q(-2))).toBe(true);
    expect(monic(p).leading().coef.eq(Rational.ONE)).toBe(true);
    expect(p.content().eq(q('1/2'))).toBe(true);
    expect(p.substitute('x', Y).eq(Y.pow(2).scale(q(-1)).add(c('1/2')))).toBe(true);
    expect(p.degreeIn('x')).toBe(2);
    expect(p.vars()).toEqual(['x', 'y']);
  });
  it('limits throw limit/... instead of hanging', () => {
    expect(() => withLimits({ maxDegree: 10 }, () => X.pow(11))).toThrow(/maximum degree/);
    try {
      withLimits({ maxTerms: 10 }, () => X.add(c(1)).pow(20));
      expect.unreachable();
    } catch (e) {
      expect((e as KernelError).code).toMatch(/^limit\//);
    }
    expect(() => withLimits({ maxBits: 64 }, () => c(3).pow(1).scale(q(2n ** 80n)))).toThrow(/bits/);
    expect(kernelLimits.maxDegree).toBe(2000); // restored
  });
});
