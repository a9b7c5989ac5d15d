/**
 * The checker: turns an elaborated program into verdicts.
 *
 * Each claim or calc is expanded over its integer quantifiers (and over the values
 * of integer and finite-set variables it uses); every instance becomes obligations
 * (one per link of a relation chain, one per calc step) that the exact kernel
 * decides through src/algebra/kernel.ts. A grade of PROVED or PROVED_RANGE needs a
 * kernel Certificate for every obligation of every instance; REFUTED needs a
 * kernel counterexample. The numeric witness (src/verify) then re-checks the item
 * independently and the two verdicts are merged (see merge.ts).
 */
import { Rational } from '../algebra/numbers/rational.ts';
import type { Assumptions, Term, VarAssumption } from '../algebra/containers/term.ts';
import * as T from '../algebra/containers/term.ts';
import * as K from '../algebra/kernel.ts';
import type { CalcDecl, ClaimDecl, Elaborated, Expr, RelOp, SourceFile, Span, VarDecl } from './ast.ts';
import { evalExact, evalInt, kernelCall, lower, LowerError, LowerMemo, type LowerEnv } from './lower.ts';
import { checkDeadline, Timeout, type Limits } from './limits.ts';
import { positionOf } from './source.ts';
import { errorAt, formatDiagnostic, warningAt } from './diagnostics.ts';
import { weakest, type Counterexample, type Grade, type ItemReport, type Location, type ReportWarning, type StepReport } from './report.ts';
import { KNOWN_RULES, ruleMismatch, suggestRule } from './rules.ts';
import { childrenOf } from './elaborate.ts';
import { NO_VALUE_ANYWHERE } from './merge.ts';

/** The exact verdict of one item, before the numeric witness. */
export interface ExactVerdict {
  readonly grade: Grade;
  readonly range?: string;
  readonly summary: string;
  readonly details: readonly string[];
  /** Per-step verdicts (calc chains and relation chains with several links). */
  readonly steps?: readonly ExactStep[];
  readonly counterexample?: Counterexample;
  /** The kernel's method(s), when proved. */
  readonly method?: string;
  /** Located warnings: calc steps whose `by` rule cannot apply or did not decide them. */
  readonly warnings?: readonly ReportWarning[];
  /**
   * DEFINED: some step has a side with no value anywhere (log(-2)^0; the summary says
   * NO_VALUE_ANYWHERE). Such a claim is never TESTED (merge.ts) and a theorem whose
   * small instances have one is not PROVED (theorem.ts).
   */
  readonly noValueAnywhere?: true;
}

/** DEFINED's unknown decision for a side with no value anywhere. */
interface NoValue {
  readonly status: 'unknown';
  readonly reason: string;
  readonly details: readonly string[];
  readonly noValueAnywhere: true;
}

/** A kernel decision after DEFINED. */
type DefinedDecision = K.Decision | NoValue;

function noValue(why: string): NoValue {
  return { status: 'unknown', reason: `${NO_VALUE_ANYWHERE}: ${why}`, details: [], noValueAnywhere: true };
}

/** A step's exact verdict: a StepReport before the numeric witness. */
export type ExactStep = StepReport;

function sourceText(file: SourceFile, span: Span): string {
  return file.text.slice(span.start, span.end).replace(/\s+/g, ' ').trim();
}

/**
 * The verdict of a chain from its steps' verdicts: the weakest step's grade; the
 * summary of the first step with that grade; the details of every step that did
 * not pass, in order. All steps proved: the union of their methods.
 */
function chainVerdict(steps: readonly ExactStep[], keepSteps: boolean): ExactVerdict {
  let grade: Grade = 'PROVED';
  for (const st of steps) grade = weakest(grade, st.grade);
  const first = steps.find((st) => st.grade === grade)!;
  const passing = (g: Grade): boolean => g === 'PROVED' || g === 'PROVED_RANGE';
  const bad = steps.filter((st) => !passing(st.grade));
  const methods = [...new Set(steps.flatMap((st) => (passing(st.grade) ? st.summary.split(', ') : [])).filter(Boolean))].join(', ');
  const summary = bad.length > 1 ? `${first.summary} (${bad.length} of ${steps.length} steps do not pass)` : passing(grade) ? methods : first.summary;
  const details = bad.flatMap((st) => st.details);
  const counterexample = steps.find((st) => st.counterexample)?.counterexample;
  return {
    grade,
    ...(grade === 'PROVED_RANGE' ? { range: first.range } : {}),
    ...(passing(grade) ? { method: methods } : {}),
    summary,
    details,
    ...(keepSteps ? { steps } : {}),
    ...(counterexample && grade === 'REFUTED' ? { counterexample } : {}),
  };
}

/** Assumptions from the declared real domains with rational ends. */
export function assumptionsOf(vars: ReadonlyMap<string, VarDecl>, limits: Limits): Assumptions {
  const asm = new Map<string, VarAssumption>();
  const env: LowerEnv = { indices: new Map(), vars, assumptions: new Map(), limits };
  for (const [name, decl] of vars) {
    const d = decl.domain;
    if (d.kind !== 'real') continue;
    const lo = d.lo ? evalExact(d.lo.value, env) : undefined;
    const hi = d.hi ? evalExact(d.hi.value, env) : undefined;
    const a: { lo?: { value: Rational; open: boolean }; hi?: { value: Rational; open: boolean } } = {};
    if (d.lo && lo !== undefined) a.lo = { value: lo, open: d.lo.open };
    if (d.hi && hi !== undefined) a.hi = { value: hi, open: d.hi.open };
    asm.set(name, a);
  }
  return asm;
}

/** Names of declared vars used anywhere in an expression (including binder variables of d/dx, coeff, ...). */
function usedVars(e: Expr, into: Set<string>): void {
  if (e.kind === 'var') into.add(e.name);
  if ('var' in e && typeof e.var === 'string') into.add(e.var);
  for (const c of childrenOf(e)) usedVars(c, into);
}

/**
 * True when the numeric witness has nothing to sample in the item: no quantifier and
 * no declared variable anywhere (not even as the variable of d/dx or coeff), so every
 * run evaluates the same point.
 */
export function hasNoSampledPoint(item: ClaimDecl | CalcDecl): boolean {
  if (item.quantifiers.length > 0) return false;
  const vars = new Set<string>();
  for (const e of itemExprs(item)) usedVars(e, vars);
  return vars.size === 0;
}

function itemExprs(item: ClaimDecl | CalcDecl): Expr[] {
  if (item.kind === 'calc') return [item.first, ...item.steps.map((s) => s.expr)];
  if (item.formula.kind === 'chain') return [...item.formula.terms];
  return [item.formula.left, item.formula.right, item.formula.tolerance];
}

/** One discrete dimension of an item's instance space: a quantifier or an enumerated var. */
interface Dimension {
  readonly name: string;
  readonly values: (env: LowerEnv) => (bigint | Rational)[];
  readonly describe: string;
}

function dimensionsOf(item: ClaimDecl | CalcDecl, program: Elaborated, limits: Limits): Dimension[] {
  const dims: Dimension[] = [];
  const used = new Set<string>();
  for (const e of itemExprs(item)) usedVars(e, used);
  for (const q of item.quantifiers) {
    usedVars(q.lo, used);
    usedVars(q.hi, used);
  }
  const src = program.file.text;
  const text = (sp: Span): string => src.slice(sp.start, sp.end);
  for (const name of [...used].sort()) {
    const decl = program.vars.get(name);
    if (!decl) continue;
    const d = decl.domain;
    if (d.kind === 'int') {
      dims.push({
        name,
        values: (env) => intRange(evalInt(d.lo, env), evalInt(d.hi, env), limits, decl.span),
        describe: `${name} in ${text(d.lo.span)}..${text(d.hi.span)}`,
      });
    } else if (d.kind === 'set') {
      dims.push({
        name,
        values: (env) =>
          d.values.map((v) => {
            const r = evalExact(v, env);
            if (r === undefined) throw new LowerError('lower/set-value', 'set elements must be exact rationals', v.span);
            return r;
          }),
        describe: `${name} in {${d.values.map((v) => text(v.span)).join(', ')}}`,
      });
    }
  }
  for (const q of item.quantifiers) {
    dims.push({
      name: q.index,
      values: (env) => intRange(evalInt(q.lo, env), evalInt(q.hi, env), limits, q.span),
      describe: `${q.index} in ${text(q.lo.span)}..${text(q.hi.span)}`,
    });
  }
  return dims;
}

function intRange(lo: bigint, hi: bigint, limits: Limits, span: Span): bigint[] {
  if (hi - lo + 1n > BigInt(limits.maxInstances)) {
    throw new LowerError('limit/instances', `a range of ${hi - lo + 1n} values exceeds the limit of ${limits.maxInstances} instances`, span);
  }
  const out: bigint[] = [];
  for (let i = lo; i <= hi; i++) out.push(i);
  return out;
}

/** Enumerates every instance (assignment of the dimensions), depth first. */
function* instances(dims: readonly Dimension[], base: LowerEnv, limits: Limits): Generator<LowerEnv> {
  let count = 0;
  function* go(i: number, env: LowerEnv): Generator<LowerEnv> {
    if (i === dims.length) {
      count += 1;
      if (count > limits.maxInstances) {
        throw new LowerError('limit/instances', `more than ${limits.maxInstances} instances`, { start: 0, end: 0 });
      }
      yield env;
      return;
    }
    const dim = dims[i]!;
    for (const v of dim.values(env)) {
      const indices = new Map(env.indices);
      if (typeof v === 'bigint') indices.set(dim.name, v);
      const next: LowerEnv = typeof v === 'bigint' ? { ...env, indices } : withRationalVar(env, dim.name, v);
      yield* go(i + 1, next);
    }
  }
  yield* go(0, base);
}

/** Rational (non-integer) set values are passed as a degenerate interval assumption plus substitution. */
function withRationalVar(env: LowerEnv, name: string, value: Rational): LowerEnv {
  if (value.isInteger()) {
    const indices = new Map(env.indices);
    indices.set(name, value.num);
    return { ...env, indices };
  }
  const fixed = new Map(env.rationalVars ?? []);
  fixed.set(name, value);
  return { ...env, rationalVars: fixed };
}

function describeInstance(env: LowerEnv, dims: readonly Dimension[]): string {
  return dims
    .map((d) => `${d.name} = ${env.indices.get(d.name)?.toString() ?? env.rationalVars?.get(d.name)?.toString() ?? '?'}`)
    .join(', ');
}

/** An obligation: one relation between two expressions, with optional rule citations. */
interface Obligation {
  readonly left: Expr;
  readonly op: RelOp;
  readonly right: Expr;
  readonly label: string;
  readonly span: Span;
  readonly rules?: readonly string[];
  readonly ruleSpans?: readonly Span[];
}

function obligationsOf(item: ClaimDecl | CalcDecl): Obligation[] {
  if (item.kind === 'calc') {
    const out: Obligation[] = [];
    let prev = item.first;
    item.steps.forEach((s, i) => {
      out.push({ left: prev, op: s.op, right: s.expr, label: `step ${i + 1}`, span: s.span, rules: s.rules.map((r) => r.name), ruleSpans: s.rules.map((r) => r.span) });
      prev = s.expr;
    });
    return out;
  }
  if (item.formula.kind === 'chain') {
    const f = item.formula;
    const out: Obligation[] = [];
    for (let i = 0; i < f.ops.length; i++) {
      // A link of a longer chain is located at its own two terms; a single relation at the whole formula.
      const label = f.ops.length > 1 ? `link ${i + 1} (${f.ops[i]})` : 'claim';
      const span = f.ops.length > 1 ? { start: f.terms[i]!.span.start, end: f.terms[i + 1]!.span.end } : f.span;
      out.push({ left: f.terms[i]!, op: f.ops[i]!, right: f.terms[i + 1]!, label, span });
    }
    return out;
  }
  return [];
}

/** Start and end (line, col) of a span. */
export function locationOf(file: SourceFile, span: Span): Location {
  const a = positionOf(file, span.start);
  const b = positionOf(file, Math.max(span.start, span.end));
  return { line: a.line, col: a.col, endLine: b.line, endCol: b.col };
}

/** The structured counterexample of a kernel refutation in one instance. */
function counterexampleOf(w: K.RefutationWitness | undefined, env: LowerEnv, dims: readonly Dimension[]): Counterexample | undefined {
  if (!w) return undefined;
  const point: Record<string, { exact: string; float: number }> = {};
  for (const p of w.point) point[p.name] = { exact: p.exact, float: p.float };
  const instance: Record<string, string> = {};
  for (const d of dims) instance[d.name] = env.indices.get(d.name)?.toString() ?? env.rationalVars?.get(d.name)?.toString() ?? '?';
  return { method: w.method, point, ...(dims.length > 0 ? { instance } : {}), left: w.left, right: w.right };
}

/** Decides one obligation in one instance. */
function decideObligation(ob: Obligation, env: LowerEnv): K.Decision {
  const argSide = ob.left.kind === 'argmin' || ob.left.kind === 'argmax' ? ob.left : ob.right.kind === 'argmin' || ob.right.kind === 'argmax' ? ob.right : undefined;
  if (argSide && ob.op === '=' && (argSide.kind === 'argmin' || argSide.kind === 'argmax')) {
    const other = argSide === ob.left ? ob.right : ob.left;
    const body = lower(argSide.body, env);
    const claimed = lower(other, env);
    const smooth = sideConditions(argSide.body, env, 'smooth');
    return kernelCall(argSide.span, () => K.decideArgmin(body, argSide.var, claimed, argSide.kind === 'argmin' ? 'min' : 'max', env.assumptions, env.limits, smooth));
  }
  const l = lower(ob.left, env);
  const r = lower(ob.right, env);
  return kernelCall(ob.span, () => K.decideRelation(l, ob.op, r, env.assumptions, env.limits));
}

/**
 * A side condition; `exponent`: a power's base with an exponent known only at a point
 * (DEFINED: `need` holds for any exponent, holdsAt weakens it when the exponent's value
 * is known); `samples`: values of a binder's variable at which it must hold too
 * (SAMPLED below).
 */
type SideCondition = K.SmoothnessGuard & { readonly exponent?: Term; readonly samples?: ReadonlyMap<string, readonly Sample[]> };
/** A sample value of a binder's variable: a rational, or a term of the claim's variables (an integral's variable end) valued at the point. */
type Sample = Rational | Term;

/**
 * Conditions read off a side's source before lowering, which simplifies t/t to 1,
 * 1/(1/u) to u and u^0 to 1 and so makes a term defined where its source is not.
 * 'smooth' (SMOOTH in kernel.ts, for argmin): every denominator and argument of abs
 * nonzero, every argument of log, sqrt, a real power or a variable exponent's base
 * positive, tan and sec with a nonzero cosine, csc and cot with a nonzero sine,
 * asin, acos and atanh inside (-1, 1), the Gamma functions at positive arguments.
 * 'defined' (DEFINED): what the source needs to have a value at all: the same but
 * sqrt's and a positive real power's base only nonnegative, nothing for abs.
 * Undefined when the source has a construct with no such rule (a binder, a
 * factorial...).
 */
function sideConditions(e: Expr, env0: LowerEnv, mode: 'smooth' | 'defined'): SideCondition[] | undefined {
  const out: SideCondition[] = [];
  /** The environment of the node being visited: a finite sum's index gets each of its values. */
  let env = env0;
  /** Set when a condition's own expression cannot be lowered: the side then has no conditions (undefined). */
  let unlowerable = false;
  /**
   * The lowered (and wrapped) term of a condition's expression, shared between the
   * instances of a quantified claim (LowerMemo.site), so that a condition met again
   * is the same object and deduplicated below. Throws what lowering throws.
   */
  const siteOf = (u: Expr, tag: string, make: () => Term): Term => (env.memo ? env.memo.site(u, tag, env, make) : make());
  /** Conditions already in `out`, by term, with the samples and exponent they were pushed with. */
  let seen = new Map<Term, { samples: ReadonlyMap<string, readonly Sample[]>; need: SideCondition['need']; exponent?: Term }[]>();
  const guard = (u: Expr, need: K.SmoothnessGuard['need'], what: string, wrap?: 'cos' | 'sin' | 'oneMinusSquare', exponentOf?: Expr): void => {
    if (mentionsBound(u)) return;
    let term: Term;
    let exponent: Term | undefined;
    try {
      term = siteOf(u, `condition ${wrap ?? ''}`, () => {
        const t = lower(u, env);
        return wrap === 'cos' ? T.fn('cos', t) : wrap === 'sin' ? T.fn('sin', t) : wrap === 'oneMinusSquare' ? T.add(T.ONE, T.neg(T.mul(t, t))) : t;
      });
      if (exponentOf !== undefined) exponent = siteOf(exponentOf, 'exponent', () => lower(exponentOf, env));
    } catch (err) {
      if (err instanceof Timeout) throw err;
      unlowerable = true; // a limit or an unsupported construct on its own: no rule, as for a binder in 'smooth' mode
      return;
    }
    const free = freeVarsOf(term);
    const own = [...samples].filter(([k]) => free.has(k));
    pushUnique({ term, need, text: `${what} ${T.termToString(term)}`.trim(), ...(own.length > 0 ? { samples: new Map(own) } : {}), ...(exponent ? { exponent } : {}) });
  };
  /** Adds a condition unless the same one (term, need, exponent) was added in the same samples scope: a finite sum's body at each index value checks it once. */
  const pushUnique = (c: SideCondition): void => {
    const pushed = seen.get(c.term) ?? [];
    if (pushed.some((q) => q.samples === samples && q.exponent === c.exponent && q.need === c.need)) return;
    seen.set(c.term, [...pushed, { samples, need: c.need, ...(c.exponent ? { exponent: c.exponent } : {}) }]);
    out.push(c);
  };
  /** The exponent's value when it is a constant in this instance (an index has its value here). */
  const constant = (n: Expr): Rational | undefined => {
    try {
      return evalExact(n, env);
    } catch (err) {
      if (err instanceof Timeout) throw err;
      return undefined;
    }
  };
  const smooth = mode === 'smooth';
  /** Variables bound by the binders around the node being visited ('defined' mode only). */
  let bound: ReadonlySet<string> = new Set();
  /**
   * SAMPLED ('defined' mode): a binder's variable whose conditions are checked at a few
   * of its values, by kernel name: a coefficient's p at +-2^-20 (a series needs its body
   * on both sides of 0, not at 0: sin(p)/p), an integral's variable at interior points,
   * a long or infinite sum's index at its first 50 values. The refuter found
   * d/dx (x^2 x/x) != 0 false at x = 0 and coeff(x log(x - p)^0, p^0) = |x| false at
   * x = -1, where the sources have no value.
   */
  let samples = new Map<string, readonly Sample[]>();
  /** The body's conditions with the binder's variable at `values`; an index is bound to a kernel variable of its own, a declared var (coeff's p) keeps its name. */
  const sampled = (name: string, values: readonly Sample[], body: Expr, index = true): boolean => {
    const savedEnv = env;
    const savedSamples = samples;
    const kernelName = index ? `#defined_${name}` : name;
    if (index) env = { ...env, symbolic: new Map([...(env.symbolic ?? []), [name, kernelName]]) };
    samples = new Map([...samples, [kernelName, values]]);
    try {
      return visit(body);
    } finally {
      env = savedEnv;
      samples = savedSamples;
    }
  };
  const mentionsBound = (u: Expr): boolean => {
    if (bound.size === 0) return false;
    if ((u.kind === 'var' || u.kind === 'index') && bound.has(u.name)) return true;
    return childrenOf(u).some(mentionsBound);
  };
  const inside = (names: readonly string[], body: Expr): boolean => {
    const saved = bound;
    bound = new Set([...saved, ...names]);
    try {
      return visit(body);
    } finally {
      bound = saved;
    }
  };
  /**
   * A finite sum's body at each index value lo..hi. What it adds to `out` is remembered
   * per sum node, bindings and enclosing samples (LowerMemo.site: a function of those),
   * and replayed: f(j) = sum(i = 0..j, ...) in the 2380 instances of a claim over (j, k)
   * is visited once per j.
   */
  const unrolled = (n: Extract<Expr, { kind: 'sum' | 'prod' }>, lo: bigint, hi: bigint): boolean => {
    // the sum's own conditions, complete (deduplicated among themselves only, not against
    // what this side had before), so that they can be replayed in another instance
    const record = (): { ok: boolean; added: SideCondition[]; unlowerable: boolean } => {
      const start = out.length;
      const saved = { env, seen, unlowerable };
      seen = new Map();
      unlowerable = false;
      let ok = true;
      try {
        for (let i = lo; i <= hi && ok; i++) {
          env = { ...saved.env, indices: new Map([...saved.env.indices, [n.index, i]]) };
          ok = visit(n.body);
        }
        return { ok, added: out.splice(start), unlowerable };
      } finally {
        env = saved.env;
        seen = saved.seen;
        unlowerable = saved.unlowerable;
      }
    };
    const r = env.memo ? env.memo.site(n, `defined-sum ${mode} ${samplesKey()}`, env, record) : record();
    for (const c of r.added) pushUnique(c);
    unlowerable ||= r.unlowerable;
    return r.ok;
  };
  /** The enclosing binders' sample values, as text (part of a remembered sum's key). */
  const samplesKey = (): string => [...samples].map(([k, vs]) => `${k}:${vs.map((v) => (v instanceof Rational ? v.toString() : T.termToString(v))).join(',')}`).join(';');
  /** Near 0 on both sides, inside any radius of convergence the kernel can reach: where a coefficient's or valuation's body must have values. */
  const nearZero = [Rational.frac(1n, 1n << 60n), Rational.frac(-1n, 1n << 60n)];
  const visit = (n: Expr): boolean => {
    switch (n.kind) {
      case 'num': case 'const': case 'var': case 'index': return true;
      case 'neg': return visit(n.arg);
      // DEFINED looks inside binders too: a condition that does not mention the bound
      // variable (log(-2)^0 in sum(i = 1..2, log(-2)^0)) is checked like any other; one
      // that does (1/i, sin(p)/p at the p of a coefficient) is left to the binder's own rules.
      case 'sum': case 'prod': {
        if (smooth) return false;
        if (!(visit(n.lo) && (n.hi === 'inf' || visit(n.hi)))) return false;
        // a finite range of at most 1000 terms: the body's conditions at each index value
        const lo = constant(n.lo);
        const hi = n.hi === 'inf' ? undefined : constant(n.hi);
        if (lo !== undefined && hi !== undefined && lo.isInteger() && hi.isInteger() && hi.sub(lo).cmp(Rational.of(1000)) < 0 && !bound.size) {
          return unrolled(n, lo.num, hi.num);
        }
        if (lo !== undefined && lo.isInteger() && !bound.size) {
          const first = [...Array.from({ length: 50 }, (_, i) => i), 64, 128, 1024, 10000, 1000000]
            .map((i) => lo.add(Rational.of(i)))
            .filter((v) => hi === undefined || v.cmp(hi) <= 0);
          return sampled(n.index, first, n.body);
        }
        return inside([n.index], n.body);
      }
      case 'integral': {
        if (smooth) return false;
        if (!((n.lo === undefined || n.lo === '-inf' || visit(n.lo)) && (n.hi === undefined || n.hi === 'inf' || visit(n.hi)))) return false;
        const a = n.lo === undefined || n.lo === '-inf' ? undefined : constant(n.lo);
        const b = n.hi === undefined || n.hi === 'inf' ? undefined : constant(n.hi);
        const finiteLo = n.lo !== undefined && n.lo !== '-inf';
        const finiteHi = n.hi !== undefined && n.hi !== 'inf';
        let at: Rational[] | undefined;
        // fractions with an unusual denominator, so that a removable point of the integrand
        // (t/t at 0, (t^2 - 1)/(t - 1) at 1) is not taken for a region without values
        if (a !== undefined && b !== undefined) at = [7, 16, 23].map((q) => a.add(b.sub(a).mul(Rational.frac(BigInt(q), 31n))));
        else if (a !== undefined && !finiteHi) at = [7, 16, 45].map((q) => a.add(Rational.frac(BigInt(q), 31n)));
        else if (b !== undefined && !finiteLo) at = [7, 16, 45].map((q) => b.sub(Rational.frac(BigInt(q), 31n)));
        else if (!finiteLo && !finiteHi) at = [-23, 7, 29].map((q) => Rational.frac(BigInt(q), 31n));
        if (at !== undefined && !bound.size) return sampled(n.index, at, n.body);
        if (finiteLo && finiteHi && !bound.size) {
          // variable ends: the same interior points, as terms valued at the point
          // (integral(t = 0..x, 1/(1/(u t))) > 0 was REFUTED at u = 0)
          try {
            const lt = lower(n.lo as Expr, env);
            const ht = lower(n.hi as Expr, env);
            const width = T.add(ht, T.neg(lt));
            const terms: Term[] = [7, 16, 23].map((q) => T.add(lt, T.mul({ k: 'const', value: Rational.frac(BigInt(q), 31n) }, width)));
            return sampled(n.index, terms, n.body);
          } catch (err) {
            if (err instanceof Timeout) throw err;
            return inside([n.index], n.body);
          }
        }
        return inside([n.index], n.body);
      }
      case 'coeff': case 'series': case 'val': {
        if (smooth) return false;
        const extent = n.kind === 'coeff' ? n.power : n.kind === 'series' ? n.order : undefined;
        if (extent !== undefined && !visit(extent)) return false;
        return bound.size || !env.vars.has(n.var) ? inside([n.var], n.body) : sampled(n.var, nearZero, n.body, false);
      }
      case 'deriv':
        // the derivative at the point needs the body there: its conditions are the point's
        if (smooth) return false;
        return visit(n.order) && visit(n.body);
      case 'argmin': case 'argmax': if (smooth) return false; return inside([n.var], n.body);
      case 'factorial': if (smooth) return false; return visit(n.arg);
      case 'binomial': case 'stirling1': if (smooth) return false; return visit(n.n) && visit(n.k);
      case 'binop': {
        if (n.op === '/') guard(n.right, 'nonzero', 'the denominator');
        if (n.op === '^' && !mentionsBound(n.right)) {
          const e = constant(n.right);
          if (e !== undefined) {
            // a constant exponent: what the base needs for it ('defined': an odd root takes
            // negatives; 'smooth': a real power's base positive, as x^(1/3) has no derivative at 0)
            const need = smooth ? (e.isInteger() ? (e.sign() < 0 ? 'nonzero' : undefined) : 'pos') : powerNeed(e);
            if (need !== undefined) guard(n.left, need, 'the base');
          } else {
            // a variable exponent: the base positive; in 'defined' mode judged by the exponent's value at the point (holdsAt)
            guard(n.left, 'pos', 'the base', undefined, smooth ? undefined : n.right);
          }
        }
        return visit(n.left) && visit(n.right);
      }
      case 'call': {
        switch (n.fn) {
          case 'abs': if (smooth) guard(n.arg, 'nonzero', 'the argument of abs'); break;
          case 'sqrt': guard(n.arg, smooth ? 'pos' : 'nonneg', 'the argument of sqrt'); break;
          case 'log': guard(n.arg, 'pos', 'the argument of log'); break;
          case 'gamma': case 'lgamma': case 'digamma': guard(n.arg, smooth ? 'pos' : 'gammaArg', `the argument of ${n.fn}`); break;
          case 'tan': case 'sec': guard(n.arg, 'nonzero', '', 'cos'); break;
          case 'csc': case 'cot': guard(n.arg, 'nonzero', '', 'sin'); break;
          case 'asin': case 'acos': guard(n.arg, smooth ? 'pos' : 'nonneg', '', 'oneMinusSquare'); break;
          case 'atanh': guard(n.arg, 'pos', '', 'oneMinusSquare'); break;
          default: break; // exp, sin, cos, sinh, cosh, tanh, atan: smooth everywhere
        }
        return visit(n.arg);
      }
      default: return false;
    }
  };
  return visit(e) && !unlowerable ? out : undefined;
}

/**
 * What a power's base needs at a point where its exponent is the rational e: an
 * integer e >= 0 nothing, a negative one a nonzero base; an odd root (denominator
 * odd) a nonzero base when e < 0; an even root a base >= 0, > 0 when e < 0.
 */
function powerNeed(e: Rational): SideCondition['need'] | undefined {
  if (e.isInteger()) return e.sign() < 0 ? 'nonzero' : undefined;
  if (e.den % 2n === 1n) return e.sign() < 0 ? 'nonzero' : undefined;
  return e.sign() < 0 ? 'pos' : 'nonneg';
}

/**
 * Calls f on the point extended by each combination of values (at most `cap` of
 * them), until f returns true.
 */
function forCombinations(point: ReadonlyMap<string, Rational>, values: ReadonlyMap<string, readonly Rational[]>, cap: number, f: (at: Map<string, Rational>) => boolean): void {
  const names = [...values.keys()];
  const lists = names.map((k) => values.get(k)!);
  const total = Math.min(cap, lists.reduce((n, l) => n * l.length, 1));
  for (let i = 0; i < total; i++) {
    const at = new Map(point);
    let rest = i;
    names.forEach((k, j) => {
      const l = lists[j]!;
      at.set(k, l[rest % l.length]!);
      rest = Math.floor(rest / l.length);
    });
    if (f(at)) return;
  }
}

/** Whether every condition holds at the point (rigorously), false when one fails or cannot be told. */
function holdsAt(conditions: readonly SideCondition[], point: ReadonlyMap<string, Rational>): { ok: true } | { ok: false; failing: string } {
  for (const c of conditions) {
    if (!c.samples) {
      const h = holdsAtOne(c, point);
      if (!h.ok) return h;
      continue;
    }
    // SAMPLED: at every combination of the binders' sample values (at most 256); a
    // sample given as a term (an integral's variable end) takes its value at the point
    const values = new Map<string, Rational[]>();
    for (const [k, list] of c.samples) {
      const vs = list.map((v) => (v instanceof Rational ? v : K.valueAt(v, point)));
      if (vs.some((v) => v === undefined)) return { ok: false, failing: `${c.text}: the range of its integral is not known at the point (not decided)` };
      values.set(k, vs as Rational[]);
    }
    let failed: { ok: false; failing: string } | undefined;
    forCombinations(point, values, 256, (at) => {
      const h = holdsAtOne(c, at);
      if (!h.ok) failed = { ok: false, failing: `${h.failing} (at ${[...at].filter(([k]) => c.samples!.has(k)).map(([k, v]) => `${k.replace(/^#defined_/, '')} = ${v.toString()}`).join(', ')})` };
      return !h.ok;
    });
    if (failed) return failed;
  }
  return { ok: true };
}

const freeVarsCache = new WeakMap<Term, ReadonlySet<string>>();
/** T.freeVars, remembered per term (condition terms are shared between instances). */
function freeVarsOf(t: Term): ReadonlySet<string> {
  let free = freeVarsCache.get(t);
  if (!free) {
    free = T.freeVars(t);
    freeVarsCache.set(t, free);
  }
  return free;
}

type Holds = { ok: true } | { ok: false; failing: string };
const holdsCache = new WeakMap<Term, Map<string, Holds>>();

/**
 * Whether one condition holds at the point, remembered per condition term: the answer
 * depends only on the term, the need and the values at the point of the variables the
 * term mentions (signAt and valueAt are exact), which make the key. (A condition with
 * a variable exponent is not remembered.)
 */
function holdsAtOne(c: SideCondition, point: ReadonlyMap<string, Rational>): Holds {
  if (c.exponent) return holdsAtOneUncached(c, point);
  let key = `${c.need}\u0000${c.text}`;
  for (const v of freeVarsOf(c.term)) key += `\u0000${v}=${point.get(v)?.toString() ?? ''}`;
  let row = holdsCache.get(c.term);
  const hit = row?.get(key);
  if (hit) return hit;
  const h = holdsAtOneUncached(c, point);
  if (!row) {
    row = new Map();
    holdsCache.set(c.term, row);
  }
  row.set(key, h);
  return h;
}

function holdsAtOneUncached(c0: SideCondition, point: ReadonlyMap<string, Rational>): Holds {
  let c: SideCondition = c0;
  if (c.exponent !== undefined) {
    const e = K.valueAt(c.exponent, point);
    if (e !== undefined) {
      const need = powerNeed(e);
      if (need === undefined) return { ok: true };
      c = { ...c, need };
    }
  }
  if (c.need === 'gammaArg') {
    // defined off the poles 0, -1, -2, ...: exactly for a rational argument, else where it is shown positive
    const v = K.valueAt(c.term, point);
    const ok = v !== undefined ? !(v.isInteger() && v.sign() <= 0) : K.signAt(c.term, point) === 1;
    return ok ? { ok: true } : { ok: false, failing: `${K.guardText(c)}${v === undefined ? ' (not decided)' : ''}` };
  }
  const s = K.signAt(c.term, point);
  const ok = s !== undefined && (c.need === 'nonzero' ? s !== 0 : c.need === 'pos' ? s > 0 : s >= 0);
  if (!ok) return { ok: false, failing: `${K.guardText(c)}${s === undefined ? ' (not decided)' : ''}` };
  return { ok: true };
}

/**
 * DEFINED. A refutation is only a counterexample where both sides' sources have
 * values, and a claim with no variables is only PROVED when they do: the kernel
 * works on lowered terms, which can be defined where the source is not. A red-team
 * pass found 1/(1/u) > 0 REFUTED at u = 0 and log(-2)^0 = 1 PROVED. Returns the
 * decision unchanged, or 'unknown' saying which condition fails. (A side with a
 * construct the conditions do not cover keeps the kernel's decision.)
 */
function checkDefined(d: K.Decision, ob: Obligation, env: LowerEnv): DefinedDecision {
  if (d.status === 'unknown') return d;
  let point: Map<string, Rational>;
  if (d.status === 'refuted' && !d.witness) {
    // No single point (sides identical, a sign change on a segment): the argument
    // needs both sides' sources defined on the whole domain (the intermediate value
    // theorem found a zero of x for 1/(1/x) != 0, at x = 0 where the source has no value).
    for (const side of [ob.left, ob.right]) {
      const conditions = sideConditions(side, env, 'defined');
      if (conditions === undefined) continue;
      // conditions on a binder's own variable or with a variable exponent depend on the point: the binder's business here
      const failing = conditions.find((c) => !c.samples && !c.exponent && !K.holdsEverywhere(c, env.assumptions));
      if (failing) return { status: 'unknown', reason: `not refuted: the argument needs both sides defined on the whole domain, and ${K.guardText(failing)} is not proved there`, details: [] };
    }
    return d;
  }
  if (d.status === 'refuted') {
    point = new Map(d.witness!.point.map((p) => [p.name, Rational.parse(p.exact)] as const));
  } else {
    point = new Map();
  }
  let conditions: SideCondition[] = [];
  for (const side of [ob.left, ob.right]) conditions.push(...(sideConditions(side, env, 'defined') ?? []));
  // PROVED means "where both sides are defined": only the conditions that mention no
  // variable can fail everywhere (x + log(-2)^0 = x + 1, argmin(s, ...) = log(-2)^0).
  const freeOutside = (c: SideCondition, t: Term): number => [...freeVarsOf(t)].filter((v) => !c.samples?.has(v)).length;
  if (d.status === 'proved') {
    // a condition that provably fails on the whole domain: no value anywhere (x + log(-1 - x^2)^0 = x + 1)
    for (const c of conditions) {
      if (c.samples || c.exponent || freeOutside(c, c.term) === 0) continue;
      const never = c.need === 'pos' ? K.holdsEverywhere({ term: T.neg(c.term), need: 'nonneg', text: '' }, env.assumptions)
        : c.need === 'nonneg' ? K.holdsEverywhere({ term: T.neg(c.term), need: 'pos', text: '' }, env.assumptions) : false;
      if (never) return noValue(`${K.guardText(c)} fails on the whole domain`);
    }
    conditions = conditions.filter((c) => freeOutside(c, c.term) === 0 && (c.exponent === undefined || freeOutside(c, c.exponent) === 0));
  }
  // The kernel's point fixes the variables its (simplified) sides depend on; a
  // variable only the source mentions (r in (1 - r^0)/(1 - r)) may take any value of
  // its domain that gives both sides values: try the refuter's candidates.
  const missing = new Set<string>();
  for (const c of conditions) for (const v of freeVarsOf(c.term)) if (!point.has(v) && !c.samples?.has(v)) missing.add(v);
  for (const c of conditions) if (c.exponent) for (const v of freeVarsOf(c.exponent)) if (!point.has(v) && !c.samples?.has(v)) missing.add(v);
  let h = holdsAt(conditions, point);
  if (!h.ok && missing.size > 0 && d.status === 'refuted') {
    const tries = new Map([...missing].map((v) => [v, K.candidateValues(env.assumptions.get(v)).slice(0, 8)] as const));
    forCombinations(point, tries, 512, (at) => {
      const h2 = holdsAt(conditions, at);
      if (h2.ok) h = h2;
      return h2.ok;
    });
  }
  if (!h.ok) {
    if (point.size === 0) return noValue(h.failing);
    return { status: 'unknown', reason: `a side has no value at ${[...point].map(([k, v]) => `${k} = ${v.toString()}`).join(', ')}: ${h.failing}`, details: [] };
  }
  return d;
}

function hasKind(e: Expr, kinds: ReadonlySet<string>): boolean {
  return kinds.has(e.kind) || childrenOf(e).some((c) => hasKind(c, kinds));
}
const DERIVATIVE = new Set(['deriv']);
const SERIES = new Set(['coeff', 'series', 'val']);

/**
 * Matches each `by` rule of a decided calc step against the procedure that decided
 * it; a rule that cannot apply (positivity on `=`) or did not decide the step gives
 * a located warning naming that procedure (once per step and rule, over all instances).
 */
function checkStepRules(ob: Obligation, method: string, program: Elaborated, warnings: Map<string, ReportWarning>): void {
  const vars = new Set<string>();
  usedVars(ob.left, vars);
  usedVars(ob.right, vars);
  const decision = {
    op: ob.op,
    method,
    hasDerivative: hasKind(ob.left, DERIVATIVE) || hasKind(ob.right, DERIVATIVE),
    hasSeries: hasKind(ob.left, SERIES) || hasKind(ob.right, SERIES),
    hasVariables: vars.size > 0,
  };
  ob.rules?.forEach((rule, i) => {
    const key = `${ob.label}\u0000${rule}`;
    if (warnings.has(key)) return;
    const why = ruleMismatch(rule, decision);
    if (!why) return;
    const span = ob.ruleSpans?.[i] ?? ob.span;
    const { line, col } = positionOf(program.file, span.start);
    const message = `${ob.label}: ${why}`;
    warnings.set(key, { code: 'check/rule-mismatch', message, line, col, text: formatDiagnostic(warningAt(program.file, span, 'check/rule-mismatch', message)) });
  });
}

/** Validates rule names of a calc (unknown rules are errors, with a suggestion). */
function checkRules(item: CalcDecl, program: Elaborated): string[] {
  const errors: string[] = [];
  for (const s of item.steps) {
    for (const r of s.rules) {
      if (!KNOWN_RULES.has(r.name)) {
        const hint = suggestRule(r.name);
        errors.push(formatSpanError(program.file, r.span, `unknown rule '${r.name}'${hint ? `; did you mean '${hint}'?` : ''}`, [`known rules: ${[...KNOWN_RULES].join(', ')}`]));
      }
    }
  }
  return errors;
}

/** The relation a calc chain proves between its two ends, or undefined if the steps mix directions. */
export function chainRelation(ops: readonly RelOp[]): RelOp | undefined {
  let dir: '<' | '>' | '=' | undefined = '=';
  let strict = false;
  for (const op of ops) {
    if (op === '!=') return ops.length === 1 ? '!=' : undefined;
    if (op === '=') continue;
    const d = op === '<' || op === '<=' ? '<' : '>';
    if (dir !== '=' && dir !== d) return undefined;
    dir = d;
    if (op === '<' || op === '>') strict = true;
  }
  if (dir === '=') return '=';
  return dir === '<' ? (strict ? '<' : '<=') : strict ? '>' : '>=';
}

/**
 * Checks one item exactly.
 * Never throws for a script-level problem: lowering errors, limits and timeouts become ERROR verdicts.
 */
export function checkItemExact(item: ClaimDecl | CalcDecl, program: Elaborated, limits: Limits): ExactVerdict {
  const warnings = new Map<string, ReportWarning>();
  const v = checkItemExactWith(item, program, limits, warnings);
  return warnings.size > 0 ? { ...v, warnings: [...warnings.values()] } : v;
}

function checkItemExactWith(item: ClaimDecl | CalcDecl, program: Elaborated, limits: Limits, warnings: Map<string, ReportWarning>): ExactVerdict {
  const deadline = Date.now() + limits.timeoutMs;
  try {
    // Inside the try: a declared bound past a limit (`var a > 0^1e400`) is a located ERROR.
    const assumptions = assumptionsOf(program.vars, limits);
    const base: LowerEnv = { indices: new Map(), vars: program.vars, assumptions, limits, memo: new LowerMemo(assumptions, limits), deadline };
    if (item.kind === 'calc') {
      const ruleErrors = checkRules(item, program);
      if (ruleErrors.length > 0) return { grade: 'ERROR', summary: 'unknown rule in calc', details: ruleErrors };
      if (chainRelation(item.steps.map((s) => s.op)) === undefined) {
        return {
          grade: 'ERROR',
          summary: 'calc chain mixes < and > directions (or uses != in a chain); it proves nothing',
          details: [formatSpanError(program.file, item.span, 'a calc chain must go one way: steps may mix = with < and <=, or = with > and >=', [])],
        };
      }
    }
    if (item.kind === 'claim' && item.formula.kind === 'approx') return checkApprox(item, program, base, deadline);

    const dims = dimensionsOf(item, program, limits);
    const obligations = obligationsOf(item);
    // Every step is checked in every instance until it fails once: a later false step
    // is reported even when an earlier one fails (tools that check derivations step
    // by step give feedback on all steps). A step's first failure is its verdict.
    const failures: (ExactVerdict & { counterexample?: Counterexample } | undefined)[] = obligations.map(() => undefined);
    const methods = obligations.map(() => new Set<string>());
    const times = obligations.map(() => 0);
    let count = 0;
    for (const env of instances(dims, base, limits)) {
      count += 1;
      obligations.forEach((ob, i) => {
        if (failures[i]) return;
        checkDeadline(deadline);
        let d: DefinedDecision;
        const t0 = performance.now();
        try {
          d = checkDefined(decideObligation(ob, env), ob, env);
        } catch (err) {
          if (err instanceof Timeout) throw err;
          failures[i] = errorVerdict(err, { span: ob.span }, program, limits);
          return;
        } finally {
          times[i] += performance.now() - t0;
        }
        const where = dims.length > 0 ? ` at ${describeInstance(env, dims)}` : '';
        if (d.status === 'refuted') {
          failures[i] = {
            grade: 'REFUTED',
            summary: `${ob.label} is false${where}`,
            details: [formatSpanError(program.file, ob.span, `${ob.label} fails${where}`, []), ...d.counterexample],
            counterexample: counterexampleOf(d.witness, env, dims),
          };
        } else if (d.status === 'unknown') {
          failures[i] = {
            grade: 'UNDECIDED',
            summary: `${ob.label} not decided${where}: ${d.reason}`,
            details: [formatSpanError(program.file, ob.span, `could not decide ${ob.label}${where}`, []), ...d.details],
            ...('noValueAnywhere' in d ? { noValueAnywhere: true as const } : {}),
          };
        } else {
          methods[i]!.add(d.certificate.method);
          if (ob.rules && ob.rules.length > 0) checkStepRules(ob, d.certificate.method, program, warnings);
        }
      });
      if (failures.every((f) => f)) break;
    }
    if (dims.length > 0 && count === 0) return emptyRange(item, program, dims);
    const range = `${dims.map((d) => d.describe).join(', ')} (${count} case${count === 1 ? '' : 's'})`;
    const stepVerdicts: ExactStep[] = obligations.map((ob, i) => {
      const f = failures[i];
      // (the step's report has no noValueAnywhere: the item's verdict carries it)
      const { noValueAnywhere: _, ...verdict }: ExactVerdict & { counterexample?: Counterexample } = f
        ?? (dims.length === 0 ? { grade: 'PROVED', summary: [...methods[i]!].join(', '), method: [...methods[i]!].join(', '), details: [] } : { grade: 'PROVED_RANGE', range, summary: [...methods[i]!].join(', '), method: [...methods[i]!].join(', '), details: [] });
      return { ...locationOf(program.file, ob.span), index: i + 1, label: ob.label, timeMs: times[i]!, relation: ob.op, left: sourceText(program.file, ob.left.span), right: sourceText(program.file, ob.right.span), rules: ob.rules ?? [], ...verdict };
    });
    const chain = chainVerdict(stepVerdicts, item.kind === 'calc' || obligations.length > 1);
    return failures.some((f) => f?.noValueAnywhere) ? { ...chain, noValueAnywhere: true } : chain;
  } catch (err) {
    return errorVerdict(err, item, program, limits);
  }
}

/**
 * Quantifiers that give no case at all (`for j in 0..2, k in j+5..j`): nothing was
 * checked and the kernel issued no certificate, so this is an ERROR, not a
 * vacuous PROVED for a range.
 */
function emptyRange(item: { readonly span: Span }, program: Elaborated, dims: readonly { describe: string }[]): ExactVerdict {
  const range = dims.map((d) => d.describe).join(', ');
  const message = `the quantifiers ${range} give no case (0 cases): nothing was checked`;
  return { grade: 'ERROR', summary: message, details: [formatSpanError(program.file, item.span, message, [])] };
}

/**
 * The ERROR verdict for a failure while checking `item`. Every verdict carries a
 * located diagnostic: at the failing sub-expression when the error has a span, else
 * at the item (a timeout, a kernel limit raised outside a located call, ...).
 */
/** The ERROR verdict of an exception raised while checking `item`: located, with its code (never "internal error" for a script-level limit). */
export function errorVerdict(err: unknown, item: { readonly span: Span }, program: Elaborated, limits: Limits): ExactVerdict {
  const at = (message: string, span: Span = item.span): ExactVerdict['details'] => [formatSpanError(program.file, span, message, [])];
  if (err instanceof Timeout) {
    const summary = `timed out after ${limits.timeoutMs} ms (raise --timeout to allow more)`;
    return { grade: 'ERROR', summary, details: at(summary) };
  }
  if (err instanceof LowerError) {
    // An empty span at offset 0 means "no particular place" (e.g. the instance count).
    const span = err.span.start === 0 && err.span.end === 0 ? item.span : err.span;
    return { grade: 'ERROR', summary: `${err.code}: ${err.message}`, details: at(err.message, span) };
  }
  if (err instanceof RangeError && /call stack/i.test(err.message)) {
    return { grade: 'ERROR', summary: 'limit/nesting: expression nested too deeply', details: at('expression nested too deeply to check') };
  }
  const message = (err as Error)?.message ?? String(err);
  const code = (err as { code?: string }).code;
  if (code) return { grade: 'ERROR', summary: `${code}: ${message}`, details: at(message) };
  return { grade: 'ERROR', summary: `internal error: ${message}`, details: at(`internal error: ${message}`) };
}

function checkApprox(item: ClaimDecl, program: Elaborated, base: LowerEnv, deadline: number): ExactVerdict {
  const f = item.formula;
  if (f.kind !== 'approx') throw new Error('unreachable');
  const dims = dimensionsOf(item, program, base.limits);
  let count = 0;
  let last: K.ApproxDecision | undefined;
  for (const env of instances(dims, base, base.limits)) {
    checkDeadline(deadline);
    count += 1;
    const l = lower(f.left, env);
    const r = lower(f.right, env);
    const tol = lower(f.tolerance, env);
    let d: ReturnType<typeof K.decideApprox> | NoValue = kernelCall(f.span, () => K.decideApprox(l, r, tol, f.relative, env.assumptions));
    if (d.status !== 'unknown') {
      // DEFINED, as for relations: both sides (and the tolerance) must have values
      const conditions = [f.left, f.right, f.tolerance].flatMap((side) => sideConditions(side, env, 'defined') ?? []);
      const h = holdsAt(conditions, new Map());
      if (!h.ok) d = noValue(h.failing);
    }
    last = d;
    const where = dims.length > 0 ? ` at ${describeInstance(env, dims)}` : '';
    if (d.status === 'refuted') {
      return { grade: 'REFUTED', summary: `not within the tolerance${where}: ${d.measured}`, details: [formatSpanError(program.file, f.span, `approximation fails${where}`, []), ...d.details] };
    }
    if (d.status === 'unknown') {
      return { grade: 'UNDECIDED', summary: `approximation not decided${where}: ${d.reason}`, details: d.details, ...('noValueAnywhere' in d ? { noValueAnywhere: true as const } : {}) };
    }
  }
  if (dims.length > 0 && count === 0) return emptyRange(item, program, dims);
  const measured = last && last.status === 'proved' ? `; ${last.measured}` : '';
  if (dims.length === 0) return { grade: 'PROVED', summary: `within tolerance${measured}`, details: [] };
  return { grade: 'PROVED_RANGE', range: `${dims.map((d) => d.describe).join(', ')} (${count} cases)`, summary: `within tolerance${measured}`, details: [] };
}

/** The exact rational value of a finite double (its binary expansion). Requires: Number.isFinite(x). */
export function rationalOfDouble(x: number): Rational {
  if (Number.isSafeInteger(x)) return Rational.of(x);
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const sign = bits >> 63n ? -1n : 1n;
  const exp = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  const mant = exp === 0 ? frac : frac | (1n << 52n);
  const e = (exp === 0 ? 1 : exp) - 1075;
  return e >= 0 ? Rational.frac(sign * (mant << BigInt(e))) : Rational.frac(sign * mant, 1n << BigInt(-e));
}

/**
 * Confirms a numeric witness's failure exactly: the kernel encloses both sides of
 * each obligation rigorously at the exact rational value of the sample (the double
 * itself), in the sample's instance. A REFUTED verdict when some obligation provably
 * fails there; undefined when none does (or the point cannot be rebuilt or enclosed):
 * the numeric discrepancy then stays unconfirmed. Never throws.
 */
export function confirmAtSample(
  item: ClaimDecl | CalcDecl,
  program: Elaborated,
  limits: Limits,
  sample: Readonly<Record<string, number>>,
  /** For a dimension (index, integer or set variable) missing from the sample: the position of its value to use, given how many there are. */
  pick?: (count: number) => number,
): ExactVerdict | undefined {
  try {
    if (item.kind === 'claim' && item.formula.kind === 'approx') return undefined;
    let env: LowerEnv = { indices: new Map(), vars: program.vars, assumptions: assumptionsOf(program.vars, limits), limits };
    const dims = dimensionsOf(item, program, limits);
    for (const dim of dims) {
      const want = sample[dim.name];
      const values = dim.values(env);
      if (want === undefined && (!pick || values.length === 0)) return undefined;
      const v = want === undefined ? values[pick!(values.length)] : values.find((x) => (typeof x === 'bigint' ? Number(x) === want : x.toNumber() === want));
      if (v === undefined) return undefined;
      env = typeof v === 'bigint' ? { ...env, indices: new Map([...env.indices, [dim.name, v]]) } : withRationalVar(env, dim.name, v);
    }
    const dimNames = new Set(dims.map((d) => d.name));
    const point = new Map<string, Rational>();
    for (const [name, x] of Object.entries(sample)) {
      if (dimNames.has(name)) continue;
      if (!Number.isFinite(x)) return undefined;
      point.set(name, rationalOfDouble(x));
    }
    const where = dims.length > 0 ? ` at ${describeInstance(env, dims)}` : '';
    for (const ob of obligationsOf(item)) {
      if ([ob.left, ob.right].some((e) => e.kind === 'argmin' || e.kind === 'argmax')) continue;
      const l = lower(ob.left, env);
      const r = lower(ob.right, env);
      const d0 = K.refuteAt(l, ob.op, r, point, env.assumptions, limits);
      // DEFINED: the sample is a counterexample only where both sources have values
      const d = d0 && d0.status === 'refuted' ? checkDefined({ ...d0, witness: d0.witness ?? { method: 'exact', point: [...point].map(([name, v]) => ({ name, exact: v.toString(), float: v.toNumber() })), left: '', right: '' } }, ob, env) : d0;
      if (d && d.status === 'refuted') {
        return {
          grade: 'REFUTED',
          summary: `${ob.label} is false${where} (numeric counterexample confirmed by the exact kernel)`,
          details: [formatSpanError(program.file, ob.span, `${ob.label} fails${where}`, []), ...d.counterexample],
        };
      }
    }
    return undefined;
  } catch {
    return undefined;
  }
}

/** Line and column of an item, for reports. */
export function itemPosition(item: ClaimDecl | CalcDecl, program: Elaborated): { line: number; col: number } {
  return positionOf(program.file, item.span.start);
}

/** A formatted error with file:line:col and a caret under `span`. */
function formatSpanError(file: SourceFile, span: Span, message: string, notes: readonly string[]): string {
  return formatDiagnostic(errorAt(file, span, 'check', message, notes));
}

/** Builds the report for an item from its verdict. */
export function itemReport(item: ClaimDecl | CalcDecl, program: Elaborated, v: ExactVerdict, timeMs: number, numeric?: ItemReport['numeric']): ItemReport {
  const { line, col, endLine, endCol } = locationOf(program.file, item.span);
  return {
    kind: item.kind, name: item.name, line, col, endLine, endCol, grade: v.grade, range: v.range, ...(v.method ? { method: v.method } : {}), summary: v.summary, details: v.details, timeMs, numeric,
    ...(v.steps ? { steps: v.steps } : {}),
    ...(v.counterexample ? { counterexample: v.counterexample } : {}),
    ...(v.warnings && v.warnings.length > 0 ? { warnings: v.warnings } : {}),
  };
}
