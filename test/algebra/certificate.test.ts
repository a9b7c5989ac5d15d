/**
 * The soundness boundary: only kernel modules (src/algebra) may mint certificates,
 * and nothing in src/ may evaluate code. These tests scan the sources, and the
 * scanners are themselves tested on planted violations so they cannot pass vacuously.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Certificate, KERNEL_KEY } from '../../src/algebra/certificate.ts';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : /\.(ts|mts|mjs|js)$/.test(p) ? [p] : [];
  });
}

/** Lines that import the minting key or the certificate module's internals. */
export function mintViolations(path: string, text: string): string[] {
  if (path.startsWith('src/algebra/')) return [];
  return text.split('\n').filter((l) => /KERNEL_KEY|Certificate\.mint/.test(l));
}

/** Lines that evaluate code. */
export function evalViolations(text: string): string[] {
  return text.split('\n').filter((l) => /\beval\s*\(|new\s+Function\s*\(|buildFunction\s*\(/.test(l) && !/^\s*(\*|\/\/)/.test(l));
}

describe('certificates', () => {
  it('only the kernel key mints', () => {
    const c = Certificate.mint(KERNEL_KEY, 'x = x', 'test');
    expect(c.statement).toBe('x = x');
    expect(() => Certificate.mint(Symbol('forged') as typeof KERNEL_KEY, 'false', 'forged')).toThrow(/only the kernel/);
  });

  it('a statement given as a function is printed once, on first use, and is then fixed', () => {
    let calls = 0;
    const c = Certificate.mint(KERNEL_KEY, () => {
      calls += 1;
      return `1/2 < ${calls}`;
    }, 'test');
    expect(calls).toBe(0);
    expect(c.statement).toBe('1/2 < 1');
    expect(c.statement).toBe('1/2 < 1');
    expect(calls).toBe(1);
    expect(() => Certificate.mint(Symbol('forged') as typeof KERNEL_KEY, () => 'false', 'forged')).toThrow(/only the kernel/);
  });

  it('no module outside src/algebra uses the minting key', () => {
    const bad = sources('src').flatMap((p) => mintViolations(p, readFileSync(p, 'utf8')).map((l) => `${p}: ${l.trim()}`));
    expect(bad).toEqual([]);
  });

  it('the mint scanner catches a planted violation', () => {
    expect(mintViolations('src/proofs/check.ts', "import { KERNEL_KEY } from '../algebra/certificate.ts';")).toHaveLength(1);
    expect(mintViolations('src/algebra/kernel.ts', "import { KERNEL_KEY } from './certificate.ts';")).toHaveLength(0);
  });

  it('nothing in src/ evaluates code (eval, new Function, buildFunction)', () => {
    const bad = sources('src').flatMap((p) => evalViolations(readFileSync(p, 'utf8')).map((l) => `${p}: ${l.trim()}`));
    expect(bad).toEqual([]);
  });

  it('the eval scanner catches planted violations', () => {
    expect(evalViolations('const f = new Function("x", "return x");')).toHaveLength(1);
    expect(evalViolations('nerdamer(s).buildFunction();')).toHaveLength(1);
    expect(evalViolations('return eval(src);')).toHaveLength(1);
    expect(evalViolations('const evaluation = evaluate(x);')).toHaveLength(0);
  });
});
