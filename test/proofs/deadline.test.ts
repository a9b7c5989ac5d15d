/**
 * The library's in-process check (`check`, `checkSource`) has no worker to stop: it
 * keeps the claim's time limit cooperatively. One obligation can hold nested finite
 * sums whose unrolling runs for minutes and fills the heap (3000 x 3000 terms), so
 * the check must also run inside the unrolling, not only between obligations.
 * Whatever the machine's speed, 9 million rational terms do not fit in 1 ms: the
 * verdict is the same time-limit ERROR everywhere.
 */
import { describe, expect, it } from 'vitest';
import { check, DEFAULT_LIMITS, DEFAULT_OPTIONS } from '../../src/index.ts';

const opts = (timeoutMs: number) => ({
  ...DEFAULT_OPTIONS,
  limits: { ...DEFAULT_LIMITS, timeoutMs },
  numeric: { ...DEFAULT_OPTIONS.numeric, enabled: false },
});

describe('the time limit inside one obligation (in-process check)', () => {
  it('nested finite sums stop at the limit with the time-limit ERROR, located at the claim', () => {
    const r = check('claim big: sum(n = 1..3000, sum(m = 1..3000, 1/(n*m))) > 0\n', 'nested.proof', opts(1));
    const item = r.items[0]!;
    expect(item.grade).toBe('ERROR');
    expect(item.summary).toMatch(/timed out after 1 ms/);
    expect(item.details.join('\n')).toMatch(/nested\.proof:1:/);
  }, 60_000);

  it('an integer-valued nested sum (folded exactly, not lowered) stops the same way', () => {
    const r = check('claim big: sum(n = 1..3000, sum(m = 1..3000, n*m)) > 0\n', 'folded.proof', opts(1));
    expect(r.items[0]!.grade).toBe('ERROR');
    expect(r.items[0]!.summary).toMatch(/timed out after 1 ms/);
  }, 60_000);

  it('within the limit the same sums are checked as before', () => {
    const r = check('claim small: sum(n = 1..20, sum(m = 1..20, 1/(n*m))) = sum(n = 1..20, 1/n)^2\n', 'small.proof', opts(10_000));
    expect(r.items[0]!.grade).toBe('PROVED');
  });
});
