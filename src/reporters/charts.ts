/**
 * SVG charts for the HTML report, drawn with Observable Plot on a server-side DOM
 * (linkedom): the two sides of a claim over one variable with their difference
 * (and the witness's tolerance band) below, and the coefficients of a series as
 * bars against the claimed values. Input is plain data (plotdata.ts); output is
 * SVG markup. Deterministic: same data, same markup.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import type { CoefficientTable, FunctionPlot } from './plotdata.ts';

/** Colours of the terms (colour-blind safe, distinguishable in grey too by dash pattern). */
export const TERM_COLOURS = ['#0b5cad', '#c2410c', '#6d28d9', '#047857'];
const DASHES = ['', '6,3', '2,2', '8,2,2,2'];
const CX_COLOUR = '#b42318';

type Doc = NonNullable<Plot.PlotOptions['document']>;
let doc: Doc | undefined;
function documentOf(): Doc {
  doc ??= parseHTML('<!doctype html><html><body></body></html>').document as unknown as Doc;
  return doc;
}

/** Shortens numbers in SVG attributes to 2 decimals (the plots are 600 px wide). */
function compact(svg: string): string {
  return svg.replace(/(\d+\.\d{3,})/g, (m) => String(Math.round(Number(m) * 100) / 100));
}

function render(options: Plot.PlotOptions): string {
  const el = Plot.plot({ ...options, document: documentOf() }) as unknown as { outerHTML: string };
  return compact(el.outerHTML);
}

/** A y range that ignores a few extreme values (a pole at the end of the domain). */
function robustDomain(values: readonly number[], include: readonly number[] = []): [number, number] | undefined {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  const extra = include.filter(Number.isFinite);
  const q = (p: number) => v[Math.min(v.length - 1, Math.max(0, Math.round(p * (v.length - 1))))]!;
  let lo = q(0.03);
  let hi = q(0.97);
  if (v.length < 20) { lo = v[0]!; hi = v[v.length - 1]!; }
  for (const x of extra) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
  // A (nearly) constant curve is drawn flat, not as magnified rounding noise.
  const minSpan = Math.max(1e-300, 0.05 * Math.max(Math.abs(lo), Math.abs(hi)));
  if (hi - lo < minSpan) {
    const mid = (lo + hi) / 2;
    lo = mid - minSpan / 2;
    hi = mid + minSpan / 2;
  }
  const pad = (hi - lo) * 0.08;
  return [lo - pad, hi + pad];
}

/** Two stacked SVGs: the terms over x, and the difference of one link with its tolerance band (when `band`). */
export function functionChart(p: FunctionPlot, labels: readonly string[], band: boolean): { sides: string; difference: string } {
  const rows: { x: number; y: number; term: string }[] = [];
  p.terms.forEach((ys, i) => ys.forEach((y, j) => { if (y !== null && Number.isFinite(y)) rows.push({ x: p.xs[j]!, y, term: labels[i]! }); }));
  const cxRows = p.counterexample ? p.counterexample.terms.flatMap((y, i) => (y === null ? [] : [{ x: p.counterexample!.x, y, term: labels[i]! }])) : [];
  const yDomain = robustDomain(rows.map((r) => r.y), cxRows.map((r) => r.y));
  const marks: Plot.Markish[] = [Plot.ruleY([0], { stroke: '#999', strokeOpacity: 0.5 })];
  labels.forEach((label, i) => {
    marks.push(Plot.line(rows.filter((r) => r.term === label), { x: 'x', y: 'y', stroke: TERM_COLOURS[i % TERM_COLOURS.length], strokeWidth: 2, strokeDasharray: DASHES[i % DASHES.length], clip: true }));
  });
  if (p.counterexample) {
    marks.push(Plot.ruleX([p.counterexample.x], { stroke: CX_COLOUR, strokeDasharray: '3,3' }));
    marks.push(Plot.dot(cxRows, { x: 'x', y: 'y', r: 5, stroke: CX_COLOUR, strokeWidth: 2, fill: 'white' }));
  }
  const sides = render({
    width: 600, height: 230, marginLeft: 60, style: { background: 'transparent', fontSize: '12px' },
    x: { label: p.variable, domain: [p.domain[0], p.domain[1]] },
    y: { label: 'value', grid: true, tickFormat: '.3~g', ...(yDomain ? { domain: yDomain } : {}) },
    marks,
  });
  const dRows = p.diff.flatMap((d, j) => (d === null || !Number.isFinite(d) ? [] : [{ x: p.xs[j]!, d, tol: p.tol[j] ?? 0 }]));
  // The difference's axis always shows 0 and at least the witness's tolerance, so rounding noise looks flat.
  const maxTol = Math.max(0, ...dRows.map((r) => r.tol).filter(Number.isFinite));
  const dDomain = robustDomain(dRows.map((r) => r.d), [0, maxTol, -maxTol]);
  const dMarks: Plot.Markish[] = [Plot.ruleY([0], { stroke: '#555' })];
  if (band) dMarks.push(Plot.areaY(dRows, { x: 'x', y1: (r: { tol: number }) => -r.tol, y2: (r: { tol: number }) => r.tol, fill: '#0b5cad', fillOpacity: 0.18 }));
  dMarks.push(Plot.line(dRows, { x: 'x', y: 'd', stroke: '#111', strokeWidth: 1.5, clip: true }));
  if (p.counterexample) {
    const [l, r] = [p.counterexample.terms[p.link], p.counterexample.terms[p.link + 1]];
    dMarks.push(Plot.ruleX([p.counterexample.x], { stroke: CX_COLOUR, strokeDasharray: '3,3' }));
    if (l != null && r != null) dMarks.push(Plot.dot([{ x: p.counterexample.x, d: l - r }], { x: 'x', y: 'd', r: 5, stroke: CX_COLOUR, strokeWidth: 2, fill: 'white' }));
  }
  const difference = render({
    width: 600, height: 130, marginLeft: 60, style: { background: 'transparent', fontSize: '12px' },
    x: { label: p.variable, domain: [p.domain[0], p.domain[1]] },
    y: { label: `${labels[p.link]} − ${labels[p.link + 1]}`, grid: true, tickFormat: '.2~g', ...(dDomain ? { domain: dDomain } : {}) },
    marks: dMarks,
  });
  return { sides, difference };
}

/** Bars of the coefficient over k, with the claimed terms as ticks; the first mismatch in red. */
export function coefficientChart(t: CoefficientTable, labels: readonly string[]): string {
  const bars = t.rows.flatMap((r, i) => {
    const y = r.terms[t.coeffTerm];
    return y === null || y === undefined ? [] : [{ k: String(r.k), y, bad: r.holds === false, first: i === t.firstMismatch }];
  });
  const ticks = t.rows.flatMap((r) => r.terms.flatMap((y, i) => (i === t.coeffTerm || y === null ? [] : [{ k: String(r.k), y, term: labels[i]! }])));
  return render({
    width: 600, height: 200, marginLeft: 60, style: { background: 'transparent', fontSize: '12px' },
    x: { label: t.index, domain: t.rows.map((r) => String(r.k)) },
    y: { label: labels[t.coeffTerm], grid: true, tickFormat: '.3~g' },
    marks: [
      Plot.ruleY([0], { stroke: '#555' }),
      Plot.barY(bars, { x: 'k', y: 'y', fill: (d: { bad: boolean }) => (d.bad ? CX_COLOUR : TERM_COLOURS[0]) }),
      Plot.tickY(ticks, { x: 'k', y: 'y', stroke: TERM_COLOURS[1], strokeWidth: 2.5 }),
    ],
  });
}
