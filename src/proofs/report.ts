/**
 * Check reports: plain data produced by the checker and consumed by reporters.
 * Reporters are pure functions from a RunReport to text.
 */

/**
 * Evidence grades, strongest first.
 * PROVED: exact, for every value of the free variables.
 * PROVED_RANGE: exact, for every case of a finite range (`range` says which).
 * TESTED: no exact decision; the numeric witness passed N random points.
 * REFUTED: an exact counterexample, or a numeric one confirmed exactly (kernel enclosures or exact rationals at the sample).
 * UNDECIDED: neither witness could decide.
 * ERROR: the claim could not be checked (limit, timeout, unsupported, malformed).
 * INCONSISTENT: the exact and numeric witnesses disagree — an engine error, never a pass.
 */
export type Grade = 'PROVED' | 'PROVED_RANGE' | 'TESTED' | 'REFUTED' | 'UNDECIDED' | 'ERROR' | 'INCONSISTENT';

/** The grade a run requires of every claim (`--require`). */
export type Requirement = 'proved' | 'range' | 'tested';

/** What the numeric witness said about an item. */
export interface NumericSummary {
  readonly status: 'passed' | 'failed' | 'inconclusive' | 'skipped';
  readonly runs?: number;
  readonly discarded?: number;
  readonly tolerance?: string;
  readonly seed?: number;
  readonly path?: string;
  readonly counterexample?: Readonly<Record<string, number>>;
  /** True when exact rational arithmetic (not floats) reproduced the failure. */
  readonly confirmed?: boolean;
  readonly detail?: string;
  /** For a failure: what the higher-precision re-check found. */
  readonly detail2?: string;
  /** For a pass cut short by the work budget: `witness incomplete: n of N runs (...)`. */
  readonly incomplete?: string;
}

/** A located warning about an item (e.g. a calc step's `by` rule that did not decide it). */
export interface ItemWarning {
  /** Stable code, e.g. `check/rule-mismatch`. */
  readonly code: string;
  readonly message: string;
  readonly line: number;
  readonly col: number;
  /** The formatted diagnostic: `file:line:col: warning: ...` with the source line and a caret. */
  readonly text: string;
}

export interface ItemReport {
  readonly kind: 'claim' | 'calc' | 'theorem';
  readonly name?: string;
  readonly line: number;
  readonly col: number;
  readonly grade: Grade;
  /** For PROVED_RANGE: the range, e.g. `j in 0..40, k in 0..j (861 cases)`; for a PROVED theorem: `all j >= 0, k in 0..j`. */
  readonly range?: string;
  /** One-line explanation of the verdict (method, or what failed). */
  readonly summary: string;
  /** Further lines: counterexample, normal forms, failing step, diagnostics with carets. */
  readonly details: readonly string[];
  readonly timeMs: number;
  readonly numeric?: NumericSummary;
  /** Located warnings (a `by` rule that cannot apply to its step or did not decide it). */
  readonly warnings?: readonly ItemWarning[];
}

export interface FileReport {
  readonly file: string;
  readonly title?: string;
  readonly source?: string;
  readonly items: readonly ItemReport[];
  /** Formatted script errors (file:line:col with caret); non-empty means the script did not elaborate. */
  readonly errors: readonly string[];
  readonly timeMs: number;
}

export interface Summary {
  readonly passed: number;
  readonly failed: number;
  readonly undecided: number;
  readonly errors: number;
  readonly byGrade: Readonly<Record<Grade, number>>;
}

export interface RunReport {
  readonly files: readonly FileReport[];
  readonly requirement: Requirement;
  readonly summary: Summary;
  readonly timeMs: number;
  readonly seed?: number;
  readonly runs?: number;
}

const RANK: Record<Grade, number> = {
  PROVED: 3,
  PROVED_RANGE: 2,
  TESTED: 1,
  REFUTED: -1,
  UNDECIDED: 0,
  ERROR: -2,
  INCONSISTENT: -3,
};

const NEEDED: Record<Requirement, number> = { proved: 3, range: 2, tested: 1 };

/** Whether a grade meets the requirement. */
export function meets(grade: Grade, requirement: Requirement): boolean {
  return RANK[grade] >= NEEDED[requirement];
}

/** The outcome class of one item under a requirement. */
export function outcome(grade: Grade, requirement: Requirement): 'passed' | 'failed' | 'undecided' | 'error' {
  if (meets(grade, requirement)) return 'passed';
  if (grade === 'UNDECIDED') return 'undecided';
  if (grade === 'ERROR' || grade === 'INCONSISTENT') return 'error';
  return 'failed';
}

/** Counts outcomes over all files (a file that failed to elaborate counts as one error). */
export function summarize(files: readonly FileReport[], requirement: Requirement): Summary {
  const byGrade: Record<Grade, number> = {
    PROVED: 0, PROVED_RANGE: 0, TESTED: 0, REFUTED: 0, UNDECIDED: 0, ERROR: 0, INCONSISTENT: 0,
  };
  let passed = 0;
  let failed = 0;
  let undecided = 0;
  let errors = 0;
  for (const f of files) {
    if (f.errors.length > 0) errors += 1;
    for (const it of f.items) {
      byGrade[it.grade] += 1;
      const o = outcome(it.grade, requirement);
      if (o === 'passed') passed += 1;
      else if (o === 'failed') failed += 1;
      else if (o === 'undecided') undecided += 1;
      else errors += 1;
    }
  }
  return { passed, failed, undecided, errors, byGrade };
}

/** The process exit code: 2 for script or engine errors, 1 for failures or shortfalls, else 0. */
export function exitCode(report: RunReport): 0 | 1 | 2 {
  if (report.summary.errors > 0) return 2;
  if (report.summary.failed > 0 || report.summary.undecided > 0) return 1;
  return 0;
}

/** Human label of a grade. */
export function gradeLabel(grade: Grade): string {
  switch (grade) {
    case 'PROVED_RANGE':
      return 'PROVED for a range';
    case 'INCONSISTENT':
      return 'ENGINE INCONSISTENCY';
    default:
      return grade;
  }
}
