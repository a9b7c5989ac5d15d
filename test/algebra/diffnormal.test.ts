import { describe, expect, it } from 'vitest';
import { diff, diffTerm } from '../../src/algebra/decide/diff.ts';
import { decideEqual } from '../../src/algebra/decide/identity.ts';
import { NormalContext } from '../../src/algebra/normal/normal.ts';
import { Poly } from '../../src/algebra/containers/poly.ts';
import { q, Rational } from '../../src/algebra/numbers/rational.ts';
import { isNonnegative, isPositive, signOf } from '../../src/algebra/refutation/signs.ts';
import * as T from '../../src/algebra/containers/term.ts';
import type { Assumptions, Term } from '../../src/algebra/containers/term.ts';

const { v, num, add, sub, mul, div, pow, exp, log } = T;
const [x, p, y] = [v('x'), v('p'), v('y')];
const NONE: Assumptions = new Map();
const POSX: Assumptions = new Map([['x', { lo: { value: q(0), open: true } }]]);
const UNIT: Assumptions = new Map([['p', { lo: { value: Rational.ZERO, open: false }, hi: { value: Rational.ONE, open: true } }]]);

describe('diff through the normal form', () => {
  it('agrees with the Term-level rules on the derivative table', () => {
    const fs: Term[] = [
      mul(x, exp(x), log(x)),
      div(exp(x), add(num(1), exp(x))),
      T.sqrt(add(num(1), mul(x, x))),
      pow(x, x),
      T.fn('tan', mul(num(2), x)),
      T.fn('atan', div(num(1), x)),
      T.fn('asin', div(x, num(2))),
      T.fn('acos', div(x, num(3))),
      T.fn('tanh', x),
      T.fn('cosh', T.fn('sinh', x)),
      T.abs(sub(x, num(1))),
      mul(T.named('pi'), pow(x, q('3/2'))),
      T.pow(num(2), x),
    ];
    for (const f of fs) {
      for (const k of [1, 2, 3]) {
        const v1 = decideEqual(diff(f, 'x', k), diffTerm(f, 'x', k), POSX);
        expect(v1.status, `${T.termToString(f)} order ${k}`).toBe('proved');
      }
    }
  });
  it('repeated derivatives stay small: d^3/dp^3 of the truncated exp-log series', () => {
    const L = log(div(T.ONE, sub(T.ONE, p)));
    const f = (j: number): Term => {
      const parts: Term[] = [];
      let fa = 1n;
      for (let i = 0; i <= j; i++) {
        if (i > 0) fa *= BigInt(i);
        parts.push(div(pow(L, i), num(fa)));
      }
      return add(...parts);
    };
    for (const j of [3, 10, 25, 40]) {
      const lhs = diff(f(j), 'p', 3);
      expect(T.termSize(lhs)).toBeLessThan(40 * j);
      const rhs = div(add(mul(num(2), f(j - 1)), mul(num(3), f(j - 2)), f(j - 3)), pow(sub(T.ONE, p), 3));
      expect(decideEqual(lhs, rhs, UNIT).status).toBe('proved');
      expect(decideEqual(lhs, add(rhs, num(1)), UNIT).status).not.toBe('proved');
    }
  });
  it('falls back to the Term rules when the normal form fails (log 0 inside)', () => {
    const f = mul(x, log(sub(y, y)));
    expect(() => new NormalContext(NONE).normalize(f)).toThrow();
    expect(diff(f, 'x')).toEqual(diffTerm(f, 'x'));
  });
  it('differentiates a normal form with atoms by the chain rule', () => {
    const ctx = new NormalContext(POSX);
    const d = ctx.derivative(ctx.normalize(mul(exp(mul(num(2), x)), log(x))), 'x');
    expect(d.equals(ctx.normalize(add(mul(num(2), exp(mul(num(2), x)), log(x)), div(exp(mul(num(2), x)), x))))).toBe(true);
  });
});

describe('Poly.derivative and single-term powers', () => {
  it('formal partial derivatives', () => {
    const P = Poly.variable('x').pow(3).mul(Poly.variable('y')).add(Poly.variable('x').scale(q(5)));
    expect(P.derivative('x').eq(Poly.variable('x').pow(2).mul(Poly.variable('y')).scale(q(3)).add(Poly.constant(q(5))))).toBe(true);
    expect(P.derivative('y').eq(Poly.variable('x').pow(3))).toBe(true);
    expect(P.derivative('z').isZero()).toBe(true);
  });
  it('a single term to a power equals repeated multiplication', () => {
    const m = Poly.variable('x').mul(Poly.variable('y').pow(2)).scale(q('-2/3'));
    let r = Poly.ONE;
    for (let i = 0; i < 7; i++) r = r.mul(m);
    expect(m.pow(7).eq(r)).toBe(true);
    expect(m.pow(0).eq(Poly.ONE)).toBe(true);
  });
});

describe('log of powers of expanded polynomials (R13)', () => {
  const same = (l: Term, r: Term, asm: Assumptions): boolean => decideEqual(l, r, asm).status === 'proved';
  it('log((1+x)^2 expanded) = 2 log(1+x) for x > 0, not without a sign', () => {
    const sq = add(pow(x, 2), mul(num(2), x), T.ONE);
    expect(same(log(sq), mul(num(2), log(add(x, T.ONE))), POSX)).toBe(true);
    expect(same(log(sq), mul(num(2), log(add(x, T.ONE))), NONE)).toBe(false);
  });
  it('(1-p)^3 expanded: no interval sign, but 3 log(1-p) by comparison with an existing atom', () => {
    const cube = add(T.ONE, mul(num(-3), p), mul(num(3), pow(p, 2)), mul(num(-1), pow(p, 3)));
    const L = log(sub(T.ONE, p));
    expect(same(log(cube), mul(num(3), L), UNIT)).toBe(true);
    expect(same(add(log(cube), L), mul(num(4), L), UNIT)).toBe(true);
    expect(same(log(mul(num(5), add(T.ONE, mul(num(-2), p), pow(p, 2)))), add(log(num(5)), mul(num(2), L)), UNIT)).toBe(true);
    expect(same(log(div(T.ONE, cube)), mul(num(-3), L), UNIT)).toBe(true);
    expect(same(log(cube), mul(num(2), L), UNIT)).toBe(false);
  });
  it('multivariate P against an existing log atom', () => {
    const both: Assumptions = new Map([['x', POSX.get('x')!], ['y', POSX.get('x')!]]);
    const P = add(pow(x, 2), mul(num(2), x, y), pow(y, 2));
    expect(same(log(P), mul(num(2), log(add(x, y))), both)).toBe(true);
    expect(same(log(P), mul(num(3), log(add(x, y))), both)).toBe(false);
  });
  it('even powers need the sign of the base: log((x-1)^2) for x > 2 is 2 log(x-1)', () => {
    const asm: Assumptions = new Map([['x', { lo: { value: q(2), open: true } }]]);
    const sq = add(pow(x, 2), mul(num(-2), x), T.ONE);
    expect(same(log(sq), mul(num(2), log(sub(x, T.ONE))), asm)).toBe(true);
    // (1-x)^2 = (x-1)^2: with x > 2, log((1-x)^2) = 2 log(x - 1), never 2 log(1 - x)
    const n = new NormalContext(asm).normalize(log(sq)).toString();
    expect(n).toContain('log(x - 1)');
  });
});

describe('signs: a thin layer over rangeOf', () => {
  it('reads signs off rigorous enclosures', () => {
    expect(isPositive(sub(T.named('pi'), num(q('314159/100000'))), NONE)).toBe(true);
    expect(isPositive(sub(exp(num(1)), num(q('2718/1000'))), NONE)).toBe(true);
    expect(signOf(sub(x, num(1)), new Map([['x', { lo: { value: q(2), open: false } }]]))).toBe('pos');
    expect(signOf(sub(x, num(1)), POSX)).toBe('unknown');
  });
  it('falls back to signs where the term is defined (sqrt, 1/u, exp of anything)', () => {
    expect(isNonnegative(T.sqrt(x), NONE)).toBe(true);
    expect(isPositive(pow(x, -2), NONE)).toBe(true);
    expect(isPositive(exp(log(x)), NONE)).toBe(true);
    expect(isPositive(mul(exp(x), add(T.ONE, pow(x, 2))), NONE)).toBe(true);
    expect(signOf(mul(num(-1), exp(div(T.ONE, x))), NONE)).toBe('neg');
    expect(signOf(T.fn('atan', div(T.ONE, x)), POSX)).toBe('pos');
    expect(signOf(div(T.ONE, x), NONE)).toBe('unknown');
    expect(signOf(log(x), NONE)).toBe('unknown');
  });
});
