/**
 * Theorems proved by induction on a symbolic integer (src/algebra/theorems/induction.ts):
 * the derivative theorem of proofs/derivatives.proof is PROVED for all k and j,
 * and every mutation of its statement or proof is rejected at the right step.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { check, DEFAULT_OPTIONS } from '../../src/proofs/run.ts';
import type { ItemReport } from '../../src/proofs/report.ts';

const opts = { ...DEFAULT_OPTIONS, numeric: { ...DEFAULT_OPTIONS.numeric, enabled: false } };
const source = readFileSync(new URL('../../proofs/derivatives.proof', import.meta.url), 'utf8');

function theorem(text: string): ItemReport {
  const r = check(text, 'derivatives.proof', opts);
  expect(r.errors).toEqual([]);
  const th = r.items.find((i) => i.kind === 'theorem');
  expect(th).toBeDefined();
  return th!;
}

/** The corpus file with `from` replaced by `to` (which must occur exactly once). */
function mutate(from: string, to: string): string {
  expect(source.split(from).length - 1).toBe(1);
  return source.replace(from, to);
}

describe('induction: the derivative theorem', () => {
  it('is PROVED for all k >= 0 and j >= 0', () => {
    const th = theorem(source);
    expect(th.grade).toBe('PROVED');
    expect(th.range).toBe('all k >= 0, j >= 0');
    expect(th.summary).toMatch(/^induction on k: /);
  });

  it('rejects a wrong Stirling recurrence at the step that uses it', () => {
    const th = theorem(mutate('(stirling1(k, m - 1) + k * stirling1(k, m))', '(stirling1(k, m - 1) + (k + 1) * stirling1(k, m))'));
    expect(th.grade).not.toBe('PROVED');
    expect(th.summary).toMatch(/^step 5 does not follow by reindex, stirling1/);
  });

  it('rejects a derivative that forgets the shift of f', () => {
    const th = theorem(mutate('stirling1(k, m) * f(j - m - 1)', 'stirling1(k, m) * f(j - m)'));
    expect(th.grade).not.toBe('PROVED');
    expect(th.summary).toMatch(/^step 4 does not follow by derivative/);
  });

  it('rejects the step without the Stirling boundary values', () => {
    const th = theorem(mutate('by reindex, stirling1\n', 'by reindex\n'));
    expect(th.grade).not.toBe('PROVED');
    expect(th.summary).toMatch(/^step 5 does not follow by reindex/);
  });

  it('rejects reindexing that is not cited', () => {
    const th = theorem(mutate('by reindex, stirling1\n', 'by stirling1\n'));
    expect(th.grade).not.toBe('PROVED');
    expect(th.summary).toMatch(/^step 5 does not follow by stirling1/);
  });

  it('rejects a false statement: it fails both in the chain and at a small instance', () => {
    const th = theorem(source.replaceAll('/ (1-p)^k\n', '/ (1-p)^(k+1)\n'));
    expect(th.grade).toBe('REFUTED');
  });

  it('rejects a proof with no base case', () => {
    const th = theorem(mutate('  d^0/dp^0 f(j) = sum(m = 0..0, stirling1(0, m) * f(j - m)) / (1-p)^0         by derivative, algebra\n', ''));
    expect(th.grade).toBe('UNDECIDED');
    expect(th.summary).toMatch(/the base case \(k = 0\) is not proved/);
  });

  it('rejects the hypothesis used at k + 1 (the statement itself)', () => {
    const text = mutate('    = d/dp (sum(m = 0..k, stirling1(k, m) * f(j - m)) / (1-p)^k)                 by induction\n',
      '    = d/dp (sum(m = 0..k, stirling1(k, m) * f(j - m)) / (1-p)^k)                 by induction\n').replace(
      'd^(k+1)/dp^(k+1) f(j) = d/dp d^k/dp^k f(j)                                     by derivative',
      'd^(k+1)/dp^(k+1) f(j) = sum(m = 0..k+1, stirling1(k + 1, m) * f(j - m)) / (1-p)^(k+1)   by induction');
    const th = theorem(text);
    expect(th.grade).not.toBe('PROVED');
    expect(th.summary).toMatch(/^step 2 does not follow by induction: the step does not use the induction hypothesis/);
  });

  it('rejects the hypothesis in the base case', () => {
    const th = theorem(mutate('(1-p)^0         by derivative, algebra', '(1-p)^0         by induction'));
    expect(th.summary).toMatch(/^step 1 does not follow by induction: the induction hypothesis is not available in the base case/);
  });

  it('rejects a chain that starts elsewhere and an unknown rule', () => {
    expect(theorem(mutate('d^(k+1)/dp^(k+1) f(j) = d/dp', 'd^(k+2)/dp^(k+2) f(j) = d/dp')).summary).toMatch(/^step 2 does not start a chain: a chain must start at/);
    expect(theorem(mutate('by derivative, algebra', 'by magic')).summary).toMatch(/'magic' is not a rule of induction proofs/);
  });

  it('checks the range of the other parameters where the hypothesis is used', () => {
    // With j >= 1 the hypothesis at j - 1 = 0 would be out of range; here it is used at j itself.
    const text = `var p in [0, 1)
let L = log(1/(1-p))
let f(j) = sum(i = 0..j, L^i / i!)
theorem t: for all k >= 0, j >= 1: d^k/dp^k f(j - 1) = d^k/dp^k f(j - 1)
proof by induction on k
  d^0/dp^0 f(j - 1) = d^0/dp^0 f(j - 1) by algebra
  d^(k+1)/dp^(k+1) f(j - 1) = d/dp d^k/dp^k f(j - 2 + 1) by derivative
    = d/dp d^k/dp^k f(j - 2) by induction
    = d^(k+1)/dp^(k+1) f(j - 1) by derivative
qed
`;
    const th = theorem(text);
    expect(th.grade).not.toBe('PROVED');
    expect(th.summary).toMatch(/the hypothesis holds for j >= 1, but it is used at .* with j = j - 1/);
  });
});

describe('induction: shapes the kernel cannot compare', () => {
  it('says why a chain could not be matched to the statement', () => {
    const text = `var p in [0, 1)
let L = log(1/(1-p))
let f(j) = sum(i = 0..j, L^i / i!)
theorem t: for all k >= 0, j >= 0: d^k/dp^k (f(j)*f(j)) = d^k/dp^k (f(j)*f(j))
proof by induction on k
  d^0/dp^0 (f(j)*f(j)) = d^0/dp^0 (f(j)*f(j)) by algebra
qed
`;
    const th = theorem(text);
    expect(th.grade).toBe('UNDECIDED');
    expect(th.summary).toMatch(/does not start a chain: .*\(comparing them: products of two exponential sums are not supported\)/);
  });
});
