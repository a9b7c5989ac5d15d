/**
 * The numeric witness's entry point: runs an item's property (properties.ts)
 * with fast-check, shrinks a failure to a small counterexample, re-confirms it at
 * higher precision, and returns the result as data. Deterministic given the seed;
 * every failure carries the seed and path that replay it (pass `path` back in).
 *
 * Verdicts: `passed` (every run within tolerance), `failed` (a counterexample),
 * `inconclusive` (too many discarded points, a time limit, or a malformed item).
 *
 * Float false alarms: a failing point is re-checked at once at higher precision
 * (confirm); when a higher-precision method exists and does NOT reproduce the
 * failure, the point is discarded like an undefined one, counted and reported
 * ("unconfirmed float failures: N"), and the run goes on. A failure with no
 * higher-precision method stays a (unconfirmed) failure, as before.
 */
import fc from 'fast-check';
import type { CalcDecl, ClaimDecl, Expr, VarDecl } from '../proofs/ast.ts';
import { EvalError, evalIn, freeVars, makeContext, type Env, type Val } from './eval/evaluate.ts';
import { ddField, floatField } from './arith/field.ts';
import { type DD, ddToNumber, ddSub } from './arith/doubledouble.ts';
import { ddCoefficient } from './confirm/confirm-coeff.ts';
import { inDomain } from './domains.ts';
import { ARGMIN_CHECK_CURVATURE, ARGMIN_CHECK_DERIVATIVE, ARGMIN_CHECK_UNDEFINED } from './argmin-check.ts';
import { exactEval, qAbs, qCmp, qMul, qSub, type Q } from './confirm/exact.ts';
import {
  buildProperty, claimedArgmin, judge, relationsOf, type ItemProperty, type Outcome, type Point, type Relation, type Sample,
  INFINITE, METHOD_TOO_LARGE, SCALE_NOT_FINITE, SWAMPED_REASON, UNDEFINED,
} from './properties.ts';

/** Options of one verification. */
export interface VerifyOptions {
  readonly seed: number;
  /** Property runs (default 1000). */
  readonly runs?: number;
  /**
   * Ignored: the witness is never bounded by the clock (same seed, same report).
   * Its work is bounded by `budget`; the caller's hard time limit stops a run that
   * overruns anyway, as an ERROR.
   */
  readonly timeoutMs?: number;
  /** Work budget in evaluation steps (default DEFAULT_BUDGET); reaching it ends the runs early, said explicitly. */
  readonly budget?: number;
  /** Replay path of an earlier failure (with the same seed). */
  readonly path?: string;
  /** When given, receives the evaluation steps spent (the bench's evaluations per second). */
  readonly stats?: { steps: number };
}

/** The outcome of numeric verification. */
export type NumericResult =
  | {
    status: 'passed'; runs: number; /** Distinct points among the runs (REUSE). */ points: number; discarded: number;
    /** Of the discarded points, those the witness could not judge where the claim may well be defined (UNJUDGED). */ unjudged: number;
    tolerance: string; /** Set when the work budget ended the runs early. */ incomplete?: string;
  }
  | {
    status: 'failed';
    counterexample: Record<string, number>;
    lhs: number;
    rhs: number;
    detail: string;
    seed: number;
    path: string;
    shrunk: boolean;
    /** True when a higher-precision re-check (exact or double-double) also fails. */
    confirmed: boolean;
    /** How the failure was re-checked, and what it found. */
    confirmation: string;
    /** The re-check's method: exact rationals confirm; double-double only reproduces. */
    confirmationMethod: Confirmation['method'];
  }
  | { status: 'inconclusive'; reason: string; runs: number; discarded: number };

/** The default number of property runs. */
export const DEFAULT_RUNS = 1000;


/** Property runs (in call order) that minimise argmin objectives numerically; later runs use the cheap check (properties.ts, ARGMIN POLICY). */
export const FULL_ARGMIN_RUNS = 25;

/** The discard reason of a coefficient failure that the full radius ladder does not reproduce. */
const NOT_REPRODUCED = 'coefficient failure not reproduced by the full Cauchy ladder';
/** A failure whose higher-precision re-check could not judge the point (it overflowed, or a side has no value there). */
const RECHECK_UNJUDGED = 'a failure whose re-check could not judge the point';

/** Runs f with the coefficient plans disabled. */
function withoutPlans<R>(ctx: { noPlan?: boolean }, f: () => R): R {
  const saved = ctx.noPlan;
  ctx.noPlan = true;
  try {
    return f();
  } finally {
    ctx.noPlan = saved;
  }
}

/** The discard reason of a point where an intermediate left the double range (ctx.rangeLost: an overflow, n! past 170, an underflow the method cannot carry). */
const OUT_OF_RANGE = 'an intermediate result left the double range';

/**
 * UNJUDGED: discard reasons that say the witness could not judge a point where the
 * claim may well be defined (an overflow, a value too inaccurate or swamped by its
 * rounding), unlike a point outside a side's domain (NaN). Many such points leave a
 * region unchecked, and merge.ts then does not grade TESTED.
 */
const UNJUDGED = new Set<string>([
  OUT_OF_RANGE, INFINITE, METHOD_TOO_LARGE, SWAMPED_REASON, SCALE_NOT_FINITE, RECHECK_UNJUDGED,
  'verify/underflow', 'verify/out-of-range', 'verify/integral-inaccurate', 'verify/integral-unseen', 'verify/cauchy-inconsistent', 'verify/sources-unbounded',
  // a method that gave up where the claim may well be defined (a red-team pass got claims false
  // only there TESTED): a sum not summed within its terms (1 - 10^-5)^n, an integral the rule calls
  // divergent ((1 + x^2)^(-y/2) for y < 1.45, x^(-y) on (0, 1) for y > 0.8), a size limit
  // (stirling1(n, n) past n = 400), an argmin not found or a claimed one not checkable
  'verify/series-diverges', 'verify/integral-diverges', 'verify/too-large', 'verify/argmin-failed',
  ARGMIN_CHECK_UNDEFINED, ARGMIN_CHECK_CURVATURE, ARGMIN_CHECK_DERIVATIVE,
]);

/** The discard reason of a float failure not reproduced at higher precision. */
const UNCONFIRMED = 'unconfirmed float failure';

/**
 * Default work budget of one item's witness, in evaluation steps (expression nodes
 * evaluated, in any arithmetic). Deterministic: the same on every machine.
 */
export const DEFAULT_BUDGET = 40_000_000;

/** Work budget of one higher-precision re-check of a failure. */
const CONFIRM_BUDGET = 5_000_000;

/**
 * Checks a claim or calc numerically at random points of its domains. Never
 * throws for problems in the item (they make the result inconclusive).
 */
export function verifyItem(item: ClaimDecl | CalcDecl, program: { vars: ReadonlyMap<string, VarDecl> }, opts: VerifyOptions): NumericResult {
  const runs = opts.runs ?? DEFAULT_RUNS;
  const budget = opts.budget ?? DEFAULT_BUDGET;
  const ctx = makeContext(program.vars);
  ctx.work = { left: budget };
  let completed = 0;
  let prop: ItemProperty;
  try {
    prop = buildProperty(item, ctx);
  } catch (err) {
    if (err instanceof EvalError) return { status: 'inconclusive', reason: err.message, runs: 0, discarded: 0 };
    throw err;
  }
  const reasons = new Map<string, number>();
  let ties = 0;
  let firstTie = '';
  let calls = 0;
  let unconfirmed = 0;
  let firstUnconfirmed = '';
  const confirmations = new Map<string, Confirmation>();
  /**
   * The check with the full Cauchy ladder (no jets, no plans). Where the body has
   * no Cauchy integral (an integral over the reals: Cauchy reports
   * verify/unsupported), the jets are the only method, and their outcome stands
   * (a failure then has no exact confirmation, so it is never REFUTED).
   */
  const fullLadder = (s: Sample, mode: 'full' | 'cheap', first?: Outcome): Outcome => {
    const again = withoutPlans(ctx, () => prop.check(s, mode));
    if (again.kind === 'discard' && again.reason === 'verify/unsupported') return first ?? prop.check(s, mode);
    return again;
  };
  /**
   * REUSE: the outcomes of the points already checked, by pointKey (every index and
   * var exactly, and the check mode where it matters). The check depends only on
   * the point (a Cauchy plan may change how a coefficient is computed, never what a
   * failure is: failures are re-run on the full ladder), so a repeated point (a
   * claim with no variables, a small index range drawn 1000 times, the generators'
   * favourite values 0 and +-1, shrinking) reuses its first outcome and spends no
   * work budget; every run is still counted and judged as before.
   */
  const seen = new Map<string, { outcome: Outcome; rangeLost: number }>();
  const predicate = (s: Sample): boolean => {
    if (ctx.exhausted) return true; // budget spent: the remaining runs are not evaluated (reported as incomplete)
    // ARGMIN POLICY (properties.ts): numeric minimisation for the first runs only.
    const mode = calls++ < FULL_ARGMIN_RUNS ? 'full' : 'cheap';
    const point = resolvedPoint(prop, s);
    const key = point === undefined ? undefined : pointKey(prop.hasCheapMode ? mode : '', point);
    const hit = key === undefined ? undefined : seen.get(key);
    let o: Outcome;
    if (hit) {
      o = hit.outcome;
      ctx.rangeLost = hit.rangeLost;
    } else {
      ctx.rangeLost = 0;
      o = point === undefined ? prop.check(s, mode) : prop.checkAt(point, mode);
      if (ctx.exhausted) return true;
      if (key !== undefined) seen.set(key, { outcome: o, rangeLost: ctx.rangeLost ?? 0 });
    }
    if ((ctx.rangeLost ?? 0) > 0 && (o.kind !== 'discard' || o.reason === INFINITE || !UNJUDGED.has(o.reason))) {
      // Doubles lost their meaning at this point (an intermediate overflowed: an
      // infinity can come back as 0, 1/exp(800) * ..., or as NaN, inf/inf): neither a
      // failure nor a pass nor an undefined value here is evidence, nor any other
      // reason to discard it (an integral whose sums overflowed "diverges", an argmin
      // whose every candidate overflowed "failed": a red-team pass got claims false
      // only there TESTED). Discard and count (UNJUDGED). (An underflow carries an
      // absolute error instead: UNDERFLOW in evaluate.ts.)
      reasons.set(OUT_OF_RANGE, (reasons.get(OUT_OF_RANGE) ?? 0) + 1);
      fc.pre(false);
    }
    if (o.kind === 'ok' && o.tie) {
      ties++;
      if (!firstTie) {
        const point = prop.resolve(s);
        if (typeof point !== 'string') firstTie = JSON.stringify({ ...point.idx, ...point.vars });
      }
    }
    if (o.kind === 'discard') {
      reasons.set(o.reason, (reasons.get(o.reason) ?? 0) + 1);
      fc.pre(false);
    }
    if (o.kind === 'fail') {
      // Coefficients come from Taylor jets (taylor.ts) and per-body Cauchy plans
      // (history-dependent): a failure counts only when the full Cauchy radius
      // ladder (no jets, no plan) reproduces it, so a jet is never the only
      // evidence of a failure, and shrinking and replay agree.
      const again = fullLadder(s, mode, o);
      if (again.kind !== 'fail') {
        // A ladder that could not judge the point (it overflowed on its circles, or no two
        // radii agreed) is no evidence that the failure was a false alarm: the point is
        // unjudged (exp(e^125 t) and its coefficients at y = 250: a red-team pass got a
        // claim false there TESTED).
        const unjudged = (ctx.rangeLost ?? 0) > 0 || (again.kind === 'discard' && UNJUDGED.has(again.reason));
        const reason = unjudged ? RECHECK_UNJUDGED : NOT_REPRODUCED;
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
        fc.pre(false);
      }
    }
    if (o.kind === 'fail') {
      // A float failure that a higher-precision re-check does not reproduce is a
      // false alarm (overflow, cancellation): discard the point, count it, go on.
      const point = prop.resolve(s);
      if (typeof point !== 'string') {
        const key = JSON.stringify([point.idx, point.vars, o.relation]);
        let conf = confirmations.get(key);
        if (!conf) {
          conf = confirm(item, program, point, o.relation, o);
          confirmations.set(key, conf);
        }
        if (!conf.confirmed && conf.unjudged) {
          reasons.set(RECHECK_UNJUDGED, (reasons.get(RECHECK_UNJUDGED) ?? 0) + 1);
          fc.pre(false);
        }
        if (!conf.confirmed && conf.method !== 'none') {
          unconfirmed++;
          if (!firstUnconfirmed) firstUnconfirmed = ` (first at ${JSON.stringify({ ...point.idx, ...point.vars })}: ${conf.detail})`;
          reasons.set(UNCONFIRMED, (reasons.get(UNCONFIRMED) ?? 0) + 1);
          fc.pre(false);
        }
      }
    }
    if (o.kind === 'ok') completed++;
    return o.kind === 'ok';
  };
  const params: fc.Parameters<[Sample]> = {
    seed: opts.seed,
    numRuns: runs,
    maxSkipsPerRun: 1,
    examples: prop.examples.slice(0, runs).map((e) => [e] as [Sample]),
    ...(opts.path !== undefined ? { path: opts.path } : {}),
  };
  // A discarded point throws (fast-check's PreconditionFailure), hundreds of times per
  // claim; no stack trace of an error thrown in here is ever shown (a crash report
  // carries the message), so none is captured.
  const traces = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let details: ReturnType<typeof fc.check<[Sample]>>;
  try {
    details = fc.check(fc.property(prop.arbitrary, predicate), params);
  } finally {
    Error.stackTraceLimit = traces;
  }
  if (opts.stats) opts.stats.steps = budget - Math.max(0, ctx.work.left);
  const topReasons = () => [...reasons.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([r, c]) => `${r} (${c})`).join(', ');

  if (details.failed && details.counterexample) {
    const sample = details.counterexample[0];
    // The budget may have run out during shrinking: re-check with a fresh one.
    ctx.work = { left: budget };
    ctx.exhausted = false;
    let outcome: Outcome;
    try {
      outcome = fullLadder(sample, 'full');
    } catch (err) {
      return { status: 'inconclusive', reason: `numeric witness error: ${(err as Error).message}`, runs: details.numRuns, discarded: details.numSkips };
    }
    if (outcome.kind !== 'fail') {
      return { status: 'inconclusive', reason: `a failure did not reproduce (${outcome.kind})`, runs: details.numRuns, discarded: details.numSkips };
    }
    const point = prop.resolve(sample);
    if (typeof point === 'string') return { status: 'inconclusive', reason: point, runs: details.numRuns, discarded: details.numSkips };
    const conf = confirm(item, program, point, outcome.relation, outcome);
    return {
      status: 'failed',
      counterexample: { ...point.idx, ...point.vars },
      lhs: outcome.lhs,
      rhs: outcome.rhs,
      detail: outcome.detail,
      seed: details.seed,
      path: details.counterexamplePath ?? '',
      shrunk: details.numShrinks > 0,
      confirmed: conf.confirmed,
      confirmation: conf.detail,
      confirmationMethod: conf.method,
    };
  }
  if (details.failed) {
    return {
      status: 'inconclusive',
      reason: `too many discarded points: ${details.numSkips} discarded for ${details.numRuns} valid runs (${topReasons()})${unconfirmed > 0 ? `; unconfirmed float failures: ${unconfirmed}${firstUnconfirmed}` : ''}`,
      runs: details.numRuns,
      discarded: details.numSkips,
    };
  }
  const incomplete = ctx.exhausted ? `witness incomplete: ${completed} of ${runs} runs (work budget of ${budget} evaluation steps reached)` : undefined;
  if (incomplete && completed < Math.min(runs, 100)) {
    return { status: 'inconclusive', reason: incomplete, runs: completed, discarded: details.numSkips };
  }
  if (ties > 0) {
    // A tie is evidence of equality, never of a strict relation: a candidate counterexample.
    return {
      status: 'inconclusive',
      reason: `candidate counterexample: the two sides tie within the tolerance at ${firstTie} (${ties} of ${details.numRuns} points); sampling cannot establish a strict relation or != there`,
      runs: details.numRuns,
      discarded: details.numSkips,
    };
  }
  const continuum = disequalityOverContinuum(item, program);
  if (continuum) {
    return {
      status: 'inconclusive',
      reason: `${details.numRuns} points had different sides, but sampling cannot support != over a continuum (${continuum} is real): random points never land on the set where the sides meet`,
      runs: details.numRuns,
      discarded: details.numSkips,
    };
  }
  let note = '';
  if (unconfirmed > 0) note += `; unconfirmed float failures: ${unconfirmed} (not reproduced at higher precision; discarded)${firstUnconfirmed}`;
  const outOfRange = reasons.get(OUT_OF_RANGE) ?? 0;
  if (outOfRange > 0) note += `; ${outOfRange} points discarded where an intermediate result left the double range`;
  // SLOW SUMS: the evidence includes tails read from a summand's continuous extension
  if ((ctx.slowTails ?? 0) > 0) note += '; tails of slowly converging sums estimated by Euler-Maclaurin or Euler-Boole';
  const points = [...seen.values()].filter((v) => v.outcome.kind === 'ok' && v.rangeLost === 0).length;
  let unjudged = 0;
  for (const [reason, count] of reasons) if (UNJUDGED.has(reason)) unjudged += count;
  return { status: 'passed', runs: incomplete ? completed : details.numRuns, points, discarded: details.numSkips, unjudged, tolerance: prop.toleranceText + note, ...(incomplete ? { incomplete } : {}) };
}

/**
 * The memo key of a resolved point: every index and var by name and value, numbers
 * written exactly (String(x) round-trips a double), -0 apart from 0.
 */
export function pointKey(mode: string, point: { idx: Record<string, number>; vars: Record<string, number> }): string {
  let key = mode;
  for (const [k, v] of Object.entries(point.idx)) key += `|${k}=${v}`;
  for (const [k, v] of Object.entries(point.vars)) key += `|${k}:${Object.is(v, -0) ? '-0' : v}`;
  return key;
}

/** The point of a sample, or undefined when it does not resolve to one (then `check` discards it). */
function resolvedPoint(prop: ItemProperty, s: Sample): Point | undefined {
  try {
    const point = prop.resolve(s);
    return typeof point === 'string' ? undefined : point;
  } catch {
    return undefined;
  }
}

/** The outcome of re-checking a failure at higher precision. */
export interface Confirmation {
  readonly confirmed: boolean;
  readonly method: 'exact' | 'double-double' | 'none';
  readonly detail: string;
  /** The re-check has no value for a side (an overflow or NaN in double-double): the point is not judged, rather than the failure a false alarm. */
  readonly unjudged?: boolean;
}

/**
 * Re-checks relation `relation` of an item at a point at higher precision: exactly
 * with bigint rationals when every value is rational (+ - * / integer powers,
 * factorials, finite sums), otherwise in double-double arithmetic (about 32
 * digits) against the same tolerance rule. Coefficients and series are recomputed
 * in complex double-double on circles chosen for that precision (confirm-coeff.ts).
 * A claimed argmin/argmax x* is re-checked by evaluating the objective in
 * double-double at x* and at the better point the float check found (`failure`'s
 * other side): confirmed when the better point is in the domain and beats x* by
 * more than the double-double rounding bound. Valuations have no higher-precision
 * method: such failures are reported unconfirmed.
 */
export function confirm(
  item: ClaimDecl | CalcDecl,
  program: { vars: ReadonlyMap<string, VarDecl> },
  point: { idx: Record<string, number>; vars: Record<string, number> },
  relation: number,
  failure?: { readonly lhs: number; readonly rhs: number },
): Confirmation {
  const rel = relationsOf(item)[relation];
  if (!rel) return { confirmed: false, method: 'none', detail: `no relation ${relation}` };
  const vars = new Map(Object.entries(point.vars));
  const idx = new Map(Object.entries(point.idx).map(([k, v]) => [k, BigInt(v)] as const));
  const ctx = makeContext(program.vars);
  ctx.work = { left: CONFIRM_BUDGET };
  ctx.ddCoefficient = ddCoefficient;
  const arg = claimedArgmin(rel, ctx);
  if (arg && failure) {
    try {
      return confirmArgmin(arg, rel, vars, idx, ctx, failure);
    } catch (err) {
      if (err instanceof EvalError) return { confirmed: false, method: 'none', detail: `no higher-precision method: ${err.message}` };
      throw err;
    }
  }

  const el = exactEval(rel.left, vars, idx);
  const er = exactEval(rel.right, vars, idx);
  const et = rel.tolerance ? exactEval(rel.tolerance, vars, idx) : undefined;
  if (typeof el === 'object' && typeof er === 'object' && (et === undefined || typeof et === 'object')) {
    const c = qCmp(el, er);
    let violated: boolean;
    switch (rel.op) {
      case '=': violated = c !== 0; break;
      case '!=': violated = c === 0; break;
      case '<': violated = c >= 0; break;
      case '<=': violated = c > 0; break;
      case '>': violated = c <= 0; break;
      case '>=': violated = c < 0; break;
      case '≈': {
        const t = et as Q;
        const allowed = rel.relative ? qMul(t, qAbs(er)) : t;
        violated = qCmp(qAbs(qSub(el, er)), allowed) > 0;
        break;
      }
    }
    return { confirmed: violated, method: 'exact', detail: `exact rationals: lhs = ${qText(el)}, rhs = ${qText(er)} (${violated ? 'violated' : 'holds exactly: the float failure was rounding'})` };
  }
  try {
    const env: Env<DD> = { vars: new Map([...vars].map(([k, v]) => [k, ddField.fromNumber(v)])), idx };
    const fenv: Env<number> = { vars: new Map(vars), idx: new Map(idx) };
    const ddVal = (e: Expr): Val<number> => {
      const v = evalIn(ddField, e, env, ctx);
      const fv = evalIn(floatField, e, fenv, ctx);
      // The double-double value with the double run's rounding scale (a bound on
      // intermediate magnitudes) and a tiny method error.
      return { x: ddToNumber(v.x), m: fv.m, e: v.e };
    };
    const l = ddVal(rel.left);
    const r = ddVal(rel.right);
    const tol = rel.tolerance ? ddToNumber(evalIn(ddField, rel.tolerance, env, ctx).x) : 0;
    if (!Number.isFinite(l.x) || !Number.isFinite(r.x)) return { confirmed: false, method: 'double-double', detail: 'double-double: a side is undefined at this point', unjudged: true };
    const j = judge(rel, l, r, tol);
    return { confirmed: j.verdict === 'fail', method: 'double-double', detail: `double-double: lhs = ${l.x}, rhs = ${r.x} (${j.verdict === 'fail' ? 'violated' : 'not violated at higher precision'})` };
  } catch (err) {
    if (err instanceof EvalError) return { confirmed: false, method: 'none', detail: `no higher-precision method: ${err.message}` };
    throw err;
  }
}

/** Double-double re-check of a claimed minimiser against the better point of a float failure. */
function confirmArgmin(
  arg: NonNullable<ReturnType<typeof claimedArgmin>>,
  rel: Relation,
  vars: Map<string, number>,
  idx: Map<string, bigint>,
  ctx: ReturnType<typeof makeContext>,
  failure: { readonly lhs: number; readonly rhs: number },
): Confirmation {
  const claimedExpr = arg.claimedSide === 'left' ? rel.left : rel.right;
  const fenv: Env<number> = { vars: new Map(vars), idx: new Map(idx) };
  const denv: Env<DD> = { vars: new Map([...vars].map(([k, v]) => [k, ddField.fromNumber(v)])), idx: new Map(idx) };
  const xsF = evalIn(floatField, claimedExpr, fenv, ctx).x;
  const xsD = evalIn(ddField, claimedExpr, denv, ctx).x;
  const y = Math.abs(failure.lhs - xsF) >= Math.abs(failure.rhs - xsF) ? failure.lhs : failure.rhs;
  const decl = ctx.vars.get(arg.node.var);
  if (!decl || !Number.isFinite(y) || !inDomain(decl.domain, y) || y === xsF) {
    return { confirmed: false, method: 'none', detail: `no better point to re-check the claimed ${arg.node.kind} against` };
  }
  const sign = arg.node.kind === 'argmin' ? 1 : -1;
  const at = (x: DD, xf: number) => {
    denv.vars.set(arg.node.var, x);
    fenv.vars.set(arg.node.var, xf);
    return { v: evalIn(ddField, arg.node.body, denv, ctx).x, m: evalIn(floatField, arg.node.body, fenv, ctx).m };
  };
  const fx = at(xsD, xsF);
  const fy = at(ddField.fromNumber(y), y);
  const gap = sign * ddToNumber(ddSub(fx.v, fy.v));
  const bound = 1e-28 * Math.max(fx.m, fy.m, 1e-300);
  if (!Number.isFinite(gap)) return { confirmed: false, method: 'double-double', detail: 'double-double: the objective is undefined at the claimed or the better point', unjudged: true };
  const confirmed = gap > bound;
  return {
    confirmed,
    // not beaten: the float minimiser returned a point no better than the claimed one, so
    // its search failed here; that says nothing of the claim (two narrow dips far off hid
    // the minimum from it, and a false claim was TESTED): the point is not judged
    ...(confirmed ? {} : { unjudged: true }),
    method: 'double-double',
    detail: `double-double: objective at the claimed ${arg.node.kind} ${xsF} is ${ddToNumber(fx.v)}, at ${arg.node.var} = ${y} it is ${ddToNumber(fy.v)} (${confirmed ? `the claimed point is beaten by ${gap.toPrecision(3)}` : 'the claimed point is not beaten beyond the rounding bound'})`,
  };
}

function qText(a: Q): string {
  const s = a.d === 1n ? `${a.n}` : `${a.n}/${a.d}`;
  return s.length > 60 ? `${s.slice(0, 28)}...${s.slice(-28)}` : s;
}

/** The first real variable of a `!=` relation of the item, if any (sampling cannot support != there). */
function disequalityOverContinuum(item: ClaimDecl | CalcDecl, program: { vars: ReadonlyMap<string, VarDecl> }): string | undefined {
  for (const rel of relationsOf(item)) {
    if (rel.op !== '!=') continue;
    for (const key of [...freeVars(rel.left), ...freeVars(rel.right)]) {
      if (!key.startsWith('v:')) continue;
      const name = key.slice(2);
      if (program.vars.get(name)?.domain.kind === 'real') return name;
    }
  }
  return undefined;
}
