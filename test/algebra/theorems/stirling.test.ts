/**
 * stirling1 (src/algebra/theorems/sums.ts) computed two ways: the kept full rows and
 * the rows cut at column k (used past the kept rows, so that stirling1(10000, 1) needs
 * n k steps and no n^2 / 2 table), and the closed forms [n 1] = (n-1)!,
 * [n n-1] = C(n, 2), [n n] = 1 past the kept rows.
 */
import { describe, expect, it } from 'vitest';
import { stirling1, stirling1Truncated } from '../../../src/algebra/theorems/sums.ts';

const factorial = (n: number): bigint => {
  let r = 1n;
  for (let i = 2; i <= n; i++) r *= BigInt(i);
  return r;
};

describe('stirling1', () => {
  it('the cut rows agree with the full rows', () => {
    for (let n = 0; n <= 60; n++) for (let k = -1; k <= n + 1; k++) expect(stirling1Truncated(n, k), `[${n} ${k}]`).toBe(stirling1(n, k));
  });
  it('past the kept rows: the closed forms, by the cut rows', () => {
    for (const n of [401, 450, 1000]) {
      expect(stirling1(n, 1)).toBe(factorial(n - 1));
      expect(stirling1(n, n)).toBe(1n);
      expect(stirling1(n, n + 1)).toBe(0n);
    }
    expect(stirling1(450, 449)).toBe(BigInt((450 * 449) / 2));
    expect(stirling1(10000, 1)).toBe(factorial(9999)); // was an n^2 / 2 table, out of a 1 GB heap
  });
});
