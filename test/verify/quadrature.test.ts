/**
 * QUADRATIC STOP (src/verify/quadrature.ts, trapezoidLevels): a level is taken one
 * refinement early when the changes between levels shrink quadratically, with the
 * error its model predicts. A law: whatever the rule returns, its error estimate e
 * covers the true error within the witness's tolerance (1e-9 of the scale, plus
 * 10 e, plus 1e-12), on integrands with known values chosen to strain the model:
 * poles near the line, singular ends, algebraic tails, narrow and far-off peaks.
 * A rule that cannot meet its tolerance must throw (inaccurate, diverges), never
 * return a value its e does not cover.
 */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluate, EvalError, makeContext, makeEnv } from '../../src/verify/evaluate.ts';
import { doubleSums, plantQuadrature, quadrature, trapezoidLevels } from '../../src/verify/quadrature.ts';
import type { Expr } from '../../src/proofs/ast.ts';
import * as h from './helpers.ts';
const { n, ix, add, sub, mul, div, pow, exp, neg } = h;

const span = { start: 0, end: 0 };
const integral = (body: Expr): Expr => ({ kind: 'integral', index: 't', body, span });
const prog = h.program(h.varDecl('x', h.real()));
const t = ix('t');

/** The witness's tolerance for comparing a computed value with the truth (runner.ts). */
function covered(got: { x: number; m: number; e: number }, truth: number): boolean {
  return Math.abs(got.x - truth) <= 1e-9 * Math.max(Math.abs(got.x), Math.abs(truth), got.m) + 10 * got.e + 1e-12;
}

/** The value or undefined when the rule declines (an EvalError): declining is always honest. */
function attempt(f: () => { x: number; m: number; e: number }): { x: number; m: number; e: number } | undefined {
  try {
    return f();
  } catch (err) {
    if (err instanceof EvalError) return undefined;
    throw err;
  }
}

/** A rational as an Expr, from a double (the parameters are drawn as doubles on a grid). */
const q = (x: number): Expr => (x < 0 ? neg(q(-x)) : n(Math.round(x * 2 ** 20), 2 ** 20));
const r20 = (x: number): number => Math.round(x * 2 ** 20) / 2 ** 20;

const gammaHalf = (k: number): number => {
  // Gamma(k/2) for k = 1, 2, ...: Gamma(1/2) = sqrt(pi), Gamma(1) = 1, Gamma(s + 1) = s Gamma(s)
  let g = k % 2 === 1 ? Math.sqrt(Math.PI) : 1;
  for (let s = k % 2 === 1 ? 0.5 : 1; s < k / 2; s += 1) g *= s;
  return g;
};

/** Families of integrands with their values, drawn from fast-check. */
type Case = { name: string; run: () => { x: number; m: number; e: number }; truth: number };
const sample = (f: (x: number) => number) => (x: number) => {
  const v = f(x);
  return { v, m: Math.abs(v), e: 0 };
};
const cases: fc.Arbitrary<Case> = fc.oneof(
  // whole line, through the witness's evaluator (its frame and sinh-sinh rule)
  fc.record({ c: fc.double({ min: -50, max: 50, noNaN: true }), w: fc.oneof(fc.constantFrom(1, 0.01, 100), fc.double({ min: 0.01, max: 100, noNaN: true })) }).map(({ c, w }) => ({
    name: `gaussian c=${c} w=${w}`,
    run: () => evaluate(integral(exp(neg(pow(div(sub(t, q(c)), q(w)), n(2))))), makeEnv(), makeContext(prog.vars)),
    truth: r20(w) * Math.sqrt(Math.PI),
  })),
  fc.record({ c: fc.double({ min: -5, max: 5, noNaN: true }), w: fc.double({ min: 0.05, max: 20, noNaN: true }) }).map(({ c, w }) => ({
    name: `lorentzian squared c=${c} w=${w}`,
    run: () => evaluate(integral(pow(add(n(1), pow(div(sub(t, q(c)), q(w)), n(2))), n(-2))), makeEnv(), makeContext(prog.vars)),
    truth: (r20(w) * Math.PI) / 2,
  })),
  fc.record({ w: fc.double({ min: 0.05, max: 20, noNaN: true }) }).map(({ w }) => ({
    name: `1/(1 + (t/w)^4) w=${w}`,
    run: () => evaluate(integral(div(n(1), add(n(1), pow(div(t, q(w)), n(4))))), makeEnv(), makeContext(prog.vars)),
    truth: (r20(w) * Math.PI) / Math.SQRT2,
  })),
  fc.record({ w: fc.double({ min: 0.05, max: 20, noNaN: true }) }).map(({ w }) => ({
    name: `sech(t/w) w=${w}`,
    run: () => evaluate(integral(div(n(2), add(exp(div(t, q(w))), exp(neg(div(t, q(w))))))), makeEnv(), makeContext(prog.vars)),
    truth: r20(w) * Math.PI,
  })),
  // half-line: x^(k/2 - 1) e^(-b x) = Gamma(k/2) / b^(k/2), and 1/(b^2 + x^2) = pi/(2b)
  fc.record({ k: fc.integer({ min: 1, max: 8 }), b: fc.double({ min: 0.1, max: 10, noNaN: true }) }).map(({ k, b }) => ({
    name: `x^(${k}/2 - 1) e^(-${b} x)`,
    run: () => quadrature(sample((x) => x ** (k / 2 - 1) * Math.exp(-b * x)), 0, Infinity, 'x', () => {}),
    truth: gammaHalf(k) / b ** (k / 2),
  })),
  fc.record({ b: fc.double({ min: 0.01, max: 100, noNaN: true }) }).map(({ b }) => ({
    name: `1/(${b}^2 + x^2) on [0, inf)`,
    run: () => quadrature(sample((x) => 1 / (b * b + x * x)), 0, Infinity, 'x', () => {}),
    truth: Math.PI / (2 * b),
  })),
  // segment: a pole at c +- i d next to [0, 1]; Beta integrands with singular ends; x^s
  fc.record({ c: fc.double({ min: 0, max: 1, noNaN: true }), d: fc.oneof(fc.constantFrom(1e-3, 1e-2), fc.double({ min: 1e-3, max: 1, noNaN: true })) }).map(({ c, d }) => ({
    name: `1/((x - ${c})^2 + ${d}^2) on [0, 1]`,
    run: () => quadrature(sample((x) => 1 / ((x - c) ** 2 + d * d)), 0, 1, 'x', () => {}),
    truth: (Math.atan((1 - c) / d) + Math.atan(c / d)) / d,
  })),
  fc.record({ a: fc.integer({ min: 1, max: 6 }), b: fc.integer({ min: 1, max: 6 }) }).map(({ a, b }) => ({
    name: `Beta(${a}/2, ${b}/2)`,
    run: () => quadrature(sample((x) => x ** (a / 2 - 1) * (1 - x) ** (b / 2 - 1)), 0, 1, 'x', () => {}),
    truth: (gammaHalf(a) * gammaHalf(b)) / gammaHalf(a + b),
  })),
  fc.record({ s: fc.double({ min: -0.95, max: 3, noNaN: true }) }).map(({ s }) => ({
    name: `x^${s} on [0, 1]`,
    run: () => quadrature(sample((x) => x ** s), 0, 1, 'x', () => {}),
    truth: 1 / (s + 1),
  })),
);

describe('QUADRATIC STOP: the error estimate covers the true error', () => {
  afterEach(() => plantQuadrature(undefined));

  it('on integrands with known values (poles near the line, singular ends, slow tails)', () => {
    fc.assert(
      fc.property(cases, (c) => {
        const got = attempt(c.run);
        if (got !== undefined && !covered(got, c.truth)) throw new Error(`${c.name}: got ${got.x} (e ${got.e}), truth ${c.truth}`);
      }),
      { seed: 20261207, numRuns: 600 },
    );
  });

  it('a wrongly stated rule (the error predicted as r^2, without the observed constant and margin) is caught', () => {
    plantQuadrature('squaring-only');
    const r = fc.check(
      fc.property(cases, (c) => {
        const got = attempt(c.run);
        return got === undefined || covered(got, c.truth);
      }),
      { seed: 20261207, numRuns: 600 },
    );
    expect(r.failed).toBe(true);

  });

  it('takes a Gaussian over the reals one level early: half the nodes, the same accuracy', () => {
    // the whole-line rule of evaluate.ts on exp(-x^2) in sinh-sinh coordinates x = 2 sinh(pi/2 sinh s)
    // (a frame twice the width: the changes between levels are 3e-2, 6e-4, 1e-8, then 1e-16)
    const rule = { h0: 0.5, tmax: 4.5, levels: 8, edgeTol: 1e-12, settleTol: 1e-11, magnitude: true, quadraticStop: true };
    let nodes = 0;
    const g = (s: number) => {
      nodes++;
      const u = (Math.PI / 2) * Math.sinh(s);
      const x = 2 * Math.sinh(u);
      const v = 2 * Math.exp(-x * x) * (Math.PI / 2) * Math.cosh(s) * Math.cosh(u);
      return { v, m: Math.abs(v), e: 0 };
    };
    const r = trapezoidLevels(doubleSums, g, rule, () => {});
    expect(r.kind).toBe('settled');
    if (r.kind !== 'settled') return;
    expect(Math.abs(r.x - Math.sqrt(Math.PI))).toBeLessThan(1e-13);
    expect(r.e).toBeLessThanOrEqual(1e-11 * Math.sqrt(Math.PI));
    // levels of 19, 18, 36 and 72 new nodes, and the 2 ends; waiting for two levels to agree adds 144
    expect(nodes).toBe(19 + 18 + 36 + 72 + 2);
  });
});
