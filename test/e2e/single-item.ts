/** Shared by the e2e tests of single claims: check a script's text, expect no script errors, return its first item. */
import { expect } from 'vitest';
import { check } from '../../src/proofs/run.ts';

export function onlyItem(text: string) {
  const r = check(text);
  expect(r.errors).toEqual([]);
  return r.items[0]!;
}
