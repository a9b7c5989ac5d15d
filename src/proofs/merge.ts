/**
 * Merging the two witnesses' verdicts (issues 5 and 13):
 * - exact PROVED (or PROVED for a range) and numeric pass      -> that grade;
 * - exact PROVED and a confirmed numeric failure               -> ENGINE INCONSISTENCY (exit 2, both witnesses shown);
 * - no exact decision and numeric pass                         -> TESTED (runs and tolerance stated);
 * - no exact decision and a confirmed numeric failure          -> REFUTED;
 * - an unconfirmed numeric failure never refutes: UNDECIDED, "unconfirmed numeric
 *   discrepancy", with the point, seed and path (under an exact PROVED it is shown
 *   as such and the exact grade stands).
 * A numeric failure is CONFIRMED only by exact means, never by re-running floats in a
 * wider mantissa with the same exponent range and the same derivative method:
 * (a) the exact kernel encloses both sides rigorously at the exact rational value of
 * the sample and they violate the relation (`kernelConfirmation`, from check.ts); or
 * (b) the witness's own exact rational re-evaluation (verify/exact.ts) violates it.
 * An exact REFUTED stands whatever the sampler found: it rests on an exact counterexample.
 */
import type { ExactVerdict } from './check.ts';
import type { Grade, NumericSummary } from './report.ts';

export interface MergedVerdict {
  readonly grade: Grade;
  readonly range?: string;
  readonly summary: string;
  readonly details: readonly string[];
}

/**
 * DEFINED (check.ts): the kernel found a side with no value anywhere (log(-2)^0);
 * the verdict carries `noValueAnywhere` and its reason begins with this phrase.
 * Such a claim is never TESTED either: the witness may evaluate it where the real
 * claim has no meaning (a Cauchy integral takes log(-2) as log 2 + i pi).
 */
export const NO_VALUE_ANYWHERE = 'a side has no value anywhere';

/** Error codes that mean "the exact kernel has no method for this", not "the script is wrong". */
const UNSUPPORTED = /^(lower\/unsupported|lower\/infinite-sum|kernel\/unsupported)/;

/** ` at 21 distinct points` when the runs repeated points (REUSE in runner.ts), else nothing. */
function distinct(n: NumericSummary): string {
  return n.points !== undefined && n.runs !== undefined && n.points < n.runs ? ` at ${n.points} distinct point${n.points === 1 ? '' : 's'}` : '';
}

function describeNumeric(n: NumericSummary): string {
  switch (n.status) {
    case 'passed':
      return `numeric witness: ${n.runs} runs agreed${distinct(n)}${n.tolerance ? ` (${n.tolerance})` : ''}${n.discarded ? `, ${n.discarded} points discarded${n.unjudged ? ` (${n.unjudged} of them could not be judged: out of the double range or too inaccurate)` : ''}` : ''}, seed ${n.seed}${n.incomplete ? `; ${n.incomplete}` : ''}`;
    case 'failed':
      return `numeric witness: counterexample ${formatPoint(n.counterexample)}${n.detail ? ` — ${n.detail}` : ''} (seed ${n.seed}, path ${n.path}; replay with --seed ${n.seed}${n.path ? ` --path ${n.path}` : ''})${n.confirmed ? ', confirmed in exact rational arithmetic' : n.detail2 ? `; ${n.detail2}` : ''}`;
    case 'inconclusive':
      return `numeric witness inconclusive: ${n.detail ?? 'too many points discarded'}`;
    case 'skipped':
      return `numeric witness skipped${n.detail ? `: ${n.detail}` : ''}`;
  }
}

/** `{p = 0.5, a = 2}` */
export function formatPoint(p: Readonly<Record<string, number>> | undefined): string {
  if (!p) return '{}';
  return `{${Object.entries(p)
    .map(([k, v]) => `${k} = ${v}`)
    .join(', ')}}`;
}

/**
 * Merges an exact verdict with the numeric witness's summary; `kernelConfirmation` is
 * the kernel's REFUTED verdict at the numeric sample (check.ts confirmAtSample), when
 * it found one.
 */
/**
 * What a passing witness checked, for a TESTED summary: `1000 random points agreed`,
 * `1000 runs agreed at 21 distinct points` when points repeated (a small index range),
 * or, for an item with no variables (`onePoint`), that its one value agreed: the
 * runs then repeat the same point, which is no more evidence than one.
 */
export function agreement(numeric: NumericSummary, onePoint: boolean): string {
  const within = numeric.tolerance ? ` within ${numeric.tolerance}` : '';
  if (onePoint) return `its value agreed at its only point (no variables)${within}`;
  return distinct(numeric) ? `${numeric.runs} runs agreed${distinct(numeric)}${within}` : `${numeric.runs} random points agreed${within}`;
}

/**
 * UNJUDGED (runner.ts) points are at least a tenth of the runs: overflow or
 * inaccuracy can hide the very region where a claim fails (lgamma(y) <= 5000 over
 * (1, 1000) is false only where exp(y) overflows), so such a pass is no TESTED.
 */
function manyUnjudged(n: NumericSummary): boolean {
  const u = n.unjudged ?? 0;
  return n.runs !== undefined && u > 0 && u * 10 >= n.runs;
}

export function mergeVerdicts(exact: ExactVerdict, numeric: NumericSummary | undefined, kernelConfirmation?: ExactVerdict, onePoint = false): MergedVerdict {
  if (!numeric || numeric.status === 'skipped') {
    return numeric ? { ...exact, details: [...exact.details, describeNumeric(numeric)] } : exact;
  }
  const note = describeNumeric(numeric);
  const failed = numeric.status === 'failed';
  const confirmed = failed && (kernelConfirmation !== undefined || numeric.confirmed === true);
  const unconfirmed = `unconfirmed numeric discrepancy at ${formatPoint(numeric.counterexample)} (seed ${numeric.seed}, path ${numeric.path}): neither the exact kernel's rigorous evaluation at that point nor exact rational arithmetic confirms it`;
  const exactProved = exact.grade === 'PROVED' || exact.grade === 'PROVED_RANGE';
  if (exactProved) {
    if (confirmed) {
      return {
        grade: 'INCONSISTENT',
        summary: `the exact kernel PROVED this (${exact.summary}) but the numeric witness found a confirmed counterexample — an engine bug; please report it`,
        details: [`exact witness: ${exact.grade === 'PROVED_RANGE' ? `PROVED for ${exact.range}` : 'PROVED'} by ${exact.summary}`, note, ...(kernelConfirmation?.details ?? []), ...exact.details],
      };
    }
    const agree = numeric.status === 'passed' ? `; numeric witness agrees (${numeric.runs} runs${numeric.incomplete ? `; ${numeric.incomplete}` : ''})` : failed ? `; numeric witness: ${unconfirmed}` : '';
    return { ...exact, summary: exact.summary + agree, details: [...exact.details, note] };
  }
  const undecided = (exact.grade === 'UNDECIDED' || (exact.grade === 'ERROR' && UNSUPPORTED.test(exact.summary))) && !exact.noValueAnywhere;
  if (undecided) {
    if (numeric.status === 'passed' && numeric.incomplete) {
      // Fewer runs than asked for never passes silently: no TESTED from a cut-short witness.
      return { grade: 'UNDECIDED', summary: `${exact.summary}; ${numeric.incomplete}: ${numeric.runs} random points agreed, not enough for TESTED`, details: [...exact.details, note] };
    }
    if (numeric.status === 'passed' && manyUnjudged(numeric)) {
      // A region the witness could not judge may be where the claim fails (lgamma(y) <= 5000
      // over (1, 1000) fails only where exp(y) overflows): no TESTED.
      return {
        grade: 'UNDECIDED',
        summary: `${exact.summary}; the numeric witness agreed at ${numeric.runs} points but could not judge ${numeric.unjudged} others (out of the double range or too inaccurate), so a region of the domain is unchecked; a narrower domain for the variables may let it be TESTED`,
        details: [...exact.details, note],
      };
    }
    if (numeric.status === 'passed') {
      return {
        grade: 'TESTED',
        summary: `no exact method applied (${exact.summary}); ${agreement(numeric, onePoint)}`,
        details: [note],
      };
    }
    if (confirmed && kernelConfirmation) {
      return { grade: 'REFUTED', summary: `numeric counterexample ${formatPoint(numeric.counterexample)}, confirmed by the exact kernel's rigorous evaluation at that point`, details: [...kernelConfirmation.details, note] };
    }
    if (confirmed) {
      return { grade: 'REFUTED', summary: `numeric counterexample ${formatPoint(numeric.counterexample)}, confirmed in exact rational arithmetic`, details: [...exact.details, note] };
    }
    if (failed) return { grade: 'UNDECIDED', summary: `${unconfirmed}; ${exact.summary}`, details: [...exact.details, note] };
    return { ...exact, details: [...exact.details, note] };
  }
  // REFUTED or a genuine ERROR: the exact verdict stands; show what the sampler saw.
  return { ...exact, details: [...exact.details, note] };
}
