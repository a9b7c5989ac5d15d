/**
 * The rich reporters without a browser: golden files for `--format markdown` and
 * `--format latex` (a fixed set of scripts, exact kernel only so that no float
 * figure appears), and the HTML page's self-containment, escaping, font subset and
 * plot data (computed with the numeric witness's evaluator only).
 * Regenerate the goldens with UPDATE_GOLDEN=1 after reading the diff.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSource, DEFAULT_OPTIONS, type CheckOptions } from '../../src/proofs/run.ts';
import { summarize, type FileReport, type RunReport } from '../../src/proofs/report.ts';
import { readScript } from '../../src/proofs/files.ts';
import { parseAndElaborate } from '../../src/proofs/frontend.ts';
import { formatMarkdown } from '../../src/reporters/markdown.ts';
import { formatLatex } from '../../src/reporters/latexdoc.ts';
import { formatHtml } from '../../src/reporters/html.ts';
import { collectSources } from '../../src/reporters/sources.ts';
import { plotDataFor } from '../../src/reporters/plotdata.ts';
import { githubLinkBase } from '../../src/reporters/rich.ts';

const GOLDEN = 'test/reporters/golden';
const SCRIPTS = [
  'proofs/nce-optimum.proof',
  'proofs/bad/nce-sign-slip.proof',
  'proofs/bad/dropped-factorial.proof',
  'proofs/bad/tail-below-one-half.proof',
  'proofs/bad/calc-mixed-directions.proof',
  'proofs/bad/all-j-through-j-plus-1.proof',
  'proofs/bad/unknown-rule.proof',
  'proofs/bad/duplicate-declaration.proof',
];
const EXACT_ONLY: CheckOptions = { ...DEFAULT_OPTIONS, numeric: { ...DEFAULT_OPTIONS.numeric, enabled: false } };

function reportOf(paths: readonly string[], opts: CheckOptions = EXACT_ONLY): { report: RunReport; files: ReturnType<typeof readScript>[] } {
  const files = paths.map(readScript);
  const reports: FileReport[] = files.map((f) => checkSource(f, opts));
  return { report: { files: reports, requirement: 'range', summary: summarize(reports, 'range'), timeMs: 0 }, files };
}

function golden(name: string, text: string): void {
  const path = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN || !existsSync(path)) {
    if (!process.env.UPDATE_GOLDEN && process.env.CI) throw new Error(`missing golden file ${path}`);
    writeFileSync(path, text);
  }
  expect(text).toBe(readFileSync(path, 'utf8'));
}

describe('markdown and latex: golden reports', () => {
  const { report, files } = reportOf(SCRIPTS);
  const sources = collectSources(report, files, { plots: false });

  it('--format markdown', () => {
    golden('report.md', formatMarkdown(report, sources, { linkBase: 'https://github.com/o/r/blob/abc123' }));
  });

  it('--format latex', () => {
    golden('report.tex', formatLatex(report, sources, { version: '0.0.0-test' }));
  });

  it('markdown escapes table cells and fences details that contain backticks', () => {
    const fr: FileReport = {
      file: 'a|b.proof', items: [{ kind: 'claim', name: 'x', line: 3, col: 1, grade: 'REFUTED', summary: 'bad <b> | pipe', details: ['```', 'done'], timeMs: 0 }], errors: [], timeMs: 0,
    };
    const md = formatMarkdown({ files: [fr], requirement: 'range', summary: summarize([fr], 'range'), timeMs: 0 });
    expect(md).toContain('| `a\\|b.proof` | `x` | ❌ REFUTED | [3](a%7Cb.proof#L3) |');
    expect(md).toContain('bad &lt;b&gt; \\| pipe');
    expect(md).toContain('````text\n```\ndone\n````');
  });

  it('links point at the commit on GitHub Actions, else are relative', () => {
    expect(githubLinkBase({ GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'o/r', GITHUB_SHA: 'abc' })).toBe('https://github.com/o/r/blob/abc');
    expect(githubLinkBase({})).toBeUndefined();
  });
});

describe('html: a self-contained page', () => {
  const { report, files } = reportOf(['proofs/bad/nce-sign-slip.proof', 'proofs/bad/dropped-factorial.proof', 'proofs/bad/calc-mixed-directions.proof'], { ...DEFAULT_OPTIONS, numeric: { ...DEFAULT_OPTIONS.numeric, runs: 100 } });
  const sources = collectSources(report, files, { plots: true });
  const html = formatHtml(report, sources, { version: '0.0.0-test', times: false });

  it('loads nothing from the network: no external stylesheet, script, image or font', () => {
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<img[^>]+src="(?!data:)/i);
    expect(html).not.toMatch(/url\((?!data:|#)/);
    expect(html).toContain('src:url(data:font/woff2;base64,');
    expect(html).not.toContain('katex-error');
  });

  it('inlines only the fonts the math uses', () => {
    expect(html).toContain('font-family:KaTeX_Main;font-style:normal;font-weight:400');
    expect(html).toContain('font-family:KaTeX_Math;font-style:italic;font-weight:400');
    expect(html).not.toContain('@font-face{font-display:block;font-family:KaTeX_Fraktur');
    expect(html).not.toContain('@font-face{font-display:block;font-family:KaTeX_Size4');
    expect(html).not.toContain('@font-face{font-display:block;font-family:KaTeX_Main;font-style:normal;font-weight:700');
  });

  it('one card per item, a badge with a word, plots and a coefficient table', () => {
    const cards = html.match(/<article class="card"/g) ?? [];
    expect(cards.length).toBe(report.files.reduce((n, f) => n + f.items.length, 0));
    expect(html).toMatch(/<span class="badge g-REFUTED">REFUTED<\/span>/);
    expect(html).toContain('<figure class="plot"');
    expect(html).toContain('class="mismatch"><th scope="row">2</th><td>1.5</td>');
  });

  it('escapes what comes from scripts and reports', () => {
    const fr: FileReport = {
      file: '<x>.proof', title: '<script>alert(1)</script>', items: [{ kind: 'claim', name: 'n', line: 1, col: 1, grade: 'ERROR', summary: '"<b>"', details: ['</pre><script>'], timeMs: 0 }], errors: [], timeMs: 0,
    };
    const page = formatHtml({ files: [fr], requirement: 'range', summary: summarize([fr], 'range'), timeMs: 0 }, {}, { version: 't' });
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('</pre><script>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('plot data: from the numeric witness, at the counterexample', () => {
  it('a refuted identity: both sides part at the counterexample', () => {
    const file = readScript('proofs/bad/nce-sign-slip.proof');
    const { program } = parseAndElaborate(file);
    const item = checkSource(file, EXACT_ONLY).items[0]!;
    const p = plotDataFor(item, program!);
    expect(p?.type).toBe('function');
    if (p?.type !== 'function') return;
    expect(p.variable).toBe('s');
    expect(p.fixed).toEqual({ a: 0.5, b: 1 });
    expect(p.counterexample?.x).toBe(0);
    expect(p.counterexample?.terms[0]).toBeCloseTo(0.25, 9);
    expect(p.counterexample?.terms[1]).toBeCloseTo(-0.25, 9);
    expect(p.diff.every((d) => d === null || Math.abs(d) > 0.1)).toBe(true);
  });

  it('a plot ends by its work budget, at the same point on any machine', () => {
    const file = { name: 'budget.proof', text: 'var x in (0, 1)\nclaim slow: sum(n = 1..inf, x^n/n) = 5\n' };
    const { program } = parseAndElaborate(file);
    const item = checkSource(file, EXACT_ONLY).items[0]!;
    const defined = (budget?: number): number => {
      const p = plotDataFor(item, program!, budget);
      return p?.type === 'function' ? p.terms[0]!.filter((v) => v !== null).length : -1;
    };
    const full = defined();
    expect(full).toBeGreaterThan(20); // the default budget plots every point
    const cut = defined(2000);
    expect(cut).toBeGreaterThan(0);
    expect(cut).toBeLessThan(full); // a small budget ends the plot early...
    expect(defined(2000)).toBe(cut); // ...at the same point every time
  });

  it('a refuted coefficient claim: the first mismatch is the exact counterexample', () => {
    const file = readScript('proofs/bad/dropped-factorial.proof');
    const { program } = parseAndElaborate(file);
    const item = checkSource(file, EXACT_ONLY).items[0]!;
    const t = plotDataFor(item, program!);
    expect(t?.type).toBe('coefficients');
    if (t?.type !== 'coefficients') return;
    expect(t.fixed).toEqual({ j: 2 });
    expect(t.rows.map((r) => r.k)).toEqual([0, 1, 2]);
    expect(t.firstMismatch).toBe(2);
    expect(t.rows[2]!.terms[0]).toBeCloseTo(1.5, 9);
  });

  it('coefficients past the first pole are the Taylor coefficients (double-double path), not the Laurent ones', () => {
    const file = { name: 'pole.proof', text: 'var u in (-1, 1)\nclaim wrong: for n in 0..8: coeff(1/(1 - u)^2, u^n) = n\n' };
    const { program } = parseAndElaborate(file);
    const item = checkSource(file, EXACT_ONLY).items[0]!;
    const t = plotDataFor(item, program!);
    expect(t?.type).toBe('coefficients');
    if (t?.type !== 'coefficients') return;
    t.rows.forEach((r) => expect(r.terms[0]).toBeCloseTo(r.k + 1, 9));
    expect(t.firstMismatch).toBe(0);
  });

  it('the reporters never import the exact kernel', () => {
    for (const f of readdirSync('src/reporters')) {
      const text = readFileSync(join('src/reporters', f), 'utf8');
      expect(text, f).not.toMatch(/from '\.\.\/algebra\//);
    }
  });
});

describe('the command', () => {
  it('--format html --output FILE writes the page; the text summary goes to stdout', async () => {
    const { spawnSync } = await import('node:child_process');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'proofcheck-html-'));
    try {
      const out = join(dir, 'report.html');
      const r = spawnSync(process.execPath, ['bin/proofcheck.js', 'proofs/bad/nce-sign-slip.proof', '--runs', '50', '--format', 'html', '--output', out], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
      expect(r.status, r.stderr).toBe(1);
      expect(r.stdout).toContain('0 passed, 1 failed');
      const html = readFileSync(out, 'utf8');
      expect(html.startsWith('<!doctype html>')).toBe(true);
      expect(html).toContain('<span class="badge g-REFUTED">REFUTED</span>');
      const bad = spawnSync(process.execPath, ['bin/proofcheck.js', 'proofs', '--format', 'pdf'], { encoding: 'utf8' });
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain('--format expects text, json, junit, github, sarif, html, latex or markdown');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
