/**
 * Trigonometric and hyperbolic functions in the exp–log normal form. TRUSTED KERNEL.
 *
 * Used by NormalContext (normal.ts); every rule rewrites f(A) into a rational
 * function of atoms by an identity of real functions, so the soundness argument of
 * normal.ts (a difference that is the zero rational function is zero wherever the
 * input is defined) carries over unchanged. Rules:
 *
 *  T1 (de Moivre) For A = sum_i (n_i/k_i) m_i / den (normal.ts R3's split into
 *     monomials), cos A + i sin A = prod_i (cos θ_i + i sin θ_i)^(n_i K_i/k_i) with the
 *     base angle θ_i = m_i/(K_i den), K_i a multiple of k_i (the context's angle
 *     denominator for m_i/den, see NormalContext.angleDen). True for all real A: the
 *     addition formulas and (cos θ + i sin θ)^n = cos nθ + i sin nθ, computed with
 *     pairs (re, im) of real rational functions (no complex coefficients needed);
 *     a negative power uses (cos θ + i sin θ)^-1 = cos θ - i sin θ (as cos^2 + sin^2 = 1).
 *     sin A and cos A are the two parts; tan A = sin A / cos A (same domain:
 *     cos A != 0), and sec, csc, cot are written with them by the front end.
 *  T2 (Pythagoras) In every monomial, cos(θ)^e with e >= 2 becomes
 *     cos(θ)^(e mod 2) (1 - sin(θ)^2)^floor(e/2): cos^2 θ = 1 - sin^2 θ for real θ.
 *     The pair (sin θ, cos θ) is the only relation used; it makes the form of a
 *     polynomial in them unique modulo the (prime) ideal (s^2 + c^2 - 1), so the
 *     difference of the two sides of sin^2 + cos^2 = 1, sin 2x = 2 sin x cos x, the
 *     addition and half-angle formulas reduces to 0.
 *  T3 special values: cos and sin of c·pi for c with denominator 1, 2, 3, 4 or 6,
 *     exactly (sqrt(2), sqrt(3) as root atoms): the classical values.
 *  T4 inverse functions inside: cos(atan u) = 1/sqrt(1 + u^2), sin(atan u) =
 *     u/sqrt(1 + u^2) (for every real u, as atan u is in (-pi/2, pi/2) where cos > 0);
 *     cos(asin u) = sqrt(1 - u^2) >= 0 and sin(asin u) = u for u in [-1, 1], where
 *     asin is defined (same domain on both sides). With T1 for an integer multiple.
 *  T5 hyperbolic: sinh A = (exp(A) - exp(-A))/2, cosh A = (exp(A) + exp(-A))/2,
 *     tanh A = (exp(2A) - 1)/(exp(2A) + 1): the definitions, true for all real A.
 *  T6 acos u = pi/2 - asin u for u in [-1, 1] (where either side is defined).
 *  T7 special values of the inverse functions (after R12 made the argument's sign
 *     canonical): atan 1 = pi/4, atan sqrt(3) = pi/3, atan(sqrt(3)/3) = pi/6,
 *     asin(1/2) = pi/6, asin(sqrt(2)/2) = pi/4, asin(sqrt(3)/2) = pi/3, asin 1 = pi/2.
 */
import { Rational } from '../numbers/rational.ts';
import { Poly, kernelLimits } from '../containers/poly.ts';
import { RatFunc, rewritePowers } from '../enclosures/ratfunc.ts';
import { fail } from '../numbers/errors.ts';
import * as T from '../containers/term.ts';
import type { Atom, NormalContext } from './normal.ts';

/** A pair (cos, sin) = (re, im) of e^(iA). */
type Pair = readonly [RatFunc, RatFunc];

function mulPair(a: Pair, b: Pair): Pair {
  return [a[0].mul(b[0]).sub(a[1].mul(b[1])), a[0].mul(b[1]).add(a[1].mul(b[0]))];
}

/** p^m for an integer m, with p^-1 = conj(p) (|p| = 1). */
function powPair(p: Pair, m: bigint): Pair {
  let base: Pair = m < 0n ? [p[0], p[1].neg()] : p;
  let k = m < 0n ? -m : m;
  let r: Pair = [RatFunc.ONE, RatFunc.ZERO];
  while (k > 0n) {
    if (k & 1n) r = mulPair(r, base);
    k >>= 1n;
    if (k > 0n) base = mulPair(base, base);
  }
  return r;
}

/** sqrt(n) in the context (a root atom, or exact). */
function sqrtOf(ctx: NormalContext, n: number): RatFunc {
  return ctx.powRf(RatFunc.constant(Rational.of(n)), Rational.frac(1n, 2n));
}

/**
 * (cos, sin) of j·pi/12 for j a multiple of 2 or 3 (T3), or undefined.
 */
function piTwelfths(ctx: NormalContext, j: number): Pair | undefined {
  j = ((j % 24) + 24) % 24;
  if (j % 2 !== 0 && j % 3 !== 0) return undefined;
  if (j >= 12) {
    const p = piTwelfths(ctx, j - 12)!;
    return [p[0].neg(), p[1].neg()];
  }
  if (j > 6) {
    const p = piTwelfths(ctx, 12 - j)!;
    return [p[0].neg(), p[1]];
  }
  const half = Rational.frac(1n, 2n);
  const r3 = (): RatFunc => sqrtOf(ctx, 3).scale(half);
  const r2 = (): RatFunc => sqrtOf(ctx, 2).scale(half);
  const c = (x: string): RatFunc => RatFunc.constant(Rational.parse(x));
  switch (j) {
    case 0: return [c('1'), c('0')];
    case 2: return [r3(), c('1/2')];
    case 3: return [r2(), r2()];
    case 4: return [c('1/2'), r3()];
    case 6: return [c('0'), c('1')];
    default: return undefined;
  }
}

/** The atom of a single-variable monomial x^1 with coefficient c, if a is exactly c·x. */
function singleAtom(ctx: NormalContext, mono: readonly (readonly [string, number])[]): Atom | undefined {
  if (mono.length !== 1 || mono[0]![1] !== 1) return undefined;
  return ctx.atoms.get(mono[0]![0]);
}

/** (cos A, sin A) by T1, T3, T4. Throws: `limit/degree` when a multiple is too large. */
export function trigPair(ctx: NormalContext, a: RatFunc): Pair {
  let out: Pair = [RatFunc.ONE, RatFunc.ZERO];
  for (const t of a.num.sortedTerms()) {
    const at = a.isPoly() ? singleAtom(ctx, t.mono) : undefined;
    let pair: Pair | undefined;
    if (at?.kind === 'pi') {
      const twelve = t.coef.mul(Rational.of(12));
      if (twelve.isInteger()) pair = piTwelfths(ctx, Number(twelve.num % 24n));
    } else if (at?.kind === 'fn' && (at.fn === 'atan' || at.fn === 'asin') && t.coef.isInteger()) {
      const u = at.arg!;
      const base: Pair = at.fn === 'atan'
        ? (() => {
            const r = ctx.powRf(RatFunc.ONE.add(u.mul(u)), Rational.frac(-1n, 2n));
            return [r, u.mul(r)] as const;
          })()
        : [ctx.powRf(RatFunc.ONE.sub(u.mul(u)), Rational.frac(1n, 2n)), u];
      checkMultiple(t.coef.num);
      pair = powPair(base, t.coef.num);
    }
    if (!pair) {
      const k = t.coef.den;
      const K = ctx.angleDen('trig', t.mono, a.den, k);
      const m = t.coef.num * (K / k);
      checkMultiple(m);
      const theta = RatFunc.make(Poly.monomial(t.mono, Rational.frac(1n, K)), a.den);
      pair = powPair(ctx.sinCosAtoms(theta), m);
    }
    out = mulPair(out, pair);
  }
  return [ctx.reduceRoots(out[0]), ctx.reduceRoots(out[1])];
}

function checkMultiple(m: bigint): void {
  if (m > BigInt(kernelLimits.maxDegree) || -m > BigInt(kernelLimits.maxDegree)) {
    fail('limit/degree', `normalize: angle multiple ${m} exceeds the maximum degree ${kernelLimits.maxDegree}`);
  }
}

/** sinh, cosh, tanh of A by T5. */
export function hyperbolic(ctx: NormalContext, name: 'sinh' | 'cosh' | 'tanh', a: RatFunc): RatFunc {
  const half = Rational.frac(1n, 2n);
  if (name === 'tanh') {
    const e2 = ctx.expRf(a.scale(Rational.of(2)));
    return ctx.reduceRoots(e2.sub(RatFunc.ONE).div(e2.add(RatFunc.ONE)));
  }
  const ep = ctx.expRf(a);
  const em = ctx.expRf(a.neg());
  return ctx.reduceRoots((name === 'sinh' ? ep.sub(em) : ep.add(em)).scale(half));
}

/** atan or asin of a special argument (T7), for an argument with canonical sign; else undefined. */
export function inverseSpecial(ctx: NormalContext, name: 'atan' | 'asin', a: RatFunc): RatFunc | undefined {
  const pi = ctx.normalize(T.named('pi'));
  const half = Rational.frac(1n, 2n);
  const table: [() => RatFunc, Rational][] = name === 'atan'
    ? [
        [() => RatFunc.ONE, Rational.frac(1n, 4n)],
        [() => sqrtOf(ctx, 3), Rational.frac(1n, 3n)],
        [() => sqrtOf(ctx, 3).scale(Rational.frac(1n, 3n)), Rational.frac(1n, 6n)],
      ]
    : [
        [() => RatFunc.constant(half), Rational.frac(1n, 6n)],
        [() => sqrtOf(ctx, 2).scale(half), Rational.frac(1n, 4n)],
        [() => sqrtOf(ctx, 3).scale(half), Rational.frac(1n, 3n)],
        [() => RatFunc.ONE, half],
      ];
  // Only a closed argument can be one of these constants.
  if (a.vars().some((x) => !ctx.isAtom(x) || ctx.atoms.get(x)!.kind !== 'root')) return undefined;
  for (const [value, multiple] of table) if (a.equals(value())) return pi.scale(multiple);
  return undefined;
}

/**
 * Rule T2 on both parts of f: cos(θ)^e, e >= 2, becomes cos(θ)^(e mod 2) (1 - sin(θ)^2)^floor(e/2);
 * and R16 of normal.ts: abs(u)^e = u^(2 floor(e/2)) abs(u)^(e mod 2).
 */
export function reduceTrig(ctx: NormalContext, f: RatFunc): RatFunc {
  const fix = (p: Poly): RatFunc | undefined =>
    rewritePowers(p, (x, e) => {
      if (e < 2) return undefined;
      const absArg = ctx.absArgument(x);
      // R16: |u|^e = u^(2 floor(e/2)) |u|^(e mod 2), as |u|^2 = u^2.
      if (absArg !== undefined) return absArg.pow(e - (e % 2)).mul(RatFunc.variable(x).pow(e % 2));
      const sin = ctx.sinPartner(x);
      if (sin === undefined) return undefined;
      // T2: cos^e = cos^(e mod 2) (1 - sin^2)^floor(e/2).
      const s2 = RatFunc.variable(sin).pow(2);
      return RatFunc.ONE.sub(s2).pow(Math.floor(e / 2)).mul(RatFunc.variable(x).pow(e % 2));
    });
  const n = fix(f.num);
  const d = fix(f.den);
  if (!n && !d) return f;
  const den = d ?? RatFunc.poly(f.den);
  if (den.isZero()) fail('normal/division-by-zero', `normalize: the denominator ${f.den} is 0 by cos^2 + sin^2 = 1`);
  return (n ?? RatFunc.poly(f.num)).div(den);
}
