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
import { type Field, floatField, complexField } from '../arith/field.ts';
import { type Complex, cx } from '../arith/complex.ts';

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

/** Ridders' estimate, with the step of the differences it was extrapolated from last (their rounding is divided by its n-th power). */
export interface DerivativeEstimate<T> extends Estimate<T> {
  readonly step: number;
}

/**
 * The n-th derivative of g at x0 by Ridders' method: central differences with
 * steps h0, h0/1.4, h0/1.4^2, ... extrapolated to h = 0 in a Neville tableau.
 * `g` returns NaN (or a non-finite value) where undefined; the initial step is
 * shrunk until every stencil point is defined. Throws nothing; a value of NaN
 * means no step worked.
 */
export function ridders<T>(F: Field<T>, g: (x: T) => T, x0: T, n: number, h0 = 0.1 * Math.max(1, F.abs(x0))): DerivativeEstimate<T> {
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
  if (!F.isFinite(first)) return { value: first, err: Infinity, step: h };
  let prevRow: T[] = [first];
  let best = first;
  let step = h;
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
        step = h;
      }
    }
    if (F.abs(F.sub(row[i]!, prevRow[i - 1]!)) >= 2 * err) break;
    prevRow = row;
  }
  return { value: best, err: Math.max(err, 4 * U * F.abs(best)), step };
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
  if (k >= 0 && k < n2 / 2 && (n2 & (n2 - 1)) === 0) {
    // One FFT of all samples and one of the even samples give every k < n2/2.
    const t = tableOf(s);
    const norm = 1 / Math.pow(s.r, k);
    const a = cx(t.fr[k]! * norm / n2, t.fi[k]! * norm / n2);
    const b = cx(2 * t.hr[k]! * norm / n2, 2 * t.hi[k]! * norm / n2);
    const rounding = (16 * U * s.maxScale) / Math.pow(s.r, k);
    return { value: a, err: Math.hypot(a.re - b.re, a.im - b.im) + rounding };
  }
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

/**
 * In-place radix-2 forward DFT X_k = sum_j x_j e^{-2 pi i jk/n} (n a power of two).
 */
export function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i]!; re[i] = re[j]!; re[j] = t;
      t = im[i]!; im[i] = im[j]!; im[j] = t;
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const half = len >> 1;
    const step = (-2 * Math.PI) / len;
    for (let k = 0; k < half; k++) {
      const c = Math.cos(step * k);
      const sn = Math.sin(step * k);
      for (let i = k; i < n; i += len) {
        const j = i + half;
        const xr = re[j]! * c - im[j]! * sn;
        const xi = re[j]! * sn + im[j]! * c;
        re[j] = re[i]! - xr; im[j] = im[i]! - xi;
        re[i] = re[i]! + xr; im[i] = im[i]! + xi;
      }
    }
  }
}

/** DFTs of one circle's samples: all 2N points (fr, fi) and the even N points (hr, hi). */
interface CoeffTable { fr: Float64Array; fi: Float64Array; hr: Float64Array; hi: Float64Array }
const tables = new WeakMap<CircleSamples, CoeffTable>();
/** The coefficient table of a circle, computed once per samples object (memoised). */
function tableOf(s: CircleSamples): CoeffTable {
  let t = tables.get(s);
  if (t) return t;
  const n2 = s.n2;
  const fr = new Float64Array(n2), fi = new Float64Array(n2);
  const hr = new Float64Array(n2 / 2), hi = new Float64Array(n2 / 2);
  for (let j = 0; j < n2; j++) {
    const v = s.values[j]!;
    fr[j] = v.re; fi[j] = v.im;
    if (j % 2 === 0) { hr[j / 2] = v.re; hi[j / 2] = v.im; }
  }
  fft(fr, fi);
  fft(hr, hi);
  t = { fr, fi, hr, hi };
  tables.set(s, t);
  return t;
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
      // A circle past a singularity gives another Laurent expansion's coefficient: it
      // may agree with its lower neighbour when that one's error estimate is large
      // (near the pole), so it must also agree with the best estimate so far.
      if (!agree(coeffAt(i - 1), coeffAt(i)) || !agree(best ?? null, coeffAt(i))) break;
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

/**
 * The per-body plan of the Cauchy coefficients (remembered across environments of
 * one expression): the ladder index of the radius that won last time and the node
 * count that sufficed. Mutated by cauchyCoeffPlanned.
 */
export interface CoeffPlan {
  best?: number;
  n2: number;
  /** Per k: the relative error estimate the full ladder reached (the fast path may not be much worse). */
  floors?: Map<number, number>;
}

/** The smallest node count that resolves coefficients 0..kMax with the N/2 aliasing check. */
export function smallNodes(kMax: number): number {
  let n = 16;
  while (n < kMax + 1) n *= 2;
  return 2 * n;
}

/** Error (relative to max(1, |c|)) the planned fast path must reach to be accepted. */
const PLAN_ACCEPT = 1e-11;
/** The fast path never accepts a relative error estimate above this, whatever the ladder reached. */
const PLAN_FLOOR_CAP = 1e-10;

/**
 * [z^k] with a per-body plan: once a body's radius is known, a new environment
 * needs only the planned circle, its lower neighbour and the starting circle
 * (each sampled once at `plan.n2` nodes, every k read off one FFT). The fast path
 * is accepted when the two planned radii agree at k, the starting circle agrees
 * with them on the low-order coefficients 0..min(k, 3) (a singularity between
 * the circles shifts every coefficient, most visibly the first ones), and the
 * error estimate is below PLAN_ACCEPT. Otherwise the full ladder of cauchyCoeff
 * runs with `nBig` nodes, and the plan is updated (more nodes when aliasing was
 * the problem, the new winning radius). Same contract as cauchyCoeff.
 */
export function cauchyCoeffPlanned(
  samples: (r: number, n2: number) => CircleSamples,
  k: number,
  plan: CoeffPlan,
  nBig: number,
): (Estimate<Complex> & { r: number; n2: number }) | undefined {
  const F = complexField;
  if (plan.best !== undefined && plan.n2 / 2 > k) {
    const at = (i: number, kk: number) => {
      const s = samples(RADII[i]!, plan.n2);
      if (!s.ok) return null;
      const c = { ...trapezoidCoeff(s, kk), r: s.r };
      return F.isFinite(c.value) && Number.isFinite(c.err) ? c : null;
    };
    const agree = (a: Estimate<Complex> | null, b: Estimate<Complex> | null): boolean =>
      a !== null && b !== null && F.abs(F.sub(a.value, b.value)) <= 8 * (a.err + b.err) + 1e-14 * Math.max(F.abs(a.value), F.abs(b.value));
    // The planned circle first; if it is not accurate enough for this k, up to two larger ones.
    let aliasing = false;
    for (let b = plan.best; b < Math.min(plan.best + 3, RADII.length); b++) {
      const lo = b > 0 ? b - 1 : b + 1;
      const cb = at(b, k);
      const cl = at(lo, k);
      let ok = agree(cb, cl);
      if (ok && Math.min(b, lo) > START) {
        for (let kk = 0; ok && kk <= Math.min(k, 3); kk++) ok = agree(at(START, kk), at(Math.min(b, lo), kk));
      }
      if (!ok) break;
      const best = cb!.err <= cl!.err ? cb! : cl!;
      const floor = Math.min(plan.floors?.get(k) ?? 0, PLAN_FLOOR_CAP);
      if (best.err <= Math.max(PLAN_ACCEPT, 4 * floor) * Math.max(1, F.abs(best.value))) {
        if (b !== plan.best) plan.best = b;
        return { ...best, n2: plan.n2 };
      }
      aliasing = true;
    }
    if (aliasing && plan.n2 < nBig) plan.n2 *= 2;
  }
  const full = cauchyCoeff((r) => samples(r, nBig), k);
  if (full) {
    const rel = full.err / Math.max(1, F.abs(full.value));
    (plan.floors ??= new Map()).set(k, rel);
    let i = RADII.indexOf(full.r);
    // Prefer the smallest circle above the start that is already accurate enough:
    // the fast path then needs two circles instead of three (no start-circle check).
    const accept = Math.max(PLAN_ACCEPT, 4 * Math.min(rel, PLAN_FLOOR_CAP)) * Math.max(1, F.abs(full.value));
    for (let j = START + 1; j < i; j++) {
      const s = samples(RADII[j]!, nBig);
      if (!s.ok) continue;
      const c = trapezoidCoeff(s, k);
      if (c.err <= accept && F.abs(F.sub(c.value, full.value)) <= 8 * (c.err + full.err)) { i = j; break; }
    }
    if (i >= 0) plan.best = i;
  }
  return full && { ...full, n2: nBig };
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

