/**
 * The text reporter: per file, each item's grade, name, line and time; details
 * indented under failures; a final summary line `12 passed, 1 failed, ...`.
 * Pure: a function from a RunReport to a string. Colour only when asked.
 */
import { gradeLabel, outcome, type FileReport, type Grade, type ItemReport, type RunReport } from '../proofs/report.ts';

export interface TextOptions {
  readonly color: boolean;
  /** Show details (numeric witness notes) for passing items too. */
  readonly verbose: boolean;
  /** Show timings (off for golden tests, which must be reproducible). Default true. */
  readonly times?: boolean;
}

const CODES: Record<Grade, string> = {
  PROVED: '32',
  PROVED_RANGE: '32',
  TESTED: '36',
  UNDECIDED: '33',
  REFUTED: '31',
  ERROR: '31',
  INCONSISTENT: '1;31',
};

function paint(text: string, code: string, on: boolean): string {
  return on ? `\u001b[${code}m${text}\u001b[0m` : text;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)}s`;
}

function indent(text: string, by = '      '): string {
  return text
    .split('\n')
    .map((l) => (l.length ? by + l : l))
    .join('\n');
}

function itemLine(it: ItemReport, report: RunReport, o: TextOptions): string {
  const label = gradeLabel(it.grade).padEnd(20);
  const name = (it.name ?? `(${it.kind} at line ${it.line})`).padEnd(28);
  const where = `line ${String(it.line).padStart(3)}`;
  const extra = (it.grade === 'PROVED_RANGE' || it.grade === 'PROVED') && it.range ? `for ${it.range}` : '';
  const why = it.summary ? (extra ? ` · ${it.summary}` : it.summary) : '';
  const time = o.times === false ? '' : `${seconds(it.timeMs).padStart(6)}  `;
  const head = `  ${paint(label, CODES[it.grade], o.color)} ${name} ${where}  ${time}${extra}${why}`.trimEnd();
  const failed = outcome(it.grade, report.requirement) !== 'passed';
  const lines = [head];
  if (failed && !['REFUTED', 'ERROR', 'INCONSISTENT', 'UNDECIDED'].includes(it.grade)) {
    lines.push(indent(`below the required grade (--require ${report.requirement})`));
  }
  if (failed || o.verbose) for (const d of it.details) lines.push(indent(d));
  for (const w of it.warnings ?? []) lines.push(indent(w.text));
  return lines.join('\n');
}

function fileBlock(f: FileReport, report: RunReport, o: TextOptions): string {
  const head = `${paint(f.file, '1', o.color)}${f.title ? ` — ${f.title}` : ''}`;
  if (f.errors.length > 0) {
    return [head, ...f.errors.map((e) => indent(e, '  ')), `  ${paint('script not checked: fix the errors above', '31', o.color)}`].join('\n');
  }
  if (f.items.length === 0) return `${head}\n  (no claims)`;
  return [head, ...f.items.map((it) => itemLine(it, report, o))].join('\n');
}

/** The summary line: `12 passed, 1 failed, 2 undecided, 0 errors`. */
export function summaryLine(report: RunReport): string {
  const s = report.summary;
  return `${s.passed} passed, ${s.failed} failed, ${s.undecided} undecided, ${s.errors} errors`;
}

/** Formats a whole run. */
export function formatText(report: RunReport, o: TextOptions = { color: false, verbose: false }): string {
  const blocks = report.files.map((f) => fileBlock(f, report, o));
  const g = report.summary.byGrade;
  const grades = `grades: ${g.PROVED} proved, ${g.PROVED_RANGE} proved for a range, ${g.TESTED} tested, ${g.REFUTED} refuted, ${g.UNDECIDED} undecided, ${g.ERROR + g.INCONSISTENT} errors`;
  const took = o.times === false ? '' : ` in ${seconds(report.timeMs)}`;
  const tail = `${report.files.length} file${report.files.length === 1 ? '' : 's'}${took}; required grade: ${report.requirement}${report.seed !== undefined ? `; seed ${report.seed}` : ''}`;
  return [...blocks, '', grades, tail, summaryLine(report)].join('\n') + '\n';
}
