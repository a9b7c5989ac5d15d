/**
 * NEGLIGIBLE NODES (evaluate.ts, with MAGNITUDES in magnitude.ts): an integrand that
 * overflows in doubles at the far quadrature nodes, where its true value is
 * astronomically small, no longer makes every point unjudged. The integrals of sech,
 * x/sinh and the logistic density are TESTED; false variants are not; and an overflow
 * in a part free of the variable, computed once and reused at every node, is never
 * forgiven. In Taylor jets (series and derivatives of such integrals), DISCS bound
 * every coefficient at such a node: moment generating and characteristic functions of
 * the hyperbolic secant, logistic and sech(y x) laws are TESTED, where before every
 * point was unjudged, or the whole work budget went into integrals that could not settle.
 */
import { describe, expect, it } from 'vitest';
import type { Expr } from '../../src/proofs/ast.ts';
import { evaluate, makeContext, makeEnv } from '../../src/verify/eval/evaluate.ts';
import * as h from '../verify/helpers.ts';
import { expectNotTested, expectTested, onlyItem as only } from './single-item.ts';

describe('NEGLIGIBLE NODES', () => {
  it('integrals whose integrand overflows far out are TESTED at every point', () => {
    const claims = [
      'claim sech: integral(x = -inf..inf, 1/cosh(x)) = pi',
      'claim sech2: integral(x = -inf..inf, 1/(exp(x) + exp(-x))) = pi/2',
      'claim xsinh: integral(x = -inf..inf, x/sinh(x)) = pi^2/2',
      'claim logistic: integral(x = -inf..inf, exp(-x)/(1 + exp(-x))^2) = 1',
      'var y in (1, 3)\nclaim sechy: integral(x = -inf..inf, 1/cosh(y*x)) = pi/y',
      'var y in (1, 3)\nclaim halfline: integral(x = 0..inf, 1/cosh(y*x)) = pi/(2*y)',
    ];
    expectTested(claims, { judged: true });
  });
  it('false variants are not TESTED (each fails at its points)', () => {
    const claims = [
      'claim sech_f: integral(x = -inf..inf, 1/cosh(x)) = 3.1415926',
      'claim logistic_f: integral(x = -inf..inf, exp(-x)/(1 + exp(-x))^2) = 1.000001',
      'var y in (1, 3)\nclaim sechy_f: integral(x = -inf..inf, 1/cosh(y*x)) = pi/y*(1 + 10^-7)',
      'claim xsinh_f: integral(x = -inf..inf, x/sinh(x)) = pi^2/2 + 10^-6',
    ];
    expectNotTested(claims, 'failed');
  });
  it('an integrand that is not small where it overflows stays unjudged there', () => {
    // cosh(x)/cosh(x) is 1, so the integrand is exp(-x^2/10^6), about 0.6 where cosh overflows
    const item = only('claim r: integral(x = -inf..inf, cosh(x)/cosh(x)*exp(-x^2/10^6)) = 1000*sqrt(pi)\n');
    expect(item.grade).not.toBe('TESTED');
    expect(item.numeric?.status).not.toBe('passed');
  });
  it('a term that is not small where another overflows keeps the point unjudged (a literal 10^-19 was read as 0)', () => {
    const K = '*exp(digamma(y) - digamma(y))';
    for (const [lo, bound] of [['-inf', 2], ['0', 1]]) {
      const item = only(`var y in (1, 3)\nclaim b: integral(x = ${lo}..inf, exp(-x^2) + 0.0000000000000000001*10^19*exp(-((x - 3000)/300)^2)*cosh(x)/cosh(x))${K} <= ${bound}\n`);
      expect(item.grade).not.toBe('TESTED');
      expect(item.numeric?.status).not.toBe('passed');
    }
  });
  it('an overflow in a part free of the variable is never forgiven', () => {
    // (G's rounding scale is NaN in doubles, so the quadrature does not settle either)
    freePartNeverForgiven((bump, G) => ({ kind: 'integral', index: 'x', body: h.mul(bump, G), span: { start: 0, end: 0 } }), { z: 720 });
  });
});

describe('SWAMPED NODES: a node lost in an underflow\'s error, bounded rigorously instead', () => {
  it('integrals whose far nodes multiply an underflowed factor by a large one are judged at every point, and their derivatives', () => {
    // exp(-r) underflows far out while exp(q r) is large: its bound, 2^-1021 times that, times
    // the far nodes' weights, was an error of 0.066 on a value of 1.87 (the point unjudged);
    // the Gaussian's exp(-50 u^2) against exp(t u) likewise (a fifth red-team pass)
    // (sin^2 + cos^2, inside: the exact kernel does not integrate it, so the witness decides)
    const one = '(sin(r)^2 + cos(r)^2)';
    const oneU = '(sin(u)^2 + cos(u)^2)';
    expectTested([
      `var q in (0, 0.5)\nclaim laplace: integral(r = 0..inf, r*exp(-r)*exp(q*r)*${one}) = 1/(1 - q)^2`,
      `var t in (-0.5, 0.5)\nclaim mgf: d2/dt2 log(integral(u = -inf..inf, exp(t*u)*exp(-u^2/(2*0.01))*${oneU})) = 0.01`,
      // such a node keeps its value, bounded: forgiven as 0, its stretch to a neighbour that
      // is not negligible (e^-139 at q = 0.78) left every point unjudged (a sixth red-team pass)
      `var q in (0.75, 0.8)\nclaim near_one: integral(r = 0..inf, exp(-r)*exp(q*r)*${one}) = 1/(1 - q)`,
    ], { judged: true });
    expectNotTested([
      `var q in (0, 0.5)\nclaim laplace: integral(r = 0..inf, r*exp(-r)*exp(q*r)*${one}) = 1/(1 - q)^2 + 10^-7`,
      `var t in (-0.5, 0.5)\nclaim mgf: d2/dt2 log(integral(u = -inf..inf, exp(t*u)*exp(-u^2/(2*0.01))*${oneU})) = 0.01*(1 + 10^-6)`,
    ], 'failed');
  });
});

describe('NEGLIGIBLE NODES in Taylor jets (DISCS)', () => {
  const hs = 'integral(x = -inf..inf, exp(t*x)/(2*cosh(pi*x/2)))';
  const logistic = 'integral(x = -inf..inf, exp(t*x)*exp(-x)/(1 + exp(-x))^2)';
  it('moment generating functions whose integrand overflows far out are TESTED, every run judged', () => {
    expectTested([
      `var t real\nclaim hs: series(log(${hs}), t, 4) = series(-log(cos(t)), t, 4)`,
      `var s in (-0.9, 0.9)\nclaim hs_mean: d/ds log(${hs.replaceAll('t*x', 's*x')}) = tan(s)`,
      `var t real\nclaim logistic: series(log(${logistic}), t, 6) = series(log(pi*t/sin(pi*t)), t, 6)`,
      'var t real\nvar y in (1, 3)\nclaim sech_y: series(integral(x = -inf..inf, exp(t*x)/cosh(y*x)), t, 4) = series(pi/(y*cos(pi*t/(2*y))), t, 4)',
      // characteristic functions: cos(t x) is at most cosh(rho x) on the disc
      'var t real\nclaim hs_cf: series(integral(x = -inf..inf, cos(t*x)/cosh(x)), t, 4) = series(pi/cosh(pi*t/2), t, 4)',
      'var t real\nclaim hs_cosh: series(integral(x = -inf..inf, cosh(t*x)/cosh(x)), t, 4) = series(pi/cos(pi*t/2), t, 4)',
      `var t real\nclaim logistic_cf: series(${logistic.replace('exp(t*x)', 'cos(t*x)')}, t, 4) = series(pi*t/sinh(pi*t), t, 4)`,
    ], { judged: true });
  });
  it('a quotient by what holds the variable is bounded on the disc (DISCS: 1/b where |b| stays off 0): TESTED, and a false variant is not', () => {
    const d = 'd/dw integral(x = -inf..inf, 1/(cosh(x) + w))';
    const closed = '(-2 + 2*w*(pi/2 - atan(w/sqrt(1 - w^2)))/sqrt(1 - w^2))/(1 - w^2)';
    expectTested([`var w in (-1/2, 1/2)\nclaim quotient: ${d} = ${closed}`]);
    expectNotTested([`var w in (-1/2, 1/2)\nclaim quotient_f: ${d} = 1.000001*${closed}`], 'failed');
  });
  it('false variants are not TESTED (each fails at its points)', () => {
    expectNotTested([
      `var t real\nclaim hs_f: series(log(${hs}), t, 4) = series(-log(cos(t)), t, 4) + t^4/1000`,
      `var s in (-0.9, 0.9)\nclaim hs_mean_f: d/ds log(${hs.replaceAll('t*x', 's*x')}) = tan(s) + s^3/10^5`,
      `var t real\nclaim logistic_f: series(log(${logistic}), t, 6) = series(log(pi*t/sin(pi*t)), t, 6) + t^6/10^6`,
      'var t real\nvar y in (1, 3)\nclaim sech_y_f: series(integral(x = -inf..inf, exp(t*x)/cosh(y*x)), t, 4) = series(pi/(y*cos(pi*t/(2*y))), t, 4) + t^2*10^-7',
      'var t real\nclaim hs_cf_f: series(integral(x = -inf..inf, cos(t*x)/cosh(x)), t, 4) = series(pi/cosh(pi*t/2), t, 4) + t^4/10^5',
    ], 'failed');
  });
  it('a bump between two forgiven nodes leaves the point unjudged (GAPS), in jets and in doubles', () => {
    // Each far node near x = 1234.5 (1007, 1288 in the grid that settles) is astronomically
    // small, and was forgiven on its own bound; the bump of width 1 between them carries
    // sqrt(pi) in [t^2] (a red-team pass: TESTED, false). In doubles the same with sqrt(...),
    // whose rounding scale at 0 is not finite, and a bump of height 1 past every probe.
    expectNotTested([
      'var t real\nclaim sech_far: series(integral(x = -inf..inf, exp(t*x + t^2*exp(pi*x/2 - (x - 1234.5)^2))/(2*cosh(pi*x/2))), t, 3) = series(1/cos(t), t, 3)',
      'var s in (-0.9, 0.9)\nclaim hs_mean_far: d/ds log(integral(x = -inf..inf, exp(s*x + s^2*exp(pi*x/2 - (x - 1234.5)^2))/(2*cosh(pi*x/2)))) = tan(s)',
      'var y in (1, 3)\nclaim smooth_far: integral(x = -inf..inf, sqrt(exp(-2*x^2) + exp(-2*(x - 1234.5)^2)))*exp(digamma(y) - digamma(y)) = sqrt(pi)',
      'claim dbl_far: integral(x = -inf..inf, sqrt(1 + exp(pi*x - 2*(x - 1234.5)^2))/(2*cosh(pi*x/2))) = 1',
    ], 'not passed');
  });
  it('the GAP of an outermost node reaches the end of a segment: all of the mass may lie there', () => {
    // On [0, 10^50] the tanh-sinh node nearest 0 is 6e12 from it: every node is far out, where
    // 1/cosh overflows and is forgiven, and the whole integral came out 0 (a red-team pass)
    const K = '*exp(digamma(y) - digamma(y))';
    expectNotTested([
      `var y in (1, 3)\nclaim twice: integral(x = 0..10^50, 1/cosh(y*x)) = integral(x = 0..10^50, 2/cosh(y*x))${K}`,
      `var y in (1, 3)\nclaim neg: integral(x = -10^50..0, 1/cosh(y*x)) = 0${K}`,
      `var y in (1, 3)\nclaim seg: integral(x = 0..10^300, 1/cosh(y*x)) = 0${K}`,
    ], 'not passed');
  });
  it('a run of GAPS whose enclosure is exactly 0 holds nothing (not NaN)', () => {
    // exp(-x^2) past 10^160 encloses to exactly 0 (its logarithm is -inf), and the mass of the
    // run in logarithms was -inf + inf: every point's error was NaN, so none was judged
    expectTested(['var y in (1, 3)\nclaim z: integral(x = 10^160..10^161, exp(-x^2)*cosh(y*x/10^158)/cosh(y*x/10^158))*exp(digamma(y) - digamma(y)) = 0'], { judged: true });
  });
  it('what the GAPS may hold is an error of the integral: a bump of height 2^-202 and width 10^56 is not 0', () => {
    // every node overflows and is at most 2^-202, and so is the whole run between them; but
    // the integral over it is about 2.8e-5 y (a red-team pass: TESTED = 0, in both builds)
    expectNotTested([
      'var y in (1, 3)\nclaim G3: integral(x = 0..10^60, y/(2^202*exp(((x - 52453*10^55)/10^56)^2) + exp(((x - 52453*10^55)/(5*10^56))^2))) = 0',
      // and a loose bound on a run (2^-218 over 3e59, where 1e-9 lies) must not widen the
      // tolerance to let a claim off by 5e-6 pass (a red-team pass)
      'var y in (1, 3)\nclaim m5: integral(x = 0..10^60, y*exp(-x/(4*10^57))/(4*10^57) + (x/10^60)^2000/(2^218 + 0*exp(x/10^57))) = (y + 5*10^-6)*exp(digamma(y) - digamma(y))',
      // ... relative to the integral's own scale: an absolute trace (2^-54 here), scaled up
      // afterwards, widened the tolerance as much (a fifth red-team pass; the true value is
      // +4.8e-7, and both claims were TESTED)
      'var y in (1, 3)\nclaim neg: 2^33*integral(x = 0..2^148, 2^(-202)*tanh(exp(x))) = -(4/10^6)*exp(digamma(y) - digamma(y))',
      'var y in (1, 3)\nclaim off: 2^60*integral(x = 0..2^148, 2^(-202)*tanh(exp(x))) + 2^30 = (2^30 + 500)*exp(digamma(y) - digamma(y))',
    ], 'not passed');
  });
  it('an argmin keeps a point whose integral GAPS left unjudged (its value is unknown, not an overflow to leave out)', () => {
    // near s = 5 a bump at x = 1000 lies between forgiven nodes, and the objective is -166.7
    // there: the candidates near the true minimiser were dropped, and argmin = 2 TESTED
    expectNotTested([
      'var s in (0, 10)\nclaim am: argmin(s, (s - 2)^2 + integral(x = 0..inf, 1/cosh(x) - 1000*exp(-(10*(x - 1000))^2 - 100*(s - 5)^2))) = 2',
    ], 'not passed');
  });
  it('a coefficient that is not small where the integrand overflows keeps the point unjudged', () => {
    // [t^2] of exp(t x) times a bump of height 10^300 at x = 2000 (1/cosh(x) cosh(x) is 1): the
    // bump is 2000^2/2 10^300 exp(-(x - 2000)^2) there, far from negligible
    const item = only(`var t real\nclaim r: series(integral(x = -inf..inf, exp(t*x)*(exp(-x^2) + 10^300*exp(-(x - 2000)^2)/cosh(x)*cosh(x))), t, 2) = series(sqrt(pi)*exp(t^2/4), t, 2)\n`);
    expect(item.grade).not.toBe('TESTED');
    expect(item.numeric?.status).not.toBe('passed');
  });
  it('an overflow in a part free of the variable is never forgiven', () => {
    // the same case in the Taylor jets of a series in t
    freePartNeverForgiven((bump, G) => {
      const body = h.mul(h.mul(h.exp(h.mul(h.v('t'), h.ix('x'))), bump), G);
      return h.series({ kind: 'integral', index: 'x', body, span: { start: 0, end: 0 } }, 't', h.n(2));
    }, { z: 720, t: 0 });
  });
});

/**
 * G(z) = 1/(1 + 1/(cosh(z) exp(-z))) is 1/3 (cosh(z) e^-z is about 1/2); in doubles at
 * z = 720 cosh(z) is inf, times a subnormal, and G is 1. The part is computed once per
 * integral, at its first node, and reused at every other. The first node is x = 0,
 * where bump = exp(-1000 (x - 5)^2) makes the whole integrand negligible: forgiving the
 * count there would let every later node use G = 1 uncounted. `build` makes what is
 * evaluated (whose value at the point is the integral of bump G, sqrt(pi/1000)/3) from
 * the two; it must come out right, or with the overflow counted.
 */
function freePartNeverForgiven(build: (bump: Expr, G: Expr) => Expr, point: Record<string, number>): void {
  const z = h.v('z');
  const G = h.div(h.n(1), h.add(h.n(1), h.div(h.n(1), h.mul(h.call('cosh', z), h.exp(h.neg(z))))));
  const bump = h.exp(h.mul(h.n(-1000), h.pow(h.sub(h.ix('x'), h.n(5)), h.n(2))));
  const ctx = makeContext(h.program(...Object.keys(point).map((name) => h.varDecl(name, h.real()))).vars);
  let value: number | string;
  try {
    value = evaluate(build(bump, G), makeEnv(point), ctx).x;
  } catch (err) {
    value = String(err);
  }
  const right = typeof value === 'number' && Math.abs(value - Math.sqrt(Math.PI / 1000) / 3) < 1e-9;
  expect(right || (ctx.rangeLost ?? 0) > 0, String(value)).toBe(true);
}
