/**
 * INTEGRAND PROGRAMS: the integrand of an integral, in doubles, as a flat list of
 * instructions over unboxed slots (three Float64Arrays: value, rounding scale,
 * method error), run at each quadrature node instead of the closure tree of
 * compile.ts. No code generation: the instructions are data, run by one loop.
 *
 * Why: an integral over the reals takes about 300 nodes per point and the witness
 * runs 1000 points, so the integrand is evaluated hundreds of thousands of times per
 * claim. The closure tree pays per node a memo lookup, a boxed result and, for x^2,
 * an attempt at exact integer arithmetic in BigInt; the program pays none of these:
 * the parts of the integrand free of its variable (the memo's loop-invariant
 * subtrees) are read once per integral, the leaves' values once, the integer
 * exponents decided once.
 *
 * Why it is sound, and observably the closure tree: every instruction is the
 * closure's formula for its node (compile.ts: compileBody, compileCall,
 * compileBinop), applied in the same order to the same operands, so the value, the
 * rounding scale and the method error are the same doubles, and the range-lost count
 * (rangeError) is incremented at the same nodes. What the closures decide per call
 * and a program decides once per integral is only what cannot change within it:
 * - the loop-invariant subtrees' values (the memo holds them after the first node);
 * - the other variables' and indices' values (the environment changes only in the
 *   integral's own variable);
 * - the integer exponents (isIntExpr and the exponent's exact value: invariant);
 * - the exact-integer shortcut of a node that mentions the variable: it never applies
 *   at a non-integer node, as an integer value needs every leaf to be an integer. At
 *   an integer x (the frame's probes, the outer nodes past 2^53) the program tries it
 *   as the closures do, outermost node first, and does not enter a node it takes.
 * The work budget is charged the same steps (one per node visited: a memo hit is one
 * step, the integer exponent of x^2 none), all at once; when the budget would run out
 * during the evaluation, the closures run it instead, so the budget error comes from
 * the same node. An error inside a program refunds the steps of the nodes the closures
 * would not have entered. Anything a program does not cover (a binder, a factorial,
 * an integer evaluation that throws, a node in an unexpected memo) leaves the
 * integral to the closures.
 * Test: test/verify/eval/program.test.ts (computed both ways on random integrands, with
 * planted defects).
 */
import { floatField } from '../arith/field.ts';
import type { BuiltinFn, Expr } from '../../proofs/ast.ts';
import {
  EXACT_INT,
  EvalError,
  argDelta,
  errorThrough,
  derivBound,
  freeVars,
  integralKey,
  invariantSubtrees,
  isIntExpr,
  mulScale,
  powExpBound,
  powIntScale,
  rangeError,
  callRangeError,
  lostZero,
  uncertainty,
  sumOverflow,
  type Env,
  type EvalContext,
  type Val,
} from './evaluate.ts';
import { intValueCompiled, realFunction } from './compile.ts';

const enum Op {
  /** A constant (num, const). */
  Const,
  /** A declared var or another index: read once per integral. */
  Leaf,
  /** The integral's own variable. */
  X,
  /** A loop-invariant subtree: its memo value, read once per integral. */
  Invariant,
  Neg,
  Add,
  Sub,
  Mul,
  Div,
  /** a^b, the exponent an integer or a real decided once per integral (an invariant exponent). */
  PowFixed,
  /** a^b with an exponent that mentions the variable: the real power. */
  Pow,
  Exp,
  Log,
  Call,
}

interface Instruction {
  readonly op: Op;
  readonly expr: Expr;
  /** Slot of the argument or left operand (-1: none). */
  readonly a: number;
  /** Slot of the right operand (-1: none, or an invariant exponent kept in `exponent`). */
  readonly b: number;
  /** The constant's value (Const). */
  readonly value: number;
  readonly fn: BuiltinFn | undefined;
  readonly f: ((x: number) => number) | undefined;
  /** The invariant exponent of PowFixed. */
  readonly exponent: Expr | undefined;
  /** How many nodes enclose this one (for the refund of an error's unvisited steps). */
  readonly depth: number;
  /** The first instruction of this node's subtree (post-order: its subtree is start..itself). */
  readonly start: number;
}

/** A compiled integrand: its instructions in post-order; the last one is the body. */
export interface Program {
  readonly instructions: readonly Instruction[];
  /** The loop-invariant subtrees (memo keys) the program reads. */
  readonly invariants: readonly Expr[];
  readonly index: string;
}

const programs = new WeakMap<Expr, Program | null>();

/** Test hook: a planted defect ('skip-range': no range-lost count; 'exp-no-first-order': exp without FIRST ORDER). */
let plant: 'skip-range' | 'exp-no-first-order' | undefined;
export function plantProgram(p: typeof plant): void {
  plant = p;
}

/** Test hook: programs used (true, the default) or never (false). */
let enabled = true;
export function setPrograms(on: boolean): void {
  enabled = on;
}

/** The program of an integral's body in its variable, or undefined when it has a node no program covers. */
export function programOf(integral: Extract<Expr, { kind: 'integral' }>): Program | undefined {
  if (!enabled) return undefined;
  let p = programs.get(integral);
  if (p === undefined) {
    p = compileProgram(integral) ?? null;
    programs.set(integral, p);
  }
  return p ?? undefined;
}

const partPrograms = new WeakMap<Expr, WeakMap<Expr, Program | null>>();

/**
 * The program of a subtree of an integral's body, in the integral's variable (the
 * FLOAT PARTS of a jet integrand, compile.ts: the weight h(x) exp(eta.T(x) - A) of
 * exp(t x) h(x) exp(...) is evaluated in doubles at every node).
 */
export function programOfPart(integral: Extract<Expr, { kind: 'integral' }>, part: Expr): Program | undefined {
  if (!enabled) return undefined;
  let row = partPrograms.get(integral);
  if (!row) {
    row = new WeakMap();
    partPrograms.set(integral, row);
  }
  let p = row.get(part);
  if (p === undefined) {
    p = compileProgram(integral, part) ?? null;
    row.set(part, p);
  }
  return p ?? undefined;
}

/**
 * The integral whose integrand in jets is being evaluated, with the program runs of
 * its float parts (set by evalIntegral around each node, cleared by every binder
 * inside: a nested binder's float parts vary within the integral).
 */
export interface IntegrandSite {
  readonly integral: Extract<Expr, { kind: 'integral' }>;
  /** integralKey of its variable. */
  readonly key: string;
  readonly runs: Map<Expr, ProgramRun | null>;
}

function compileProgram(integral: Extract<Expr, { kind: 'integral' }>, root: Expr = integral.body): Program | undefined {
  const index = integral.index;
  const invariantSet = new Set(invariantSubtrees(integral));
  const invariants = new Set<Expr>();
  const out: Instruction[] = [];
  const key = `i:${index}`;
  const variant = (e: Expr): boolean => freeVars(e).has(key);
  const push = (op: Op, expr: Expr, depth: number, start: number, rest: Partial<Instruction> = {}): number => {
    out.push({ op, expr, a: -1, b: -1, value: 0, fn: undefined, f: undefined, exponent: undefined, depth, start, ...rest });
    return out.length - 1;
  };
  const emit = (e: Expr, depth: number): number | undefined => {
    const start = out.length;
    if (invariantSet.has(e)) {
      invariants.add(e);
      return push(Op.Invariant, e, depth, start);
    }
    switch (e.kind) {
      case 'num': return push(Op.Const, e, depth, start, { value: floatField.fromRational(e.num, e.den) });
      case 'const': return push(Op.Const, e, depth, start, { value: floatField.constant(e.name) });
      case 'var': return push(Op.Leaf, e, depth, start);
      case 'index': return push(e.name === index ? Op.X : Op.Leaf, e, depth, start);
      case 'neg': {
        const a = emit(e.arg, depth + 1);
        return a === undefined ? undefined : push(Op.Neg, e, depth, start, { a });
      }
      case 'call': {
        const a = emit(e.arg, depth + 1);
        if (a === undefined) return undefined;
        const op = e.fn === 'exp' ? Op.Exp : e.fn === 'log' ? Op.Log : Op.Call;
        return push(op, e, depth, start, { a, fn: e.fn, f: realFunction(e.fn) });
      }
      case 'binop': {
        const a = emit(e.left, depth + 1);
        if (a === undefined) return undefined;
        if (e.op === '^' && !variant(e.right)) {
          // the exponent is decided once per integral (setup): a leaf or an invariant subtree
          if (invariantSet.has(e.right)) invariants.add(e.right);
          else if (!(e.right.kind === 'num' || e.right.kind === 'const' || e.right.kind === 'var' || e.right.kind === 'index')) return undefined;
          return push(Op.PowFixed, e, depth, start, { a, exponent: e.right });
        }
        const b = emit(e.right, depth + 1);
        if (b === undefined) return undefined;
        const op = e.op === '+' ? Op.Add : e.op === '-' ? Op.Sub : e.op === '*' ? Op.Mul : e.op === '/' ? Op.Div : Op.Pow;
        return push(op, e, depth, start, { a, b });
      }
      default: return undefined; // binders, factorials, binomials: the closures
    }
  };
  return emit(root, 0) === undefined ? undefined : { instructions: out, invariants: [...invariants], index };
}

/**
 * A program's run for one integral (one point): what is fixed within it, read at the
 * first node where it can be (after the closures have filled the memo), then
 * `evaluate(x)` per node. `evaluate` returns undefined when the closures must
 * evaluate this node (an integer x, a budget about to run out, a setup that failed).
 */
export class ProgramRun {
  private ready: 'no' | 'yes' | 'never' = 'no';
  private tries = 0;
  private readonly n: number;
  private readonly X: Float64Array;
  private readonly M: Float64Array;
  private readonly E: Float64Array;
  /** Per instruction: the fixed value of a leaf or invariant (x, m, e), or of a fixed exponent. */
  private readonly fixed: (Val<number> | undefined)[];
  /** Per PowFixed instruction: its integer exponent, or undefined for the real power. */
  private readonly power: (bigint | undefined)[];
  private steps = 0;
  /** The instruction that threw, in the last run. */
  private failedAt = 0;
  /** Per instruction: a node the closures try in exact integer arithmetic first (an integer-shaped binop). */
  private readonly exact: boolean[];
  /** Per real power instruction: its exponent is integer-shaped (an integer at an integer x: powInt). */
  private readonly intRight: boolean[];
  /**
   * At an integer x, per instruction: 0 run, 1 not visited (inside a node taken exactly, or the
   * exponent of a power taken by powInt), 2 taken exactly (value already in the slots),
   * 3 a real power whose exponent is an integer here (intPow).
   */
  private readonly skip: Uint8Array;
  private readonly intPow: (bigint | undefined)[];
  /** The skip marks of the last run (undefined: a non-integer x, nothing skipped). */
  private lastSkip: Uint8Array | undefined;

  constructor(private readonly program: Program, readonly env: Env<number>, private readonly ctx: EvalContext) {
    this.n = program.instructions.length;
    this.X = new Float64Array(this.n);
    this.M = new Float64Array(this.n);
    this.E = new Float64Array(this.n);
    this.fixed = new Array(this.n);
    this.power = new Array(this.n);
    this.exact = new Array(this.n).fill(false);
    this.intRight = new Array(this.n).fill(false);
    this.skip = new Uint8Array(this.n);
    this.intPow = new Array(this.n);
  }

  /** The integrand at x, or undefined: the closures evaluate it. */
  evaluate(x: number): Val<number> | undefined {
    if (!Number.isFinite(x)) return undefined;
    const integer = Number.isInteger(x);
    if (this.ready !== 'yes') {
      if (this.ready === 'never' || integer) return undefined;
      if (!this.setup()) return undefined;
    }
    let steps = this.steps;
    this.lastSkip = undefined;
    if (integer) {
      steps = this.prepareInteger();
      if (steps < 0) return undefined;
      this.lastSkip = this.skip;
    }
    const ctx = this.ctx;
    const work = ctx.work;
    if (work !== undefined) {
      if (work.left < steps) return undefined; // the closures run out of budget at the right node
      work.left -= steps;
    }
    try {
      this.run(x);
    } catch (err) {
      // refund what the closures would not have charged: the nodes after the failing one, less its enclosing nodes
      if (work !== undefined) work.left += steps - this.charged(this.failedAt);
      throw err;
    }
    const last = this.n - 1;
    return { x: this.X[last]!, m: this.M[last]!, e: this.E[last]! };
  }

  /** Steps the closures charge up to and including instruction i (visited nodes before it, i's subtree, and its enclosing nodes). */
  private charged(i: number): number {
    let s = 0;
    const ins = this.program.instructions;
    for (let k = 0; k <= i; k++) s += this.stepAt(k, ins[k]!);
    return s + ins[i]!.depth;
  }

  /** The steps the closures charge for the node of instruction k itself, in the last run. */
  private stepAt(k: number, I: Instruction): number {
    const mark = this.lastSkip?.[k] ?? 0;
    return mark === 1 ? 0 : mark === 0 ? stepOf(I, this.power[k]) : 1;
  }

  /**
   * At an integer x: the closures' exact integer arithmetic, tried on the outermost
   * integer-shaped nodes first (a node taken exactly is not entered), and the integer
   * exponents of real powers. Marks `skip`, fills the slots of the nodes taken exactly,
   * and returns the steps of the run; -1 when an exact evaluation throws (the closures
   * then throw it at the right node). These evaluations are pure, so trying them before
   * the run changes nothing the closures would see.
   */
  private prepareInteger(): number {
    const ins = this.program.instructions;
    const skip = this.skip;
    skip.fill(0);
    const { env, ctx } = this;
    try {
      for (let k = ins.length - 1; k >= 0; k--) {
        // reverse post-order: a node before the nodes inside it
        if (skip[k] === 1) continue;
        const I = ins[k]!;
        if (this.exact[k]) {
          const v = intValueCompiled(I.expr, env, ctx);
          if (v !== undefined && v <= EXACT_INT && v >= -EXACT_INT) {
            const xv = Number(v);
            this.X[k] = xv;
            this.M[k] = Math.abs(xv);
            this.E[k] = 0;
            skip[k] = 2;
            skip.fill(1, I.start, k);
            continue;
          }
        }
        if (this.intRight[k]) {
          const p = intValueCompiled((I.expr as Extract<Expr, { kind: 'binop' }>).right, env, ctx);
          if (p !== undefined) {
            skip[k] = 3;
            this.intPow[k] = p;
            skip.fill(1, ins[I.b]!.start, I.b + 1);
          }
        }
      }
    } catch {
      return -1;
    }
    let steps = 0;
    for (let k = 0; k < ins.length; k++) steps += skip[k] === 1 ? 0 : skip[k] === 0 ? stepOf(ins[k]!, this.power[k]) : 1;
    return steps;
  }

  /** Reads what is fixed within the integral; true when the program can run. */
  private setup(): boolean {
    if (++this.tries > 4) {
      this.ready = 'never';
      return false;
    }
    const { env, ctx, program } = this;
    const memo = ctx.memo;
    if (env.idx.has(program.index)) {
      this.ready = 'never'; // an enclosing index of the same name: the closures' lookup order decides
      return false;
    }
    const ins = program.instructions;
    let steps = 0;
    for (let k = 0; k < ins.length; k++) {
      const I = ins[k]!;
      // a node of the program in the memo would be a memo hit for the closures
      if (I.op !== Op.Invariant && memo !== undefined && memo.get(I.expr) !== undefined) {
        this.ready = 'never';
        return false;
      }
      switch (I.op) {
        case Op.Invariant: {
          const v = memo?.get(I.expr);
          if (v === undefined) {
            this.ready = 'never';
            return false;
          }
          if (v === null) return false; // not evaluated yet: try again at a later node
          this.fixed[k] = v as Val<number>;
          break;
        }
        case Op.Leaf: {
          const v = leafValue(I.expr, env);
          if (v === undefined) {
            this.ready = 'never'; // unbound: the closures throw
            return false;
          }
          this.fixed[k] = { x: v, m: Math.abs(v), e: 0 };
          break;
        }
        case Op.PowFixed: {
          // compileBinop's '^': the exact shortcut of the node never applies (x is not an integer);
          // an integer exponent (isIntExpr and an exact value) is taken by powInt, else the real power
          const right = I.exponent!;
          let n: bigint | undefined;
          this.exact[k] = isIntExpr(I.expr, ctx.vars);
          try {
            if (this.exact[k]) intValueCompiled(I.expr, env, ctx);
            if (isIntExpr(right, ctx.vars)) n = intValueCompiled(right, env, ctx);
          } catch {
            this.ready = 'never'; // the closures throw the same error at this node
            return false;
          }
          this.power[k] = n;
          if (n === undefined) {
            const v = right.kind === 'num' || right.kind === 'const' ? { x: constantOf(right), m: Math.abs(constantOf(right)), e: 0 } : invariantSubtreeOrLeaf(right, env, memo);
            if (v === undefined) {
              this.ready = 'never';
              return false;
            }
            if (v === null) return false;
            this.fixed[k] = v;
          }
          break;
        }
        case Op.Add: case Op.Sub: case Op.Mul: case Op.Div: case Op.Pow: {
          // the exact shortcut and an integer exponent's evaluation, which return nothing at a
          // non-integer x but may throw on their invariant parts: then the closures throw it
          this.exact[k] = isIntExpr(I.expr, ctx.vars);
          this.intRight[k] = I.op === Op.Pow && isIntExpr((I.expr as Extract<Expr, { kind: 'binop' }>).right, ctx.vars);
          try {
            if (this.exact[k]) intValueCompiled(I.expr, env, ctx);
            if (this.intRight[k]) {
              if (intValueCompiled((I.expr as Extract<Expr, { kind: 'binop' }>).right, env, ctx) !== undefined) {
                this.ready = 'never';
                return false;
              }
            }
          } catch {
            this.ready = 'never';
            return false;
          }
          break;
        }
        default: break;
      }
      steps += stepOf(I, this.power[k]);
    }
    this.steps = steps;
    this.ready = 'yes';
    return true;
  }

  /** Runs the instructions at x; an error leaves the failing instruction in failedAt. */
  private run(x: number): void {
    const ins = this.program.instructions;
    const X = this.X;
    const M = this.M;
    const E = this.E;
    const ctx = this.ctx;
    const n = this.n;
    const skip = this.lastSkip;
    let k = 0;
    try {
      for (; k < n; k++) {
        const I = ins[k]!;
        if (skip !== undefined && skip[k] !== 0) {
          if (skip[k] === 3) this.intPower(k, I, this.intPow[k]!);
          continue;
        }
        switch (I.op) {
          case Op.Const: {
            const v = I.value;
            X[k] = v;
            M[k] = Math.abs(v);
            E[k] = 0;
            break;
          }
          case Op.Leaf: case Op.Invariant: {
            const v = this.fixed[k]!;
            X[k] = v.x;
            M[k] = v.m;
            E[k] = v.e;
            break;
          }
          case Op.X:
            X[k] = x;
            M[k] = Math.abs(x);
            E[k] = 0;
            break;
          case Op.Neg: {
            const a = I.a;
            X[k] = -X[a]!;
            M[k] = M[a]!;
            E[k] = E[a]!;
            break;
          }
          case Op.Add: case Op.Sub: {
            const a = I.a;
            const b = I.b;
            const v = I.op === Op.Add ? X[a]! + X[b]! : X[a]! - X[b]!;
            if (!(Math.abs(v) < Infinity) && plant !== 'skip-range') sumOverflow(ctx, v, X[a]!, X[b]!);
            X[k] = v;
            M[k] = M[a]! + M[b]!;
            E[k] = E[a]! + E[b]!;
            break;
          }
          case Op.Mul: {
            const ax = X[I.a]!;
            const bx = X[I.b]!;
            const aa = Math.abs(ax);
            const ab = Math.abs(bx);
            const v = ax * bx;
            if (plant !== 'skip-range') lostZero(ctx, '*', v, ax, uncertainty(M[I.a]!, E[I.a]!), bx, uncertainty(M[I.b]!, E[I.b]!));
            const u = aa !== 0 && ab !== 0 && Number.isFinite(aa) && Number.isFinite(ab) ? this.range(v) : 0;
            X[k] = v;
            M[k] = mulScale(M[I.a]!, aa, M[I.b]!, ab);
            E[k] = E[I.a]! * ab + aa * E[I.b]! + u;
            break;
          }
          case Op.Div: {
            const ax = X[I.a]!;
            const bx = X[I.b]!;
            const aa = Math.abs(ax);
            const ab = Math.abs(bx);
            const v = ax / bx;
            if (plant !== 'skip-range') lostZero(ctx, '/', v, ax, uncertainty(M[I.a]!, E[I.a]!), bx, uncertainty(M[I.b]!, E[I.b]!));
            const u = aa !== 0 && ab !== 0 && Number.isFinite(aa) && Number.isFinite(ab) ? this.range(v) : 0;
            const av = Math.abs(v);
            X[k] = v;
            M[k] = M[I.a]! / ab + (av * M[I.b]!) / ab;
            E[k] = E[I.a]! / ab + (av * E[I.b]!) / ab + u;
            break;
          }
          case Op.PowFixed: {
            const p = this.power[k];
            if (p !== undefined) {
              this.intPower(k, I, p);
            } else {
              const b = this.fixed[k]!;
              this.realPow(k, X[I.a]!, M[I.a]!, E[I.a]!, b.x, b.m, b.e);
            }
            break;
          }
          case Op.Pow:
            this.realPow(k, X[I.a]!, M[I.a]!, E[I.a]!, X[I.b]!, M[I.b]!, E[I.b]!);
            break;
          case Op.Exp: {
            const ax = X[I.a]!;
            const am = M[I.a]!;
            const ae = E[I.a]!;
            const v = Math.exp(ax);
            if ((ctx.infiniteDepth ?? 0) > 0 && ax < -708) throw new EvalError('verify/underflow', `exp(${ax}) underflows in double precision`);
            const u = Number.isFinite(ax) ? this.range(v) : 0;
            const d = plant === 'exp-no-first-order' ? Math.abs(v) : derivBound(floatField, 'exp', ax, v, argDelta(am, ae));
            X[k] = v;
            M[k] = d * am + Math.abs(v);
            E[k] = errorThrough(d, ae) + u;
            break;
          }
          default: {
            // Log and Call: compileCall's general case (log's m is the same formula)
            const ax = X[I.a]!;
            const am = M[I.a]!;
            const ae = E[I.a]!;
            const v = I.f!(ax);
            const u = plant === 'skip-range' ? 0 : callRangeError(ctx, I.fn!, ax, uncertainty(am, ae), v);
            const d = derivBound(floatField, I.fn!, ax, v, argDelta(am, ae));
            X[k] = v;
            M[k] = d * am + Math.abs(v);
            E[k] = errorThrough(d, ae) + u;
            break;
          }
        }
      }
    } catch (err) {
      this.failedAt = k;
      throw err;
    }
  }

  /**
   * compileBinop's a^n for an integer n (powInt): realPowInt's own steps for |n| <= 10^6
   * (NaN stays NaN, else Math.pow), with n as a double, which that range holds exactly.
   */
  private intPower(k: number, I: Instruction, p: bigint): void {
    const ax = this.X[I.a]!;
    const pn = Number(p);
    const v = pn >= -1_000_000 && pn <= 1_000_000 ? (Number.isNaN(ax) ? NaN : Math.pow(ax, pn)) : floatField.powInt(ax, p);
    const aa = Math.abs(ax);
    const u = aa !== 0 && Number.isFinite(aa) ? this.range(v) : 0;
    const nn = Math.abs(pn);
    const ratio = aa === 0 ? (nn === 1 ? 1 : 0) : (nn * Math.abs(v)) / aa;
    this.X[k] = v;
    this.M[k] = powIntScale(aa, this.M[I.a]!, Math.abs(v), pn);
    this.E[k] = ratio * this.E[I.a]! + u;
  }

  private range(v: number): number {
    return plant === 'skip-range' ? 0 : rangeError(this.ctx, v);
  }

  /** compileBinop's real power a^b. */
  private realPow(k: number, ax: number, am: number, ae: number, bx: number, bm: number, be: number): void {
    const aa = Math.abs(ax);
    const ab = Math.abs(bx);
    const v = ax < 0 || Number.isNaN(ax) ? NaN : Math.pow(ax, bx);
    const u = aa !== 0 && Number.isFinite(aa) && Number.isFinite(ab) && !Number.isNaN(v) ? this.range(v) : 0;
    const av = Math.abs(v);
    const dBase = aa === 0 ? 0 : (ab * av) / aa;
    const dExp = powExpBound(floatField, aa, av, bx, argDelta(bm, be));
    this.X[k] = v;
    this.M[k] = av + dBase * am + dExp * bm;
    this.E[k] = dBase * ae + dExp * be + u;
  }
}

/** The steps the closures charge for one visit of an instruction's own node (an integer exponent is not visited; a real one is). */
function stepOf(I: Instruction, power: bigint | undefined): number {
  return I.op === Op.PowFixed && power === undefined ? 2 : 1;
}

function constantOf(e: Expr): number {
  if (e.kind === 'num') return floatField.fromRational(e.num, e.den);
  if (e.kind === 'const') return floatField.constant(e.name);
  throw new Error('not a constant');
}

/** A var's or an index's value, as the closures read it (undefined when unbound). */
function leafValue(e: Expr, env: Env<number>): number | undefined {
  if (e.kind === 'var') return env.vars.get(e.name);
  if (e.kind !== 'index') return undefined;
  const v = env.idx.get(e.name);
  if (v !== undefined) return floatField.fromBigInt(v);
  return env.vars.get(integralKey(e.name));
}

/** The value of an invariant exponent: a leaf's, or an invariant subtree's memo value (null: not evaluated yet; undefined: none). */
function invariantSubtreeOrLeaf(e: Expr, env: Env<number>, memo: EvalContext['memo']): Val<number> | null | undefined {
  if (e.kind === 'var' || e.kind === 'index') {
    const v = leafValue(e, env);
    return v === undefined ? undefined : { x: v, m: Math.abs(v), e: 0 };
  }
  const v = memo?.get(e);
  return v === undefined ? undefined : (v as Val<number> | null);
}
