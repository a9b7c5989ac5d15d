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
      ['counting', 'PROVED', 'all n >= 1'],
      ['poisson_mean', 'PROVED', 'all n >= 1'],
    ]);
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
