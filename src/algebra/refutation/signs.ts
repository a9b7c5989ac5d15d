/**
 * The sign oracle of the normal form. TRUSTED KERNEL.
 *
 * Purpose: the normal form (normal.ts) and the series code (termseries.ts) must
 * know that u > 0 before they rewrite log(u v) = log u + log v, exp(log u) = u,
 * abs(u) = u, ...; this module answers such questions conservatively.
 *
 * It is a thin layer over `rangeOf` (interval.ts), the kernel's one interval
 * arithmetic: the sign of t is read off the rigorous enclosure of t over the box
 * of assumptions. Invariant (soundness): a sign reported for t holds at every
 * point satisfying asm where t is defined.
 *
 * Adapter (why not rangeOf alone): rangeOf refuses (throws `interval/undefined`)
 * a term that MAY be undefined somewhere on the box, e.g. sqrt(x) or 1/x with x
 * unrestricted, and does not bound asin/acos/atan. The normal form only needs
 * the sign where the term IS defined (an identity is claimed only there), and
 * relies on facts such as sqrt(u) >= 0, exp(u) > 0, |u| >= 0, u^2 >= 0 for an
 * arbitrary u. So when rangeOf gives up on t, `signOf` falls back to a small
 * sign algebra on t's top node, recursing into signOf of the children:
 *   u^(p/q) with q > 1: >= 0 (> 0 for p < 0) wherever defined (the kernel takes
 *     non-integer powers of u >= 0 only), > 0 when u > 0;
 *   u^n for an integer n: the sign of u to the power n (even n: >= 0, > 0 for u != 0);
 *   products and sums: the usual sign rules (pos*neg = neg; a sum of nonnegative
 *     terms one of which is positive is positive; ...);
 *   exp(u) > 0, cosh(u) > 0, e^u > 0, a^b > 0 for a > 0; |u| >= 0 (> 0 when u != 0);
 *   odd increasing functions with f(0) = 0 (sinh, tanh, atan, asin, atanh) keep
 *     the sign of u; acos(u) >= 0; log(u) > 0 for u > 1 and < 0 for 0 < u < 1
 *     (decided by rangeOf of u - 1);
 *   anything else: unknown.
 */
import { KernelError } from '../numbers/errors.ts';
import { isNegative as iNegative, isNonneg, isNonpos, isPositive as iPositive, rangeOf, type RInterval } from '../enclosures/interval.ts';
import { Rational } from '../numbers/rational.ts';
import * as T from '../containers/term.ts';
import { TermMemo } from '../containers/termmemo.ts';
import type { Assumptions, Term } from '../containers/term.ts';

/** The sign of t under asm as far as the oracle can tell. */
export type SignInfo = 'pos' | 'neg' | 'zero' | 'nonneg' | 'nonpos' | 'nonzero' | 'unknown';

/** Classifies an interval by sign. */
export function intervalSign(a: RInterval): SignInfo {
  if (iPositive(a)) return 'pos';
  if (iNegative(a)) return 'neg';
  if (a.lo && a.hi && a.lo.value.isZero() && a.hi.value.isZero()) return 'zero';
  if (isNonneg(a)) return 'nonneg';
  if (isNonpos(a)) return 'nonpos';
  return 'unknown';
}

/** Precision of the enclosures used for signs (bits); signs need little. */
const SIGN_PREC = 64;

/** rangeOf(t), or undefined when rangeOf gives up on t. */
function tryRange(t: Term, asm: Assumptions): RInterval | undefined {
  try {
    return rangeOf(t, asm, SIGN_PREC);
  } catch (e) {
    if (e instanceof KernelError) return undefined;
    throw e;
  }
}

const NONNEGS: ReadonlySet<SignInfo> = new Set(['pos', 'nonneg', 'zero']);
const NONPOSS: ReadonlySet<SignInfo> = new Set(['neg', 'nonpos', 'zero']);

function negSign(s: SignInfo): SignInfo {
  switch (s) {
    case 'pos':
      return 'neg';
    case 'neg':
      return 'pos';
    case 'nonneg':
      return 'nonpos';
    case 'nonpos':
      return 'nonneg';
    default:
      return s;
  }
}

function mulSign(a: SignInfo, b: SignInfo): SignInfo {
  if (a === 'zero' || b === 'zero') return 'zero';
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  if (a === 'neg') return negSign(b);
  if (b === 'neg') return negSign(a);
  if (a === 'nonpos') return negSign(mulSign('nonneg', b));
  if (b === 'nonpos') return negSign(mulSign(a, 'nonneg'));
  // a, b in {pos, nonneg, nonzero}
  if (a === 'pos') return b;
  if (b === 'pos') return a;
  if (a === 'nonzero' && b === 'nonzero') return 'nonzero';
  return a === 'nonneg' && b === 'nonneg' ? 'nonneg' : 'unknown';
}

function addSign(a: SignInfo, b: SignInfo): SignInfo {
  if (a === 'zero') return b;
  if (b === 'zero') return a;
  if (NONNEGS.has(a) && NONNEGS.has(b)) return a === 'pos' || b === 'pos' ? 'pos' : 'nonneg';
  if (NONPOSS.has(a) && NONPOSS.has(b)) return a === 'neg' || b === 'neg' ? 'neg' : 'nonpos';
  return 'unknown';
}

/** Sign of u^k for a rational k, from the sign of u. */
function powSign(s: SignInfo, k: Rational): SignInfo {
  if (!k.isInteger()) {
    // Defined only for u >= 0 (and u > 0 when k < 0): u^k >= 0, > 0 unless u = 0.
    if (k.sign() < 0 || s === 'pos') return 'pos';
    return s === 'zero' ? 'zero' : 'nonneg';
  }
  if (k.num % 2n === 0n) return s === 'pos' || s === 'neg' || s === 'nonzero' || k.sign() < 0 ? 'pos' : s === 'zero' ? 'zero' : 'nonneg';
  // Odd: the sign of u (u^(-n) has the sign of u where defined).
  if (k.sign() < 0) return s === 'nonneg' ? 'pos' : s === 'nonpos' ? 'neg' : s;
  return s;
}

/** The sign algebra of the adapter (see the header), used when rangeOf gives up. */
function structuralSign(t: Term, asm: Assumptions): SignInfo {
  switch (t.k) {
    case 'add':
      return t.args.map((a) => signOf(a, asm)).reduce(addSign);
    case 'mul':
      return t.args.map((a) => signOf(a, asm)).reduce(mulSign);
    case 'pow':
      return powSign(signOf(t.base, asm), t.exp);
    case 'powt':
      if (t.base.k === 'named' && t.base.name === 'e') return 'pos';
      return signOf(t.base, asm) === 'pos' ? 'pos' : 'unknown';
    case 'fn': {
      switch (t.name) {
        case 'exp':
        case 'cosh':
          return 'pos';
        case 'abs': {
          const s = signOf(t.arg, asm);
          return s === 'pos' || s === 'neg' || s === 'nonzero' ? 'pos' : s === 'zero' ? 'zero' : 'nonneg';
        }
        case 'sinh':
        case 'tanh':
        case 'atan':
        case 'asin':
        case 'atanh':
          return signOf(t.arg, asm);
        case 'acos':
          return 'nonneg';
        case 'gamma':
          // Gamma > 0 on (0, inf) (the integral of t^(z-1) e^(-t) over (0, inf) of a positive integrand)
          return signOf(t.arg, asm) === 'pos' ? 'pos' : 'unknown';
        case 'log': {
          const s = signOf(T.sub(t.arg, T.ONE), asm);
          return s === 'pos' ? 'pos' : s === 'zero' ? 'zero' : s === 'nonneg' ? 'nonneg' : 'unknown';
        }
        default:
          return 'unknown';
      }
    }
    default:
      return 'unknown';
  }
}

/** The sign of t under asm (conservative): from rangeOf, else by the adapter's sign algebra. */
export function signOf(t: Term, asm: Assumptions): SignInfo {
  return signMemo.get(t, asm, () => computeSign(t, asm));
}

/**
 * Memo of signOf per assumptions object, by term key (containers/termmemo.ts): the
 * sign is a function of the term's structure and of the assumptions alone (rangeOf
 * and the sign algebra below read nothing else: no limits, no state). Every
 * normal-form context re-asks the sign of the same arguments (1 - p before rewriting
 * log(1/(1 - p)), in each instance of a quantified claim); they are now enclosed once.
 */
const signMemo = new TermMemo<SignInfo>(10_000);

function computeSign(t: Term, asm: Assumptions): SignInfo {
  const r = tryRange(t, asm);
  return r !== undefined ? intervalSign(r) : structuralSign(t, asm);
}

/** True when t > 0 is established at every point of asm where t is defined. */
export function isPositive(t: Term, asm: Assumptions): boolean {
  return signOf(t, asm) === 'pos';
}

/** True when t < 0 is established. */
export function isNegative(t: Term, asm: Assumptions): boolean {
  return signOf(t, asm) === 'neg';
}

/** True when t >= 0 is established. */
export function isNonnegative(t: Term, asm: Assumptions): boolean {
  return NONNEGS.has(signOf(t, asm));
}

/** True when t <= 0 is established. */
export function isNonpositive(t: Term, asm: Assumptions): boolean {
  return NONPOSS.has(signOf(t, asm));
}
