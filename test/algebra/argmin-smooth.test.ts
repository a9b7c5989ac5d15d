/**
 * SMOOTH (decideArgmin in src/algebra/kernel.ts): a stationary point with positive
 * second derivative is a global minimiser only for an objective twice differentiable
 * on the whole domain. A red-team pass found argmin(s, (s - 1)^2 - 4|s|) = -1 PROVED
 * (the minimiser is 3): the normal form loses the kink of |s| at 0.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../src/proofs/run.ts';
import * as K from '../../src/algebra/kernel.ts';
import * as T from '../../src/algebra/containers/term.ts';
import { DEFAULT_LIMITS } from '../../src/proofs/limits.ts';

function grade(text: string): string {
  const r = check(text);
  expect(r.errors).toEqual([]);
  return r.items[0]!.grade;
}

describe('argmin needs a smooth objective', () => {
  it('a kink (abs, sqrt(s^2)) or a removed point (t/t) is not PROVED', () => {
    expect(grade('var s real\nclaim: argmin(s, (s - 1)^2 - 4*abs(s)) = -1\n')).not.toMatch(/PROVED/);
    expect(grade('var v in (-2, 5)\nclaim: argmin(v, (v - 1)^2 - 4*sqrt(v^2)) = -1\n')).not.toMatch(/PROVED/);
    expect(grade('var t real\nclaim: argmax(t, 4*abs(t) - (t - 1)^2) = -1\n')).not.toMatch(/PROVED/);
    expect(grade('var t real\nclaim: argmin(t, t^2 + t/t) = 0\n')).not.toMatch(/PROVED/);
  });
  it('smooth objectives, and abs of a quantity of constant sign, are still PROVED', () => {
    expect(grade('var s real\nclaim: argmin(s, (s - 2)^2 + exp(s - 2) - s) = 2\n')).toBe('PROVED');
    expect(grade('var s real\nvar a > 0, b > 0\nclaim: argmin(s, -a*log(1/(1 + exp(-s))) - b*log(1 - 1/(1 + exp(-s)))) = log(a/b)\n')).toBe('PROVED');
    expect(grade('var s real\nvar a > 0\nclaim: argmin(s, (s - 3)^2 + abs(a)) = 3\n')).toBe('PROVED');
  });
  it('false variants of the smooth claims are still REFUTED (the conditions never block a stationarity counterexample)', () => {
    expect(grade('var s real\nclaim: argmin(s, (s - 2)^2 + exp(s - 2) - s) = 3\n')).toBe('REFUTED');
    expect(grade('var s real\nvar a > 0, b > 0\nclaim: argmin(s, -a*log(1/(1 + exp(-s))) - b*log(1 - 1/(1 + exp(-s)))) = log(b/a)\n')).toBe('REFUTED');
    expect(grade('var s real\nvar a > 0\nclaim: argmin(s, (s - 3)^2 + abs(a)) = 2\n')).toBe('REFUTED');
  });
  it('planted: without the smoothness conditions the kink claim would be PROVED (the guard is what refuses it)', () => {
    const s = T.v('s');
    const body = T.add(T.pow(T.add(s, T.num(-1)), 2), T.mul(T.num(-4), T.fn('abs', s)));
    const asm: T.Assumptions = new Map(); // s ranges over all reals
    const claimed = T.num(-1);
    const limits = { ...DEFAULT_LIMITS } as unknown as K.KernelLimits;
    expect(K.decideArgmin(body, 's', claimed, 'min', asm, limits, []).status).toBe('proved');
    expect(K.decideArgmin(body, 's', claimed, 'min', asm, limits, [{ term: s, need: 'nonzero', text: 's' }]).status).not.toBe('proved');
    expect(K.decideArgmin(body, 's', claimed, 'min', asm, limits, undefined).status).not.toBe('proved');
  });
});
