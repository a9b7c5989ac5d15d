/** Shared by the e2e tests of single claims: check a script's text, expect no script errors, return its first item. */
import { expect } from 'vitest';
import { check } from '../../src/proofs/run.ts';

export function onlyItem(text: string) {
  const r = check(text);
  expect(r.errors).toEqual([]);
  return r.items[0]!;
}

/** Each script's first item is TESTED, and its witness left no point unjudged (if `judged`). */
export function expectTested(texts: readonly string[], opts: { judged?: boolean } = {}): void {
  for (const text of texts) {
    const item = onlyItem(`${text}\n`);
    expect(item.grade, text).toBe('TESTED');
    expect(item.numeric?.status, text).toBe('passed');
    if (opts.judged) expect(item.numeric?.unjudged ?? 0, text).toBe(0);
  }
}

/** Each script's first item is not TESTED: its witness failed ('failed'), or at least did not pass ('not passed'). */
export function expectNotTested(texts: readonly string[], witness: 'failed' | 'not passed'): void {
  for (const text of texts) {
    const item = onlyItem(`${text}\n`);
    expect(item.grade, text).not.toBe('TESTED');
    if (witness === 'failed') expect(item.numeric?.status, text).toBe('failed');
    else expect(item.numeric?.status, text).not.toBe('passed');
  }
}
