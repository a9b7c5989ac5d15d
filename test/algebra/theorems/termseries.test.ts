import { describe, expect, it } from 'vitest';
import { seriesQ, seriesParam, seriesParamCoefficients } from '../../../src/algebra/theorems/termseries.ts';
import { Series } from '../../../src/algebra/containers/series.ts';
import { NormalContext } from '../../../src/algebra/normal/normal.ts';
import { withLimits } from '../../../src/algebra/containers/poly.ts';
import { KernelError } from '../../../src/algebra/numbers/errors.ts';
import { q, Rational } from '../../../src/algebra/numbers/rational.ts';
import * as T from '../../../src/algebra/containers/term.ts';
import type { Assumptions, Term } from '../../../src/algebra/containers/term.ts';

const { v, num, add, sub, mul, div, pow, exp, log } = T;
const x = v('x');
const N = 12;

function sameSeries(a: Series | undefined, b: Series): void {
  expect(a).toBeDefined();
  expect(a!.prec).toBe(b.prec);
  expect(a!.coeffs().map(String)).toEqual(b.coeffs().map(String));
}

describe('seriesQ agrees with the Series class (two implementations)', () => {
  it('elementary functions', () => {
    sameSeries(seriesQ(exp(x), 'x', N), Series.expX(N));
    sameSeries(seriesQ(log(add(num(1), x)), 'x', N), Series.log1p(N));
    sameSeries(seriesQ(log(div(num(1), sub(num(1), x))), 'x', N), Series.logOneOverOneMinusX(N));
    sameSeries(seriesQ(div(num(1), sub(num(1), x)), 'x', N), Series.geometric(N));
    sameSeries(seriesQ(T.fn('sin', x), 'x', N), Series.sin(N));
    sameSeries(seriesQ(T.fn('cos', x), 'x', N), Series.cos(N));
    sameSeries(seriesQ(T.fn('atanh', x), 'x', N), Series.atanh(N));
    sameSeries(seriesQ(T.sqrt(add(num(1), x)), 'x', N), Series.binomial(q('1/2'), N));
    sameSeries(seriesQ(pow(add(num(1), x), q('-3/2')), 'x', N), Series.binomial(q('-3/2'), N));
  });
  it('compositions', () => {
    const X = Series.x(N);
    sameSeries(seriesQ(exp(T.fn('sin', x)), 'x', N), Series.sin(N).exp());
    sameSeries(seriesQ(div(num(1), add(num(2), T.fn('cos', x))), 'x', N), Series.cos(N).add(Series.constant(q(2), N)).inv());
    sameSeries(seriesQ(T.fn('atan', x), 'x', N), Series.fromCoeffs([0, 1, 0, q('-1/3'), 0, q('1/5'), 0, q('-1/7'), 0, q('1/9'), 0, q('-1/11')], N));
    sameSeries(seriesQ(T.fn('asin', x), 'x', 8), Series.fromCoeffs([0, 1, 0, q('1/6'), 0, q('3/40'), 0, q('5/112')], 8));
    sameSeries(seriesQ(T.fn('tan', x), 'x', 8), Series.fromCoeffs([0, 1, 0, q('1/3'), 0, q('2/15'), 0, q('17/315')], 8));
    sameSeries(seriesQ(exp(log(add(num(1), x))), 'x', N), X.add(Series.one(N)));
    sameSeries(seriesQ(pow(add(num(4), x), q('1/2')), 'x', N), Series.binomial(q('1/2'), N).compose(X.scale(q('1/4'))).scale(q(2)));
  });
  it('showcase 1: [p^k] sum_{i<=j} L^i/i! is 1 for k <= j and in (0, 1) above', () => {
    const p = v('p');
    const L = log(div(num(1), sub(num(1), p)));
    let fact = 1n;
    let f: Term = num(0);
    for (let j = 0; j <= 6; j++) {
      if (j > 0) fact *= BigInt(j);
      f = add(f, div(pow(L, j), num(fact)));
      const s = seriesQ(f, 'p', 14)!;
      for (let k = 0; k < 14; k++) {
        const c = s.coeff(k);
        if (k <= j) expect(c.eq(Rational.ONE)).toBe(true);
        else if (j === 0) expect(c.isZero()).toBe(true); // f_0 = 1: the tail is 0, not strictly positive
        else expect(c.sign() > 0 && c.lt(Rational.ONE)).toBe(true);
      }
    }
  });
  it('undefined when a coefficient is irrational or another variable occurs', () => {
    expect(seriesQ(log(add(num(2), x)), 'x', 4)).toBeUndefined();
    expect(seriesQ(exp(add(num(1), x)), 'x', 4)).toBeUndefined();
    expect(seriesQ(mul(v('a'), x), 'x', 4)).toBeUndefined();
    expect(seriesQ(T.named('pi'), 'x', 4)).toBeUndefined();
  });
  it('throws where there is no power series, and beyond the precision', () => {
    expect(() => seriesQ(log(x), 'x', 4)).toThrow(KernelError);
    expect(() => seriesQ(div(num(1), x), 'x', 4)).toThrow(/pole of order 1/);
    expect(() => seriesQ(T.sqrt(x), 'x', 4)).toThrow(KernelError);
    expect(() => seriesQ(exp(x), 'x', 4)!.coeff(4)).toThrow(/precision/);
    expect(() => withLimits({ maxSeriesOrder: 10 }, () => seriesQ(exp(x), 'x', 11))).toThrow(/limit/);
  });
});

describe('seriesParam: coefficients in Q(parameters, atoms)', () => {
  const mu = v('mu');
  const t = v('t');
  const asm: Assumptions = new Map([['mu', { lo: { value: q(0), open: true }, hi: { value: q(1), open: true } }]]);
  it('Bernoulli cumulants: log(1 - mu + mu e^t)', () => {
    const s = seriesParam(log(add(sub(num(1), mu), mul(mu, exp(t)))), 't', 8, asm);
    const one = num(1);
    const k2 = mul(mu, sub(one, mu));
    expect(s.coeffEquals(0, num(0))).toBe(true);
    expect(s.coeffEquals(1, mu)).toBe(true);
    expect(s.coeffEquals(2, div(k2, num(2)))).toBe(true);
    expect(s.coeffEquals(3, div(mul(k2, sub(one, mul(num(2), mu))), num(6)))).toBe(true);
    expect(s.coeffEquals(4, div(mul(k2, add(one, mul(num(-6), mu), mul(num(6), pow(mu, 2)))), num(24)))).toBe(true);
    expect(s.coeffEquals(4, div(k2, num(24)))).toBe(false);
    expect(s.coeff(5).rf.vars()).toEqual(['mu']);
    expect(() => s.coeff(8)).toThrow(/precision/);
  });
  it('softplus: log(1 + exp(eta + t)) - log(1 + exp(eta)) has coefficients rational in exp(eta)', () => {
    const eta = v('eta');
    const A = (z: Term): Term => log(add(num(1), exp(z)));
    const ctx = new NormalContext(new Map());
    const s = seriesParam(sub(A(add(eta, t)), A(eta)), 't', 6, new Map(), ctx);
    const sigma = div(num(1), add(num(1), exp(T.neg(eta))));
    expect(s.coeffEquals(0, num(0))).toBe(true);
    expect(s.coeffEquals(1, sigma)).toBe(true);
    expect(s.coeffEquals(2, div(mul(sigma, sub(num(1), sigma)), num(2)))).toBe(true);
    // The cumulant generating function: log E[exp(t T)] with mu = sigma(eta).
    const cgf = seriesParam(log(add(sub(num(1), sigma), mul(sigma, exp(t)))), 't', 6, new Map(), ctx);
    expect(s.firstDifference(cgf)).toBeUndefined();
    const wrong = seriesParam(log(add(sub(num(1), sigma), mul(sigma, exp(mul(num(2), t))))), 't', 6, new Map(), ctx);
    expect(s.firstDifference(wrong)).toBe(1);
    expect(() => s.firstDifference(seriesParam(t, 't', 3, new Map()))).toThrow(/context/);
  });
  it('coefficients as terms', () => {
    const cs = seriesParamCoefficients(exp(mul(v('a'), t)), 't', 4, new Map());
    expect(cs.map(T.termToString)).toEqual(['1', 'a', '1/2*a^2', '1/6*a^3']);
  });
});

describe('real domain of log, fractional powers and inverse functions (soundness)', () => {
  // log(x - 1) is not real anywhere near x = 0: the recurrence would give the
  // coefficients of a complex branch ([x^1] = -1, [x^2] = -1/2), which the checker
  // then reported PROVED for `coeff(log(p - 1), p^1) = -1`.
  const bad: [string, Term][] = [
    ['log(x - 1)', log(sub(x, num(1)))],
    ['log(-1 - x^2)', log(sub(num(-1), pow(x, 2)))],
    ['sqrt(x - 4)', T.sqrt(sub(x, num(4)))],
    ['(x - 1)^(1/3)', pow(sub(x, num(1)), q('1/3'))],
    ['atanh(2 + x)', T.fn('atanh', add(num(2), x))],
    ['asin(2 + x)', T.fn('asin', add(num(2), x))],
  ];
  for (const [name, t] of bad) {
    it(`${name} has no real power series`, () => {
      expect(() => seriesQ(t, 'x', 4)).toThrow(KernelError);
      expect(() => seriesParam(t, 'x', 4, new Map())).toThrow(KernelError);
    });
  }
  it('a parameter constant term established > 0 is still fine', () => {
    const asm: Assumptions = new Map([['a', { lo: { value: Rational.ZERO, open: true } }]]);
    const cs = seriesParamCoefficients(log(add(v('a'), x)), 'x', 3, asm);
    expect(cs.slice(1).map(T.termToString)).toEqual(['a^(-1)', '-1/2/a^2']);
    expect(() => seriesParam(log(add(v('b'), x)), 'x', 3, new Map())).toThrow(KernelError);
  });
});
