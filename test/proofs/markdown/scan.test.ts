/** The Markdown scanner: proof blocks, every kind of display math, directives, and what is never math. */
import { describe, expect, it } from 'vitest';
import { scanMarkdown } from '../../../src/proofs/markdown/scan.ts';

const doc = [
  '# T', // 1
  '```proof', // 2
  'var p in [0, 1)', // 3
  '```', // 4
  'Inline $a = b$ and `$$ not math $$` here.', // 5
  '```python', // 6
  '$$ x = 1 $$', // 7
  '```', // 8
  '<!-- proofcheck: skip -->', // 9
  '$$ p = p $$', // 10
  '\\[ q = q \\]', // 11
  '\\begin{align*} r &= r \\end{align*}', // 12
  '<!-- an ordinary comment with $$ inside $$ -->', // 13
  '> $$', // 14
  '> s = s', // 15
  '> $$', // 16
  'Price: \\$5 and \\$6.', // 17
].join('\n');

describe('scanMarkdown', () => {
  const s = scanMarkdown(doc);
  const at = (i: number): string => doc.slice(s.math[i]!.contentStart, s.math[i]!.contentEnd).trim();
  it('finds $$, \\[ \\], and bare environments, skipping code, inline math and comments', () => {
    expect(s.math.map((_, i) => at(i))).toEqual(['p = p', 'q = q', '\\begin{align*} r &= r \\end{align*}', '> s = s\n>']);
    expect(s.math.every((m) => m.closed)).toBe(true);
    expect(s.math.map((m) => m.quoted)).toEqual([false, false, false, true]);
  });
  it('attaches a directive to the next block only', () => {
    expect(s.math.map((m) => m.directives.map((d) => d.text))).toEqual([['skip'], [], [], []]);
  });
  it('keeps the proof block at its offsets, everything else blanked', () => {
    expect(s.proofText.length).toBe(doc.length);
    expect(s.proofText.split('\n')[2]).toBe('var p in [0, 1)');
    expect(s.proofText.split('\n')[4]!.trim()).toBe('');
  });
  it('reports an unclosed $$ as unclosed', () => {
    const u = scanMarkdown('```proof\nvar p real\n```\n$$ p = 1\n');
    expect(u.math).toHaveLength(1);
    expect(u.math[0]!.closed).toBe(false);
  });
});
