/**
 * Sampled values for the HTML report's plots and coefficient tables, as plain
 * data. This is the only reporter-side module that evaluates expressions, and it
 * does so with the numeric witness's float evaluator (src/verify/eval/evaluate.ts) —
 * never with the exact kernel — so the pictures are an independent view of the
 * claim, and the formatters (html.ts) stay pure functions of the report, the
 * parsed statements and these data.
 *
 * - A claim with real variables gets a `FunctionPlot`: one variable swept over its
 *   declared domain (the others, and the quantifier indices, fixed at the
 *   counterexample when there is one, else at a sample), every term of the
 *   relation, the difference of one link and the witness's tolerance at each point.
 * - A claim `coeff(e, p^k) op ...` quantified over k gets a `CoefficientTable`:
 *   the coefficients over k (other indices fixed likewise), the claimed terms, and
 *   whether each row holds under the witness's tolerance rule.
 * Deterministic: fixed grids, no randomness; a point where a side is undefined is
 * a gap (null), never a guess.
 */
import type { ClaimDecl, Domain, Elaborated, Expr, RelOp, VarDecl } from '../proofs/ast.ts';
import { positionOf } from '../proofs/source.ts';
import type { ItemReport } from '../proofs/report.ts';
import { evalIn, evaluate, freeVars, liftEnv, makeContext, makeEnv, type EvalContext, type Val } from '../verify/eval/evaluate.ts';
import { ddField } from '../verify/arith/field.ts';
import { ddCoefficient } from '../verify/confirm/confirm-coeff.ts';
import { ddToNumber } from '../verify/arith/doubledouble.ts';
import { constantValue } from '../verify/domains.ts';
import { judge } from '../verify/properties.ts';

/** Values of indices and variables at which a claim failed (parsed from its report). */
export interface Counterexample {
  readonly idx: Readonly<Record<string, number>>;
  readonly vars: Readonly<Record<string, number>>;
}

/** One real variable swept, everything else fixed. */
export interface FunctionPlot {
  readonly type: 'function';
  /** The swept variable and the values fixed for the rest (indices and variables). */
  readonly variable: string;
  readonly fixed: Readonly<Record<string, number>>;
  readonly domain: readonly [number, number];
  /** Each term of the relation (2 for `l = r`, 3 for `0 < e < 1`): y values at xs (null where undefined). */
  readonly xs: readonly number[];
  readonly terms: readonly (readonly (number | null)[])[];
  /** Which link (0-based) the difference is of, its operator, and (left - right) and the tolerance at each x. */
  readonly link: number;
  readonly op: RelOp | '≈';
  readonly diff: readonly (number | null)[];
  readonly tol: readonly (number | null)[];
  /** The counterexample's x and term values, when the claim failed at a point of this slice. */
  readonly counterexample?: { readonly x: number; readonly terms: readonly (number | null)[] };
}

/** Coefficients of a series over the row index, against the claimed terms. */
export interface CoefficientTable {
  readonly type: 'coefficients';
  readonly index: string;
  readonly seriesVar: string;
  readonly fixed: Readonly<Record<string, number>>;
  /** Position of the coefficient among the relation's terms. */
  readonly coeffTerm: number;
  readonly ops: readonly RelOp[];
  readonly rows: readonly { readonly k: number; readonly terms: readonly (number | null)[]; readonly holds: boolean | null }[];
  /** Row number of the first row that does not hold (-1 when all hold). */
  readonly firstMismatch: number;
}

export type PlotData = FunctionPlot | CoefficientTable;

/**
 * Points per function plot: a failing claim gets the finer grid (its curves part
 * somewhere worth seeing), a passing one a coarser grid that keeps the page small;
 * sides that are expensive to evaluate (argmin, integrals, series) are drawn only
 * when the claim failed, on the coarsest grid.
 */
const POINTS = 81;
const POINTS_PASSING = 41;
const POINTS_EXPENSIVE = 25;
/** Most rows of a coefficient table. */
const MAX_ROWS = 12;
/** Safety net against a pathological claim (the check itself already finished). */
const PLOT_DEADLINE_MS = 5000;
/**
 * The work budget of one plot, in evaluation steps (the witness's unit), about a
 * second's work: plots run in the CLI's own process, and a budget ends them at the
 * same point on any machine, where the deadline alone made a slow machine's plot
 * shorter. (A single step cannot run long: the witness's exact integers are capped.)
 */
const PLOT_WORK = 10_000_000;

/** The evaluation context of one plot: its deadline and its work budget. */
function plotContext(program: Elaborated, work: number): EvalContext {
  const ctx = makeContext(program.vars, Date.now() + PLOT_DEADLINE_MS);
  ctx.work = { left: work };
  return ctx;
}

function parseValue(s: string): number | undefined {
  const m = /^(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)(?:\/(\d+))?$/i.exec(s.trim());
  if (!m) return undefined;
  return m[2] ? Number(m[1]) / Number(m[2]) : Number(m[1]);
}

function parseAssignments(s: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of s.split(/,\s*/)) {
    const m = /^\s*([A-Za-z_]\w*)\s*=\s*(\S+)\s*$/.exec(part);
    const v = m ? parseValue(m[2]!) : undefined;
    if (m && v !== undefined && Number.isFinite(v)) out[m[1]!] = v;
  }
  return out;
}

/**
 * The counterexample of a failed item: indices from "false at j = 1, k = 2", real
 * values from "counterexample (exact|rigorous enclosure): at a = 1/2, ...", else the
 * numeric witness's (confirmed) counterexample. Undefined when there is none.
 */
export function counterexampleOf(item: ItemReport, vars: ReadonlyMap<string, VarDecl>): Counterexample | undefined {
  if (item.grade !== 'REFUTED' && item.grade !== 'INCONSISTENT') return undefined;
  const idx: Record<string, number> = {};
  const values: Record<string, number> = {};
  const at = /(?:false|fails) at ((?:[A-Za-z_]\w* = -?\d+(?:, )?)+)/.exec(item.summary);
  if (at) Object.assign(idx, parseAssignments(at[1]!));
  for (const d of item.details) {
    const m = /counterexample \((?:exact|rigorous enclosure)\): at (.+?) the left side/.exec(d) ?? /is not 0: at (.+?) it is/.exec(d);
    if (m) {
      Object.assign(values, parseAssignments(m[1]!));
      break;
    }
  }
  const n = item.numeric;
  if (Object.keys(values).length === 0 && n?.status === 'failed' && n.counterexample) {
    for (const [k, v] of Object.entries(n.counterexample)) {
      if (vars.has(k)) values[k] = v;
      else if (!(k in idx)) idx[k] = v;
    }
  }
  if (Object.keys(idx).length === 0 && Object.keys(values).length === 0) return undefined;
  return { idx, vars: values };
}

/** A typical value of a real variable's domain (used to fix the variables not plotted). */
function sampleOf(d: Domain): number {
  if (d.kind === 'set') return constantValue(d.values[0]!);
  if (d.kind === 'int') return constantValue(d.lo);
  const lo = d.lo ? constantValue(d.lo.value) : undefined;
  const hi = d.hi ? constantValue(d.hi.value) : undefined;
  if (lo !== undefined && hi !== undefined) return (lo + hi) / 2;
  if (lo !== undefined) return lo + 1;
  if (hi !== undefined) return hi - 1;
  return 1;
}

/** The x range to plot: the declared interval, a window of a half-line, or 10 wide around the point of interest. */
function rangeOf(d: Extract<Domain, { kind: 'real' }>, focus: number | undefined): { lo: number; hi: number; openLo: boolean; openHi: boolean } {
  const lo = d.lo ? constantValue(d.lo.value) : undefined;
  const hi = d.hi ? constantValue(d.hi.value) : undefined;
  if (lo !== undefined && hi !== undefined) return { lo, hi, openLo: d.lo!.open, openHi: d.hi!.open };
  if (lo !== undefined) return { lo, hi: lo + Math.max(4, 2 * ((focus ?? lo) - lo)), openLo: d.lo!.open, openHi: false };
  if (hi !== undefined) return { lo: hi - Math.max(4, 2 * (hi - (focus ?? hi))), hi, openLo: false, openHi: d.hi!.open };
  const c = focus ?? 0;
  return { lo: c - 5, hi: c + 5, openLo: false, openHi: false };
}

function widthRank(d: Domain): number {
  if (d.kind !== 'real') return -1;
  return (d.lo ? 0 : 1) + (d.hi ? 0 : 1);
}

function isExpensive(e: Expr): boolean {
  switch (e.kind) {
    case 'argmin': case 'argmax': case 'integral': case 'series': case 'coeff': case 'val':
      return true;
    case 'sum': case 'prod':
      return e.hi === 'inf' || isExpensive(e.body);
    case 'num': case 'var': case 'index': case 'const': case 'name':
      return false;
    case 'neg': case 'call': case 'factorial':
      return isExpensive(e.arg);
    case 'binop':
      return isExpensive(e.left) || isExpensive(e.right);
    case 'binomial': case 'stirling1':
      return false;
    case 'deriv':
      return isExpensive(e.body);
    default:
      return true;
  }
}

/**
 * A coefficient in double-double, the witness's confirmation path (confirm-coeff.ts):
 * the float Cauchy ladder can settle on a circle beyond the radius of convergence
 * ([u^5] 1/(1 - u)^2 came out as 0), the double-double one does not. It is slower,
 * so tables use it for failed claims and for rows that do not hold in floats.
 */
function tryEvalDD(e: Expr, vars: Record<string, number>, idx: Record<string, number>, ctx: EvalContext): Val<number> | undefined {
  try {
    const v = evalIn(ddField, e, liftEnv(ddField, makeEnv(vars, idx)), { ...ctx, ddCoefficient });
    const x = ddToNumber(v.x);
    return Number.isFinite(x) ? { x, m: v.m, e: v.e } : undefined;
  } catch {
    return undefined;
  }
}

function tryEval(e: Expr, vars: Record<string, number>, idx: Record<string, number>, ctx: EvalContext): Val<number> | undefined {
  try {
    const v = evaluate(e, makeEnv(vars, idx), ctx);
    return Number.isFinite(v.x) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Index values: the counterexample's, else each index at lo + min(step, hi - lo), bounds evaluated in order. */
function chooseIndices(claim: ClaimDecl, cx: Counterexample | undefined, step: number, ctx: EvalContext, skip?: string): Record<string, number> | undefined {
  const idx: Record<string, number> = {};
  for (const q of claim.quantifiers) {
    if (q.index === skip) continue;
    if (cx && q.index in cx.idx) {
      idx[q.index] = cx.idx[q.index]!;
      continue;
    }
    const lo = tryEval(q.lo, {}, idx, ctx)?.x;
    const hi = tryEval(q.hi, {}, idx, ctx)?.x;
    if (lo === undefined || hi === undefined || hi < lo) return undefined;
    idx[q.index] = lo + Math.min(step, hi - lo);
  }
  return idx;
}

interface RelTerms {
  readonly terms: readonly Expr[];
  readonly ops: readonly (RelOp | '≈')[];
  readonly tolerance?: number;
  readonly relative?: boolean;
}

function termsOf(claim: ClaimDecl): RelTerms | undefined {
  const f = claim.formula;
  if (f.kind === 'chain') return { terms: f.terms, ops: f.ops };
  const tol = tryEval(f.tolerance, {}, {}, makeContext(new Map()));
  return tol ? { terms: [f.left, f.right], ops: ['≈'], tolerance: tol.x, relative: f.relative } : undefined;
}

/** The 0-based link named in "link 2 (<) is false", else 0. */
function failingLink(item: ItemReport, links: number): number {
  const m = /link (\d+) \(/.exec(item.summary);
  const n = m ? Number(m[1]) - 1 : 0;
  return n >= 0 && n < links ? n : 0;
}

function functionPlot(claim: ClaimDecl, item: ItemReport, program: Elaborated, rel: RelTerms, cx: Counterexample | undefined, work: number): FunctionPlot | undefined {
  const used = new Set<string>();
  for (const t of rel.terms) for (const v of freeVars(t)) if (v.startsWith('v:')) used.add(v.slice(2));
  const real = [...program.vars.values()].filter((v) => used.has(v.name) && v.domain.kind === 'real');
  if (real.length === 0) return undefined;
  const ctx = plotContext(program, work);
  const idx = chooseIndices(claim, cx, 3, ctx);
  if (!idx) return undefined;
  let best = real[0]!;
  for (const v of real) if (widthRank(v.domain) > widthRank(best.domain)) best = v;
  const fixedVars: Record<string, number> = {};
  for (const v of program.vars.values()) {
    if (v.name === best.name || !used.has(v.name)) continue;
    fixedVars[v.name] = cx && v.name in cx.vars ? cx.vars[v.name]! : sampleOf(v.domain);
  }
  const focus = cx?.vars[best.name];
  const r = rangeOf(best.domain as Extract<Domain, { kind: 'real' }>, focus);
  const expensive = rel.terms.some(isExpensive);
  // Sides that take many evaluations each (integrals, minimisers, series) are drawn only for failures.
  if (expensive && item.grade !== 'REFUTED' && item.grade !== 'INCONSISTENT') return undefined;
  const failed = item.grade === 'REFUTED' || item.grade === 'INCONSISTENT' || item.grade === 'UNDECIDED';
  const n = expensive ? POINTS_EXPENSIVE : failed ? POINTS : POINTS_PASSING;
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = r.openLo || r.openHi ? (i + 0.5) / n : i / (n - 1);
    xs.push(r.lo + (r.hi - r.lo) * t);
  }
  const link = failingLink(item, rel.ops.length);
  const op = rel.ops[link]!;
  const at = (x: number): { vals: (Val<number> | undefined)[] } => ({
    vals: rel.terms.map((t) => tryEval(t, { ...fixedVars, [best.name]: x }, idx, ctx)),
  });
  const terms: (number | null)[][] = rel.terms.map(() => []);
  const diff: (number | null)[] = [];
  const tol: (number | null)[] = [];
  for (const x of xs) {
    if (Date.now() > (ctx.deadline ?? Infinity)) return undefined;
    const { vals } = at(x);
    vals.forEach((v, i) => terms[i]!.push(v ? v.x : null));
    const l = vals[link];
    const rr = vals[link + 1];
    if (l && rr) {
      diff.push(l.x - rr.x);
      tol.push(judge({ op, relative: rel.relative }, l, rr, rel.tolerance ?? 0).tol);
    } else {
      diff.push(null);
      tol.push(null);
    }
  }
  if (terms.every((ys) => ys.every((y) => y === null))) return undefined;
  let counterexample: FunctionPlot['counterexample'];
  if (focus !== undefined) counterexample = { x: focus, terms: at(focus).vals.map((v) => (v ? v.x : null)) };
  return {
    type: 'function', variable: best.name, fixed: { ...idx, ...fixedVars }, domain: [r.lo, r.hi], xs, terms, link, op, diff, tol,
    ...(counterexample ? { counterexample } : {}),
  };
}

function coefficientTable(claim: ClaimDecl, item: ItemReport, program: Elaborated, cx: Counterexample | undefined, work: number): CoefficientTable | undefined {
  const f = claim.formula;
  if (f.kind !== 'chain') return undefined;
  const pos = f.terms.findIndex((t) => t.kind === 'coeff' && t.power.kind === 'index');
  if (pos < 0) return undefined;
  const c = f.terms[pos] as Extract<Expr, { kind: 'coeff' }>;
  const k = (c.power as Extract<Expr, { kind: 'index' }>).name;
  const qi = claim.quantifiers.findIndex((q) => q.index === k);
  if (qi < 0) return undefined;
  const ctx = plotContext(program, work);
  const idx = chooseIndices(claim, cx, 6, ctx, k);
  if (!idx) return undefined;
  const q = claim.quantifiers[qi]!;
  const lo = tryEval(q.lo, {}, idx, ctx)?.x;
  const hi = tryEval(q.hi, {}, idx, ctx)?.x;
  if (lo === undefined || hi === undefined || hi < lo) return undefined;
  const fixedVars: Record<string, number> = {};
  const used = new Set<string>();
  for (const t of f.terms) for (const v of freeVars(t)) if (v.startsWith('v:')) used.add(v.slice(2));
  for (const v of program.vars.values()) if (used.has(v.name)) fixedVars[v.name] = cx && v.name in cx.vars ? cx.vars[v.name]! : sampleOf(v.domain);
  const focus = cx?.idx[k];
  let start = lo;
  if (focus !== undefined && focus - lo >= MAX_ROWS) start = focus - Math.floor(MAX_ROWS / 2);
  const end = Math.min(hi, start + MAX_ROWS - 1);
  const rows: { k: number; terms: (number | null)[]; holds: boolean | null }[] = [];
  const failed = item.grade !== 'PROVED' && item.grade !== 'PROVED_RANGE' && item.grade !== 'TESTED';
  for (let kk = start; kk <= end; kk++) {
    if (Date.now() > (ctx.deadline ?? Infinity)) return undefined;
    const env = { ...idx, [k]: kk };
    const rowOf = (dd: boolean) => {
      const vals = f.terms.map((t, i) => (dd && (i === pos || isExpensive(t)) ? tryEvalDD(t, fixedVars, env, ctx) : tryEval(t, fixedVars, env, ctx)));
      let holds: boolean | null = true;
      f.ops.forEach((op, i) => {
        const l = vals[i];
        const r = vals[i + 1];
        if (!l || !r) holds = null;
        else if (holds !== null && judge({ op }, l, r).verdict === 'fail') holds = false;
      });
      return { vals, holds: holds as boolean | null };
    };
    // Coefficients of a failed claim, and any row that looks wrong in floats, come from the
    // double-double path; rows of a passing claim that hold in floats keep the cheaper floats.
    let { vals, holds } = rowOf(failed);
    if (!failed && holds !== true) ({ vals, holds } = rowOf(true));
    // The exact kernel's counterexample is a mismatch even where floats cannot tell (a tie at a strict bound).
    if (cx && cx.idx[k] === kk && Object.entries(idx).every(([n, v]) => !(n in cx.idx) || cx.idx[n] === v)) holds = false;
    rows.push({ k: kk, terms: vals.map((v) => (v ? v.x : null)), holds });
  }
  return {
    type: 'coefficients', index: k, seriesVar: c.var, fixed: { ...idx, ...fixedVars }, coeffTerm: pos, ops: f.ops, rows,
    firstMismatch: rows.findIndex((r) => r.holds === false),
  };
}

/** The plot (or coefficient table) for one item, or undefined when none applies. Never throws. */
/** `work`: the plot's budget of evaluation steps (PLOT_WORK; smaller in tests). */
export function plotDataFor(item: ItemReport, program: Elaborated, work = PLOT_WORK): PlotData | undefined {
  if (item.kind !== 'claim') return undefined;
  const claim = program.items.find((it): it is ClaimDecl => {
    if (it.kind !== 'claim') return false;
    const p = positionOf(program.file, it.span.start);
    return p.line === item.line && p.col === item.col;
  });
  if (!claim) return undefined;
  try {
    const cx = counterexampleOf(item, program.vars);
    const table = coefficientTable(claim, item, program, cx, work);
    if (table) return table;
    const rel = termsOf(claim);
    return rel ? functionPlot(claim, item, program, rel, cx, work) : undefined;
  } catch {
    return undefined;
  }
}
