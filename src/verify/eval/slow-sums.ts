/**
 * SLOW SUMS: the tail of an infinite sum whose terms decay only like a power of the
 * index (sum(k = 1..inf, 1/k^2), exp(-k w)/(k^2 + 1) at a small w) or alternate in
 * sign ((-1)^(k + 1)/k), which the geometric tail estimate of evalSum (evaluate.ts)
 * never calls negligible: such a sum was given up after 100,000 terms, or ran out of
 * the work budget, and a claim about it was not TESTED.
 *
 * After the first terms, the rest is read from the summand's continuous extension f
 * (the body with the index real, as an integrand reads its variable), at a start K:
 * - EULER-MACLAURIN: sum(k >= K) f(k) = integral(x = K..inf, f) + f(K)/2
 *   - sum_{j=1..P} B_2j/(2j)! f^(2j-1)(K) + R_P;
 * - EULER-BOOLE, for a summand (-1)^E g(k) with E = k + c (or c - k):
 *   sum(k >= K) (-1)^E g(k) = (-1)^E(K) (g(K)/2 - sum_{j=1..P} (4^j - 1) B_2j/(2j)! g^(2j-1)(K) + R_P),
 *   the expansion of 1/(1 + e^D) = (1 - tanh(D/2))/2 in the derivative D.
 * The derivatives are the Taylor jets of the body about K (taylor.ts, with their own
 * error estimates); the remainder's bound and (mostly) the integral come from TAIL BOUNDS.
 *
 * Why it can be trusted: both formulas are exact identities with the remainder R_P, the
 * integral over [K, inf) of a bounded periodic function (a Bernoulli or Euler function of
 * x) times f^(2P)(x). TAIL BOUNDS bounds f rigorously on strips of the complex plane about
 * the tail (DISCS, magnitude.ts), and from those bounds both R_P (Cauchy's estimate) and
 * the error of the integral (Gauss-Legendre rules on the stretches, whose error the same
 * bounds bound); these bounds are part of the error and must be below AGREE of the sum. A
 * summand whose extension is not smooth between the integers somewhere on the tail
 * therefore has no small bound, and its tail is refused: a pole between two integers far
 * ahead, which no quadrature node comes near (a third red-team pass, off by pi^2); a narrow
 * bump between two integers, which a tail's quadrature resolved though no term holds it (a
 * fifth, two Gaussians of width 0.05 at 65.5 and 1025.5 making both estimates off by the
 * same area); a narrow bump centred at a start (a fourth); a rest that does not fall to 0,
 * which Euler-Boole would give its Abel value (a first and second: (-1)^k,
 * (-1)^k (1/k + 10^-7), (-1)^k log k). And no feature of the tail is passed over by the
 * integral's nodes (a sixth: a bump of width 10 at 10^4 that the half-line quadrature,
 * which read the integral before, missed), except where the summand's bound does not
 * fall far out (a difference whose terms cancel, 1/k - 1/(k + 1): boundDecays), whose
 * integral is bounded so to FAR times the start and read by the half-line quadrature, as an
 * integral claim's, past it. The estimate is taken at two starts, 64 and
 * 1024 terms in (the terms between summed directly; or 1024 and 2048), which must agree;
 * the error reported is their difference, the jets' own errors and the bounds. What stays
 * numerical: the jets at K and the nodes' values in doubles; the terms past 2^1023 are not
 * seen. Refused before any of that: a periodic function of the index (OSCILLATING: its
 * bound on a strip is cosh(rho), and the syntactic refusal is cheaper), NaN jets ((-1)^k at
 * a real k: only a literal (-1)^E factor is taken out, for Euler-Boole).
 * A refused tail leaves the sum to the direct summation, as before. Only doubles (the
 * tail has no other rule); only sums, not products.
 * Tests: test/verify/eval/slow-sums.test.ts (values against closed forms; false
 * claims that differ by 10^-8; extensions that oscillate between the integers; planted
 * wrong coefficients, and REMAINDER taken as 0; its constants against true remainders;
 * Gauss-Legendre rules against polynomials);
 * test/e2e/slow-series.test.ts (the false claims of five red-team passes, and of an
 * earlier extrapolation that was withdrawn, none TESTED).
 */
import type { Expr } from '../../proofs/ast.ts';
import { floatField } from '../arith/field.ts';
import { type EvalContext, type Env, type Val, attempt, chargeStep, evalIn, freeVars, integralKey, intValue, isolated, taylorCoefficients } from './evaluate.ts';
import { logBound, stripBound } from './magnitude.ts';

/** B_2, B_4, ..., B_16 (Bernoulli numbers; exact rationals, rounded once). */
const BERNOULLI = [1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510];
/** How many corrections (the jets' order is 2P - 1; REMAINDER bounds the derivative of order 2P). */
const P = BERNOULLI.length;
/**
 * The numbers of direct terms after which the tail is estimated: the sum is taken once
 * two successive estimates agree (a check on what TAIL BOUNDS does not bound: the jets at
 * each start, and the quadrature past FAR K where it reads the integral). A first estimate
 * that is refused (a pole or a peak near the 65th term, where no small bound is found)
 * leaves the next two to agree.
 */
const STAGES = [64, 1024, 2048];
/** Past this many terms the sum has no more tail estimates (the other fields give it up there: evaluate.ts). */
export const SLOW_TAIL_TERMS = STAGES[STAGES.length - 1]!;
/** The ratio of the last two terms' sizes above which (and below 1) the tail is estimated (1/k^2 at k = 64: 0.97). */
const SLOW_RATIO = 0.9;
/** The two estimates must agree to this much of max(|sum|, its rounding scale). */
const AGREE = 1e-10;

/** Test hook: a planted defect ('no-half': f(K)/2 left out; 'em-sign': the Bernoulli terms added; 'boole-as-em': alternating tails by Euler-Maclaurin's coefficients; 'no-remainder': REMAINDER taken as 0; 'gauss-optimistic': no error bound for the Gauss-Legendre rules, so the fewest nodes). */
let plant: 'no-half' | 'em-sign' | 'boole-as-em' | 'no-remainder' | 'gauss-optimistic' | undefined;
export function plantSlowSums(p: typeof plant): void {
  plant = p;
}

/** A sum's value at this point from a tail estimate, with its rounding scale and error. */
interface Tail {
  readonly x: number;
  readonly m: number;
  readonly e: number;
}

/**
 * The slow-sum stages of one evaluation of an infinite sum from `lo` (undefined when its
 * summand is not SMOOTH): `after(count, ratio, partial)` is told the sum of its first `count`
 * terms and the ratio of the last two terms' sizes, and returns the whole sum once two
 * successive estimates (STAGES) agree (AGREE); the direct summation goes on otherwise.
 */
export function slowTails(expr: Extract<Expr, { kind: 'sum' | 'prod' }>, lo: bigint): { after(count: number, ratio: number, partial: Tail, env: Env<number>, ctx: EvalContext): Tail | undefined } | undefined {
  const plan = slowTailPlan(expr);
  if (plan === undefined) return undefined;
  let previous: Tail | undefined;
  let stage = 0;
  /** The stretches read at this point, shared by the starts (their far stretches are the same). */
  const memo: Memo = new Map();
  return {
    after(count, ratio, partial, env, ctx) {
      if (count !== STAGES[stage]) return undefined;
      stage++;
      // a sum whose terms still shrink by a tenth each (0.9^k k^2) ends within the direct terms
      if (count === STAGES[0] && !(ratio > SLOW_RATIO)) {
        stage = STAGES.length;
        return undefined;
      }
      // terms that do not shrink here (a peak ahead) have no tail to estimate from here
      const t = ratio < 1 ? slowTail(plan, expr.index, lo + BigInt(count), env, partial, memo, ctx) : undefined;
      const s = t === undefined ? undefined : { x: partial.x + t.x, m: partial.m + t.m, e: partial.e + t.e };
      const before = previous;
      previous = s;
      if (s === undefined || before === undefined) return undefined;
      // the later estimate, its error counting the change from the earlier (as a quadrature's last level does)
      const d = Math.abs(s.x - before.x);
      if (!(d <= AGREE * Math.max(Math.abs(s.x), s.m))) return undefined;
      ctx.slowTails = (ctx.slowTails ?? 0) + 1;
      return { x: s.x, m: s.m, e: s.e + d };
    },
  };
}

/** How the tail of one sum node is estimated: its smooth summand, and the sign factor taken out. */
interface TailPlan {
  /** The summand without its (-1)^E factor (the body itself for Euler-Maclaurin). */
  readonly smooth: Expr;
  /** E of the factor (-1)^E, for Euler-Boole; none for Euler-Maclaurin. */
  readonly sign?: Expr;
  /** integral(k = K..inf, smooth), K the var START (Euler-Maclaurin only): the half-line quadrature, where TAIL BOUNDS cannot bound the integral. */
  readonly integral?: Expr;
}

/** The variable holding the start K in a plan's integral (no script name can contain a NUL). */
const START = '\u0000slow-tail-start';

const plans = new WeakMap<Expr, TailPlan | null>();

/**
 * The plan for an infinite sum, or undefined when its summand is not smooth in the
 * index (SMOOTH): built from the index by + - * / ^ and the built-in functions only (no
 * factorial, binomial, Stirling number or binder of it), apart from one factor (-1)^E.
 */
export function slowTailPlan(expr: Extract<Expr, { kind: 'sum' | 'prod' }>): TailPlan | undefined {
  if (expr.kind !== 'sum' || expr.hi !== 'inf' || !freeVars(expr.body).has(`i:${expr.index}`)) return undefined;
  let p = plans.get(expr);
  if (p === undefined) {
    p = null;
    const k = expr.index;
    const split = alternation(expr.body, k);
    if (split !== undefined && smoothIn(split.rest, k)) p = { smooth: split.rest, sign: split.exponent };
    else if (split === undefined && smoothIn(expr.body, k)) {
      const span = expr.span;
      p = { smooth: expr.body, integral: { kind: 'integral', index: k, body: expr.body, lo: { kind: 'var', name: START, span }, hi: 'inf', span } };
    }
    plans.set(expr, p);
  }
  return p ?? undefined;
}

/**
 * The built-ins that oscillate (or are not smooth: abs), which SMOOTH refuses of the
 * index: their extension can hold a frequency that the integers alias (cos(pi k) is
 * (-1)^k), which the corrections at the start see only where its amplitude is not
 * negligible (a red-team pass: (-1)^k (1/k + cos(pi k) exp(-((k - 10^6)/10^5)^2)), an
 * ordinary positive bump at every integer, was summed as -log 2 by Euler-Boole).
 */
const OSCILLATING = new Set<string>(['sin', 'cos', 'tan', 'sec', 'csc', 'cot', 'abs']);

/** SMOOTH: e mentions the index k only through + - * / ^ and the built-in calls that do not oscillate. */
function smoothIn(e: Expr, k: string): boolean {
  if (!freeVars(e).has(`i:${k}`)) return true;
  switch (e.kind) {
    case 'index': return true;
    case 'neg': return smoothIn(e.arg, k);
    case 'call': return !OSCILLATING.has(e.fn) && smoothIn(e.arg, k);
    case 'binop': return smoothIn(e.left, k) && smoothIn(e.right, k);
    default: return false;
  }
}

/** The index k, plus or minus an integer, or an integer minus k: the exponents E whose (-1)^E alternates. */
function alternates(e: Expr, k: string): boolean {
  const isK = (x: Expr): boolean => x.kind === 'index' && x.name === k;
  const isInt = (x: Expr): boolean => x.kind === 'num' && x.den === 1n;
  if (isK(e)) return true;
  return e.kind === 'binop' && (e.op === '+' || e.op === '-') && ((isK(e.left) && isInt(e.right)) || (isInt(e.left) && isK(e.right)));
}

/** -1 as written: the number -1 or the negation of 1. */
function minusOne(e: Expr): boolean {
  return (e.kind === 'num' && e.num === -1n && e.den === 1n) || (e.kind === 'neg' && e.arg.kind === 'num' && e.arg.num === 1n && e.arg.den === 1n);
}

/**
 * The factor (-1)^E of a product or quotient (through negations), E alternating in k:
 * the summand with that factor replaced by 1, and E. Undefined when there is none; a
 * second such factor stays in the rest, whose jets at a real index are then NaN and whose
 * enclosure is unknown, so its tail is refused.
 */
function alternation(body: Expr, k: string): { rest: Expr; exponent: Expr } | undefined {
  let exponent: Expr | undefined;
  const one = (span: Expr['span']): Expr => ({ kind: 'num', num: 1n, den: 1n, span });
  const walk = (e: Expr): Expr => {
    if (exponent === undefined && e.kind === 'binop' && e.op === '^' && minusOne(e.left) && alternates(e.right, k)) {
      exponent = e.right;
      return one(e.span);
    }
    if (e.kind === 'neg') {
      const arg = walk(e.arg);
      return arg === e.arg ? e : { ...e, arg };
    }
    if (e.kind === 'binop' && (e.op === '*' || e.op === '/')) {
      const left = walk(e.left);
      const right = walk(e.right);
      return left === e.left && right === e.right ? e : { ...e, left, right };
    }
    return e;
  };
  const rest = walk(body);
  return exponent === undefined ? undefined : { rest, exponent };
}

/**
 * The tail sum(k >= K) of the plan's summand at the point env (the index itself unbound
 * there), or undefined when it cannot be estimated (the jets or the integral gave up,
 * lost the double range, or are not finite; the corrections do not shrink).
 */
function slowTail(plan: TailPlan, index: string, K: bigint, env: Env<number>, before: Tail, memo: Memo, ctx: EvalContext): Tail | undefined {
  const key = integralKey(index);
  const vars = new Map(env.vars);
  vars.set(key, Number(K));
  vars.set(START, Number(K));
  const idx = new Map(env.idx);
  idx.delete(index);
  const at: Env<number> = { vars, idx };
  const depth = ctx.infiniteDepth ?? 0;
  // the tail is an integral and a jet, not terms of an infinite sum: their own underflow rules
  ctx.infiniteDepth = depth - 1;
  try {
    return attempt(ctx, () => isolated(ctx, undefined, () => estimate(plan, index, K, at, env, before, memo, ctx)), true);
  } finally {
    ctx.infiniteDepth = depth;
  }
}

function estimate(plan: TailPlan, index: string, K: bigint, at: Env<number>, env: Env<number>, before: Tail, memo: Memo, ctx: EvalContext): Tail | undefined {
  const j = taylorCoefficients(plan.smooth, integralKey(index), 2 * P - 1, at, ctx, { at: Number(K), evenWithoutPlans: true });
  if (j === undefined || j.shifted) return undefined;
  const boole = plan.sign !== undefined && plant !== 'boole-as-em';
  // f(K)/2 + sum_j w_j c_{2j-1}, c_m = f^(m)(K)/m!, w_j = -B_2j/(2j) (times 4^j - 1 for Euler-Boole)
  let x = plant === 'no-half' ? 0 : j.c[0]! / 2;
  let m = Math.abs(x);
  let err = plant === 'no-half' ? 0 : j.err[0]! / 2;
  for (let i = 1; i <= P; i++) {
    const w = (BERNOULLI[i - 1]! / (2 * i)) * (boole ? 4 ** i - 1 : 1);
    const t = -w * j.c[2 * i - 1]!;
    x += plant === 'em-sign' ? -t : t;
    m += Math.abs(t);
    err += Math.abs(w) * j.err[2 * i - 1]!;
  }
  if (plan.sign !== undefined) {
    const E = intValue(floatField, plan.sign, { vars: env.vars, idx: new Map(env.idx).set(index, K) }, ctx);
    if (E === undefined) return undefined;
    if (E % 2n !== 0n) x = -x;
  }
  if (![x, m, err].every(Number.isFinite)) return undefined;
  const tol = AGREE * Math.max(Math.abs(before.x + x), before.m + m);
  // the integral by TAIL BOUNDS, to the end where the summand's bound decays, else to FAR and
  // from there by the half-line quadrature
  const to = plan.integral === undefined ? Number(K) : boundDecays(plan.smooth, index, Number(K), at, ctx) ? END : FAR * Number(K);
  const t = tailBounds(plan.smooth, index, Number(K), at, ctx, tol, boole, to, memo);
  if (t === undefined) return undefined;
  const I = { ...t.I };
  if (plan.integral !== undefined && to < END) {
    at.vars.set(START, to);
    const rest: Val<number> = evalIn(floatField, plan.integral, at, ctx);
    I.x += rest.x;
    I.m += rest.m;
    I.e += rest.e;
  }
  return { x: x + I.x, m: m + I.m, e: err + I.e + t.R };
}

/**
 * REMAINDER's constants: after P = 8 corrections the remainder is at most C times the
 * integral of |f^(16)|/16! over the tail.
 * - Euler-Maclaurin: R_P = -integral(B~_16(x) f^(16)(x)/16!), |B~_16(x)| <= |B_16| (DLMF 24.2.3, 2.10.1).
 * - Euler-Boole: R_P = integral(f^(16)(x) E~_15(-x))/(2 15!) (Borwein, Calkin and Manna,
 *   "Euler-Boole summation revisited", 2009), |E~_15(x)| <= 4 15! lambda(16)/pi^16 from its
 *   Fourier series (DLMF 24.8.5), lambda(16) = (1 - 2^-16) zeta(16) < 1.0000153: C = 2 lambda(16) 16!/pi^16.
 * Test: test/verify/eval/slow-sums.test.ts (each within a factor 4 of the true remainder
 * of 1/x^2 and (-1)^k/k at small starts, above it).
 */
export const REMAINDER_CONSTANTS = { em: 3617 / 510, boole: (2 * 1.0000153 * 20922789888000) / Math.PI ** 16 } as const; // (16! = 20922789888000)

/** The far end of the stretch TAIL BOUNDS reads (past it the doubles end). */
const END = 2 ** 1023;
/**
 * What TAIL BOUNDS read on a stretch at one point, by its ends and whether it integrated
 * there: the logarithms of the remainder's and the integral's error bounds and the
 * integral's value. The stretches are dyadic (canonicalStretches), so the later starts
 * of one sum at one point meet the far stretches of the earlier ones and reuse them.
 */
type Memo = Map<string, { readonly r: number; readonly error: number; readonly I: Val<number> }>;

/** Where TAIL BOUNDS stops integrating a summand whose bound does not fall (boundDecays), as a multiple of K: the half-line quadrature reads the rest. */
const FAR = 2 ** 64;
/** The most strips TAIL BOUNDS takes for one start (then the tail is refused). */
const STRIPS = 256;

/**
 * Whether TAIL BOUNDS is to bound the tail's integral: not when the bound M of |f| on the
 * strips about stretches [a, 2a] far out is known but does not fall: (2a - a) M at
 * a = 2^20 K and 2^40 K must then fall by e^3 at least (f = x^-s with s above about 1.2).
 * It does not for a difference whose terms cancel, 1/k - 1/(k + 1): the bound of each term,
 * 1/a, is summed (interval arithmetic does not see the cancellation), and the integral of
 * the bound diverges; such a tail's integral is the half-line quadrature's, as an integral
 * claim's, past FAR times the start (the one blind spot left: a feature the quadrature
 * passes over there; an eighth red-team pass sent sums with a bump at 10^7 there from the
 * start with a term 1/k - 1/k, before FAR).
 */
function boundDecays(f: Expr, index: string, K: number, at: Env<number>, ctx: EvalContext): boolean {
  const size = (a: number): number => a > 0 ? stripBound(f, (e) => e.kind === 'index' && e.name === index, (e) => freeVars(e).has(`i:${index}`), a, 2 * a, a / 3, leafAt(at), () => chargeStep(ctx)) + Math.log(a) : NaN;
  const near = size(K * 2 ** 20);
  const far = size(K * 2 ** 40);
  // an unknown bound (a pole off the axis near there) is no reason to fall back: TAIL BOUNDS
  // splits its stretches about it (a seventh red-team pass: poles at 1.5*10^15 +- 10^14 i sent
  // sums with a bump at 10^7 to the quadrature, which passed over it)
  return !(Number.isFinite(near) && Number.isFinite(far) && far > near - 3);
}

/** The leaves of a summand at the point `at` (the index itself is the strip's variable). */
function leafAt(at: Env<number>): (e: Expr) => number | undefined {
  const value = (v: number | bigint | undefined): number | undefined => (v === undefined ? undefined : Number(v));
  return (e) => (e.kind === 'index' ? value(at.idx.get(e.name) ?? at.vars.get(integralKey(e.name))) : e.kind === 'var' ? at.vars.get(e.name) : undefined);
}

/**
 * The stretches that cover [K, END], the last popped first: [K, 2^j0] (2^j0 the least power
 * of 2 not below K) where K is not one, then dyadic blocks [2^a, 2^b] of the exponents, as a
 * segment tree over [0, 1024) cuts [j0, 1023]; a block straddling `to` (where the integral
 * stops) is cut there. The same far blocks for every K.
 */
function canonicalStretches(K: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  let j = Math.ceil(Math.log2(K));
  if (2 ** j < K) j++;
  if (2 ** (j - 1) >= K) j--;
  if (K < 2 ** j) out.push([K, 2 ** j]);
  while (j < 1023) {
    let size = 1;
    while (j % (2 * size) === 0 && j + 2 * size <= 1023) size *= 2;
    out.push([2 ** j, 2 ** (j + size)]);
    j += size;
  }
  const cut = out.flatMap(([lo, hi]): [number, number][] => (lo < to && to < hi ? [[lo, to], [to, hi]] : [[lo, hi]]));
  return cut.reverse();
}

/** The two halves of a stretch: at the middle exponent of a dyadic block of more than one octave, else at its middle. */
function halves(lo: number, hi: number): [number, number][] {
  const a = Math.log2(lo);
  const b = Math.log2(hi);
  if (Number.isInteger(a) && Number.isInteger(b) && b - a >= 2) {
    const mid = 2 ** Math.floor((a + b) / 2);
    return [[lo, mid], [mid, hi]];
  }
  const mid = hi > 2 * lo ? Math.sqrt(lo) * Math.sqrt(hi) : lo + (hi - lo) / 2;
  return [[lo, mid], [mid, hi]];
}

/** A Gauss-Legendre rule on [-1, 1]: its nodes and weights. */
interface Rule {
  readonly n: number;
  readonly x: Float64Array;
  readonly w: Float64Array;
}

/** The n-point Gauss-Legendre rule, by Newton's method on P_n from the usual first guesses (nodes to about 1e-16). */
export function gaussLegendre(n: number): Rule {
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 1;
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = z;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      dp = (n * (z * p1 - p0)) / (z * z - 1);
      const dz = p1 / dp;
      z -= dz;
      if (Math.abs(dz) <= 1e-16) break;
    }
    x[i] = z;
    w[i] = 2 / ((1 - z * z) * dp * dp);
  }
  return { n, x, w };
}

/** The rules TAIL BOUNDS chooses from, fewest nodes first. */
const GAUSS_RULES = [4, 8, 16, 32].map(gaussLegendre);

/**
 * TAIL BOUNDS, for the tail [K, END] of the summand f at the point `at` (the index real),
 * the integral taken over [K, to] (to = K for Euler-Boole, END or FAR K for Euler-Maclaurin),
 * the stretches already read at this point in `memo`:
 * - REMAINDER: a rigorous bound R on the remainder R_P of either formula. It is at most C
 *   (REMAINDER_CONSTANTS) times the integral of |f^(16)|/16!, and on a stretch [lo, hi]
 *   Cauchy's estimate on the discs |t - x| <= rho, x in the stretch, gives
 *   |f^(16)(x)|/16! <= M/rho^16, with M the bound of |f| on the STRIP about it (DISCS,
 *   magnitude.ts): the stretch adds C (hi - lo) M/rho^16.
 * - INTEGRAL (Euler-Maclaurin only): the integral of f over the tail, with a rigorous bound
 *   on its method error. A stretch adds (hi - lo) M to the error alone where that is small
 *   enough; else the Gauss-Legendre rule of the fewest nodes whose error bound
 *   (64/15) M L r^(-2n)/(r^2 - 1) is (Trefethen, Approximation Theory and Approximation
 *   Practice, theorem 19.3: f analytic and at most M on the Bernstein ellipse of parameter r
 *   about the stretch, L its half-length; r = a + sqrt(a^2 + 1), a = rho/L, is the largest
 *   whose ellipse lies inside the strip), its nodes evaluated in doubles with their own
 *   errors.
 * The stretches (canonicalStretches) are halved (halves) until each adds at most
 * tol/(16 STRIPS) to each bound (so that the error they report is at most tol/8, well inside
 * the judge's tolerance), on a strip of half-width rho: half the lesser of lo and the length,
 * else lo/3, else a quarter of that, the first that bounds (the sectors of powers narrow
 * with it); one of length 1/4 that still does not, or more than STRIPS strips, refuses the
 * tail. At END the formula's terms are at most
 * 2 M, with M the bound of |f| on the disc of radius END/16 about it: they must fit in tol
 * too (a rest that does not fall to 0, as (-1)^k (1/k + 10^-7), has no sum there).
 * Why this is what makes the tail sound: the formulas are exact identities with that
 * remainder, so a summand whose extension is not smooth between the integers, anywhere
 * on the tail, has a large remainder bound and is refused: a pole between two integers
 * (unknown bound), a narrow bump between them (e^((rho/width)^2) off the axis: the fifth
 * red-team pass's Gaussians of width 0.05 at 65.5 and 1025.5), a periodic part that the
 * integers alias (cosh(2 pi rho)); and the integral's error is bounded, not estimated, so
 * no feature of the tail is missed by its nodes (a sixth red-team pass: a bump of width
 * 10 at 10^4, 1/(((k - 10^4)/10)^2 + 1)^4, passed over by the half-line quadrature that
 * read the integral before). What stays numerical: the jets at K (with their error
 * estimates) and the nodes' values in doubles; the terms past END.
 */
function tailBounds(f: Expr, index: string, K: number, at: Env<number>, ctx: EvalContext, tol: number, boole: boolean, to: number, memo: Memo = new Map()): { I: Val<number>; R: number } | undefined {
  // (a start past END, a sum from 10^400, has no stretches to bound: refused)
  if (!(K >= 1 && K < END) || !(tol > 0)) return undefined;
  const logC = plant === 'no-remainder' ? -Infinity : Math.log(boole ? REMAINDER_CONSTANTS.boole : REMAINDER_CONSTANTS.em);
  // each stretch adds at most tol/(16 STRIPS) to R and to the integral's error: together at most tol/8
  const share = Math.log(tol / (16 * STRIPS));
  const key = integralKey(index);
  const isIndex = (e: Expr): boolean => e.kind === 'index' && e.name === index;
  const dependsOn = (e: Expr): boolean => freeVars(e).has(`i:${index}`);
  const leaf = leafAt(at);
  const step = (): void => chargeStep(ctx);
  const vars = new Map(at.vars);
  const node: Env<number> = { vars, idx: at.idx };
  /** log(e^l (1 + 1e-9) + ...): a logarithm computed in doubles, rounded up past its few rounding errors. */
  const upward = (l: number): number => (Number.isFinite(l) ? l + 1e-9 * (1 + Math.abs(l)) : l);
  const I = { x: 0, m: 0, e: 0 };
  let R = 0;
  const stretches = canonicalStretches(K, to);
  for (let strips = 0; stretches.length > 0; strips++) {
    if (strips >= STRIPS) return undefined;
    const [lo, hi] = stretches.pop()!;
    const integral = hi <= to;
    const known = memo.get(`${lo} ${hi} ${integral}`);
    if (known !== undefined && known.r <= share && known.error <= share) {
      R += logBound(known.r);
      I.x += known.I.x;
      I.m += known.I.m;
      I.e += logBound(known.error) + known.I.e;
      continue;
    }
    const L = (hi - lo) / 2;
    /** What a strip of half-width rho gives the stretch: undefined unless both its bounds fit their shares. */
    const read = (rho: number) => {
      const u = stripBound(f, isIndex, dependsOn, lo, hi, rho, leaf, step);
      // REMAINDER: log(C (hi - lo) e^u / rho^16)
      const r = upward(logC + Math.log(hi - lo) + u - 16 * Math.log(rho));
      if (!(r <= share)) return undefined;
      // INTEGRAL: the stretch's whole size, or the fewest nodes whose error bound is small enough
      const size = upward(u + Math.log(hi - lo));
      if (!integral || size <= share) return { r, error: integral ? size : -Infinity, rule: undefined };
      const a = rho / L;
      const lr = Math.log(a + Math.sqrt(a * a + 1));
      /** log of Trefethen's bound on the error of the n-point rule over the stretch. */
      const gaussError = (n: number): number => (plant === 'gauss-optimistic' ? -Infinity : upward(Math.log(64 / 15) + u + Math.log(L) - 2 * n * lr - Math.log(Math.expm1(2 * lr))));
      const rule = GAUSS_RULES.find((q) => gaussError(q.n) <= share);
      return rule === undefined ? undefined : { r, error: gaussError(rule.n), rule };
    };
    /** The rule's sum over the stretch, its nodes' values in doubles with their own errors. */
    const gauss = (rule: Rule): Val<number> => {
      const J = { x: 0, m: 0, e: 0 };
      for (let i = 0; i < rule.n; i++) {
        vars.set(key, lo + L + L * rule.x[i]!);
        const v = evalIn(floatField, f, node, ctx);
        const w = L * rule.w[i]!;
        J.x += w * v.x;
        J.m += w * v.m;
        J.e += w * v.e;
      }
      return J;
    };
    // the widest strip first (fewest Gauss-Legendre nodes), then narrower ones: on the first
    // the sector of k^2 reaches +-90 degrees at its corner lo/2 + i lo/2, where k^2 + 1 may be
    // near 0 far out (1/(k^2 + 1)^(3/2)); on the second (rho = lo/3) that of k^3 reaches +-80
    // (1/sqrt(k^3 + k)); on the third (lo/12) that of k^5 +-26 (1/sqrt(k^5 + 1))
    // where a strip asks for nodes, a narrower one may bound the stretch whole: past 10^308 the
    // lower bounds of moduli stop at MAX_VALUE, and the widest strip's sectors are too wide to
    // say more (1/(sqrt(k) (k + 1) + k sqrt(k + 1)) on [2^1022, 2^1023], whose nodes overflow)
    const wide = Math.min(lo, hi - lo) / 2;
    const third = Math.min(lo / 3, (hi - lo) / 2);
    let got: ReturnType<typeof read>;
    for (const rho of third < wide ? [wide, third, third / 4] : [wide, third / 4]) {
      const g = read(rho);
      if (g !== undefined && (got === undefined || (got.rule !== undefined && (g.rule === undefined || g.rule.n < got.rule.n)))) got = g;
      if (got !== undefined && got.rule === undefined) break;
    }
    const J = got === undefined ? undefined : got.rule === undefined ? { x: 0, m: 0, e: 0 } : gauss(got.rule);
    if (got !== undefined && J !== undefined && [J.x, J.m, J.e].every(Number.isFinite)) {
      memo.set(`${lo} ${hi} ${integral}`, { r: got.r, error: got.error, I: J });
      R += logBound(got.r);
      I.x += J.x;
      I.m += J.m;
      I.e += logBound(got.error) + J.e;
      continue;
    }
    if (hi - lo <= 0.25) return undefined;
    stretches.push(...halves(lo, hi).reverse());
  }
  if (![I.x, I.m, I.e, R].every(Number.isFinite)) return undefined;
  // the terms at END: |f^(m)(END)|/m! <= M/rho^m on the disc of radius END/16 about it (narrow,
  // for the sectors of powers: k^5 is within +-19 degrees there)
  const atEnd = 2 * logBound(stripBound(f, isIndex, dependsOn, END, END, END / 16, leaf, step));
  return atEnd <= tol ? { I, R: R + atEnd } : undefined;
}
