/**
 * A kernel lemma must refuse a factor it does not use, never drop it: false claims
 * built by adding one factor to a lemma's shape are not PROVED (found in review:
 * the Beta integral dropped a sin or cos, the logarithmic series Lemma 4 dropped a
 * (2n)! or a 1/(2n + 1); both PROVED a false claim).
 */
import { describe, expect, it } from 'vitest';
import { check, DEFAULT_OPTIONS } from '../../../src/index.ts';

const grades = (text: string): string[] => check(text, 'ignored.proof', { ...DEFAULT_OPTIONS, numeric: { ...DEFAULT_OPTIONS.numeric, enabled: false } }).items.map((i) => `${i.name} ${i.grade}`);

describe('lemmas refuse the factors they do not use', () => {
  it('the Beta integral with a sin or cos factor', () => {
    expect(grades('claim b1: integral(x = 0..1, sqrt(x)*sin(x)) = 2/3\nclaim b2: integral(x = 0..1, (1 - x)^(1/2)*cos(x)) = 2/3\nclaim ok: integral(x = 0..1, sqrt(x)) = 2/3\n'))
      .toEqual(['b1 ERROR', 'b2 ERROR', 'ok PROVED']); // kernel/unsupported, not PROVED
  });
  it('the logarithmic series with a (2n)! or a 1/(2n + 1) factor', () => {
    expect(grades('claim l1: sum(n = 1..inf, (1/2)^n/(n*(2*n)!)) = log(2)\nclaim l2: sum(n = 1..inf, (1/2)^n/(n*(2*n + 1))) = log(2)\nclaim ok: sum(n = 1..inf, (1/2)^n/n) = log(2)\n'))
      .toEqual(['l1 ERROR', 'l2 ERROR', 'ok PROVED']);
  });
});

describe('a pole is not a value (found in review: gamma(0) = 1 was REFUTED as "the left side is 0")', () => {
  it('gamma(0) and digamma(0) are undefined, not 0', () => {
    expect(grades('claim g0: gamma(0) = 1\nclaim d0: digamma(0) = 2\nclaim s0: sin(0) = 0\n')).toEqual(['g0 UNDECIDED', 'd0 UNDECIDED', 's0 PROVED']);
  });
});
