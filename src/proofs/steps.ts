/**
 * Step verdicts after the numeric witness. The exact checker gives every step of a
 * chain its own verdict (check.ts); merge.ts decides the item's grade from the
 * exact verdict and the numeric witness. This module carries that decision down to
 * the steps, so that a step's grade never disagrees with its item's:
 * - item TESTED: the steps the kernel could not decide were the ones the numeric
 *   witness covered (it checks every step at every point), so they are TESTED;
 * - item REFUTED by a confirmed numeric counterexample: the step the witness names
 *   (`step 2 (=): ...`) is REFUTED with that counterexample;
 * - otherwise the exact step verdicts stand.
 * It also builds the structured counterexample and the replay command of an item.
 */
import type { ExactStep, ExactVerdict } from './check.ts';
import { agreement, type MergedVerdict } from './merge.ts';
import type { Counterexample, Grade, NumericSummary, StepReport } from './report.ts';

/** The counterexample of a confirmed numeric failure, as data. */
export function numericCounterexample(n: NumericSummary | undefined): Counterexample | undefined {
  if (!n || n.status !== 'failed' || !n.counterexample) return undefined;
  const point: Record<string, { float: number }> = {};
  for (const [k, v] of Object.entries(n.counterexample)) point[k] = { float: v };
  return {
    method: 'numeric', point,
    ...(n.lhs !== undefined ? { left: String(n.lhs) } : {}),
    ...(n.rhs !== undefined ? { right: String(n.rhs) } : {}),
    confirmed: n.confirmed ?? false,
  };
}

const UNSUPPORTED = /^(lower\/unsupported|lower\/infinite-sum|kernel\/unsupported)/;

function undecided(st: ExactStep): boolean {
  return st.grade === 'UNDECIDED' || (st.grade === 'ERROR' && UNSUPPORTED.test(st.summary));
}

/** The steps of an item after merging, and the item's counterexample. */
export function mergeSteps(merged: MergedVerdict, exact: ExactVerdict, numeric: NumericSummary | undefined, onePoint = false): { steps?: StepReport[]; counterexample?: Counterexample; method?: string } {
  const steps = exact.steps?.map((st) => ({ ...st }) as { -readonly [K in keyof StepReport]: StepReport[K] });
  const numericCx = numericCounterexample(numeric);
  let counterexample = merged.grade === 'REFUTED' ? exact.counterexample : undefined;
  if (merged.grade === 'TESTED' && steps && numeric?.status === 'passed') {
    for (const st of steps) {
      if (!undecided(st)) continue;
      st.grade = 'TESTED';
      st.method = 'numeric witness';
      st.summary = `no exact method applied (${st.summary}); ${agreement(numeric, onePoint)}`;
    }
  }
  if (merged.grade === 'REFUTED' && exact.grade !== 'REFUTED' && numericCx) {
    counterexample = numericCx;
    // The witness names the relation it refuted: `step 2 (=): ...` for a calc, `relation 2 (<): ...` for a chain.
    const index = Number(/^(?:step|relation) (\d+) /.exec(numeric?.detail ?? '')?.[1] ?? NaN);
    const st = steps?.find((s) => s.index === index);
    if (st && undecided(st)) {
      st.grade = 'REFUTED' as Grade;
      st.method = 'numeric witness';
      st.summary = `${st.label} is false: numeric counterexample, confirmed at higher precision`;
      st.counterexample = numericCx;
    }
  }
  const method = merged.grade === 'TESTED' || (merged.grade === 'REFUTED' && exact.grade !== 'REFUTED') ? 'numeric witness' : merged.grade === exact.grade ? exact.method : undefined;
  return { ...(steps ? { steps } : {}), ...(counterexample ? { counterexample } : {}), ...(method ? { method } : {}) };
}
