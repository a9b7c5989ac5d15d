/**
 * Benchmarks for the truncated power series kernel (src/algebra/containers/series.ts).
 * Each workload: median wall time of several runs, a checksum of the result, and the target.
 */
import { execFileSync } from 'node:child_process';
import { Rational } from '../src/algebra/numbers/rational.ts';
import { Series } from '../src/algebra/containers/series.ts';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const P61 = (1n << 61n) - 1n;

/**
 * Checksum of a series' exact content: its precision, common denominator and
 * numerators reduced mod 2^61 - 1 (canonical form makes this a faithful
 * fingerprint of the coefficients, and it is linear-time, unlike hashing decimals).
 */
function checksum(s: Series, acc = 0n): bigint {
  acc = (acc * 1000003n + BigInt(s.prec) + 7n * (s.den % P61)) % P61;
  let k = 1n;
  for (const c of s.numerators()) {
    acc = (acc + ((c % P61) + P61) * k) % P61;
    k = (k * 31n) % P61;
  }
  return acc;
}

const hex = (x: bigint): string => x.toString(16).padStart(16, '0');

/** Median wall time and median CPU time of this process (user + system) over `runs` runs. */
function time<T>(runs: number, f: () => T): { ms: number; cpuMs: number; last: T } {
  const wall: number[] = [];
  const cpu: number[] = [];
  let last!: T;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    last = f();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { ms: median(wall), cpuMs: median(cpu), last };
}

const fmt = (ms: number): string => (ms < 1000 ? `${ms.toFixed(1)} ms` : `${(ms / 1000).toFixed(2)} s`);

function report(name: string, r: { ms: number; cpuMs: number }, targetMs: number | undefined, checksum: string, gpMs?: number): void {
  const tgt = targetMs === undefined ? 'no target' : `target < ${fmt(targetMs)} ${r.ms <= targetMs ? 'OK' : 'MISSED'}`;
  const gp = gpMs === undefined ? '' : `  gp ${fmt(gpMs)} (ratio ${(r.ms / gpMs).toFixed(2)})`;
  console.log(`  ${name.padEnd(56)} ${fmt(r.ms).padStart(10)} (cpu ${fmt(r.cpuMs).padStart(9)})   ${tgt.padEnd(26)} checksum ${checksum}${gp}`);
}

function gpAvailable(): boolean {
  try {
    execFileSync('gp', ['--version-short'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** Runs a GP program that prints its own elapsed milliseconds on the last line. */
function gpTime(program: string): number | undefined {
  try {
    const out = execFileSync('gp', ['-q', '-f', '-s', '1G'], { input: program, stdio: ['pipe', 'pipe', 'pipe'], timeout: 120_000 }).toString();
    const lines = out.trim().split('\n');
    return Number(lines[lines.length - 1]);
  } catch {
    return undefined;
  }
}

/** W1: exp(log 1/(1-x)) to order n; the result must be 1/(1-x). */
function w1(n: number): Series {
  const e = Series.logOneOverOneMinusX(n).exp();
  if (!e.equals(Series.geometric(n))) throw new Error(`W1: exp(log 1/(1-x)) != 1/(1-x) at order ${n}`);
  return e;
}

/**
 * W2: the partial sums f_j = sum_{i<=j} L^i/i! to O(x^(K+1)) for every j <= J (the
 * table of all [x^k] f_j), fingerprinted as they are made. Two ways to get
 * T_i = L^i/i!, which must give the same checksum:
 * - 'product':  T_i = T_{i-1} * L / i (one dense truncated product per step);
 * - 'integral': T_i = integral(T_{i-1} / (1-x)), since (L^i/i!)' = L^(i-1)/(i-1)! * L'
 *   and L' = 1/(1-x) (a short division and an integral per step, O(K) each).
 */
function w2(J: number, K: number, method: 'product' | 'integral'): string {
  const n = K + 1;
  const L = Series.logOneOverOneMinusX(n);
  const oneMinusX = Series.fromCoeffs([1, -1], n);
  let term = Series.one(n);
  let sum = term;
  let acc = checksum(sum);
  for (let i = 1; i <= J; i++) {
    term = method === 'product' ? term.mul(L).truncate(n).scale(Rational.frac(1n, BigInt(i))) : term.truncate(n - 1).div(oneMinusX).integral();
    sum = sum.add(term);
    acc = checksum(sum, acc);
  }
  // Spot check of the showcase fact: [x^k] f_J = 1 for k <= J.
  for (let k = 0; k <= Math.min(J, K); k++) if (!sum.coeff(k).eq(Rational.ONE)) throw new Error(`W2: [x^${k}] f_${J} != 1`);
  return hex(acc);
}

/** A deterministic dense series of order n: numerators of `digits` digits over one common denominator of `digits` digits. */
function bigSeries(n: number, digits: number, seed: number): Series {
  let state = BigInt(seed) * 0x9e3779b97f4a7c15n;
  const mod = 10n ** BigInt(digits);
  const next = (): bigint => {
    // A 64-bit LCG stretched to `digits` decimal digits (fast, deterministic).
    let x = 0n;
    for (let i = 0; i < Math.ceil(digits / 19); i++) {
      state = (state * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
      x = x * 10n ** 19n + (state % 10n ** 19n);
    }
    return x % mod;
  };
  const den = next() | 1n;
  const cs: Rational[] = [];
  for (let k = 0; k < n; k++) {
    const v = next();
    cs.push(Rational.frac(k % 3 === 0 ? -v : v, den));
  }
  return Series.fromCoeffs(cs, n);
}

export async function run(): Promise<void> {
  console.log('series kernel (src/algebra/containers/series.ts): median wall time of the runs shown (and CPU time of this process, which\n  is the steadier figure on a shared machine), target judged on wall time');
  const gp = gpAvailable();
  if (!gp) console.log('  (gp / PARI-GP is not on PATH: no comparison figures)');
  const sum = (s: Series): string => hex(checksum(s));

  for (const [n, runs, target] of [[1000, 9, undefined], [10000, 7, 150]] as const) {
    const r = time(runs, () => w1(n));
    const g = gp ? gpTime(`my(t=getabstime()); my(s=exp(log(1/(1-x+O(x^${n}))))); print(getabstime()-t);`) : undefined;
    report(`W1 exp(log 1/(1-x)) order ${n} (${runs} runs)`, r, target, sum(r.last), g);
  }
  {
    const L = Series.logOneOverOneMinusX(10000);
    const r = time(7, () => L.exp());
    report('W1 (exp only, L prebuilt) order 10000', r, undefined, sum(r.last));
  }

  const w2cases = [
    [200, 400, 'integral', 3, 1000],
    [200, 400, 'product', 1, 1000],
    [500, 1000, 'integral', 1, 15000],
  ] as const;
  for (const [J, K, method, runs, target] of w2cases) {
    const r = time(runs, () => w2(J, K, method));
    const g =
      gp && method === 'product'
        ? gpTime(`my(t=getabstime()); my(L=log(1/(1-x+O(x^${K + 1}))), T=1+O(x^${K + 1}), S=T); for(i=1,${J}, T=T*L/i; S=S+T); print(getabstime()-t);`)
        : undefined;
    report(`W2 table j<=${J}, k<=${K} by ${method} (${runs} run${runs > 1 ? 's' : ''})`, r, target, r.last, g);
  }
  console.log('  (W2 by product at j<=500, k<=1000 is skipped: about 100 s here, dominated by V8 BigInt multiplication)');

  {
    const a = bigSeries(10000, 1000, 1);
    const b = bigSeries(10000, 1000, 2);
    const r = time(1, () => a.mul(b));
    report('W4 dense product, order 10000, 1000 digits (1 run)', r, undefined, sum(r.last));
    if (gp) console.log('  (W4 has no gp figure: its inputs come from a generator written in TypeScript)');
  }
}
