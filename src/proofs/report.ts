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
  /** For a pass: the distinct points the runs checked (a repeated point is checked once). */
  readonly points?: number;
  readonly discarded?: number;
  /** For a pass: of the discarded points, those that could not be judged where the claim may be defined (overflow, inaccuracy; runner.ts UNJUDGED). */
  readonly unjudged?: number;
  readonly tolerance?: string;
  readonly seed?: number;
  readonly path?: string;
  readonly counterexample?: Readonly<Record<string, number>>;
  /** Both sides' float values at the counterexample. */
  readonly lhs?: number;
  readonly rhs?: number;
  /** True when exact rational arithmetic (not floats) reproduced the failure. */
  readonly confirmed?: boolean;
  readonly detail?: string;
  /** For a failure: what the higher-precision re-check found. */
  readonly detail2?: string;
  /** For a pass cut short by the work budget: `witness incomplete: n of N runs (...)`. */
  readonly incomplete?: string;
}

/** A located warning about an item (e.g. a calc step's `by` rule that did not decide it). */
/** A place in a script: 1-based line and column of the start, and of the end when known. */
export interface Location {
  readonly line: number;
  readonly col: number;
  readonly endLine?: number;
  readonly endCol?: number;
}

/**
 * A warning attached to an item or a step (e.g. a rule citation that did not
 * decide the step): it never changes a grade, but reporters show it and CI
 * formats turn it into a warning annotation. `code` is a stable string.
 */
export interface ReportWarning extends Location {
  readonly code: string;
  readonly message: string;
  /** The formatted diagnostic: `file:line:col: warning: ...` with the source line and a caret. */
  readonly text?: string;
}

/**
 * A counterexample as data: each variable's exact value (a rational as text, when
 * the kernel found it) and its float; both sides' values there; how it was found.
 * `instance` holds the integer quantifiers / enumerated values of the failing case.
 */
export interface Counterexample {
  readonly method: 'exact' | 'enclosure' | 'numeric';
  readonly point: Readonly<Record<string, { readonly exact?: string; readonly float: number }>>;
  readonly instance?: Readonly<Record<string, string>>;
  readonly left?: string;
  readonly right?: string;
  /** For a numeric counterexample: whether a higher-precision re-check confirmed it. */
  readonly confirmed?: boolean;
}

/**
 * The verdict of one step of a calc chain (or one link of a relation chain
 * `0 < x < 1`): its own grade and location, the relation and the source text of
 * both sides, and the counterexample when it is false.
 */
export interface StepReport extends Location {
  /** 1-based position in the chain. */
  readonly index: number;
  /** `step 2`, `link 1 (<)`. */
  readonly label: string;
  readonly relation: string;
  /** Source text of the step's left and right sides (for a calc step, the left is the previous expression). */
  readonly left: string;
  readonly right: string;
  readonly rules: readonly string[];
  readonly grade: Grade;
  readonly range?: string;
  /** How the grade was reached: the kernel's method(s), or `numeric witness`. */
  readonly method?: string;
  readonly summary: string;
  readonly details: readonly string[];
  readonly counterexample?: Counterexample;
  readonly warnings?: readonly ReportWarning[];
  /** Time the exact kernel spent on this step, over every instance. */
  readonly timeMs?: number;
}

export interface ItemReport {
  readonly kind: 'claim' | 'calc' | 'theorem';
  readonly name?: string;
  readonly line: number;
  readonly col: number;
  readonly endLine?: number;
  readonly endCol?: number;
  readonly grade: Grade;
  /** For PROVED_RANGE: the range, e.g. `j in 0..40, k in 0..j (861 cases)`; for a PROVED theorem: `all j >= 0, k in 0..j`. */
  readonly range?: string;
  /** How the grade was reached: the kernel's method(s) (`exp-log normal form, positivity`), or `numeric witness`. */
  readonly method?: string;
  /** One-line explanation of the verdict (method, or what failed). */
  readonly summary: string;
  /** Further lines: counterexample, normal forms, failing step, diagnostics with carets. */
  readonly details: readonly string[];
  readonly timeMs: number;
  readonly numeric?: NumericSummary;
  /** Per-step verdicts of a calc (and of a relation chain with several links); the item's grade is the weakest step's. */
  readonly steps?: readonly StepReport[];
  /** The counterexample behind a REFUTED item (its first failing step's). */
  readonly counterexample?: Counterexample;
  readonly warnings?: readonly ReportWarning[];
  /** The command that replays this item's numeric counterexample (`proofcheck FILE --filter NAME --seed S --path P`). */
  readonly replay?: string;
  /** The verdict was reused from the cache (same script, engine version and options). */
  readonly cached?: boolean;
  /**
   * Items read from LaTeX display math in a Markdown post: the rows as the author
   * wrote them (`source`), and the item printed back from our AST (`rendered`), so a
   * reader sees what proofcheck understood.
   */
  readonly latex?: { readonly source: string; readonly rendered?: string };
}

/** What became of one display-math block of a Markdown post (see src/proofs/markdown). */
export interface MathBlockReport {
  readonly line: number;
  readonly col: number;
  readonly status: 'checked' | 'skipped' | 'no relation' | 'error' | 'before proof';
  /** Why it was not checked, in words ('no relation', 'could not parse `\\foo`'). */
  readonly reason?: string;
  /** Names of the claims it became (checked blocks). */
  readonly claims?: readonly string[];
  /** Readings worth knowing (`x_i` read as one variable). */
  readonly notes?: readonly string[];
  /** Whether the block has a relation at its top level (what --require-checked looks at). */
  readonly hasRelation: boolean;
}

export interface FileReport {
  readonly file: string;
  readonly title?: string;
  readonly source?: string;
  readonly items: readonly ItemReport[];
  /** Formatted script errors (file:line:col with caret); non-empty means the script did not elaborate. */
  readonly errors: readonly string[];
  readonly timeMs: number;
  /** Markdown posts: every display-math block, checked or not, with the reason. */
  readonly math?: readonly MathBlockReport[];
  /** File-level warnings (e.g. a script with no claims). */
  readonly warnings?: readonly ReportWarning[];
  /** Every verdict of this file came from the cache. */
  readonly cached?: boolean;
}

export interface Summary {
  readonly passed: number;
  readonly failed: number;
  readonly undecided: number;
  readonly errors: number;
  readonly byGrade: Readonly<Record<Grade, number>>;
}

/** Which part of a split run this is (`--shard i/n`). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

export interface RunReport {
  readonly files: readonly FileReport[];
  /** proofcheck's version (from package.json). */
  readonly version?: string;
  readonly shard?: Shard;
  /** Set by --merge-reports: the reports (shards) this one combines. */
  readonly merged?: readonly { readonly shard?: Shard; readonly files: number }[];
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

/** The weaker of two grades (the grade of a chain is its weakest step's). */
export function weakest(a: Grade, b: Grade): Grade {
  return RANK[b] < RANK[a] ? b : a;
}

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
