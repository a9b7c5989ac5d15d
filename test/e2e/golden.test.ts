/**
 * Golden tests: every proofs/bad/*.proof must FAIL (a bad proof that is accepted
 * fails the suite), and its report must match proofs/bad/<name>.expected exactly.
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
const files = readdirSync(BAD).filter((f) => f.endsWith('.proof')).sort();

function render(path: string): { text: string; code: number } {
  const fr = checkSource(readScript(path), DEFAULT_OPTIONS);
  const report: RunReport = { files: [fr], requirement: 'range', summary: summarize([fr], 'range'), timeMs: 0, seed: 42 };
  return { text: formatText(report, { color: false, verbose: false, times: false }), code: exitCode(report) };
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
      const golden = path.replace(/\.proof$/, '.expected');
      if (process.env.UPDATE_GOLDEN || !existsSync(golden)) {
        if (!process.env.UPDATE_GOLDEN && process.env.CI) throw new Error(`missing golden file ${golden}`);
        writeFileSync(golden, text);
      }
      expect(text).toBe(readFileSync(golden, 'utf8'));
    });
  }
});
