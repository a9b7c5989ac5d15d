/**
 * INTEGRAND PROGRAMS (src/verify/eval/program.ts) computed two ways: an integrand run by
 * its flat program and by the closure tree of compile.ts must give Object.is-identical
 * value, rounding scale and method error, the same thrown error, the same work-budget
 * consumption and the same range bookkeeping, node by node and for whole integrals.
 * Planted defects in the program (no range bookkeeping, exp without FIRST ORDER)
 * must be caught.
 */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { BuiltinFn, Expr } from '../../../src/proofs/ast.ts';
import { type EvalContext, type Env, evaluate, evalIn, integralKey, invariantSubtrees, makeContext } from '../../../src/verify/eval/evaluate.ts';
import { taylorField } from '../../../src/verify/jets/taylor.ts';
import { compileFloat } from '../../../src/verify/eval/compile.ts';
import { ProgramRun, plantProgram, programOf, setPrograms } from '../../../src/verify/eval/program.ts';
import * as h from '../helpers.ts';

const { n, v, ix, neg } = h;
const span = { start: 0, end: 0 };
type Integral = Extract<Expr, { kind: 'integral' }>;

afterEach(() => {
  setPrograms(true);
  plantProgram(undefined);
});

const prog = h.program(h.varDecl('x', h.real()), h.varDecl('y', h.real([0, true])), h.varDecl('m', h.intRange(-5, 40)));

// ---------------------------------------------------------------- generators

/** Doubles biased to 0, +-1, integers, huge and tiny magnitudes (the nodes' x are drawn from these too). */
const special = [0, -0, 1, -1, 2, 0.5, -0.5, 1e-300, 5e-324, 1e300, -1e300, 709, -709, 745, -746, 1e-16, 1 + 2 ** -52, 3.25];
const dbl = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...special) },
  { weight: 3, arbitrary: fc.double({ min: -20, max: 20, noNaN: true }) },
  { weight: 1, arbitrary: fc.double({ noNaN: true }) },
  { weight: 1, arbitrary: fc.integer({ min: -30, max: 30 }) },
);
const numLit = fc
  .tuple(fc.constantFrom(0n, 1n, -1n, 2n, 3n, 10n, 2n ** 53n + 1n, 10n ** 30n), fc.constantFrom(1n, 1n, 2n, 3n, 7n))
  .map(([a, b]): Expr => ({ kind: 'num', num: a, den: b, span }));
const fns: BuiltinFn[] = ['exp', 'log', 'sqrt', 'abs', 'sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh', 'atan', 'asin', 'atanh', 'sec', 'cot', 'gamma', 'lgamma', 'digamma'];
const ops = ['+', '-', '*', '/', '^'] as const;
const t = ix('t');

/** Integrand trees: the variable t often, the other leaves, every operator and function, powers with invariant exponents. */
const bodyArb: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 3, arbitrary: fc.constant(t) },
    { weight: 3, arbitrary: fc.oneof(numLit, fc.constantFrom(v('x'), v('y'), v('m'), ix('k'), h.pi, v('unbound'))) },
    { weight: 1, arbitrary: tie('e').map((a) => neg(a)) },
    { weight: 5, arbitrary: fc.tuple(fc.constantFrom(...ops), tie('e'), tie('e')).map(([op, l, r]): Expr => ({ kind: 'binop', op, left: l, right: r, span })) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(tie('e'), fc.oneof(fc.constantFrom(0n, 1n, 2n, -1n, -2n, 3n, 100001n).map((k) => n(k)), fc.constantFrom(ix('k'), v('m'), v('y'), h.add(v('m'), n(1)), h.mul(n(2), n(50001)), h.pow(n(2), n(100001)))))
        .map(([a, k]) => h.pow(a, k)),
    },
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...fns), tie('e')).map(([fn, a]) => h.call(fn, a)) },
    // an invariant subtree worth a memo slot, and a binder the programs leave to the closures
    { weight: 1, arbitrary: fc.constant(h.mul(h.exp(v('x')), v('y'))) },
    { weight: 1, arbitrary: tie('e').map((b) => h.fact(b)) },
  ),
})).e;

const envArb = fc.record({ x: dbl, y: dbl, m: fc.oneof(fc.integer({ min: -5, max: 40 }), dbl), k: fc.bigInt({ min: -3n, max: 30n }) });
type Env0 = { x: number; y: number; m: number; k: bigint };

const integralOf = (body: Expr, lo?: Expr, hi?: Expr): Integral => ({ kind: 'integral', index: 't', body, span, ...(lo ? { lo } : {}), ...(hi ? { hi } : {}) }) as Integral;

// ---------------------------------------------------------------- node by node

interface NodeOutcome {
  readonly results: string[];
  readonly left: number;
  readonly exhausted: boolean;
  readonly rangeLost: number;
}

const show = (r: { x: number; m: number; e: number }): string => [r.x, r.m, r.e].map((z) => (Object.is(z, -0) ? '-0' : String(z))).join(' ');
const showError = (err: unknown): string => (err instanceof Error ? `error ${(err as { code?: string }).code}|${err.message}` : `error ${String(err)}`);

/**
 * The integrand at each x, in the integral's memo as evalNode sets it up: by the
 * closures only, or by the program where it runs (after a first node by the closures,
 * as in an integral: the frame's probe at 0).
 */
function nodes(integral: Integral, p: Env0, xs: readonly number[], budget: number, depth: number, programs: boolean): NodeOutcome {
  const env: Env<number> = { vars: new Map([['x', p.x], ['y', p.y], ['m', p.m], [integralKey('t'), 0]]), idx: new Map([['k', p.k]]) };
  const ctx: EvalContext = makeContext(prog.vars);
  ctx.work = { left: budget };
  if (depth > 0) ctx.infiniteDepth = depth;
  const inv = invariantSubtrees(integral);
  ctx.memo = inv.length > 0 ? new Map(inv.map((e) => [e, null])) : undefined;
  const program = programs ? programOf(integral) : undefined;
  const run = program ? new ProgramRun(program, env, ctx) : undefined;
  const results: string[] = [];
  for (const x of [0, ...xs]) {
    env.vars.set(integralKey('t'), x);
    try {
      const r = run?.evaluate(x) ?? compileFloat(integral.body)(env, ctx);
      results.push(show(r));
    } catch (err) {
      results.push(showError(err));
    }
  }
  return { results, left: ctx.work.left, exhausted: ctx.exhausted === true, rangeLost: ctx.rangeLost ?? 0 };
}

const budgetArb = fc.oneof(fc.constant(1_000_000), fc.integer({ min: 0, max: 80 }), fc.integer({ min: 0, max: 800 }));
const params = { numRuns: 1500, seed: 31, endOnFailure: true } as const;

describe('an integrand program = the closure tree', () => {
  it('gives identical values, errors, work counts and range bookkeeping at every node', () => {
    fc.assert(
      fc.property(bodyArb, envArb, fc.array(dbl, { minLength: 1, maxLength: 12 }), budgetArb, fc.constantFrom(0, 0, 1), (body, p, xs, budget, depth) => {
        const integral = integralOf(body);
        const a = nodes(integral, p, xs, budget, depth, false);
        const b = nodes(integral, p, xs, budget, depth, true);
        expect(b).toEqual(a); // readable diff
      }),
      params,
    );
  });

  it('runs where it should: a Gaussian-like integrand is one program, binders and factorials are not', () => {
    const g = h.mul(h.pow(t, n(2)), h.exp(h.add(h.mul(v('x'), t), h.mul(neg(v('y')), h.pow(t, n(2))))));
    expect(programOf(integralOf(g))).toBeDefined();
    expect(programOf(integralOf(h.fact(t)))).toBeUndefined();
    expect(programOf(integralOf(h.sum('j', n(0), n(3), h.mul(ix('j'), t))))).toBeUndefined();
    // and it does run: at a non-integer node after the first, the closure tree is not asked
    const p = { x: 0.25, y: 0.5, m: 1, k: 2n };
    const a = nodes(integralOf(g), p, [0.5, 1.5, -2.25], 1000, 0, true);
    const b = nodes(integralOf(g), p, [0.5, 1.5, -2.25], 1000, 0, false);
    expect(a).toEqual(b);
  });

  it('takes the exact integer arithmetic and integer exponents of the closures at an integer x', () => {
    const p = { x: 0.75, y: 0.5, m: 3, k: 2n };
    const xs = [0.5, 1, 2, -3, 7, 2 ** 60, 1e300, 1.25, 3];
    const bodies = [
      h.pow(t, t), // an exponent that is an integer at an integer x: powInt, the exponent not visited
      h.pow(h.add(t, n(1)), h.sub(t, n(1))),
      h.mul(h.pow(t, h.mul(n(2), t)), v('x')),
      h.mul(h.sub(t, t), h.exp(t)), // taken exactly as 0: its exp is not entered
      h.mul(h.pow(t, n(2)), h.exp(neg(h.pow(t, n(2))))),
      h.add(h.mul(t, ix('k')), h.div(t, v('y'))),
    ];
    for (const body of bodies) {
      for (const budget of [1_000_000, 40, 23]) {
        const a = nodes(integralOf(body), p, xs, budget, 0, false);
        expect(nodes(integralOf(body), p, xs, budget, 0, true), `body ${bodies.indexOf(body)}`).toEqual(a);
      }
    }
  });

  it('refunds the steps of the nodes the closures would not have entered when a node throws', () => {
    // exp(t x) underflows inside an infinite sum (infiniteDepth) at t = 1.5, x = -1000: the
    // closures charge the nodes up to the exp and the ones enclosing it, not the rest
    const body = h.add(h.mul(h.exp(h.mul(t, v('x'))), h.add(t, n(1))), h.mul(t, t));
    const p = { x: -1000, y: 0.5, m: 1, k: 2n };
    const a = nodes(integralOf(body), p, [0.5, 1.5, 0.25, 1.5], 1000, 1, false);
    expect(a.results.filter((r) => r.startsWith('error verify/underflow'))).toHaveLength(2);
    expect(nodes(integralOf(body), p, [0.5, 1.5, 0.25, 1.5], 1000, 1, true)).toEqual(a);
  });
});

// ---------------------------------------------------------------- whole integrals

/** A whole integral evaluated with programs on or off: the value, error, work and range bookkeeping. */
function whole(integral: Integral, p: Env0, budget: number, programs: boolean): string {
  const env: Env<number> = { vars: new Map([['x', p.x], ['y', p.y], ['m', p.m]]), idx: new Map([['k', p.k]]) };
  const ctx: EvalContext = makeContext(prog.vars);
  ctx.work = { left: budget };
  setPrograms(programs);
  let r: string;
  try {
    r = show(evaluate(integral, env, ctx));
  } catch (err) {
    r = showError(err);
  } finally {
    setPrograms(true);
  }
  return `${r} | left ${ctx.work.left} | exhausted ${ctx.exhausted === true} | range ${ctx.rangeLost ?? 0}`;
}

describe('whole integrals with and without programs', () => {
  it('are identical over the reals (decaying integrands) and over segments', () => {
    const decaying = fc.tuple(bodyArb, fc.constantFrom(h.exp(neg(h.pow(t, n(2)))), h.pow(h.add(n(1), h.pow(t, n(2))), n(-2)), h.exp(neg(h.mul(v('y'), h.pow(t, n(2)))))));
    fc.assert(
      fc.property(decaying, envArb, fc.oneof(fc.constant(5_000_000), fc.integer({ min: 0, max: 3000 })), fc.boolean(), ([b, w], p, budget, segment) => {
        const integral = segment ? integralOf(h.mul(b, w), n(0), v('x')) : integralOf(h.mul(b, w));
        expect(whole(integral, p, budget, true)).toBe(whole(integral, p, budget, false));
      }),
      { numRuns: 300, seed: 32, endOnFailure: true },
    );
  });
});

describe('float parts of jet integrands with and without programs', () => {
  it('give identical Taylor jets, errors, work counts and range bookkeeping', () => {
    // the expectations' shape: exp(x t) times a weight free of the jet variable x, integrated over t
    const F = taylorField(4);
    const outcome = (body: Expr, p: Env0, q: number, budget: number, programs: boolean): string => {
      const ctx: EvalContext = makeContext(prog.vars);
      ctx.work = { left: budget };
      ctx.jetVar = 'x';
      const env: Env<number[]> = { vars: new Map([['x', F.variable(q)], ['y', F.fromNumber(p.y)], ['m', F.fromNumber(p.m)]]), idx: new Map([['k', p.k]]) };
      setPrograms(programs);
      let r: string;
      try {
        const v0 = evalIn(F, integralOf(body), env, ctx);
        r = `${v0.x.map((c) => (Object.is(c, -0) ? '-0' : String(c))).join(',')} ${v0.m} ${v0.e}`;
      } catch (err) {
        r = showError(err);
      } finally {
        setPrograms(true);
      }
      return `${r} | left ${ctx.work.left} | range ${ctx.rangeLost ?? 0}`;
    };
    const weights = [h.exp(neg(h.pow(t, n(2)))), h.exp(neg(h.mul(v('y'), h.pow(t, n(2))))), h.pow(h.add(n(1), h.pow(t, n(2))), n(-3))];
    let ran = 0;
    fc.assert(
      fc.property(bodyArb, fc.constantFrom(...weights), envArb, fc.double({ min: -1, max: 1, noNaN: true }), fc.oneof(fc.constant(30_000), fc.integer({ min: 0, max: 4000 })), (b, w, p, q, budget) => {
        const body = h.mul(h.exp(h.mul(v('x'), t)), h.mul(b, w));
        const a = outcome(body, p, q, budget, false);
        if (!a.startsWith('error')) ran++;
        expect(outcome(body, p, q, budget, true)).toBe(a);
      }),
      { numRuns: 150, seed: 33, endOnFailure: true },
    );
    expect(ran).toBeGreaterThan(20); // integrals that did evaluate, not only errors
  });
});

// ---------------------------------------------------------------- planted defects

describe('planted defects in the programs are caught', () => {
  const caught = (plant: Parameters<typeof plantProgram>[0], seed: number): boolean => {
    const r = fc.check(
      fc.property(bodyArb, envArb, fc.array(dbl, { minLength: 1, maxLength: 12 }), (body, p, xs) => {
        const integral = integralOf(body);
        const a = nodes(integral, p, xs, 1_000_000, 0, false);
        plantProgram(plant);
        try {
          return JSON.stringify(nodes(integral, p, xs, 1_000_000, 0, true)) === JSON.stringify(a);
        } finally {
          plantProgram(undefined);
        }
      }),
      { numRuns: 3000, seed },
    );
    return r.failed;
  };
  it('a program without the range bookkeeping (underflow errors and overflows)', () => {
    expect(caught('skip-range', 1)).toBe(true);
  });
  it('a program whose exp ignores its argument\'s uncertainty (FIRST ORDER)', () => {
    expect(caught('exp-no-first-order', 2)).toBe(true);
  });
});
