/**
 * Checking `theorem ... proof ... qed` blocks: statements for every value of
 * symbolic integers, proved by chains of kernel lemmas (src/algebra/theorems/lemmas.ts).
 *
 * This module only translates elaborated expressions into the lemma kernel's
 * language (concrete series subterms are lowered to kernel Terms; sums with
 * symbolic bounds become exponential-sum atoms; integer expressions become linear
 * forms) and reports what the kernel said. The kernel matches every step against
 * the cited lemma, checks its side conditions, and alone mints the certificate
 * that makes the theorem PROVED. A bug here can reject a good proof or misplace a
 * message; it cannot add a fact the kernel did not check.
 *
 * As a cross-check, a theorem about series coefficients is also instantiated at
 * small values of its parameters (the first ones up to lo + 3) and checked as an
 * ordinary claim: a counterexample there makes the theorem REFUTED (or an engine
 * inconsistency if the lemma chain had proved it).
 */
import { NO_VALUE_ANYWHERE } from './merge.ts';
import { Rational } from '../algebra/numbers/rational.ts';
import * as L from '../algebra/theorems/lemmas.ts';
import * as I from '../algebra/theorems/induction.ts';
import { proveCoeffClosedForm } from '../algebra/theorems/closedform.ts';
import type { Chain, ClaimDecl, Elaborated, Expr, ProofStep, Quantifier, SourceFile, Span, TheoremDecl } from './ast.ts';
import { lower, LowerError, type LowerEnv } from './lower.ts';
import { assumptionsOf, checkItemExact, errorVerdict, type ExactVerdict } from './check.ts';
import { childrenOf } from './elaborate.ts';
import type { Limits } from './limits.ts';
import { errorAt, formatDiagnostic } from './diagnostics.ts';
import { positionOf } from './source.ts';
import type { ItemReport } from './report.ts';

/** A translation failure, blamed on a span. */
class TranslateError extends Error {
  constructor(message: string, readonly span: Span) {
    super(message);
  }
}

function spanText(file: SourceFile, s: Span): string {
  return file.text.slice(s.start, s.end).replace(/\s+/g, ' ');
}

function formatAt(file: SourceFile, span: Span, message: string, notes: readonly string[] = []): string {
  return formatDiagnostic(errorAt(file, span, 'theorem', message, notes));
}

function hasIndexOrSeq(e: Expr): boolean {
  if (e.kind === 'index' || e.kind === 'apply') return true;
  switch (e.kind) {
    case 'num': case 'var': case 'const':
      return false;
    case 'neg': case 'call': case 'factorial':
      return hasIndexOrSeq(e.arg);
    case 'binop':
      return hasIndexOrSeq(e.left) || hasIndexOrSeq(e.right);
    case 'binomial': case 'stirling1':
      return hasIndexOrSeq(e.n) || hasIndexOrSeq(e.k);
    case 'sum': case 'prod':
      return hasIndexOrSeq(e.lo) || (e.hi !== 'inf' && hasIndexOrSeq(e.hi)) || hasIndexOrSeq(e.body);
    case 'coeff':
      return hasIndexOrSeq(e.body) || hasIndexOrSeq(e.power);
    case 'series':
      return hasIndexOrSeq(e.body) || hasIndexOrSeq(e.order);
    case 'deriv':
      return hasIndexOrSeq(e.body) || hasIndexOrSeq(e.order);
    case 'val': case 'argmin': case 'argmax':
      return hasIndexOrSeq(e.body);
    default:
      return true;
  }
}

/** An integer-linear expression of the symbolic integers. */
function toLin(e: Expr): L.Lin {
  switch (e.kind) {
    case 'num':
      if (e.den !== 1n) throw new TranslateError('expected an integer', e.span);
      return L.linConst(e.num);
    case 'index':
      return L.linVar(e.name);
    case 'neg':
      return L.linScale(toLin(e.arg), -1n);
    case 'binop': {
      if (e.op === '+' || e.op === '-') {
        const a = toLin(e.left);
        const b = toLin(e.right);
        return e.op === '+' ? L.linAdd(a, b) : L.linSub(a, b);
      }
      if (e.op === '*') {
        const a = toLin(e.left);
        const b = toLin(e.right);
        if (a.v.size === 0) return L.linScale(b, a.c);
        if (b.v.size === 0) return L.linScale(a, b.c);
      }
      throw new TranslateError('expected an integer expression linear in the theorem\'s parameters', e.span);
    }
    default:
      throw new TranslateError('expected an integer expression linear in the theorem\'s parameters', e.span);
  }
}

/** g when e is sum(i = lo..hi, g^i/i!) with g free of symbolic integers (an exponential sum). */
function expSumBase(e: Extract<Expr, { kind: 'sum' | 'prod' }>): Expr | undefined {
  const b = e.body;
  const isIndex = (x: Expr): boolean => x.kind === 'index' && x.name === e.index;
  if (b.kind === 'binop' && b.op === '/' && b.left.kind === 'binop' && b.left.op === '^' && isIndex(b.left.right)
    && b.right.kind === 'factorial' && isIndex(b.right.arg) && !hasIndexOrSeq(b.left.left)) {
    return b.left.left;
  }
  return undefined;
}

interface SeriesCtx {
  readonly env: LowerEnv;
}

/** A series expression in the lemma kernel's language. */
function toLc(e: Expr, ctx: SeriesCtx): L.Lc {
  if (!hasIndexOrSeq(e)) {
    try {
      return [{ coef: Rational.ONE, atom: { k: 'conc', t: lower(e, ctx.env) } }];
    } catch (err) {
      if (err instanceof LowerError) throw new TranslateError(err.message, err.span);
      throw err;
    }
  }
  switch (e.kind) {
    case 'neg':
      return toLc(e.arg, ctx).map((t) => ({ coef: t.coef.neg(), atom: t.atom }));
    case 'binop': {
      if (e.op === '+' || e.op === '-') {
        const a = toLc(e.left, ctx);
        const b = toLc(e.right, ctx);
        return [...a, ...(e.op === '+' ? b : b.map((t) => ({ coef: t.coef.neg(), atom: t.atom })))];
      }
      if (e.op === '*' && e.left.kind === 'num') {
        const c = Rational.frac(e.left.num, e.left.den);
        return toLc(e.right, ctx).map((t) => ({ coef: t.coef.mul(c), atom: t.atom }));
      }
      break;
    }
    case 'sum': {
      const base = expSumBase(e);
      if (base) {
        const g = toLc(base, ctx)[0]!.atom;
        if (g.k !== 'conc') break;
        return [{ coef: Rational.ONE, atom: { k: 'expsum', g: g.t, lo: toLin(e.lo), hi: e.hi === 'inf' ? 'inf' : toLin(e.hi) } }];
      }
      const b = e.body;
      if (e.kind === 'sum' && b.kind === 'binop' && b.op === '^' && b.right.kind === 'index' && b.right.name === e.index && !hasIndexOrSeq(b.left)) {
        const g = toLc(b.left, ctx)[0]!.atom;
        if (g.k === 'conc') return [{ coef: Rational.ONE, atom: { k: 'geosum', g: g.t, lo: toLin(e.lo), hi: e.hi === 'inf' ? 'inf' : toLin(e.hi) } }];
      }
      throw new TranslateError(`the lemma kernel handles sums with symbolic bounds only of the forms sum(${e.index} = a..b, g^${e.index}/${e.index}!) and sum(${e.index} = a..b, g^${e.index}) with g free of symbolic integers`, e.span);
    }
    default:
      break;
  }
  throw new TranslateError('this expression depends on a symbolic integer in a way the lemma kernel cannot represent (it handles concrete series, sum(i = a..b, g^i/i!) with linear a, b, and their sums and rational multiples)', e.span);
}

/** An expression over symbolic integers and sequences. */
function toI(e: Expr): L.IExpr {
  switch (e.kind) {
    case 'num':
      return { k: 'num', v: Rational.frac(e.num, e.den) };
    case 'index':
      return { k: 'sym', name: e.name };
    case 'neg':
      return { k: 'neg', a: toI(e.arg) };
    case 'binop':
      if (e.op === '^') {
        // c^(a*n + b): a rational base, an integer-linear exponent.
        const base = constRational(e.left);
        if (!base) throw new TranslateError('a power of a symbolic integer must have a rational number as its base, as in 2^(n - 1)', e.left.span);
        return { k: 'pow', base, exp: toLin(e.right) };
      }
      return { k: e.op, a: toI(e.left), b: toI(e.right) };
    case 'apply':
      return { k: 'seq', name: e.name, arg: toLin(e.args[0]!) };
    case 'factorial':
      return { k: 'fact', arg: toLin(e.arg) };
    case 'binomial': {
      // binomial(a, b) = a!/(b! (a - b)!) where 0 <= b <= a; term_ratio and holonomic
      // check that every factorial argument stays >= 0, so that is where it is used.
      const a = toLin(e.n);
      const b = toLin(e.k);
      return { k: '/', a: { k: 'fact', arg: a }, b: { k: '*', a: { k: 'fact', arg: b }, b: { k: 'fact', arg: L.linSub(a, b) } } };
    }
    case 'sum':
      if (e.hi === 'inf') break;
      return { k: 'sum', index: e.index, lo: toLin(e.lo), hi: toLin(e.hi), body: toI(e.body) };
    default:
      break;
  }
  throw new TranslateError('sequence theorems handle numbers, parameters, + - * /, powers c^(a*n + b), factorials, sequence values and finite sums', e.span);
}

function paramHyps(th: TheoremDecl): L.Lin[] {
  const out: L.Lin[] = [];
  for (const p of th.params) {
    out.push(L.linSub(L.linVar(p.index), toLin(p.lo)));
    if (p.hi) out.push(L.linSub(toLin(p.hi), L.linVar(p.index)));
  }
  return out;
}

/** `for all j >= 0, k in 0..j` as the source wrote it. */
function rangeText(th: TheoremDecl, file: SourceFile): string {
  return `all ${th.params.map((p) => p.hi ? `${p.index} in ${spanText(file, p.lo.span)}..${spanText(file, p.hi.span)}` : `${p.index} >= ${spanText(file, p.lo.span)}`).join(', ')}`;
}

function stepLabel(i: number, st: ProofStep): string {
  return st.done ? `step ${i + 1} (done)` : `step ${i + 1}`;
}

interface TheoremVerdict extends ExactVerdict {
  readonly proved: boolean;
}

/** A rational number written as a literal, possibly negated or a quotient of literals (e.g. -1/2). */
function constRational(e: Expr): Rational | undefined {
  switch (e.kind) {
    case 'num':
      return Rational.frac(e.num, e.den);
    case 'neg': {
      const a = constRational(e.arg);
      return a && a.neg();
    }
    case 'binop': {
      if (e.op !== '+' && e.op !== '-' && e.op !== '*' && e.op !== '/') return undefined;
      const a = constRational(e.left);
      const b = constRational(e.right);
      if (!a || !b) return undefined;
      if (e.op === '/') return b.isZero() ? undefined : a.div(b);
      return e.op === '+' ? a.add(b) : e.op === '-' ? a.sub(b) : a.mul(b);
    }
    default:
      return undefined;
  }
}

const COEFF_RELS: readonly string[] = ['=', '<=', '>=', '<', '>'];
const FLIP: Readonly<Record<string, L.CoeffRel>> = { '=': '=', '<=': '>=', '>=': '<=', '<': '>', '>': '<' };

/** The declared real variables an expression mentions. */
function realVarsOf(e: Expr, into: Set<string> = new Set()): Set<string> {
  if (e.kind === 'var') into.add(e.name);
  for (const c of childrenOf(e)) realVarsOf(c, into);
  return into;
}

/** Whether a theorem states a relation between functions of one real variable (no coeff). */
function isFunctionTheorem(th: TheoremDecl): boolean {
  const f = th.formula;
  if (f.terms.some((t) => t.kind === 'coeff')) return false;
  const vars = new Set<string>();
  for (const t of f.terms) realVarsOf(t, vars);
  return vars.size > 0;
}

/**
 * The goals of a series theorem: a chain whose one coeff(e, p^k) term is compared with
 * numbers (coeff(...) REL c, c REL coeff(...), c1 < coeff(...) < c2), or an inequality
 * between two functions of the variable p (A <= B, A < B, ...).
 */
function seriesGoals(th: TheoremDecl, ctx: SeriesCtx): { x: string; goals: L.Stmt[] } {
  const f = th.formula;
  const unsupported = 'the lemma kernel proves statements of the form coeff(e, p^k) = c, <= c, >= c, < c or > c (also c1 < coeff(e, p^k) < c2), an inequality A(p) <= B(p) between functions of p (or T(n) = e for a sequence given by `where`)';
  if (!f.ops.every((o) => COEFF_RELS.includes(o))) throw new TranslateError(unsupported, f.span);
  const ci = f.terms.findIndex((t) => t.kind === 'coeff');
  if (ci < 0) {
    const vars = new Set<string>();
    for (const t of f.terms) realVarsOf(t, vars);
    if (f.terms.length !== 2 || f.ops[0] === '=' || vars.size !== 1) {
      throw new TranslateError(`${unsupported}; an inequality between functions must have two sides in one variable, related by <=, <, >= or >`, f.span);
    }
    const x = [...vars][0]!;
    return { x, goals: [{ k: 'fnrel', l: toLc(f.terms[0]!, ctx), r: toLc(f.terms[1]!, ctx), rel: f.ops[0] as Exclude<L.CoeffRel, '='> }] };
  }
  const c = f.terms[ci]! as Extract<Expr, { kind: 'coeff' }>;
  if (f.terms.some((t, i) => i !== ci && t.kind === 'coeff')) throw new TranslateError(unsupported, f.span);
  const e = toLc(c.body, ctx);
  const power = toLin(c.power);
  const goals: L.Stmt[] = [];
  if (ci > 0) {
    const left = f.terms[ci - 1]!;
    const value = constRational(left);
    if (!value) throw new TranslateError('the other side of the statement must be a number', left.span);
    goals.push({ k: 'coeff', e, power, value, rel: FLIP[f.ops[ci - 1]!]! });
  }
  if (ci + 1 < f.terms.length) {
    const right = f.terms[ci + 1]!;
    const value = constRational(right);
    if (!value) throw new TranslateError(ci === 0 ? 'the right side of the statement must be a number' : 'the other side of the statement must be a number', right.span);
    goals.push({ k: 'coeff', e, power, value, rel: f.ops[ci] as L.CoeffRel });
  }
  if (f.terms.length > 3 || (ci > 1) || (ci === 0 && f.terms.length !== 2)) throw new TranslateError(unsupported, f.span);
  return { x: c.var, goals };
}

/** Checks a series theorem (statement [x^K] e REL c, REL one of = <= >= < >, or A(x) REL B(x)) with the lemma kernel. */
function checkSeriesTheorem(th: TheoremDecl, program: Elaborated, limits: Limits): TheoremVerdict {
  const file = program.file;
  const base: LowerEnv = { indices: new Map(), vars: program.vars, assumptions: assumptionsOf(program.vars, limits), limits };
  const f = th.formula;
  const ctx: SeriesCtx = { env: base };
  let x: string;
  let session: L.LemmaSession;
  try {
    const sg = seriesGoals(th, ctx);
    x = sg.x;
    session = new L.LemmaSession(x, th.params.map((p) => p.index), paramHyps(th), sg.goals, base.assumptions.get(x));
  } catch (err) {
    if (err instanceof TranslateError) return { proved: false, grade: 'ERROR', summary: `statement: ${err.message}`, details: [formatAt(file, err.span, err.message)] };
    throw err;
  }
  const used: string[] = [];
  let prevRight: Expr | undefined;
  let sawDone = false;
  for (let i = 0; i < th.steps.length; i++) {
    const st = th.steps[i]!;
    const label = stepLabel(i, st);
    const rules = st.rules.map((r) => r.name);
    try {
      let res: L.LemmaResult;
      if (st.done) {
        sawDone = true;
        res = session.done(rules);
      } else {
        const left = st.left ?? prevRight!;
        prevRight = st.right;
        res = session.step(stepStmt(left, st.op!, st.right!, ctx, x), rules);
      }
      if (!res.ok) {
        return {
          proved: false,
          grade: 'UNDECIDED',
          summary: `${label} does not follow: ${res.reason}`,
          details: [formatAt(file, st.span, `${label} does not follow by ${rules.join(', ')}`, [res.reason])],
        };
      }
      used.push(res.lemma);
    } catch (err) {
      if (err instanceof TranslateError) {
        return { proved: false, grade: 'ERROR', summary: `${label}: ${err.message}`, details: [formatAt(file, err.span, err.message)] };
      }
      throw err;
    }
  }
  if (!sawDone) {
    return { proved: false, grade: 'UNDECIDED', summary: "the proof never derives the statement: end it with 'done by ...'", details: [] };
  }
  const cert = session.certificate();
  if (!cert) return { proved: false, grade: 'UNDECIDED', summary: 'the lemma kernel issued no certificate', details: [] };
  return { proved: true, grade: 'PROVED', range: rangeText(th, file), summary: `lemma chain: ${[...new Set(used.join(', ').split(', '))].join(', ')}`, details: [`certificate: ${cert.statement}`] };
}

function stepStmt(left: Expr, op: string, right: Expr, ctx: SeriesCtx, x: string): L.Stmt {
  const valSide = left.kind === 'val' ? left : right.kind === 'val' ? right : undefined;
  if (valSide && valSide.kind === 'val') {
    const other = valSide === left ? right : left;
    const ge = (valSide === left && op === '>=') || (valSide === right && op === '<=');
    if (!ge) throw new TranslateError('a valuation step must read val(e, p) >= bound', valSide.span);
    if (valSide.var !== x) throw new TranslateError(`the valuation must be in ${x}, the variable of the statement`, valSide.span);
    return { k: 'valge', e: toLc(valSide.body, ctx), bound: toLin(other) };
  }
  if (op !== '=') throw new TranslateError('a series step must be an equation (or val(e, p) >= bound)', left.span);
  return { k: 'eq', l: toLc(left, ctx), r: toLc(right, ctx) };
}

/** Whether the statement is coeff(S, p^k) = b(k) with b not a number (a closed form in k). */
function isClosedFormTheorem(th: TheoremDecl): boolean {
  const f = th.formula;
  return f.terms.length === 2 && f.ops[0] === '=' && f.terms[0]!.kind === 'coeff' && constRational(f.terms[1]!) === undefined && hasIndexOrSeq(f.terms[1]!);
}

/** Checks `for all k >= k0: coeff(S, x^k) = b(k)` by `done by holonomic` (closedform.ts). */
function checkClosedFormTheorem(th: TheoremDecl, program: Elaborated, limits: Limits): TheoremVerdict {
  const file = program.file;
  const f = th.formula;
  const c = f.terms[0]! as Extract<Expr, { kind: 'coeff' }>;
  try {
    const st = th.steps[0]!;
    if (th.steps.length !== 1 || !st.done || st.rules.length !== 1 || st.rules[0]!.name !== 'holonomic') {
      throw new TranslateError("a coefficient equal to a closed form in k is proved by the single step 'done by holonomic'", (st ?? th).span);
    }
    if (c.power.kind !== 'index') throw new TranslateError('the power must be one parameter of the theorem, as in coeff(e, x^k)', c.power.span);
    const param = c.power.name;
    const names = th.params.map((p) => p.index);
    const env: LowerEnv = {
      indices: new Map(), vars: program.vars, assumptions: assumptionsOf(program.vars, limits), limits,
      symbolic: new Map(names.filter((n) => n !== param).map((n) => [n, n])),
    };
    let series;
    try {
      series = lower(c.body, env);
    } catch (err) {
      if (err instanceof LowerError) throw new TranslateError(err.message, err.span);
      throw err;
    }
    const res = proveCoeffClosedForm(c.var, series, param, names, paramHyps(th), toI(f.terms[1]!));
    if (!res.ok) return { proved: false, grade: 'UNDECIDED', summary: `step 1 (done) does not follow: ${res.reason}`, details: [formatAt(file, st.span, 'step 1 (done) does not follow by holonomic', [res.reason])] };
    return { proved: true, grade: 'PROVED', range: rangeText(th, file), summary: 'lemma chain: holonomic', details: [`certificate: ${res.certificate.statement}`] };
  } catch (err) {
    if (err instanceof TranslateError) return { proved: false, grade: 'ERROR', summary: err.message, details: [formatAt(file, err.span, err.message)] };
    throw err;
  }
}

/** Checks `for all n >= n0: A(n) = B(n)` for hypergeometric terms, by `done by term_ratio`. */
function checkRatioTheorem(th: TheoremDecl, program: Elaborated): TheoremVerdict {
  const file = program.file;
  const f = th.formula;
  try {
    if (f.terms.length !== 2 || f.ops[0] !== '=') throw new TranslateError('the statement must be an equation', f.span);
    const st = th.steps[0]!;
    if (th.steps.length !== 1 || !st.done || st.rules.length !== 1 || st.rules[0]!.name !== 'term_ratio') {
      throw new TranslateError("an identity of terms in a symbolic integer is proved by the single step 'done by term_ratio'", st.span);
    }
    const res = L.proveByTermRatio(th.params[0]!.index, th.params.map((p) => p.index), paramHyps(th), toI(f.terms[0]!), toI(f.terms[1]!));
    if (!res.ok) {
      return { proved: false, grade: 'UNDECIDED', summary: `step 1 (done) does not follow: ${res.reason}`, details: [formatAt(file, st.span, 'step 1 (done) does not follow by term_ratio', [res.reason])] };
    }
    return { proved: true, grade: 'PROVED', range: rangeText(th, file), summary: 'lemma chain: term_ratio', details: [`certificate: ${res.certificate.statement}`] };
  } catch (err) {
    if (err instanceof TranslateError) return { proved: false, grade: 'ERROR', summary: err.message, details: [formatAt(file, err.span, err.message)] };
    throw err;
  }
}

/** Checks a theorem about a sequence given by `where T(n) = ...` (strong induction). */
function checkSequenceTheorem(th: TheoremDecl, program: Elaborated): TheoremVerdict {
  const file = program.file;
  const f = th.formula;
  try {
    if (th.sequences.length !== 1) throw new TranslateError('a theorem may define one sequence', th.span);
    const sq = th.sequences[0]!;
    const n = th.params[0]!.index;
    if (f.terms.length !== 2 || f.ops[0] !== '=') throw new TranslateError('the statement must be an equation T(n) = e', f.span);
    const l = f.terms[0]!;
    if (l.kind !== 'apply' || l.name !== sq.name || l.args[0]!.kind !== 'index' || (l.args[0] as { name: string }).name !== n) {
      throw new TranslateError(`the statement must be ${sq.name}(${n}) = e`, l.span);
    }
    // The recurrence is stated with its own parameter; rename it to n.
    const rec = substParam(sq.body, sq.param, n);
    const session = new L.SequenceSession(n, th.params.map((p) => p.index), paramHyps(th), sq.name, toI(rec), toI(f.terms[1]!));
    if (!session.wellFounded()) throw new TranslateError(`strong induction needs a lower bound on '${n}' (as in 'for all ${n} >= 1')`, th.params[0]!.span);
    let prev: Expr | undefined;
    const used: string[] = [];
    for (let i = 0; i < th.steps.length; i++) {
      const st = th.steps[i]!;
      const label = stepLabel(i, st);
      if (st.done) {
        if (!session.reachedGoal()) return { proved: false, grade: 'UNDECIDED', summary: `${label}: the chain does not reach the statement`, details: [formatAt(file, st.span, 'the chain does not reach the statement')] };
        continue;
      }
      const left = st.left ?? prev!;
      prev = st.right;
      if (st.op !== '=') throw new TranslateError('sequence proofs are chains of equations', st.span);
      const res = session.step(toI(left), toI(st.right!), st.rules.map((r) => r.name));
      if (!res.ok) {
        return {
          proved: false,
          grade: 'UNDECIDED',
          summary: `${label} does not follow: ${res.reason}`,
          details: [formatAt(file, st.span, `${label} does not follow by ${st.rules.map((r) => r.name).join(', ')}`, [res.reason])],
        };
      }
      used.push(res.lemma);
    }
    const cert = session.certificate();
    if (!cert) return { proved: false, grade: 'UNDECIDED', summary: `the chain does not reach the statement's right side`, details: [] };
    return { proved: true, grade: 'PROVED', range: rangeText(th, file), summary: `lemma chain: ${[...new Set(used)].join(', ')}`, details: [`certificate: ${cert.statement}`] };
  } catch (err) {
    if (err instanceof TranslateError) return { proved: false, grade: 'ERROR', summary: err.message, details: [formatAt(file, err.span, err.message)] };
    throw err;
  }
}

/** Renames the index `from` to `to` in e (the recurrence's parameter to the theorem's). */
function substParam(e: Expr, from: string, to: string): Expr {
  if (from === to) return e;
  const go = (x: Expr): Expr => {
    switch (x.kind) {
      case 'index':
        return x.name === from ? { ...x, name: to } : x;
      case 'neg': case 'call': case 'factorial':
        return { ...x, arg: go(x.arg) } as Expr;
      case 'binop':
        return { ...x, left: go(x.left), right: go(x.right) };
      case 'apply':
        return { ...x, args: x.args.map(go) };
      case 'sum': case 'prod':
        return { ...x, lo: go(x.lo), hi: x.hi === 'inf' ? 'inf' : go(x.hi), body: x.index === from ? x.body : go(x.body) };
      default:
        return x;
    }
  };
  return go(e);
}

/** The theorem's statement instantiated at small parameter values, as an ordinary claim. */
function spotCheck(th: TheoremDecl, program: Elaborated, limits: Limits): ExactVerdict | undefined {
  if (th.sequences.length > 0) return undefined;
  const quantifiers: Quantifier[] = th.params.map((p) => ({
    index: p.index,
    lo: p.lo,
    hi: p.hi ?? ({ kind: 'binop', op: '+', left: p.lo, right: { kind: 'num', num: 3n, den: 1n, span: p.span }, span: p.span } as Expr),
    span: p.span,
  }));
  const claim: ClaimDecl = { kind: 'claim', quantifiers, formula: th.formula as Chain, span: th.span };
  return checkItemExact(claim, program, { ...limits, timeoutMs: Math.min(limits.timeoutMs, 20_000) });
}

/** A function of the derivative variable in the induction kernel's language. */
/** Whether e contains a derivative (kept structural in induction proofs, so that a base
 * written d^1/dx^1 f matches the statement's left side at the lower bound). */
function hasDeriv(e: Expr): boolean {
  return e.kind === 'deriv' || childrenOf(e).some(hasDeriv);
}

function toD(e: Expr, env: LowerEnv): I.DExpr {
  if (!hasIndexOrSeq(e) && !hasDeriv(e)) {
    if (e.kind === 'num') return { k: 'coef', c: { k: 'num', v: Rational.frac(e.num, e.den) } };
    try {
      return { k: 'conc', t: lower(e, env) };
    } catch (err) {
      if (err instanceof LowerError) throw new TranslateError(err.message, err.span);
      throw err;
    }
  }
  switch (e.kind) {
    case 'index':
      return { k: 'coef', c: { k: 'lin', l: L.linVar(e.name) } };
    case 'stirling1':
      return { k: 'coef', c: { k: 'stirling1', n: toLin(e.n), m: toLin(e.k) } };
    case 'neg':
      return { k: 'neg', a: toD(e.arg, env) };
    case 'binop': {
      if (e.op === '^') {
        const n = e.right.kind === 'num' && e.right.den === 1n ? e.right.num : undefined;
        if (hasIndexOrSeq(e.left) && n !== undefined && n >= 1n && n <= 16n) {
          // a positive integer power of a symbolic expression: the product of n copies
          const a = toD(e.left, env);
          let out = a;
          for (let i = 1n; i < n; i++) out = { k: '*', a: out, b: a };
          return out;
        }
        if (hasIndexOrSeq(e.left)) throw new TranslateError('a power with a symbolic exponent needs a base free of symbolic integers (a power of an expression with one is accepted for a constant exponent 1..16)', e.left.span);
        const base = toD(e.left, env);
        if (base.k !== 'conc') throw new TranslateError('the base of a power with a symbolic exponent must be a function of the variable (a number base such as 2^k is not supported here)', e.left.span);
        return { k: 'pow', base: base.t, e: toLin(e.right) };
      }
      return { k: e.op, a: toD(e.left, env), b: toD(e.right, env) };
    }
    case 'sum': {
      if (e.hi === 'inf') throw new TranslateError('induction proofs handle finite sums only', e.span);
      const base = expSumBase(e);
      if (base) {
        const g = toD(base, env);
        if (g.k === 'conc') return { k: 'expsum', g: g.t, lo: toLin(e.lo), hi: toLin(e.hi) };
      }
      return { k: 'sum', index: e.index, lo: toLin(e.lo), hi: toLin(e.hi), body: toD(e.body, env) };
    }
    case 'deriv':
      return { k: 'deriv', order: toLin(e.order), body: toD(e.body, env) };
    default:
      throw new TranslateError('induction proofs handle numbers, symbolic integers, stirling1, + - * /, powers with symbolic exponents, finite sums, sum(i = a..b, g^i/i!) and d^n/dx^n', e.span);
  }
}

/** The derivative variable of a theorem proved by induction (the one its derivatives use). */
function derivativeVar(th: TheoremDecl, program: Elaborated): string | undefined {
  const found = new Set<string>();
  const visit = (e: Expr): void => {
    if (e.kind === 'deriv') found.add(e.var);
    for (const c of childrenOf(e)) visit(c);
  };
  for (const t of th.formula.terms) visit(t);
  for (const st of th.steps) {
    if (st.left) visit(st.left);
    if (st.right) visit(st.right);
  }
  if (found.size === 1) return [...found][0];
  if (found.size === 0) {
    // No derivative: the one real variable the theorem mentions (or the only one declared).
    const used = new Set<string>();
    for (const t of th.formula.terms) realVarsOf(t, used);
    for (const st of th.steps) {
      if (st.left) realVarsOf(st.left, used);
      if (st.right) realVarsOf(st.right, used);
    }
    if (used.size === 1) return [...used][0];
    const reals = [...program.vars.keys()];
    return used.size === 0 && reals.length === 1 ? reals[0] : undefined;
  }
  return undefined;
}

/** Checks `theorem ... proof by induction on k`: a base chain and a step chain. */
function checkInductionTheorem(th: TheoremDecl, program: Elaborated, limits: Limits): TheoremVerdict {
  const file = program.file;
  const on = th.induction!;
  const env: LowerEnv = { indices: new Map(), vars: program.vars, assumptions: assumptionsOf(program.vars, limits), limits };
  try {
    const f = th.formula;
    if (f.terms.length !== 2 || f.ops[0] !== '=') throw new TranslateError('a theorem proved by induction must state an equation', f.span);
    const x = derivativeVar(th, program);
    if (!x) throw new TranslateError('cannot tell which variable the derivatives are taken in (use one variable throughout)', f.span);
    const params: I.InductionParam[] = th.params.map((p) => ({ name: p.index, lo: toLin(p.lo), ...(p.hi ? { hi: toLin(p.hi) } : {}) }));
    if (!I.InductionSession.wellFounded(params, on.index)) {
      throw new TranslateError(`induction on '${on.index}' needs a constant lower bound (as in 'for all ${on.index} >= 0')`, on.span);
    }
    const session = new I.InductionSession(x, params, on.index, toD(f.terms[0]!, env), toD(f.terms[1]!, env), env.assumptions);
    const used = new Set<string>();
    let open = false;
    let prev: I.DExpr | undefined;
    const fail = (i: number, st: ProofStep, what: string, reason: string): TheoremVerdict => ({
      proved: false,
      grade: 'UNDECIDED',
      summary: `${stepLabel(i, st)} ${what}: ${reason}`,
      details: [formatAt(file, st.span, `${stepLabel(i, st)} ${what}`, [reason])],
    });
    for (let i = 0; i < th.steps.length; i++) {
      const st = th.steps[i]!;
      if (st.done) throw new TranslateError("a proof by induction is a base chain and a step chain; it has no 'done' step", st.span);
      if (st.op !== '=') throw new TranslateError('the links of an induction proof are equations', st.span);
      if (st.left) {
        if (open) {
          const end = session.endChain(prev!);
          if (!end.ok) return fail(i - 1, th.steps[i - 1]!, 'does not end its chain', end.reason);
        }
        const left = toD(st.left, env);
        const start = session.startChain(left);
        if (!start.ok) return fail(i, st, 'does not start a chain', start.reason);
        open = true;
        prev = left;
      }
      const right = toD(st.right!, env);
      const rules = st.rules.map((r) => r.name);
      const res = session.link(prev!, right, rules);
      if (!res.ok) return fail(i, st, `does not follow by ${rules.join(', ')}`, res.reason);
      for (const r of rules) used.add(r);
      prev = right;
    }
    if (open) {
      const last = th.steps.length - 1;
      const end = session.endChain(prev!);
      if (!end.ok) return fail(last, th.steps[last]!, 'does not end its chain', end.reason);
    }
    const missing = session.missing();
    if (missing) return { proved: false, grade: 'UNDECIDED', summary: missing, details: [formatAt(file, th.span, missing)] };
    const cert = session.certificate();
    if (!cert) return { proved: false, grade: 'UNDECIDED', summary: 'the induction kernel issued no certificate', details: [] };
    return { proved: true, grade: 'PROVED', range: rangeText(th, file), summary: `induction on ${on.index}: ${[...used].join(', ')}`, details: [`certificate: ${cert.statement}`] };
  } catch (err) {
    if (err instanceof TranslateError) return { proved: false, grade: 'ERROR', summary: err.message, details: [formatAt(file, err.span, err.message)] };
    throw err;
  }
}

/** Checks one theorem: the lemma chain, then the spot check. Never throws for script problems. */
export function checkTheorem(th: TheoremDecl, program: Elaborated, limits: Limits): ItemReport {
  const t0 = performance.now();
  let v: ExactVerdict;
  try {
    v = th.induction ? checkInductionTheorem(th, program, limits)
      : th.sequences.length > 0 ? checkSequenceTheorem(th, program)
      : isClosedFormTheorem(th) ? checkClosedFormTheorem(th, program, limits)
      : th.formula.terms.some((t) => t.kind === 'coeff') || isFunctionTheorem(th) ? checkSeriesTheorem(th, program, limits)
      : checkRatioTheorem(th, program);
    const spot = spotCheck(th, program, limits);
    if (spot && v.grade === 'PROVED' && spot.noValueAnywhere) {
      // DEFINED (check.ts): the lemma chain works on simplified terms; a statement whose
      // small instances have a side with no value at all (sum(i = 1..n, log(-2)^0)) is not proved
      const at = spot.summary.indexOf(NO_VALUE_ANYWHERE);
      v = { grade: 'UNDECIDED', summary: `the lemma chain applies to the simplified statement, but its small instances have ${at >= 0 ? spot.summary.slice(at) : `a side with no value (${spot.summary})`}`, details: spot.details };
    }
    if (spot && spot.grade === 'REFUTED') {
      v = v.grade === 'PROVED'
        ? { grade: 'INCONSISTENT', summary: `the lemma chain proved the theorem but it fails at a small instance: ${spot.summary}`, details: spot.details }
        : { grade: 'REFUTED', summary: `the statement is false (${spot.summary}); and ${v.summary}`, details: [...v.details, ...spot.details] };
    }
  } catch (err) {
    // A limit hit while lowering (e.g. a declared bound `1/10^10000` past --max-exponent)
    // is a located ERROR with its code, as for claims; only a real bug says "internal error".
    v = errorVerdict(err, th, program, limits);
  }
  const { line, col } = positionOf(program.file, th.span.start);
  return { kind: 'theorem', name: th.name, line, col, grade: v.grade, range: v.range, summary: v.summary, details: v.details, timeMs: performance.now() - t0, numeric: { status: 'skipped', detail: 'theorems are checked by the lemma kernel; small instances are re-checked exactly' } };
}
