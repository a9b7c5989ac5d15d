/**
 * The SARIF reporter: valid against the official SARIF 2.1.0 schema (vendored in
 * test/fixtures), one located result per failing step, repository-relative URIs,
 * fingerprints that survive a re-run and a shift of lines, rules for every kind.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import type { Log } from 'sarif';
import { artifactUri, formatSarif } from '../../src/reporters/sarif.ts';
import { checkedReport, sampleReport, TWO_WRONG } from '../helpers/reports.ts';
import { sarifSchemaErrors } from '../helpers/schema.ts';
import type { RunReport } from '../../src/proofs/report.ts';

function log(report: RunReport, root?: string): Log {
  const text = formatSarif(report, root === undefined ? {} : { root });
  expect(sarifSchemaErrors(text)).toBe('');
  return JSON.parse(text) as Log;
}

describe('SARIF reporter', () => {
  it('the sample is valid SARIF 2.1.0 with rules, levels, messages, regions and fingerprints', () => {
    const l = log({ ...sampleReport(), version: '1.2.3', shard: { index: 2, count: 3 } }, '/repo');
    expect(l.version).toBe('2.1.0');
    const run = l.runs[0]!;
    expect(run.tool.driver).toMatchObject({ name: 'proofcheck', version: '1.2.3' });
    expect(run.automationDetails).toEqual({ id: 'proofcheck/shard-2-of-3/' });
    const ids = run.tool.driver.rules!.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(['refuted', 'undecided', 'below-required-grade', 'script-error', 'limit', 'check-error', 'engine-inconsistency', 'warning/rule/not-used']));
    const summary = run.results!.map((r) => [r.ruleId, r.level, r.locations![0]!.physicalLocation!.artifactLocation!.uri, r.locations![0]!.physicalLocation!.region!.startLine, r.locations![0]!.physicalLocation!.region!.startColumn]);
    expect(summary).toEqual([
      ['warning/rule/not-used', 'warning', 'dir/a "b".proof', 4, 22],
      ['refuted', 'error', 'dir/a "b".proof', 4, 5],
      ['refuted', 'error', 'dir/a "b".proof', 5, 5],
      ['below-required-grade', 'error', 'dir/a "b".proof', 7, 1],
      ['script-error', 'error', 'bad.proof', 1, 5],
    ]);
    for (const r of run.results!) {
      expect(run.tool.driver.rules![r.ruleIndex!]!.id).toBe(r.ruleId);
      expect(r.partialFingerprints!['proofcheck/v1']).toMatch(/^[0-9a-f]{32}$/);
    }
    expect(new Set(run.results!.map((r) => r.partialFingerprints!['proofcheck/v1'])).size).toBe(run.results!.length);
  });

  it('a refuted calc with two wrong steps gives two results at the two steps', () => {
    const l = log(checkedReport([TWO_WRONG]), process.cwd());
    const results = l.runs[0]!.results!;
    expect(results).toHaveLength(2);
    expect(results.map((r) => r.ruleId)).toEqual(['refuted', 'refuted']);
    expect(results.map((r) => r.locations![0]!.physicalLocation!.region!.startLine)).toEqual([6, 7]);
    expect(results.map((r) => r.locations![0]!.physicalLocation!.region!.startColumn)).toEqual([5, 5]);
    expect(results.map((r) => r.locations![0]!.physicalLocation!.artifactLocation!.uri)).toEqual([TWO_WRONG, TWO_WRONG]);
    expect(results[0]!.message.text).toMatch(/^bernoulli_variance, step 2: REFUTED/);
  });

  it('fingerprints are stable across runs and when lines move', () => {
    const a = log(checkedReport([TWO_WRONG]), process.cwd()).runs[0]!.results!;
    const report = checkedReport([TWO_WRONG]);
    const shifted: RunReport = { ...report, files: report.files.map((f) => ({ ...f, items: f.items.map((it) => ({ ...it, line: it.line + 5, steps: it.steps?.map((s) => ({ ...s, line: s.line + 5 })) })) })) };
    const b = log(shifted, process.cwd()).runs[0]!.results!;
    expect(b.map((r) => r.partialFingerprints)).toEqual(a.map((r) => r.partialFingerprints));
  });

  it('every proofs/bad report is valid SARIF', () => {
    const paths = readdirSync('proofs/bad').filter((f) => f.endsWith('.proof')).map((f) => `proofs/bad/${f}`);
    const l = log(checkedReport(paths, { runs: 50 }), process.cwd());
    expect(l.runs[0]!.results!.length).toBeGreaterThanOrEqual(paths.length);
  }, 120_000);

  it('URIs are relative to the root, with posix separators; files outside it get file: URIs', () => {
    expect(artifactUri('proofs/a.proof', '/repo')).toBe('proofs/a.proof');
    expect(artifactUri('/repo/proofs/a.proof', '/repo')).toBe('proofs/a.proof');
    expect(artifactUri('/tmp/x y.proof', '/repo')).toBe('file:///tmp/x%20y.proof');
    expect(artifactUri('./a.proof')).toBe('a.proof');
  });

  it('the schema can fail: a region starting at line 0 is rejected', () => {
    const l = JSON.parse(formatSarif(sampleReport())) as Log;
    l.runs[0]!.results![0]!.locations![0]!.physicalLocation!.region!.startLine = 0;
    expect(sarifSchemaErrors(l)).toMatch(/startLine/);
  });
});
