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
 * error estimates), the integral the half-line quadrature (quadrature.ts).
 *
 * Why it can be trusted as far as the witness trusts a quadrature: both formulas are
 * exact identities with the remainder R_P = integral of a bounded periodic function
 * (a Bernoulli or Euler function of x - K) times f^(2P)(x) over [K, inf). For a summand
 * that varies on a scale of several units past K, R_P is far below the last terms, odd
 * and even (EVEN ORDERS), which must shrink. The estimate is taken at two starts, 64 and
 * 1024 terms in (the terms between summed directly; or 1024 and 2048), which must agree;
 * the error reported is their difference, the last terms, the jets' and the integral's
 * own errors. The dangers, each refused:
 * - an extension that does not vary slowly between the integers, where the values that
 *   matter are taken (sin(pi k)^2/k^2 is 0 at every integer, while its extension averages
 *   1/(2 x^2)): a periodic function of the index is not taken (OSCILLATING), and where the
 *   derivatives grow anyway the terms stop shrinking; NaN jets ((-1)^k at a real k: only a
 *   literal (-1)^E factor is taken out, for Euler-Boole);
 * - a singularity of the extension anywhere past K, which no quadrature node may come
 *   near (NO POLE AHEAD: rigorous enclosures);
 * - for Euler-Boole, which has no integral, a rest that is not seen to fall to 0 along the
 *   whole tail with nothing ahead larger than at K (TAIL VIEW).
 * A refused tail leaves the sum to the direct summation, as before. Only doubles (the
 * integral has no other rule); only sums, not products.
 * Not seen, as in any quadrature: a feature of the summand past the direct terms that
 * is narrower than the nodes of the tail's integral (for Euler-Boole, that of |g|/x; and
 * there one a few units wide whose size stays below 2 |g(K)|: a smooth wide bump's
 * alternating sum is exponentially small, a narrow one's is not). Misread: a feature
 * narrower than about a tenth of a unit between two integers just after a start, where
 * the tail's quadrature nodes are dense enough to resolve it though no term holds it (a
 * fifth red-team pass: a Gaussian of width 0.05 at 65.5 and another at 1025.5 made both
 * estimates off by its area, and they agreed). Checks at more starts only ask for more
 * such features; what would close it is a rigorous bound of the summand on a strip about
 * the tail (DISCS, magnitude.ts, extended to quotients), which bounds the remainder.
 * Tests: test/verify/eval/slow-sums.test.ts (values against closed forms; false
 * claims that differ by 10^-8; extensions that oscillate between the integers; planted
 * wrong coefficients); test/e2e/slow-series.test.ts (the false claims of five red-team
 * passes, and of an earlier extrapolation that was withdrawn, none TESTED).
 */
import type { Expr } from '../../proofs/ast.ts';
import { floatField } from '../arith/field.ts';
import { type EvalContext, type Env, type Val, EvalError, attempt, chargeStep, checkDeadline, evalIn, freeVars, integralKey, intValue, isolated, taylorCoefficients } from './evaluate.ts';
import { enclose } from './magnitude.ts';
import { quadrature } from './quadrature.ts';

/** 0!, 1!, ..., 16!. */
const FACTORIALS = Array.from({ length: 17 }, (_, n) => { let f = 1; for (let i = 2; i <= n; i++) f *= i; return f; });
/** B_2, B_4, ..., B_16 (Bernoulli numbers; exact rationals, rounded once). */
const BERNOULLI = [1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510];
/** How many corrections (the jets' order is 2P: the last even one sizes the remainder too). */
const P = BERNOULLI.length;
/**
 * The numbers of direct terms after which the tail is estimated: the sum is taken once
 * two successive estimates agree. The second is far from the first: a feature of the
 * summand that the first reads wrongly from its extension (a peak of width about 1,
 * whose sum differs from its integral by about e^(-2 pi width)) is summed directly in
 * the second. Past 1024 terms, the tail's quadrature resolves only features wide enough
 * (its nodes lie about x/16 apart near x) that their sums and integrals agree, except just
 * after a start, where its nodes crowd (the header's "Misread"). A first
 * estimate that is refused (the quadrature does not settle on that peak) leaves the
 * next two to agree.
 */
const STAGES = [64, 1024, 2048];
/** Past this many terms the sum has no more tail estimates (the other fields give it up there: evaluate.ts). */
export const SLOW_TAIL_TERMS = STAGES[STAGES.length - 1]!;
/** The ratio of the last two terms' sizes above which (and below 1) the tail is estimated (1/k^2 at k = 64: 0.97). */
const SLOW_RATIO = 0.9;
/** The two estimates must agree to this much of max(|sum|, its rounding scale). */
const AGREE = 1e-10;

/** Test hook: a planted defect in the corrections ('no-half': f(K)/2 left out; 'em-sign': the Bernoulli terms added; 'boole-as-em': alternating tails by Euler-Maclaurin's coefficients; 'odd-only': EVEN ORDERS not looked at). */
let plant: 'no-half' | 'em-sign' | 'boole-as-em' | 'odd-only' | undefined;
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
      const t = ratio < 1 ? slowTail(plan, expr.index, lo + BigInt(count), env, ctx) : undefined;
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
  /** integral(k = K..inf, smooth), K the var START (Euler-Maclaurin only). */
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
function slowTail(plan: TailPlan, index: string, K: bigint, env: Env<number>, ctx: EvalContext): Tail | undefined {
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
    return attempt(ctx, () => isolated(ctx, undefined, () => estimate(plan, index, K, at, env, ctx)), true);
  } finally {
    ctx.infiniteDepth = depth;
  }
}

function estimate(plan: TailPlan, index: string, K: bigint, at: Env<number>, env: Env<number>, ctx: EvalContext): Tail | undefined {
  if (!noPoleAhead(plan.smooth, index, Number(K), at, ctx)) return undefined;
  const j = taylorCoefficients(plan.smooth, integralKey(index), 2 * P, at, ctx, { at: Number(K), evenWithoutPlans: true });
  if (j === undefined || j.shifted) return undefined;
  const boole = plan.sign !== undefined && plant !== 'boole-as-em';
  // sum_j w_j c_{2j-1}, c_m = f^(m)(K)/m!, w_j = B_2j/(2j) (times 4^j - 1 for Euler-Boole)
  const terms: number[] = [];
  /** EVEN ORDERS: the same size for c_{2j}, 2 (2j)! |c_{2j}| / (2 pi)^(2j) (pi^(2j) for Euler-Boole). */
  const evens: number[] = [];
  let err = plant === 'no-half' ? 0 : j.err[0]! / 2;
  for (let i = 1; i <= P; i++) {
    const w = (BERNOULLI[i - 1]! / (2 * i)) * (boole ? 4 ** i - 1 : 1);
    terms.push(-w * j.c[2 * i - 1]!);
    err += Math.abs(w) * j.err[2 * i - 1]!;
    evens.push((2 * FACTORIALS[2 * i]! * Math.abs(j.c[2 * i]!)) / (boole ? Math.PI : 2 * Math.PI) ** (2 * i));
  }
  // the remainder is of the size of the next terms, odd or even: a narrow bump centred at K
  // has no odd derivatives there, and its corrections looked small (a fourth red-team pass:
  // a peak at 2049 and a dip at 1025, each misread at its own start, agreed on a wrong sum)
  const last = Math.abs(terms[P - 1]!) + Math.abs(terms[P - 2]!) + (plant === 'odd-only' ? 0 : evens[P - 1]! + evens[P - 2]!);
  const first = Math.max(Math.abs(terms[0]!), plant === 'odd-only' ? 0 : evens[0]!);
  let x = plant === 'no-half' ? 0 : j.c[0]! / 2;
  let m = Math.abs(x);
  for (const t of terms) {
    x += plant === 'em-sign' ? -t : t;
    m += Math.abs(t);
  }
  err += last;
  if (plan.integral !== undefined) {
    const I: Val<number> = evalIn(floatField, plan.integral, at, ctx);
    x += I.x;
    m += I.m;
    err += I.e;
  }
  if (plan.sign !== undefined) {
    // TAIL VIEW: Euler-Boole gives a divergent series its Abel value (1/2 for (-1)^k, whose
    // corrections are all 0), and has no integral to see the far tail: the rest must be
    // seen to fall to 0, with nothing ahead larger than at K (red-team passes: (-1)^k log(k),
    // (-1)^k exp(k/10^5), (-1)^k (1/k + k^2/10^30) were TESTED at such values)
    tailSeen(plan.smooth, index, Number(K), Math.abs(j.c[0]!), at, ctx);
    const E = intValue(floatField, plan.sign, { vars: env.vars, idx: new Map(env.idx).set(index, K) }, ctx);
    if (E === undefined) return undefined;
    if (E % 2n !== 0n) x = -x;
  }
  // the corrections must shrink: the last two within 1e-6 of the first (else the extension varies between the integers)
  if (!(last <= 1e-6 * Math.max(first, Number.MIN_VALUE))) {
    if (!(last <= 1e-15 * Math.abs(x))) return undefined;
  }
  return [x, m, err].every(Number.isFinite) ? { x, m, e: err } : undefined;
}

/**
 * TAIL VIEW: Euler-Boole reads the rest g through its derivatives at K alone, so the
 * whole tail must be seen to be what those describe: the half-line quadrature of
 * |g(x)|/x over [K, inf) must settle (so g falls to 0: a constant part, even 10^-7, makes
 * it diverge; a pole makes it fail) and no node may see |g| above 2 |g(K)| (a bump or a
 * pole ahead: their alternating sums are not exponentially small, as a smooth decay's
 * is). Two red-team passes: ten probes at K 2^(10 i) passed a pole at 10^8 + 1/2 (the
 * sum off by pi), (-1)^k (1/k + 10^-7) (divergent, given its Abel value), and g made 0
 * at exactly those probes. Not seen: a feature narrower than the nodes (about x/16 apart
 * near x), and one past the last node (about 10^30 K).
 */
function tailSeen(g: Expr, index: string, K: number, size: number, at: Env<number>, ctx: EvalContext): void {
  const key = integralKey(index);
  const vars = new Map(at.vars);
  const env: Env<number> = { vars, idx: at.idx };
  const f = (x: number): { v: number; m: number; e: number } => {
    vars.set(key, x);
    const y = Math.abs(evalIn(floatField, g, env, ctx).x);
    if (!(y <= 2 * size)) throw new EvalError('verify/series-diverges', `the alternating sum over ${index} has a rest that grows past its start`);
    return { v: y / x, m: y / x, e: 0 };
  };
  quadrature(f, K, Infinity, index, () => checkDeadline(ctx));
}

/** The most enclosures NO POLE AHEAD takes for one start (then the tail is refused). */
const POLE_CHECKS = 256;

/**
 * NO POLE AHEAD: the summand's extension has no singularity on [K, 2^1023] (a pole between
 * two integers far ahead adds pi or pi^2 times its residue to the sum, while the nodes of
 * a quadrature, about x/16 apart near x, never come near it: a third red-team pass,
 * 1/k^2 + 1/(k - 10^14 - 1/2)^2 = pi^2/6 and (-1)^(k+1) (1/k + 1/(k - 10^14 - 1/2)) = log 2
 * were TESTED, off by pi^2 and pi). Shown by rigorous enclosures (magnitude.ts) of the
 * summand over pieces of the range, halved (in ratio, then in length) where an enclosure
 * is unknown (a division by what may be 0, a logarithm of what may be negative, a
 * construct without a rule), down to pieces of length 1/4; a piece still unknown there, or
 * more than POLE_CHECKS enclosures, refuses the tail. An enclosure's overestimate can
 * refuse a summand with no pole (1/(k^2 - 100 k + 2501) near k = 64), never pass one
 * with a pole. Past 2^1023 the doubles end (and the quadrature's last node is near 10^30 K).
 */
function noPoleAhead(f: Expr, index: string, K: number, at: Env<number>, ctx: EvalContext): boolean {
  const step = (): void => chargeStep(ctx);
  const value = (v: number | bigint | undefined): number | undefined => (v === undefined ? undefined : Number(v));
  const pieces: [number, number][] = [[K, 2 ** 1023]];
  for (let checks = 0; pieces.length > 0; checks++) {
    if (checks >= POLE_CHECKS) return false;
    const [lo, hi] = pieces.pop()!;
    const leaf = (e: Expr): number | readonly [number, number] | undefined => {
      if (e.kind === 'index') return e.name === index ? [lo, hi] : value(at.idx.get(e.name) ?? at.vars.get(integralKey(e.name)));
      return e.kind === 'var' ? at.vars.get(e.name) : undefined;
    };
    if (enclose(f, leaf, step).hi < Infinity) continue;
    if (hi - lo <= 0.25) return false;
    const mid = hi > 2 * lo ? Math.sqrt(lo) * Math.sqrt(hi) : lo + (hi - lo) / 2;
    pieces.push([mid, hi], [lo, mid]);
  }
  return true;
}
