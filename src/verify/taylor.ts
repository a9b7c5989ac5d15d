/**
 * Series coefficients by truncated Taylor arithmetic in doubles: the numeric
 * witness's primary method for [x^k] f and series(f, x, n) where the body is
 * analytic at 0. The Cauchy integrals of evaluate.ts stay the confirmation
 * method: a coefficient failure found with jets is always re-checked by the full
 * Cauchy radius ladder before it counts (runner.ts), so a wrong jet can cost time
 * but never a REFUTED; and any coefficient whose error estimate here is not small
 * goes to the Cauchy integral instead.
 *
 * The arithmetic is jet.ts's (the same recurrences as the derivatives), with two
 * changes for coefficient extraction: `abs` is the largest |c_k| (a norm, so the
 * stopping rule of an infinite sum waits for every coefficient, not only the
 * value) and `isFinite` looks at every coefficient (a pole, a branch point or a
 * removable singularity at 0 shows up as a non-finite coefficient, and the caller
 * falls back to the Cauchy integral).
 *
 * ERROR ESTIMATE. The body is evaluated twice: in the variable x and in x = r·s
 * with r = 0.7 (not a power of two, so every intermediate is rounded differently;
 * the scaled jet's s^k coefficient is c_k r^k). The difference of the two
 * estimates of c_k, doubled, plus a dot-product rounding allowance, plus the
 * methods' own error (infinite-sum tails), is the coefficient's method error: a
 * self-consistency estimate like those of the Cauchy integral (two radii, N and 2N
 * nodes), not a rigorous bound. (A running-error majorant was tried first: through
 * the log and quotient recurrences it grows like 2^k even where the coefficients
 * are all positive and exact to a few ulps, so every coefficient past k of about 20
 * was rejected.)
 */
import { jetField, type Jet } from './jet.ts';
import type { Field } from './field.ts';

const U = 2 ** -53;

/** The scale of the second evaluation (x = R·s). */
export const JET_SCALE = 0.7;

/** The Taylor field of a fixed order for coefficient extraction (see the module header). */
export type TaylorField = Field<Jet> & { readonly order: number; variable(x0: number): Jet };

const cache = new Map<number, TaylorField>();

/** The Taylor field of order `order` (order + 1 coefficients), cached. */
export function taylorField(order: number): TaylorField {
  let F = cache.get(order);
  if (!F) {
    const J = jetField(order);
    F = {
      ...J,
      order,
      abs: (a: Jet): number => {
        let s = 0;
        for (let k = 0; k < a.length; k++) {
          const x = Math.abs(a[k]!);
          if (!(x <= s)) s = x; // NaN propagates
        }
        return s;
      },
      isFinite: (a: Jet): boolean => {
        for (let k = 0; k < a.length; k++) if (!Number.isFinite(a[k]!)) return false;
        return true;
      },
    };
    cache.set(order, F);
  }
  return F;
}

/** Coefficients with per-coefficient method errors. */
export interface JetCoefficients {
  readonly c: Float64Array;
  readonly err: Float64Array;
}

/**
 * Combines the jet `a` of f(x) and the jet `b` of f(R·s) (method errors ea, eb of
 * their evaluations, uniform over the coefficients) into coefficients with error
 * estimates; undefined when some coefficient is not finite.
 */
export function combineJets(a: Jet, ea: number, b: Jet, eb: number): JetCoefficients | undefined {
  const n = a.length;
  const c = new Float64Array(n);
  const err = new Float64Array(n);
  let rk = 1;
  for (let k = 0; k < n; k++) {
    const x = a[k]!;
    const y = b[k]! / rk;
    if (!Number.isFinite(x) || !Number.isFinite(y)) return undefined;
    c[k] = x;
    err[k] = 2 * Math.abs(x - y) + 8 * (k + 2) * U * Math.max(Math.abs(x), Math.abs(y)) + ea + eb / rk;
    rk *= JET_SCALE;
  }
  return { c, err };
}
