/**
 * The `--format markdown` reporter: a compact summary for `$GITHUB_STEP_SUMMARY`
 * and pull-request comments — a headline, the grade counts, one table row per
 * item (file, claim, grade as a symbol and a word, a link to its line), and a
 * collapsible <details> per failure with the statement (as $$ LaTeX $$, which
 * GitHub renders) and the diagnostics. Pure; no timings, so it is reproducible.
 */
import { gradeLabel, outcome, type Grade, type ItemReport, type RunReport } from '../proofs/report.ts';
import { itemKey, type ReportSources, type StatementTex } from './sources.ts';

export interface MarkdownOptions {
  /**
   * Prefix of line links, e.g. `https://github.com/owner/repo/blob/<sha>`; the link
   * is `<base>/<file>#L<line>`. Without it, links are relative (`<file>#L<line>`).
   */
  readonly linkBase?: string;
}

const SYMBOL: Record<Grade, string> = {
  PROVED: '✅',
  PROVED_RANGE: '✅',
  TESTED: '☑️',
  REFUTED: '❌',
  UNDECIDED: '❔',
  ERROR: '💥',
  INCONSISTENT: '🚨',
};

/** Escapes text for a table cell or a summary line (pipes, HTML, newlines). */
function cell(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function link(file: string, line: number, o: MarkdownOptions): string {
  const path = file.split('/').map(encodeURIComponent).join('/');
  return `${o.linkBase ? `${o.linkBase.replace(/\/+$/, '')}/` : ''}${path}#L${line}`;
}

function statementMath(st: StatementTex | undefined): string {
  if (!st) return '';
  const q = st.quantifiers ? `${st.kind === 'theorem' ? st.quantifiers : `\\text{for } ${st.quantifiers}`}:\\quad ` : '';
  const body = st.kind === 'calc' ? `${st.first} ${st.steps.map((s) => `${s.op} ${s.expr}`).join(' ')}` : st.formula;
  return `$$\n${q}${body}\n$$\n\n`;
}

function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}text\n${text}\n${f}`;
}

/** Formats a whole run as Markdown. */
export function formatMarkdown(report: RunReport, sources: ReportSources = {}, o: MarkdownOptions = {}): string {
  const s = report.summary;
  const g = s.byGrade;
  const ok = s.failed === 0 && s.undecided === 0 && s.errors === 0;
  const out: string[] = [];
  out.push(`## ${ok ? '✅' : '❌'} proofcheck: ${s.passed} passed, ${s.failed} failed, ${s.undecided} undecided, ${s.errors} errors`, '');
  out.push(`${g.PROVED} proved · ${g.PROVED_RANGE} proved for a range · ${g.TESTED} tested · ${g.REFUTED} refuted · ${g.UNDECIDED} undecided · ${g.ERROR + g.INCONSISTENT} errors — required grade: \`${report.requirement}\`${report.seed !== undefined ? ` · seed ${report.seed}` : ''}`, '');
  out.push('| file | claim | grade | line |', '| --- | --- | --- | --- |');
  const failures: string[] = [];
  for (const f of report.files) {
    let first = true;
    const fileCell = () => {
      const c = first ? `\`${cell(f.file)}\`` : '';
      first = false;
      return c;
    };
    if (f.errors.length > 0) {
      out.push(`| ${fileCell()} | *(script not checked)* | ${SYMBOL.ERROR} ERROR | [${f.errors.length} error${f.errors.length === 1 ? '' : 's'}](${link(f.file, 1, o)}) |`);
      failures.push(`<details><summary>${SYMBOL.ERROR} <code>${cell(f.file)}</code>: script not checked (${f.errors.length} error${f.errors.length === 1 ? '' : 's'})</summary>\n\n${fence(f.errors.join('\n'))}\n\n</details>`);
      continue;
    }
    for (const it of f.items) {
      const name = it.name ? `\`${it.name}\`` : `*${it.kind} at line ${it.line}*`;
      const passed = outcome(it.grade, report.requirement) === 'passed';
      const grade = `${SYMBOL[it.grade]} ${gradeLabel(it.grade)}${passed ? '' : meetsShort(it, report)}`;
      out.push(`| ${fileCell()} | ${name} | ${cell(grade)} | [${it.line}](${link(f.file, it.line, o)}) |`);
      if (!passed) failures.push(failure(f.file, it, report, sources, o));
    }
  }
  if (failures.length > 0) out.push('', `### ${failures.length === 1 ? 'Failure' : 'Failures'}`, '', ...failures.flatMap((x) => [x, '']));
  return out.join('\n').replace(/\n+$/, '') + '\n';
}

function meetsShort(it: ItemReport, report: RunReport): string {
  return ['REFUTED', 'ERROR', 'INCONSISTENT', 'UNDECIDED'].includes(it.grade) ? '' : ` (below --require ${report.requirement})`;
}

function failure(file: string, it: ItemReport, report: RunReport, sources: ReportSources, o: MarkdownOptions): string {
  const name = it.name ?? `${it.kind} at line ${it.line}`;
  const st = sources[file]?.statements[itemKey(it.line, it.col)];
  const head = `<details><summary>${SYMBOL[it.grade]} <code>${cell(file)}:${it.line}</code> <b>${cell(name)}</b>: ${cell(gradeLabel(it.grade))}${cell(meetsShort(it, report))} — ${cell(it.summary)}</summary>`;
  const body = [`[${file}:${it.line}](${link(file, it.line, o)})`, '', statementMath(st).trimEnd()];
  if (it.details.length > 0) body.push('', fence(it.details.join('\n')));
  return `${head}\n\n${body.join('\n').replace(/\n{3,}/g, '\n\n')}\n\n</details>`;
}
