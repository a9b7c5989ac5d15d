/**
 * A tiny exact evaluator over bigint rationals for re-confirming counterexamples
 * at points where every value is rational (a double is always a dyadic rational).
 * Handles literals, vars, indices, + - * /, integer powers, factorials, binomials,
 * finite sums and products; anything else (constants, built-ins, numeric
 * operators, infinite series) is 'unsupported'. Independent of src/algebra by
 * design: this is the witness's own arithmetic, not the kernel's.
 *
 * Canonical form: gcd(n, d) = 1, d > 0.
 */
import type { Expr } from '../../proofs/ast.ts';
import { factorial, binomial, stirlingFirst } from '../eval/evaluate.ts';

/** A canonical rational n/d. */
export interface Q {
  readonly n: bigint;
  readonly d: bigint;
}

/** The result of exact evaluation. */
export type ExactResult = Q | 'undefined' | 'unsupported';

const MAX_BITS = 200_000;

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** n/d in canonical form. Requires d != 0. */
export function q(n: bigint, d = 1n): Q {
  if (d < 0n) { n = -n; d = -d; }
  const g = gcd(n, d);
  return g > 1n ? { n: n / g, d: d / g } : { n, d };
}

/** The exact value of a finite double. Requires Number.isFinite(x). */
export function qFromNumber(x: number): Q {
  if (Number.isInteger(x)) return { n: BigInt(x), d: 1n };
  let e = 0n;
  while (!Number.isInteger(x)) { x *= 2; e++; }
  return q(BigInt(x), 1n << e);
}

export const qAdd = (a: Q, b: Q): Q => q(a.n * b.d + b.n * a.d, a.d * b.d);
export const qSub = (a: Q, b: Q): Q => q(a.n * b.d - b.n * a.d, a.d * b.d);
export const qMul = (a: Q, b: Q): Q => q(a.n * b.n, a.d * b.d);
/** a/b; requires b != 0. */
export const qDiv = (a: Q, b: Q): Q => q(a.n * b.d, a.d * b.n);
/** Sign of a - b. */
export const qCmp = (a: Q, b: Q): number => {
  const s = a.n * b.d - b.n * a.d;
  return s > 0n ? 1 : s < 0n ? -1 : 0;
};
export const qAbs = (a: Q): Q => (a.n < 0n ? { n: -a.n, d: a.d } : a);

function bits(a: Q): number {
  return (a.n < 0n ? -a.n : a.n).toString(16).length * 4 + a.d.toString(16).length * 4;
}

class Unsupported extends Error {}
class Undefined extends Error {}

function isInt(a: Q): boolean {
  return a.d === 1n;
}

/** Exact evaluation at rational var values and integer indices. */
export function exactEval(expr: Expr, vars: ReadonlyMap<string, number>, idx: ReadonlyMap<string, bigint>): ExactResult {
  try {
    return go(expr, vars, new Map(idx));
  } catch (e) {
    if (e instanceof Unsupported) return 'unsupported';
    if (e instanceof Undefined) return 'undefined';
    throw e;
  }
}

function go(expr: Expr, vars: ReadonlyMap<string, number>, idx: Map<string, bigint>): Q {
  const r = goInner(expr, vars, idx);
  if (bits(r) > MAX_BITS) throw new Unsupported();
  return r;
}

function goInner(expr: Expr, vars: ReadonlyMap<string, number>, idx: Map<string, bigint>): Q {
  switch (expr.kind) {
    case 'num': return q(expr.num, expr.den);
    case 'var': {
      const x = vars.get(expr.name);
      if (x === undefined || !Number.isFinite(x)) throw new Unsupported();
      return qFromNumber(x);
    }
    case 'index': {
      const i = idx.get(expr.name);
      if (i === undefined) throw new Unsupported();
      return q(i);
    }
    case 'neg': { const a = go(expr.arg, vars, idx); return { n: -a.n, d: a.d }; }
    case 'binop': {
      const a = go(expr.left, vars, idx);
      const b = go(expr.right, vars, idx);
      switch (expr.op) {
        case '+': return qAdd(a, b);
        case '-': return qSub(a, b);
        case '*': return qMul(a, b);
        case '/': if (b.n === 0n) throw new Undefined(); return qDiv(a, b);
        case '^': {
          if (!isInt(b)) throw new Unsupported();
          let k = b.n;
          if (k > 100000n || k < -100000n) throw new Unsupported();
          if (k < 0n) {
            if (a.n === 0n) throw new Undefined();
            k = -k;
            return q(a.d ** k, a.n ** k);
          }
          if (bits(a) * Number(k) > MAX_BITS) throw new Unsupported();
          return q(a.n ** k, a.d ** k);
        }
      }
      break;
    }
    case 'factorial': {
      const a = go(expr.arg, vars, idx);
      if (!isInt(a)) throw new Unsupported();
      if (a.n < 0n) throw new Undefined();
      if (a.n > 5000n) throw new Unsupported();
      return q(factorial(a.n));
    }
    case 'binomial': {
      const a = go(expr.n, vars, idx);
      const k = go(expr.k, vars, idx);
      if (!isInt(a) || !isInt(k) || k.n > 5000n) throw new Unsupported();
      return q(binomial(a.n, k.n));
    }
    case 'stirling1': {
      const a = go(expr.n, vars, idx);
      const k = go(expr.k, vars, idx);
      if (!isInt(a) || !isInt(k) || a.n > 5000n) throw new Unsupported();
      if (a.n < 0n) throw new Undefined();
      return q(stirlingFirst(a.n, k.n));
    }
    case 'sum': case 'prod': {
      if (expr.hi === 'inf') throw new Unsupported();
      const lo = go(expr.lo, vars, idx);
      const hi = go(expr.hi, vars, idx);
      if (!isInt(lo) || !isInt(hi) || hi.n - lo.n > 100000n) throw new Unsupported();
      const saved = idx.get(expr.index);
      let acc = q(expr.kind === 'sum' ? 0n : 1n);
      for (let i = lo.n; i <= hi.n; i++) {
        idx.set(expr.index, i);
        const t = go(expr.body, vars, idx);
        acc = expr.kind === 'sum' ? qAdd(acc, t) : qMul(acc, t);
      }
      if (saved === undefined) idx.delete(expr.index); else idx.set(expr.index, saved);
      return acc;
    }
    default: break;
  }
  throw new Unsupported();
}
