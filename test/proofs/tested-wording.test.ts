/**
 * A TESTED verdict says what sampling checked. A claim with no variables has one
 * point, however many runs repeat it: its summary must not speak of 1000 random
 * points.
 */
import { describe, expect, it } from 'vitest';
import { check, DEFAULT_OPTIONS } from '../../src/proofs/run.ts';

const opts = { ...DEFAULT_OPTIONS, numeric: { ...DEFAULT_OPTIONS.numeric, runs: 100 } };

describe('the wording of TESTED', () => {
  it('one point for a claim without variables, random points otherwise', () => {
    const r = check([
      'var y in (0, 1)',
      'claim constant: integral(x = 1..2, log(x)) = 2*log(2) - 1',
      'claim sampled: integral(x = 0..y, sin(x)^2) = y/2 - sin(2*y)/4',
    ].join('\n'), 'w.proof', opts);
    const [constant, sampled] = r.items;
    expect(constant!.grade).toBe('TESTED');
    expect(constant!.summary).toMatch(/its value agreed at its only point \(no variables\)/);
    expect(constant!.summary).not.toMatch(/random points/);
    expect(constant!.details.join('\n')).toMatch(/runs agreed at 1 distinct point /);
    expect(sampled!.grade).toBe('TESTED');
    expect(sampled!.summary).toMatch(new RegExp(`100 runs agreed at ${sampled!.numeric?.points} distinct points`));
    expect(sampled!.numeric?.points).toBeGreaterThan(50);
  });
});
