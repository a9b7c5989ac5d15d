/**
 * A recursive-descent parser for the LaTeX subset that blog posts use for
 * derivations (docs/latex.md), lowering straight to the proof language's surface
 * AST (src/proofs/ast.ts: `name`, `apply`, `dsurface`, ... nodes) so that the
 * shared elaborator resolves names and sorts and the kernel decides, exactly as
 * for a `.proof` script. Untrusted front end: a misreading here can give a wrong
 * claim to check, never a wrong verdict about the claim it produced; reports show
 * the rows as read so a reader can see what was understood.
 *
 * Readings of ambiguous input (documented in docs/latex.md, pinned by tests):
 * - single letters are separate symbols (`ab` is a*b); multi-letter names need
 *   `\operatorname{..}`, `\mathrm{..}` or `\text{..}` (or a Greek command);
 * - implicit multiplication binds like `\cdot` (`a/2b` is (a/2)*b);
 * - `f(x+1)` applies f only when f is a declared function (or undeclared: then the
 *   elaborator reports the unknown function); for a declared variable it is f*(x+1);
 * - a function without parentheses takes the implicit product that follows,
 *   stopping at the next function: `\sin x^2` is sin(x^2), `\sin 2x \cos x` is
 *   sin(2x)*cos(x); `\sin^2 x` is (sin x)^2;
 * - `\frac{d}{dx}`, `\sum` and `[p^k]` take the implicit product that follows
 *   (`\sum_{i} a_i + 1` is (sum a_i) + 1); a bare declared one-parameter function
 *   there (`\frac{\partial A}{\partial \eta}`, `\mathbb{E}[T]`) is applied to the
 *   derivative variable (the family's support variable).
 * Invariants: spans are absolute offsets into the Markdown file; errors are
 * LatexError (code, message, span), never other exceptions for any input.
 */
import type { Expr, RelOp, Span } from '../ast.ts';
import { LatexError, tokenText, type LatexToken } from './lexer.ts';

/** What the proof blocks of the file declare, as far as reading LaTeX needs it. */
export interface LatexNames {
  /** Functions (`let f(x, y) = ...`): name -> number of parameters. */
  readonly functions: ReadonlyMap<string, number>;
  /** Variables and parameterless definitions. */
  readonly values: ReadonlySet<string>;
  /** Exponential families: name -> support variable. */
  readonly families: ReadonlyMap<string, string>;
}

/** A parsed row: an optional leading relation (a continuation row), then terms joined by relations. */
export interface LatexRow {
  readonly lead?: RowRel;
  readonly terms: readonly Expr[];
  readonly ops: readonly RowRel[];
  readonly span: Span;
}

/** A relation in a row: a proof-language relation or `\approx`. */
export interface RowRel {
  readonly op: RelOp | 'approx';
  readonly span: Span;
}

/** Largest nesting of a LaTeX expression (braces, parentheses, fractions). */
export const MAX_LATEX_NESTING = 200;

const GREEK: Record<string, string> = {
  alpha: 'alpha', beta: 'beta', gamma: 'gamma', delta: 'delta', epsilon: 'epsilon', varepsilon: 'epsilon', zeta: 'zeta', eta: 'eta',
  theta: 'theta', vartheta: 'theta', iota: 'iota', kappa: 'kappa', lambda: 'lambda', mu: 'mu', nu: 'nu', xi: 'xi', rho: 'rho', varrho: 'rho',
  sigma: 'sigma', varsigma: 'sigma', tau: 'tau', upsilon: 'upsilon', phi: 'phi', varphi: 'phi', chi: 'chi', psi: 'psi', omega: 'omega',
  Gamma: 'Gamma', Delta: 'Delta', Theta: 'Theta', Lambda: 'Lambda', Xi: 'Xi', Pi: 'Pi', Sigma: 'Sigma', Upsilon: 'Upsilon', Phi: 'Phi',
  Psi: 'Psi', Omega: 'Omega', ell: 'ell', pi: 'pi',
};

/** LaTeX function commands -> built-in function names (the kernel's spelling). */
const FUNCTIONS: Record<string, string> = {
  log: 'log', ln: 'log', exp: 'exp', sin: 'sin', cos: 'cos', tan: 'tan', sinh: 'sinh', cosh: 'cosh', tanh: 'tanh',
  arctan: 'atan', arcsin: 'asin', arccos: 'acos',
};

/** `\operatorname{..}` spellings of built-in functions. */
const OPERATOR_FUNCTIONS: Record<string, string> = {
  artanh: 'atanh', arctanh: 'atanh', atanh: 'atanh', atan: 'atan', asin: 'asin', acos: 'acos', abs: 'abs', sqrt: 'sqrt',
  log: 'log', exp: 'exp', sin: 'sin', cos: 'cos', tan: 'tan', sinh: 'sinh', cosh: 'cosh', tanh: 'tanh',
};

const RELATIONS: Record<string, RelOp | 'approx'> = {
  ne: '!=', neq: '!=', le: '<=', leq: '<=', leqslant: '<=', ge: '>=', geq: '>=', geqslant: '>=', lt: '<', gt: '>', approx: 'approx',
};

const FRACS = new Set(['frac', 'dfrac', 'tfrac', 'cfrac']);
const BINOMS = new Set(['binom', 'dbinom', 'tbinom']);
/** Sizing commands dropped before parsing (`\left(` reads as `(`). */
const SIZING = new Set(['left', 'right', 'middle', 'big', 'Big', 'bigg', 'Bigg', 'bigl', 'bigr', 'Bigl', 'Bigr', 'biggl', 'biggr', 'Biggl', 'Biggr', 'bigm', 'Bigm']);

/** The relation a token stands for, if any. */
export function relationOf(t: LatexToken): RelOp | 'approx' | undefined {
  if (t.k === 'sym') return t.v === '=' || t.v === '<' || t.v === '>' ? t.v : undefined;
  if (t.k === 'cmd') return RELATIONS[t.v];
  return undefined;
}

/**
 * Drops sizing commands (`\left`, `\big`, ...; `\left.` and `\right.` entirely) and
 * maps `\lvert`/`\rvert`/`\vert` to '|', `\{` `\}` `\lbrace` `\rbrace` to '(' ')'.
 */
export function normaliseTokens(tokens: readonly LatexToken[]): LatexToken[] {
  const out: LatexToken[] = [];
  // A delimiter after `\left` / `\big` starts where the sizing command does (carets, row starts).
  let sizedFrom: number | undefined;
  const push = (t: LatexToken): void => {
    out.push(sizedFrom === undefined ? t : ({ ...t, span: { start: sizedFrom, end: t.span.end } } as LatexToken));
    sizedFrom = undefined;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.k === 'cmd' && SIZING.has(t.v)) {
      const n = tokens[i + 1];
      if (n && n.k === 'sym' && n.v === '.' && (t.v === 'left' || t.v === 'right')) i++;
      else sizedFrom ??= t.span.start;
      continue;
    }
    if (t.k === 'cmd' && (t.v === 'lvert' || t.v === 'rvert' || t.v === 'vert' || t.v === '|')) {
      push({ k: 'sym', v: '|', span: t.span });
      continue;
    }
    if (t.k === 'cmd' && (t.v === '{' || t.v === 'lbrace' || t.v === 'langle')) {
      push({ k: 'sym', v: '(', span: t.span });
      continue;
    }
    if (t.k === 'cmd' && (t.v === '}' || t.v === 'rbrace' || t.v === 'rangle')) {
      push({ k: 'sym', v: ')', span: t.span });
      continue;
    }
    push(t);
  }
  return out;
}

function join(a: Span, b: Span): Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

function num(v: bigint, span: Span): Expr {
  return { kind: 'num', num: v, den: 1n, span };
}

/** An exact literal from decimal digits ("0.25" -> 1/4 unreduced is fine: the elaborator keeps num/den). */
function decimal(text: string, span: Span): Expr {
  const dot = text.indexOf('.');
  if (dot < 0) return num(BigInt(text), span);
  const digits = text.slice(0, dot) + text.slice(dot + 1);
  let n = BigInt(digits);
  let d = 10n ** BigInt(text.length - dot - 1);
  const g = gcd(n, d);
  if (g > 1n) {
    n /= g;
    d /= g;
  }
  return { kind: 'num', num: n, den: d, span };
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}

function bin(op: '+' | '-' | '*' | '/' | '^', left: Expr, right: Expr): Expr {
  return { kind: 'binop', op, left, right, span: join(left.span, right.span) };
}

/** Parser state over one row's tokens (ending with eof). */
export class LatexParser {
  private pos = 0;
  private depth = 0;
  /** Inside |...|: a '|' closes instead of opening. */
  private absDepth = 0;
  /** Inside an integral's body: `d x` ends the body. */
  private stopAtDifferential = false;
  /** A bare one-parameter function here is applied to this variable. */
  private implicitArg?: string;
  /** Indices bound here (sum/prod indices, the block's quantifiers): values, never functions. */
  private readonly bound = new Set<string>();

  constructor(
    private readonly tokens: readonly LatexToken[],
    private readonly names: LatexNames,
    private readonly text: string,
    /** Readings worth telling the author (`x_i` read as one variable). */
    readonly notes: string[] = [],
  ) {}

  private peek(k = 0): LatexToken {
    return this.tokens[Math.min(this.pos + k, this.tokens.length - 1)]!;
  }

  private next(): LatexToken {
    const t = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }

  private isSym(t: LatexToken, v: string): boolean {
    return t.k === 'sym' && t.v === v;
  }

  private fail(message: string, span: Span, code = 'latex/parse'): never {
    throw new LatexError(code, message, span);
  }

  private unexpected(t: LatexToken, expected: string): never {
    if (t.k === 'cmd' && !(t.v in GREEK) && !(t.v in FUNCTIONS)) {
      this.fail(`could not parse \`${tokenText(t)}\`: it is not in the LaTeX subset proofcheck reads (see docs/latex.md)`, t.span, 'latex/unsupported');
    }
    if (t.k === 'text') this.fail(`could not parse \`${tokenText(t)}\` here; expected ${expected}`, t.span, 'latex/unsupported');
    this.fail(`expected ${expected}, found ${t.k === 'eof' ? 'the end of the row' : `'${tokenText(t)}'`}`, t.span, 'latex/expected-expression');
  }

  private expectSym(v: string, opened?: LatexToken): LatexToken {
    const t = this.peek();
    if (!this.isSym(t, v)) {
      const what = opened ? ` to close '${tokenText(opened)}'` : '';
      this.fail(`expected '${v}'${what}, found ${t.k === 'eof' ? 'the end of the row' : `'${tokenText(t)}'`}`, t.k === 'eof' && opened ? opened.span : t.span, opened ? 'latex/unclosed' : 'latex/expected-token');
    }
    return this.next();
  }

  /** A row: `[rel] expr (rel expr)*` up to the end of the tokens. */
  parseRow(): LatexRow {
    const first = this.peek();
    let lead: RowRel | undefined;
    const r0 = relationOf(first);
    if (r0) {
      this.next();
      lead = { op: r0, span: first.span };
    }
    const terms: Expr[] = [this.expr()];
    const ops: RowRel[] = [];
    for (;;) {
      const t = this.peek();
      const r = relationOf(t);
      if (!r) break;
      this.next();
      ops.push({ op: r, span: t.span });
      terms.push(this.expr());
    }
    const end = this.peek();
    if (end.k !== 'eof') this.unexpected(end, 'a relation, an operator or the end of the row');
    if (!lead && ops.length === 0) this.fail('this row has no relation (=, \\le, <, ...)', terms[0]!.span, 'latex/no-relation');
    return { ...(lead ? { lead } : {}), terms, ops, span: join(first.span, terms[terms.length - 1]!.span) };
  }

  /** Parses the whole token list as one expression. */
  parseWhole(): Expr {
    const e = this.expr();
    const t = this.peek();
    if (t.k !== 'eof') this.unexpected(t, 'an operator or the end');
    return e;
  }

  private enter(span: Span): void {
    if (++this.depth > MAX_LATEX_NESTING) this.fail(`the formula nests more than ${MAX_LATEX_NESTING} levels deep`, span, 'limit/nesting');
  }

  /** Sum and difference. */
  private expr(): Expr {
    this.enter(this.peek().span);
    let left = this.term();
    for (;;) {
      const t = this.peek();
      if (this.isSym(t, '+') || this.isSym(t, '-')) {
        this.next();
        const right = this.term();
        left = bin((t as { v: string }).v as '+' | '-', left, right);
        continue;
      }
      break;
    }
    this.depth--;
    return left;
  }

  /** Products and quotients, explicit (`\cdot`, `\times`, `*`, `/`) or implicit (`2x`, `a b`). */
  private term(): Expr {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if ((t.k === 'cmd' && (t.v === 'cdot' || t.v === 'times')) || this.isSym(t, '*')) {
        this.next();
        left = bin('*', left, this.unary());
        continue;
      }
      if (this.isSym(t, '/')) {
        this.next();
        left = bin('/', left, this.unary());
        continue;
      }
      if (this.startsFactor(t)) {
        left = bin('*', left, this.power());
        continue;
      }
      break;
    }
    return left;
  }

  private unary(): Expr {
    const t = this.peek();
    if (this.isSym(t, '-')) {
      this.next();
      const arg = this.unary();
      return { kind: 'neg', arg, span: join(t.span, arg.span) };
    }
    if (this.isSym(t, '+')) {
      this.next();
      return this.unary();
    }
    return this.power();
  }

  /** Whether `t` can begin a factor of an implicit product. */
  private startsFactor(t: LatexToken): boolean {
    switch (t.k) {
      case 'letter':
        if (this.stopAtDifferential && t.v === 'd' && this.isDifferentialAt(this.pos)) return false;
        return true;
      case 'num':
        return true;
      case 'text':
        if (t.cmd === 'tag' || t.cmd === 'label' || t.cmd === 'begin' || t.cmd === 'end') return false;
        if (this.stopAtDifferential && t.raw === 'd' && this.isDifferentialAt(this.pos)) return false;
        return !/^\s*\(?\s*by\b/.test(t.raw);
      case 'sym':
        return t.v === '(' || t.v === '[' || (t.v === '|' && this.absDepth === 0);
      case 'cmd':
        return t.v in GREEK || t.v in FUNCTIONS || FRACS.has(t.v) || BINOMS.has(t.v) || ['sqrt', 'sum', 'prod', 'int', 'partial', 'infty'].includes(t.v);
      default:
        return false;
    }
  }

  /** `d x` (or `\mathrm{d} x`) at token index i. */
  private isDifferentialAt(i: number): boolean {
    const n = this.tokens[i + 1];
    return n !== undefined && (n.k === 'letter' || (n.k === 'cmd' && n.v in GREEK));
  }

  private isFunctionStart(t: LatexToken): boolean {
    return (t.k === 'cmd' && t.v in FUNCTIONS) || (t.k === 'text' && (t.cmd === 'operatorname' || t.cmd === 'mathrm') && (t.raw in OPERATOR_FUNCTIONS || this.names.functions.has(t.raw)));
  }

  /** Factors joined by juxtaposition only (the operand of `\sin`, `\frac{d}{dx}`, `\sum`). */
  private implicitProduct(stopAtFunction: boolean): Expr {
    let left = this.power();
    for (;;) {
      const t = this.peek();
      if (!this.startsFactor(t) || (stopAtFunction && this.isFunctionStart(t))) break;
      left = bin('*', left, this.power());
    }
    return left;
  }

  /** A primary with postfix `^`, `!`. */
  private power(): Expr {
    let base = this.primary();
    for (;;) {
      const t = this.peek();
      if (this.isSym(t, '^')) {
        this.next();
        const exponent = this.script(t);
        if (base.kind === 'name' && base.name === 'e' && !this.declared('e')) {
          base = { kind: 'apply', name: 'exp', nameSpan: base.span, args: [exponent], span: join(base.span, exponent.span) };
        } else {
          base = bin('^', base, exponent);
        }
        if (this.isSym(this.peek(), '^')) this.fail("double superscript: write braces, as in 'x^{a^b}'", this.peek().span, 'latex/double-superscript');
        continue;
      }
      if (this.isSym(t, '!')) {
        this.next();
        base = { kind: 'factorial', arg: base, span: join(base.span, t.span) };
        continue;
      }
      break;
    }
    return base;
  }

  private declared(name: string): boolean {
    return this.names.values.has(name) || this.names.functions.has(name) || this.bound.has(name);
  }

  /** Declares indices bound around this row (the block's quantifiers). */
  bind(indices: Iterable<string>): this {
    for (const i of indices) this.bound.add(i);
    return this;
  }

  /** The argument of `^` or `_`: a braced group, or one token (one digit of a number). */
  private script(after: LatexToken): Expr {
    const t = this.peek();
    if (this.isSym(t, '{')) return this.braced();
    if (t.k === 'num') return this.oneDigit();
    if (t.k === 'letter') {
      this.next();
      return { kind: 'name', name: t.v, span: t.span };
    }
    if (t.k === 'cmd' && t.v in GREEK) {
      this.next();
      return { kind: 'name', name: GREEK[t.v]!, span: t.span };
    }
    if (t.k === 'cmd' && t.v === 'infty') this.fail("'\\infty' may appear only as the upper end of a sum", t.span, 'latex/misplaced-infinity');
    if (t.k === 'cmd' && t.v === 'prime') {
      this.next();
      return this.fail("'^\\prime' is not supported; write f'(x)", t.span, 'latex/unsupported');
    }
    return this.unexpected(t, `a braced group or a single symbol after '${tokenText(after)}'`);
  }

  /** The first digit of a number token (LaTeX's `x^23` is x^2 times 3); the rest stays. */
  private oneDigit(): Expr {
    const t = this.peek() as Extract<LatexToken, { k: 'num' }>;
    if (t.v.length === 1) {
      this.next();
      return num(BigInt(t.v), t.span);
    }
    const first = { start: t.span.start, end: t.span.start + 1 };
    (this.tokens as LatexToken[])[this.pos] = { k: 'num', v: t.v.slice(1), span: { start: t.span.start + 1, end: t.span.end } };
    if (t.v[0] === '.') this.fail(`expected a digit, found '.'`, first, 'latex/expected-expression');
    return num(BigInt(t.v[0]!), first);
  }

  /** `{ expr }`. */
  private braced(): Expr {
    const open = this.expectSym('{');
    if (this.isSym(this.peek(), '}')) this.fail("empty braces '{}' where an expression was expected", join(open.span, this.peek().span), 'latex/empty-group');
    const e = this.expr();
    this.expectSym('}', open);
    return e;
  }

  /** The argument of `\frac`, `\sqrt`, `\binom`: a braced group or one token. */
  private arg(cmd: LatexToken): Expr {
    const t = this.peek();
    if (this.isSym(t, '{')) return this.braced();
    if (t.k === 'num') return this.oneDigit();
    if (t.k === 'letter' || (t.k === 'cmd' && t.v in GREEK)) return this.primary();
    return this.unexpected(t, `an argument '{...}' for '${tokenText(cmd)}'`);
  }

  /** Token index range [from, to) of the braced group starting at the current token, or of the single next token. */
  private groupRange(): { from: number; to: number; after: number } {
    const t = this.peek();
    if (!this.isSym(t, '{')) return { from: this.pos, to: this.pos + 1, after: this.pos + 1 };
    let depth = 0;
    for (let i = this.pos; i < this.tokens.length; i++) {
      const u = this.tokens[i]!;
      if (u.k === 'sym' && u.v === '{') depth++;
      else if (u.k === 'sym' && u.v === '}' && --depth === 0) return { from: this.pos + 1, to: i, after: i + 1 };
      if (u.k === 'eof') break;
    }
    return this.fail("'{' is never closed", t.span, 'latex/unclosed');
  }

  /** A sub-parser over tokens [from, to). */
  private sub(from: number, to: number): LatexParser {
    const end = this.tokens[to] ?? this.tokens[this.tokens.length - 1]!;
    const toks = [...this.tokens.slice(from, to), { k: 'eof' as const, span: { start: end.span.start, end: end.span.start } }];
    const p = new LatexParser(toks, this.names, this.text, this.notes).bind(this.bound);
    p.depth = this.depth;
    p.implicitArg = this.implicitArg;
    return p;
  }

  private primary(): Expr {
    const t = this.peek();
    this.enter(t.span);
    try {
      return this.primaryInner(t);
    } finally {
      this.depth--;
    }
  }

  private primaryInner(t: LatexToken): Expr {
    switch (t.k) {
      case 'num':
        this.next();
        return decimal(t.v, t.span);
      case 'letter':
        return this.named(t.v, t.span);
      case 'text':
        return this.textToken(t);
      case 'sym':
        if (t.v === '(' || t.v === '[') return this.bracket(t);
        if (t.v === '{') return this.braced();
        if (t.v === '|' && this.absDepth === 0) {
          this.next();
          this.absDepth++;
          const inner = this.expr();
          this.absDepth--;
          const close = this.expectSym('|', t);
          return { kind: 'apply', name: 'abs', nameSpan: t.span, args: [inner], span: join(t.span, close.span) };
        }
        return this.unexpected(t, 'an expression');
      case 'cmd':
        return this.command(t);
      default:
        return this.unexpected(t, 'an expression');
    }
  }

  private command(t: Extract<LatexToken, { k: 'cmd' }>): Expr {
    const v = t.v;
    if (v in GREEK) return this.named(GREEK[v]!, t.span);
    if (v in FUNCTIONS) return this.func(FUNCTIONS[v]!, t);
    if (FRACS.has(v)) return this.frac(t);
    if (BINOMS.has(v)) {
      this.next();
      const n = this.arg(t);
      const k = this.arg(t);
      return { kind: 'apply', name: 'binomial', nameSpan: t.span, args: [n, k], span: join(t.span, k.span) };
    }
    if (v === 'sqrt') {
      this.next();
      let index: Expr | undefined;
      if (this.isSym(this.peek(), '[')) {
        const open = this.next();
        index = this.expr();
        this.expectSym(']', open);
      }
      const body = this.arg(t);
      const span = join(t.span, body.span);
      if (!index) return { kind: 'apply', name: 'sqrt', nameSpan: t.span, args: [body], span };
      return { kind: 'binop', op: '^', left: body, right: { kind: 'binop', op: '/', left: num(1n, index.span), right: index, span: index.span }, span };
    }
    if (v === 'sum' || v === 'prod') return this.bigOp(t, v);
    if (v === 'arg') {
      const m = this.peek(1);
      if (m.k === 'cmd' && (m.v === 'min' || m.v === 'max')) {
        this.next();
        this.next();
        return this.argOpt(m.v === 'min' ? 'argmin' : 'argmax', join(t.span, m.span));
      }
    }
    if (v === 'int') return this.integral(t);
    if (v === 'infty') this.fail("'\\infty' may appear only as the upper end of a sum", t.span, 'latex/misplaced-infinity');
    return this.unexpected(t, 'an expression');
  }

  /** `\operatorname*{arg\,min}_{s} body`, `\arg\min_s body`: argmin(s, body) (after the operator's tokens). */
  private argOpt(which: 'argmin' | 'argmax', start: Span): Expr {
    const us = this.expectSym('_');
    const { from, to, after } = this.groupRange();
    const v = this.sub(from, to).primary();
    if (v.kind !== 'name' || to - from < 1) this.fail(`the variable under \\${which} must be a name, as in \\${which}_{s}`, join(us.span, this.tokens[Math.max(from, to - 1)]!.span), 'latex/argmin');
    this.pos = after;
    const n = this.peek();
    if (!this.startsFactor(n) && !this.isSym(n, '-')) this.unexpected(n, `the function to minimise after \\${which}_{${(v as { name: string }).name}}`);
    const body = this.term();
    return { kind: 'apply', name: which, nameSpan: start, args: [v, body], span: join(start, body.span) };
  }

  /** `\text{..}`, `\operatorname{..}`, `\mathrm{..}`, `\mathbb{E}`, `\mathcal{L}`: a name, a function, or an expectation. */
  private textToken(t: Extract<LatexToken, { k: 'text' }>): Expr {
    const raw = t.raw.trim();
    if (t.cmd === 'tag' || t.cmd === 'label' || t.cmd === 'begin' || t.cmd === 'end') return this.unexpected(t, 'an expression');
    if (/^\s*\(?\s*by\b/.test(t.raw)) this.fail(`a justification '${tokenText(t)}' must end its row`, t.span, 'latex/misplaced-justification');
    if ((t.cmd === 'mathbb' && raw === 'E') || ((t.cmd === 'operatorname' || t.cmd === 'mathrm') && (raw === 'E' || raw === 'Var' || raw === 'Cov'))) {
      return this.expectation(raw as 'E' | 'Var' | 'Cov', t);
    }
    if (t.cmd === 'mathbb') this.fail(`could not parse \`${tokenText(t)}\`: of \\mathbb only \\mathbb{E} (expectation) is read`, t.span, 'latex/unsupported');
    const squeezed = raw.replace(/\\[,;!: ]|\s+/g, '');
    if ((t.cmd === 'operatorname' || t.cmd === 'mathrm') && (squeezed === 'argmin' || squeezed === 'argmax') && this.isSym(this.peek(1), '_')) {
      this.next();
      return this.argOpt(squeezed, t.span);
    }
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(raw)) {
      this.fail(`could not parse \`${tokenText(t)}\`: expected a name (letters, digits, '_')`, t.span, 'latex/unsupported');
    }
    if ((t.cmd === 'operatorname' || t.cmd === 'mathrm') && raw in OPERATOR_FUNCTIONS && !this.declared(raw)) return this.func(OPERATOR_FUNCTIONS[raw]!, t);
    return this.named(raw, t.span);
  }

  /**
   * A name with optional subscript, primes and arguments. Declared functions are
   * applied (subscripts first, then parenthesised arguments); a subscripted
   * non-function is one variable `x_i` (or `x1` when `x1` is declared).
   */
  private named(base: string, baseSpan: Span): Expr {
    this.next();
    if ((base === 'E' && !this.declared('E')) && (this.isSym(this.peek(), '[') || this.isSym(this.peek(), '_'))) {
      return this.expectation('E', { k: 'letter', v: 'E', span: baseSpan });
    }
    let span = baseSpan;
    let subArgs: Expr[] | undefined;
    let subText = '';
    if (this.isSym(this.peek(), '_')) {
      const us = this.next();
      const { from, to, after } = this.groupRange();
      if (from === to) this.fail("empty subscript '_{}'", join(us.span, this.tokens[after - 1]!.span), 'latex/empty-group');
      const last = this.tokens[to - 1]!;
      subText = this.text.slice(this.tokens[from]!.span.start, last.span.end).replace(/\s+/g, '');
      const p = this.sub(from, to);
      subArgs = [p.expr()];
      while (p.isSym(p.peek(), ',')) {
        p.next();
        subArgs.push(p.expr());
      }
      if (p.peek().k !== 'eof') p.unexpected(p.peek(), "',' or the end of the subscript");
      this.pos = after;
      span = join(span, this.tokens[after - 1]!.span);
    }
    let primes = 0;
    while (this.isSym(this.peek(), "'")) {
      span = join(span, this.next().span);
      primes++;
    }
    const arity = this.names.functions.get(base);
    const parensNext = this.isSym(this.peek(), '(');
    if (arity !== undefined) {
      let args = [...(subArgs ?? [])];
      let end = span;
      if (parensNext) {
        const { list, span: ps } = this.parenList();
        args.push(...list);
        end = ps;
      } else if (args.length === 0 && arity === 1 && this.implicitArg !== undefined) {
        args = [{ kind: 'name', name: this.implicitArg, span: baseSpan }];
        this.notes.push(`read bare '${base}' as ${base}(${this.implicitArg})`);
      } else if (args.length === 0) {
        return { kind: 'name', name: base, span: baseSpan };
      }
      const app: Expr = { kind: 'apply', name: base, nameSpan: baseSpan, args, span: join(span, end) };
      if (primes === 0) return app;
      const last = args[args.length - 1]!;
      if (last.kind !== 'name') {
        this.fail(`${base}${"'".repeat(primes)}(...) needs a variable as its last argument, as in ${base}'(x); use \\frac{d}{dx} for anything else`, last.span, 'latex/bad-derivative');
      }
      return { kind: 'dsurface', var: last.name, varSpan: last.span, order: primes, body: app, span: app.span };
    }
    if (primes > 0) {
      this.fail(`'${base}${"'".repeat(primes)}' differentiates '${base}', which is not a declared function (let ${base}(x) = ... in a proof block)`, span, 'latex/bad-derivative');
    }
    let name = base;
    if (subArgs) {
      if (!/^[A-Za-z0-9]+$/.test(subText.replace(/\\([A-Za-z]+)/g, (_m, g: string) => GREEK[g] ?? '#'))) {
        this.fail(`'${base}_{${subText}}' has an expression as subscript, but '${base}' is not a declared function; declare it (let ${base}(i) = ...) to apply it`, span, 'latex/subscript');
      }
      const plain = subText.replace(/\\([A-Za-z]+)/g, (_m, g: string) => GREEK[g] ?? g);
      if (this.declared(base + plain)) name = base + plain;
      else {
        name = `${base}_${plain}`;
        if (!this.declared(name)) this.notes.push(`read '${base}_${subText.length > 1 ? `{${subText}}` : subText}' as one variable named ${name}`);
      }
    }
    if (parensNext && !this.declared(name) && name !== 'e' && name !== 'pi' && !subArgs) {
      // An undeclared name applied to arguments: the elaborator names the unknown function.
      // \Gamma(s), \psi(s) and B(a, b) are Euler's Gamma, digamma and Beta.
      const { list, span: ps } = this.parenList();
      const special = name === 'Gamma' ? 'gamma' : name === 'psi' ? 'digamma' : name === 'B' && list.length === 2 ? 'beta' : name;
      return { kind: 'apply', name: special, nameSpan: span, args: list, span: join(span, ps) };
    }
    return { kind: 'name', name, span };
  }

  /** `( e, e, ... )` after a function name. */
  private parenList(): { list: Expr[]; span: Span } {
    const open = this.next();
    const list = [this.expr()];
    while (this.isSym(this.peek(), ',')) {
      this.next();
      list.push(this.expr());
    }
    const close = this.expectSym(')', open);
    return { list, span: join(open.span, close.span) };
  }

  /** `( e )`, `[ e ]`; or `[p^k] e`, the coefficient of p^k in e. */
  private bracket(open: Extract<LatexToken, { k: 'sym' }>): Expr {
    const closeWith = open.v === '(' ? ')' : ']';
    if (open.v === '[') {
      const save = this.pos;
      this.next();
      const m = this.peek(1);
      if ((this.peek().k === 'letter' || (this.peek().k === 'cmd' && (this.peek() as { v: string }).v in GREEK)) && (this.isSym(m, '^') || this.isSym(m, ']'))) {
        const monomial = this.power();
        if (this.isSym(this.peek(), ']') && (monomial.kind === 'name' || (monomial.kind === 'binop' && monomial.op === '^' && monomial.left.kind === 'name'))) {
          const close = this.next();
          const v = monomial.kind === 'name' ? monomial.name : (monomial as { left: { name: string } }).left.name;
          if (this.names.values.has(v) && this.startsFactor(this.peek())) {
            const body = this.implicitProduct(false);
            return { kind: 'apply', name: 'coeff', nameSpan: join(open.span, close.span), args: [body, monomial], span: join(open.span, body.span) };
          }
        }
      }
      this.pos = save;
    }
    this.next();
    const inner = this.expr();
    const close = this.expectSym(closeWith, open);
    return inner.kind === 'name' || inner.kind === 'num' ? inner : ({ ...inner, span: join(open.span, close.span) } as Expr);
  }

  /** `\log x`, `\sin^2 x`, `\log_b x`, `\exp(x)`. */
  private func(fn: string, t: LatexToken): Expr {
    this.next();
    let power: Expr | undefined;
    let base: Expr | undefined;
    for (let i = 0; i < 2; i++) {
      if (this.isSym(this.peek(), '^') && !power) {
        const c = this.next();
        power = this.script(c);
      } else if (this.isSym(this.peek(), '_') && !base && fn === 'log') {
        const c = this.next();
        base = this.script(c);
      }
    }
    const n = this.peek();
    if (n.k === 'eof' || !(this.startsFactor(n))) this.unexpected(n, `an argument for '${tokenText(t)}'`);
    let arg: Expr;
    if (this.isSym(n, '(')) {
      this.next();
      arg = this.expr();
      const close = this.expectSym(')', n);
      arg = { ...arg, span: join(n.span, close.span) } as Expr;
    } else {
      arg = this.implicitProduct(true);
    }
    let out: Expr = { kind: 'apply', name: fn, nameSpan: t.span, args: [arg], span: join(t.span, arg.span) };
    if (base) out = bin('/', out, { kind: 'apply', name: 'log', nameSpan: base.span, args: [base], span: base.span });
    if (power) out = { kind: 'binop', op: '^', left: out, right: power, span: join(out.span, power.span) };
    return out;
  }

  /** `\sum_{i=lo}^{hi} body`, `\prod...`; hi may be `\infty`. */
  private bigOp(t: LatexToken, what: 'sum' | 'prod'): Expr {
    this.next();
    if (!this.isSym(this.peek(), '_')) this.fail(`expected '_{i=lo}' after '\\${what}'`, this.peek().span, 'latex/big-operator');
    this.next();
    const { from, to, after } = this.groupRange();
    const idx = this.tokens[from]!;
    const eq = this.tokens[from + 1];
    if (!(idx.k === 'letter' || (idx.k === 'cmd' && idx.v in GREEK)) || !eq || eq.k !== 'sym' || eq.v !== '=' || from + 2 >= to) {
      this.fail(`the range of '\\${what}' must be written '_{i=lo}^{hi}'`, join(idx.span, this.tokens[Math.max(from, to - 1)]!.span), 'latex/big-operator');
    }
    const index = idx.k === 'letter' ? idx.v : GREEK[(idx as { v: string }).v]!;
    const lo = this.sub(from + 2, to).parseWhole();
    this.pos = after;
    if (!this.isSym(this.peek(), '^')) this.fail(`expected '^{hi}' after the lower end of '\\${what}'`, this.peek().span, 'latex/big-operator');
    this.next();
    let hi: Expr | 'inf';
    const h = this.peek();
    if (h.k === 'cmd' && h.v === 'infty') {
      this.next();
      hi = 'inf';
    } else if (this.isSym(h, '{') && this.peek(1).k === 'cmd' && (this.peek(1) as { v: string }).v === 'infty' && this.isSym(this.peek(2), '}')) {
      this.pos += 3;
      hi = 'inf';
    } else {
      hi = this.script(h);
    }
    if (!this.startsFactor(this.peek()) && !this.isSym(this.peek(), '-')) this.unexpected(this.peek(), `the body of the ${what}`);
    const wasBound = this.bound.has(index);
    this.bound.add(index);
    const body = this.term();
    if (!wasBound) this.bound.delete(index);
    return { kind: what, index, lo, hi, body, span: join(t.span, body.span) };
  }

  /**
   * An end of `\int`: `\infty`, `{\infty}`, `{-\infty}` or `{+\infty}` become the name `inf`
   * (negated for -), as the proof language's parser reads `integral(x = -inf..inf, f)`.
   */
  private integralEnd(t: LatexToken): Expr {
    const a = this.peek();
    const isInf = (u: LatexToken): boolean => u.k === 'cmd' && u.v === 'infty';
    if (isInf(a)) {
      this.next();
      return { kind: 'name', name: 'inf', span: a.span };
    }
    if (this.isSym(a, '{')) {
      const sign = this.isSym(this.peek(1), '-') ? -1 : this.isSym(this.peek(1), '+') ? 1 : 0;
      const k = sign === 0 ? 1 : 2;
      if (isInf(this.peek(k)) && this.isSym(this.peek(k + 1), '}')) {
        const inf = this.peek(k);
        const close = this.peek(k + 1);
        this.pos += k + 2;
        const name: Expr = { kind: 'name', name: 'inf', span: inf.span };
        return sign < 0 ? { kind: 'neg', arg: name, span: join(a.span, close.span) } : name;
      }
    }
    return this.script(t);
  }

  /** `\int_a^b body \, dx`: the language's integral(x = a..b, body), for the kernel to accept or name as unknown. */
  private integral(t: LatexToken): Expr {
    this.next();
    if (!this.isSym(this.peek(), '_')) this.fail("expected '_{a}^{b}' after '\\int' (only definite integrals are read)", this.peek().span, 'latex/integral');
    this.next();
    const lo = this.integralEnd(t);
    if (!this.isSym(this.peek(), '^')) this.fail("expected '^{b}' after the lower limit of '\\int'", this.peek().span, 'latex/integral');
    this.next();
    const hi = this.integralEnd(t);
    const save = this.stopAtDifferential;
    this.stopAtDifferential = true;
    const body = this.term();
    this.stopAtDifferential = save;
    const d = this.peek();
    const isD = (d.k === 'letter' && d.v === 'd') || (d.k === 'text' && d.raw.trim() === 'd');
    if (!isD) this.unexpected(d, "the differential 'dx' that ends the integral");
    this.next();
    const v = this.next();
    const name = v.k === 'letter' ? v.v : v.k === 'cmd' ? GREEK[v.v] : undefined;
    if (!name) this.unexpected(v, 'the variable of integration after d');
    const x: Expr = { kind: 'name', name, span: v.span };
    return { kind: 'apply', name: 'integral', nameSpan: t.span, args: [x, lo, hi, body], span: join(t.span, v.span) };
  }

  /** `\mathbb{E}[g]`, `\mathbb{E}_{fam}[g]`, `\operatorname{Var}[g]`, `\operatorname{Cov}[g, h]` (brackets or parentheses). */
  private expectation(which: 'E' | 'Var' | 'Cov', t: LatexToken): Expr {
    if (t.k === 'text') this.next();
    let family: string | undefined;
    let famSpan = t.span;
    if (this.isSym(this.peek(), '_')) {
      this.next();
      const { from, to, after } = this.groupRange();
      famSpan = join(this.tokens[from]!.span, this.tokens[Math.max(from, to - 1)]!.span);
      family = this.tokens
        .slice(from, to)
        .map((u) => (u.k === 'text' ? u.raw.trim() : u.k === 'letter' || u.k === 'num' ? u.v : u.k === 'cmd' ? (GREEK[u.v] ?? `\\${u.v}`) : u.k === 'sym' ? u.v : ''))
        .join('');
      this.pos = after;
      if (!this.names.families.has(family)) {
        const known = [...this.names.families.keys()];
        this.fail(`'${family}' is not a declared family${known.length ? ` (declared: ${known.join(', ')})` : ''}`, famSpan, 'latex/expectation');
      }
    } else if (this.names.families.size === 1) {
      family = [...this.names.families.keys()][0]!;
    } else {
      this.fail(this.names.families.size === 0
        ? `'${tokenText(t)}' needs a family declared in a proof block (family NAME(...): ...)`
        : `which family? write ${which === 'E' ? '\\mathbb{E}' : `\\operatorname{${which}}`}_{name}[...], with name one of ${[...this.names.families.keys()].join(', ')}`, t.span, 'latex/expectation');
    }
    const open = this.peek();
    if (!this.isSym(open, '[') && !this.isSym(open, '(')) this.unexpected(open, `'[' after '${tokenText(t)}'`);
    this.next();
    const saveArg = this.implicitArg;
    this.implicitArg = this.names.families.get(family!)!;
    const args = [this.expr()];
    while (this.isSym(this.peek(), ',')) {
      this.next();
      args.push(this.expr());
    }
    this.implicitArg = saveArg;
    const close = this.expectSym(open.k === 'sym' && open.v === '[' ? ']' : ')', open);
    return { kind: 'apply', name: `${which}[`, nameSpan: t.span, args: [{ kind: 'name', name: family!, span: famSpan }, ...args], span: join(t.span, close.span) };
  }

  /** `\frac{a}{b}`, or a derivative `\frac{d}{dx} e`, `\frac{d^k f}{dx^k}`, `\frac{\partial^2 A}{\partial \eta^2}`. */
  private frac(t: LatexToken): Expr {
    this.next();
    const save = this.pos;
    const numR = this.groupRange();
    this.pos = numR.after;
    const denR = this.isSym(this.peek(), '{') ? this.groupRange() : undefined;
    if (denR) {
      const d = this.derivative(t, numR, denR);
      if (d) return d;
    }
    this.pos = save;
    const n = this.arg(t);
    const dn = this.arg(t);
    return { kind: 'binop', op: '/', left: n, right: dn, span: join(t.span, dn.span) };
  }

  private isD(u: LatexToken | undefined, partial: boolean): boolean {
    if (!u) return false;
    if (partial) return u.k === 'cmd' && u.v === 'partial';
    return (u.k === 'letter' && u.v === 'd') || (u.k === 'text' && u.cmd !== 'operatorname' && u.raw.trim() === 'd');
  }

  /** The derivative reading of `\frac{num}{den}`, or undefined when it is an ordinary fraction. */
  private derivative(t: LatexToken, numR: { from: number; to: number }, denR: { from: number; to: number; after: number }): Expr | undefined {
    const first = this.tokens[numR.from];
    const partial = first?.k === 'cmd' && first.v === 'partial';
    if (!this.isD(first, partial) || !this.isD(this.tokens[denR.from], partial)) return undefined;
    // Numerator: d, d^n, then an optional body.
    let i = numR.from + 1;
    let orderText = '1';
    let orderExpr: Expr | undefined;
    if (i < numR.to && this.isSym(this.tokens[i]!, '^')) {
      const r = this.rangeAt(i + 1, numR.to);
      orderExpr = this.sub(r.from, r.to).parseWhole();
      orderText = this.src(r.from, r.to);
      i = r.after;
    }
    // Denominator: one or more `d x` / `d x^n` / `\partial x`.
    const vars: { name: string; span: Span; order: string; orderExpr?: Expr }[] = [];
    let j = denR.from;
    while (j < denR.to) {
      if (!this.isD(this.tokens[j], partial)) {
        this.fail(`expected '${partial ? '\\partial' : 'd'}' and a variable in the denominator of the derivative`, this.tokens[j]!.span, 'latex/bad-derivative');
      }
      const v = this.tokens[j + 1];
      if (!v || j + 1 >= denR.to) this.fail('expected the variable of differentiation', this.tokens[j]!.span, 'latex/bad-derivative');
      // The variable: a letter, Greek letter or \mathrm{..}, with an optional subscript.
      let vEnd = j + 2;
      if (vEnd < denR.to && this.isSym(this.tokens[vEnd]!, '_')) vEnd = this.rangeAt(vEnd + 1, denR.to).after;
      const vp = this.sub(j + 1, vEnd);
      const ve = vp.primary();
      if (ve.kind !== 'name' || vp.peek().k !== 'eof') this.fail('the variable of differentiation must be a name', v.span, 'latex/bad-derivative');
      let order = '1';
      let oe: Expr | undefined;
      j = vEnd;
      if (j < denR.to && this.isSym(this.tokens[j]!, '^')) {
        const r = this.rangeAt(j + 1, denR.to);
        oe = this.sub(r.from, r.to).parseWhole();
        order = this.src(r.from, r.to);
        j = r.after;
      }
      vars.push({ name: ve.name, span: ve.span, order, ...(oe ? { orderExpr: oe } : {}) });
    }
    const denSpan = join(this.tokens[denR.from]!.span, this.tokens[denR.to - 1]!.span);
    if (vars.length === 1) {
      if (vars[0]!.order !== orderText) {
        this.fail(`the order of the derivative must match: d^${orderText} above, ${vars[0]!.name}^${vars[0]!.order} below`, denSpan, 'latex/bad-derivative');
      }
    } else {
      if (vars.some((v) => v.order !== '1') || String(vars.length) !== orderText) {
        this.fail(`a mixed derivative must have order ${vars.length} above and each variable once below`, denSpan, 'latex/bad-derivative');
      }
    }
    this.pos = denR.after;
    let body: Expr;
    const saveArg = this.implicitArg;
    this.implicitArg = vars[vars.length - 1]!.name;
    try {
      if (i < numR.to) {
        body = this.sub(i, numR.to).parseWhole();
      } else {
        const n = this.peek();
        if (!this.startsFactor(n)) this.unexpected(n, 'an expression to differentiate after the derivative');
        body = this.implicitProduct(false);
      }
    } finally {
      this.implicitArg = saveArg;
    }
    // Innermost derivative is the last variable of the denominator.
    let out = body;
    for (let k = vars.length - 1; k >= 0; k--) {
      const v = vars[k]!;
      const numeric = /^\d+$/.test(v.order);
      out = {
        kind: 'dsurface', var: v.name, varSpan: v.span, order: numeric ? Number(v.order) : 0,
        ...(numeric ? {} : { orderExpr: v.orderExpr! }), body: out, span: join(t.span, out.span),
      } as Expr;
    }
    return out;
  }

  /** The token range of a braced group or single token starting at index i (bounded by `limit`). */
  private rangeAt(i: number, limit: number): { from: number; to: number; after: number } {
    const u = this.tokens[i];
    if (!u || i >= limit) return this.fail('expected an exponent after \'^\'', this.tokens[Math.min(i, this.tokens.length - 1)]!.span, 'latex/bad-derivative');
    if (!this.isSym(u, '{')) return { from: i, to: i + 1, after: i + 1 };
    let depth = 0;
    for (let k = i; k < limit; k++) {
      const w = this.tokens[k]!;
      if (w.k === 'sym' && w.v === '{') depth++;
      else if (w.k === 'sym' && w.v === '}' && --depth === 0) return { from: i + 1, to: k, after: k + 1 };
    }
    return this.fail("'{' is never closed", u.span, 'latex/unclosed');
  }

  /** The source text of tokens [from, to), without spaces. */
  private src(from: number, to: number): string {
    if (from >= to) return '';
    return this.text.slice(this.tokens[from]!.span.start, this.tokens[to - 1]!.span.end).replace(/\s+/g, '');
  }
}
