/**
 * LaTeX for the proof language's syntax trees: `exprToLatex(expr)` prints any
 * expression — surface (as parsed: `f(j)`, `E[fam; g]`, `d/ds e`) or elaborated
 * (lets expanded) — as KaTeX-compatible LaTeX; `claimToLatex`, `calcRows` and
 * `theoremToLatex` print whole statements; `formatLatex` is the `--format latex`
 * reporter (a standalone .tex fragment, one `align*` per item).
 *
 * Invariants: the printer is faithful to the tree — parentheses appear wherever
 * the tree's grouping differs from what the printed formula reads as (a - (b - c),
 * (a^b)^c, (n+1)!, the body of a sum, derivative or coefficient that is a sum or
 * product), so what is shown is what was checked. Output only uses commands KaTeX
 * supports (tested: random expressions render with throwOnError). Pure: no I/O.
 */
import type { CalcDecl, ClaimDecl, Expr, FamilyDecl, Formula, ProofStep, Quantifier, RelOp, TheoremDecl, TheoremParam } from '../proofs/ast.ts';

/** Binding strength of a printed expression: larger binds tighter. */
const P = {
  /** Prefix operators that extend to the right: sum, prod, d/dx, [p^k], argmin, integral. */
  BIG: 0,
  ADD: 1,
  MUL: 2,
  NEG: 3,
  POW: 4,
  POSTFIX: 5,
  ATOM: 6,
} as const;
type P = (typeof P)[keyof typeof P];

interface Printed {
  readonly tex: string;
  readonly prec: P;
  /** A product may juxtapose this on its left (a number): `2 x`. */
  readonly numeric?: boolean;
}

const GREEK = new Set([
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'varepsilon', 'zeta', 'eta', 'theta', 'vartheta', 'iota', 'kappa', 'lambda',
  'mu', 'nu', 'xi', 'pi', 'rho', 'sigma', 'tau', 'upsilon', 'phi', 'varphi', 'chi', 'psi', 'omega',
  'Gamma', 'Delta', 'Theta', 'Lambda', 'Xi', 'Pi', 'Sigma', 'Upsilon', 'Phi', 'Psi', 'Omega',
]);

const FUNCTIONS: Record<string, string> = {
  exp: '\\exp', log: '\\log', sin: '\\sin', cos: '\\cos', tan: '\\tan', sinh: '\\sinh', cosh: '\\cosh', tanh: '\\tanh',
  atan: '\\arctan', asin: '\\arcsin', acos: '\\arccos', atanh: '\\operatorname{artanh}',
  gamma: '\\Gamma', lgamma: '\\log\\Gamma', digamma: '\\psi',
};

const REL: Record<RelOp, string> = { '=': '=', '!=': '\\neq', '<': '<', '<=': '\\le', '>': '>', '>=': '\\ge' };

/** Escapes text for `\text{...}` / `\mathrm{...}`. */
export function escapeLatexText(s: string): string {
  return s.replace(/[\\{}$&#^_%~]/g, (c) => (c === '\\' ? '\\textbackslash{}' : c === '~' ? '\\textasciitilde{}' : c === '^' ? '\\textasciicircum{}' : `\\${c}`));
}

/** One identifier part (no digits suffix): Greek letters as Greek, one letter italic, longer names upright. */
function wordTex(w: string, upright: boolean): string {
  if (GREEK.has(w)) return `\\${w}`;
  if (w.length === 1) return w;
  return upright ? `\\mathrm{${escapeLatexText(w)}}` : `\\mathit{${escapeLatexText(w)}}`;
}

/**
 * An identifier as LaTeX: `eta` → \eta, `p1` → p_{1}, `w_j` → w_{j}, `mu12` → \mu_{12},
 * `loss` → \mathit{loss} (or \mathrm for function names), `cross_entropy` → \mathit{cross\_entropy}.
 */
export function nameToLatex(name: string, upright = false): string {
  const digits = /^([A-Za-z]+)(\d+)$/.exec(name);
  if (digits) return `${wordTex(digits[1]!, upright)}_{${digits[2]}}`;
  const sub = /^([A-Za-z]+)_([A-Za-z]?\d*|[A-Za-z]+\d*)$/.exec(name);
  if (sub && sub[2] !== '' && (/^[A-Za-z]?\d*$/.test(sub[2]!) || GREEK.has(sub[2]!.replace(/\d+$/, '')))) return `${wordTex(sub[1]!, upright)}_{${nameToLatex(sub[2]!)}}`;
  if (/^[A-Za-z]+$/.test(name)) return wordTex(name, upright);
  return upright ? `\\mathrm{${escapeLatexText(name)}}` : `\\mathit{${escapeLatexText(name)}}`;
}

/** An exact literal: integers as digits, terminating decimals as written (4.03), others as \frac. */
function numTex(n: bigint, d: bigint): Printed {
  let g = n < 0n ? -n : n;
  let h = d < 0n ? -d : d;
  while (h !== 0n) [g, h] = [h, g % h];
  const num = (d < 0n ? -n : n) / (g === 0n ? 1n : g);
  const den = (d < 0n ? -d : d) / (g === 0n ? 1n : g);
  const neg = num < 0n;
  const a = neg ? -num : num;
  let body: string;
  let prec: P = P.ATOM;
  if (den === 1n) body = a.toString();
  else {
    let d = den;
    let twos = 0;
    let fives = 0;
    while (d % 2n === 0n) { d /= 2n; twos++; }
    while (d % 5n === 0n) { d /= 5n; fives++; }
    const places = Math.max(twos, fives);
    if (d === 1n && places <= 12) {
      const scaled = (a * 10n ** BigInt(places)) / den;
      const s = scaled.toString().padStart(places + 1, '0');
      body = `${s.slice(0, s.length - places)}.${s.slice(s.length - places)}`;
    } else {
      body = `\\frac{${a}}{${den}}`;
      prec = P.MUL;
    }
  }
  return neg ? { tex: `-${body}`, prec: P.NEG, numeric: true } : { tex: body, prec, numeric: true };
}

function paren(tex: string): string {
  return `\\left(${tex}\\right)`;
}

/** `p` as wrapped: parenthesised unless it binds at least as tightly as `min`. */
function wrap(p: Printed, min: P): string {
  return p.prec >= min ? p.tex : paren(p.tex);
}

function callTex(fn: string, arg: Printed): Printed {
  if (fn === 'sqrt') return { tex: `\\sqrt{${arg.tex}}`, prec: P.ATOM };
  if (fn === 'abs') return { tex: `\\left|${arg.tex}\\right|`, prec: P.ATOM };
  if (fn === 'exp' && arg.tex.length <= 24 && !/\\frac|\\sum|\\prod|\\int/.test(arg.tex)) return { tex: `e^{${arg.tex}}`, prec: P.POW };
  return { tex: `${FUNCTIONS[fn] ?? `\\operatorname{${escapeLatexText(fn)}}`}${paren(arg.tex)}`, prec: P.ATOM };
}

function derivTex(v: string, order: Printed | number, body: Printed): Printed {
  const x = nameToLatex(v);
  const head = order === 1 ? `\\frac{d}{d${x}}`
    : typeof order === 'number' ? `\\frac{d^{${order}}}{d${x}^{${order}}}`
    : `\\frac{d^{${order.tex}}}{d${x}^{${order.tex}}}`;
  return { tex: `${head} ${wrap(body, P.NEG)}`, prec: P.BIG };
}

function coeffTex(v: string, power: Printed | undefined, body: Printed): Printed {
  const x = nameToLatex(v);
  const mono = power === undefined || power.tex === '1' ? x : `${x}^{${power.tex}}`;
  return { tex: `[${mono}]\\, ${wrap(body, P.NEG)}`, prec: P.BIG };
}

function bigOp(op: 'sum' | 'prod', index: string, lo: Printed, hi: Printed | 'inf', body: Printed): Printed {
  const sym = op === 'sum' ? '\\sum' : '\\prod';
  const top = hi === 'inf' ? '\\infty' : hi.tex;
  return { tex: `${sym}_{${nameToLatex(index)}=${lo.tex}}^{${top}} ${wrap(body, P.MUL)}`, prec: P.BIG };
}

function opTex(name: string): string {
  return name === 'argmin' ? '\\operatorname*{arg\\,min}' : name === 'argmax' ? '\\operatorname*{arg\\,max}' : `\\operatorname{${name}}`;
}

function binopTex(op: '+' | '-' | '*' | '/' | '^', l: Printed, r: Printed): Printed {
  switch (op) {
    case '+':
    case '-': {
      // The right operand is parenthesised at the same level (a - (b - c)) and when it starts with a sign.
      const right = r.prec <= P.ADD || r.prec === P.NEG || r.tex.startsWith('-') ? paren(r.tex) : r.tex;
      const left = l.prec === P.BIG ? paren(l.tex) : l.tex;
      return { tex: `${left} ${op} ${right}`, prec: P.ADD };
    }
    case '*': {
      const left = l.prec === P.BIG || l.prec < P.MUL ? paren(l.tex) : l.tex;
      const rightNeedsParen = (r.prec < P.MUL && r.prec !== P.BIG) || r.prec === P.NEG || r.tex.startsWith('-') || (r.prec === P.MUL && !r.tex.startsWith('\\frac'));
      const right = rightNeedsParen ? paren(r.tex) : r.tex;
      // A number on the left juxtaposes with a letter or command (2 x, \frac{1}{2} \log x); otherwise \cdot.
      const juxt = l.numeric === true && l.prec >= P.MUL && !/^[\d.]/.test(right);
      return { tex: juxt ? `${left} ${right}` : `${left} \\cdot ${right}`, prec: P.MUL };
    }
    case '/':
      return { tex: `\\frac{${l.tex}}{${r.tex}}`, prec: P.MUL };
    case '^': {
      const base = l.prec >= P.ATOM && !l.tex.startsWith('\\frac') && !l.tex.includes('^') && !l.tex.endsWith('!') ? l.tex : paren(l.tex);
      const simple = /^(?:[A-Za-z0-9]|\\[A-Za-z]+)$/.test(base);
      return { tex: simple ? `${base}^{${r.tex}}` : `{${base}}^{${r.tex}}`, prec: P.POW };
    }
  }
}

function print(e: Expr): Printed {
  switch (e.kind) {
    case 'num':
      return numTex(e.num, e.den);
    case 'var':
    case 'index':
      return { tex: nameToLatex(e.name), prec: P.ATOM };
    case 'const':
      return { tex: e.name === 'pi' ? '\\pi' : 'e', prec: P.ATOM };
    case 'name':
      return { tex: e.name === 'pi' ? '\\pi' : e.name === 'e' ? 'e' : nameToLatex(e.name), prec: P.ATOM };
    case 'neg': {
      const a = print(e.arg);
      const arg = a.prec === P.BIG ? a.tex : a.prec < P.MUL || a.prec === P.NEG || a.tex.startsWith('-') ? paren(a.tex) : a.tex;
      return { tex: `-${arg}`, prec: P.NEG };
    }
    case 'binop':
      return binopTex(e.op, print(e.left), print(e.right));
    case 'call':
      return callTex(e.fn, print(e.arg));
    case 'factorial':
      return { tex: `${wrap(print(e.arg), P.ATOM)}!`, prec: P.POSTFIX };
    case 'binomial':
      return { tex: `\\binom{${print(e.n).tex}}{${print(e.k).tex}}`, prec: P.ATOM };
    case 'stirling1':
      return { tex: `\\genfrac{[}{]}{0pt}{}{${print(e.n).tex}}{${print(e.k).tex}}`, prec: P.ATOM };
    case 'sum':
    case 'prod':
      return bigOp(e.kind, e.index, print(e.lo), e.hi === 'inf' ? 'inf' : print(e.hi), print(e.body));
    case 'deriv': {
      const o = e.order.kind === 'num' && e.order.den === 1n ? Number(e.order.num) : print(e.order);
      return o === 0 ? { tex: `\\frac{d^{0}}{d${nameToLatex(e.var)}^{0}} ${wrap(print(e.body), P.NEG)}`, prec: P.BIG } : derivTex(e.var, o, print(e.body));
    }
    case 'dsurface':
      return derivTex(e.var, e.orderExpr ? print(e.orderExpr) : e.order, print(e.body));
    case 'coeff':
      return coeffTex(e.var, print(e.power), print(e.body));
    case 'series':
      return { tex: `\\operatorname{series}\\left(${print(e.body).tex},\\ ${nameToLatex(e.var)},\\ ${print(e.order).tex}\\right)`, prec: P.ATOM };
    case 'val':
      return { tex: `\\operatorname{val}_{${nameToLatex(e.var)}}${paren(print(e.body).tex)}`, prec: P.ATOM };
    case 'integral':
      return { tex: `\\int_{${e.lo === undefined || e.lo === '-inf' ? '-\\infty' : print(e.lo).tex}}^{${e.hi === undefined || e.hi === 'inf' ? '\\infty' : print(e.hi).tex}} ${wrap(print(e.body), P.MUL)} \\, d${nameToLatex(e.index)}`, prec: P.BIG };
    case 'argmin':
    case 'argmax':
      return { tex: `${opTex(e.kind)}_{${nameToLatex(e.var)}} ${wrap(print(e.body), P.MUL)}`, prec: P.BIG };
    case 'apply':
      return applyTex(e);
  }
}

/** A surface application: a built-in form written as a call, an expectation, or a user function. */
function applyTex(e: Extract<Expr, { kind: 'apply' }>): Printed {
  const args = e.args.map(print);
  const a = (i: number): Printed => args[i] ?? { tex: '?', prec: P.ATOM };
  const nameOf = (i: number): string => {
    const x = e.args[i];
    return x && (x.kind === 'name' || x.kind === 'var' || x.kind === 'index') ? x.name : print(x ?? { kind: 'name', name: '?', span: e.span }).tex;
  };
  if (e.name === 'E[' || e.name === 'Var[' || e.name === 'Cov[') {
    const fam = `\\mathrm{${escapeLatexText(nameOf(0))}}`;
    const head = e.name === 'E[' ? '\\mathbb{E}' : `\\operatorname{${e.name.slice(0, -1)}}`;
    return { tex: `${head}_{${fam}}\\left[${args.slice(1).map((x) => x.tex).join(',\\ ')}\\right]`, prec: P.ATOM };
  }
  if (e.args.length === 1 && (e.name in FUNCTIONS || e.name === 'sqrt' || e.name === 'abs')) return callTex(e.name, a(0));
  switch (e.name) {
    case 'binomial':
      if (args.length === 2) return { tex: `\\binom{${a(0).tex}}{${a(1).tex}}`, prec: P.ATOM };
      break;
    case 'stirling1':
      if (args.length === 2) return { tex: `\\genfrac{[}{]}{0pt}{}{${a(0).tex}}{${a(1).tex}}`, prec: P.ATOM };
      break;
    case 'coeff': {
      const m = e.args[1];
      if (args.length === 2 && m) {
        if (m.kind === 'name') return coeffTex(m.name, undefined, a(0));
        if (m.kind === 'binop' && m.op === '^' && m.left.kind === 'name') return coeffTex(m.left.name, print(m.right), a(0));
      }
      break;
    }
    case 'series':
      if (args.length === 3) return { tex: `\\operatorname{series}\\left(${a(0).tex},\\ ${a(1).tex},\\ ${a(2).tex}\\right)`, prec: P.ATOM };
      break;
    case 'val':
      if (args.length === 2) return { tex: `\\operatorname{val}_{${a(1).tex}}${paren(a(0).tex)}`, prec: P.ATOM };
      if (args.length === 1) return { tex: `\\operatorname{val}${paren(a(0).tex)}`, prec: P.ATOM };
      break;
    case 'argmin':
    case 'argmax':
      if (args.length === 2) return { tex: `${opTex(e.name)}_{${a(0).tex}} ${wrap(a(1), P.MUL)}`, prec: P.BIG };
      break;
  }
  const head = e.name.length === 1 || GREEK.has(e.name) || /^[A-Za-z]\d+$/.test(e.name) ? nameToLatex(e.name) : nameToLatex(e.name, true);
  return { tex: `${head}${paren(args.map((x) => x.tex).join(', '))}`, prec: P.ATOM };
}

/** An expression as LaTeX (math mode, no delimiters). Surface or elaborated trees. */
export function exprToLatex(expr: Expr): string {
  return print(expr).tex;
}

/** A relation operator as LaTeX. */
export function relToLatex(op: RelOp): string {
  return REL[op];
}

/** A formula: a relation chain, or `l \approx r` with its tolerance. */
export function formulaToLatex(f: Formula): string {
  if (f.kind === 'chain') {
    let s = exprToLatex(f.terms[0]!);
    f.ops.forEach((op, i) => { s += ` ${REL[op]} ${exprToLatex(f.terms[i + 1]!)}`; });
    return s;
  }
  return `${exprToLatex(f.left)} \\approx ${exprToLatex(f.right)} \\quad \\text{(within ${toleranceText(f.tolerance, f.relative)})}`;
}

function toleranceText(t: Expr, relative: boolean): string {
  if (relative && t.kind === 'num') {
    const pct = numTex(t.num * 100n, t.den);
    if (!pct.tex.includes('\\frac')) return `${pct.tex}\\%`;
  }
  return `${relative ? 'relative ' : ''}$${exprToLatex(t)}$`;
}

function rangeTex(lo: Expr, hi: Expr): string {
  return `\\{${exprToLatex(lo)}, \\ldots, ${exprToLatex(hi)}\\}`;
}

/** Quantifiers `j in 0..40, k in 0..j` as `j \in \{0, \ldots, 40\},\ k \in ...` ('' when none). */
export function quantifiersToLatex(qs: readonly Quantifier[]): string {
  return qs.map((q) => `${nameToLatex(q.index)} \\in ${rangeTex(q.lo, q.hi)}`).join(',\\ ');
}

/** A claim: its quantifiers (maybe '') and its formula. */
export function claimToLatex(c: ClaimDecl): { quantifiers: string; formula: string } {
  return { quantifiers: quantifiersToLatex(c.quantifiers), formula: formulaToLatex(c.formula) };
}

/** A calc chain as rows: the first expression, then each step's relation, expression and rules. */
export function calcRows(c: CalcDecl): { first: string; steps: { op: string; expr: string; rules: string[] }[] } {
  return {
    first: exprToLatex(c.first),
    steps: c.steps.map((s) => ({ op: REL[s.op], expr: exprToLatex(s.expr), rules: s.rules.map((r) => r.name) })),
  };
}

function paramTex(p: TheoremParam): string {
  return p.hi ? `${nameToLatex(p.index)} \\in ${rangeTex(p.lo, p.hi)}` : `${nameToLatex(p.index)} \\ge ${exprToLatex(p.lo)}`;
}

/** A theorem: `\forall params:` and its statement, and each proof step as LaTeX with its rules. */
export function theoremToLatex(t: TheoremDecl): { quantifiers: string; formula: string; steps: { tex: string; rules: string[]; done: boolean }[] } {
  const steps = t.steps.map((s: ProofStep) => ({
    tex: s.done ? '\\text{done}' : `${s.left ? `${exprToLatex(s.left)} ` : '\\quad '}${s.op ? REL[s.op] : ''} ${s.right ? exprToLatex(s.right) : ''}`.trim(),
    rules: s.rules.map((r) => r.name),
    done: s.done,
  }));
  return { quantifiers: `\\forall\\, ${t.params.map(paramTex).join(',\\ ')}`, formula: formulaToLatex(t.formula), steps };
}

/** The implicit consistency claim of a family: E_fam[1] = 1. */
export function familyNormalisedLatex(f: FamilyDecl): string {
  return `\\mathbb{E}_{\\mathrm{${escapeLatexText(f.name)}}}\\left[1\\right] = 1`;
}

/** A claim or calc chain as one line of LaTeX (quantifiers, then the formula or the chain's rows joined). */
export function itemToLatex(item: ClaimDecl | CalcDecl): string {
  if (item.kind === 'claim') {
    const c = claimToLatex(item);
    return c.quantifiers ? `${c.quantifiers}:\\ ${c.formula}` : c.formula;
  }
  const rows = calcRows(item);
  return [rows.first, ...rows.steps.map((s) => `${s.op} ${s.expr}`)].join(' ');
}
