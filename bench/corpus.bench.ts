/**
 * Corpus wall time: `npx proofcheck proofs` from a cold start (a new process each
 * run), with the numeric witness on (the default: 1000 runs per claim) and off.
 * Targets (issues 4 and 5): under 2 s for the showcase corpus.
 */
import { spawnSync } from 'node:child_process';

const RUNS = Number(process.env.BENCH_CORPUS_RUNS ?? 3);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(args: string[]): { seconds: number; summary: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['bin/proofcheck.js', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: 'true' } });
  const seconds = (performance.now() - t0) / 1000;
  const summary = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0) throw new Error(`proofcheck ${args.join(' ')} exited ${r.status}: ${summary}\n${r.stderr}`);
  return { seconds, summary };
}

export async function run(): Promise<void> {
  console.log('\n== corpus: npx proofcheck proofs, cold start, median of ' + RUNS);
  for (const [label, args] of [
    ['exact kernel only (--no-numeric)', ['--no-numeric', 'proofs']],
    ['with the numeric witness (1000 runs per claim)', ['proofs']],
  ] as const) {
    const samples: number[] = [];
    let summary = '';
    for (let i = 0; i < RUNS; i++) {
      const r = time([...args]);
      samples.push(r.seconds);
      summary = r.summary;
    }
    const m = median(samples);
    console.log(`  ${label.padEnd(50)} ${m.toFixed(2)} s  (target < 2 s: ${m < 2 ? 'met' : 'NOT met'})  [${summary}]`);
  }
}
