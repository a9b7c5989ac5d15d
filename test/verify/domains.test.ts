import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { domainArbitrary, inDomain, positiveArbitrary, simplexArbitrary, realArbitrary, inInterval } from '../../src/verify/domains.ts';
import type { Domain } from '../../src/proofs/ast.ts';
import * as h from './helpers.ts';

const domains: [string, Domain][] = [
  ['[0, 1)', h.real([0, false], [1, true])],
  ['(0, 1)', h.real([0, true], [1, true])],
  ['[-2, 3]', h.real([-2, false], [3, false])],
  ['(0, inf)', h.real([0, true])],
  ['[1, inf)', h.real([1, false])],
  ['(-inf, -1)', h.real(undefined, [-1, true])],
  ['(-inf, inf)', h.real()],
  ['(1e-9, 2e-9)', { kind: 'real', lo: { value: h.n(1, 10 ** 9), open: true }, hi: { value: h.n(2, 10 ** 9), open: true } }],
  ['(0, pi)', { kind: 'real', lo: { value: h.n(0), open: true }, hi: { value: h.pi, open: true } }],
  ['0..40', h.intRange(0, 40)],
  ['{0, 1}', h.finiteSet(0, 1)],
];

describe('domain samplers', () => {
  for (const [name, d] of domains) {
    it(`samples stay inside ${name}`, () => {
      fc.assert(fc.property(domainArbitrary(d), (x) => inDomain(d, x)), { seed: 1, numRuns: 2000 });
    });
  }
  it('open ends are never produced, closed ends are', () => {
    const half = fc.sample(domainArbitrary(h.real([0, false], [1, true])), { seed: 3, numRuns: 3000 });
    expect(half).toContain(0);
    expect(half).not.toContain(1);
    expect(Math.max(...half)).toBeGreaterThan(1 - 1e-6);
  });
  it('unbounded domains cover many orders of magnitude, both signs, near 0', () => {
    const xs = fc.sample(domainArbitrary(h.real()), { seed: 4, numRuns: 3000 });
    expect(Math.max(...xs)).toBeGreaterThan(1e5);
    expect(Math.min(...xs)).toBeLessThan(-1e5);
    expect(xs.some((x) => x !== 0 && Math.abs(x) < 1e-5)).toBe(true);
    expect(xs).toContain(0);
    const pos = fc.sample(positiveArbitrary(), { seed: 5, numRuns: 3000 });
    expect(pos.every((x) => x > 0)).toBe(true);
    expect(Math.min(...pos)).toBeLessThan(1e-5);
    expect(Math.max(...pos)).toBeGreaterThan(1e5);
  });
  it('a real interval sampler respects arbitrary numeric ends', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 1e-9, max: 1e6, noNaN: true }), fc.boolean(), fc.boolean(), (lo, w, lOpen, hOpen) => {
        const iv = { lo, hi: lo + w, loOpen: lOpen, hiOpen: hOpen };
        if (!(iv.hi > iv.lo)) return true;
        const xs = fc.sample(realArbitrary(iv), { seed: 6, numRuns: 20 });
        return xs.every((x) => inInterval(iv, x));
      }),
      { seed: 7, numRuns: 100 },
    );
  });
  it('simplex points are positive and sum to 1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }).chain((n) => simplexArbitrary(n).map((w) => [n, w] as const)), ([n, w]) => {
        expect(w.length).toBe(n);
        expect(w.every((x) => x > 0 && x <= 1)).toBe(true);
        expect(Math.abs(w.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
      }),
      { seed: 8, numRuns: 300 },
    );
    expect(() => simplexArbitrary(0)).toThrow(/simplexArbitrary/);
  });
  it('empty domains are rejected with a clear error', () => {
    expect(() => domainArbitrary(h.real([1, false], [0, false]))).toThrow(/empty interval/);
    expect(() => domainArbitrary(h.intRange(3, 2))).toThrow(/empty/);
  });
});
