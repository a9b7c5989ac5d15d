/**
 * The LaTeX front end: each construct of the subset (docs/latex.md), the documented
 * readings of ambiguous input, positions, and a fuzz of mutated rows (never a
 * crash: every input is a parse, a 'no relation', or a located LatexError).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Expr } from '../../../src/proofs/ast.ts';
import { lexLatex, LatexError } from '../../../src/proofs/latex/lexer.ts';
import { LatexParser, normaliseTokens, type LatexNames } from '../../../src/proofs/latex/parser.ts';
import { readBlock } from '../../../src/proofs/latex/block.ts';
import { check } from '../../../src/proofs/run.ts';
import { DEFAULT_LIMITS } from '../../../src/proofs/limits.ts';
import { parseAndElaborate } from '../../../src/proofs/frontend.ts';
import { readFileSync } from 'node:fs';

const NAMES: LatexNames = {
  functions: new Map([['f', 2], ['g', 1], ['A', 1], ['sigma', 1], ['loss', 1]]),
  values: new Set(['p', 'x', 'eta', 'a', 'b', 'L', 'y', 'eta1', 'mu']),
  families: new Map([['bern', 'z']]),
};

/** A compact prefix rendering of a surface expression, for readable assertions. */
function show(e: Expr): string {
  switch (e.kind) {
    case 'num': return e.den === 1n ? String(e.num) : `${e.num}/${e.den}`;
    case 'name': return e.name;
    case 'neg': return `(- ${show(e.arg)})`;
    case 'binop': return `(${e.op} ${show(e.left)} ${show(e.right)})`;
    case 'apply': return `${e.name}(${e.args.map(show).join(', ')})`;
    case 'factorial': return `${show(e.arg)}!`;
    case 'sum': case 'prod': return `${e.kind}(${e.index} = ${show(e.lo)}..${e.hi === 'inf' ? 'inf' : show(e.hi)}, ${show(e.body)})`;
    case 'dsurface': return `d^${e.orderExpr ? show(e.orderExpr) : e.order}/d${e.var}(${show(e.body)})`;
    default: return e.kind;
  }
}

function read(latex: string, names = NAMES): string {
  const { tokens } = lexLatex(latex, 0, latex.length);
  return show(new LatexParser(normaliseTokens(tokens), names, latex).parseWhole());
}

function error(latex: string): LatexError {
  try {
    read(latex);
  } catch (e) {
    if (e instanceof LatexError) return e;
    throw e;
  }
  throw new Error(`no error for ${latex}`);
}

describe('latex: the subset', () => {
  const cases: [string, string][] = [
    ['\\frac{1}{1-p}', '(/ 1 (- 1 p))'],
    ['\\dfrac{a}{b} + \\tfrac12', '(+ (/ a b) (/ 1 2))'],
    ['x^{2} + y_{1}', '(+ (^ x 2) y_1)'],
    ['x^23', '(* (^ x 2) 3)'],
    ['\\sqrt{x}', 'sqrt(x)'],
    ['\\sqrt[3]{x}', '(^ x (/ 1 3))'],
    ['\\left(1 + x\\right)^2', '(^ (+ 1 x) 2)'],
    ['\\Big(a\\Big)\\big[b\\big]', '(* a b)'],
    ['a \\cdot b \\times x', '(* (* a b) x)'],
    ['2x', '(* 2 x)'],
    ['a b', '(* a b)'],
    ['x(1-x)', '(* x (- 1 x))'],
    ['\\log x + \\ln(x) + \\exp(x)', '(+ (+ log(x) log(x)) exp(x))'],
    ['e^{x}', 'exp(x)'],
    ['\\sin x \\cos x', '(* sin(x) cos(x))'],
    ['\\sinh x + \\tanh x + \\arctan x', '(+ (+ sinh(x) tanh(x)) atan(x))'],
    ['\\sum_{i=0}^{j} \\frac{L^i}{i!}', 'sum(i = 0..j, (/ (^ L i) i!))'],
    ['\\sum_{n=1}^\\infty \\frac{p^n}{n}', 'sum(n = 1..inf, (/ (^ p n) n))'],
    ['\\prod_{i=1}^{n} i', 'prod(i = 1..n, i)'],
    ['\\binom{n}{k}', 'binomial(n, k)'],
    ['(i-1)!', '(- i 1)!'],
    ['\\frac{d}{dx} x^2', 'd^1/dx((^ x 2))'],
    ['\\frac{d^2}{dx^2} x^3', 'd^2/dx((^ x 3))'],
    ['\\frac{d^k}{dx^k} x', 'd^k/dx(x)'],
    ['\\frac{\\partial}{\\partial \\eta} A(\\eta)', 'd^1/deta(A(eta))'],
    ['\\frac{\\partial^2 A}{\\partial \\eta^2}', 'd^2/deta(A(eta))'],
    ['\\frac{\\mathrm{d}}{\\mathrm{d}x} x', 'd^1/dx(x)'],
    ["g'(x)", 'd^1/dx(g(x))'],
    ["g''(x)", 'd^2/dx(g(x))'],
    ['\\mathbb{E}[z]', 'E[(bern, z)'],
    ['\\mathbb{E}_{bern}[\\,z\\,]', 'E[(bern, z)'],
    ['\\operatorname{Var}[z]', 'Var[(bern, z)'],
    ['\\mathrm{Var}(z)', 'Var[(bern, z)'],
    ['\\mathbb{E}[g]', 'E[(bern, g(z))'],
    ['[p^k] g(p)', 'coeff(g(p), (^ p k))'],
    ['\\int_0^1 x \\, dx', 'integral(x, 0, 1, x)'],
    ['\\int_{-\\infty}^\\infty x \\, dx', 'integral(x, (- inf), inf, x)'],
    ['\\int_0^{\\infty} x \\, dx', 'integral(x, 0, inf, x)'],
    ['\\Gamma(x) + \\psi(x)', '(+ gamma(x) digamma(x))'],
    ['\\eta + \\mu', '(+ eta mu)'],
    ['f_j(x)', 'f(j, x)'],
    ['g_{j-1}', 'g((- j 1))'],
    ['\\eta_1', 'eta1'],
    ['x_i', 'x_i'],
    ['\\operatorname{loss}(x)', 'loss(x)'],
    ['\\sigma(x)', 'sigma(x)'],
    ['|x - 1|', 'abs((- x 1))'],
    ['-x^2', '(- (^ x 2))'],
    ['0.25', '1/4'],
    ['\\log_2 x', '(/ log(x) log(2))'],
    ['\\pi', 'pi'],
    ['\\operatorname*{arg\\,min}_{x} (x - a)^2', 'argmin(x, (^ (- x a) 2))'],
    ['\\arg\\max_x \\log x - x', '(- argmax(x, log(x)) x)'],
    ['\\arg\\min_{x} \\operatorname{loss}(x)', 'argmin(x, loss(x))'],
  ];
  for (const [latex, expected] of cases) {
    it(latex, () => expect(read(latex)).toBe(expected));
  }
});

describe('latex: documented readings of ambiguous input', () => {
  it('f(x+1) is application when f is a declared function, a product when f is a variable', () => {
    expect(read('g(x+1)')).toBe('g((+ x 1))');
    expect(read('a(x+1)')).toBe('(* a (+ x 1))');
  });
  it('a bound index before parentheses is a product: sum indices and the block\'s quantifiers', () => {
    expect(read('\\sum_{i=0}^{n} i(i+1)')).toBe('sum(i = 0..n, (* i (+ i 1)))');
    const text = 'n! = n(n-1)!';
    const q = [{ index: 'n', lo: { kind: 'num', num: 1n, den: 1n, span: { start: 0, end: 0 } }, hi: { kind: 'num', num: 5n, den: 1n, span: { start: 0, end: 0 } }, span: { start: 0, end: 0 } }] as const;
    const r = readBlock(text, 0, text.length, { names: NAMES, quantifiers: q, tolerance: { num: 1n, den: 1000n } });
    expect(r.status === 'checked' && r.statements[0]!.kind === 'claim' && r.statements[0]!.formula.kind === 'chain' && show(r.statements[0]!.formula.terms[1]!)).toBe('(* n (- n 1)!)');
  });
  it('an undeclared name applied to arguments is an application (the elaborator names it)', () => {
    expect(read('h(x)')).toBe('h(x)');
  });
  it('\\sin x^2 is sin(x^2); \\sin^2 x is (sin x)^2; \\sin 2x is sin(2x)', () => {
    expect(read('\\sin x^2')).toBe('sin((^ x 2))');
    expect(read('\\sin^2 x')).toBe('(^ sin(x) 2)');
    expect(read('\\sin 2x')).toBe('sin((* 2 x))');
  });
  it('implicit multiplication binds like \\cdot: a/2b is (a/2)*b', () => {
    expect(read('a/2b')).toBe('(* (/ a 2) b)');
  });
  it('a sum takes the product that follows, not the sum', () => {
    expect(read('\\sum_{i=0}^{2} x + 1')).toBe('(+ sum(i = 0..2, x) 1)');
  });
  it('a subscripted variable is one name, and the reading is noted', () => {
    const notes: string[] = [];
    const { tokens } = lexLatex('x_i', 0, 3);
    new LatexParser(tokens, NAMES, 'x_i', notes).parseWhole();
    expect(notes).toEqual(["read 'x_i' as one variable named x_i"]);
  });
});

describe('latex: errors are located', () => {
  it('points at the unsupported command', () => {
    const e = error('1 + \\foo{x}');
    expect(e.span).toEqual({ start: 4, end: 8 });
    expect(e.message).toContain('could not parse `\\foo`');
  });
  it('names the opening of an unclosed parenthesis', () => {
    const e = error('(x + 1');
    expect(e.message).toContain("to close '('");
  });
});

describe('latex: blocks', () => {
  const opts = { names: NAMES, quantifiers: [], tolerance: { num: 1n, den: 1000n } };
  it('splits rows at \\\\, continues rows that begin with a relation, reads % by comments', () => {
    const text = 'x^2 - 1 &= (x-1)(x+1) % by algebra\n\\\\ &= (x+1)(x-1) \\quad\\text{(by algebra)} \\tag{diff of squares}';
    const r = readBlock(text, 0, text.length, opts);
    expect(r.status).toBe('checked');
    if (r.status !== 'checked') return;
    const calc = r.statements[0]!;
    expect(calc.kind).toBe('calc');
    expect(calc.name).toBe('diff_of_squares');
    if (calc.kind !== 'calc') return;
    expect(calc.steps.map((s) => s.rules.map((x) => x.name))).toEqual([['algebra'], ['algebra']]);
    expect(text.slice(calc.steps[1]!.span.start, calc.steps[1]!.span.start + 2)).toBe('= ');
  });
  it('a block without a relation, and a definition, are not claims', () => {
    expect(readBlock('x + 1', 0, 5, opts)).toEqual({ status: 'no relation', reason: 'no relation' });
    expect(readBlock('g(x) := x', 0, 9, opts).status).toBe('no relation');
  });
  it('row spacing \\\\[4pt], \\\\* and \\tag*{..} are layout', () => {
    for (const text of ['x = x \\\\[4pt] &= x \\tag*{t}', 'x = x \\\\* &= x']) {
      const r = readBlock(text, 0, text.length, opts);
      expect(r.status === 'checked' && r.statements[0]!.kind === 'calc' && r.statements[0]!.steps.length).toBe(2);
    }
  });
  it('rows with their own left side are separate claims', () => {
    const text = 'x = x \\\\ y = y';
    const r = readBlock(text, 0, text.length, opts);
    expect(r.status === 'checked' && r.statements.length).toBe(2);
  });
});

describe('markdown: positions and the report', () => {
  const post = [
    '# Post', '', '```proof', 'var p in [0, 1)', '```', '',
    'Some prose with $p$ inline.', '',
    '$$', '(p+1)^2 = p^2 + 2p + 1', '$$', '',
    '<!-- proofcheck: skip -->', '$$ p = 2 $$', '',
    '$$ p + 1 $$', '',
    '\\[ 1 + 1 = 3 \\]', '',
  ].join('\n');
  const opts = { limits: DEFAULT_LIMITS, numeric: { enabled: false, seed: 42, runs: 10 } };
  const r = check(post, 'post.md', opts);
  it('each checked row reports at its .md line and column', () => {
    expect(r.items.map((i) => [i.line, i.col, i.grade])).toEqual([[10, 1, 'PROVED'], [18, 4, 'REFUTED']]);
    expect(r.items[0]!.latex?.source).toBe('(p+1)^2 = p^2 + 2p + 1');
  });
  it('lists every block that was not checked, with its reason', () => {
    expect((r.math ?? []).map((b) => [b.line, b.status, b.reason ?? ''])).toEqual([
      [9, 'checked', ''], [14, 'skipped', 'skipped (proofcheck: skip)'], [16, 'no relation', 'no relation'], [18, 'checked', ''],
    ]);
  });
  it('--require-checked turns a skipped block with a relation into a failure', () => {
    const rc = check(post, 'post.md', { ...opts, requireChecked: true });
    expect(rc.items.some((i) => i.grade === 'UNDECIDED' && i.line === 14)).toBe(true);
  });
});

describe('markdown: one bad block does not stop the post', () => {
  const opts = { limits: DEFAULT_LIMITS, numeric: { enabled: false, seed: 42, runs: 10 } };
  it('an unknown name in a LaTeX claim is an ERROR of that block; the others are checked', () => {
    const post = ['```proof', 'var p in [0, 1)', '```', '', '$$ \\operatorname{foo}(p) = 1 $$', '', '$$ p + p = 2p $$', ''].join('\n');
    const r = check(post, 'post.md', opts);
    expect(r.errors).toEqual([]);
    expect(r.items.map((i) => [i.line, i.grade])).toEqual([[5, 'ERROR'], [7, 'PROVED']]);
    expect(r.items[0]!.details[0]).toContain("post.md:5:4: error: unknown function 'foo'");
    expect(r.math?.[0]).toMatchObject({ status: 'error', reason: "unknown function 'foo'" });
  });
  it('an error in a proof block is still the file\'s error', () => {
    const r = check(['```proof', 'var p in [0, 1)', 'claim: q = 1', '```', '', '$$ p = p $$'].join('\n'), 'post.md', opts);
    expect(r.errors.join('\n')).toContain("unknown name 'q'");
  });
  it('display math in a block quote: the > markers are not math', () => {
    const r = check(['```proof', 'var p real', '```', '', '> $$', '> p + p = 2p \\\\', '>   = p \\cdot 2', '> $$'].join('\n'), 'post.md', opts);
    expect(r.items.map((i) => [i.line, i.kind, i.grade])).toEqual([[6, 'calc', 'PROVED']]);
  });
  it('two formulas on one row, separated by a comma, are two claims', () => {
    const text = 'x = x, \\quad y = y.';
    const r = readBlock(text, 0, text.length, { names: NAMES, quantifiers: [], tolerance: { num: 1n, den: 1000n } });
    expect(r.status === 'checked' && r.statements.length).toBe(2);
  });
});

describe('latex: fuzz', () => {
  const seeds = [
    '\\frac{d}{dp} f_j\\left(\\log\\frac{1}{1-p}\\right) &= f_{j-1}(x)\\cdot\\frac{1}{1-p}',
    '\\sum_{i=0}^{j} \\frac{L^i}{i!} \\le \\mathbb{E}[g] % by algebra',
    '\\frac{\\partial^2 A}{\\partial \\eta^2} = \\operatorname{Var}[z] \\tag{v}',
    '[p^k]\\, g(p) = \\binom{n}{k} \\sqrt[3]{x} |x| e^{-x}',
  ];
  const pieces = ['{', '}', '(', ')', '\\', '^', '_', '&', '\\\\', '=', '\\frac', '\\left(', '\\right)', '%', ' ', 'x', '1', '\\sum', '\\int', "'", '|', '\\text{', '$', '#', '\u00e9', '\\begin{aligned}'];
  it('mutated rows never crash: a parse, no relation, or a located error', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(200), fc.nat(6), fc.constantFrom(...pieces)), { maxLength: 6 }), (seed, edits) => {
        let text = seed;
        for (const [at, del, ins] of edits) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + ins + text.slice(i + del);
        }
        const r = readBlock(text, 0, text.length, { names: NAMES, quantifiers: [], tolerance: { num: 1n, den: 1000n } });
        if (r.status === 'error') {
          expect(r.error.span.start).toBeGreaterThanOrEqual(0);
          expect(r.error.span.end).toBeLessThanOrEqual(text.length + 1);
          expect(r.error.message).not.toMatch(/at .*\.ts:\d+/);
        }
      }),
      { seed: 18, numRuns: 3000 },
    );
  });
});

describe('markdown: fuzz', () => {
  const post = readFileSync(new URL('../../../proofs/blog/exponential-family.md', import.meta.url), 'utf8');
  const pieces = ['$$', '$', '\\[', '\\]', '```', '```proof\n', '<!--', '-->', '<!-- proofcheck: skip -->', '<!-- proofcheck: for j in 0..2 -->', '\\begin{align}', '\\end{align}', '\\\\', '&', '{', '}', '\n', '`', '=', '\\tag{', '%'];
  it('mutated posts give located diagnostics, never an internal error', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(post.length), fc.nat(8), fc.constantFrom(...pieces)), { minLength: 1, maxLength: 5 }), (edits) => {
        let text = post;
        for (const [at, del, ins] of edits) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + ins + text.slice(i + del);
        }
        const r = parseAndElaborate({ name: 'fuzz.md', text });
        for (const d of r.diagnostics) {
          expect(d.code).not.toBe('internal');
          expect(d.span.start).toBeGreaterThanOrEqual(0);
          expect(d.span.end).toBeLessThanOrEqual(text.length + 1);
        }
        for (const b of r.markdown?.blockErrors ?? []) expect(b.diagnostic.code).not.toBe('internal');
      }),
      { seed: 18, numRuns: 300 },
    );
  });
});
