/**
 * MAGNITUDES (src/verify/eval/magnitude.ts), computed two ways:
 * - against doubles: on random expressions at points biased to 0, +-1, huge and tiny
 *   magnitudes and the edges of the double range, wherever the doubles are finite and
 *   in range, their value within its own error estimate lies in the enclosure;
 * - against each other, past the double range: two forms of one function (1/cosh(u)
 *   and 2 e^-|u|/(1 + e^-2|u|), tanh and sinh/cosh, ...) at |u| up to 10^6 give
 *   enclosures that meet.
 * Planted wrong rules (cosh off by a factor 2, a sinh that loses the sign, a
 * cancellation ignored, a quotient bounded by the wrong end) must each be caught.
 *
 * DISCS (discBound), computed two ways against the bound e^u on |t - t0| <= rho: the
 * complex values on that circle and at its centre, and the Taylor jets at t0 in
 * eps = (t - t0)/rho (every coefficient within coefficientLogBound, Cauchy's estimate on
 * three circles), of random expressions in t and two real variables; planted wrong
 * rules caught. On STRIPS (stripBound) alike: the complex values at the corners, edges
 * and inside of the rectangle, and the Taylor jets in eps at points of the stretch;
 * planted wrong rules for quotients, products and logarithms caught there.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { BuiltinFn, Expr } from '../../../src/proofs/ast.ts';
import { evaluate, makeContext, makeEnv } from '../../../src/verify/eval/evaluate.ts';
import { type DiscRules, type Enclosure, type Rules, DISC_RULES, RULES, UNKNOWN, cauchyEstimate, coefficientLogBound, discBound, enclose, logBound, stripBound, toInterval } from '../../../src/verify/eval/magnitude.ts';
import { evalIn, freeVars } from '../../../src/verify/eval/evaluate.ts';
import { complexField } from '../../../src/verify/arith/field.ts';
import { cabs, cx } from '../../../src/verify/arith/complex.ts';
import { taylorField } from '../../../src/verify/jets/taylor.ts';
import * as h from '../helpers.ts';

const { n, v } = h;
const prog = h.program(h.varDecl('x', h.real()), h.varDecl('y', h.real()));

const special = [0, 1, -1, 0.5, -0.5, 2, 1e-300, -1e-300, 5e-324, 1e300, -1e300, 709, -709, 710, -710, 745, -746, 1e-16, 20, -20, 3.5];
const dbl = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...special) },
  { weight: 3, arbitrary: fc.double({ min: -30, max: 30, noNaN: true }) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
);
const numLit = fc.oneof(
  fc.constantFrom(n(0), n(1), n(-1), n(2), n(1, 3), n(10n ** 30n), n(1, 10n ** 30n), n(-7, 2), n(10n ** 400n), n(1, 10n ** 400n)),
  fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: 1, max: 9 })).map(([a, b]) => n(a, b)),
);
const fns: BuiltinFn[] = ['exp', 'log', 'sqrt', 'abs', 'sin', 'cos', 'sinh', 'cosh', 'tanh', 'atan', 'gamma'];
const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: fc.oneof(numLit, fc.constantFrom(v('x'), v('y'), h.pi, h.e)) },
    { weight: 1, arbitrary: tie('e').map((a) => h.neg(a)) },
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...fns), tie('e')).map(([f, a]) => h.call(f, a)) },
    { weight: 4, arbitrary: fc.tuple(fc.constantFrom('+', '-', '*', '/') as fc.Arbitrary<'+' | '-' | '*' | '/'>, tie('e'), tie('e')).map(([op, a, b]) => ({ kind: 'binop', op, left: a, right: b, span: { start: 0, end: 0 } }) as Expr) },
    { weight: 1, arbitrary: fc.tuple(tie('e'), fc.integer({ min: -4, max: 5 })).map(([a, k]) => h.pow(a, n(k))) },
    { weight: 1, arbitrary: fc.tuple(tie('e'), fc.constantFrom(n(1, 2), n(-3, 2), n(7, 3))).map(([a, k]) => h.pow(a, k)) },
  ),
})).e;

const leafOf = (p: { x: number; y: number }) => (e: Expr): number | undefined => (e.kind === 'var' && (e.name === 'x' || e.name === 'y') ? p[e.name] : undefined);

/**
 * The enclosure contains a value within t of v. Past about 2^-1000 the enclosure's
 * interval in doubles is only absolute (toInterval), so the check is too.
 */
function meets(a: Enclosure, x: number, t: number): boolean {
  const [lo, hi] = toInterval(a);
  return x + t >= lo && x - t <= hi;
}

/** Doubles against the enclosure at one case: undefined when the case says nothing (no double value in range, or no enclosure). */
function agrees(expr: Expr, p: { x: number; y: number }, rules: Rules): boolean | undefined {
  const enc = enclose(expr, leafOf(p), undefined, rules);
  if (enc.hi === Infinity) return undefined;
  const ctx = makeContext(prog.vars);
  let r;
  try {
    r = evaluate(expr, makeEnv(p), ctx);
  } catch {
    return undefined;
  }
  if (!Number.isFinite(r.x) || !Number.isFinite(r.m) || !Number.isFinite(r.e) || (ctx.rangeLost ?? 0) > 0) return undefined;
  return meets(enc, r.x, 4 * (r.e + 2 ** -50 * r.m) + 2 ** -1000);
}

/** Runs the doubles-against-enclosure law; returns [cases checked, first counterexample or undefined]. */
function lawAgainstDoubles(rules: Rules, seed: number, numRuns = 4000): { checked: number; failed: boolean } {
  let checked = 0;
  const r = fc.check(
    fc.property(exprArb, dbl, dbl, (expr, x, y) => {
      const ok = agrees(expr, { x, y }, rules);
      if (ok !== undefined) checked++;
      return ok !== false;
    }),
    { numRuns, seed },
  );
  return { checked, failed: r.failed };
}

/**
 * GAPS (evaluate.ts) encloses an integrand over a stretch of x: the enclosure with x an
 * interval [x0, x1] holds the double value (within its error) at x0, x1 and points
 * between. Returns [cases checked, failed].
 */
function lawOverIntervals(rules: Rules, seed: number, numRuns = 4000): { checked: number; failed: boolean } {
  let checked = 0;
  const width = fc.oneof(fc.constantFrom(0, 1e-9, 0.5, 1, 3, 100, 1e6), fc.double({ min: 0, max: 50, noNaN: true }));
  const r = fc.check(
    fc.property(exprArb, dbl, width, dbl, (expr, x0, w, y) => {
      const x1 = x0 + w;
      if (!Number.isFinite(x1)) return true;
      const enc = enclose(expr, (e) => (e.kind === 'var' ? (e.name === 'x' ? [x0, x1] as const : e.name === 'y' ? y : undefined) : undefined), undefined, rules);
      if (enc.hi === Infinity) return true;
      for (const x of [x0, x0 + w / 3, x0 + w / 2, x1]) {
        const ctx = makeContext(prog.vars);
        let v;
        try {
          v = evaluate(expr, makeEnv({ x, y }), ctx);
        } catch {
          continue;
        }
        if (!Number.isFinite(v.x) || !Number.isFinite(v.m) || !Number.isFinite(v.e) || (ctx.rangeLost ?? 0) > 0) continue;
        checked++;
        if (!meets(enc, v.x, 4 * (v.e + 2 ** -50 * v.m) + 2 ** -1000)) return false;
      }
      return true;
    }),
    { numRuns, seed },
  );
  return { checked, failed: r.failed };
}

/** Pairs of equal functions of u, the second free of the first's overflow. */
const u = v('x');
const absU = h.call('abs', u);
const PAIRS: [string, Expr, Expr][] = [
  ['sech', h.div(n(1), h.call('cosh', u)), h.div(h.mul(n(2), h.exp(h.neg(absU))), h.add(n(1), h.exp(h.mul(n(-2), absU))))],
  ['cosh', h.call('cosh', u), h.div(h.add(h.exp(u), h.exp(h.neg(u))), n(2))],
  ['sinh', h.call('sinh', u), h.div(h.sub(h.exp(u), h.exp(h.neg(u))), n(2))],
  ['tanh', h.call('tanh', u), h.div(h.call('sinh', u), h.call('cosh', u))],
  ['log exp', h.log(h.exp(u)), u],
  ['sqrt^2', h.pow(h.call('sqrt', h.exp(u)), n(2)), h.exp(u)],
  ['x/sinh', h.div(u, h.call('sinh', u)), h.div(h.mul(n(2), absU), h.mul(h.exp(absU), h.sub(n(1), h.exp(h.mul(n(-2), absU)))))],
  ['logistic', h.div(h.exp(h.neg(u)), h.pow(h.add(n(1), h.exp(h.neg(u))), n(2))), h.div(h.exp(u), h.pow(h.add(n(1), h.exp(u)), n(2)))],
  ['power', h.pow(h.exp(u), n(3, 2)), h.exp(h.mul(n(3, 2), u))],
  ['odd power', h.div(h.pow(u, n(3)), h.pow(u, n(2))), u],
];

/** Two enclosures of one value meet (in the logarithm where both have a sign). */
function overlap(a: Enclosure, b: Enclosure): boolean {
  if (a.s !== 0 && a.s === b.s && a.lo > -Infinity && b.lo > -Infinity) return a.lo <= b.hi && b.lo <= a.hi;
  const [al, ah] = toInterval(a);
  const [bl, bh] = toInterval(b);
  return al <= bh && bl <= ah;
}

const wide = fc.oneof(
  fc.constantFrom(0, 1, -1, 709, 710, -710, 745, 800, -800, 1e4, -1e5, 1e6, -1e6, 1e-300, 30, -30),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  fc.double({ min: -40, max: 40, noNaN: true }),
);
function twoWays(rules: Rules, seed: number): boolean {
  return fc.check(
    fc.property(fc.constantFrom(...PAIRS), wide, ([, f, g], x) => {
      if (x === 0) return true; // x/sinh(x) and u^3/u^2 are undefined at 0
      const a = enclose(f, leafOf({ x, y: 0 }), undefined, rules);
      const b = enclose(g, leafOf({ x, y: 0 }), undefined, rules);
      return a.hi === Infinity || b.hi === Infinity || overlap(a, b);
    }),
    { numRuns: 3000, seed },
  ).failed;
}

describe('MAGNITUDES: enclosures against doubles', () => {
  it('contain the double value, within its error, of random expressions at biased points', () => {
    const r = lawAgainstDoubles(RULES, 11);
    expect(r.failed).toBe(false);
    expect(r.checked).toBeGreaterThan(1500); // the law is exercised, not skipped
  });
  it('computed two ways past the double range: the enclosures of equal functions meet', () => {
    expect(twoWays(RULES, 12)).toBe(false);
  });
  it('over an interval of x (GAPS), contain the double value at every point of it checked', () => {
    const r = lawOverIntervals(RULES, 13);
    expect(r.failed).toBe(false);
    expect(r.checked).toBeGreaterThan(4000); // the law is exercised, not skipped
  });
  it('bound what doubles overflow on: 1/cosh(800), 800/sinh(800), the logistic density at -10^5', () => {
    const at = (e: Expr, x: number) => enclose(e, leafOf({ x, y: 0 }));
    const sech = at(PAIRS[0]![1], 800);
    expect(sech.s).toBe(1);
    // 2 e^-800 / (1 + e^-1600) = 2 e^-800 to double precision
    expect(sech.lo).toBeLessThanOrEqual(Math.LN2 - 800);
    expect(sech.hi).toBeGreaterThanOrEqual(Math.LN2 - 800);
    expect(sech.hi - sech.lo).toBeLessThan(1e-7); // 2^-40 of 800 per operation
    expect(logBound(at(PAIRS[6]![1], 800).hi)).toBe(2 ** -1074); // below the smallest subnormal
    const logistic = at(PAIRS[7]![1], -1e5);
    expect(logistic.hi).toBeLessThan(-1e5 + 1e-4); // 2^-40 of 10^5 per operation
    expect(logistic.lo).toBeGreaterThan(-1e5 - 1e-4);
  });
  it('give no bound where none is known: a divisor that may be 0, a log of what may be negative, a sum, gamma', () => {
    const at = (e: Expr, x: number) => enclose(e, leafOf({ x, y: 0 }));
    expect(at(h.div(n(1), h.sub(u, u)), 3)).toEqual(UNKNOWN);
    expect(at(h.log(h.sin(u)), 3)).toEqual(UNKNOWN);
    expect(at(h.sum('k', n(1), n(3), u), 3)).toEqual(UNKNOWN);
    expect(at(h.div(n(1), h.call('gamma', u)), 300)).toEqual(UNKNOWN);
    // and a near-cancellation keeps only its sign: (u + 1) - u at 10^15 is in (0, 2]
    const c = at(h.sub(h.add(u, n(1)), u), 1e15);
    expect(c.s === 0 || c.lo === -Infinity).toBe(true);
    expect(meets(c, 1, 0)).toBe(true);
  });
  it('charge one step per node', () => {
    let steps = 0;
    enclose(PAIRS[0]![2], leafOf({ x: 1, y: 0 }), () => steps++);
    expect(steps).toBe(14); // 2, u and -2 among them
  });
});

describe('MAGNITUDES: planted wrong rules are caught', () => {
  const plant = (fn: BuiltinFn, wrong: (a: Enclosure) => Enclosure): Rules => ({ ...RULES, call: (f, a) => (f === fn ? wrong(a) : RULES.call(f, a)) });
  it('cosh without its factor 1/2', () => {
    const rules = plant('cosh', (a) => {
      const c = RULES.call('cosh', a);
      return { ...c, lo: c.lo + Math.LN2, hi: c.hi + Math.LN2 };
    });
    expect(twoWays(rules, 21)).toBe(true);
  });
  it('a sinh that loses the sign of its argument', () => {
    const rules = plant('sinh', (a) => {
      const c = RULES.call('sinh', a);
      return c.s === -1 ? { ...c, s: 1 } : c;
    });
    expect(lawAgainstDoubles(rules, 22).failed || twoWays(rules, 22)).toBe(true);
  });
  it('a sum of opposite signs that ignores the cancellation', () => {
    const rules: Rules = {
      ...RULES,
      add: (a, b) => (a.s * b.s === -1 && a.hi !== Infinity && b.hi !== Infinity ? (a.lo > b.hi ? a : b.lo > a.hi ? b : RULES.add(a, b)) : RULES.add(a, b)),
    };
    expect(lawAgainstDoubles(rules, 23).failed).toBe(true);
  });
  it('a quotient bounded above by the divisor\'s upper end', () => {
    const rules: Rules = {
      ...RULES,
      div: (a, b) => {
        const q = RULES.div(a, b);
        return q.hi === Infinity || b.hi === Infinity ? q : { ...q, hi: a.hi - b.hi, lo: Math.min(q.lo, a.hi - b.hi) };
      },
    };
    expect(lawAgainstDoubles(rules, 24).failed || twoWays(rules, 24)).toBe(true);
  });
  it('cosh over an interval bounded by its value at the lower end only', () => {
    const rules = plant('cosh', (a) => {
      const c = RULES.call('cosh', a);
      if (c.hi === Infinity || a.hi === Infinity) return c;
      const [lo] = toInterval(a);
      const l = Math.log(Math.cosh(lo));
      return Number.isFinite(l) ? { ...c, hi: Math.max(c.lo, l) } : c;
    });
    expect(!lawOverIntervals(RULES, 26).failed && lawOverIntervals(rules, 26).failed).toBe(true);
  });
  it('an even power of a negative base that keeps the sign', () => {
    const rules: Rules = { ...RULES, powInt: (a, k) => (k % 2 === 0 && k > 0 && a.s === -1 ? { ...RULES.powInt(a, k), s: -1 } : RULES.powInt(a, k)) };
    expect(lawAgainstDoubles(rules, 25).failed).toBe(true);
  });
});

// ---------------------------------------------------------------- DISCS

const t = v('t');
const discProg = h.program(h.varDecl('t', h.real()), h.varDecl('x', h.real()), h.varDecl('y', h.real()));
/** Expressions in t, x, y: mostly what DISCS has rules for, some that it has not (log, sqrt, tan, 1/t). */
const discArb: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 2, arbitrary: numLit },
    { weight: 4, arbitrary: fc.constantFrom(t, t, t, v('x'), v('y'), h.pi) },
    { weight: 1, arbitrary: tie('e').map((a) => h.neg(a)) },
    { weight: 3, arbitrary: tie('e').map((a) => h.exp(a)) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom<BuiltinFn>('sin', 'cos', 'sinh', 'cosh', 'log', 'sqrt', 'tan', 'tanh', 'atan', 'atanh', 'asin', 'acos'), tie('e')).map(([f, a]) => h.call(f, a)) },
    { weight: 5, arbitrary: fc.tuple(fc.constantFrom('+', '-', '*', '*', '/') as fc.Arbitrary<'+' | '-' | '*' | '/'>, tie('e'), tie('e')).map(([op, a, b]) => ({ kind: 'binop', op, left: a, right: b, span: { start: 0, end: 0 } }) as Expr) },
    { weight: 1, arbitrary: fc.tuple(tie('e'), fc.integer({ min: 0, max: 4 })).map(([a, k]) => h.pow(a, n(k))) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(n(2), n(1, 3), v('x')), tie('e')).map(([c, a]) => h.pow(c, a)) },
  ),
})).e;
const centre = fc.oneof(fc.constantFrom(0, 1, -1, 0.5, -2.5), fc.double({ min: -3, max: 3, noNaN: true }));
const radius = fc.constantFrom(0, 1e-3, 0.25, 0.5, 1, 2);
const real = fc.oneof(fc.constantFrom(0, 1, -1, 2, -0.5, 20, -20, 100, -100, 700, -700, 1e-300), fc.double({ min: -30, max: 30, noNaN: true }));

const isT = (e: Expr): boolean => e.kind === 'var' && e.name === 't';
const hasT = (e: Expr): boolean => freeVars(e).has('v:t');
const discLeaf = (x: number, y: number) => (e: Expr): number | undefined => (e.kind === 'var' ? (e.name === 'x' ? x : e.name === 'y' ? y : undefined) : undefined);

/**
 * Whether the bound holds at one case: true or false, or undefined when the case says
 * nothing (no bound, or no value in range to compare).
 */
function discHolds(expr: Expr, t0: number, rho: number, x: number, y: number, rules: DiscRules, cauchy = cauchyEstimate): boolean | undefined {
  const u = discBound(expr, isT, hasT, t0, rho, discLeaf(x, y), undefined, rules);
  if (!(u < 600)) return undefined; // no bound, or one past what doubles can compare
  const { within, compared } = comparer();
  // the complex values on the circle and at its centre
  for (let i = 0; i <= 8; i++) {
    const z = i === 8 ? cx(t0) : cx(t0 + rho * Math.cos((i * Math.PI) / 4), rho * Math.sin((i * Math.PI) / 4));
    const ctx = makeContext(discProg.vars);
    try {
      const r = evalIn(complexField, expr, { vars: new Map([['t', z], ['x', cx(x)], ['y', cx(y)]]), idx: new Map() }, ctx);
      if (!within(cabs(r.x), logBound(u), r, ctx.rangeLost ?? 0)) return false;
    } catch {
      // undefined there (a log of 0...): nothing to compare
    }
  }
  // the Taylor coefficients in eps, t = t0 + rho eps, against Cauchy's estimates on three circles
  const J = taylorField(6);
  const C = logBound(coefficientLogBound(expr, isT, hasT, t0, rho, 6, discLeaf(x, y), undefined, 0, rules, cauchy));
  const ctx = makeContext(discProg.vars);
  try {
    const tj = J.fromNumber(t0);
    tj[1] = rho;
    const r = evalIn(J, expr, { vars: new Map([['t', tj], ['x', J.fromNumber(x)], ['y', J.fromNumber(y)]]), idx: new Map() }, ctx);
    if (!within(J.abs(r.x), C, r, ctx.rangeLost ?? 0)) return false;
  } catch {
    // no jets there
  }
  return compared() ? true : undefined;
}

/**
 * A comparison of sizes against a bound B, each within its own error: `within` is true
 * where it holds or says nothing (a value out of range), `compared()` whether any said something.
 */
function comparer(): { within(size: number, B: number, r: { m: number; e: number }, lost: number): boolean; compared(): boolean } {
  let compared = false;
  return {
    within: (size, B, r, lost) => {
      if (!Number.isFinite(size) || !Number.isFinite(r.m) || !Number.isFinite(r.e) || lost > 0) return true;
      compared = true;
      return size <= B * (1 + 1e-9) + 4 * (r.e + 2 ** -50 * r.m) + 2 ** -1000;
    },
    compared: () => compared,
  };
}

/** Runs a law over random expressions, regions and real leaves; `inT`: the cases checked whose expression mentions t. */
function runLaw<R>(region: fc.Arbitrary<R>, holds: (expr: Expr, region: R, x: number, y: number) => boolean | undefined, seed: number, numRuns: number): { checked: number; inT: number; failed: boolean } {
  let checked = 0;
  let inT = 0;
  const r = fc.check(
    fc.property(discArb, region, real, real, (expr, at, x, y) => {
      const ok = holds(expr, at, x, y);
      if (ok !== undefined) {
        checked++;
        if (hasT(expr)) inT++;
      }
      return ok !== false;
    }),
    { numRuns, seed },
  );
  return { checked, inT, failed: r.failed };
}

/** The DISCS law. */
function discLaw(rules: DiscRules, seed: number, numRuns = 3000, cauchy = cauchyEstimate): { checked: number; inT: number; failed: boolean } {
  return runLaw(fc.tuple(centre, radius), (expr, [t0, rho], x, y) => discHolds(expr, t0, rho, x, y, rules, cauchy), seed, numRuns);
}

describe('DISCS: a bound on a disc, against complex values and Taylor coefficients', () => {
  it('bounds |f| on the circle and every Taylor coefficient at its centre, on random expressions', () => {
    const r = discLaw(DISC_RULES, 31, 10000);
    expect(r.failed).toBe(false);
    expect(r.inT).toBeGreaterThan(2000); // the law is exercised, not skipped
  });
  it('bounds what overflows in jets: exp(t x)/(2 cosh(pi x/2)) at x = 800 on |t| <= 1; the logistic density on a smaller disc only', () => {
    const x = v('x');
    const hs = h.div(h.exp(h.mul(t, x)), h.mul(n(2), h.call('cosh', h.div(h.mul(h.pi, x), n(2)))));
    const u = discBound(hs, isT, hasT, 0, 1, discLeaf(800, 0));
    expect(u).toBeLessThan(800 - 400 * Math.PI + 1e-6); // e^(|t| x) e^(-pi x/2)
    expect(u).toBeGreaterThan(800 - 400 * Math.PI - Math.LN2 - 1e-6);
    // e^(t x) e^(-x)/(1 + e^(-x))^2 ~ e^((1 + t) x) as x -> -inf: not small at t = -1, small for |t| <= 1/4
    const logistic = h.mul(h.exp(h.mul(t, x)), h.div(h.exp(h.neg(x)), h.pow(h.add(n(1), h.exp(h.neg(x))), n(2))));
    expect(discBound(logistic, isT, hasT, 0, 1, discLeaf(-800, 0))).toBeGreaterThan(-1);
    expect(discBound(logistic, isT, hasT, 0, 0.25, discLeaf(-800, 0))).toBeLessThan(-500);
  });
  it('bound quotients, logarithms and real powers away from their singularities: log(t + 3), 1/(t + 3), (t + 3)^(1/2) on |t| <= 1', () => {
    const leaf = discLeaf(1, 1);
    // |log(t + 3)| <= |log 4| + ... ; |1/(t + 3)| <= 1/2; |sqrt(t + 3)| <= 2
    expect(logBound(discBound(h.log(h.add(t, n(3))), isT, hasT, 0, 1, leaf))).toBeLessThan(2);
    expect(logBound(discBound(h.div(n(1), h.add(t, n(3))), isT, hasT, 0, 1, leaf))).toBeLessThan(0.5 * (1 + 1e-9));
    expect(logBound(discBound(h.pow(h.add(t, n(3)), n(1, 2)), isT, hasT, 0, 1, leaf))).toBeLessThan(2 * (1 + 1e-9));
  });
  it('give no bound where none is known: a log or root of what may have Re <= 0, a divisor that may be 0, tan and atan out to their poles and branch points, abs, a sum', () => {
    const leaf = discLeaf(1, 1);
    for (const e of [h.log(t), h.log(h.add(t, n(1))), h.call('tan', h.mul(n(2), t)), h.call('atan', h.add(t, n(1, 10))), h.call('abs', t), h.div(n(1), h.add(t, n(1))), h.pow(h.add(t, n(1)), n(1, 2)), h.pow(t, n(-2)), h.sum('k', n(1), n(3), t)]) {
      expect(discBound(e, isT, hasT, 0, 1, leaf)).toBe(Infinity);
    }
  });
});

// ---------------------------------------------------------------- DISCS on STRIPS

const stripLo = fc.oneof(fc.constantFrom(-2, 0, 0.5, 1, 3, 64, 1000), fc.double({ min: -5, max: 50, noNaN: true }));
const stripWidth = fc.constantFrom(0, 0.5, 1, 4, 30);
const stripRho = fc.constantFrom(1e-3, 0.25, 0.5, 1, 2);

/**
 * Whether the strip bound holds at one case: the complex values at the rectangle's
 * corners, edges and inside, and the Taylor coefficients in eps (t = x0 + rho eps) at
 * points x0 of the stretch, within e^u (Cauchy's estimate on the disc |t - x0| <= rho,
 * which lies in the strip); undefined when the case says nothing.
 */
function stripHolds(expr: Expr, lo: number, width: number, rho: number, x: number, y: number, rules: DiscRules): boolean | undefined {
  const hi = lo + width;
  const u = stripBound(expr, isT, hasT, lo, hi, rho, discLeaf(x, y), undefined, rules);
  if (!(u < 600)) return undefined;
  const B = logBound(u);
  const { within, compared } = comparer();
  const env = <T>(tv: T, F: { fromNumber(v: number): T }) => ({ vars: new Map([['t', tv], ['x', F.fromNumber(x)], ['y', F.fromNumber(y)]]), idx: new Map() });
  const C = { fromNumber: (v: number) => cx(v) };
  for (const a of [0, 0.3, 1]) {
    for (const b of [-1, -0.5, 0, 0.7, 1]) {
      const z = cx(lo - rho + a * (width + 2 * rho), b * rho);
      const ctx = makeContext(discProg.vars);
      try {
        const r = evalIn(complexField, expr, env(z, C), ctx);
        if (!within(cabs(r.x), B, r, ctx.rangeLost ?? 0)) return false;
      } catch {
        // undefined there: nothing to compare
      }
    }
  }
  const J = taylorField(6);
  for (const a of [0, 0.5, 1]) {
    const ctx = makeContext(discProg.vars);
    try {
      const tj = J.fromNumber(lo + a * width);
      tj[1] = rho;
      const r = evalIn(J, expr, env(tj, J), ctx);
      if (!within(J.abs(r.x), B, r, ctx.rangeLost ?? 0)) return false;
    } catch {
      // no jets there
    }
  }
  return compared() ? true : undefined;
}

/** The STRIP law. */
function stripLaw(rules: DiscRules, seed: number, numRuns = 3000): { checked: number; inT: number; failed: boolean } {
  return runLaw(fc.tuple(stripLo, stripWidth, stripRho), (expr, [lo, width, rho], x, y) => stripHolds(expr, lo, width, rho, x, y, rules), seed, numRuns);
}

describe('DISCS on STRIPS: a bound about a stretch of the real axis, against complex values and Taylor coefficients', () => {
  it('bounds |f| on the strip and every Taylor coefficient along the stretch, on random expressions', () => {
    const r = stripLaw(DISC_RULES, 51, 10000);
    expect(r.failed).toBe(false);
    expect(r.inT).toBeGreaterThan(2000);
  });
  it('bounds a slow sum\'s summand about [64, 128]: 1/t^2, log(t)/t^2, exp(-t x)/(t^2 + 1), t^(-3/2)', () => {
    const leaf = discLeaf(0.01, 0);
    const x = v('x');
    // on Re t in [32, 160], |Im t| <= 32: |t^2| >= 32^2 (the corner 32 + 32i), |t| <= 192
    expect(logBound(stripBound(h.div(n(1), h.pow(t, n(2))), isT, hasT, 64, 128, 32, leaf))).toBeLessThanOrEqual(1 / 1024 * (1 + 1e-9));
    expect(stripBound(h.div(h.log(t), h.pow(t, n(2))), isT, hasT, 64, 128, 32, leaf)).toBeLessThan(Math.log(0.01));
    expect(stripBound(h.div(h.exp(h.neg(h.mul(t, x))), h.add(h.pow(t, n(2)), n(1))), isT, hasT, 64, 128, 32, leaf)).toBeLessThan(Math.log(1e-3));
    expect(stripBound(h.pow(t, n(-3, 2)), isT, hasT, 64, 128, 32, leaf)).toBeLessThan(Math.log(32 ** -1.5 * 1.01));
  });
  it('bound past the double range from below too: 1/t^2 about [10^250, 2 10^250] at least at lo - rho; no bound with a pole at 10^250 (a fourth red-team pass: |t^2|, past MAX_VALUE, was bounded below by Infinity)', () => {
    const leaf = discLeaf(0, 0);
    const lo = 1e250;
    for (const rho of [lo / 3, lo / 12]) {
      const u = stripBound(h.div(n(1), h.pow(t, n(2))), isT, hasT, lo, 2 * lo, rho, leaf);
      expect(u).toBeGreaterThanOrEqual(-2 * Math.log(lo - rho));
      expect(stripBound(h.div(n(1), h.mul(t, h.sub(t, n(10n ** 250n)))), isT, hasT, 2 ** 830, 2 ** 831, rho === lo / 3 ? 2 ** 830 / 3 : 2 ** 830 / 12, leaf)).toBe(Infinity);
    }
  });
  it('bound a quotient of huge values by its size, not by an underflow: e^(k/k) about [2^1000, 2^1001], e^(1000 (k/k - 1)) about [2^540, 2^541] (a fifth red-team pass: e^(-2 l) underflowed to 0 in 1/k)', () => {
    const leaf = discLeaf(0, 0);
    for (const rho of [2 ** 999, 2 ** 1000 / 3, 2 ** 1000 / 12]) expect(stripBound(h.exp(h.div(t, t)), isT, hasT, 2 ** 1000, 2 ** 1001, rho, leaf)).toBeGreaterThanOrEqual(1);
    for (const rho of [2 ** 539, 2 ** 540 / 3, 2 ** 540 / 12]) expect(stripBound(h.exp(h.mul(n(1000), h.sub(h.div(t, t), n(1)))), isT, hasT, 2 ** 540, 2 ** 541, rho, leaf)).toBeGreaterThanOrEqual(0);
  });
  it('give no bound on a strip that holds a pole, or where a narrow bump is large: 1/(t - 100.5), exp(-((t - 65.5)/0.05)^2) grows off the axis', () => {
    const leaf = discLeaf(0, 0);
    expect(stripBound(h.div(n(1), h.sub(t, n(201, 2))), isT, hasT, 64, 128, 32, leaf)).toBe(Infinity);
    expect(stripBound(h.div(n(1), h.add(h.pow(h.sub(t, n(100)), n(2)), n(1, 100))), isT, hasT, 64, 128, 32, leaf)).toBe(Infinity);
    const bump = h.exp(h.neg(h.pow(h.div(h.sub(t, n(131, 2)), n(1, 20)), n(2))));
    expect(stripBound(bump, isT, hasT, 64, 128, 32, leaf)).toBeGreaterThan(1e5);
  });
});

describe('DISCS: planted wrong rules are caught', () => {
  /** The planted rules fail the law at a seed where the right ones hold. */
  const caught = (rules: DiscRules, seed: number): boolean => !discLaw(DISC_RULES, seed).failed && discLaw(rules, seed).failed;
  it('exp bounded by the lower end of the real part', () => {
    expect(caught({ ...DISC_RULES, call: (fn, a) => DISC_RULES.call(fn, fn === 'exp' ? { ...a, re1: a.re0 } : a) }, 41)).toBe(true);
  });
  it('the variable without its radius', () => {
    expect(caught({ ...DISC_RULES, variable: (t0) => DISC_RULES.variable(t0, 0) }, 42)).toBe(true);
  });
  it('a real factor that loses its sign', () => {
    expect(caught({ ...DISC_RULES, scale: (c, a) => DISC_RULES.scale(c.s === -1 ? { ...c, s: 1 } : c, a) }, 43)).toBe(true);
  });
  it('a natural power one short', () => {
    expect(caught({ ...DISC_RULES, powNat: (a, k) => DISC_RULES.powNat(a, Math.max(k - 1, 0)) }, 44)).toBe(true);
  });
  it("Cauchy's estimate on a smaller circle without its 1/r^k", () => {
    expect(!discLaw(DISC_RULES, 46).failed && discLaw(DISC_RULES, 46, 3000, (u) => u).failed).toBe(true);
  });
  it('cos bounded by 1, as on the real line', () => {
    expect(caught({ ...DISC_RULES, call: (fn, a) => (fn === 'cos' && a.u !== Infinity ? DISC_RULES.real(enclose(n(1), () => undefined)) : DISC_RULES.call(fn, a)) }, 47)).toBe(true);
  });
  it('sinh bounded by cosh of the imaginary part', () => {
    expect(caught({ ...DISC_RULES, call: (fn, a) => DISC_RULES.call(fn === 'sinh' ? 'sin' : fn, a) }, 48)).toBe(true);
  });
  it('a sum bounded by its larger term', () => {
    expect(caught({ ...DISC_RULES, add: (a, b) => ({ ...DISC_RULES.add(a, b), u: Math.max(a.u, b.u) }) }, 45)).toBe(true);
  });

  /** The planted rules fail the STRIP law at a seed where the right ones hold. */
  const caughtOnStrips = (rules: DiscRules, seed: number): boolean => !stripLaw(DISC_RULES, seed).failed && stripLaw(rules, seed).failed;
  it('a reciprocal bounded by the divisor\'s upper bound instead of its lower one', () => {
    expect(caughtOnStrips({ ...DISC_RULES, inv: (b) => (b.l === -Infinity ? DISC_RULES.inv(b) : { ...DISC_RULES.inv(b), u: -b.u }) }, 61)).toBe(true);
  });
  it('a product whose lower bound is the product of the upper ones', () => {
    expect(caughtOnStrips({ ...DISC_RULES, mul: (a, b) => ({ ...DISC_RULES.mul(a, b), l: Math.min(a.u + b.u, Number.MAX_VALUE) }) }, 75)).toBe(true);
  });
  it('a product whose real part forgets Im a Im b', () => {
    expect(caughtOnStrips({ ...DISC_RULES, mul: (a, b) => DISC_RULES.mul(a, { ...b, im0: 0, im1: 0 }) }, 62)).toBe(true);
  });
  it('a logarithm without its argument (its sector taken as 0)', () => {
    expect(caughtOnStrips({ ...DISC_RULES, call: (fn, a) => (fn === 'log' ? DISC_RULES.call('log', { ...a, a0: Math.max(a.a0, -1e-9), a1: Math.min(a.a1, 1e-9) }) : DISC_RULES.call(fn, a)) }, 61)).toBe(true);
  });
  it('atan bounded by atan |a|, as on the real line', () => {
    expect(caughtOnStrips({ ...DISC_RULES, call: (fn, a) => (fn === 'atan' && a.u < 0 ? { ...DISC_RULES.call('atan', a), u: Math.log(Math.atan(Math.exp(a.u))) } : DISC_RULES.call(fn, a)) }, 64)).toBe(true);
  });
  it('a logarithm taken where the argument is not known to keep off the negative axis', () => {
    expect(caughtOnStrips({ ...DISC_RULES, call: (fn, a) => (fn === 'log' && a.u !== Infinity ? DISC_RULES.call('log', { ...a, a0: Math.max(a.a0, -1.5), a1: Math.min(a.a1, 1.5), l: Math.max(a.l, -700) }) : DISC_RULES.call(fn, a)) }, 65)).toBe(true);
  });
  it('the strip\'s sector taken as its real axis alone, which a square then carries', () => {
    // on Re t in [1, 3], |Im t| <= 1: t^2 = 2i at t = 1 + i, where |exp(-t^2)| = 1; t's sector is
    // +-pi/4, so t^2's is +-pi/2 (none: not narrower than pi); with t's taken as 0, Re t^2 >= |t|^2 >= 1
    const wrong: DiscRules = { ...DISC_RULES, strip: (lo, hi, rho) => ({ ...DISC_RULES.strip(lo, hi, rho), a0: 0, a1: 0 }) };
    const e = h.exp(h.neg(h.pow(t, n(2))));
    expect(stripBound(e, isT, hasT, 2, 2, 1, discLeaf(0, 0))).toBeGreaterThanOrEqual(0);
    expect(stripBound(e, isT, hasT, 2, 2, 1, discLeaf(0, 0), undefined, wrong)).toBeLessThan(0);
  });
});
