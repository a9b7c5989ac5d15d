/**
 * Merging the two witnesses' verdicts (issue 5's rules):
 * - exact PROVED (or PROVED for a range) and numeric pass      -> that grade;
 * - exact PROVED and a confirmed numeric failure               -> ENGINE INCONSISTENCY (exit 2, both witnesses shown);
 * - no exact decision and numeric pass                         -> TESTED (runs and tolerance stated);
 * - no exact decision and a confirmed numeric failure          -> REFUTED (numeric, confirmed at higher precision);
 * - an unconfirmed numeric failure never refutes: it is reported as such.
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

/** Error codes that mean "the exact kernel has no method for this", not "the script is wrong". */
const UNSUPPORTED = /^(lower\/unsupported|lower\/infinite-sum|kernel\/unsupported)/;

function describeNumeric(n: NumericSummary): string {
  switch (n.status) {
    case 'passed':
      return `numeric witness: ${n.runs} runs agreed${n.tolerance ? ` (${n.tolerance})` : ''}${n.discarded ? `, ${n.discarded} points discarded` : ''}, seed ${n.seed}`;
    case 'failed':
      return `numeric witness: counterexample ${formatPoint(n.counterexample)}${n.detail ? ` — ${n.detail}` : ''} (seed ${n.seed}, path ${n.path}; replay with --seed ${n.seed}${n.path ? ` --path ${n.path}` : ''})${n.confirmed ? ', confirmed at higher precision' : ', NOT confirmed at higher precision'}`;
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

/** Merges an exact verdict with the numeric witness's summary. */
export function mergeVerdicts(exact: ExactVerdict, numeric: NumericSummary | undefined): MergedVerdict {
  if (!numeric || numeric.status === 'skipped') {
    return numeric ? { ...exact, details: [...exact.details, describeNumeric(numeric)] } : exact;
  }
  const note = describeNumeric(numeric);
  const exactProved = exact.grade === 'PROVED' || exact.grade === 'PROVED_RANGE';
  if (exactProved) {
    if (numeric.status === 'failed' && numeric.confirmed) {
      return {
        grade: 'INCONSISTENT',
        summary: `the exact kernel PROVED this (${exact.summary}) but the numeric witness found a confirmed counterexample — an engine bug; please report it`,
        details: [`exact witness: ${exact.grade === 'PROVED_RANGE' ? `PROVED for ${exact.range}` : 'PROVED'} by ${exact.summary}`, note, ...exact.details],
      };
    }
    const agree = numeric.status === 'passed' ? `; numeric witness agrees (${numeric.runs} runs)` : '';
    return { ...exact, summary: exact.summary + agree, details: [...exact.details, note] };
  }
  const undecided = exact.grade === 'UNDECIDED' || (exact.grade === 'ERROR' && UNSUPPORTED.test(exact.summary));
  if (undecided) {
    if (numeric.status === 'passed') {
      return {
        grade: 'TESTED',
        summary: `no exact method applied (${exact.summary}); ${numeric.runs} random points agreed${numeric.tolerance ? ` within ${numeric.tolerance}` : ''}`,
        details: [note],
      };
    }
    if (numeric.status === 'failed' && numeric.confirmed) {
      return { grade: 'REFUTED', summary: `numeric counterexample ${formatPoint(numeric.counterexample)}, confirmed at higher precision`, details: [...exact.details, note] };
    }
    return { ...exact, details: [...exact.details, note] };
  }
  // REFUTED or a genuine ERROR: the exact verdict stands; show what the sampler saw.
  return { ...exact, details: [...exact.details, note] };
}
