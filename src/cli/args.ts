/**
 * Command-line arguments of `proofcheck`. Parsing is pure: argv in, options or a
 * usage error out (exit code 2 with a message, never a stack trace).
 */
import type { Requirement } from '../proofs/report.ts';
import { DEFAULT_LIMITS, type Limits } from '../proofs/limits.ts';
import { DEFAULT_WORKFLOW, parseWorkflowFlag, WORKFLOW_USAGE, WorkflowArgError, type WorkflowOptions } from './workflow-args.ts';
import { availableParallelism } from 'node:os';

/** Worker threads by default: one per core, at most 8. */
export const DEFAULT_JOBS = Math.max(1, Math.min(8, availableParallelism()));

export type Format = 'text' | 'json' | 'junit' | 'github' | 'sarif' | 'html' | 'latex' | 'markdown';

export interface CliOptions {
  readonly paths: readonly string[];
  readonly format: Format;
  readonly output?: string;
  readonly requirement: Requirement;
  readonly limits: Limits;
  readonly numeric: { readonly enabled: boolean; readonly seed: number; readonly runs: number; readonly path?: string };
  readonly color: boolean | 'auto';
  readonly verbose: boolean;
  /** Markdown posts: a skipped display block with a relation fails the run. */
  readonly requireChecked: boolean;
  readonly jobs: number;
  /** Print timing figures (`--no-timings` drops them, so that two reports can be diffed). */
  readonly timings: boolean;
  /** Turn a calc step's mismatched `by` rule from a warning into a failure. */
  readonly strictRules: boolean;
  readonly help: boolean;
  readonly version: boolean;
  /** --require was given explicitly (a script with no claims is then an error, not a warning). */
  readonly requireGiven: boolean;
  readonly workflow: WorkflowOptions;
}

export class ArgError extends Error {}

export const USAGE = `Usage: proofcheck [options] <file-or-folder>...

Checks proof scripts (.proof files, and \`\`\`proof blocks in .md files) and prints a
verdict per claim: PROVED, PROVED for a range, TESTED, REFUTED, UNDECIDED or ERROR.
Folders are searched recursively (folders named 'bad' are skipped unless named).

Exit codes: 0 every claim met the required grade; 1 a claim was refuted or fell
short; 2 usage, script or engine errors.

Options:
  --require proved|range|tested  minimum grade every claim must reach (default: range)
  --require-checked              Markdown: every display-math block with a relation must be checked (not skipped)
  --format text|json|junit|github|sarif  report format on stdout (default: text);
                                 sarif: SARIF 2.1.0 for code scanning, paths relative to the current folder
  --format html|latex|markdown   rendered mathematics: an offline HTML page (use with
                                 --output report.html), a .tex fragment, a Markdown summary
  --output FILE                  write the report to FILE (the text summary still goes to stdout)
  --seed N                       seed of the numeric witness's property tests (default: 42)
  --runs N                       property-test runs per claim (default: 1000)
  --path P                       replay path of a numeric counterexample (with --seed)
  --no-numeric                   skip the numeric witness (exact kernel only)
  --timeout SECONDS              hard time limit per claim, and per file for parsing (default: 10)
  --max-memory MB                heap limit of each checking worker (default: 1024)
  --max-series-order N           largest series order a claim may request (default: 10000)
  --max-exponent N               largest integer exponent / factorial argument (default: 10000)
  --max-bigint-bits N            largest integer built while lowering, in bits (default: 1000000)
  --max-instances N              most cases a quantified claim may enumerate (default: 100000)
  --jobs N                       worker threads checking claims in parallel, longest first (default: the
                                 number of cores, at most 8)
  --color, --no-color            force colour on or off (default: on for a terminal, off with NO_COLOR)
  --verbose                      show the numeric witness's notes for passing claims too
  --no-timings                   leave timing figures out of the report (same seed => identical reports)
  --strict-rules                 a calc step whose 'by' rule did not decide it fails (default: a warning)
${WORKFLOW_USAGE}  -h, --help                     this help
  --version                      print the version
`;

function intArg(name: string, value: string | undefined, min: number, max: number): number {
  if (value === undefined) throw new ArgError(`${name} needs a value`);
  if (!/^\d+$/.test(value)) throw new ArgError(`${name} expects a whole number, got '${value}'`);
  const n = Number(value);
  if (n < min || n > max) throw new ArgError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** Parses argv (without node and script). Throws: ArgError with a message for the user. */
export function parseArgs(argv: readonly string[]): CliOptions {
  const paths: string[] = [];
  let format: Format = 'text';
  let output: string | undefined;
  let requirement: Requirement = 'range';
  const limits = { ...DEFAULT_LIMITS };
  let enabled = true;
  let seed = 42;
  let runs = 1000;
  let path: string | undefined;
  let color: boolean | 'auto' = 'auto';
  let verbose = false;
  let requireChecked = false;
  let jobs = DEFAULT_JOBS;
  let help = false;
  let version = false;
  let requireGiven = false;
  let workflow = DEFAULT_WORKFLOW;
  let timings = true;
  let strictRules = false;
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i]!;
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    const inline = eq > 0 ? raw.slice(eq + 1) : undefined;
    const next = (): string | undefined => (inline !== undefined ? inline : argv[++i]);
    try {
      const w = parseWorkflowFlag(flag, next, workflow);
      if (w) {
        workflow = w;
        continue;
      }
    } catch (err) {
      throw err instanceof WorkflowArgError ? new ArgError(err.message) : err;
    }
    switch (flag) {
      case '-h':
      case '--help':
        help = true;
        break;
      case '--version':
        version = true;
        break;
      case '--format': {
        const v = next();
        if (v !== 'text' && v !== 'json' && v !== 'junit' && v !== 'github' && v !== 'sarif' && v !== 'html' && v !== 'latex' && v !== 'markdown') {
          throw new ArgError(`--format expects text, json, junit, github, sarif, html, latex or markdown, got '${v ?? ''}'`);
        }
        format = v;
        break;
      }
      case '--output': {
        const v = next();
        if (!v) throw new ArgError('--output needs a file name');
        output = v;
        break;
      }
      case '--require': {
        const v = next();
        if (v !== 'proved' && v !== 'range' && v !== 'tested') throw new ArgError(`--require expects proved, range or tested, got '${v ?? ''}'`);
        requirement = v;
        requireGiven = true;
        break;
      }
      case '--seed':
        seed = intArg('--seed', next(), 0, 2 ** 31 - 1);
        break;
      case '--runs':
        runs = intArg('--runs', next(), 1, 1_000_000);
        break;
      case '--path': {
        const v = next();
        if (!v || !/^\d+(:\d+)*$/.test(v)) throw new ArgError(`--path expects a replay path like 12:0:3, got '${v ?? ''}'`);
        path = v;
        break;
      }
      case '--no-numeric':
        enabled = false;
        break;
      case '--timeout':
        limits.timeoutMs = intArg('--timeout', next(), 1, 86_400) * 1000;
        break;
      case '--max-memory':
        limits.maxMemoryMb = intArg('--max-memory', next(), 64, 1_000_000);
        break;
      case '--no-timings':
        timings = false;
        break;
      case '--strict-rules':
        strictRules = true;
        break;
      case '--max-series-order':
        limits.maxSeriesOrder = intArg('--max-series-order', next(), 1, 1_000_000);
        break;
      case '--max-exponent':
        limits.maxExponent = intArg('--max-exponent', next(), 1, 10_000_000);
        break;
      case '--max-bigint-bits':
        limits.maxBigIntBits = intArg('--max-bigint-bits', next(), 64, 1_000_000_000);
        break;
      case '--max-instances':
        limits.maxInstances = intArg('--max-instances', next(), 1, 100_000_000);
        break;
      case '--jobs':
        jobs = intArg('--jobs', next(), 1, 64);
        break;
      case '--color':
        color = true;
        break;
      case '--no-color':
        color = false;
        break;
      case '--verbose':
        verbose = true;
        break;
      case '--require-checked':
        requireChecked = true;
        break;
      default:
        if (flag.startsWith('-') && flag !== '-') throw new ArgError(`unknown option '${flag}' (see --help)`);
        paths.push(raw);
    }
  }
  return { paths, format, output, requirement, limits, numeric: { enabled, seed, runs, path }, color, verbose, jobs, timings, strictRules, help, version, requireChecked, requireGiven, workflow };
}
