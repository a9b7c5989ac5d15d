/**
 * The everyday workflow, run as a user would (spawned processes): --filter and
 * replay, --quiet, empty input, --shard and --merge-reports, the verdict cache,
 * --watch, and --format sarif/json on the command line (validated by the schemas).
 * Nothing here depends on how fast the machine is: the watch test polls the
 * output with a generous deadline, the cache test compares verdicts, not times.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportSchemaErrors, sarifSchemaErrors } from '../helpers/schema.ts';
import { shardFiles } from '../../src/cli/session.ts';
import { TWO_WRONG } from '../helpers/reports.ts';

const BIN = join(process.cwd(), 'bin/proofcheck.js');

function run(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: opts.cwd, env: { ...process.env, NO_COLOR: '1', ...opts.env }, timeout: 180_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'proofcheck-wf-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

interface Json { files: { file: string; cached?: boolean; items: { name?: string; grade: string; summary: string; cached?: boolean; replay?: string; numeric?: { counterexample?: Record<string, number> } }[] }[]; summary: Record<string, unknown>; shard?: unknown; merged?: unknown[] }

function json(r: { out: string }): Json {
  expect(reportSchemaErrors(r.out)).toBe('');
  return JSON.parse(r.out) as Json;
}

const SMALL = {
  'a.proof': 'var x real\nclaim a1: (x + 1)^2 = x^2 + 2*x + 1\nclaim a2: x^2 + 1 > 0\n',
  'b.proof': 'var p in (0, 1)\nclaim b1: p*(1 - p) > 0\n',
  'c.proof': 'var y real\nclaim c1: (y - 1)*(y + 1) = y^2 - 1\n',
  'd.proof': 'var z real\nclaim d1: (z - 1)^2 >= 0\n',
  'e.proof': 'var w real\nclaim e1: exp(w)*exp(-w) = 1\n',
};

describe('--filter, --quiet and empty input', () => {
  it('--filter selects claims by name (with *) or FILE:LINE; other files drop out', () => {
    const dir = folder(SMALL);
    const byName = json(run(['--no-cache', '--no-numeric', '--format', 'json', '--filter', 'a*', dir]));
    expect(byName.files.flatMap((f) => f.items.map((i) => i.name))).toEqual(['a1', 'a2']);
    const byLine = json(run(['--no-cache', '--no-numeric', '--format', 'json', '--filter', `${join(dir, 'a.proof')}:3`, dir]));
    expect(byLine.files.flatMap((f) => f.items.map((i) => i.name))).toEqual(['a2']);
    const none = run(['--no-cache', '--no-numeric', '--filter', 'zzz', dir]);
    expect(none.code).toBe(2);
    expect(none.err).toContain('no claim matches --filter zzz');
  });

  it('the replay command of a numeric counterexample re-runs that claim alone and finds the same point', () => {
    const path = join(folder({ 'r.proof': 'var s real\nclaim ok: exp(s) > 0\nclaim wrong: 1/(1 + exp(-s)) <= 1/2\n' }), 'r.proof');
    const first = json(run(['--no-cache', '--format', 'json', '--runs', '100', path]));
    const wrong = first.files[0]!.items.find((i) => i.name === 'wrong')!;
    expect(wrong.grade).toBe('REFUTED');
    expect(wrong.replay).toMatch(/--filter wrong --seed 42 --path /);
    const args = wrong.replay!.split(' ').slice(1);
    const again = json(run(['--no-cache', '--format', 'json', ...args]));
    expect(again.files[0]!.items.map((i) => i.name)).toEqual(['wrong']);
    expect(again.files[0]!.items[0]!.numeric?.counterexample).toEqual(wrong.numeric?.counterexample);
  });

  it('--quiet prints only what did not pass, and the summary', () => {
    const dir = folder({ ...SMALL, 'f.proof': 'var x real\nclaim f1: (x + 1)^2 = x^2 + 1\n' });
    const r = run(['--no-cache', '--no-numeric', '--quiet', dir]);
    expect(r.code).toBe(1);
    // The folder's random name could itself hold 'a1': match what is printed inside it.
    const out = r.out.replaceAll(dir, '<dir>');
    expect(out).toContain('f1');
    expect(out).not.toMatch(/a1|b1|c1|a\.proof/);
    expect(r.out).toMatch(/^6 passed, 1 failed, 0 undecided, 0 errors$/m);
  });

  it('a script with no claims is a warning, and an error under an explicit --require', () => {
    const dir = folder({ 'empty.proof': 'var x real\nlet f(y) = y^2\n' });
    const warn = run(['--no-cache', dir]);
    expect(warn.code).toBe(0);
    expect(warn.out).toContain('warning: the script has no claims');
    const gh = run(['--no-cache', '--format', 'github', dir]);
    expect(gh.out).toMatch(/^::warning file=.*empty\.proof,line=1,col=1,title=proofcheck%3A script\/no-claims::/m);
    const strict = run(['--no-cache', '--require', 'range', dir]);
    expect(strict.code).toBe(2);
    expect(strict.out).toMatch(/empty\.proof:1:1: error: the script has no claims/);
  });

  it('paths with no proof files exit 2: no proof files found', () => {
    const r = run([folder({ 'notes.txt': 'hello' })]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('no proof files found');
  });
});

describe('--shard and --merge-reports', () => {
  it('shards are disjoint, cover every file, and are balanced', () => {
    const paths = ['b', 'a', 'e', 'c', 'd', 'g', 'f'].map((n) => `x/${n}.proof`);
    for (const n of [1, 2, 3, 7, 9]) {
      const parts = Array.from({ length: n }, (_v, i) => shardFiles(paths, { index: i + 1, count: n }));
      expect(parts.flat().sort()).toEqual([...paths].sort());
      const sizes = parts.map((p) => p.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
    expect(shardFiles(paths, { index: 1, count: 2 })).toEqual(shardFiles([...paths].reverse(), { index: 1, count: 2 }));
  });

  it('--shard 1/2 plus --shard 2/2 check exactly the files of the full run; --merge-reports gives the full report', () => {
    const dir = folder(SMALL);
    const out = mkdtempSync(join(tmpdir(), 'proofcheck-shards-'));
    const full = json(run(['--no-cache', '--no-numeric', '--format', 'json', dir]));
    const shards = [1, 2].map((i) => {
      const r = run(['--no-cache', '--no-numeric', '--format', 'json', '--shard', `${i}/2`, '--output', join(out, `s${i}.json`), dir]);
      expect(r.code).toBe(0);
      return json({ out: readFileSync(join(out, `s${i}.json`), 'utf8') });
    });
    expect(shards.map((s) => s.shard)).toEqual([{ index: 1, count: 2 }, { index: 2, count: 2 }]);
    const names = shards.map((s) => s.files.map((f) => f.file));
    expect(names[0]!.filter((f) => names[1]!.includes(f))).toEqual([]);
    expect([...names[0]!, ...names[1]!].sort()).toEqual(full.files.map((f) => f.file).sort());
    const merged = json(run(['--merge-reports', '--format', 'json', join(out, 's1.json'), join(out, 's2.json')]));
    expect(merged.files.map((f) => f.file)).toEqual(full.files.map((f) => f.file).sort());
    expect(merged.summary).toEqual(full.summary);
    expect(merged.merged).toHaveLength(2);
    const overlap = run(['--merge-reports', join(out, 's1.json'), join(out, 's1.json')]);
    expect(overlap.code).toBe(2);
    expect(overlap.err).toContain('the reports overlap');
  });
});

describe('the verdict cache', () => {
  it('a second run of an unchanged corpus reuses every verdict (marked cached), identical; a changed file is checked again', () => {
    const dir = folder(SMALL);
    const cache = mkdtempSync(join(tmpdir(), 'proofcheck-cache-'));
    const args = ['--cache-dir', cache, '--runs', '50', '--format', 'json', dir];
    const first = json(run(args));
    expect(first.files.every((f) => !f.cached)).toBe(true);
    const second = json(run(args));
    expect(second.files.every((f) => f.cached && f.items.every((i) => i.cached))).toBe(true);
    const verdicts = (j: Json) => j.files.map((f) => [f.file, f.items.map((i) => [i.name, i.grade, i.summary])]);
    expect(verdicts(second)).toEqual(verdicts(first));
    expect(run(['--cache-dir', cache, '--runs', '50', dir]).out).toContain('(cached)');
    // Another option that affects verdicts is another key; so is an edit.
    expect(json(run(['--cache-dir', cache, '--runs', '51', '--format', 'json', dir])).files.some((f) => f.cached)).toBe(false);
    writeFileSync(join(dir, 'b.proof'), 'var p in (0, 1)\nclaim b1: p*(1 - p) > 1/5\n');
    const third = json(run(args));
    expect(third.files.map((f) => Boolean(f.cached))).toEqual([true, false, true, true, true]);
    expect(third.files[1]!.items[0]!.grade).toBe('REFUTED');
  });

  it('in a changed script, the claims that did not change are reused one by one, and the report is a fresh run\'s', () => {
    const text = 'var x real\nlet f(u) = u^2 + 1\nclaim one: f(x) >= 1\nclaim two: (x + 1)^2 = x^2 + 2*x + 1\nclaim three: f(x) - 1 = x^2\n';
    const dir = folder({ 'a.proof': text });
    const cache = mkdtempSync(join(tmpdir(), 'proofcheck-items-'));
    const args = ['--cache-dir', cache, '--runs', '50', '--format', 'json', dir];
    json(run(args));
    // an edit inside claim two (a false claim now): only it is checked again
    writeFileSync(join(dir, 'a.proof'), text.replace('2*x + 1\n', '2*x + 2\n'));
    const edited = json(run(args));
    expect(edited.files[0]!.cached).toBeFalsy();
    expect(edited.files[0]!.items.map((i) => [i.name, Boolean(i.cached), i.grade])).toEqual([['one', true, 'PROVED'], ['two', false, 'REFUTED'], ['three', true, 'PROVED']]);
    const fresh = json(run(['--no-cache', '--runs', '50', '--format', 'json', dir]));
    const verdicts = (j: Json) => j.files.map((f) => f.items.map((i) => [i.name, i.grade, i.summary]));
    expect(verdicts(edited)).toEqual(verdicts(fresh));
    // appended: the new claim only; the summary line counts what was reused
    writeFileSync(join(dir, 'a.proof'), `${text}claim four: x^2 >= 0\n`);
    const appended = run(['--cache-dir', cache, '--runs', '50', dir]).out;
    expect(appended).toContain('(3 unchanged items reused)');
    // a declaration changes what every claim means: all are checked again
    writeFileSync(join(dir, 'a.proof'), text.replace('u^2 + 1', 'u^2 + 2'));
    const redeclared = json(run(args));
    expect(redeclared.files[0]!.items.map((i) => [i.name, Boolean(i.cached), i.grade])).toEqual([['one', false, 'PROVED'], ['two', false, 'PROVED'], ['three', false, 'REFUTED']]);
  });

  it('--no-cache neither reads nor writes', () => {
    const dir = folder({ 'a.proof': SMALL['a.proof'] });
    const cache = join(mkdtempSync(join(tmpdir(), 'proofcheck-nocache-')), 'c');
    run(['--no-cache', '--cache-dir', cache, '--no-numeric', dir]);
    expect(existsSync(cache) ? readdirSync(cache) : []).toEqual([]);
  });
});

describe('--watch', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child?.pid && child.exitCode === null) child.kill('SIGTERM');
    child = undefined;
  });

  it('refuses to start under CI', () => {
    const r = run(['--watch', folder(SMALL)], { env: { CI: 'true' } });
    expect(r.code).toBe(2);
    expect(r.err).toContain('--watch does not run under CI');
  });

  it('re-checks a file when it is saved', async () => {
    const dir = folder({ 'w.proof': 'var x real\nclaim w1: (x + 1)^2 = x^2 + 2*x + 1\n' });
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.CI;
    child = spawn(process.execPath, [BIN, '--watch', '--no-cache', '--no-numeric', dir], { env });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const until = async (pred: () => boolean, what: string): Promise<void> => {
      const deadline = Date.now() + 90_000; // generous: a busy machine is slow, never wrong
      while (!pred()) {
        if (Date.now() > deadline || child!.exitCode !== null) throw new Error(`timed out waiting for ${what}; output:\n${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    await until(() => /watching .* for changes/.test(out), 'the first report');
    expect(out).toMatch(/PROVED\s+w1/);
    writeFileSync(join(dir, 'w.proof'), 'var x real\nclaim w1: (x + 1)^2 = x^2 + 1\n');
    await until(() => /REFUTED\s+w1/.test(out), 'the re-check after the save');
    expect(out).toMatch(/changed: .*w\.proof/);
  }, 120_000);
});

describe('CI formats on the command line', () => {
  it('--format sarif is valid SARIF with repository-relative URIs at the two wrong steps', () => {
    const r = run(['--no-cache', '--runs', '50', '--format', 'sarif', TWO_WRONG]);
    expect(r.code).toBe(1);
    expect(sarifSchemaErrors(r.out)).toBe('');
    const results = (JSON.parse(r.out) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] }).runs[0]!.results;
    expect(results.map((x) => [x.locations[0]!.physicalLocation.artifactLocation.uri, x.locations[0]!.physicalLocation.region.startLine])).toEqual([[TWO_WRONG, 6], [TWO_WRONG, 7]]);
  });
});
