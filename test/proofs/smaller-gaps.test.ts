/**
 * Smaller gaps of issue 15: stirling1(k, 0) = 0 in an induction step, a base chain
 * written d^1/dx^1 f, factorials (m + c)! of an infinite sum's index, and no internal
 * names ('#m', '#0') in messages.
 */
import { describe, expect, it } from 'vitest';
import { check, DEFAULT_OPTIONS } from '../../src/proofs/run.ts';

const opts = { ...DEFAULT_OPTIONS, numeric: { ...DEFAULT_OPTIONS.numeric, enabled: false } };
const item = (text: string): { grade: string; summary: string; details: readonly string[] } => {
  const r = check(text, 't.proof', opts);
  expect(r.errors).toEqual([]);
  return r.items[0]!;
};

describe('issue 15: smaller gaps', () => {
  it('a base chain written d^1/dp^1 f (the body has no symbolic integer)', () => {
    const th = (rhs1: string): string => `var p in [0, 1)
theorem t: for all k >= 1: d^k/dp^k (p*exp(p)) = (p + k)*exp(p)
proof by induction on k
  d^1/dp^1 (p*exp(p)) = ${rhs1}                            by derivative
  d^(k+1)/dp^(k+1) (p*exp(p)) = d/dp d^k/dp^k (p*exp(p))   by derivative
    = d/dp ((p + k)*exp(p))                              by induction
    = (p + k + 1)*exp(p)                                 by derivative
qed
`;
    expect(item(th('(p + 1)*exp(p)')).grade).toBe('PROVED');
    const wrong = item(th('(p + 2)*exp(p)'));
    expect(wrong.grade).toBe('UNDECIDED');
    expect(wrong.summary).toMatch(/step 1 does not follow by derivative/);
  });

  it('stirling1(k, 0) = 0 for k >= 1 is a rewrite of the stirling1 rule', () => {
    const th = (lo: number): string => `var p in [0, 1)
theorem t: for all k >= ${lo}: stirling1(k, 0) * exp(p) = 0
proof by induction on k
  stirling1(${lo}, 0) * exp(p) = 0                          by stirling1
  stirling1(k + 1, 0) * exp(p) = 0                          by stirling1
qed
`;
    expect(item(th(1)).grade).toBe('PROVED');
    // from k = 0 it is false: stirling1(0, 0) = 1
    expect(item(th(0)).grade).not.toBe('PROVED');
  });

  it('(m + c)! of an infinite sum index is accepted; messages show m, not the kernel name', () => {
    const a = item('var x in [0, 1)\nclaim: sum(m = 0..inf, x^m/(m+1)!) = (exp(x) - 1)/x\n');
    expect(a.summary).not.toMatch(/factorial of a non-integer/);
    expect(a.summary).not.toMatch(/#/);
    expect(a.summary).toMatch(/\(m \+ 1\)\^\(-1\)/);
    const below = item('var x in [0, 1)\nclaim: sum(m = 0..inf, x^m/(m-1)!) = x*exp(x)\n');
    expect(below.summary).toMatch(/the factorial \(m - 1\)! is undefined at m = 0, where the sum starts/);
    // (m - 1)! from m = 1 is m!/m: the kernel's sum of x^m/(m-1)! = x e^x is exact
    const from1 = item('var x in [0, 1)\nclaim: sum(m = 1..inf, x^m/(m-1)!) = x*exp(x)\n');
    expect(from1.grade).toBe('PROVED');
    const prod = item('var x in [0, 1)\nclaim: sum(m = 0..inf, x^m/prod(i = 1..m+1, i)) = (exp(x) - 1)/x\n');
    expect(prod.summary).toMatch(/bounds depend on the index m of an infinite sum/);
    expect(prod.summary).not.toMatch(/#/);
  });
});
