/**
 * Golden tests: every proofs/bad/*.proof and proofs/bad/*.md (and the malformed-LaTeX
 * posts in proofs/bad/latex/*.md) must FAIL (a bad proof that is accepted fails the
 * suite), and its report must match proofs/bad/<name>.expected exactly.
 * Regenerate with UPDATE_GOLDEN=1 after reading the diff.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSource, DEFAULT_OPTIONS } from '../../src/proofs/run.ts';
import { exitCode, summarize, type RunReport } from '../../src/proofs/report.ts';
import { formatText } from '../../src/reporters/text.ts';
import { readScript } from '../../src/proofs/files.ts';

const BAD = 'proofs/bad';
const files = [
  ...readdirSync(BAD).filter((f) => f.endsWith('.proof') || f.endsWith('.md')),
  ...readdirSync(join(BAD, 'latex')).filter((f) => f.endsWith('.md')).map((f) => join('latex', f)),
].sort();

/**
 * Numeric-witness lines carry float figures (values, tolerances) whose last digits
 * depend on the evaluator's error estimates, which may depend on what ran earlier in
 * the process (cached Cauchy plans). Goldens pin them to 3 significant digits, with
 * magnitudes below 1e-9 shown as 0; verdicts, points, seeds and paths stay exact.
 */
export function stabilise(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      if (!/numeric witness/.test(line)) return line;
      return line.replace(/(lhs|rhs|lhs - rhs|tolerance|\|l - r\|) = ?(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)|(tolerance) (-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)/g, (_m, k1, v1, k2, v2) => {
        const key = k1 ?? k2;
        const value = Number(v1 ?? v2);
        const shown = Math.abs(value) < 1e-9 ? '0' : String(Number(value.toPrecision(3)));
        return k1 ? `${key} = ${shown}` : `${key} ${shown}`;
      });
    })
    .join('\n');
}

function render(path: string): { text: string; code: number } {
  const fr = checkSource(readScript(path), DEFAULT_OPTIONS);
  const report: RunReport = { files: [fr], requirement: 'range', summary: summarize([fr], 'range'), timeMs: 0, seed: 42 };
  return { text: stabilise(formatText(report, { color: false, verbose: false, times: false })), code: exitCode(report) };
}

describe('proofs/bad: scripts that must fail, with golden diagnostics', () => {
  it('has at least 15 bad scripts', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
  });
  for (const f of files) {
    it(f, () => {
      const path = join(BAD, f);
      const { text, code } = render(path);
      expect(code, `${f} was accepted:\n${text}`).not.toBe(0);
      const golden = path.replace(/\.(proof|md)$/, '.expected');
      if (process.env.UPDATE_GOLDEN || !existsSync(golden)) {
        if (!process.env.UPDATE_GOLDEN && process.env.CI) throw new Error(`missing golden file ${golden}`);
        writeFileSync(golden, text);
      }
      expect(text).toBe(readFileSync(golden, 'utf8'));
    });
  }
});
