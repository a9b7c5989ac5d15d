import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseAndElaborate } from '../../src/proofs/frontend.ts';
import { check } from '../../src/proofs/run.ts';
import { DEFAULT_OPTIONS } from '../../src/proofs/run.ts';

const opts = { ...DEFAULT_OPTIONS, numeric: { ...DEFAULT_OPTIONS.numeric, enabled: false } };
const prelude = 'var p in [0, 1)\nlet L = log(1/(1-p))\nlet f(j) = sum(i = 0..j, L^i / i!)\n';

describe('theorem: parsing and elaboration', () => {
  it('parses parameters, steps, continuations, done and where', () => {
    const text = `${prelude}theorem t: for all j >= 0, k in 0..j: coeff(f(j), p^k) = 1
proof
  f(j) = exp(L) - sum(i = j+1..inf, L^i/i!)  by exp_split
  done by coeff_below_val, geometric
qed
theorem c: for all n >= 1: T(n) = 1
  where T(n) = (1/n)*(sum(t = 1..n-1, T(t)) + 1)
proof
  T(n) = (1/n)*(sum(t = 1..n-1, T(t)) + 1) by recurrence
       = 1 by algebra
qed
claim after: 1 = 1
`;
    const r = parseAndElaborate({ name: 't.proof', text });
    expect(r.diagnostics).toEqual([]);
    const ths = r.program!.theorems!;
    expect(ths.map((t) => t.name)).toEqual(['t', 'c']);
    expect(ths[0]!.params.map((p) => [p.index, p.hi !== undefined])).toEqual([['j', false], ['k', true]]);
    expect(ths[0]!.steps.map((s) => s.done)).toEqual([false, true]);
    expect(ths[1]!.steps[1]!.left).toBeUndefined();
    expect(ths[1]!.sequences[0]!.name).toBe('T');
    expect(r.program!.items.map((i) => i.name)).toEqual(['after']);
  });

  it('reports a missing qed, a missing proof, and a bad parameter', () => {
    const codes = (text: string): string[] => parseAndElaborate({ name: 't.proof', text: prelude + text }).diagnostics.map((d) => d.message);
    expect(codes('theorem t: for all j >= 0: coeff(f(j), p^0) = 1\nproof\n  done by geometric\n')[0]).toMatch(/expected 'qed'/);
    expect(codes('theorem t: for all j >= 0: coeff(f(j), p^0) = 1\nclaim: 1 = 1\n')[0]).toMatch(/expected 'proof'/);
    expect(codes('theorem t: for all j < 0: coeff(f(j), p^0) = 1\nproof\n  done by geometric\nqed\n')[0]).toMatch(/'>= lo' or 'in lo..hi'/);
    expect(codes('theorem t: for j in 0..3: coeff(f(j), p^0) = 1\nproof\n  done by geometric\nqed\n')[0]).toMatch(/for all/);
  });
});

describe('theorem: checking', () => {
  it('proves proofs/all-j.proof theorems for all values', () => {
    const text = readFileSync('proofs/all-j.proof', 'utf8').replace(/claim counting_recurrence[\s\S]*?\+ 1\)\n/, '');
    const r = check(text, 'all-j.proof', opts);
    expect(r.errors).toEqual([]);
    const th = r.items.filter((i) => i.kind === 'theorem');
    expect(th.map((i) => [i.name, i.grade, i.range])).toEqual([
      ['reverse_thinking', 'PROVED', 'all j >= 0, k in 0..j'],
      ['coefficients_nonneg', 'PROVED', 'all j >= 0, k >= 0'],
      ['coefficients_at_most_one', 'PROVED', 'all j >= 0, k >= 0'],
      ['inequality_for_every_j', 'PROVED', 'all j >= 0'],
      ['coefficients_positive', 'PROVED', 'all j >= 1, k >= 0'],
      ['tail_strictly_between', 'PROVED', 'all j >= 1, k >= j + 1'],
      ['counting', 'PROVED', 'all n >= 1'],
      ['poisson_mean', 'PROVED', 'all n >= 1'],
      ['poisson_tilted_mean', 'PROVED', 'all n >= 1'],
    ]);
    const cert = (name: string): string => th.find((i) => i.name === name)!.details.join('\n');
    expect(cert('coefficients_nonneg')).toMatch(/certificate: for all integers j, k with j >= 0, k >= 0: \[p\^k\] sum\(i = 0\.\.j, .*\) >= 0/);
    expect(cert('coefficients_at_most_one')).toMatch(/\) <= 1$/);
    expect(cert('inequality_for_every_j')).toMatch(/certificate: for all integers j with j >= 0 and every p in \[0, 1\): sum\(i = 0\.\.j, p\^i\) <= sum\(i = 0\.\.j, .*\^i\/i!\)$/);
    expect(cert('tail_strictly_between')).toMatch(/with j - 1 >= 0, -j \+ k - 1 >= 0: \[p\^k\] .* > 0 and \[p\^k\] .* < 1$/);
    expect(cert('poisson_tilted_mean')).toMatch(/for all integers n >= 1: \(\(n \* 2\^n\) \/ \(n\)!\) = \(2\^n \/ \(n - 1\)!\)/);
  });

  it('proves inequalities between a coefficient and a number (nonneg_closure), and rejects false ones', () => {
    const grade = (stmt: string, steps: string): [string, string] => {
      const r = check(`${prelude}theorem t: ${stmt}\nproof\n${steps}qed\n`, 't.proof', opts);
      return [r.items[0]!.grade, r.items[0]!.summary];
    };
    const split = '  f(j) = exp(L) - sum(i = j+1..inf, L^i/i!)  by exp_split\n  exp(L) = 1/(1-p)  by exp_log\n';
    expect(grade('for all j >= 0, k >= 0: coeff(f(j), p^k) >= 0', '  done by nonneg_closure\n')[0]).toBe('PROVED');
    expect(grade('for all j >= 0, k >= 0: coeff(f(j), p^k) <= 1', `${split}  done by geometric, nonneg_closure\n`)[0]).toBe('PROVED');
    expect(grade('for all k >= 0: coeff(2/(1-p) + exp(p), p^k) > 1', '  done by geometric, nonneg_closure\n')[0]).toBe('PROVED');
    expect(grade('for all k >= 0: coeff(2/(1-p) - exp(p), p^k) < 3', '  done by geometric, nonneg_closure\n')[0]).toBe('PROVED');
    expect(grade('for all j >= 0, k >= 0: coeff(f(j), p^k) >= -1/2', '  done by nonneg_closure\n')[0]).toBe('PROVED');
    // strictness from a sign atom proved strictly positive (L has every coefficient of degree >= 1 positive)
    expect(grade('for all j >= 1, k >= 0: coeff(f(j), p^k) > 0', '  done by nonneg_closure\n')[0]).toBe('PROVED');
    // sum_{i<=j} p^i/i! has coefficient 0 beyond p^j: >= 0 holds, > 0 is false
    const strict = grade('for all j >= 1, k >= 0: coeff(sum(i = 0..j, p^i/i!), p^k) >= 0', '  done by nonneg_closure\n');
    expect(strict[0]).toBe('PROVED');
    const notStrict = grade('for all j >= 1, k >= 0: coeff(sum(i = 0..j, p^i/i!), p^k) > 0', '  done by nonneg_closure\n');
    expect(notStrict[0]).toBe('REFUTED');
    expect(notStrict[1]).toMatch(/can only raise it \(nonneg_closure\), so the coefficient is at least 0, which does not give > 0 .*; it is not shown to be strictly raised: \[p\^k\] sum\(i = 0\.\.j, p\^i\/i!\) > 0 needs 0 <= k <= j/);
    // false: the bound 1/2 and the sign slipped inside the log
    const half = grade('for all j >= 1, k >= 0: coeff(f(j), p^k) <= 1/2', `${split}  done by geometric, nonneg_closure\n`);
    expect(half[0]).toBe('REFUTED');
    expect(half[1]).toMatch(/step 3 \(done\) does not follow: .*at most 1, which does not give <= 1\/2/);
    const slipped = check('var p in [0, 1)\nlet M = log(1 - p)\ntheorem t: for all j >= 0, k >= 0: coeff(sum(i = 0..j, M^i/i!), p^k) >= 0\nproof\n  done by nonneg_closure\nqed\n', 't.proof', opts).items[0]!;
    expect(slipped.grade).toBe('REFUTED');
    expect(slipped.summary).toMatch(/nonneg_closure: sum\(i = 0\.\.j, log\(-p \+ 1\)\^i\/i!\) is not shown to have nonnegative coefficients: log\(-p \+ 1\) is not in the class/);
    // an equation is not proved by signs
    const eq = grade('for all k >= 0: coeff(1/(1-p), p^k) = 1', '  done by nonneg_closure\n');
    expect(eq[0]).toBe('UNDECIDED');
    expect(eq[1]).toMatch(/cannot prove an equation/);
  });

  it('translates powers c^(a*n + b) for term_ratio, and rejects a non-numeric base', () => {
    const one = (stmt: string): { grade: string; summary: string } => {
      const r = check(`var theta > 0\ntheorem t: ${stmt}\nproof\n  done by term_ratio\nqed\n`, 't.proof', opts);
      return r.items[0]!;
    };
    expect(one('for all n >= 1: n*2^(n-1)/n! = 2^(n-1)/(n-1)!').grade).toBe('PROVED');
    expect(one('for all n >= 0: (1/2)^(2*n+1) * 4^n = 1/2').grade).toBe('PROVED');
    expect(one('for all n >= 0: (-1)^n * (-1)^n = 1').grade).toBe('PROVED');
    const wrong = one('for all n >= 1: n*2^n/n! = 2^(n-1)/(n-1)!');
    expect(wrong.grade).toBe('REFUTED');
    expect(wrong.summary).toMatch(/step 1 \(done\) does not follow: term_ratio: the initial terms differ: at n = 1 the left side is 2 and the right side is 1/);
    const nonNumeric = one('for all n >= 1: n^2 = n*n');
    expect(nonNumeric.grade).toBe('ERROR');
    expect(nonNumeric.summary).toMatch(/rational number as its base/);
  });

  it('names the failing step and lemma', () => {
    const text = `${prelude}theorem t: for all j >= 0, k in 0..j: coeff(f(j), p^k) = 1
proof
  f(j) = exp(L) - sum(i = j+1..inf, L^i/i!)     by exp_split
  exp(L) = 1/(1-p)                              by exp_log
  done                                          by coeff_below_val, geometric
qed
`;
    const r = check(text, 't.proof', opts);
    expect(r.items[0]!.grade).toBe('UNDECIDED');
    expect(r.items[0]!.summary).toMatch(/step 3 \(done\) does not follow: no established fact bounds the valuation/);
    const wrongLemma = text.replace('by exp_log', 'by exp_split');
    expect(check(wrongLemma, 't.proof', opts).items[0]!.summary).toMatch(/step 2 does not follow: exp_split: /);
  });
});

describe('theorem: limits hit while lowering', () => {
  it('a declared bound past --max-exponent is a located limit ERROR of the theorem, never an "internal error" (found by the fuzz)', () => {
    const text = 'var x in (-1/10^10000, 1/8)\ntheorem exp_coefficients: for all k >= 0: coeff(exp(x), x^k) = 1/k!\nproof\n  done by holonomic\nqed\n';
    const r = check(text, 'bound.proof', { ...opts, limits: { ...opts.limits, maxExponent: 400 } });
    expect(r.items).toHaveLength(1);
    const it = r.items[0]!;
    expect(it.grade).toBe('ERROR');
    expect(it.summary).toBe('limit/exponent: exponent 10000 exceeds the limit 400');
    expect(it.details.join('\n')).toMatch(/^bound\.proof:1:\d+: error: exponent 10000 exceeds the limit 400/);
  });
});
