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
