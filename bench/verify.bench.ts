/**
 * Throughput of the numeric witness (src/verify): claim-runs per second, i.e.
 * property runs (one sample, every relation evaluated and judged) per second of
 * wall time, on representative claims. Each workload runs verifyItem once with a
 * fixed seed (so the work is identical between runs) and reports the verdict.
 *
 * Figures (2-core machine, heavily loaded by concurrent jobs; in-process, 1000 runs
 * per claim over the proofs/ corpus), before -> after the issue-5 follow-up
 * (FFT coefficient tables + per-body Cauchy plans, cheap argmin policy):
 *   coefficient/series claims  31 -> ~110 runs/s overall; tail_between_0_and_1
 *     5.0 s -> ~3-5 s (load-dependent), bernoulli_cumulants 24.7 s -> 3-5 s,
 *     categorical_cumulants 60 s timeout (~430 runs) -> 13 s for 1000 runs,
 *     counting_recurrence 24.5 s -> 5-10 s
 *   argmin claims  190-380 -> 2,000-5,000 runs/s (2.3-3.5 s -> 0.3-0.6 s per claim)
 */
import { verifyItem, type NumericResult } from '../src/verify/runner.ts';
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
);
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
];

function verdict(r: NumericResult): string {
  if (r.status === 'passed') return `passed (${r.runs} runs, ${r.discarded} discarded)`;
  if (r.status === 'failed') return `FAILED at ${JSON.stringify(r.counterexample)}`;
  return `inconclusive: ${r.reason}`;
}

/** Prints claim-runs per second for each workload. */
export async function run(): Promise<void> {
  console.log('\n== numeric witness (src/verify): claim-runs per second ==');
  for (const w of WORKLOADS) {
    const t0 = performance.now();
    const r = verifyItem(w.item, prog, { seed: 42, runs: w.runs });
    const ms = performance.now() - t0;
    const done = r.status === 'passed' ? r.runs + r.discarded : w.runs;
    console.log(`${w.name.padEnd(58)} ${String(Math.round((done / ms) * 1000)).padStart(8)} runs/s  ${ms.toFixed(0).padStart(6)} ms  ${verdict(r)}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
