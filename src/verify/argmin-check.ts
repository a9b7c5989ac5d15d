/**
 * The cheap check of a claimed minimiser (or maximiser) of a real objective, used
 * by the property runs after the first few (properties.ts, ARGMIN POLICY): instead
 * of minimising the objective numerically (hundreds of evaluations), test the
 * claimed point x* directly (about 40 evaluations):
 *
 * 1. x* lies in the declared domain of the bound variable;
 * 2. g(x*) <= g(y) + tol for y = x* ± h·max(1, |x*|), h = 10^-1, 10^-2, 10^-3, and
 *    for RANDOM_POINTS points y drawn from the search grid of the domain (cells of
 *    evaluate.ts's searchGrid, positions from a PRNG seeded by the point, so the
 *    check is a deterministic function of the sample and replays exactly), with
 *    g = f for argmin and -f for argmax and tol = RTOL·max(|g(x*)|, |g(y)|,
 *    rounding scales) + ATOL;
 * 3. one Newton step from x*: x^ = x* − g'(x*)/g''(x*) (g' by Ridders, g'' by a
 *    central difference) estimates the true minimiser; the caller judges x^ = x*
 *    under the ordinary tolerance rule with the step's error estimate (Ridders
 *    spread / g'' plus the noise floor sqrt(2η/g'')) as method error, exactly as it
 *    judges a numerically minimised argmin.
 *
 * A failure of (1) or (2) is a concrete witness (a better point); a failure of (3)
 * says x* is not stationary. Where g'' <= 0 at x* or g is undefined there the
 * point is discarded (the full minimisation decides such points).
 */
import type { Domain, Expr } from '../proofs/ast.ts';
import { type EvalContext, type Env, type Val, EvalError, evaluate, searchGrid, unlessRangeLost } from './eval/evaluate.ts';
import { floatField } from './arith/field.ts';
import { inDomain } from './domains.ts';
import { ridders } from './eval/numeric.ts';

const U = 2 ** -53;

/**
 * Why the check could not judge a claimed minimiser (UNJUDGED in runner.ts: the claimed
 * point may well not be the minimiser there; a zero curvature hid a band where the
 * objective was flat but for two far dips, and a false claim was TESTED).
 */
export const ARGMIN_CHECK_UNDEFINED = 'argmin/argmax check: objective undefined at the claimed point';
export const ARGMIN_CHECK_CURVATURE = 'argmin/argmax check: curvature at the claimed point is not positive';
export const ARGMIN_CHECK_DERIVATIVE = 'argmin/argmax check: derivative undefined at the claimed point';
/** Random domain points compared against the claimed point. */
export const RANDOM_POINTS = 8;
/** Offsets (relative to max(1, |x*|)) of the neighbour points. */
const OFFSETS = [1e-1, 1e-2, 1e-3];

export type ClaimedMinimiserResult =
  | { kind: 'estimate'; value: Val<number> }
  | { kind: 'better'; y: number; gy: number; gx: number; tol: number; detail: string }
  | { kind: 'discard'; reason: string };

const grids = new WeakMap<Domain, number[]>();

/** A small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit hash of some doubles (the check's seed). */
export function hashNumbers(xs: readonly number[]): number {
  let h = 0x811c9dc5;
  const buf = new Float64Array(1);
  const bytes = new Uint8Array(buf.buffer);
  for (const x of xs) {
    buf[0] = x;
    for (const b of bytes) h = Math.imul(h ^ b, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Checks the claimed point `claimed` of `expr` (an argmin/argmax node) in `env`.
 * Throws EvalError only for a timeout; other evaluation problems are discards.
 */
export function checkClaimedMinimiser(
  expr: Extract<Expr, { kind: 'argmin' | 'argmax' }>,
  claimed: Val<number>,
  env: Env<number>,
  ctx: EvalContext,
  rtol: number,
  atol: number,
): ClaimedMinimiserResult {
  const decl = ctx.vars.get(expr.var);
  if (!decl) return { kind: 'discard', reason: `${expr.kind}: var ${expr.var} is not declared` };
  const xs = claimed.x;
  if (!Number.isFinite(xs)) return { kind: 'discard', reason: 'claimed minimiser is not finite' };
  const sign = expr.kind === 'argmin' ? 1 : -1;
  const what = expr.kind === 'argmin' ? 'lower' : 'higher';
  const vars = new Map(env.vars);
  const penv: Env<number> = { vars, idx: env.idx };
  const g = (x: number, candidate = true): { v: number; m: number } => {
    vars.set(expr.var, x);
    try {
      // a neighbour whose value went through an overflow is left out (unlessRangeLost); the claimed point's is kept
      const r = candidate ? unlessRangeLost(ctx, () => evaluate(expr.body, penv, ctx)) : evaluate(expr.body, penv, ctx);
      if (r === undefined) return { v: NaN, m: NaN };
      return { v: sign * r.x, m: r.m };
    } catch (err) {
      if (err instanceof EvalError && err.code === 'verify/timeout') throw err;
      return { v: NaN, m: NaN };
    }
  };
  if (!inDomain(decl.domain, xs)) {
    return { kind: 'better', y: NaN, gy: NaN, gx: NaN, tol: 0, detail: `the claimed ${expr.kind} ${xs} lies outside the domain of ${expr.var}` };
  }
  const gx = g(xs, false);
  if (!Number.isFinite(gx.v)) return { kind: 'discard', reason: ARGMIN_CHECK_UNDEFINED };
  const compare = (y: number): ClaimedMinimiserResult | undefined => {
    if (!inDomain(decl.domain, y)) return undefined;
    const gy = g(y);
    if (!Number.isFinite(gy.v)) return undefined;
    const tol = rtol * Math.max(Math.abs(gx.v), Math.abs(gy.v), gx.m, gy.m) + atol;
    if (gy.v < gx.v - tol) {
      return {
        kind: 'better', y, gy: sign * gy.v, gx: sign * gx.v, tol,
        detail: `the objective is ${what} at ${expr.var} = ${y} (${sign * gy.v}) than at the claimed ${expr.kind} ${xs} (${sign * gx.v}), beyond the tolerance ${tol.toPrecision(3)}`,
      };
    }
    return undefined;
  };
  const scale = Math.max(1, Math.abs(xs));
  for (const h of OFFSETS) {
    for (const y of [xs + h * scale, xs - h * scale]) {
      const r = compare(y);
      if (r) return r;
    }
  }
  if (decl.domain.kind === 'real') {
    let grid = grids.get(decl.domain);
    if (!grid) { grid = searchGrid(decl.domain, ctx); grids.set(decl.domain, grid); }
    const vals: number[] = [xs];
    for (const v of env.vars.values()) vals.push(v);
    for (const v of env.idx.values()) vals.push(Number(v));
    const rand = prng(hashNumbers(vals));
    for (let i = 0; i < RANDOM_POINTS && grid.length > 1; i++) {
      const c = Math.floor(rand() * (grid.length - 1));
      const y = grid[c]! + rand() * (grid[c + 1]! - grid[c]!);
      const r = compare(y);
      if (r) return r;
    }
  } else {
    // Finite domains: the full check is cheap (every point).
    for (const y of searchGrid(decl.domain, ctx)) {
      const r = compare(y);
      if (r) return r;
    }
    return { kind: 'estimate', value: { x: xs, m: Math.abs(xs), e: 0 } };
  }
  // Newton step from x*.
  const gv = (x: number) => g(x).v;
  // the step stays inside the domain: a maximum likelihood estimate p next to the end of
  // (0, 1) had no curvature at 1e-3, and its points went unjudged
  let h = 1e-3 * scale;
  while (h > 1e-300 && !(inDomain(decl.domain, xs + h) && inDomain(decl.domain, xs - h))) h /= 8;
  const gp = gv(xs + h);
  const gm = gv(xs - h);
  // the second difference must stand well above its rounding, which a small step leaves large
  const second = gp + gm - 2 * gx.v;
  const d2 = second / (h * h);
  if (!(Number.isFinite(d2) && second > 64 * U * Math.max(Math.abs(gp), Math.abs(gm), gx.m))) return { kind: 'discard', reason: ARGMIN_CHECK_CURVATURE };
  let first = Math.min(0.1 * scale, h * 10); // Ridders' first step, inside the domain too
  while (first > h && !(inDomain(decl.domain, xs + first) && inDomain(decl.domain, xs - first))) first /= 2;
  const d1 = ridders(floatField, gv, xs, 1, first);
  if (!Number.isFinite(d1.value)) return { kind: 'discard', reason: ARGMIN_CHECK_DERIVATIVE };
  const step = d1.value / d2;
  const noise = 4 * U * gx.m;
  const err = d1.err / d2 + 1e-3 * Math.abs(step) + Math.sqrt((2 * noise) / d2) + 1e-12 * scale;
  const x = xs - step;
  return { kind: 'estimate', value: { x, m: Math.abs(x), e: err } };
}
