import { describe, expect, it } from 'vitest';
import type { ClaimDecl, Elaborated, Expr } from '../../src/proofs/ast.ts';
import type { Diagnostic } from '../../src/proofs/diagnostics.ts';
import { childrenOf } from '../../src/proofs/elaborate.ts';
import { parseAndElaborate } from '../../src/proofs/frontend.ts';

const PRELUDE = [
  'var p in [0, 1)',
  'var s real',
  'var a > 0, b > 0',
  'var n in 0..10',
  'var c in {1, 2, 5/2}',
  'let L = log(1/(1-p))',
  'let f(j) = sum(i = 0..j, L^i / i!)',
  'let sigma(z) = 1/(1 + exp(-z))',
  'let loss(s) = -a*log(sigma(s)) - b*log(1 - sigma(s))',
  '',
].join('\n');

function ok(text: string, prelude = PRELUDE): Elaborated {
  const r = parseAndElaborate({ name: 't.proof', text: prelude + text });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(r.program).toBeDefined();
  return r.program!;
}

function err(text: string, prelude = PRELUDE): Diagnostic {
  const r = parseAndElaborate({ name: 't.proof', text: prelude + text });
  expect(r.program).toBeUndefined();
  expect(r.diagnostics.length).toBeGreaterThan(0);
  return r.diagnostics[0]!;
}

function claim(text: string): ClaimDecl {
  const item = ok(text).items[0]!;
  if (item.kind !== 'claim') throw new Error('not a claim');
  return item;
}

function lhs(text: string): Expr {
  const f = claim(text).formula;
  return f.kind === 'chain' ? f.terms[0]! : f.left;
}

/** Compact rendering of a resolved expression. */
function show(e: Expr): string {
  switch (e.kind) {
    case 'num': return e.den === 1n ? `${e.num}` : `${e.num}/${e.den}`;
    case 'var': return e.name;
    case 'index': return `#${e.name}`;
    case 'const': return e.name;
    case 'neg': return `(-${show(e.arg)})`;
    case 'binop': return `(${show(e.left)}${e.op}${show(e.right)})`;
    case 'call': return `${e.fn}(${show(e.arg)})`;
    case 'factorial': return `${show(e.arg)}!`;
    case 'binomial': return `C(${show(e.n)},${show(e.k)})`;
    case 'sum': case 'prod': return `${e.kind}(${e.index}=${show(e.lo)}..${e.hi === 'inf' ? 'inf' : show(e.hi)},${show(e.body)})`;
    case 'deriv': return `D${show(e.order)}_${e.var}(${show(e.body)})`;
    case 'coeff': return `coeff(${show(e.body)},${e.var}^${show(e.power)})`;
    case 'series': return `series(${show(e.body)},${e.var},${show(e.order)})`;
    case 'val': return `val(${show(e.body)},${e.var})`;
    case 'argmin': case 'argmax': return `${e.kind}(${e.var},${show(e.body)})`;
    default: return `<surface ${e.kind}>`;
  }
}

function kinds(e: Expr, out = new Set<string>()): Set<string> {
  out.add(e.kind);
  for (const c of childrenOf(e)) kinds(c, out);
  return out;
}

describe('elaborate: resolution and let expansion', () => {
  it('resolves vars, indices, constants and built-ins', () => {
    expect(show(lhs('claim: for j in 0..3: exp(p) + j + pi + e + binomial(n, 2) = 0'))).toBe('((((exp(p)+#j)+pi)+e)+C(n,2))');
  });

  it('expands let constants and functions, leaving no surface nodes', () => {
    const e = lhs('claim: for j in 0..40, k in 0..j: coeff(f(j), p^k) = 1');
    expect(show(e)).toBe('coeff(sum(i=0..#j,((log((1/(1-p)))^#i)/#i!)),p^#k)');
    for (const k of kinds(e)) expect(['name', 'apply', 'dsurface']).not.toContain(k);
  });

  it('substitutes arguments for parameters, shadowing a var of the same name', () => {
    expect(show(lhs('claim: loss(2*s) = 0'))).toBe(
      '(((-a)*log((1/(1+exp((-(2*s)))))))-(b*log((1-(1/(1+exp((-(2*s)))))))))',
    );
  });

  it('points the root of an expansion at the use site', () => {
    const text = 'claim: sigma(s) = 1';
    const e = lhs(text);
    expect(e.span.start).toBe(PRELUDE.length + 7);
    expect(e.span.end).toBe(PRELUDE.length + 15);
  });

  it('avoids capture by renaming a let body binder that clashes with the argument', () => {
    expect(show(lhs('claim: for i in 0..3: f(i) = 1'))).toBe('sum(i_1=0..#i,((log((1/(1-p)))^#i_1)/#i_1!))');
  });

  it('avoids shadowing binders of the argument too', () => {
    const e = lhs('claim: f(sum(i = 0..2, i)) = 1');
    expect(show(e)).toBe('sum(i_1=0..sum(i=0..2,#i),((log((1/(1-p)))^#i_1)/#i_1!))');
  });

  it('expands nested let applications', () => {
    const e = lhs('let g(x) = sigma(x) * sigma(-x)\nclaim: g(s) = 0');
    expect(show(e)).toBe('((1/(1+exp((-s))))*(1/(1+exp((-(-s))))))');
  });

  it('resolves derivatives, series operators and argmin', () => {
    expect(show(lhs('claim: d2/ds2 sigma(s) = 0'))).toBe('D2_s((1/(1+exp((-s)))))');
    expect(show(lhs('claim: series(L, p, 3) = 0'))).toBe('series(log((1/(1-p))),p,3)');
    expect(show(lhs('claim: coeff(L, p) = 1'))).toBe('coeff(log((1/(1-p))),p^1)');
    expect(show(lhs('claim: val(L) = 1'))).toBe('val(log((1/(1-p))),p)');
    expect(show(lhs('claim: val(L*s, p) = 1'))).toBe('val((log((1/(1-p)))*s),p)');
    expect(show(lhs('claim: argmin(s, loss(s)) = log(a/b)'))).toMatch(/^argmin\(s,/);
  });

  it('lets a parameter be a derivative variable when the argument is a real var', () => {
    expect(show(lhs('let dd(x) = d/dx sigma(x)\nclaim: dd(s) = 0'))).toBe('D1_s((1/(1+exp((-s)))))');
  });

  it('elaborates calcs and keeps rules', () => {
    const prog = ok('calc nce:\n  d/ds loss(s)\n    = -a*(1 - sigma(s)) + b*sigma(s) by diff\n    = b*sigma(s) - a*(1 - sigma(s)) by algebra');
    const c = prog.items[0]!;
    expect(c.kind).toBe('calc');
    if (c.kind !== 'calc') return;
    expect(c.steps.map((s) => s.rules.map((r) => r.name))).toEqual([['diff'], ['algebra']]);
    expect(c.first.kind).toBe('deriv');
  });

  it('fills vars, title and source', () => {
    const prog = ok('title "T"\nsource "S"\nclaim: 1 = 1');
    expect(prog.title).toBe('T');
    expect(prog.source).toBe('S');
    expect([...prog.vars.keys()]).toEqual(['p', 's', 'a', 'b', 'n', 'c']);
    expect(prog.vars.get('a')!.domain).toMatchObject({ kind: 'real', lo: { open: true } });
  });

  it('lets set vars of integers be integer-sorted', () => {
    ok('var m in {1, 2, 3}\nclaim: m! = 1');
    expect(err('claim: c! = 1').code).toBe('sort/expected-integer');
  });
});

describe('elaborate: errors', () => {
  it('suggests the nearest name for an unknown one', () => {
    const d = err('claim: d/ds sigm(s) = 1');
    expect(d).toMatchObject({ code: 'name/unknown', message: "unknown function 'sigm'; did you mean 'sigma'?" });
    expect(err('claim: sigmaa = 1').message).toBe("unknown name 'sigmaa'; did you mean 'sigma'?");
    expect(err('claim: zzzz = 1').message).toBe("unknown name 'zzzz'");
  });

  it('checks arity', () => {
    const d = err('claim: sigma(s, s) = 1');
    expect(d).toMatchObject({ code: 'arity/wrong-count', message: "'sigma' takes 1 argument, got 2" });
    expect(err('claim: exp(s, s) = 1').code).toBe('arity/wrong-count');
    expect(err('claim: sigma = 1').code).toBe('arity/missing-arguments');
    expect(err('claim: L(2) = 1').code).toBe('name/not-a-function');
    expect(err('claim: p(2) = 1').code).toBe('name/not-a-function');
  });

  it('requires integer sorts where integers are needed', () => {
    expect(err('claim: for k in 0..3: coeff(L, p^p) = 1').message).toBe(
      "the power in coeff(e, p^k) must be an integer expression, found the real variable 'p'",
    );
    expect(err('claim: sum(i = 0..p, i) = 1').code).toBe('sort/expected-integer');
    expect(err('claim: (1/2)! = 1').message).toContain("found a division");
    expect(err('claim: binomial(n, 0.5) = 1').message).toContain('the non-integer number 1/2');
    expect(err('claim: series(L, p, s) = 1').code).toBe('sort/expected-integer');
    expect(err('claim: for j in 0..pi: j = j').code).toBe('sort/expected-integer');
    expect(err('var m in 0..2.5').code).toBe('sort/expected-integer');
  });

  it('reports sort errors from a let expansion at the argument, with a note', () => {
    const d = err('claim: f(p) = 1');
    expect(d.code).toBe('sort/expected-integer');
    expect(d.span.start).toBe(PRELUDE.length + 9);
    expect(d.notes?.some((n) => n.startsWith("in the expansion of 'f'"))).toBe(true);
  });

  it('requires a declared real variable for series, derivatives, coeff, val and argmin', () => {
    expect(err('claim: series(L, n, 3) = 1').message).toBe(
      "the variable of series(e, t, n) must be a declared real variable, found the integer variable 'n'",
    );
    expect(err('claim: for j in 0..3: d/dj L = 1').message).toContain("found the index 'j'");
    expect(err('claim: coeff(L, c^2) = 1').message).toContain('finite set');
    expect(err('claim: argmin(L, s) = 1').message).toContain("found the definition 'L'");
    expect(err('claim: coeff(L, 2) = 1').code).toBe('sort/expected-monomial');
    expect(err('claim: d/dq L = 1').message).toBe("unknown variable 'q'");
    expect(err('let dd(x) = d/dx sigma(x)\nclaim: dd(2) = 0').code).toBe('sort/expected-real-var');
  });

  it('rejects an ambiguous or variable-free val(e)', () => {
    expect(err('claim: val(L*s) = 1').code).toBe('sort/val-variable');
    expect(err('claim: val(2) = 1').code).toBe('sort/val-variable');
  });

  it('enforces order limits', () => {
    expect(err('claim: d21/ds21 s = 1').code).toBe('limit/derivative-order');
    expect(err('claim: d0/ds0 s = 1').code).toBe('limit/derivative-order');
    expect(err('claim: series(L, p, 10001) = 1').code).toBe('limit/series-order');
    expect(err('claim: series(L, p, n) = 1').code).toBe('sort/series-order');
    ok('claim: series(L, p, 10000) = 1');
  });

  it('reports duplicate and reserved declarations', () => {
    const d = err('var p real');
    expect(d.code).toBe('name/duplicate');
    expect(d.notes?.[0]).toContain('1:5');
    expect(err('let L = 2').code).toBe('name/duplicate');
    expect(err('var e real').code).toBe('name/reserved');
    expect(err('let exp(x) = x').code).toBe('name/reserved');
    expect(err('let g(x, x) = x').code).toBe('name/duplicate');
    expect(err('claim x: 1 = 1\nclaim x: 2 = 2').code).toBe('name/duplicate');
    expect(err('title "a"\ntitle "b"').code).toBe('name/duplicate');
  });

  it('checks quantifier scoping', () => {
    expect(err('claim: for j in 0..k, k in 0..3: j = k').code).toBe('name/index-order');
    expect(err('claim: for j in 0..n: j = j').code).toBe('sort/quantifier-bound');
    expect(err('claim: for j in 0..3, j in 0..3: j = j').code).toBe('name/shadow');
    expect(err('claim: for p in 0..3: p = p').code).toBe('name/shadow');
    expect(err('claim: for j in 3..1: j = j').code).toBe('domain/empty-range');
    expect(err('claim: for j in 0..3: sum(j = 0..2, j) = 1').code).toBe('name/shadow');
    ok('claim: for j in 0..3, k in j+1..2*j: k > j');
  });

  it('checks declaration domains', () => {
    expect(err('var q in [1, 0)').code).toBe('domain/empty-interval');
    expect(err('var q in (1, 1]').code).toBe('domain/empty-interval');
    expect(err('var m in 5..1').code).toBe('domain/empty-range');
    expect(err('var w in {}').code).toBe('domain/empty-set');
    expect(err('var q in (0, s)').code).toBe('domain/not-constant');
    expect(err('var q in (0, 1/0)').code).toBe('domain/not-constant');
    ok('var q in (0, pi)\nvar r in (-inf, log(2)]\nvar t in {1/2, 3/4}\nlet K = 3\nvar m in 1..K');
  });

  it('checks tolerances', () => {
    expect(err('claim: 1 ≈ 2 within -1').code).toBe('domain/bad-tolerance');
    expect(err('claim: 1 ≈ 2 within s').code).toBe('domain/bad-tolerance');
  });

  it('reports use before declaration', () => {
    expect(err('claim: q = 1\nvar q real').code).toBe('name/used-before-definition');
  });

  it('reports an error in a let body once, at the definition', () => {
    const r = parseAndElaborate({ name: 't.proof', text: PRELUDE + 'let h(x) = y\nclaim: h(1) = 1\nclaim: h(2) = 2' });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['name/unknown']);
  });

  it('reports one error per item and continues with the next', () => {
    const r = parseAndElaborate({ name: 't.proof', text: PRELUDE + 'claim: x1 = 1\nclaim: 1 = 1\nclaim: x2 = 1' });
    expect(r.diagnostics.map((d) => d.message)).toEqual(["unknown name 'x1'", "unknown name 'x2'"]);
  });

  it('limits exponential let expansion', () => {
    let text = 'var x real\nlet a0 = x\n';
    for (let i = 1; i < 40; i++) text += `let a${i} = a${i - 1} + a${i - 1}\n`;
    const r = parseAndElaborate({ name: 't.proof', text: text + 'claim: a39 = 1' });
    expect(r.diagnostics[0]!.code).toBe('limit/expansion');
  });

  it('limits the depth of expanded expressions', () => {
    let text = 'var x real\nlet f0(y) = y\n';
    for (let i = 1; i < 14; i++) text += `let f${i}(y) = f${i - 1}(f${i - 1}(y) + 1)\n`;
    const r = parseAndElaborate({ name: 't.proof', text: text + 'claim: f13(x) = 1' });
    expect(r.diagnostics[0]!.code).toBe('limit/nesting');
  });
});

describe('elaborate: expansion limits', () => {
  it('limits how deeply definitions expand inside one another, reported at the outermost use', () => {
    let text = 'var s real\nlet h0(x) = x\n';
    for (let i = 1; i < 300; i++) text += `let h${i}(x) = h${i - 1}(x)\n`;
    const r = parseAndElaborate({ name: 't.proof', text: text + 'claim: h299(s) = 1' });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['limit/nesting']);
    expect(r.diagnostics[0]!.message).toContain('more than 256 levels');
    expect(text.slice(r.diagnostics[0]!.span.start).startsWith('h256(x)')).toBe(true);
  });
});

describe('elaborate: no cascades', () => {
  it('does not report uses of a variable whose declaration failed', () => {
    const r = parseAndElaborate({ name: 't.proof', text: 'var q in [1, 0)\nclaim: q = q\nclaim: d/dq q = 1' });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['domain/empty-interval']);
  });
});

describe('docs/language.md examples', () => {
  it('elaborate cleanly', async () => {
    const { readFileSync } = await import('node:fs');
    const md = readFileSync(new URL('../../docs/language.md', import.meta.url), 'utf8');
    const blocks = [...md.matchAll(/```\n([\s\S]*?)```/g)].map((m) => m[1]!);
    const examples = blocks.filter((b) => /^(title|var|let|claim|calc|#)/m.test(b) && !b.includes('error:') && !b.includes(':='));
    expect(examples.length).toBeGreaterThanOrEqual(5);
    const prelude = 'var p in [0, 1)\nvar s real\nvar a > 0, b > 0\n';
    const defs = ['let L = log(1/(1-p))', 'let f(j) = sum(i = 0..j, L^i / i!)', 'let sigma(z) = 1/(1 + exp(-z))', 'let loss(s) = -a*log(sigma(s)) - b*log(1 - sigma(s))'];
    for (const ex of examples) {
      const own = defs.filter((d) => !ex.includes(d.slice(0, d.indexOf('=') + 1)) && !ex.includes(d.split(/[ (]/)[1]! + ' ='));
      const pre = prelude.split('\n').filter((l) => l !== '' && !ex.includes(l.slice(0, 6))).map((l) => l + '\n').join('');
      const text = pre + own.map((d) => d + '\n').join('') + ex;
      const r = parseAndElaborate({ name: 'docs', text });
      expect(r.diagnostics, ex).toEqual([]);
    }
  });
});
