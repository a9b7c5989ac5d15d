/**
 * The SARIF 2.1.0 reporter (GitHub code scanning and most static-analysis
 * dashboards): one run; `tool.driver` with a rule per kind of problem; one result
 * per failing step of a chain at the step's own region (one per failing claim
 * otherwise), per script error and per warning. Artifact URIs are relative to the
 * repository root (`root`), so code scanning can place them on the diff;
 * `partialFingerprints` hash the file, rule, claim and step (never a line number
 * or a time), so a result keeps its identity across runs and unrelated edits.
 * Pure: a function from a RunReport (and the root) to a string.
 */
import { createHash } from 'node:crypto';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Location as SarifLocation, Log, ReportingDescriptor, Result } from 'sarif';
import { gradeLabel, outcome, type Location, type ReportWarning, type RunReport } from '../proofs/report.ts';
import { testName } from './junit.ts';

export interface SarifOptions {
  /** The repository root that artifact URIs are relative to (default: paths as given). */
  readonly root?: string;
}

/** The fixed rules, one per kind of problem (warning rules are added per warning code). */
const RULES: readonly ReportingDescriptor[] = [
  { id: 'refuted', name: 'Refuted', shortDescription: { text: 'A claim or step is false: the engine found a counterexample.' }, defaultConfiguration: { level: 'error' } },
  { id: 'undecided', name: 'Undecided', shortDescription: { text: 'Neither the exact kernel nor the numeric witness could decide a claim or step.' }, defaultConfiguration: { level: 'warning' } },
  { id: 'below-required-grade', name: 'BelowRequiredGrade', shortDescription: { text: 'A claim holds, but with weaker evidence than --require demands.' }, defaultConfiguration: { level: 'error' } },
  { id: 'script-error', name: 'ScriptError', shortDescription: { text: 'The script is malformed and was not checked.' }, defaultConfiguration: { level: 'error' } },
  { id: 'limit', name: 'Limit', shortDescription: { text: 'A claim hit a time or size limit before it was decided.' }, defaultConfiguration: { level: 'error' } },
  { id: 'check-error', name: 'CheckError', shortDescription: { text: 'A claim could not be checked (an ill-formed claim or an engine error).' }, defaultConfiguration: { level: 'error' } },
  { id: 'engine-inconsistency', name: 'EngineInconsistency', shortDescription: { text: 'The exact kernel and the numeric witness disagree: a bug in proofcheck, never a pass.' }, defaultConfiguration: { level: 'error' } },
];

/** The rule of a claim or step that did not pass. */
function ruleOf(grade: string, summary: string, o: ReturnType<typeof outcome>): string {
  if (grade === 'REFUTED') return 'refuted';
  if (grade === 'INCONSISTENT') return 'engine-inconsistency';
  if (o === 'undecided') return 'undecided';
  if (grade === 'ERROR') return /^limit\/|timed out/.test(summary) ? 'limit' : 'check-error';
  return 'below-required-grade';
}

/** A file path as a URI relative to the root (posix separators), or a file: URI outside it. */
export function artifactUri(file: string, root?: string): string {
  if (root === undefined) return file.split(sep).join('/').replace(/^\.\//, '');
  const rel = relative(root, resolve(root, file));
  if (rel.startsWith('..') || isAbsolute(rel)) return pathToFileURL(resolve(root, file)).href;
  return rel.split(sep).join('/');
}

function fingerprint(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

function region(at: Location): NonNullable<NonNullable<SarifLocation['physicalLocation']>['region']> {
  const r: { startLine: number; startColumn: number; endLine?: number; endColumn?: number } = { startLine: at.line, startColumn: at.col };
  if (at.endLine !== undefined && at.endCol !== undefined && (at.endLine > at.line || (at.endLine === at.line && at.endCol >= at.col))) {
    r.endLine = at.endLine;
    r.endColumn = at.endCol;
  }
  return r;
}

/** Formats a run as a SARIF 2.1.0 log. */
export function formatSarif(report: RunReport, options: SarifOptions = {}): string {
  const rules: ReportingDescriptor[] = [...RULES];
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const warningRule = (code: string): string => {
    const id = `warning/${code}`;
    if (!ruleIndex.has(id)) {
      ruleIndex.set(id, rules.length);
      rules.push({ id, shortDescription: { text: `Warning: ${code}` }, defaultConfiguration: { level: 'warning' } });
    }
    return id;
  };
  const results: Result[] = [];
  const push = (ruleId: string, level: Result['level'], message: string, uri: string, at: Location, identity: string[]): void => {
    results.push({
      ruleId,
      ruleIndex: ruleIndex.get(ruleId)!,
      level,
      message: { text: message },
      locations: [{ physicalLocation: { artifactLocation: { uri, ...(options.root !== undefined && !uri.startsWith('file:') ? { uriBaseId: '%SRCROOT%' } : {}) }, region: region(at) } }],
      partialFingerprints: { 'proofcheck/v1': fingerprint(uri, ruleId, ...identity) },
    });
  };
  const warn = (w: ReportWarning, uri: string, owner: string): void => {
    push(warningRule(w.code), 'warning', w.message, uri, w, [owner, w.message]);
  };
  for (const f of report.files) {
    const uri = artifactUri(f.file, options.root);
    f.errors.forEach((e, i) => {
      const m = /^[^\n]*?:(\d+):(\d+): error: ([^\n]*)/.exec(e);
      push('script-error', 'error', m?.[3] ?? e.split('\n')[0]!, uri, { line: Number(m?.[1] ?? 1), col: Number(m?.[2] ?? 1) }, [String(i), m?.[3] ?? e]);
    });
    for (const w of f.warnings ?? []) warn(w, uri, '');
    for (const it of f.items) {
      const name = testName(it);
      for (const w of it.warnings ?? []) warn(w, uri, name);
      for (const st of it.steps ?? []) for (const w of st.warnings ?? []) warn(w, uri, `${name}\u0000${st.label}`);
      const o = outcome(it.grade, report.requirement);
      if (o === 'passed') continue;
      const steps = (it.steps ?? []).filter((st) => outcome(st.grade, report.requirement) !== 'passed');
      if (steps.length === 0) {
        const rule = ruleOf(it.grade, it.summary, o);
        const below = rule === 'below-required-grade' ? ` (below the required grade, --require ${report.requirement})` : '';
        push(rule, o === 'undecided' ? 'warning' : 'error', `${name}: ${gradeLabel(it.grade)}${below}: ${it.summary}${it.replay ? `\nreplay: ${it.replay}` : ''}`, uri, it, [name]);
        continue;
      }
      for (const st of steps) {
        const so = outcome(st.grade, report.requirement);
        const rule = ruleOf(st.grade, st.summary, so);
        const cx = st.details.find((d) => /counterexample/.test(d));
        push(rule, so === 'undecided' ? 'warning' : 'error', `${name}, ${st.label}: ${gradeLabel(st.grade)}: ${st.summary}${cx ? `\n${cx}` : ''}`, uri, st, [name, st.label]);
      }
    }
  }
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'proofcheck', ...(report.version ? { version: report.version, semanticVersion: report.version } : {}), rules } },
      ...(report.shard ? { automationDetails: { id: `proofcheck/shard-${report.shard.index}-of-${report.shard.count}/` } } : {}),
      ...(options.root !== undefined ? { originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(resolve(options.root)).href + '/' } } } : {}),
      results,
    }],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
