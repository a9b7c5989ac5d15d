/**
 * The command as a user runs it: a spawned process, its exit codes and output.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportSchemaErrors } from '../helpers/schema.ts';

function run(args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, ['bin/proofcheck.js', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

function scratch(text: string, name = 'scratch.proof'): string {
  const dir = mkdtempSync(join(tmpdir(), 'proofcheck-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('proofcheck command', () => {
  it('checks a showcase file: exit 0 and a summary line', () => {
    const r = run(['proofs/nce-optimum.proof']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\d+ passed, 0 failed, 0 undecided, 0 errors$/m);
    expect(r.out).toContain('PROVED');
  });

  it('refutes a false claim in a scratch file with a counterexample: exit 1', () => {
    const path = scratch('var mu in (0, 1)\nclaim variance: mu*(1 - mu) = mu*(1 + mu)\n');
    const r = run([path]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('REFUTED');
    expect(r.out).toMatch(/counterexample/);
    expect(r.out).toMatch(/^0 passed, 1 failed/m);
  });

  it('reports a malformed script with file:line:col and a caret: exit 2', () => {
    const path = scratch('var p in [0, 1)\nclaim: (1 + p = p\n');
    const r = run([path]);
    expect(r.code).toBe(2);
    expect(r.out).toContain(`${path}:2:`);
    expect(r.out).toMatch(/\^/);
    expect(r.out + r.err).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/); // no stack trace
  });

  it('usage errors exit 2 without a stack trace', () => {
    for (const args of [[], ['--format', 'xml', 'proofs'], ['--no-such-flag'], ['no/such/path.proof'], ['--runs', 'many', 'proofs']]) {
      const r = run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(/^proofcheck: /);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });

  it('an empty folder is a usage error: exit 2 with a clear message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'proofcheck-empty-'));
    const r = run([dir]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('no proof files found');
  });

  it('--help prints usage and exits 0', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: proofcheck');
  });

  it('--format json prints a parsable report with the summary', () => {
    const r = run(['--format', 'json', '--runs', '50', 'proofs/nce-optimum.proof']);
    expect(r.code).toBe(0);
    expect(reportSchemaErrors(r.out)).toBe('');
    const report = JSON.parse(r.out) as { summary: { passed: number; failed: number }; files: unknown[] };
    expect(report.summary.failed).toBe(0);
    expect(report.summary.passed).toBeGreaterThan(0);
    expect(report.files).toHaveLength(1);
  });

  it('--require proved fails a claim that is only proved for a range', () => {
    const path = scratch('var p in [0, 1)\nclaim: for k in 0..3: coeff(1/(1-p), p^k) = 1\n');
    expect(run([path]).code).toBe(0);
    const r = run(['--require', 'proved', path]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('below the required grade');
  });

  it('a claim within a small --max-series-order passes (the series memo never asks beyond the limit)', () => {
    const path = scratch('var p in [0, 1)\nclaim: coeff(1/(1-p), p^2) = 1\n');
    const r = run(['--no-numeric', '--max-series-order', '5', path]);
    expect(r.out).toMatch(/^1 passed, 0 failed/m);
    expect(r.code).toBe(0);
  });

  it('a claim that exceeds a limit is an ERROR for that claim, not a crash', () => {
    const path = scratch('var p in [0, 1)\nclaim: coeff(exp(p), p^50) = 1/50!\n');
    const r = run(['--max-series-order', '10', path]);
    expect(r.code).toBe(2);
    expect(r.out).toContain('ERROR');
    expect(r.out).toMatch(/limit/);
  });
});
