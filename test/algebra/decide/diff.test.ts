import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import nerdamer from 'nerdamer';
import 'nerdamer/Calculus.js';
import { diff } from '../../../src/algebra/decide/diff.ts';
import { decideEqual } from '../../../src/algebra/decide/identity.ts';
import { evalExact } from '../../../src/algebra/decide/identity.ts';
import { NormalContext } from '../../../src/algebra/normal/normal.ts';
import { seriesParam, seriesQ } from '../../../src/algebra/theorems/termseries.ts';
import { q, Rational } from '../../../src/algebra/numbers/rational.ts';
import * as T from '../../../src/algebra/containers/term.ts';
import type { Term, UnaryFn } from '../../../src/algebra/containers/term.ts';
import { evalFloat } from '../../helpers/terms.ts';

const { v, num, add, sub, mul, div, pow, exp, log } = T;
const x = v('x');
const NONE = new Map();

/** Float evaluation of a kernel term (test-only; NaN outside the domain). */

/** nerdamer syntax for a kernel term, fully parenthesised. */
function toNerdamer(t: Term): string {
  switch (t.k) {
    case 'const':
      return `(${t.value.toString()})`;
    case 'var':
      return t.name;
    case 'named':
      return t.name;
    case 'add':
      return `(${t.args.map(toNerdamer).join('+')})`;
    case 'mul':
      return `(${t.args.map(toNerdamer).join('*')})`;
    case 'pow':
      return `(${toNerdamer(t.base)}^(${t.exp.toString()}))`;
    case 'powt':
      return `(${toNerdamer(t.base)}^${toNerdamer(t.exp)})`;
    case 'fn':
      return `${t.name}(${toNerdamer(t.arg)})`;
  }
}

/** Fourth-order central difference of f at x0 (the settling third evaluation). */
function finiteDiff(t: Term, x0: number): number {
  const f = (y: number): number => evalFloat(t, { x: y });
  const est = (h: number): number => (-f(x0 + 2 * h) + 8 * f(x0 + h) - 8 * f(x0 - h) + f(x0 - 2 * h)) / (12 * h);
  // Richardson on top: (16 D(h/2) - D(h)) / 15.
  const h = 1e-3;
  return (16 * est(h / 2) - est(h)) / 15;
}

describe('diff: table', () => {
  it('basic rules', () => {
    const cases: [Term, Term][] = [
      [mul(x, x), mul(num(2), x)],
      [exp(mul(num(3), x)), mul(num(3), exp(mul(num(3), x)))],
      [log(x), div(num(1), x)],
      [T.sqrt(x), div(num(1), mul(num(2), T.sqrt(x)))],
      [T.fn('sin', x), T.fn('cos', x)],
      [T.fn('atanh', x), div(num(1), sub(num(1), mul(x, x)))],
      [T.abs(x), div(x, T.abs(x))],
    ];
    for (const [f, d] of cases) expect(decideEqual(diff(f, 'x'), d, new Map([['x', { lo: { value: q(0), open: true } }]])).status).toBe('proved');
  });
  it('constants and other variables differentiate to 0; order 0 is the identity', () => {
    expect(diff(mul(v('a'), v('b')), 'x')).toEqual(num(0));
    const e = exp(x);
    expect(diff(e, "x", 0)).toBe(e);
    expect(() => diff(x, 'x', -1)).toThrow(/order/);
  });
});

const fact = (n: number): bigint => (n <= 1 ? 1n : BigInt(n) * fact(n - 1));

/** Random rational functions of x with small integer coefficients. */
const ratTerm: fc.Arbitrary<Term> = fc.letrec<{ t: Term }>((tie) => ({
  t: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(x, x, num(1), num(2), num(-3), num(q('1/2'))),
    fc.tuple(tie('t'), tie('t')).map(([a, b]) => add(a, b)),
    fc.tuple(tie('t'), tie('t')).map(([a, b]) => mul(a, b)),
    fc.tuple(tie('t'), fc.integer({ min: 2, max: 3 })).map(([a, k]) => pow(add(a, num(k)), -1)),
    fc.tuple(tie('t'), fc.integer({ min: 2, max: 3 })).map(([a, k]) => pow(a, k)),
  ),
})).t;

describe('diff against the series kernel: [t^k] f(x0 + t) = f^(k)(x0)/k!', () => {
  it('rational functions at rational points, exactly', () => {
    const samples = fc.sample(ratTerm, { seed: 20261121, numRuns: 60 });
    let compared = 0;
    for (const f of samples) {
      for (const x0 of [q(0), q('1/3'), q(2)]) {
        const shifted = T.substitute(f, new Map([['x', add(num(x0), v('t'))]]));
        let s;
        try {
          s = seriesQ(shifted, 't', 4);
        } catch {
          continue; // a pole at x0
        }
        if (!s) continue;
        for (let k = 0; k < 4; k++) {
          const d = evalExact(diff(f, 'x', k), new Map([['x', x0]]));
          if (d === undefined) continue;
          expect(s.coeff(k).eq(d.div(Rational.of(fact(k))))).toBe(true);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
  it('transcendental functions symbolically: series in t of f(x + t) versus diff/k!', () => {
    const fs: Term[] = [
      log(add(num(1), exp(x))),
      div(num(1), add(num(1), exp(T.neg(x)))),
      mul(exp(mul(num(2), x)), log(add(num(2), mul(x, x)))),
      T.fn('atan', mul(x, x)),
      T.sqrt(add(num(1), mul(x, x))),
      T.fn('sin', mul(num(2), x)),
    ];
    for (const f of fs) {
      const ctx = new NormalContext(NONE);
      const s = seriesParam(T.substitute(f, new Map([['x', add(x, v('t'))]])), 't', 4, NONE, ctx);
      for (let k = 0; k < 4; k++) {
        const dk = div(diff(f, 'x', k), num(fact(k)));
        expect(s.coeffEquals(k, dk), `${T.termToString(f)} k=${k}: ${s.coeffText(k)}`).toBe(true);
      }
    }
  });
});

/** Random expressions in x for the nerdamer comparison. */
const exprTerm: fc.Arbitrary<Term> = fc.letrec<{ t: Term }>((tie) => ({
  t: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    fc.constantFrom(x, x, x, num(1), num(2), num(-1), num(q('1/2')), num(3)),
    fc.tuple(tie('t'), tie('t')).map(([a, b]) => add(a, b)),
    fc.tuple(tie('t'), tie('t')).map(([a, b]) => mul(a, b)),
    fc.tuple(tie('t'), tie('t')).map(([a, b]) => div(a, add(num(2), mul(b, b)))),
    fc.tuple(tie('t'), fc.constantFrom(2, 3, -1, q('1/2'), q('3/2'))).map(([a, k]) => pow(add(num(2), mul(a, a)), k)),
    fc.tuple(fc.constantFrom<UnaryFn>('exp', 'sin', 'cos', 'atan', 'tanh', 'sinh'), tie('t')).map(([f, a]) => T.fn(f, a)),
    tie('t').map((a) => log(add(num(1), mul(a, a)))),
    tie('t').map((a) => T.abs(a)),
    tie('t').map((a) => mul(exp(x), a)),
  ),
})).t;

describe('diff against nerdamer (differential comparator)', () => {
  it('random expressions: every disagreement is settled in our favour', () => {
    const samples = fc.sample(exprTerm, { seed: 424242, numRuns: 200 });
    const points = [0.37, -0.81, 1.23];
    let compared = 0;
    let disagreements = 0;
    let nerdamerFailures = 0;
    const examples: string[] = [];
    for (const f of samples) {
      if (!T.freeVars(f).has('x')) continue;
      const ours = diff(f, 'x');
      let theirs: string;
      try {
        theirs = nerdamer(`diff(${toNerdamer(f)}, x)`).toString();
      } catch {
        nerdamerFailures++;
        continue;
      }
      compared++;
      let disagree = false;
      for (const p of points) {
        const fv = evalFloat(f, { x: p });
        const a = evalFloat(ours, { x: p });
        if (!Number.isFinite(fv) || !Number.isFinite(a)) continue;
        let b: number;
        try {
          b = Number(nerdamer(theirs, { x: String(p) }).evaluate().text('decimals'));
        } catch {
          b = NaN;
        }
        const tol = 1e-6 * Math.max(1, Math.abs(a));
        if (Number.isFinite(b) && Math.abs(a - b) <= tol) continue;
        // Disagreement (or nerdamer gave no number): settle by finite differences.
        if (!disagree) examples.push(`d/dx ${toNerdamer(f)}: nerdamer says ${theirs}`);
        disagree = true;
        const fd = finiteDiff(f, p);
        expect(Math.abs(fd - a), `ours wrong? f=${T.termToString(f)} at ${p}: ours ${a}, nerdamer ${b}, fd ${fd}`).toBeLessThan(
          1e-5 * Math.max(1, Math.abs(a)),
        );
      }
      if (disagree) disagreements++;
    }
    console.log(`nerdamer comparison: ${disagreements} disagreements out of ${compared} expressions (${nerdamerFailures} nerdamer failures); all settled in our favour`);
    for (const e of examples) console.log(`  ${e}`);
    expect(compared).toBeGreaterThan(100);
  });
});
