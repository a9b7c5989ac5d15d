/**
 * Deciding identities lhs = rhs between kernel Terms. TRUSTED KERNEL.
 *
 * PROVED only when normalize(lhs - rhs) is the zero rational function with the
 * atoms as independent indeterminates (sound: see normal.ts). REFUTED only with an
 * exact counterexample: a rational point inside the assumptions at which both
 * sides evaluate EXACTLY (rational arithmetic plus the exact special values
 * exp(0) = 1, log(1) = 0, perfect roots, f(0) of the odd functions, ...) to
 * different rationals; an exact value also proves the term is defined there.
 * The points come from a fixed grid of nice rationals in each variable's interval,
 * so the verdict is deterministic. Everything else is UNKNOWN, with both normal
 * forms for the diagnostics. PROVED never rests on sampling.
 */
import { KernelError } from '../numbers/errors.ts';
import { Rational } from '../numbers/rational.ts';
import { NormalContext } from '../normal/normal.ts';
import { enclose } from '../enclosures/interval.ts';
import type { RatFunc } from '../enclosures/ratfunc.ts';
import * as T from '../containers/term.ts';
import type { Assumptions, Term, VarAssumption } from '../containers/term.ts';

/** The outcome of `decideEqual`. */
export type EqualityVerdict =
  | { status: 'proved'; normalForm: string; conditions: readonly string[]; split?: string }
  | { status: 'refuted'; point: ReadonlyMap<string, Rational>; lhs: Rational; rhs: Rational }
  | { status: 'unknown'; lhsNormal: string; rhsNormal: string; reason: string; residual?: ResidualCounterexample };

/**
 * A refutation read off the normal form: lhs - rhs normalises to a nonzero
 * rational function `residual` of the variables alone (no atoms), which is
 * nonzero (`value`) at `point`, where both sides are shown defined.
 */
export interface ResidualCounterexample {
  readonly point: ReadonlyMap<string, Rational>;
  readonly residual: string;
  readonly value: Rational;
}

/** b^k exactly, within size caps that keep evaluation at grid points cheap. */
function ratPow(b: Rational, k: Rational): Rational | undefined {
  if (k.num > 4096n || -k.num > 4096n || k.den > 64n) return undefined;
  return b.powExact(k);
}

/**
 * The exact value of t at a point, or undefined when t is not defined there or its
 * value is not known to be rational. Requires: nothing. Throws: nothing.
 */
export function evalExact(t: Term, at: ReadonlyMap<string, Rational>): Rational | undefined {
  switch (t.k) {
    case 'const':
      return t.value;
    case 'var':
      return at.get(t.name);
    case 'named':
      return undefined;
    case 'add': {
      let s = Rational.ZERO;
      for (const a of t.args) {
        const x = evalExact(a, at);
        if (x === undefined) return undefined;
        s = s.add(x);
      }
      return s;
    }
    case 'mul': {
      let p = Rational.ONE;
      for (const a of t.args) {
        const x = evalExact(a, at);
        if (x === undefined) return undefined;
        p = p.mul(x);
      }
      return p;
    }
    case 'pow': {
      const b = evalExact(t.base, at);
      return b === undefined ? undefined : ratPow(b, t.exp);
    }
    case 'powt': {
      const b = evalExact(t.base, at);
      const e = evalExact(t.exp, at);
      return b === undefined || e === undefined ? undefined : ratPow(b, e);
    }
    case 'fn': {
      const a = evalExact(t.arg, at);
      if (a === undefined) return undefined;
      switch (t.name) {
        case 'abs':
          return a.abs();
        case 'exp':
        case 'cos':
        case 'cosh':
          return a.isZero() ? Rational.ONE : undefined;
        case 'log':
        case 'acos':
          return a.eq(Rational.ONE) ? Rational.ZERO : undefined;
        case 'sin': case 'tan': case 'sinh': case 'tanh': case 'atan': case 'asin': case 'atanh':
          return a.isZero() ? Rational.ZERO : undefined;
        default:
          // the others (gamma, digamma, lgamma, ...) have no rational value known here;
          // gamma and digamma have a pole at 0
          return undefined;
      }
    }
  }
}

const NICE = ['0', '1', '-1', '1/2', '2', '-1/2', '-2', '3', '1/3', '-3', '3/2', '-1/3', '5', '2/3', '-3/2', '1/4', '7', '-5', '3/4', '10'].map(
  (s) => Rational.parse(s),
);

function inside(x: Rational, a: VarAssumption | undefined): boolean {
  if (!a) return true;
  if (a.lo) {
    const c = x.cmp(a.lo.value);
    if (c < 0 || (c === 0 && a.lo.open)) return false;
  }
  if (a.hi) {
    const c = x.cmp(a.hi.value);
    if (c > 0 || (c === 0 && a.hi.open)) return false;
  }
  return true;
}

/** Deterministic candidate values for one variable inside its assumed interval. */
export function gridFor(a: VarAssumption | undefined, count: number): Rational[] {
  const out: Rational[] = [];
  const push = (x: Rational): void => {
    if (out.length < count && inside(x, a) && !out.some((y) => y.eq(x))) out.push(x);
  };
  for (const x of NICE) push(x);
  const lo = a?.lo?.value;
  const hi = a?.hi?.value;
  if (lo !== undefined && hi !== undefined) {
    for (const k of [1, 2, 3, 4, 5, 6, 7]) push(lo.add(hi.sub(lo).mul(Rational.frac(BigInt(k), 8n))));
    for (const k of [1, 3, 5, 7, 9, 11, 13, 15]) push(lo.add(hi.sub(lo).mul(Rational.frac(BigInt(k), 16n))));
  } else if (lo !== undefined) {
    for (const d of ['1/2', '1', '2', '3', '1/4', '5']) push(lo.add(Rational.parse(d)));
  } else if (hi !== undefined) {
    for (const d of ['1/2', '1', '2', '3', '1/4', '5']) push(hi.sub(Rational.parse(d)));
  }
  if (lo !== undefined && out.length < count) push(lo);
  if (hi !== undefined && out.length < count) push(hi);
  return out;
}

const MAX_POINTS = 3000;

/**
 * An exact counterexample to lhs = rhs from the deterministic grid, if one is found.
 * Requires: nothing. Throws: nothing.
 */
export function findCounterexample(
  lhs: Term,
  rhs: Term,
  asm: Assumptions,
): { point: Map<string, Rational>; lhs: Rational; rhs: Rational } | undefined {
  for (const point of gridPoints(lhs, rhs, asm, MAX_POINTS, NICE.length)) {
    const a = evalExact(lhs, point);
    if (a !== undefined) {
      const b = evalExact(rhs, point);
      if (b !== undefined && !a.eq(b)) return { point, lhs: a, rhs: b };
    }
  }
  return undefined;
}

/**
 * The deterministic grid over the free variables of lhs and rhs (gridFor in each,
 * at most `perVar` values each and `max` points in all), in odometer order.
 */
function* gridPoints(lhs: Term, rhs: Term, asm: Assumptions, max: number, perVar: number): Generator<Map<string, Rational>> {
  const vars = [...T.freeVars(T.add(lhs, rhs))].sort();
  const per = vars.length === 0 ? 1 : Math.max(2, Math.min(perVar, Math.floor(max ** (1 / vars.length))));
  const grids = vars.map((x) => gridFor(asm.get(x), per));
  if (grids.some((g) => g.length === 0)) return;
  const idx = vars.map(() => 0);
  for (let n = 0; n < max; n++) {
    yield new Map(vars.map((x, i) => [x, grids[i]![idx[i]!]!] as const));
    let i = 0;
    while (i < vars.length) {
      idx[i]!++;
      if (idx[i]! < grids[i]!.length) break;
      idx[i] = 0;
      i++;
    }
    if (i === vars.length) return;
  }
}

/** Most abs atoms whose sign cases are tried (2^n cases). */
const MAX_ABS_SPLIT = 4;

/**
 * Case split on the signs of abs atoms (normal.ts R10 leaves abs(c) when the sign of c
 * is not established). Sound: at every point, abs(c) = s c with s the sign of c there
 * (either sign when c = 0); so if d with abs(c_i) replaced by s_i c_i is the zero
 * rational function for EVERY choice of signs s, then d is 0 at every point where it is
 * defined (the numerator of d vanishes there whichever case the point is in). abs atoms
 * nested inside other atoms stay opaque, which only makes the test stricter.
 */
function splitByAbsSigns(ctx: NormalContext, d: RatFunc): { proved: boolean; text?: string } {
  const abs = d.vars().filter((x) => ctx.atoms.get(x)?.kind === 'abs');
  if (abs.length === 0) return { proved: false };
  const args = abs.map((x) => ctx.atoms.get(x)!.arg!);
  const names = args.map((a) => T.termToString(ctx.toTerm(a)));
  if (abs.length > MAX_ABS_SPLIT) {
    return { proved: false, text: `the difference has ${abs.length} abs terms of undetermined sign (${names.join(', ')}); at most ${MAX_ABS_SPLIT} are split into sign cases` };
  }
  for (let mask = 0; mask < 1 << abs.length; mask++) {
    let e = d;
    abs.forEach((x, i) => {
      e = e.substitute(x, mask & (1 << i) ? args[i]!.neg() : args[i]!);
    });
    e = ctx.reduceRoots(e);
    if (!e.isZero()) {
      const when = abs.map((_, i) => `${names[i]} ${mask & (1 << i) ? '<' : '>'} 0`).join(', ');
      return { proved: false, text: `split by the sign of ${names.join(', ')}: where ${when} the difference is ${e}, not 0` };
    }
  }
  return { proved: true, text: `split by the sign of ${names.join(', ')} (${1 << abs.length} cases)` };
}

/**
 * Decides lhs = rhs under asm: proved (normal forms agree), refuted (exact
 * counterexample) or unknown. Requires: nothing. Throws: nothing (kernel errors,
 * including `limit/...`, become 'unknown' with the error as the reason).
 */
export function decideEqual(lhs: Term, rhs: Term, asm: Assumptions): EqualityVerdict {
  const ctx = new NormalContext(asm);
  let lhsNormal = '?';
  let rhsNormal = '?';
  let reason: string | undefined;
  let residualDiff: RatFunc | undefined;
  let lhsForm: RatFunc | undefined;
  try {
    // normalize(lhs - rhs) = normalize(lhs) - normalize(rhs) in Q(vars, atoms) (R1);
    // each side is normalised once, in one context, so equal atoms coincide.
    const l = ctx.normalize(lhs);
    lhsForm = l;
    const r = ctx.normalize(rhs);
    // The normal form's text only when asked for (a proved identity rarely shows it).
    const proved = (conditions: Iterable<string>, split?: string): EqualityVerdict => ({
      status: 'proved',
      get normalForm() {
        return l.toString();
      },
      conditions: [...conditions],
      ...(split !== undefined ? { split } : {}),
    });
    const d = ctx.reduceRoots(l.sub(r));
    if (d.isZero()) return proved(ctx.conditions);
    lhsNormal = l.toString();
    rhsNormal = r.toString();
    // Atoms made later can simplify earlier terms (log(P) with P = c Q^k is split
    // only once the atom log(Q) exists, R13): retry with the sides in the other order.
    reason = `the normal form of lhs - rhs is ${d}, not 0`;
    // The retry is seeded with the first pass's angle denominators (R15), so that
    // exp(1/2)^2 = e and sin(x/2)^2 = (1 - cos x)/2 use one base angle throughout.
    const ctx2 = new NormalContext(asm, ctx.angleDenominators());
    const r2 = ctx2.normalize(rhs);
    const d2 = ctx2.reduceRoots(ctx2.normalize(lhs).sub(r2));
    if (d2.isZero()) return proved(ctx2.conditions);
    const split = splitByAbsSigns(ctx2, d2);
    if (split.proved) return proved(ctx2.conditions, split.text);
    if (split.text) reason = split.text;
    residualDiff = d;
  } catch (e) {
    if (!(e instanceof KernelError)) throw e;
    reason ??= `${e.code}: ${e.message}`;
  }
  const cex = findCounterexample(lhs, rhs, asm);
  if (cex) return { status: 'refuted', point: cex.point, lhs: cex.lhs, rhs: cex.rhs };
  if (lhsNormal === '?' && lhsForm) lhsNormal = lhsForm.toString();
  const residual = residualDiff && !residualDiff.vars().some((x) => ctx.isAtom(x)) ? residualPoint(residualDiff, lhs, rhs, asm) : undefined;
  return { status: 'unknown', lhsNormal, rhsNormal, reason: reason ?? 'no proof', ...(residual ? { residual } : {}) };
}

/** Bits of precision for the definedness enclosures of residualPoint. */
const DEFINED_PREC = 64;

/** True when t is shown defined at the point: a rigorous enclosure of its value exists. */
function definedAt(t: Term, point: ReadonlyMap<string, Rational>): boolean {
  try {
    enclose(t, point, DEFINED_PREC);
    return true;
  } catch (e) {
    if (e instanceof KernelError) return false;
    throw e;
  }
}

/**
 * A point of the grid (inside the assumptions) where the atom-free residual
 * d = normalize(lhs) - normalize(rhs) is defined and nonzero and where lhs and rhs
 * are both defined (a finite enclosure exists). Sound: every normal-form rewrite is
 * an identity at each point of the assumptions where the input is defined (normal.ts),
 * so there lhs - rhs = d(point) != 0. Requires: d has no atoms. Throws: nothing.
 */
function residualPoint(d: RatFunc, lhs: Term, rhs: Term, asm: Assumptions): ResidualCounterexample | undefined {
  const vars = T.freeVars(T.add(lhs, rhs));
  if (d.vars().some((x) => !vars.has(x))) return undefined;
  for (const point of gridPoints(lhs, rhs, asm, MAX_RESIDUAL_POINTS, 24)) {
    let value: Rational | undefined;
    try {
      value = d.evaluate((x) => point.get(x));
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
    }
    if (value !== undefined && !value.isZero() && definedAt(lhs, point) && definedAt(rhs, point)) {
      return { point, residual: d.toString(), value };
    }
  }
  return undefined;
}

/** Most grid points residualPoint tries (each costs two enclosures). */
const MAX_RESIDUAL_POINTS = 400;
