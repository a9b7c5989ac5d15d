import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  closed, contains, disjoint, enclose, expBounds, intervalToString, isPositive, logBounds, piBounds,
  rangeOf, rootBounds, roundRational, type RInterval,
} from '../../../src/algebra/enclosures/interval.ts';
import { KernelError } from '../../../src/algebra/numbers/errors.ts';
import { Rational, q } from '../../../src/algebra/numbers/rational.ts';
import * as T from '../../../src/algebra/containers/term.ts';
import type { Assumptions, Term } from '../../../src/algebra/containers/term.ts';

const NOWHERE = new Map<string, Rational>();

/** The exact interval [d, d + 10^-digits] for a truncated decimal expansion d. */
function decimal(text: string): RInterval {
  const digits = text.split('.')[1]!.length;
  const d = q(text);
  return closed(d, d.add(Rational.frac(1n, 10n ** BigInt(digits))));
}

function width(I: RInterval): Rational {
  return I.hi!.value.sub(I.lo!.value);
}

function overlaps(a: RInterval, b: RInterval): boolean {
  return !disjoint(a, b);
}

const TINY = Rational.frac(1n, 2n ** 100n);

function throwsCode(f: () => unknown, code: string): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(KernelError);
    expect((e as KernelError).code).toBe(code);
    return;
  }
  throw new Error(`expected ${code}`);
}

describe('enclose: known constants to 50 digits', () => {
  const cases: [string, Term, string][] = [
    ['e', T.exp(T.ONE), '2.71828182845904523536028747135266249775724709369995'],
    ['named e', T.named('e'), '2.71828182845904523536028747135266249775724709369995'],
    ['log 2', T.log(T.num(2)), '0.69314718055994530941723212145817656807550013436025'],
    ['pi', T.named('pi'), '3.14159265358979323846264338327950288419716939937510'],
    ['sqrt 2', T.sqrt(T.num(2)), '1.41421356237309504880168872420969807856967187537694'],
    ['log 10', T.log(T.num(10)), '2.30258509299404568401799145468436420760110148862877'],
    ['exp(-1)', T.exp(T.num(-1)), '0.36787944117144232159552377016146086744581113103176'],
    ['sin 1', T.fn('sin', T.ONE), '0.84147098480789650665250232163029899962256306079837'],
    ['cos 1', T.fn('cos', T.ONE), '0.54030230586813971740093660744297660373231042061792'],
    ['cube root of 3', T.pow(T.num(3), Rational.frac(1n, 3n)), '1.44224957030740838232163831078010958839186925349935'],
  ];
  for (const [name, t, digits] of cases) {
    it(`${name} is enclosed, width < 2^-100`, () => {
      const I = enclose(t, NOWHERE);
      expect(overlaps(I, decimal(digits))).toBe(true);
      expect(width(I).cmp(TINY)).toBeLessThan(0);
    });
  }

  it('higher precision gives a narrower enclosure of pi that still contains it', () => {
    const [lo, hi] = piBounds(400);
    expect(overlaps(closed(lo, hi), decimal('3.14159265358979323846264338327950288419716939937510'))).toBe(true);
    expect(hi.sub(lo).cmp(Rational.frac(1n, 2n ** 390n))).toBeLessThan(0);
  });
});

describe('enclose: agreement with floats across magnitudes', () => {
  const near = (I: RInterval, x: number): void => {
    const lo = I.lo!.value.toNumber();
    const hi = I.hi!.value.toNumber();
    const tol = Math.abs(x) * 1e-14 + 1e-300;
    expect(lo).toBeLessThanOrEqual(x + tol);
    expect(hi).toBeGreaterThanOrEqual(x - tol);
    expect(hi - lo).toBeLessThanOrEqual(tol);
  };
  it('exp of large and small arguments keeps relative precision', () => {
    near(enclose(T.exp(T.num(100)), NOWHERE), Math.exp(100));
    near(enclose(T.exp(T.num(-100)), NOWHERE), Math.exp(-100));
    near(enclose(T.exp(T.num('1/1000')), NOWHERE), Math.exp(0.001));
  });
  it('log of small, large and near-1 arguments', () => {
    near(enclose(T.log(T.num('1/1000')), NOWHERE), Math.log(0.001));
    near(enclose(T.log(T.num(10n ** 30n)), NOWHERE), Math.log(1e30));
    near(enclose(T.log(T.num('1000001/1000000')), NOWHERE), Math.log1p(1e-6));
  });
  it('trigonometric and hyperbolic functions', () => {
    near(enclose(T.fn('sin', T.num(100)), NOWHERE), Math.sin(100));
    near(enclose(T.fn('cos', T.num(-7)), NOWHERE), Math.cos(-7));
    near(enclose(T.fn('tan', T.num('1/2')), NOWHERE), Math.tan(0.5));
    near(enclose(T.fn('tanh', T.num(2)), NOWHERE), Math.tanh(2));
    near(enclose(T.fn('sinh', T.num(-3)), NOWHERE), Math.sinh(-3));
    near(enclose(T.fn('cosh', T.num(3)), NOWHERE), Math.cosh(3));
    near(enclose(T.fn('atanh', T.num('1/2')), NOWHERE), Math.atanh(0.5));
  });
  it('real powers and abs', () => {
    near(enclose(T.pow(T.num(7), Rational.frac(2n, 3n)), NOWHERE), 7 ** (2 / 3));
    near(enclose(T.pow(T.num(2), T.v('y')), new Map([['y', q('1/2')]])), Math.SQRT2);
    near(enclose(T.abs(T.num(-3)), NOWHERE), 3);
  });
});

describe('enclose: exact cases and errors', () => {
  it('log 1 = 0 and exp 0 = 1 exactly', () => {
    expect(intervalToString(enclose(T.log(T.ONE), NOWHERE))).toBe('[0, 0]');
    expect(intervalToString(enclose(T.exp(T.ZERO), NOWHERE))).toBe('[1, 1]');
  });
  it('rational terms are exact', () => {
    const t = T.div(T.add(T.v('x'), T.ONE), T.sub(T.v('x'), T.num(3)));
    const I = enclose(t, new Map([['x', q('1/2')]]));
    expect(I.lo!.value.eq(q('-3/5'))).toBe(true);
    expect(I.hi!.value.eq(q('-3/5'))).toBe(true);
  });
  it('division by an enclosure containing 0 is undefined', () => {
    throwsCode(() => enclose(T.div(T.ONE, T.sub(T.v('x'), T.ONE)), new Map([['x', Rational.ONE]])), 'interval/undefined');
    throwsCode(() => enclose(T.div(T.ONE, T.sub(T.exp(T.ONE), T.named('e'))), NOWHERE), 'interval/undefined');
  });
  it('log of a non-positive value is undefined', () => {
    throwsCode(() => enclose(T.log(T.num(-1)), NOWHERE), 'interval/undefined');
    throwsCode(() => enclose(T.log(T.sub(T.ONE, T.exp(T.ZERO))), NOWHERE), 'interval/undefined');
    throwsCode(() => logBounds(Rational.ZERO), 'interval/undefined');
  });
  it('fractional power of a negative base is undefined; unbound variables and overflow are errors', () => {
    throwsCode(() => enclose(T.sqrt(T.num(-2)), NOWHERE), 'interval/undefined');
    throwsCode(() => enclose(T.v('x'), NOWHERE), 'interval/unbound');
    throwsCode(() => enclose(T.exp(T.num(20000)), NOWHERE), 'interval/overflow');
    throwsCode(() => enclose(T.pow(T.v('x'), 10 ** 7), new Map([['x', q(10)]])), 'interval/overflow');
    expect(intervalToString(enclose(T.pow(T.v('x'), 10 ** 7 + 1), new Map([['x', Rational.MINUS_ONE]])))).toBe('[-1, -1]');
  });
});

describe('point bounds', () => {
  it('rootBounds bracket the root', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 1n, max: 10n ** 6n }), fc.integer({ min: 2, max: 5 }), (n, d, k) => {
      const r = Rational.frac(n, d);
      const [lo, hi] = rootBounds(r, k, 64);
      return lo.pow(k).cmp(r) <= 0 && hi.pow(k).cmp(r) >= 0 && lo.cmp(hi) <= 0;
    }));
  });
  it('roundRational rounds outward', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 60n), max: 10n ** 60n }), fc.bigInt({ min: 1n, max: 10n ** 50n }), (n, d) => {
      const r = Rational.frac(n, d);
      return roundRational(r, 16, false).cmp(r) <= 0 && roundRational(r, 16, true).cmp(r) >= 0;
    }));
  });
  it('exp and log bounds are ordered and invert each other', () => {
    const rat = fc.tuple(fc.bigInt({ min: -(10n ** 5n), max: 10n ** 5n }), fc.bigInt({ min: 10n, max: 10n ** 4n }))
      .map(([n, d]) => Rational.frac(n, d));
    fc.assert(fc.property(rat, (r) => {
      const [el, eh] = expBounds(r, 80);
      if (el.cmp(eh) > 0 || el.sign() <= 0) return false;
      const lo = logBounds(el, 80)[0];
      const hi = logBounds(eh, 80)[1];
      return lo.cmp(r) <= 0 && hi.cmp(r) >= 0; // log is increasing: log(exp r) = r lies between
    }), { numRuns: 200 });
  });
});

/** Exact evaluation of a rational-function term; undefined on division by zero. */
function exact(t: Term, env: ReadonlyMap<string, Rational>): Rational | undefined {
  switch (t.k) {
    case 'const': return t.value;
    case 'var': return env.get(t.name);
    case 'add': {
      let s = Rational.ZERO;
      for (const a of t.args) {
        const v = exact(a, env);
        if (v === undefined) return undefined;
        s = s.add(v);
      }
      return s;
    }
    case 'mul': {
      let s = Rational.ONE;
      for (const a of t.args) {
        const v = exact(a, env);
        if (v === undefined) return undefined;
        s = s.mul(v);
      }
      return s;
    }
    case 'pow': {
      const b = exact(t.base, env);
      if (b === undefined || (b.isZero() && t.exp.sign() < 0)) return undefined;
      return b.pow(t.exp.num);
    }
    default: throw new Error('not rational');
  }
}

const ratArb = fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: 1, max: 12 })).map(([n, d]) => Rational.frac(BigInt(n), BigInt(d)));

const ratTerm: fc.Arbitrary<Term> = fc.letrec<{ t: Term }>((tie) => ({
  t: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    ratArb.map((r) => T.num(r)),
    fc.constantFrom('x', 'y').map((x) => T.v(x)),
    fc.tuple(tie('t'), tie('t')).map(([a, b]) => T.add(a, b)),
    fc.tuple(tie('t'), tie('t')).map(([a, b]) => T.mul(a, b)),
    fc.tuple(tie('t'), fc.integer({ min: -3, max: 4 })).map(([a, n]) => T.pow(a, n)),
  ),
})).t;

describe('enclose: rational-function terms (property)', () => {
  it('contains the exact rational value, or reports undefined exactly when it is', () => {
    fc.assert(fc.property(ratTerm, ratArb, ratArb, (t, x, y) => {
      const env = new Map([['x', x], ['y', y]]);
      const v = exact(t, env);
      let I: RInterval;
      try {
        I = enclose(t, env);
      } catch (e) {
        // an exact zero divisor must be refused; a nonzero one is enclosed exactly enough
        return e instanceof KernelError && e.code === 'interval/undefined' && v === undefined;
      }
      return v !== undefined && contains(I, v);
    }), { numRuns: 400 });
  });

  it('enclosure of exp(a + b) overlaps exp(a) * exp(b)', () => {
    const big = fc.tuple(fc.integer({ min: -4000, max: 4000 }), fc.integer({ min: 1, max: 200 })).map(([n, d]) => Rational.frac(BigInt(n), BigInt(d)));
    fc.assert(fc.property(big, big, (a, b) => {
      const env = new Map([['a', a], ['b', b]]);
      const left = enclose(T.exp(T.add(T.v('a'), T.v('b'))), env);
      const right = enclose(T.mul(T.exp(T.v('a')), T.exp(T.v('b'))), env);
      return overlaps(left, right);
    }), { numRuns: 200 });
  });

  it('enclosure of sin^2 + cos^2 contains 1, log(a b) overlaps log a + log b', () => {
    const pos = fc.tuple(fc.integer({ min: 1, max: 10 ** 6 }), fc.integer({ min: 1, max: 1000 })).map(([n, d]) => Rational.frac(BigInt(n), BigInt(d)));
    fc.assert(fc.property(pos, pos, (a, b) => {
      const env = new Map([['a', a], ['b', b]]);
      const trig = enclose(T.add(T.pow(T.fn('sin', T.v('a')), 2), T.pow(T.fn('cos', T.v('a')), 2)), env);
      const l1 = enclose(T.log(T.mul(T.v('a'), T.v('b'))), env);
      const l2 = enclose(T.add(T.log(T.v('a')), T.log(T.v('b'))), env);
      return contains(trig, Rational.ONE) && overlaps(l1, l2);
    }), { numRuns: 100 });
  });
});

describe('rangeOf over assumption boxes', () => {
  const openUnit = (lo: string, hi: string): Assumptions => new Map([['x', { lo: { value: q(lo), open: true }, hi: { value: q(hi), open: true } }]]);
  it('sigmoid is in (0, 1) and 1 - sigmoid > 0 for an unconstrained variable', () => {
    const sig = T.div(T.ONE, T.add(T.ONE, T.exp(T.neg(T.v('z')))));
    expect(intervalToString(rangeOf(sig, new Map()))).toBe('(0, 1)');
    expect(isPositive(rangeOf(T.sub(T.ONE, sig), new Map()))).toBe(true);
  });
  it('exp is (0, inf) and log on (0, 2) is unbounded below', () => {
    expect(intervalToString(rangeOf(T.exp(T.v('y')), new Map()))).toBe('(0, +inf)');
    const r = rangeOf(T.log(T.v('x')), openUnit('0', '2'));
    expect(r.lo).toBeUndefined();
    expect(r.hi!.open).toBe(true);
  });
  it('products keep strictness: x * y > 0 for x in (0, 1], y >= 1', () => {
    const asm: Assumptions = new Map([
      ['x', { lo: { value: q(0), open: true }, hi: { value: q(1), open: false } }],
      ['y', { lo: { value: q(1), open: false } }],
    ]);
    expect(intervalToString(rangeOf(T.mul(T.v('x'), T.v('y')), asm))).toBe('(0, +inf)');
  });
  it('refuses possibly undefined terms', () => {
    throwsCode(() => rangeOf(T.div(T.ONE, T.v('x')), openUnit('-1', '1')), 'interval/undefined');
    throwsCode(() => rangeOf(T.log(T.v('x')), openUnit('-1', '1')), 'interval/undefined');
  });
  it('contains the value at every sampled point of the box (property)', () => {
    const asm: Assumptions = new Map([
      ['x', { lo: { value: q(-2), open: false }, hi: { value: q(3), open: false } }],
      ['y', { lo: { value: q('1/2'), open: true }, hi: { value: q(4), open: false } }],
    ]);
    const inBox = fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 1000 }))
      .map(([a, b]) => [q(-2).add(Rational.frac(BigInt(a), 200n)), q('1/2').add(Rational.frac(BigInt(b) * 7n, 2000n))] as const);
    fc.assert(fc.property(ratTerm, inBox, (t, [x, y]) => {
      let R: RInterval;
      try {
        R = rangeOf(t, asm);
      } catch {
        return true; // refusing is always sound
      }
      const v = exact(t, new Map([['x', x], ['y', y]]));
      return v === undefined || contains(R, v);
    }), { numRuns: 400 });
  });
});

describe('atan, asin, acos enclosures (issue 14)', () => {
  it('contain the float values, are narrow, and are odd', async () => {
    const { atanBounds } = await import('../../../src/algebra/enclosures/interval.ts');
    for (const s of ['0', '1/3', '1/2', '3/5', '1', '7/3', '1000', '-2/7', '1/1000000']) {
      const r = Rational.parse(s);
      const [lo, hi] = atanBounds(r, 128);
      const f = Math.atan(r.toNumber());
      expect(lo.toNumber()).toBeLessThanOrEqual(f + 1e-15);
      expect(hi.toNumber()).toBeGreaterThanOrEqual(f - 1e-15);
      expect(hi.sub(lo).toNumber()).toBeLessThan(1e-30);
      const [nlo, nhi] = atanBounds(r.neg(), 128);
      expect(nlo.eq(hi.neg()) && nhi.eq(lo.neg())).toBe(true);
    }
  });
  it('atan(1) encloses pi/4 and refutes pi/3 (planted: a wrong reduction would miss)', () => {
    const at1 = enclose(T.fn('atan', T.ONE), new Map(), 128);
    const pi = enclose(T.named('pi'), new Map(), 128);
    expect(at1.lo!.value.mul(Rational.of(4)).cmp(pi.hi!.value) <= 0).toBe(true);
    expect(at1.hi!.value.mul(Rational.of(4)).cmp(pi.lo!.value) >= 0).toBe(true);
    const as = enclose(T.fn('asin', T.num(Rational.parse('1/2'))), new Map(), 128);
    expect(Math.abs(as.lo!.value.toNumber() - Math.PI / 6)).toBeLessThan(1e-15);
    const ac = enclose(T.fn('acos', T.ZERO), new Map(), 128);
    expect(Math.abs(ac.hi!.value.toNumber() - Math.PI / 2)).toBeLessThan(1e-15);
    expect(() => enclose(T.fn('asin', T.num(2)), new Map(), 128)).toThrow(/outside \[-1, 1\]/);
  });
});
