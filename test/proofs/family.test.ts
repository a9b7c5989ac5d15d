import { describe, expect, it } from 'vitest';
import type { ClaimDecl, Expr } from '../../src/proofs/ast.ts';
import { parseAndElaborate } from '../../src/proofs/frontend.ts';
import { parseScript } from '../../src/proofs/syntax/parser.ts';
import { check, DEFAULT_OPTIONS } from '../../src/proofs/run.ts';

const BERNOULLI = [
  'var eta real',
  'family bernoulli(eta):',
  '  support x in {0, 1}',
  '  base 1',
  '  statistic x',
  '  logpartition log(1 + exp(eta))',
  '',
].join('\n');

function run(text: string) {
  return parseAndElaborate({ name: 't.proof', text });
}

function claims(text: string): ClaimDecl[] {
  const r = run(text);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.program!.items.filter((i): i is ClaimDecl => i.kind === 'claim');
}

function errorCode(text: string): string {
  const r = run(text);
  expect(r.program).toBeUndefined();
  return r.diagnostics[0]!.code;
}

function count(e: Expr, kind: Expr['kind']): number {
  let n = e.kind === kind ? 1 : 0;
  for (const v of Object.values(e)) {
    if (v && typeof v === 'object' && 'kind' in v && 'span' in v) n += count(v as Expr, kind);
  }
  return n;
}

describe('family declarations: parsing', () => {
  it('parses the clauses, a vector statistic and the support kinds', () => {
    const { script, diagnostics } = parseScript({
      name: 't.proof',
      text: 'family g(a, b):\n  support x real\n  base 1/sqrt(2*pi)\n  statistic (x, x^2)\n  logpartition -a^2/(4*b)\n',
    });
    expect(diagnostics).toEqual([]);
    const f = script.statements[0]!;
    expect(f.kind).toBe('family');
    if (f.kind !== 'family') return;
    expect(f.params.map((p) => p.name)).toEqual(['a', 'b']);
    expect(f.support.kind).toBe('real');
    expect(f.statistic).toHaveLength(2);
    const n = parseScript({ name: 't.proof', text: 'family p(a):\n  support x in 0..inf\n  statistic (x + 1)*2\n  logpartition exp(a)\n' });
    expect(n.diagnostics).toEqual([]);
    const p = n.script.statements[0]!;
    if (p.kind !== 'family') throw new Error('expected a family');
    expect(p.support.kind).toBe('naturals');
    expect(p.statistic).toHaveLength(1);
    expect(p.base.kind).toBe('num');
  });

  it('reports a missing clause, a duplicate clause and a clause that does not start a line', () => {
    const miss = parseScript({ name: 't.proof', text: 'family b(a):\n  support x in {0, 1}\n  statistic x\n' });
    expect(miss.diagnostics[0]!.code).toBe('parse/family-missing-clause');
    const dup = parseScript({ name: 't.proof', text: 'family b(a):\n  support x in {0, 1}\n  statistic x\n  statistic x\n  logpartition a\n' });
    expect(dup.diagnostics[0]!.code).toBe('parse/duplicate-clause');
    const inline = parseScript({ name: 't.proof', text: 'family b(a):\n  support x in {0, 1} statistic x\n  logpartition a\n' });
    expect(inline.diagnostics[0]!.code).toBe('parse/expected-end');
    const bad = parseScript({ name: 't.proof', text: 'family b(a):\n  support x in 1..inf\n  statistic x\n  logpartition a\n' });
    expect(bad.diagnostics[0]!.code).toBe('parse/bad-support');
  });

  it('parses E[f; g], Var[f; g], Cov[f; g1, g2] and reports a missing semicolon', () => {
    const ok = parseScript({ name: 't.proof', text: 'claim: E[b; x] + Var[b; x^2] = Cov[b; x, x]\n' });
    expect(ok.diagnostics).toEqual([]);
    const noSemi = parseScript({ name: 't.proof', text: 'claim: E[b, x] = 1\n' });
    expect(noSemi.diagnostics[0]!.code).toBe('parse/expected-token');
    const unclosed = parseScript({ name: 't.proof', text: 'claim: E[b; x = 1\n' });
    expect(unclosed.diagnostics[0]!.code).toBe('parse/unclosed-bracket');
  });
});

describe('family declarations: elaboration', () => {
  it('adds the claim <family>_normalised: an explicit finite sum equal to 1', () => {
    const [c] = claims(BERNOULLI);
    expect(c!.name).toBe('bernoulli_normalised');
    if (c!.formula.kind !== 'chain') throw new Error('expected a chain');
    const lhs = c!.formula.terms[0]!;
    expect(count(lhs, 'call')).toBeGreaterThanOrEqual(2); // one exp(...) per support value
    expect(count(lhs, 'sum')).toBe(0);
    expect(count(lhs, 'index')).toBe(0);
  });

  it('elaborates E, Var and Cov into sums over the support', () => {
    const cs = claims(BERNOULLI + 'claim m: E[bernoulli; x] = 1\nclaim v: Var[bernoulli; x] = 1\nclaim c: Cov[bernoulli; x, x] = 1\n');
    expect(cs.map((c) => c.name)).toEqual(['bernoulli_normalised', 'm', 'v', 'c']);
    for (const c of cs) expect(c.formula.kind).toBe('chain');
  });

  it('elaborates a countable support to a series and a real support to an integral', () => {
    const pois = claims('var eta real\nfamily poisson(eta):\n  support x in 0..inf\n  base 1/x!\n  statistic x\n  logpartition exp(eta)\nclaim: E[poisson; x] = exp(eta)\n');
    const lhs = (pois[1]!.formula as unknown as { terms: Expr[] }).terms[0]!;
    expect(lhs.kind).toBe('sum');
    if (lhs.kind === 'sum') expect(lhs.hi).toBe('inf');
    const gauss = claims('var a real, b < 0\nfamily g(a, b):\n  support x real\n  statistic (x, x^2)\n  logpartition -a^2/(4*b) - 1/2*log(-2*b)\n');
    expect((gauss[0]!.formula as unknown as { terms: Expr[] }).terms[0]!.kind).toBe('integral');
  });

  it('EXP FOLD: exp factors of the base join the exponent, and a family with base exp(-x^4) is TESTED', () => {
    const QUARTIC = 'var eta in (-2, 2)\nlet A(s) = log(integral(y = -inf..inf, exp(s*y - y^4)))\nfamily quartic(eta):\n  support x real\n  base BASE\n  statistic x\n  logpartition A(eta)\n';
    const integrand = (base: string): Expr => {
      const norm = claims(QUARTIC.replace('BASE', base))[0]!;
      const lhs = (norm.formula as unknown as { terms: Expr[] }).terms[0]!;
      if (lhs.kind !== 'integral') throw new Error('not an integral');
      return lhs.body;
    };
    // calls: the weight's exp, A's log and the exp inside A's integral; the base's exps add none
    expect(count(integrand('exp(-x^4)'), 'call')).toBe(3);
    expect(count(integrand('2*exp(-x^4)*exp(x)'), 'call')).toBe(3);
    expect(count(integrand('2*x^2'), 'call')).toBe(3);
    // exp(-x^4) underflows in the far tails where exp(eta x - A) overflows: 0 * inf was every point's NaN
    const r = check(QUARTIC.replace('BASE', 'exp(-x^4)'), 'quartic.proof', { ...DEFAULT_OPTIONS, numeric: { ...DEFAULT_OPTIONS.numeric, runs: 100 } });
    expect(r.items.find((i) => i.name === 'quartic_normalised')!.grade).toBe('TESTED');
    // the kernel sees the folded weight too: a Gaussian written with base exp(-x^2/2) is decided both ways
    const gauss = 'var eta real\nfamily g(eta):\n  support x real\n  base exp(-x^2/2)/sqrt(2*pi)\n  statistic x\n  logpartition eta^2/2\n';
    const d = check(gauss + 'claim mean: E[g; x] = eta\nclaim wrong: E[g; x] = eta + 1/1000\n', 'g.proof', { ...DEFAULT_OPTIONS, numeric: { ...DEFAULT_OPTIONS.numeric, runs: 50 } });
    const grade = (n: string) => d.items.find((i) => i.name === n)!.grade;
    expect([grade('g_normalised'), grade('mean'), grade('wrong')]).toEqual(['PROVED', 'PROVED', 'REFUTED']);
  });

  it('binds the support variable inside E only, even when a sum inside uses the same index name', () => {
    const cs = claims(BERNOULLI + 'claim: E[bernoulli; sum(i = 0..2, x^i)] = 1\n');
    expect(cs).toHaveLength(2);
  });

  it('checks the natural parameters, the statistic arity, names and arities of E/Var/Cov', () => {
    expect(errorCode('var n in 0..3\nfamily b(n):\n  support x in {0, 1}\n  statistic x\n  logpartition 1\n')).toBe('sort/expected-real-var');
    expect(errorCode('var a real, b real\nfamily g(a, b):\n  support x in {0, 1}\n  statistic x\n  logpartition 1\n')).toBe('arity/family-statistic');
    expect(errorCode('var a real, x real\nfamily g(a):\n  support x in {0, 1}\n  statistic x\n  logpartition 1\n')).toBe('name/shadow');
    expect(errorCode(BERNOULLI + 'claim: E[bernouli; x] = 1\n')).toBe('name/unknown');
    expect(run(BERNOULLI + 'claim: E[bernouli; x] = 1\n').diagnostics[0]!.message).toContain("did you mean 'bernoulli'");
    expect(errorCode(BERNOULLI + 'claim: Cov[bernoulli; x] = 1\n')).toBe('arity/wrong-count');
    expect(errorCode('claim: E[later; 1] = 1\nvar a real\nfamily later(a):\n  support x in {0}\n  statistic x\n  logpartition 0\n')).toBe('name/used-before-definition');
    expect(errorCode(BERNOULLI + 'claim: E = 1\n')).toBe('arity/missing-arguments');
    expect(errorCode(BERNOULLI + 'claim: E[bernoulli; y] = 1\n')).toBe('name/unknown');
  });

  it('reports a duplicate family and a clash with the implicit claim name', () => {
    expect(errorCode(BERNOULLI + BERNOULLI.split('\n').slice(1).join('\n'))).toBe('name/duplicate');
    expect(errorCode('claim bernoulli_normalised: 1 = 1\n' + BERNOULLI)).toBe('name/duplicate');
  });
});
