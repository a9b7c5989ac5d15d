/**
 * Numeric analysis primitives of the witness, generic over the evaluation field:
 * Ridders' extrapolated central differences (any derivative order), the
 * trapezoid-rule Cauchy integral for Taylor coefficients, and one-dimensional
 * minimisation (grid bracketing, golden section, Newton polish).
 *
 * Every routine returns an error estimate next to its value; the estimates are
 * self-consistency measures (the spread of an extrapolation tableau, the change
 * between N and 2N nodes or between two radii), not rigorous bounds.
 */
import { type Field, floatField, complexField } from './field.ts';
import { type Complex, cx } from './complex.ts';

const U = 2 ** -53;

/** Binomial coefficients C(n, i) as doubles, i = 0..n. */
function binomRow(n: number): number[] {
  const row = [1];
  for (let i = 1; i <= n; i++) row.push((row[i - 1]! * (n - i + 1)) / i);
  return row;
}

/** A value with an error estimate. */
export interface Estimate<T> {
  readonly value: T;
  readonly err: number;
}

/**
 * The n-th derivative of g at x0 by Ridders' method: central differences with
 * steps h0, h0/1.4, h0/1.4^2, ... extrapolated to h = 0 in a Neville tableau.
 * `g` returns NaN (or a non-finite value) where undefined; the initial step is
 * shrunk until every stencil point is defined. Throws nothing; a value of NaN
 * means no step worked.
 */
export function ridders<T>(F: Field<T>, g: (x: T) => T, x0: T, n: number, h0 = 0.1 * Math.max(1, F.abs(x0))): Estimate<T> {
  const coeffs = binomRow(n);
  const CON = 1.4;
  const CON2 = CON * CON;
  const NTAB = 12;
  const diff = (h: number): T => {
    let acc = F.fromNumber(0);
    for (let i = 0; i <= n; i++) {
      const v = g(F.add(x0, F.fromNumber((n / 2 - i) * h)));
      const c = (i % 2 === 0 ? 1 : -1) * coeffs[i]!;
      acc = F.add(acc, F.scale(v, c));
    }
    return F.scale(acc, 1 / Math.pow(h, n));
  };
  let h = h0;
  let first = diff(h);
  for (let tries = 0; !F.isFinite(first) && tries < 14; tries++) {
    h /= 8;
    first = diff(h);
  }
  if (!F.isFinite(first)) return { value: first, err: Infinity };
  let prevRow: T[] = [first];
  let best = first;
  let err = Infinity;
  for (let i = 1; i < NTAB; i++) {
    h /= CON;
    const row: T[] = [diff(h)];
    if (!F.isFinite(row[0]!)) break;
    let fac = CON2;
    for (let j = 1; j <= i; j++) {
      row.push(F.scale(F.sub(F.scale(row[j - 1]!, fac), prevRow[j - 1]!), 1 / (fac - 1)));
      fac *= CON2;
      const errt = Math.max(F.abs(F.sub(row[j]!, row[j - 1]!)), F.abs(F.sub(row[j]!, prevRow[j - 1]!)));
      if (errt <= err) {
        err = errt;
        best = row[j]!;
      }
    }
    if (F.abs(F.sub(row[i]!, prevRow[i - 1]!)) >= 2 * err) break;
    prevRow = row;
  }
  return { value: best, err: Math.max(err, 4 * U * F.abs(best)) };
}

/** Samples of a function on a circle |z| = r at 2N equally spaced points z_j = r e^{2 pi i j / 2N}. */
export interface CircleSamples {
  readonly r: number;
  readonly n2: number;
  readonly values: readonly Complex[];
  /** The largest rounding scale (|f| including cancelled intermediates) seen. */
  readonly maxScale: number;
  /** False when some sample was undefined (a singularity on the circle). */
  readonly ok: boolean;
}

/**
 * The coefficient [z^k] from circle samples by the trapezoid rule with all 2N
 * points and with the even N points; their difference estimates the aliasing
 * error, 16 u max|f| / r^k the rounding error.
 */
export function trapezoidCoeff(s: CircleSamples, k: number): Estimate<Complex> {
  const n2 = s.n2;
  let fr = 0, fi = 0, hr = 0, hi = 0;
  for (let j = 0; j < n2; j++) {
    const theta = (-2 * Math.PI * ((j * k) % n2)) / n2;
    const c = Math.cos(theta);
    const sn = Math.sin(theta);
    const v = s.values[j]!;
    const wr = v.re * c - v.im * sn;
    const wi = v.re * sn + v.im * c;
    fr += wr; fi += wi;
    if (j % 2 === 0) { hr += wr; hi += wi; }
  }
  const norm = 1 / Math.pow(s.r, k);
  const a = cx((fr * norm) / n2, (fi * norm) / n2);
  const b = cx((2 * hr * norm) / n2, (2 * hi * norm) / n2);
  const rounding = (16 * U * s.maxScale) / Math.pow(s.r, k);
  return { value: a, err: Math.hypot(a.re - b.re, a.im - b.im) + rounding };
}

/** Ascending ladder of radii for the Cauchy integral. */
export const RADII: readonly number[] = [1 / 64, 1 / 16, 1 / 4, 1 / 2, 0.7, 0.85, 0.93, 0.97, 1.25, 2, 4, 8];
const START = 2; // 1/4
/** Climbing stops once the error estimate is this small relative to max(1, |c|). */
const GOOD_ENOUGH = 1e-13;

/**
 * [z^k] of a function by the Cauchy integral on an adaptively chosen circle.
 * Starting at r = 1/4 the radius grows while consecutive radii agree within their
 * error estimates (a singularity crossed changes the integral); if the first pair
 * disagrees it shrinks instead. Of the agreeing radii the one with the smallest
 * error estimate wins; climbing stops early once that estimate is negligible. Returns undefined when no two radii agree.
 */
export function cauchyCoeff(samples: (r: number) => CircleSamples, k: number): (Estimate<Complex> & { r: number }) | undefined {
  type C = Complex;
  const F = complexField;
  const at = new Map<number, (Estimate<C> & { r: number }) | null>();
  const coeffAt = (i: number) => {
    let c = at.get(i);
    if (c === undefined) {
      const s = samples(RADII[i]!);
      c = s.ok ? { ...trapezoidCoeff(s, k), r: s.r } : null;
      if (c && !(F.isFinite(c.value) && Number.isFinite(c.err))) c = null;
      at.set(i, c);
    }
    return c;
  };
  const agree = (a: Estimate<C> | null, b: Estimate<C> | null): boolean =>
    a !== null && b !== null && F.abs(F.sub(a.value, b.value)) <= 8 * (a.err + b.err) + 1e-14 * Math.max(F.abs(a.value), F.abs(b.value));
  let best: (Estimate<C> & { r: number }) | undefined;
  const consider = (c: (Estimate<C> & { r: number }) | null) => {
    if (c && (best === undefined || c.err < best.err)) best = c;
  };
  if (agree(coeffAt(START), coeffAt(START + 1))) {
    consider(coeffAt(START));
    consider(coeffAt(START + 1));
    for (let i = START + 2; i < RADII.length; i++) {
      if (best && best.err <= GOOD_ENOUGH * Math.max(1, F.abs(best.value))) break;
      if (!agree(coeffAt(i - 1), coeffAt(i))) break;
      consider(coeffAt(i));
    }
    return best;
  }
  for (let i = START - 1; i >= 0; i--) {
    if (agree(coeffAt(i), coeffAt(i + 1))) {
      consider(coeffAt(i));
      consider(coeffAt(i + 1));
      return best;
    }
  }
  return undefined;
}

/** Result of a minimisation. */
export type MinResult = { ok: true; x: number; fx: number; err: number } | { ok: false; reason: string };

/**
 * Minimises g over the sorted candidate grid's span: the grid minimum must be an
 * interior point, its neighbours bracket the minimiser; golden section narrows
 * the bracket, then Newton steps on g' (Ridders derivatives) polish it. `noise(x)`,
 * the absolute rounding noise of g, bounds how well the minimiser is determined.
 */
export function minimize(g: (x: number) => number, grid: readonly number[], deadline?: number, noise?: (x: number) => number): MinResult {
  const f = (x: number) => {
    const v = g(x);
    return Number.isNaN(v) ? Infinity : v;
  };
  let iMin = -1;
  let fMin = Infinity;
  for (let i = 0; i < grid.length; i++) {
    const v = f(grid[i]!);
    if (v < fMin) {
      fMin = v;
      iMin = i;
    }
  }
  if (iMin < 0) return { ok: false, reason: 'objective undefined on the whole grid' };
  if (iMin === 0 || iMin === grid.length - 1) return { ok: false, reason: `no interior minimum (grid minimum at the end ${grid[iMin]})` };
  let a = grid[iMin - 1]!;
  let b = grid[iMin + 1]!;
  const R = (Math.sqrt(5) - 1) / 2;
  let x1 = b - R * (b - a);
  let x2 = a + R * (b - a);
  let f1 = f(x1);
  let f2 = f(x2);
  for (let it = 0; it < 200 && b - a > 1e-13 * Math.max(1, Math.abs(a), Math.abs(b)); it++) {
    if (f1 <= f2) {
      b = x2; x2 = x1; f2 = f1;
      x1 = b - R * (b - a); f1 = f(x1);
    } else {
      a = x1; x1 = x2; f1 = f2;
      x2 = a + R * (b - a); f2 = f(x2);
    }
    if (deadline !== undefined && (it & 15) === 0 && Date.now() > deadline) break;
  }
  const lo = grid[iMin - 1]!;
  const hi = grid[iMin + 1]!;
  let x = f1 <= f2 ? x1 : x2;
  // Golden section only resolves the minimiser to about sqrt(u) relative (f is flat
  // there); Newton steps on g' finish the job.
  let err = Math.max(b - a, 1e-7 * Math.max(1, Math.abs(x)));
  const F = floatField;
  const h0 = Math.min(0.1 * Math.max(1, Math.abs(x)), (hi - lo) / 4);
  let lastStep = Infinity;
  for (let it = 0; it < 4; it++) {
    const d1 = ridders(F, f, x, 1, h0);
    const d2 = ridders(F, f, x, 2, h0);
    if (!(Number.isFinite(d1.value) && Number.isFinite(d2.value)) || d2.value <= 0) break;
    const step = d1.value / d2.value;
    const nx = x - step;
    if (!(nx > lo && nx < hi) || Math.abs(step) >= Math.abs(lastStep)) break;
    x = nx;
    lastStep = step;
    err = Math.abs(step) + d1.err / d2.value;
    if (Math.abs(step) <= 1e-14 * Math.max(1, Math.abs(x))) break;
  }
  // With f known only to +-eta, the minimiser is only determined to about
  // sqrt(2 eta / f''): the floor of the error estimate.
  if (noise) {
    const d2 = ridders(F, f, x, 2, h0).value;
    if (d2 > 0) err = Math.max(err, Math.sqrt((2 * noise(x)) / d2));
  }
  return { ok: true, x, fx: f(x), err: Math.max(err, 1e-12 * Math.max(1, Math.abs(x))) };
}

