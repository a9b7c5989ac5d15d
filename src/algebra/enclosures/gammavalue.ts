/**
 * Exact values of Gamma at positive integers and half-integers, as kernel terms. TRUSTED KERNEL.
 * Shared by the interval enclosures (so a claim with gamma(3/2) can be refuted) and the
 * normal form (special.ts, rule G3).
 */
import { Rational } from '../numbers/rational.ts';
import * as T from '../containers/term.ts';

/** The largest shift G1 performs (Gamma(10001) would be 10000!, the factorial limit). */
export const MAX_SHIFT = 10_000n;

/**
 * Gamma(u) as a term: the exact value (c - 1)! or a rational multiple of sqrt(pi) when u
 * is a rational constant c that is a positive integer or a half-integer (G3, so that
 * refutation can enclose it), else the term gamma(u). Gamma(n + 1/2) = Gamma(1/2)
 * prod_{i=0}^{n-1} (1/2 + i) for n >= 0, and Gamma(1/2 - n) = Gamma(1/2)/prod_{i=1}^{n} (1/2 - i).
 */
export function gammaTerm(u: T.Term): T.Term {
  if (u.k !== 'const') return T.fn('gamma', u);
  const c = u.value;
  if (c.isInteger() && c.sign() > 0 && c.num <= MAX_SHIFT) {
    let f = 1n;
    for (let i = 2n; i < c.num; i++) f *= i;
    return T.num(f);
  }
  const twice = c.mul(Rational.of(2));
  if (!c.isInteger() && twice.isInteger() && (twice.num < 0n ? -twice.num : twice.num) <= 2n * MAX_SHIFT) {
    const half = Rational.frac(1n, 2n);
    let r = Rational.ONE;
    for (let z = half; z.cmp(c) < 0; z = z.add(Rational.ONE)) r = r.mul(z);
    for (let z = half.sub(Rational.ONE); z.cmp(c) >= 0; z = z.sub(Rational.ONE)) r = r.div(z);
    return T.mul(T.num(r), T.sqrt(T.named('pi')));
  }
  return T.fn('gamma', u);
}
