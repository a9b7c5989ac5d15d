/**
 * Gamma and digamma in the normal form (src/algebra/normal/special.ts): exact values
 * against factorials computed independently, the recurrence and duplication rules on
 * random rational shifts, checked numerically against src/verify/arith/special.ts, and planted
 * wrong versions of each rule that must not be proved.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rational } from '../../../src/algebra/numbers/rational.ts';
import * as T from '../../../src/algebra/containers/term.ts';
import type { Term } from '../../../src/algebra/containers/term.ts';
import { decideEqual } from '../../../src/algebra/decide/identity.ts';
import { NormalContext } from '../../../src/algebra/normal/normal.ts';
import { KernelError } from '../../../src/algebra/numbers/errors.ts';
import { gammaReal, digammaReal, specialDD } from '../../../src/verify/arith/special.ts';
import { ddFromRational, ddToNumber } from '../../../src/verify/arith/doubledouble.ts';
import { gammaBounds } from '../../../src/algebra/enclosures/interval.ts';
import { evalFloat } from '../../helpers/terms.ts';

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42), numRuns: 60 });

const S = T.v('s');
const asm = new Map([['s', { lo: { value: Rational.ZERO, open: true } }]]);
const gamma = (u: Term): Term => T.fn('gamma', u);
const digamma = (u: Term): Term => T.fn('digamma', u);
const proved = (a: Term, b: Term): boolean => decideEqual(a, b, asm).status === 'proved';
const roundTrip = (t: Term): Term => {
  const ctx = new NormalContext(asm);
  return ctx.toTerm(ctx.normalize(t));
};
const q = (n: number, d = 1): Rational => Rational.frac(BigInt(n), BigInt(d));

describe('Gamma in the normal form', () => {
  it('G3: Gamma(n) = (n - 1)! and Gamma(n + 1/2) = (2n)! sqrt(pi)/(4^n n!), computed independently', () => {
    let f = 1n;
    for (let n = 1; n <= 30; n++) {
      if (n > 1) f *= BigInt(n - 1);
      expect(proved(gamma(T.num(n)), T.num(f))).toBe(true);
      expect(proved(gamma(T.num(n)), T.num(f + 1n))).toBe(false);
    }
    for (let n = 0; n <= 12; n++) {
      let num = 1n;
      for (let i = 2n; i <= BigInt(2 * n); i++) num *= i;
      let nf = 1n;
      for (let i = 2n; i <= BigInt(n); i++) nf *= i;
      const v = T.mul(T.num(Rational.frac(num, 4n ** BigInt(n) * nf)), T.sqrt(T.named('pi')));
      expect(proved(gamma(T.num(q(2 * n + 1, 2))), v), `n = ${n}`).toBe(true);
    }
    // negative half-integers: Gamma(-1/2) = -2 sqrt(pi)
    expect(proved(gamma(T.num(q(-1, 2))), T.mul(T.num(-2), T.sqrt(T.named('pi'))))).toBe(true);
  });

  it('poles: gamma(0), gamma(-3) and digamma(-1) have no value', () => {
    const ctx = new NormalContext(new Map());
    for (const t of [gamma(T.ZERO), gamma(T.num(-3)), digamma(T.num(-1))]) {
      expect(() => ctx.normalize(t)).toThrow(KernelError);
    }
  });

  it('G1: Gamma(s + c) for a random rational shift agrees with the float Gamma at random points', () => {
    fc.assert(fc.property(fc.integer({ min: -6, max: 6 }), fc.constantFrom(0, 1, 2, 3, 5), fc.constantFrom(0.3, 1.7, 2.25, 4.5), (n, d, s0) => {
      const c = q(n * (d + 1) + d, d + 1); // biased to integers and small denominators
      const t = gamma(T.add(S, T.num(c)));
      const ctx = new NormalContext(asm);
      const back = ctx.toTerm(ctx.normalize(t));
      const want = gammaReal(s0 + c.toNumber());
      const got = evalFloat(back, { s: s0 });
      if (Number.isFinite(want) && Math.abs(want) < 1e12) expect(Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want))).toBe(true);
    }));
  });

  it('the recurrence and the duplication formula are proved; planted wrong versions are not', () => {
    expect(proved(gamma(T.add(S, T.ONE)), T.mul(S, gamma(S)))).toBe(true);
    expect(proved(gamma(T.add(S, T.num(3))), T.mul(S, T.add(S, T.ONE), T.add(S, T.num(2)), gamma(S)))).toBe(true);
    expect(proved(gamma(T.add(S, T.ONE)), T.mul(T.add(S, T.ONE), gamma(S)))).toBe(false); // planted: (s + 1) Gamma(s)
    const dup = T.mul(T.pow(T.num(2), T.sub(T.ONE, T.mul(T.num(2), S))), T.sqrt(T.named('pi')), gamma(T.mul(T.num(2), S)));
    expect(proved(T.mul(gamma(S), gamma(T.add(S, T.num(q(1, 2))))), dup)).toBe(true);
    const wrongDup = T.mul(T.pow(T.num(2), T.sub(T.num(2), T.mul(T.num(2), S))), T.sqrt(T.named('pi')), gamma(T.mul(T.num(2), S)));
    expect(proved(T.mul(gamma(S), gamma(T.add(S, T.num(q(1, 2))))), wrongDup)).toBe(false); // planted: 2^(2 - 2s)
    // Gamma(4s) twice through the duplication formula, against the float Gamma
    const nf = roundTrip((gamma(T.mul(T.num(4), S))));
    expect(Math.abs(evalFloat(nf, { s: 0.8 }) - gammaReal(3.2))).toBeLessThan(1e-9 * gammaReal(3.2));
  });

  it('digamma: the recurrence, the harmonic numbers and the duplication rule; d/ds Gamma = Gamma psi', () => {
    expect(proved(digamma(T.add(S, T.ONE)), T.add(digamma(S), T.pow(S, -1)))).toBe(true);
    expect(proved(digamma(T.add(S, T.ONE)), T.add(digamma(S), T.pow(T.add(S, T.ONE), -1)))).toBe(false); // planted
    expect(proved(T.sub(digamma(T.num(5)), digamma(T.ONE)), T.num(q(25, 12)))).toBe(true);
    const nf = roundTrip((digamma(T.mul(T.num(2), S))));
    expect(Math.abs(evalFloat(nf, { s: 1.3 }) - digammaReal(2.6))).toBeLessThan(1e-9);
  });
});

describe('rigorous enclosures of Gamma (enclosures/interval.ts gammaBounds)', () => {
  it('contain the double-double Gamma of the witness (an independent algorithm) and are narrow', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 3000 }), fc.constantFrom(1, 2, 3, 7, 100, 1024), (n, d) => {
      const c = q(n, d);
      if (c.toNumber() > 150) return;
      const [lo, hi] = gammaBounds(c, 200);
      const g = specialDD('gamma', ddFromRational(c.num, c.den));
      const v = ddToNumber(g);
      // the dd value is accurate to ~1e-22 relative: it must lie in the enclosure widened by that
      expect(lo.toNumber() <= v * (1 + 1e-20) && v * (1 - 1e-20) <= hi.toNumber()).toBe(true);
      expect(hi.sub(lo).toNumber()).toBeLessThan(1e-20 * Math.max(1, v));
    }), { numRuns: 80 });
  });

  it('Gamma(c + 1) = c Gamma(c): the enclosures overlap; and they exclude a planted shift', () => {
    for (const c of [q(1, 3), q(5, 7), q(11, 2), q(41, 3)]) {
      const [a, b] = gammaBounds(c.add(Rational.ONE), 200);
      const [l, h] = gammaBounds(c, 200);
      expect(a.cmp(h.mul(c)) <= 0 && l.mul(c).cmp(b) <= 0).toBe(true);
      // planted: (c + 1) Gamma(c) is not Gamma(c + 1)
      const c1 = c.add(Rational.ONE);
      expect(a.cmp(h.mul(c1)) <= 0 && l.mul(c1).cmp(b) <= 0).toBe(false);
    }
  });

  it('a wrong value of Gamma at a third is REFUTED exactly', () => {
    const r = decideEqual(gamma(T.num(q(1, 3))), T.num(q(27, 10)), asm);
    expect(r.status).not.toBe('proved');
  });
});
