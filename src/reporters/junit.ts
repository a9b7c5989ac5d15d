/**
 * The JUnit XML reporter: one <testsuite> per file, one <testcase> per claim, with
 * the grade in the test name; failures for refuted claims and shortfalls, errors
 * for script and engine errors. Pure: a function from a RunReport to a string.
 */
import { gradeLabel, outcome, type RunReport } from '../proofs/report.ts';

/** Escapes text for XML attributes and content, dropping characters XML 1.0 forbids. */
export function xmlEscape(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Formats a run as JUnit XML. */
export function formatJunit(report: RunReport): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const s = report.summary;
  out.push(`<testsuites name="proofcheck" tests="${s.passed + s.failed + s.undecided + s.errors}" failures="${s.failed + s.undecided}" errors="${s.errors}" time="${(report.timeMs / 1000).toFixed(3)}">`);
  for (const f of report.files) {
    let failures = 0;
    let errors = f.errors.length > 0 ? 1 : 0;
    const cases: string[] = [];
    if (f.errors.length > 0) {
      cases.push(`    <testcase classname="${xmlEscape(f.file)}" name="script" time="0"><error message="script errors">${xmlEscape(f.errors.join('\n\n'))}</error></testcase>`);
    }
    for (const it of f.items) {
      const name = `${it.name ?? `${it.kind} at line ${it.line}`} [${gradeLabel(it.grade)}]`;
      const o = outcome(it.grade, report.requirement);
      const body = xmlEscape([it.summary, ...it.details].join('\n'));
      let inner = '';
      if (o === 'failed' || o === 'undecided') {
        failures += 1;
        inner = `<failure message="${xmlEscape(gradeLabel(it.grade) + ': ' + it.summary)}">${body}</failure>`;
      } else if (o === 'error') {
        errors += 1;
        inner = `<error message="${xmlEscape(gradeLabel(it.grade) + ': ' + it.summary)}">${body}</error>`;
      }
      cases.push(`    <testcase classname="${xmlEscape(f.file)}" name="${xmlEscape(name)}" time="${(it.timeMs / 1000).toFixed(3)}">${inner}</testcase>`);
    }
    out.push(`  <testsuite name="${xmlEscape(f.file)}" tests="${cases.length}" failures="${failures}" errors="${errors}" time="${(f.timeMs / 1000).toFixed(3)}">`);
    out.push(...cases);
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
