/**
 * Symbolic (partial) differentiation of kernel Terms. TRUSTED KERNEL.
 *
 * `diff(t, x, order)` differentiates the exp-log normal form of t (see diffNormal)
 * and, when that fails, applies the sum, product and chain rules on the Term tree,
 * returning an unsimplified Term built with the smart constructors. Invariant: wherever t is differentiable in x, the
 * result equals dt/dx there; every other variable is held constant.
 * Derivative table: exp' = exp; log' u = u'/u; (u^k)' = k u^(k-1) u';
 * (a^b)' = a^b (b' log a + b a'/a); |u|' = u/|u| u'; sin' = cos; cos' = -sin;
 * tan' = 1 + tan^2; sinh' = cosh; cosh' = sinh; tanh' = 1 - tanh^2;
 * atan' = 1/(1+u^2); asin' = 1/sqrt(1-u^2); acos' = -1/sqrt(1-u^2); atanh' = 1/(1-u^2).
 */
import { KernelError, fail } from '../numbers/errors.ts';
import { NormalContext } from '../normal/normal.ts';
import { Rational } from '../numbers/rational.ts';
import { kernelLimits } from '../containers/poly.ts';
import * as T from '../containers/term.ts';
import type { Assumptions, Term } from '../containers/term.ts';

function dependsOn(t: Term, x: string): boolean {
  switch (t.k) {
    case 'var':
      return t.name === x;
    case 'add':
    case 'mul':
      return t.args.some((a) => dependsOn(a, x));
    case 'pow':
      return dependsOn(t.base, x);
    case 'powt':
      return dependsOn(t.base, x) || dependsOn(t.exp, x);
    case 'fn':
      return dependsOn(t.arg, x);
    default:
      return false;
  }
}

function d1(t: Term, x: string): Term {
  if (!dependsOn(t, x)) return T.ZERO;
  switch (t.k) {
    case 'var':
      return T.ONE;
    case 'add':
      return T.add(...t.args.map((a) => d1(a, x)));
    case 'mul': {
      const parts: Term[] = [];
      t.args.forEach((a, i) => {
        if (!dependsOn(a, x)) return;
        parts.push(T.mul(...t.args.slice(0, i), d1(a, x), ...t.args.slice(i + 1)));
      });
      return T.add(...parts);
    }
    case 'pow':
      return T.mul(T.num(t.exp), T.pow(t.base, t.exp.sub(Rational.ONE)), d1(t.base, x));
    case 'powt': {
      const a = t.base;
      const b = t.exp;
      return T.mul(t, T.add(T.mul(d1(b, x), T.log(a)), T.mul(b, d1(a, x), T.pow(a, -1))));
    }
    case 'fn': {
      const u = t.arg;
      const du = d1(u, x);
      const chain = (outer: Term): Term => T.mul(outer, du);
      const one = T.ONE;
      switch (t.name) {
        case 'exp':
          return chain(t);
        case 'log':
          return chain(T.pow(u, -1));
        case 'abs':
          return chain(T.div(u, t));
        case 'sin':
          return chain(T.fn('cos', u));
        case 'cos':
          return chain(T.neg(T.fn('sin', u)));
        case 'tan':
          return chain(T.add(one, T.pow(t, 2)));
        case 'sinh':
          return chain(T.fn('cosh', u));
        case 'cosh':
          return chain(T.fn('sinh', u));
        case 'tanh':
          return chain(T.sub(one, T.pow(t, 2)));
        case 'atan':
          return chain(T.pow(T.add(one, T.pow(u, 2)), -1));
        case 'asin':
          return chain(T.pow(T.sub(one, T.pow(u, 2)), Rational.frac(-1n, 2n)));
        case 'acos':
          return chain(T.neg(T.pow(T.sub(one, T.pow(u, 2)), Rational.frac(-1n, 2n))));
        case 'atanh':
          return chain(T.pow(T.sub(one, T.pow(u, 2)), -1));
        case 'gamma':
          return chain(T.mul(t, T.fn('digamma', u)));
        case 'digamma':
          return fail('kernel/unsupported', 'diff: the derivative of digamma (trigamma) is not in the kernel');
      }
    }
    // falls through (unreachable: every fn handled)
    default:
      return T.ZERO;
  }
}

/**
 * The derivative by the sum, product and chain rules on the Term tree (order
 * applications of d1, with the size check); exported for tests and as the fallback.
 */
export function diffTerm(t: Term, x: string, order = 1): Term {
  let r = t;
  for (let i = 0; i < order; i++) {
    r = d1(r, x);
    if (T.termSize(r) > kernelLimits.maxTermSize) {
      fail('limit/term-size', `diff: derivative of order ${i + 1} has more than ${kernelLimits.maxTermSize} nodes`);
    }
  }
  return r;
}

/** Assumptions of the normal-form route: none (every rewrite it makes is then unconditional). */
const NO_ASSUMPTIONS: Assumptions = new Map();

/**
 * The derivative through the exp-log normal form: t is normalised under NO
 * assumptions, so its normal form F equals t at every point where t is defined
 * (F may be defined on a larger set); where t is differentiable in x it is
 * defined on a neighbourhood in x, F = t there, and so dF/dx = dt/dx. F is
 * differentiated as a rational function over atoms (NormalContext.derivative:
 * the quotient rule and the chain rule through each atom's argument) and printed
 * back as a Term. Repeated derivatives stay small (no product-rule swell).
 */
function diffNormal(t: Term, x: string, order: number): Term {
  const ctx = new NormalContext(NO_ASSUMPTIONS);
  let f = ctx.normalize(t);
  for (let i = 0; i < order && !f.isZero(); i++) f = ctx.derivative(f, x);
  const r = ctx.toTerm(f);
  if (T.termSize(r) > kernelLimits.maxTermSize) {
    fail('limit/term-size', `diff: derivative of order ${order} has more than ${kernelLimits.maxTermSize} nodes`);
  }
  return r;
}

/**
 * The order-th partial derivative of t with respect to x: through the normal
 * form (diffNormal) when that succeeds, else by the sum, product and chain rules
 * on the Term tree. Both are correct wherever t is differentiable in x.
 * Requires: order a nonnegative integer. Throws: `diff/order` for a bad order;
 * `limit/term-size` when an intermediate result exceeds the term-size limit.
 */
export function diff(t: Term, x: string, order = 1): Term {
  if (!Number.isSafeInteger(order) || order < 0) fail('diff/order', `diff: order must be a nonnegative integer, got ${order}`);
  if (order === 0) return t;
  if (!dependsOn(t, x)) return T.ZERO;
  try {
    return diffNormal(t, x, order);
  } catch (e) {
    if (!(e instanceof KernelError)) throw e;
  }
  return diffTerm(t, x, order);
}
