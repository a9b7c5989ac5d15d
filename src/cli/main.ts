/**
 * `proofcheck [options] <paths...>`: find scripts, check them (in workers, with a
 * hard per-claim time limit), print a report, return the exit code. Nothing a user
 * types may end in a stack trace: usage problems and unexpected failures are
 * printed as one clear message with exit code 2.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { ArgError, parseArgs, USAGE, type CliOptions } from './args.ts';
import { findScripts, readScript, UsageError } from '../proofs/files.ts';
import { exitCode, summarize, type RunReport } from '../proofs/report.ts';
import { checkFiles } from './pool.ts';
import { withoutTimings } from '../proofs/timings.ts';
import { formatText } from '../reporters/text.ts';
import { formatJson } from '../reporters/json.ts';
import { formatJunit } from '../reporters/junit.ts';
import { formatGithub } from '../reporters/github.ts';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function render(report: RunReport, o: CliOptions, color: boolean): string {
  switch (o.format) {
    case 'json':
      return formatJson(report);
    case 'junit':
      return formatJunit(report);
    case 'github':
      return formatGithub(report);
    default:
      return formatText(report, { color, verbose: o.verbose, times: o.timings });
  }
}

/** Runs the command; returns the exit code. Never throws. */
export async function main(argv: readonly string[]): Promise<number> {
  let o: CliOptions;
  try {
    o = parseArgs(argv);
  } catch (err) {
    if (err instanceof ArgError) {
      process.stderr.write(`proofcheck: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }
  if (o.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (o.version) {
    process.stdout.write(`proofcheck ${version()}\n`);
    return 0;
  }
  try {
    if (o.paths.length === 0) {
      process.stderr.write(`proofcheck: no files or folders given (try: proofcheck proofs)\n\n${USAGE}`);
      return 2;
    }
    const paths = findScripts(o.paths);
    if (paths.length === 0) {
      process.stderr.write(`proofcheck: found no proof scripts (.proof, or .md with \`\`\`proof blocks) in ${o.paths.join(', ')}\n`);
      return 2;
    }
    const color = o.color === 'auto' ? Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && !process.env.CI : o.color;
    const showProgress = Boolean(process.stderr.isTTY) && !process.env.CI;
    const t0 = performance.now();
    const files = paths.map(readScript);
    const reports = await checkFiles(files, { limits: o.limits, numeric: o.numeric, strictRules: o.strictRules }, o.jobs, showProgress ? (e) => {
      const msg = `checking ${e.file} [${e.done}/${e.total}]${e.current ? ` ${e.current}` : ''}`;
      process.stderr.write(`\r\u001b[K${msg.slice(0, (process.stderr.columns ?? 80) - 1)}`);
    } : undefined);
    if (showProgress) process.stderr.write('\r\u001b[K');
    const checked: RunReport = {
      files: reports,
      requirement: o.requirement,
      summary: summarize(reports, o.requirement),
      timeMs: performance.now() - t0,
      seed: o.numeric.enabled ? o.numeric.seed : undefined,
      runs: o.numeric.enabled ? o.numeric.runs : undefined,
    };
    const report = o.timings ? checked : withoutTimings(checked);
    const text = render(report, o, color && !o.output);
    if (o.output) {
      process.stdout.write(formatText(report, { color, verbose: o.verbose, times: o.timings }));
      try {
        writeFileSync(o.output, o.format === 'text' ? formatText(report, { color: false, verbose: o.verbose, times: o.timings }) : text);
      } catch (err) {
        const why = (err as NodeJS.ErrnoException)?.code === 'ENOENT' ? 'its folder does not exist'
          : (err as NodeJS.ErrnoException)?.code === 'EISDIR' ? 'it is a folder'
          : (err as NodeJS.ErrnoException)?.code === 'EACCES' ? 'permission denied'
          : ((err as Error)?.message ?? String(err));
        process.stderr.write(`proofcheck: cannot write the report to ${o.output}: ${why}\n`);
        return 2;
      }
    } else {
      process.stdout.write(text);
    }
    return exitCode(report);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`proofcheck: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`proofcheck: internal error: ${(err as Error)?.message ?? String(err)}\n(this is a bug in proofcheck; please report it with the script that caused it)\n`);
    return 2;
  }
}

// Run directly (`tsx src/cli/main.ts ...`); bin/proofcheck.js calls main() itself.
if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
