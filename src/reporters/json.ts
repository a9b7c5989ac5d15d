/**
 * The JSON reporter: the RunReport as JSON (stable field names; bigints as strings).
 * Pure: a function from a RunReport to a string.
 */
import type { RunReport } from '../proofs/report.ts';

/** Formats a run as pretty-printed JSON. */
export function formatJson(report: RunReport): string {
  return JSON.stringify(report, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2) + '\n';
}
