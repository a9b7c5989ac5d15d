/**
 * Markdown posts through the command (worker pool included): LaTeX rows become
 * items located in the .md, unreadable blocks ERROR items, the block list in the
 * JSON report, and --require-checked.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function run(args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, ['bin/proofcheck.js', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

function post(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'proofcheck-md-')), 'post.md');
  writeFileSync(path, text);
  return path;
}

const HEAD = '# A post\n\n```proof\nvar p in [0, 1)\n```\n\n';

describe('proofcheck on a Markdown post', () => {
  it('JSON: rows at their .md positions with the author\'s LaTeX, an ERROR for an unreadable block, every block listed', () => {
    const path = post(`${HEAD}$$\n(1 - p)^2 = 1 - 2p + p^2 \\tag{square}\n$$\n\n$$\n\\frac{1}{\\foo} = 1\n$$\n\n$$\np + 1\n$$\n`);
    const r = run(['--format', 'json', '--no-numeric', path]);
    expect(r.err).toBe('');
    expect(r.code).toBe(2);
    const f = JSON.parse(r.out).files[0];
    expect(f.items.map((i: { name?: string; line: number; col: number; grade: string }) => [i.name ?? '-', i.line, i.col, i.grade])).toEqual([
      ['square', 8, 1, 'PROVED'],
      ['-', 12, 10, 'ERROR'],
    ]);
    expect(f.items[0].latex.source).toBe('(1 - p)^2 = 1 - 2p + p^2');
    expect(f.items[1].details[0]).toContain('post.md:12:10: error: could not parse `\\foo`');
    expect(f.math.map((b: { line: number; status: string }) => [b.line, b.status])).toEqual([[7, 'checked'], [11, 'error'], [15, 'no relation']]);
  });
  it('--require-checked fails a post with a skipped block that has a relation', () => {
    const path = post(`${HEAD}$$ p = p $$\n\n<!-- proofcheck: skip -->\n$$ p = 2 $$\n`);
    expect(run(['--no-numeric', path]).code).toBe(0);
    const strict = run(['--no-numeric', '--require-checked', path]);
    expect(strict.code).toBe(1);
    expect(strict.out).toContain('--require-checked demands every such block be checked');
  });
});
