/**
 * A small seeded fuzz run, part of `npm test` (the long run is `npm run fuzz`):
 * robustness of the checker on mutated and generated scripts, and soundness of
 * the grades of mutated claims against the independent oracle (fuzz.ts).
 * Every failure prints the mutant, which reproduces it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateScript, mutateClaims, mutateText, rng, robustnessProblems, soundnessFlags } from './fuzz.ts';

const SEED = 20261206;
const LIGHT = ['proofs/nce-optimum.proof', 'proofs/information.proof'].map((p) => ({ name: p, text: readFileSync(p, 'utf8') }));

describe('fuzz smoke run (seeded)', () => {
  it('robustness: 40 mutated and 10 generated scripts give located reports, never an exception', () => {
    const r = rng(SEED);
    const failures: string[] = [];
    for (let n = 0; n < 50; n++) {
      const base = LIGHT[n % LIGHT.length]!;
      const text = n < 40 ? mutateText(n % 3 === 0 ? mutateText(base.text, r) : base.text, r) : generateScript(r);
      const problems = robustnessProblems(text, 'fuzz.proof');
      if (problems.length > 0) failures.push(`${problems.join('; ')}\n--- reproducer ---\n${text}`);
    }
    expect(failures, failures.join('\n\n')).toEqual([]);
  }, 120_000);

  it('mutation soundness: 24 mutants of the corpus, every passing grade confirmed by the oracle', () => {
    const r = rng(SEED + 1);
    const flags: string[] = [];
    for (let n = 0; n < 24; n++) {
      const base = LIGHT[n % LIGHT.length]!;
      const m = mutateClaims(base.text, r);
      if (!m) continue;
      const f = soundnessFlags(m.text, base.name, r, 8);
      if (f.length > 0) flags.push(`${f.join('\n')}\nmutant: ${m.what}`);
    }
    expect(flags, flags.join('\n\n')).toEqual([]);
  }, 120_000);
});

describe('the fuzz tools can fail (planted bugs)', () => {
  it('the oracle refutes a false claim at a random point, and mutateClaims changes a claim', async () => {
    const { frontEnd } = await import('../../src/proofs/run.ts');
    const { confirmAtSample } = await import('../../src/proofs/check.ts');
    const { FUZZ_LIMITS } = await import('./fuzz.ts');
    const { program } = frontEnd({ name: 'o.proof', text: 'var x in (0, 1)\nclaim f: for k in 1..3: x^k = x\n' });
    const item = program!.items[0]!;
    // at k = 2 (index 1 of 1..3), x^2 = x is false at x = 0.3
    expect(confirmAtSample(item, program!, FUZZ_LIMITS, { x: 0.3 }, () => 1)?.grade).toBe('REFUTED');
    expect(confirmAtSample(item, program!, FUZZ_LIMITS, { x: 0.3 }, () => 0)).toBeUndefined();
    const m = mutateClaims('var x real\nclaim c: x + 1 > x\n', rng(3));
    expect(m && m.text).not.toBe('var x real\nclaim c: x + 1 > x\n');
  });
});
