/**
 * The long fuzz run: `npm run fuzz -- --minutes N [--seed S]`.
 * Alternates (1) robustness: mutated and generated scripts in-process, and in
 * batches through the worker pool with its hard limits (a file that runs past the
 * sum of its limits by more than 1 s per claim is reported); and (2) mutation
 * soundness over every script in proofs/. Prints each failure with a reproducer,
 * and the counts at the end; exit code 1 when anything was found.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkFiles } from '../../src/cli/pool.ts';
import { generateScript, mutateClaims, mutateText, rng, robustnessProblems, soundnessFlags, FUZZ_OPTIONS } from './fuzz.ts';
import type { SourceFile } from '../../src/proofs/ast.ts';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

const minutes = arg('--minutes', 5);
const seed = arg('--seed', Date.now() % 2 ** 31);
const r = rng(seed);
const corpus = readdirSync('proofs').filter((f) => f.endsWith('.proof')).map((f) => ({ name: join('proofs', f), text: readFileSync(join('proofs', f), 'utf8') }));
const light = corpus.filter((c) => !/exponential-family|gaussian-family|derivatives/.test(c.name));
const end = Date.now() + minutes * 60_000;
let scripts = 0;
let mutants = 0;
let pooled = 0;
const found: string[] = [];
const report = (what: string, text: string): void => {
  found.push(what);
  process.stdout.write(`\n=== ${what}\n--- reproducer ---\n${text}\n`);
};

console.log(`fuzz: seed ${seed}, ${minutes} min`);
while (Date.now() < end) {
  // (1) robustness, in-process
  for (let k = 0; k < 20; k++) {
    const base = light[Math.floor(r() * light.length)]!;
    const text = r() < 0.2 ? generateScript(r) : mutateText(r() < 0.3 ? mutateText(base.text, r) : base.text, r);
    scripts++;
    const p = robustnessProblems(text, 'fuzz.proof');
    if (p.length > 0) report(p.join('; '), text);
  }
  // (1b) the same through the worker pool, with hard limits
  const batch: SourceFile[] = [];
  for (let k = 0; k < 4; k++) batch.push({ name: `fuzz-${pooled + k}.proof`, text: mutateText(light[Math.floor(r() * light.length)]!.text, r) });
  pooled += batch.length;
  const limits = { ...FUZZ_OPTIONS.limits, timeoutMs: 2000 };
  const t0 = Date.now();
  const files = await checkFiles(batch, { ...FUZZ_OPTIONS, limits }, 2);
  for (const [i, f] of files.entries()) {
    const allowed = (f.items.length + 1) * (limits.timeoutMs + 1000) + 3000;
    if (f.timeMs > allowed) report(`ran past its limits: ${Math.round(f.timeMs)} ms for ${f.items.length} claims (allowed ${allowed} ms)`, batch[i]!.text);
    const text = [...f.errors, ...f.items.flatMap((it) => it.details)].join('\n');
    if (/\n\s+at .*:\d+:\d+/.test(text) || /internal error/.test(text)) report('stack trace or internal error through the pool', batch[i]!.text);
  }
  void t0;
  // (2) mutation soundness over the whole corpus
  for (let k = 0; k < 4 && Date.now() < end; k++) {
    const base = corpus[Math.floor(r() * corpus.length)]!;
    const m = mutateClaims(base.text, r);
    if (!m) continue;
    mutants++;
    const flags = soundnessFlags(m.text, base.name, r, 10);
    if (flags.length > 0) report(`${flags.join('\n')}\nmutant: ${m.what}`, m.text);
  }
}
console.log(`\nfuzz done: ${scripts} scripts in-process, ${pooled} through the pool, ${mutants} mutants; ${found.length} problem${found.length === 1 ? '' : 's'} found (seed ${seed})`);
process.exit(found.length > 0 ? 1 : 0);
