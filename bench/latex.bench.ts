/**
 * LaTeX front end: parse time per 1000 display-math rows (lexing, row splitting,
 * parsing to the surface AST; no elaboration or checking), over the kinds of rows
 * the blog posts use. Target (issue 18): under 50 ms per 1000 rows.
 */
import { readBlock } from '../src/proofs/latex/block.ts';
import type { LatexNames } from '../src/proofs/latex/parser.ts';

const NAMES: LatexNames = {
  functions: new Map([['f', 2], ['A', 1], ['sigma', 1], ['T', 1], ['g', 1]]),
  values: new Set(['p', 'x', 'eta', 'mu', 'L', 'a', 'b', 's']),
  families: new Map([['bern', 'x']]),
};

const ROWS = [
  '\\frac{d}{dp} f_j\\left(\\log\\frac{1}{1-p}\\right) = f_{j-1}(L)\\cdot\\frac{1}{1-p}',
  '\\frac{d^2}{dp^2} f_j(L) = \\frac{f_{j-1}(L) + f_{j-2}(L)}{(1-p)^2}',
  '\\sum_{i=0}^{j} p^i \\le \\sum_{i=0}^{j} \\frac{1}{i!}\\left(\\log\\frac{1}{1-p}\\right)^i',
  '\\frac{\\partial^2 A}{\\partial \\eta^2} = \\operatorname{Var}[T] = \\sigma(\\eta)\\bigl(1 - \\sigma(\\eta)\\bigr)',
  '-a\\bigl(1 - \\sigma(s)\\bigr) + b\\,\\sigma(s) = (a + b)\\,\\sigma(s) - a % by algebra',
  '[p^k]\\, f_j(L) = 1 \\tag{coefficients}',
];

export async function run(): Promise<void> {
  const opts = { names: NAMES, quantifiers: [], tolerance: { num: 1n, den: 1000n } };
  const block = Array.from({ length: 1000 }, (_, i) => ROWS[i % ROWS.length]).join(' \\\\\n');
  // Warm up, then take the median of 9 runs of 1000 rows in one block, and of 1000 one-row blocks.
  for (let i = 0; i < 3; i++) {
    readBlock(block, 0, block.length, opts);
    for (const row of ROWS) for (let k = 0; k < 200; k++) readBlock(row, 0, row.length, opts);
  }
  const samples = (f: () => void): number => {
    const xs: number[] = [];
    for (let i = 0; i < 9; i++) {
      const t0 = performance.now();
      f();
      xs.push(performance.now() - t0);
    }
    return xs.sort((a, b) => a - b)[4]!;
  };
  const one = samples(() => {
    const r = readBlock(block, 0, block.length, opts);
    if (r.status !== 'checked') throw new Error(`bench block did not parse: ${r.status === 'error' ? r.error.message : r.status}`);
  });
  const many = samples(() => {
    for (let i = 0; i < 1000; i++) {
      const row = ROWS[i % ROWS.length]!;
      readBlock(row, 0, row.length, opts);
    }
  });
  console.log('\n== LaTeX front end: parse time per 1000 rows (target < 50 ms)');
  console.log(`  1000 rows in one aligned block: ${one.toFixed(1)} ms`);
  console.log(`  1000 one-row blocks:            ${many.toFixed(1)} ms`);
}
