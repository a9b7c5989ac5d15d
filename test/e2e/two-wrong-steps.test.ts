/**
 * Issue 16's "done when": a REFUTED calc with two wrong steps gives, in JSON,
 * JUnit, GitHub annotations and SARIF, two located results at the two steps
 * (lines 6 and 7, column 5, of proofs/bad/calc-two-wrong-steps.proof).
 */
import { describe, expect, it } from 'vitest';
import { formatJson } from '../../src/reporters/json.ts';
import { formatJunit } from '../../src/reporters/junit.ts';
import { formatGithub } from '../../src/reporters/github.ts';
import { formatSarif } from '../../src/reporters/sarif.ts';
import { checkedReport, TWO_WRONG } from '../helpers/reports.ts';
import { reportSchemaErrors, sarifSchemaErrors } from '../helpers/schema.ts';

describe('a refuted calc with two wrong steps, in every CI format', () => {
  const report = checkedReport([TWO_WRONG]);
  const at = [[6, 5], [7, 5]];

  it('JSON: two REFUTED steps with their own line and column', () => {
    const text = formatJson(report);
    expect(reportSchemaErrors(text)).toBe('');
    const steps = (JSON.parse(text) as { files: { items: { steps: { grade: string; line: number; col: number }[] }[] }[] }).files[0]!.items[0]!.steps;
    expect(steps.filter((s) => s.grade === 'REFUTED').map((s) => [s.line, s.col])).toEqual(at);
  });

  it('JUnit: one test case whose failure locates both steps', () => {
    const xml = formatJunit(report);
    const located = [...xml.matchAll(new RegExp(`${TWO_WRONG}:(\\d+):(\\d+): step \\d REFUTED`, 'g'))].map((m) => [Number(m[1]), Number(m[2])]);
    expect(located).toEqual(at);
  });

  it('GitHub: two ::error annotations at the two steps', () => {
    const lines = formatGithub(report).split('\n').filter((l) => l.startsWith('::error'));
    expect(lines.map((l) => [Number(/line=(\d+)/.exec(l)![1]), Number(/col=(\d+)/.exec(l)![1])])).toEqual(at);
  });

  it('SARIF: two results with regions at the two steps', () => {
    const text = formatSarif(report, { root: process.cwd() });
    expect(sarifSchemaErrors(text)).toBe('');
    const results = (JSON.parse(text) as { runs: { results: { locations: { physicalLocation: { region: { startLine: number; startColumn: number } } }[] }[] }[] }).runs[0]!.results;
    expect(results.map((r) => [r.locations[0]!.physicalLocation.region.startLine, r.locations[0]!.physicalLocation.region.startColumn])).toEqual(at);
  });
});
