/**
 * Every proof script under proofs/ (.proof, and Markdown posts whose LaTeX display
 * math is checked too; except proofs/bad, which must fail) must pass
 * at the default requirement (PROVED or PROVED for a range), with the numeric
 * witness agreeing: one test case per claim, grade in the name, through the
 * vitest helper that projects can use themselves.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describeProofs } from '../../src/vitest.ts';

function scripts(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) return name === 'bad' ? [] : scripts(p);
      return name.endsWith('.proof') || name.endsWith('.md') ? [p] : [];
    });
}

describeProofs(scripts('proofs'), { require: 'range' });
