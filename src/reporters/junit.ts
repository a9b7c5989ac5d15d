/**
 * The JUnit XML reporter, as CI systems read it (Jenkins, GitLab, GitHub test
 * reporters, Azure): one <testsuite> per file, one <testcase> per claim with a
 * stable name — the claim's name, or `calc at line N` — that does not change with
 * the verdict (test history and "new failure" detection key on it); classname is
 * the file path, with `file` and `line` attributes. A failing claim has one
 * <failure> (or <error>) whose text lists every failing step at its own
 * file:line:col; <system-out> carries the evidence (grade, method, numeric witness,
 * steps, replay command). Claims below the required grade are failures, or
 * <skipped> when `belowRequired: 'skipped'` is the policy. Validated against the
 * Jenkins xUnit JUnit schema in the test suite. Pure: a function from a RunReport
 * to a string.
 */
import { gradeLabel, outcome, type FileReport, type ItemReport, type RunReport } from '../proofs/report.ts';

export interface JunitOptions {
  /** How a claim that passed with a grade below `--require` is reported (default: a failure). */
  readonly belowRequired?: 'failure' | 'skipped';
}

/** Escapes text for XML attributes and content, replacing characters XML 1.0 forbids by `\uXXXX`. */
export function xmlEscape(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Escapes an attribute value: also line breaks and tabs, which attribute normalisation would turn into spaces. */
function attr(text: string): string {
  return xmlEscape(text).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

/** The stable test name of an item: its name, or `calc at line N`. */
export function testName(it: ItemReport): string {
  return it.name ?? `${it.kind} at line ${it.line}`;
}

/** The located lines of a failure: one per step that did not pass (or the item itself), then the details. */
function failureText(f: FileReport, it: ItemReport, report: RunReport): string {
  const bad = (it.steps ?? []).filter((st) => outcome(st.grade, report.requirement) !== 'passed');
  const heads = bad.length > 0
    ? bad.map((st) => `${f.file}:${st.line}:${st.col}: ${st.label} ${gradeLabel(st.grade)}: ${st.summary}`)
    : [`${f.file}:${it.line}:${it.col}: ${gradeLabel(it.grade)}: ${it.summary}`];
  return [...heads, '', ...it.details].join('\n');
}

/** The evidence of an item, for <system-out>. */
function evidence(it: ItemReport): string {
  const lines = [`${gradeLabel(it.grade)}${it.range ? ` for ${it.range}` : ''}: ${it.summary}${it.cached ? ' (cached)' : ''}`];
  for (const st of it.steps ?? []) lines.push(`${st.label} (line ${st.line}:${st.col}): ${gradeLabel(st.grade)}${st.range ? ` for ${st.range}` : ''}: ${st.summary}`);
  for (const w of [...(it.warnings ?? []), ...(it.steps ?? []).flatMap((st) => st.warnings ?? [])]) lines.push(`warning (line ${w.line}:${w.col}) [${w.code}]: ${w.message}`);
  if (outcome(it.grade, 'tested') === 'passed') lines.push(...it.details);
  if (it.replay) lines.push(`replay: ${it.replay}`);
  return lines.join('\n');
}

/** Formats a run as JUnit XML. */
export function formatJunit(report: RunReport, options: JunitOptions = {}): string {
  const skipBelow = options.belowRequired === 'skipped';
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  for (const f of report.files) {
    const cases: string[] = [];
    let sFailures = 0;
    let sErrors = 0;
    let sSkipped = 0;
    const file = attr(f.file);
    if (f.errors.length > 0) {
      sErrors += 1;
      cases.push(`    <testcase classname="${file}" name="script" file="${file}" time="0.000"><error type="script-error" message="the script has errors and was not checked">${xmlEscape(f.errors.join('\n\n'))}</error></testcase>`);
    }
    for (const it of f.items) {
      const o = outcome(it.grade, report.requirement);
      const below = o === 'failed' && it.grade !== 'REFUTED' ? ` (below the required grade, --require ${report.requirement})` : '';
      const message = attr(`${gradeLabel(it.grade)}${below}: ${it.summary}`);
      let verdict = '';
      if (o === 'error') {
        sErrors += 1;
        verdict = `<error type="${it.grade}" message="${message}">${xmlEscape(failureText(f, it, report))}</error>`;
      } else if (o === 'failed' && skipBelow && it.grade !== 'REFUTED') {
        sSkipped += 1;
        verdict = `<skipped message="${attr(`${gradeLabel(it.grade)} is below the required grade (--require ${report.requirement})`)}"/>`;
      } else if (o === 'failed' || o === 'undecided') {
        sFailures += 1;
        verdict = `<failure type="${it.grade}" message="${message}">${xmlEscape(failureText(f, it, report))}</failure>`;
      }
      const out = `<system-out>${xmlEscape(evidence(it))}</system-out>`;
      cases.push(`    <testcase classname="${file}" name="${attr(testName(it))}" file="${file}" line="${it.line}" time="${seconds(it.timeMs)}">${verdict}${out}</testcase>`);
    }
    tests += cases.length;
    failures += sFailures;
    errors += sErrors;
    suites.push(`  <testsuite name="${file}" tests="${cases.length}" failures="${sFailures}" errors="${sErrors}" skipped="${sSkipped}" time="${seconds(f.timeMs)}" file="${file}">`, ...cases, '  </testsuite>');
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="proofcheck" tests="${tests}" failures="${failures}" errors="${errors}" time="${seconds(report.timeMs)}">`,
    ...suites,
    '</testsuites>',
  ].join('\n') + '\n';
}
