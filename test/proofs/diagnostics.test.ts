import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editDistance, errorAt, formatDiagnostic, suggestName, warningAt } from '../../src/proofs/diagnostics.ts';
import { parseAndElaborate } from '../../src/proofs/frontend.ts';
import { lineText, positionOf } from '../../src/proofs/source.ts';

const messages = (text: string, name = 'proofs/bad/x.proof') =>
  parseAndElaborate({ name, text }).diagnostics.map(formatDiagnostic).join('\n\n');

describe('source positions', () => {
  const f = { name: 'f', text: 'ab\ncd\r\n\nxyz' };
  it('maps offsets to 1-based line and column', () => {
    expect(positionOf(f, 0)).toEqual({ line: 1, col: 1 });
    expect(positionOf(f, 2)).toEqual({ line: 1, col: 3 });
    expect(positionOf(f, 3)).toEqual({ line: 2, col: 1 });
    expect(positionOf(f, 8)).toEqual({ line: 4, col: 1 });
    expect(positionOf(f, 999)).toEqual({ line: 4, col: 4 });
  });
  it('returns line text without terminators', () => {
    expect([1, 2, 3, 4, 5].map((l) => lineText(f, l))).toEqual(['ab', 'cd', '', 'xyz', '']);
  });
});

describe('formatDiagnostic (golden)', () => {
  it('formats an unknown name with a suggestion', () => {
    const text = 'var s real\nlet sigma(z) = 1/(1 + exp(-z))\nclaim: d/ds sigm(s) = 1\n';
    expect(messages(text)).toBe(
      [
        "proofs/bad/x.proof:3:13: error: unknown function 'sigm'; did you mean 'sigma'?",
        '   3 | claim: d/ds sigm(s) = 1',
        '     |             ^^^^',
      ].join('\n'),
    );
  });

  it('formats an unclosed parenthesis at the end of a line', () => {
    const text = 'var p real\n\nclaim: (p + 1 = 1\nclaim: 1 = 1\n';
    expect(messages(text)).toBe(
      [
        "proofs/bad/x.proof:3:15: error: expected ')' to close '(' opened at 3:8, found '='",
        '   3 | claim: (p + 1 = 1',
        '     |               ^',
      ].join('\n'),
    );
    expect(messages('claim: (1 + 2\nclaim: 1 = 1')).toBe(
      [
        "proofs/bad/x.proof:1:14: error: expected ')' to close '(' opened at 1:8, found end of line",
        '   1 | claim: (1 + 2',
        '     |              ^',
      ].join('\n'),
    );
  });

  it('formats notes and multi-digit line numbers', () => {
    const text = '\n'.repeat(11) + 'var p real\nvar p real\n';
    expect(messages(text)).toBe(
      [
        "proofs/bad/x.proof:13:5: error: 'p' is already declared",
        '  13 | var p real',
        '     |     ^^^^^^',
        '  note: the first declaration of \'p\' is at 12:5',
      ].join('\n'),
    );
  });

  it('formats a sort error inside a let expansion', () => {
    const text = 'var p in [0, 1)\nlet f(j) = sum(i = 0..j, p^i)\nclaim: f(p) = 1\n';
    expect(messages(text)).toBe(
      [
        "proofs/bad/x.proof:3:10: error: the upper bound of sum must be an integer expression, found the real variable 'p'",
        '   3 | claim: f(p) = 1',
        '     |          ^',
        "  note: in the expansion of 'f' (defined at 2:1) applied at 3:8",
      ].join('\n'),
    );
  });

  it('keeps tabs aligned, puts one caret under empty spans, stops carets at the end of the line', () => {
    const file = { name: 'f.proof', text: '\tab cd\nef' };
    expect(formatDiagnostic(errorAt(file, { start: 4, end: 4 }, 'x', 'm'))).toBe('f.proof:1:5: error: m\n   1 | \tab cd\n     | \t   ^');
    expect(formatDiagnostic(warningAt(file, { start: 4, end: 9 }, 'x', 'm'))).toBe('f.proof:1:5: warning: m\n   1 | \tab cd\n     | \t   ^^');
  });

  it('shows a window of very long lines', () => {
    const file = { name: 'f', text: 'x'.repeat(500) + 'BAD' + 'y'.repeat(500) };
    const out = formatDiagnostic(errorAt(file, { start: 500, end: 503 }, 'x', 'm')).split('\n');
    expect(out[1]).toMatch(/^ {3}1 \| \.\.\.x+BADy+\.\.\.$/);
    expect(out[1]!.length).toBeLessThan(250);
    expect(out[1]!.indexOf('BAD')).toBe(out[2]!.indexOf('^^^'));
  });
});

describe('suggestions', () => {
  it('computes Damerau-Levenshtein distance', () => {
    expect(editDistance('sigm', 'sigma')).toBe(1);
    expect(editDistance('sigam', 'sigma')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
  it('suggests only close names', () => {
    expect(suggestName('sigm', ['sigma', 'sum', 'exp'])).toBe('sigma');
    expect(suggestName('lgo', ['log', 'loss'])).toBe('log');
    expect(suggestName('x', ['y', 'z'])).toBeUndefined();
    expect(suggestName('banana', ['sigma'])).toBeUndefined();
  });
});

describe('parseAndElaborate never throws', () => {
  const ALPHABET = [
    'var ', 'let ', 'claim', 'calc', 'title', 'source', 'for ', ' in ', ' by ', 'within', 'rel', 'real', 'inf',
    'p', 's', 'j', 'k', 'f', 'sigma', 'sum', 'prod', 'coeff', 'series', 'val', 'argmin', 'exp', 'log', 'binomial', 'E', 'pi', 'e',
    '(', ')', '[', ']', '{', '}', ',', ':', '..', '+', '-', '*', '/', '^', '!', '%', '=', '!=', '<', '<=', '>', '>=', '≈', '~=',
    'd/dp', 'd2/ds2', 'd3/dx', '0', '1', '40', '4.03', '1e-3', '1e9999', '"str"', '"', '#c', '//', '\n', '\n  ', ' ', '\t', '@', '|', 'π', '≤',
  ];
  const PRELUDE = 'var p in [0, 1)\nvar s real\nvar n in 0..5\nlet L = log(1/(1-p))\nlet f(j) = sum(i = 0..j, L^i / i!)\nlet sigma(z) = 1/(1 + exp(-z))\n';

  it('on random strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200, unit: 'binary' }), (text) => {
        const r = parseAndElaborate({ name: 'f', text });
        for (const d of r.diagnostics) formatDiagnostic(d);
        return r.diagnostics.every((d) => d.code !== 'internal');
      }),
      { numRuns: 200, seed: 4242 },
    );
  });

  it('on token soups after a valid prelude', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ALPHABET), { maxLength: 60 }), (parts) => {
        const text = PRELUDE + parts.join('');
        const r = parseAndElaborate({ name: 'f', text });
        for (const d of r.diagnostics) {
          if (d.span.start < 0 || d.span.end > text.length || d.span.end < d.span.start) return false;
          formatDiagnostic(d);
        }
        if (r.diagnostics.some((d) => d.code === 'internal')) return false;
        return r.program !== undefined || r.diagnostics.some((d) => d.severity === 'error');
      }),
      { numRuns: 1000, seed: 7 },
    );
  });

  it('on claim-shaped soups', () => {
    const line = fc.array(fc.constantFrom(...ALPHABET.filter((a) => !a.includes('\n'))), { minLength: 1, maxLength: 25 });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 5 }), (lines) => {
        const text = PRELUDE + lines.map((l) => `claim: ${l.join(' ')}`).join('\n');
        const r = parseAndElaborate({ name: 'f', text });
        return r.diagnostics.every((d) => d.code !== 'internal');
      }),
      { numRuns: 1000, seed: 11 },
    );
  });

  it('turns a deep input and an oversized input into limit diagnostics', () => {
    expect(parseAndElaborate({ name: 'f', text: 'claim: ' + '('.repeat(10_000) + '1' + ')'.repeat(10_000) + ' = 1' }).diagnostics[0]!.code).toBe('limit/nesting');
    expect(parseAndElaborate({ name: 'f', text: 'claim: ' + '-'.repeat(10_000) + '1 = 1' }).diagnostics[0]!.code).toBe('limit/nesting');
    expect(parseAndElaborate({ name: 'f', text: '#'.repeat(2_000_000) }).diagnostics[0]!.code).toBe('limit/source-size');
  });

  it('reports internal errors as diagnostics', () => {
    const bad = { name: 'f', get text(): string { throw new Error('boom'); } };
    const r = parseAndElaborate(bad);
    expect(r.diagnostics[0]!.code).toBe('internal');
  });
});
