/**
 * The lowering memo shares a subexpression's kernel term between the instances of
 * one claim. Its key must hold every binding the subexpression reads: a key that
 * dropped one would reuse j = 0's term for j = 1 and report a true claim REFUTED
 * (or a false one PROVED). These claims depend on each kind of binding.
 */
import { describe, expect, it } from 'vitest';
import { check, DEFAULT_OPTIONS, type CheckOptions } from '../../src/proofs/run.ts';
import { parseAndElaborate } from '../../src/proofs/frontend.ts';
import { lower, LowerMemo, type LowerEnv } from '../../src/proofs/lower.ts';
import { assumptionsOf } from '../../src/proofs/check.ts';
import { DEFAULT_LIMITS } from '../../src/proofs/limits.ts';
import type { ClaimDecl, Expr } from '../../src/proofs/ast.ts';
import { termToString } from '../../src/algebra/containers/term.ts';

const exactOnly: CheckOptions = { ...DEFAULT_OPTIONS, numeric: { ...DEFAULT_OPTIONS.numeric, enabled: false } };

function grades(text: string): string[] {
  return check(text, 'memo.proof', exactOnly).items.map((i) => `${i.name}: ${i.grade}`);
}

describe('lowering memo across the instances of a claim', () => {
  it('keys on index values, nested indices, integer vars and rational set values', () => {
    const text = [
      'var x real',
      'var n in 0..4',
      'var q in {1/2, 1/3, 3}',
      'let f(j) = sum(i = 0..j, x^i)',
      'claim by_index: for j in 0..6, k in 0..8:',
      '  coeff(f(j), x^k) = sum(i = 0..j, coeff(x^i, x^k))',
      'claim binomials: for j in 0..6, k in 0..6:',
      '  coeff((1 + x)^j, x^k) = binomial(j, k)',
      'claim int_var: for k in 0..5:',
      '  coeff((1 + x)^n, x^k) = binomial(n, k)',
      'claim rational_var: for k in 0..4:',
      '  coeff(1/(1 - q*x), x^k) = q^k',
      'claim false_one: for j in 0..3, k in 0..3:',
      '  coeff((1 + x)^j, x^k) = binomial(3, k)',
    ].join('\n');
    expect(grades(text)).toEqual([
      'by_index: PROVED_RANGE',
      'binomials: PROVED_RANGE',
      'int_var: PROVED_RANGE',
      'rational_var: PROVED_RANGE',
      'false_one: REFUTED',
    ]);
  });

  it('returns the very same term for the same bindings, a different one otherwise', () => {
    const { program } = parseAndElaborate({ name: 'm.proof', text: 'var x real\nclaim c: for j in 0..3: sum(i = 0..j, x^i) = 0' });
    const claim = program!.items[0] as ClaimDecl;
    const e = (claim.formula as { terms: readonly Expr[] }).terms[0]!;
    const assumptions = assumptionsOf(program!.vars, DEFAULT_LIMITS);
    const memo = new LowerMemo(assumptions, DEFAULT_LIMITS);
    const at = (j: bigint): LowerEnv => ({ indices: new Map([['j', j]]), vars: program!.vars, assumptions, limits: DEFAULT_LIMITS, memo });
    const a = lower(e, at(2n));
    expect(lower(e, at(2n))).toBe(a);
    const b = lower(e, at(3n));
    expect(b).not.toBe(a);
    expect(termToString(b)).not.toBe(termToString(a));
    // Other assumptions: the memo is bypassed, never consulted.
    const other = lower(e, { ...at(2n), assumptions: new Map() });
    expect(other).not.toBe(a);
  });
});
