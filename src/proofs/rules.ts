/**
 * Rule names a calc step may cite after `by`. A rule says how the step is
 * justified; the kernel decides the step itself, so a rule is a hint for the
 * reader and for choosing the decision procedure, never a licence.
 */
import { suggestName } from './diagnostics.ts';

/** Rule name -> one-line meaning (shown in errors and docs). */
export const RULES: ReadonlyMap<string, string> = new Map([
  ['algebra', 'identity of rational functions over exp/log atoms (exp-log normal form)'],
  ['definition', 'unfolding a let definition, then algebra'],
  ['diff', 'symbolic differentiation, then algebra'],
  ['series', 'exact comparison of power-series coefficients'],
  ['positivity', 'sign of the difference of the two sides'],
  ['arith', 'exact rational arithmetic'],
]);

export const KNOWN_RULES: ReadonlySet<string> = new Set(RULES.keys());

/** The nearest known rule to `name`, if it is close enough to be a likely typo. */
export function suggestRule(name: string): string | undefined {
  return suggestName(name, KNOWN_RULES);
}

/** What decided a calc step, for matching it against the step's cited rules. */
export interface StepDecision {
  readonly op: string;
  /** The kernel's method name (Certificate.method). */
  readonly method: string;
  /** Whether either side of the step has a derivative, a coefficient/series/valuation, a variable. */
  readonly hasDerivative: boolean;
  readonly hasSeries: boolean;
  readonly hasVariables: boolean;
}

const IDENTITY_METHODS = new Set(['exp-log normal form', 'exact arithmetic']);

/**
 * Why `rule` does not justify a step decided as `d`, or undefined when it does.
 * A rule is a hint, not a licence: the kernel decided the step either way; this
 * only checks that the text cites the reason that actually holds.
 */
export function ruleMismatch(rule: string, d: StepDecision): string | undefined {
  const by = `this step was decided by ${d.method}`;
  const equality = d.op === '=';
  switch (rule) {
    case 'positivity':
      if (equality) return `rule 'positivity' cannot justify an equality (it signs a difference); ${by}`;
      if (!/positivity|nonnegative coefficients/.test(d.method)) return `rule 'positivity' did not decide this step; ${by}`;
      return undefined;
    case 'algebra':
    case 'definition':
      if (IDENTITY_METHODS.has(d.method) || d.method === 'positivity of the normal form') return undefined;
      return `rule '${rule}' (${RULES.get(rule)}) did not decide this step; ${by}`;
    case 'diff':
      if (!d.hasDerivative) return `rule 'diff' is cited but neither side of this step has a derivative; ${by}`;
      return undefined;
    case 'series':
      if (!d.hasSeries) return `rule 'series' is cited but neither side of this step has a coefficient, series or valuation; ${by}`;
      return undefined;
    case 'arith':
      if (d.method === 'exact arithmetic' || (!d.hasVariables && IDENTITY_METHODS.has(d.method))) return undefined;
      return `rule 'arith' (exact rational arithmetic) did not decide this step; ${by}`;
    default:
      return undefined;
  }
}
