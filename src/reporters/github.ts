/**
 * The GitHub Actions reporter: an `::error`/`::warning` workflow command per claim
 * that failed, so failures appear as annotations on the pull request's diff, and
 * the summary line. Pure: a function from a RunReport to a string.
 */
import { gradeLabel, outcome, type RunReport } from '../proofs/report.ts';
import { summaryLine } from './text.ts';

/** Escapes a workflow-command message or property value. */
export function escapeData(text: string, property = false): string {
  let s = text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  if (property) s = s.replace(/:/g, '%3A').replace(/,/g, '%2C');
  return s;
}

/** Formats a run as GitHub workflow commands. */
export function formatGithub(report: RunReport): string {
  const out: string[] = [];
  for (const f of report.files) {
    for (const e of f.errors) {
      const m = /^[^\n]*?:(\d+):(\d+): error: ([^\n]*)/.exec(e);
      out.push(`::error file=${escapeData(f.file, true)},line=${m?.[1] ?? 1},col=${m?.[2] ?? 1},title=${escapeData('proofcheck: script error', true)}::${escapeData(m?.[3] ?? e)}`);
    }
    for (const it of f.items) {
      const o = outcome(it.grade, report.requirement);
      if (o === 'passed') continue;
      const level = o === 'undecided' ? 'warning' : 'error';
      const title = `${gradeLabel(it.grade)}: ${it.name ?? it.kind}`;
      out.push(`::${level} file=${escapeData(f.file, true)},line=${it.line},col=${it.col},title=${escapeData(title, true)}::${escapeData([it.summary, ...it.details].join('\n'))}`);
    }
  }
  out.push(summaryLine(report));
  return out.join('\n') + '\n';
}
