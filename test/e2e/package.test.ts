/**
 * proofcheck as an npm package: the command runs the compiled dist/ with plain
 * node (no TypeScript loader, in the main thread or the workers), package.json
 * declares what runs in production, the API example in docs/api.md runs and
 * prints what the doc says, and the vitest helper names tests by claim.
 * (The tarball installed into an empty project is exercised by .ci/run.)
 */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  exports: Record<string, string | Record<string, string>>;
  main: string;
  types: string;
  files: string[];
  bin: Record<string, string>;
};

describe('package.json', () => {
  it('run-time dependencies are exactly what runs in production', () => {
    // The numeric witness (fast-check), exact rationals (fraction.js), and the rich reports (KaTeX, Observable Plot on linkedom).
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['@observablehq/plot', 'fast-check', 'fraction.js', 'katex', 'linkedom']);
    for (const dev of ['nerdamer', 'puppeteer-core', 'tsx', 'typescript', 'vitest']) expect(Object.keys(pkg.devDependencies)).toContain(dev);
    expect(pkg.peerDependencies?.vitest).toBeDefined();
    expect(pkg.peerDependenciesMeta?.vitest?.optional).toBe(true);
  });

  it('every entry point of the exports map exists in the build', () => {
    const targets = [pkg.main, pkg.types, ...Object.values(pkg.exports).flatMap((e) => (typeof e === 'string' ? [e] : Object.values(e)))];
    for (const t of targets) expect(existsSync(join(root, t)), t).toBe(true);
    expect(pkg.exports['.']).toEqual({ types: './dist/index.d.ts', import: './dist/index.js' });
    expect(pkg.exports['./vitest']).toEqual({ types: './dist/vitest.d.ts', import: './dist/vitest.js' });
    expect(pkg.files).toEqual(expect.arrayContaining(['dist', 'bin', 'docs', 'README.md', 'LICENSE']));
  });

  it('nothing under src/ imports a devDependency, except the vitest helper and the dev worker bootstrap', () => {
    const run = spawnSync('grep', ['-rlE', "from '(nerdamer|tsx|typescript)|from 'vitest'", 'src'], { cwd: root, encoding: 'utf8' });
    const files = run.stdout.split('\n').filter(Boolean).sort();
    expect(files).toEqual(['src/cli/worker-entry.dev.mjs', 'src/vitest.ts'].filter((f) => files.includes(f)));
    expect(files).toContain('src/vitest.ts');
  });
});

describe('the command runs compiled JavaScript', () => {
  it('npx proofcheck loads dist/ only: no tsx and no .ts module, in the main thread or the workers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'proofcheck-trace-'));
    const trace = join(dir, 'modules.txt');
    const script = join(dir, 'one.proof');
    writeFileSync(script, 'var x real\nclaim one: 1 + 1 = 2\nclaim two: x*(x + 1) = x^2 + x\n');
    const r = spawnSync(process.execPath, ['--import', join(root, 'test/helpers/trace-modules.mjs'), join(root, 'bin/proofcheck.js'), script], {
      cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', PROOFCHECK_TRACE: trace }, timeout: 120_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^2 passed, 0 failed/m);
    const loaded = readFileSync(trace, 'utf8').split('\n').filter((u) => u.startsWith('file:'));
    const ours = loaded.filter((u) => u.includes(root) && !u.includes('/node_modules/') && !u.includes('/test/helpers/'));
    expect(ours).toContain(`file://${root}/dist/cli/main.js`);
    expect(ours).toContain(`file://${root}/dist/cli/worker.js`);
    expect(ours.filter((u) => !u.startsWith(`file://${root}/dist/`) && !u.startsWith(`file://${root}/bin/`))).toEqual([]);
    expect(loaded.filter((u) => /\/node_modules\/tsx\/|\.m?ts$/.test(u))).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('docs/api.md', () => {
  let scratch: string;
  beforeAll(() => {
    // Inside the package folder, so that `import ... from 'proofcheck'` resolves to
    // this package by its own name (package self-reference through "exports").
    scratch = mkdtempSync(join(root, '.tmp-api-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('the example runs on the built package and prints what the doc says', () => {
    const doc = readFileSync(join(root, 'docs/api.md'), 'utf8');
    const code = /```js example\n([\s\S]*?)```/.exec(doc)?.[1];
    const expected = /```text output\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(code, 'docs/api.md has a ```js example block').toBeDefined();
    expect(expected, 'docs/api.md has a ```text output block').toBeDefined();
    writeFileSync(join(scratch, 'example.mjs'), code!);
    const r = spawnSync(process.execPath, [join(scratch, 'example.mjs')], { cwd: scratch, encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(expected);
  });
});

describe('proofcheck/vitest', () => {
  it('names each test by its claim (never its grade), fails a refuted claim with its evidence, and stores the verdict in meta', () => {
    const dir = mkdtempSync(join(tmpdir(), 'proofcheck-vitest-'));
    const out = join(dir, 'report.json');
    const r = spawnSync(process.execPath, [
      join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--root', root,
      '--config', join(root, 'test/fixtures/vitest-helper/vitest.config.ts'),
      '--reporter=json', `--outputFile=${out}`,
    ], { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' }, timeout: 300_000 });
    expect(existsSync(out), r.stdout + r.stderr).toBe(true);
    const report = JSON.parse(readFileSync(out, 'utf8')) as {
      testResults: { assertionResults: { title: string; ancestorTitles: string[]; status: string; failureMessages: string[]; meta?: Record<string, unknown> }[] }[];
    };
    const tests = report.testResults.flatMap((f) => f.assertionResults);
    expect(tests.map((t) => t.title)).toEqual(['elaborates without errors', 'square', 'wrong', 'claim at line 5']);
    expect(tests.map((t) => t.status)).toEqual(['passed', 'passed', 'failed', 'passed']);
    const wrong = tests.find((t) => t.title === 'wrong')!;
    expect(wrong.failureMessages.join('\n')).toMatch(/two-claims\.proof:4:1: REFUTED/);
    expect(wrong.meta).toMatchObject({ proofcheck: { grade: 'REFUTED', line: 4 } });
    expect(tests.find((t) => t.title === 'square')!.meta).toMatchObject({ proofcheck: { grade: 'PROVED' } });
    expect(r.status).toBe(1);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('renderReport (the API of the rendered formats)', () => {
  it('renders Markdown, LaTeX and HTML from a report and its scripts', async () => {
    const { check, toRunReport, renderReport } = await import('../../src/index.ts');
    const text = 'var x real\nclaim square: (x + 1)^2 = x^2 + 2*x + 1\n';
    const report = toRunReport([check(text, 'one.proof', { ...(await import('../../src/index.ts')).DEFAULT_OPTIONS, numeric: { enabled: false, seed: 42, runs: 0 } })]);
    const files = [{ name: 'one.proof', text }];
    expect(await renderReport('markdown', report, files)).toMatch(/\| `one\.proof` \| `square` \| .*PROVED \|/);
    expect(await renderReport('latex', report, files)).toContain('\\begin{align*}');
    const html = await renderReport('html', report, files, '9.9.9');
    expect(html).toContain('class="katex"');
    expect(html).toContain('9.9.9');
  });
});
