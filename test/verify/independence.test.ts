/**
 * The numeric witness must stay independent of the exact kernel: no file under
 * src/verify may import src/algebra (directly, or through another module of ours
 * that could), and none may compile code at run time. The scanner is itself
 * tested on planted sources so that a broken scanner cannot pass silently.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const VERIFY = join(ROOT, 'src', 'verify');
/** Modules outside src/verify that the witness may import. */
const ALLOWED = new Set([join(ROOT, 'src', 'proofs', 'ast.ts')]);
const ALLOWED_PACKAGES = new Set(['fast-check']);

/** Problems in one source file: forbidden imports and code generation. */
export function scanSource(text: string, file: string): string[] {
  const problems: string[] = [];
  // Strip comments so that prose (like this module's) does not trip the scan.
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  const specs: string[] = [];
  for (const m of code.matchAll(/\b(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]/g)) specs.push(m[1]!);
  for (const m of code.matchAll(/\bimport\s*['"]([^'"]+)['"]/g)) specs.push(m[1]!);
  for (const m of code.matchAll(/\b(?:import|require)\s*\(\s*['"`]([^'"`]+)['"`]/g)) specs.push(m[1]!);
  if (/\b(?:import|require)\s*\(\s*[^'"`\s)]/.test(code)) problems.push('dynamic import/require with a computed specifier');
  for (const spec of specs) {
    if (/algebra/.test(spec)) { problems.push(`imports ${spec} (the exact kernel)`); continue; }
    if (spec.startsWith('.')) {
      const target = resolve(dirname(file), spec);
      const inside = target === VERIFY || target.startsWith(VERIFY + sep);
      if (!inside && !ALLOWED.has(target)) problems.push(`imports ${spec} (outside src/verify; only src/proofs/ast.ts is allowed)`);
    } else if (!ALLOWED_PACKAGES.has(spec) && !spec.startsWith('node:')) {
      problems.push(`imports package ${spec}`);
    }
  }
  if (/\beval\s*\(/.test(code)) problems.push('calls eval(');
  if (/\bnew\s+Function\s*\(/.test(code) || /\bFunction\s*\(\s*['"`]/.test(code)) problems.push('uses new Function(');
  if (/buildFunction/.test(code)) problems.push('mentions buildFunction');
  if (/nerdamer/.test(code)) problems.push('uses nerdamer');
  return problems;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

describe('independence of src/verify', () => {
  it('no file under src/verify imports the kernel or generates code', () => {
    const files = walk(VERIFY).filter((f) => /\.(ts|js|mjs|cjs)$/.test(f));
    expect(files.length).toBeGreaterThan(5);
    const report = files.flatMap((f) => scanSource(readFileSync(f, 'utf8'), f).map((p) => `${relative(ROOT, f)}: ${p}`));
    expect(report).toEqual([]);
  });

  describe('the scanner catches planted violations', () => {
    const f = join(VERIFY, 'planted.ts');
    const cases: [string, RegExp][] = [
      [`import { add } from '../algebra/rational.ts';`, /kernel/],
      [`import type { Rational } from "../algebra/rational.ts";`, /kernel/],
      [`export { q } from '../algebra/series.ts';`, /kernel/],
      [`const k = await import('../algebra/kernel.ts');`, /kernel/],
      [`import { checkItemExact } from '../proofs/check.ts';`, /outside src\/verify/],
      [`import x from 'nerdamer';`, /package nerdamer/],
      [`const f = eval('1+1');`, /eval/],
      [`const f = new Function('x', 'return x');`, /new Function/],
      [`nerd.buildFunction(expr);`, /buildFunction/],
      [`const m = require(name);`, /computed specifier/],
    ];
    for (const [src, want] of cases) {
      it(`flags: ${src}`, () => {
        const problems = scanSource(src, f);
        expect(problems.join('; ')).toMatch(want);
      });
    }
    it('accepts the allowed imports and ignores comments', () => {
      const ok = `import type { Expr } from '../proofs/ast.ts';\nimport fc from 'fast-check';\nimport { cx } from './complex.ts';\n// never call eval( here\n/* new Function( in prose */`;
      expect(scanSource(ok, f)).toEqual([]);
    });
  });
});
