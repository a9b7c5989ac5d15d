/**
 * The kernel's gate. TRUSTED KERNEL.
 *
 * Every decision the checker needs goes through the functions here, and only
 * here are Certificates minted: a `proved` Decision carries one, built from the
 * verdict of a kernel decision procedure (exp–log normal form, positivity,
 * series coefficients, rigorous enclosures). A `refuted` Decision always rests on
 * an exact counterexample (a rational point where exact values differ) or on
 * rigorous enclosures that exclude the claimed relation at an exact point.
 *
 * Inputs are kernel Terms; nothing here knows the surface language.
 */
import { Certificate, KERNEL_KEY } from './certificate.ts';
import { KernelError, fail } from './numbers/errors.ts';
import { Rational } from './numbers/rational.ts';
import * as T from './containers/term.ts';
import type { Assumptions, Term } from './containers/term.ts';
import { decideEqual, evalExact } from './decide/identity.ts';
import { proveInequality, provePositivity } from './decide/positivity.ts';
import { candidateValues, findCounterexample, findSignChangeZero, refuteAtPoint } from './refutation/refute.ts';
export { candidateValues };
import { diff } from './decide/diff.ts';
import { seriesQ, seriesParamCoefficients, laurentQ, laurentParamCoefficient, type LaurentSeries } from './theorems/termseries.ts';
import { enclose, type RInterval } from './enclosures/interval.ts';
import { withLimits } from './containers/poly.ts';
import { sumToInfinity, integralOverReals } from './theorems/sums.ts';
import { integrate } from './theorems/integrals.ts';
import { gammaTerm } from './normal/special.ts';

/** Gamma(u) as a kernel term, exact at positive integers and half-integers (normal/special.ts). */
export function gammaOf(u: Term): Term {
  return gammaTerm(u);
}

export type RelOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** The resource caps the kernel honours (a subset of the checker's Limits). */
export interface KernelLimits {
  readonly maxSeriesOrder: number;
  readonly maxExponent: number;
  readonly maxBigIntBits: number;
  readonly maxDerivativeOrder: number;
}

/** The kernel's answer to an obligation. */
export type Decision =
  | { readonly status: 'proved'; readonly certificate: Certificate }
  | { readonly status: 'refuted'; readonly counterexample: readonly string[]; readonly witness?: RefutationWitness }
  | { readonly status: 'unknown'; readonly reason: string; readonly details: readonly string[] };

/**
 * The data behind a refutation, for machine-readable reports (display only: the
 * decision itself rests on the exact values or enclosures it was built from).
 * `point` maps each variable to its exact value (a rational as text) and a float;
 * `left`/`right` are both sides' values there (exact, or `≈ x` / `in [a, b]`).
 */
export interface RefutationWitness {
  readonly method: 'exact' | 'enclosure';
  readonly point: readonly { readonly name: string; readonly exact: string; readonly float: number }[];
  readonly left: string;
  readonly right: string;
}

function witnessOf(method: 'exact' | 'enclosure', point: ReadonlyMap<string, Rational>, left: string, right: string): RefutationWitness {
  return { method, point: [...point].map(([name, v]) => ({ name, exact: v.toString(), float: v.toNumber() })), left, right };
}

function proved(statement: string | (() => string), method: string): Decision {
  return { status: 'proved', certificate: Certificate.mint(KERNEL_KEY, statement, method) };
}

function guarded<R>(limits: KernelLimits, f: () => R): R {
  return withLimits({ maxDegree: limits.maxExponent, maxBits: limits.maxBigIntBits, maxSeriesOrder: limits.maxSeriesOrder }, f);
}

function pointText(point: ReadonlyMap<string, Rational>): string {
  return [...point].map(([k, v]) => `${k} = ${v}`).join(', ') || '(no variables)';
}

/**
 * An enclosure for people: `≈ 1.69314718056` when narrow, else `in [lo, hi]` with
 * 12 significant digits per end (display only; the decision used the exact ends).
 */
function showEnclosure(i: RInterval): string {
  const lo = i.lo?.value.toNumber();
  const hi = i.hi?.value.toNumber();
  if (lo === undefined || hi === undefined) return `in ${i.lo ? `[${lo}` : '(-inf'}, ${i.hi ? `${hi}]` : 'inf)'}`;
  const a = Number(lo.toPrecision(12));
  const b = Number(hi.toPrecision(12));
  return a === b ? `≈ ${a}` : `in [${a}, ${b}]`;
}

function isClosed(t: Term): boolean {
  return T.freeVars(t).size === 0;
}

/** Midpoint of an interval as a float, for human-readable figures. */
function approxValue(i: RInterval): number {
  const lo = i.lo?.value.toNumber() ?? -Infinity;
  const hi = i.hi?.value.toNumber() ?? Infinity;
  return (lo + hi) / 2;
}

function tryEnclose(t: Term, point: ReadonlyMap<string, Rational>): RInterval | undefined {
  try {
    return enclose(t, point, 192);
  } catch (err) {
    if (err instanceof KernelError) return undefined;
    throw err;
  }
}

/** The exact value of t at a rational point, or undefined when it is not known to be rational. */
export function valueAt(t: Term, point: ReadonlyMap<string, Rational>): Rational | undefined {
  return evalExact(t, point);
}

/**
 * The sign of t at a rational point, or undefined when it cannot be told: exactly
 * when t is rational there, else from a rigorous enclosure that excludes 0.
 */
export function signAt(t: Term, point: ReadonlyMap<string, Rational>): -1 | 0 | 1 | undefined {
  const q = evalExact(t, point);
  if (q !== undefined) return q.sign();
  const i = tryEnclose(t, point);
  if (!i) return undefined;
  if (i.lo && (i.lo.value.sign() > 0 || (i.lo.value.isZero() && i.lo.open))) return 1;
  if (i.hi && (i.hi.value.sign() < 0 || (i.hi.value.isZero() && i.hi.open))) return -1;
  return undefined;
}

/** Decides `lhs = rhs` for all values of the variables allowed by the assumptions. */
function decideEquality(lhs: Term, rhs: Term, asm: Assumptions): Decision {
  const v = decideEqual(lhs, rhs, asm);
  const statement = (): string => `${T.termToString(lhs)} = ${T.termToString(rhs)}`;
  if (v.status === 'proved') {
    // The "where defined" convention: the rewrites that assumed a log's or a real
    // power's argument > 0 name it (log u and u^b are real only there).
    const where = v.conditions.length > 0 ? `, where both sides are defined (there ${v.conditions.join(', ')})` : '';
    return proved(statement, `exp-log normal form${v.split ? `, ${v.split}` : ''}${where}`);
  }
  if (v.status === 'refuted') {
    return {
      status: 'refuted',
      counterexample: [`counterexample (exact): at ${pointText(v.point)} the left side is ${v.lhs} and the right side is ${v.rhs}`],
      witness: witnessOf('exact', v.point, String(v.lhs), String(v.rhs)),
    };
  }
  const cx = findCounterexample(lhs, '=', rhs, asm);
  if (cx) {
    return {
      status: 'refuted',
      counterexample: [
        `counterexample (rigorous enclosure): at ${pointText(cx.point)} the left side is ${showEnclosure(cx.lhs)} and the right side is ${showEnclosure(cx.rhs)}`,
      ],
      witness: witnessOf('enclosure', cx.point, showEnclosure(cx.lhs), showEnclosure(cx.rhs)),
    };
  }
  if (v.residual) {
    return {
      status: 'refuted',
      counterexample: [
        `counterexample (exact): lhs - rhs reduces to ${clip(v.residual.residual)}, which is ${clip(v.residual.value.toString())} (not 0) at ${pointText(v.residual.point)}, where both sides are defined`,
      ],
    };
  }
  return {
    status: 'unknown',
    reason: v.reason,
    details: [`left side normal form:  ${v.lhsNormal}`, `right side normal form: ${v.rhsNormal}`],
  };
}

/** A rational for people: short ones exactly, long ones as a decimal approximation. */
function showRational(r: Rational): string {
  const t = r.toString();
  return t.length <= 24 ? t : `≈ ${Number(r.toNumber().toPrecision(15))}`;
}

/** Long text abbreviated in the middle (reports stay readable). */
function clip(s: string, max = 160): string {
  return s.length <= max ? s : `${s.slice(0, max / 2 - 2)} ... ${s.slice(-(max / 2 - 3))}`;
}

/** Decides `lhs != rhs` everywhere on the assumptions. */
function decideDisequality(lhs: Term, rhs: Term, asm: Assumptions): Decision {
  const eq = decideEqual(lhs, rhs, asm);
  if (eq.status === 'proved') {
    return { status: 'refuted', counterexample: [`the two sides are identical (normal form ${eq.normalForm}), so they are equal at every point`] };
  }
  const p = provePositivity(T.sub(lhs, rhs), 'nonzero', asm);
  if (p.ok) return proved(() => `${T.termToString(lhs)} != ${T.termToString(rhs)} (${p.reason})`, 'positivity');
  const same = findCounterexample(lhs, '!=', rhs, asm);
  if (same) {
    const both = showEnclosure(same.lhs);
    return { status: 'refuted', counterexample: [`counterexample (exact): at ${pointText(same.point)} both sides are ${both}`], witness: witnessOf('exact', same.point, both, both) };
  }
  const z = findSignChangeZero(T.sub(lhs, rhs), asm);
  if (z) {
    const at = [...z.fixed].map(([k, v]) => `${k} = ${v}`);
    const lo = z.lo.toNumber();
    const hi = z.hi.toNumber();
    return {
      status: 'refuted',
      counterexample: [
        `counterexample (intermediate value theorem): ${at.length > 0 ? `with ${at.join(', ')}, ` : ''}lhs - rhs is ${showEnclosure(z.atLo)} at ${z.variable} = ${showRational(z.lo)} and ${showEnclosure(z.atHi)} at ${z.variable} = ${showRational(z.hi)}, and is defined (so continuous) on the whole segment between; so lhs = rhs at some ${z.variable} in [${lo}, ${hi}]`,
      ],
    };
  }
  return { status: 'unknown', reason: p.reason, details: [`could not sign: ${T.termToString(p.blocker)}`] };
}

/**
 * Decides `lhs op rhs` for every value of the free variables allowed by `asm`.
 * Requires: terms within the limits. Throws: KernelError `limit/...` when a limit is exceeded.
 */
export function decideRelation(lhs: Term, op: RelOp, rhs: Term, asm: Assumptions, limits: KernelLimits): Decision {
  return guarded(limits, () => {
    const undefinedSide = closedUndefined(lhs, 'left') ?? closedUndefined(rhs, 'right');
    if (undefinedSide) return undefinedSide;
    if (lhs.k === 'const' && rhs.k === 'const') return decideRationals(lhs.value, op, rhs.value);
    if (op === '=') return decideEquality(lhs, rhs, asm);
    if (op === '!=') return decideDisequality(lhs, rhs, asm);
    const v = proveInequality(lhs, op, rhs, asm);
    if (v.status === 'proved') return proved(() => `${T.termToString(lhs)} ${op} ${T.termToString(rhs)} (${v.reason})`, inequalityMethod(v.reason));
    if (v.status === 'refuted') {
      return {
        status: 'refuted',
        counterexample: [
          `counterexample (rigorous enclosure): at ${pointText(v.point)} the left side is ${showEnclosure(v.lhs)} and the right side is ${showEnclosure(v.rhs)}`,
        ],
        witness: witnessOf('enclosure', v.point, showEnclosure(v.lhs), showEnclosure(v.rhs)),
      };
    }
    return { status: 'unknown', reason: v.reason, details: v.blocker ? [`could not sign: ${T.termToString(v.blocker)}`] : [] };
  });
}

/**
 * A closed side that is undefined (0/0, log(-1), sqrt(-1)) makes the claim neither
 * provable nor refutable: the normal form would treat it as an atom (sqrt(-1)^2 =
 * -1 by R9) and the claim would hold vacuously. Decided by a rigorous enclosure;
 * only a definite `interval/undefined` counts (any other failure decides nothing).
 */
function closedUndefined(t: Term, side: string): Decision | undefined {
  if (t.k === 'const' || !isClosed(t)) return undefined;
  try {
    enclose(t, new Map(), 192);
  } catch (err) {
    if (err instanceof KernelError && err.code === 'interval/undefined') {
      return { status: 'unknown', reason: `the ${side} side ${T.termToString(t)} is undefined: ${err.message}`, details: [] };
    }
  }
  return undefined;
}

/** Compares two rationals exactly. */
function decideRationals(a: Rational, op: RelOp, b: Rational): Decision {
  const c = a.cmp(b);
  const holds = op === '=' ? c === 0 : op === '!=' ? c !== 0 : op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
  if (holds) return proved(() => `${a.toShortString()} ${op} ${b.toShortString()}`, 'exact arithmetic');
  return {
    status: 'refuted',
    counterexample: [`exact values: the left side is ${a.toShortString()} and the right side is ${b.toShortString()}`],
    witness: witnessOf('exact', new Map(), a.toShortString(), b.toShortString()),
  };
}

/** A short name for the method behind a positivity proof (the full reason stays in the certificate). */
function inequalityMethod(reason: string): string {
  if (/log x <= x - 1/.test(reason)) return 'positivity with the lemma log x <= x - 1 (Gibbs)';
  if (/series|coefficient/i.test(reason)) return 'nonnegative coefficients on [0, radius)';
  if (/normal form/i.test(reason)) return 'positivity of the normal form';
  return 'positivity';
}

/** The answer to an approximate claim, with the measured difference for the report. */
export type ApproxDecision =
  | { readonly status: 'proved'; readonly certificate: Certificate; readonly measured: string }
  | { readonly status: 'refuted'; readonly measured: string; readonly details: readonly string[] }
  | { readonly status: 'unknown'; readonly reason: string; readonly details: readonly string[] };

/**
 * Decides |lhs - rhs| <= tol (absolute) or |lhs - rhs| <= tol * max(|lhs|, |rhs|) (relative)
 * for closed terms, by rigorous enclosures.
 */
export function decideApprox(lhs: Term, rhs: Term, tol: Term, relative: boolean, _asm: Assumptions): ApproxDecision {
  if (!isClosed(lhs) || !isClosed(rhs) || !isClosed(tol)) {
    return { status: 'unknown', reason: 'approximate claims are decided exactly only for closed expressions (no free variables)', details: [] };
  }
  const none = new Map<string, Rational>();
  const diffAbs = T.abs(T.sub(lhs, rhs));
  const bound = relative ? T.mul(tol, maxAbs(lhs, rhs)) : tol;
  const D = tryEnclose(diffAbs, none);
  const B = tryEnclose(bound, none);
  const L = tryEnclose(lhs, none);
  const R = tryEnclose(rhs, none);
  if (!D || !B || !L || !R) return { status: 'unknown', reason: 'a side could not be evaluated', details: [] };
  const l = approxValue(L);
  const r = approxValue(R);
  const d = approxValue(D);
  const rel = d / Math.max(Math.abs(l), Math.abs(r));
  const measured = `left ≈ ${fmt(l)}, right ≈ ${fmt(r)}, |difference| ≈ ${fmt(d)} (relative ${(rel * 100).toPrecision(3)}% of the larger side); tolerance ${relative ? `${fmt(approxValue(tryEnclose(tol, none)!) * 100)}% relative` : `${fmt(approxValue(B))} absolute`}`;
  const statement = `|${T.termToString(lhs)} - ${T.termToString(rhs)}| <= ${T.termToString(bound)}`;
  if (D.hi && B.lo && D.hi.value.cmp(B.lo.value) <= 0) return { status: 'proved', certificate: Certificate.mint(KERNEL_KEY, statement, 'rigorous enclosure'), measured };
  if (D.lo && B.hi && D.lo.value.cmp(B.hi.value) > 0) return { status: 'refuted', measured, details: [measured] };
  return { status: 'unknown', reason: 'the difference is too close to the tolerance to decide at 192 bits', details: [measured] };
}

function maxAbs(a: Term, b: Term): Term {
  // max(|a|, |b|) = (|a| + |b| + ||a| - |b||) / 2
  const aa = T.abs(a);
  const bb = T.abs(b);
  return T.mul(T.num(Rational.frac(1n, 2n)), T.add(aa, bb, T.abs(T.sub(aa, bb))));
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(6);
}

/** A condition as text: `log argument x > 0`, `the denominator t != 0`. */
export function guardText(g: SmoothnessGuard): string {
  const rel = g.need === 'nonzero' ? '!= 0' : g.need === 'pos' ? '> 0' : g.need === 'nonneg' ? '>= 0' : 'is not a pole (0, -1, -2, ...)';
  return `${g.text} ${rel}`;
}

/** Whether a condition (SmoothnessGuard) is proved at every point of the assumptions. */
export function holdsEverywhere(g: SmoothnessGuard, asm: Assumptions): boolean {
  return provePositivity(g.term, g.need === 'nonneg' ? 'nonneg' : 'pos', asm).ok || (g.need === 'nonzero' && provePositivity(T.neg(g.term), 'pos', asm).ok); // gammaArg: positive, conservatively
}

/**
 * A condition under which the objective of an argmin is smooth (SMOOTH): `term`
 * nonzero (a denominator, the argument of abs, the cosine under tan...) or
 * positive (a log's or a real power's argument), throughout the domain.
 */
export interface SmoothnessGuard {
  readonly term: Term;
  /** 'gammaArg': not an integer <= 0 (the poles of the Gamma functions). */
  readonly need: 'nonzero' | 'pos' | 'nonneg' | 'gammaArg';
  /** The source text, for messages. */
  readonly text: string;
}

/**
 * Decides `argmin_x body = claimed` (or argmax), for every value of the other
 * variables: the derivative vanishes at the claimed point exactly, the second
 * derivative is positive (negative) on the whole domain of x (so the stationary
 * point is the unique global minimiser on that interval), and the claimed point
 * lies in the domain.
 *
 * SMOOTH. That argument (f' = 0 at c and f'' > 0 on an interval, so f is strictly
 * convex there and c its unique minimiser) needs f twice differentiable on the whole
 * interval. The normal form cannot see where it is not: the derivative of -4|s| is
 * -4 s/|s| and its second derivative normalises to 0, so the kink of
 * (s - 1)^2 - 4|s| at 0 vanished and argmin = -1 was PROVED (the minimiser is 3);
 * t^2 + t/t normalises to t^2 + 1, undefined at its claimed minimiser 0. So the
 * caller passes the source's smoothness conditions (`smooth`, collected before
 * lowering: denominators and arguments of abs nonzero, arguments of log, sqrt and
 * real powers positive, ...; undefined when the source has a construct without
 * such a condition), and each must be proved on the whole domain, or the claim is
 * not decided.
 */
export function decideArgmin(body: Term, x: string, claimed: Term, kind: 'min' | 'max', asm: Assumptions, limits: KernelLimits, smooth?: readonly SmoothnessGuard[]): Decision {
  return guarded(limits, () => {
    if (T.freeVars(claimed).has(x)) {
      return { status: 'unknown', reason: `the claimed ${kind}imiser mentions ${x} itself`, details: [] };
    }
    if (smooth === undefined) {
      return { status: 'unknown', reason: `the objective is not known to be twice differentiable in ${x} (it has a construct with no smoothness condition)`, details: [] };
    }
    for (const g of smooth) {
      if (!holdsEverywhere(g, asm)) {
        return {
          status: 'unknown',
          reason: `could not show the objective twice differentiable on the whole domain of ${x}: ${guardText(g)} is not proved (a stationary point with positive curvature elsewhere is a global ${kind}imum only for a smooth objective)`,
          details: [],
        };
      }
    }
    const d1 = diff(body, x, 1);
    const atClaim = T.substitute(d1, new Map([[x, claimed]]));
    const paramAsm = new Map(asm);
    paramAsm.delete(x);
    const stationary = decideEqual(atClaim, T.ZERO, paramAsm);
    if (stationary.status === 'refuted') {
      return {
        status: 'refuted',
        counterexample: [`d/d${x} of the objective at ${x} = ${T.termToString(claimed)} is not 0: at ${pointText(stationary.point)} it is ${stationary.lhs}`],
      };
    }
    if (stationary.status !== 'proved') {
      const cx = findCounterexample(atClaim, '=', T.ZERO, paramAsm);
      if (cx) {
        return {
          status: 'refuted',
          counterexample: [`d/d${x} of the objective at ${x} = ${T.termToString(claimed)} is not 0: at ${pointText(cx.point)} it is ${showEnclosure(cx.lhs)}`],
        };
      }
      return {
        status: 'unknown',
        reason: `could not show that d/d${x} vanishes at ${x} = ${T.termToString(claimed)}`,
        details: [`d/d${x} there, in normal form: ${stationary.lhsNormal}`],
      };
    }
    const d2 = diff(body, x, 2);
    const curvature = provePositivity(kind === 'min' ? d2 : T.neg(d2), 'pos', asm);
    if (!curvature.ok) {
      return {
        status: 'unknown',
        reason: `stationary point verified, but could not prove d2/d${x}2 ${kind === 'min' ? '>' : '<'} 0 on the whole domain of ${x} (needed for a global ${kind}imum)`,
        details: [`d2/d${x}2 = ${T.termToString(d2)}`, `could not sign: ${T.termToString(curvature.blocker)}`],
      };
    }
    const dom = asm.get(x);
    for (const [end, op] of [[dom?.lo, '>'], [dom?.hi, '<']] as const) {
      if (!end) continue;
      const rel = end.open ? op : op === '>' ? '>=' : '<=';
      const inside = proveInequality(claimed, rel, T.num(end.value), paramAsm);
      if (inside.status !== 'proved') {
        return { status: 'unknown', reason: `could not show that ${T.termToString(claimed)} ${rel} ${end.value} (inside the domain of ${x})`, details: [] };
      }
    }
    return proved(
      `arg${kind} over ${x} of ${T.termToString(body)} = ${T.termToString(claimed)}`,
      `stationary point (exp-log normal form) and strict ${kind === 'min' ? 'convexity' : 'concavity'} (positivity)`,
    );
  });
}

/**
 * The order-th partial derivative of t in x.
 * Throws: `limit/derivative-order` above the limit.
 */
export function derivative(t: Term, x: string, order: number, limits: KernelLimits): Term {
  if (order > limits.maxDerivativeOrder) fail('limit/derivative-order', `derivative order ${order} exceeds the limit ${limits.maxDerivativeOrder}`);
  return guarded(limits, () => diff(t, x, order));
}

/**
 * Memo of rational series by (term, variable): quantified claims such as
 * `for j in 0..40, k in 0..j: coeff(f(j), p^k) = 1` ask for many coefficients of
 * the same series. An entry is reused when its precision covers the request; a
 * miss computes at least twice the previous precision, so a growing k costs
 * O(log k) series computations. Bounded in entries; values are immutable.
 *
 * A miss computes at least `hint` coefficients too (clamped to the series-order
 * limit): the caller's guess of what the next requests need (the checker passes the
 * largest coefficient a quantified claim has asked for so far), so f(j+1) is computed
 * once at the precision f(j) ended at, and its subterms (L^i for i <= j) are shared
 * through qseries's memo at that one precision instead of being recomputed at every
 * precision on the way up. Sound whatever the precision: a Series computed to
 * precision n knows its coefficients below n exactly (the Series contract), a
 * coefficient is read only below the precision it was computed to, and the
 * coefficients do not depend on n. Should the hinted precision fail (a limit, a
 * divisor that is 0 to that precision), the series is computed again at the precision
 * it would have had without the hint, so a hint changes no verdict and no message.
 */
const seriesMemo = new Map<string, { series: LaurentSeries<Rational> | undefined; order: number }>();
const SERIES_MEMO_ENTRIES = 256;

/**
 * The precision a miss computes at: at least the request, twice the previous
 * precision (at least 8) and the hint, never past the limit unless the request is.
 * Exported for tests.
 */
export function seriesTarget(order: number, maxOrder: number, previous: number | undefined, hint = 0): number {
  return Math.max(order, Math.min(Math.max(2 * (previous ?? 0), 8, hint), maxOrder));
}

function memoLaurentQ(t: Term, x: string, order: number, maxOrder: number, hint?: number): LaurentSeries<Rational> | undefined {
  const key = `${x}\u0000${T.termKey(t)}`;
  const hit = seriesMemo.get(key);
  if (hit && (hit.series === undefined || hit.order >= order)) return hit.series;
  const plain = seriesTarget(order, maxOrder, hit?.order);
  let target = seriesTarget(order, maxOrder, hit?.order, hint);
  let series: LaurentSeries<Rational> | undefined;
  try {
    series = laurentQ(t, x, target);
  } catch (err) {
    if (!(err instanceof KernelError) || target === plain) throw err;
    // the hint's precision failed: the precision without a hint decides (its error, if any)
    target = plain;
    series = laurentQ(t, x, target);
  }
  if (seriesMemo.size >= SERIES_MEMO_ENTRIES) seriesMemo.delete(seriesMemo.keys().next().value!);
  seriesMemo.set(key, { series, order: target });
  return series;
}

/**
 * The coefficient of x^k in the Laurent series of t about x = 0 (its power series
 * when it has one), as a term in the other variables (a rational constant when t
 * has no parameters). A negative k is exact too: [x^-1] (1/x) = 1, and [x^-1] of a
 * power series is 0 only once its Laurent series is computed and has no pole.
 * Throws: KernelError when t has no Laurent series at 0 of the needed kind
 * (log x, exp(1/x), sqrt(x)). `precisionHint` (a performance hint only, see
 * seriesMemo): how many coefficients later requests are likely to need.
 */
export function seriesCoefficient(t: Term, x: string, k: number, asm: Assumptions, limits: KernelLimits, precisionHint?: number): Term {
  return guarded(limits, () => {
    const s = memoLaurentQ(t, x, k + 1, limits.maxSeriesOrder, precisionHint);
    if (s) return T.num(s.coeff(k));
    return laurentParamCoefficient(t, x, k, asm);
  });
}

/** The Taylor polynomial of t in x about 0 through x^n, as a term. */
export function taylorPolynomial(t: Term, x: string, n: number, asm: Assumptions, limits: KernelLimits): Term {
  return guarded(limits, () => {
    const s = seriesQ(t, x, n + 1, asm);
    const coeffs: Term[] = s ? s.coeffs().map((c) => T.num(c)) : seriesParamCoefficients(t, x, n + 1, asm);
    return T.add(...coeffs.map((c, k) => T.mul(c, T.pow(T.v(x), k))));
  });
}

/**
 * The valuation of t's Laurent series in x (the index of its first nonzero
 * coefficient; negative at a pole: val(1/x^2) = -2).
 * Throws: `series/valuation` when every coefficient through the series-order limit is 0.
 */
export function valuation(t: Term, x: string, asm: Assumptions, limits: KernelLimits): number {
  return guarded(limits, () => {
    for (let n = 8; ; n *= 2) {
      const order = Math.min(n, limits.maxSeriesOrder);
      const s = laurentQ(t, x, order);
      if (!s) fail('kernel/unsupported', `val: the series of ${T.termToString(t)} in ${x} does not have rational coefficients`);
      const v = s.valuation();
      if (v !== Infinity) return v;
      if (order >= limits.maxSeriesOrder) fail('series/valuation', `val: every coefficient through ${x}^${order - 1} is 0`);
    }
  });
}

/**
 * The value of sum_{x >= lo} body as a term free of x (Lemmas 1 and 2 of sums.ts:
 * exponential series with polynomial weight (Touchard), geometric series with
 * polynomial weight, |z| < 1 proved by positivity). `fact` names the variable that
 * stands for x! in body; x and fact must not be user variables.
 * Throws: KernelError `kernel/unsupported` when no lemma applies; `limit/...`.
 */
export function infiniteSum(body: Term, x: string, fact: string, lo: number, asm: Assumptions, limits: KernelLimits): Term {
  return guarded(limits, () => sumToInfinity(body, x, fact, lo, asm).value);
}

/**
 * The value of the integral of body d(x) over all reals, as a term free of x
 * (Lemma 3 of sums.ts: Gaussian integral with polynomial weight, the quadratic
 * coefficient proved < 0 by positivity). x must not be a user variable.
 * Throws: KernelError `kernel/unsupported` when the lemma does not apply; `limit/...`.
 */
export function integralOverR(body: Term, x: string, asm: Assumptions, limits: KernelLimits): Term {
  return guarded(limits, () => integralOverReals(body, x, asm).value);
}

/**
 * The value of the integral of body d(x) from lo to hi (either end may be infinite),
 * as a term free of x (theorems/integrals.ts: polynomial times exp of a linear or
 * quadratic exponent, Gamma and Beta integrals, rational functions by partial
 * fractions). x must not be a user variable.
 * Throws: KernelError `kernel/unsupported` when no lemma applies; `integral/diverges`
 * when the integral is shown divergent; `limit/...`.
 */
export function definiteIntegral(body: Term, x: string, lo: Term | '-inf', hi: Term | 'inf', asm: Assumptions, limits: KernelLimits): Term {
  return guarded(limits, () => integrate(body, x, lo, hi, asm).value);
}


/**
 * Refutes `lhs op rhs` at one rational point (inside the assumptions) by rigorous
 * enclosures of both sides there, or returns undefined when the enclosures do not
 * exclude the relation (or a side cannot be enclosed). This is how a numeric
 * witness's failure is confirmed: at the exact rational value of the sample.
 * Throws: KernelError `limit/...` when a limit is exceeded.
 */
export function refuteAt(lhs: Term, op: RelOp, rhs: Term, point: ReadonlyMap<string, Rational>, asm: Assumptions, limits: KernelLimits): Decision | undefined {
  return guarded(limits, () => {
    const cx = refuteAtPoint(lhs, op, rhs, point, asm);
    if (!cx) return undefined;
    return {
      status: 'refuted',
      counterexample: [
        `counterexample (rigorous enclosure at the sampled point, as an exact rational): at ${pointText(cx.point)} the left side is ${showEnclosure(cx.lhs)} and the right side is ${showEnclosure(cx.rhs)}`,
      ],
    };
  });
}
