/**
 * The series workloads W1–W4 of ../shared/anchors, run by our kernel and, in the
 * same run, by FLINT 2.9 (a C harness built against libflint-dev) and PARI/GP 2.15
 * when they are installed (Debian: `apt-get install -y libflint-dev pari-gp`).
 * Each tool prints a checksum of its exact result (numerator and denominator mod
 * 1e9+7, and the denominator's bit length); ours must match theirs, so the three
 * columns time the same computation. Compare CPU seconds as ratios: the machine is
 * shared and its absolute speed varies.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Rational, bitLength } from '../src/algebra/numbers/rational.ts';
import { Series } from '../src/algebra/containers/series.ts';

const ROOT = resolve(import.meta.dirname, '..');
const ANCHORS = resolve(ROOT, process.env.PROOFCHECK_ANCHORS ?? '../shared/anchors');
const PMOD = 1_000_000_007n;

/** `label=num/den (denbits b)` as the anchors print it (num and den reduced mod 1e9+7, num lifted to [0, p)). */
function qchk(label: string, r: Rational): string {
  const num = ((r.num % PMOD) + PMOD) % PMOD;
  return `${label}=${num}/${r.den % PMOD} (denbits ${Math.max(1, bitLength(r.den))})`;
}

interface Result {
  readonly cpu: number;
  readonly ok: boolean;
  readonly chk: string;
}

/** CPU seconds of this process spent in f (user + system). */
function cpuOf<T>(f: () => T): { cpu: number; value: T } {
  const c0 = process.cpuUsage();
  const value = f();
  const c = process.cpuUsage(c0);
  return { cpu: (c.user + c.system) / 1e6, value };
}

const sumCoeffs = (s: Series, len: number): Rational => {
  let acc = Rational.ZERO;
  for (let k = 0; k < len; k++) acc = acc.add(s.coeff(k));
  return acc;
};

function w1(N: number): Result {
  const len = N + 1;
  const a = Series.fromCoeffs([1, -1], len);
  const { cpu, value: g } = cpuOf(() => a.inv().log().exp());
  let ok = g.prec === len;
  for (let k = 0; ok && k < len; k++) ok = g.coeff(k).eq(Rational.ONE);
  return { cpu, ok, chk: `${qchk('sum', sumCoeffs(g, len))} ${qchk('last', g.coeff(N))}` };
}

/**
 * [x^k] f_j = num/den (den > 0, the series' common denominator): 1 for k <= j; 0 for
 * j = 0 < k; strictly between 0 and 1 otherwise. Compared on the numerator, as PARI
 * and FLINT compare their stored coefficients, without reducing each to lowest terms.
 */
function inBounds(j: number, k: number, num: bigint, den: bigint): boolean {
  if (k <= j) return num === den;
  if (j === 0) return num === 0n;
  return num > 0n && num < den;
}

function w2(J: number, N: number): Result {
  const len = N + 1;
  const lastN: Rational[] = [];
  let f!: Series;
  let ok = true;
  const { cpu } = cpuOf(() => {
    const L = Series.fromCoeffs([1, -1], len).inv().log();
    let P = Series.one(len);
    f = P;
    for (let j = 0; j <= J; j++) {
      if (j > 0) {
        P = P.mul(L).truncate(len).scale(Rational.frac(1n, BigInt(j)));
        f = f.add(P);
      }
      const nums = f.numerators();
      for (let k = 0; k < len; k++) if (!inBounds(j, k, nums[k]!, f.den)) ok = false;
      lastN.push(f.coeff(N));
    }
  });
  const B = lastN.reduce((s, c) => s.add(c), Rational.ZERO);
  return { cpu, ok, chk: `${qchk('A', sumCoeffs(f, len))} ${qchk('B', B)}` };
}

function w3(N: number): Result {
  const len = N + 1;
  const mu = Rational.frac(3n, 7n);
  const { cpu, value: K } = cpuOf(() => Series.x(len).exp().scale(mu).add(Series.constant(Rational.ONE.sub(mu), len)).log());
  const ok = K.coeff(1).eq(mu) && K.coeff(2).mul(Rational.of(2)).eq(mu.mul(Rational.ONE.sub(mu)));
  return { cpu, ok, chk: qchk('K_N', K.coeff(N)) };
}

/** The inputs of W4 exactly as flint_bench.c and gp/w4.gp define them. */
function w4Inputs(N: number, kind: 'int' | 'rat'): [Series, Series] {
  const len = N + 1;
  const powmod = (b: bigint, e: bigint, m: bigint): bigint => {
    let r = 1n;
    for (b %= m; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m;
    return r;
  };
  const int = kind === 'int';
  const M = int ? (1n << 64n) - 59n : 10n ** 1000n + 7n;
  const h = 1n << 63n;
  let s = int ? 1n : powmod(3n, 2100n, M);
  let t = int ? 1n : powmod(5n, 1500n, M);
  const Da = int ? 1n : 7n ** 1183n;
  const Db = int ? 1n : 11n ** 960n;
  const a: Rational[] = [];
  const b: Rational[] = [];
  for (let k = 0; k < len; k++) {
    s = (s * 3n) % M;
    t = (t * 5n) % M;
    a.push(Rational.frac(int ? s - h : s, Da));
    b.push(Rational.frac(int ? t - h : t, Db));
  }
  return [Series.fromCoeffs(a, len), Series.fromCoeffs(b, len)];
}

function w4(N: number, kind: 'int' | 'rat'): Result {
  const len = N + 1;
  const [A, B] = w4Inputs(N, kind);
  const { cpu, value: C } = cpuOf(() => A.mul(B));
  return { cpu, ok: C.prec === len, chk: `${qchk('sum', sumCoeffs(C, len))} ${qchk('last', C.coeff(N))}` };
}

/** Parses the CPU, OK and CHK lines of an anchor's output. */
function parseAnchor(out: string): Result | undefined {
  const cpu = /^CPU ([\d.]+)$/m.exec(out);
  const ok = /^OK (\w+)$/m.exec(out);
  const chk = /^CHK (.*?)\s*$/m.exec(out);
  return cpu && ok && chk ? { cpu: Number(cpu[1]), ok: ok[1] === 'true', chk: chk[1]! } : undefined;
}

/** Builds the FLINT harness into node_modules/.cache when FLINT's headers and a C compiler are there. */
function flintBinary(): string {
  const src = join(ANCHORS, 'flint_bench.c');
  if (!existsSync(src)) return 'not found: no ../shared/anchors/flint_bench.c';
  if (!existsSync('/usr/include/flint/flint.h')) return 'not installed (apt-get install -y libflint-dev)';
  const dir = join(ROOT, 'node_modules/.cache/proofcheck-bench');
  const bin = join(dir, 'flint_bench');
  if (!existsSync(bin) || statSync(bin).mtimeMs < statSync(src).mtimeMs) {
    mkdirSync(dir, { recursive: true });
    const r = spawnSync('gcc', ['-O2', '-o', bin, src, '-lflint', '-lgmp'], { encoding: 'utf8' });
    if (r.status !== 0) return `could not build the FLINT harness: ${(r.stderr || r.error?.message || '').trim().split('\n')[0]}`;
  }
  return bin;
}

function gpAvailable(): boolean {
  return spawnSync('gp', ['--version-short'], { stdio: 'pipe' }).status === 0;
}

interface Workload {
  readonly name: string;
  /** Run only when BENCH_WORKLOADS names it in full, e.g. BENCH_WORKLOADS='W3 N=10000' (a minute or more in some column). */
  readonly optIn?: boolean;
  readonly ours: () => Result;
  readonly flint: string[];
  readonly gp: string;
}

const WORKLOADS: Workload[] = [
  { name: 'W1 N=1000', ours: () => w1(1000), flint: ['W1', '1000'], gp: 'N=1000; read("gp/w1.gp")' },
  { name: 'W1 N=10000', ours: () => w1(10_000), flint: ['W1', '10000'], gp: 'N=10000; read("gp/w1.gp")' },
  { name: 'W2 J=200 N=400', ours: () => w2(200, 400), flint: ['W2', '200', '400'], gp: 'J=200; N=400; read("gp/w2.gp")' },
  { name: 'W2 J=500 N=1000', optIn: true, ours: () => w2(500, 1000), flint: ['W2', '500', '1000'], gp: 'J=500; N=1000; read("gp/w2.gp")' },
  { name: 'W3 N=1000', ours: () => w3(1000), flint: ['W3', '1000'], gp: 'N=1000; read("gp/w3.gp")' },
  // No W3 at N = 10^4: its numerators reach about 1.5e5 bits over one denominator, and
  // one product of 10^4 of them needs a 2.7e9-bit integer, past V8's BigInt limit
  // (the kernel reports limit/bits); opt in to see it.
  { name: 'W3 N=10000', optIn: true, ours: () => w3(10_000), flint: ['W3', '10000'], gp: 'N=10000; read("gp/w3.gp")' },
  { name: 'W4 N=1000 int', ours: () => w4(1000, 'int'), flint: ['W4', '1000', 'int'], gp: 'N=1000; KIND="int"; read("gp/w4.gp")' },
  { name: 'W4 N=1000 rat', ours: () => w4(1000, 'rat'), flint: ['W4', '1000', 'rat'], gp: 'N=1000; KIND="rat"; read("gp/w4.gp")' },
  { name: 'W4 N=10000 int', ours: () => w4(10_000, 'int'), flint: ['W4', '10000', 'int'], gp: 'N=10000; KIND="int"; read("gp/w4.gp")' },
  { name: 'W4 N=10000 rat', ours: () => w4(10_000, 'rat'), flint: ['W4', '10000', 'rat'], gp: 'N=10000; KIND="rat"; read("gp/w4.gp")' },
];

const secs = (r: Result | undefined): string => (r ? `${r.cpu.toFixed(4)}` : '—').padStart(8);
const ratio = (a: Result, b: Result | undefined): string => (b && b.cpu > 0 ? `${(a.cpu / b.cpu).toFixed(2)}×` : '—').padStart(8);

export async function run(): Promise<void> {
  const only = (process.env.BENCH_WORKLOADS ?? '').split(',').filter(Boolean);
  const flint = flintBinary();
  const flintOk = flint.startsWith('/');
  const gp = existsSync(ANCHORS) && gpAvailable();
  console.log('\n== series kernel beside FLINT and PARI/GP (CPU seconds of the timed section; checksums must match)');
  console.log(`  FLINT: ${flint}`);
  console.log("  (W2 J=500 N=1000 and W3 N=10000 run only when BENCH_WORKLOADS names them in full)");
  console.log(`  PARI/GP: ${gp ? 'gp' : existsSync(ANCHORS) ? 'not installed (apt-get install -y pari-gp)' : 'not found: no ../shared/anchors'}`);
  console.log(`  ${'workload'.padEnd(18)} ${'ours'.padStart(8)} ${'FLINT'.padStart(8)} ${'PARI'.padStart(8)} ${'÷FLINT'.padStart(8)} ${'÷PARI'.padStart(8)}  checks`);
  // An entry of BENCH_WORKLOADS selects the rows whose names start with it; an opt-in row only by its full name.
  const chosen = (x: Workload): boolean => (x.optIn ? only.includes(x.name) : only.length === 0 || only.some((o) => x.name.startsWith(o)));
  for (const w of WORKLOADS.filter(chosen)) {
    let ours: Result;
    try {
      ours = w.ours();
    } catch (e) {
      console.log(`  ${w.name.padEnd(18)} ours: ${e instanceof Error ? e.message : String(e)}`);
      process.exitCode = 1;
      continue;
    }
    const f = flintOk ? parseAnchor(execFileSync(flint, w.flint, { encoding: 'utf8' })) : undefined;
    const g = gp ? parseAnchor(execFileSync('gp', ['-q', '-f', '-s', '4G', '-D', 'parisizemax=16G'], { cwd: ANCHORS, input: w.gp, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] })) : undefined;
    const checks = [
      ours.ok ? 'ours OK' : 'ours NOT OK',
      f ? (f.chk === ours.chk ? 'FLINT checksum matches' : `FLINT checksum DIFFERS (${f.chk} vs ${ours.chk})`) : '',
      g ? (g.chk === ours.chk ? 'PARI checksum matches' : `PARI checksum DIFFERS (${g.chk} vs ${ours.chk})`) : '',
    ].filter(Boolean).join('; ');
    console.log(`  ${w.name.padEnd(18)} ${secs(ours)} ${secs(f)} ${secs(g)} ${ratio(ours, f)} ${ratio(ours, g)}  ${checks}`);
    if (!ours.ok || (f && f.chk !== ours.chk) || (g && g.chk !== ours.chk)) process.exitCode = 1;
  }
}
