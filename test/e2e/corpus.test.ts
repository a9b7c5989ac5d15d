/**
 * Every proof script under proofs/ (.proof files, and Markdown posts with proof
 * blocks whose LaTeX display math is checked too; proofs/bad, which must fail, is
 * skipped by the walk) must pass at the
 * default requirement (PROVED or PROVED for a range), with the numeric witness
 * agreeing: one test per claim, through the vitest helper that projects can use
 * themselves.
 *
 * The per-claim time limit is raised far above any claim's time: verdicts do not
 * depend on it unless it is hit (the witness's work is a deterministic budget), and
 * this test must not depend on how fast or busy the machine is. `npm run bench`
 * measures the corpus under the default limit.
 */
import { findScripts } from '../../src/proofs/files.ts';
import { DEFAULT_OPTIONS } from '../../src/proofs/run.ts';
import { DEFAULT_LIMITS } from '../../src/proofs/limits.ts';
import { describeProofs } from '../../src/vitest.ts';

const limits = { ...DEFAULT_LIMITS, timeoutMs: 120_000 };

describeProofs(findScripts(['proofs']), { require: 'range', check: { ...DEFAULT_OPTIONS, limits } });
