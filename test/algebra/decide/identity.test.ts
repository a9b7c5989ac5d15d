import { describe, expect, it } from 'vitest';
import { decideEqual, findCounterexample, gridFor } from '../../../src/algebra/decide/identity.ts';
import { NormalContext } from '../../../src/algebra/normal/normal.ts';
import { diff } from '../../../src/algebra/decide/diff.ts';
import { q, Rational } from '../../../src/algebra/numbers/rational.ts';
import * as T from '../../../src/algebra/containers/term.ts';
import type { Assumptions, Term, VarAssumption } from '../../../src/algebra/containers/term.ts';

const { v, num, add, sub, mul, div, pow, exp, log } = T;

/** Assumptions from a compact spec: name -> [lo, loOpen, hi, hiOpen] (undefined = infinite). */
function asm(spec: Record<string, [string | undefined, boolean, string | undefined, boolean]>): Assumptions {
  const m = new Map<string, VarAssumption>();
  for (const [k, [lo, lo_o, hi, hi_o]] of Object.entries(spec)) {
    m.set(k, {
      ...(lo !== undefined ? { lo: { value: q(lo), open: lo_o } } : {}),
      ...(hi !== undefined ? { hi: { value: q(hi), open: hi_o } } : {}),
    });
  }
  return m;
}
const NONE: Assumptions = new Map();
const positiveVars = (...names: string[]): Assumptions => asm(Object.fromEntries(names.map((n) => [n, ['0', true, undefined, true]])));

const eta = v('eta');
const sigma = (z: Term): Term => div(num(1), add(num(1), exp(T.neg(z))));

function proved(l: Term, r: Term, a: Assumptions = NONE): void {
  const verdict = decideEqual(l, r, a);
  if (verdict.status !== 'proved') throw new Error(`not proved: ${T.termToString(l)} = ${T.termToString(r)}: ${JSON.stringify(verdict, (_k, x) => (typeof x === 'bigint' ? String(x) : x instanceof Map ? [...x].map(([k, y]) => `${k}=${y}`) : x instanceof Rational ? x.toString() : x))}`);
}

function notProved(l: Term, r: Term, a: Assumptions = NONE): string {
  const verdict = decideEqual(l, r, a);
  expect(verdict.status).not.toBe('proved');
  return verdict.status;
}

describe('decideEqual: must be proved', () => {
  it('sigmoid forms', () => {
    proved(div(exp(eta), add(num(1), exp(eta))), sigma(eta));
  });
  it('softplus derivatives', () => {
    const A = log(add(num(1), exp(eta)));
    proved(diff(A, 'eta'), sigma(eta));
    proved(diff(A, 'eta', 2), mul(sigma(eta), sub(num(1), sigma(eta))));
  });
  it('Gaussian log-partition', () => {
    const e1 = v('eta1');
    const e2 = v('eta2');
    const A = sub(T.neg(div(pow(e1, 2), mul(num(4), e2))), div(log(mul(num(-2), e2)), num(2)));
    const a = asm({ eta2: [undefined, true, '0', true] });
    const s2a = positiveVars('s2');
    const subst = (t: Term): Term => T.substitute(t, new Map([['eta1', div(v('mu'), v('s2'))], ['eta2', div(num(-1), mul(num(2), v('s2')))]]));
    // As functions of (eta1, eta2) with eta2 < 0:
    proved(diff(A, 'eta1'), mul(num(-1), e1, pow(mul(num(2), e2), -1)), a);
    // Substituted into (mu, s2):
    proved(subst(diff(A, 'eta1')), v('mu'), s2a);
    proved(subst(diff(A, 'eta1', 2)), v('s2'), s2a);
    proved(subst(diff(A, 'eta2')), add(pow(v('mu'), 2), v('s2')), s2a);
    // not proved: sign flipped / factor dropped / log removed
    notProved(subst(diff(A, 'eta1')), T.neg(v('mu')), s2a);
    notProved(subst(diff(A, 'eta1', 2)), mul(num(2), v('s2')), s2a);
    const Anolog = sub(T.neg(div(pow(e1, 2), mul(num(4), e2))), div(mul(num(-2), e2), num(2)));
    notProved(subst(diff(Anolog, 'eta2')), add(pow(v('mu'), 2), v('s2')), s2a);
  });
  it('NCE loss derivative', () => {
    const s = v('s');
    const a = v('a');
    const b = v('b');
    const loss = sub(mul(T.neg(a), log(sigma(s))), mul(b, log(sub(num(1), sigma(s)))));
    const A = positiveVars('a', 'b');
    const rhs = sub(mul(b, sigma(s)), mul(a, sub(num(1), sigma(s))));
    proved(diff(loss, 's'), rhs, A);
    notProved(diff(loss, 's'), add(mul(b, sigma(s)), mul(a, sub(num(1), sigma(s)))), A);
    notProved(diff(loss, 's'), sub(mul(num(2), b, sigma(s)), mul(a, sub(num(1), sigma(s)))), A);
    const noLog = sub(mul(T.neg(a), sigma(s)), mul(b, sub(num(1), sigma(s))));
    notProved(diff(noLog, 's'), rhs, A);
  });
  it('NCE log Z', () => {
    const G = v('G');
    const Z = v('Z');
    const U = v('U');
    const A = positiveVars('Z', 'U');
    proved(log(div(div(exp(G), Z), U)), sub(sub(G, log(Z)), log(U)), A);
    notProved(log(div(div(exp(G), Z), U)), add(sub(G, log(Z)), log(U)), A);
    notProved(log(div(div(exp(G), Z), U)), sub(sub(G, log(Z)), log(U)), NONE);
  });
});

describe('decideEqual: truncated exponential of the log series', () => {
  const p = v('p');
  const A = asm({ p: ['0', false, '1', true] });
  const L = log(div(num(1), sub(num(1), p)));
  const fact = (n: number): bigint => (n <= 1 ? 1n : BigInt(n) * fact(n - 1));
  const f = (j: number): Term => (j < 0 ? num(0) : add(...Array.from({ length: j + 1 }, (_, i) => div(pow(L, i), num(fact(i))))));
  const omp = sub(num(1), p);
  for (let j = 1; j <= 6; j++) {
    it(`j = ${j}: first, second and third derivatives`, () => {
      proved(diff(f(j), 'p'), div(f(j - 1), omp), A);
      proved(diff(f(j), 'p', 2), div(add(f(j - 1), f(j - 2)), pow(omp, 2)), A);
      proved(diff(f(j), 'p', 3), div(add(mul(num(2), f(j - 1)), mul(num(3), f(j - 2)), f(j - 3)), pow(omp, 3)), A);
      notProved(diff(f(j), 'p'), div(f(j), omp), A);
      notProved(diff(f(j), 'p', 2), div(sub(f(j - 2), f(j - 1)), pow(omp, 2)), A);
      notProved(diff(f(j), 'p', 3), div(add(f(j - 1), mul(num(3), f(j - 2)), f(j - 3)), pow(omp, 3)), A);
    });
  }
});

describe('decideEqual: must not be proved', () => {
  it('log(uv) = log u + log v without positivity', () => {
    const u = v('u');
    const w = v('w');
    expect(decideEqual(log(mul(u, w)), add(log(u), log(w)), NONE).status).toBe('unknown');
    expect(decideEqual(log(mul(u, w)), add(log(u), log(w)), positiveVars('u', 'w')).status).toBe('proved');
    expect(decideEqual(log(mul(u, w)), add(log(u), log(w)), positiveVars('u')).status).toBe('unknown');
  });
  it('mu(1-mu) = mu(1+mu) is refuted at a rational point', () => {
    const mu = v('mu');
    const r = decideEqual(mul(mu, sub(num(1), mu)), mul(mu, add(num(1), mu)), NONE);
    expect(r.status).toBe('refuted');
    if (r.status === 'refuted') {
      const m = r.point.get('mu')!;
      expect(m.mul(Rational.ONE.sub(m)).eq(r.lhs)).toBe(true);
      expect(m.mul(Rational.ONE.add(m)).eq(r.rhs)).toBe(true);
      expect(r.lhs.eq(r.rhs)).toBe(false);
    }
  });
  it('sigmoid with a factor 2 is refuted at eta = 0 (exp(0) = 1 exactly)', () => {
    const r = decideEqual(div(exp(eta), add(num(1), exp(eta))), div(num(2), add(num(1), exp(T.neg(eta)))), NONE);
    expect(r.status).toBe('refuted');
    if (r.status === 'refuted') expect(r.point.get('eta')!.isZero()).toBe(true);
  });
  it('sigmoid with a sign flipped is not proved (it agrees at the only exact point eta = 0)', () => {
    expect(decideEqual(div(exp(eta), add(num(1), exp(eta))), div(num(1), add(num(1), exp(eta))), NONE).status).toBe('unknown');
  });
  it('pure rational functions with a dropped factor are refuted', () => {
    const x = v('x');
    const r = decideEqual(div(sub(pow(x, 2), num(1)), sub(x, num(1))), add(x, num(2)), NONE);
    expect(r.status).toBe('refuted');
  });
});

describe('counterexample search respects the assumptions', () => {
  it('grid points lie inside the interval', () => {
    const g = gridFor({ lo: { value: q(0), open: false }, hi: { value: q(1), open: true } }, 10);
    expect(g.length).toBe(10);
    for (const x of g) expect(x.sign() >= 0 && x.cmp(Rational.ONE) < 0).toBe(true);
  });
  it('(x^2-1)/(x-1) = x + 1 is proved and no counterexample at the pole x = 1', () => {
    const x = v('x');
    const l = div(sub(pow(x, 2), num(1)), sub(x, num(1)));
    expect(decideEqual(l, add(x, num(1)), NONE).status).toBe('proved');
    expect(findCounterexample(l, add(x, num(1)), NONE)).toBeUndefined();
  });
  it('the normal form is canonical for equal atoms: exp(-eta) and 1/exp(eta) coincide', () => {
    const ctx = new NormalContext(NONE);
    const a = ctx.normalize(exp(T.neg(eta)));
    const b = ctx.normalize(div(num(1), exp(eta)));
    expect(a.equals(b)).toBe(true);
    expect(a.toString()).toBe(b.toString());
    expect(a.equals(ctx.normalize(exp(eta)))).toBe(false);
  });
});
