/**
 * Trigonometric and hyperbolic functions in the normal form (trig.ts, normal.ts
 * T1-T7, R15): classic identities PROVED, sign slips not, special values exact;
 * law tests against the functions' own series and floats.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decideEqual } from '../../../src/algebra/decide/identity.ts';
import { NormalContext } from '../../../src/algebra/normal/normal.ts';
import { decideRelation } from '../../../src/algebra/kernel.ts';
import { laurentParam, seriesQ } from '../../../src/algebra/theorems/termseries.ts';
import { Series } from '../../../src/algebra/containers/series.ts';
import { Rational, q } from '../../../src/algebra/numbers/rational.ts';
import * as T from '../../../src/algebra/containers/term.ts';
import type { Assumptions, Term, UnaryFn } from '../../../src/algebra/containers/term.ts';
import { evalFloat } from '../../helpers/terms.ts';

const { v, num, add, sub, mul, div, pow } = T;
const [x, y] = [v('x'), v('y')];
const f = (name: UnaryFn) => (t: Term): Term => T.fn(name, t);
const [sin, cos, tan, sinh, cosh, tanh, atan, asin, acos] = (['sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh', 'atan', 'asin', 'acos'] as const).map(f);
const pi = T.named('pi');
const NONE: Assumptions = new Map();
const LIMITS = { maxSeriesOrder: 2000, maxExponent: 10000, maxBigIntBits: 1 << 20, maxDerivativeOrder: 20 };
const half = (t: Term) => div(t, num(2));
const sec = (t: Term) => div(num(1), cos(t));

/** [name, lhs, rhs, a false variant of the same identity]. */
const IDENTITIES: [string, Term, Term, Term][] = [
  ['Pythagoras', add(pow(sin(x), 2), pow(cos(x), 2)), num(1), num(2)],
  ['double angle sin', sin(mul(num(2), x)), mul(num(2), sin(x), cos(x)), mul(num(-2), sin(x), cos(x))],
  ['double angle cos', cos(mul(num(2), x)), sub(pow(cos(x), 2), pow(sin(x), 2)), add(pow(cos(x), 2), pow(sin(x), 2))],
  ['addition sin', sin(add(x, y)), add(mul(sin(x), cos(y)), mul(cos(x), sin(y))), sub(mul(sin(x), cos(y)), mul(cos(x), sin(y)))],
  ['addition cos', cos(add(x, y)), sub(mul(cos(x), cos(y)), mul(sin(x), sin(y))), add(mul(cos(x), cos(y)), mul(sin(x), sin(y)))],
  ['tan addition', tan(add(x, y)), div(add(tan(x), tan(y)), sub(num(1), mul(tan(x), tan(y)))), div(add(tan(x), tan(y)), add(num(1), mul(tan(x), tan(y))))],
  ['half angle', pow(sin(half(x)), 2), half(sub(num(1), cos(x))), half(add(num(1), cos(x)))],
  ['sum to product', add(sin(x), sin(y)), mul(num(2), sin(half(add(x, y))), cos(half(sub(x, y)))), mul(num(2), cos(half(add(x, y))), sin(half(sub(x, y))))],
  ['triple angle', sin(mul(num(3), x)), sub(mul(num(3), sin(x)), mul(num(4), pow(sin(x), 3))), add(mul(num(3), sin(x)), mul(num(4), pow(sin(x), 3)))],
  ['sec^2 = 1 + tan^2', pow(sec(x), 2), add(num(1), pow(tan(x), 2)), sub(num(1), pow(tan(x), 2))],
  ['cosh^2 - sinh^2', sub(pow(cosh(x), 2), pow(sinh(x), 2)), num(1), num(-1)],
  ['sinh addition', sinh(add(x, y)), add(mul(sinh(x), cosh(y)), mul(cosh(x), sinh(y))), sub(mul(sinh(x), cosh(y)), mul(cosh(x), sinh(y)))],
  ['tanh double', tanh(mul(num(2), x)), div(mul(num(2), tanh(x)), add(num(1), pow(tanh(x), 2))), div(mul(num(2), tanh(x)), sub(num(1), pow(tanh(x), 2)))],
  ['shift by pi/2', sin(add(x, half(pi))), cos(x), T.neg(cos(x))],
  ['shift by pi', cos(sub(x, pi)), T.neg(cos(x)), cos(x)],
  ['cos(atan x)', cos(atan(x)), pow(add(num(1), pow(x, 2)), q('-1/2')), pow(add(num(1), pow(x, 2)), q('1/2'))],
];

describe('trigonometric and hyperbolic identities', () => {
  for (const [name, l, r, bad] of IDENTITIES) {
    it(`${name}: PROVED, and its sign slip is not (REFUTED by the kernel)`, () => {
      expect(decideEqual(l, r, NONE).status).toBe('proved');
      expect(decideEqual(l, bad, NONE).status).not.toBe('proved');
      expect(decideRelation(l, '=', bad, NONE, LIMITS).status).toBe('refuted');
    });
  }
  it('inverse functions on their domain', () => {
    const t: Assumptions = new Map([['x', { lo: { value: q(-1), open: true }, hi: { value: q(1), open: true } }]]);
    expect(decideEqual(add(asin(x), acos(x)), half(pi), t).status).toBe('proved');
    expect(decideEqual(sin(asin(x)), x, t).status).toBe('proved');
    expect(decideEqual(cos(asin(x)), pow(sub(num(1), pow(x, 2)), q('1/2')), t).status).toBe('proved');
    expect(decideEqual(tan(atan(x)), x, NONE).status).toBe('proved');
    expect(decideEqual(sin(mul(num(2), atan(x))), div(mul(num(2), x), add(num(1), pow(x, 2))), NONE).status).toBe('proved');
    expect(decideEqual(add(asin(x), acos(x)), pi, t).status).not.toBe('proved');
  });
});

describe('special values', () => {
  const sqrt = (n: number) => pow(num(n), q('1/2'));
  const cases: [Term, Term][] = [
    [cos(pi), num(-1)], [sin(pi), num(0)], [sin(half(pi)), num(1)], [cos(div(pi, num(3))), q('1/2') as unknown as Term],
    [sin(div(pi, num(6))), num(q('1/2'))], [cos(div(pi, num(4))), half(sqrt(2))], [tan(div(pi, num(3))), sqrt(3)],
    [tan(div(pi, num(4))), num(1)], [sin(div(mul(num(7), pi), num(6))), num(q('-1/2'))], [cos(div(mul(num(-3), pi), num(4))), T.neg(half(sqrt(2)))],
    [atan(num(1)), div(pi, num(4))], [acos(num(0)), half(pi)], [asin(half(num(1))), div(pi, num(6))], [atan(sqrt(3)), div(pi, num(3))],
    [atan(num(-1)), T.neg(div(pi, num(4)))], [acos(num(-1)), pi], [asin(half(sqrt(3))), div(pi, num(3))], [acos(half(sqrt(2))), div(pi, num(4))],
  ];
  cases[3] = [cos(div(pi, num(3))), num(q('1/2'))];
  for (const [l, r] of cases) {
    it(`${T.termToString(l)} = ${T.termToString(r)}`, () => {
      expect(decideEqual(l, r, NONE).status).toBe('proved');
      expect(decideEqual(l, add(r, num(q('1/1000'))), NONE).status).not.toBe('proved');
    });
  }
});

/** Multiples of pi/12 (biased to the special ones and near pi/2), plus a rational shift. */
const arbAngle = fc.oneof(
  fc.integer({ min: -48, max: 48 }).map((k) => mul(num(q(`${k}/12`)), pi)),
  fc.constantFrom(6, -6, 18, 5, 7).map((k) => add(mul(num(q(`${k}/12`)), pi), num(q('1/1000')))),
  fc.tuple(fc.integer({ min: -12, max: 12 }), fc.integer({ min: 1, max: 8 })).map(([a, b]) => num(q(`${a}/${b}`))),
);

describe('law tests', () => {
  it('the normal form of f(angle) evaluates like f at multiples of pi/12 (floats, independently)', () => {
    fc.assert(
      fc.property(fc.constantFrom<UnaryFn>('sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh'), arbAngle, (name, a) => {
        const t = T.fn(name, a);
        const want = evalFloat(t, {});
        fc.pre(Number.isFinite(want) && Math.abs(want) < 1e6);
        const ctx = new NormalContext(NONE);
        const got = evalFloat(ctx.toTerm(ctx.normalize(t)), {});
        expect(Math.abs(got - want)).toBeLessThan(1e-9 * Math.max(1, Math.abs(want)));
      }),
      { numRuns: 300 },
    );
  });
  it('computed two ways: the series of f(a x) equals the series of its rewrite (de Moivre vs the recurrences)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<UnaryFn>('sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh'),
        fc.integer({ min: -5, max: 5 }),
        fc.integer({ min: 1, max: 3 }),
        (name, a, b) => {
          fc.pre(a !== 0);
          const t = T.fn(name, mul(num(q(`${a}/${b}`)), x));
          const ctx = new NormalContext(NONE);
          const back = ctx.toTerm(ctx.normalize(t));
          const s1 = seriesQ(t, 'x', 9)!;
          const s2 = seriesQ(back, 'x', 9)!;
          expect(s2.coeffs().map(String)).toEqual(s1.coeffs().map(String));
        },
      ),
      { numRuns: 60 },
    );
  });
  it('sin and cos series against the Series class (an independent implementation)', () => {
    expect(seriesQ(sin(x), 'x', 12)!.coeffs().map(String)).toEqual(Series.sin(12).coeffs().map(String));
    expect(seriesQ(cos(mul(num(3), x)), 'x', 10)!.coeffs().map(String)).toEqual(Series.cos(10).compose(Series.x(10).scale(Rational.of(3))).coeffs().map(String));
  });
  it('near a singularity: tan(pi/2 - x) = 1/x - x/3 - x^3/45 + ... (a Laurent series at a point by shifting)', () => {
    const s = laurentParam(tan(sub(half(pi), x)), 'x', 4, NONE);
    expect(s.valuation()).toBe(-1);
    expect([-1, 0, 1, 2, 3].map((k) => s.coeff(k).toString())).toEqual(['1', '0', '-1/3', '0', '-1/45']);
  });
  it('series at a point by shifting: sin(pi/6 + x) = 1/2 + sqrt(3)/2 x - x^2/4 - ...', () => {
    const ctx = new NormalContext(NONE);
    const s = laurentParam(sin(add(div(pi, num(6)), x)), 'x', 4, NONE, ctx);
    expect(s.coeff(0).toString()).toBe('1/2');
    expect(s.coeff(1).equals(ctx.normalize(half(pow(num(3), q('1/2')))))).toBe(true);
    expect(s.coeff(2).toString()).toBe('-1/4');
  });
});
