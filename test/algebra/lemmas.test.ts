import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rational } from '../../src/algebra/rational.ts';
import { Series } from '../../src/algebra/series.ts';
import * as T from '../../src/algebra/term.ts';
import type { Term } from '../../src/algebra/term.ts';
import { seriesOverQ } from '../../src/algebra/qseries.ts';
import {
  entails, LemmaSession, linAdd, proveByTermRatio, linConst, linScale, linSub, linVar, SequenceSession,
  type IExpr, type Lc, type Lin, type Stmt,
} from '../../src/algebra/lemmas.ts';

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42), numRuns: 40 });

const x = 'x';
const X = T.v(x);
const N = 14; // series precision for concrete instances

/** A random polynomial term sum_{i=lo}^{lo+3} c_i x^i with small rational coefficients. */
function arbPoly(lo: number): fc.Arbitrary<Term> {
  return fc.array(fc.tuple(fc.integer({ min: -3, max: 3 }), fc.integer({ min: 1, max: 3 })), { minLength: 4, maxLength: 4 }).map((cs) =>
    T.add(T.ZERO, ...cs.map(([n, d], i) => T.mul(T.num(Rational.frac(BigInt(n), BigInt(d))), T.pow(X, lo + i)))));
}

const ser = (t: Term, n = N): Series => seriesOverQ(t, x, n)!;

/** sum_{i=a}^{b} g^i/i! as a series (b inclusive). */
function expPartial(g: Series, a: number, b: number): Series {
  let acc = Series.zero(g.prec);
  let fact = 1n;
  for (let i = 0; i <= b; i++) {
    if (i > 0) fact *= BigInt(i);
    if (i >= a) acc = acc.add(g.powInt(i).scale(Rational.frac(1n, fact)));
  }
  return acc;
}

const one = (atom: Lc[number]['atom'], coef = Rational.ONE): Lc => [{ coef, atom }];
const conc = (t: Term): Lc[number]['atom'] => ({ k: 'conc', t });
const expsum = (g: Term, lo: Lin, hi: Lin | 'inf'): Lc[number]['atom'] => ({ k: 'expsum', g, lo, hi });

describe('entails (Fourier–Motzkin over the integers)', () => {
  const j = linVar('j');
  const k = linVar('k');
  const hyps = [j, k, linSub(j, k)]; // j >= 0, 0 <= k <= j

  it('decides the facts the theorems need', () => {
    expect(entails(hyps, linSub(linAdd(j, linConst(1n)), linAdd(k, linConst(1n))))).toBe(true); // k < j + 1
    expect(entails(hyps, linSub(linSub(j, k), linConst(1n)))).toBe(false); // k < j fails at k = j
    expect(entails([linSub(j, linConst(1n))], j)).toBe(true);
    expect(entails([linSub(linScale(j, 2n), linConst(1n))], linSub(j, linConst(1n)))).toBe(true); // 2j >= 1 => j >= 1 over Z
  });

  it('is sound: whenever it says yes, no integer point in a box violates the goal', () => {
    const arbLin = fc.tuple(fc.integer({ min: -2, max: 2 }), fc.integer({ min: -2, max: 2 }), fc.integer({ min: -3, max: 3 }))
      .map(([a, b, c]): Lin => linAdd(linAdd(linScale(j, BigInt(a)), linScale(k, BigInt(b))), linConst(BigInt(c))));
    fc.assert(fc.property(fc.array(arbLin, { minLength: 1, maxLength: 3 }), arbLin, (hs, goal) => {
      if (!entails(hs, goal)) return true;
      const val = (l: Lin, jv: bigint, kv: bigint): bigint => l.c + (l.v.get('j') ?? 0n) * jv + (l.v.get('k') ?? 0n) * kv;
      for (let jv = -8n; jv <= 8n; jv++) {
        for (let kv = -8n; kv <= 8n; kv++) {
          if (hs.every((h) => val(h, jv, kv) >= 0n)) expect(val(goal, jv, kv) >= 0n).toBe(true);
        }
      }
      return true;
    }));
  });
});

describe('lemma schemas hold on random concrete instances (series kernel)', () => {
  it('exp_split: sum_{i<=j} g^i/i! = exp(g) - sum_{i>j} g^i/i! when val(g) >= 1', () => {
    fc.assert(fc.property(arbPoly(1), fc.integer({ min: 0, max: 6 }), (g, j) => {
      const gs = ser(g);
      const lhs = expPartial(gs, 0, j);
      const rhs = gs.exp().sub(expPartial(gs, j + 1, N)); // terms i > N vanish below x^N
      expect(lhs.equals(rhs)).toBe(true);
    }));
  });

  it('exp_log / log_exp: exp(log h) = h for h(0) = 1, log(exp g) = g for g(0) = 0', () => {
    fc.assert(fc.property(arbPoly(1), (u) => {
      const h = ser(T.add(T.ONE, u));
      expect(h.log().exp().equals(h)).toBe(true);
      const g = ser(u);
      expect(g.exp().log().equals(g)).toBe(true);
    }));
  });

  it('valuation: val(ab) = val a + val b, val(a + b) >= min, val(g^i) = i val g, and the tail bound', () => {
    fc.assert(fc.property(arbPoly(1), arbPoly(2), fc.integer({ min: 0, max: 5 }), (a, b, j) => {
      const as = ser(a);
      const bs = ser(b);
      if (as.isZero() || bs.isZero()) return;
      expect(as.mul(bs).valuation()).toBe(as.valuation() + bs.valuation());
      const sum = as.add(bs);
      if (!sum.isZero()) expect(sum.valuation()).toBeGreaterThanOrEqual(Math.min(as.valuation(), bs.valuation()));
      const v = as.valuation();
      for (let i = 0; i * v < N; i++) if (i > 0) expect(as.powInt(i).valuation()).toBe(i * v);
      const tail = expPartial(as, j + 1, N);
      if (!tail.isZero()) expect(tail.valuation()).toBeGreaterThanOrEqual(Math.min(N, v * (j + 1)));
    }));
  });

  it('coeff_below_val: [x^k](A - B) = [x^k]A for k < val(B); geometric: [x^k] 1/(1-x) = 1', () => {
    fc.assert(fc.property(arbPoly(0), arbPoly(3), (a, b) => {
      const d = ser(T.sub(a, b));
      const as = ser(a);
      const vb = ser(b).isZero() ? N : ser(b).valuation();
      for (let kk = 0; kk < vb; kk++) expect(d.coeff(kk).eq(as.coeff(kk))).toBe(true);
    }));
    const geo = ser(T.div(T.ONE, T.sub(T.ONE, X)), 30);
    for (let kk = 0; kk < 30; kk++) expect(geo.coeff(kk).eq(Rational.ONE)).toBe(true);
  });

  it('nonnegative coefficients are closed under sums, products and composition', () => {
    const arbNonneg = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 6, maxLength: 6 }).map((cs) => Series.fromCoeffs(cs, N));
    fc.assert(fc.property(arbNonneg, arbNonneg, (a, b) => {
      const nonneg = (s: Series): boolean => s.coeffs().every((c) => c.sign() >= 0);
      expect(nonneg(a.add(b))).toBe(true);
      expect(nonneg(a.mul(b))).toBe(true);
      const inner = Series.fromCoeffs([0, ...b.coeffs().slice(1)], N);
      expect(nonneg(a.compose(inner))).toBe(true);
    }));
  });

  it('strong induction: the recurrence T(n) = (1/n)(sum_{t<n} T(t) + 1) gives 1 for n = 1..40', () => {
    const t: Rational[] = [Rational.ZERO];
    for (let n = 1; n <= 40; n++) {
      let s = Rational.ONE;
      for (let m = 1; m < n; m++) s = s.add(t[m]!);
      t.push(s.div(Rational.of(n)));
      expect(t[n]!.eq(Rational.ONE)).toBe(true);
    }
  });
});

describe('LemmaSession: the reverse-thinking proof', () => {
  const L = T.log(T.div(T.ONE, T.sub(T.ONE, X)));
  const j = linVar('j');
  const k = linVar('k');
  const jp1 = linAdd(j, linConst(1n));
  const f = one(expsum(L, linConst(0n), j));
  const tail = expsum(L, jp1, 'inf');
  const split: Stmt = { k: 'eq', l: f, r: [{ coef: Rational.ONE, atom: conc(T.exp(L)) }, { coef: Rational.MINUS_ONE, atom: tail }] };
  const expLog: Stmt = { k: 'eq', l: one(conc(T.exp(L))), r: one(conc(T.div(T.ONE, T.sub(T.ONE, X)))) };
  const valTail = (bound: Lin): Stmt => ({ k: 'valge', e: one(tail), bound });
  const goal: Stmt = { k: 'coeff', e: f, power: k, value: Rational.ONE };
  const session = (hi: Lin = j): LemmaSession => new LemmaSession(x, ['j', 'k'], [j, k, linSub(hi, k)], goal);

  it('proves [x^k] f_j = 1 for all 0 <= k <= j and mints a certificate', () => {
    const s = session();
    expect(s.step(split, ['exp_split']).ok).toBe(true);
    expect(s.step(expLog, ['exp_log']).ok).toBe(true);
    expect(s.step(valTail(jp1), ['val_tail']).ok).toBe(true);
    expect(s.certificate()).toBeUndefined();
    expect(s.done(['coeff_below_val', 'geometric']).ok).toBe(true);
    expect(s.certificate()?.method).toBe('lemma chain');
  });

  it('rejects k through j + 1 at done, a tail bound of j + 2 at val_tail, and val >= j at done', () => {
    const a = session(jp1);
    a.step(split, ['exp_split']);
    a.step(expLog, ['exp_log']);
    a.step(valTail(jp1), ['val_tail']);
    const r = a.done(['coeff_below_val', 'geometric']);
    expect(r.ok).toBe(false);
    expect(a.certificate()).toBeUndefined();
    const b = session();
    expect(b.step(valTail(linAdd(j, linConst(2n))), ['val_tail']).ok).toBe(false);
    const c = session();
    c.step(split, ['exp_split']);
    c.step(expLog, ['exp_log']);
    c.step(valTail(j), ['val_tail']);
    const rc = c.done(['coeff_below_val', 'geometric']);
    expect(rc.ok).toBe(false);
    if (!rc.ok) expect(rc.reason).toMatch(/coeff_below_val/);
  });

  it('checks side conditions: exp_split needs val(g) >= 1, the tail start b + 1; exp_log needs h(0) = 1', () => {
    const g = T.add(T.ONE, X);
    const bad: Stmt = { k: 'eq', l: one(expsum(g, linConst(0n), j)), r: [{ coef: Rational.ONE, atom: conc(T.exp(g)) }, { coef: Rational.MINUS_ONE, atom: expsum(g, jp1, 'inf') }] };
    expect(session().step(bad, ['exp_split']).ok).toBe(false);
    const shifted: Stmt = { k: 'eq', l: f, r: [{ coef: Rational.ONE, atom: conc(T.exp(L)) }, { coef: Rational.MINUS_ONE, atom: expsum(L, j, 'inf') }] };
    expect(session().step(shifted, ['exp_split']).ok).toBe(false);
    const h = T.add(T.num(2), X);
    expect(session().step({ k: 'eq', l: one(conc(T.exp(T.log(h)))), r: one(conc(h)) }, ['exp_log']).ok).toBe(false);
    expect(session().step(split, ['exp_log']).ok).toBe(false);
  });
});

describe('SequenceSession: strong induction', () => {
  const n = linVar('n');
  const sym = (name: string): IExpr => ({ k: 'sym', name });
  const num = (v: number): IExpr => ({ k: 'num', v: Rational.of(v) });
  const rec = (hiOffset: bigint, body: IExpr): IExpr => ({
    k: '*',
    a: { k: '/', a: num(1), b: sym('n') },
    b: { k: '+', a: { k: 'sum', index: 't', lo: linConst(1n), hi: linAdd(n, linConst(hiOffset)), body }, b: num(1) },
  });
  const tOf: IExpr = { k: 'seq', name: 'T', arg: linVar('t') };

  it('proves T(n) = 1 for all n >= 1 from the recurrence', () => {
    const s = new SequenceSession('n', ['n'], [linSub(n, linConst(1n))], 'T', rec(-1n, tOf), num(1));
    expect(s.step({ k: 'seq', name: 'T', arg: n }, rec(-1n, tOf), ['recurrence']).ok).toBe(true);
    expect(s.step(rec(-1n, tOf), rec(-1n, num(1)), ['strong_induction']).ok).toBe(true);
    expect(s.certificate()).toBeUndefined();
    expect(s.step(rec(-1n, num(1)), num(1), ['algebra']).ok).toBe(true);
    expect(s.certificate()?.method).toBe('strong induction');
  });

  it('rejects the hypothesis at n itself, a false algebra step, and an unbounded parameter', () => {
    const s = new SequenceSession('n', ['n'], [linSub(n, linConst(1n))], 'T', rec(0n, tOf), num(1));
    s.step({ k: 'seq', name: 'T', arg: n }, rec(0n, tOf), ['recurrence']);
    const r = s.step(rec(0n, tOf), rec(0n, num(1)), ['strong_induction']);
    expect(r.ok).toBe(false);
    const direct = new SequenceSession('n', ['n'], [linSub(n, linConst(1n))], 'T', rec(-1n, tOf), num(1));
    expect(direct.step({ k: 'seq', name: 'T', arg: n }, num(1), ['strong_induction']).ok).toBe(false);
    const wrong = new SequenceSession('n', ['n'], [linSub(n, linConst(1n))], 'T', rec(-1n, tOf), num(1));
    wrong.step({ k: 'seq', name: 'T', arg: n }, rec(-1n, tOf), ['recurrence']);
    wrong.step(rec(-1n, tOf), rec(-1n, num(1)), ['strong_induction']);
    expect(wrong.step(rec(-1n, num(1)), num(2), ['algebra']).ok).toBe(false);
    // Ordinary induction: T(n) = T(n-1) proves T(n) = 1 for n >= 1 only with a base;
    // with the recurrence T(n) = T(n-1)*n/n it is usable at n - 1 but not inside a sum over t < n.
    const prev: IExpr = { k: 'seq', name: 'T', arg: linSub(n, linConst(1n)) };
    const ord = new SequenceSession('n', ['n'], [linSub(n, linConst(2n))], 'T', prev, num(1));
    ord.step({ k: 'seq', name: 'T', arg: n }, prev, ['recurrence']);
    expect(ord.step(prev, num(1), ['induction']).ok).toBe(false); // n - 1 >= 2 fails at n = 2: no base case
    const s2 = new SequenceSession('n', ['n'], [linSub(n, linConst(1n))], 'T', rec(-1n, tOf), num(1));
    s2.step({ k: 'seq', name: 'T', arg: n }, rec(-1n, tOf), ['recurrence']);
    expect(s2.step(rec(-1n, tOf), rec(-1n, num(1)), ['induction']).ok).toBe(false);
    expect(s2.step(rec(-1n, tOf), rec(-1n, num(1)), ['strong_induction']).ok).toBe(true);
    const unbounded = new SequenceSession('n', ['n'], [], 'T', rec(-1n, tOf), num(1));
    expect(unbounded.wellFounded()).toBe(false);
  });
});

describe('term_ratio: hypergeometric terms with the same first term and ratio are equal', () => {
  const n = linVar('n');
  const sym: IExpr = { k: 'sym', name: 'n' };
  const num = (v: number): IExpr => ({ k: 'num', v: Rational.of(v) });
  const fact = (b: bigint): IExpr => ({ k: 'fact', arg: linAdd(n, linConst(b)) });
  const div = (a: IExpr, b: IExpr): IExpr => ({ k: '/', a, b });
  const hyps = [linSub(n, linConst(1n))];

  it('proves n/n! = 1/(n-1)! for all n >= 1 and rejects n/n! = 1/n! and a wrong first term', () => {
    const good = proveByTermRatio('n', ['n'], hyps, div(sym, fact(0n)), div(num(1), fact(-1n)));
    expect(good.ok).toBe(true);
    const ratioWrong = proveByTermRatio('n', ['n'], hyps, div(sym, fact(0n)), div(num(1), fact(0n)));
    expect(ratioWrong.ok).toBe(false);
    if (!ratioWrong.ok) expect(ratioWrong.reason).toMatch(/ratios differ/);
    const baseWrong = proveByTermRatio('n', ['n'], hyps, div(num(2), fact(0n)), div(num(1), fact(0n)));
    expect(baseWrong.ok).toBe(false);
    // (n-1)! is undefined at n = 0: not for n >= 0.
    expect(proveByTermRatio('n', ['n'], [n], div(sym, fact(0n)), div(num(1), fact(-1n))).ok).toBe(false);
  });

  it('the schema holds on random concrete instances: equal ratios and first terms give equal terms', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 5 }), (b, c, n0) => {
      // a(n) = c*(n+b)!/(n0+b)!, b(n) = c*prod_{m=n0+1}^{n} (m+b): same start, same ratio n+1+b.
      let a = Rational.of(c);
      let bb = Rational.of(c);
      const f = (m: number): bigint => { let r = 1n; for (let i = 2; i <= m; i++) r *= BigInt(i); return r; };
      for (let m = n0; m < n0 + 8; m++) {
        a = Rational.frac(BigInt(c) * f(m + b), f(n0 + b));
        if (m > n0) bb = bb.mul(Rational.of(m + b));
        expect(a.eq(bb)).toBe(true);
      }
    }));
  });
});
