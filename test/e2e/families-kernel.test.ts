import { describe, it, expect } from 'vitest';
import { check, DEFAULT_OPTIONS } from '../../src/proofs/run.ts';

const exactOnly = { ...DEFAULT_OPTIONS, numeric: { ...DEFAULT_OPTIONS.numeric, enabled: false } };
const fast = { ...DEFAULT_OPTIONS, numeric: { ...DEFAULT_OPTIONS.numeric, runs: 40 } };
const grades = (text: string, opts = exactOnly): Record<string, string> =>
  Object.fromEntries(check(text, '<input>', opts).items.map((i) => [i.name ?? '?', i.grade]));

describe('infinite sums and Gibbs through the language', () => {
  it('Poisson moments are PROVED by the exponential-series lemma', () => {
    const g = grades(`
var theta > 0
claim poisson_total: sum(x = 0..inf, theta^x / x! * exp(-theta)) = 1
claim poisson_mean: sum(x = 0..inf, x * theta^x / x! * exp(-theta)) = theta
claim poisson_second_moment: sum(x = 0..inf, x^2 * theta^x / x! * exp(-theta)) = theta^2 + theta
claim from_one: sum(x = 1..inf, theta^x / x!) = exp(theta) - 1
claim wrong: sum(x = 0..inf, x^2 * theta^x / x! * exp(-theta)) = theta^2
`);
    expect(g).toEqual({ poisson_total: 'PROVED', poisson_mean: 'PROVED', poisson_second_moment: 'PROVED', from_one: 'PROVED', wrong: 'REFUTED' });
  });

  it('geometric sums need |q| < 1 from the declared domain', () => {
    const g = grades(`
var q in [0, 1)
var r in [0, 2]
claim geo_mean: sum(x = 1..inf, x * q^x) = q/(1-q)^2
claim no_bound: sum(x = 0..inf, r^x) = 1/(1-r)
`);
    expect(g.geo_mean).toBe('PROVED');
    expect(g.no_bound).not.toBe('PROVED');
  });

  it('the numeric witness agrees on a Poisson sum over a moderate domain', () => {
    const r = check(`
var theta in (0, 20)
claim poisson_mean: sum(x = 0..inf, x * theta^x / x! * exp(-theta)) = theta
`, '<input>', fast);
    expect(r.items[0]!.grade).toBe('PROVED');
    expect(r.items[0]!.numeric?.status).toBe('passed');
  });

  it('KL(P||Q) >= 0 for a 3-point distribution, by log x <= x - 1', () => {
    const text = `
var p1 in (0, 1/2), p2 in (0, 1/2), q1 in (0, 1/2), q2 in (0, 1/2)
let p3 = 1 - p1 - p2
let q3 = 1 - q1 - q2
claim kl_nonneg: p1*log(p1/q1) + p2*log(p2/q2) + p3*log(p3/q3) >= 0
calc kl_by_gibbs:
  p1*log(p1/q1) + p2*log(p2/q2) + p3*log(p3/q3)
    = (p1*log(p1/q1) - p1 + q1) + (p2*log(p2/q2) - p2 + q2) + (p3*log(p3/q3) - p3 + q3)   by algebra
    >= 0                                                                                 by positivity
claim cross_entropy: -(p1*log(q1) + p2*log(q2) + p3*log(q3)) >= -(p1*log(p1) + p2*log(p2) + p3*log(p3))
`;
    const r = check(text, '<input>', exactOnly);
    const byName = Object.fromEntries(r.items.map((i) => [i.name, i]));
    expect(byName.kl_nonneg!.grade).toBe('PROVED');
    expect(byName.kl_nonneg!.summary).toMatch(/log x <= x - 1/);
    expect(byName.kl_by_gibbs!.grade).toBe('PROVED');
    expect(byName.kl_by_gibbs!.summary).toMatch(/log x <= x - 1/);
  });
});
