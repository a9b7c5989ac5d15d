import { describe, expect, it } from 'vitest';
import { candidateValues, findCounterexample } from '../../../src/algebra/refutation/refute.ts';
import { diff } from '../../../src/algebra/decide/diff.ts';
import { certainlyLess, contains, disjoint, enclose } from '../../../src/algebra/enclosures/interval.ts';
import { q } from '../../../src/algebra/numbers/rational.ts';
import * as T from '../../../src/algebra/containers/term.ts';
import type { Assumptions, Bound, Term } from '../../../src/algebra/containers/term.ts';

const NONE: Assumptions = new Map();
const x = T.v('x');
const s = T.v('s');
const a = T.v('a');
const b = T.v('b');
const mu = T.v('mu');
const eta = T.v('eta');
const open = (v: string | number): Bound => ({ value: q(v), open: true });
const shut = (v: string | number): Bound => ({ value: q(v), open: false });
const sigma = (u: Term): Term => T.div(T.ONE, T.add(T.ONE, T.exp(T.neg(u))));
const AB: Assumptions = new Map([['a', { lo: open(0) }], ['b', { lo: open(0) }]]);
const loss = T.sub(T.mul(T.neg(a), T.log(sigma(s))), T.mul(b, T.log(T.sub(T.ONE, sigma(s)))));
const dLoss = T.sub(T.mul(b, sigma(s)), T.mul(a, T.sub(T.ONE, sigma(s))));

describe('findCounterexample: refutes false claims at exact points', () => {
  it('mu(1 - mu) = mu(1 + mu) for mu in (0, 1)', () => {
    const A: Assumptions = new Map([['mu', { lo: open(0), hi: open(1) }]]);
    const c = findCounterexample(T.mul(mu, T.sub(T.ONE, mu)), '=', T.mul(mu, T.add(T.ONE, mu)), A)!;
    expect(c).toBeDefined();
    const m = c.point.get('mu')!;
    expect(m.sign() > 0 && m.cmp(q(1)) < 0).toBe(true);
    expect(disjoint(c.lhs, c.rhs)).toBe(true);
  });
  it('log(1 - exp(eta)) = log(1 + exp(eta)): refuted where both sides are defined (eta < 0)', () => {
    const c = findCounterexample(T.log(T.sub(T.ONE, T.exp(eta))), '=', T.log(T.add(T.ONE, T.exp(eta))), NONE)!;
    expect(c).toBeDefined();
    expect(c.point.get('eta')!.sign()).toBeLessThan(0);
    // the enclosures at the returned point re-check independently
    const L = enclose(T.log(T.sub(T.ONE, T.exp(eta))), c.point, 256);
    const R = enclose(T.log(T.add(T.ONE, T.exp(eta))), c.point, 256);
    expect(disjoint(L, R)).toBe(true);
  });
  it('d/ds loss with a sign flipped', () => {
    const c = findCounterexample(diff(loss, 's'), '=', T.neg(dLoss), AB);
    expect(c).toBeDefined();
    expect(c!.point.get('a')!.sign()).toBeGreaterThan(0);
    expect(c!.point.get('b')!.sign()).toBeGreaterThan(0);
  });
  it('1 + x + x^2/2 <= exp(x) is false for x < 0', () => {
    const c = findCounterexample(T.add(T.ONE, x, T.div(T.pow(x, 2), T.num(2))), '<=', T.exp(x), NONE)!;
    expect(c).toBeDefined();
    expect(c.point.get('x')!.sign()).toBeLessThan(0);
    expect(certainlyLess(c.rhs, c.lhs)).toBe(true);
  });
  it('exp(x) <= 1 + x is false (exp(x) >= 1 + x)', () => {
    expect(findCounterexample(T.exp(x), '<=', T.add(T.ONE, x), NONE)).toBeDefined();
  });
  it('strict and disequality claims', () => {
    expect(findCounterexample(T.pow(x, 2), '>', T.ZERO, NONE)!.point.get('x')!.isZero()).toBe(true);
    expect(findCounterexample(T.pow(x, 2), '!=', T.ONE, NONE)).toBeDefined();
    expect(findCounterexample(T.exp(x), '<', T.ONE, new Map([['x', { lo: shut(0) }]]))!.point.get('x')!.isZero()).toBe(true);
  });
  it('is deterministic', () => {
    const f = () => findCounterexample(T.fn('sin', x), '>=', T.ZERO, NONE);
    expect(f()!.point).toEqual(f()!.point);
  });
});

describe('findCounterexample: never refutes true claims', () => {
  const cases: [string, Term, '=' | '<=' | '<' | '>=' | '>' | '!=', Term, Assumptions][] = [
    ['1 + x <= exp(x)', T.add(T.ONE, x), '<=', T.exp(x), NONE],
    ['d/ds loss = b sigma - a (1 - sigma)', diff(loss, 's'), '=', dLoss, AB],
    ['Bernoulli A\'(eta) = sigma(eta)', diff(T.log(T.add(T.ONE, T.exp(eta))), 'eta'), '=', sigma(eta), NONE],
    ['exp(a + b) = exp(a) exp(b)', T.exp(T.add(a, b)), '=', T.mul(T.exp(a), T.exp(b)), NONE],
    ['log(a b) = log a + log b for a, b > 0', T.log(T.mul(a, b)), '=', T.add(T.log(a), T.log(b)), AB],
    ['sin^2 + cos^2 = 1', T.add(T.pow(T.fn('sin', x), 2), T.pow(T.fn('cos', x), 2)), '=', T.ONE, NONE],
    ['x^2 + 1 > 0', T.add(T.pow(x, 2), T.ONE), '>', T.ZERO, NONE],
    ['exp(x) != 0', T.exp(x), '!=', T.ZERO, NONE],
    ['log x < x for x > 0', T.log(x), '<', x, new Map([['x', { lo: open(0) }]])],
  ];
  for (const [name, l, op, r, A] of cases) {
    it(name, () => {
      expect(findCounterexample(l, op, r, A)).toBeUndefined();
    });
  }
});

describe('candidateValues', () => {
  it('stays inside the assumption, including open ends', () => {
    const A = { lo: open(0), hi: shut('1/2') };
    const vs = candidateValues(A);
    expect(vs.length).toBeGreaterThan(5);
    for (const v of vs) expect(contains(A, v)).toBe(true);
    expect(vs.some((v) => v.eq(q('1/2')))).toBe(true);
    expect(vs.some((v) => v.isZero())).toBe(false);
  });
  it('uses the nice grid for an unconstrained variable, and points near a single bound', () => {
    expect(candidateValues(undefined).map(String).slice(0, 3)).toEqual(['0', '1', '-1']);
    const vs = candidateValues({ lo: open(5) });
    expect(vs.every((v) => v.cmp(q(5)) > 0)).toBe(true);
    expect(vs.some((v) => v.eq(q('5001/1000')))).toBe(true);
  });
  it('an empty domain gives no candidates and no counterexample', () => {
    const A: Assumptions = new Map([['x', { lo: open(1), hi: open(1) }]]);
    expect(candidateValues(A.get('x'))).toEqual([]);
    expect(findCounterexample(x, '<', T.ZERO, A)).toBeUndefined();
  });
});
