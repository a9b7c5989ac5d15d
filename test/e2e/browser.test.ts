/// <reference lib="dom" />
/**
 * The HTML report in a real browser (Chromium from Debian, driven by
 * puppeteer-core; no browser download). For the report of part of the showcase
 * corpus and of proofs/bad/, asserted from the rendered page: no KaTeX error, the
 * KaTeX fonts load from the page itself, nothing is fetched from the network, one
 * card per item with the right badge word, an SVG with paths on every REFUTED claim
 * in real variables, the coefficient table on coefficient claims; a full-page
 * screenshot is kept in test-artifacts/ and must not be blank (pixel variance).
 *
 * Without Chromium the tests are skipped (the skipped test's name says how to
 * install it); under CI=true a missing browser is a failure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { checkSource, DEFAULT_OPTIONS, type CheckOptions } from '../../src/proofs/run.ts';
import { gradeLabel, summarize, type Grade, type RunReport } from '../../src/proofs/report.ts';
import { readScript } from '../../src/proofs/files.ts';
import { parseAndElaborate } from '../../src/proofs/frontend.ts';
import { positionOf } from '../../src/proofs/source.ts';
import type { SourceFile } from '../../src/proofs/ast.ts';
import { freeVars } from '../../src/verify/eval/evaluate.ts';
import { collectSources } from '../../src/reporters/sources.ts';
import { formatHtml } from '../../src/reporters/html.ts';

const CHROMIUM = process.env.PROOFCHECK_CHROMIUM ?? '/usr/bin/chromium';
const INSTALL = 'apt-get update && apt-get install -y chromium';
const haveBrowser = existsSync(CHROMIUM);
const ARTIFACTS = 'test-artifacts';

/** The word on each grade's badge in the HTML report. */
const WORD: Record<Grade, string> = {
  PROVED: 'PROVED', PROVED_RANGE: 'PROVED for a range', TESTED: 'TESTED', REFUTED: 'REFUTED',
  UNDECIDED: 'UNDECIDED', ERROR: 'ERROR', INCONSISTENT: 'ENGINE INCONSISTENCY',
};

const FAST: CheckOptions = { ...DEFAULT_OPTIONS, numeric: { ...DEFAULT_OPTIONS.numeric, runs: 50 } };

function build(paths: readonly string[]): { report: RunReport; files: SourceFile[]; html: string } {
  const files = paths.map(readScript);
  const reports = files.map((f) => checkSource(f, FAST));
  const report: RunReport = { files: reports, requirement: 'range', summary: summarize(reports, 'range'), timeMs: 0, seed: 42, runs: 50 };
  return { report, files, html: formatHtml(report, collectSources(report, files, { plots: true }), { version: 'test' }) };
}

/** Card ids (`file-N-lLcC`) of REFUTED claims in real variables that are not coefficient claims. */
function refutedRealClaims(report: RunReport, files: readonly SourceFile[]): string[] {
  const ids: string[] = [];
  report.files.forEach((fr, i) => {
    const { program } = parseAndElaborate(files[i]!);
    if (!program) return;
    for (const it of fr.items) {
      if (it.kind !== 'claim' || it.grade !== 'REFUTED') continue;
      const claim = program.items.find((c) => c.kind === 'claim' && positionOf(program.file, c.span.start).line === it.line);
      if (!claim || claim.kind !== 'claim') continue;
      const terms = claim.formula.kind === 'chain' ? claim.formula.terms : [claim.formula.left, claim.formula.right];
      if (terms.some((t) => t.kind === 'coeff')) continue;
      const real = terms.some((t) => [...freeVars(t)].some((v) => v.startsWith('v:') && program.vars.get(v.slice(2))?.domain.kind === 'real'));
      if (real) ids.push(`file-${i + 1}-l${it.line}c${it.col}`);
    }
  });
  return ids;
}

describe.runIf(!haveBrowser && process.env.CI === 'true')('browser tests under CI', () => {
  it('Chromium is installed', () => {
    expect.fail(`Chromium not found at ${CHROMIUM}; install it with: ${INSTALL}`);
  });
});

describe.skipIf(!haveBrowser)(`HTML report in Chromium (skipped without Chromium; install: ${INSTALL})`, () => {
  let browser: Browser;
  let profile: string;

  beforeAll(async () => {
    const puppeteer = (await import('puppeteer-core')).default;
    profile = mkdtempSync(join(tmpdir(), 'proofcheck-chromium-'));
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`],
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  async function open(name: string, html: string) {
    const path = resolve(ARTIFACTS, `${name}.html`);
    writeFileSync(path, html);
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    const external: string[] = [];
    await page.setRequestInterception(true);
    page.on('request', (req) => {
      if (/^(file|data|about):/.test(req.url())) void req.continue();
      else {
        external.push(req.url());
        void req.abort();
      }
    });
    await page.goto(`file://${path}`, { waitUntil: 'load' });
    await page.evaluate(async () => { await document.fonts.ready; });
    return { page, external };
  }

  /** Saves a full-page screenshot and returns the grey-level standard deviation of its pixels (0 for a blank page). */
  async function screenshotSpread(page: import('puppeteer-core').Page, name: string): Promise<number> {
    const png = Buffer.from(await page.screenshot({ fullPage: true, type: 'png' }));
    writeFileSync(join(ARTIFACTS, `${name}.png`), png);
    const probe = await browser.newPage();
    try {
      return await probe.evaluate(async (b64: string) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const h = Math.min(img.height, 16000);
        const c = document.createElement('canvas');
        c.width = img.width;
        c.height = h;
        const ctx = c.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        const d = ctx.getImageData(0, 0, c.width, h).data;
        let n = 0, s = 0, s2 = 0;
        for (let i = 0; i < d.length; i += 4 * 7) {
          const g = (d[i]! + d[i + 1]! + d[i + 2]!) / 3;
          n++; s += g; s2 += g * g;
        }
        return Math.sqrt(Math.max(0, s2 / n - (s / n) ** 2));
      }, png.toString('base64'));
    } finally {
      await probe.close();
    }
  }

  async function checkPage(name: string, paths: readonly string[]): Promise<{ report: RunReport; page: import('puppeteer-core').Page; files: SourceFile[] }> {
    const { report, files, html } = build(paths);
    const { page, external } = await open(name, html);
    expect(external, 'requests to the network').toEqual([]);
    expect(await page.$$eval('.katex-error', (els) => els.length)).toBe(0);
    expect(await page.evaluate(() => document.fonts.check('16px KaTeX_Main') && document.fonts.check('italic 16px KaTeX_Math'))).toBe(true);
    const cards = await page.$$eval('article.card', (els) => els.map((e) => ({ id: e.id, badge: e.querySelector('header .badge')?.textContent ?? '' })));
    const expected = report.files.flatMap((f, i) => f.items.map((it) => ({ id: `file-${i + 1}-l${it.line}c${it.col}`, badge: WORD[it.grade] })));
    expect(cards).toEqual(expected);
    for (const id of refutedRealClaims(report, files)) {
      const paths = await page.$$eval(`#${id} figure.plot svg path`, (els) => els.length);
      expect(paths, `plot of ${id}`).toBeGreaterThan(0);
    }
    expect(await screenshotSpread(page, name)).toBeGreaterThan(10);
    return { report, page, files };
  }

  it('proofs/bad: every card, badge, plot and coefficient table', async () => {
    const bad = readdirSync('proofs/bad').filter((f) => f.endsWith('.proof')).sort().map((f) => `proofs/bad/${f}`);
    const { report, page } = await checkPage('report-bad', bad);
    expect(refutedRealClaims(report, bad.map(readScript)).length).toBeGreaterThanOrEqual(5);
    const i = bad.indexOf('proofs/bad/dropped-factorial.proof') + 1;
    const mismatch = await page.$eval(`#file-${i}-l6c1 table.coeff-table tr.mismatch`, (tr) => tr.textContent);
    expect(mismatch).toContain('first mismatch');
    expect(mismatch).toContain('1.5');
    expect(gradeLabel('REFUTED')).toBe(WORD.REFUTED);
    await page.close();
  }, 300_000);

  it('showcase scripts: every statement rendered, plots and a coefficient table', async () => {
    const paths = ['proofs/nce-optimum.proof', 'proofs/information.proof', 'proofs/derivatives.proof'];
    const { page } = await checkPage('report-showcase', paths);
    const i = paths.indexOf('proofs/derivatives.proof') + 1;
    expect(await page.$$eval(`#file-${i}-l21c1 table.coeff-table tbody tr`, (rows) => rows.length)).toBeGreaterThan(3);
    expect(await page.$$eval('figure.plot svg path', (els) => els.length)).toBeGreaterThan(10);
    expect(await page.$$eval('.statement .katex', (els) => els.length)).toBeGreaterThan(20);
    await page.close();
  }, 300_000);
});
