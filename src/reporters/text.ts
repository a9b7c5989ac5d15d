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
  /** Only items that did not pass, files with errors or warnings, and the summary (`--quiet`). */
  readonly quiet?: boolean;
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

/** One line per step of a chain: label, own line:col, grade, and its summary. */
function stepLines(it: ItemReport): string[] {
  return (it.steps ?? []).map((st) => {
    const extra = st.grade === 'PROVED_RANGE' && st.range ? `for ${st.range} · ` : '';
    return `${st.label.padEnd(8)} ${`${st.line}:${st.col}`.padEnd(7)} ${gradeLabel(st.grade).padEnd(20)} ${extra}${st.summary}`.trimEnd();
  });
}

/** `warning: message (line:col) [code]` for an item's and its steps' warnings. */
export function warningLines(it: ItemReport): string[] {
  const all = [...(it.warnings ?? []), ...(it.steps ?? []).flatMap((st) => st.warnings ?? [])];
  // A located warning prints as a diagnostic with its source line and caret.
  return all.flatMap((w) => (w.text ? w.text.split('\n') : [`warning: ${w.message} (line ${w.line}:${w.col}) [${w.code}]`]));
}

function itemLine(it: ItemReport, report: RunReport, o: TextOptions): string {
  const label = gradeLabel(it.grade).padEnd(20);
  const name = (it.name ?? `(${it.kind} at line ${it.line})`).padEnd(28);
  const where = `line ${String(it.line).padStart(3)}`;
  const extra = (it.grade === 'PROVED_RANGE' || it.grade === 'PROVED') && it.range ? `for ${it.range}` : '';
  const why = it.summary ? (extra ? ` · ${it.summary}` : it.summary) : '';
  const time = o.times === false ? '' : `${seconds(it.timeMs).padStart(6)}  `;
  const cached = it.cached ? ' (cached)' : '';
  const head = `  ${paint(label, CODES[it.grade], o.color)} ${name} ${where}  ${time}${extra}${why}${cached}`.trimEnd();
  const failed = outcome(it.grade, report.requirement) !== 'passed';
  const lines = [head];
  if (failed && !['REFUTED', 'ERROR', 'INCONSISTENT', 'UNDECIDED'].includes(it.grade)) {
    lines.push(indent(`below the required grade (--require ${report.requirement})`));
  }
  // A chain with a step that did not pass lists every step's own verdict.
  if ((failed || o.verbose) && it.steps && it.steps.length > 1) for (const l of stepLines(it)) lines.push(indent(l));
  for (const w of warningLines(it)) lines.push(indent(w));
  if (failed || o.verbose) for (const d of it.details) lines.push(indent(d));
  // A row read from LaTeX: what proofcheck understood it to say, printed back from its AST.
  if ((failed || o.verbose) && it.latex?.rendered) lines.push(indent(`read as: ${it.latex.rendered}`));
  return lines.join('\n');
}

/** Markdown posts: the display-math blocks that were not checked, and readings worth knowing. */
function mathLines(f: FileReport): string[] {
  const blocks = f.math ?? [];
  const unchecked = blocks.filter((b) => b.status !== 'checked');
  const notes = blocks.flatMap((b) => (b.notes ?? []).map((n) => `line ${b.line}: ${n}`));
  const out: string[] = [];
  if (unchecked.length > 0) out.push('  display math not checked:', ...unchecked.map((b) => `    line ${String(b.line).padStart(3)}: ${b.reason ?? b.status}`));
  if (notes.length > 0) out.push('  LaTeX read as:', ...notes.map((n) => `    ${n}`));
  return out;
}

function fileBlock(f: FileReport, report: RunReport, o: TextOptions): string {
  const head = `${paint(f.file, '1', o.color)}${f.title ? ` — ${f.title}` : ''}`;
  if (f.errors.length > 0) {
    return [head, ...f.errors.map((e) => indent(e, '  ')), `  ${paint('script not checked: fix the errors above', '31', o.color)}`, ...mathLines(f)].join('\n');
  }
  const warnings = (f.warnings ?? []).map((w) => `  warning: ${w.message} [${w.code}]`);
  if (f.items.length === 0) return [head, ...(warnings.length > 0 ? warnings : ['  (no claims)']), ...mathLines(f)].join('\n');
  const items = o.quiet ? f.items.filter((it) => outcome(it.grade, report.requirement) !== 'passed') : f.items;
  return [head, ...warnings, ...items.map((it) => itemLine(it, report, o)), ...mathLines(f)].join('\n');
}

/** The summary line: `12 passed, 1 failed, 2 undecided, 0 errors`. */
export function summaryLine(report: RunReport): string {
  const s = report.summary;
  return `${s.passed} passed, ${s.failed} failed, ${s.undecided} undecided, ${s.errors} errors`;
}

/** Formats a whole run. */
export function formatText(report: RunReport, o: TextOptions = { color: false, verbose: false }): string {
  const shown = o.quiet
    ? report.files.filter((f) => f.errors.length > 0 || (f.warnings ?? []).length > 0 || f.items.some((it) => outcome(it.grade, report.requirement) !== 'passed'))
    : report.files;
  const blocks = shown.map((f) => fileBlock(f, report, o));
  const g = report.summary.byGrade;
  const grades = `grades: ${g.PROVED} proved, ${g.PROVED_RANGE} proved for a range, ${g.TESTED} tested, ${g.REFUTED} refuted, ${g.UNDECIDED} undecided, ${g.ERROR + g.INCONSISTENT} errors`;
  const took = o.times === false ? '' : ` in ${seconds(report.timeMs)}`;
  const shard = report.shard ? `; shard ${report.shard.index}/${report.shard.count}` : '';
  const cached = report.files.filter((f) => f.cached).length;
  // ITEM CACHE: the unchanged items of a changed script
  const reused = report.files.filter((f) => !f.cached).reduce((n, f) => n + f.items.filter((it) => it.cached).length, 0);
  const parts = [...(cached > 0 ? [`${cached} from the cache`] : []), ...(reused > 0 ? [`${reused} unchanged item${reused === 1 ? '' : 's'} reused`] : [])];
  const fromCache = parts.length > 0 ? ` (${parts.join(', ')})` : '';
  const tail = `${report.files.length} file${report.files.length === 1 ? '' : 's'}${fromCache}${took}; required grade: ${report.requirement}${report.seed !== undefined ? `; seed ${report.seed}` : ''}${shard}`;
  return [...blocks, '', grades, tail, summaryLine(report)].join('\n') + '\n';
}
