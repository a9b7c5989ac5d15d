/**
 * The LaTeX printer: exact strings for precedence and every construct, every
 * statement of the showcase corpus renders with KaTeX (throwOnError), and random
 * expressions parse → print → render without a KaTeX error, both as parsed and as
 * elaborated (lets expanded).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import katex from 'katex';
import { readdirSync, readFileSync } from 'node:fs';
import { parseScript } from '../../src/proofs/syntax/parser.ts';
import { parseAndElaborate } from '../../src/proofs/frontend.ts';
import type { ClaimDecl, Expr } from '../../src/proofs/ast.ts';
import { calcRows, claimToLatex, exprToLatex, nameToLatex, theoremToLatex } from '../../src/reporters/latex.ts';
import { statementsOf } from '../../src/reporters/sources.ts';

const PRELUDE = 'var x real\nvar y > 0\nvar p in [0, 1)\nvar eta real\nvar sigma2 > 0\nlet f(j) = sum(i = 0..j, p^i/i!)\n';

/** The surface tree of the left side of `claim: <src> = 0`. */
function surface(src: string): Expr {
  const { script, diagnostics } = parseScript({ name: 't.proof', text: `${PRELUDE}claim: ${src} = 0\n` });
  expect(diagnostics.filter((d) => d.severity === 'error'), src).toEqual([]);
  const claim = script.statements.find((s): s is ClaimDecl => s.kind === 'claim')!;
  return claim.formula.kind === 'chain' ? claim.formula.terms[0]! : claim.formula.left;
}

function tex(src: string): string {
  return exprToLatex(surface(src));
}

function renders(t: string): void {
  expect(() => katex.renderToString(t, { throwOnError: true, displayMode: true, strict: 'ignore' }), t).not.toThrow();
}

describe('exprToLatex: precedence is faithful to the tree', () => {
  const cases: [string, string][] = [
    ['x - (y - 1)', 'x - \\left(y - 1\\right)'],
    ['(x - y) - 1', 'x - y - 1'],
    ['x + (y + 1)', 'x + \\left(y + 1\\right)'],
    ['x - -y', 'x - \\left(-y\\right)'],
    ['-x^2', '-x^{2}'],
    ['(-x)^2', '{\\left(-x\\right)}^{2}'],
    ['x^y^2', 'x^{y^{2}}'],
    ['(x^y)^2', '{\\left(x^{y}\\right)}^{2}'],
    ['(x + 1)*(y - 1)', '\\left(x + 1\\right) \\cdot \\left(y - 1\\right)'],
    ['x*(y*2)', 'x \\cdot \\left(y \\cdot 2\\right)'],
    ['2*x', '2 x'],
    ['2*3', '2 \\cdot 3'],
    ['x/(y + 1)', '\\frac{x}{y + 1}'],
    ['(1/2)^x', '{\\left(\\frac{1}{2}\\right)}^{x}'],
    ['(x + 1)!', '\\left(x + 1\\right)!'],
    ['x!^2', '{\\left(x!\\right)}^{2}'],
    ['4.03*500', '4.03 \\cdot 500'],
    ['-(x*y)', '-x \\cdot y'],
    ['-(x + y)', '-\\left(x + y\\right)'],
  ];
  for (const [src, want] of cases) {
    it(`${src} → ${want}`, () => {
      expect(tex(src)).toBe(want);
      renders(want);
    });
  }
});

describe('exprToLatex: constructs', () => {
  const cases: [string, string][] = [
    ['sum(i = 0..j, p^i/i!)', '\\sum_{i=0}^{j} \\frac{p^{i}}{i!}'],
    ['sum(i = 1..inf, p^i/i) + 1', '\\left(\\sum_{i=1}^{\\infty} \\frac{p^{i}}{i}\\right) + 1'],
    ['sum(i = 0..j, x + i)', '\\sum_{i=0}^{j} \\left(x + i\\right)'],
    ['prod(i = 1..n, i)', '\\prod_{i=1}^{n} i'],
    ['binomial(n, k)', '\\binom{n}{k}'],
    ['stirling1(k, m)', '\\genfrac{[}{]}{0pt}{}{k}{m}'],
    ['d/dx exp(x)', '\\frac{d}{dx} e^{x}'],
    ['d2/deta2 log(1 + exp(eta))', '\\frac{d^{2}}{d\\eta^{2}} \\log\\left(1 + e^{\\eta}\\right)'],
    ['d^k/dp^k f(j)', '\\frac{d^{k}}{dp^{k}} f\\left(j\\right)'],
    ['d/dx (x^2 + x)', '\\frac{d}{dx} \\left(x^{2} + x\\right)'],
    ['(d/dx x^2) + x', '\\left(\\frac{d}{dx} x^{2}\\right) + x'],
    ['coeff(f(j), p^k)', '[p^{k}]\\, f\\left(j\\right)'],
    ['coeff(exp(p), p)', '[p]\\, e^{p}'],
    ['series(log(1 + x), x, 4)', '\\operatorname{series}\\left(\\log\\left(1 + x\\right),\\ x,\\ 4\\right)'],
    ['val(log(1/(1 - p)), p)', '\\operatorname{val}_{p}\\left(\\log\\left(\\frac{1}{1 - p}\\right)\\right)'],
    ['argmin(x, (x - y)^2)', '\\operatorname*{arg\\,min}_{x} {\\left(x - y\\right)}^{2}'],
    ['sqrt(sigma2) + abs(x)', '\\sqrt{\\sigma_{2}} + \\left|x\\right|'],
    ['atanh(x) + atan(x)', '\\operatorname{artanh}\\left(x\\right) + \\arctan\\left(x\\right)'],
    ['pi + e', '\\pi + e'],
    ['E[bern; x]', '\\mathbb{E}_{\\mathrm{bern}}\\left[x\\right]'],
    ['Cov[gauss; x, x^2]', '\\operatorname{Cov}_{\\mathrm{gauss}}\\left[x,\\ x^{2}\\right]'],
  ];
  for (const [src, want] of cases) {
    it(`${src}`, () => {
      expect(tex(src)).toBe(want);
      renders(want);
    });
  }

  it('names: Greek letters, digit subscripts, short subscripts, long names', () => {
    expect(nameToLatex('eta')).toBe('\\eta');
    expect(nameToLatex('Sigma')).toBe('\\Sigma');
    expect(nameToLatex('p1')).toBe('p_{1}');
    expect(nameToLatex('eta12')).toBe('\\eta_{12}');
    expect(nameToLatex('w_j')).toBe('w_{j}');
    expect(nameToLatex('mu_k2')).toBe('\\mu_{k_{2}}');
    expect(nameToLatex('x_sigma')).toBe('x_{\\sigma}');
    expect(nameToLatex('loss')).toBe('\\mathit{loss}');
    expect(nameToLatex('loss', true)).toBe('\\mathrm{loss}');
    expect(nameToLatex('mean_of')).toBe('\\mathit{mean\\_of}');
    expect(nameToLatex('cross_entropy')).toBe('\\mathit{cross\\_entropy}');
  });

  it('decimals stay decimals and other literals are exact fractions', () => {
    expect(exprToLatex({ kind: 'num', num: 403n, den: 100n, span: { start: 0, end: 0 } })).toBe('4.03');
    expect(exprToLatex({ kind: 'num', num: 1n, den: 3n, span: { start: 0, end: 0 } })).toBe('\\frac{1}{3}');
    expect(exprToLatex({ kind: 'num', num: -5n, den: 10n, span: { start: 0, end: 0 } })).toBe('-0.5');
  });

  it('statements: quantifiers, chains, approximations, calcs, theorems', () => {
    const text = `${PRELUDE}claim c: for j in 0..40, k in 0..j: 0 < coeff(f(j), p^k) <= 1
claim q: 4.03 * 500 * 4 ≈ 9.65 * 800 within 5%
calc k: x^2 + 2*x + 1
  = (x + 1)^2   by algebra
  >= 0          by positivity
theorem t: for all j >= 0, k in 0..j: coeff(f(j), p^k) = 1
proof
  f(j) = exp(p) - sum(i = j+1..inf, p^i/i!)    by exp_split
  done                                          by coeff_below_val
qed
`;
    const { script } = parseScript({ name: 't.proof', text });
    const [c, q] = script.statements.filter((s): s is ClaimDecl => s.kind === 'claim');
    expect(claimToLatex(c!)).toEqual({ quantifiers: 'j \\in \\{0, \\ldots, 40\\},\\ k \\in \\{0, \\ldots, j\\}', formula: '0 < [p^{k}]\\, f\\left(j\\right) \\le 1' });
    expect(claimToLatex(q!).formula).toBe('4.03 \\cdot 500 \\cdot 4 \\approx 9.65 \\cdot 800 \\quad \\text{(within 5\\%)}');
    const calc = script.statements.find((s) => s.kind === 'calc');
    expect(calc && calc.kind === 'calc' && calcRows(calc)).toEqual({
      first: 'x^{2} + 2 x + 1',
      steps: [{ op: '=', expr: '{\\left(x + 1\\right)}^{2}', rules: ['algebra'] }, { op: '\\ge', expr: '0', rules: ['positivity'] }],
    });
    const th = script.statements.find((s) => s.kind === 'theorem');
    const t = th && th.kind === 'theorem' ? theoremToLatex(th) : undefined;
    expect(t?.quantifiers).toBe('\\forall\\, j \\ge 0,\\ k \\in \\{0, \\ldots, j\\}');
    expect(t?.steps.map((s) => [s.tex, s.rules, s.done])).toEqual([
      ['f\\left(j\\right) = e^{p} - \\left(\\sum_{i=j + 1}^{\\infty} \\frac{p^{i}}{i!}\\right)', ['exp_split'], false],
      ['\\text{done}', ['coeff_below_val'], true],
    ]);
  });
});

describe('every statement of the showcase corpus prints and renders', () => {
  const files = readdirSync('proofs').filter((f) => f.endsWith('.proof')).sort();
  for (const f of files) {
    it(f, () => {
      const file = { name: `proofs/${f}`, text: readFileSync(`proofs/${f}`, 'utf8') };
      const { script } = parseScript(file);
      const items = script.statements.filter((s) => s.kind === 'claim' || s.kind === 'calc' || s.kind === 'theorem' || s.kind === 'family');
      const statements = Object.values(statementsOf(file));
      expect(statements.length).toBe(items.length);
      for (const st of statements) {
        if (st.quantifiers) renders(st.quantifiers);
        if (st.kind === 'calc') {
          renders(st.first);
          for (const s of st.steps) renders(`${s.op} ${s.expr}`);
        } else {
          renders(st.formula);
          if (st.kind === 'theorem') for (const s of st.steps) renders(s.tex);
        }
      }
    });
  }
});

/** Random expression source text over the prelude's declarations. */
const arbExpr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('x', 'y', 'p', 'eta', 'sigma2', 'pi', 'e', '0', '1', '2', '1/2', '4.03', '1e-3'),
    fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '^'), tie('e')).map(([a, op, b]) => `(${a}) ${op} (${b})`),
    fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/')).map(([a, op]) => `${a} ${op} x`),
    tie('e').map((a) => `-(${a})`),
    fc.tuple(fc.constantFrom('exp', 'log', 'sqrt', 'abs', 'sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh', 'atan', 'asin', 'acos', 'atanh'), tie('e')).map(([f, a]) => `${f}(${a})`),
    tie('e').map((a) => `sum(i = 0..3, (${a})^i / i!)`),
    tie('e').map((a) => `prod(i = 1..2, (${a}) + i)`),
    tie('e').map((a) => `d/dx (${a})`),
    tie('e').map((a) => `d^2/dp^2 (${a})`),
    tie('e').map((a) => `coeff(${a}, p^3)`),
    tie('e').map((a) => `series(${a}, p, 3)`),
    tie('e').map((a) => `argmin(x, (${a}) + x^2)`),
    fc.constantFrom('binomial(5, 2)', 'stirling1(4, 2)', '3!', '(2 + 1)!', 'f(3)', 'val(log(1/(1 - p)), p)'),
  ),
})).e;

describe('random expressions: parse → print → KaTeX renders without error', () => {
  it('surface and elaborated trees', () => {
    fc.assert(
      fc.property(arbExpr, (src) => {
        const text = `${PRELUDE}claim: ${src} = 0\n`;
        const { script, diagnostics } = parseScript({ name: 't.proof', text });
        if (diagnostics.some((d) => d.severity === 'error')) return; // e.g. a nesting limit
        const claim = script.statements.find((s): s is ClaimDecl => s.kind === 'claim')!;
        renders(claimToLatex(claim).formula);
        const { program } = parseAndElaborate({ name: 't.proof', text });
        const el = program?.items[0];
        if (el && el.kind === 'claim') renders(claimToLatex(el).formula);
      }),
      { seed: 17, numRuns: 300 },
    );
  });
});
