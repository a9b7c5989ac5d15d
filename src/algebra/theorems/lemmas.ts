/**
 * The lemma kernel: proofs for every value of symbolic integers. TRUSTED KERNEL.
 *
 * A theorem such as "for all j >= 0, k in 0..j: [p^k] sum(i = 0..j, L^i/i!) = 1"
 * cannot be decided by expanding series (j is symbolic), so it is proved by a
 * chain of lemma instances. This module owns:
 *
 * - `Lin`: integer-linear expressions over the symbolic integers (j, k, n), and
 *   `entails(hyps, e)`, which decides "hyps imply e >= 0 for every integer
 *   assignment" soundly by Fourier–Motzkin elimination with integer tightening
 *   (a refutation of hyps ∧ e <= -1 over Q is one over Z).
 * - A small series language: linear combinations of atoms, an atom being a
 *   concrete series term (a kernel Term in the series variable, no symbolic
 *   integer) or an exponential sum sum(i = lo..hi, g^i/i!) with lo, hi linear
 *   (hi may be infinite).
 * - Statements: `A = B`, `val(A) >= b`, `[x^K] A REL c` (REL one of = <= >= < >),
 *   and facts about a
 *   recursively given sequence (see `strongInductionStep`).
 * - Lemma schemas. Each checks that a step has the schema's shape and its side
 *   conditions hold (by exact series computation or `entails`) before it admits
 *   the step as an established fact.
 * - `LemmaSession`: runs a theorem's steps in order; only when every step was
 *   admitted and the final `done` derives the goal from established facts does
 *   `certificate()` mint a Certificate. Nothing outside this module can add a fact.
 *
 * Every lemma is a statement about formal power series over Q in one variable x
 * (see each schema for why it is sound); test/algebra/theorems/lemmas.test.ts exercises
 * each on random concrete instances with the series kernel.
 */
import { Certificate, KERNEL_KEY } from '../certificate.ts';
import { Rational } from '../numbers/rational.ts';
import * as T from '../containers/term.ts';
import type { Term } from '../containers/term.ts';
import { seriesOverQ } from '../containers/qseries.ts';
import { decideEqual } from '../decide/identity.ts';
import type { Series } from '../containers/series.ts';
import { inNonnegSeriesClass, inPositiveSeriesClass, nonnegSeriesRadius } from '../decide/positivity.ts';

// ---------------------------------------------------------------- linear integers

/** c + sum v[name] * name, with integer coefficients (zero coefficients omitted). */
export interface Lin {
  readonly c: bigint;
  readonly v: ReadonlyMap<string, bigint>;
}

export function linConst(c: bigint): Lin {
  return { c, v: new Map() };
}

export function linVar(name: string): Lin {
  return { c: 0n, v: new Map([[name, 1n]]) };
}

export function linAdd(a: Lin, b: Lin): Lin {
  const v = new Map(a.v);
  for (const [k, x] of b.v) {
    const y = (v.get(k) ?? 0n) + x;
    if (y === 0n) v.delete(k);
    else v.set(k, y);
  }
  return { c: a.c + b.c, v };
}

export function linScale(a: Lin, s: bigint): Lin {
  if (s === 0n) return linConst(0n);
  return { c: a.c * s, v: new Map([...a.v].map(([k, x]) => [k, x * s] as [string, bigint])) };
}

export function linSub(a: Lin, b: Lin): Lin {
  return linAdd(a, linScale(b, -1n));
}

export function linEq(a: Lin, b: Lin): boolean {
  const d = linSub(a, b);
  return d.c === 0n && d.v.size === 0;
}

export function linToString(a: Lin): string {
  const parts: string[] = [];
  for (const [k, x] of [...a.v].sort(([p], [q]) => (p < q ? -1 : 1))) {
    const mag = x < 0n ? -x : x;
    const t = mag === 1n ? k : `${mag}*${k}`;
    parts.push(parts.length === 0 ? (x < 0n ? `-${t}` : t) : x < 0n ? `- ${t}` : `+ ${t}`);
  }
  if (parts.length === 0) return a.c.toString();
  if (a.c !== 0n) parts.push(a.c < 0n ? `- ${-a.c}` : `+ ${a.c}`);
  return parts.join(' ');
}

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

/** Integer tightening of e >= 0: divide the variable part by its gcd g, floor the constant. Sound over Z. */
function tighten(e: Lin): Lin {
  let g = 0n;
  for (const x of e.v.values()) g = gcd(g, x);
  if (g <= 1n) return e;
  return { c: floorDiv(e.c, g), v: new Map([...e.v].map(([k, x]) => [k, x / g] as [string, bigint])) };
}

/** Most constraints Fourier–Motzkin may hold at once (guards against blow-up). */
const FM_MAX = 4000;

/**
 * Decides whether the constraints `hyps` (each meaning h >= 0) imply e >= 0 for every
 * integer assignment. Sound, incomplete: true only when hyps ∧ (-e - 1 >= 0) is
 * infeasible by Fourier–Motzkin elimination (each derived constraint is a
 * nonnegative combination of the inputs, tightened over Z). Throws: nothing.
 */
export function entails(hyps: readonly Lin[], e: Lin): boolean {
  let cs: Lin[] = [...hyps, linAdd(linScale(e, -1n), linConst(-1n))].map(tighten);
  for (;;) {
    if (cs.some((c) => c.v.size === 0 && c.c < 0n)) return true;
    cs = cs.filter((c) => c.v.size > 0);
    if (cs.length === 0) return false;
    const name = [...cs[0]!.v.keys()][0]!;
    const pos = cs.filter((c) => (c.v.get(name) ?? 0n) > 0n);
    const neg = cs.filter((c) => (c.v.get(name) ?? 0n) < 0n);
    const rest = cs.filter((c) => !c.v.has(name));
    if (rest.length + pos.length * neg.length > FM_MAX) return false;
    for (const p of pos) {
      for (const n of neg) {
        const a = p.v.get(name)!;
        const b = -n.v.get(name)!;
        rest.push(tighten(linAdd(linScale(p, b), linScale(n, a))));
      }
    }
    cs = rest;
  }
}

// ---------------------------------------------------------------- series language

/** A series atom: a concrete series term in x, sum(i = lo..hi, g^i/i!), or the power sum sum(i = lo..hi, g^i). */
export type Atom =
  | { readonly k: 'conc'; readonly t: Term }
  | { readonly k: 'expsum'; readonly g: Term; readonly lo: Lin; readonly hi: Lin | 'inf' }
  | { readonly k: 'geosum'; readonly g: Term; readonly lo: Lin; readonly hi: Lin | 'inf' };

/** A linear combination sum coef * atom (rational coefficients). */
export type Lc = readonly { readonly coef: Rational; readonly atom: Atom }[];

/** The relation of a coefficient statement [x^K] e REL c. */
export type CoeffRel = '=' | '<=' | '>=' | '<' | '>';

/** Statements the lemma kernel reasons about. */
export type Stmt =
  | { readonly k: 'eq'; readonly l: Lc; readonly r: Lc }
  | { readonly k: 'valge'; readonly e: Lc; readonly bound: Lin }
  /** [x^K] e REL value; `rel` absent means '='. */
  | { readonly k: 'coeff'; readonly e: Lc; readonly power: Lin; readonly value: Rational; readonly rel?: CoeffRel }
  /** l(x) REL r(x) as functions, for every x in the session's domain of x. */
  | { readonly k: 'fnrel'; readonly l: Lc; readonly r: Lc; readonly rel: Exclude<CoeffRel, '='> };

export function atomToString(a: Atom): string {
  if (a.k === 'conc') return T.termToString(a.t);
  const g = T.termToString(a.g);
  const gp = /^[A-Za-z0-9_]+$/.test(g) || /^[a-z]+\(.*\)$/.test(g) ? g : `(${g})`;
  return `sum(i = ${linToString(a.lo)}..${a.hi === 'inf' ? 'inf' : linToString(a.hi)}, ${gp}^i${a.k === 'expsum' ? '/i!' : ''})`;
}

export function lcToString(e: Lc): string {
  if (e.length === 0) return '0';
  return e
    .map(({ coef, atom }, i) => {
      const neg = coef.sign() < 0;
      const mag = coef.abs();
      const body = mag.eq(Rational.ONE) ? atomToString(atom) : `${mag}*${atomToString(atom)}`;
      return i === 0 ? (neg ? `-${body}` : body) : neg ? ` - ${body}` : ` + ${body}`;
    })
    .join('');
}

export function stmtToString(s: Stmt, x: string): string {
  switch (s.k) {
    case 'eq':
      return `${lcToString(s.l)} = ${lcToString(s.r)}`;
    case 'valge':
      return `val(${lcToString(s.e)}, ${x}) >= ${linToString(s.bound)}`;
    case 'coeff':
      return `[${x}^${linToString(s.power)}] ${lcToString(s.e)} ${s.rel ?? '='} ${s.value}`;
    case 'fnrel':
      return `${lcToString(s.l)} ${s.rel} ${lcToString(s.r)}`;
  }
}

function atomKey(a: Atom): string {
  if (a.k === 'conc') return `C${T.termKey(a.t)}`;
  return `${a.k === 'expsum' ? 'S' : 'G'}${T.termKey(a.g)}|${linToString(a.lo)}|${a.hi === 'inf' ? 'inf' : linToString(a.hi)}`;
}

/** Collects equal atoms and drops zero coefficients. */
function normalizeLc(e: Lc): Lc {
  const m = new Map<string, { coef: Rational; atom: Atom }>();
  for (const { coef, atom } of e) {
    const key = atomKey(atom);
    const prev = m.get(key);
    m.set(key, { coef: prev ? prev.coef.add(coef) : coef, atom });
  }
  return [...m.values()].filter((x) => !x.coef.isZero());
}

function single(e: Lc): { coef: Rational; atom: Atom } | undefined {
  const n = normalizeLc(e);
  return n.length === 1 ? n[0] : undefined;
}

// ---------------------------------------------------------------- lemma results

export type LemmaResult = { readonly ok: true; readonly lemma: string } | { readonly ok: false; readonly reason: string };

const ok = (lemma: string): LemmaResult => ({ ok: true, lemma });
const no = (reason: string): LemmaResult => ({ ok: false, reason });

/** The order to which concrete series are expanded for constant terms and valuations. */
const VAL_ORDER = 64;

/** The series of a concrete term in x to O(x^n), or undefined when not over Q. */
function seriesOf(t: Term, x: string, n: number): Series | undefined {
  const fv = T.freeVars(t);
  for (const v of fv) if (v !== x) return undefined;
  return seriesOverQ(t, x, n);
}

/**
 * The exact valuation of a concrete series term, or a lower bound VAL_ORDER when
 * its first VAL_ORDER coefficients vanish. undefined when it has no series over Q.
 */
function concreteValuation(t: Term, x: string): number | undefined {
  const s = seriesOf(t, x, VAL_ORDER);
  if (!s) return undefined;
  for (let k = 0; k < s.prec; k++) if (!s.coeff(k).isZero()) return k;
  return s.prec;
}

// ---------------------------------------------------------------- the session

/**
 * A theorem being proved: the series variable x, the hypotheses on the symbolic
 * integers (each h >= 0), the goal, and the facts established so far.
 */
export class LemmaSession {
  private readonly facts: Stmt[] = [];
  private failed = false;
  private finished = false;
  /** The goals (a chain such as 0 < [x^k] e < 1 is two); all must be derived. */
  private readonly goals: readonly Stmt[];
  /** Extra hypotheses of the case being derived (a case split of a function inequality). */
  private caseHyps: readonly Lin[] = [];

  /**
   * Requires: every Term in `goal` and in later statements is a concrete term whose
   * only free variable is x; `names` lists the symbolic integers (all Lin variables).
   * `xDomain` is the declared interval of x (needed only by a function inequality).
   */
  constructor(
    readonly x: string,
    readonly names: readonly string[],
    readonly hypotheses: readonly Lin[],
    goal: Stmt | readonly Stmt[],
    readonly xDomain?: T.VarAssumption,
  ) {
    this.goals = Array.isArray(goal) ? goal : [goal as Stmt];
  }

  private implies(e: Lin): boolean {
    return entails([...this.hypotheses, ...this.caseHyps], e);
  }

  hypothesesText(): string {
    return [...this.hypotheses, ...this.caseHyps].map((h) => `${linToString(h)} >= 0`).join(', ') || 'none';
  }

  /** Checks one step `stmt` against the cited lemmas; admits it as a fact on success. */
  step(stmt: Stmt, rules: readonly string[]): LemmaResult {
    const reasons: string[] = [];
    for (const r of rules) {
      const res = this.applyLemma(r, stmt);
      if (res.ok) {
        this.facts.push(stmt);
        return res;
      }
      reasons.push(`${r}: ${res.reason}`);
    }
    this.failed = true;
    return no(reasons.join('; '));
  }

  /** The final step: derive the goal from the facts with the cited lemmas. */
  done(rules: readonly string[]): LemmaResult {
    let res: LemmaResult = no('no goal');
    for (const g of this.goals) {
      res = g.k === 'fnrel' ? this.deriveFunctionRel(g, new Set(rules)) : this.derive(g, new Set(rules));
      if (!res.ok) break;
    }
    if (!res.ok) this.failed = true;
    else this.finished = true;
    return res;
  }

  /** A certificate for the goal under the hypotheses, if every step was admitted and `done` derived it. */
  certificate(): Certificate | undefined {
    if (this.failed || !this.finished) return undefined;
    const dom = this.goals.some((g) => g.k === 'fnrel') ? ` and every ${this.x} in ${domainText(this.xDomain)}` : '';
    const stmt = `for all integers ${this.names.join(', ')} with ${this.hypothesesText()}${dom}: ${this.goals.map((g) => stmtToString(g, this.x)).join(' and ')}`;
    return Certificate.mint(KERNEL_KEY, stmt, 'lemma chain');
  }

  private applyLemma(name: string, s: Stmt): LemmaResult {
    switch (name) {
      case 'exp_split':
        return this.expSplit(s);
      case 'exp_log':
        return this.expLog(s);
      case 'log_exp':
        return this.logExp(s);
      case 'val_tail':
      case 'val_pow':
        return this.valTail(s);
      case 'valuation':
        return this.valuationLemma(s);
      default:
        return no(`'${name}' is not a lemma that can justify this kind of step (lemmas: exp_split, exp_log, log_exp, val_tail, valuation; done uses coeff_below_val, geometric, exact, nonneg_closure)`);
    }
  }

  /**
   * exp_split: sum(i = 0..b, g^i/i!) = exp(g) - sum(i = b+1..inf, g^i/i!) when
   * val(g) >= 1 and b >= -1. Sound: exp(g) = sum_{i>=0} g^i/i! as formal power
   * series when g(0) = 0 (the sum converges formally: g^i has valuation >= i), and
   * splitting a convergent sum at b is exact.
   */
  private expSplit(s: Stmt): LemmaResult {
    if (s.k !== 'eq') return no('expects an equation');
    const tryDir = (l: Lc, r: Lc): LemmaResult => {
      const head = single(l);
      if (!head || !head.coef.eq(Rational.ONE) || head.atom.k !== 'expsum' || head.atom.hi === 'inf') {
        return no('the left side must be a finite sum(i = 0..b, g^i/i!)');
      }
      const { g, lo, hi } = head.atom;
      if (!linEq(lo, linConst(0n))) return no(`the sum must start at i = 0, found i = ${linToString(lo)}`);
      const rr = normalizeLc(r);
      const expPart = rr.find((t) => t.atom.k === 'conc');
      const tail = rr.find((t) => t.atom.k === 'expsum');
      if (rr.length !== 2 || !expPart || !tail) return no('the right side must be exp(g) - sum(i = b+1..inf, g^i/i!)');
      const e = expPart.atom as Extract<Atom, { k: 'conc' }>;
      const ta = tail.atom as Extract<Atom, { k: 'expsum' }>;
      if (!expPart.coef.eq(Rational.ONE) || !tail.coef.eq(Rational.MINUS_ONE)) return no('the right side must be exp(g) - sum(i = b+1..inf, g^i/i!) with coefficients 1 and -1');
      if (e.t.k !== 'fn' || e.t.name !== 'exp' || T.termKey(e.t.arg) !== T.termKey(g)) return no(`expected exp(${T.termToString(g)}) on the right side, found ${T.termToString(e.t)}`);
      if (T.termKey(ta.g) !== T.termKey(g)) return no(`the tail sums powers of ${T.termToString(ta.g)}, not of ${T.termToString(g)}`);
      if (ta.hi !== 'inf') return no('the tail must be infinite (upper end inf)');
      if (!linEq(ta.lo, linAdd(hi, linConst(1n)))) return no(`the tail must start at i = ${linToString(linAdd(hi, linConst(1n)))} (one past the upper end of the sum), found i = ${linToString(ta.lo)}`);
      const v = concreteValuation(g, this.x);
      if (v === undefined) return no(`cannot expand ${T.termToString(g)} as a power series over Q in ${this.x}`);
      if (v < 1) return no(`needs val(${T.termToString(g)}) >= 1, but its constant term is ${seriesOf(g, this.x, 1)!.coeff(0)}`);
      if (!this.implies(linAdd(hi, linConst(1n)))) return no(`needs ${linToString(hi)} >= -1 from the hypotheses (${this.hypothesesText()})`);
      return ok('exp_split');
    };
    const a = tryDir(s.l, s.r);
    if (a.ok) return a;
    const b = tryDir(s.r, s.l);
    return b.ok ? b : a;
  }

  /**
   * exp_log: exp(log h) = h when h(0) = 1. Sound: for h = 1 + u with val(u) >= 1,
   * log h = sum (-1)^(n+1) u^n/n has constant term 0 and exp(log h) = h is the
   * formal identity of the two series (both are the Taylor series of the
   * analytic functions at 0, and exp(log h) = h holds near 0).
   */
  private expLog(s: Stmt): LemmaResult {
    if (s.k !== 'eq') return no('expects an equation');
    const l = single(s.l);
    const r = single(s.r);
    if (!l || !r || l.atom.k !== 'conc' || r.atom.k !== 'conc' || !l.coef.eq(r.coef)) return no('expects exp(log(h)) = h');
    const tryDir = (a: Term, b: Term): LemmaResult => {
      if (a.k !== 'fn' || a.name !== 'exp' || a.arg.k !== 'fn' || a.arg.name !== 'log') return no(`expects exp(log(h)) on one side, found ${T.termToString(a)}`);
      const h = a.arg.arg;
      if (T.termKey(h) !== T.termKey(b) && decideEqual(h, b, new Map()).status !== 'proved') return no(`the other side ${T.termToString(b)} is not h = ${T.termToString(h)}`);
      const hs = seriesOf(h, this.x, 1);
      if (!hs) return no(`cannot expand ${T.termToString(h)} as a power series over Q in ${this.x}`);
      if (!hs.coeff(0).eq(Rational.ONE)) return no(`needs h(0) = 1, found h(0) = ${hs.coeff(0)}`);
      return ok('exp_log');
    };
    const a = tryDir(l.atom.t, r.atom.t);
    if (a.ok) return a;
    const b = tryDir(r.atom.t, l.atom.t);
    return b.ok ? b : a;
  }

  /** log_exp: log(exp g) = g when g(0) = 0 (the formal inverse of exp_log). */
  private logExp(s: Stmt): LemmaResult {
    if (s.k !== 'eq') return no('expects an equation');
    const l = single(s.l);
    const r = single(s.r);
    if (!l || !r || l.atom.k !== 'conc' || r.atom.k !== 'conc' || !l.coef.eq(r.coef)) return no('expects log(exp(g)) = g');
    const tryDir = (a: Term, b: Term): LemmaResult => {
      if (a.k !== 'fn' || a.name !== 'log' || a.arg.k !== 'fn' || a.arg.name !== 'exp') return no(`expects log(exp(g)) on one side, found ${T.termToString(a)}`);
      const g = a.arg.arg;
      if (T.termKey(g) !== T.termKey(b)) return no(`the other side is not g = ${T.termToString(g)}`);
      const gs = seriesOf(g, this.x, 1);
      if (!gs) return no(`cannot expand ${T.termToString(g)} as a power series over Q in ${this.x}`);
      if (!gs.coeff(0).isZero()) return no(`needs g(0) = 0, found ${gs.coeff(0)}`);
      return ok('log_exp');
    };
    const a = tryDir(l.atom.t, r.atom.t);
    if (a.ok) return a;
    const b = tryDir(r.atom.t, l.atom.t);
    return b.ok ? b : a;
  }

  /**
   * val_tail: val(c * sum(i = a..hi, g^i/i!)) >= v*a when val(g) = v >= 1 and a >= 0.
   * Sound: val(g^i) = i*val(g) (val is additive over products of series over a
   * field), val(u + w) >= min(val u, val w) extends to formally convergent sums,
   * and i >= a gives i*v >= a*v. The claimed bound b needs v*a - b >= 0.
   */
  private valTail(s: Stmt): LemmaResult {
    if (s.k !== 'valge') return no('expects val(sum(i = a..inf, g^i/i!), x) >= bound');
    const t = single(s.e);
    if (!t || t.atom.k !== 'expsum') return no(`expects the valuation of one sum(i = a..inf, g^i/i!), found ${lcToString(s.e)}`);
    const { g, lo } = t.atom;
    const v = concreteValuation(g, this.x);
    if (v === undefined) return no(`cannot expand ${T.termToString(g)} as a power series over Q in ${this.x}`);
    if (v < 1) return no(`needs val(${T.termToString(g)}) >= 1, found ${v}`);
    if (!this.implies(lo)) return no(`needs the lower end ${linToString(lo)} >= 0 from the hypotheses (${this.hypothesesText()})`);
    const best = linScale(lo, BigInt(v));
    if (!this.implies(linSub(best, s.bound))) {
      return no(`val(${T.termToString(g)}) = ${v}, so the tail has valuation >= ${linToString(best)}; that does not give >= ${linToString(s.bound)} under ${this.hypothesesText()}`);
    }
    return ok('val_tail');
  }

  /** valuation: val(c) >= b for a concrete series c, computed exactly (b must follow from the computed valuation). */
  private valuationLemma(s: Stmt): LemmaResult {
    if (s.k !== 'valge') return no('expects val(e, x) >= bound');
    const t = single(s.e);
    if (!t || t.atom.k !== 'conc') return no('expects the valuation of a concrete series');
    const v = concreteValuation(t.atom.t, this.x);
    if (v === undefined) return no(`cannot expand ${T.termToString(t.atom.t)} as a power series over Q in ${this.x}`);
    if (!this.implies(linSub(linConst(BigInt(v)), s.bound))) return no(`the valuation is ${v === VAL_ORDER ? `at least ${v}` : v}, which does not give >= ${linToString(s.bound)}`);
    return ok('valuation');
  }

  /** Rewrites atoms that are the single-atom left side of an established equation. */
  private rewrite(e: Lc, used: string[]): Lc {
    let cur = normalizeLc(e);
    for (let round = 0; round < 16; round++) {
      let changed = false;
      const next: { coef: Rational; atom: Atom }[] = [];
      for (const term of cur) {
        const fact = this.facts.find((f) => {
          if (f.k !== 'eq') return false;
          const l = single(f.l);
          return l !== undefined && atomKey(l.atom) === atomKey(term.atom);
        }) as Extract<Stmt, { k: 'eq' }> | undefined;
        if (!fact) {
          next.push(term);
          continue;
        }
        const l = single(fact.l)!;
        const scale = term.coef.div(l.coef);
        for (const r of fact.r) next.push({ coef: r.coef.mul(scale), atom: r.atom });
        used.push(`${lcToString(fact.l)} = ${lcToString(fact.r)}`);
        changed = true;
      }
      cur = normalizeLc(next);
      if (!changed) break;
    }
    return cur;
  }

  /**
   * done: derives [x^K] e REL c (REL one of = <= >= < >) from the facts. The
   * established equations rewrite e = sum coef_a * atom_a (the coefficient functional
   * [x^K] is linear, and each equation was admitted as an identity of series). Then
   * each atom contributes either an exact value of [x^K] atom_a:
   * - 0 by coeff_below_val when a fact val(atom) >= b and the hypotheses give K < b
   *   (sound: every coefficient below the valuation is 0);
   * - 1 by geometric when the atom is 1/(1 - x) and K >= 0 (sound: 1/(1-x) = sum x^n);
   * - computed exactly by `exact` when K is a constant;
   * - 1 or 0 by geometric for a power sum sum(i = lo..hi, x^i) (lo >= 0) when the
   *   hypotheses place K inside [lo, hi] or outside it (sound: its coefficient of x^K is
   *   1 exactly when lo <= K <= hi);
   * or only a sign, by nonneg_closure: [x^K] atom_a >= 0 (see `nonnegAtomReason`),
   * possibly strict, [x^K] atom_a > 0 (see `positiveAtomReason`).
   *
   * Combination (soundness): write [x^K] e = E + sum_{a in P} coef_a y_a +
   * sum_{a in N} coef_a y_a, where E is the sum of the exact contributions, y_a >= 0
   * the coefficients known only by sign, P the sign atoms with coef_a > 0 and N those
   * with coef_a < 0. Every term over P is >= 0 and every term over N is <= 0. Hence
   * - [x^K] e >= E when N is empty, which gives `>= c` when E >= c and `> c` when E > c;
   * - [x^K] e <= E when P is empty, which gives `<= c` when E <= c and `< c` when E < c;
   * - [x^K] e = E when P and N are both empty, which gives `= c` when E = c.
   * Nothing else is accepted (a sign atom on the wrong side leaves that bound open).
   * Strictness comes from the exact part (E > c), or from a sign atom on the right side
   * whose coefficient is proved strictly positive: with y_a > 0 for some a in P (and N
   * empty), [x^K] e > E, so E >= c gives `> c` (symmetrically for `< c`).
   *
   * The derivation is tried with the established equations and, when that fails,
   * without them (on the statement as written): each is sound on its own, and a bound
   * may need one or the other (a lower bound on f_j by its nonnegative summands, an
   * upper bound through f_j = 1/(1 - x) - tail). The first failure is reported.
   */
  private derive(goal: Stmt, rules: ReadonlySet<string>): LemmaResult {
    const first = this.deriveCoeff(goal, rules, true);
    if (first.ok || !this.facts.some((f) => f.k === 'eq')) return first;
    const second = this.deriveCoeff(goal, rules, false);
    return second.ok ? second : first;
  }

  private deriveCoeff(goal: Stmt, rules: ReadonlySet<string>, useFacts: boolean): LemmaResult {
    if (goal.k !== 'coeff') return no('done can derive only a coefficient statement [x^k] e = c (or <=, >=, <, > c)');
    for (const r of rules) {
      if (!DONE_LEMMAS.includes(r) && r !== 'nonneg_series') return no(`'${r}' cannot be used by done (it uses ${DONE_LEMMAS.join(', ')})`);
    }
    const rel = goal.rel ?? '=';
    const used: string[] = [];
    // Rewrite whole atoms first (a fact may be about a concrete sum), then split
    // concrete sums into their summands (except atoms a valuation fact is about)
    // and rewrite those.
    const valAtoms = new Set(this.facts.flatMap((f) => {
      const t = f.k === 'valge' ? single(f.e) : undefined;
      return t ? [atomKey(t.atom)] : [];
    }));
    const split = (lc: Lc): Lc => splitConcrete(lc, this.x, (a) => valAtoms.has(atomKey(a)));
    const e = useFacts ? split(this.rewrite(split(this.rewrite(goal.e, used)), used)) : split(goal.e);
    const K = goal.power;
    const Ktext = `[${this.x}^${linToString(K)}]`;
    let total = Rational.ZERO;
    /** Atoms known only to have [x^K] >= 0, by the sign of their coefficient in e. */
    const raising: string[] = [];
    const lowering: string[] = [];
    /** Sign atoms on the side of a strict goal whose coefficient is proved > 0. */
    let strictPart = false;
    let notStrict: string | undefined;
    for (const { coef, atom } of e) {
      const c = this.atomCoefficient(atom, K, rules, rel);
      if (!c.ok) return no(c.reason);
      if (c.value !== undefined) total = total.add(coef.mul(c.value));
      else {
        (coef.sign() > 0 ? raising : lowering).push(lcToString([{ coef, atom }]));
        if ((rel === '>' && coef.sign() > 0) || (rel === '<' && coef.sign() < 0)) {
          if (!strictPart) {
            const why = this.positiveAtomReason(atom, K);
            if (why === undefined) strictPart = true;
            else notStrict ??= why;
          }
        }
      }
    }
    const after = `after rewriting with ${used.join('; ') || 'no facts'}`;
    const wants = `${rel} ${goal.value}`;
    const strictNote = notStrict !== undefined && (rel === '<' || rel === '>') ? `; it is not shown to be strictly ${rel === '>' ? 'raised' : 'lowered'}: ${notStrict}` : '';
    const signOnly = (xs: readonly string[], dir: string): string =>
      `nonneg_closure gives only ${Ktext} >= 0 for ${xs.join(', ')}, which enter${xs.length === 1 ? 's' : ''} with a ${dir} coefficient, so `;
    switch (rel) {
      case '=':
        if (raising.length + lowering.length > 0) {
          return no(`${signOnly([...raising, ...lowering], 'nonzero')}the coefficient is not determined exactly; an equation needs exact values (coeff_below_val, geometric, exact)`);
        }
        if (!total.eq(goal.value)) return no(`the coefficient works out to ${total}, not ${goal.value} (${after})`);
        break;
      case '>=':
      case '>': {
        if (lowering.length > 0) return no(`${signOnly(lowering, 'negative')}no lower bound on the coefficient follows (${after})`);
        const okBound = rel === '>=' ? total.cmp(goal.value) >= 0 : total.cmp(goal.value) > 0 || (strictPart && total.cmp(goal.value) >= 0);
        if (!okBound) {
          return no(`${raising.length > 0 ? `the exact part of the coefficient is ${total} and ${raising.join(', ')} can only raise it (nonneg_closure), so the coefficient is at least ${total}` : `the coefficient is exactly ${total}`}, which does not give ${wants} (${after})${strictNote}`);
        }
        break;
      }
      case '<=':
      case '<': {
        if (raising.length > 0) return no(`${signOnly(raising, 'positive')}no upper bound on the coefficient follows (${after})`);
        const okBound = rel === '<=' ? total.cmp(goal.value) <= 0 : total.cmp(goal.value) < 0 || (strictPart && total.cmp(goal.value) <= 0);
        if (!okBound) {
          return no(`${lowering.length > 0 ? `the exact part of the coefficient is ${total} and ${lowering.join(', ')} can only lower it (nonneg_closure), so the coefficient is at most ${total}` : `the coefficient is exactly ${total}`}, which does not give ${wants} (${after})${strictNote}`);
        }
        break;
      }
    }
    return ok([...rules].join(', '));
  }

  /**
   * [x^K] of one atom: an exact value (coeff_below_val, geometric, exact), or only the
   * sign >= 0 (nonneg_closure; value undefined, tried last and only for inequalities).
   */
  private atomCoefficient(atom: Atom, K: Lin, rules: ReadonlySet<string>, rel: CoeffRel): { ok: true; value: Rational | undefined } | { ok: false; reason: string } {
    const what = atomToString(atom);
    const exactly = (value: Rational): { ok: true; value: Rational } => ({ ok: true, value });
    const sign = rel !== '=' && rules.has('nonneg_closure');
    const signOr = (reason: string): { ok: true; value: undefined } | { ok: false; reason: string } => {
      if (rel === '=' && rules.has('nonneg_closure')) return { ok: false, reason: `${reason} (nonneg_closure gives only the sign of a coefficient, which cannot prove an equation)` };
      if (!sign) return { ok: false, reason };
      const bad = this.nonnegAtomReason(atom);
      if (bad === undefined) return { ok: true, value: undefined };
      const exactCited = DONE_LEMMAS.some((r) => r !== 'nonneg_closure' && rules.has(r));
      return { ok: false, reason: `nonneg_closure: ${bad}${exactCited ? `; and no exact value: ${reason}` : ''}` };
    };
    const valFacts = this.facts.filter((f): f is Extract<Stmt, { k: 'valge' }> => {
      if (f.k !== 'valge') return false;
      const t = single(f.e);
      return t !== undefined && atomKey(t.atom) === atomKey(atom);
    });
    if (valFacts.length > 0) {
      if (!rules.has('coeff_below_val')) return signOr(`the coefficient of ${what} needs coeff_below_val, which is not cited`);
      const below = valFacts.find((f) => this.implies(linSub(linSub(f.bound, K), linConst(1n))));
      if (below) return exactly(Rational.ZERO);
      const bounds = valFacts.map((f) => linToString(f.bound)).join(', ');
      return signOr(`coeff_below_val does not apply to ${what}: it needs ${linToString(K)} < ${bounds} (its valuation bound), which does not follow from ${this.hypothesesText()}`);
    }
    if (atom.k === 'geosum') {
      if (T.termKey(atom.g) !== T.termKey(T.v(this.x))) return signOr(`geometric gives the coefficients of sum(i = a..b, ${this.x}^i) only for the base ${this.x} itself, found ${what}`);
      if (!rules.has('geometric')) return signOr(`the coefficient of ${what} needs geometric, which is not cited`);
      if (!this.implies(atom.lo)) return signOr(`${what} is a power series only when its lower end ${linToString(atom.lo)} >= 0, which does not follow from ${this.hypothesesText()}`);
      const inside = this.implies(linSub(K, atom.lo)) && (atom.hi === 'inf' || this.implies(linSub(atom.hi, K)));
      if (inside) return exactly(Rational.ONE);
      const outside = this.implies(linSub(linSub(atom.lo, K), linConst(1n))) || (atom.hi !== 'inf' && this.implies(linSub(linSub(K, atom.hi), linConst(1n))));
      if (outside) return exactly(Rational.ZERO);
      return signOr(`[${this.x}^${linToString(K)}] ${what} is 1 when ${linToString(atom.lo)} <= ${linToString(K)}${atom.hi === 'inf' ? '' : ` <= ${linToString(atom.hi)}`} and 0 otherwise, and ${this.hypothesesText()} does not decide which`);
    }
    if (atom.k === 'conc') {
      if (rules.has('geometric') && isGeometric(atom.t, this.x)) {
        if (this.implies(K)) return exactly(Rational.ONE);
        // For K < 0 the coefficient is 0, so >= 0 still holds: nonneg_closure may apply.
        return signOr(`geometric gives [${this.x}^n] 1/(1-${this.x}) = 1 only for n >= 0; ${linToString(K)} >= 0 does not follow`);
      }
      if (K.v.size === 0 && K.c >= 0n && K.c < BigInt(VAL_ORDER) && rules.has('exact')) {
        const s = seriesOf(atom.t, this.x, Number(K.c) + 1);
        if (s) return exactly(s.coeff(Number(K.c)));
      }
      return signOr(`no cited lemma gives the coefficient [${this.x}^${linToString(K)}] of ${what}${rules.has('geometric') ? ' (geometric needs exactly 1/(1 - x))' : ''}`);
    }
    return signOr(`no established fact bounds the valuation of ${what} (state val(...) >= ... as a step), so its coefficient [${this.x}^${linToString(K)}] is unknown`);
  }

  /**
   * nonneg_closure: every coefficient of the atom in x is >= 0 (for every power, not
   * only a prefix). Returns undefined when that is proved, else why not.
   * - A concrete term t: t has a power series over Q in x (its coefficients are the
   *   ones every other lemma talks about), and t is in the structural class of
   *   nonnegative-coefficient series of positivity.ts: x, nonnegative constants,
   *   1/(1 - c x)^n and log(1/(1 - c x)) (c > 0), closed under +, *, positive integer
   *   powers and exp. Sound: those generators have nonnegative coefficients
   *   (1/(1-cx)^n = sum binom(n+k-1, k) c^k x^k, log(1/(1-cx)) = sum c^k x^k/k), the
   *   coefficients of a sum or product are sums of (products of) nonnegative
   *   coefficients, and exp(u) = sum u^m/m! with u(0) = 0 (required for a series over
   *   Q) is a formally convergent sum of such products with positive weights.
   * - sum(i = lo..hi, g^i/i!): g passes the concrete test, the hypotheses give lo >= 0,
   *   and for hi = inf, val(g) >= 1. Sound: each g^i (i >= 0; g^0 = 1) has
   *   nonnegative coefficients by the product rule and 1/i! > 0; a finite sum of
   *   such series (empty when hi < lo) has nonnegative coefficients, and for hi = inf
   *   val(g^i) >= i makes each coefficient a finite sum of nonnegative numbers.
   */
  /**
   * nonneg_series: l(x) <= r(x) (or <, >=, >) for every x in the declared domain of x.
   * Let D = r - l (l - r for >= and >), a linear combination of the statement's atoms.
   * Checks:
   * 1. Convergence: every atom's Maclaurin series converges to the atom's value on
   *    [0, R): concrete summands and the bases g of sum(i = a..b, g^i/i!) and
   *    sum(i = a..b, g^i) are in the nonnegative-coefficient class, whose radius R the
   *    structure gives (`nonnegSeriesRadius`: 1/c for 1/(1 - c x)^n and log(1/(1 - c x)),
   *    infinite for polynomials and exp); a finite sum of powers of g converges where g
   *    does, an infinite exponential sum too (exp is entire), and sum(i >= a, x^i) on
   *    [0, 1). The domain of x must lie in [0, R).
   * 2. Coefficients: [x^K] D >= 0 for every integer K >= 0, derived as by `done`
   *    (the facts, coeff_below_val, geometric, exact, nonneg_closure) for a fresh
   *    symbolic K, split into the cases K < a, a <= K <= b, K > b of every power sum
   *    sum(i = a..b, x^i) in D (the cases cover every integer K; a case the hypotheses
   *    rule out is skipped).
   * 3. For a strict relation: [x^0] D > 0, or x > 0 on the domain and [x^K0] D > 0 for
   *    some K0 >= 1 among 1 and the ends b + 1, a of the power sums.
   * Sound (the lemma "a power series with nonnegative coefficients converging on [0, R)
   * is nonnegative there; positive if some coefficient of degree >= 1 is positive and
   * x > 0"): by 1, D(x) = sum_K d_K x^K for x in [0, R) (a finite combination of
   * convergent series converges to the combination), with d_K the formal coefficients
   * that 2 bounds; every term d_K x^K is >= 0 for x >= 0, so D(x) >= 0, and D(x) >=
   * d_K0 x^K0 > 0 under 3.
   */
  private deriveFunctionRel(goal: Extract<Stmt, { k: 'fnrel' }>, rules: ReadonlySet<string>): LemmaResult {
    if (!rules.has('nonneg_series')) return no('an inequality between functions of ' + this.x + ' needs nonneg_series (with the lemmas that bound the coefficients of the difference: coeff_below_val, geometric, exact, nonneg_closure)');
    for (const r of rules) {
      if (!DONE_LEMMAS.includes(r) && r !== 'nonneg_series') return no(`'${r}' cannot be used by done (it uses nonneg_series, ${DONE_LEMMAS.join(', ')})`);
    }
    const le = goal.rel === '<=' || goal.rel === '<';
    const [small, big] = le ? [goal.l, goal.r] : [goal.r, goal.l];
    const d = normalizeLc([...big, ...small.map((t) => ({ coef: t.coef.neg(), atom: t.atom }))]);
    const dText = `${lcToString(big)} - (${lcToString(small)})`;
    // 1. convergence on the domain
    let radius: Rational | undefined;
    const minR = (r: Rational | undefined): void => {
      if (r !== undefined && (radius === undefined || r.cmp(radius) < 0)) radius = r;
    };
    // Every atom of the statement as written (none cancelled against another).
    for (const { atom } of splitConcrete([...big, ...small].map((t) => ({ coef: Rational.ONE, atom: t.atom })), this.x, () => false)) {
      if (atom.k === 'conc') {
        if (!T.freeVars(atom.t).has(this.x)) continue;
        const r = nonnegSeriesRadius(atom.t, this.x, new Map());
        if (!r) return no(`nonneg_series: cannot establish where the series of ${atomToString(atom)} converges to it (it must be built from ${this.x}, nonnegative constants, 1/(1 - c*${this.x}) and log(1/(1 - c*${this.x})) with c > 0 by +, *, positive powers and exp)`);
        minR(r.radius);
        continue;
      }
      const r = nonnegSeriesRadius(atom.g, this.x, new Map());
      if (!r) return no(`nonneg_series: cannot establish where the series of ${T.termToString(atom.g)} in ${atomToString(atom)} converges to it`);
      minR(r.radius);
      if (atom.k === 'geosum' && atom.hi === 'inf') {
        if (T.termKey(atom.g) !== T.termKey(T.v(this.x))) return no(`nonneg_series: the infinite power sum ${atomToString(atom)} is accepted only with the base ${this.x}`);
        minR(Rational.ONE);
      }
    }
    const dom = this.xDomain;
    const where = `the series converges on [0, ${radius ?? 'inf'})`;
    if (!dom?.lo || dom.lo.value.sign() < 0) return no(`nonneg_series: ${where}, but ${this.x} is not declared >= 0 (its domain is ${domainText(dom)})`);
    if (radius !== undefined && (!dom.hi || dom.hi.value.cmp(radius) > 0 || (dom.hi.value.eq(radius) && !dom.hi.open))) {
      return no(`nonneg_series: ${where}, but the domain of ${this.x} is ${domainText(dom)}`);
    }
    // 2. every coefficient >= 0, case by case
    let kName = 'k';
    for (let i = 1; this.names.includes(kName); i++) kName = `k${i}`;
    const K = linVar(kName);
    const parts: Lin[][][] = [];
    const seen = new Set<string>();
    for (const { atom } of d) {
      if (atom.k !== 'geosum') continue;
      const key = `${linToString(atom.lo)}|${atom.hi === 'inf' ? 'inf' : linToString(atom.hi)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const below = [linSub(linSub(atom.lo, K), linConst(1n))];
      if (atom.hi === 'inf') parts.push([below, [linSub(K, atom.lo)]]);
      else parts.push([below, [linSub(K, atom.lo), linSub(atom.hi, K)], [linSub(linSub(K, atom.hi), linConst(1n))]]);
    }
    let cases: Lin[][] = [[linSub(K, linConst(0n))]];
    for (const p of parts) cases = cases.flatMap((c) => p.map((q) => [...c, ...q]));
    if (cases.length > CASES_MAX) return no(`nonneg_series: too many cases (${cases.length}; at most ${CASES_MAX})`);
    const coeffRules = new Set([...rules].filter((r) => r !== 'nonneg_series'));
    const coeffGoal = (power: Lin, rel: CoeffRel): Stmt => ({ k: 'coeff', e: d, power, value: Rational.ZERO, rel });
    try {
      for (const c of cases) {
        this.caseHyps = c;
        if (this.implies(linConst(-1n))) continue; // no integer K in this case
        const res = this.derive(coeffGoal(K, '>='), coeffRules);
        if (!res.ok) {
          const caseText = [...new Set(c.map((h) => `${linToString(h)} >= 0`))].join(', ');
          return no(`nonneg_series: the coefficients of ${dText} must all be >= 0, but for ${kName} with ${caseText}: ${res.reason}`);
        }
      }
      this.caseHyps = [];
      if (goal.rel === '<' || goal.rel === '>') {
        if (this.derive(coeffGoal(linConst(0n), '>'), coeffRules).ok) return ok('nonneg_series');
        const positive = dom.lo.value.sign() > 0 || dom.lo.open;
        const candidates: Lin[] = [linConst(1n)];
        for (const { atom } of d) {
          if (atom.k !== 'geosum') continue;
          if (atom.hi !== 'inf') candidates.push(linAdd(atom.hi, linConst(1n)));
          candidates.push(atom.lo);
        }
        if (positive) {
          for (const k0 of candidates) {
            if (this.implies(linSub(k0, linConst(1n))) && this.derive(coeffGoal(k0, '>'), coeffRules).ok) return ok('nonneg_series');
          }
        }
        return no(`nonneg_series: every coefficient of ${dText} is >= 0, but strictness needs [${this.x}^0] > 0${positive ? `, or [${this.x}^m] > 0 for some m >= 1 among ${candidates.map(linToString).join(', ')}` : `, or ${this.x} > 0 on its domain and a positive coefficient of degree >= 1`}`);
      }
    } finally {
      this.caseHyps = [];
    }
    return ok('nonneg_series');
  }

  /**
   * nonneg_closure, strict: [x^K] atom > 0. Returns undefined when that is proved, else why not.
   * Requires every coefficient of the atom to be >= 0 (nonnegAtomReason), and then:
   * - sum(i = lo..hi, g^i/i!) or sum(i = lo..hi, g^i) with g(0) = 0 and [x^1] g = g1 > 0,
   *   when lo <= K <= hi (K >= 0): the summand i = K contributes [x^K] g^K = g1^K > 0
   *   (the only way to reach degree K with K factors of valuation >= 1), every other
   *   summand >= 0;
   * - the same sums with g in the positive class (every coefficient of degree >= 1 is
   *   > 0, `inPositiveSeriesClass`) and g(0) = 0, when i0 = max(lo, 1) lies in [lo, hi]
   *   and i0 <= K: [x^K] g^i0 >= i0 * g1^(i0-1) * g_(K-i0+1) > 0 (one factor at degree
   *   K - i0 + 1 >= 1, the others at degree 1);
   * - a concrete term in the positive class, when K >= 1.
   * When neither applies as is, the cases K <= 0 and K >= 1 are tried separately (they
   * cover every integer K).
   */
  private positiveAtomReason(atom: Atom, K: Lin, split = true): string | undefined {
    const direct = this.positiveAtomDirect(atom, K);
    if (direct === undefined || !split) return direct;
    const saved = this.caseHyps;
    try {
      this.caseHyps = [...saved, linScale(K, -1n)];
      const low = this.implies(linConst(-1n)) ? undefined : this.positiveAtomDirect(atom, K);
      this.caseHyps = [...saved, linSub(K, linConst(1n))];
      const high = this.implies(linConst(-1n)) ? undefined : this.positiveAtomDirect(atom, K);
      return low === undefined && high === undefined ? undefined : direct;
    } finally {
      this.caseHyps = saved;
    }
  }

  private positiveAtomDirect(atom: Atom, K: Lin): string | undefined {
    const what = atomToString(atom);
    const bad = this.nonnegAtomReason(atom);
    if (bad !== undefined) return bad;
    if (atom.k === 'conc') {
      if (!inPositiveSeriesClass(atom.t, this.x, new Map())) return `${what} is not shown to have positive coefficients`;
      return this.implies(linSub(K, linConst(1n))) ? undefined : `needs ${linToString(K)} >= 1`;
    }
    const gs = seriesOf(atom.g, this.x, 2);
    if (!gs || !gs.coeff(0).isZero()) return `${what} needs val(${T.termToString(atom.g)}) >= 1`;
    const inRange = this.implies(K) && this.implies(linSub(K, atom.lo)) && (atom.hi === 'inf' || this.implies(linSub(atom.hi, K)));
    if (inRange && gs.coeff(1).sign() > 0) return undefined;
    if (inPositiveSeriesClass(atom.g, this.x, new Map())) {
      const hiOk = (l: Lin): boolean => atom.hi === 'inf' || this.implies(linSub(atom.hi, l));
      if (this.implies(linSub(K, atom.lo)) && this.implies(linSub(K, linConst(1n))) && hiOk(atom.lo) && hiOk(linConst(1n))) return undefined;
    }
    return `[${this.x}^${linToString(K)}] ${what} > 0 needs ${linToString(atom.lo)} <= ${linToString(K)}${atom.hi === 'inf' ? '' : ` <= ${linToString(atom.hi)}`} (or a base with positive coefficients and a summand of index between 1 and ${linToString(K)})`;
  }

  private nonnegAtomReason(atom: Atom): string | undefined {
    if (atom.k === 'conc') return nonnegTermReason(atom.t, this.x);
    const what = atomToString(atom);
    const bad = nonnegTermReason(atom.g, this.x);
    if (bad !== undefined) return `${what} is not shown to have nonnegative coefficients: ${bad}`;
    if (!this.implies(atom.lo)) return `${what} needs its lower end ${linToString(atom.lo)} >= 0 from the hypotheses (${this.hypothesesText()})`;
    if (atom.hi === 'inf') {
      const v = concreteValuation(atom.g, this.x);
      if (v === undefined || v < 1) return `the infinite sum ${what} needs val(${T.termToString(atom.g)}) >= 1 to converge as a power series`;
    }
    return undefined;
  }
}

/**
 * Splits concrete atoms that are sums (or rational multiples) into their summands,
 * except atoms for which `keep` holds:
 * c * (t_1 + ... + t_m) becomes c*t_1 + ... + c*t_m, and c * (r * t) becomes (c r) * t
 * for a rational r, unless r < 0 and r * t is in the nonnegative-coefficient class as
 * a whole (-log(1 - c x)), which splitting would lose. Sound for the coefficient
 * functional, which is linear: when every summand then gets a coefficient (which
 * requires its power series over Q), the coefficient of the sum is their sum.
 */
function splitConcrete(e: Lc, x: string, keep: (a: Atom) => boolean): Lc {
  const out: { coef: Rational; atom: Atom }[] = [];
  const go = (coef: Rational, t: Term): void => {
    if (keep({ k: 'conc', t })) {
      out.push({ coef, atom: { k: 'conc', t } });
      return;
    }
    if (t.k === 'add') {
      for (const a of t.args) go(coef, a);
      return;
    }
    if (t.k === 'mul' && t.args.length >= 2 && t.args[0]!.k === 'const'
      && !(t.args[0]!.value.sign() < 0 && inNonnegSeriesClass(t, x, new Map()))) {
      const rest = t.args.slice(1);
      go(coef.mul(t.args[0]!.value), rest.length === 1 ? rest[0]! : T.mul(...rest));
      return;
    }
    if (t.k === 'const') {
      out.push({ coef: coef.mul(t.value), atom: { k: 'conc', t: T.ONE } });
      return;
    }
    out.push({ coef, atom: { k: 'conc', t } });
  };
  for (const { coef, atom } of e) {
    if (atom.k === 'conc') go(coef, atom.t);
    else out.push({ coef, atom });
  }
  return normalizeLc(out);
}

/** Most cases a function inequality is split into. */
const CASES_MAX = 64;

/** An interval of x as text, e.g. [0, 1). */
function domainText(d: T.VarAssumption | undefined): string {
  return `${d?.lo ? `${d.lo.open ? '(' : '['}${d.lo.value}` : '(-inf'}, ${d?.hi ? `${d.hi.value}${d.hi.open ? ')' : ']'}` : 'inf)'}`;
}

/** The lemmas `done` may cite. */
const DONE_LEMMAS: readonly string[] = ['coeff_below_val', 'geometric', 'exact', 'nonneg_closure'];

/** How many coefficients are searched for a negative one, to explain a rejection. */
const EVIDENCE_ORDER = 30;

/** The immediate subterms of t. */
function children(t: Term): readonly Term[] {
  switch (t.k) {
    case 'add': case 'mul':
      return t.args;
    case 'pow':
      return [t.base];
    case 'powt':
      return [t.base, t.exp];
    case 'fn':
      return [t.arg];
    default:
      return [];
  }
}

/**
 * Why the concrete term t (in x) is not shown to have nonnegative coefficients, or
 * undefined when it is in the structural class (see nonnegAtomReason). The reason
 * names t, a smallest subterm no rule covers, and a negative coefficient when one
 * exists below x^EVIDENCE_ORDER.
 */
function nonnegTermReason(t: Term, x: string): string | undefined {
  const what = T.termToString(t);
  if (!seriesOf(t, x, 1)) return `${what} has no power series over Q in ${x}`;
  const asm: T.Assumptions = new Map();
  if (inNonnegSeriesClass(t, x, asm)) return undefined;
  let blocker = t;
  for (;;) {
    const next = children(blocker).find((c) => T.freeVars(c).has(x) && !inNonnegSeriesClass(c, x, asm));
    if (!next) break;
    blocker = next;
  }
  const parts = [`${what} is not in the class of nonnegative-coefficient series (built from ${x}, nonnegative constants, 1/(1 - c*${x}) and log(1/(1 - c*${x})) with c > 0 by +, *, positive powers and exp)`];
  if (blocker !== t) parts.push(`no rule covers its subterm ${T.termToString(blocker)}`);
  const s = seriesOf(t, x, EVIDENCE_ORDER);
  const m = s ? s.coeffs().findIndex((c) => c.sign() < 0) : -1;
  if (s && m >= 0) parts.push(`its coefficient of ${x}^${m} is ${s.coeff(m)} < 0`);
  return parts.join('; ');
}

/** Is t the rational function 1/(1 - x)? (Exact identity of rational functions.) */
function isGeometric(t: Term, x: string): boolean {
  const target = T.div(T.ONE, T.sub(T.ONE, T.v(x)));
  if (T.termKey(t) === T.termKey(target)) return true;
  if (!seriesOf(t, x, 1)) return false;
  return decideEqual(t, target, new Map()).status === 'proved';
}

// ---------------------------------------------------------------- sequences and strong induction

/**
 * Rational expressions over symbolic integers and one recursively given sequence:
 * numbers, symbols (theorem parameters or bound sum indices), + - * /, T(arg) with
 * arg linear, finite sums sum(t = lo..hi, body) with linear ends, factorials of
 * linear forms, and powers c^(linear) of a rational base.
 */
export type IExpr =
  | { readonly k: 'num'; readonly v: Rational }
  | { readonly k: 'sym'; readonly name: string }
  | { readonly k: 'neg'; readonly a: IExpr }
  | { readonly k: '+' | '-' | '*' | '/'; readonly a: IExpr; readonly b: IExpr }
  | { readonly k: 'seq'; readonly name: string; readonly arg: Lin }
  | { readonly k: 'sum'; readonly index: string; readonly lo: Lin; readonly hi: Lin; readonly body: IExpr }
  /** arg! for a linear arg. */
  | { readonly k: 'fact'; readonly arg: Lin }
  /** base^exp for a rational base and an integer-linear exponent (base 0 is rejected where it is used). */
  | { readonly k: 'pow'; readonly base: Rational; readonly exp: Lin };

/** Most bits |exp| * bits(base) a power c^exp may have when it is computed. */
const POW_MAX_BITS = 1n << 16n;

/** c^e exactly, or undefined when c = 0 and e < 0 or the result would exceed POW_MAX_BITS. */
function powBounded(c: Rational, e: bigint): Rational | undefined {
  if (c.isZero()) return e < 0n ? undefined : e === 0n ? Rational.ONE : Rational.ZERO;
  const bits = (v: bigint): bigint => BigInt((v < 0n ? -v : v).toString(2).length);
  const size = bits(c.num) > bits(c.den) ? bits(c.num) : bits(c.den);
  if ((e < 0n ? -e : e) * size > POW_MAX_BITS) return undefined;
  return c.pow(e);
}

/** The base of a power as text: bare when a nonnegative integer, else parenthesised. */
function powBaseText(c: Rational): string {
  return c.isInteger() && c.sign() >= 0 ? c.toString() : `(${c})`;
}

function renameLin(l: Lin, env: ReadonlyMap<string, string>): string {
  const v = new Map<string, bigint>();
  for (const [k, x] of l.v) v.set(env.get(k) ?? k, x);
  return linToString({ c: l.c, v });
}

/** A structural key, invariant under renaming of bound sum indices. */
function ikey(e: IExpr, env: ReadonlyMap<string, string> = new Map()): string {
  switch (e.k) {
    case 'num':
      return e.v.toString();
    case 'sym':
      return env.get(e.name) ?? e.name;
    case 'neg':
      return `(- ${ikey(e.a, env)})`;
    case 'seq':
      return `${e.name}[${renameLin(e.arg, env)}]`;
    case 'fact':
      return `(! ${renameLin(e.arg, env)})`;
    case 'pow':
      return `(^ ${e.base} ${renameLin(e.exp, env)})`;
    case 'sum': {
      const inner = new Map(env);
      inner.set(e.index, `#${env.size}`);
      return `(sum ${renameLin(e.lo, env)} ${renameLin(e.hi, env)} ${ikey(e.body, inner)})`;
    }
    default:
      return `(${e.k} ${ikey(e.a, env)} ${ikey(e.b, env)})`;
  }
}

export function iexprToString(e: IExpr): string {
  switch (e.k) {
    case 'num':
      return e.v.toString();
    case 'sym':
      return e.name;
    case 'neg':
      return `-(${iexprToString(e.a)})`;
    case 'seq':
      return `${e.name}(${linToString(e.arg)})`;
    case 'fact':
      return `(${linToString(e.arg)})!`;
    case 'pow':
      return `${powBaseText(e.base)}^${/^[A-Za-z0-9_]+$/.test(linToString(e.exp)) ? linToString(e.exp) : `(${linToString(e.exp)})`}`;
    case 'sum':
      return `sum(${e.index} = ${linToString(e.lo)}..${linToString(e.hi)}, ${iexprToString(e.body)})`;
    default:
      return `(${iexprToString(e.a)} ${e.k} ${iexprToString(e.b)})`;
  }
}

/** Substitutes symbol `name` := lin in e (lin must not mention bound indices of e). */
function substSym(e: IExpr, name: string, by: Lin): IExpr {
  const sl = (l: Lin): Lin => {
    const c = l.v.get(name);
    if (c === undefined) return l;
    const rest = new Map(l.v);
    rest.delete(name);
    return linAdd({ c: l.c, v: rest }, linScale(by, c));
  };
  switch (e.k) {
    case 'num':
      return e;
    case 'sym':
      return e.name === name ? linToIExpr(by) : e;
    case 'neg':
      return { k: 'neg', a: substSym(e.a, name, by) };
    case 'seq':
      return { k: 'seq', name: e.name, arg: sl(e.arg) };
    case 'fact':
      return { k: 'fact', arg: sl(e.arg) };
    case 'pow':
      return { k: 'pow', base: e.base, exp: sl(e.exp) };
    case 'sum':
      if (e.index === name) return e;
      return { k: 'sum', index: e.index, lo: sl(e.lo), hi: sl(e.hi), body: substSym(e.body, name, by) };
    default:
      return { k: e.k, a: substSym(e.a, name, by), b: substSym(e.b, name, by) };
  }
}

function linToIExpr(l: Lin): IExpr {
  let out: IExpr = { k: 'num', v: Rational.of(l.c) };
  for (const [k, x] of l.v) {
    out = { k: '+', a: out, b: { k: '*', a: { k: 'num', v: Rational.of(x) }, b: { k: 'sym', name: k } } };
  }
  return out;
}

/** e as a Lin when it is integer-linear, else undefined. */
function iexprToLin(e: IExpr): Lin | undefined {
  switch (e.k) {
    case 'num':
      return e.v.isInteger() ? linConst(e.v.num) : undefined;
    case 'sym':
      return linVar(e.name);
    case 'neg': {
      const a = iexprToLin(e.a);
      return a && linScale(a, -1n);
    }
    case '+':
    case '-': {
      const a = iexprToLin(e.a);
      const b = iexprToLin(e.b);
      return a && b ? (e.k === '+' ? linAdd(a, b) : linSub(a, b)) : undefined;
    }
    case '*': {
      const a = iexprToLin(e.a);
      const b = iexprToLin(e.b);
      if (!a || !b) return undefined;
      if (a.v.size === 0) return linScale(b, a.c);
      if (b.v.size === 0) return linScale(a, b.c);
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * A theorem "for all integers with hyps: T(n) = rhs", where T is given by the
 * recurrence T(n) = body for every n satisfying `recHyps` (constraints on n only).
 * Proved by a chain from T(n) to rhs whose links are:
 * - recurrence: T(n) = body (the recurrence instance at n, up to renaming);
 * - strong_induction: replaces occurrences T(a) by rhs[n := a] where the context
 *   (hypotheses and enclosing sum ranges) implies a <= n - 1 and that a satisfies
 *   recHyps. Sound: strong induction on n over the set given by recHyps (which has
 *   a least element, as recHyps contains a lower bound): if P(a) for every
 *   admissible a < n implies P(n), then P holds for every admissible n;
 * - algebra: equality of the two sides as rational functions of the symbolic
 *   integers after closing sums of index-free bodies (sum_{t=lo}^{hi} c =
 *   (hi - lo + 1) c when hi - lo + 1 >= 0), every divisor being a linear form the
 *   hypotheses keep >= 1 or <= -1.
 */
export class SequenceSession {
  private chainOk = true;
  private last: IExpr | undefined;

  constructor(
    readonly param: string,
    readonly names: readonly string[],
    readonly hypotheses: readonly Lin[],
    readonly seq: string,
    readonly recurrence: IExpr,
    readonly rhs: IExpr,
  ) {
    if (this.hypotheses.every((h) => !(h.v.size === 1 && (h.v.get(param) ?? 0n) > 0n))) {
      // Without a lower bound on n strong induction is not well founded.
      this.chainOk = false;
    }
    this.last = { k: 'seq', name: seq, arg: linVar(param) };
  }

  /** Whether the hypotheses bound the induction parameter below (required). */
  wellFounded(): boolean {
    return this.hypotheses.some((h) => h.v.size === 1 && (h.v.get(this.param) ?? 0n) > 0n);
  }

  /** Checks the link `left = right` (left is the chain's current end). */
  step(left: IExpr, right: IExpr, rules: readonly string[]): LemmaResult {
    if (!this.last || ikey(left) !== ikey(this.last)) {
      this.chainOk = false;
      return no(`the chain must continue from ${this.last ? iexprToString(this.last) : '?'}, but this step starts at ${iexprToString(left)}`);
    }
    const reasons: string[] = [];
    for (const r of rules) {
      const res = r === 'recurrence' ? this.recurrenceStep(left, right)
        : r === 'strong_induction' ? this.inductionStep(left, right, false)
        : r === 'induction' ? this.inductionStep(left, right, true)
        : r === 'algebra' ? this.algebraStep(left, right)
        : no(`'${r}' is not a lemma for sequence steps (recurrence, induction, strong_induction, algebra)`);
      if (res.ok) {
        this.last = right;
        return res;
      }
      reasons.push(`${r}: ${res.reason}`);
    }
    this.chainOk = false;
    return no(reasons.join('; '));
  }

  /** Whether the chain so far reaches the theorem's right side. */
  reachedGoal(): boolean {
    return this.chainOk && this.last !== undefined && ikey(this.last) === ikey(this.rhs);
  }

  certificate(): Certificate | undefined {
    if (!this.reachedGoal() || !this.wellFounded()) return undefined;
    const hyps = this.hypotheses.map((h) => `${linToString(h)} >= 0`).join(', ');
    const stmt = `for every sequence ${this.seq} with ${this.seq}(${this.param}) = ${iexprToString(this.recurrence)} whenever ${hyps}: ${this.seq}(${this.param}) = ${iexprToString(this.rhs)} for all integers ${this.names.join(', ')} with ${hyps}`;
    return Certificate.mint(KERNEL_KEY, stmt, 'strong induction');
  }

  private recurrenceStep(left: IExpr, right: IExpr): LemmaResult {
    if (left.k !== 'seq' || left.name !== this.seq || !linEq(left.arg, linVar(this.param))) return no(`unfolds only ${this.seq}(${this.param})`);
    if (ikey(right) !== ikey(this.recurrence)) return no(`the right side is not the recurrence ${iexprToString(this.recurrence)}`);
    return ok('recurrence');
  }

  /**
   * Replaces T(a) by the statement at a where a <= n - 1 follows (strong induction);
   * with `ordinary`, only at a = n - 1 (ordinary induction, a special case).
   */
  private inductionStep(left: IExpr, right: IExpr, ordinary: boolean): LemmaResult {
    const uses: string[] = [];
    const walk = (a: IExpr, b: IExpr, ctx: Lin[], env: Map<string, string>): string | undefined => {
      if (ikey(a, env) === ikey(b, env)) return undefined;
      if (a.k === 'seq' && a.name === this.seq) {
        const inst = substSym(this.rhs, this.param, a.arg);
        if (ikey(inst, env) !== ikey(b, env)) return `${iexprToString(b)} is not the hypothesis ${this.seq}(${linToString(a.arg)}) = ${iexprToString(inst)}`;
        const hyps = [...this.hypotheses, ...ctx];
        if (!entails(hyps, linSub(linSub(linVar(this.param), a.arg), linConst(1n)))) {
          return `the hypothesis ${this.seq}(m) = ${iexprToString(this.rhs)} is available only for m <= ${this.param} - 1, but it is used at ${this.seq}(${linToString(a.arg)}), and ${linToString(a.arg)} <= ${this.param} - 1 does not follow${ctx.length > 0 ? ` from ${ctx.map((c) => `${linToString(c)} >= 0`).join(', ')} (the range of the enclosing sum)` : ''}`;
        }
        for (const h of this.hypotheses) {
          if (h.v.has(this.param)) {
            const at = substLin(h, this.param, a.arg);
            if (!entails(hyps, at)) return `the hypothesis is available only where ${linToString(h)} >= 0, and at ${this.seq}(${linToString(a.arg)}) that does not follow`;
          }
        }
        if (ordinary && !entails(hyps, linSub(a.arg, linSub(linVar(this.param), linConst(1n))))) {
          return `ordinary induction uses the hypothesis only at ${this.param} - 1, here it is used at ${this.seq}(${linToString(a.arg)}) (cite strong_induction)`;
        }
        uses.push(`${this.seq}(${linToString(a.arg)})`);
        return undefined;
      }
      if (a.k !== b.k) return `${iexprToString(a)} and ${iexprToString(b)} differ other than by the induction hypothesis`;
      switch (a.k) {
        case 'neg':
          return walk(a.a, (b as typeof a).a, ctx, env);
        case '+': case '-': case '*': case '/': {
          const bb = b as typeof a;
          return walk(a.a, bb.a, ctx, env) ?? walk(a.b, bb.b, ctx, env);
        }
        case 'sum': {
          const bb = b as typeof a;
          if (!linEq(a.lo, bb.lo) || !linEq(a.hi, bb.hi) || a.index !== bb.index) return `the sums ${iexprToString(a)} and ${iexprToString(bb)} have different ranges`;
          const t = linVar(a.index);
          return walk(a.body, bb.body, [...ctx, linSub(t, a.lo), linSub(a.hi, t)], env);
        }
        default:
          return `${iexprToString(a)} and ${iexprToString(b)} differ other than by the induction hypothesis`;
      }
    };
    const err = walk(left, right, [], new Map());
    if (err) return no(err);
    if (uses.length === 0) return no('the step does not use the induction hypothesis');
    return ok(ordinary ? 'induction' : 'strong_induction');
  }

  private algebraStep(left: IExpr, right: IExpr): LemmaResult {
    try {
      const a = this.toTerm(left, []);
      const b = this.toTerm(right, []);
      const asm = new Map<string, { lo?: { value: Rational; open: boolean } }>();
      const v = decideEqual(a, b, asm);
      if (v.status === 'proved') return ok('algebra');
      return no(`${iexprToString(left)} and ${iexprToString(right)} are not equal as rational functions of ${this.names.join(', ')}`);
    } catch (e) {
      if (e instanceof AlgebraError) return no(e.message);
      throw e;
    }
  }

  /** A Term in the symbolic integers (as real variables); throws AlgebraError when unsupported. */
  private toTerm(e: IExpr, ctx: readonly Lin[]): Term {
    switch (e.k) {
      case 'num':
        return T.num(e.v);
      case 'sym':
        return T.v(`${e.name}`);
      case 'neg':
        return T.neg(this.toTerm(e.a, ctx));
      case '+':
        return T.add(this.toTerm(e.a, ctx), this.toTerm(e.b, ctx));
      case '-':
        return T.sub(this.toTerm(e.a, ctx), this.toTerm(e.b, ctx));
      case '*':
        return T.mul(this.toTerm(e.a, ctx), this.toTerm(e.b, ctx));
      case '/': {
        const d = iexprToLin(e.b);
        const hyps = [...this.hypotheses, ...ctx];
        if (!d || !(entails(hyps, linSub(d, linConst(1n))) || entails(hyps, linSub(linConst(-1n), d)))) {
          throw new AlgebraError(`cannot show the divisor ${iexprToString(e.b)} is nonzero (it must be a linear form kept >= 1 or <= -1 by the hypotheses)`);
        }
        return T.div(this.toTerm(e.a, ctx), this.toTerm(e.b, ctx));
      }
      case 'seq':
        throw new AlgebraError(`algebra cannot use ${iexprToString(e)}: unfold it (recurrence) or replace it (strong_induction) first`);
      case 'fact':
        throw new AlgebraError(`algebra does not simplify factorials of symbolic integers (${iexprToString(e)}); use term_ratio`);
      case 'pow': {
        if (e.exp.v.size > 0) throw new AlgebraError(`algebra does not simplify powers with a symbolic exponent (${iexprToString(e)}); use term_ratio`);
        const v = powBounded(e.base, e.exp.c);
        if (!v) throw new AlgebraError(`cannot compute ${iexprToString(e)} (${e.base.isZero() ? 'a negative power of 0' : 'too large'})`);
        return T.num(v);
      }
      case 'sum': {
        if (ikey(e.body).includes(e.index) && mentions(e.body, e.index)) {
          throw new AlgebraError(`algebra closes only sums whose body does not depend on the index, found ${iexprToString(e)}`);
        }
        const count = linAdd(linSub(e.hi, e.lo), linConst(1n));
        if (!entails([...this.hypotheses, ...ctx], count)) throw new AlgebraError(`cannot show the sum ${iexprToString(e)} has ${linToString(count)} >= 0 terms`);
        return T.mul(this.toTerm(linToIExpr(count), ctx), this.toTerm(e.body, ctx));
      }
    }
  }
}

class AlgebraError extends Error {}

function mentions(e: IExpr, name: string): boolean {
  switch (e.k) {
    case 'num':
      return false;
    case 'sym':
      return e.name === name;
    case 'neg':
      return mentions(e.a, name);
    case 'seq':
    case 'fact':
      return e.arg.v.has(name);
    case 'pow':
      return e.exp.v.has(name);
    case 'sum':
      return e.lo.v.has(name) || e.hi.v.has(name) || (e.index !== name && mentions(e.body, name));
    default:
      return mentions(e.a, name) || mentions(e.b, name);
  }
}

/** l with the integer `name` replaced by the linear form `by`. */
export function substLin(l: Lin, name: string, by: Lin): Lin {
  const c = l.v.get(name);
  if (c === undefined) return l;
  const rest = new Map(l.v);
  rest.delete(name);
  return linAdd({ c: l.c, v: rest }, linScale(by, c));
}

/** Converts an IExpr that is integer-linear to a Lin (for callers translating bounds). */
export function toLin(e: IExpr): Lin | undefined {
  return iexprToLin(e);
}

// ---------------------------------------------------------------- hypergeometric term ratio

/** A hypergeometric term that term_ratio cannot handle (the message says why). */
export class RatioError extends Error {}

/** Most a factorial (a*n + b)! may advance per step of n (a <= FACT_STEP_MAX). */
const FACT_STEP_MAX = 16n;

/**
 * Checks that every factor of the hypergeometric term e (numbers, linear forms, factorials
 * (a n + b)! with an integer a >= 0, powers c^(a n + b)) is defined and nonzero for every
 * n allowed by `hyps` (linear factors kept >= 1 or <= -1, factorial arguments >= 0,
 * power bases c != 0), so that its term ratio is the product of the factors' ratios.
 * Other symbols may appear in linear forms and factorial arguments. Throws RatioError.
 */
export function checkHypergeometric(param: string, hyps: readonly Lin[], e: IExpr): void {
  const lowText = (): string => {
    const lower = hyps.find((h) => h.v.size === 1 && h.v.get(param) === 1n);
    return lower ? ` for ${param} >= ${-lower.c}` : '';
  };
  switch (e.k) {
    case 'num':
      return;
    case 'sym': case '+': case '-': case 'neg': {
      const l = iexprToLin(e);
      if (!l) throw new RatioError(`${iexprToString(e)} is not a linear factor`);
      if (!(entails(hyps, linSub(l, linConst(1n))) || entails(hyps, linSub(linConst(-1n), l)))) {
        throw new RatioError(`the factor ${iexprToString(e)} may vanish${lowText()}`);
      }
      return;
    }
    case 'fact': {
      const a = e.arg.v.get(param) ?? 0n;
      if (a < 0n || a > FACT_STEP_MAX) throw new RatioError(`term_ratio handles factorials (a*${param} + b)! with 0 <= a <= ${FACT_STEP_MAX}, found ${iexprToString(e)}`);
      if (!entails(hyps, e.arg)) throw new RatioError(`the factorial ${iexprToString(e)} is undefined for some ${param}${lowText()}`);
      return;
    }
    case 'pow':
      if (e.base.isZero()) throw new RatioError(`the power ${iexprToString(e)} has base 0, which has no term ratio (term_ratio needs a base c != 0)`);
      if ([...e.exp.v.keys()].some((k) => k !== param)) throw new RatioError(`the exponent of ${iexprToString(e)} must be linear in ${param} alone`);
      return;
    case '*': case '/':
      if (e.k === '/' && e.b.k === 'num' && e.b.v.isZero()) throw new RatioError('division by zero');
      checkHypergeometric(param, hyps, e.a);
      checkHypergeometric(param, hyps, e.b);
      return;
    default:
      throw new RatioError(`term_ratio handles products and quotients of numbers, linear factors, factorials and powers c^(a*${param} + b), found ${iexprToString(e)}`);
  }
}

/**
 * e(n+1)/e(n) as a Term in n (and the other symbols), factor by factor:
 * (a n + b + a)!/(a n + b)! = (a n + b + 1) ... (a n + b + a), l(n+1)/l(n) for a linear
 * factor, c^a for a power c^(a n + b). Requires checkHypergeometric. Throws RatioError
 * for a power too large to compute.
 */
export function hypergeometricRatio(param: string, e: IExpr): Term {
  switch (e.k) {
    case 'num':
      return T.ONE;
    case 'fact': {
      const a = e.arg.v.get(param) ?? 0n;
      const fs: Term[] = [];
      for (let i = 1n; i <= a; i++) fs.push(linTerm(linAdd(e.arg, linConst(i))));
      return fs.length === 0 ? T.ONE : T.mul(...fs);
    }
    case 'pow': {
      const a = e.exp.v.get(param) ?? 0n;
      const r = powBounded(e.base, a);
      if (!r) throw new RatioError(`cannot compute the ratio ${powBaseText(e.base)}^${a} of ${iexprToString(e)} (too large)`);
      return T.num(r);
    }
    case '*':
      return T.mul(hypergeometricRatio(param, e.a), hypergeometricRatio(param, e.b));
    case '/':
      return T.div(hypergeometricRatio(param, e.a), hypergeometricRatio(param, e.b));
    default: {
      const l = iexprToLin(e)!;
      return T.div(linTerm(substLin(l, param, linAdd(linVar(param), linConst(1n)))), linTerm(l));
    }
  }
}

/**
 * e at n = n0 as a Term: exact numbers where every symbol is gone, the other symbols as
 * variables, and a factorial whose argument keeps a symbol as an opaque variable named
 * by its argument (equal arguments, equal variables: sound for comparing values, as
 * an identity with independent unknowns). Throws RatioError when a value is too large.
 */
export function hypergeometricValue(param: string, n0: bigint, e: IExpr): Term {
  switch (e.k) {
    case 'num':
      return T.num(e.v);
    case 'fact': {
      const arg = substLin(e.arg, param, linConst(n0));
      if (arg.v.size > 0) return T.v(`[${linToString(arg)}]!`); // no user name has brackets or "!"
      const m = arg.c;
      if (m < 0n || m > 5000n) throw new RatioError(`cannot evaluate ${iexprToString(e)} at ${param} = ${n0}`);
      let f = 1n;
      for (let i = 2n; i <= m; i++) f *= i;
      return T.num(Rational.of(f));
    }
    case 'pow': {
      const m = substLin(e.exp, param, linConst(n0)).c;
      const r = powBounded(e.base, m);
      if (!r) throw new RatioError(`cannot evaluate ${iexprToString(e)} at ${param} = ${n0} (too large)`);
      return T.num(r);
    }
    case '*':
      return T.mul(hypergeometricValue(param, n0, e.a), hypergeometricValue(param, n0, e.b));
    case '/':
      return T.div(hypergeometricValue(param, n0, e.a), hypergeometricValue(param, n0, e.b));
    default:
      return linTerm(substLin(iexprToLin(e)!, param, linConst(n0)));
  }
}

/**
 * term_ratio: proves A(n) = B(n) for every integer n allowed by `hyps` (which must
 * bound n below by n0), where A and B are hypergeometric terms built from rational
 * numbers, linear forms in n, factorials (a n + b)! with an integer a >= 0 and powers
 * c^(a n + b) with a rational base c != 0 and integers a, b, by * and /.
 * Checks (checkHypergeometric): A(n0) = B(n0) exactly; every factorial argument stays
 * >= 0, every linear factor stays nonzero for n >= n0, and every power has a nonzero
 * base; and the term ratios A(n+1)/A(n) and B(n+1)/B(n), computed factor by factor
 * (hypergeometricRatio), are equal rational functions of n. Sound: every factor is
 * defined and nonzero at every n >= n0 (a power c^m with c != 0 is a nonzero
 * rational for every integer m, negative m included), so each factor's ratio is
 * the stated one; then A(n+1) = R(n) A(n) and B(n+1) = R(n) B(n) for every n >= n0
 * with the same R, and induction from n0 gives A(n) = B(n). Powers are evaluated
 * exactly, refusing results above POW_MAX_BITS bits (an error, never a guess).
 */
export function proveByTermRatio(
  param: string,
  names: readonly string[],
  hyps: readonly Lin[],
  lhs: IExpr,
  rhs: IExpr,
): { readonly ok: true; readonly certificate: Certificate } | { readonly ok: false; readonly reason: string } {
  const lower = hyps.find((h) => h.v.size === 1 && h.v.get(param) === 1n);
  if (!lower || names.length !== 1) return no(`term_ratio needs exactly one integer parameter with a lower bound (as in 'for all ${param} >= 1')`) as { ok: false; reason: string };
  const n0 = -lower.c;
  const value = (e: IExpr): Rational => {
    const t = hypergeometricValue(param, n0, e);
    if (t.k !== 'const') throw new RatioError(`cannot evaluate ${iexprToString(e)} at ${param} = ${n0}`);
    return t.value;
  };
  try {
    checkHypergeometric(param, hyps, lhs);
    checkHypergeometric(param, hyps, rhs);
    const a0 = value(lhs);
    const b0 = value(rhs);
    if (!a0.eq(b0)) return { ok: false, reason: `term_ratio: the initial terms differ: at ${param} = ${n0} the left side is ${a0} and the right side is ${b0}` };
    const ra = hypergeometricRatio(param, lhs);
    const rb = hypergeometricRatio(param, rhs);
    if (decideEqual(ra, rb, new Map()).status !== 'proved') {
      return { ok: false, reason: `term_ratio: the term ratios differ: a(${param}+1)/a(${param}) = ${T.termToString(ra)} but b(${param}+1)/b(${param}) = ${T.termToString(rb)}` };
    }
  } catch (e) {
    if (e instanceof RatioError) return { ok: false, reason: `term_ratio: ${e.message}` };
    throw e;
  }
  const stmt = `for all integers ${param} >= ${n0}: ${iexprToString(lhs)} = ${iexprToString(rhs)}`;
  return { ok: true, certificate: Certificate.mint(KERNEL_KEY, stmt, 'hypergeometric term ratio') };
}

function linTerm(l: Lin): Term {
  return T.add(T.num(Rational.of(l.c)), ...[...l.v].map(([k, c]) => T.mul(T.num(Rational.of(c)), T.v(k))));
}
