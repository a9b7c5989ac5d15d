import { describe, expect, it } from 'vitest';
import type { Expr, Statement } from '../../../src/proofs/ast.ts';
import { DiagnosticError } from '../../../src/proofs/diagnostics.ts';
import { parseExpression, parseScript } from '../../../src/proofs/syntax/parser.ts';

const file = (text: string) => ({ name: 't.proof', text });

/** Fully parenthesised rendering, to pin precedence and associativity. */
function show(e: Expr): string {
  switch (e.kind) {
    case 'num': return e.den === 1n ? `${e.num}` : `${e.num}/${e.den}`;
    case 'name': case 'var': case 'index': return e.name;
    case 'const': return e.name;
    case 'neg': return `(-${show(e.arg)})`;
    case 'binop': return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'factorial': return `(${show(e.arg)}!)`;
    case 'apply': return `${e.name}(${e.args.map(show).join(', ')})`;
    case 'dsurface': return e.orderExpr ? `D^${show(e.orderExpr)}[${e.var}](${show(e.body)})` : `D${e.order}[${e.var}](${show(e.body)})`;
    case 'sum': case 'prod': return `${e.kind}(${e.index}=${show(e.lo)}..${e.hi === 'inf' ? 'inf' : show(e.hi)}, ${show(e.body)})`;
    default: return `<${e.kind}>`;
  }
}

const expr = (text: string) => show(parseExpression(file(text)));

function parse(text: string): Statement[] {
  const r = parseScript(file(text));
  expect(r.diagnostics).toEqual([]);
  return [...r.script.statements];
}

function firstError(text: string) {
  const r = parseScript(file(text));
  expect(r.diagnostics.length).toBeGreaterThan(0);
  return r.diagnostics[0]!;
}

describe('expression precedence', () => {
  it('orders + - below * / below unary minus below ^ below !', () => {
    expect(expr('a + b * c')).toBe('(a + (b * c))');
    expect(expr('a - b - c')).toBe('((a - b) - c)');
    expect(expr('a / b / c')).toBe('((a / b) / c)');
    expect(expr('-x^2')).toBe('(-(x ^ 2))');
    expect(expr('-a*b')).toBe('((-a) * b)');
    expect(expr('a^b^c')).toBe('(a ^ (b ^ c))');
    expect(expr('2^-x')).toBe('(2 ^ (-x))');
    expect(expr('i!^2')).toBe('((i!) ^ 2)');
    expect(expr('2^i!')).toBe('(2 ^ (i!))');
    expect(expr('-i!')).toBe('(-(i!))');
    expect(expr('L^i / i!')).toBe('((L ^ i) / (i!))');
    expect(expr('a - -b')).toBe('(a - (-b))');
  });

  it('parses applications, parentheses and built-in forms', () => {
    expect(expr('f(x, y+1)')).toBe('f(x, (y + 1))');
    expect(expr('(a + b) * c')).toBe('((a + b) * c)');
    expect(expr('sum(i = 0..j, L^i / i!)')).toBe('sum(i=0..j, ((L ^ i) / (i!)))');
    expect(expr('prod(k = 1..inf, 1 - q^k)')).toBe('prod(k=1..inf, (1 - (q ^ k)))');
    expect(expr('coeff(f(j), p^k)')).toBe('coeff(f(j), (p ^ k))');
  });

  it('applies a derivative to the following unary-level expression', () => {
    expect(expr('d/ds loss(s)')).toBe('D1[s](loss(s))');
    expect(expr('d/ds loss(s) * 2')).toBe('(D1[s](loss(s)) * 2)');
    expect(expr('d/dx (x^2 + x)')).toBe('D1[x](((x ^ 2) + x))');
    expect(expr('d/dx x^2 + x')).toBe('(D1[x]((x ^ 2)) + x)');
    expect(expr('d2/deta2 A(eta)')).toBe('D2[eta](A(eta))');
    expect(expr('2 * d/dx f(x)')).toBe('(2 * D1[x](f(x)))');
  });

  it('keeps spans on every node', () => {
    const e = parseExpression(file('a + f(b)'));
    expect(e.span).toEqual({ start: 0, end: 8 });
    if (e.kind !== 'binop' || e.right.kind !== 'apply') throw new Error('shape');
    expect(e.right.nameSpan).toEqual({ start: 4, end: 5 });
    expect(e.right.span).toEqual({ start: 4, end: 8 });
  });

  it('rejects implicit multiplication', () => {
    expect(() => parseExpression(file('2 x'))).toThrow(/implicit multiplication/);
    expect(() => parseExpression(file('(a)(b)'))).toThrow(/implicit multiplication/);
  });
});

describe('statements', () => {
  it('parses title and source', () => {
    expect(parse('title "T"\nsource "S"')).toMatchObject([
      { kind: 'meta', key: 'title', value: 'T' },
      { kind: 'meta', key: 'source', value: 'S' },
    ]);
  });

  it('parses every var domain', () => {
    const [p, s, a, b, n, c, q, r, x, y] = parse(
      'var p in [0, 1)\nvar s real\nvar a > 0, b >= -1\nvar n in 0..10\nvar c in {1, 2, 5/2}\nvar q in (-inf, 0]\nvar r < 2\nvar x, y real',
    );
    expect(p).toMatchObject({ kind: 'var', name: 'p', domain: { kind: 'real', lo: { open: false }, hi: { open: true } } });
    expect(s).toMatchObject({ name: 's', domain: { kind: 'real' } });
    expect(a).toMatchObject({ name: 'a', domain: { kind: 'real', lo: { open: true, value: { kind: 'num', num: 0n } } } });
    expect(b).toMatchObject({ name: 'b', domain: { kind: 'real', lo: { open: false, value: { kind: 'neg' } } } });
    expect(n).toMatchObject({ name: 'n', domain: { kind: 'int', lo: { num: 0n }, hi: { num: 10n } } });
    expect(c).toMatchObject({ name: 'c', domain: { kind: 'set' } });
    expect(c!.kind === 'var' && c!.domain.kind === 'set' && c!.domain.values.length).toBe(3);
    expect(q).toMatchObject({ name: 'q', domain: { kind: 'real', hi: { open: false } } });
    expect(q!.kind === 'var' && q!.domain.kind === 'real' && q!.domain.lo).toBeUndefined();
    expect(r).toMatchObject({ name: 'r', domain: { kind: 'real', hi: { open: true } } });
    expect(x).toMatchObject({ name: 'x', domain: { kind: 'real' } });
    expect(y).toMatchObject({ name: 'y', domain: { kind: 'real' } });
  });

  it('parses a parenthesised integer range', () => {
    expect(parse('var n in (1+1)..5')[0]).toMatchObject({ domain: { kind: 'int', lo: { kind: 'binop' } } });
  });

  it('parses lets with and without parameters', () => {
    expect(parse('let L = log(1/(1-p))\nlet f(j, k) = j + k')).toMatchObject([
      { kind: 'let', name: 'L', params: [] },
      { kind: 'let', name: 'f', params: ['j', 'k'] },
    ]);
  });

  it('parses claims with names, quantifiers, chains and continuation lines', () => {
    const [c1, c2, c3] = parse(
      'claim ones: for j in 0..40, k in 0..j: coeff(f(j), p^k) = 1\nclaim tail: for j in 1..40, k in j+1..80:\n  0 < coeff(f(j), p^k) < 1\nclaim: 1/4 + 1/8 = 3/8',
    );
    expect(c1).toMatchObject({ kind: 'claim', name: 'ones', quantifiers: [{ index: 'j' }, { index: 'k' }], formula: { kind: 'chain', ops: ['='] } });
    expect(c2).toMatchObject({ name: 'tail', quantifiers: [{ index: 'j' }, { index: 'k', lo: { kind: 'binop' } }], formula: { ops: ['<', '<'] } });
    expect(c3!.kind === 'claim' && c3!.name).toBeUndefined();
  });

  it('parses approximate claims with absolute, relative and percent tolerances', () => {
    const [a, b, c] = parse('claim: x ≈ 1 within 0.01\nclaim: x ~= 1 within rel 0.05\nclaim: 4.03 * 500 ≈ 9.65 within 5%');
    expect(a).toMatchObject({ formula: { kind: 'approx', relative: false, tolerance: { num: 1n, den: 100n } } });
    expect(b).toMatchObject({ formula: { kind: 'approx', relative: true, tolerance: { num: 1n, den: 20n } } });
    expect(c).toMatchObject({ formula: { kind: 'approx', relative: true, tolerance: { num: 1n, den: 20n } } });
  });

  it('parses all relations, including unicode', () => {
    const [c] = parse('claim: a = b != c < d <= e > f >= g ≠ h ≤ i ≥ j');
    expect(c).toMatchObject({ formula: { ops: ['=', '!=', '<', '<=', '>', '>=', '!=', '<=', '>='] } });
  });

  it('parses a calc with steps and rules', () => {
    const [c] = parse(
      'calc nce:\n  d/ds loss(s)\n    = -a*(1 - sigma(s)) + b*sigma(s)      by diff\n    <= b*sigma(s) - a*(1 - sigma(s))     by algebra, positivity',
    );
    expect(c).toMatchObject({
      kind: 'calc', name: 'nce', first: { kind: 'dsurface' },
      steps: [{ op: '=', rules: [{ name: 'diff' }] }, { op: '<=', rules: [{ name: 'algebra' }, { name: 'positivity' }] }],
    });
  });

  it('parses a calc with quantifiers', () => {
    expect(parse('calc: for j in 0..3: f(j) = g(j) by definition')[0]).toMatchObject({ kind: 'calc', quantifiers: [{ index: 'j' }], steps: [{ op: '=' }] });
  });

  it('ignores comments and blank lines between and inside statements', () => {
    expect(parse('# c\n\nclaim: 1 # x\n  # y\n\n  = 1 // z\n').length).toBe(1);
  });
});

describe('parse errors', () => {
  it("reports an unclosed '(' with where it was opened", () => {
    const d = firstError('claim: (1 + 2\nclaim: 1 = 1');
    expect(d.code).toBe('parse/unclosed-paren');
    expect(d.message).toBe("expected ')' to close '(' opened at 1:8, found end of line");
    expect(d.span).toEqual({ start: 13, end: 13 });
  });

  it('says end of file at the end of the last statement', () => {
    expect(firstError('claim: 1 =').message).toBe('expected an expression, found end of file');
  });

  it('reports a missing relation, domain, by, within', () => {
    expect(firstError('claim: 1 + 1').code).toBe('parse/expected-relation');
    expect(firstError('var x').message).toContain("expected a domain for 'x'");
    expect(firstError('calc: a\n  = b').code).toBe('parse/expected-by');
    expect(firstError('claim: a ≈ b').message).toContain("expected 'within <tolerance>'");
  });

  it('reports statements that do not start with a keyword, or start indented', () => {
    const d = firstError('foo = 1');
    expect(d.code).toBe('parse/expected-statement');
    expect(d.notes?.[0]).toContain('indented');
    expect(firstError('  claim: 1 = 1').code).toBe('parse/expected-statement');
  });

  it('reports reserved words as names', () => {
    expect(firstError('var in real').code).toBe('parse/reserved-word');
    // claims, calcs and theorems read their names alike
    for (const what of ['claim', 'calc', 'theorem']) {
      const d = firstError(`${what} for: 1 = 1`);
      expect(d.code).toBe('parse/reserved-word');
      expect(d.message).toBe(`expected a ${what} name or ':' after '${what}', found the reserved word 'for'`);
    }
  });

  it('reports E[...] without a family and a semicolon', () => {
    const d = firstError('claim: d/deta A(eta) = E[T]');
    expect(d.code).toBe('parse/expected-token');
    expect(d.message).toContain("expected ';' after the family 'T'");
  });

  it('reports misplaced inf and closed infinite interval ends', () => {
    expect(firstError('claim: inf = 1').code).toBe('parse/misplaced-inf');
    expect(firstError('var x in [-inf, 0]').code).toBe('parse/closed-infinite-end');
    expect(firstError('var x in (inf, 0)').code).toBe('parse/bad-interval');
  });

  it('reports quantifier syntax precisely', () => {
    expect(firstError('claim: for j >= 0: j = j').message).toBe("expected 'in' after the index 'j' (as in 'for j in 0..10'), found '>='");
    expect(firstError('claim: for j in 0..3 = j').message).toContain("expected ',' or ':' after the quantifiers");
  });

  it('recovers at the next statement and reports one error per broken statement', () => {
    const r = parseScript(file('claim: (1\nclaim: 1 = 1\nclaim: 2 +\nlet x = 3'));
    expect(r.diagnostics.map((d) => d.code)).toEqual(['parse/unclosed-paren', 'parse/expected-expression']);
    expect(r.script.statements.map((s) => s.kind)).toEqual(['claim', 'let']);
  });

  it('hints when a statement keyword is indented', () => {
    const d = firstError('claim: 1 = 1\n claim: 2 = 2');
    expect(d.message).toContain('must start in column 1');
  });

  it('turns 10,000 nested parentheses into a limit/nesting error', () => {
    const d = firstError('claim: ' + '('.repeat(10_000) + '1' + ')'.repeat(10_000) + ' = 1');
    expect(d.code).toBe('limit/nesting');
  });

  it('does not add a parse error on top of a lexical error in the same statement', () => {
    const r = parseScript(file('claim: "abc\nclaim: 1 = 1'));
    expect(r.diagnostics.map((d) => d.code)).toEqual(['lex/unterminated-string']);
  });

  it('throws DiagnosticError from parseExpression', () => {
    expect(() => parseExpression(file('1 +'))).toThrow(DiagnosticError);
  });
});

describe('parser: derivatives of symbolic order d^n/dx^n', () => {
  it('reads a number, a name or a parenthesised expression as the order', () => {
    expect(expr('d^k/dp^k f(j)')).toBe('D^k[p](f(j))');
    expect(expr('d^(k+1)/dp^(k + 1) f(j)')).toBe('D^(k + 1)[p](f(j))');
    expect(expr('d^0/dp^0 x + 1')).toBe('(D^0[p](x) + 1)');
    expect(expr('d/dp d^k/dp^k f(j)')).toBe('D1[p](D^k[p](f(j)))');
  });

  it('leaves d as a name when the tokens are not shaped like a derivative', () => {
    expect(expr('d^2/dp')).toBe('((d ^ 2) / dp)');
    expect(expr('d^2*x')).toBe('((d ^ 2) * x)');
    expect(expr('d^k/2')).toBe('((d ^ k) / 2)');
  });

  it('requires the same order on the variable', () => {
    const r = parseScript(file('claim: d^k/dp^j f(j) = 0'));
    expect(r.diagnostics.map((d) => d.code)).toEqual(['parse/bad-derivative']);
    expect(r.diagnostics[0]!.message).toMatch(/expected 'd\^k\/dp\^k'/);
  });

  it('parses proof by induction on a parameter', () => {
    const [th] = parse('theorem t: for all k >= 0: k = k\nproof by induction on k\n  0 = 0 by algebra\nqed\n');
    expect(th!.kind === 'theorem' && th!.induction?.index).toBe('k');
    const bad = parseScript(file('theorem t: for all k >= 0: k = k\nproof by magic on k\n  0 = 0 by algebra\nqed\n'));
    expect(bad.diagnostics[0]!.message).toMatch(/expected 'induction on <parameter>' after 'proof by'/);
  });
});
