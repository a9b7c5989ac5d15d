/**
 * Throughput of the numeric witness (src/verify), per claim kind: claim-runs per
 * second (property runs: one sample, every relation evaluated and judged) and
 * evaluation steps per second (expression nodes evaluated in any arithmetic: the
 * unit of the deterministic work budget, DEFAULT_BUDGET), on representative
 * claims. Each workload runs verifyItem once with a fixed seed, so the work is
 * identical between runs; the budget column says how much of DEFAULT_BUDGET one
 * claim's 1000 runs take (over 100% means the claim stops early, "witness
 * incomplete").
 *
 * Figures of issue 12 (in-process, this 2-core machine under load 5-6 from other
 * jobs, so read ratios; "steps" = evaluation steps, before -> after):
 *   coefficient claims ([p^k] f_j, showcase): Cauchy circles -> Taylor jets,
 *     steps per run down 20-400x; series/cumulant claims: categorical_cumulants
 *     123 -> 1000 runs, poisson_cumulants 23 -> 1000 runs (double-double jets),
 *     gaussian_cumulants no witness -> 793 runs (jets through the integral).
 *   integral claims (E over a Gaussian): invariant parts once per integral,
 *     quadrature settles at a zero mean: 620 -> 1000 runs.
 *   compiled closures (src/verify/eval/compile.ts) instead of the tree interpreter, same
 *     steps and output: integral workloads 2.3x (E[x]) and 1.6x (cumulants through an
 *     integral) steps/s; the one-shot small workloads are within warm-up noise; corpus
 *     CPU -20%.
 * The per-workload table before/after is in the closing note of issue 12.
 */
import { verifyItem, DEFAULT_BUDGET, type NumericResult } from '../src/verify/runner.ts';
import { kindOf } from '../src/verify/properties.ts';
import type { Expr } from '../src/proofs/ast.ts';
import type { CalcDecl, ClaimDecl } from '../src/proofs/ast.ts';
import * as h from '../test/verify/helpers.ts';

const { n, v, ix, add, sub, mul, div, pow, exp, log, sin, cos, neg, sum, fact, deriv, coeff, series, argmin, sigma } = h;

const prog = h.program(
  h.varDecl('x', h.real()),
  h.varDecl('p', h.real([0, false], [1, true])),
  h.varDecl('s', h.real()),
  h.varDecl('eta', h.real()),
  h.varDecl('t', h.real()),
  h.varDecl('a', h.real([0, true])),
  h.varDecl('b', h.real([0, true])),
  h.varDecl('theta', h.real([-2, false], [2, false])),
  h.varDecl('mu', h.real([-2, false], [2, false])),
  h.varDecl('sd', h.real([1, false], [2, false])),
);
const span = { start: 0, end: 0 };
const integral = (index: string, body: Expr): Expr => ({ kind: 'integral', index, body, span });
// Poisson(e^theta): log E[e^{tX}] = e^theta (e^t - 1), an infinite sum inside a log inside a series
const pmf = div(exp(sub(mul(v('theta'), ix('x')), exp(v('theta')))), fact(ix('x')));
const mgf = sum('x', n(0), 'inf', mul(pmf, exp(mul(v('t'), ix('x')))));
// N(mu, sd^2): E[x] = mu and the cumulant generating function, by integrals over the reals
const density = div(exp(div(pow(sub(ix('z'), v('mu')), n(2)), mul(n(-2), pow(v('sd'), n(2))))), mul(v('sd'), h.call('sqrt', mul(n(2), h.pi))));
const cgf = series(log(integral('z', mul(density, exp(mul(v('t'), ix('z')))))), 't', n(8));
const loss = sub(neg(mul(v('a'), log(sigma(v('s'))))), mul(v('b'), log(sub(n(1), sigma(v('s'))))));
const L = log(div(n(1), sub(n(1), v('p'))));
const f = sum('i', n(0), ix('j'), div(pow(L, ix('i')), fact(ix('i'))));

const WORKLOADS: { name: string; item: ClaimDecl | CalcDecl; runs: number }[] = [
  { name: 'identity sin^2 + cos^2 = 1', item: h.eq(add(pow(sin(v('x')), n(2)), pow(cos(v('x')), n(2))), n(1)), runs: 1000 },
  { name: 'identity exp(eta)/(1+exp(eta)) = sigma(eta)', item: h.eq(div(exp(v('eta')), add(n(1), exp(v('eta')))), sigma(v('eta'))), runs: 1000 },
  { name: 'derivative d/ds NCE loss (complex step)', item: h.eq(deriv('s', 1, loss), sub(mul(v('b'), sigma(v('s'))), mul(v('a'), sub(n(1), sigma(v('s')))))), runs: 1000 },
  { name: 'second derivative d2/deta2 log(1+exp(eta)) (Ridders)', item: h.eq(deriv('eta', 2, log(add(n(1), exp(v('eta'))))), mul(sigma(v('eta')), sub(n(1), sigma(v('eta'))))), runs: 1000 },
  { name: 'argmin NCE loss = log(a/b) (25 full, then cheap)', item: h.eq(argmin('s', loss), log(div(v('a'), v('b')))), runs: 1000 },
  { name: 'series(A(eta+t) - A(eta), t, 8), Bernoulli', item: h.eq(series(sub(log(add(n(1), exp(add(v('eta'), v('t'))))), log(add(n(1), exp(v('eta'))))), 't', n(8)), series(sub(log(add(n(1), exp(add(v('eta'), v('t'))))), log(add(n(1), exp(v('eta'))))), 't', n(8))), runs: 1000 },
  { name: 'showcase: 0 < [p^k] f_j < 1, j in 1..40, k in j+1..80', item: h.claim([n(0), coeff(f, 'p', ix('k')), n(1)], ['<', '<'], [h.forall('j', n(1), n(40)), h.forall('k', add(ix('j'), n(1)), n(80))]), runs: 1000 },
  { name: 'coefficients [p^k] log(1/(1-p)) = 1/k, k in 1..60', item: h.eq(coeff(L, 'p', ix('k')), div(n(1), ix('k')), [h.forall('k', n(1), n(60))]), runs: 1000 },
  { name: 'showcase: [p^k] f_j = 1, j in 0..40, k in 0..j', item: h.eq(coeff(f, 'p', ix('k')), n(1), [h.forall('j', n(0), n(40)), h.forall('k', n(0), ix('j'))]), runs: 1000 },
  { name: 'showcase: sum_{i<=j} p^i <= f_j, j in 0..40', item: h.claim([sum('i', n(0), ix('j'), pow(v('p'), ix('i'))), f], ['<='], [h.forall('j', n(0), n(40))]), runs: 1000 },
  { name: 'cumulants series(log E[e^{tX}], t, 8), Poisson', item: h.eq(series(sub(exp(add(v('theta'), v('t'))), exp(v('theta'))), 't', n(8)), series(log(mgf), 't', n(8))), runs: 1000 },
  { name: 'integral: E[x] = mu, Gaussian', item: h.eq(integral('z', mul(density, ix('z'))), v('mu')), runs: 1000 },
  { name: 'cumulants through an integral, Gaussian', item: h.eq(cgf, add(mul(v('mu'), v('t')), div(mul(pow(v('sd'), n(2)), pow(v('t'), n(2))), n(2)))), runs: 1000 },
];

function verdict(r: NumericResult): string {
  if (r.status === 'passed') return `passed (${r.runs} runs, ${r.discarded} discarded)${r.incomplete ? ' INCOMPLETE' : ''}`;
  if (r.status === 'failed') return `FAILED at ${JSON.stringify(r.counterexample)}`;
  return `inconclusive: ${r.reason}`;
}

/** Prints claim-runs and evaluation steps per second for each workload, with its claim kind. */
export async function run(): Promise<void> {
  console.log('\n== numeric witness (src/verify): claim-runs and evaluation steps per second ==');
  console.log(`${'workload'.padEnd(58)} ${'kind'.padEnd(11)} ${'runs/s'.padStart(8)} ${'steps/s'.padStart(10)} ${'budget'.padStart(7)} ${'ms'.padStart(6)}  verdict`);
  for (const w of WORKLOADS) {
    const stats = { steps: 0 };
    const c0 = process.cpuUsage();
    const r = verifyItem(w.item, prog, { seed: 42, runs: w.runs, stats });
    const c = process.cpuUsage(c0);
    const ms = (c.user + c.system) / 1000;
    const done = r.status === 'passed' ? r.runs + r.discarded : w.runs;
    console.log(
      `${w.name.padEnd(58)} ${kindOf(w.item).padEnd(11)} ${String(Math.round((done / ms) * 1000)).padStart(8)} ${String(Math.round((stats.steps / ms) * 1000)).padStart(10)} ${`${Math.round((stats.steps * 100) / DEFAULT_BUDGET)}%`.padStart(7)} ${ms.toFixed(0).padStart(6)}  ${verdict(r)}`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
