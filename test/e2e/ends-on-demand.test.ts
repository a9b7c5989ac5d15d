/**
 * ENDS on demand (quadrature.ts): a node next to an end c != 0 whose rounding scale is
 * not finite in doubles (log(1 - x) at x = 1 - 2^-52: 1 - x is exact, but FIRST ORDER
 * cannot know it) is evaluated at its exact point in double-double. Before, every point
 * of integral(x = 0..1, log(x)*log(1 - x)) was discarded ("rounding scale not finite").
 */
import { describe, it } from 'vitest';
import { expectNotTested, expectTested } from './single-item.ts';

describe('ENDS on demand', () => {
  it('log singularities at both ends are TESTED, and false variants fail', () => {
    expectTested([
      'claim a1: integral(u = 0..1, log(u)*log(1 - u)) = 2 - pi^2/6',
      'claim a2: integral(u = 0..1, log(1 - u)/u) = -pi^2/6',
      'claim a4: integral(u = 1..2, log(u - 1)*log(2 - u)) = 2 - pi^2/6',
    ]);
    expectNotTested([
      'claim a1_f: integral(u = 0..1, log(u)*log(1 - u)) = 2 - pi^2/6 + 10^-7',
      'claim a4_f: integral(u = 1..2, log(u - 1)*log(2 - u)) = 2 - pi^2/6 + 10^-7',
      'claim a3_f: integral(u = 0..2, log(u)*log(2 - u)) >= 0',
    ], 'failed');
  });
});
