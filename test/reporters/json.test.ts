/**
 * The JSON report: versioned, valid against docs/report.schema.json for every
 * report the suite makes here (the sample, every proofs/bad script, a showcase
 * file), with structured steps and counterexamples; the schema rejects drift.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { formatJson, jsonReport, SCHEMA_VERSION } from '../../src/reporters/json.ts';
import { checkedReport, sampleReport, TWO_WRONG } from '../helpers/reports.ts';
import { reportSchemaErrors } from '../helpers/schema.ts';

interface Json {
  schemaVersion: number;
  tool: { name: string; version?: string };
  files: { items: { name?: string; grade: string; replay?: string; counterexample?: unknown; steps?: { index: number; line: number; col: number; grade: string; counterexample?: { method: string; point: Record<string, { exact?: string; float: number }>; left?: string; right?: string } }[] }[] }[];
}

describe('JSON report', () => {
  it('carries schemaVersion and the tool, and validates against the shipped schema', () => {
    const text = formatJson({ ...sampleReport(), version: '9.9.9', shard: { index: 1, count: 2 } });
    const json = JSON.parse(text) as Json;
    expect(json.schemaVersion).toBe(SCHEMA_VERSION);
    expect(json.tool).toEqual({ name: 'proofcheck', version: '9.9.9' });
    expect(Object.keys(json)[0]).toBe('schemaVersion');
    expect(reportSchemaErrors(text)).toBe('');
  });

  it('ships the schema in the package', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('docs');
  });

  it('every proofs/bad report validates', () => {
    const paths = readdirSync('proofs/bad').filter((f) => f.endsWith('.proof')).map((f) => `proofs/bad/${f}`);
    const report = checkedReport(paths, { runs: 50 });
    expect(reportSchemaErrors(jsonReport(report))).toBe('');
  }, 120_000);

  it('the schema can fail: unknown fields, wrong grades and a missing version are rejected', () => {
    const good = jsonReport(sampleReport()) as Record<string, unknown> & { files: { items: Record<string, unknown>[] }[] };
    expect(reportSchemaErrors({ ...good, schemaVersion: 2 })).not.toBe('');
    const { schemaVersion: _drop, ...noVersion } = good;
    expect(reportSchemaErrors(noVersion)).toMatch(/schemaVersion/);
    const wrongGrade = structuredClone(good);
    wrongGrade.files[0]!.items[0]!.grade = 'OK';
    expect(reportSchemaErrors(wrongGrade)).toMatch(/grade/);
    const extra = structuredClone(good);
    extra.files[0]!.items[0]!.verdict = 'PROVED';
    expect(reportSchemaErrors(extra)).toMatch(/additional/);
  });

  it('a refuted calc with two wrong steps gives two located steps with exact counterexamples', () => {
    const json = JSON.parse(formatJson(checkedReport([TWO_WRONG]))) as Json;
    expect(reportSchemaErrors(json)).toBe('');
    const calc = json.files[0]!.items[0]!;
    expect(calc.grade).toBe('REFUTED');
    const bad = calc.steps!.filter((s) => s.grade === 'REFUTED');
    expect(bad.map((s) => [s.index, s.line, s.col])).toEqual([[2, 6, 5], [3, 7, 5]]);
    expect(bad[0]!.counterexample).toEqual({ method: 'exact', point: { mu: { exact: '1/2', float: 0.5 } }, left: '1/4', right: '3/4' });
    expect(bad[1]!.counterexample).toEqual({ method: 'exact', point: { mu: { exact: '1/2', float: 0.5 } }, left: '3/4', right: '1/4' });
    expect(calc.steps![0]!.grade).toBe('PROVED');
    expect(calc.counterexample).toEqual(bad[0]!.counterexample);
    expect(calc.replay).toMatch(new RegExp(`^proofcheck ${TWO_WRONG} --filter bernoulli_variance --seed 42 --path [\\d:]+ --runs 200$`));
  });
});
