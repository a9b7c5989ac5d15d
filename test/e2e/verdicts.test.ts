/**
 * Verdicts that never mislead (issue 13): each case of the issue as a script
 * through the programmatic API, with the grade it must get.
 * - a tie is a candidate counterexample, never a pass; `!=` over a continuum is
 *   never TESTED, and a sign change with a continuous difference refutes it;
 * - a numeric failure is REFUTED only when confirmed exactly; float artefacts
 *   (subnormal intermediates, finite differences at large |x|) never refute a
 *   true claim;
 * - an exact residual (lhs - rhs reduces to a nonzero rational function) refutes.
 */
import { describe, expect, it } from 'vitest';
import { check, DEFAULT_OPTIONS, type CheckOptions } from '../../src/proofs/run.ts';
import type { ItemReport } from '../../src/proofs/report.ts';

const OPTS: CheckOptions = { ...DEFAULT_OPTIONS, numeric: { ...DEFAULT_OPTIONS.numeric, runs: 300 } };

function item(text: string, name: string, opts: CheckOptions = OPTS): ItemReport {
  const r = check(text, 'verdicts.proof', opts);
  expect(r.errors).toEqual([]);
  const it = r.items.find((i) => i.name === name);
  if (!it) throw new Error(`no item ${name}`);
  return it;
}

const KL = `
var a in (0, 1), t in (0, 1)
let KL(p, q) = p*log(p/q) + (1-p)*log((1-p)/(1-q))
`;

describe('!= and strict relations', () => {
  it('refutes KL(a, a t) != KL(a t, a) by a sign change (the sides meet on a curve)', () => {
    const r = item(`${KL}claim kl: KL(a, a*t) != KL(a*t, a)\n`, 'kl');
    expect(r.grade).toBe('REFUTED');
    expect(r.details.join('\n')).toMatch(/intermediate value theorem/);
  });

  it('never grades != over a continuum TESTED from sampling alone', () => {
    // true (exp(x) > x for every real x) but beyond the kernel's positivity rules here
    const r = item('var x real\nclaim ne: exp(x) != x + sin(x)/1000\n', 'ne');
    expect(r.grade).not.toBe('TESTED');
    if (r.grade === 'UNDECIDED') expect(r.details.join('\n')).toMatch(/cannot support != over a continuum/);
  });

  it('treats a tie within the tolerance as a candidate counterexample for a strict relation', () => {
    // false: equality at x = y; the kernel cannot sign it, the sampler ties there
    const r = item('var x in (0, 1), y in (0, 1)\nclaim lt: x*y*exp(x - y) < x*y*exp(y - x) + (x - y)^2*(x+y)\n', 'lt', { ...OPTS, numeric: { ...OPTS.numeric, runs: 200 } });
    expect(r.grade).not.toBe('TESTED');
    expect(r.grade).not.toBe('PROVED');
  });
});

describe('refutations that are real', () => {
  it('does not refute 4^x 2^-x 2^-x = 1 where 4^x is subnormal', () => {
    const r = item('var x real\nclaim p: 4^x * 2^(-x) * 2^(-x) = 1\n', 'p');
    expect(['PROVED', 'TESTED']).toContain(r.grade);
  });

  it('does not refute the derivatives of x sin x at large x (Taylor-mode derivatives)', () => {
    const r = item('var x real\nclaim d: for i in 0..4: d^i/dx^i (x*sin(x)) = x*sin(x + i*pi/2) + i*sin(x + (i - 1)*pi/2)\n', 'd');
    expect(['PROVED', 'PROVED_RANGE', 'TESTED']).toContain(r.grade);
  });

  it('still refutes a false derivative claim, confirmed exactly at the sample', () => {
    const r = item('var x real\nclaim d: d2/dx2 (x*sin(x)) = 2*cos(x) - x*sin(x) + x/1000\n', 'd');
    expect(r.grade).toBe('REFUTED');
  });
});

describe('every exact counterexample used', () => {
  it('refutes a theorem whose small case is false (n!/n = (n-2)! at n = 3)', () => {
    const r = check('theorem bad: for all n >= 2: n!/n = (n-2)!\nproof\n  done by term_ratio\nqed\n', 't.proof', OPTS);
    expect(r.items[0]!.grade).toBe('REFUTED');
    expect(r.items[0]!.details.join('\n')).toMatch(/n = 3/);
  });
});

describe('the API never throws', () => {
  it('check() on a declared bound past a limit gives a located ERROR, not an exception', () => {
    const r = check('var a > 0^1e400\nclaim s: a > 0\n', 'limit.proof', OPTS);
    expect(r.items[0]!.grade).toBe('ERROR');
    expect(r.items[0]!.details.join('\n')).toMatch(/limit\.proof:1:9: error: exponent 100000…0000 \(401 digits\)/);
  });
  it('stirling1(10000, 5000) is refused before the work', () => {
    const r = check('claim s: stirling1(10000, 5000) > 0\n', 'st.proof', OPTS);
    expect(r.items[0]!.grade).toBe('ERROR');
    expect(r.items[0]!.summary).toMatch(/limit\/stirling/);
  });
});

describe('deterministic witness', () => {
  it('a work budget, not the clock, ends the runs: the same count every time, said explicitly', () => {
    const text = 'var x real\nclaim c: sum(i = 0..200, x^i/i!) * exp(-x) <= exp(0)*2 + x^2\n';
    const opts: CheckOptions = { ...OPTS, numeric: { ...OPTS.numeric, runs: 1000, budget: 200_000 } };
    const a = item(text, 'c', opts);
    const b = item(text, 'c', opts);
    expect(a.numeric?.runs).toBe(b.numeric?.runs);
    expect(a.numeric?.runs).toBeLessThan(1000);
    const inc = a.numeric?.status === 'passed' ? a.numeric.incomplete : a.numeric?.detail;
    expect(inc).toMatch(/witness incomplete: \d+ of 1000 runs \(work budget/);
    expect(a.grade).not.toBe('TESTED');
  });
});

describe('justifications checked (calc `by` rules)', () => {
  const text = 'var x real\ncalc c:\n  (x+1)^2\n    = x^2 + 2*x + 1   by positivity\n    >= 2*x            by algebra\ncalc d:\n  d/dx (x^2)\n    = 2*x   by diff\n    = x + x by algebra\n';
  it('positivity cited for an equality is a located warning naming the procedure that decided the step', () => {
    const c = item(text, 'c');
    expect(c.grade).toBe('PROVED');
    expect(c.warnings?.length).toBe(1);
    const w = c.warnings![0]!;
    expect(w.code).toBe('check/rule-mismatch');
    expect([w.line, w.col]).toEqual([4, 26]);
    expect(w.message).toMatch(/rule 'positivity' cannot justify an equality.*decided by exp-log normal form/);
    expect(w.text).toMatch(/verdicts\.proof:4:26: warning: /);
  });
  it('rules that did decide their steps give no warning', () => {
    expect(item(text, 'd').warnings).toBeUndefined();
  });
  it("'diff' without a derivative, 'series' without a coefficient are warned", () => {
    const r = item('var x real\ncalc e:\n  x*x\n    = x^2 by diff\n    = x^2 + 0 by series\n', 'e');
    expect(r.warnings?.map((w) => w.line)).toEqual([4, 5]);
  });
  it('--strict-rules turns the warning into a failure', () => {
    const r = item(text, 'c', { ...OPTS, strictRules: true });
    expect(r.grade).toBe('ERROR');
    expect(r.summary).toMatch(/--strict-rules/);
    expect(item(text, 'd', { ...OPTS, strictRules: true }).grade).toBe('PROVED');
  });
  it('unknown rule names stay errors', () => {
    expect(item('var x real\ncalc u:\n  x\n    = x by magic\n', 'u').grade).toBe('ERROR');
  });
});
