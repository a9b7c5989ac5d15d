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

/**
 * The layers of src/verify, bottom first (CONTRIBUTING.md): a module imports only from
 * its own layer and those before it. The one exception, jets/taylor.ts registering
 * its fields with eval/compile.ts, is named.
 */
const LAYERS = ['arith', 'jets', 'eval', 'confirm', ''];
const UPWARD_ALLOWED = new Set(['jets/taylor.ts -> eval/compile.ts']);
function layerOf(file: string): number {
  const rel = relative(VERIFY, file).split(sep);
  return LAYERS.indexOf(rel.length > 1 ? rel[0]! : '');
}

/** Imports of a file under src/verify that reach a layer above its own. */
export function upwardImports(text: string, file: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  const out: string[] = [];
  for (const m of code.matchAll(/\b(?:import|export)\s[^'"`;]*?from\s*['"](\.[^'"]+)['"]/g)) {
    const target = resolve(dirname(file), m[1]!);
    if (!target.startsWith(VERIFY + sep)) continue;
    const edge = `${relative(VERIFY, file).split(sep).join('/')} -> ${relative(VERIFY, target).split(sep).join('/')}`;
    if (layerOf(target) > layerOf(file) && !UPWARD_ALLOWED.has(edge)) out.push(edge);
  }
  return out;
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

  it('every module imports only from its own layer and those below it', () => {
    const files = walk(VERIFY).filter((f) => f.endsWith('.ts'));
    expect(files.every((f) => layerOf(f) >= 0)).toBe(true);
    expect(files.flatMap((f) => upwardImports(readFileSync(f, 'utf8'), f))).toEqual([]);
  });

  it('the layer scan catches a planted upward import', () => {
    expect(upwardImports(`import { evaluate } from '../eval/evaluate.ts';`, join(VERIFY, 'arith', 'field.ts'))).toEqual(['arith/field.ts -> eval/evaluate.ts']);
    expect(upwardImports(`import type { Point } from '../properties.ts';`, join(VERIFY, 'confirm', 'exact.ts'))).toEqual(['confirm/exact.ts -> properties.ts']);
    expect(upwardImports(`import { cx } from '../arith/complex.ts';`, join(VERIFY, 'eval', 'numeric.ts'))).toEqual([]);
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
