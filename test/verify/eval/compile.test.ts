/**
 * The compiled evaluation in doubles (src/verify/eval/compile.ts) computed two ways:
 * random expression trees evaluated by the compiled closures and by the tree
 * interpreter must give Object.is-identical x, m, e, the same thrown error (code
 * and message), the same work-budget consumption, the same range bookkeeping.
 * Planted defects in the compiled code (a '-' that adds, a skipped work step, a
 * dropped rounding-scale term, an ignored memo) must each be caught.
 */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { BuiltinFn, Expr } from '../../../src/proofs/ast.ts';
import { type EvalContext, type Env, derivativeJets, evaluate, evalIn, makeContext, setCompiledFloat } from '../../../src/verify/eval/evaluate.ts';
import { type Field, complexField } from '../../../src/verify/arith/field.ts';
import { cx } from '../../../src/verify/arith/complex.ts';
import { ddTaylorField, taylorField } from '../../../src/verify/jets/taylor.ts';
import { jetField } from '../../../src/verify/jets/jet.ts';
import { type Compiled, type Plant, compileFloat, compiledIn, compileWithPlant, intValueCompiled, intValueInterpreted } from '../../../src/verify/eval/compile.ts';
import * as h from '../helpers.ts';

const { n, v, ix, neg, sum, prod, fact, binom } = h;
const span = { start: 0, end: 0 };

afterEach(() => setCompiledFloat(true));

const prog = h.program(
  h.varDecl('x', h.real()),
  h.varDecl('y', h.real([0, true])),
  h.varDecl('m', h.intRange(-5, 40)),
);

// ---------------------------------------------------------------- generators

/** Doubles biased to 0, +-1, huge and tiny magnitudes and the edges of the double range. */
const special = [0, -0, 1, -1, 2, -2, 0.5, 1e-300, -1e-300, 5e-324, 1e300, -1e300, 1e308, 709, -709, 710, 745, -746, 1e-16, 1 + 2 ** -52, Infinity, -Infinity, NaN];
const dbl = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...special) },
  { weight: 3, arbitrary: fc.double({ min: -20, max: 20 }) },
  { weight: 2, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer({ min: -30, max: 30 }) },
);
const bigLit = fc.oneof(
  fc.constantFrom(0n, 1n, -1n, 2n, 3n, 10n, 2n ** 53n, 2n ** 53n + 1n, 10n ** 30n, -(10n ** 30n), 10n ** 400n),
  fc.bigInt({ min: -1000n, max: 1000n }),
);
const numLit = fc.tuple(bigLit, fc.oneof(fc.constant(1n), fc.constantFrom(2n, 3n, 7n, 10n ** 20n, 10n ** 400n), fc.bigInt({ min: 1n, max: 50n }))).map(
  ([a, b]): Expr => ({ kind: 'num', num: a, den: b, span }),
);
const fns: BuiltinFn[] = ['exp', 'log', 'sqrt', 'abs', 'sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh', 'atan', 'asin', 'acos', 'atanh', 'sec', 'csc', 'cot', 'gamma', 'lgamma', 'digamma'];
const ops = ['+', '-', '*', '/', '^'] as const;

const leaf: fc.Arbitrary<Expr> = fc.oneof(
  { weight: 3, arbitrary: numLit },
  { weight: 3, arbitrary: fc.constantFrom(v('x'), v('y'), v('m'), ix('k'), ix('j'), h.pi, h.e, v('unbound'), ix('unbound')) },
);

const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: leaf },
    { weight: 1, arbitrary: tie('e').map((a) => neg(a)) },
    { weight: 5, arbitrary: fc.tuple(fc.constantFrom(...ops), tie('e'), tie('e')).map(([op, l, r]): Expr => ({ kind: 'binop', op, left: l, right: r, span })) },
    { weight: 2, arbitrary: fc.tuple(tie('e'), fc.oneof(fc.constantFrom(0n, 1n, 2n, -1n, -2n, 3n, 200n, 100001n).map((k) => n(k)), fc.constant(ix('k')), fc.constant(v('m')))).map(([a, k]) => h.pow(a, k)) },
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...fns), tie('e')).map(([fn, a]) => h.call(fn, a)) },
    { weight: 1, arbitrary: tie('e').map((a) => fact(a)) },
    { weight: 1, arbitrary: fc.tuple(tie('e'), tie('e')).map(([a, b]) => binom(a, b)) },
    { weight: 1, arbitrary: fc.tuple(tie('e'), tie('e')).map(([a, b]): Expr => ({ kind: 'stirling1', n: a, k: b, span })) },
    {
      weight: 2,
      arbitrary: fc.tuple(fc.constantFrom('k', 'j'), fc.integer({ min: -2, max: 3 }), fc.integer({ min: -1, max: 6 }), tie('e'), fc.boolean()).map(([i, lo, hi, b, isSum]) =>
        (isSum ? sum : prod)(i, n(lo), n(hi), b)),
    },
    {
      // infinite sums: a random factor times a decaying term (or not: divergence and budget paths)
      weight: 1,
      arbitrary: fc.tuple(tie('e'), fc.constantFrom(h.div(n(1), fact(ix('k'))), h.pow(n(1, 2), ix('k')), n(1), h.div(h.pow(v('x'), ix('k')), fact(ix('k'))))).map(([a, t]) =>
        sum('k', n(0), 'inf', h.mul(a, t))),
    },
    {
      weight: 1,
      arbitrary: tie('e').map((b): Expr => ({ kind: 'integral', index: 't', lo: n(0), hi: n(1), body: h.mul(b, ix('t')), span })),
    },
  ),
})).e;

const envArb = fc.record({ x: dbl, y: dbl, m: fc.oneof(fc.integer({ min: -5, max: 40 }), dbl), k: fc.bigInt({ min: -3n, max: 30n }), j: fc.bigInt({ min: -3n, max: 30n }) });
const budgetArb = fc.oneof(fc.constant(200_000), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 5000 }));

// ---------------------------------------------------------------- running both ways

interface Outcome {
  x?: number; m?: number; e?: number;
  error?: string;
  left: number; exhausted: boolean; rangeLost: number; infiniteDepth: number | undefined;
  idx: string;
}

type Env0 = { x: number; y: number; m: number; k: bigint; j: bigint };

function makeEnvFrom(p: Env0): Env<number> {
  return { vars: new Map([['x', p.x], ['y', p.y], ['m', p.m]]), idx: new Map([['k', p.k], ['j', p.j]]) };
}

/** Runs one evaluation; `how` is the interpreter, the compiled closures, or a given compiled function. */
function outcome(expr: Expr, p: Env0, budget: number, depth: number, how: 'interpreted' | 'compiled' | Compiled): Outcome {
  const env = makeEnvFrom(p);
  const ctx: EvalContext = makeContext(prog.vars);
  ctx.work = { left: budget };
  if (depth > 0) ctx.infiniteDepth = depth;
  const out: Partial<Outcome> = {};
  setCompiledFloat(how !== 'interpreted');
  try {
    const r = typeof how === 'function' ? how(env, ctx) : evaluate(expr, env, ctx);
    out.x = r.x; out.m = r.m; out.e = r.e;
  } catch (err) {
    out.error = err instanceof Error ? `${err.name}|${(err as { code?: string }).code}|${err.message}` : String(err);
  } finally {
    setCompiledFloat(true);
  }
  return {
    ...out,
    left: ctx.work!.left, exhausted: ctx.exhausted === true, rangeLost: ctx.rangeLost ?? 0, infiniteDepth: ctx.infiniteDepth,
    idx: [...env.idx].map(([a, b]) => `${a}=${b}`).join(','),
  };
}

/** Object.is on every field (NaN = NaN, 0 != -0). */
function same(a: Outcome, b: Outcome): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof Outcome>;
  for (const k of keys) if (!Object.is(a[k], b[k])) return false;
  return true;
}

const params = { numRuns: 1500, seed: 12, endOnFailure: true } as const;

describe('compiled evaluation in doubles = the interpreter', () => {
  it('gives identical values, errors, work counts and range bookkeeping on random trees', () => {
    fc.assert(
      fc.property(exprArb, envArb, budgetArb, fc.constantFrom(0, 0, 1), (expr, p, budget, depth) => {
        const a = outcome(expr, p, budget, depth, 'interpreted');
        const b = outcome(expr, p, budget, depth, 'compiled');
        expect(b).toEqual(a); // readable diff
        return same(a, b);
      }),
      params,
    );
  });

  it('is identical when the compiled tree is built before the interpreter ever saw the nodes', () => {
    fc.assert(
      fc.property(exprArb, envArb, budgetArb, (expr, p, budget) => {
        const b = outcome(expr, p, budget, 0, 'compiled');
        const a = outcome(expr, p, budget, 0, 'interpreted');
        return same(a, b);
      }),
      { ...params, seed: 13, numRuns: 800 },
    );
  });

  it('keeps the memo semantics of sums: invariant subtrees once per sum, the same work count', () => {
    // exp(x)*x is invariant in k: evaluated once (then served from the memo) by both.
    const inv = h.mul(h.exp(v('x')), v('x'));
    const s = sum('k', n(1), n(50), h.add(inv, h.div(ix('k'), h.add(inv, n(1)))));
    const p = { x: 0.3, y: 1, m: 2, k: 0n, j: 0n };
    const a = outcome(s, p, 1_000_000, 0, 'interpreted');
    const b = outcome(s, p, 1_000_000, 0, 'compiled');
    expect(b).toEqual(a);
    expect(1_000_000 - a.left).toBeLessThan(50 * 8); // the memo did cut the work
  });

  it('compiles integer subtrees to the same exact values and errors as intValue', () => {
    const intArb: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
      e: fc.oneof(
        { depthSize: 'small' },
        { weight: 3, arbitrary: fc.oneof(numLit, fc.constantFrom(v('m'), v('x'), ix('k'), ix('unbound'))) },
        { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...ops), tie('e'), tie('e')).map(([op, l, r]): Expr => ({ kind: 'binop', op, left: l, right: r, span })) },
        { weight: 1, arbitrary: tie('e').map(neg) },
        { weight: 1, arbitrary: tie('e').map(fact) },
        { weight: 1, arbitrary: fc.tuple(tie('e'), tie('e')).map(([a, b]) => binom(a, b)) },
        { weight: 1, arbitrary: fc.tuple(tie('e'), tie('e')).map(([a, b]): Expr => ({ kind: 'stirling1', n: a, k: b, span })) },
      ),
    })).e;
    const run = (f: () => bigint | undefined): string => {
      try { return `ok ${f()}`; } catch (err) { return `err ${(err as Error).message}`; }
    };
    fc.assert(
      fc.property(intArb, envArb, (expr, p) => {
        const env = makeEnvFrom(p);
        const ctx = makeContext(prog.vars);
        return run(() => intValueCompiled(expr, env, ctx)) === run(() => intValueInterpreted(expr, env, ctx));
      }),
      { ...params, seed: 14 },
    );
  });

  it('caches one compiled closure per node', () => {
    const e = h.add(v('x'), n(1));
    expect(compileFloat(e)).toBe(compileFloat(e));
  });
});

describe('planted defects in the compiled code are caught', () => {
  /** True when some random case separates the planted compilation from the interpreter. */
  const caught = (plant: Plant, seed: number): boolean => {
    const r = fc.check(
      fc.property(exprArb, envArb, budgetArb, (expr, p, budget) =>
        same(outcome(expr, p, budget, 0, 'interpreted'), outcome(expr, p, budget, 0, compileWithPlant(expr, plant)))),
      { numRuns: 3000, seed },
    );
    return r.failed;
  };
  it('a compiled "-" that adds', () => {
    expect(caught('sub-adds', 1)).toBe(true);
    const d = h.sub(v('x'), v('y'));
    const p = { x: 3, y: 1, m: 0, k: 0n, j: 0n };
    expect(outcome(d, p, 100, 0, compileWithPlant(d, 'sub-adds')).x).toBe(4);
    expect(outcome(d, p, 100, 0, 'interpreted').x).toBe(2);
  });
  it('a compiled binop that skips its work step', () => {
    expect(caught('skip-work-binop', 2)).toBe(true);
  });
  it('a compiled log that drops |f(x)| from its rounding scale', () => {
    expect(caught('call-m-drops-scale', 3)).toBe(true);
  });
  it('a compiled node that ignores the memo of a sum', () => {
    const inv = h.mul(h.exp(v('x')), v('x'));
    const s = sum("k", n(1), n(5), h.add(inv, ix("k")));
    const p = { x: 0.3, y: 1, m: 2, k: 0n, j: 0n };
    expect(same(outcome(s, p, 1000, 0, 'interpreted'), outcome(s, p, 1000, 0, 'compiled'))).toBe(true);
    // The sum node is delegated to the interpreter, its body coming back through evalIn:
    // run the body under the sum's memo directly, planted and not.
    const body = h.add(inv, ix('k'));
    const memoCtx = (how: 'interpreted' | Compiled) => {
      const env = makeEnvFrom(p);
      const ctx = makeContext(prog.vars);
      ctx.work = { left: 1000 };
      ctx.memo = new Map([[inv, null]]);
      setCompiledFloat(how === 'interpreted' ? false : true);
      try {
        for (let k = 1n; k <= 5n; k++) {
          env.idx.set('k', k);
          if (how === 'interpreted') evaluate(body, env, ctx); else how(env, ctx);
        }
      } finally { setCompiledFloat(true); }
      return ctx.work.left;
    };
    expect(memoCtx(compileWithPlant(body, 'memo-ignored'))).not.toBe(memoCtx('interpreted'));
    expect(memoCtx(compileFloat(body))).toBe(memoCtx('interpreted'));
  });
});

// ---------------------------------------------------------------- complex doubles and Taylor jets

/** Object.is on every number inside (arrays and plain objects walked). */
function deepSame(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' || typeof b === 'number') return Object.is(a, b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepSame(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return ka.join() === kb.join() && ka.every((k) => deepSame((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return Object.is(a, b);
}

function outcomeIn<T>(F: Field<T>, lift: (x: number, y: number) => T, expr: Expr, p: Env0, q: number, budget: number, compiled: boolean): unknown {
  const env: Env<T> = { vars: new Map([['x', lift(p.x, q)], ['y', lift(p.y, -q)], ['m', lift(p.m, 0)]]), idx: new Map([['k', p.k], ['j', p.j]]) };
  const ctx: EvalContext = makeContext(prog.vars);
  ctx.work = { left: budget };
  let r: unknown;
  setCompiledFloat(compiled);
  try {
    r = evalIn(F, expr, env, ctx);
  } catch (err) {
    r = err instanceof Error ? `${err.name}|${(err as { code?: string }).code}|${err.message}` : String(err);
  } finally {
    setCompiledFloat(true);
  }
  return { r, left: ctx.work.left, exhausted: ctx.exhausted === true, rangeLost: ctx.rangeLost ?? 0, idx: [...env.idx].map(([a, b]) => `${a}=${b}`).join(',') };
}

describe('compiled evaluation in other fields = the interpreter', () => {
  const T = taylorField(3);
  const D = derivativeJets(3);
  const DDT = ddTaylorField(3);
  const cases: [string, Field<unknown>, (x: number, y: number) => unknown][] = [
    ['complex doubles', complexField as Field<unknown>, (x, y) => cx(x, y)],
    ['Taylor jets', T as Field<unknown>, (x, y) => T.add(T.fromNumber(x), T.scale(T.variable(0), y))],
    ['derivative jets', D as Field<unknown>, (x, y) => D.add(D.fromNumber(x), D.scale(D.variable(0), y))],
    ['double-double Taylor jets', DDT as Field<unknown>, (x, y) => DDT.add(DDT.fromNumber(x), DDT.scale(DDT.variable(0), y))],
  ];
  for (const [name, F, lift] of cases) {
    it(`${name}: identical values, errors, work counts`, () => {
      fc.assert(
        fc.property(exprArb, envArb, dbl, budgetArb, (expr, p, q, budget) => {
          const a = outcomeIn(F, lift, expr, p, q, budget, false);
          const b = outcomeIn(F, lift, expr, p, q, budget, true);
          return deepSame(a, b);
        }),
        { ...params, numRuns: 800, seed: 21 },
      );
    });
  }
  it('a field made afresh stays with the interpreter; the kept derivative jets are compiled', () => {
    expect(compiledIn(jetField(2), v('x'))).toBeUndefined();
    expect(compiledIn(derivativeJets(2), v('x'))).toBeDefined();
    expect(compiledIn(complexField, v('x'))).toBeDefined();
  });
});
