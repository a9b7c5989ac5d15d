/**
 * Kernel terms: real-valued expressions as the trusted kernel sees them. TRUSTED KERNEL.
 *
 * Independent of any surface syntax: the language elaborates into Terms, and the
 * kernel's decision procedures (normal form, differentiation, positivity, series)
 * read only Terms. Terms are immutable plain data; build them with the smart
 * constructors below, which flatten nested sums/products and fold rational
 * constants but perform no other simplification (simplification is the normal
 * form's job, where each rewrite is justified).
 *
 * Shapes:
 *   const  rational constant            var    a real variable (by name)
 *   named  pi or e                      add    n-ary sum (>= 2 args)
 *   mul    n-ary product (>= 2 args)    pow    base ^ (rational constant exponent)
 *   powt   base ^ (term exponent)       fn     exp, log, abs, sin, cos, ... of one argument
 */
import { Rational } from '../numbers/rational.ts';

export type UnaryFn =
  | 'exp' | 'log' | 'abs' | 'sin' | 'cos' | 'tan' | 'sinh' | 'cosh' | 'tanh' | 'atan' | 'asin' | 'acos' | 'atanh'
  /** Euler's Gamma function and its logarithmic derivative psi (special.ts in normal/). */
  | 'gamma' | 'digamma';

export type Term =
  | { readonly k: 'const'; readonly value: Rational }
  | { readonly k: 'var'; readonly name: string }
  | { readonly k: 'named'; readonly name: 'pi' | 'e' }
  | { readonly k: 'add'; readonly args: readonly Term[] }
  | { readonly k: 'mul'; readonly args: readonly Term[] }
  | { readonly k: 'pow'; readonly base: Term; readonly exp: Rational }
  | { readonly k: 'powt'; readonly base: Term; readonly exp: Term }
  | { readonly k: 'fn'; readonly name: UnaryFn; readonly arg: Term };

/** A closed or open bound of a real interval. */
export interface Bound {
  readonly value: Rational;
  readonly open: boolean;
}

/** What is assumed of one variable: an interval (either end may be absent = infinite). */
export interface VarAssumption {
  readonly lo?: Bound;
  readonly hi?: Bound;
}

/** Assumptions on the free variables of a term, by name. Absent variables range over all reals. */
export type Assumptions = ReadonlyMap<string, VarAssumption>;

export const ZERO: Term = { k: 'const', value: Rational.ZERO };
export const ONE: Term = { k: 'const', value: Rational.ONE };

/** A rational constant term. */
export function num(x: Rational | bigint | number | string): Term {
  return { k: 'const', value: Rational.of(x) };
}

/** A variable term. */
export function v(name: string): Term {
  return { k: 'var', name };
}

/** pi or e. */
export function named(name: 'pi' | 'e'): Term {
  return { k: 'named', name };
}

/** Sum; flattens nested sums and folds the constants. */
export function add(...terms: Term[]): Term {
  const args: Term[] = [];
  let c = Rational.ZERO;
  for (const t of terms) {
    for (const a of t.k === 'add' ? t.args : [t]) {
      if (a.k === 'const') c = c.add(a.value);
      else args.push(a);
    }
  }
  if (!c.isZero()) args.push({ k: 'const', value: c });
  if (args.length === 0) return ZERO;
  if (args.length === 1) return args[0]!;
  return { k: 'add', args };
}

/**
 * Product; flattens nested products and folds the constants. A zero constant gives 0,
 * except that closed factors other than pi and e are kept (`0 * 0^-1`, `0 * log(0)`):
 * such a factor may be undefined, and folding it away would turn `0/0 = 0` into
 * `0 = 0`. (A factor with variables is dropped: 0 * t = 0 wherever t is defined,
 * the "where defined" convention of the normal form.)
 */
export function mul(...terms: Term[]): Term {
  const args: Term[] = [];
  let c = Rational.ONE;
  for (const t of terms) {
    for (const a of t.k === 'mul' ? t.args : [t]) {
      if (a.k === 'const') c = c.mul(a.value);
      else args.push(a);
    }
  }
  if (c.isZero()) {
    const kept = args.filter((a) => a.k !== 'named' && freeVars(a).size === 0);
    return kept.length === 0 ? ZERO : { k: 'mul', args: [ZERO, ...kept] };
  }
  if (!c.eq(Rational.ONE)) args.unshift({ k: 'const', value: c });
  if (args.length === 0) return ONE;
  if (args.length === 1) return args[0]!;
  return { k: 'mul', args };
}

/** -t. */
export function neg(t: Term): Term {
  return mul(num(-1), t);
}

/** a - b. */
export function sub(a: Term, b: Term): Term {
  return add(a, neg(b));
}

/** a / b (as a * b^-1; no cancellation). */
export function div(a: Term, b: Term): Term {
  return mul(a, pow(b, Rational.MINUS_ONE));
}

/**
 * base^e. A rational exponent gives `pow` (folded when base is a constant and e an
 * integer, and when e is 0 or 1); a term exponent that is a constant becomes `pow`.
 */
export function pow(base: Term, e: Rational | number | Term): Term {
  if (typeof e === 'number') e = Rational.of(e);
  if (!(e instanceof Rational)) {
    if (e.k === 'const') e = e.value;
    else return { k: 'powt', base, exp: e };
  }
  if (e.isZero()) return ONE;
  if (e.eq(Rational.ONE)) return base;
  if (base.k === 'const' && e.isInteger() && !(base.value.isZero() && e.sign() < 0)) {
    return { k: 'const', value: base.value.pow(e.num) };
  }
  if (base.k === 'pow' && e.isInteger() && base.exp.isInteger()) {
    return pow(base.base, base.exp.mul(e));
  }
  return { k: 'pow', base, exp: e };
}

/** A unary function application. */
export function fn(name: UnaryFn, arg: Term): Term {
  return { k: 'fn', name, arg };
}

export const exp = (t: Term): Term => fn('exp', t);
export const log = (t: Term): Term => fn('log', t);
export const abs = (t: Term): Term => fn('abs', t);
export const sqrt = (t: Term): Term => pow(t, Rational.frac(1n, 2n));

/** The free variables of a term, sorted. */
export function freeVars(t: Term, into: Set<string> = new Set()): Set<string> {
  switch (t.k) {
    case 'var':
      into.add(t.name);
      break;
    case 'add':
    case 'mul':
      for (const a of t.args) freeVars(a, into);
      break;
    case 'pow':
      freeVars(t.base, into);
      break;
    case 'powt':
      freeVars(t.base, into);
      freeVars(t.exp, into);
      break;
    case 'fn':
      freeVars(t.arg, into);
      break;
    default:
      break;
  }
  return into;
}

/** Replaces variables by terms (simultaneously). */
export function substitute(t: Term, env: ReadonlyMap<string, Term>): Term {
  switch (t.k) {
    case 'var':
      return env.get(t.name) ?? t;
    case 'add':
      return add(...t.args.map((a) => substitute(a, env)));
    case 'mul':
      return mul(...t.args.map((a) => substitute(a, env)));
    case 'pow':
      return pow(substitute(t.base, env), t.exp);
    case 'powt':
      return pow(substitute(t.base, env), substitute(t.exp, env));
    case 'fn':
      return fn(t.name, substitute(t.arg, env));
    default:
      return t;
  }
}

/** Number of nodes (for size limits). */
export function termSize(t: Term): number {
  switch (t.k) {
    case 'add':
    case 'mul':
      return 1 + t.args.reduce((s, a) => s + termSize(a), 0);
    case 'pow':
      return 1 + termSize(t.base);
    case 'powt':
      return 1 + termSize(t.base) + termSize(t.exp);
    case 'fn':
      return 1 + termSize(t.arg);
    default:
      return 1;
  }
}

const PREC: Record<Term['k'], number> = { add: 1, mul: 2, pow: 3, powt: 3, const: 4, var: 4, named: 4, fn: 4 };

/** Readable text for diagnostics, e.g. `exp(eta)/(1 + exp(eta))`. Not a parser round-trip format. */
export function termToString(t: Term): string {
  const wrap = (s: Term, min: number): string => {
    const text = termToString(s);
    const p = s.k === 'const' && (s.value.sign() < 0 || !s.value.isInteger()) ? 2 : PREC[s.k];
    return p < min ? `(${text})` : text;
  };
  switch (t.k) {
    case 'const':
      return t.value.toString();
    case 'var':
      return t.name;
    case 'named':
      return t.name;
    case 'add': {
      let out = termToString(t.args[0]!);
      for (const a of t.args.slice(1)) {
        if (a.k === 'mul' && a.args[0]!.k === 'const' && a.args[0]!.value.sign() < 0) {
          // Subtracting a sum needs parentheses: a - (b + c), not a - b + c.
          out += ' - ' + wrap(mul(num(a.args[0]!.value.neg()), ...a.args.slice(1)), 2);
        } else if (a.k === 'const' && a.value.sign() < 0) {
          out += ' - ' + a.value.neg().toString();
        } else out += ' + ' + wrap(a, 1);
      }
      return out;
    }
    case 'mul': {
      const numer: string[] = [];
      const denom: string[] = [];
      let sign = '';
      t.args.forEach((a, i) => {
        if (i === 0 && a.k === 'const' && a.value.eq(Rational.MINUS_ONE)) sign = '-';
        else if (a.k === 'pow' && a.exp.sign() < 0) {
          const inv = pow(a.base, a.exp.neg());
          denom.push(wrap(inv, 3));
        } else numer.push(wrap(a, 2));
      });
      const top = numer.length ? numer.join('*') : '1';
      const bottom = denom.length === 0 ? '' : denom.length === 1 ? `/${denom[0]}` : `/(${denom.join('*')})`;
      return sign + top + bottom;
    }
    case 'pow': {
      if (t.exp.eq(Rational.frac(1n, 2n))) return `sqrt(${termToString(t.base)})`;
      const e = t.exp.isInteger() && t.exp.sign() > 0 ? t.exp.toString() : `(${t.exp})`;
      return `${wrap(t.base, 4)}^${e}`;
    }
    case 'powt':
      return `${wrap(t.base, 4)}^(${termToString(t.exp)})`;
    case 'fn':
      return `${t.name}(${termToString(t.arg)})`;
  }
}

/**
 * An injective structural key: distinct terms have distinct keys (a fully
 * parenthesised prefix form). Use it for memo tables; termToString is for people
 * and may print different terms alike.
 */
const keyCache = new WeakMap<Term, string>();

/**
 * A canonical string of t (equal terms, equal keys). Terms are immutable, so a
 * compound term's key is computed once and kept (the series memo and the sorting
 * of sums ask for the same large terms' keys again and again).
 */
export function termKey(t: Term): string {
  if (t.k === 'const' || t.k === 'var' || t.k === 'named') return leafKey(t);
  let key = keyCache.get(t);
  if (key === undefined) {
    key = compoundKey(t);
    keyCache.set(t, key);
  }
  return key;
}

function leafKey(t: Extract<Term, { k: 'const' | 'var' | 'named' }>): string {
  switch (t.k) {
    case 'const':
      return t.value.toString();
    case 'var':
      return `$${t.name.length}:${t.name}`;
    case 'named':
      return `#${t.name}`;
  }
}

function compoundKey(t: Exclude<Term, { k: 'const' | 'var' | 'named' }>): string {
  switch (t.k) {
    case 'add':
      return `(+ ${t.args.map(termKey).join(' ')})`;
    case 'mul':
      return `(* ${t.args.map(termKey).join(' ')})`;
    case 'pow':
      return `(^ ${termKey(t.base)} ${t.exp.toString()})`;
    case 'powt':
      return `(^^ ${termKey(t.base)} ${termKey(t.exp)})`;
    case 'fn':
      return `(${t.name} ${termKey(t.arg)})`;
  }
}
