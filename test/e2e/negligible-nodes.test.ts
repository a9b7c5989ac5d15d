/**
 * NEGLIGIBLE NODES (evaluate.ts, with MAGNITUDES in magnitude.ts): an integrand that
 * overflows in doubles at the far quadrature nodes, where its true value is
 * astronomically small, no longer makes every point unjudged. The integrals of sech,
 * x/sinh and the logistic density are TESTED; false variants are not; and an overflow
 * in a part free of the variable, computed once and reused at every node, is never
 * forgiven.
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
    // G(z) = 1/(1 + 1/(cosh(z) exp(-z))) is 1/3 (cosh(z) e^-z is about 1/2); in doubles at
    // z = 720 cosh(z) is inf, times a subnormal, and G is 1. The part is computed once per
    // integral, at its first node, and reused at every other. The first node is x = 0,
    // where exp(-1000 (x - 5)^2) makes the whole integrand negligible: forgiving the
    // count there would let every later node use G = 1 uncounted.
    const z = h.v('z');
    const G = h.div(h.n(1), h.add(h.n(1), h.div(h.n(1), h.mul(h.call('cosh', z), h.exp(h.neg(z))))));
    const x = h.ix('x');
    const bump = h.exp(h.mul(h.n(-1000), h.pow(h.sub(x, h.n(5)), h.n(2))));
    const integral: Expr = { kind: 'integral', index: 'x', body: h.mul(bump, G), span: { start: 0, end: 0 } };
    const ctx = makeContext(h.program(h.varDecl('z', h.real())).vars);
    let value: number | string;
    try {
      value = evaluate(integral, makeEnv({ z: 720 }), ctx).x;
    } catch (err) {
      value = String(err); // (G's rounding scale is NaN in doubles, so the quadrature does not settle either)
    }
    const right = typeof value === 'number' && Math.abs(value - Math.sqrt(Math.PI / 1000) / 3) < 1e-9;
    expect(right || (ctx.rangeLost ?? 0) > 0, String(value)).toBe(true);
  });
});
