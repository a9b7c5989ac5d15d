/**
 * Work shared between the instances of a quantified claim (issue 12), computed two
 * ways: qseries's sum reusing its memoised shorter sum, the kernel's precision hint,
 * the Laurent series read lazily from a Series, and the series rule of positivity
 * reading qseries's memo, each against the plain computation of the same thing.
 * A wrongly keyed reuse (the wrong summand dropped, a coefficient read past the
 * precision computed, a memo entry of another term) makes these comparisons fail;
 * the planted-bug cases below state such wrong versions and check that they differ.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rational } from '../../src/algebra/numbers/rational.ts';
import { Series } from '../../src/algebra/containers/series.ts';
import { seriesOverQ } from '../../src/algebra/containers/qseries.ts';
import * as T from '../../src/algebra/containers/term.ts';
import type { Term } from '../../src/algebra/containers/term.ts';
import { laurentQ, LaurentSeries } from '../../src/algebra/theorems/termseries.ts';
import { seriesCoefficient, seriesTarget, decideRelation } from '../../src/algebra/kernel.ts';
import { proveSeriesNonneg, provePositivity } from '../../src/algebra/decide/positivity.ts';
import { LowerMemo } from '../../src/proofs/lower.ts';
import { signOf } from '../../src/algebra/refutation/signs.ts';
import { DEFAULT_LIMITS } from '../../src/proofs/limits.ts';

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42), numRuns: 60 });

const p = T.v('p');
const L = T.fn('log', T.div(T.ONE, T.sub(T.ONE, p)));
const fact = (i: number): bigint => (i <= 1 ? 1n : BigInt(i) * fact(i - 1));
/** L^i/i! as the checker lowers it. */
const term = (i: number): Term => T.div(T.pow(L, i), T.num(Rational.of(fact(i))));
/** f(j) = sum_{i<=j} L^i/i!. */
const f = (j: number): Term => T.add(...Array.from({ length: j + 1 }, (_, i) => term(i)));
/** The series of a sum as the sum of its summands' series (no memo of the sum itself). */
const bySummands = (t: Term, n: number): Series => (t.k === 'add' ? t.args : [t]).map((a) => seriesOverQ(a, 'p', n)!).reduce((s, q) => s.add(q));

/** Summands biased to constants, p^k, L^i and products with p. */
const arbSummand: fc.Arbitrary<Term> = fc.oneof(
  fc.constantFrom(0, 1, -1, 7, 1n << 70n).map((c) => T.num(Rational.of(c))),
  fc.integer({ min: 1, max: 6 }).map((k) => T.pow(p, k)),
  fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: -3, max: 3 })).map(([i, c]) => T.mul(T.num(Rational.frac(BigInt(c || 1), 3n)), T.pow(L, i))),
  fc.integer({ min: 0, max: 3 }).map((k) => T.mul(T.pow(p, k), L)),
);

describe('qseries: a sum reuses its memoised shorter sum', () => {
  it('f(j) after f(j - 1) equals the sum of its summands, for every j and precision', () => {
    for (const n of [1, 2, 9, 33]) {
      for (let j = 0; j <= 12; j++) {
        // f(j - 1) was just expanded at n, so f(j) takes the shorter-sum route
        const s = seriesOverQ(f(j), 'p', n)!;
        expect(s.equals(bySummands(f(j), n))).toBe(true);
        expect(s.prec).toBe(n);
      }
    }
  });

  it('random sums, their shorter sums expanded first, agree with the summands summed', () => {
    fc.assert(
      fc.property(fc.array(arbSummand, { minLength: 3, maxLength: 7 }), fc.integer({ min: 1, max: 24 }), (args, n) => {
        const t = T.add(...args);
        if (t.k !== 'add' || t.args.length < 3) return;
        // the shorter sum the memo is searched for: every summand but the last non-constant one
        const i = t.args[t.args.length - 1]!.k === 'const' ? t.args.length - 2 : t.args.length - 1;
        seriesOverQ({ k: 'add', args: [...t.args.slice(0, i), ...t.args.slice(i + 1)] }, 'p', n);
        // and near misses a wrongly built key could find: without the constant, without
        // the first summand, the sum up to but excluding the last two
        for (const near of [t.args.filter((a) => a.k !== 'const'), t.args.slice(1), t.args.slice(0, -2)]) {
          if (near.length >= 2) seriesOverQ({ k: 'add', args: near }, 'p', n);
        }
        expect(seriesOverQ(t, 'p', n)!.equals(bySummands(t, n))).toBe(true);
      }),
    );
  });

  it('planted bug: dropping the first summand instead of the last would change f(j)', () => {
    for (const n of [4, 9]) {
      const j = 5;
      const right = seriesOverQ(f(j), 'p', n)!;
      const args = (f(j) as { args: readonly Term[] }).args;
      // the wrong reuse: f(j) = (f(j) without its FIRST summand) + its LAST one
      const wrong = seriesOverQ({ k: 'add', args: args.slice(1) }, 'p', n)!.add(seriesOverQ(args[args.length - 2]!, 'p', n)!);
      expect(wrong.equals(right)).toBe(false);
    }
  });
});

describe('the kernel series memo with a precision hint', () => {
  it('seriesTarget: at least the request, at most the limit unless the request is above it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 400 }), fc.option(fc.integer({ min: 0, max: 300 })), fc.integer({ min: 0, max: 2000 }), (order, max, prev, hint) => {
        const t = seriesTarget(order, max, prev ?? undefined, hint);
        expect(t).toBeGreaterThanOrEqual(order);
        expect(t).toBeLessThanOrEqual(Math.max(order, max));
        if (order <= max) expect(t).toBeGreaterThanOrEqual(Math.min(hint, max));
      }),
    );
    // planted bug: a target below the request would leave x^order-1 unknown
    expect(seriesTarget(40, 400, undefined, 8)).toBe(40);
  });

  it('every coefficient is the same with any hint (none, small, beyond the limit) as read off one expansion', () => {
    const limits = { maxSeriesOrder: 120, maxExponent: 10_000, maxBigIntBits: 1_000_000, maxDerivativeOrder: 20 };
    const bodies = [T.add(f(6), T.pow(p, 3)), T.fn('exp', T.mul(T.num(Rational.frac(2n, 3n)), L)), T.div(T.ONE, T.add(T.ONE, T.mul(T.num(Rational.of(-5)), p)))];
    for (const body of bodies) {
      const reference = seriesOverQ(body, 'p', 100)!;
      [undefined, 0, 3, 64, 10_000].forEach((hint, h) => {
        // a term of its own per hint (the memo is keyed by term text), with the same
        // coefficients below p^150: body + (h + 1) p^150
        const fresh = T.add(body, T.mul(T.num(Rational.of(h + 1)), T.pow(p, 150)));
        for (const k of [0, 1, 7, 30, 99, 8, 2]) {
          const c = seriesCoefficient(fresh, 'p', k, new Map(), limits, hint);
          expect(c.k === 'const' && c.value.eq(reference.coeff(k))).toBe(true);
        }
      });
    }
  });

  it('when the hinted precision fails, the error is the one without a hint (same verdict, same message)', () => {
    const limits = { ...DEFAULT_LIMITS };
    const x = T.v('x');
    const zeroDivisor = T.div(T.ONE, T.sub(T.fn('sin', x), T.fn('sin', x)));
    const message = (hint?: number): string => {
      try {
        seriesCoefficient(zeroDivisor, 'x', 1, new Map(), limits, hint);
        return 'no error';
      } catch (e) {
        return `${(e as { code?: string }).code}: ${(e as Error).message}`;
      }
    };
    const plain = message();
    expect(plain).toMatch(/^series\/precision: .*through x\^7/);
    // planted bug: retrying at the request itself (x^1) would change the message
    for (const hint of [16, 64, 1000]) expect(message(hint)).toBe(plain);
  });

  it('a quantified claim over coefficients gives the same verdicts with the hint as the coefficients demand', () => {
    // [p^k] f(j) = 1 for k <= j, and in (0, 1) above: decided at many (j, k), in an order
    // that makes the hint larger than most requests, then a false variant is refuted.
    const limits = { ...DEFAULT_LIMITS };
    const memo = new LowerMemo(new Map(), limits);
    for (let j = 1; j <= 10; j++) {
      for (let k = j + 1; k <= 25; k++) {
        const c = seriesCoefficient(f(j), 'p', k, new Map(), limits, memo.seriesHint('p', k + 1));
        expect(decideRelation(T.ZERO, '<', c, new Map(), limits).status).toBe('proved');
        expect(decideRelation(c, '<', T.ONE, new Map(), limits).status).toBe('proved');
      }
      const c = seriesCoefficient(f(j), 'p', j, new Map(), limits, memo.seriesHint('p', j + 1));
      expect(decideRelation(c, '=', T.ONE, new Map(), limits).status).toBe('proved');
      expect(decideRelation(c, '<', T.ONE, new Map(), limits).status).toBe('refuted');
    }
  });
});

describe('LowerMemo.seriesHint', () => {
  it('the smallest power of two >= 8 covering every order asked in that variable', () => {
    const memo = new LowerMemo(new Map(), DEFAULT_LIMITS);
    expect(memo.seriesHint('p', 1)).toBe(8);
    expect(memo.seriesHint('p', 9)).toBe(16);
    expect(memo.seriesHint('p', 2)).toBe(16);
    expect(memo.seriesHint('q', 3)).toBe(8);
    expect(memo.seriesHint('p', 81)).toBe(128);
    expect(memo.seriesHint('p', 128)).toBe(128);
  });
});

describe('laurentQ read lazily from a Series', () => {
  /** The eager construction laurentQ used before: every coefficient as a Rational, leading zeros dropped. */
  const eager = (s: Series): LaurentSeries<Rational> => new LaurentSeries(0, s.coeffs(), Rational.ZERO).normalised(Rational.ZERO, (c) => c.isZero());
  const outcome = (ls: LaurentSeries<Rational>, k: number): string => {
    try {
      return ls.coeff(k).toString();
    } catch (e) {
      return `${(e as { code?: string }).code}: ${(e as Error).message}`;
    }
  };

  it('same coefficients, errors, precision and valuation as the eager construction', () => {
    const cases: Term[] = [f(4), T.pow(p, 5), T.mul(T.pow(p, 3), L), T.ZERO, T.sub(f(3), f(3)), T.num(Rational.frac(-7n, 3n)), T.fn('exp', p)];
    for (const t of cases) {
      for (const n of [1, 2, 3, 6, 17]) {
        const s = seriesOverQ(t, 'p', n)!;
        const lazy = laurentQ(t, 'p', n)!;
        const ref = eager(s);
        expect(lazy.prec).toBe(ref.prec);
        expect(lazy.valuation()).toBe(ref.valuation());
        expect(lazy.lo).toBe(ref.lo);
        for (let k = -3; k <= n + 2; k++) expect(outcome(lazy, k)).toBe(outcome(ref, k));
        expect(outcome(lazy, 0.5)).toBe(outcome(ref, 0.5));
      }
    }
  });

  it('planted bug: reading past the precision must fail as the eager series does, not give 0', () => {
    const lazy = laurentQ(f(3), 'p', 4)!;
    expect(outcome(lazy, 4)).toMatch(/^series\/precision/);
    expect(outcome(lazy, 3)).toBe('1');
  });
});

describe('the series rule reads qseries memo at a rounded-up precision', () => {
  const asm = new Map([['p', { lo: { value: Rational.ZERO, open: false }, hi: { value: Rational.ONE, open: true } }]]);
  const geometric = (m: number): Term => T.add(...Array.from({ length: m + 1 }, (_, i) => T.pow(p, i)));

  it('f(j) - sum_{i<=j} p^i >= 0 is proved, and f(j) - sum_{i<=j+1} p^i >= 0 is not, for every j', () => {
    for (let j = 0; j <= 20; j++) {
      expect(proveSeriesNonneg(T.sub(f(j), geometric(j)), 'p', asm).ok).toBe(true);
      // [p^(j+1)] f(j) < 1: a false strengthening the rule must reject (j >= 1; f(0) = 1 exactly)
      if (j >= 1) expect(proveSeriesNonneg(T.sub(f(j), geometric(j + 1)), 'p', asm).ok).toBe(false);
    }
  });

  it('a polynomial part of degree 8, 9, 16 and 17 (precisions around the rounding) is compared to its last coefficient', () => {
    for (const d of [7, 8, 9, 15, 16, 17]) {
      // 1/(1-p) - sum_{i<=d} p^i >= 0 holds; with 1 + 1/1000 at p^d it fails exactly at the last coefficient
      const g = T.div(T.ONE, T.sub(T.ONE, p));
      expect(proveSeriesNonneg(T.sub(g, geometric(d)), 'p', asm).ok).toBe(true);
      const over = T.add(geometric(d), T.mul(T.num(Rational.frac(1n, 1000n)), T.pow(p, d)));
      const r = proveSeriesNonneg(T.sub(g, over), 'p', asm);
      expect(r.ok).toBe(false);
      expect(r.ok ? '' : r.reason).toContain(`[p^${d}]`);
    }
  });
});

describe('positivity: the sign of each subterm is memoised per assumptions', () => {
  const interval = (lo: Rational, hi: Rational) => new Map([['p', { lo: { value: lo, open: false }, hi: { value: hi, open: false } }]]);
  const low = interval(Rational.ZERO, Rational.frac(1n, 4n));
  const high = interval(Rational.ONE, Rational.of(2));

  it('the same term under other assumptions, and terms differing in one constant, are signed afresh', () => {
    // planted bug: a memo keyed by the term alone (or by its shape without constants) would
    // answer the second question with the first's sign
    for (let round = 0; round < 2; round++) {
      for (const [c, inLow, inHigh] of [[Rational.frac(1n, 2n), false, true], [Rational.frac(1n, 8n), false, true], [Rational.frac(-1n, 8n), true, true], [Rational.of(3), false, false]] as const) {
        // p - c > 0 on [0, 1/4] and on [1, 2]
        const u = T.sub(p, T.num(c));
        expect(provePositivity(u, 'pos', low).ok).toBe(inLow);
        expect(provePositivity(u, 'pos', high).ok).toBe(inHigh);
        // and log(p + 2) - c, a compound term with a constant inside
        const v = T.sub(T.fn('log', T.add(p, T.num(Rational.of(2)))), T.num(c));
        expect(provePositivity(v, 'pos', high).ok).toBe(c.cmp(Rational.ONE) < 0);
      }
    }
  });

  it('f(j) - sum_{i<=j} p^i is proved >= 0 for j = 1..25 in two passes, with the same reasons', () => {
    const asm = new Map([['p', { lo: { value: Rational.ZERO, open: false }, hi: { value: Rational.ONE, open: true } }]]);
    const geometric = (m: number): Term => T.add(...Array.from({ length: m + 1 }, (_, i) => T.pow(p, i)));
    const pass = () => Array.from({ length: 25 }, (_, i) => i + 1).map((j) => decideRelation(geometric(j), '<=', f(j), asm, DEFAULT_LIMITS)).map((d) => (d.status === 'proved' ? d.certificate.statement : d.status));
    const first = pass();
    expect(first.filter((s) => s === 'unknown' || s === 'refuted')).toEqual([]);
    expect(first.filter((s) => s.includes('nonnegative coefficients')).length).toBeGreaterThan(20);
    expect(pass()).toEqual(first);
  });
});

describe('signs: the sign oracle is memoised per assumptions', () => {
  it('the same term under other assumptions, and terms differing in one constant, get their own sign', () => {
    const box = (lo: Rational, hi: Rational) => new Map([['p', { lo: { value: lo, open: false }, hi: { value: hi, open: false } }]]);
    const low = box(Rational.frac(1n, 4n), Rational.frac(1n, 2n));
    const high = box(Rational.of(3), Rational.of(4));
    const minus = (c: Rational): Term => T.sub(p, T.num(c));
    // planted bug: a memo keyed by the term alone (or blind to constants) answers one of
    // these with another's sign; each is asked twice, in both orders
    for (let round = 0; round < 2; round++) {
      expect(signOf(minus(Rational.of(2)), low)).toBe('neg');
      expect(signOf(minus(Rational.of(2)), high)).toBe('pos');
      expect(signOf(minus(Rational.frac(7n, 2n)), high)).toBe('unknown');
      expect(signOf(minus(Rational.of(5)), high)).toBe('neg');
      expect(signOf(T.fn('log', p), high)).toBe('pos');
      expect(signOf(T.fn('log', p), low)).toBe('neg');
      expect(signOf(T.fn('log', T.mul(T.num(Rational.of(8)), p)), low)).toBe('pos');
    }
  });
});

describe('certificates of decided relations print the statements they printed eagerly', () => {
  it('exact arithmetic, equality, disequality and inequality statements', () => {
    const asm = new Map([['p', { lo: { value: Rational.ZERO, open: false }, hi: { value: Rational.ONE, open: true } }]]);
    const stmt = (l: Term, op: '=' | '!=' | '<' | '<=', r: Term): string => {
      const d = decideRelation(l, op, r, asm, DEFAULT_LIMITS);
      return d.status === 'proved' ? d.certificate.statement : d.status;
    };
    const half = T.num(Rational.frac(1n, 2n));
    expect(stmt(half, '<', T.ONE)).toBe('1/2 < 1');
    expect(stmt(T.mul(p, T.add(p, T.ONE)), '=', T.add(T.pow(p, 2), p))).toBe(`${T.termToString(T.mul(p, T.add(p, T.ONE)))} = ${T.termToString(T.add(T.pow(p, 2), p))}`);
    expect(stmt(T.add(p, T.num(Rational.of(2))), '!=', T.ZERO)).toMatch(new RegExp(`^${T.termToString(T.add(p, T.num(Rational.of(2)))).replace(/[()+*^]/g, '\\$&')} != 0 \\(`));
    expect(stmt(p, '<=', T.add(p, T.pow(p, 2)))).toMatch(/^p <= p \+ p\^2 \(/);
  });
});

describe('decideEqual prints the normal form only when it is asked for', () => {
  it('a proved identity reports the left side normal form, the same text as the normal form printed eagerly', async () => {
    const { decideEqual } = await import('../../src/algebra/decide/identity.ts');
    const { NormalContext } = await import('../../src/algebra/normal/normal.ts');
    const asm = new Map([['p', { lo: { value: Rational.ZERO, open: false }, hi: { value: Rational.ONE, open: true } }]]);
    for (const [l, r] of [[f(3), f(3)], [T.mul(L, T.add(p, T.ONE)), T.add(T.mul(L, p), L)], [T.fn('exp', T.add(L, p)), T.mul(T.fn('exp', p), T.div(T.ONE, T.sub(T.ONE, p)))]] as const) {
      const v = decideEqual(l, r, asm);
      expect(v.status).toBe('proved');
      expect(v.status === 'proved' && v.normalForm).toBe(new NormalContext(asm).normalize(l).toString());
    }
    // and the disequality that shows it: x != x is refuted with the normal form in its message
    const d = decideRelation(T.mul(L, T.add(p, T.ONE)), '!=', T.add(T.mul(L, p), L), asm, DEFAULT_LIMITS);
    const form = new NormalContext(asm).normalize(T.mul(L, T.add(p, T.ONE))).toString();
    expect(d.status === 'refuted' && d.counterexample[0]).toBe(`the two sides are identical (normal form ${form}), so they are equal at every point`);
  });
});
