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
import { KernelError } from './errors.ts';
import { certainlyLess, certainlyLessEq, contains, disjoint, enclose, type RInterval } from './interval.ts';
import { Rational } from './rational.ts';
import type { Assumptions, Term, VarAssumption } from './term.ts';
import { freeVars } from './term.ts';

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
