/**
 * SLOW SERIES: the limits of infinite sums and products in doubles that converge too
 * slowly for the witness's geometric tail estimate (evalInfinite in evaluate.ts calls
 * slowSeries with the terms and partial sums it summed), by extrapolation: GREP on
 * the partial sums for terms that decay like a power of the index, Levin's u-transform
 * for alternating ones. Numeric evidence, never proof; independent of the exact kernel.
 */
import { EvalError } from './evaluate.ts';

/** The unit roundoff of doubles. */
const U = 2 ** -53;

/**
 * SLOW SERIES' probes past the N terms summed: four per doubling of the index, up to
 * PROBE_HORIZON (consecutive indices are still distinct doubles there).
 */
const PROBE_HORIZON = 2 ** 50;
const probeIndices = (N: number): number[] => {
  const out: number[] = [];
  for (let j = 1; N * 2 ** (j / 4) <= PROBE_HORIZON; j++) out.push(Math.round(N * 2 ** (j / 4)));
  return out;
};

/**
 * SLOW SERIES: the number of terms after which a sum that has not stopped is tried
 * (slowSeries), every one of them summed. (Tried after 1024 terms first, a red-team pass
 * found a zero factor at k = 3000 in a product, and bumps there in sums, never seen.)
 */
export const SLOW_AT = [4096];

/**
 * SLOW SERIES: the limit of a sum in doubles whose terms decay only like a power of the
 * index (sum 1/k^2, 1/(k (k + 1)), 1/(k^2 + y), 1/k^y) or alternate in sign (sum
 * (-1)^k/k = log 2, Leibniz's pi/4), which the geometric tail estimate never stops: each
 * was summed to 100,000 terms and then given up, so the Basel problem was inconclusive
 * at every point. A product is the sum of its increments P_n - P_(n-1) (Wallis's
 * prod 4k^2/(4k^2 - 1) = pi/2), its probes (t_k - 1) P_N. From the first N = SLOW_AT
 * terms a_n and partial sums S_n:
 * - terms of one sign that decay like k^-p (p measured twice alike on the last
 *   quarters): the remainder of S_N is N a_N (c0 + c1/N + ...) (Euler-Maclaurin, any
 *   real p > 1), and that model is solved on the partial sums by
 *   divided differences in 1/N (GREP, Sidi's W-algorithm: grepBest) on M = N/64, N/32,
 *   ..., N, twice, ending at N/2 and at N, which must agree; p < 1.1 is given up at once (series-diverges:
 *   sum 1/k diverges, and 100,000 terms would give it up too);
 * - terms alternating in sign with decreasing size: Levin's u-transform of consecutive
 *   partial sums near N, from two starts (levinBest), which must agree.
 * Both read every term up to N, and probe 152 terms from 1.19N to 2^50, which must keep
 * to the power law (or, alternating, stay below a_N in size): a term that changes past
 * N, where nothing was summed, is seen unless it hides between the probes.
 * The estimate is taken only when its error (the change between the last two orders
 * taken, and the rounding the transform amplifies) is at most 1e-7 of it, and when it
 * agrees with the terms summed directly: between S_(N-2) and S_(N-1) for an alternating
 * sum (there the limit lies); within 5% of the tail N a_N/(p - 1) (the integral test's
 * estimate) of S_(N-1) for one sign. Else the sum goes on as before. A log factor (sum
 * 1/(k log(k)^2)) fits neither model, and its orders do not settle: it is not taken.
 * The estimate is the numeric method's, like the quadrature's last change: evidence,
 * never proof. `amplification` bounds how much the terms' own errors grow in it; `used`
 * is how many terms it read (its rounding scale is theirs: the rounding it adds is in e).
 */
export function slowSeries(a: readonly number[], S: readonly number[], probe: (k: number) => number | undefined): { x: number; e: number; amplification: number; used: number } | undefined {
  const N = a.length;
  /**
   * PROBES past N: the terms at N 2^(j/4) up to PROBE_HORIZON (2^50, about 10^15), keep
   * to the bound, and to the sign when one is given (red-team passes: a bump at k = 2000,
   * and mass past 10^8 when the probes stopped at 1024N, were never seen). They see what
   * is wider than the gaps between them (a fifth of the index) and nearer than their
   * last, not a narrower band: sum 1/k^2 + 10^-3/(1 + ((k - 6000)/30)^6) = pi^2/6 is
   * TESTED, false.
   */
  const keeps = (bound: (M: number) => number, sign = 0): boolean => {
    for (const M of probeIndices(N)) {
      const t = probe(M - 1);
      if (t === undefined || !(Math.abs(t) <= bound(M)) || t * sign < 0) return false;
    }
    return true;
  };
  const last = a.slice(N - 256);
  const positive = last.every((t) => t > 0);
  const negative = last.every((t) => t < 0);
  const alternating = last.every((t, i) => t !== 0 && (i === 0 || Math.sign(t) !== Math.sign(last[i - 1]!)));
  const size = (i: number): number => Math.abs(a[i]!);
  if (!(size(N / 4 - 1) > size(N / 2 - 1) && size(N / 2 - 1) > size(N - 1))) return undefined;
  if (positive || negative) {
    const p1 = Math.log2(size(N / 4 - 1) / size(N / 2 - 1));
    const p = Math.log2(size(N / 2 - 1) / size(N - 1));
    if (!(Math.abs(p1 - p) <= 0.05 * p)) return undefined;
    // a tail like k^(1-p)/(p - 1) with p < 1.1 (sum 1/k diverges) is summed by no one: give up now, not after 100,000 terms
    if (!(p >= 1.1)) throw new EvalError('verify/series-diverges', `the terms decay like k^-${p.toFixed(2)}, too slowly to sum`);
    const whole = grepBest(a, S, N / 64, N);
    const half = grepBest(a, S, N / 64, N / 2);
    if (whole === undefined || half === undefined) return undefined;
    const e = Math.max(whole.e, Math.abs(whole.x - half.x));
    if (!(e <= 1e-7 * Math.abs(whole.x))) return undefined;
    const tail = (N * size(N - 1)) / (p - 1);
    const direct = S[N - 1]! + Math.sign(a[N - 1]!) * tail;
    if (!(Math.abs(whole.x - direct) <= 0.05 * tail + 2 * e + N * U * Math.abs(S[N - 1]!))) return undefined;
    const sign = Math.sign(a[N - 1]!);
    if (!keeps((M) => 2 * size(N - 1) * (N / M) ** p, sign)) return undefined;
    return { x: whole.x, e, amplification: whole.amplification, used: N };
  }
  if (!alternating || !last.every((t, i) => i === 0 || Math.abs(t) <= Math.abs(last[i - 1]!))) return undefined;
  // from the last terms, so that every term up to N is in the partial sums it extrapolates
  // (from the first 17, as before a red-team pass, a later positive bump was never seen)
  const r0 = levinBest(a, S, N - LEVIN_MAX_ORDER - 20);
  const r2 = levinBest(a, S, N - LEVIN_MAX_ORDER - 2);
  if (r0 === undefined || r2 === undefined) return undefined;
  const e = Math.max(r0.e, r2.e, Math.abs(r0.x - r2.x));
  const x = r0.e <= r2.e ? r0.x : r2.x;
  if (!(e <= 1e-7 * Math.abs(x))) return undefined;
  const [l, h] = [Math.min(S[N - 2]!, S[N - 1]!), Math.max(S[N - 2]!, S[N - 1]!)];
  if (!(x >= l - e && x <= h + e)) return undefined;
  // the sizes do not grow, and consecutive terms nearly cancel, as far as the probes go
  // (a red-team pass: a positive term 10^8/k^2/(1 + (10^8/k)^8), below a_N in size,
  // adds 1.03 to sum (-1)^(k+1)/k past 10^8; 1/log(k) decays slower than any power)
  const q = Math.max(0, Math.log2(size(N / 2 - 1) / size(N - 1)));
  if (!keeps(() => size(N - 1))) return undefined;
  if (!alternatesAt(probe, N, q)) return undefined;
  return { x, e, amplification: Math.max(r0.amplification, r2.amplification), used: N };
}

/**
 * At each probe M of an alternating series (SLOW SERIES), the terms at M - 1 and M have
 * opposite signs and nearly cancel: |t_(M-1) + t_M| at most 4 (q + 2)/M of their size
 * (what a size decaying like k^-q changes from one index to the next), and a few
 * roundings.
 */
function alternatesAt(probe: (k: number) => number | undefined, N: number, q: number): boolean {
  for (const M of probeIndices(N)) {
    const a = probe(M - 2);
    const b = probe(M - 1);
    if (a === undefined || b === undefined || !(a * b < 0)) return false;
    const size = Math.max(Math.abs(a), Math.abs(b));
    if (!(Math.abs(a + b) <= (4 * (q + 2)) / M * size + 8 * U * size)) return false;
  }
  return true;
}

/**
 * GREP (slowSeries) on the partial sums S_M, M = first, 2 first, ..., `end`: the model
 * S_M = S + w_M (c0 + c1/M + ... + c_(q-1)/M^(q-1)), w_M = M a_M, solved for S by
 * q-th divided differences in t = 1/M of S_M/w_M and of 1/w_M (Sidi's W-algorithm). At
 * its best order q >= 2: the error is the larger of the last two changes between
 * orders, plus the rounding of the differences (their magnitudes, U each).
 */
function grepBest(a: readonly number[], S: readonly number[], first: number, end: number): { x: number; e: number; amplification: number } | undefined {
  const Ms: number[] = [];
  for (let M = first; M <= end; M *= 2) Ms.push(M);
  const t = Ms.map((M) => 1 / M);
  let num = Ms.map((M) => S[M - 1]! / (M * a[M - 1]!));
  let den = Ms.map((M) => 1 / (M * a[M - 1]!));
  let mag = num.map(Math.abs);
  const A: { x: number; rounding: number; amplification: number }[] = [];
  for (let q = 0; q < Ms.length; q++) {
    const j = num.length - 1; // the approximation that ends at `end`
    const x = num[j]! / den[j]!;
    if (!Number.isFinite(x)) return undefined;
    const amplification = Math.max(1, mag[j]! / Math.abs(num[j]!));
    A.push({ x, rounding: 16 * U * amplification * Math.abs(x), amplification });
    const step = (v: number[], abs: boolean): number[] => v.slice(1).map((w, i) => (abs ? w + v[i]! : w - v[i]!) / (t[i + q + 1]! - t[i]!));
    num = step(num, false);
    den = step(den, false);
    mag = step(mag, true).map(Math.abs);
  }
  let best: { x: number; e: number; amplification: number } | undefined;
  for (let q = 2; q < A.length; q++) {
    const e = Math.max(Math.abs(A[q]!.x - A[q - 1]!.x), Math.abs(A[q - 1]!.x - A[q - 2]!.x)) + A[q]!.rounding;
    if (best === undefined || e < best.e) best = { x: A[q]!.x, e, amplification: A[q]!.amplification };
  }
  return best;
}

/** The highest order of Levin's u-transform (slowSeries): about 10^6 of amplified rounding in doubles past it. */
const LEVIN_MAX_ORDER = 14;

/** Levin's u-transform from n0 at its best order (slowSeries), or undefined. */
function levinBest(a: readonly number[], S: readonly number[], n0: number): { x: number; e: number; amplification: number } | undefined {
  let best: { x: number; e: number; amplification: number } | undefined;
  let prev: number | undefined;
  for (let k = 3; k <= LEVIN_MAX_ORDER; k++) {
    let num = 0;
    let den = 0;
    let spread = 0;
    let weights = 0;
    let binom = 1; // C(k, j)
    for (let j = 0; j <= k; j++) {
      const n = n0 + j;
      const w = (n + 1) * a[n]!;
      if (w === 0 || !Number.isFinite(w)) return best;
      const c = ((j % 2 === 0 ? 1 : -1) * binom * Math.pow((n + 1) / (n0 + k + 1), k - 1)) / w;
      num += c * S[n]!;
      den += c;
      spread += Math.abs(c * S[n]!);
      weights += Math.abs(c);
      binom = (binom * (k - j)) / (j + 1);
    }
    const x = num / den;
    if (!Number.isFinite(x)) return best;
    // the transform's own rounding: about U per term, amplified by the cancellation in num and den
    const amplification = weights / Math.abs(den);
    const rounding = 16 * U * (spread / Math.abs(den) + Math.abs(x) * amplification);
    if (prev !== undefined && k >= 4) {
      const e = Math.abs(x - prev) + rounding;
      if (best === undefined || e < best.e) best = { x, e, amplification };
    }
    prev = x;
  }
  return best;
}
