/**
 * ITEM CACHE: what a claim's, calc's or theorem's verdict depends on in its script,
 * as a content hash, so that an edit to one item re-checks that item only.
 *
 * An item's report depends on its own text and position (its line and column appear
 * in the report and its diagnostics, which show the whole lines it is on), and on the
 * declarations it uses (vars, lets, families, title and source), never on another
 * item: items do not cite each other (a theorem's `by` names kernel lemmas), and the
 * pool already checks each item on whatever worker is free, so nothing another item
 * did may change it. The key hashes the item's lines and position with the whole rest
 * of the script, each stretch between items with the line it starts on (comments
 * included; blank stretches only move lines, which the items' own positions record).
 * So an edit inside one claim (its lines keep their count) re-checks that claim only;
 * appending a claim re-checks only the new one; an edit to a declaration or a comment,
 * or one that moves the lines of what follows, re-checks the script. The options, the
 * engine and the version are hashed beside it (cache.ts, itemCacheKey).
 *
 * Only items written as statements have their own text: the implicit claim a family
 * adds (NAME_normalised) is its family's declaration, which every item using the
 * family depends on, so it has no key of its own (it is checked with the file). Only
 * `.proof` scripts have item keys: a Markdown post's items are read from display math
 * and proof blocks with directives that apply across blocks.
 */
import { createHash } from 'node:crypto';
import type { Elaborated, Span } from '../proofs/ast.ts';
import { isMarkdown } from '../proofs/markdown/frontend.ts';
import { positionOf } from '../proofs/source.ts';

const STATEMENT = /^(claim|calc|theorem)\b/;

/**
 * The content keys of a program's items, in the order of `spans` (the items' spans,
 * claims and calcs then theorems, as the worker lists them); undefined for an item
 * without a key of its own, and for every item of a Markdown post.
 */
export function itemContentKeys(program: Elaborated, spans: readonly Span[]): (string | undefined)[] {
  if (isMarkdown(program.file)) return spans.map(() => undefined);
  const text = program.file.text;
  const own = spans.map((s) => STATEMENT.test(text.slice(s.start, s.end)));
  // an item owns the whole lines it is on: a report shows them (a diagnostic's source
  // line, cut when long: trailing blanks on a claim's line changed that display and
  // nothing else, a red-team pass)
  const lines = spans.map((s) => {
    const start = text.lastIndexOf('\n', s.start - 1) + 1;
    const nl = text.indexOf('\n', s.end);
    return { start, end: nl < 0 ? text.length : nl };
  });
  // the rest of the script: every stretch between the own items that is not blank, with
  // the line it starts on (a longer claim moves the column after it, never a line; a
  // claim appended after the last one adds only blank stretches)
  const sorted = lines.filter((_s, i) => own[i]).slice().sort((a, b) => a.start - b.start);
  const rest = createHash('sha256');
  let at = 0;
  for (const s of [...sorted, { start: text.length, end: text.length }]) {
    if (s.start < at) continue; // nested or overlapping spans: part of the stretch already hashed
    const stretch = text.slice(at, s.start);
    if (stretch.trim() !== '') rest.update(`${positionOf(program.file, at).line}\u0000`).update(stretch).update('\u0001');
    at = Math.max(at, s.end);
  }
  const context = rest.digest('hex');
  return spans.map((s, i) => {
    if (!own[i]) return undefined;
    const { line, col } = positionOf(program.file, s.start);
    return createHash('sha256').update(context).update(`\u0000${line}:${col}\u0000`).update(text.slice(lines[i]!.start, lines[i]!.end)).digest('hex');
  });
}
