/**
 * The HTML reporter (`--format html --output report.html`): one self-contained
 * file that works offline — KaTeX rendered here into the page with its
 * stylesheet and only the fonts it needs inlined, SVG charts drawn here, a few
 * lines of inline script for the grade filter (the page is complete without it).
 *
 * Layout: a header with the run's summary; a sidebar of files and a filter by
 * grade; per file a section (title, path, source link) with one card per item —
 * statement, verdict badge (a colour and a word), range, method, time, numeric
 * witness; each calc step with its badge and rules; a theorem's lemma chain; a plot
 * of both sides (claims with real variables) or a coefficient table and bar chart
 * (coefficient claims). Accessible (landmarks, headings, figure captions and
 * aria-labels for charts, contrast >= 4.5:1 on badges) and printable.
 *
 * Pure: a function of the report, the statements and plot data (sources.ts) and
 * the options; no clock, no I/O beyond reading KaTeX's assets.
 */
import { gradeLabel, outcome, type FileReport, type Grade, type ItemReport, type NumericSummary, type RunReport } from '../proofs/report.ts';
import { coefficientChart, functionChart, TERM_COLOURS } from './charts.ts';
import { katexStylesheet, renderMath } from './katex-assets.ts';
import type { CoefficientTable, FunctionPlot, PlotData } from './plotdata.ts';
import { itemKey, type ReportSources, type StatementTex } from './sources.ts';
import { nameToLatex } from './latex.ts';

export interface HtmlOptions {
  /** Engine version shown in the header. */
  readonly version: string;
  /** When the report was made (ISO text), shown in the header; omitted when absent. */
  readonly generatedAt?: string;
  /** Show timings (off for reproducible output). Default true. */
  readonly times?: boolean;
}

/** Badge colours: white text on these has a contrast ratio of at least 4.5:1. */
const BADGE: Record<Grade, { bg: string; word: string }> = {
  PROVED: { bg: '#116329', word: 'PROVED' },
  PROVED_RANGE: { bg: '#1a6b54', word: 'PROVED for a range' },
  TESTED: { bg: '#0550ae', word: 'TESTED' },
  REFUTED: { bg: '#b42318', word: 'REFUTED' },
  UNDECIDED: { bg: '#8a4b00', word: 'UNDECIDED' },
  ERROR: { bg: '#7a1f5c', word: 'ERROR' },
  INCONSISTENT: { bg: '#1f1f1f', word: 'ENGINE INCONSISTENCY' },
};

const GRADES: readonly Grade[] = ['PROVED', 'PROVED_RANGE', 'TESTED', 'REFUTED', 'UNDECIDED', 'ERROR', 'INCONSISTENT'];

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function badge(grade: Grade, word = BADGE[grade].word): string {
  return `<span class="badge g-${grade}">${escapeHtml(word)}</span>`;
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  if (Math.abs(x) < 1e-12) return '0';
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const near = Math.round(x);
  if (Math.abs(x - near) < 1e-9 * Math.max(1, Math.abs(x))) return `${near}`;
  return x.toPrecision(6).replace(/(\.\d*?)0+(e|$)/, '$1$2').replace(/\.(e|$)/, '$1');
}

function slug(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]+/g, '-');
}

/** Renders state: math rendering collects the KaTeX classes used (for the font subset). */
class Page {
  readonly used = new Set<string>();
  math(tex: string, display = true): string {
    return renderMath(tex, display, this.used);
  }
}

function numericText(n: NumericSummary | undefined): string | undefined {
  if (!n) return undefined;
  switch (n.status) {
    case 'passed':
      return `agrees: ${n.runs ?? '?'} random points${n.discarded ? ` (${n.discarded} discarded)` : ''}${n.tolerance ? `; tolerance ${n.tolerance}` : ''}${n.seed !== undefined ? `; seed ${n.seed}` : ''}`;
    case 'failed': {
      const at = n.counterexample ? Object.entries(n.counterexample).map(([k, v]) => `${k} = ${v}`).join(', ') : '';
      return `counterexample${at ? ` at ${at}` : ''}${n.confirmed ? ', confirmed at higher precision' : ''}${n.seed !== undefined ? ` (seed ${n.seed}${n.path ? `, path ${n.path}` : ''})` : ''}${n.detail ? ` — ${n.detail}` : ''}`;
    }
    case 'inconclusive':
      return `inconclusive${n.detail ? `: ${n.detail}` : ''}`;
    case 'skipped':
      return `not run${n.detail ? `: ${n.detail}` : ''}`;
  }
}

/** Labels of a relation's terms: left/right, or term 1..n for a longer chain. */
function termLabels(n: number): string[] {
  return n === 2 ? ['left side', 'right side'] : Array.from({ length: n }, (_, i) => `term ${i + 1}`);
}

function fixedText(fixed: Readonly<Record<string, number>>): string {
  const parts = Object.entries(fixed).map(([k, v]) => `${k} = ${fmt(v)}`);
  return parts.length ? `, with ${parts.join(', ')}` : '';
}

function functionFigure(page: Page, p: FunctionPlot, it: ItemReport, id: string): string {
  const labels = termLabels(p.terms.length);
  const band = it.grade === 'TESTED';
  // An equality proved exactly has a difference that is identically 0: its panel would
  // only show rounding noise, so it is left out (and the page stays small).
  const proved = p.op === '=' && (it.grade === 'PROVED' || it.grade === 'PROVED_RANGE');
  const { sides, difference: diffSvg } = functionChart(p, labels, band);
  const difference = proved ? '' : diffSvg;
  const cx = p.counterexample;
  const where = cx ? ` The claim fails at ${p.variable} = ${fmt(cx.x)}, where ${cx.terms.map((y, i) => `the ${labels[i]} is ${fmt(y)}`).join(' and ')}.` : '';
  const below = proved ? '; they are equal, as proved' : `, and below it their difference${band ? ' with the tolerance band of the numeric witness' : ''}`;
  const alt = `Plot of the ${labels.join(' and ')} of the claim against ${p.variable} over [${fmt(p.domain[0])}, ${fmt(p.domain[1])}]${fixedText(p.fixed)}${below}.${where}`;
  const legend = labels.map((l, i) => `<span class="key"><span class="swatch" style="border-color:${TERM_COLOURS[i % TERM_COLOURS.length]}${i > 0 ? ';border-top-style:dashed' : ''}"></span>${escapeHtml(l)}</span>`).join('')
    + (cx ? '<span class="key"><span class="dot"></span>counterexample</span>' : '')
    + (band ? '<span class="key"><span class="bandkey"></span>tolerance</span>' : '');
  return `<figure class="plot" role="group" aria-labelledby="${id}-cap">
<div class="legend">${legend}</div>
<div role="img" aria-label="${escapeHtml(alt)}">${sides}${difference}</div>
<figcaption id="${id}-cap">Both sides against ${page.math(nameToLatex(p.variable), false)}${escapeHtml(fixedText(p.fixed))}${proved ? ' (equal, as proved exactly: no difference panel)' : `; below, ${escapeHtml(labels[p.link]!)} − ${escapeHtml(labels[p.link + 1]!)}${band ? ' with the tolerance band' : ''}`}. Values from the numeric witness's float evaluator.${escapeHtml(where)}</figcaption>
</figure>`;
}

const OP_TEXT: Record<string, string> = { '=': '=', '!=': '≠', '<': '<', '<=': '≤', '>': '>', '>=': '≥' };

function coefficientFigure(page: Page, t: CoefficientTable, id: string): string {
  const labels = t.rows[0]?.terms.map((_, i) => (i === t.coeffTerm ? `[${t.seriesVar}^${t.index}]` : `claimed (term ${i + 1})`)) ?? [];
  const coeffTex = `[${nameToLatex(t.seriesVar)}^{${nameToLatex(t.index)}}]`;
  const claimed = (r: CoefficientTable['rows'][number]): string => r.terms
    .map((y, i) => (i === t.coeffTerm ? '·' : fmt(y)))
    .reduce((acc, term, i) => (i === 0 ? term : `${acc} ${OP_TEXT[t.ops[i - 1]!]} ${term}`), '');
  const rows = t.rows.map((r, i) => {
    const cls = i === t.firstMismatch ? ' class="mismatch"' : r.holds === false ? ' class="fails"' : '';
    const mark = r.holds === true ? '✓ holds' : r.holds === false ? (i === t.firstMismatch ? '✗ first mismatch' : '✗ fails') : '? undefined';
    return `<tr${cls}><th scope="row">${r.k}</th><td>${fmt(r.terms[t.coeffTerm])}</td><td>${escapeHtml(claimed(r))}</td><td>${mark}</td></tr>`;
  }).join('\n');
  const chart = coefficientChart(t, labels);
  const alt = `Bar chart of the coefficients ${labels[t.coeffTerm]} for ${t.index} = ${t.rows[0]?.k} to ${t.rows[t.rows.length - 1]?.k}${fixedText(t.fixed)}, with the claimed values as ticks${t.firstMismatch >= 0 ? `; the first mismatch is at ${t.index} = ${t.rows[t.firstMismatch]!.k}` : '; every shown coefficient holds'}.`;
  return `<figure class="coefficients" role="group" aria-labelledby="${id}-cap">
<table class="coeff-table"><caption id="${id}-cap">The first coefficients ${page.math(coeffTex, false)}${escapeHtml(fixedText(t.fixed))}: computed (numeric witness, Cauchy integrals) against the claim${t.firstMismatch >= 0 ? '; the first mismatch is highlighted' : ''}.</caption>
<thead><tr><th scope="col">${escapeHtml(t.index)}</th><th scope="col">coefficient</th><th scope="col">claimed</th><th scope="col">verdict</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<div role="img" aria-label="${escapeHtml(alt)}">${chart}</div>
</figure>`;
}

/** The number of the step that failed ("step 2 is false", "step 3 (done) does not follow"), if any. */
function failingStep(it: ItemReport): number | undefined {
  const m = /\bstep (\d+)\b/.exec(it.summary);
  return m ? Number(m[1]) : undefined;
}

function statementHtml(page: Page, st: StatementTex | undefined, it: ItemReport, report: RunReport): string {
  if (!st) return '';
  const q = st.quantifiers ? `<p class="quant">for ${page.math(st.quantifiers, false)}</p>` : '';
  if (st.kind === 'claim') return `${q}<div class="statement">${page.math(st.formula)}</div>`;
  const failed = failingStep(it);
  const passed = outcome(it.grade, report.requirement) === 'passed';
  if (st.kind === 'calc') {
    const steps = st.steps.map((s, i) => {
      const n = i + 1;
      const b = passed ? badge(it.grade)
        : failed === undefined ? badge('UNDECIDED', 'NOT CHECKED')
        : n < failed ? badge(st.quantifiers ? 'TESTED' : 'PROVED', st.quantifiers ? 'HELD UNTIL THE FAILURE' : 'PROVED')
        : n === failed || it.grade === 'TESTED' ? badge(it.grade)
        : badge('UNDECIDED', 'NOT CHECKED');
      return `<li><span class="rel">${page.math(`${s.op} ${s.expr}`)}</span><span class="by">by ${escapeHtml(s.rules.join(', '))}</span>${b}</li>`;
    }).join('\n');
    return `${q}<div class="statement">${page.math(st.first)}</div>\n<ol class="steps" aria-label="calculation steps">\n${steps}\n</ol>`;
  }
  const chain = st.steps.map((s, i) => {
    const n = i + 1;
    const b = passed ? badge(it.grade, 'FOLLOWS') : n === failed ? badge(it.grade === 'REFUTED' ? 'REFUTED' : 'UNDECIDED', 'DOES NOT FOLLOW') : '';
    return `<li><span class="rel">${page.math(s.tex)}</span><span class="by">by ${escapeHtml(s.rules.join(', '))}</span>${b}</li>`;
  }).join('\n');
  return `<div class="statement">${page.math(`${st.quantifiers}:\\quad ${st.formula}`)}</div>\n<p class="chain-title">Lemma chain</p>\n<ol class="steps" aria-label="lemma chain">\n${chain}\n</ol>`;
}

function card(page: Page, f: FileReport, it: ItemReport, fileId: string, report: RunReport, sources: ReportSources, o: HtmlOptions): string {
  const key = itemKey(it.line, it.col);
  const src = sources[f.file];
  const st = src?.statements[key];
  const plot: PlotData | undefined = src?.plots[key];
  const id = `${fileId}-l${it.line}c${it.col}`;
  const title = it.name ?? `${it.kind} at line ${it.line}`;
  const facts: string[] = [];
  if (it.range) facts.push(`<dt>Range</dt><dd>${escapeHtml(it.range)}</dd>`);
  if (it.summary) facts.push(`<dt>${outcome(it.grade, report.requirement) === 'passed' ? 'Method' : 'Verdict'}</dt><dd>${escapeHtml(it.summary)}</dd>`);
  const num = numericText(it.numeric);
  if (num) facts.push(`<dt>Numeric witness</dt><dd>${escapeHtml(num)}</dd>`);
  if (o.times !== false) facts.push(`<dt>Time</dt><dd>${seconds(it.timeMs)}</dd>`);
  const short = outcome(it.grade, report.requirement) !== 'passed' && !['REFUTED', 'ERROR', 'INCONSISTENT', 'UNDECIDED'].includes(it.grade)
    ? `<p class="short">Below the required grade (--require ${escapeHtml(report.requirement)}).</p>` : '';
  const failed = outcome(it.grade, report.requirement) !== 'passed';
  // Pictures of passing claims are folded away (a long page stays scannable); failures show theirs open.
  const figure = plot
    ? `<details class="figure"${failed ? ' open' : ''}><summary>${plot.type === 'function' ? 'Plot of both sides' : 'Coefficients'}</summary>\n${plot.type === 'function' ? functionFigure(page, plot, it, id) : coefficientFigure(page, plot, id)}\n</details>`
    : '';
  // A passing claim's numeric-witness line says again what the facts above say.
  const lines = failed ? it.details : it.details.filter((d) => !d.startsWith('numeric witness'));
  const details = lines.length > 0
    ? `<details${failed ? ' open' : ''}><summary>Details</summary><pre>${escapeHtml(lines.join('\n'))}</pre></details>` : '';
  return `<article class="card" id="${id}" data-grade="${it.grade}" aria-labelledby="${id}-h">
<header><h3 id="${id}-h">${escapeHtml(title)}</h3>${badge(it.grade)}<span class="where">${it.kind} · <a href="${escapeHtml(f.file)}">line ${it.line}</a></span></header>
${statementHtml(page, st, it, report)}
${short}<dl class="facts">${facts.join('')}</dl>
${figure}
${details}
</article>`;
}

function fileSection(page: Page, f: FileReport, i: number, report: RunReport, sources: ReportSources, o: HtmlOptions): string {
  const id = `file-${i + 1}`;
  const head = `<h2 id="${id}-h">${escapeHtml(f.title ?? f.file)}</h2>
<p class="path"><a href="${escapeHtml(f.file)}">${escapeHtml(f.file)}</a>${f.source ? ` · source: ${/^https?:\/\//.test(f.source) ? `<a href="${escapeHtml(f.source.split(/\s/)[0]!)}">${escapeHtml(f.source)}</a>` : escapeHtml(f.source)}` : ''}${o.times !== false ? ` · ${seconds(f.timeMs)}` : ''}</p>`;
  const errors = f.errors.length > 0
    ? `<div class="card script-errors" data-grade="ERROR">${badge('ERROR', 'SCRIPT NOT CHECKED')}<pre>${escapeHtml(f.errors.join('\n'))}</pre></div>` : '';
  const items = f.items.length === 0 && f.errors.length === 0 ? '<p>(no claims)</p>' : f.items.map((it) => card(page, f, it, id, report, sources, o)).join('\n');
  return `<section class="file" id="${id}" aria-labelledby="${id}-h">\n${head}\n${errors}\n${items}\n</section>`;
}

function counts(items: readonly ItemReport[]): string {
  const c = new Map<Grade, number>();
  for (const it of items) c.set(it.grade, (c.get(it.grade) ?? 0) + 1);
  return GRADES.filter((g) => c.get(g)).map((g) => `<span class="mini g-${g}" title="${escapeHtml(gradeLabel(g))}">${c.get(g)} ${escapeHtml(BADGE[g].word.split(' ')[0]!.toLowerCase())}</span>`).join(' ');
}

const CSS = `
:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#fff;--panel:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--fg);background:var(--bg)}
a{color:#0550ae}
.top{padding:16px 24px;border-bottom:1px solid var(--line);background:var(--panel)}
.top h1{margin:0 0 6px;font-size:22px}
.top .meta{color:var(--muted);margin:4px 0 0}
.grades{display:flex;flex-wrap:wrap;gap:6px;margin:8px 0 0;padding:0;list-style:none}
.layout{display:flex;align-items:flex-start}
nav{position:sticky;top:0;flex:0 0 250px;max-height:100vh;overflow:auto;padding:16px;border-right:1px solid var(--line)}
nav h2{font-size:14px;margin:0 0 8px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
nav ul{list-style:none;margin:0 0 16px;padding:0}
nav li{margin:0 0 8px}
nav li a{display:block;font-weight:600;text-decoration:none}
fieldset{border:1px solid var(--line);border-radius:6px;padding:8px 10px}
fieldset label{display:block;font-size:13px}
main{flex:1;min-width:0;padding:8px 24px 40px}
section.file{margin:0 0 32px}
section.file>h2{margin:24px 0 2px;font-size:20px}
.path{margin:0 0 12px;color:var(--muted);font-size:13px}
.card{border:1px solid var(--line);border-radius:8px;padding:12px 16px;margin:0 0 14px;background:var(--bg)}
.card>header{display:flex;flex-wrap:wrap;align-items:center;gap:10px}
.card h3{margin:0;font-size:16px;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.where{color:var(--muted);font-size:13px;margin-left:auto}
.badge{display:inline-block;padding:1px 9px;border-radius:999px;color:#fff;font-size:12px;font-weight:700;letter-spacing:.03em}
.mini{display:inline-block;padding:0 6px;border-radius:4px;color:#fff;font-size:11px;font-weight:600}
${GRADES.map((g) => `.g-${g}{background:${BADGE[g].bg}}`).join('\n')}
.card[data-grade=REFUTED],.card[data-grade=ERROR],.card[data-grade=INCONSISTENT]{border-left:5px solid #b42318}
.card[data-grade=UNDECIDED]{border-left:5px solid #8a4b00}
.statement{overflow-x:auto;overflow-y:hidden;padding:2px 0}
.quant{margin:8px 0 0;color:var(--muted)}
.steps{margin:4px 0 8px;padding-left:28px}
.steps li{display:flex;flex-wrap:wrap;align-items:center;gap:10px;border-top:1px dashed var(--line);padding:2px 0}
.steps .rel{overflow-x:auto;max-width:100%}
.steps .by{color:var(--muted);font-size:13px;font-style:italic}
.chain-title{margin:6px 0 0;font-weight:600}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0;font-size:13px}
.facts dt{color:var(--muted)}
.facts dd{margin:0;overflow-wrap:anywhere}
.short{color:#8a4b00;font-weight:600;margin:6px 0}
figure{margin:10px 0;padding:8px;border:1px solid var(--line);border-radius:6px;background:#fcfcfd;overflow-x:auto}
figure svg{display:block;max-width:100%;height:auto}
figcaption,caption{font-size:13px;color:var(--muted);text-align:left;padding:4px 0}
.legend{display:flex;gap:14px;font-size:12px;flex-wrap:wrap}
.key{display:inline-flex;align-items:center;gap:5px}
.swatch{display:inline-block;width:22px;height:0;border-top:3px solid}
.dot{display:inline-block;width:10px;height:10px;border-radius:50%;border:2px solid #b42318;background:#fff}
.bandkey{display:inline-block;width:18px;height:10px;background:rgba(11,92,173,.18)}
.coeff-table{border-collapse:collapse;font-size:13px;margin:0 0 8px;font-variant-numeric:tabular-nums}
.coeff-table th,.coeff-table td{border:1px solid var(--line);padding:2px 10px;text-align:right}
.coeff-table thead th{background:var(--panel)}
.coeff-table tr.mismatch td,.coeff-table tr.mismatch th{background:#fde2e1;font-weight:700;color:#8c1a10}
.coeff-table tr.fails td{color:#8c1a10}
details{margin:6px 0 0}
details pre,.script-errors pre{background:var(--panel);padding:8px;border-radius:6px;overflow-x:auto;font-size:12px;white-space:pre}
.katex-display{margin:.4em 0;text-align:left}
.katex-display>.katex{text-align:left}
${GRADES.map((g) => `body.hide-${g} .card[data-grade=${g}]`).join(',')}{display:none}
@media (max-width:800px){.layout{display:block}nav{position:static;max-height:none;border-right:0;border-bottom:1px solid var(--line)}}
@media print{nav{display:none}.layout{display:block}main{padding:0}.card{break-inside:avoid}body{font-size:12px}a{color:inherit;text-decoration:none}details>pre{display:block}.top{background:none}}
`;

const SCRIPT = `
document.querySelectorAll('input[data-grade]').forEach(function (box) {
  box.addEventListener('change', function () { document.body.classList.toggle('hide-' + box.dataset.grade, !box.checked); });
});
window.addEventListener('beforeprint', function () { document.querySelectorAll('details').forEach(function (d) { d.open = true; }); });
`;

/** Formats a whole run as one self-contained HTML page. */
export function formatHtml(report: RunReport, sources: ReportSources, o: HtmlOptions): string {
  const page = new Page();
  const sections = report.files.map((f, i) => fileSection(page, f, i, report, sources, o)).join('\n');
  const s = report.summary;
  const all = report.files.flatMap((f) => f.items);
  const gradeList = GRADES.map((g) => `<li>${badge(g, `${s.byGrade[g]} ${BADGE[g].word}`)}</li>`).join('');
  const meta = [
    `${s.passed} passed, ${s.failed} failed, ${s.undecided} undecided, ${s.errors} errors`,
    `required grade: ${report.requirement}`,
    report.seed !== undefined ? `seed ${report.seed}${report.runs !== undefined ? `, ${report.runs} runs` : ''}` : 'numeric witness off',
    `proofcheck ${o.version}`,
    ...(o.times !== false ? [`checked in ${seconds(report.timeMs)}`] : []),
    ...(o.generatedAt ? [`at ${o.generatedAt}`] : []),
  ].map(escapeHtml).join(' · ');
  const nav = report.files.map((f, i) => `<li><a href="#file-${i + 1}">${escapeHtml(f.title ?? f.file)}</a><small>${escapeHtml(f.file)}</small><br>${f.errors.length ? badge('ERROR', 'NOT CHECKED') : counts(f.items)}</li>`).join('\n');
  const present = GRADES.filter((g) => all.some((it) => it.grade === g));
  const filter = present.map((g) => `<label><input type="checkbox" checked data-grade="${g}"> ${escapeHtml(BADGE[g].word)} (${s.byGrade[g]})</label>`).join('\n');
  const katexCss = katexStylesheet(page.used);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="proofcheck ${escapeHtml(o.version)}">
<title>proofcheck report: ${s.passed} passed, ${s.failed} failed</title>
<style>
${katexCss}
</style>
<style>${CSS}</style>
</head>
<body>
<header class="top" role="banner">
<h1>proofcheck report</h1>
<ul class="grades" aria-label="grade counts">${gradeList}</ul>
<p class="meta">${meta}</p>
</header>
<div class="layout">
<nav aria-label="Files and filters">
<h2>Files</h2>
<ul>
${nav}
</ul>
<fieldset><legend>Show grades</legend>
${filter}
</fieldset>
</nav>
<main>
${sections}
</main>
</div>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
