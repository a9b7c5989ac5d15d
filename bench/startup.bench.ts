/**
 * Start-up: `npx proofcheck one.proof` on `claim: 1 + 1 = 2`, median wall time of
 * cold runs (a new process each), beside `node -e 0` so the figure reads as a
 * ratio to Node's own start. Target (issue 11): under 0.3 s.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 10);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median wall seconds of `node ...args`, failing loudly on a non-zero exit. */
function wall(args: string[]): number {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    samples.push((performance.now() - t0) / 1000);
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stdout}${r.stderr}`);
  }
  return median(samples);
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'proofcheck-startup-'));
  const script = join(dir, 'one.proof');
  writeFileSync(script, 'claim: 1 + 1 = 2\n');
  console.log(`\n== start-up: npx proofcheck one.proof (claim: 1 + 1 = 2), median of ${RUNS} cold runs`);
  const node = wall(['-e', '0']);
  const cli = wall(['bin/proofcheck.js', script]);
  console.log(`  node -e 0                                          ${node.toFixed(3)} s`);
  console.log(`  proofcheck one.proof                               ${cli.toFixed(3)} s  (${(cli / node).toFixed(1)}× node; target < 0.3 s: ${cli < 0.3 ? 'met' : 'NOT met'})`);
}
