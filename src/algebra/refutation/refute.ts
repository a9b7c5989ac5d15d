/**
 * Exact counterexamples to (in)equalities between kernel Terms. TRUSTED KERNEL.
 *
 * A deterministic search over a fixed set of "nice" rational points inside the
 * assumptions (0, +-1, +-1/2, +-2, +-1/3, +-3, +-1/10, +-10, and for bounded or
 * half-bounded domains the midpoint, quarter points and points near each end). At each
 * point both sides are enclosed rigorously (interval.ts); a point is returned only when
 * the enclosures PROVE the claim false there (for `=`: the two intervals are disjoint).
 * Points where either side is undefined, or the enclosures overlap, are skipped. So a
 * returned counterexample is a theorem about one exact point, never a float accident;
 * and the absence of one proves nothing.
 */
import { KernelError } from '../numbers/errors.ts';
import { certainlyLess, certainlyLessEq, contains, disjoint, enclose, isNegative, isPositive, rangeOf, type RInterval } from '../enclosures/interval.ts';
import { Rational } from '../numbers/rational.ts';
import type { Assumptions, Term, VarAssumption } from '../containers/term.ts';
import { freeVars } from '../containers/term.ts';

/** A strict or weak inequality, or disequality. */
export type RelOp = '<' | '<=' | '>' | '>=' | '!=';

/** A point where lhs op rhs provably fails, with both sides' enclosures there. */
export interface Counterexample {
  readonly point: ReadonlyMap<string, Rational>;
  readonly lhs: RInterval;
  readonly rhs: RInterval;
}

/** At most this many grid points are tried per claim. */
export const MAX_POINTS = 512;

const r = (n: bigint, d = 1n): Rational => Rational.frac(n, d);

/** The fixed grid of nice values (in this order). */
const NICE: readonly Rational[] = [
  r(0n), r(1n), r(-1n), r(1n, 2n), r(-1n, 2n), r(2n), r(-2n), r(1n, 3n), r(-1n, 3n), r(3n), r(-3n),
  r(1n, 10n), r(-1n, 10n), r(10n), r(-10n),
];

/** Candidate values for one variable: grid values inside its assumption, then domain-specific points. */
export function candidateValues(a: VarAssumption | undefined): Rational[] {
  const dom = { lo: a?.lo, hi: a?.hi };
  const out: Rational[] = [];
  const seen = new Set<string>();
  const push = (x: Rational): void => {
    const k = x.toString();
    if (!seen.has(k) && contains(dom, x)) {
      seen.add(k);
      out.push(x);
    }
  };
  const lo = a?.lo?.value;
  const hi = a?.hi?.value;
  if (lo !== undefined && hi !== undefined) {
    const w = hi.sub(lo);
    push(lo);
    push(hi);
    for (const f of [r(1n, 2n), r(1n, 4n), r(3n, 4n), r(1n, 10n), r(9n, 10n), r(1n, 1000n), r(999n, 1000n)]) push(lo.add(w.mul(f)));
  } else if (lo !== undefined) {
    push(lo);
    for (const d of [r(1n, 1000n), r(1n, 10n), r(1n, 2n), r(1n), r(2n), r(10n)]) push(lo.add(d));
  } else if (hi !== undefined) {
    push(hi);
    for (const d of [r(1n, 1000n), r(1n, 10n), r(1n, 2n), r(1n), r(2n), r(10n)]) push(hi.sub(d));
  }
  for (const x of NICE) push(x);
  return out;
}

/** True when the enclosures prove that `lhs op rhs` is false. */
function provesFailure(L: RInterval, op: RelOp | '=', R: RInterval): boolean {
  switch (op) {
    case '<': return certainlyLessEq(R, L); // lhs >= rhs
    case '<=': return certainlyLess(R, L); // lhs > rhs
    case '>': return certainlyLessEq(L, R);
    case '>=': return certainlyLess(L, R);
    case '=': return disjoint(L, R);
    case '!=': {
      // both sides are the same exact number
      const same = (I: RInterval): Rational | undefined => (I.lo && I.hi && I.lo.value.eq(I.hi.value) ? I.lo.value : undefined);
      const a = same(L);
      const b = same(R);
      return a !== undefined && b !== undefined && a.eq(b);
    }
  }
}

function tryEnclose(t: Term, point: ReadonlyMap<string, Rational>, prec: number): RInterval | undefined {
  try {
    return enclose(t, point, prec);
  } catch (e) {
    if (e instanceof KernelError) return undefined;
    throw e;
  }
}

/**
 * A point satisfying asm where `lhs op rhs` provably fails (by rigorous enclosure of both
 * sides), or undefined when the grid holds none. Deterministic.
 * Requires: nothing. Throws: nothing but internal errors (undefined points are skipped).
 */
export function findCounterexample(lhs: Term, op: RelOp | '=', rhs: Term, asm: Assumptions): Counterexample | undefined {
  const vars = [...freeVars(rhs, freeVars(lhs))].sort();
  const lists = vars.map((x) => candidateValues(asm.get(x)));
  if (lists.some((l) => l.length === 0)) return undefined;
  // Keep the product of list lengths under MAX_POINTS by trimming the longest lists.
  const total = (): number => lists.reduce((n, l) => n * l.length, 1);
  while (total() > MAX_POINTS) {
    let iMax = 0;
    lists.forEach((l, i) => { if (l.length > lists[iMax]!.length) iMax = i; });
    lists[iMax]!.pop();
  }
  const idx = vars.map(() => 0);
  for (;;) {
    const point = new Map(vars.map((x, i) => [x, lists[i]![idx[i]!]!]));
    for (const prec of [128, 512]) {
      const L = tryEnclose(lhs, point, prec);
      const R = L && tryEnclose(rhs, point, prec);
      if (!L || !R) break;
      if (provesFailure(L, op, R)) return { point, lhs: L, rhs: R };
      // more precision helps only when an enclosure is wide (cancellation), not when the
      // two sides simply agree
      if (op === '!=' || (narrow(L) && narrow(R))) break;
    }
    // next point (odometer)
    let i = vars.length - 1;
    while (i >= 0 && ++idx[i]! === lists[i]!.length) idx[i--] = 0;
    if (i < 0) return undefined;
  }
}

/** True when I is finite and its width is below 2^-60 (1 + |its lower end|). */
function narrow(I: RInterval): boolean {
  if (!I.lo || !I.hi) return false;
  const w = I.hi.value.sub(I.lo.value);
  return w.mul(Rational.frac(2n ** 60n)).cmp(Rational.ONE.add(I.lo.value.abs())) <= 0;
}

/**
 * Whether `lhs op rhs` provably fails at one given rational point, by rigorous
 * enclosures of both sides at increasing precision (128, 512, 2048 bits). The point
 * must satisfy the assumptions (checked here: a point outside them returns undefined).
 * Used to confirm a numeric witness's failure at the exact rational value of its
 * sample. Requires: a value for every free variable. Throws: nothing but internal errors.
 */
export function refuteAtPoint(lhs: Term, op: RelOp | '=', rhs: Term, point: ReadonlyMap<string, Rational>, asm: Assumptions): Counterexample | undefined {
  for (const [x, v] of point) {
    const a = asm.get(x);
    if (a && !contains({ lo: a.lo, hi: a.hi }, v)) return undefined;
  }
  for (const x of freeVars(rhs, freeVars(lhs))) if (!point.has(x)) return undefined;
  for (const prec of [128, 512, 2048]) {
    const L = tryEnclose(lhs, point, prec);
    const R = L && tryEnclose(rhs, point, prec);
    if (!L || !R) return undefined;
    if (provesFailure(L, op, R)) return { point, lhs: L, rhs: R };
    if (op === '!=' || (narrow(L) && narrow(R))) return undefined;
  }
  return undefined;
}

/** A zero of a difference located by the intermediate value theorem. */
export interface SignChangeZero {
  /** The other variables' values (fixed along the segment). */
  readonly fixed: ReadonlyMap<string, Rational>;
  /** The variable that moves along the segment, and the bracket [lo, hi] holding a zero. */
  readonly variable: string;
  readonly lo: Rational;
  readonly hi: Rational;
  /** Enclosures of the difference at the two ends (opposite strict signs). */
  readonly atLo: RInterval;
  readonly atHi: RInterval;
}

/** Grid values per variable for the sign-change search. */
const SIGN_GRID = 9;
/** Pieces a segment may be cut into to show definedness on each. */
const MAX_PIECES = 64;
/** Bisection steps that narrow the bracket. */
const BISECTIONS = 40;

/** +1 or -1 when the enclosure of d at the point has a strict sign; 0 otherwise. */
function signAt(d: Term, point: ReadonlyMap<string, Rational>): { sign: number; at?: RInterval } {
  const I = tryEnclose(d, point, 128);
  if (!I) return { sign: 0 };
  return { sign: isPositive(I) ? 1 : isNegative(I) ? -1 : 0, at: I };
}

/**
 * True when d is shown defined at every point of the segment where `variable` runs
 * over [lo, hi] and the other variables are fixed: interval evaluation over the
 * segment (cut into up to MAX_PIECES pieces) never meets a possibly undefined
 * operation. Every operation enclose supports is continuous wherever it is defined,
 * so d is then continuous on the segment.
 */
function definedOnSegment(d: Term, fixed: ReadonlyMap<string, Rational>, variable: string, lo: Rational, hi: Rational): boolean {
  for (let pieces = 1; pieces <= MAX_PIECES; pieces *= 4) {
    let ok = true;
    const w = hi.sub(lo).div(Rational.of(pieces));
    for (let i = 0; i < pieces && ok; i++) {
      const a = lo.add(w.mul(Rational.of(i)));
      const b = i === pieces - 1 ? hi : lo.add(w.mul(Rational.of(i + 1)));
      const box = new Map<string, VarAssumption>();
      for (const [x, v] of fixed) box.set(x, { lo: { value: v, open: false }, hi: { value: v, open: false } });
      box.set(variable, { lo: { value: a, open: false }, hi: { value: b, open: false } });
      try {
        rangeOf(d, box, 64);
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        ok = false;
      }
    }
    if (ok) return true;
  }
  return false;
}

/**
 * A zero of d inside the assumptions, by the intermediate value theorem: on a grid
 * of rational points (candidateValues), two points that differ in one coordinate
 * where rigorous enclosures give d opposite strict signs, with d shown defined (hence
 * continuous) on the whole segment between them; the segment lies in the box of
 * assumptions, which is convex. The bracket is then narrowed by bisection at
 * rational midpoints. Deterministic. Requires: nothing. Throws: nothing but
 * internal errors.
 */
export function findSignChangeZero(d: Term, asm: Assumptions): SignChangeZero | undefined {
  const vars = [...freeVars(d)].sort();
  if (vars.length === 0 || vars.length > 3) return undefined;
  const lists = vars.map((x) => candidateValues(asm.get(x)).slice(0, SIGN_GRID).sort((p, q) => p.cmp(q)));
  if (lists.some((l) => l.length < 2)) return undefined;
  const signs = new Map<string, { sign: number; at?: RInterval }>();
  const keyOf = (idx: readonly number[]): string => idx.join(',');
  const pointOf = (idx: readonly number[]): Map<string, Rational> => new Map(vars.map((x, i) => [x, lists[i]![idx[i]!]!]));
  const sign = (idx: readonly number[]) => {
    const k = keyOf(idx);
    let s = signs.get(k);
    if (!s) {
      s = signAt(d, pointOf(idx));
      signs.set(k, s);
    }
    return s;
  };
  const idx = vars.map(() => 0);
  for (;;) {
    for (let axis = 0; axis < vars.length; axis++) {
      if (idx[axis]! + 1 >= lists[axis]!.length) continue;
      const next = [...idx];
      next[axis]! += 1;
      const a = sign(idx);
      const b = sign(next);
      if (a.sign === 0 || b.sign === 0 || a.sign === b.sign) continue;
      const fixed = pointOf(idx);
      const variable = vars[axis]!;
      fixed.delete(variable);
      let lo = lists[axis]![idx[axis]!]!;
      let hi = lists[axis]![next[axis]!]!;
      if (!definedOnSegment(d, fixed, variable, lo, hi)) continue;
      let atLo = a.at!;
      let atHi = b.at!;
      const sLo = a.sign;
      for (let step = 0; step < BISECTIONS; step++) {
        const mid = lo.add(hi).div(Rational.of(2));
        const m = signAt(d, new Map([...fixed, [variable, mid]]));
        if (m.sign === 0) break;
        if (m.sign === sLo) { lo = mid; atLo = m.at!; } else { hi = mid; atHi = m.at!; }
      }
      return { fixed, variable, lo, hi, atLo, atHi };
    }
    let i = vars.length - 1;
    while (i >= 0 && ++idx[i]! === lists[i]!.length) idx[i--] = 0;
    if (i < 0) return undefined;
  }
}
