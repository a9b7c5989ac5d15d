/**
 * Float evaluation of kernel Terms, for tests that compare an exact result with
 * numbers (independent of src/verify, which evaluates the surface AST instead).
 * A non-integer power of a negative base is NaN, as the kernel's convention.
 */
import { gammaReal, digammaReal } from '../../src/verify/arith/special.ts';
import type { Term, UnaryFn } from '../../src/algebra/containers/term.ts';

export function evalFloat(t: Term, env: Record<string, number>): number {
  switch (t.k) {
    case 'const':
      return t.value.toNumber();
    case 'var':
      return env[t.name] ?? NaN;
    case 'named':
      return t.name === 'pi' ? Math.PI : Math.E;
    case 'add':
      return t.args.reduce((s, a) => s + evalFloat(a, env), 0);
    case 'mul':
      return t.args.reduce((s, a) => s * evalFloat(a, env), 1);
    case 'pow': {
      const b = evalFloat(t.base, env);
      if (!t.exp.isInteger() && b < 0) return NaN;
      return Math.pow(b, t.exp.toNumber());
    }
    case 'powt':
      return Math.pow(evalFloat(t.base, env), evalFloat(t.exp, env));
    case 'fn': {
      const a = evalFloat(t.arg, env);
      const f: Record<UnaryFn, (y: number) => number> = {
        exp: Math.exp, log: Math.log, abs: Math.abs, sin: Math.sin, cos: Math.cos, tan: Math.tan, sinh: Math.sinh,
        cosh: Math.cosh, tanh: Math.tanh, atan: Math.atan, asin: Math.asin, acos: Math.acos, atanh: Math.atanh,
        gamma: gammaReal, digamma: digammaReal,
      };
      return f[t.name](a);
    }
  }
}
