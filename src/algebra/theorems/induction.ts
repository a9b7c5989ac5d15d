/**
 * Induction on a symbolic integer for identities between functions of x built
 * from exponential sums, symbolic powers, finite sums with symbolic bounds,
 * Stirling numbers and derivatives of symbolic order. TRUSTED KERNEL.
 *
 * The showcase is d^k/dp^k f_j = [sum_{m=0}^{k} [k m] f_{j-m}] / (1-p)^k for every
 * k, j >= 0 (f_j = sum_{i=0}^{j} L^i/i!, L = log 1/(1-p), [k m] the unsigned
 * Stirling numbers of the first kind): a base chain proves the statement at the
 * parameter's lower bound, a step chain proves it at k + 1 from the hypothesis at
 * k, and every link of a chain is checked by normalising `left - right` with the
 * rewrite rules the link cites and finding 0.
 *
 * The language (`DExpr`): concrete terms in x (no symbolic integer); integer
 * coefficients (`CExpr`: numbers, linear forms, stirling1(n, m)); exponential sums
 * sum(i = lo..hi, g^i/i!) with g concrete (empty, i.e. 0, when hi < lo); powers
 * b^e of a concrete b with an integer-linear exponent; + - * /; finite sums over
 * an index with linear bounds (0 when hi < lo); and d^n/dx^n with a linear n.
 *
 * The normal form is a list of monomials coef * conc * prod b^e * [one exp sum] *
 * [one opaque derivative], possibly under one sum over the index `#`. coef is a
 * polynomial over Q in the symbolic integers and Stirling atoms (treated as
 * independent unknowns: sound, since an identity of polynomials holds for every
 * value of the unknowns). Rewrites, each an identity wherever both sides are
 * defined, and each used only when cited:
 *
 * - always: ring arithmetic; unrolling sums of constant length; sum_{m=lo}^{hi} c =
 *   (hi - lo + 1) c for c free of m when hi - lo + 1 >= 0; constant Stirling
 *   numbers; b^(e + c) = b^e * b^c; concrete factors compared by the exp-log
 *   normal form (equal up to a rational factor).
 * - `derivative`: d^c/dx^c e for a constant c is c applications of d/dx, by
 *   linearity and the product rule; d/dx t = t' for a concrete t (diff.ts);
 *   d/dx b^e = e b^e b'/b (b != 0 wherever the expression is defined);
 *   d/dx sum(i = a..h, g^i/i!) = g' sum(i = a-1..h-1, g^i/i!) for a >= 1, and
 *   g' sum(i = 0..h-1, g^i/i!) for a = 0 (termwise: (g^i/i!)' = g' g^(i-1)/(i-1)!,
 *   the i = 0 term being constant; both sides are 0 when the range is empty);
 *   d/dx (d^n/dx^n e) = d^(n+1)/dx^(n+1) e; d/dx of a finite sum is the sum of the
 *   derivatives.
 * - `reindex`: sum_{m=a}^{b} t(m) = sum_{m=a-s}^{b-s} t(m+s) (a shift, chosen so
 *   that an exp sum's upper end reads B - m); and, for a <= b + 1,
 *   sum_{m=a}^{b} t = sum_{m=A}^{B} t - sum_{m=A}^{a-1} t - sum_{m=b+1}^{B} t with
 *   A <= a and B >= b at constant distances, which lets sums over ranges that differ
 *   by constants be added termwise.
 * - `stirling1`: [n m] = [n-1 m-1] + (n-1)[n-1 m] for n >= 1; [n m] = 0 for m < 0
 *   or m > n; [n n] = 1; [n 0] = 0 for n >= 1 (n >= 0 throughout: every Stirling atom a step uses must
 *   have its first argument provably >= 0). These define the unsigned Stirling
 *   numbers of the first kind (the coefficients of x(x+1)...(x+n-1)).
 * - `induction`: in the step chain, an occurrence of the statement's left side at
 *   the induction parameter k (the other parameters matched, and shown to lie in
 *   their ranges) is replaced by its right side: the hypothesis P(k).
 *
 * Soundness of the theorem: the base chain shows P(k0) for every value of the
 * other parameters in their ranges; the step chain shows P(k+1) for every k >= k0
 * and the other parameters in their ranges at k + 1, using P(k) only at points
 * shown to be in range. By induction, P(k) for every k >= k0 (and k <= its upper
 * bound, when the statement has one: the step chain then needs k + 1 <= hi).
 */
import { Certificate, KERNEL_KEY } from '../certificate.ts';
import { Rational } from '../numbers/rational.ts';
import * as T from '../containers/term.ts';
import type { Assumptions, Term } from '../containers/term.ts';
import { Poly, type Monomial } from '../containers/poly.ts';
import { diff } from '../decide/diff.ts';
import { NormalContext } from '../normal/normal.ts';
import type { RatFunc } from '../enclosures/ratfunc.ts';
import { KernelError } from '../numbers/errors.ts';
import { stirling1 } from './sums.ts';
import { entails, linAdd, linConst, linEq, linScale, linSub, linToString, linVar, substLin, type Lin, type LemmaResult } from './lemmas.ts';

// ---------------------------------------------------------------- the language

/** An integer-valued coefficient. */
export type CExpr =
  | { readonly k: 'num'; readonly v: Rational }
  | { readonly k: 'lin'; readonly l: Lin }
  | { readonly k: 'stirling1'; readonly n: Lin; readonly m: Lin }
  | { readonly k: '+' | '-' | '*'; readonly a: CExpr; readonly b: CExpr }
  | { readonly k: 'neg'; readonly a: CExpr };

/** A function of x with symbolic integers (see the module comment). */
export type DExpr =
  | { readonly k: 'conc'; readonly t: Term }
  | { readonly k: 'coef'; readonly c: CExpr }
  | { readonly k: 'expsum'; readonly g: Term; readonly lo: Lin; readonly hi: Lin }
  | { readonly k: 'pow'; readonly base: Term; readonly e: Lin }
  | { readonly k: '+' | '-' | '*' | '/'; readonly a: DExpr; readonly b: DExpr }
  | { readonly k: 'neg'; readonly a: DExpr }
  | { readonly k: 'sum'; readonly index: string; readonly lo: Lin; readonly hi: Lin; readonly body: DExpr }
  | { readonly k: 'deriv'; readonly order: Lin; readonly body: DExpr };

/** The rules a link may cite. */
export const INDUCTION_RULES = ['algebra', 'derivative', 'reindex', 'stirling1', 'induction'] as const;

/** A failure to represent or normalise an expression (the link does not follow). */
class NormalError extends Error {}

/** The bound index of every summed monomial (not a valid identifier, so never captured). */
const IDX = '#';

function cexprToString(c: CExpr): string {
  switch (c.k) {
    case 'num': return c.v.toString();
    case 'lin': return linToString(c.l);
    case 'stirling1': return `stirling1(${linToString(c.n)}, ${linToString(c.m)})`;
    case 'neg': return `-(${cexprToString(c.a)})`;
    default: return `(${cexprToString(c.a)} ${c.k} ${cexprToString(c.b)})`;
  }
}

/** e as text, bound indices shown without the suffixes that renamed them apart. */
export function dexprToString(e: DExpr): string {
  return showD(e).replace(/%h?\d+/g, '');
}

function showD(e: DExpr): string {
  switch (e.k) {
    case 'conc': return T.termToString(e.t);
    case 'coef': return cexprToString(e.c);
    case 'expsum': return `sum(i = ${linToString(e.lo)}..${linToString(e.hi)}, (${T.termToString(e.g)})^i/i!)`;
    case 'pow': return `(${T.termToString(e.base)})^(${linToString(e.e)})`;
    case 'neg': return `-(${showD(e.a)})`;
    case 'sum': return `sum(${e.index} = ${linToString(e.lo)}..${linToString(e.hi)}, ${showD(e.body)})`;
    case 'deriv': return `d^(${linToString(e.order)}) ${showD(e.body)}`;
    default: return `(${showD(e.a)} ${e.k} ${showD(e.b)})`;
  }
}

// ---------------------------------------------------------------- substitution

function substC(c: CExpr, name: string, by: Lin): CExpr {
  switch (c.k) {
    case 'num': return c;
    case 'lin': return { k: 'lin', l: substLin(c.l, name, by) };
    case 'stirling1': return { k: 'stirling1', n: substLin(c.n, name, by), m: substLin(c.m, name, by) };
    case 'neg': return { k: 'neg', a: substC(c.a, name, by) };
    default: return { k: c.k, a: substC(c.a, name, by), b: substC(c.b, name, by) };
  }
}

let freshCounter = 0;

/** e with the integer `name` replaced by `by` (bound indices renamed apart first). */
export function substD(e: DExpr, name: string, by: Lin): DExpr {
  switch (e.k) {
    case 'conc': return e;
    case 'coef': return { k: 'coef', c: substC(e.c, name, by) };
    case 'expsum': return { ...e, lo: substLin(e.lo, name, by), hi: substLin(e.hi, name, by) };
    case 'pow': return { ...e, e: substLin(e.e, name, by) };
    case 'neg': return { k: 'neg', a: substD(e.a, name, by) };
    case 'sum': {
      if (e.index === name) return { ...e, lo: substLin(e.lo, name, by), hi: substLin(e.hi, name, by) };
      const fresh = `${e.index}%${++freshCounter}`;
      const body = substD(substD(e.body, e.index, linVar(fresh)), name, by);
      return { k: 'sum', index: fresh, lo: substLin(e.lo, name, by), hi: substLin(e.hi, name, by), body };
    }
    case 'deriv': return { k: 'deriv', order: substLin(e.order, name, by), body: substD(e.body, name, by) };
    default: return { k: e.k, a: substD(e.a, name, by), b: substD(e.b, name, by) };
  }
}

// ---------------------------------------------------------------- coefficients

interface Stirling { readonly n: Lin; readonly m: Lin }

/** Stirling atoms by their polynomial variable name (the name is a function of the atom). */
const stirlingAtoms = new Map<string, Stirling>();

function stirlingName(n: Lin, m: Lin): string {
  const name = `stirling1(${linToString(n)}, ${linToString(m)})`;
  if (!stirlingAtoms.has(name)) stirlingAtoms.set(name, { n, m });
  return name;
}

function linPoly(l: Lin): Poly {
  let p = Poly.constant(Rational.of(l.c));
  for (const [v, c] of l.v) p = p.add(Poly.variable(v).scale(Rational.of(c)));
  return p;
}

function cPoly(c: CExpr): Poly {
  switch (c.k) {
    case 'num': return Poly.constant(c.v);
    case 'lin': return linPoly(c.l);
    case 'stirling1': return Poly.variable(stirlingName(c.n, c.m));
    case 'neg': return cPoly(c.a).neg();
    case '+': return cPoly(c.a).add(cPoly(c.b));
    case '-': return cPoly(c.a).sub(cPoly(c.b));
    case '*': return cPoly(c.a).mul(cPoly(c.b));
  }
}

/** p with every variable v replaced by f(v) (undefined: kept). */
function mapVars(p: Poly, f: (v: string) => Poly | undefined): Poly {
  let out = Poly.ZERO;
  for (const { mono, coef } of p.sortedTerms()) {
    let t = Poly.constant(coef);
    for (const [v, e] of mono) t = t.mul((f(v) ?? Poly.variable(v)).pow(e));
    out = out.add(t);
  }
  return out;
}

/** p with the integer `name` replaced by the linear form `by` (also inside Stirling atoms). */
function substPoly(p: Poly, name: string, by: Lin): Poly {
  return mapVars(p, (v) => {
    if (v === name) return linPoly(by);
    const s = stirlingAtoms.get(v);
    if (s && (s.n.v.has(name) || s.m.v.has(name))) return Poly.variable(stirlingName(substLin(s.n, name, by), substLin(s.m, name, by)));
    return undefined;
  });
}

function polyMentions(p: Poly, name: string): boolean {
  return p.vars().some((v) => v === name || (stirlingAtoms.get(v)?.n.v.has(name) ?? false) || (stirlingAtoms.get(v)?.m.v.has(name) ?? false));
}

// ---------------------------------------------------------------- monomials

interface Mono {
  readonly coef: Poly;
  readonly conc: Term;
  /** Symbolic powers by termKey of the base; exponents have no constant part. */
  readonly pows: ReadonlyMap<string, { readonly base: Term; readonly e: Lin }>;
  readonly fs?: { readonly g: Term; readonly lo: Lin; readonly hi: Lin };
  readonly dv?: { readonly order: Lin; readonly body: readonly Mono[] };
  /** Summed over the index `#` from lo to hi; `name` is the user's index, for messages only. */
  readonly range?: { readonly lo: Lin; readonly hi: Lin; readonly name?: string };
}

const unit: Mono = { coef: Poly.ONE, conc: T.ONE, pows: new Map() };

function monoMentions(m: Mono, name: string): boolean {
  return polyMentions(m.coef, name)
    || [...m.pows.values()].some((p) => p.e.v.has(name))
    || (m.fs !== undefined && (m.fs.lo.v.has(name) || m.fs.hi.v.has(name)))
    || (m.dv !== undefined && (m.dv.order.v.has(name) || m.dv.body.some((b) => monoMentions(b, name))));
}

/**
 * The symbolic powers of a monomial after a substitution, with the constant part of
 * every exponent moved into the concrete factor (b^(e + c) = b^e * b^c, as in `build`)
 * and a power whose exponent became constant dropped from `pows`.
 */
function splitPows(conc: Term, pows: ReadonlyMap<string, { readonly base: Term; readonly e: Lin }>): { conc: Term; pows: Map<string, { base: Term; e: Lin }> } {
  const out = new Map<string, { base: Term; e: Lin }>();
  let c = conc;
  for (const [k, p] of pows) {
    if (p.e.c !== 0n) c = T.mul(c, T.pow(p.base, Rational.of(p.e.c)));
    const v: Lin = { c: 0n, v: p.e.v };
    if (v.v.size > 0) out.set(k, { base: p.base, e: v });
  }
  return { conc: c, pows: out };
}

function substMono(m: Mono, name: string, by: Lin): Mono {
  const sp = splitPows(m.conc, new Map([...m.pows].map(([k, p]) => [k, { base: p.base, e: substLin(p.e, name, by) }] as const)));
  return {
    coef: substPoly(m.coef, name, by),
    conc: sp.conc,
    pows: sp.pows,
    ...(m.fs ? { fs: { g: m.fs.g, lo: substLin(m.fs.lo, name, by), hi: substLin(m.fs.hi, name, by) } } : {}),
    ...(m.dv ? { dv: { order: substLin(m.dv.order, name, by), body: m.dv.body.map((b) => substMono(b, name, by)) } } : {}),
    ...(m.range ? { range: { ...m.range, lo: substLin(m.range.lo, name, by), hi: substLin(m.range.hi, name, by) } } : {}),
  };
}

function mulMono(a: Mono, b: Mono): Mono {
  if (a.range && b.range) throw new NormalError('products of two sums with symbolic bounds are not supported');
  if (a.fs && b.fs) throw new NormalError('products of two exponential sums are not supported');
  if (a.dv && b.dv) throw new NormalError('products of two derivatives of symbolic order are not supported');
  const pows = new Map(a.pows);
  for (const [k, p] of b.pows) {
    const prev = pows.get(k);
    const e = prev ? linAdd(prev.e, p.e) : p.e;
    if (e.v.size === 0) pows.delete(k);
    else pows.set(k, { base: p.base, e });
  }
  const fs = a.fs ?? b.fs;
  const dv = a.dv ?? b.dv;
  const range = a.range ?? b.range;
  return { coef: a.coef.mul(b.coef), conc: T.mul(a.conc, b.conc), pows, ...(fs ? { fs } : {}), ...(dv ? { dv } : {}), ...(range ? { range } : {}) };
}

function scaleMono(m: Mono, p: Poly): Mono {
  return { ...m, coef: m.coef.mul(p) };
}

function monoToString(m: Mono): string {
  const parts: string[] = [];
  const c = m.coef.constantValue();
  if (c === undefined || !c.eq(Rational.ONE)) parts.push(`(${m.coef.toString()})`);
  if (T.termKey(m.conc) !== T.termKey(T.ONE)) parts.push(m.conc.k === 'add' ? `(${T.termToString(m.conc)})` : T.termToString(m.conc));
  for (const p of m.pows.values()) parts.push(`(${T.termToString(p.base)})^(${linToString(p.e)})`);
  if (m.fs) parts.push(`sum(i = ${linToString(m.fs.lo)}..${linToString(m.fs.hi)}, (${T.termToString(m.fs.g)})^i/i!)`);
  if (m.dv) parts.push(`d^(${linToString(m.dv.order)}) [${nfToString(m.dv.body)}]`);
  const body = parts.join(' * ') || '1';
  if (!m.range) return body;
  // The bound index is '#' inside the kernel: show the user's name (or i).
  const name = m.range.name ?? 'i';
  return `sum(# = ${linToString(m.range.lo)}..${linToString(m.range.hi)}, ${body})`.replace(/#\d*/g, name);
}

function nfToString(nf: readonly Mono[]): string {
  return nf.length === 0 ? '0' : nf.map(monoToString).join(' + ');
}

// ---------------------------------------------------------------- normalisation

interface Ctx {
  readonly x: string;
  readonly rules: ReadonlySet<string>;
  readonly hyps: readonly Lin[];
  readonly asm: Assumptions;
  /** How many sums enclose the expression being built (each binds its own `#depth`). */
  readonly depth?: number;
}

/** Longest sum of constant length that is unrolled, and farthest a range is extended. */
const MAX_UNROLL = 64;
/** Highest constant derivative order applied. */
const MAX_ORDER = 20;

function build(e: DExpr, ctx: Ctx): Mono[] {
  switch (e.k) {
    case 'conc':
      return [{ ...unit, conc: e.t }];
    case 'coef':
      return [{ ...unit, coef: cPoly(e.c) }];
    case 'expsum':
      return [{ ...unit, fs: { g: e.g, lo: e.lo, hi: e.hi } }];
    case 'pow': {
      // (b^c)^e = b^(c e) for an integer c (b^c is defined, so b != 0 when c < 0): powers
      // of powers of one base combine (beta^(2 t) with (beta^2)^t).
      if (e.base.k === 'pow' && e.base.exp.isInteger() && !e.base.exp.isZero() && e.e.v.size > 0) {
        return build({ k: 'pow', base: e.base.base, e: linScale(e.e, e.base.exp.num) }, ctx);
      }
      const c = e.e.c;
      const vpart: Lin = { c: 0n, v: e.e.v };
      const conc = c === 0n ? T.ONE : T.pow(e.base, Rational.of(c));
      return [{ ...unit, conc, pows: vpart.v.size === 0 ? new Map() : new Map([[T.termKey(e.base), { base: e.base, e: vpart }]]) }];
    }
    case 'neg':
      return build(e.a, ctx).map((m) => scaleMono(m, Poly.constant(Rational.MINUS_ONE)));
    case '+':
      return [...build(e.a, ctx), ...build(e.b, ctx)];
    case '-':
      return [...build(e.a, ctx), ...build(e.b, ctx).map((m) => scaleMono(m, Poly.constant(Rational.MINUS_ONE)))];
    case '*': {
      const a = build(e.a, ctx);
      const b = build(e.b, ctx);
      if (a.length * b.length > 4096) throw new NormalError('the expression is too large to expand');
      return a.flatMap((x) => b.map((y) => mulMono(x, y)));
    }
    case '/': {
      const b = build(e.b, ctx);
      const d = b.length === 1 ? b[0]! : undefined;
      const c = d?.coef.constantValue();
      if (!d || d.fs || d.dv || d.range || c === undefined || c.isZero()) {
        throw new NormalError(`can divide only by a number, a concrete series or a power b^e, not by ${dexprToString(e.b)}`);
      }
      const inv: Mono = {
        coef: Poly.constant(Rational.ONE.div(c)),
        conc: T.div(T.ONE, d.conc),
        pows: new Map([...d.pows].map(([k, p]) => [k, { base: p.base, e: linScale(p.e, -1n) }] as const)),
      };
      return build(e.a, ctx).map((m) => mulMono(m, inv));
    }
    case 'sum':
      return buildSum(e, ctx);
    case 'deriv': {
      const body = build(e.body, ctx);
      if (!ctx.rules.has('derivative')) return [{ ...unit, dv: { order: e.order, body } }];
      if (e.order.v.size === 0) {
        if (e.order.c < 0n || e.order.c > BigInt(MAX_ORDER)) throw new NormalError(`derivative order ${e.order.c} is outside 0..${MAX_ORDER}`);
        let cur = body;
        for (let i = 0n; i < e.order.c; i++) cur = differentiate(cur, ctx);
        return cur;
      }
      if (body.some((m) => m.range)) throw new NormalError('a derivative of symbolic order of a sum with symbolic bounds is not supported');
      return [{ ...unit, dv: { order: e.order, body } }];
    }
  }
}

function buildSum(e: Extract<DExpr, { k: 'sum' }>, ctx: Ctx): Mono[] {
  const len = linAdd(linSub(e.hi, e.lo), linConst(1n));
  if (len.v.size === 0) {
    // Constant length: unroll (a sum with hi < lo is 0).
    if (len.c > BigInt(MAX_UNROLL)) throw new NormalError(`the sum over ${e.index} has ${len.c} terms; at most ${MAX_UNROLL} are unrolled`);
    const out: Mono[] = [];
    for (let t = 0n; t < len.c; t++) out.push(...build(substD(e.body, e.index, linAdd(e.lo, linConst(t))), ctx));
    return out;
  }
  // While the body is built, the index is `#depth`, distinct at every nesting level
  // (a shared name would make an inner sum's range hypotheses contradict each other);
  // a summed monomial then binds the canonical `#`.
  const depth = ctx.depth ?? 0;
  const local = `${IDX}${depth}`;
  const body = build(substD(e.body, e.index, linVar(local)), {
    ...ctx, depth: depth + 1, hyps: [...ctx.hyps, linSub(linVar(local), e.lo), linSub(e.hi, linVar(local))],
  });
  return body.map((m) => {
    if (m.range) throw new NormalError('nested sums with symbolic bounds are not supported');
    if (monoMentions(m, local)) return { ...substMono(m, local, linVar(IDX)), range: { lo: e.lo, hi: e.hi, name: e.index.replace(/%h?\d+/g, '') } };
    if (!entails(ctx.hyps, len)) throw new NormalError(`cannot show that sum(${e.index} = ${linToString(e.lo)}..${linToString(e.hi)}, ...) has ${linToString(len)} >= 0 terms`);
    return scaleMono(m, linPoly(len));
  });
}

/** d/dx of a normal form (rule `derivative`). */
function differentiate(nf: readonly Mono[], ctx: Ctx): Mono[] {
  const out: Mono[] = [];
  const x = ctx.x;
  for (const m of nf) {
    const dc = diff(m.conc, x);
    out.push({ ...m, conc: dc });
    for (const p of m.pows.values()) {
      out.push({ ...m, coef: m.coef.mul(linPoly(p.e)), conc: T.mul(m.conc, T.div(diff(p.base, x), p.base)) });
    }
    if (m.fs) {
      const { g, lo, hi } = m.fs;
      let newLo: Lin;
      if (linEq(lo, linConst(0n))) newLo = lo;
      else if (entails(ctx.hyps, linSub(lo, linConst(1n)))) newLo = linSub(lo, linConst(1n));
      else throw new NormalError(`d/d${x} sum(i = ${linToString(lo)}..${linToString(hi)}, g^i/i!) needs the lower end to be 0 or provably >= 1`);
      out.push({ ...m, conc: T.mul(m.conc, diff(g, x)), fs: { g, lo: newLo, hi: linSub(hi, linConst(1n)) } });
    }
    if (m.dv) out.push({ ...m, dv: { order: linAdd(m.dv.order, linConst(1n)), body: m.dv.body } });
  }
  return out;
}

// ---------------------------------------------------------------- canonical form

/** Concrete factors, identified up to a rational factor through the exp-log normal form. */
class ConcRegistry {
  /** Normal forms (one context, so equal atoms coincide, as in decideEqual); undefined: not normalisable. */
  private readonly entries: { nf: RatFunc | undefined; key: string }[] = [];
  private readonly ctx: NormalContext;
  constructor(asm: Assumptions) {
    this.ctx = new NormalContext(asm);
  }

  /** [id, factor] with t = factor * entry(id), or undefined when t is 0. */
  classify(t: Term): [number, Rational] | undefined {
    let nf: RatFunc | undefined;
    try {
      nf = this.ctx.reduceRoots(this.ctx.normalize(t));
    } catch (err) {
      if (!(err instanceof KernelError)) throw err;
    }
    if (nf?.isZero()) return undefined;
    const key = T.termKey(t);
    for (let i = 0; i < this.entries.length; i++) {
      const e = this.entries[i]!;
      if (e.key === key) return [i, Rational.ONE];
      const q = nf && e.nf ? nf.div(e.nf).constantValue() : undefined;
      if (q && !q.isZero()) return [i, q];
    }
    this.entries.push({ nf, key });
    return [this.entries.length - 1, Rational.ONE];
  }
}

/** Stirling rewriting (rule `stirling1`) of a coefficient, under hypotheses. */
function stirlingReduce(p: Poly, hyps: readonly Lin[], mins: ReadonlyMap<string, bigint>, cited: boolean): Poly {
  for (let round = 0; round < 64; round++) {
    let changed = false;
    const next = mapVars(p, (v) => {
      const s = stirlingAtoms.get(v);
      if (!s) return undefined;
      if (s.n.v.size === 0 && s.m.v.size === 0) {
        if (s.n.c < 0n) throw new NormalError(`stirling1(${s.n.c}, ${s.m.c}) is undefined (the first argument must be >= 0)`);
        if (s.n.c > 2000n) return undefined;
        changed = true;
        return Poly.constant(Rational.of(stirling1(Number(s.n.c), Number(s.m.c))));
      }
      if (!cited) return undefined;
      if (!entails(hyps, s.n)) throw new NormalError(`cannot show ${linToString(s.n)} >= 0 for stirling1(${linToString(s.n)}, ${linToString(s.m)})`);
      if (entails(hyps, linSub(linConst(-1n), s.m)) || entails(hyps, linSub(linSub(s.m, s.n), linConst(1n)))) {
        changed = true;
        return Poly.ZERO;
      }
      if (linEq(s.n, s.m)) {
        changed = true;
        return Poly.ONE;
      }
      // [n 0] = 0 for n >= 1 (x(x+1)...(x+n-1) has no constant term when n >= 1).
      if (linEq(s.m, linConst(0n)) && entails(hyps, linSub(s.n, linConst(1n)))) {
        changed = true;
        return Poly.ZERO;
      }
      const min = mins.get(linToString({ c: 0n, v: s.n.v }));
      if (min !== undefined && s.n.c > min) {
        const n1 = linSub(s.n, linConst(1n));
        if (!entails(hyps, n1)) throw new NormalError(`the recurrence of stirling1(${linToString(s.n)}, m) needs ${linToString(n1)} >= 0`);
        changed = true;
        return Poly.variable(stirlingName(n1, linSub(s.m, linConst(1n)))).add(linPoly(n1).mul(Poly.variable(stirlingName(n1, s.m))));
      }
      return undefined;
    });
    p = next;
    if (!changed) return p;
  }
  throw new NormalError('the Stirling recurrence did not terminate');
}

function rangeHyps(m: Mono, hyps: readonly Lin[]): Lin[] {
  return m.range ? [...hyps, linSub(linVar(IDX), m.range.lo), linSub(m.range.hi, linVar(IDX))] : [...hyps];
}

function allMonos(nf: readonly Mono[]): Mono[] {
  return nf.flatMap((m) => [m, ...(m.dv ? allMonos(m.dv.body) : [])]);
}

function applyStirling(nf: Mono[], ctx: Ctx): Mono[] {
  const mins = new Map<string, bigint>();
  if (ctx.rules.has('stirling1')) {
    for (const m of allMonos(nf)) {
      for (const v of m.coef.vars()) {
        const s = stirlingAtoms.get(v);
        if (!s || s.n.v.size === 0) continue;
        const key = linToString({ c: 0n, v: s.n.v });
        const prev = mins.get(key);
        if (prev === undefined || s.n.c < prev) mins.set(key, s.n.c);
      }
    }
  }
  const cited = ctx.rules.has('stirling1');
  return nf.map((m) => ({ ...m, coef: stirlingReduce(m.coef, rangeHyps(m, ctx.hyps), mins, cited) }));
}

/** Shifts summed monomials so an exp sum's upper end reads B - # (rule `reindex`). */
function shift(m: Mono): Mono {
  if (!m.range || !m.fs) return m;
  const c = m.fs.hi.v.get(IDX);
  if (c !== 1n && c !== -1n) return m;
  const b = m.fs.hi.c;
  if (b === 0n) return m;
  // hi = B + b - #: put # = #' + b; hi = B + b + #: put # = #' - b.
  const s = c === -1n ? b : -b;
  const moved = substMono(withoutRange(m), IDX, linAdd(linVar(IDX), linConst(s)));
  return { ...moved, range: { ...m.range, lo: linSub(m.range.lo, linConst(s)), hi: linSub(m.range.hi, linConst(s)) } };
}

function constDiff(a: Lin, b: Lin): bigint | undefined {
  const d = linSub(a, b);
  return d.v.size === 0 ? d.c : undefined;
}

interface Keyed {
  readonly m: Mono;
  readonly shape: string;
}

/** Extends summed monomials of one shape to a common range (rule `reindex`), peeling off boundary terms. */
function mergeRanges(items: Keyed[], ctx: Ctx): Keyed[] {
  const out: Keyed[] = [];
  const groups = new Map<string, Keyed[]>();
  for (const it of items) {
    if (!it.m.range) out.push(it);
    else groups.set(it.shape, [...(groups.get(it.shape) ?? []), it]);
  }
  for (const group of groups.values()) {
    const ref = group[0]!.m.range!;
    let lo = ref.lo;
    let hi = ref.hi;
    const ok = group.filter((it) => {
      const r = it.m.range!;
      const dl = constDiff(r.lo, ref.lo);
      const dh = constDiff(r.hi, ref.hi);
      return dl !== undefined && dh !== undefined && entails(ctx.hyps, linAdd(linSub(r.hi, r.lo), linConst(1n)));
    });
    for (const it of ok) {
      if (constDiff(it.m.range!.lo, lo)! < 0n) lo = it.m.range!.lo;
      if (constDiff(it.m.range!.hi, hi)! > 0n) hi = it.m.range!.hi;
    }
    for (const it of group) {
      if (!ok.includes(it)) {
        out.push(it);
        continue;
      }
      const r = it.m.range!;
      const below = constDiff(r.lo, lo)!;
      const above = constDiff(hi, r.hi)!;
      if (below > BigInt(MAX_UNROLL) || above > BigInt(MAX_UNROLL)) {
        out.push(it);
        continue;
      }
      const plain: Mono = withoutRange(it.m);
      for (let t = 0n; t < below; t++) {
        out.push({ m: scaleMono(substMono(plain, IDX, linAdd(lo, linConst(t))), Poly.constant(Rational.MINUS_ONE)), shape: '' });
      }
      for (let t = 1n; t <= above; t++) {
        out.push({ m: scaleMono(substMono(plain, IDX, linAdd(r.hi, linConst(t))), Poly.constant(Rational.MINUS_ONE)), shape: '' });
      }
      out.push({ m: { ...it.m, range: { ...it.m.range!, lo, hi } }, shape: it.shape });
    }
  }
  return out;
}

function withoutRange(m: Mono): Mono {
  const { range, ...rest } = m;
  void range;
  return rest;
}

/** The canonical form of e - f (a list of monomials with nonzero coefficients; [] means e = f). */
function normalizeDifference(e: DExpr, f: DExpr, ctx: Ctx): Mono[] {
  let nf = build({ k: '-', a: e, b: f }, ctx);
  nf = applyStirling(nf, ctx);
  const reg = new ConcRegistry(ctx.asm);
  const shapeOf = (m: Mono): [string, Mono] | undefined => {
    const c = reg.classify(m.conc);
    if (!c) return undefined;
    const [id, q] = c;
    const pows = [...m.pows.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, p]) => `${k}^${linToString(p.e)}`).join(',');
    const fs = m.fs ? `${T.termKey(m.fs.g)}|${linToString(m.fs.lo)}|${linToString(m.fs.hi)}` : '';
    const dv = m.dv ? `${linToString(m.dv.order)}[${canonicalBody(m.dv.body)}]` : '';
    return [`${id};${pows};${fs};${dv}`, q.eq(Rational.ONE) ? m : scaleMono(m, Poly.constant(q))];
  };
  let items: Keyed[] = [];
  for (const m0 of nf) {
    const m = ctx.rules.has('reindex') ? shift(m0) : m0;
    const s = shapeOf(m);
    if (s) items.push({ m: s[1], shape: s[0] });
  }
  if (ctx.rules.has('reindex')) {
    items = mergeRanges(items, ctx);
    // Boundary terms: Stirling values at the ends, then their shapes.
    items = items.map((it) => {
      if (it.shape !== '') return it;
      const [m] = applyStirling([it.m], ctx);
      const s = shapeOf(m!);
      return s ? { m: s[1], shape: s[0] } : { m: { ...m!, coef: Poly.ZERO }, shape: 'zero' };
    });
  }
  const collected = new Map<string, Mono>();
  for (const it of items) {
    const key = `${it.m.range ? `${linToString(it.m.range.lo)}..${linToString(it.m.range.hi)}` : ''}#${it.shape}`;
    const prev = collected.get(key);
    collected.set(key, prev ? { ...prev, coef: prev.coef.add(it.m.coef) } : it.m);
  }
  const rest = [...collected.values()].filter((m) => !m.coef.isZero());
  return rest.length > 1 ? combineConcrete(rest, ctx.asm) : rest;
}

/**
 * Collects monomials that differ only in their concrete factors (the registry
 * identifies those only up to a rational factor): grouped by everything but the
 * concrete factor, and within a group by each monomial of the coefficient polynomial
 * in the symbolic integers, the concrete factors' combination sum_i c_i conc_i is
 * normalised by the exp-log normal form and dropped when it is 0. Sound: the
 * difference is the sum over groups and symbolic monomials of (that monomial) *
 * (structure) * (the combination), an identity of the same kind as the registry's.
 * When a combination cannot be normalised the monomials are returned unchanged.
 */
function combineConcrete(nf: readonly Mono[], asm: Assumptions): Mono[] {
  const groups = new Map<string, { m: Mono; mono: Monomial; terms: Term[] }>();
  for (const m of nf) {
    const shape = monoKey({ ...m, coef: Poly.ONE, conc: T.ONE });
    for (const t of m.coef.sortedTerms()) {
      const key = `${shape}|${JSON.stringify(t.mono)}`;
      const g = groups.get(key) ?? { m, mono: t.mono, terms: [] };
      g.terms.push(T.mul(T.num(t.coef), m.conc));
      groups.set(key, g);
    }
  }
  const ctx = new NormalContext(asm);
  const out: Mono[] = [];
  for (const g of groups.values()) {
    try {
      const rf = ctx.reduceRoots(ctx.normalize(T.add(...g.terms)));
      if (!rf.isZero()) out.push({ ...g.m, coef: Poly.monomial(g.mono, Rational.ONE), conc: ctx.toTerm(rf) });
    } catch (err) {
      if (err instanceof KernelError) return [...nf];
      throw err;
    }
  }
  return out;
}

/** An injective key of a monomial (termKey for terms; never the display text). */
function monoKey(m: Mono): string {
  const coef = JSON.stringify(m.coef.sortedTerms().map((t) => [t.coef.toString(), t.mono]));
  const pows = [...m.pows.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, p]) => [k, linToString(p.e)]);
  return JSON.stringify([
    coef, T.termKey(m.conc), pows,
    m.fs ? [T.termKey(m.fs.g), linToString(m.fs.lo), linToString(m.fs.hi)] : null,
    m.dv ? [linToString(m.dv.order), canonicalBody(m.dv.body)] : null,
    m.range ? [linToString(m.range.lo), linToString(m.range.hi)] : null,
  ]);
}

/**
 * Whether a = b follows by the given rules under the hypotheses (each h >= 0 on the
 * symbolic integers), and if not, why. For tests and the session; never throws for
 * unsupported input.
 */
export function equalByRules(
  a: DExpr,
  b: DExpr,
  rules: readonly string[],
  opts: { readonly x: string; readonly hyps: readonly Lin[]; readonly asm: Assumptions },
): { readonly equal: true } | { readonly equal: false; readonly reason: string } {
  try {
    const d = normalizeDifference(a, b, { x: opts.x, rules: new Set(rules), hyps: opts.hyps, asm: opts.asm });
    return d.length === 0 ? { equal: true } : { equal: false, reason: `the difference of the two sides normalises to ${nfToString(d)}, not 0` };
  } catch (err) {
    if (err instanceof NormalError) return { equal: false, reason: err.message };
    if (err instanceof KernelError) return { equal: false, reason: `${err.code}: ${err.message}` };
    throw err;
  }
}

/** A canonical key for the body of an opaque derivative (sound: equal keys, equal bodies). */
function canonicalBody(body: readonly Mono[]): string {
  return JSON.stringify(body.map(monoKey).sort());
}

// ---------------------------------------------------------------- matching the hypothesis

type Binds = Map<string, Lin>;

function matchLin(p: Lin, t: Lin, free: ReadonlySet<string>, binds: Binds): boolean {
  let q = p;
  for (const [n, v] of binds) q = substLin(q, n, v);
  const unbound = [...q.v.keys()].filter((n) => free.has(n));
  if (unbound.length === 0) return linEq(q, t);
  if (unbound.length > 1 || q.v.get(unbound[0]!) !== 1n) return false;
  const name = unbound[0]!;
  binds.set(name, linSub(t, linSub(q, linVar(name))));
  return true;
}

function matchC(p: CExpr, t: CExpr, free: ReadonlySet<string>, binds: Binds): boolean {
  if (p.k !== t.k) return false;
  switch (p.k) {
    case 'num': return p.v.eq((t as typeof p).v);
    case 'lin': return matchLin(p.l, (t as typeof p).l, free, binds);
    case 'stirling1': return matchLin(p.n, (t as typeof p).n, free, binds) && matchLin(p.m, (t as typeof p).m, free, binds);
    case 'neg': return matchC(p.a, (t as typeof p).a, free, binds);
    default: return matchC(p.a, (t as typeof p).a, free, binds) && matchC(p.b, (t as typeof p).b, free, binds);
  }
}

function matchD(p: DExpr, t: DExpr, free: ReadonlySet<string>, binds: Binds): boolean {
  if (p.k !== t.k) return false;
  switch (p.k) {
    case 'conc': return T.termKey(p.t) === T.termKey((t as typeof p).t);
    case 'coef': return matchC(p.c, (t as typeof p).c, free, binds);
    case 'expsum': {
      const u = t as typeof p;
      return T.termKey(p.g) === T.termKey(u.g) && matchLin(p.lo, u.lo, free, binds) && matchLin(p.hi, u.hi, free, binds);
    }
    case 'pow': return T.termKey(p.base) === T.termKey((t as typeof p).base) && matchLin(p.e, (t as typeof p).e, free, binds);
    case 'neg': return matchD(p.a, (t as typeof p).a, free, binds);
    case 'sum': {
      const u = t as typeof p;
      if (!matchLin(p.lo, u.lo, free, binds) || !matchLin(p.hi, u.hi, free, binds)) return false;
      return matchD(substD(p.body, p.index, linVar(u.index)), u.body, free, binds);
    }
    case 'deriv': return matchLin(p.order, (t as typeof p).order, free, binds) && matchD(p.body, (t as typeof p).body, free, binds);
    default: {
      const u = t as typeof p;
      return matchD(p.a, u.a, free, binds) && matchD(p.b, u.b, free, binds);
    }
  }
}

// ---------------------------------------------------------------- the session

export interface InductionParam {
  readonly name: string;
  readonly lo: Lin;
  readonly hi?: Lin;
}

type ChainKind = 'base' | 'step';

/**
 * A theorem `for all params: lhs = rhs` proved by induction on `on`. Call
 * `startChain`, then `link` for every step, then `endChain`, once for the base
 * chain and once for the step chain (in either order); `certificate()` mints the
 * certificate only when both chains were completed and no link failed.
 */
export class InductionSession {
  private readonly done = new Set<ChainKind>();
  private current: ChainKind | undefined;
  private failed = false;
  private readonly k0: Lin;

  constructor(
    readonly x: string,
    readonly params: readonly InductionParam[],
    readonly on: string,
    readonly lhs: DExpr,
    readonly rhs: DExpr,
    readonly asm: Assumptions,
  ) {
    if (!InductionSession.wellFounded(params, on)) throw new Error(`induction on ${on} needs a parameter with a constant lower bound (check wellFounded first)`);
    this.k0 = params.find((q) => q.name === on)!.lo;
  }

  /** Whether the induction parameter has a constant lower bound (required). */
  static wellFounded(params: readonly InductionParam[], on: string): boolean {
    const p = params.find((q) => q.name === on);
    return p !== undefined && p.lo.v.size === 0;
  }

  /** Constraints of the parameters with the induction parameter set to `at`. */
  private constraints(at: Lin): Lin[] {
    const out: Lin[] = [];
    for (const p of this.params) {
      if (p.name === this.on) continue;
      out.push(substLin(linSub(linVar(p.name), p.lo), this.on, at));
      if (p.hi) out.push(substLin(linSub(p.hi, linVar(p.name)), this.on, at));
    }
    return out;
  }

  private hypsFor(kind: ChainKind): Lin[] {
    if (kind === 'base') return this.constraints(this.k0);
    const k = linVar(this.on);
    const p = this.params.find((q) => q.name === this.on)!;
    const out = [linSub(k, this.k0), ...this.constraints(linAdd(k, linConst(1n)))];
    if (p.hi) out.push(linSub(linSub(p.hi, k), linConst(1n)));
    return out;
  }

  private at(kind: ChainKind, e: DExpr): DExpr {
    return substD(e, this.on, kind === 'base' ? this.k0 : linAdd(linVar(this.on), linConst(1n)));
  }

  private equal(kind: ChainKind, a: DExpr, b: DExpr, rules: readonly string[]): string | undefined {
    const r = equalByRules(a, b, rules, { x: this.x, hyps: this.hypsFor(kind), asm: this.asm });
    return r.equal ? undefined : r.reason;
  }

  /** Begins a chain at `start`: the statement's left side at k0 (base) or at k + 1 (step). */
  startChain(start: DExpr): LemmaResult & { readonly kind?: ChainKind } {
    const kinds: ChainKind[] = ['base', 'step'];
    const why: string[] = [];
    for (const kind of kinds) {
      const w = this.equal(kind, start, this.at(kind, this.lhs), []);
      if (w === undefined) {
        this.current = kind;
        return { ok: true, lemma: kind, kind };
      }
      why.push(w);
    }
    this.failed = true;
    const k1 = linToString(linAdd(linVar(this.on), linConst(1n)));
    // A comparison that could not be carried out (an unsupported shape) is worth showing.
    const unsupported = why.find((w) => !w.startsWith('the difference of the two sides'));
    return {
      ok: false,
      reason: `a chain must start at the statement's left side at ${this.on} = ${linToString(this.k0)} (the base: ${dexprToString(this.at('base', this.lhs))}) or at ${k1} (the step: ${dexprToString(this.at('step', this.lhs))}), found ${dexprToString(start)}${unsupported ? ` (comparing them: ${unsupported})` : ''}`,
    };
  }

  /** Checks the link `left = right` of the current chain by the cited rules. */
  link(left: DExpr, right: DExpr, rules: readonly string[]): LemmaResult {
    const kind = this.current;
    if (!kind) {
      this.failed = true;
      return { ok: false, reason: 'no chain is open' };
    }
    for (const r of rules) {
      if (!(INDUCTION_RULES as readonly string[]).includes(r)) {
        this.failed = true;
        return { ok: false, reason: `'${r}' is not a rule of induction proofs (${INDUCTION_RULES.join(', ')})` };
      }
    }
    let l = left;
    let r = right;
    if (rules.includes('induction')) {
      if (kind === 'base') {
        this.failed = true;
        return { ok: false, reason: `the induction hypothesis is not available in the base case (${this.on} = ${linToString(this.k0)})` };
      }
      const used: string[] = [];
      const sub = (e: DExpr): DExpr | string => this.useHypothesis(e, this.hypsFor('step'), used);
      const l2 = sub(l);
      const r2 = sub(r);
      if (typeof l2 === 'string') return this.fail(l2);
      if (typeof r2 === 'string') return this.fail(r2);
      if (used.length === 0) return this.fail(`the step does not use the induction hypothesis: no occurrence of ${dexprToString(this.lhs)} (with ${this.on} as it is) on either side`);
      l = l2;
      r = r2;
    }
    const why = this.equal(kind, l, r, rules);
    if (why !== undefined) return this.fail(why);
    return { ok: true, lemma: rules.join(', ') };
  }

  private fail(reason: string): LemmaResult {
    this.failed = true;
    return { ok: false, reason };
  }

  /** Ends the current chain at `end`, which must be the statement's right side there. */
  endChain(end: DExpr): LemmaResult {
    const kind = this.current;
    this.current = undefined;
    if (!kind) return this.fail('no chain is open');
    const want = this.at(kind, this.rhs);
    const why = this.equal(kind, end, want, []);
    if (why !== undefined) return this.fail(`the ${kind} chain must end at ${dexprToString(want)}, but it ends at ${dexprToString(end)}`);
    this.done.add(kind);
    return { ok: true, lemma: kind };
  }

  /** What is still missing, or undefined when both chains are complete. */
  missing(): string | undefined {
    if (!this.done.has('base')) return `the base case (${this.on} = ${linToString(this.k0)}) is not proved: give a chain from ${dexprToString(this.at('base', this.lhs))} to ${dexprToString(this.at('base', this.rhs))}`;
    if (!this.done.has('step')) return `the induction step is not proved: give a chain from ${dexprToString(this.at('step', this.lhs))} to ${dexprToString(this.at('step', this.rhs))}`;
    return undefined;
  }

  certificate(): Certificate | undefined {
    if (this.failed || this.missing() !== undefined) return undefined;
    const ranges = this.params.map((p) => p.hi ? `${linToString(p.lo)} <= ${p.name} <= ${linToString(p.hi)}` : `${p.name} >= ${linToString(p.lo)}`).join(', ');
    return Certificate.mint(KERNEL_KEY, `for all integers ${ranges}: ${dexprToString(this.lhs)} = ${dexprToString(this.rhs)}`, `induction on ${this.on}`);
  }

  /**
   * e with every occurrence of the statement's left side at the current k (the other
   * parameters matched) replaced by its right side; a string explains a failure.
   */
  private useHypothesis(e: DExpr, hyps: readonly Lin[], used: string[]): DExpr | string {
    const free = new Set(this.params.map((p) => p.name).filter((n) => n !== this.on));
    const walk = (t: DExpr, ctx: readonly Lin[]): DExpr | string => {
      const binds: Binds = new Map();
      if (matchD(this.lhs, t, free, binds)) {
        // Rename the other parameters apart so that binding j := j - 1 cannot capture.
        let rhs = this.rhs;
        const tmp = new Map<string, string>();
        for (const n of free) {
          const fresh = `${n}%h${++freshCounter}`;
          tmp.set(n, fresh);
          rhs = substD(rhs, n, linVar(fresh));
        }
        for (const n of free) {
          const v = binds.get(n);
          if (!v) return `the hypothesis is used at ${dexprToString(t)}, where '${n}' is not determined`;
          for (const c of this.constraints(linVar(this.on))) {
            if (!c.v.has(n)) continue;
            let inst = c;
            for (const [m, w] of binds) inst = substLin(inst, m, w);
            if (!entails([...hyps, ...ctx], inst)) {
              return `the hypothesis holds for ${this.paramRange(n)}, but it is used at ${dexprToString(t)} with ${n} = ${linToString(v)}, and ${linToString(inst)} >= 0 does not follow`;
            }
          }
          rhs = substD(rhs, tmp.get(n)!, v);
        }
        used.push(dexprToString(t));
        return rhs;
      }
      switch (t.k) {
        case 'conc': case 'coef': case 'expsum': case 'pow':
          return t;
        case 'neg': {
          const a = walk(t.a, ctx);
          return typeof a === 'string' ? a : { k: 'neg', a };
        }
        case 'sum': {
          const body = walk(t.body, [...ctx, linSub(linVar(t.index), t.lo), linSub(t.hi, linVar(t.index))]);
          return typeof body === 'string' ? body : { ...t, body };
        }
        case 'deriv': {
          const body = walk(t.body, ctx);
          return typeof body === 'string' ? body : { ...t, body };
        }
        default: {
          const a = walk(t.a, ctx);
          if (typeof a === 'string') return a;
          const b = walk(t.b, ctx);
          return typeof b === 'string' ? b : { k: t.k, a, b };
        }
      }
    };
    return walk(e, []);
  }

  private paramRange(n: string): string {
    const p = this.params.find((q) => q.name === n)!;
    return p.hi ? `${linToString(p.lo)} <= ${n} <= ${linToString(p.hi)}` : `${n} >= ${linToString(p.lo)}`;
  }
}
