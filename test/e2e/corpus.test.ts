/**
 * Every proof script under proofs/ (.proof files, and Markdown posts with proof
 * blocks whose LaTeX display math is checked too; proofs/bad, which must fail, is
 * skipped by the walk) must pass at the
 * default requirement (PROVED or PROVED for a range), with the numeric witness
 * agreeing: one test per claim, through the vitest helper that projects can use
 * themselves.
 */
import { findScripts } from '../../src/proofs/files.ts';
import { describeProofs } from '../../src/vitest.ts';

describeProofs(findScripts(['proofs']), { require: 'range' });
