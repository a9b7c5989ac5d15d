/**
 * `proofcheck [options] <paths...>`: find scripts, check them (in workers, with a
 * hard per-claim time limit), print a report, return the exit code. Nothing a user
 * types may end in a stack trace: usage problems and unexpected failures are
 * printed as one clear message with exit code 2.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { ArgError, parseArgs, USAGE, type CliOptions } from './args.ts';
import { readScript, UsageError } from '../proofs/files.ts';
import { exitCode, type RunReport } from '../proofs/report.ts';
import { checkRun } from './session.ts';
import { mergeReports } from './merge-reports.ts';
import { watch } from './watch.ts';
import { withoutTimings } from '../proofs/timings.ts';
import { formatText } from '../reporters/text.ts';
import { formatJson } from '../reporters/json.ts';
import { formatJunit } from '../reporters/junit.ts';
import { formatGithub } from '../reporters/github.ts';
import { formatSarif } from '../reporters/sarif.ts';

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
    case 'sarif':
      return formatSarif(report, { root: process.cwd() });
    default:
      return formatText(report, { color, verbose: o.verbose, quiet: o.workflow.quiet, times: o.timings });
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
    const color = o.color === 'auto' ? Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && !process.env.CI : o.color;
    if (o.workflow.watch) {
      if (process.env.CI) {
        process.stderr.write('proofcheck: --watch does not run under CI (the CI environment variable is set): it would never stop\n');
        return 2;
      }
      return await watch(o, { version: version(), show: (report) => process.stdout.write(render(report, o, color)) });
    }
    const showProgress = Boolean(process.stderr.isTTY) && !process.env.CI && !o.workflow.quiet;
    const checked = o.workflow.mergeReports
      ? mergeReports(o.paths)
      : await checkRun(o, {
        version: version(),
        progress: showProgress ? (e) => {
          const msg = `checking ${e.file} [${e.done}/${e.total}]${e.current ? ` ${e.current}` : ''}`;
          process.stderr.write(`\r\u001b[K${msg.slice(0, (process.stderr.columns ?? 80) - 1)}`);
        } : undefined,
      });
    if (showProgress) process.stderr.write('\r\u001b[K');
    const report = o.timings ? checked : withoutTimings(checked);
    // The rich formats load KaTeX and the plotting library: only when asked for. They
    // print the statements, so they read the checked scripts again.
    const text = o.format === 'html' || o.format === 'latex' || o.format === 'markdown'
      ? (await import('../reporters/rich.ts')).renderRich(o.format, report, report.files.map((f) => readScript(f.file)), { version: version(), env: process.env, now: new Date() })
      : render(report, o, color && !o.output);
    if (o.output) {
      process.stdout.write(formatText(report, { color, verbose: o.verbose, quiet: o.workflow.quiet, times: o.timings }));
      try {
        writeFileSync(o.output, o.format === 'text' ? formatText(report, { color: false, verbose: o.verbose, quiet: o.workflow.quiet, times: o.timings }) : text);
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
