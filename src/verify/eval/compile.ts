/**
 * Compiled evaluation: each expression is lowered ONCE into a tree of closures
 * (cached per Expr node), which evalIn (evaluate.ts) runs in place of the
 * tree-walking interpreter for doubles (specialised: the hot path) and for the
 * long-lived fields registered below (complex doubles, the cached Taylor fields;
 * generic over the field). No code generation: no eval, no new Function; every
 * closure is ordinary code written here.
 *
 * OBSERVABLY IDENTICAL to the interpreter (test/verify/eval/compile.test.ts checks it
 * "computed two ways" on random trees): the same Val {x, m, e} bit for bit, the same
 * EvalError code and message in the same situations, one work-budget step per node
 * evaluation (as evalIn takes), the same memo semantics for the loop-invariant
 * subtrees of sums and integrals, the same rangeError/rangeLost bookkeeping. The
 * speed comes from what is decided once per node instead of at every evaluation:
 * the switch on the node kind and operator, the field's indirect calls, the
 * integer-sort lookups (cached in the closure after their first evaluation, when
 * the interpreter's own WeakMap cache would be filled: the answer never changes
 * after that), constants, and exact integer subtrees compiled likewise.
 *
 * Kinds not compiled here (binders such as sum, integral, coeff, deriv, argmin, and
 * factorial, binomial, stirling1) delegate their node to the interpreter's evalNode,
 * whose children come back through evalIn to their own compiled closures.
 * INDEPENDENT WITNESS: nothing here may import src/algebra.
 */
import type { BuiltinFn, Expr } from '../../proofs/ast.ts';
import { type Field, floatField, complexField } from '../arith/field.ts';
import {
  type Env, type EvalContext, type Val, EvalError, EXACT_INT, budgetExhausted, chargeStep, derivBound, argDelta, errorThrough, mulScale, powIntScale, powExpBound, removableError, evalNode, integralKey, freeVars,
  intBinop, intValue, isIntExpr, rangeError, callRangeError, lostZero, uncertainty, sumOverflow, fieldRangeError, factorial, binomial, stirlingFirst,
} from './evaluate.ts';
import { ProgramRun, programOfPart } from './program.ts';
import { exactDouble } from '../jets/sources.ts';
import { constantScales } from '../jets/per-coefficient.ts';
import { exactVal, perCoefficientBinop, perCoefficientCall, perCoefficientPow, perCoefficientRealPow, withPerCoefficient } from './per-coefficient.ts';

/** A compiled expression: the value of the node (and its work step) in doubles. */
export type Compiled = (env: Env<number>, ctx: EvalContext) => Val<number>;

/**
 * A deliberate defect, for the planted-bug tests only (compileWithPlant): the
 * equivalence tests must notice each of them.
 */
export type Plant = 'sub-adds' | 'skip-work-binop' | 'call-m-drops-scale' | 'memo-ignored';

const cache = new WeakMap<Expr, Compiled>();

/** The compiled closure of expr in doubles (lowered once, then cached per node). */
export function compileFloat(expr: Expr): Compiled {
  let c = cache.get(expr);
  if (c === undefined) {
    c = compile(expr, undefined);
    cache.set(expr, c);
  }
  return c;
}

/** Test hook: expr compiled afresh with a planted defect (never cached, never used by the witness). */
export function compileWithPlant(expr: Expr, plant: Plant): Compiled {
  return compile(expr, plant);
}

function child(e: Expr, plant: Plant | undefined): Compiled {
  return plant === undefined ? compileFloat(e) : compile(e, plant);
}

/** The work step and memo lookup evalIn performs around every node (evaluate.ts, evalStep). */
function wrap(expr: Expr, body: Compiled, plant: Plant | undefined): Compiled {
  if (plant === 'skip-work-binop' && expr.kind === 'binop') return body;
  if (plant === 'memo-ignored') {
    return (env, ctx) => {
      chargeStep(ctx);
      return body(env, ctx);
    };
  }
  // evalStep (evaluate.ts) written out: one call per node rather than three
  return (env, ctx) => {
    const work = ctx.work;
    if (work !== undefined && --work.left < 0) budgetExhausted(ctx);
    const memo = ctx.memo;
    if (memo !== undefined) {
      const slot = memo.get(expr);
      if (slot !== undefined) {
        if (slot !== null) return slot as Val<number>;
        const v = body(env, ctx);
        memo.set(expr, v);
        return v;
      }
    }
    return body(env, ctx);
  };
}

function compile(expr: Expr, plant: Plant | undefined): Compiled {
  return wrap(expr, compileBody(expr, plant), plant);
}

/** The node's own computation (evalNode's case for its kind), specialised to doubles. */
function compileBody(expr: Expr, plant: Plant | undefined): Compiled {
  switch (expr.kind) {
    case 'num': {
      const x = floatField.fromRational(expr.num, expr.den);
      const m = Math.abs(x);
      return () => ({ x, m, e: 0 });
    }
    case 'const': {
      const x = floatField.constant(expr.name);
      const m = Math.abs(x);
      return () => ({ x, m, e: 0 });
    }
    case 'var': case 'index': case 'neg':
      // the field's own leaf and negation code (floatField.abs is Math.abs, neg is -)
      return genericBody(floatField, expr, (e) => child(e, plant));
    case 'call': return compileCall(expr, child(expr.arg, plant), plant);
    case 'binop': return compileBinop(expr, plant);
    default:
      return (env, ctx) => evalNode(floatField, expr, env, ctx);
  }
}

/** Math functions exactly as floatField.call computes them. */
export function realFunction(fn: BuiltinFn): (a: number) => number {
  switch (fn) {
    case 'exp': return Math.exp;
    case 'log': return Math.log;
    case 'sqrt': return Math.sqrt;
    case 'sin': return Math.sin;
    case 'cos': return Math.cos;
    default: return (a) => floatField.call(fn, a);
  }
}

function compileCall(expr: Extract<Expr, { kind: 'call' }>, arg: Compiled, plant: Plant | undefined): Compiled {
  const fn = expr.fn;
  const f = realFunction(fn);
  const dropScale = plant === 'call-m-drops-scale';
  if (fn === 'exp') {
    return (env, ctx) => {
      const a = arg(env, ctx);
      const ax = a.x;
      const x = f(ax);
      if ((ctx.infiniteDepth ?? 0) > 0 && ax < -708) throw new EvalError('verify/underflow', `exp(${ax}) underflows in double precision`);
      const u = Number.isFinite(ax) ? rangeError(ctx, x) : 0;
      const d = derivBound(floatField, 'exp', ax, x, argDelta(a.m, a.e)); // |exp'| over the argument's uncertainty (FIRST ORDER)
      return { x, m: d * a.m + Math.abs(x), e: errorThrough(d, a.e) + u };
    };
  }
  if (fn === 'log') {
    return (env, ctx) => {
      const a = arg(env, ctx);
      const x = f(a.x);
      const u = callRangeError(ctx, fn, a.x, uncertainty(a.m, a.e), x); // UNCERTAIN ZEROS (evaluate.ts): log of an underflowed 0
      const d = derivBound(floatField, 'log', a.x, x, argDelta(a.m, a.e));
      return { x, m: d * a.m + (dropScale ? 0 : Math.abs(x)), e: errorThrough(d, a.e) + u };
    };
  }
  return (env, ctx) => {
    const a = arg(env, ctx);
    const x = f(a.x);
    const u = callRangeError(ctx, fn, a.x, uncertainty(a.m, a.e), x); // OVERFLOWS IN CALLS, UNCERTAIN ZEROS (evaluate.ts)
    const d = derivBound(floatField, fn, a.x, x, argDelta(a.m, a.e));
    return { x, m: d * a.m + Math.abs(x), e: errorThrough(d, a.e) + u };
  };
}

/** The value of a declared var (throws verify/unbound as the interpreter does). */
function varValue<T>(env: Env<T>, name: string): T {
  const x = env.vars.get(name);
  if (x === undefined) throw new EvalError('verify/unbound', `var ${name} has no value`);
  return x;
}

/** A bound integer index, else the real variable of an enclosing integral (key = integralKey(name)). */
function indexValue<T>(env: Env<T>, name: string, key: string): bigint | T {
  const v = env.idx.get(name);
  if (v !== undefined) return v;
  const r = env.vars.get(key);
  if (r === undefined) throw new EvalError('verify/unbound', `index ${name} has no value`);
  return r;
}

/** Exact integer value of an integer-sorted expression (intValue in doubles), compiled. */
type IntCompiled = (env: Env<number>, ctx: EvalContext) => bigint | undefined;

const intCache = new WeakMap<Expr, IntCompiled>();

function compileInt(expr: Expr): IntCompiled {
  let c = intCache.get(expr);
  if (c === undefined) {
    c = compileIntBody(expr);
    intCache.set(expr, c);
  }
  return c;
}

/** intValue(floatField, expr, ...) case by case (the same results, errors and order). */
function compileIntBody(expr: Expr): IntCompiled {
  switch (expr.kind) {
    case 'num': {
      const r = expr.den === 1n ? expr.num : undefined;
      return () => r;
    }
    case 'index': {
      const name = expr.name;
      const key = integralKey(name);
      return (env) => {
        const v = indexValue(env, name, key);
        return typeof v === 'bigint' ? v : Number.isInteger(v) ? BigInt(v) : undefined;
      };
    }
    case 'var': {
      const name = expr.name;
      return (env) => {
        const v = varValue(env, name);
        return Number.isInteger(v) ? BigInt(v) : undefined;
      };
    }
    case 'neg': {
      const a = compileInt(expr.arg);
      return (env, ctx) => {
        const v = a(env, ctx);
        return v === undefined ? undefined : -v;
      };
    }
    case 'binop': {
      const l = compileInt(expr.left);
      const r = compileInt(expr.right);
      const op = expr.op;
      return (env, ctx) => {
        const a = l(env, ctx);
        const b = r(env, ctx);
        if (a === undefined || b === undefined) return undefined;
        return intBinop(op, a, b);
      };
    }
    case 'factorial': {
      const a = compileInt(expr.arg);
      return (env, ctx) => {
        const n = a(env, ctx);
        if (n === undefined || n < 0n) return undefined;
        return factorial(n);
      };
    }
    case 'binomial': case 'stirling1': {
      const nc = compileInt(expr.n);
      const kc = compileInt(expr.k);
      const f = expr.kind === 'binomial' ? binomial : stirlingFirst;
      return (env, ctx) => {
        const n = nc(env, ctx);
        const k = kc(env, ctx);
        if (n === undefined || k === undefined) return undefined;
        return f(n, k);
      };
    }
    default: return () => undefined;
  }
}

/** intValue in doubles, compiled (exported for the equivalence tests). */
export function intValueCompiled(expr: Expr, env: Env<number>, ctx: EvalContext): bigint | undefined {
  return compileInt(expr)(env, ctx);
}

/** The interpreter's intValue in doubles, the reference the tests compare intValueCompiled with. */
export const intValueInterpreted = (expr: Expr, env: Env<number>, ctx: EvalContext): bigint | undefined => intValue(floatField, expr, env, ctx);

function compileBinop(expr: Extract<Expr, { kind: 'binop' }>, plant: Plant | undefined): Compiled {
  const L = child(expr.left, plant);
  const R = child(expr.right, plant);
  const selfInt = compileInt(expr);
  // isIntExpr(expr) is asked at every evaluation by the interpreter, and its answer
  // is cached per node for good at the first: ask at the first evaluation too, then keep it.
  let intSelf: boolean | undefined;
  /** The exact-integer shortcut of evalBinop, or undefined to go on. */
  const exact = (env: Env<number>, ctx: EvalContext): Val<number> | undefined => {
    if (intSelf === undefined) intSelf = isIntExpr(expr, ctx.vars);
    if (intSelf) {
      const n = selfInt(env, ctx);
      if (n !== undefined && n <= EXACT_INT && n >= -EXACT_INT) {
        const x = Number(n);
        return { x, m: Math.abs(x), e: 0 };
      }
    }
    return undefined;
  };
  const op = expr.op;
  const subAdds = plant === 'sub-adds';
  if (op !== '^') {
    // One closure per node with the operator switched inside (a constant, so the
    // branch is predicted), and the integer shortcut skipped once the node is known
    // not to be an integer expression.
    return (env, ctx) => {
      if (intSelf !== false) {
        const q = exact(env, ctx);
        if (q !== undefined) return q;
      }
      const a = L(env, ctx);
      const b = R(env, ctx);
      switch (op) {
        case '+': case '-': {
          const x = op === '+' || subAdds ? a.x + b.x : a.x - b.x;
          if (!(Math.abs(x) < Infinity)) sumOverflow(ctx, x, a.x, b.x);
          return { x, m: a.m + b.m, e: a.e + b.e };
        }
        case '*': {
          const aa = Math.abs(a.x);
          const ab = Math.abs(b.x);
          const x = a.x * b.x;
          lostZero(ctx, '*', x, a.x, uncertainty(a.m, a.e), b.x, uncertainty(b.m, b.e)); // UNCERTAIN ZEROS (evaluate.ts)
          const u = aa !== 0 && ab !== 0 && Number.isFinite(aa) && Number.isFinite(ab) ? rangeError(ctx, x) : 0;
          return { x, m: mulScale(a.m, aa, b.m, ab), e: a.e * ab + aa * b.e + u };
        }
        default: {
          const aa = Math.abs(a.x);
          const ab = Math.abs(b.x);
          const x = a.x / b.x;
          lostZero(ctx, '/', x, a.x, uncertainty(a.m, a.e), b.x, uncertainty(b.m, b.e));
          const u = aa !== 0 && ab !== 0 && Number.isFinite(aa) && Number.isFinite(ab) ? rangeError(ctx, x) : 0;
          const ax = Math.abs(x);
          return { x, m: a.m / ab + (ax * b.m) / ab, e: a.e / ab + (ax * b.e) / ab + u };
        }
      }
    };
  }
  switch (op) {
    case '^': {
      const right = expr.right;
      const rightInt = compileInt(right);
      let intRight: boolean | undefined;
      return (env, ctx) => {
        if (intSelf !== false) {
          const q = exact(env, ctx);
          if (q !== undefined) return q;
        }
        if (intRight === undefined) intRight = isIntExpr(right, ctx.vars);
        if (intRight) {
          const n = rightInt(env, ctx);
          if (n !== undefined) {
            const a = L(env, ctx);
            const x = floatField.powInt(a.x, n);
            const ax = Math.abs(a.x);
            const u = ax !== 0 && Number.isFinite(ax) ? rangeError(ctx, x) : 0;
            const nn = Math.abs(Number(n));
            const ratio = ax === 0 ? (nn === 1 ? 1 : 0) : (nn * Math.abs(x)) / ax;
            return { x, m: powIntScale(ax, a.m, Math.abs(x), n), e: ratio * a.e + u };
          }
        }
        const a = L(env, ctx);
        const b = R(env, ctx);
        const aa = Math.abs(a.x);
        const ab = Math.abs(b.x);
        const x = a.x < 0 || Number.isNaN(a.x) ? NaN : Math.pow(a.x, b.x);
        const u = aa !== 0 && Number.isFinite(aa) && Number.isFinite(ab) && !Number.isNaN(x) ? rangeError(ctx, x) : 0;
        const ax = Math.abs(x);
        const dBase = aa === 0 ? 0 : (ab * ax) / aa;
        const dExp = powExpBound(floatField, aa, ax, b.x, argDelta(b.m, b.e));
        return { x, m: ax + dBase * a.m + dExp * b.m, e: dBase * a.e + dExp * b.e + u };
      };
    }
  }
}

// ---------------------------------------------------------------- other long-lived fields

/**
 * Compiled closures of the fields registered here (complex doubles; the kept Taylor
 * fields of taylor.ts, in doubles and double-double; the derivative jets of
 * evaluate.ts), per field and node.
 * The same lowering as for doubles, generic over the field: what is decided once is
 * the node kind, the operator, the integer-sort lookups; the arithmetic is the
 * field's own. The double-double field of the confirmations stays with the
 * interpreter: it runs once per failure, and a compilation would not be reused.
 */
/** Per field, per jet variable ('' for none: FLOAT PARTS), the compiled closures by node. */
const fieldCaches = new WeakMap<Field<unknown>, Map<string, WeakMap<Expr, CompiledIn<unknown>>>>();
fieldCaches.set(complexField as Field<unknown>, new Map());
/** The jet fields in doubles, whose parts free of the jet variable are evaluated in doubles (FLOAT PARTS). */
const floatPartFields = new WeakSet<Field<unknown>>();

/**
 * Lets evalIn run F's evaluations compiled (F must live as long as it is used, and
 * be reused). `floatParts`: F is a field of jets in doubles (number[], c_0 the
 * value), whose subtrees free of the jet variable are evaluated in doubles (FLOAT PARTS).
 */
export function registerCompiledField<T>(F: Field<T>, floatParts = false): void {
  if (!fieldCaches.has(F as Field<unknown>)) fieldCaches.set(F as Field<unknown>, new Map());
  if (floatParts) floatPartFields.add(F as Field<unknown>);
}

/**
 * The compiled closure of expr in field F, or undefined when F is not registered.
 * `jetVar`: the variable whose jet is being computed (ctx.jetVar), for FLOAT PARTS.
 */
export function compiledIn<T>(F: Field<T>, expr: Expr, jetVar = ''): CompiledIn<T> | undefined {
  const byVar = fieldCaches.get(F as Field<unknown>);
  if (byVar === undefined) return undefined;
  const v = floatPartFields.has(F as Field<unknown>) ? jetVar : '';
  const key = floatPartsPlant !== undefined && v !== '' ? `${floatPartsPlant}|${v}` : v;
  let c = byVar.get(key);
  if (c === undefined) {
    c = new WeakMap();
    byVar.set(key, c);
  }
  let f = c.get(expr) as CompiledIn<T> | undefined;
  if (f === undefined) {
    f = compileGeneric(F, expr, c as WeakMap<Expr, CompiledIn<T>>, v);
    c.set(expr, f as CompiledIn<unknown>);
  }
  return f;
}

/** Test hook: a planted FLOAT PARTS defect ('hoist-jet-var': subtrees that mention the jet variable are evaluated in doubles too). */
let floatPartsPlant: 'hoist-jet-var' | undefined;
export function plantFloatParts(plant: 'hoist-jet-var' | undefined): void {
  floatPartsPlant = plant;
}

/** A compiled expression in a field T. */
export type CompiledIn<T> = (env: Env<T>, ctx: EvalContext) => Val<T>;

function compileGeneric<T>(F: Field<T>, expr: Expr, c: WeakMap<Expr, CompiledIn<T>>, jetVar: string): CompiledIn<T> {
  const kid = (e: Expr): CompiledIn<T> => {
    let f = c.get(e);
    if (f === undefined) {
      f = compileGeneric(F, e, c, jetVar);
      c.set(e, f);
    }
    return f;
  };
  const body = genericBody(F, expr, kid);
  const part = jetVar !== '' && floatPartOf(expr, jetVar) ? floatPart(F as unknown as Field<number[]>, expr, body as unknown as CompiledIn<number[]>) : undefined;
  return wrap(expr, (part ?? body) as unknown as Compiled, undefined) as unknown as CompiledIn<T>;
}

/**
 * FLOAT PARTS. In the Taylor jets of a body in t (taylor.ts) or the derivative jets
 * in t (evaluate.ts), a subtree that does not mention t has a constant jet: its value
 * c_0, with every other coefficient exactly 0. Such a subtree (the largest one, not
 * a leaf: the weight h(x) exp(eta.T(x) - A(eta)) of an expectation, integrated with
 * exp(t x) at every node) is evaluated by the compiled closures in doubles and made
 * a constant jet, instead of by jet operations on constant jets (an allocation and a
 * loop over the order each).
 *
 * Why it is sound: the jet arithmetic on constant jets is the double arithmetic on
 * their values (the product of constants is the scaled value, exp of a constant is
 * the constant exp...), with the same rounding scale and method error rules (the
 * norm of a constant jet is |c_0|), so the constant jet computed either way carries
 * the same value to rounding, and its own bounds. What depends on t is untouched.
 * The evaluation in doubles sees the values c_0 of the variables' jets; every such
 * jet is checked to be constant at run time, and a subtree meeting a non-constant
 * one is computed in jets after all. The loop-invariant parts inside it (A(eta)
 * in an integrand over x) are kept in a memo of doubles beside the enclosing memo
 * of jets, with the same slots and the same extent (floatMemoOf). An underflow in
 * it carries its absolute error (UNDERFLOW), as in doubles.
 * Inside an integral's integrand, the evaluation in doubles runs the part's program
 * (INTEGRAND PROGRAMS, program.ts) once the memo is filled, observably the same.
 * Test: test/verify/eval/float-parts.test.ts (computed both ways on random trees);
 * test/verify/eval/program.test.ts (with and without programs).
 */
function floatPartOf(expr: Expr, jetVar: string): boolean {
  if (expr.kind === 'num' || expr.kind === 'const' || expr.kind === 'var' || expr.kind === 'index') return false;
  return floatPartsPlant === 'hoist-jet-var' || !freeVars(expr).has(`v:${jetVar}`);
}

function floatPart(F: Field<number[]>, expr: Expr, inJets: CompiledIn<number[]>): CompiledIn<number[]> {
  const f = compileFloat(expr);
  const weight = F.fromMeasured === undefined ? 0 : roundingWeight(expr);
  const vars: string[] = [];
  const indices: string[] = [];
  for (const fv of freeVars(expr)) (fv.startsWith('v:') ? vars : indices).push(fv.slice(2));
  const indexKeys = indices.map(integralKey);
  const constant = (j: number[]): boolean => {
    for (let k = 1; k < j.length; k++) if (j[k] !== 0) return false;
    return true;
  };
  const kept = new Map<string, number>();
  let busy = false; // re-entered (a shared subtree inside itself): a map of its own
  /** Inside an integral's jet integrand, the program of this part (INTEGRAND PROGRAMS, program.ts), per integral evaluation. */
  const programRun = (env: Env<number[]>, ctx: EvalContext): ProgramRun | undefined => {
    const site = ctx.integrand;
    if (site === undefined || busy) return undefined;
    let run = site.runs.get(expr);
    if (run === undefined) {
      const p = programOfPart(site.integral, expr);
      run = p ? new ProgramRun(p, { vars: kept, idx: env.idx }, ctx) : null;
      site.runs.set(expr, run);
    }
    return run !== null && run.env.idx === env.idx ? run : undefined;
  };
  return (env, ctx) => {
    const run = programRun(env, ctx);
    // every name is set or deleted (cheaper than clearing the map): the map holds exactly this call's values
    const values = busy ? new Map<string, number>() : kept;
    for (const name of vars) {
      const j = env.vars.get(name);
      if (j === undefined) {
        values.delete(name); // unbound: the evaluation in doubles throws as the jets would
        continue;
      }
      if (!constant(j) && floatPartsPlant === undefined) return inJets(env, ctx);
      values.set(name, j[0]!);
    }
    for (let i = 0; i < indices.length; i++) {
      const key = indexKeys[i]!;
      const j = env.idx.has(indices[i]!) ? undefined : env.vars.get(key);
      if (j === undefined) {
        values.delete(key);
        continue;
      }
      if (!constant(j)) return inJets(env, ctx);
      values.set(key, j[0]!);
    }
    const saved = ctx.memo;
    const wasBusy = busy;
    ctx.memo = floatMemoOf(saved);
    busy = true;
    let r: Val<number>;
    try {
      const x = run === undefined ? undefined : values.get(ctx.integrand!.key);
      r = (x === undefined ? undefined : run!.evaluate(x)) ?? f({ vars: values, idx: env.idx }, ctx);
    } finally {
      ctx.memo = saved;
      busy = wasBusy;
    }
    const x = F.fromMeasured !== undefined ? F.fromMeasured(r.x, r.m, r.e, weight) : F.fromNumber(r.x);
    // COEFFICIENT SCALES (jets/per-coefficient.ts): a constant jet whose value was rounded at scale m
    return F.coefficientScales && !((ctx.integralDepth ?? 0) > 0) ? { x, m: r.m, e: r.e, mc: constantScales(x.length, r.m) } : { x, m: r.m, e: r.e };
  };
}

/** The special functions, accurate to about 10 ulps (special.ts: Lanczos, |relative error| < 2e-15). */
const SPECIAL = new Set<BuiltinFn>(['gamma', 'lgamma', 'digamma']);

/**
 * SOURCES (sources.ts): how many units of U times its rounding scale m the error of a
 * part evaluated in doubles can be. By induction over the tree, each operation adds
 * at most one rounding of its result, which its m counts (the scale of a sum is at
 * least the sum of its terms', a product's at least twice the product): one per
 * operation, 10 per special function, an inexact constant one; a binder (a sum of many
 * terms, an integral) 64 and its own method error, which the caller adds.
 */
const weights = new WeakMap<Expr, number>();
function roundingWeight(e: Expr): number {
  let w = weights.get(e);
  if (w !== undefined) return w;
  switch (e.kind) {
    case 'num': w = exactDouble(e.num, e.den) ? 0 : 1; break;
    case 'const': w = 1; break;
    case 'var': case 'index': w = 0; break;
    case 'neg': w = roundingWeight(e.arg); break;
    case 'call': w = (SPECIAL.has(e.fn) ? 10 : 1) + roundingWeight(e.arg); break;
    case 'binop': w = 1 + roundingWeight(e.left) + roundingWeight(e.right); break;
    default: w = 64;
  }
  weights.set(e, w);
  return w;
}

type Memo = NonNullable<EvalContext['memo']>;
const floatMemos = new WeakMap<Memo, Memo>();
/** The memo of doubles beside a memo of jets: the same slots, empty, for the same extent (FLOAT PARTS). */
function floatMemoOf(memo: EvalContext['memo']): EvalContext['memo'] {
  if (memo === undefined) return undefined;
  let m = floatMemos.get(memo);
  if (m === undefined) {
    m = new Map();
    for (const k of memo.keys()) m.set(k, null);
    floatMemos.set(memo, m);
  }
  return m;
}

/** evalNode's cases in field F (never 'float': that one is compileBody). */
function genericBody<T>(F: Field<T>, expr: Expr, kid: (e: Expr) => CompiledIn<T>): CompiledIn<T> {
  switch (expr.kind) {
    // Values are never mutated (jets, complex numbers): a constant is made once.
    case 'num': {
      const v = exactVal(F, F.fromRational(expr.num, expr.den));
      return () => v;
    }
    case 'const': {
      const v = exactVal(F, F.constant(expr.name));
      return () => v;
    }
    case 'var': {
      const name = expr.name;
      return (env, ctx) => exactVal(F, varValue(env, name), ctx);
    }
    case 'index': {
      const name = expr.name;
      const key = integralKey(name);
      return (env, ctx) => {
        const v = indexValue(env, name, key);
        return exactVal(F, typeof v === 'bigint' ? F.fromBigInt(v) : v, ctx);
      };
    }
    case 'neg': {
      const a = kid(expr.arg);
      return (env, ctx) => {
        const v = a(env, ctx);
        return withPerCoefficient({ x: F.neg(v.x), m: v.m, e: v.e }, v.ec, v.mc); // its errors and scales per coefficient (jets) as they are
      };
    }
    case 'call': {
      const a = kid(expr.arg);
      const fn = expr.fn;
      const isExp = fn === 'exp';
      return (env, ctx) => {
        const v = a(env, ctx);
        const x = F.call(fn, v.x);
        if (isExp && (ctx.infiniteDepth ?? 0) > 0 && F.re(v.x) < -708) {
          throw new EvalError('verify/underflow', `exp(${F.re(v.x)}) underflows in double precision`);
        }
        const u = isExp && Number.isFinite(F.re(v.x)) ? fieldRangeError(F, ctx, 'exp', x, v.x) : 0;
        const d = derivBound(F, fn, v.x, x, argDelta(v.m, v.e));
        return perCoefficientCall(F, fn, v, { x, m: d * v.m + F.abs(x), e: errorThrough(d, v.e) + u }, u);
      };
    }
    case 'binop': return genericBinop(F, expr, kid(expr.left), kid(expr.right));
    default:
      return (env, ctx) => evalNode(F, expr, env, ctx);
  }
}

function genericBinop<T>(F: Field<T>, expr: Extract<Expr, { kind: 'binop' }>, L: CompiledIn<T>, R: CompiledIn<T>): CompiledIn<T> {
  let intSelf: boolean | undefined;
  let intRight: boolean | undefined;
  const op = expr.op;
  return (env, ctx) => {
    if (intSelf === undefined) intSelf = isIntExpr(expr, ctx.vars);
    if (intSelf) {
      const n = intValue(F, expr, env, ctx);
      if (n !== undefined && n <= EXACT_INT && n >= -EXACT_INT) return exactVal(F, F.fromBigInt(n), ctx);
    }
    if (op === '^') {
      if (intRight === undefined) intRight = isIntExpr(expr.right, ctx.vars);
      if (intRight) {
        const n = intValue(F, expr.right, env, ctx);
        if (n !== undefined) {
          const a = L(env, ctx);
          const x = F.powInt(a.x, n);
          const ax = F.abs(a.x);
          const nn = Math.abs(Number(n));
          const ratio = ax === 0 ? (nn === 1 ? 1 : 0) : (nn * F.abs(x)) / ax;
          return perCoefficientPow(F, a, n, { x, m: powIntScale(ax, a.m, F.abs(x), n), e: ratio * a.e }, 0);
        }
      }
    }
    const a = L(env, ctx);
    const b = R(env, ctx);
    switch (op) {
      case '+': return perCoefficientBinop(F, op, a, b, { x: F.add(a.x, b.x), m: a.m + b.m, e: a.e + b.e }, 0);
      case '-': return perCoefficientBinop(F, op, a, b, { x: F.sub(a.x, b.x), m: a.m + b.m, e: a.e + b.e }, 0);
      case '*': {
        const aa = F.abs(a.x);
        const ab = F.abs(b.x);
        const x = F.mul(a.x, b.x);
        const u = aa === 0 || ab === 0 || !Number.isFinite(aa) || !Number.isFinite(ab) ? 0 : fieldRangeError(F, ctx, 'mul', x, a.x);
        return perCoefficientBinop(F, op, a, b, { x, m: mulScale(a.m, aa, b.m, ab), e: a.e * ab + aa * b.e + u }, u);
      }
      case '/': {
        const ab = F.abs(b.x);
        const x = F.div(a.x, b.x);
        const ax = F.abs(x);
        const extra = removableError(F, a, b);
        return perCoefficientBinop(F, op, a, b, { x, m: a.m / ab + (ax * b.m) / ab, e: a.e / ab + (ax * b.e) / ab + extra }, extra);
      }
      case '^': {
        const aa = F.abs(a.x);
        const ab = F.abs(b.x);
        const x = F.pow(a.x, b.x);
        const ax = F.abs(x);
        const dBase = aa === 0 ? 0 : (ab * ax) / aa;
        const dExp = powExpBound(F, aa, ax, F.re(b.x), argDelta(b.m, b.e));
        return perCoefficientRealPow(F, a, b, { x, m: ax + dBase * a.m + dExp * b.m, e: dBase * a.e + dExp * b.e });
      }
    }
  };
}
