import { describe, expect, it } from 'vitest';
import { evaluate, evaluateComplex, makeContext, makeEnv, EvalError, factorial, binomial } from '../../../src/verify/eval/evaluate.ts';
import { cx } from '../../../src/verify/arith/complex.ts';
import * as h from '../helpers.ts';
const { n, v, ix, add, sub, mul, div, pow, exp, log, sin, cos, neg, sum, prod, fact, binom, deriv, coeff, series, val, argmin, argmax, sigma } = h;

const prog = h.program(
  h.varDecl('x', h.real()),
  h.varDecl('p', h.real([0, false], [1, true])),
  h.varDecl('s', h.real()),
  h.varDecl('a', h.real([0, true])),
  h.varDecl('b', h.real([0, true])),
  h.varDecl('t', h.real()),
  h.varDecl('m', h.intRange(0, 10)),
);
const ctx = () => makeContext(prog.vars);
const ev = (e: h.Expr, vars: Record<string, number> = {}, idx: Record<string, number> = {}) => evaluate(e, makeEnv(vars, idx), ctx());

describe('evaluate (float)', () => {
  it('evaluates arithmetic, constants and built-ins', () => {
    expect(ev(add(n(1, 3), n(2, 3))).x).toBeCloseTo(1, 15);
    expect(ev(pow(v('x'), n(3)), { x: -2 }).x).toBe(-8);
    expect(ev(pow(n(-1), ix('k')), {}, { k: 7 }).x).toBe(-1);
    expect(ev(exp(n(1))).x).toBe(Math.E);
    expect(ev(h.pi).x).toBe(Math.PI);
    expect(Number.isNaN(ev(log(n(-1))).x)).toBe(true);
    expect(ev(pow(n(2), n(1, 2))).x).toBeCloseTo(Math.SQRT2, 15);
  });
  it('computes factorials and binomials exactly', () => {
    expect(factorial(20n)).toBe(2432902008176640000n);
    expect(binomial(10n, 3n)).toBe(120n);
    expect(binomial(-3n, 2n)).toBe(6n);
    expect(ev(div(fact(ix('k')), fact(sub(ix('k'), n(1)))), {}, { k: 30 }).x).toBe(30);
    expect(ev(binom(n(1, 2), n(2))).x).toBeCloseTo(-1 / 8, 15);
    expect(() => ev(fact(n(1, 2)))).toThrow(EvalError);
  });
  it('sums finite and infinite series; a divergent one is a clear error', () => {
    expect(ev(sum('i', n(1), n(100), ix('i'))).x).toBe(5050);
    expect(ev(prod('i', n(1), n(5), ix('i'))).x).toBe(120);
    const expSeries = sum('n', n(0), 'inf', div(pow(v('x'), ix('n')), fact(ix('n'))));
    expect(ev(expSeries, { x: 1.5 }).x).toBeCloseTo(Math.exp(1.5), 14);
    const logSeries = sum('n', n(1), 'inf', div(pow(v('p'), ix('n')), ix('n')));
    expect(ev(logSeries, { p: 0.5 }).x).toBeCloseTo(Math.log(2), 14);
    expect(() => ev(sum('n', n(1), 'inf', div(n(1), ix('n'))))).toThrow(/series-diverges/);
  });
  it('tracks the rounding scale through cancellation', () => {
    const r = ev(sub(add(v('x'), n(1)), v('x')), { x: 1e12 });
    expect(r.x).toBe(1);
    expect(r.m).toBeGreaterThan(1e12);
    expect(ev(mul(v('x'), v('x')), { x: 3 }).m).toBe(3 * 3 + 3 * 3 + 1e-9 * 3 * 3); // first order plus SECOND ORDER (SECOND a.m b.m)
  });
  it('u^0 is exactly 1 wherever u is defined, however uncertain u is (SECOND ORDER has nothing to bound)', () => {
    // L = log(1/(1 - p)) at p = 8e-11 is 8e-11 on a rounding scale of 2: SECOND ORDER's
    // (|L| + SECOND L.m)^0 / SECOND gave L^0 a scale of 1e9, so every f(j) = sum(i = 0..j,
    // L^i/i!) near p = 0 carried it, and its derivatives and inequalities were discarded there
    const L = log(div(n(1), sub(n(1), v('p'))));
    const p = 8.394599865193964e-11;
    expect(ev(pow(L, n(0)), { p })).toEqual({ x: 1, m: 1, e: 0 });
    expect(ev(pow(L, ix('i')), { p }, { i: 0 })).toEqual({ x: 1, m: 1, e: 0 });
    const f = sum('i', n(0), ix('j'), div(pow(L, ix('i')), fact(ix('i'))));
    expect(ev(f, { p }, { j: 22 }).m).toBeLessThan(10); // 1e9 before
    const d = ev(deriv('p', 1, f), { p }, { j: 22 });
    expect(Math.abs(d.x - (1 + 2 * p))).toBeLessThan(1e-15); // f(22)' = f(21)/(1 - p), 1 + 2p to first order
    expect(d.e).toBeLessThan(1e-12);
  });
});

describe('exact integer powers stay within a size limit', () => {
  // (t^t)^t at t = 100000: 100000^100000 is 1.7 million bits, and its 100000th power ran
  // for 13 s before V8 gave up with a RangeError (found by the integrand-program tests)
  it('a power whose result would pass 2^22 bits throws verify/too-large at once', () => {
    const big = pow(pow(ix('i'), ix('i')), ix('i'));
    let code: string | undefined;
    try {
      ev(big, {}, { i: 100000 });
    } catch (err) {
      code = err instanceof EvalError ? err.code : `not an EvalError: ${String(err)}`;
    }
    expect(code).toBe('verify/too-large');
    expect(() => ev(pow(n(2), n(4_000_000)))).toThrow(/too large/);
    expect(ev(pow(n(3), n(40))).x).toBe(3 ** 40);
    expect(ev(pow(n(-1), n(10n ** 9n))).x).toBe(1);
  });
  it('so does a product past 2^17 bits (a squaring chain), and stirling1 past n = 400 (its table of rows is kept)', () => {
    const a0 = pow(n(2), n(5000));
    let chain = a0;
    for (let i = 0; i < 6; i++) chain = mul(chain, chain); // 2^320000 by the fifth step
    const code = (e: h.Expr): string | undefined => {
      try {
        ev(e);
        return undefined;
      } catch (err) {
        return err instanceof EvalError ? err.code : `not an EvalError: ${String(err)}`;
      }
    };
    expect(code(chain)).toBe('verify/too-large');
    expect(code(mul(a0, a0))).toBeUndefined(); // 10000 bits: computed (the double is infinite)
    expect(code({ kind: 'stirling1', n: n(401), k: n(3), span: { start: 0, end: 0 } })).toBe('verify/too-large');
    expect(ev({ kind: 'stirling1', n: n(10), k: n(3), span: { start: 0, end: 0 } }).x).toBe(1172700);
  });
});

describe('evaluate (complex)', () => {
  it('uses principal branches', () => {
    const env = { vars: new Map([['x', cx(-1)]]), idx: new Map<string, bigint>() };
    const r = evaluateComplex(log(v('x')), env, ctx()).x;
    expect(r.re).toBeCloseTo(0, 15);
    expect(r.im).toBeCloseTo(Math.PI, 15);
    const env2 = { vars: new Map([['x', cx(0, Math.PI)]]), idx: new Map<string, bigint>() };
    const q = evaluateComplex(exp(v('x')), env2, ctx()).x;
    expect(q.re).toBeCloseTo(-1, 15);
    expect(q.im).toBeCloseTo(0, 15);
    const w = evaluateComplex(add(pow(sin(v('x')), n(2)), pow(cos(v('x')), n(2))), { vars: new Map([['x', cx(0.3, 0.7)]]), idx: new Map() }, ctx()).x;
    expect(w.re).toBeCloseTo(1, 14);
    expect(w.im).toBeCloseTo(0, 14);
  });
});

describe('numeric operators', () => {
  const L = log(div(n(1), sub(n(1), v('p'))));
  it('Cauchy coefficients of log(1/(1-p)) are 1/k', () => {
    for (const k of [1, 2, 5, 17, 40, 80]) {
      const r = ev(coeff(L, 'p', n(k)), { p: 0.3 });
      expect(Math.abs(r.x - 1 / k)).toBeLessThan(1e-10);
      expect(r.e).toBeLessThan(1e-9);
    }
    expect(ev(coeff(L, 'p', n(0))).x).toBeCloseTo(0, 12);
  });
  it('Cauchy coefficients of exp are 1/k!', () => {
    for (const k of [0, 1, 3, 10, 25]) {
      const r = ev(coeff(exp(v('x')), 'x', n(k)), { x: 2 });
      const want = 1 / Number(factorial(BigInt(k)));
      // Absolute accuracy (the tolerance policy judges values below 1 absolutely).
      expect(Math.abs(r.x - want)).toBeLessThan(1e-12);
      expect(Math.abs(r.x - want)).toBeLessThanOrEqual(10 * r.e);
      if (k <= 10) expect(Math.abs(r.x - want) / want).toBeLessThan(1e-9);
    }
  });
  it('Cauchy coefficients at a pole on the unit circle or inside it: never read off a circle past the pole', () => {
    // Past the pole, positive powers of the other Laurent expansion are 0, and two
    // such circles agree with each other: 1/(1-p)^2 once gave [p^5] = 0 here.
    const c = ctx();
    for (let k = 0; k <= 12; k++) {
      const r = evaluate(coeff(div(n(1), pow(sub(n(1), v('p')), n(2))), 'p', n(k)), makeEnv({ p: 0.3 }), c);
      expect(Math.abs(r.x - (k + 1)), `[p^${k}] 1/(1-p)^2`).toBeLessThan(1e-8 * (k + 1));
    }
    for (const k of [0, 3, 7, 11]) {
      const r = ev(coeff(div(n(1), sub(n(1), mul(n(2), v('p')))), 'p', n(k)), { p: 0.3 });
      expect(Math.abs(r.x - 2 ** k), `[p^${k}] 1/(1-2p)`).toBeLessThan(1e-8 * 2 ** k);
    }
  });
  it('coefficients of a truncated exp of L are 1 through p^j', () => {
    const f = sum('i', n(0), ix('j'), div(pow(L, ix('i')), fact(ix('i'))));
    for (const k of [0, 3, 6]) expect(ev(coeff(f, 'p', n(k)), { p: 0.1 }, { j: 6 }).x).toBeCloseTo(1, 9);
    const c = ev(coeff(f, 'p', n(9)), { p: 0.1 }, { j: 6 }).x;
    expect(c).toBeGreaterThan(0);
    expect(c).toBeLessThan(1);
  });
  it('sums reuse loop-invariant subexpressions without mixing environments', () => {
    // The same L node occurs at the sum's level and inside a nested coeff (where p varies).
    const body = add(mul(L, ix('i')), coeff(mul(L, pow(v('p'), ix('i'))), 'p', n(3)));
    const r = ev(sum('i', n(0), n(2), body), { p: 0.5 });
    const l = Math.log(2);
    // coeff of L*p^i at p^3 is 1/(3-i) for i < 3
    expect(r.x).toBeCloseTo(l * 3 + 1 / 3 + 1 / 2 + 1, 10);
  });
  it('series and valuation', () => {
    const sr = ev(series(exp(v('t')), 't', n(6)), { t: 0.1 });
    let want = 0;
    for (let k = 0; k <= 6; k++) want += 0.1 ** k / Number(factorial(BigInt(k)));
    expect(sr.x).toBeCloseTo(want, 12);
    const tail = sub(exp(v('t')), sum('i', n(0), n(4), div(pow(v('t'), ix('i')), fact(ix('i')))));
    expect(ev(val(tail, 't'), { t: 0.2 }).x).toBe(5);
    expect(ev(val(sin(v('t')), 't'), { t: 0 }).x).toBe(1);
  });
  it('derivatives of exp, log and sigmoid (complex step and Ridders)', () => {
    expect(ev(deriv('x', 1, exp(v('x'))), { x: 0.7 }).x).toBeCloseTo(Math.exp(0.7), 14);
    expect(ev(deriv('x', 1, log(v('x'))), { x: 1e-6 }).x / 1e6).toBeCloseTo(1, 12);
    const sg = 1 / (1 + Math.exp(-0.4));
    expect(ev(deriv('s', 1, sigma(v('s'))), { s: 0.4 }).x).toBeCloseTo(sg * (1 - sg), 14);
    const d2 = ev(deriv('s', 2, sigma(v('s'))), { s: 0.4 });
    expect(d2.x).toBeCloseTo(sg * (1 - sg) * (1 - 2 * sg), 9);
    expect(ev(deriv('x', 3, exp(v('x'))), { x: 1 }).x).toBeCloseTo(Math.E, 7);
    expect(ev(deriv('x', 1, h.call('abs', v('x'))), { x: -2 }).x).toBeCloseTo(-1, 9);
  });
  it('argmin of the NCE loss is log(a/b); argmax of -x^2 is 0-centred', () => {
    const loss = sub(neg(mul(v('a'), log(sigma(v('s'))))), mul(v('b'), log(sub(n(1), sigma(v('s'))))));
    for (const [a, b] of [[2, 3], [1e-3, 5], [40, 0.01]] as const) {
      const r = ev(argmin('s', loss), { a, b });
      expect(Math.abs(r.x - Math.log(a / b))).toBeLessThan(1e-8 * Math.max(1, Math.abs(Math.log(a / b))));
    }
    expect(ev(argmax('x', neg(pow(sub(v('x'), n(3, 2)), n(2))))).x).toBeCloseTo(1.5, 9);
    expect(() => ev(argmin('x', v('x')))).toThrow(/argmin-failed/);
  });
});

describe('derivatives of integrals and of derivatives by Taylor jets (found on a quartic family)', () => {
  const span = { start: 0, end: 0 };
  const y = ix('y');
  const s = v('s');
  const prog = h.program(h.varDecl('s', h.real()));
  const at = (e: Parameters<typeof evaluate>[0], s0: number) => {
    const env = makeEnv();
    env.vars.set('s', s0);
    const ctx = makeContext(prog.vars);
    const stats = { steps: 0 };
    ctx.work = { left: 1e9 };
    const r = evaluate(e, env, ctx);
    stats.steps = 1e9 - ctx.work.left;
    return { r, steps: stats.steps };
  };
  const weight = exp(sub(mul(s, y), pow(y, n(4))));
  const ends = (body: typeof weight) => ({ kind: 'integral' as const, index: 'y', body, lo: '-inf' as const, hi: 'inf' as const, span });
  const noEnds = (body: typeof weight) => ({ kind: 'integral' as const, index: 'y', body, span });

  it('an integral written over -inf..inf is the whole-line integral, in jets too', () => {
    // d/ds log Z(s) = E[y]: by jets, as for integral(y, ...); finite differences took eleven times the work
    const a = at(deriv('s', 1, log(ends(weight))), 0.7);
    const b = at(deriv('s', 1, log(noEnds(weight))), 0.7);
    expect(a.r.x).toBe(b.r.x);
    expect(a.steps).toBe(b.steps);
    const mean = at(div(noEnds(mul(y, weight)), noEnds(weight)), 0.7).r.x;
    expect(Math.abs(a.r.x - mean)).toBeLessThan(1e-12);
  });

  it('NESTED: d/ds d/ds f is d2/ds2 f, one jet of order 2 (not finite differences of jets)', () => {
    const f = log(noEnds(weight));
    const nested = at(deriv('s', 1, deriv('s', 1, f)), -0.4);
    const flat = at(deriv('s', 2, f), -0.4);
    expect(nested.r.x).toBe(flat.r.x);
    expect(nested.r.e).toBe(flat.r.e);
    expect(nested.steps).toBe(flat.steps);
    // a closed form: d/ds d/ds exp(s^3) = (9 s^4 + 6 s) exp(s^3), to rounding
    const g = at(deriv('s', 1, deriv('s', 1, exp(pow(s, n(3))))), 1.3).r;
    const want = (9 * 1.3 ** 4 + 6 * 1.3) * Math.exp(1.3 ** 3);
    expect(Math.abs(g.x - want)).toBeLessThan(1e-13 * want);
  });
});

describe('MIXED: d/da d/db f by polarization of two jets along a +- b', () => {
  const prog = h.program(h.varDecl('a', h.real()), h.varDecl('b', h.real()));
  const at = (e: Parameters<typeof evaluate>[0], a0: number, b0: number) => {
    const env = makeEnv();
    env.vars.set('a', a0);
    env.vars.set('b', b0);
    return evaluate(e, env, makeContext(prog.vars));
  };
  const a = v('a');
  const b = v('b');
  it('is the mixed partial to rounding, with an error bound to match (Ridders gave about 1e-9)', () => {
    // f = exp(a b^2): f_ab = (2 b + 2 a b^3) exp(a b^2)
    for (const [a0, b0] of [[0.3, -1.2], [1.5, 0.8], [-2, 0.5], [0, 0]]) {
      const r = at(deriv('a', 1, deriv('b', 1, exp(mul(a, pow(b, n(2)))))), a0!, b0!);
      const want = (2 * b0! + 2 * a0! * b0! ** 3) * Math.exp(a0! * b0! ** 2);
      expect(Math.abs(r.x - want)).toBeLessThanOrEqual(r.e + 1e-15);
      expect(r.e).toBeLessThan(1e-12 * Math.max(1, Math.abs(want)));
    }
    // the order of the two derivatives does not matter; the same variable twice is NESTED, not MIXED
    const f = div(sin(mul(a, b)), add(n(2), cos(a)));
    const ab = at(deriv('a', 1, deriv('b', 1, f)), 0.7, -1.1);
    const ba = at(deriv('b', 1, deriv('a', 1, f)), 0.7, -1.1);
    expect(Math.abs(ab.x - ba.x)).toBeLessThanOrEqual(ab.e + ba.e);
  });
  it('counts the cancellation when f_aa + f_bb dwarfs f_ab', () => {
    // f = exp(10 a) + exp(10 b) + a b: f_ab = 1 while f_aa + f_bb = 100 (e^10a + e^10b)
    const f = add(add(exp(mul(n(10), a)), exp(mul(n(10), b))), mul(a, b));
    const r = at(deriv('a', 1, deriv('b', 1, f)), 2, 2);
    expect(Math.abs(r.x - 1)).toBeLessThanOrEqual(r.e);
    expect(r.e).toBeGreaterThan(1e-12); // 100 e^20 = 5e10 of scale: its rounding shows
  });
});
