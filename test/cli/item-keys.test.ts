/**
 * ITEM CACHE keys (src/cli/item-keys.ts): an item's key changes with its own text or
 * position and with anything else in its script that is not another item, and with
 * nothing else; a family's implicit claim and every item of a Markdown post have none.
 */
import { describe, expect, it } from 'vitest';
import { parseAndElaborate } from '../../src/proofs/frontend.ts';
import { itemContentKeys } from '../../src/cli/item-keys.ts';

const keys = (text: string, name = 'k.proof'): (string | undefined)[] => {
  const { program } = parseAndElaborate({ name, text });
  if (!program) throw new Error('does not elaborate');
  return itemContentKeys(program, [...program.items.map((i) => i.span), ...(program.theorems ?? []).map((t) => t.span)]);
};

const BASE = [
  'var x real',
  'let f(u) = u^2 + 1',
  'claim one: f(x) >= 1',
  'claim two: (x + 1)^2 = x^2 + 2*x + 1',
  '# a comment',
  'claim three: f(x) - 1 = x^2',
  '',
].join('\n');

describe('item content keys', () => {
  it('are defined for each claim of a script, and distinct', () => {
    const k = keys(BASE);
    expect(k).toHaveLength(3);
    expect(k.every((x) => typeof x === 'string')).toBe(true);
    expect(new Set(k).size).toBe(3);
  });

  it('an edit inside one claim (same lines) changes that claim\'s key only', () => {
    const a = keys(BASE);
    const b = keys(BASE.replace('claim two: (x + 1)^2 = x^2 + 2*x + 1', 'claim two: (x + 1)^2 = x^2 + 2*x + 1 + 0*x'));
    expect([a[0] === b[0], a[1] === b[1], a[2] === b[2]]).toEqual([true, false, true]);
  });

  it('blanks at the end of a claim\'s line are the claim\'s (a diagnostic shows that line, cut when long)', () => {
    const a = keys(BASE);
    const b = keys(BASE.replace('claim two: (x + 1)^2 = x^2 + 2*x + 1', `claim two: (x + 1)^2 = x^2 + 2*x + 1${' '.repeat(300)}`));
    expect([a[0] === b[0], a[1] === b[1], a[2] === b[2]]).toEqual([true, false, true]);
  });

  it('appending a claim keeps every earlier key', () => {
    const a = keys(BASE);
    const b = keys(`${BASE}claim four: x^2 >= 0\n`);
    expect(b.slice(0, 3)).toEqual(a);
    expect(b[3]).toBeDefined();
  });

  it('an edit to a declaration or a comment, or one that moves lines, changes every key', () => {
    const a = keys(BASE);
    for (const edited of [
      BASE.replace('let f(u) = u^2 + 1', 'let f(u) = u^2 + 2'), // what 'one' and 'three' mean
      BASE.replace('var x real', 'var x > 0'), // every claim's domain
      BASE.replace('# a comment', '# another comment'),
      BASE.replace('claim two: (x + 1)^2 = x^2 + 2*x + 1', 'claim two:\n  (x + 1)^2 = x^2 + 2*x + 1'), // 'three' moves down a line
    ]) {
      const b = keys(edited);
      for (let i = 0; i < 3; i++) expect(b[i], `${edited}\nitem ${i}`).not.toBe(a[i]);
    }
  });

  it('the claim a family adds has no key of its own (it is the family declaration, which other claims use)', () => {
    const text = [
      'var eta real',
      'family bern(eta):',
      '  support x in {0, 1}',
      '  statistic x',
      '  logpartition log(1 + exp(eta))',
      'claim mean: E[bern; x] = exp(eta)/(1 + exp(eta))',
      '',
    ].join('\n');
    const k = keys(text);
    expect(k).toHaveLength(2);
    expect(k[0]).toBeUndefined(); // bern_normalised
    expect(k[1]).toBeDefined();
    // and an edit to the family is an edit to the claim that uses it
    expect(keys(text.replace('logpartition log(1 + exp(eta))', 'logpartition log(1 + exp(eta)) + 0'))[1]).not.toBe(k[1]);
  });

  it('a Markdown post has none', () => {
    const k = keys('# Post\n\n```proof\nvar x real\nclaim a: x^2 >= 0\n```\n', 'post.md');
    expect(k).toEqual([undefined]);
  });
});
