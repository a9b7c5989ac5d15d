/**
 * The GitHub Actions reporter: workflow commands that become annotations on the
 * pull request's diff. One `::error` per failing step of a chain, at the step's own
 * line and column (one per failing claim otherwise), titled with the grade, the
 * claim and the step; `::warning` for undecided claims and for warnings (such as a
 * rule citation that did not decide its step); then the summary line. Pure: a
 * function from a RunReport to a string.
 */
import { gradeLabel, outcome, type Location, type RunReport } from '../proofs/report.ts';
import { summaryLine } from './text.ts';
import { testName } from './junit.ts';

/** Escapes a workflow-command message or property value. */
export function escapeData(text: string, property = false): string {
  let s = text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  if (property) s = s.replace(/:/g, '%3A').replace(/,/g, '%2C');
  return s;
}

function command(level: 'error' | 'warning' | 'notice', file: string, at: Location, title: string, message: string): string {
  const props = [`file=${escapeData(file, true)}`, `line=${at.line}`, `col=${at.col}`];
  // An end on the same line narrows the annotation to the step's text.
  if (at.endLine !== undefined && at.endCol !== undefined && at.endLine >= at.line) props.push(`endLine=${at.endLine}`, `endColumn=${at.endCol}`);
  props.push(`title=${escapeData(title, true)}`);
  return `::${level} ${props.join(',')}::${escapeData(message)}`;
}

/** Formats a run as GitHub workflow commands. */
export function formatGithub(report: RunReport): string {
  const out: string[] = [];
  for (const f of report.files) {
    for (const e of f.errors) {
      const m = /^[^\n]*?:(\d+):(\d+): error: ([^\n]*)/.exec(e);
      out.push(command('error', f.file, { line: Number(m?.[1] ?? 1), col: Number(m?.[2] ?? 1) }, 'proofcheck: script error', m?.[3] ?? e));
    }
    for (const w of f.warnings ?? []) out.push(command('warning', f.file, w, `proofcheck: ${w.code}`, w.message));
    for (const it of f.items) {
      const name = testName(it);
      for (const w of [...(it.warnings ?? []), ...(it.steps ?? []).flatMap((st) => st.warnings ?? [])]) {
        out.push(command('warning', f.file, w, `${name}: ${w.code}`, w.message));
      }
      const o = outcome(it.grade, report.requirement);
      if (o === 'passed') continue;
      const level = o === 'undecided' ? 'warning' : 'error';
      const steps = (it.steps ?? []).filter((st) => outcome(st.grade, report.requirement) !== 'passed');
      if (steps.length === 0) {
        const below = o === 'failed' && it.grade !== 'REFUTED' ? [`below the required grade (--require ${report.requirement})`] : [];
        out.push(command(level, f.file, it, `${gradeLabel(it.grade)}: ${name}`, [it.summary, ...below, ...it.details].join('\n')));
        continue;
      }
      for (const st of steps) {
        const stepLevel = outcome(st.grade, report.requirement) === 'undecided' ? 'warning' : level;
        out.push(command(stepLevel, f.file, st, `${gradeLabel(st.grade)}: ${name}, ${st.label}`, [st.summary, ...st.details].join('\n')));
      }
    }
  }
  out.push(summaryLine(report));
  return out.join('\n') + '\n';
}
