/**
 * Definite integrals in doubles for the numeric witness: tanh-sinh quadrature on a
 * finite segment (x = mid +- half (1 - tanh((pi/2) sinh t)) measured from the nearer end,
 * so integrable end-point singularities such as x^(-1/2) are sampled without
 * cancellation; ENDS below for singular ends other than 0) and exp-sinh on a
 * half-line (x = a +- exp((pi/2) sinh t)); the trapezoid step is halved until two
 * levels agree (trapezoidLevels, shared with the whole-line rules of evaluate.ts).
 * Independent of the exact kernel.
 *
 * NO TAILS CUT. Every level evaluates every node out to +-tmax. Stopping past the
 * last non-zero node of the first level (as Boost does) was tried and removed: an
 * integrand can be 0 at every first-level node of a tail and still carry mass
 * between them (exp(-x^4) + exp(-((x - 500)/10)^4) over the reals), and the cut
 * then settled on a wrong value, so a false claim was TESTED.
 */
import { EvalError } from './evaluate.ts';

/** A sample: the value, its rounding magnitude and its method error (an underflow's, a nested sum's tail...). */
export interface Sample {
  readonly v: number;
  readonly m: number;
  readonly e: number;
}

/** A node that adds nothing. */
const NOTHING: Sample = { v: 0, m: 0, e: 0 };

/**
 * GAPS: the stretch [lo, hi] of the variable between a node's two neighbours in the
 * trapezoid grid, which the rule does not sample: what the integrand does there is
 * known only if something bounds it over the whole stretch (NEGLIGIBLE NODES in
 * evaluate.ts forgives a node only so). The ends may be infinite.
 */
export type Gap = readonly [number, number];

/**
 * A node's GAP in the grid of its level (step h, its neighbours h away in the rule's own
 * variable), and in the grid of any later level (`at`): the levels halve the step, so
 * the gap of the level that settles is the one that stays unsampled.
 */
export interface NodeGap {
  readonly h: number;
  at(h: number): Gap;
}

/** The gap between two neighbours' positions, in increasing order. */
export function gapOf(x: number, y: number): Gap {
  return x <= y ? [x, y] : [y, x];
}

/**
 * The integral of f from a to b (a may be -Infinity, b Infinity, not both; a > b
 * gives minus the integral from b to a), as { x, m, e } with e the last change between
 * levels. A `piece` of a larger integral (KINKS in evaluate.ts) is settled, and its ends
 * judged, against its rounding magnitude as well as its value: a piece may be worth 0
 * (the half-lines of abs(x)^5 (x^2 - 3) exp(-x^2)), and then its levels never agree to
 * 1e-10 of |value| (a red-team pass). Throws: EvalError `verify/integral-diverges` (non-finite sums or a tail that
 * does not decay), `verify/integral-inaccurate` (levels do not settle).
 */
export function quadrature(f: (x: number, gap?: NodeGap) => Sample, a: number, b: number, name: string, tick: () => void, near?: NearEnd, piece = false, settled?: (h: number, scale: number) => number): { x: number; m: number; e: number } {
  if (a === b) return { x: 0, m: 0, e: 0 };
  if (a > b) {
    const r = quadrature(f, b, a, name, tick, near, piece, settled);
    return { x: -r.x, m: r.m, e: r.e };
  }
  let g: (t: number, h: number) => Sample;
  let tmax: number;
  if (Number.isFinite(a) && Number.isFinite(b)) {
    const half = (b - a) / 2;
    // a segment longer than the largest double: every node's offset and weight would be
    // infinite and left out, and the sum 0 with no error (integral(x = -10^308..10^308,
    // exp(-x^2)) = 0 was TESTED: a red-team pass)
    if (!Number.isFinite(b - a)) throw new EvalError('verify/out-of-range', `the interval of the integral over ${name} is longer than the largest double`);
    tmax = 4;
    /** The node's distance from the nearer end: half (1 - tanh |u|), u = (pi/2) sinh t. */
    const offset = (t: number): number => half * 2 / (Math.exp(2 * Math.abs((Math.PI / 2) * Math.sinh(t))) + 1);
    // a node's position; past the outermost nodes (|t| > tmax) the end itself: the GAP of an
    // outermost node reaches the end, all of which the rule leaves unsampled (a red-team
    // pass: on [0, 10^50] the first node is 6e12 from 0, and 1/cosh(x) there was forgiven)
    const at = (t: number): number => (t > tmax ? b : t < -tmax ? a : t >= 0 ? b - offset(t) : a + offset(t));
    const precise = near ? [singularEnd(f, a, 1, offset), singularEnd(f, b, -1, offset)] : [false, false];
    g = (t, h) => {
      const u = (Math.PI / 2) * Math.sinh(t);
      const off = offset(t);
      const x = at(t);
      const end = t >= 0 ? b : a;
      if (off === 0) return NOTHING;
      const ch = Math.cosh(u);
      const jac = half * (Math.PI / 2) * Math.cosh(t) / (ch * ch);
      if (!Number.isFinite(jac) || jac === 0) return NOTHING;
      let y: Sample | undefined;
      if (near && precise[t >= 0 ? 1 : 0] && off < ENDS * Math.abs(end)) y = near(end, t >= 0 ? -off : off);
      if (y === undefined) {
        if (x === a || x === b) return NOTHING;
        y = f(x, { h, at: (k) => gapOf(at(t - k), at(t + k)) });
        // ENDS on demand: a node whose rounding scale is not finite next to an end c != 0
        // (log(1 - x) at x = 1 - 2^-52, where 1 - x, exact, looks uncertain to FIRST
        // ORDER) is evaluated at its exact point as well (integral(x = 0..1, log(x)*log(1 - x)))
        if (!(Number.isFinite(y.m) && Number.isFinite(y.e)) && near && end !== 0 && off < ENDS * Math.abs(end)) y = near(end, t >= 0 ? -off : off) ?? y;
      }
      if (y.v === 0 && y.e === 0) return NOTHING;
      return { v: y.v * jac, m: y.m * jac, e: y.e * jac };
    };
  } else {
    const end = Number.isFinite(a) ? a : b;
    const dir = Number.isFinite(a) ? 1 : -1;
    tmax = 4.5;
    // past the node nearest the finite end, that end (as for a segment)
    const at = (t: number): number => (t < -tmax ? end : end + dir * Math.exp((Math.PI / 2) * Math.sinh(t)));
    g = (t, h) => {
      const e = Math.exp((Math.PI / 2) * Math.sinh(t));
      const x = end + dir * e;
      const jac = (Math.PI / 2) * Math.cosh(t) * e;
      if (!Number.isFinite(x) || !Number.isFinite(jac) || x === end) return NOTHING;
      const y = f(x, { h, at: (k) => gapOf(at(t - k), at(t + k)) });
      if (y.v === 0 && y.e === 0) return NOTHING;
      return { v: y.v * jac, m: y.m * jac, e: y.e * jac };
    };
  }
  const r = trapezoidLevels(doubleSums, g, { h0: 0.5, tmax, levels: 7, edgeTol: 1e-9, settleTol: 1e-10, magnitude: piece, edgeMagnitude: piece }, tick, settled);
  switch (r.kind) {
    case 'settled': return r;
    case 'non-finite': throw new EvalError('verify/integral-diverges', `the integral over ${name} does not converge`);
    case 'edge': throw new EvalError('verify/integral-diverges', `the integrand in ${name} does not decay fast enough at the ends of the interval`);
    case 'unsettled': break;
  }
  throw new EvalError('verify/integral-inaccurate', `the quadrature for the integral over ${name} did not settle (is it divergent?)`);
}

/**
 * ENDS. Near a finite end c != 0 a node x = c -+ off is rounded to a double: c - x
 * keeps only about log2(|c|/off) bits of off, and x == c once off is below half an
 * ulp of c. An integrand that is singular there ((1 - x)^(-1/2) at c = 1) then gets
 * values with a large relative error at the very nodes that carry its tail, and the
 * levels never settle. So when an end looks singular (singularEnd), the nodes closer
 * to it than 1e-3 |c| are evaluated by `near` at the exact point c + d (the caller
 * works in double-double, where c + d is exact); the others, and every node of an end
 * that is not singular or is 0 (x = 0 + off is exact), stay in doubles.
 *
 * Such a node's rounding scale is |value|, not the running bound m of its
 * double-double run: that bound charges c - x, an exact subtraction here, with the
 * magnitudes of c and x, which at off = 1e-30 would make the integral's scale (and so
 * the tolerance of every claim about it) absurdly large. |value| keeps the tolerance as
 * tight as for a regular integrand: a value that were less accurate than that could
 * only make a true claim fail (never REFUTED: an integral has no higher-precision
 * re-check), never let a false one pass. And the other leaves are within 2^-104 of
 * their values, while a node's error enters the sum times its weight, which falls
 * like off.
 */
export type NearEnd = (end: number, d: number) => Sample | undefined;

/** The relative distance from an end within which ENDS evaluates precisely. */
const ENDS = 1e-3;

/**
 * Whether the integrand looks singular at the finite end c != 0 (ENDS): |f| at the
 * first-level nodes t = 2.5 and t = 2 from that end (distances about 1e-8 and 1e-5 of
 * the half width) grows toward the end by more than a factor 4 (x^(-1/2) grows by 30,
 * a logarithm by 1.6), or is not finite there.
 * `dir` is +1 for the lower end (x = c + off), -1 for the upper.
 */
function singularEnd(f: (x: number) => Sample, c: number, dir: 1 | -1, offset: (t: number) => number): boolean {
  if (c === 0) return false;
  const at = (t: number): number => {
    const x = c + dir * offset(t);
    return x === c ? NaN : Math.abs(f(x).v);
  };
  try {
    const inner = at(2);
    const outer = at(2.5);
    return !Number.isFinite(outer) || outer > 4 * inner;
  } catch (err) {
    if (err instanceof EvalError) return true;
    throw err;
  }
}

/** What the trapezoid levels need of an arithmetic (doubles, or Taylor jets: the sums are linear). */
export interface SumField<T> {
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  scale(a: T, s: number): T;
  /** |a| (for jets, the largest coefficient). */
  abs(a: T): number;
  isFinite(a: T): boolean;
}

/** The sums in doubles. */
export const doubleSums: SumField<number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  scale: (a, s) => a * s,
  abs: Math.abs,
  isFinite: Number.isFinite,
};

/** A trapezoid rule's schedule and acceptance (see trapezoidLevels). */
export interface LevelRule {
  /** The first level's step; each later level halves it. */
  readonly h0: number;
  /** The nodes lie in [-tmax, tmax]. */
  readonly tmax: number;
  /** Refinements after the first level. */
  readonly levels: number;
  /** The ends' |g(+-tmax)| must stay below edgeTol times the value (else 'edge'). */
  readonly edgeTol: number;
  /** Two levels agree when they differ by at most settleTol times the scale. */
  readonly settleTol: number;
  /** The scale is max(|value|, integral of |g|'s rounding magnitude) when true, else |value|. */
  readonly magnitude: boolean;
  /** The ends are judged against that scale too (a piece between KINKS may be worth 0), not against |value| alone. */
  readonly edgeMagnitude?: boolean;
}

/** The outcome of trapezoidLevels. */
export type LevelOutcome<T> =
  | { kind: 'settled'; x: T; m: number; e: number; change: T; uniform: number }
  | { kind: 'non-finite' }
  | { kind: 'edge' }
  | { kind: 'unsettled' };

/**
 * The trapezoid sums of the substituted integrand g on [-tmax, tmax], the step
 * halved from h0 until two successive levels agree (at the third refinement at the
 * earliest, so that two coarse levels cannot agree by accident). Nested: each level
 * evaluates only its new nodes, every one of them (NO TAILS CUT, module header).
 * Returns the value with its
 * rounding magnitude (the integral of g's m) and e = the last change plus 1e-13 of
 * the value plus the integral of the nodes' own method errors (g's e), with the last
 * change itself and the part of e that is neither (`uniform`: in jets, the same for every
 * coefficient, COEFFICIENT ERRORS in evaluate.ts); or why it did not settle: a non-finite sum, ends that do not decay, or
 * levels that never agreed (or cannot: a rounding scale that is NaN). `tick` runs before each refinement (time limits);
 * `settled` is told the step of the level that settled (its grid's GAPS) and the scale the
 * levels agreed against, and returns an error to add (what the gaps may hold). g(t, h):
 * the node t, its neighbours h away.
 */
export function trapezoidLevels<T>(F: SumField<T>, g: (t: number, h: number) => { v: T; m: number; e: number }, rule: LevelRule, tick: () => void, settled?: (h: number, scale: number) => number): LevelOutcome<T> {
  const { tmax } = rule;
  let h = rule.h0;
  const g0 = g(0, h);
  let sum = g0.v;
  let msum = Math.abs(g0.m);
  let esum = Math.abs(g0.e);
  /** The nodes +-t for t = first, first + stride, ... up to tmax, into the sums (their neighbours in the grid are first away). */
  const addNodes = (first: number, stride: number): void => {
    for (let t = first; t <= tmax; t += stride) {
      const p = g(t, first);
      const q = g(-t, first);
      sum = F.add(sum, F.add(p.v, q.v));
      msum += Math.abs(p.m) + Math.abs(q.m);
      esum += Math.abs(p.e) + Math.abs(q.e);
    }
  };
  addNodes(h, h);
  let prev = F.scale(sum, h);
  let edge: number | undefined;
  for (let level = 0; level < rule.levels; level++) {
    tick();
    h /= 2;
    addNodes(h, 2 * h); // the new nodes only: the odd multiples of h
    const cur = F.scale(sum, h);
    if (!F.isFinite(cur)) return { kind: 'non-finite' };
    const acur = F.abs(cur);
    edge ??= F.abs(g(tmax, h).v) + F.abs(g(-tmax, h).v); // the same at every level
    const scale = rule.magnitude ? Math.max(acur, msum * h) : Math.max(acur, 1e-300);
    if (edge > rule.edgeTol * (rule.edgeMagnitude ? scale : Math.max(acur, 1e-300))) return { kind: 'edge' };
    const diff = F.abs(F.sub(cur, prev));
    if (level >= 2 && diff <= rule.settleTol * scale) {
      const unsampled = settled?.(h, scale) ?? 0;
      const uniform = esum * h + unsampled;
      return { kind: 'settled', x: cur, m: msum * h, e: diff + 1e-13 * acur + uniform, change: F.sub(cur, prev), uniform };
    }
    // a NaN rounding scale (a node's m was inf times 0) stays NaN at every later level, and
    // no level can settle against it: said now, not after 4,600 more nodes
    if (Number.isNaN(scale)) return { kind: 'unsettled' };
    prev = cur;
  }
  return { kind: 'unsettled' };
}
