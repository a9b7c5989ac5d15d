/**
 * Positivity: proving the sign of a kernel Term from the assumptions. TRUSTED KERNEL.
 *
 * In the style of Lean's `positivity`: a structural pass assigns each subterm the set
 * of signs it can possibly take (a subset of {<0, =0, >0}, a 3-bit mask), combining
 * children by rules that are true of real arithmetic; where that set is too weak the
 * rigorous interval range (interval.ts) is intersected in (both are sound, so their
 * intersection is); at the top the exp-log normal form (normal.ts) is tried: the
 * sign of num and den of the rational function in atoms, each monomial signed by its
 * coefficient and its atoms' signs. A failure names the subterm it could not sign.
 *
 * Scope of a "proved" sign: every point satisfying the assumptions where the term is
 * defined. The structural pass additionally refuses a divisor, log argument or base
 * of a fractional power that it cannot show is in the function's domain.
 *
 * The series rule (`proveSeriesNonneg`) proves g - h >= 0 on [0, R) when g is built
 * from nonnegative-coefficient power series in x and h is a polynomial in x whose
 * coefficients are dominated by g's (computed exactly with Series).
 */
import { Certificate, KERNEL_KEY } from '../certificate.ts';
import { KernelError } from '../numbers/errors.ts';
import { contains, isNegative, isNonneg, isNonpos, isPositive, rangeOf, type RInterval } from '../enclosures/interval.ts';
import { normalize } from '../normal/normal.ts';
import { kernelLimits, type Poly } from '../containers/poly.ts';
import { RatFunc } from '../enclosures/ratfunc.ts';
import { Rational } from '../numbers/rational.ts';
import { findCounterexample, type RelOp } from '../refutation/refute.ts';
import { Series } from '../containers/series.ts';
import { seriesOverQ } from '../containers/qseries.ts';
import { TermMemo } from '../containers/termmemo.ts';
import * as T from '../containers/term.ts';
import type { Assumptions, Term } from '../containers/term.ts';

export type { RelOp } from '../refutation/refute.ts';

/** What to prove of a term: > 0, >= 0 or != 0. */
export type SignGoal = 'pos' | 'nonneg' | 'nonzero';

/** The outcome of provePositivity: a reason, or the subterm that could not be signed. */
export type PositivityResult = { ok: true; reason: string } | { ok: false; blocker: Term; reason: string };

/** The outcome of proveInequality. `refuted` carries the exact point and both enclosures there. */
export type InequalityVerdict =
  | { status: 'proved'; reason: string; certificate: Certificate }
  | { status: 'refuted'; point: ReadonlyMap<string, Rational>; lhs: RInterval; rhs: RInterval }
  | { status: 'unknown'; reason: string; blocker?: Term };

// ---------------------------------------------------------------------------
// Sign sets
// ---------------------------------------------------------------------------

/** Bit set of possible signs. */
type Mask = number;
const NEG = 1;
const ZER = 2;
const POS = 4;
const ALL = 7;

interface Info {
  readonly mask: Mask;
  readonly why: string;
  /** The subterm responsible when the mask is weaker than a single sign. */
  readonly blocker?: Term;
}

function maskText(m: Mask): string {
  switch (m) {
    case POS: return '> 0';
    case NEG: return '< 0';
    case ZER: return '= 0';
    case POS | ZER: return '>= 0';
    case NEG | ZER: return '<= 0';
    case NEG | POS: return '!= 0';
    default: return 'of unknown sign';
  }
}

function signMask(r: Rational): Mask {
  const s = r.sign();
  return s > 0 ? POS : s < 0 ? NEG : ZER;
}

/** Signs of a*b for a in A, b in B. */
function mulMask(a: Mask, b: Mask): Mask {
  let out = 0;
  for (const x of [NEG, ZER, POS]) {
    if (!(a & x)) continue;
    for (const y of [NEG, ZER, POS]) {
      if (!(b & y)) continue;
      if (x === ZER || y === ZER) out |= ZER;
      else out |= x === y ? POS : NEG;
    }
  }
  return out;
}

/** Signs of a+b for a in A, b in B (per pair: + and + is +, + and 0 is +, + and - is anything). */
function addMask(a: Mask, b: Mask): Mask {
  let out = 0;
  for (const x of [NEG, ZER, POS]) {
    if (!(a & x)) continue;
    for (const y of [NEG, ZER, POS]) {
      if (!(b & y)) continue;
      if (x === ZER) out |= y;
      else if (y === ZER) out |= x;
      else if (x === y) out |= x;
      else out |= ALL;
    }
  }
  return out;
}

/** Signs of u^n for an integer n != 0 (n < 0 requires 0 not in the mask). */
function powMask(a: Mask, n: bigint): Mask {
  if (n % 2n !== 0n) return a;
  return (a & (NEG | POS) ? POS : 0) | (a & ZER);
}

/** The signs an interval allows. */
function intervalMask(I: RInterval): Mask {
  if (isPositive(I)) return POS;
  if (isNegative(I)) return NEG;
  if (isNonneg(I)) return contains(I, Rational.ZERO) ? POS | ZER : POS;
  if (isNonpos(I)) return contains(I, Rational.ZERO) ? NEG | ZER : NEG;
  return contains(I, Rational.ZERO) ? ALL : NEG | POS;
}

function meets(m: Mask, goal: SignGoal): boolean {
  if (goal === 'pos') return m === POS;
  if (goal === 'nonneg') return (m & NEG) === 0;
  return (m & ZER) === 0;
}

const isSingle = (m: Mask): boolean => m === POS || m === NEG || m === ZER;

// ---------------------------------------------------------------------------
// Structural pass
// ---------------------------------------------------------------------------

/** Sound range of t, or undefined when interval evaluation cannot bound it. */
function tryRange(t: Term, asm: Assumptions): RInterval | undefined {
  try {
    return rangeOf(t, asm);
  } catch (e) {
    if (e instanceof KernelError) return undefined;
    throw e;
  }
}

/** c * (1 + exp(w))^-1 or c * exp(w) * (1 + exp(w))^-1, a scaled sigmoid, with its scale c. */
function sigmoidScale(t: Term): Rational | undefined {
  const args = t.k === 'mul' ? t.args : [t];
  let c = Rational.ONE;
  let rest = args;
  if (args[0]!.k === 'const') {
    c = args[0]!.value;
    rest = args.slice(1);
  }
  const isOnePlusExp = (u: Term): Term | undefined => {
    if (u.k !== 'add' || u.args.length !== 2) return undefined;
    const [a, b] = u.args;
    if (b!.k === 'const' && b!.value.eq(Rational.ONE) && a!.k === 'fn' && a!.name === 'exp') return a;
    if (a!.k === 'const' && a!.value.eq(Rational.ONE) && b!.k === 'fn' && b!.name === 'exp') return b;
    return undefined;
  };
  const inv = (u: Term): Term | undefined => (u.k === 'pow' && u.exp.eq(Rational.MINUS_ONE) ? isOnePlusExp(u.base) : undefined);
  if (rest.length === 1 && inv(rest[0]!)) return c;
  if (rest.length === 2) {
    const [a, b] = rest;
    const e = inv(b!) ?? inv(a!);
    const other = inv(b!) ? a : b;
    if (e && other && T.termToString(other) === T.termToString(e)) return c;
  }
  return undefined;
}

function varInfo(name: string, t: Term, asm: Assumptions): Info {
  const a = asm.get(name);
  const m = a ? intervalMask({ lo: a.lo, hi: a.hi }) : ALL;
  return { mask: m, why: `assumption on ${name}`, blocker: isSingle(m) ? undefined : t };
}

/**
 * Memo of `info` per assumptions object, by term key. `info` is a function of the
 * term's structure and the assumptions only: it reads nothing else (structural signs,
 * interval ranges from enclosures/interval.ts, which read no limits or other state),
 * and T.termKey determines the structure (the blocker it returns is a subterm of that
 * structure, so a cached one prints the same). Assumptions are immutable once built
 * (ReadonlyMap), so keying by the object keys by its contents. Sums that grow by one
 * summand per instance (f(j) - sum p^i for j = 0..40) then sign each summand once,
 * not once per instance (containers/termmemo.ts).
 */
const infoMemo = new TermMemo<Info>(10_000);

/** The possible signs of t on the assumptions (where t is defined), with a reason (memoised, see infoMemo). */
function info(t: Term, asm: Assumptions): Info {
  return infoMemo.get(t, asm, () => computeInfo(t, asm));
}

function computeInfo(t: Term, asm: Assumptions): Info {
  const base = structural(t, asm);
  if (isSingle(base.mask)) return base;
  const r = tryRange(t, asm);
  if (r === undefined) return base;
  const m = base.mask & intervalMask(r);
  if (m === base.mask) return base;
  return { mask: m, why: `interval range ${maskText(m)}`, blocker: isSingle(m) ? undefined : base.blocker };
}

function structural(t: Term, asm: Assumptions): Info {
  switch (t.k) {
    case 'const':
      return { mask: signMask(t.value), why: 'constant' };
    case 'var':
      return varInfo(t.name, t, asm);
    case 'named':
      return { mask: POS, why: `${t.name} > 0` };
    case 'add': {
      // Two sound sign sets, intersected: (1) per-summand sign sets added; (2) constants
      // plus scaled sigmoids c/(1 + exp(w)) in (min(0, c), max(0, c)), with the rest's signs.
      let mask = ZER;
      let restMask = ZER;
      let blocker: Term | undefined;
      let lo = Rational.ZERO;
      let hi = Rational.ZERO;
      let sawSigmoid = false;
      for (const a of t.args) {
        const s = a.k === 'const' ? undefined : sigmoidScale(a);
        if (a.k === 'const') {
          lo = lo.add(a.value);
          hi = hi.add(a.value);
          mask = addMask(mask, signMask(a.value));
        } else if (s !== undefined) {
          sawSigmoid = true;
          if (s.sign() > 0) hi = hi.add(s);
          else lo = lo.add(s);
          mask = addMask(mask, signMask(s));
        } else {
          const i = info(a, asm);
          mask = addMask(mask, i.mask);
          restMask = addMask(restMask, i.mask);
          if (i.mask === ALL) blocker ??= i.blocker ?? a;
        }
      }
      if (sawSigmoid) {
        // the sigmoid ends are never attained, so the bounded part lies in the OPEN (lo, hi)
        const bounded: Mask = lo.sign() >= 0 ? POS : hi.sign() <= 0 ? NEG : ALL;
        mask &= addMask(bounded, restMask);
        if (isSingle(mask)) return { mask, why: 'sigmoid 1/(1 + exp(-z)) in (0, 1); sum of signed terms' };
      }
      return { mask, why: 'sum of signed terms', blocker: isSingle(mask) ? undefined : blocker ?? t };
    }
    case 'mul': {
      let mask = POS;
      let blocker: Term | undefined;
      for (const a of t.args) {
        const i = info(a, asm);
        mask = mulMask(mask, i.mask);
        if (!isSingle(i.mask)) blocker ??= i.blocker ?? a;
      }
      return { mask, why: 'product of signed factors', blocker: isSingle(mask) ? undefined : blocker };
    }
    case 'pow': {
      const b = info(t.base, asm);
      const e = t.exp;
      const blocker = b.blocker ?? t.base;
      if (e.isInteger()) {
        if (e.sign() < 0 && b.mask & ZER) {
          return { mask: ALL, why: `divisor ${T.termToString(t.base)} may be 0`, blocker };
        }
        const m = powMask(b.mask, e.num);
        const why = e.num % 2n === 0n ? (m === POS ? 'even power of a nonzero term' : 'even power >= 0') : 'odd power keeps the sign';
        return { mask: m, why, blocker: isSingle(m) ? undefined : blocker };
      }
      // fractional power: defined for base >= 0 (> 0 when the exponent is negative)
      if (b.mask === POS) return { mask: POS, why: 'power of a positive base' };
      if (e.sign() > 0 && (b.mask & NEG) === 0) {
        return { mask: b.mask, why: 'root of a nonnegative base >= 0', blocker: isSingle(b.mask) ? undefined : blocker };
      }
      return { mask: ALL, why: `base ${T.termToString(t.base)} of a fractional power not shown >= 0`, blocker };
    }
    case 'powt': {
      if (t.base.k === 'named' && t.base.name === 'e') return { mask: POS, why: 'e^z = exp(z) > 0' };
      const b = info(t.base, asm);
      if (b.mask === POS) return { mask: POS, why: 'a^z = exp(z log a) > 0 for a > 0' };
      return { mask: ALL, why: 'base of a real power not shown > 0', blocker: b.blocker ?? t.base };
    }
    case 'fn': {
      const u = t.arg;
      switch (t.name) {
        case 'exp':
          return { mask: POS, why: 'exp > 0' };
        case 'abs': {
          const a = info(u, asm);
          const m = powMask(a.mask, 2n);
          return { mask: m, why: m === POS ? 'abs of a nonzero term' : 'abs >= 0', blocker: isSingle(m) ? undefined : a.blocker ?? u };
        }
        case 'log': {
          const a = info(u, asm);
          if (a.mask !== POS) return { mask: ALL, why: `argument ${T.termToString(u)} of log not shown > 0`, blocker: a.blocker ?? u };
          // for u > 0, sign(log u) = sign(u - 1)
          const d = info(T.add(u, T.num(-1)), asm);
          return { mask: d.mask, why: `log u ${maskText(d.mask)} as u - 1 ${maskText(d.mask)}`, blocker: isSingle(d.mask) ? undefined : t };
        }
        case 'sinh':
        case 'tanh':
        case 'atan':
        case 'asin':
        case 'atanh': {
          // odd and strictly increasing with f(0) = 0: same sign as the argument
          const a = info(u, asm);
          return { mask: a.mask, why: `${t.name} keeps the sign of its argument`, blocker: isSingle(a.mask) ? undefined : a.blocker ?? u };
        }
        case 'cosh':
          return { mask: POS, why: 'cosh >= 1' };
        case 'gamma': {
          const a = info(u, asm);
          if (a.mask === POS) return { mask: POS, why: 'Gamma > 0 on (0, inf)' };
          return { mask: ALL, why: `argument ${T.termToString(u)} of gamma not shown > 0`, blocker: a.blocker ?? u };
        }
        default:
          return { mask: ALL, why: `no sign rule for ${t.name}`, blocker: t };
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Normal-form rule
// ---------------------------------------------------------------------------

/** Sign set of a polynomial in variables/atoms: each monomial by its coefficient and factors. */
function polyMask(p: Poly, signOf: (x: string) => Mask): Mask {
  let out = ZER;
  for (const term of p.terms.values()) {
    let m = signMask(term.coef);
    for (const [x, e] of term.mono) m = mulMask(m, powMask(signOf(x), BigInt(e)));
    out = addMask(out, m);
  }
  return out;
}

function normalFormInfo(t: Term, asm: Assumptions): Info | undefined {
  let nf;
  try {
    nf = normalize(t, asm);
  } catch (e) {
    if (e instanceof KernelError) return undefined;
    throw e;
  }
  const cache = new Map<string, Mask>();
  const signOf = (x: string): Mask => {
    let m = cache.get(x);
    if (m === undefined) {
      const atom = nf.ctx.atoms.get(x);
      m = info(atom ? atom.term : T.v(x), asm).mask;
      cache.set(x, m);
    }
    return m;
  };
  const n = polyMask(nf.rf.num, signOf);
  const d = polyMask(nf.rf.den, signOf);
  if (d & ZER) return undefined;
  const mask = mulMask(n, d);
  return { mask, why: `normal form ${nf.rf.toString()}: numerator ${maskText(n)}, denominator ${maskText(d)}` };
}

/**
 * Proves t > 0, t >= 0 or t != 0 at every point satisfying asm where t is defined.
 * Requires: nothing. Throws: nothing but internal errors (kernel limits surface as a failure).
 */
export function provePositivity(t: Term, goal: SignGoal, asm: Assumptions): PositivityResult {
  const want = goal === 'pos' ? '> 0' : goal === 'nonneg' ? '>= 0' : '!= 0';
  const text = T.termToString(t);
  const i = info(t, asm);
  if (meets(i.mask, goal)) return { ok: true, reason: `${text} ${want}: ${i.why}` };
  const nf = normalFormInfo(t, asm);
  if (nf && meets(nf.mask, goal)) return { ok: true, reason: `${text} ${want}: ${nf.why}` };
  if (goal !== 'nonzero') {
    const g = gibbs(t, goal, asm);
    if (g) return { ok: true, reason: `${text} ${want}: ${g}` };
  }
  const blocker = i.blocker ?? t;
  return { ok: false, blocker, reason: `cannot prove ${text} ${want}: could not sign ${T.termToString(blocker)} (${i.why})` };
}

// ---------------------------------------------------------------------------
// Gibbs rule: u log(u/v) >= u - v

/**
 * Proves t >= 0 (or > 0) for a sum t = sum_i c_i u_i log(u_i/v_i) + rest with c_i > 0
 * rational and u_i, v_i > 0 (proved structurally): by log w <= w - 1 for w > 0 (the
 * tangent line of the concave log at 1) with w = v/u, u log(v/u) <= v - u, i.e.
 * G_i = u log(u/v) - u + v >= 0. Hence t = sum_i c_i G_i + R with
 * R = rest + sum_i c_i (u_i - v_i), and t >= 0 (> 0) follows from R >= 0 (> 0),
 * which is proved by this module without the rule (so the recursion ends).
 * A summand -c v log(u/v)... is read as c v log(v/u) (log(1/x) = -log x for x > 0).
 * Returns the reason, or undefined when the rule does not apply.
 */
function gibbs(t: Term, goal: 'pos' | 'nonneg', asm: Assumptions): string | undefined {
  if (t.k !== 'add') return undefined;
  const rest: Term[] = [];
  const shifts: Term[] = [];
  let used = 0;
  for (const a of t.args) {
    const m = gibbsTerm(a);
    if (m && info(m.u, asm).mask === POS && info(m.v, asm).mask === POS) {
      used++;
      shifts.push(T.mul(T.num(m.c), T.sub(m.u, m.v)));
    } else rest.push(a);
  }
  if (used === 0) return undefined;
  const R = T.add(...rest, ...shifts);
  if (freeOfLogRatio(R) === false) return undefined;
  const i = info(R, asm);
  const nf = meets(i.mask, goal) ? undefined : normalFormInfo(R, asm);
  if (!meets(i.mask, goal) && !(nf && meets(nf.mask, goal))) return undefined;
  return `log x <= x - 1 (Gibbs) bounds ${used} term${used === 1 ? '' : 's'} u*log(u/v) below by u - v, and the remainder ${T.termToString(R)} ${goal === 'pos' ? '> 0' : '>= 0'} (${(nf ?? i).why})`;
}

/** A summand c * u * log(u * v^-1) with c > 0 (or -c * v * log(u * v^-1)): c, u, v. */
function gibbsTerm(a: Term): { c: Rational; u: Term; v: Term } | undefined {
  const args = a.k === 'mul' ? a.args : [a];
  let c = Rational.ONE;
  let log: Term | undefined;
  const outside: Term[] = [];
  for (const f of args) {
    if (f.k === 'const') c = c.mul(f.value);
    else if (f.k === 'fn' && f.name === 'log' && log === undefined) log = f.arg;
    else outside.push(f);
  }
  if (!log || c.isZero()) return undefined;
  const num: Term[] = [];
  const den: Term[] = [];
  for (const f of log.k === 'mul' ? log.args : [log]) {
    if (f.k === 'pow' && f.exp.eq(Rational.MINUS_ONE)) den.push(f.base);
    else num.push(f);
  }
  const A = T.mul(...num);
  const B = T.mul(...den);
  const W = T.termKey(T.mul(...outside));
  if (c.sign() > 0 && W === T.termKey(A)) return { c, u: A, v: B };
  if (c.sign() < 0 && W === T.termKey(B)) return { c: c.neg(), u: B, v: A };
  return undefined;
}

/** False when R still contains a log (the remainder must be proved without the rule). */
function freeOfLogRatio(R: Term): boolean {
  switch (R.k) {
    case 'fn':
      return R.name !== 'log' && freeOfLogRatio(R.arg);
    case 'add':
    case 'mul':
      return R.args.every(freeOfLogRatio);
    case 'pow':
      return freeOfLogRatio(R.base);
    case 'powt':
      return freeOfLogRatio(R.base) && freeOfLogRatio(R.exp);
    default:
      return true;
  }
}

// ---------------------------------------------------------------------------
// Series rule
// ---------------------------------------------------------------------------

/** A term whose Maclaurin series in x has nonnegative coefficients and converges to it on [0, radius). */
interface NonnegSeries {
  /** Radius of convergence (undefined = infinite). */
  readonly radius: Rational | undefined;
  /** Exact series to the given order when all coefficients are rational, else undefined. */
  readonly series: ((prec: number) => Series) | undefined;
}

function minRadius(a: Rational | undefined, b: Rational | undefined): Rational | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a.cmp(b) <= 0 ? a : b;
}

/** 1 - c x with c > 0: returns c. */
function oneMinusCx(t: Term, x: string): Rational | undefined {
  if (t.k !== 'add' || t.args.length !== 2) return undefined;
  const [a, b] = t.args;
  if (!(b!.k === 'const' && b!.value.eq(Rational.ONE))) return undefined;
  if (a!.k === 'mul' && a!.args.length === 2 && a!.args[0]!.k === 'const' && a!.args[1]!.k === 'var' && a!.args[1]!.name === x) {
    const c = a!.args[0]!.value.neg();
    return c.sign() > 0 ? c : undefined;
  }
  return undefined;
}

const oneMinus = (c: Rational, prec: number): Series => Series.fromCoeffs([Rational.ONE, c.neg()], prec);

/**
 * The structural class of nonnegative-coefficient series in x: nonnegative terms free of
 * x, x, 1/(1 - c x)^n and log(1/(1 - c x)) (radius 1/c, c > 0), closed under +, *,
 * positive integer powers and exp.
 */
function nonnegSeries(t: Term, x: string, asm: Assumptions): NonnegSeries | undefined {
  if (!T.freeVars(t).has(x)) {
    if (t.k === 'const') return t.value.sign() >= 0 ? { radius: undefined, series: (p) => Series.constant(t.value, p) } : undefined;
    return provePositivity(t, 'nonneg', asm).ok ? { radius: undefined, series: undefined } : undefined;
  }
  switch (t.k) {
    case 'var':
      return { radius: undefined, series: (p) => Series.x(p) };
    case 'add':
    case 'mul': {
      // -log(1 - c x) written as (-k) * log(1 - c x) with k > 0
      if (t.k === 'mul' && t.args.length === 2 && t.args[0]!.k === 'const' && t.args[0]!.value.sign() < 0) {
        const [k, l] = t.args as [Term & { k: 'const' }, Term];
        const c = l.k === 'fn' && l.name === 'log' ? oneMinusCx(l.arg, x) : undefined;
        if (c) return { radius: c.inv(), series: (p) => oneMinus(c, p).log().scale(k.value) };
      }
      const parts = t.args.map((a) => nonnegSeries(a, x, asm));
      if (parts.some((p) => p === undefined)) return undefined;
      const ps = parts as NonnegSeries[];
      const radius = ps.reduce<Rational | undefined>((r, p) => minRadius(r, p.radius), undefined);
      const all = ps.every((p) => p.series !== undefined);
      const series = all
        ? (prec: number): Series => ps.map((p) => p.series!(prec)).reduce((s, q) => (t.k === 'add' ? s.add(q) : s.mul(q)))
        : undefined;
      return { radius, series };
    }
    case 'pow': {
      if (!t.exp.isInteger()) return undefined;
      const n = Number(t.exp.num);
      if (n > 0) {
        const b = nonnegSeries(t.base, x, asm);
        if (!b) return undefined;
        const s = b.series;
        return { radius: b.radius, series: s ? (p) => s(p).powInt(n) : undefined };
      }
      const c = oneMinusCx(t.base, x);
      if (c) return { radius: c.inv(), series: (p) => oneMinus(c, p).powInt(n) };
      return undefined;
    }
    case 'fn': {
      if (t.name === 'log' && t.arg.k === 'pow' && t.arg.exp.eq(Rational.MINUS_ONE)) {
        const c = oneMinusCx(t.arg.base, x);
        if (c) return { radius: c.inv(), series: (p) => oneMinus(c, p).log().neg() };
      }
      if (t.name === 'exp') {
        const u = nonnegSeries(t.arg, x, asm);
        if (!u) return undefined;
        const s = u.series;
        // exp of a series with a nonzero constant term has irrational coefficients
        const series = s ? (p: number): Series => {
          const us = s(p);
          if (!us.coeff(0).isZero()) throw new RangeError('irrational');
          return us.exp();
        } : undefined;
        return { radius: u.radius, series };
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * When t is in the structural class of nonnegative-coefficient series in x (see
 * `nonnegSeries`): the radius R (undefined = infinite) such that t's Maclaurin series
 * converges to t at every x in [0, R). Sound: each generator's series converges to it
 * on [0, 1/c) (binomial and logarithmic series), and for series with nonnegative
 * coefficients evaluated at x >= 0 sums, Cauchy products and exp(u) = sum u^m/m! are
 * sums of nonnegative terms, which may be rearranged freely (Tonelli), so they converge
 * to the value wherever every part does. Returns undefined outside the class.
 */
export function nonnegSeriesRadius(t: Term, x: string, asm: Assumptions): { readonly radius: Rational | undefined } | undefined {
  const ns = nonnegSeries(t, x, asm);
  return ns && { radius: ns.radius };
}

/**
 * Whether every Maclaurin coefficient of t in x of degree >= 1 is strictly positive
 * (and the constant one >= 0). The class: log(1/(1 - c x)) = sum c^n x^n/n and
 * 1/(1 - c x)^n = sum binom(n+k-1, k) c^k x^k (c > 0, n >= 1), positive rational
 * multiples, sums with any member of the nonnegative class (the coefficients add), and
 * exp(u) for u in the class with u(0) = 0 (exp(u) = 1 + u + u^2/2 + ..., each coefficient
 * of degree >= 1 is at least u's). Throws: nothing but internal errors.
 */
export function inPositiveSeriesClass(t: Term, x: string, asm: Assumptions): boolean {
  if (!T.freeVars(t).has(x)) return false;
  switch (t.k) {
    case 'add':
      return t.args.some((a) => inPositiveSeriesClass(a, x, asm)) && t.args.every((a) => nonnegSeries(a, x, asm) !== undefined);
    case 'mul': {
      if (t.args.length !== 2 || t.args[0]!.k !== 'const') return false;
      const k = t.args[0]!.value;
      const l = t.args[1]!;
      // -log(1 - c x) written as (-k) * log(1 - c x) with k > 0
      if (k.sign() < 0) return l.k === 'fn' && l.name === 'log' && oneMinusCx(l.arg, x) !== undefined;
      return k.sign() > 0 && inPositiveSeriesClass(l, x, asm);
    }
    case 'pow':
      return t.exp.isInteger() && t.exp.sign() < 0 && oneMinusCx(t.base, x) !== undefined;
    case 'fn':
      if (t.name === 'log') return t.arg.k === 'pow' && t.arg.exp.eq(Rational.MINUS_ONE) && oneMinusCx(t.arg.base, x) !== undefined;
      if (t.name === 'exp') {
        const u = nonnegSeries(t.arg, x, asm);
        const s = u?.series?.(1);
        return s !== undefined && s.coeff(0).isZero() && inPositiveSeriesClass(t.arg, x, asm);
      }
      return false;
    default:
      return false;
  }
}

/**
 * Whether t is in the structural class of nonnegative-coefficient series in x (see
 * `nonnegSeries`): every Maclaurin coefficient of t in x is >= 0. Used by the lemma
 * kernel's nonneg_closure. Throws: nothing but internal errors.
 */
export function inNonnegSeriesClass(t: Term, x: string, asm: Assumptions): boolean {
  return nonnegSeries(t, x, asm) !== undefined;
}

/** Polynomial in x with rational coefficients (index = degree), or undefined. */
function polyCoeffs(t: Term, x: string): Rational[] | undefined {
  let rf: RatFunc;
  try {
    rf = normalize(t, new Map()).rf;
  } catch (e) {
    if (e instanceof KernelError) return undefined;
    throw e;
  }
  if (!rf.isPoly() || rf.vars().some((y) => y !== x)) return undefined;
  const scale = rf.den.constantValue()!.inv();
  const cs = rf.num.coeffsIn(x).map((p) => p.constantValue());
  if (cs.some((c) => c === undefined)) return undefined;
  return (cs as Rational[]).map((c) => c.mul(scale));
}

/**
 * The series of t in x to at least precision n from qseries's memo (the exact series
 * of t, shared between the instances of a quantified claim: L^i/i! for every j), or
 * undefined. The precision asked of qseries is n rounded up to a power of two (at
 * least 8), so that instances with nearby n share one precision; coefficients below
 * the returned precision are exact whatever it is. Undefined on a KernelError too.
 */
function memoisedSeries(t: Term, x: string, n: number): Series | undefined {
  let p = 8;
  while (p < n) p *= 2;
  if (p > kernelLimits.maxSeriesOrder) p = n;
  try {
    const s = seriesOverQ(t, x, p);
    return s && s.prec >= n ? s : undefined;
  } catch (e) {
    // A limit at the rounded-up precision: the caller's own expansion decides.
    if (e instanceof KernelError) return undefined;
    throw e;
  }
}

/**
 * Proves t >= 0 (or > 0 when the constant coefficient is positive) for x in [0, R) by
 * power series: t = g - h with g a sum of nonnegative-coefficient series terms (radius
 * >= R) and h a polynomial in x with [x^k] g >= [x^k] h for every k <= deg h (computed
 * exactly). Then every coefficient of t is >= 0 and its series converges on [0, R).
 * Requires: asm bounds x inside [0, radius). Throws: nothing.
 */
export function proveSeriesNonneg(t: Term, x: string, asm: Assumptions): PositivityResult & { strict?: boolean } {
  const fail = (why: string): PositivityResult => ({ ok: false, blocker: t, reason: `series rule for ${T.termToString(t)} in ${x}: ${why}` });
  const a = asm.get(x);
  if (!a?.lo || a.lo.value.sign() < 0) return fail(`${x} is not assumed >= 0`);
  const gArgs: Term[] = [];
  const hArgs: Term[] = [];
  const parts: NonnegSeries[] = [];
  for (const s of t.k === 'add' ? t.args : [t]) {
    const ns = nonnegSeries(s, x, asm);
    if (ns) {
      gArgs.push(s);
      parts.push(ns);
    } else hArgs.push(T.neg(s));
  }
  if (gArgs.length === 0) return fail('no summand has a nonnegative-coefficient series');
  const radius = parts.reduce<Rational | undefined>((r, p) => minRadius(r, p.radius), undefined);
  if (radius !== undefined) {
    const hi = a.hi;
    if (!hi || hi.value.cmp(radius) > 0 || (hi.value.eq(radius) && !hi.open)) {
      return fail(`the series converges on [0, ${radius}) but ${x} is not assumed inside it`);
    }
  }
  const g = T.add(...gArgs);
  if (hArgs.length === 0) {
    return { ok: true, reason: `${T.termToString(t)} >= 0 on [0, ${radius ?? 'inf'}): power series in ${x} with nonnegative coefficients` };
  }
  const h = polyCoeffs(T.add(...hArgs), x);
  if (!h) return fail(`the remainder ${T.termToString(T.add(...hArgs))} is not a polynomial in ${x} over Q`);
  if (parts.some((p) => p.series === undefined)) return fail('the series part has non-rational coefficients');
  let gs: Series;
  try {
    gs = gArgs.map((s, i) => memoisedSeries(s, x, h.length) ?? parts[i]!.series!(h.length)).reduce((s, q) => s.add(q));
  } catch (e) {
    if (e instanceof KernelError || e instanceof RangeError) return fail('cannot expand the series part exactly');
    throw e;
  }
  for (let k = 0; k < h.length; k++) {
    const gk = gs.coeff(k);
    if (gk.cmp(h[k]!) < 0) return fail(`[${x}^${k}] of ${T.termToString(g)} is ${gk}, below the polynomial's ${h[k]}`);
  }
  const strict = gs.coeff(0).cmp(h[0]!) > 0;
  return {
    ok: true,
    strict,
    reason: `${T.termToString(t)} >= 0 on [0, ${radius ?? 'inf'}): the series part has nonnegative coefficients, `
      + `and [${x}^k] dominates the polynomial part for k <= ${h.length - 1} (exact)`,
  };
}

// ---------------------------------------------------------------------------
// Inequalities
// ---------------------------------------------------------------------------

/**
 * Decides lhs op rhs for every point of asm (where both sides are defined): proved by
 * positivity of the difference or the series rule, refuted by an exact point where
 * rigorous enclosures show it fails, or unknown (with the blocking subterm).
 * Requires: nothing. Throws: nothing but internal errors.
 */
export function proveInequality(lhs: Term, op: RelOp, rhs: Term, asm: Assumptions): InequalityVerdict {
  const [diff, goal]: [Term, SignGoal] =
    op === '<' ? [T.sub(rhs, lhs), 'pos']
    : op === '<=' ? [T.sub(rhs, lhs), 'nonneg']
    : op === '>' ? [T.sub(lhs, rhs), 'pos']
    : op === '>=' ? [T.sub(lhs, rhs), 'nonneg']
    : [T.sub(lhs, rhs), 'nonzero'];
  const statement = (): string => `${T.termToString(lhs)} ${op} ${T.termToString(rhs)}`;
  const proved = (reason: string): InequalityVerdict => ({
    status: 'proved',
    reason,
    certificate: Certificate.mint(KERNEL_KEY, statement, 'positivity'),
  });
  const p = provePositivity(diff, goal, asm);
  if (p.ok) return proved(p.reason);
  if (goal !== 'nonzero') {
    for (const x of T.freeVars(diff)) {
      const s = proveSeriesNonneg(diff, x, asm);
      if (s.ok && (goal === 'nonneg' || s.strict)) return proved(s.reason);
    }
  }
  const cex = findCounterexample(lhs, op, rhs, asm);
  if (cex) return { status: 'refuted', ...cex };
  return { status: 'unknown', reason: p.reason, blocker: p.blocker };
}
