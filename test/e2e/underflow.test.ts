/**
 * UNDERFLOW (src/verify/eval/evaluate.ts): an underflowed double carries an absolute
 * error instead of marking its point as lost. Before, every failure of a Gaussian
 * integral was discarded (its tails underflow), so the witness could not see a
 * false claim about one; and a pass at such a point was counted, so a false claim
 * whose value was rescued from an underflow was TESTED.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../src/proofs/run.ts';

const gaussian = `
var eta1 in (-3, 3), eta2 in (-2, -1/8)
let Agauss(a, b) = -a^2/(4*b) - 1/2*log(-2*b)
family gaussian(eta1, eta2):
  support x real
  base 1/sqrt(2*pi)
  statistic (x, x^2)
  logpartition Agauss(eta1, eta2)
`;

describe('underflow in the numeric witness', () => {
  it('a false claim about a Gaussian integral is failed by the witness, not discarded', () => {
    const r = check(`${gaussian}claim off: d/deta1 Agauss(eta1, eta2) = E[gaussian; x] + 1/1000\n`);
    const item = r.items.find((i) => i.name === 'off')!;
    expect(item.grade).toBe('REFUTED');
    expect(item.numeric?.status).toBe('failed');
  });
  it('the true claims about it still pass with their full runs', () => {
    const r = check(`${gaussian}claim mean: d/deta1 Agauss(eta1, eta2) = E[gaussian; x]\n`);
    const item = r.items.find((i) => i.name === 'mean')!;
    expect(item.numeric?.status).toBe('passed');
    expect(item.numeric?.runs).toBe(1000);
  });
  it('a false claim whose value is rescued from an underflow is not TESTED', () => {
    // outside the exact kernel (sin times exp under an integral): the witness alone decides
    const r = check('var y in (0, 1)\nclaim rescued: integral(x = 0..1, exp(-750 - x*y)*exp(700)*exp(50)*sin(x*y + 1)) = 0\n');
    const item = r.items[0]!;
    expect(item.grade).not.toBe('TESTED');
    expect(item.numeric?.status).toBe('inconclusive');
  });
});
