import { describe, expect, it } from 'vitest';
import { lex, type Token } from '../../../src/proofs/syntax/lexer.ts';

const file = (text: string) => ({ name: 't.proof', text });
const kinds = (text: string) => lex(file(text)).tokens.map((t) => t.kind);
const tok = (text: string, i = 0): Token => lex(file(text)).tokens[i]!;

describe('lex', () => {
  it('lexes identifiers, keywords, punctuation, and ends with eof', () => {
    expect(kinds('var p in [0, 1)')).toEqual(['keyword', 'ident', 'keyword', '[', 'number', ',', 'number', ')', 'eof']);
    expect(kinds('a..b <= c >= d != e ~= f ≈ g ! h % ^ : { }')).toEqual([
      'ident', '..', 'ident', '<=', 'ident', '>=', 'ident', '!=', 'ident', '≈', 'ident', '≈', 'ident', '!', 'ident', '%', '^', ':', '{', '}', 'eof',
    ]);
  });

  it('gives every token the exact span of its characters', () => {
    const text = 'claim c1: eta1 + 4.03';
    for (const t of lex(file(text)).tokens.slice(0, -1)) {
      const s = text.slice(t.span.start, t.span.end);
      if (t.kind === 'ident' || t.kind === 'keyword') expect(s).toBe(t.value);
      else if (t.kind === 'number') expect(s).toBe(t.text);
      else expect(s).toBe(t.kind);
    }
    expect(tok(text, 3)).toMatchObject({ kind: 'ident', value: 'eta1', span: { start: 10, end: 14 } });
  });

  it('accepts unicode relations and pi', () => {
    expect(kinds('≤ ≥ ≠ ≈ π −')).toEqual(['<=', '>=', '!=', '≈', 'ident', '-', 'eof']);
    expect(tok('π')).toMatchObject({ kind: 'ident', value: 'pi', span: { start: 0, end: 1 } });
  });

  it('skips # and // comments and blank lines', () => {
    expect(kinds('# a comment\n\n  // another\nx # trailing\n')).toEqual(['ident', 'eof']);
    expect(kinds('a / b')).toEqual(['ident', '/', 'ident', 'eof']);
  });

  it('marks tokens that start a statement (first on the line, column 1)', () => {
    const ts = lex(file('claim: a\n  = b\nlet x = 1')).tokens;
    expect(ts.filter((t) => t.startsStatement).map((t) => (t.kind === 'keyword' ? t.value : t.kind))).toEqual(['claim', 'let', 'eof']);
  });

  it('lexes exact numbers: integers, decimals, scientific', () => {
    expect(tok('42')).toMatchObject({ kind: 'number', num: 42n, den: 1n });
    expect(tok('4.03')).toMatchObject({ kind: 'number', num: 403n, den: 100n });
    expect(tok('2.50')).toMatchObject({ kind: 'number', num: 5n, den: 2n });
    expect(tok('1e-3')).toMatchObject({ kind: 'number', num: 1n, den: 1000n });
    expect(tok('1.5E+2')).toMatchObject({ kind: 'number', num: 150n, den: 1n });
    expect(tok('.5')).toMatchObject({ kind: 'number', num: 1n, den: 2n });
    expect(tok('0.000')).toMatchObject({ kind: 'number', num: 0n, den: 1n });
  });

  it('does not read a range as a decimal', () => {
    expect(kinds('0..10')).toEqual(['number', '..', 'number', 'eof']);
    expect(kinds('j+1..80')).toEqual(['ident', '+', 'number', '..', 'number', 'eof']);
  });

  it('rejects numbers glued to names, huge exponents and huge literals', () => {
    const r = lex(file('2x'));
    expect(r.diagnostics[0]).toMatchObject({ code: 'lex/bad-number' });
    expect(r.diagnostics[0]!.message).toContain("write '2*x'");
    expect(lex(file('2e')).diagnostics[0]!.message).toContain("write '2*e'");
    expect(lex(file('1e100000')).diagnostics[0]).toMatchObject({ code: 'limit/number' });
    expect(lex(file('1'.repeat(5000))).diagnostics[0]).toMatchObject({ code: 'limit/number' });
  });

  it('lexes derivative operators as one token', () => {
    expect(tok('d/ds loss(s)')).toMatchObject({ kind: 'deriv', var: 's', order: 1, span: { start: 0, end: 4 }, varSpan: { start: 3, end: 4 } });
    expect(tok('d2/deta2 A(eta)')).toMatchObject({ kind: 'deriv', var: 'eta', order: 2, span: { start: 0, end: 8 } });
    expect(tok('d3/dp3')).toMatchObject({ kind: 'deriv', var: 'p', order: 3 });
    expect(tok('d/deta1')).toMatchObject({ kind: 'deriv', var: 'eta1', order: 1 });
    expect(tok('d2/deta12')).toMatchObject({ kind: 'deriv', var: 'eta1', order: 2 });
    expect(tok('d12/dx12')).toMatchObject({ kind: 'deriv', var: 'x', order: 12 });
  });

  it('keeps ordinary identifiers that only start with d', () => {
    expect(tok('delta')).toMatchObject({ kind: 'ident', value: 'delta' });
    expect(kinds('d / dx')).toEqual(['ident', '/', 'ident', 'eof']);
    expect(kinds('d2 + 1')).toEqual(['ident', '+', 'number', 'eof']);
  });

  it('reports a derivative whose order is not repeated', () => {
    const r = lex(file('d2/dx f'));
    expect(r.diagnostics[0]).toMatchObject({ code: 'lex/bad-derivative', span: { start: 0, end: 5 } });
    expect(r.diagnostics[0]!.message).toContain("expected 'd2/dx2'");
  });

  it('lexes strings with escapes and reports unterminated ones', () => {
    expect(tok('"a \\"b\\" c"')).toMatchObject({ kind: 'string', value: 'a "b" c' });
    expect(lex(file('"abc\nx')).diagnostics[0]).toMatchObject({ code: 'lex/unterminated-string', span: { start: 0, end: 4 } });
  });

  it('reports unexpected characters with a hint and keeps going', () => {
    const r = lex(file('a @ b | c'));
    expect(r.diagnostics.map((d) => d.code)).toEqual(['lex/unexpected-character', 'lex/unexpected-character']);
    expect(r.diagnostics[1]!.message).toContain('abs(x)');
    expect(r.tokens.map((t) => t.kind)).toEqual(['ident', 'ident', 'ident', 'eof']);
    expect(lex(file('\u0001')).diagnostics[0]!.message).toContain('U+0001');
  });

  it('treats reserved words as keywords', () => {
    for (const k of ['title', 'source', 'var', 'let', 'claim', 'calc', 'for', 'in', 'by', 'within', 'rel', 'real', 'inf']) {
      expect(tok(k).kind).toBe('keyword');
    }
    expect(tok('sum').kind).toBe('ident');
  });
});
