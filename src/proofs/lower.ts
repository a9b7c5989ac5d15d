/**
 * Lowering: elaborated expressions (src/proofs/ast.ts) with every integer index
 * fixed to a value become kernel Terms (src/algebra/containers/term.ts).
 *
 * Integer-sorted subexpressions (sum bounds, factorial arguments, powers in coeff)
 * are evaluated exactly with BigInt. Finite sums and products are unrolled.
 * Derivatives, series coefficients, Taylor polynomials and valuations are computed
 * by the kernel (src/algebra/kernel.ts), so their values are exact. Anything this
 * module cannot lower raises a LowerError with the span to blame; it never guesses.
 * A bug here can make a claim unprovable or mis-reported, but the kernel re-decides
 * every obligation, so it cannot make a false claim PROVED.
 */
import { Rational, abbreviate, bitLength } from '../algebra/numbers/rational.ts';
import * as T from '../algebra/containers/term.ts';
import type { Term, Assumptions } from '../algebra/containers/term.ts';
import * as K from '../algebra/kernel.ts';
import { stirling1 } from '../algebra/theorems/sums.ts';
import { childrenOf, MAX_DERIVATIVE_ORDER } from './elaborate.ts';
import type { Expr, Span, VarDecl } from './ast.ts';
import { checkDeadline, DEADLINE_STRIDE, Timeout, type Limits } from './limits.ts';

/** A failure to lower, blamed on a span. `code` is stable (`lower/unsupported`, `limit/...`). */
export class LowerError extends Error {
  readonly code: string;
  readonly span: Span;
  constructor(code: string, message: string, span: Span) {
    super(message);
    this.name = 'LowerError';
    this.code = code;
    this.span = span;
  }
}

/** Everything lowering needs: index values, the declared vars, assumptions and limits. */
export interface LowerEnv {
  readonly indices: ReadonlyMap<string, bigint>;
  readonly vars: ReadonlyMap<string, VarDecl>;
  readonly assumptions: Assumptions;
  readonly limits: Limits;
  /** Finite-set variables fixed to a non-integer rational in this instance. */
  readonly rationalVars?: ReadonlyMap<string, Rational>;
  /**
   * Indices bound symbolically (the index of an infinite sum, the variable of an
   * integral), by name: the kernel variable standing for it. Its factorial is the
   * kernel variable `${name}!`. Kernel names start with '#', so they cannot clash
   * with a user's identifiers.
   */
  readonly symbolic?: ReadonlyMap<string, string>;
  /** The lower end of each symbolically bound index of an infinite sum (it is >= this). */
  readonly symbolicLo?: ReadonlyMap<string, bigint>;
  /** Lowered subexpressions shared between the instances of one claim (see LowerMemo). */
  readonly memo?: LowerMemo;
  /** The claim's time limit as a Date.now() value, also looked at every DEADLINE_STRIDE terms of a finite sum or product. */
  readonly deadline?: number;
}

/**
 * Lowered subexpressions of one claim, shared between its instances: `f(j)` inside
 * `coeff(f(j), p^k)` is lowered once per j, not once per (j, k), and the kernel's
 * series memo then sees the same term again. Sound because lowering is a function
 * of the subexpression and of the bindings of the names it mentions (index and var
 * values, fixed rationals, symbolic bindings) under fixed assumptions and limits:
 * the key holds exactly those bindings, and a memo is only consulted with the
 * assumptions and limits it was made for. Terms are immutable, so sharing one is
 * safe. A subexpression whose lowering throws is not stored.
 */
export class LowerMemo {
  private entries = 0;
  constructor(readonly assumptions: Assumptions, readonly limits: Limits, readonly maxEntries = 20_000) {}

  /** The lowered term of e under env, computing it with `f` on a miss. */
  get(e: Expr, env: LowerEnv, f: () => Term): Term {
    return this.site(e, 'term', env, f);
  }

  private readonly sites = new WeakMap<Expr, Map<string, unknown>>();

  /**
   * Any value computed from e's lowering under env (a side condition's term, say),
   * shared between instances like the lowered terms themselves: `tag` names what is
   * computed, so that two kinds of value of one subexpression do not meet. Sound for
   * the same reason as `get`: the value is a function of e, tag and the key's bindings.
   * A computation that throws is not stored.
   */
  site<V>(e: Expr, tag: string, env: LowerEnv, f: () => V): V {
    if (env.assumptions !== this.assumptions || env.limits !== this.limits) return f();
    const key = `${tag}\u0000${bindingKey(e, env)}`;
    let row = this.sites.get(e);
    if (row?.has(key)) return row.get(key) as V;
    const v = f();
    if (this.entries >= this.maxEntries) return v;
    if (!row) {
      row = new Map();
      this.sites.set(e, row);
    }
    row.set(key, v);
    this.entries += 1;
    return v;
  }

  private readonly horizons = new Map<string, number>();

  /**
   * A precision hint for a request of `order` coefficients in `x` (K.seriesCoefficient):
   * the smallest power of two (at least 8) covering every order this claim has asked
   * for in x. The instances of a quantified claim ask for the same coefficients of
   * f(j) for each j; computing each new series at once to that precision lets the
   * kernel share its subterms between instances. Only speed depends on it.
   */
  seriesHint(x: string, order: number): number {
    const seen = Math.max(this.horizons.get(x) ?? 0, order);
    this.horizons.set(x, seen);
    let hint = 8;
    while (hint < seen) hint *= 2;
    return hint;
  }
}

/** Expressions worth memoising: those whose lowering unrolls, expands or calls the kernel. */
const MEMOISED = new Set<Expr['kind']>(['sum', 'prod', 'coeff', 'series', 'val', 'deriv', 'integral', 'call']);

const mentionCache = new WeakMap<Expr, readonly string[]>();

/** The index and var names e mentions anywhere (bound inside it or not), sorted. */
function mentionedNames(e: Expr): readonly string[] {
  const cached = mentionCache.get(e);
  if (cached) return cached;
  const names = new Set<string>();
  const walk = (x: Expr): void => {
    if (x.kind === 'index' || x.kind === 'var') names.add(x.name);
    for (const c of childrenOf(x)) walk(c);
  };
  walk(e);
  const out = [...names].sort();
  mentionCache.set(e, out);
  return out;
}

/**
 * Everything lowering e reads from env besides assumptions and limits: the bindings
 * of the names e mentions, and the kernel names already taken by symbolic bindings
 * (they decide the fresh names of sums and integrals inside e).
 */
function bindingKey(e: Expr, env: LowerEnv): string {
  let key = '';
  for (const n of mentionedNames(e)) {
    key += `${n}=${env.indices.get(n) ?? ''},${env.rationalVars?.get(n)?.toString() ?? ''},${env.symbolic?.get(n) ?? ''},${env.symbolicLo?.get(n) ?? ''};`;
  }
  if (env.symbolic && env.symbolic.size > 0) key += `|${[...env.symbolic.values()].sort().join(',')}`;
  return key;
}

/** The name of a symbolically bound index that e mentions, if any. */
function mentionsSymbolic(e: Expr, env: LowerEnv): string | undefined {
  if (e.kind === 'index' && !env.indices.has(e.name) && env.symbolic?.has(e.name)) return e.name;
  for (const c of childrenOf(e)) {
    const n = mentionsSymbolic(c, env);
    if (n !== undefined) return n;
  }
  return undefined;
}

/**
 * [index, c] when e is a symbolically bound index plus an integer constant (m, m + 1,
 * 1 + m, m - 2), else undefined.
 */
function symbolicIndexPlus(e: Expr, env: LowerEnv): [string, bigint] | undefined {
  const sym = (x: Expr): string | undefined => (x.kind === 'index' && !env.indices.has(x.name) && env.symbolic?.has(x.name) ? x.name : undefined);
  const int = (x: Expr): bigint | undefined => {
    const r = evalExact(x, env);
    return r !== undefined && r.isInteger() ? r.num : undefined;
  };
  const direct = sym(e);
  if (direct !== undefined) return [direct, 0n];
  if (e.kind !== 'binop' || (e.op !== '+' && e.op !== '-')) return undefined;
  const l = sym(e.left);
  const rc = int(e.right);
  if (l !== undefined && rc !== undefined) return [l, e.op === '+' ? rc : -rc];
  const r = sym(e.right);
  const lc = int(e.left);
  if (e.op === '+' && r !== undefined && lc !== undefined) return [r, lc];
  return undefined;
}

/**
 * (m + c)! for the index m of an infinite sum from lo, with lo + c >= 0: m! (m+1)...(m+c)
 * for c >= 0 and m!/(m (m-1) ... (m+c+1)) for c < 0 (every factor >= 1 for m >= lo).
 */
function shiftedFactorial(name: string, c: bigint, env: LowerEnv, span: Span): Term {
  const sym = env.symbolic!.get(name)!;
  const lo = env.symbolicLo?.get(name);
  if (lo === undefined || lo + c < 0n) {
    throw new LowerError('lower/unsupported', `the factorial (${name}${c >= 0n ? ` + ${c}` : ` - ${-c}`})! is undefined at ${name} = ${lo ?? '?'}, where the sum starts`, span);
  }
  if (c > 64n || c < -64n) throw new LowerError('lower/unsupported', `a factorial of ${name} shifted by more than 64 is not supported`, span);
  const m = T.v(sym);
  const shift = (i: bigint): Term => T.add(m, T.num(i));
  let t: Term = T.v(`${sym}!`);
  for (let i = 1n; i <= c; i++) t = T.mul(t, shift(i));
  for (let i = 0n; i > c; i--) t = T.div(t, shift(i));
  return t;
}

/** [index, c] when e is 2*m + c (or m*2 + c, 2*m - c, 2*m) for a symbolically bound index m. */
function symbolicDoubleIndexPlus(e: Expr, env: LowerEnv): [string, bigint] | undefined {
  const twice = (t: Expr): string | undefined => {
    if (t.kind !== 'binop' || t.op !== '*') return undefined;
    const isTwo = (u: Expr): boolean => u.kind === 'num' && u.num === 2n && u.den === 1n;
    const sym = (u: Expr): string | undefined => (u.kind === 'index' && !env.indices.has(u.name) && env.symbolic?.has(u.name) ? u.name : undefined);
    return isTwo(t.left) ? sym(t.right) : isTwo(t.right) ? sym(t.left) : undefined;
  };
  const direct = twice(e);
  if (direct !== undefined) return [direct, 0n];
  if (e.kind !== 'binop' || (e.op !== '+' && e.op !== '-')) return undefined;
  const l = twice(e.left);
  const rc = l !== undefined ? evalExact(e.right, env) : undefined;
  if (l !== undefined && rc !== undefined && rc.isInteger()) return [l, e.op === '+' ? rc.num : -rc.num];
  return undefined;
}

/**
 * (2m + c)! for the index m of an infinite sum from lo, 0 <= c <= 64: the kernel variable
 * `${sym}!2` (standing for (2m)!, read by the even/odd series lemma of sums.ts) times
 * (2m + 1)...(2m + c).
 */
function doubledFactorial(name: string, c: bigint, env: LowerEnv, span: Span): Term {
  const sym = env.symbolic!.get(name)!;
  if (c < 0n || c > 64n) throw new LowerError('lower/unsupported', `the exact kernel handles (2*${name} + c)! for c in 0..64, not c = ${c}`, span);
  const m2 = T.mul(T.num(2), T.v(sym));
  let t: Term = T.v(`${sym}!2`);
  for (let i = 1n; i <= c; i++) t = T.mul(t, T.add(m2, T.num(i)));
  return t;
}

/** The env with `name` bound symbolically to a fresh kernel variable (returned too). */
function bindSymbolic(env: LowerEnv, name: string): { env: LowerEnv; sym: string } {
  const symbolic = new Map(env.symbolic ?? []);
  let sym = `#${name}`;
  const taken = new Set(symbolic.values());
  for (let k = 1; taken.has(sym); k++) sym = `#${name}_${k}`;
  symbolic.set(name, sym);
  return { env: { ...env, symbolic }, sym };
}

/** The env with one more index bound. */
export function bindIndex(env: LowerEnv, name: string, value: bigint): LowerEnv {
  const indices = new Map(env.indices);
  indices.set(name, value);
  return { ...env, indices };
}

/** The larger of a rational's numerator and denominator sizes, in bits. */
function rationalBits(a: Rational): number {
  return Math.max(bitLength(a.num), bitLength(a.den));
}

/**
 * Size check before the work (limit/bigint): `bits`, the size a result would have at
 * most, above the limit. A red-team pass built (2^9999)^9999 (100 million bits) under a
 * limit of 64, because the size was checked after the power.
 */
function checkSize(bits: number, what: string, env: LowerEnv, span: Span): void {
  if (bits > env.limits.maxBigIntBits) {
    throw new LowerError('limit/bigint', `${what} of about ${bits} bits exceeds the limit of ${env.limits.maxBigIntBits} bits`, span);
  }
}

const SMALL = 2n ** 64n;
/** |numerator| and denominator below 2^64: a size bound without measuring. */
function small(a: Rational): boolean {
  return a.num < SMALL && a.num > -SMALL && a.den < SMALL;
}

/** checkSize for a * b or a / b (at most the sum of the sizes). */
function checkProductSize(a: Rational, b: Rational, what: string, env: LowerEnv, span: Span): void {
  if (small(a) && small(b) && env.limits.maxBigIntBits >= 128) return;
  checkSize(rationalBits(a) + rationalBits(b), what, env, span);
}

/** checkSize for a^e, |e| = n (at most n times a's size; 0 and +-1 stay small). */
function checkPowerSize(a: Rational, n: bigint, env: LowerEnv, span: Span): void {
  if (a.isZero() || a.abs().eq(Rational.ONE)) return;
  if (small(a) && 64n * n <= BigInt(env.limits.maxBigIntBits)) return;
  checkSize(rationalBits(a) * Number(n), 'a power', env, span);
}

function checkBits(x: bigint, env: LowerEnv, span: Span): bigint {
  const bits = bitLength(x);
  if (bits > env.limits.maxBigIntBits) {
    throw new LowerError('limit/bigint', `integer of ${bits} bits exceeds the limit of ${env.limits.maxBigIntBits} bits`, span);
  }
  return x;
}

/** n! for a small nonnegative n. */
function factorial(n: bigint): bigint {
  let r = 1n;
  for (let i = 2n; i <= n; i++) r *= i;
  return r;
}

/**
 * Evaluates an integer-sorted expression exactly.
 * Throws: LowerError when the expression is not an integer (e.g. 1/2, or a real var).
 */
export function evalInt(e: Expr, env: LowerEnv): bigint {
  const r = evalExact(e, env);
  if (r === undefined || !r.isInteger()) {
    throw new LowerError('lower/expected-integer', `expected an integer here, found ${r === undefined ? 'a non-rational expression' : r.toString()}`, e.span);
  }
  return r.num;
}

/**
 * Evaluates a ground expression to an exact rational when it is built from
 * rationals, indices and integer vars with + - * / ^integer ! binomial and finite
 * sums/products; returns undefined otherwise.
 */
export function evalExact(e: Expr, env: LowerEnv): Rational | undefined {
  switch (e.kind) {
    case 'num':
      return Rational.frac(e.num, e.den);
    case 'index': {
      const val = env.indices.get(e.name);
      if (val === undefined && env.symbolic?.has(e.name)) return undefined;
      if (val === undefined) throw new LowerError('internal', `index '${e.name}' has no value here`, e.span);
      return Rational.of(val);
    }
    case 'var': {
      const val = env.indices.get(e.name);
      return val === undefined ? env.rationalVars?.get(e.name) : Rational.of(val);
    }
    case 'neg': {
      const a = evalExact(e.arg, env);
      return a?.neg();
    }
    case 'binop': {
      const a = evalExact(e.left, env);
      if (a === undefined) return undefined;
      const b = evalExact(e.right, env);
      if (b === undefined) return undefined;
      switch (e.op) {
        case '+':
          return a.add(b);
        case '-':
          return a.sub(b);
        case '*':
          checkProductSize(a, b, 'a product', env, e.span);
          return a.mul(b);
        case '/':
          if (b.isZero()) throw new LowerError('lower/division-by-zero', `division by zero: ${a} / 0`, e.span);
          checkProductSize(a, b, 'a quotient', env, e.span);
          return a.div(b);
        case '^': {
          if (!b.isInteger()) return undefined;
          if (a.isZero() && b.sign() < 0) throw new LowerError('lower/division-by-zero', `0 to a negative power`, e.span);
          const eb = b.num < 0n ? -b.num : b.num;
          if (eb > BigInt(env.limits.maxExponent)) {
            throw new LowerError('limit/exponent', `exponent ${abbreviate(b)} exceeds the limit ${env.limits.maxExponent}`, e.span);
          }
          checkPowerSize(a, eb, env, e.span);
          const r = a.pow(b.num);
          checkBits(r.num, env, e.span);
          checkBits(r.den, env, e.span);
          return r;
        }
      }
      return undefined;
    }
    case 'factorial': {
      const n = evalExact(e.arg, env);
      if (n === undefined) return undefined;
      if (!n.isInteger() || n.sign() < 0) {
        throw new LowerError('lower/factorial-domain', `factorial needs a nonnegative integer, got ${n}`, e.span);
      }
      if (n.num > BigInt(env.limits.maxExponent)) {
        throw new LowerError('limit/exponent', `factorial of ${abbreviate(n)} exceeds the limit ${env.limits.maxExponent}`, e.span);
      }
      return Rational.of(factorial(n.num));
    }
    case 'binomial': {
      const n = evalExact(e.n, env);
      const k = evalExact(e.k, env);
      if (n === undefined || k === undefined) return undefined;
      if (!n.isInteger() || !k.isInteger()) {
        throw new LowerError('lower/binomial-domain', `binomial needs integers, got binomial(${n}, ${k})`, e.span);
      }
      // C(n, k) = n(n-1)...(n-k+1)/k! for k >= 0 and every integer n (for n < 0 this is
      // (-1)^k C(k-n-1, k), the standard extension); 0 for k < 0.
      if (k.sign() < 0 || (n.sign() >= 0 && k.num > n.num)) return Rational.ZERO;
      if (k.num > BigInt(env.limits.maxExponent)) {
        throw new LowerError('limit/exponent', `binomial(${abbreviate(n)}, ${abbreviate(k)}) exceeds the limit`, e.span);
      }
      let r = 1n;
      for (let i = 0n; i < k.num; i++) r = (r * (n.num - i)) / (i + 1n);
      return Rational.of(r);
    }
    case 'stirling1': {
      const n = evalExact(e.n, env);
      const k = evalExact(e.k, env);
      if (n === undefined || k === undefined) return undefined;
      if (!n.isInteger() || !k.isInteger()) {
        throw new LowerError('lower/stirling-domain', `stirling1 needs integers, got stirling1(${n}, ${k})`, e.span);
      }
      if (n.sign() < 0) throw new LowerError('lower/stirling-domain', `stirling1(n, k) needs n >= 0, got stirling1(${n}, ${k})`, e.span);
      if (n.num > BigInt(env.limits.maxExponent)) {
        throw new LowerError('limit/exponent', `stirling1(${abbreviate(n)}, ${abbreviate(k)}) exceeds the limit ${env.limits.maxExponent}`, e.span);
      }
      // Size check before the work: n*k steps on rows cut at column k (sums.ts), entries of up to n log2 n bits.
      const cells = n.num * (k.num < 0n ? 0n : k.num);
      if (cells > BigInt(STIRLING_CELLS)) {
        throw new LowerError('limit/stirling', `stirling1(${abbreviate(n)}, ${abbreviate(k)}) needs a table of about ${abbreviate(cells)} entries, above the limit of ${STIRLING_CELLS}`, e.span);
      }
      return Rational.of(stirling1(Number(n.num), Number(k.num)));
    }
    case 'sum':
    case 'prod': {
      if (e.hi === 'inf') return undefined;
      const symBound = [e.lo, e.hi].map((b) => mentionsSymbolic(b, env)).find((n) => n !== undefined);
      if (symBound !== undefined) {
        throw new LowerError('lower/unsupported', `the exact kernel does not handle a finite ${e.kind} whose bounds depend on the index ${symBound} of an infinite sum${e.kind === 'prod' ? ` (a product 1*2*...*(${symBound} + c) is written (${symBound} + c)!)` : ''}`, e.span);
      }
      const lo = evalInt(e.lo, env);
      const hi = evalInt(e.hi, env);
      checkRangeSize(lo, hi, env, e.span);
      let acc = e.kind === 'sum' ? Rational.ZERO : Rational.ONE;
      for (let i = lo, n = 1; i <= hi; i++, n++) {
        if (n % DEADLINE_STRIDE === 0) checkDeadline(env.deadline);
        const term = evalExact(e.body, bindIndex(env, e.index, i));
        if (term === undefined) return undefined;
        acc = e.kind === 'sum' ? acc.add(term) : acc.mul(term);
      }
      return acc;
    }
    default:
      return undefined;
  }
}

function checkRangeSize(lo: bigint, hi: bigint, env: LowerEnv, span: Span): void {
  if (hi - lo + 1n > BigInt(env.limits.maxSumTerms)) {
    throw new LowerError('limit/sum-terms', `a sum or product of ${abbreviate(hi - lo + 1n)} terms exceeds the limit ${env.limits.maxSumTerms}`, span);
  }
}

const FN_MAP: Record<string, T.UnaryFn | 'sqrt'> = {
  exp: 'exp', log: 'log', sqrt: 'sqrt', abs: 'abs', sin: 'sin', cos: 'cos', tan: 'tan', sinh: 'sinh',
  cosh: 'cosh', tanh: 'tanh', atan: 'atan', asin: 'asin', acos: 'acos', atanh: 'atanh', gamma: 'gamma', digamma: 'digamma',
};

/**
 * Lowers an expression to a kernel Term.
 * Throws: LowerError for what cannot be lowered (argmin inside an expression,
 * an infinite sum outside a series context, an exceeded limit).
 */
export function lower(e: Expr, env: LowerEnv): Term {
  return env.memo && MEMOISED.has(e.kind) ? env.memo.get(e, env, () => lowerNode(e, env)) : lowerNode(e, env);
}

function lowerNode(e: Expr, env: LowerEnv): Term {
  const exact = isIntegerShaped(e) ? evalExact(e, env) : undefined;
  if (exact !== undefined) return T.num(exact);
  switch (e.kind) {
    case 'num':
      return T.num(Rational.frac(e.num, e.den));
    case 'var': {
      const val = env.indices.get(e.name);
      if (val !== undefined) return T.num(val);
      const fixed = env.rationalVars?.get(e.name);
      return fixed === undefined ? T.v(e.name) : T.num(fixed);
    }
    case 'index': {
      const sym = env.symbolic?.get(e.name);
      if (sym !== undefined && !env.indices.has(e.name)) return T.v(sym);
      return T.num(evalInt(e, env));
    }
    case 'const':
      return T.named(e.name);
    case 'neg':
      return T.neg(lower(e.arg, env));
    case 'binop': {
      const a = lower(e.left, env);
      const b = lower(e.right, env);
      switch (e.op) {
        case '+':
          return T.add(a, b);
        case '-':
          return T.sub(a, b);
        case '*':
          // two constants are folded: the product's size before the work (a squaring chain)
          if (a.k === 'const' && b.k === 'const') checkProductSize(a.value, b.value, 'a product', env, e.span);
          return T.mul(a, b);
        case '/':
          if (a.k === 'const' && b.k === 'const') checkProductSize(a.value, b.value, 'a quotient', env, e.span);
          return T.div(a, b);
        case '^': {
          if (b.k === 'const') {
            const ex = b.value;
            if (ex.abs().cmp(Rational.of(env.limits.maxExponent)) > 0) {
              throw new LowerError('limit/exponent', `exponent ${abbreviate(ex)} exceeds the limit ${env.limits.maxExponent}`, e.right.span);
            }
            // a constant base is folded: its power's size before the work
            if (a.k === 'const' && ex.isInteger()) checkPowerSize(a.value, ex.num < 0n ? -ex.num : ex.num, env, e.span);
            return T.pow(a, ex);
          }
          return T.pow(a, b);
        }
      }
      throw new LowerError('internal', `unknown operator`, e.span);
    }
    case 'call': {
      // sec, csc, cot are 1/cos, 1/sin, cos/sin (the same domain: where the divisor is not 0).
      if (e.fn === 'sec') return T.div(T.ONE, T.fn('cos', lower(e.arg, env)));
      if (e.fn === 'csc') return T.div(T.ONE, T.fn('sin', lower(e.arg, env)));
      if (e.fn === 'cot') {
        const u = lower(e.arg, env);
        return T.div(T.fn('cos', u), T.fn('sin', u));
      }
      // lgamma(u) = log|Gamma(u)|
      if (e.fn === 'lgamma') return T.log(T.abs(K.gammaOf(lower(e.arg, env))));
      if (e.fn === 'gamma') return K.gammaOf(lower(e.arg, env));
      const f = FN_MAP[e.fn];
      if (f === undefined) throw new LowerError('lower/unsupported', `function ${e.fn} is not supported by the exact kernel`, e.span);
      const arg = lower(e.arg, env);
      return f === 'sqrt' ? T.sqrt(arg) : T.fn(f, arg);
    }
    case 'factorial': {
      // x! of a symbolically bound index: the kernel variable `${sym}!` (read by the series lemmas)
      const sym = e.arg.kind === 'index' && !env.indices.has(e.arg.name) ? env.symbolic?.get(e.arg.name) : undefined;
      if (sym !== undefined) return T.v(`${sym}!`);
      const shifted = symbolicIndexPlus(e.arg, env);
      if (shifted) return shiftedFactorial(shifted[0], shifted[1], env, e.span);
      const doubled = symbolicDoubleIndexPlus(e.arg, env);
      if (doubled) return doubledFactorial(doubled[0], doubled[1], env, e.span);
      throw new LowerError('lower/unsupported', `the exact kernel handles factorials of an integer, of the index of an infinite sum and of that index plus a constant, as in (m + 1)!; not this one`, e.span);
    }
    case 'binomial':
    case 'stirling1':
      // Non-constant arguments (constant ones were folded above).
      throw new LowerError('lower/unsupported', `${e.kind} of a non-integer expression is not supported`, e.span);
    case 'sum':
    case 'prod': {
      if (e.hi === 'inf') {
        if (e.kind === 'prod') throw new LowerError('lower/infinite-sum', `an infinite product is not supported by the exact kernel`, e.span);
        const lo = evalInt(e.lo, env);
        const { env: bound, sym } = bindSymbolic(env, e.index);
        const inner: LowerEnv = { ...bound, symbolicLo: new Map([...(env.symbolicLo ?? []), [e.index, lo]]) };
        const body = lower(e.body, inner);
        return kernelCall(e.span, () => K.infiniteSum(body, sym, `${sym}!`, Number(lo), env.assumptions, env.limits));
      }
      const symBound = [e.lo, e.hi].map((b) => mentionsSymbolic(b, env)).find((n) => n !== undefined);
      if (symBound !== undefined) {
        throw new LowerError('lower/unsupported', `the exact kernel does not handle a finite ${e.kind} whose bounds depend on the index ${symBound} of an infinite sum${e.kind === 'prod' ? ` (a product 1*2*...*(${symBound} + c) is written (${symBound} + c)!)` : ''}`, e.span);
      }
      const lo = evalInt(e.lo, env);
      const hi = evalInt(e.hi, env);
      checkRangeSize(lo, hi, env, e.span);
      const parts: Term[] = [];
      for (let i = lo, n = 1; i <= hi; i++, n++) {
        if (n % DEADLINE_STRIDE === 0) checkDeadline(env.deadline);
        parts.push(lower(e.body, bindIndex(env, e.index, i)));
      }
      return e.kind === 'sum' ? T.add(...parts) : T.mul(...parts);
    }
    case 'deriv':
    {
      const order = evalInt(e.order, env);
      if (order < 0n || order > BigInt(MAX_DERIVATIVE_ORDER)) {
        throw new LowerError('limit/derivative-order', `derivative order ${order} is outside 0..${MAX_DERIVATIVE_ORDER}`, e.order.span);
      }
      return order === 0n ? lower(e.body, env) : K.derivative(lower(e.body, env), e.var, Number(order), env.limits);
    }
    case 'coeff': {
      const k = evalInt(e.power, env);
      // A negative power is asked of the kernel too: its Laurent series decides it
      // ([x^-1] (1/x) = 1; [x^-1] of a power series is 0).
      if (k < -BigInt(env.limits.maxSeriesOrder)) {
        throw new LowerError('limit/series-order', `coefficient of ${e.var}^${k} is below -${env.limits.maxSeriesOrder} (the series-order limit)`, e.power.span);
      }
      if (k >= BigInt(env.limits.maxSeriesOrder)) {
        throw new LowerError('limit/series-order', `coefficient of ${e.var}^${k} exceeds the series-order limit ${env.limits.maxSeriesOrder}`, e.power.span);
      }
      const hint = env.memo?.seriesHint(e.var, Number(k) + 1);
      return kernelCall(e.span, () => K.seriesCoefficient(lower(e.body, env), e.var, Number(k), env.assumptions, env.limits, hint));
    }
    case 'series': {
      const n = evalInt(e.order, env);
      if (n < 0n || n >= BigInt(env.limits.maxSeriesOrder)) {
        throw new LowerError('limit/series-order', `series order ${n} is outside 0..${env.limits.maxSeriesOrder - 1}`, e.order.span);
      }
      return kernelCall(e.span, () => K.taylorPolynomial(lower(e.body, env), e.var, Number(n), env.assumptions, env.limits));
    }
    case 'val':
      return T.num(kernelCall(e.span, () => K.valuation(lower(e.body, env), e.var, env.assumptions, env.limits)));
    case 'integral': {
      const { env: inner, sym } = bindSymbolic(env, e.index);
      const body = lower(e.body, inner);
      if (e.lo === undefined && e.hi === undefined) {
        return kernelCall(e.span, () => K.integralOverR(body, sym, env.assumptions, env.limits));
      }
      const lo = e.lo === undefined || e.lo === '-inf' ? '-inf' : lower(e.lo, env);
      const hi = e.hi === undefined || e.hi === 'inf' ? 'inf' : lower(e.hi, env);
      return kernelCall(e.span, () => K.definiteIntegral(body, sym, lo, hi, env.assumptions, env.limits));
    }
    case 'argmin':
    case 'argmax':
      throw new LowerError('lower/unsupported', `${e.kind} can only stand alone on one side of '=' (argmin(s, e) = value)`, e.span);
    default:
      throw new LowerError('internal', `unresolved expression of kind '${e.kind}'`, e.span);
  }
}

/** Runs a kernel computation, blaming `span` for a kernel error. */
export function kernelCall<R>(span: Span, f: () => R): R {
  try {
    return f();
  } catch (err) {
    if (err instanceof LowerError || err instanceof Timeout) throw err;
    const code = (err as { code?: string }).code ?? 'kernel/error';
    // Kernel names of bound indices are '#' + the user's name: show the user's name.
    throw new LowerError(code, (err as Error).message.replace(/#(?=[A-Za-z_])/g, ''), span);
  }
}

/** True for expressions that may fold to a rational (no real vars, no transcendental calls). */
function isIntegerShaped(e: Expr): boolean {
  return e.kind === 'factorial' || e.kind === 'binomial' || e.kind === 'stirling1' || e.kind === 'index' || ((e.kind === 'sum' || e.kind === 'prod') && e.hi !== 'inf' && isGround(e.body));
}

function isGround(e: Expr): boolean {
  switch (e.kind) {
    case 'num':
    case 'index':
      return true;
    case 'neg':
    case 'factorial':
      return isGround(e.arg);
    case 'binop':
      return isGround(e.left) && isGround(e.right);
    case 'binomial':
    case 'stirling1':
      return isGround(e.n) && isGround(e.k);
    case 'sum':
    case 'prod':
      return e.hi !== 'inf' && isGround(e.lo) && isGround(e.hi) && isGround(e.body);
    default:
      return false;
  }
}

/** Most entries of the Stirling-number table one stirling1(n, k) may need (n*k). */
const STIRLING_CELLS = 1_000_000;

export { abbreviate };
