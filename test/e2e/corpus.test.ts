/**
 * Every proofs/*.proof must pass at the default requirement (PROVED or PROVED for
 * a range), with the numeric witness agreeing: one test case per claim, grade in
 * the name, through the vitest helper that projects can use themselves.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describeProofs } from '../../src/vitest.ts';

const corpus = readdirSync('proofs')
  .filter((f) => f.endsWith('.proof'))
  .sort()
  .map((f) => join('proofs', f));

describeProofs(corpus, { require: 'range' });
