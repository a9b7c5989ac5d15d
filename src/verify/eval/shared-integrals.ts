/**
 * SHARED INTEGRALS: the value of an integral in doubles at a point, kept by the worker
 * for every claim it checks afterwards. The claims of a script about one family draw
 * the same points (the same variables, the same seed) and meet the same expectations
 * there: E[gaussian; x] in the mean, the variance and the covariance claims, E[1] in
 * every Var and Cov. Each point's integral is a quadrature of about 300 nodes.
 *
 * Why it is sound, and observably a fresh evaluation: only an integral whose integrand
 * has a program (program.ts: plain arithmetic, so no binder, coefficient or argmin,
 * nothing whose value depends on what was evaluated before, such as a Cauchy plan) is
 * kept, and its evaluation is then a function of:
 * - its structure, which the key spells out (the same integral in two claims is two
 *   trees);
 * - the values of its free variables and indices, exactly (-0 apart from 0);
 * - whether each free variable is declared an integer (exact integer arithmetic,
 *   isIntExpr);
 * - the depths of the infinite sums and integrals around it (their underflow rules),
 *   and whether Cauchy plans are off (the confirmation ladder).
 * Those are the key. What the evaluation did to the context is replayed on a hit: the
 * work steps it charged (when the budget would run out, the integral is evaluated
 * again and throws at its node), and the overflows and unknown values it counted
 * (rangeLost, rangeUnknown). An evaluation that throws is not kept. So a report does
 * not depend on which claims a worker checked before, or in which order.
 * Test: test/verify/eval/shared-integrals.test.ts (with and without, on claims that
 * share integrals, and a planted key that drops the declarations).
 */
import type { Expr } from '../../proofs/ast.ts';
import type { EvalContext, Env, Val } from './evaluate.ts';
import { freeVars, integralKey, isIntDomain } from './evaluate.ts';
import { programOf } from './program.ts';

/** Most integrals kept; past them the store starts again (a few MB). */
const KEPT = 50_000;

interface Kept {
  readonly v: Val<number>;
  readonly steps: number;
  readonly lost: number;
  /** Its count of values of unknown magnitude (rangeUnknown, UNCERTAIN ZEROS in evaluate.ts). */
  readonly unknown: number;
}

const kept = new Map<string, Kept>();
/** Integrals read from the store and evaluated into it since the last setSharedIntegrals (tests). */
export const sharedIntegralCounts = { hits: 0, stored: 0 };

/** Test hooks: SHARED INTEGRALS on (the default) or off; a planted key without the variables' declarations. */
let enabled = true;
let plantNoDeclarations = false;
export function setSharedIntegrals(on: boolean, plantNoDecl = false): void {
  enabled = on;
  plantNoDeclarations = plantNoDecl;
  kept.clear();
  sharedIntegralCounts.hits = 0;
  sharedIntegralCounts.stored = 0;
}

/**
 * The integral's value in doubles at env, from the store or from `evaluate` (then kept);
 * `evaluate` when the integral cannot be kept.
 */
export function sharedIntegral(expr: Extract<Expr, { kind: 'integral' }>, env: Env<number>, ctx: EvalContext, evaluate: () => Val<number>): Val<number> {
  const key = enabled ? keyOf(expr, env, ctx) : undefined;
  if (key === undefined) return evaluate();
  const hit = kept.get(key);
  const work = ctx.work;
  if (hit !== undefined && (work === undefined || work.left >= hit.steps)) {
    if (work !== undefined) work.left -= hit.steps;
    if (hit.lost > 0) ctx.rangeLost = (ctx.rangeLost ?? 0) + hit.lost;
    if (hit.unknown > 0) ctx.rangeUnknown = (ctx.rangeUnknown ?? 0) + hit.unknown;
    sharedIntegralCounts.hits++;
    return { x: hit.v.x, m: hit.v.m, e: hit.v.e };
  }
  const left = work?.left ?? 0;
  const lost = ctx.rangeLost ?? 0;
  const unknown = ctx.rangeUnknown ?? 0;
  const v = evaluate();
  if (kept.size >= KEPT) kept.clear();
  sharedIntegralCounts.stored++;
  kept.set(key, { v: { x: v.x, m: v.m, e: v.e }, steps: left - (work?.left ?? 0), lost: (ctx.rangeLost ?? 0) - lost, unknown: (ctx.rangeUnknown ?? 0) - unknown });
  return v;
}

/** The key of an integral at env (see the module header), or undefined when it is not kept. */
function keyOf(expr: Extract<Expr, { kind: 'integral' }>, env: Env<number>, ctx: EvalContext): string | undefined {
  if (programOf(expr) === undefined) return undefined;
  const s = structureOf(expr);
  if (s === undefined) return undefined;
  let key = `${s}|${ctx.infiniteDepth ?? 0}|${ctx.integralDepth ?? 0}|${ctx.noPlan ? 1 : 0}`;
  for (const fv of freeVars(expr)) {
    const name = fv.slice(2);
    if (fv.startsWith('i:')) {
      const i = env.idx.get(name);
      const x = i === undefined ? env.vars.get(integralKey(name)) : undefined;
      key += i !== undefined ? `|${fv}=${i}` : `|${fv}:${exact(x)}`;
    } else {
      const int = plantNoDeclarations ? '' : isIntDomain(ctx.vars.get(name)?.domain) ? 'Z' : 'R';
      key += `|${fv}${int}:${exact(env.vars.get(name))}`;
    }
  }
  return key;
}

/** A double written exactly (String round-trips a double), -0 apart from 0. */
function exact(x: number | undefined): string {
  return x === undefined ? '?' : Object.is(x, -0) ? '-0' : String(x);
}

const structures = new WeakMap<Expr, string | null>();

/** The tree spelled out, for the kinds a program covers and integral ends; undefined for any other. */
function structureOf(e: Expr): string | undefined {
  const c = structures.get(e);
  if (c !== undefined) return c ?? undefined;
  let s: string | undefined;
  switch (e.kind) {
    case 'num': s = `${e.num}/${e.den}`; break;
    case 'const': s = `#${e.name}`; break;
    case 'var': s = `v:${e.name}`; break;
    case 'index': s = `i:${e.name}`; break;
    case 'neg': s = join('neg', [e.arg]); break;
    case 'call': s = join(e.fn, [e.arg]); break;
    case 'binop': s = join(e.op, [e.left, e.right]); break;
    case 'integral': {
      const end = (b: Expr | 'inf' | '-inf' | undefined): string | undefined => (b === undefined ? '' : b === 'inf' || b === '-inf' ? b : structureOf(b));
      const lo = end(e.lo);
      const hi = end(e.hi);
      const body = structureOf(e.body);
      s = lo === undefined || hi === undefined || body === undefined ? undefined : `integral(${e.index};${lo};${hi};${body})`;
      break;
    }
    default: s = undefined;
  }
  structures.set(e, s ?? null);
  return s;
}

function join(head: string, args: readonly Expr[]): string | undefined {
  const parts: string[] = [];
  for (const a of args) {
    const s = structureOf(a);
    if (s === undefined) return undefined;
    parts.push(s);
  }
  return `${head}(${parts.join(',')})`;
}
