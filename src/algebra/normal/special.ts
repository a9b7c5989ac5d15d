/**
 * Euler's Gamma function and digamma in the exp-log normal form. TRUSTED KERNEL.
 *
 * gamma(A) and digamma(A) are atoms of the normal form, made canonical by three rules
 * (G1-G3), each an identity of meromorphic functions, so each holds at every point
 * where both of its sides are defined — the normal form's "where both sides are
 * defined" convention (x/x = 1): a claim whose two sides have equal normal forms
 * agrees with it on a dense open set where everything is defined, hence, both sides
 * being continuous where defined, wherever both sides are defined.
 *
 * Write A = k P + c with c its rational constant term, P a polynomial with coprime
 * integer coefficients and k > 0 rational (A's numerator polynomial over a constant
 * denominator; any other A is left as one atom).
 *
 * G1 (recurrence Gamma(z + 1) = z Gamma(z), psi(z + 1) = psi(z) + 1/z): with
 *    c = n + f, n an integer and 0 <= f < 1,
 *      Gamma(kP + c) = Gamma(kP + f) * prod_{i=0}^{n-1} (kP + f + i)          (n >= 0)
 *      Gamma(kP + c) = Gamma(kP + f) / prod_{i=n}^{-1} (kP + f + i)           (n < 0)
 *      psi(kP + c) = psi(kP + f) + sum_{i=0}^{n-1} 1/(kP + f + i)               (n >= 0)
 *      psi(kP + c) = psi(kP + f) - sum_{i=n}^{-1} 1/(kP + f + i)                (n < 0)
 *    (n applications of the recurrence; both sides are meromorphic in z = kP + f.)
 * G2 (Legendre's duplication, when the numerator of k is even, w = A/2):
 *      Gamma(2w) = 2^(2w - 1) pi^(-1/2) Gamma(w) Gamma(w + 1/2)
 *      psi(2w) = psi(w)/2 + psi(w + 1/2)/2 + log 2      (its logarithmic derivative)
 *    applied until the numerator of k is odd (it halves each time), then G1.
 * G3 (values at rational points, A = c constant): a positive integer c is shifted down to
 *    Gamma(1) = 1 (so Gamma(c) = (c - 1)!), any other c to its fractional part f in (0, 1);
 *    Gamma(1/2) = sqrt(pi) (so Gamma(n + 1/2) = (2n)! sqrt(pi)/(4^n n!)), any other
 *    Gamma(f) and every psi(f) (psi(1) = -Euler's constant) stay atoms. At 0, -1, -2, ...
 *    Gamma and psi have poles: the normal form refuses with `normal/gamma-pole`.
 */
import { fail } from '../numbers/errors.ts';
import { Rational } from '../numbers/rational.ts';
import { Poly, kernelLimits } from '../containers/poly.ts';
import { RatFunc } from '../enclosures/ratfunc.ts';
import * as T from '../containers/term.ts';
import { MAX_SHIFT } from '../enclosures/gammavalue.ts';
export { gammaTerm } from '../enclosures/gammavalue.ts';

/** What special.ts needs of the normal-form context (normal.ts implements it). */
export interface SpecialHost {
  /** The atom name(A) (no rewriting). */
  plainAtom(name: 'gamma' | 'digamma', a: RatFunc): RatFunc;
  /** The normal form of a kernel term. */
  normalize(t: T.Term): RatFunc;
  /** B^k for a rational k. */
  powRf(b: RatFunc, k: Rational): RatFunc;
  /** exp(A). */
  expRf(a: RatFunc): RatFunc;
  /** log(A). */
  logRf(a: RatFunc): RatFunc;
}


/** A = k P + c split as in the module comment, or undefined when A is not a polynomial. */
function split(a: RatFunc): { k: Rational; rest: Poly; c: Rational } | undefined {
  const d = a.den.constantValue();
  if (d === undefined || d.isZero()) return undefined;
  const p = a.num.scale(d.inv());
  const c = p.constantTerm();
  const rest = p.sub(Poly.constant(c));
  return { k: rest.isZero() ? Rational.ONE : rest.content(), rest, c };
}

function floorOf(r: Rational): bigint {
  const q = r.num / r.den;
  return r.num < 0n && q * r.den !== r.num ? q - 1n : q;
}

/** A = kP + c split (see the module comment), after refusing the poles 0, -1, -2, ...; undefined when A is not a polynomial. */
function splitAwayFromPoles(name: 'gamma' | 'digamma', a: RatFunc): { k: Rational; rest: Poly; c: Rational } | undefined {
  const s = split(a);
  const c0 = a.constantValue();
  if (c0 !== undefined && c0.isInteger() && c0.sign() <= 0) fail('normal/gamma-pole', `normalize: ${name}(${c0}) is undefined (a pole of ${name === 'gamma' ? 'Gamma' : 'psi'})`);
  return s;
}

/** Gamma(A) in normal form (G1-G3). Throws: `normal/gamma-pole` at 0, -1, -2, ...; `limit/exponent`. */
export function gammaRf(host: SpecialHost, a: RatFunc): RatFunc {
  const s = splitAwayFromPoles('gamma', a);
  if (!s) return host.plainAtom('gamma', a);
  // G2: Gamma(2w) = 2^(2w-1) pi^(-1/2) Gamma(w) Gamma(w + 1/2)
  if (!s.rest.isZero() && s.k.num % 2n === 0n) {
    const w = a.scale(Rational.frac(1n, 2n));
    const two = RatFunc.constant(Rational.of(2));
    const pow2 = host.expRf(a.sub(RatFunc.ONE).mul(host.logRf(two)));
    const invSqrtPi = host.powRf(host.normalize(T.named('pi')), Rational.frac(-1n, 2n));
    return pow2.mul(invSqrtPi).mul(gammaRf(host, w)).mul(gammaRf(host, w.add(RatFunc.constant(Rational.frac(1n, 2n)))));
  }
  // G1: shift the constant term into [0, 1) (into (0, 1] for a constant: Gamma(1) = 1).
  let n = floorOf(s.c);
  if (s.rest.isZero() && s.c.isInteger()) n -= 1n;
  if (n > MAX_SHIFT || -n > MAX_SHIFT) fail('limit/exponent', `normalize: gamma(${a}) needs ${n < 0n ? -n : n} steps of the recurrence, above the limit ${MAX_SHIFT}`);
  if (n > BigInt(kernelLimits.maxDegree) && !s.rest.isZero()) fail('limit/degree', `normalize: gamma(${a}) would expand to a polynomial of degree ${n}`);
  const z = a.sub(RatFunc.constant(Rational.of(n))); // kP + f
  const zc = z.constantValue();
  let base: RatFunc;
  if (zc !== undefined && zc.eq(Rational.ONE)) base = RatFunc.ONE;
  else if (zc !== undefined && zc.eq(Rational.frac(1n, 2n))) base = host.powRf(host.normalize(T.named('pi')), Rational.frac(1n, 2n));
  else base = host.plainAtom('gamma', z);
  let prod = RatFunc.ONE;
  if (n >= 0n) {
    for (let i = 0n; i < n; i++) prod = prod.mul(z.add(RatFunc.constant(Rational.of(i))));
    return base.mul(prod);
  }
  for (let i = n; i < 0n; i++) prod = prod.mul(z.add(RatFunc.constant(Rational.of(i))));
  if (prod.isZero()) fail('normal/gamma-pole', `normalize: gamma(${a}) is undefined (a pole of Gamma)`);
  return base.div(prod);
}

/** psi(A) = Gamma'(A)/Gamma(A) in normal form (G1, G2). Throws: `normal/gamma-pole` at 0, -1, -2, ... */
export function digammaRf(host: SpecialHost, a: RatFunc): RatFunc {
  const s = splitAwayFromPoles('digamma', a);
  if (!s) return host.plainAtom('digamma', a);
  if (!s.rest.isZero() && s.k.num % 2n === 0n) {
    const half = Rational.frac(1n, 2n);
    const w = a.scale(half);
    return digammaRf(host, w).add(digammaRf(host, w.add(RatFunc.constant(half)))).scale(half).add(host.logRf(RatFunc.constant(Rational.of(2))));
  }
  let n = floorOf(s.c);
  if (s.rest.isZero() && s.c.isInteger()) n -= 1n;
  if (n > MAX_SHIFT || -n > MAX_SHIFT) fail('limit/exponent', `normalize: digamma(${a}) needs ${n < 0n ? -n : n} steps of the recurrence, above the limit ${MAX_SHIFT}`);
  const z = a.sub(RatFunc.constant(Rational.of(n)));
  let acc = host.plainAtom('digamma', z);
  if (n >= 0n) {
    for (let i = 0n; i < n; i++) acc = acc.add(z.add(RatFunc.constant(Rational.of(i))).inv());
    return acc;
  }
  for (let i = n; i < 0n; i++) {
    const d = z.add(RatFunc.constant(Rational.of(i)));
    if (d.isZero()) fail('normal/gamma-pole', `normalize: digamma(${a}) is undefined (a pole of psi)`);
    acc = acc.sub(d.inv());
  }
  return acc;
}

