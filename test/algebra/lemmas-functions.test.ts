/**
 * The lemma kernel's inequalities between functions (nonneg_series) and strict
 * coefficient bounds (nonneg_closure, strict), exercised on random concrete instances
 * against the series kernel and float evaluation, plus planted wrong statements.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rational } from '../../src/algebra/numbers/rational.ts';
import { Series } from '../../src/algebra/containers/series.ts';
import * as T from '../../src/algebra/containers/term.ts';
import type { Term, VarAssumption } from '../../src/algebra/containers/term.ts';
import { seriesOverQ } from '../../src/algebra/containers/qseries.ts';
import { inPositiveSeriesClass, nonnegSeriesRadius } from '../../src/algebra/decide/positivity.ts';
import { LemmaSession, linAdd, linConst, linSub, linVar, type Atom, type Lc, type Lin, type Stmt } from '../../src/algebra/theorems/lemmas.ts';
import { evalFloat } from '../helpers/terms.ts';

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42), numRuns: 60 });

const x = 'x';
const X = T.v(x);
const ORDER = 24;
const ser = (t: Term, n = ORDER): Series | undefined => seriesOverQ(t, x, n);
const L = T.fn('log', T.div(T.ONE, T.sub(T.ONE, X)));
const geo = (c: Rational): Term => T.div(T.ONE, T.sub(T.ONE, T.mul(T.num(c), X)));

/** Leaves biased to the class's generators, with planted members outside it. */
function arbTerm(depth: number): fc.Arbitrary<Term> {
  const c = fc.constantFrom(Rational.frac(1n, 2n), Rational.ONE, Rational.of(2), Rational.of(-1));
  const leaf: fc.Arbitrary<Term> = fc.oneof(
    fc.constant(X),
    fc.integer({ min: -1, max: 2 }).map((n) => T.num(n)),
    c.map(geo),
    c.map((k) => T.fn('log', geo(k))),
    fc.constant(T.neg(T.fn('log', T.sub(T.ONE, X)))),
    fc.constant(T.fn('log', T.sub(T.ONE, X))),
    fc.constant(T.sub(T.ONE, X)),
    fc.constant(T.fn('sin', X)),
  );
  if (depth === 0) return leaf;
  const sub = arbTerm(depth - 1);
  return fc.oneof(
    { arbitrary: leaf, weight: 3 },
    { arbitrary: fc.tuple(sub, sub).map(([a, b]) => T.add(a, b)), weight: 2 },
    { arbitrary: fc.tuple(sub, sub).map(([a, b]) => T.mul(a, b)), weight: 2 },
    { arbitrary: sub.map((a) => T.fn('exp', a)), weight: 1 },
    { arbitrary: fc.tuple(fc.integer({ min: -1, max: 3 }), sub).map(([k, a]) => T.mul(T.num(k), a)), weight: 1 },
  );
}

/** sum_{i=a}^{b} g^i (/i! when `fact`) as a series; b = undefined means through the precision. */
function powerSum(g: Series, a: number, b: number | undefined, fact: boolean): Series {
  let acc = Series.zero(g.prec);
  let f = 1n;
  const top = b ?? g.prec;
  for (let i = 0; i <= top; i++) {
    if (i > 0) f *= BigInt(i);
    if (i >= a) acc = acc.add(g.powInt(i).scale(fact ? Rational.frac(1n, f) : Rational.ONE));
  }
  return acc;
}

const atomConcrete = (a: Atom, j: bigint): Series | undefined => {
  const at = (l: Lin): number => Number(l.c + (l.v.get('j') ?? 0n) * j);
  if (a.k === 'conc') return ser(a.t);
  const g = ser(a.g);
  if (!g) return undefined;
  return powerSum(g, at(a.lo), a.hi === 'inf' ? undefined : at(a.hi), a.k === 'expsum');
};

function lcSeries(e: Lc, j: bigint): Series | undefined {
  let acc = Series.zero(ORDER);
  for (const { coef, atom } of e) {
    const s = atomConcrete(atom, j);
    if (!s) return undefined;
    acc = acc.add(s.scale(coef));
  }
  return acc;
}

function lcFloat(e: Lc, j: bigint, xv: number): number {
  const at = (l: Lin): number => Number(l.c + (l.v.get('j') ?? 0n) * j);
  let acc = 0;
  for (const { coef, atom } of e) {
    if (atom.k === 'conc') {
      acc += coef.toNumber() * evalFloat(atom.t, { x: xv });
      continue;
    }
    const g = evalFloat(atom.g, { x: xv });
    const lo = at(atom.lo);
    const hi = atom.hi === 'inf' ? lo + 400 : at(atom.hi);
    let s = 0;
    let f = 1;
    for (let i = 0; i <= hi; i++) {
      if (i > 0) f *= atom.k === 'expsum' ? i : 1;
      if (i >= lo) s += Math.pow(g, i) / f;
    }
    acc += coef.toNumber() * s;
  }
  return acc;
}

const one = (atom: Atom, coef = Rational.ONE): Lc => [{ coef, atom }];
const dom = (lo: Rational, hi: Rational, loOpen = false): VarAssumption => ({ lo: { value: lo, open: loOpen }, hi: { value: hi, open: true } });
const j = linVar('j');
const k = linVar('k');

describe('the structural classes behind nonneg_series', () => {
  it('inPositiveSeriesClass: every accepted term has all coefficients of degree >= 1 positive (order 24)', () => {
    let accepted = 0;
    fc.assert(fc.property(arbTerm(2), (t) => {
      if (!inPositiveSeriesClass(t, x, new Map())) return;
      const s = ser(t);
      if (!s) return; // irrational coefficients (exp with a constant term): not used by the kernel
      accepted++;
      expect(s.coeff(0).sign() >= 0, T.termToString(t)).toBe(true);
      for (let n = 1; n < ORDER; n++) expect(s.coeff(n).sign() > 0, `${T.termToString(t)} at x^${n}`).toBe(true);
    }), { numRuns: 400 });
    expect(accepted).toBeGreaterThan(15);
  });

  it('nonnegSeriesRadius: the series converges to the value inside the radius (partial sums at R/3)', () => {
    let checked = 0;
    fc.assert(fc.property(arbTerm(2), (t) => {
      const r = nonnegSeriesRadius(t, x, new Map());
      if (!r) return;
      const s = ser(t, 80);
      if (!s) return;
      const xv = r.radius === undefined ? 0.3 : r.radius.toNumber() / 3;
      const value = evalFloat(t, { x: xv });
      let sum = 0;
      for (let n = 0; n < 80; n++) sum += s.coeff(n).toNumber() * Math.pow(xv, n);
      checked++;
      expect(Math.abs(sum - value), `${T.termToString(t)} at ${xv}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(value)));
    }), { numRuns: 200 });
    expect(checked).toBeGreaterThan(20);
  });

  it('planted: generators outside the classes are refused', () => {
    expect(nonnegSeriesRadius(T.fn('log', T.sub(T.ONE, X)), x, new Map())).toBeUndefined();
    expect(nonnegSeriesRadius(T.fn('sin', X), x, new Map())).toBeUndefined();
    expect(nonnegSeriesRadius(L, x, new Map())?.radius?.toString()).toBe('1');
    expect(nonnegSeriesRadius(geo(Rational.of(2)), x, new Map())?.radius?.toString()).toBe('1/2');
    expect(inPositiveSeriesClass(X, x, new Map())).toBe(false); // x^2, x^3, ... have coefficient 0
    expect(inPositiveSeriesClass(T.mul(X, L), x, new Map())).toBe(false);
    expect(inPositiveSeriesClass(L, x, new Map())).toBe(true);
  });
});

describe('nonneg_closure, strict: [x^k] atom > 0', () => {
  it('random instances: an accepted [x^k] e > 0 holds for every k in the range', () => {
    const gs = fc.constantFrom(X, L, T.mul(T.num(2), X), T.add(X, T.pow(X, 2)), T.add(L, X), T.sub(geo(Rational.ONE), T.ONE), T.mul(X, L), T.fn('log', T.sub(T.ONE, X)));
    let accepted = 0;
    fc.assert(fc.property(gs, fc.boolean(), fc.integer({ min: 0, max: 3 }), fc.option(fc.integer({ min: 0, max: 4 })), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 4 }),
      (g, fact, lo, len, k0, klen) => {
        const hi: Lin | 'inf' = len === null ? 'inf' : linConst(BigInt(lo + len));
        const atom: Atom = { k: fact ? 'expsum' : 'geosum', g, lo: linConst(BigInt(lo)), hi };
        const s = new LemmaSession(x, ['k'], [linSub(k, linConst(BigInt(k0))), linSub(linConst(BigInt(k0 + klen)), k)],
          { k: 'coeff', e: one(atom), power: k, value: Rational.ZERO, rel: '>' });
        if (!s.done(['nonneg_closure']).ok) return;
        accepted++;
        const series = atomConcrete(atom, 0n)!;
        for (let kk = k0; kk <= k0 + klen; kk++) expect(series.coeff(kk).sign() > 0, `[x^${kk}] sum(i = ${lo}..${len === null ? 'inf' : lo + len}, (${T.termToString(g)})^i${fact ? '/i!' : ''})`).toBe(true);
      }), { numRuns: 400 });
    expect(accepted).toBeGreaterThan(30);
  });

  it('planted: a summand outside the range, a base with zero coefficients, and a non-strict sign are not strict', () => {
    const goal = (atom: Atom, hyps: Lin[], rel: '>' | '<' = '>', value = Rational.ZERO): LemmaSession =>
      new LemmaSession(x, ['j', 'k'], hyps, { k: 'coeff', e: one(atom), power: k, value, rel });
    // [x^k] sum(i = 0..j, x^i/i!) = 1/k! only for k <= j
    const r1 = goal({ k: 'expsum', g: X, lo: linConst(0n), hi: j }, [j, linSub(k, linAdd(j, linConst(1n)))]).done(['nonneg_closure']);
    expect(r1.ok).toBe(false);
    if (!r1.ok) expect(r1.reason).toMatch(/not shown to be strictly raised/);
    // f_0 = 1: [x^k] f_j > 0 fails at j = 0, k = 1
    expect(goal({ k: 'expsum', g: L, lo: linConst(0n), hi: j }, [j, k]).done(['nonneg_closure']).ok).toBe(false);
    // with j >= 1 it holds
    expect(goal({ k: 'expsum', g: L, lo: linConst(0n), hi: j }, [linSub(j, linConst(1n)), k]).done(['nonneg_closure']).ok).toBe(true);
    // x*L has [x^1] = 0: no strictness at k = 1
    expect(goal({ k: 'expsum', g: T.mul(X, L), lo: linConst(1n), hi: 'inf' }, [linSub(k, linConst(1n)), linSub(linConst(1n), k)]).done(['nonneg_closure']).ok).toBe(false);
  });
});

describe('nonneg_series: inequalities between functions from their coefficients', () => {
  const split: Stmt = { k: 'eq', l: one({ k: 'expsum', g: L, lo: linConst(0n), hi: j }), r: [{ coef: Rational.ONE, atom: { k: 'conc', t: T.fn('exp', L) } }, { coef: Rational.MINUS_ONE, atom: { k: 'expsum', g: L, lo: linAdd(j, linConst(1n)), hi: 'inf' } }] };
  const expLog: Stmt = { k: 'eq', l: one({ k: 'conc', t: T.fn('exp', L) }), r: one({ k: 'conc', t: geo(Rational.ONE) }) };
  const tailVal: Stmt = { k: 'valge', e: one({ k: 'expsum', g: L, lo: linAdd(j, linConst(1n)), hi: 'inf' }), bound: linAdd(j, linConst(1n)) };
  const rules = ['nonneg_series', 'coeff_below_val', 'geometric', 'nonneg_closure'];
  const showcase = (hi: Lin, rel: '<=' | '<', d: VarAssumption, hyps: Lin[] = [j]): LemmaSession => {
    const s = new LemmaSession(x, ['j'], hyps, { k: 'fnrel', l: one({ k: 'geosum', g: X, lo: linConst(0n), hi }), r: one({ k: 'expsum', g: L, lo: linConst(0n), hi: j }), rel }, d);
    expect(s.step(split, ['exp_split']).ok).toBe(true);
    expect(s.step(expLog, ['exp_log']).ok).toBe(true);
    expect(s.step(tailVal, ['val_tail']).ok).toBe(true);
    return s;
  };

  it('proves sum_{i<=j} x^i <= f_j on [0, 1) for every j, with a certificate naming the domain', () => {
    const s = showcase(j, '<=', dom(Rational.ZERO, Rational.ONE));
    expect(s.done(rules)).toMatchObject({ ok: true });
    expect(s.certificate()?.statement).toMatch(/every x in \[0, 1\): sum\(i = 0\.\.j, x\^i\) <= sum\(i = 0\.\.j, .*\^i\/i!\)$/);
    // and the strict version on (0, 1) for j >= 1 (the coefficient of x^(j+1) is positive)
    const strict = showcase(j, '<', dom(Rational.ZERO, Rational.ONE, true), [linSub(j, linConst(1n))]);
    expect(strict.done(rules).ok).toBe(true);
  });

  it('planted: one term too many, a domain past the radius, strictness at x = 0 or j = 0, no nonneg_series', () => {
    const tooMany = showcase(linAdd(j, linConst(1n)), '<=', dom(Rational.ZERO, Rational.ONE)).done(rules);
    expect(tooMany.ok).toBe(false);
    if (!tooMany.ok) expect(tooMany.reason).toMatch(/must all be >= 0, but for k with k >= 0, j - k \+ 1 >= 0/);
    const far = showcase(j, '<=', dom(Rational.ZERO, Rational.of(2))).done(rules);
    expect(far.ok).toBe(false);
    if (!far.ok) expect(far.reason).toMatch(/converges on \[0, 1\), but the domain of x is \[0, 2\)/);
    const negative = showcase(j, '<=', dom(Rational.of(-1), Rational.frac(1n, 2n))).done(rules);
    expect(negative.ok).toBe(false);
    // both sides are 1 at x = 0
    expect(showcase(j, '<', dom(Rational.ZERO, Rational.ONE), [linSub(j, linConst(1n))]).done(rules).ok).toBe(false);
    // f_0 = 1 = sum_{i<=0} x^i: not strict at j = 0
    expect(showcase(j, '<', dom(Rational.ZERO, Rational.ONE, true)).done(rules).ok).toBe(false);
    const uncited = showcase(j, '<=', dom(Rational.ZERO, Rational.ONE)).done(rules.filter((r) => r !== 'nonneg_series'));
    expect(uncited.ok).toBe(false);
    if (!uncited.ok) expect(uncited.reason).toMatch(/needs nonneg_series/);
    // a base outside the class (log(1 - x) has negative coefficients)
    const bad = new LemmaSession(x, ['j'], [j], { k: 'fnrel', l: [], r: one({ k: 'expsum', g: T.neg(T.fn('log', T.sub(T.ONE, X))), lo: linConst(0n), hi: j }), rel: '<=' }, dom(Rational.ZERO, Rational.ONE));
    expect(bad.done(rules).ok).toBe(true); // -log(1 - x) is in the class
    const bad2 = new LemmaSession(x, ['j'], [j], { k: 'fnrel', l: [], r: one({ k: 'expsum', g: T.fn('sin', X), lo: linConst(0n), hi: j }), rel: '<=' }, dom(Rational.ZERO, Rational.ONE));
    expect(bad2.done(rules).ok).toBe(false);
  });

  it('random instances: an accepted l <= r holds coefficient-wise and at points of the domain, for j = 0..3', () => {
    const bases = fc.constantFrom(X, L, T.mul(T.num(2), X), T.add(X, T.pow(X, 2)), geo(Rational.frac(1n, 2n)), T.sub(geo(Rational.ONE), T.ONE), T.fn('sin', X));
    const linj = fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: -1, max: 2 })).map(([a, b]): Lin => linAdd(a === 1 ? j : linConst(0n), linConst(BigInt(b))));
    const atom: fc.Arbitrary<Atom> = fc.oneof(
      fc.tuple(bases, linj, fc.option(linj)).map(([g, lo, hi]): Atom => ({ k: 'expsum', g, lo, hi: hi ?? 'inf' })),
      fc.tuple(linj, fc.option(linj)).map(([lo, hi]): Atom => ({ k: 'geosum', g: X, lo, hi: hi ?? 'inf' })),
      fc.constantFrom<Atom>({ k: 'conc', t: geo(Rational.ONE) }, { k: 'conc', t: L }, { k: 'conc', t: T.ONE }, { k: 'conc', t: X }),
    );
    const term = fc.tuple(fc.integer({ min: -2, max: 2 }), atom).map(([c, a]) => ({ coef: Rational.of(c), atom: a }));
    const his = fc.constantFrom(Rational.frac(1n, 2n), Rational.ONE, Rational.of(2));
    let accepted = 0;
    fc.assert(fc.property(fc.array(term, { minLength: 1, maxLength: 2 }), fc.array(term, { minLength: 1, maxLength: 2 }), fc.boolean(), his, (l, r, strict, hi) => {
      const d = dom(Rational.ZERO, hi, strict);
      const s = new LemmaSession(x, ['j'], [j, linSub(linConst(3n), j)], { k: 'fnrel', l, r, rel: strict ? '<' : '<=' }, d);
      if (!s.done(rules).ok) return;
      accepted++;
      for (let jj = 0n; jj <= 3n; jj++) {
        const ls = lcSeries(l, jj)!;
        const rs = lcSeries(r, jj)!;
        const diff = rs.sub(ls);
        for (let n = 0; n < ORDER; n++) expect(diff.coeff(n).sign() >= 0, `[x^${n}] at j = ${jj}`).toBe(true);
        for (const t of [0, 0.25, 0.5, 0.9]) {
          const xv = t * hi.toNumber();
          if (strict && xv === 0) continue;
          const gap = lcFloat(r, jj, xv) - lcFloat(l, jj, xv);
          expect(strict ? gap > 0 : gap >= -1e-9, `at x = ${xv}, j = ${jj}`).toBe(true);
        }
      }
    }), { numRuns: 500 });
    expect(accepted).toBeGreaterThan(20);
  });
});
