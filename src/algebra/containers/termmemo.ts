/**
 * Memo tables for functions of a term and the assumptions. TRUSTED KERNEL.
 *
 * A function f(t, asm) that reads nothing but the structure of t and the contents of
 * asm (no limits, no other state) may be memoised by T.termKey(t), which determines
 * t's structure, in a table per assumptions object: Assumptions are immutable once
 * built (ReadonlyMap), so the object stands for its contents. The caller states in
 * its doc comment why its f is such a function. Leaves (constants, variables, named
 * constants) are cheap and computed directly. Bounded: a table past `maxEntries`
 * starts afresh.
 */
import { termKey, type Assumptions, type Term } from './term.ts';

/** A memo of f(t, asm) by (assumptions object, term key); see the module comment. */
export class TermMemo<V> {
  private readonly tables = new WeakMap<Assumptions, Map<string, V>>();

  constructor(private readonly maxEntries: number) {}

  /** f(t, asm): the stored value, or `compute()` stored. */
  get(t: Term, asm: Assumptions, compute: () => V): V {
    if (t.k === 'const' || t.k === 'var' || t.k === 'named') return compute();
    let table = this.tables.get(asm);
    if (!table || table.size >= this.maxEntries) {
      table = new Map();
      this.tables.set(asm, table);
    }
    const key = termKey(t);
    const hit = table.get(key);
    if (hit !== undefined) return hit;
    const out = compute();
    table.set(key, out);
    return out;
  }
}
