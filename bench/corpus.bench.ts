/**
 * Corpus time: `npx proofcheck proofs` from a cold start (a new process each run,
 * no verdict cache), with the numeric witness on (the default: 1000 runs per claim)
 * and off. Prints wall and CPU time (the process and its worker threads), the five
 * slowest claims and any claim whose witness did not complete its runs.
 * Target (issue 12): under 2 s wall for the showcase corpus with every claim's
 * full witness.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUNS = Number(process.env.BENCH_CORPUS_RUNS ?? 3);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

interface Report {
  files: { file: string; items: { name?: string; line: number; timeMs: number; numeric?: { status: string; runs?: number; incomplete?: string } }[] }[];
  summary: { passed: number; failed: number };
}

/** One cold run: wall seconds, CPU seconds (user + system of the process and its threads) and the JSON report. */
function time(args: string[]): { wall: number; cpu: number; report: Report } {
  const dir = mkdtempSync(join(tmpdir(), 'proofcheck-bench-'));
  const out = join(dir, 'report.json');
  const command = [process.execPath, 'bin/proofcheck.js', '--no-cache', '--format', 'json', '--output', out, ...args].map((w) => `'${w}'`).join(' ');
  const t0 = performance.now();
  // The shell's `times` prints its children's user and system time on its second line.
  const r = spawnSync('sh', ['-c', `${command} >/dev/null; status=$?; times; exit $status`], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: 'true' } });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`proofcheck ${args.join(' ')} exited ${r.status}\n${r.stderr}`);
  const seconds = (t: string): number => {
    const m = /^(\d+)m([\d.]+)s$/.exec(t);
    return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  };
  const [user, sys] = (r.stdout.trim().split('\n').pop() ?? '').split(/\s+/).map(seconds);
  const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
  rmSync(dir, { recursive: true, force: true });
  return { wall, cpu: user! + sys!, report };
}

export async function run(): Promise<void> {
  console.log('\n== corpus: npx proofcheck proofs --no-cache, cold start, median of ' + RUNS);
  for (const [label, args] of [
    ['exact kernel only (--no-numeric)', ['--no-numeric', 'proofs']],
    ['with the numeric witness (1000 runs per claim)', ['proofs']],
  ] as const) {
    const walls: number[] = [];
    const cpus: number[] = [];
    let report: Report | undefined;
    for (let i = 0; i < RUNS; i++) {
      const r = time([...args]);
      walls.push(r.wall);
      cpus.push(r.cpu);
      report = r.report;
    }
    const m = median(walls);
    const s = report!.summary;
    console.log(`  ${label.padEnd(50)} ${m.toFixed(2)} s wall, ${median(cpus).toFixed(2)} s CPU  (target < 2 s wall: ${m < 2 ? 'met' : 'NOT met'})  [${s.passed} passed, ${s.failed} failed]`);
    const items = report!.files.flatMap((f) => f.items.map((it) => ({ ...it, file: f.file })));
    const slowest = [...items].sort((a, b) => b.timeMs - a.timeMs).slice(0, 5);
    console.log(`    five slowest claims (last run): ${slowest.map((it) => `${it.name ?? `${it.file}:${it.line}`} ${(it.timeMs / 1000).toFixed(2)} s`).join(', ')}`);
    const short = items.filter((it) => it.numeric?.incomplete);
    if ((args as readonly string[]).includes('--no-numeric')) continue;
    console.log(`    claims whose witness did not complete its runs: ${short.length === 0 ? 'none' : short.map((it) => `${it.name ?? it.line} (${it.numeric!.runs} runs)`).join(', ')}`);
  }
}
