/**
 * The HTML report's cost beyond the check: the showcase corpus is checked once
 * (`proofcheck proofs --format json`), then its report is rendered to HTML in this
 * process — statements, plot data (the numeric witness's evaluator), KaTeX, the
 * charts — the first time (including loading KaTeX and the plotting library, as a
 * CLI run pays) and warm. Target (issue 17): under 1 s beyond the check, and a
 * file under 2 MB.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunReport } from '../src/proofs/report.ts';
import { readScript } from '../src/proofs/files.ts';

const RUNS = Number(process.env.BENCH_REPORT_RUNS ?? 3);

export async function run(): Promise<void> {
  console.log('\n== report: --format html of the showcase corpus, beyond the check');
  const dir = mkdtempSync(join(tmpdir(), 'proofcheck-bench-'));
  try {
    const json = join(dir, 'report.json');
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['bin/proofcheck.js', 'proofs', '--format', 'json', '--output', json], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: 'true' } });
    if (r.status !== 0) throw new Error(`proofcheck proofs exited ${r.status}: ${r.stderr}`);
    console.log(`  the check itself (cold start, for scale)                 ${((performance.now() - t0) / 1000).toFixed(2)} s`);
    const report = JSON.parse(readFileSync(json, 'utf8')) as RunReport;
    const files = report.files.map((f) => readScript(f.file));
    const t1 = performance.now();
    const { renderRich } = await import('../src/reporters/rich.ts');
    let html = renderRich('html', report, files, { version: 'bench' });
    const first = (performance.now() - t1) / 1000;
    const warm: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      html = renderRich('html', report, files, { version: 'bench' });
      warm.push((performance.now() - t) / 1000);
    }
    warm.sort((a, b) => a - b);
    const median = warm[Math.floor(warm.length / 2)]!;
    const mb = Buffer.byteLength(html) / 1e6;
    console.log(`  render, first (loads KaTeX, Observable Plot, linkedom)    ${first.toFixed(2)} s  (target < 1 s: ${first < 1 ? 'met' : 'NOT met'})`);
    console.log(`  render, warm (median of ${RUNS})                             ${median.toFixed(2)} s`);
    console.log(`  file size                                                 ${mb.toFixed(2)} MB  (target < 2 MB: ${mb < 2 ? 'met' : 'NOT met'})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
