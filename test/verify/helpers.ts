/**
 * Hand-built elaborated ASTs for the numeric-witness tests (the elaborator is
 * developed separately). Every node gets a zero span.
 */
export type { Expr } from '../../src/proofs/ast.ts';
import type { BuiltinFn, CalcDecl, ClaimDecl, Domain, Expr, Quantifier, RelOp, VarDecl } from '../../src/proofs/ast.ts';

const span = { start: 0, end: 0 };

/** An exact literal: n(3), n(1, 2) = 1/2. */
export const n = (num: number | bigint, den: number | bigint = 1): Expr => ({ kind: 'num', num: BigInt(num), den: BigInt(den), span });
/** A declared var reference. */
export const v = (name: string): Expr => ({ kind: 'var', name, span });
/** A bound index reference. */
export const ix = (name: string): Expr => ({ kind: 'index', name, span });
export const pi: Expr = { kind: 'const', name: 'pi', span };
export const e: Expr = { kind: 'const', name: 'e', span };
export const neg = (arg: Expr): Expr => ({ kind: 'neg', arg, span });
const bin = (op: '+' | '-' | '*' | '/' | '^') => (left: Expr, right: Expr): Expr => ({ kind: 'binop', op, left, right, span });
export const add = bin('+');
export const sub = bin('-');
export const mul = bin('*');
export const div = bin('/');
export const pow = bin('^');
export const call = (fn: BuiltinFn, arg: Expr): Expr => ({ kind: 'call', fn, arg, span });
export const exp = (a: Expr) => call('exp', a);
export const log = (a: Expr) => call('log', a);
export const sin = (a: Expr) => call('sin', a);
export const cos = (a: Expr) => call('cos', a);
export const fact = (arg: Expr): Expr => ({ kind: 'factorial', arg, span });
export const binom = (nn: Expr, k: Expr): Expr => ({ kind: 'binomial', n: nn, k, span });
export const sum = (index: string, lo: Expr, hi: Expr | 'inf', body: Expr): Expr => ({ kind: 'sum', index, lo, hi, body, span });
export const prod = (index: string, lo: Expr, hi: Expr | 'inf', body: Expr): Expr => ({ kind: 'prod', index, lo, hi, body, span });
export const deriv = (variable: string, order: number, body: Expr): Expr => ({ kind: 'deriv', var: variable, order: n(order), body, span });
export const coeff = (body: Expr, variable: string, power: Expr): Expr => ({ kind: 'coeff', body, var: variable, power, span });
export const series = (body: Expr, variable: string, order: Expr): Expr => ({ kind: 'series', body, var: variable, order, span });
export const val = (body: Expr, variable: string): Expr => ({ kind: 'val', body, var: variable, span });
export const argmin = (variable: string, body: Expr): Expr => ({ kind: 'argmin', var: variable, body, span });
export const argmax = (variable: string, body: Expr): Expr => ({ kind: 'argmax', var: variable, body, span });
/** sigma(z) = 1/(1 + exp(-z)). */
export const sigma = (z: Expr): Expr => div(n(1), add(n(1), exp(neg(z))));

/** A var declaration. */
export const varDecl = (name: string, domain: Domain): VarDecl => ({ kind: 'var', name, domain, span });
/** Real interval domain; undefined ends are infinite. */
export const real = (lo?: [number, boolean], hi?: [number, boolean]): Domain => ({
  kind: 'real',
  ...(lo ? { lo: { value: n(lo[0]), open: lo[1] } } : {}),
  ...(hi ? { hi: { value: n(hi[0]), open: hi[1] } } : {}),
});
export const intRange = (lo: number, hi: number): Domain => ({ kind: 'int', lo: n(lo), hi: n(hi) });
export const finiteSet = (...values: number[]): Domain => ({ kind: 'set', values: values.map((x) => n(x)) });

/** A program's declarations from var decls. */
export const program = (...decls: VarDecl[]): { vars: ReadonlyMap<string, VarDecl> } => ({ vars: new Map(decls.map((d) => [d.name, d])) });

/** A quantifier j in lo..hi. */
export const forall = (index: string, lo: Expr, hi: Expr): Quantifier => ({ index, lo, hi, span });

/** A claim t0 op1 t1 ... */
export const claim = (terms: Expr[], ops: RelOp[], quantifiers: Quantifier[] = []): ClaimDecl => ({
  kind: 'claim', quantifiers, formula: { kind: 'chain', terms, ops, span }, span,
});
/** lhs = rhs. */
export const eq = (l: Expr, r: Expr, quantifiers: Quantifier[] = []) => claim([l, r], ['='], quantifiers);
/** left ≈ right within tol. */
export const approx = (left: Expr, right: Expr, tolerance: Expr, relative = false): ClaimDecl => ({
  kind: 'claim', quantifiers: [], formula: { kind: 'approx', left, right, tolerance, relative, span }, span,
});
/** A calc chain. */
export const calc = (first: Expr, steps: [RelOp, Expr][], quantifiers: Quantifier[] = []): CalcDecl => ({
  kind: 'calc', quantifiers, first, steps: steps.map(([op, expr]) => ({ op, expr, rules: [], span })), span,
});
