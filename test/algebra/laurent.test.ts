/**
 * Laurent shifts in the series kernel (termseries.ts): removable singularities
 * (sin(3x)/x, x/(exp(x) - 1), the Catalan generating function, (1 + x)^(1/x)),
 * poles with exact negative coefficients, fractional powers x^(v r), and the honest
 * errors where no power series exists.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { laurentQ, laurentParam, seriesQ, seriesParam } from '../../src/algebra/theorems/termseries.ts';
import { NormalContext } from '../../src/algebra/normal/normal.ts';
import { KernelError } from '../../src/algebra/numbers/errors.ts';
import { q, Rational } from '../../src/algebra/numbers/rational.ts';
import * as T from '../../src/algebra/containers/term.ts';
import type { Term } from '../../src/algebra/containers/term.ts';
import { arbRational } from '../helpers/arbitraries.ts';
import { evalFloat } from '../helpers/terms.ts';

const { v, num, add, sub, mul, div, pow, exp, log } = T;
const x = v('x');
const sin = (t: Term) => T.fn('sin', t);

function fact(n: number): bigint {
  let r = 1n;
  for (let i = 2n; i <= BigInt(n); i++) r *= i;
  return r;
}
function binom(n: number, k: number): bigint {
  return fact(n) / (fact(k) * fact(n - k));
}

/** Bernoulli numbers by their own recurrence sum_{k=0..n} C(n+1, k) B_k = 0 (B_1 = -1/2). */
function bernoulli(n: number): Rational[] {
  const b: Rational[] = [Rational.ONE];
  for (let m = 1; m <= n; m++) {
    let s = Rational.ZERO;
    for (let k = 0; k < m; k++) s = s.add(b[k]!.mul(Rational.of(binom(m + 1, k))));
    b.push(s.neg().div(Rational.of(m + 1)));
  }
  return b;
}

function expectCode(f: () => unknown, code: string, msg?: RegExp): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(KernelError);
    expect((e as KernelError).code).toBe(code);
    if (msg) expect((e as KernelError).message).toMatch(msg);
    return;
  }
  throw new Error(`expected ${code}`);
}

describe('removable singularities', () => {
  it('sin(3x)/x = sum (-1)^k 3^(2k+1) x^(2k) / (2k+1)!', () => {
    const s = seriesQ(div(sin(mul(num(3), x)), x), 'x', 12)!;
    for (let k = 0; 2 * k < 12; k++) {
      expect(s.coeff(2 * k).eq(Rational.frac((-1n) ** BigInt(k) * 3n ** BigInt(2 * k + 1), fact(2 * k + 1)))).toBe(true);
      if (2 * k + 1 < 12) expect(s.coeff(2 * k + 1).isZero()).toBe(true);
    }
  });
  it('x/(exp(x) - 1) has the Bernoulli numbers B_n/n! through B_12 (computed two ways)', () => {
    const s = seriesQ(div(x, sub(exp(x), num(1))), 'x', 13)!;
    const b = bernoulli(12);
    for (let n = 0; n <= 12; n++) expect(s.coeff(n).eq(b[n]!.div(Rational.of(fact(n))))).toBe(true);
    expect(b[12]!.eq(q('-691/2730'))).toBe(true);
  });
  it('(1 - sqrt(1 - 4x))/(2x) has the Catalan numbers through C_15', () => {
    const s = seriesQ(div(sub(num(1), T.sqrt(sub(num(1), mul(num(4), x)))), mul(num(2), x)), 'x', 16)!;
    for (let n = 0; n <= 15; n++) expect(s.coeff(n).eq(Rational.of(binom(2 * n, n) / BigInt(n + 1)))).toBe(true);
    expect(s.coeff(15).eq(Rational.of(9694845n))).toBe(true);
  });
  it('log(1 + x)/x = sum (-1)^n x^n/(n+1)', () => {
    const s = seriesQ(div(log(add(num(1), x)), x), 'x', 10)!;
    for (let n = 0; n < 10; n++) expect(s.coeff(n).eq(Rational.frac((-1n) ** BigInt(n), BigInt(n + 1)))).toBe(true);
  });
  it('(1 + x)^(1/x) = e (1 - x/2 + 11x^2/24 - 7x^3/16 + 2447x^4/5760 - 959x^5/2304 + ...)', () => {
    const ctx = new NormalContext(new Map());
    const s = seriesParam({ k: 'powt', base: add(num(1), x), exp: div(num(1), x) }, 'x', 6, new Map(), ctx);
    const e = T.named('e');
    const want = ['1', '-1/2', '11/24', '-7/16', '2447/5760', '-959/2304'];
    want.forEach((c, k) => expect(s.coeffEquals(k, mul(num(q(c)), e))).toBe(true));
    expect(s.coeffEquals(1, mul(num(q('1/2')), e))).toBe(false); // a sign slip is seen
  });
  it('(sin(x^3))^(1/3) = x (1 - x^6/18 + ...), v r = 1 an integer', () => {
    const s = seriesQ(pow(sin(pow(x, 3)), q('1/3')), 'x', 14)!;
    expect(s.coeffs().map(String)).toEqual(['0', '1', '0', '0', '0', '0', '0', '-1/18', '0', '0', '0', '0', '0', '-1/3240']);
  });
  it('x/sin(x) and tan(x)/x', () => {
    expect(seriesQ(div(x, sin(x)), 'x', 6)!.coeffs().map(String)).toEqual(['1', '0', '1/6', '0', '7/360', '0']);
    expect(seriesQ(div(T.fn('tan', x), x), 'x', 5)!.coeffs().map(String)).toEqual(['1', '0', '1/3', '0', '2/15']);
  });
});

describe('Laurent series: poles and exact negative coefficients', () => {
  it('1/x^2 + 3/x + 5', () => {
    const s = laurentQ(add(pow(x, -2), mul(num(3), pow(x, -1)), num(5)), 'x', 4)!;
    expect(s.valuation()).toBe(-2);
    expect([-3, -2, -1, 0, 1].map((k) => String(s.coeff(k)))).toEqual(['0', '1', '3', '5', '0']);
  });
  it('1/(sin(x) - x) = -6/x^3 - 3/(10 x) + ...', () => {
    const s = laurentQ(pow(sub(sin(x), x), -1), 'x', 2)!;
    expect(s.valuation()).toBe(-3);
    expect([-3, -2, -1, 0, 1].map((k) => String(s.coeff(k)))).toEqual(['-6', '0', '-3/10', '0', '-11/1400']);
  });
  it('1/x in a parametric field', () => {
    const s = laurentParam(div(v('a'), mul(x, sub(num(1), x))), 'x', 2, new Map());
    expect(s.valuation()).toBe(-1);
    expect(s.coeff(-1).toString()).toBe('a');
    expect(s.coeff(1).toString()).toBe('a');
  });
  it('(A/B)*B = A and (A*B)/B = A for polynomials with zero constant terms (computed two ways)', () => {
    const poly = fc.array(arbRational({ maxNumBits: 40, maxDenBits: 20 }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(poly, poly, fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), (a, b, va, vb) => {
        fc.pre(b.some((c) => !c.isZero()));
        const P = (cs: Rational[], v0: number) => add(...cs.map((c, i) => mul(num(c), pow(x, v0 + i))));
        const A = P(a, va);
        const B = P(b, vb);
        const n = 6;
        const lhs = laurentQ(mul(div(A, B), B), 'x', n)!;
        const direct = laurentQ(A, 'x', n)!;
        for (let k = -4; k < n; k++) expect(String(lhs.coeff(k))).toBe(String(direct.coeff(k)));
        const back = laurentQ(div(mul(A, B), B), 'x', n)!;
        for (let k = -4; k < n; k++) expect(String(back.coeff(k))).toBe(String(direct.coeff(k)));
      }),
      { numRuns: 60 },
    );
  });
  it('the series of f/x^m agrees with the function near (not at) the pole', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.double({ min: 0.001, max: 0.01, noNaN: true }), (m, t) => {
        const f = div(sub(exp(x), num(1)), pow(x, m));
        const s = laurentQ(f, 'x', 14)!;
        let sum = 0;
        for (let k = -m; k < 14; k++) sum += s.coeff(k).toNumber() * t ** k;
        const want = evalFloat(f, { x: t });
        expect(Math.abs(sum - want)).toBeLessThan(1e-9 * Math.abs(want));
      }),
      { numRuns: 40 },
    );
  });
});

describe('honest errors where no power series exists', () => {
  it('a pole where a power series is needed names its order', () => {
    expectCode(() => seriesQ(pow(x, -2), 'x', 4), 'series/pole', /pole of order 2 at x = 0 where the claim needs a power series/);
    expectCode(() => seriesQ(div(num(1), sub(exp(x), num(1))), 'x', 4), 'series/pole', /pole of order 1/);
  });
  it('exp(1/x), log(x), log(1/x) have no Laurent series', () => {
    expectCode(() => laurentQ(exp(pow(x, -1)), 'x', 4), 'series/pole', /exp: the argument has a pole of order 1/);
    expectCode(() => laurentQ(log(x), 'x', 4), 'series/log-singular', /zero of order 1/);
    expectCode(() => laurentQ(log(pow(x, -2)), 'x', 4), 'series/log-singular', /pole of order 2/);
  });
  it('fractional powers: x^(v r) must be a monomial, and |x|^odd is refused (planted bug: sqrt(x^2) = x)', () => {
    expectCode(() => laurentQ(T.sqrt(x), 'x', 4), 'series/branch', /not a Laurent monomial/);
    expectCode(() => laurentQ(T.sqrt(pow(x, 2)), 'x', 4), 'series/branch', /\|x\|\^1/);
    expectCode(() => laurentQ(pow(pow(x, 6), q('1/2')), 'x', 4), 'series/branch', /\|x\|\^3/);
    expect(laurentQ(pow(pow(x, 4), q('1/2')), 'x', 4)!.coeff(2).eq(Rational.ONE)).toBe(true); // x^2 = |x|^2
    expect(laurentQ(pow(pow(x, 3), q('1/3')), 'x', 4)!.coeff(1).eq(Rational.ONE)).toBe(true);
    expectCode(() => laurentQ(pow(mul(num(-1), pow(x, 2)), q('1/2')), 'x', 4), 'series/domain');
  });
  it('abs of x^2 u is x^2 u; abs(x) is refused', () => {
    expect(laurentQ(T.abs(mul(num(-1), pow(x, 2))), 'x', 4)!.coeff(2).eq(Rational.ONE)).toBe(true);
    expectCode(() => laurentQ(T.abs(x), 'x', 4), 'series/abs', /\|x\|\^1/);
  });
  it('a divisor that is identically 0 is an error, not a guess', () => {
    expectCode(() => laurentQ(div(num(1), sub(x, x)), 'x', 4), 'series/precision', /is the divisor identically 0/);
    expectCode(() => laurentQ(div(num(1), sub(sin(x), sin(x))), 'x', 4), 'series/precision');
  });
  it('a coefficient beyond the computed precision is never reported', () => {
    const s = laurentQ(div(sin(x), pow(x, 3)), 'x', 3)!;
    expect(s.prec).toBeGreaterThanOrEqual(3);
    expect(() => s.coeff(s.prec)).toThrow(/precision/);
  });
});
