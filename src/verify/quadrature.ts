/**
 * Definite integrals in doubles for the numeric witness: tanh-sinh quadrature on a
 * finite segment (x = mid +- half (1 - tanh((pi/2) sinh t)) measured from the nearer end,
 * so integrable end-point singularities such as x^(-1/2) are sampled without
 * cancellation) and exp-sinh on a half-line (x = a +- exp((pi/2) sinh t)); the
 * trapezoid step is halved until two levels agree. The whole real line stays with the
 * sinh-sinh rule of evaluate.ts. Independent of the exact kernel.
 *
 * TAILS (here and in evaluate.ts's sinh-sinh rule). Far out on either side the
 * substituted integrand underflows to exactly 0 (x^n e^(-x) at x = e^70). The first
 * level (step 1/2) notes each side's last non-zero node; finer levels evaluate only
 * up to the next node of the first level, where the integrand was already 0 and stayed
 * 0 to the end. Skipped nodes lie between first-level nodes that were all exactly 0,
 * so this is the same sum wherever the integrand is 0 between them (as Boost's
 * double-exponential rules truncate their tails); the ends are still checked for
 * decay, and the levels must still agree.
 */
import { EvalError } from './evaluate.ts';

/** A sample: the value and its rounding magnitude. */
export interface Sample {
  readonly v: number;
  readonly m: number;
}

/**
 * The integral of f from a to b (a may be -Infinity, b Infinity, not both; a > b
 * gives minus the integral from b to a), as { x, m, e } with e the last change between
 * levels. Throws: EvalError `verify/integral-diverges` (non-finite sums or a tail that
 * does not decay), `verify/integral-inaccurate` (levels do not settle).
 */
export function quadrature(f: (x: number) => Sample, a: number, b: number, name: string, tick: () => void): { x: number; m: number; e: number } {
  if (a === b) return { x: 0, m: 0, e: 0 };
  if (a > b) {
    const r = quadrature(f, b, a, name, tick);
    return { x: -r.x, m: r.m, e: r.e };
  }
  let g: (t: number) => Sample;
  let tmax: number;
  if (Number.isFinite(a) && Number.isFinite(b)) {
    const half = (b - a) / 2;
    tmax = 4;
    g = (t) => {
      const u = (Math.PI / 2) * Math.sinh(t);
      const off = half * 2 / (Math.exp(2 * Math.abs(u)) + 1); // half (1 - tanh |u|)
      const x = t >= 0 ? b - off : a + off;
      if (off === 0 || x === a || x === b) return { v: 0, m: 0 };
      const ch = Math.cosh(u);
      const jac = half * (Math.PI / 2) * Math.cosh(t) / (ch * ch);
      if (!Number.isFinite(jac) || jac === 0) return { v: 0, m: 0 };
      const y = f(x);
      if (y.v === 0) return { v: 0, m: 0 };
      return { v: y.v * jac, m: y.m * jac };
    };
  } else {
    const end = Number.isFinite(a) ? a : b;
    const dir = Number.isFinite(a) ? 1 : -1;
    tmax = 4.5;
    g = (t) => {
      const e = Math.exp((Math.PI / 2) * Math.sinh(t));
      const x = end + dir * e;
      const jac = (Math.PI / 2) * Math.cosh(t) * e;
      if (!Number.isFinite(x) || !Number.isFinite(jac) || x === end) return { v: 0, m: 0 };
      const y = f(x);
      if (y.v === 0) return { v: 0, m: 0 };
      return { v: y.v * jac, m: y.m * jac };
    };
  }
  let h = 0.5;
  const g0 = g(0);
  let sum = g0.v;
  let msum = Math.abs(g0.m);
  // TAILS: the first level also finds each side's last non-zero node; finer levels
  // stop one step past it (see the module header).
  let right = 0;
  let left = 0;
  for (let t = h; t <= tmax; t += h) {
    const p = g(t);
    const q = g(-t);
    if (p.v !== 0) right = t;
    if (q.v !== 0) left = t;
    sum += p.v + q.v;
    msum += Math.abs(p.m) + Math.abs(q.m);
  }
  right = Math.min(tmax, right + h);
  left = Math.min(tmax, left + h);
  let prev = sum * h;
  for (let level = 0; level < 7; level++) {
    tick();
    h /= 2;
    for (let t = h; t <= tmax; t += 2 * h) {
      if (t < right) {
        const p = g(t);
        sum += p.v;
        msum += Math.abs(p.m);
      }
      if (t < left) {
        const q = g(-t);
        sum += q.v;
        msum += Math.abs(q.m);
      }
    }
    const cur = sum * h;
    if (!Number.isFinite(cur)) throw new EvalError('verify/integral-diverges', `the integral over ${name} does not converge`);
    const edge = Math.abs(g(tmax).v) + Math.abs(g(-tmax).v);
    if (edge > 1e-9 * Math.max(Math.abs(cur), 1e-300)) throw new EvalError('verify/integral-diverges', `the integrand in ${name} does not decay fast enough at the ends of the interval`);
    const diff = Math.abs(cur - prev);
    if (level >= 2 && diff <= 1e-10 * Math.max(Math.abs(cur), 1e-300)) return { x: cur, m: msum * h, e: diff + 1e-13 * Math.abs(cur) };
    prev = cur;
  }
  throw new EvalError('verify/integral-inaccurate', `the quadrature for the integral over ${name} did not settle (is it divergent?)`);
}
