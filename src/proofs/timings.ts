/**
 * Reports without timing figures (`--no-timings`): every other field is decided by
 * the scripts, the seed and the options, so two runs give identical reports.
 */
import type { FileReport, ItemReport, RunReport } from './report.ts';

/** The report with every timing figure set to 0 (reporters print none when asked). */
export function withoutTimings(report: RunReport): RunReport {
  const item = (i: ItemReport): ItemReport => ({ ...i, timeMs: 0, ...(i.steps ? { steps: i.steps.map((st) => ({ ...st, timeMs: 0 })) } : {}) });
  const file = (f: FileReport): FileReport => ({ ...f, timeMs: 0, items: f.items.map(item) });
  return { ...report, timeMs: 0, files: report.files.map(file) };
}
