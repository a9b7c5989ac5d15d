/**
 * Series coefficients by Taylor jets (src/verify/jets/taylor.ts) against the Cauchy
 * radius ladder they replace (the confirmation method): computed two ways on
 * random analytic bodies, the double-double jets against closed forms where the
 * double jets lose to cancellation, and planted wrong claims that must still fail.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Expr } from '../../../src/proofs/ast.ts';
import { evaluate, makeContext, makeEnv, evalIn } from '../../../src/verify/eval/evaluate.ts';
import { taylorField, taylorSourcesField, ddTaylorField, combineJets } from '../../../src/verify/jets/taylor.ts';
import { sourcesOf } from '../../../src/verify/jets/sources.ts';
import { jetField, plantJet } from '../../../src/verify/jets/jet.ts';
import { ddToNumber } from '../../../src/verify/arith/doubledouble.ts';
import { verifyItem } from '../../../src/verify/runner.ts';
import { check, DEFAULT_OPTIONS } from '../../../src/proofs/run.ts';
import { entireIn, plantSeriesByValuesOnly } from '../../../src/verify/properties.ts';
import * as h from '../helpers.ts';

const { n, v, ix, add, sub, mul, div, pow, exp, log, sum, fact, coeff, series } = h;
const span = { start: 0, end: 0 };

/** The named claims of a script (over x real and y in (1, 2)) that the exact kernel leaves undecided: none may be TESTED, the witness deciding alone. */
function expectNoneTested(claims: readonly string[], names: readonly string[]): void {
  const text = ['var x real', 'var y in (1, 2)', ...claims, ''].join('\n');
  const report = check(text, 'rt.proof', { ...DEFAULT_OPTIONS, numeric: { ...DEFAULT_OPTIONS.numeric, runs: 200 } });
  expect(report.items.map((i) => i.name)).toEqual(names);
  for (const i of report.items) expect(i.grade, i.name).not.toMatch(/TESTED|PROVED/);
}
const integral = (index: string, body: Expr): Expr => ({ kind: 'integral', index, body, span });

const prog = h.program(
  h.varDecl('x', h.real()),
  h.varDecl('y', h.real()),
  h.varDecl('t', h.real()),
  h.varDecl('eta', h.real([-2, false], [2, false])),
  h.varDecl('mu', h.real([-2, false], [2, false])),
  h.varDecl('s', h.real([1, false], [2, false])),
);

/** Doubles biased to 0, +-1, huge and tiny magnitudes, and values near the poles used below. */
const yArb = fc.oneof(
  fc.constantFrom(0, 1, -1, 0.5, -0.5, 1e-9, -1e-9, 1e6, -1e6, 0.999, 1.001),
  fc.double({ min: -50, max: 50, noNaN: true }),
);

/** Bodies analytic at x = 0 for most y: products, quotients by 1 + y x, exp, log(1 + x), ... */
const leaf: fc.Arbitrary<Expr> = fc.oneof(
  fc.constantFrom(v('x'), v('y'), mul(v('x'), v('y'))),
  fc.tuple(fc.integer({ min: -9, max: 9 }), fc.integer({ min: 1, max: 7 })).map(([a, b]) => n(a, b)),
);
const bodyArb: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(fc.constantFrom('+', '-', '*') as fc.Arbitrary<'+' | '-' | '*'>, tie('e'), tie('e')).map(([op, l, r]) => ({ kind: 'binop' as const, op, left: l, right: r, span })),
    tie('e').map((a) => div(a, add(n(1), mul(v('y'), v('x'))))),
    tie('e').map((a) => div(n(1), sub(n(2), v('x')))),
    tie('e').map((a) => exp(a)),
    tie('e').map((a) => log(add(n(3, 2), mul(v('x'), a)))),
    tie('e').map((a) => h.sin(a)),
    fc.tuple(tie('e'), fc.integer({ min: 0, max: 5 })).map(([a, k]) => pow(a, n(k))),
  ),
})).e;

describe('jet coefficients, computed two ways', () => {
  it('double jets agree with double-double jets within their error estimate, wherever that estimate is accepted', () => {
    // The double jets' error estimate (two scalings) against the same recurrences in
    // about 32 digits: an accepted coefficient (error estimate <= 1e-11 max(1, |c|),
    // as evaluate.ts uses them) is within 10x its estimate, the factor the tolerance
    // allows, of the double-double value.
    const ctx = makeContext(prog.vars);
    let compared = 0;
    fc.assert(
      fc.property(bodyArb, yArb, (body, y) => {
        const J = taylorField(10);
        const D = ddTaylorField(10);
        const run = <T>(F: { fromNumber(x: number): T }, x: T) => evalIn(F as never, body, { vars: new Map([['y', F.fromNumber(y)], ['x', x]]), idx: new Map() }, ctx);
        let a, b, d;
        try {
          a = run(J, J.variable(0));
          b = run(J, J.scale(J.variable(0), 0.7));
          d = run(D, D.variable(0));
        } catch {
          return;
        }
        const c = combineJets(a.x as number[], a.e, b.x as number[], b.e);
        if (!c || !D.isFinite(d.x as never)) return;
        for (let k = 0; k <= 10; k++) {
          const ref = ddToNumber((d.x as ReturnType<typeof D.variable>)[k]!);
          if (!(c.err[k]! <= 1e-11 * Math.max(1, Math.abs(c.c[k]!)))) continue;
          compared++;
          expect(Math.abs(c.c[k]! - ref)).toBeLessThanOrEqual(10 * c.err[k]! + 1e-15 * Math.abs(ref) + 1e-18); // the double-double rounding of a cancelled 0
        }
      }),
      { seed: 12, numRuns: 400 },
    );
    expect(compared).toBeGreaterThan(1000);
  });

  it('[x^k] by jets agrees with the full Cauchy ladder away from singularities', () => {
    const ctx = makeContext(prog.vars);
    let compared = 0;
    fc.assert(
      fc.property(bodyArb, fc.oneof(fc.constantFrom(0, 0.25, -0.25, 1e-9), fc.double({ min: -0.4, max: 0.4, noNaN: true })), fc.integer({ min: 0, max: 10 }), (body, y, k) => {
        const e = coeff(body, 'x', n(k));
        let jet, cauchy;
        try {
          ctx.noPlan = false;
          jet = evaluate(e, makeEnv({ y }), ctx);
          ctx.noPlan = true;
          cauchy = evaluate(e, makeEnv({ y }), ctx);
        } catch {
          return; // not analytic here (either way): nothing to compare
        } finally {
          ctx.noPlan = false;
        }
        if (!Number.isFinite(jet.x) || !Number.isFinite(cauchy.x)) return;
        if (cauchy.e > 1e-9 * Math.max(1, Math.abs(cauchy.x))) return; // the ladder itself is unsure
        compared++;
        const tol = 10 * (jet.e + cauchy.e) + 1e-9 * Math.max(Math.abs(jet.x), Math.abs(cauchy.x)) + 1e-12;
        expect(Math.abs(jet.x - cauchy.x)).toBeLessThanOrEqual(tol);
      }),
      { seed: 12, numRuns: 300 },
    );
    expect(compared).toBeGreaterThan(100);
  });

  it('the two scalings of the error estimate see cancellation: log(1 + x)^2 - log(1 + x)^2 has tiny coefficients and error estimates', () => {
    const J = taylorField(6);
    const ctx = makeContext(prog.vars);
    const body = sub(pow(log(add(n(1), v('x'))), n(2)), pow(log(add(n(1), v('x'))), n(2)));
    const at = (x: number[]) => evalIn(J, body, { vars: new Map([['x', x]]), idx: new Map() }, ctx);
    const a = at(J.variable(0));
    const b = at(J.scale(J.variable(0), 0.7));
    const c = combineJets(a.x, a.e, b.x, b.e)!;
    for (let k = 0; k <= 6; k++) {
      expect(c.c[k]).toBe(0);
      expect(c.err[k]).toBeLessThan(1e-14);
    }
  });
});

describe('SOURCES: errors from parts free of the variable (sources.ts)', () => {
  // 10^e ((y + 10^-f) - y - 10^-f): free of x, exactly 0, but a few ulps of 10^e |y| in doubles
  // (the double-double jets resolve it: their parts free of x are exact to 2^-104)
  const lost = fc.tuple(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 3, max: 15 })).map(([e, f]) => {
    const tiny = n(1, 10n ** BigInt(f));
    return mul(n(10n ** BigInt(e)), sub(sub(add(v('y'), tiny), v('y')), tiny));
  });
  // 1 - 10^e x: its reciprocal's coefficients grow like 10^(e k)
  const amplifier = fc.integer({ min: 1, max: 5 }).map((e) => sub(n(1), mul(n(10n ** BigInt(e)), v('x'))));
  const shape = fc.constantFrom('quotient', 'difference', 'log', 'exp', 'product', 'atan');
  const body = fc.tuple(lost, lost, amplifier, bodyArb, shape).map(([p, q, a, f, s]): Expr => {
    switch (s) {
      case 'quotient': return add(div(p, a), f);
      case 'difference': return sub(div(p, a), div(q, a)); // two lost parts that cancel, amplified
      case 'log': return log(add(n(2), mul(v('x'), div(p, a))));
      case 'exp': return exp(mul(div(p, a), v('x')));
      case 'atan': return h.call('atan', add(div(p, a), mul(n(1, 2), v('x'))));
      default: return mul(div(add(p, v('x')), a), add(f, q));
    }
  });
  /** True when every finite double-jet coefficient is within 10x its error of the double-double one (about 32 digits: the lost parts resolved). */
  const law = (withSources: boolean): { holds: boolean; compared: number } => {
    const ctx = makeContext(prog.vars);
    let compared = 0;
    const r = fc.check(
      fc.property(body, fc.double({ min: 1, max: 2, noNaN: true }), (e, y) => {
        const S = taylorSourcesField(8);
        const J = taylorField(8);
        const D = ddTaylorField(8);
        const run = <T>(F: { fromNumber(x: number): T }, x: T) => evalIn(F as never, e, { vars: new Map([['y', F.fromNumber(y)], ['x', x]]), idx: new Map() }, ctx);
        let a, b, d;
        try {
          ctx.jetVar = 'x'; // as taylorCoefficients evaluates: the parts free of x in doubles (FLOAT PARTS), with their rounding scales
          a = run(S, S.variable(0));
          b = run(J, J.scale(J.variable(0), 0.7));
          ctx.jetVar = undefined;
          d = run(D, D.variable(0));
        } catch {
          return true;
        } finally {
          ctx.jetVar = undefined;
        }
        const c = combineJets(a.x as number[], a.e, b.x as number[], b.e, withSources ? sourcesOf(a.x as number[]) : undefined);
        if (!c || !D.isFinite(d.x as never)) return true;
        for (let k = 0; k <= 8; k++) {
          if (!Number.isFinite(c.err[k]!)) continue;
          compared++;
          const ref = ddToNumber((d.x as ReturnType<typeof D.variable>)[k]!);
          if (!(Math.abs(c.c[k]! - ref) <= 10 * c.err[k]! + 1e-15 * Math.abs(ref) + 1e-300)) return false;
        }
        return true;
      }),
      { seed: 5, numRuns: 300 },
    );
    return { holds: !r.failed, compared };
  };
  it('the double jets stay within their error of the double-double jets, with parts that cancel and quotients that amplify', () => {
    const r = law(true);
    expect(r.holds).toBe(true);
    expect(r.compared).toBeGreaterThan(1000);
  });
  it('planted: without the majorant, the same law fails (the two evaluations round those parts alike)', () => {
    expect(law(false).holds).toBe(false);
  });
  it('false claims a red-team pass got TESTED through a lost part and an amplifying quotient are not', () => {
    expectNoneTested([
      // = 1 + 10^-3 digamma'(y): 10^4 d, 0 in doubles, times the 10^10 of [x^2] 1/(1 - 10^5 x)
      'claim amplified: coeff(10^4*(digamma(y + 10^-17) - digamma(y))/(1 - 10^5*x) + x^2, x^2) = 1',
      // = digamma'(y): no quotient at all, the lost part itself
      'claim lost: coeff(10^20*(digamma(y + 10^-20) - digamma(y)) + 10^20*x, x^0) = 0',
      // about 10^19 d, 76 to 120: through atan, whose majorant was unknown, to a Cauchy integral that rounds d to 0 on every circle
      'claim through_atan: coeff(atan(10^4*(digamma(y + 10^-17) - digamma(y))/(1 - 10^5*x)), x^3) = 0',
      'claim beside_atan: coeff(exp(x) + atan(10^4*(digamma(y + 10^-17) - digamma(y))/(1 - 10^5*x)), x^3) = 1/6',
    ], ['amplified', 'lost', 'through_atan', 'beside_atan']);
  });
});

describe('double-double jets', () => {
  // log E[exp(t X)] for X ~ Poisson(theta): every cumulant is theta, so the
  // coefficient of t^k is theta/k!, while E[X^k]/k! grows like theta^k/k!.
  const theta = exp(v('eta'));
  const pmf = div(exp(sub(mul(v('eta'), ix('x')), theta)), fact(ix('x')));
  const mgf = sum('x', n(0), 'inf', mul(pmf, exp(mul(v('t'), ix('x')))));
  it('recover the Poisson cumulants theta/k! where double jets cannot', () => {
    const ctx = makeContext(prog.vars);
    for (const eta of [0, 1.5, 3]) {
      const D = ddTaylorField(8);
      const r = evalIn(D, log(mgf), { vars: new Map([['eta', D.fromNumber(eta)], ['t', D.variable(0)]]), idx: new Map() }, ctx);
      let f = 1;
      for (let k = 1; k <= 8; k++) {
        f *= k;
        expect(Math.abs(ddToNumber(r.x[k]!) - Math.exp(eta) / f)).toBeLessThanOrEqual(1e-14 * (Math.exp(eta) / f));
      }
    }
  });
  it('the cumulant claim passes all its runs, and a planted wrong cumulant fails', () => {
    const right = h.eq(series(sub(exp(add(v('eta'), v('t'))), exp(v('eta'))), 't', n(8)), series(log(mgf), 't', n(8)));
    const r = verifyItem(right, prog, { seed: 3, runs: 200 });
    expect(r.status).toBe('passed');
    if (r.status === 'passed') expect(r.incomplete).toBeUndefined();
    // kappa_5 off by one part in 1000
    const wrong = h.eq(add(series(sub(exp(add(v('eta'), v('t'))), exp(v('eta'))), 't', n(8)), mul(n(1, 1000), mul(exp(v('eta')), div(pow(v('t'), n(5)), n(120))))), series(log(mgf), 't', n(8)));
    const w = verifyItem(wrong, prog, { seed: 3, runs: 200 });
    expect(w.status).toBe('failed');
    if (w.status === 'failed') expect(w.confirmed).toBe(true);
  });
});

describe('planted wrong coefficients still fail', () => {
  const L = log(div(n(1), sub(n(1), v('x'))));
  it('[x^k] log(1/(1-x)) = 1/k passes; = 1/(k+1) fails', () => {
    expect(verifyItem(h.eq(coeff(L, 'x', ix('k')), div(n(1), ix('k')), [h.forall('k', n(1), n(60))]), prog, { seed: 1, runs: 200 }).status).toBe('passed');
    expect(verifyItem(h.eq(coeff(L, 'x', ix('k')), div(n(1), add(ix('k'), n(1))), [h.forall('k', n(1), n(60))]), prog, { seed: 1, runs: 200 }).status).toBe('failed');
  });
  it('a coefficient wrong by one part in 10^7 fails', () => {
    const claim = h.eq(coeff(exp(mul(v('y'), v('x'))), 'x', n(4)), mul(div(pow(v('y'), n(4)), n(24)), add(n(1), n(1, 10_000_000))));
    const r = verifyItem(claim, h.program(h.varDecl('x', h.real()), h.varDecl('y', h.real([1, false], [2, false]))), { seed: 2, runs: 100 });
    expect(r.status).toBe('failed');
  });
  it('a pole at 0 goes to the Cauchy integral: [x^-1] exp(x)/x = 1', () => {
    const r = verifyItem(h.eq(coeff(div(exp(v('x')), v('x')), 'x', n(-1)), n(1)), prog, { seed: 1, runs: 50 });
    expect(r.status).toBe('passed');
  });
});

describe('integrals in jets', () => {
  // log of the normal moment generating function: mu t + s^2 t^2 / 2
  const density = div(exp(div(pow(sub(ix('z'), v('mu')), n(2)), mul(n(-2), pow(v('s'), n(2))))), mul(v('s'), h.call('sqrt', mul(n(2), h.pi))));
  const cgf = series(log(integral('z', mul(density, exp(mul(v('t'), ix('z')))))), 't', n(6));
  it('the Gaussian cumulants hold; a wrong variance fails, unconfirmed (no Cauchy integral, no double-double integral)', () => {
    const right = h.eq(cgf, add(mul(v('mu'), v('t')), div(mul(pow(v('s'), n(2)), pow(v('t'), n(2))), n(2))));
    const r = verifyItem(right, prog, { seed: 4, runs: 60 });
    expect(r.status).toBe('passed');
    const wrong = h.eq(cgf, add(mul(v('mu'), v('t')), div(mul(pow(v('s'), n(2)), pow(v('t'), n(2))), n(3))));
    const w = verifyItem(wrong, prog, { seed: 4, runs: 60 });
    expect(w.status).toBe('failed');
    if (w.status === 'failed') expect(w.confirmed).toBe(false);
  });
});

describe('powers of jets (jetPowInt, jetPow), shared by the double and double-double fields', () => {
  it('a^e agrees between the two arithmetics and with the binomial series, for e in -3..70 and bases of either sign', () => {
    const T = taylorField(4);
    const D = ddTaylorField(4);
    for (const a0 of [0.75, -0.75, 1.25, -1.25]) {
      for (let e = -3; e <= 70; e++) {
        const t = T.powInt(T.add(T.fromNumber(a0), T.variable(0)), BigInt(e));
        const d = D.powInt(D.add(D.fromNumber(a0), D.variable(0)), BigInt(e));
        // (a0 + x)^e: c_k = binom(e, k) a0^(e - k)
        let binom = 1;
        for (let k = 0; k <= 4; k++) {
          const want = binom * Math.pow(a0, e - k);
          expect(Math.abs(t[k]! - want)).toBeLessThanOrEqual(1e-12 * Math.abs(want) + 1e-300);
          expect(Math.abs(ddToNumber(d[k]!) - want)).toBeLessThanOrEqual(1e-12 * Math.abs(want) + 1e-300);
          binom = (binom * (e - k)) / (k + 1);
        }
      }
    }
  });
  it('0^b is 0 for a constant b > 0, and not real otherwise', () => {
    const T = taylorField(2);
    const D = ddTaylorField(2);
    expect(T.pow(T.fromNumber(0), T.fromNumber(1.5))).toEqual([0, 0, 0]);
    expect(T.pow(T.fromNumber(0), T.variable(1)).every(Number.isNaN)).toBe(true);
    expect(T.pow(T.fromNumber(-2), T.fromNumber(2)).every(Number.isNaN)).toBe(true);
    expect(D.pow(D.fromNumber(0), D.fromNumber(1.5)).map(ddToNumber)).toEqual([0, 0, 0]);
    expect(D.pow(D.fromNumber(-2), D.fromNumber(2)).map(ddToNumber).every(Number.isNaN)).toBe(true);
  });
});

describe('removable singularities at 0 in jets (REMOVABLE, jet.ts)', () => {
  const x = v('x');
  const sin = h.sin;
  const at = (e: Expr, vars: Record<string, number> = {}) => evaluate(e, makeEnv(vars), makeContext(prog.vars));
  /** [x^k] body by the jets: value and error estimate. */
  const c = (body: Expr, k: number, vars: Record<string, number> = {}) => at(coeff(body, 'x', n(k)), vars);
  const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
  const binomial = (a: number, b: number): number => {
    let r = 1;
    for (let i = 1; i <= b; i++) r = (r * (a - b + i)) / i;
    return r;
  };
  const expectClose = (got: { x: number; e: number }, want: number, eBound = 1e-13): void => {
    expect(Math.abs(got.x - want)).toBeLessThanOrEqual(1e-13 * Math.abs(want) + 1e-16);
    // the jets' own estimate, below the Cauchy ladder's (catalan c_15 = 9694845 came with an error of 5e4 there,
    // [x^0] (x - sin(x))/x^3 with 3e-14)
    expect(got.e).toBeLessThanOrEqual(eBound * Math.max(1, Math.abs(want)));
  };

  it('sin(x)/x, (x - sin(x))/x^3, x/(exp(x) - 1) and (1 - sqrt(1 - 4x))/(2x) to their top coefficient', () => {
    // the top coefficient needs a_(k+s): without the higher order it would come out 0
    for (let k = 0; k <= 10; k++) expectClose(c(div(sin(x), x), k), k % 2 === 1 ? 0 : (-1) ** (k / 2) / factorial(k + 1));
    for (let k = 0; k <= 8; k++) expectClose(c(div(sub(x, sin(x)), pow(x, n(3))), k), k % 2 === 1 ? 0 : (-1) ** (k / 2) / factorial(k + 3));
    const bernoulli = [1, -1 / 2, 1 / 6, 0, -1 / 30, 0, 1 / 42, 0, -1 / 30, 0, 5 / 66, 0, -691 / 2730];
    for (let k = 0; k <= 12; k++) expectClose(c(div(x, sub(exp(x), n(1))), k), bernoulli[k]! / factorial(k));
    const catalan = div(sub(n(1), h.call('sqrt', sub(n(1), mul(n(4), x)))), mul(n(2), x));
    for (let k = 0; k <= 15; k++) expectClose(c(catalan, k), binomial(2 * k, k) / (k + 1));
  });

  it('shifts add up through nested quotients: (sin(x)/x)/(sinh(x)/x) against sin(x)/sinh(x) (computed two ways)', () => {
    const nested = div(div(sin(x), x), div(h.call('sinh', x), x));
    const plain = div(div(sin(x), x), add(n(1), div(sub(h.call('sinh', x), x), x))); // a shift inside, one at the top
    for (let k = 0; k <= 10; k++) {
      const a = c(nested, k);
      const b = c(plain, k);
      expect(Math.abs(a.x - b.x)).toBeLessThanOrEqual(10 * (a.e + b.e) + 1e-13 * Math.abs(a.x) + 1e-16);
      expect(a.e).toBeLessThanOrEqual(1e-11 * Math.max(1, Math.abs(a.x)));
    }
  });

  it('(x^2 f)/(x^2 (1 + y x)) has the coefficients of f/(1 + y x) (computed two ways, random bodies)', () => {
    const ctx = makeContext(prog.vars);
    let compared = 0;
    fc.assert(
      fc.property(bodyArb, fc.oneof(fc.constantFrom(0, 0.25, -0.25, 1e-9), fc.double({ min: -0.4, max: 0.4, noNaN: true })), fc.integer({ min: 0, max: 10 }), (f, y, k) => {
        const den = add(n(1), mul(v('y'), x));
        const shifted = div(mul(pow(x, n(2)), f), mul(pow(x, n(2)), den));
        let a, b;
        try {
          a = evaluate(coeff(shifted, 'x', n(k)), makeEnv({ y }), ctx);
          b = evaluate(coeff(div(f, den), 'x', n(k)), makeEnv({ y }), ctx);
        } catch {
          return;
        }
        if (!Number.isFinite(a.x) || !Number.isFinite(b.x)) return;
        if (a.e > 1e-11 * Math.max(1, Math.abs(a.x)) || b.e > 1e-11 * Math.max(1, Math.abs(b.x))) return;
        compared++;
        expect(Math.abs(a.x - b.x)).toBeLessThanOrEqual(10 * (a.e + b.e) + 1e-9 * Math.max(Math.abs(a.x), Math.abs(b.x)) + 1e-12);
      }),
      { seed: 21, numRuns: 300 },
    );
    expect(compared).toBeGreaterThan(100);
  });

  it('a removable coefficient wrong by one part in 10^5 fails in the witness, and such a claim is REFUTED', () => {
    // (by 10^5, not 10^7: [x^8] sin(x)/x = 1/362880 is below the judge's absolute floor of 1e-12 at 10^-7)
    const catalan = div(sub(n(1), h.call('sqrt', sub(n(1), mul(n(4), x)))), mul(n(2), x));
    for (const [body, k, right] of [[div(sin(x), x), 8, n(1, 362880)], [div(x, sub(exp(x), n(1))), 6, n(1, 30240)], [catalan, 5, n(42)]] as const) {
      const r = verifyItem(h.eq(coeff(body, 'x', n(k)), mul(right, add(n(1), n(1, 100_000)))), prog, { seed: 1, runs: 20 });
      expect(r.status, `[x^${k}]`).toBe('failed');
    }
    // the witness's re-check at higher precision (complex double-double circles) cannot always
    // take these bodies; the exact kernel refutes them, independently
    const report = check([
      'var x real',
      'claim sinc: coeff(sin(x)/x, x^8) = (1 + 10^-5)/362880',
      'claim bernoulli: coeff(x/(exp(x) - 1), x^6) = (1 + 10^-5)/30240',
      'claim catalan: coeff((1 - sqrt(1 - 4*x))/(2*x), x^10) = 16796*(1 + 10^-5)', // the witness's Cauchy re-check does not reproduce this one (the branch point at 1/4)
      '',
    ].join('\n'), 'r.proof', { ...DEFAULT_OPTIONS, numeric: { ...DEFAULT_OPTIONS.numeric, runs: 20 } });
    for (const i of report.items) expect(i.grade, i.name).toBe('REFUTED');
  });

  it('a pole is not a removable singularity: [x^1] (1 + 2x)/(x (1 - x)) = 3 passes and = 2 fails', () => {
    // 1/x + 3 + 3x + ...; shifting past the pole's 1 would give 2 + 2x + ...
    const body = div(add(n(1), mul(n(2), x)), mul(x, sub(n(1), x)));
    expect(verifyItem(h.eq(coeff(body, 'x', n(1)), n(3)), prog, { seed: 1, runs: 50 }).status).toBe('passed');
    expect(verifyItem(h.eq(coeff(body, 'x', n(1)), n(2)), prog, { seed: 1, runs: 50 }).status).toBe('failed');
  });

  it('a shift past the order of the jets is found higher up: [x^0] sin(x)/x and [x^1] (x - sin(x))/x^3 by the jets', () => {
    expectClose(c(div(sin(x), x), 0), 1, 1e-14);
    expectClose(c(div(sub(x, sin(x)), pow(x, n(3))), 1), 0, 1e-14);
    expectClose(c(div(sub(x, sin(x)), pow(x, n(3))), 0), 1 / 6, 1e-14);
  });

  it('a numerator constant that rounds to 0 keeps its pole and its weight (false claims a red-team pass got TESTED)', () => {
    // d = digamma(y + 10^-k) - digamma(y) is about 10^-k digamma'(y), with digamma' = 0.6..1.6
    // on (1, 2), and exactly 0 in doubles: the kernel leaves these claims undecided, so the
    // witness alone decides
    expectNoneTested([
      // the residue 10^20 d = digamma'(y) was read as 0 from jets divided as removable
      'claim residue: 10^20 * coeff((digamma(y + 10^-20) - digamma(y) + sin(x))/sin(x), x^-1) = 0',
      'claim residue2: coeff(10^20*(digamma(y + 10^-20) - digamma(y) + x)/sin(x), x^-1) = 0',
      // = 1 + digamma'(y): the lost a_0 weighs w_1 = 10^13, past the order of the jets taken
      'claim weight: coeff((10^4*(digamma(y + 10^-17) - digamma(y)) + x)/(x - 10^13*x^2), x^0) = 1',
      'claim weight2: coeff((10^4*(digamma(y + 10^-17) - digamma(y)) + x)/(x*(1 - 10^13*x)), x^0) = 1',
    ], ['residue', 'residue2', 'weight', 'weight2']);
  });

  it('a numerator coefficient that is 0 only after rounding weighs in the error, and such a jet is not used', () => {
    // ((1 + 10^-17) - 1 + x^2/10^10)/(x (1 - 1000 x)) has [x^5] = 10 + 100 = 110 exactly; the
    // 10 is 10^-17 (rounded away) times 1000^6. The jets' 100 agrees with the false claim 100.
    const body = div(add(sub(add(n(1), n(1, 10n ** 17n)), n(1)), div(pow(x, n(2)), n(10n ** 10n))), mul(x, sub(n(1), mul(n(1000), x))));
    expect(verifyItem(h.eq(coeff(body, 'x', n(5)), n(100)), prog, { seed: 1, runs: 50 }).status).not.toBe('passed');
  });

  it('the REMOVABLE weight of a/(x (1 - 1000 x)): one unit in a_0 weighs |w_(k+1)| = 1000^(k+1), up to the largest window the jet holds (planted: weightless)', () => {
    const J = jetField(7, true); // 8 coefficients; w = 1/(1 - 1000 x) known to w_6, windows k + 1 <= 6
    const a = [0, 1, 0, 0, 0, 0, 0, 0];
    const b = [0, 1, -1000, 0, 0, 0, 0, 0];
    expect(J.removableScale!(a, b)).toBe(1e18);
    expect(J.removableScale!(a, [1, 1, 0, 0, 0, 0, 0, 0])).toBe(0); // no shift
    expect(J.removableScale!(a, [0, 2, 0, 0, 0, 0, 0, 0])).toBe(0); // a monomial denominator: a_0 does not enter
    plantJet('no-removable-weight');
    try {
      expect(J.removableScale!(a, b)).toBe(0);
    } finally {
      plantJet(undefined);
    }
  });
});

describe('SERIES BY COEFFICIENTS (properties.ts)', () => {
  const script = (claims: readonly string[]) => ['var z in (10^6, 10^7)', 'var y in (1, 2)', ...claims, ''].join('\n');
  const opts = { ...DEFAULT_OPTIONS, numeric: { ...DEFAULT_OPTIONS.numeric, runs: 200 } };
  // false by 1 in the constant term, which 1e-9 of z^3/6 ~ 10^17 hides at every sampled z
  const falseClaims = [
    'claim sum: series(exp(z) + digamma(y + 10^-17), z, 3) = 1 + z + z^2/2 + z^3/6 + digamma(y) + 1',
    'claim product: series(digamma(y + 10^-17)*exp(z), z, 2) = digamma(y)*(1 + z + z^2/2) + 1',
  ];
  it('a series claim false in a low coefficient is not TESTED at a large series variable (a red-team pass)', () => {
    const report = check(script(falseClaims), 'rt.proof', opts);
    expect(report.items.map((i) => i.name)).toEqual(['sum', 'product']);
    for (const i of report.items) expect(i.grade, i.name).not.toMatch(/TESTED|PROVED/);
  });
  it('planted: compared by their values alone, both are TESTED', () => {
    plantSeriesByValuesOnly(true);
    try {
      const report = check(script(falseClaims), 'rt.proof', opts);
      for (const i of report.items) expect(i.grade, i.name).toBe('TESTED');
    } finally {
      plantSeriesByValuesOnly(false);
    }
  });
  it('it compares coefficients only where the other side is entire in t: a true claim through a branch is not given a discrepancy (a red-team pass)', () => {
    // sqrt((x - 1)^2) is x - 1 on (2, 3) but 1 - x at 0; atan(tan(t)) is t - pi on (2, 4)
    const report = check(['var x in (2, 3)', 'var t in (2, 4)', 'claim branch: series(x - 1, x, 1) = sqrt(x^2 - 2*x + 1)', 'claim periodic: series(t - pi, t, 1) = atan(tan(t))', ''].join('\n'), 'rt.proof', opts);
    for (const i of report.items) expect(i.numeric?.status, i.name).toBe('passed');
    expect(entireIn(h.exp(h.mul(h.v('t'), h.v('y'))), 't')).toBe(true);
    expect(entireIn(h.div(h.v('t'), h.v('y')), 't')).toBe(true);
    expect(entireIn(h.div(h.v('y'), h.v('t')), 't')).toBe(false);
    expect(entireIn(h.call('sqrt', h.v('t')), 't')).toBe(false);
    expect(entireIn(h.call('sqrt', h.v('y')), 't')).toBe(true); // free of t
    expect(entireIn(h.pow(h.v('t'), h.n(1, 2)), 't')).toBe(false);
  });
  it('an order given by an index is read at the point', () => {
    const report = check(script(['claim indexed: for j in 3..3: series(exp(z) + digamma(y + 10^-17), z, j) = 1 + z + z^2/2 + z^3/6 + digamma(y) + 1']), 'rt.proof', opts);
    expect(report.items[0]!.grade).not.toMatch(/TESTED|PROVED/);
  });
  it('points whose values are unjudged stay discarded, whatever the coefficients say (false claims a red-team pass got TESTED when they were judged by them)', () => {
    // q = 10^7 (digamma(y + 10^-17) - digamma(y)): 0 in doubles, about 10^-10 in truth
    const text = [
      'var t real',
      'var y in (1, 2)',
      'let q = 10^7*(digamma(y + 10^-17) - digamma(y))',
      'claim eighth: series(exp(t) + q*t^8, t, 8) = series(exp(t) + 10^-6*t^8, t, 8)', // [t^8] off by 4% of 1/8!
      'claim all: series(exp(t) + q*exp(t), t, 8) = series(exp(t)*(1 + 10^-7), t, 8)', // every coefficient off by 1e-7
      '',
    ].join('\n');
    const report = check(text, 'd.proof', { ...DEFAULT_OPTIONS, numeric: { ...DEFAULT_OPTIONS.numeric, runs: 200 } });
    expect(report.items.map((i) => i.name)).toEqual(['eighth', 'all']);
    for (const i of report.items) expect(i.grade, i.name).not.toMatch(/TESTED|PROVED/);
  });

  it('their true forms still pass, and so does a series against a series', () => {
    const report = check(script([
      'claim sum: series(exp(z) + digamma(y + 10^-17), z, 3) = 1 + z + z^2/2 + z^3/6 + digamma(y)',
      'claim both: series(digamma(y + 10^-17)*exp(z), z, 4) = series(digamma(y)*exp(z), z, 4)',
    ]), 'rt.proof', opts);
    for (const i of report.items) expect(i.numeric?.status, i.name).toBe('passed');
  });
});
