/**
 * Reports without timing figures (`--no-timings`): every other field is decided by
 * the scripts, the seed and the options, so two runs give identical reports. Where a
 * verdict came from (the cache or a fresh check) is left out too: it is the same
 * verdict either way, and only the time it took differs.
 */
import type { FileReport, ItemReport, RunReport } from './report.ts';

/** The report with every timing figure set to 0 and no cache marks (reporters print none when asked). */
export function withoutTimings(report: RunReport): RunReport {
  const item = ({ cached: _cached, ...i }: ItemReport): ItemReport => ({ ...i, timeMs: 0, ...(i.steps ? { steps: i.steps.map((st) => ({ ...st, timeMs: 0 })) } : {}) });
  const file = ({ cached: _cached, ...f }: FileReport): FileReport => ({ ...f, timeMs: 0, items: f.items.map(item) });
  return { ...report, timeMs: 0, files: report.files.map(file) };
}
