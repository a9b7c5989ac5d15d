/**
 * One fast-check property per claim or calc: the sample space (quantifier indices
 * and the free declared vars), and the check of every relation at a sample.
 *
 * TOLERANCE RULES (the numeric witness's policy; `l`, `r` are the two sides, `sL`,
 * `sR` their rounding scales and `eL`, `eR` their method error estimates, see
 * evaluate.ts):
 *
 *   tol = 1e-9 · max(|l|, |r|, sL, sR) + 10 · (eL + eR) + 1e-12
 *
 * - `=`  fails when |l − r| > tol.
 * - `<=` fails when l − r > tol (`>=` symmetrically): a violation must exceed the
 *   tolerance to count.
 * - `<`  fails when l − r > tol; when |l − r| <= tol strictness cannot be decided
 *   in floating point: the point is a tie (`>` symmetrically). A tie satisfies
 *   the non-strict relation; ties are counted and reported, and a claim whose
 *   points (nearly) all tie is inconclusive (runner.ts), so `x < x` never passes.
 * - `!=` fails when l and r are the same double; within tol it is a tie.
 * - `≈`  (approx) fails when |l − r| > tol_stated + 10 · (eL + eR) + 2^-50 · max(sL, sR);
 *   relative tolerances are relative to |r| (the reference side). The detail
 *   reports the absolute and the relative difference.
 *
 * A sample is discarded (fc.pre, counted) when a side is undefined or infinite
 * (NaN, log of a negative, overflow), when evaluation fails (a divergent series,
 * no interior minimum, inconsistent Cauchy radii), when the method error estimate
 * is too large to judge (eL + eR > 1e-6 · max(1, |l|, |r|)), when a relation other
 * than ≈ holds with 1e-9 · max(sL, sR) above 1e-3 of the larger side and above
 * 1e-6 (SWAMPED, SWAMP_REL and SWAMP_ABS), or for an empty quantifier range. The runner reports INCONCLUSIVE when discards exceed
 * the requested runs.
 *
 * ARGMIN POLICY. A relation `argmin(v, f) = x*` (or argmax, either side; v with a
 * real interval domain) is checked in one of two modes (CheckMode), chosen by the
 * runner: the first FULL_ARGMIN_RUNS property runs (runner.ts) are 'full': f is
 * minimised numerically (grid, golden section, Newton; evaluate.ts) and the
 * minimiser is judged against x* as an ordinary `=`; every later run is 'cheap':
 * x* itself is tested (argmin-check.ts): it must lie in the domain, f(x*) must not
 * exceed f(y) beyond the tolerance for y = x* ± 10^-1,-2,-3 and for random domain
 * points y (seeded by the point: deterministic, so shrinking and --path replay see
 * the same check), and one Newton step x^ = x* − f'/f'' from x* is judged against
 * x* as `=` with its error estimate as method error. 'full' also runs the cheap
 * check, so a replayed counterexample fails in 'full' mode whenever it failed in
 * 'cheap' mode. Both are sound for testing: a failure shows a better point or a
 * non-stationary x*.
 *
 * Quantifier indices are drawn as raw 31-bit integers mapped onto lo..hi at check
 * time (bounds may depend on earlier indices); shrinking moves them to lo. When
 * the index space is tiny every tuple is also run as an explicit example.
 */
import fc from 'fast-check';
import type { CalcDecl, ClaimDecl, Expr, RelOp, VarDecl } from '../proofs/ast.ts';
import { EvalError, type EvalContext, type Env, type Val, evaluate, freeVars, gaveUp, intValue, seriesCoefficients } from './eval/evaluate.ts';
import { floatField } from './arith/field.ts';
import { domainArbitrary, intervalOf, constantValue } from './domains.ts';
import { checkClaimedMinimiser } from './argmin-check.ts';

/** Relative part of the tolerance. */
export const RTOL = 1e-9;
/** Absolute floor of the tolerance. */
export const ATOL = 1e-12;
/** Multiplier of the method error estimates. */
export const METHOD_FACTOR = 10;
/** Method error (relative to max(1, |l|, |r|)) above which a point is discarded. */
export const UNRELIABLE = 1e-6;
/**
 * SWAMPED. A pass is evidence at the level of its tolerance, and no better: a
 * relation that holds with the rounding part of its tolerance (1e-9 of the rounding
 * scale) looser than SWAMP_REL of the larger side (and than SWAMP_ABS) says little.
 * (Method errors have their own bound, UNRELIABLE.) At (10^20 + sin(y/n)) - 10^20 the rounding
 * scale is 10^20, the tolerance 10^11, and "= 5 + atan(y)" passed at every point;
 * near a pole (gamma(y) (y + 3) at y = -3 + 10^-7) or through a power
 * ((1 + w/10^6)^1000)^1000 the tolerance grows with the condition number to 1% or
 * 0.1%, and claims off by that much passed; an offset on both sides (10^14 K) hid
 * the cancellation from a rule that compared the tolerance with the sides
 * themselves. Such a point is discarded and counted (UNJUDGED in runner.ts), never a
 * pass. Below SWAMP_ABS the tolerance is read as absolute (an identity to 0 such as
 * sin^2 + cos^2 - 1 = 0 passes with 3e-9).
 */
export const SWAMP_ABS = 1e-6;
export const SWAMP_REL = 1e-3;

/** Discard reasons: a side is NaN (outside its domain), or infinite (an overflow, or a pole). */
export const UNDEFINED = 'undefined value';
export const INFINITE = 'infinite value (an overflow or a pole)';
/** Discard reasons of points the witness could not judge although the claim may be defined there (runner.ts, unjudged). */
export const SWAMPED_REASON = 'the tolerance exceeds both sides (cancellation: SWAMPED)';
export const SCALE_NOT_FINITE = 'rounding scale not finite (FIRST ORDER in evaluate.ts)';
export const METHOD_TOO_LARGE = 'numeric method error too large';

/** The tolerance rule as a sentence (reported with a pass). */
export const TOLERANCE_TEXT = `|l - r| <= ${RTOL}*max(|l|, |r|, rounding scale) + ${METHOD_FACTOR}*(method error) + ${ATOL}`;

/** One relation to check: left op right, labelled for messages. */
export interface Relation {
  readonly op: RelOp | '≈';
  readonly left: Expr;
  readonly right: Expr;
  readonly label: string;
  /** For ≈: the stated tolerance and whether it is relative. */
  readonly tolerance?: Expr;
  readonly relative?: boolean;
}

/** A raw sample: one 31-bit integer per quantifier, one value per free var. */
export type Sample = readonly [readonly number[], readonly number[]];

/** Index and var values of a sample, resolved. */
export interface Point {
  readonly idx: Record<string, number>;
  readonly vars: Record<string, number>;
}

/** The verdict at one sample. */
export type Outcome =
  | { readonly kind: 'ok'; readonly tie?: boolean }
  | { readonly kind: 'discard'; readonly reason: string }
  | { readonly kind: 'fail'; readonly relation: number; readonly label: string; readonly op: string; readonly lhs: number; readonly rhs: number; readonly tol: number; readonly detail: string };

/** What kind of claim an item is (for reports). */
export type ItemKind = 'identity' | 'inequality' | 'coefficient' | 'derivative' | 'argmin' | 'approx' | 'calc';

/** A property ready for fc.check. */
export interface ItemProperty {
  readonly kind: ItemKind;
  readonly relations: readonly Relation[];
  readonly varNames: readonly string[];
  readonly arbitrary: fc.Arbitrary<Sample>;
  /** Explicit examples (every index tuple when the index space is tiny). */
  readonly examples: Sample[];
  /** Resolves a sample to index and var values, or a discard reason. */
  resolve(sample: Sample): Point | string;
  /** Checks every relation at a sample ('full' by default; see ARGMIN POLICY). */
  check(sample: Sample, mode?: CheckMode): Outcome;
  /** check at a sample already resolved to a point. */
  checkAt(point: Point, mode?: CheckMode): Outcome;
  /** True when some relation is checked differently in 'cheap' mode (a claimed argmin/argmax). */
  readonly hasCheapMode: boolean;
  /** The tolerance policy in words. */
  readonly toleranceText: string;
}

/** How a sample is checked: 'full' minimises argmin objectives numerically (and also runs the cheap check); 'cheap' only checks the claimed point. */
export type CheckMode = 'full' | 'cheap';

/** The argmin side of a relation `argmin(...) = x*` (or `x* = argmin(...)`) eligible for the cheap check. */
export function claimedArgmin(rel: Relation, ctx: EvalContext): { node: Extract<Expr, { kind: 'argmin' | 'argmax' }>; claimedSide: 'left' | 'right' } | undefined {
  if (rel.op !== '=') return undefined;
  const isArg = (e: Expr) => (e.kind === 'argmin' || e.kind === 'argmax') && ctx.vars.get(e.var)?.domain.kind === 'real';
  const argKinds = new Set(['argmin', 'argmax']);
  if (isArg(rel.left) && !contains(rel.right, argKinds)) return { node: rel.left as Extract<Expr, { kind: 'argmin' | 'argmax' }>, claimedSide: 'right' };
  if (isArg(rel.right) && !contains(rel.left, argKinds)) return { node: rel.right as Extract<Expr, { kind: 'argmin' | 'argmax' }>, claimedSide: 'left' };
  return undefined;
}

const RAW = 2 ** 31;

/** The relations of an item: a chain's adjacent pairs, an approx, or a calc's steps. */
export function relationsOf(item: ClaimDecl | CalcDecl): Relation[] {
  if (item.kind === 'calc') {
    const out: Relation[] = [];
    let prev = item.first;
    item.steps.forEach((s, i) => {
      out.push({ op: s.op, left: prev, right: s.expr, label: `step ${i + 1}` });
      prev = s.expr;
    });
    return out;
  }
  const f = item.formula;
  if (f.kind === 'approx') return [{ op: '≈', left: f.left, right: f.right, label: 'approx', tolerance: f.tolerance, relative: f.relative }];
  return f.ops.map((op, i) => ({ op, left: f.terms[i]!, right: f.terms[i + 1]!, label: f.ops.length > 1 ? `relation ${i + 1}` : 'relation' }));
}

function contains(e: Expr, kinds: ReadonlySet<string>): boolean {
  if (kinds.has(e.kind)) return true;
  switch (e.kind) {
    case 'neg': case 'call': case 'factorial': return contains(e.arg, kinds);
    case 'binop': return contains(e.left, kinds) || contains(e.right, kinds);
    case 'binomial': case 'stirling1': return contains(e.n, kinds) || contains(e.k, kinds);
    case 'sum': case 'prod': return contains(e.body, kinds);
    case 'deriv': case 'coeff': case 'series': case 'val': case 'argmin': case 'argmax': return contains(e.body, kinds);
    default: return false;
  }
}

/** Classifies an item for reports. */
export function kindOf(item: ClaimDecl | CalcDecl): ItemKind {
  if (item.kind === 'calc') return 'calc';
  if (item.formula.kind === 'approx') return 'approx';
  const rels = relationsOf(item);
  const exprs = rels.flatMap((r) => [r.left, r.right]);
  const has = (...k: string[]) => exprs.some((e) => contains(e, new Set(k)));
  if (has('argmin', 'argmax')) return 'argmin';
  if (has('coeff', 'series', 'val')) return 'coefficient';
  if (has('deriv')) return 'derivative';
  return rels.every((r) => r.op === '=') ? 'identity' : 'inequality';
}

/** Free declared vars of the item, sorted. */
function itemVars(item: ClaimDecl | CalcDecl, rels: readonly Relation[]): string[] {
  const names = new Set<string>();
  const addFrom = (e: Expr) => { for (const f of freeVars(e)) if (f.startsWith('v:')) names.add(f.slice(2)); };
  for (const r of rels) { addFrom(r.left); addFrom(r.right); if (r.tolerance) addFrom(r.tolerance); }
  for (const q of item.quantifiers) { addFrom(q.lo); addFrom(q.hi); }
  return [...names].sort();
}

/** A typical value of a domain (for the examples that enumerate index tuples). */
function typical(decl: VarDecl): number {
  const d = decl.domain;
  if (d.kind === 'set') return constantValue(d.values[0]!);
  if (d.kind === 'int') return constantValue(d.lo);
  const iv = intervalOf(d);
  if (Number.isFinite(iv.lo) && Number.isFinite(iv.hi)) return (iv.lo + iv.hi) / 2;
  if (Number.isFinite(iv.lo)) return iv.lo + 1;
  if (Number.isFinite(iv.hi)) return iv.hi - 1;
  return 0.5;
}

const MAX_ENUMERATED = 64;

/**
 * Builds the property of an item. Throws EvalError when a var is undeclared or a
 * domain is malformed.
 */
export function buildProperty(item: ClaimDecl | CalcDecl, ctx: EvalContext): ItemProperty {
  const relations = relationsOf(item);
  const varNames = itemVars(item, relations);
  const decls = varNames.map((n) => {
    const d = ctx.vars.get(n);
    if (!d) throw new EvalError('verify/unbound', `var ${n} is not declared`);
    return d;
  });
  const quants = item.quantifiers;
  const arbitrary: fc.Arbitrary<Sample> = fc.tuple(
    fc.tuple(...quants.map(() => fc.integer({ min: 0, max: RAW - 1 }))),
    fc.tuple(...decls.map((d) => domainArbitrary(d.domain))),
  );

  /** Index bounds given earlier index values (throws EvalError). */
  const boundsAt = (qi: number, idx: Map<string, bigint>, vars: Map<string, number>): [bigint, bigint] => {
    const env: Env<number> = { vars, idx };
    const q = quants[qi]!;
    const lo = intValue(floatField, q.lo, env, ctx);
    const hi = intValue(floatField, q.hi, env, ctx);
    if (lo === undefined || hi === undefined) throw new EvalError('verify/not-integer', `bounds of ${q.index} are not integers`);
    return [lo, hi];
  };

  const resolve = (sample: Sample): Point | string => {
    const [raw, vals] = sample;
    const vars = new Map<string, number>();
    varNames.forEach((n, i) => vars.set(n, vals[i]!));
    const idx = new Map<string, bigint>();
    for (let i = 0; i < quants.length; i++) {
      const [lo, hi] = boundsAt(i, idx, vars);
      if (hi < lo) return `empty range for ${quants[i]!.index} (${lo}..${hi})`;
      const size = hi - lo + 1n;
      idx.set(quants[i]!.index, lo + (BigInt(raw[i]!) * size) / BigInt(RAW));
    }
    const idxRec: Record<string, number> = {};
    for (const [k, v] of idx) idxRec[k] = Number(v);
    return { idx: idxRec, vars: Object.fromEntries(vars) };
  };

  // Enumerate tiny index spaces as explicit examples.
  const examples: Sample[] = [];
  if (quants.length > 0) {
    const typicalVals = decls.map(typical);
    const vars = new Map<string, number>();
    varNames.forEach((n, i) => vars.set(n, typicalVals[i]!));
    const tuples: number[][] = [];
    const walk = (qi: number, idx: Map<string, bigint>, raw: number[]): boolean => {
      if (qi === quants.length) { tuples.push([...raw]); return tuples.length <= MAX_ENUMERATED; }
      let lo: bigint, hi: bigint;
      try { [lo, hi] = boundsAt(qi, idx, vars); } catch { return false; }
      const size = hi - lo + 1n;
      if (size > BigInt(MAX_ENUMERATED)) return false;
      for (let i = lo; i <= hi; i++) {
        idx.set(quants[qi]!.index, i);
        const r = Number(((i - lo) * BigInt(RAW) + size - 1n) / size);
        raw.push(r);
        const go = walk(qi + 1, idx, raw);
        raw.pop();
        if (!go) return false;
      }
      idx.delete(quants[qi]!.index);
      return true;
    };
    if (walk(0, new Map(), [])) for (const t of tuples) examples.push([t, typicalVals]);
  }

  const argSides = relations.map((rel) => claimedArgmin(rel, ctx));
  const seriesChecks = relations.map((rel) => seriesByCoefficients(rel, ctx));
  const check = (sample: Sample, mode: CheckMode = 'full'): Outcome => {
    let point: Point | string;
    try {
      point = resolve(sample);
    } catch (err) {
      if (err instanceof EvalError) return { kind: 'discard', reason: err.code };
      throw err;
    }
    if (typeof point === 'string') return { kind: 'discard', reason: 'empty quantifier range' };
    return checkAt(point, mode);
  };
  const checkAt = (point: Point, mode: CheckMode = 'full'): Outcome => {
    const env: Env<number> = {
      vars: new Map(Object.entries(point.vars)),
      idx: new Map(Object.entries(point.idx).map(([k, v]) => [k, BigInt(v)])),
    };
    const cache = new Map<Expr, Val<number>>();
    const ev = (e: Expr): Val<number> => {
      let v = cache.get(e);
      if (!v) { v = evaluate(e, env, ctx); cache.set(e, v); }
      return v;
    };
    let tie = false;
    for (let i = 0; i < relations.length; i++) {
      const rel = relations[i]!;
      let l: Val<number>, r: Val<number>, tolStated = 0;
      const arg = argSides[i];
      try {
        if (arg) {
          // ARGMIN POLICY: the claimed point is always checked cheaply; 'full' also minimises.
          const claimed = ev(arg.claimedSide === 'left' ? rel.left : rel.right);
          if (!Number.isFinite(claimed.x)) return { kind: 'discard', reason: Number.isNaN(claimed.x) ? UNDEFINED : INFINITE };
          const c = checkClaimedMinimiser(arg.node, claimed, env, ctx, RTOL, ATOL);
          if (c.kind === 'discard') return { kind: 'discard', reason: c.reason };
          if (c.kind === 'better') {
            return { kind: 'fail', relation: i, label: rel.label, op: rel.op, lhs: c.y, rhs: claimed.x, tol: c.tol, detail: `${rel.label} (${rel.op}): ${c.detail}` };
          }
          const found = mode === 'full' ? ev(arg.node) : c.value;
          if (arg.claimedSide === 'left') { l = claimed; r = found; } else { l = found; r = claimed; }
        } else {
          l = ev(rel.left);
          r = ev(rel.right);
        }
        if (rel.tolerance) tolStated = ev(rel.tolerance).x;
      } catch (err) {
        if (err instanceof EvalError) return { kind: 'discard', reason: err.code };
        throw err;
      }
      if (!Number.isFinite(l.x) || !Number.isFinite(r.x)) return { kind: 'discard', reason: Number.isNaN(l.x) || Number.isNaN(r.x) ? UNDEFINED : INFINITE };
      if (!Number.isFinite(l.m) || !Number.isFinite(r.m)) return { kind: 'discard', reason: SCALE_NOT_FINITE };
      const method = l.e + r.e;
      if (!(method <= UNRELIABLE * Math.max(1, Math.abs(l.x), Math.abs(r.x)))) return { kind: 'discard', reason: METHOD_TOO_LARGE };
      const res = judge(rel, l, r, tolStated);
      if (res.verdict !== 'fail' && swamped(rel, l, r, res.tol, tolStated)) {
        return { kind: 'discard', reason: SWAMPED_REASON };
      }
      const byCoefficients = res.verdict === 'fail' ? undefined : seriesChecks[i]?.(env);
      if (byCoefficients !== undefined) {
        return { kind: 'fail', relation: i, label: rel.label, op: rel.op, lhs: byCoefficients.l, rhs: byCoefficients.r, tol: byCoefficients.tol, detail: `${rel.label} (${rel.op}): ${byCoefficients.detail}` };
      }
      if (res.verdict === 'tie') tie = true;
      if (res.verdict === 'fail') {
        return { kind: 'fail', relation: i, label: rel.label, op: rel.op, lhs: l.x, rhs: r.x, tol: res.tol, detail: `${rel.label} (${rel.op}): ${res.detail}` };
      }
    }
    return tie ? { kind: 'ok', tie } : { kind: 'ok' };
  };

  return { kind: kindOf(item), relations, varNames, arbitrary, examples, resolve, check, checkAt, hasCheapMode: argSides.some((a) => a !== undefined), toleranceText: TOLERANCE_TEXT };
}

/** Test hook: SERIES BY COEFFICIENTS switched off (a planted defect: the values alone). */
let seriesByCoefficientsOff = false;
export function plantSeriesByValuesOnly(off: boolean): void {
  seriesByCoefficientsOff = off;
}

/**
 * SERIES BY COEFFICIENTS. `series(A, t, n) = R` says that a polynomial of degree n in t
 * equals R wherever t is sampled; at a large t its value hides the low coefficients
 * (1e-9 of |t|^n swamps them: series(exp(z) + c, z, 3) = exp's cubic + c + 1 agreed at
 * every z in (10^6, 10^7), a red-team pass). So the coefficients are compared too:
 * [t^k] A against [t^k] R for k <= n, and [t^k] R against 0 for the two orders above
 * (R is a series in t of order m: its coefficients up to m, 0 beyond).
 *
 * Why it is sound: R is ENTIRE IN t (entireIn: made of +, -, *, powers with a constant
 * natural exponent, division by what is free of t, exp, sin, cos, sinh, cosh, atan and
 * series in t), so it is analytic on the whole real line, and two such functions that
 * are equal on an interval have equal Taylor coefficients at 0. Anything else (a
 * square root, abs, a logarithm, a quotient by t: sqrt((x - 1)^2) = x - 1 on (2, 3) is
 * 1 - x at 0, a red-team pass) leaves the values alone to decide. The check only adds
 * failures to the value check, which still runs; a failure here is re-checked like any
 * coefficient failure (the full Cauchy ladder; then the point's values at higher
 * precision, which do not confirm it at a large t: an unconfirmed discrepancy, never
 * REFUTED). The orders are read at the point (an index's value), at most 64.
 * A point whose values are too inaccurate or swamped stays discarded, even where the
 * coefficients agree: judging it by them (tried, as DECISIVE) passed false claims whose
 * coefficients are off by about the tolerance their method errors allow (a red-team
 * pass), and with errors relative to each coefficient it judged almost no point.
 * Undefined for a relation that is not of this form.
 */
function seriesByCoefficients(rel: Relation, ctx: EvalContext): ((env: Env<number>) => { l: number; r: number; tol: number; detail: string } | undefined) | undefined {
  if (rel.op !== '=' || seriesByCoefficientsOff) return undefined;
  const [series, other] = rel.left.kind === 'series' ? [rel.left, rel.right] : rel.right.kind === 'series' ? [rel.right, rel.left] : [undefined, undefined];
  if (series === undefined || series.kind !== 'series' || other === undefined) return undefined;
  const t = series.var;
  if (ctx.vars.get(t) === undefined || !entireIn(other, t)) return undefined;
  const otherSeries = other.kind === 'series' && other.var === t ? other : undefined;
  const seriesLeft = rel.left === series;
  /** A series order at the point: a natural number up to 64, else undefined (the values alone). */
  const orderAt = (e: Expr, env: Env<number>): number | undefined => {
    const k = intValue(floatField, e, env, ctx);
    return k !== undefined && k >= 0n && k <= 64n ? Number(k) : undefined;
  };
  return (env) => {
    let a: Val<number>[];
    let b: Val<number>[];
    try {
      const n = orderAt(series.order, env);
      const m = otherSeries === undefined ? undefined : orderAt(otherSeries.order, env);
      if (n === undefined || (otherSeries !== undefined && m === undefined)) return undefined;
      a = seriesCoefficients(series.body, t, n, env, ctx);
      // R's coefficients: a series' own up to its order, else R's up to two orders above n (which must vanish)
      b = otherSeries !== undefined ? seriesCoefficients(otherSeries.body, t, m!, env, ctx) : seriesCoefficients(other, t, n + 2, env, ctx);
    } catch (err) {
      if (gaveUp(err)) return undefined; // no coefficients here: the values alone
      throw err;
    }
    const none: Val<number> = { x: 0, m: 0, e: 0 };
    for (let k = 0; k < Math.max(a.length, b.length); k++) {
      const s = a[k] ?? none;
      const o = b[k] ?? none;
      if (![s.x, s.e, o.x, o.e].every(Number.isFinite)) return undefined;
      const [l, r] = seriesLeft ? [s, o] : [o, s];
      const res = judge(rel, l, r);
      if (res.verdict === 'fail') return { l: l.x, r: r.x, tol: res.tol, detail: `the coefficients of ${t}^${k} differ (the series compared coefficient by coefficient): ${res.detail}` };
    }
    return undefined;
  };
}

/** The built-ins analytic on the whole real line (ENTIRE IN t). */
const ENTIRE = new Set<string>(['exp', 'sin', 'cos', 'sinh', 'cosh', 'atan']);

/** ENTIRE IN t (seriesByCoefficients): e is built from t by operations analytic on the whole real line. */
export function entireIn(e: Expr, t: string): boolean {
  if (!freeVars(e).has(`v:${t}`)) return true;
  switch (e.kind) {
    case 'var': return true; // t itself
    case 'neg': return entireIn(e.arg, t);
    case 'call': return ENTIRE.has(e.fn) && entireIn(e.arg, t);
    case 'binop':
      switch (e.op) {
        case '+': case '-': case '*': return entireIn(e.left, t) && entireIn(e.right, t);
        case '/': return entireIn(e.left, t) && !freeVars(e.right).has(`v:${t}`);
        case '^': return entireIn(e.left, t) && e.right.kind === 'num' && e.right.den === 1n && e.right.num >= 0n;
      }
      return false;
    case 'series': return e.var === t && !freeVars(e.order).has(`v:${t}`); // a polynomial in t
    default: return false;
  }
}

/**
 * SWAMPED: the tolerance says nothing at this point. For ≈, the allowance beyond
 * the stated tolerance (method errors, 2^-50 of the rounding scale) exceeds the
 * stated one itself (and ATOL): "(10^20 + sin y) - 10^20 ≈ 5 within 0.001" was
 * TESTED with an allowance of 88817.
 */
function swamped(rel: Pick<Relation, 'op' | 'relative'>, l: Val<number>, r: Val<number>, tol: number, tolStated: number): boolean {
  if (rel.op !== '≈') return RTOL * Math.max(l.m, r.m) > Math.max(SWAMP_REL * Math.max(Math.abs(l.x), Math.abs(r.x)), SWAMP_ABS);
  const stated = rel.relative ? tolStated * Math.abs(r.x) : tolStated;
  return tol - stated > Math.max(stated, ATOL);
}

/** The verdict of one relation under the tolerance rules (module header); the detail is written only for a verdict other than 'ok'. */
export function judge(rel: Pick<Relation, 'op' | 'relative'>, l: Val<number>, r: Val<number>, tolStated = 0): { verdict: 'ok' | 'fail' | 'tie'; tol: number; detail: string } {
  const d = l.x - r.x;
  const ad = Math.abs(d);
  if (rel.op === '≈') {
    if (!(tolStated >= 0)) return { verdict: 'fail', tol: tolStated, detail: `the stated tolerance ${tolStated} is not a non-negative number` };
    const allowed = (rel.relative ? tolStated * Math.abs(r.x) : tolStated) + METHOD_FACTOR * (l.e + r.e) + 2 ** -50 * Math.max(l.m, r.m);
    if (!(ad > allowed)) return { verdict: 'ok', tol: allowed, detail: '' };
    const rd = r.x === 0 ? (ad === 0 ? 0 : Infinity) : ad / Math.abs(r.x);
    return { verdict: 'fail', tol: allowed, detail: `|l - r| = ${fmt(ad)} (relative ${fmt(rd)}) against ${rel.relative ? 'relative' : 'absolute'} tolerance ${fmt(tolStated)}` };
  }
  const tol = RTOL * Math.max(Math.abs(l.x), Math.abs(r.x), l.m, r.m) + METHOD_FACTOR * (l.e + r.e) + ATOL;
  const within = ad <= tol;
  let verdict: 'ok' | 'fail' | 'tie';
  let what: string;
  switch (rel.op) {
    case '=': verdict = within ? 'ok' : 'fail'; what = 'the sides differ by more than the tolerance'; break;
    case '!=': verdict = d === 0 ? 'fail' : within ? 'tie' : 'ok'; what = 'the sides are equal'; break;
    case '<=': verdict = d > tol ? 'fail' : 'ok'; what = 'lhs exceeds rhs by more than the tolerance'; break;
    case '>=': verdict = -d > tol ? 'fail' : 'ok'; what = 'rhs exceeds lhs by more than the tolerance'; break;
    case '<': verdict = d > tol ? 'fail' : within ? 'tie' : 'ok'; what = 'lhs exceeds rhs by more than the tolerance'; break;
    case '>': verdict = -d > tol ? 'fail' : within ? 'tie' : 'ok'; what = 'rhs exceeds lhs by more than the tolerance'; break;
  }
  if (verdict === 'ok') return { verdict, tol, detail: '' };
  return { verdict, tol, detail: `${what}; lhs = ${fmt(l.x)}, rhs = ${fmt(r.x)}, lhs - rhs = ${fmt(d)}, tolerance ${fmt(tol)}` };
}

function fmt(x: number): string {
  return Number.isInteger(x) && Math.abs(x) < 1e15 ? String(x) : x.toPrecision(6);
}
