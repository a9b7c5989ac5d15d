/**
 * FLOAT PARTS (src/verify/eval/compile.ts) computed two ways: the Taylor jets of random
 * bodies in t, with the parts free of t evaluated in doubles (ctx.jetVar = 't') and
 * entirely in jets (no jetVar), agree coefficient by coefficient to rounding. A
 * planted defect (subtrees that mention t evaluated in doubles too) must be caught.
 */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { BuiltinFn, Expr } from '../../../src/proofs/ast.ts';
import { type EvalContext, EvalError, evalIn, makeContext } from '../../../src/verify/eval/evaluate.ts';
import { taylorField } from '../../../src/verify/jets/taylor.ts';
import { derivativeJets } from '../../../src/verify/eval/evaluate.ts';
import { plantFloatParts } from '../../../src/verify/eval/compile.ts';
import * as h from '../helpers.ts';

const { n, v } = h;
const span = { start: 0, end: 0 };
afterEach(() => plantFloatParts(undefined));

const prog = h.program(h.varDecl('x', h.real()), h.varDecl('y', h.real([0, true])), h.varDecl('t', h.real()));

const fns: BuiltinFn[] = ['exp', 'log', 'sqrt', 'sin', 'cos', 'atan', 'cosh', 'tanh'];
const leaf: fc.Arbitrary<Expr> = fc.oneof(
  fc.constantFrom(v('x'), v('y'), v('t'), v('t'), h.pi),
  fc.tuple(fc.integer({ min: -20, max: 20 }), fc.constantFrom(1, 2, 3, 7)).map(([a, b]) => n(a, b)),
);
const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 3, arbitrary: leaf },
    { weight: 4, arbitrary: fc.tuple(fc.constantFrom('+', '-', '*', '/'), tie('e'), tie('e')).map(([op, l, r]): Expr => ({ kind: 'binop', op, left: l, right: r, span })) },
    { weight: 1, arbitrary: fc.tuple(tie('e'), fc.integer({ min: 0, max: 5 })).map(([a, k]) => h.pow(a, n(k))) },
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...fns), tie('e')).map(([fn, a]) => h.call(fn, a)) },
    { weight: 1, arbitrary: tie('e').map((b): Expr => h.sum('k', n(0), n(4), h.mul(b, h.pow(v('x'), h.ix('k'))))) },
    // an integral over the reals of a Gaussian weight (the expectations' shape): the jets of its t-part
    { weight: 1, arbitrary: tie('e').map((b): Expr => ({ kind: 'integral', index: 's', body: h.mul(h.exp(h.neg(h.pow(h.ix('s'), n(2)))), h.exp(h.mul(b, h.ix('s')))), span })) },
  ),
})).e;

const point = fc.record({ x: fc.double({ min: -3, max: 3, noNaN: true }), y: fc.double({ min: 0.1, max: 3, noNaN: true }), t: fc.double({ min: -1, max: 1, noNaN: true }) });

type Jets = { c: number[]; m: number } | string;
function jets(F: ReturnType<typeof taylorField>, body: Expr, p: { x: number; y: number; t: number }, jetVar: string | undefined): Jets {
  const ctx: EvalContext = makeContext(prog.vars);
  ctx.work = { left: 200_000 };
  if (jetVar !== undefined) ctx.jetVar = jetVar;
  const vars = new Map([['x', F.fromNumber(p.x)], ['y', F.fromNumber(p.y)], ['t', F.variable(p.t)]]);
  try {
    const r = evalIn(F, body, { vars, idx: new Map() }, ctx);
    return { c: r.x, m: r.m };
  } catch (err) {
    if (err instanceof EvalError) return err.code;
    throw err;
  }
}

/** Agreement to rounding: every coefficient within 1e-9 of the rounding scale (or both not finite). */
function agree(a: Jets, b: Jets): boolean {
  if (typeof a === 'string' || typeof b === 'string') return true; // an error either way is no value to compare
  const scale = Math.max(1, a.m, b.m);
  if (!Number.isFinite(scale)) return true;
  return a.c.every((x, k) => {
    const y = b.c[k]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) return !Number.isFinite(x) && !Number.isFinite(y);
    return Math.abs(x - y) <= 1e-9 * scale;
  });
}

describe('FLOAT PARTS: jets with their t-free parts in doubles', () => {
  const property = (F: ReturnType<typeof taylorField>, compared: { n: number }) =>
    fc.property(exprArb, point, (body, p) => {
      const a = jets(F, body, p, 't');
      const b = jets(F, body, p, undefined);
      if (typeof a !== 'string' && typeof b !== 'string' && a.c.every(Number.isFinite)) compared.n++;
      return agree(a, b);
    });
  it('agree with all-jet evaluation (Taylor jets of order 6)', () => {
    const compared = { n: 0 };
    fc.assert(property(taylorField(6), compared), { seed: 11, numRuns: 400 });
    expect(compared.n).toBeGreaterThan(150); // not vacuous
  });
  it('agree with all-jet evaluation (derivative jets of order 3)', () => {
    const compared = { n: 0 };
    fc.assert(property(derivativeJets(3) as ReturnType<typeof taylorField>, compared), { seed: 12, numRuns: 300 });
    expect(compared.n).toBeGreaterThan(100);
  });
  it('the weight of a Gaussian expectation is evaluated in doubles and its t-part in jets', () => {
    const F = taylorField(8);
    // E[exp(t s)] under exp(-s^2): sqrt(pi) exp(t^2/4): c_2 = sqrt(pi)/4
    const body: Expr = { kind: 'integral', index: 's', body: h.mul(h.exp(h.neg(h.pow(h.ix('s'), n(2)))), h.exp(h.mul(v('t'), h.ix('s')))), span };
    const r = jets(F, body, { x: 0, y: 1, t: 0 }, 't');
    if (typeof r === 'string') throw new Error(r);
    expect(r.c[2]).toBeCloseTo(Math.sqrt(Math.PI) / 4, 10);
    expect(r.c[3]).toBeCloseTo(0, 10);
  });
  it('a planted defect (a part that mentions t evaluated in doubles) is caught', () => {
    plantFloatParts('hoist-jet-var');
    const r = fc.check(property(taylorField(6), { n: 0 }), { seed: 11, numRuns: 400 });
    expect(r.failed).toBe(true);
  });
});
