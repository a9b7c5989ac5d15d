#!/usr/bin/env node
// Entry point for `npx proofcheck`: runs the compiled CLI in dist/ with plain node
// (no TypeScript loader at run time). dist/ is built by `npm run build`, which the
// `prepare` script runs on `npm install` in a clone and before `npm pack`.
let cli;
try {
  cli = await import('../dist/cli/main.js');
} catch (err) {
  if (err?.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist')) {
    process.stderr.write('proofcheck: the compiled CLI (dist/) is missing; run `npm run build` in the package folder\n');
    process.exit(2);
  }
  throw err;
}
process.exitCode = await cli.main(process.argv.slice(2));
