/**
 * The proof language's parser: tokens to a `Script` of surface statements with
 * spans (see docs/language.md for the grammar).
 *
 * Layout: a statement starts with a keyword in column 1 and runs until the next
 * token that starts in column 1 (the lexer marks those); indented lines continue it.
 * Each statement is parsed on its own, so an error abandons only that statement: the
 * parser reports the first error of every broken statement precisely and goes on.
 *
 * Expressions are parsed by precedence climbing (Pratt). Binding powers, low to
 * high: `+ -` (left), `* /` (left), prefix `-` and derivatives `d/dx`, `^` (right),
 * postfix `!`, application and atoms. Relations (`= != < <= > >=`, `≈ ... within`)
 * occur only at formula level. Nesting deeper than MAX_NESTING is a `limit/nesting`
 * diagnostic, never a stack overflow.
 */
import type {
  CalcDecl, CalcStep, ClaimDecl, Domain, Expr, FamilyDecl, FamilySupport, Formula, LetDecl, MetaDecl, Quantifier, RelOp,
  RuleRef, Script, SourceFile, Span, Statement, VarDecl,
} from '../ast.ts';
import type { Chain, ProofStep, SequenceDef, TheoremDecl, TheoremParam } from '../ast.ts';
import { DiagnosticError, errorAt, type Diagnostic } from '../diagnostics.ts';
import { describeToken, lex, type Token } from './lexer.ts';
import { formatPosition } from '../source.ts';

/** The deepest expression nesting the parser accepts. */
export const MAX_NESTING = 200;

const STATEMENT_KEYWORDS = ['title', 'source', 'var', 'let', 'claim', 'calc', 'theorem', 'family'];
/** The clauses of a `family` declaration; each starts its own (indented) line. */
const FAMILY_CLAUSES = ['support', 'base', 'statistic', 'logpartition'];
const RELOPS: ReadonlySet<string> = new Set(['=', '!=', '<', '<=', '>', '>=']);

/** Parses `file` into a Script; statements with errors are left out and reported. */
export function parseScript(file: SourceFile): { script: Script; diagnostics: Diagnostic[] } {
  const { tokens, diagnostics } = lex(file);
  const lexErrors = [...diagnostics];
  const statements: Statement[] = [];
  let i = 0;
  while (tokens[i]!.kind !== 'eof') {
    let j = i + 1;
    while (!tokens[j]!.startsStatement) j++;
    if (tokens[i]!.kind === 'keyword' && (tokens[i] as { value: string }).value === 'theorem') j = theoremEnd(tokens, j);
    const p = new StatementParser(file, tokens, i, j);
    try {
      statements.push(...p.parseStatement());
    } catch (e) {
      if (!(e instanceof DiagnosticError)) throw e;
      // A statement with a lexical error already has its (more precise) diagnostic.
      const from = tokens[i]!.span.start;
      const to = tokens[j]!.span.start;
      if (!lexErrors.some((d) => d.span.start >= from && d.span.start < to)) diagnostics.push(e.diagnostic);
    }
    i = j;
  }
  return { script: { file, statements }, diagnostics };
}

/** Parses one expression from `text` (for tests and tools); throws DiagnosticError on a syntax error. */
export function parseExpression(file: SourceFile): Expr {
  const { tokens, diagnostics } = lex(file);
  if (diagnostics.length > 0) throw new DiagnosticError(diagnostics[0]!);
  const p = new StatementParser(file, tokens, 0, tokens.length - 1);
  const e = p.parseExpr(0);
  p.expectEnd('after the expression');
  return e;
}

function span(start: Span, end: Span): Span {
  return { start: start.start, end: end.end };
}

class StatementParser {
  private pos: number;
  private depth = 0;

  constructor(
    private readonly file: SourceFile,
    private readonly tokens: readonly Token[],
    start: number,
    private readonly end: number,
  ) {
    this.pos = start;
  }

  // ---- token access ----

  private peek(offset = 0): Token {
    const k = this.pos + offset;
    if (k < this.end) return this.tokens[k]!;
    return this.endToken();
  }

  /** A synthetic zero-width token just after the statement's last token. */
  private endToken(): Token {
    const last = this.tokens[this.end - 1];
    const at = last ? last.span.end : 0;
    return { kind: 'eof', span: { start: at, end: at }, startsStatement: true };
  }

  private atEnd(): boolean {
    return this.pos >= this.end;
  }

  private next(): Token {
    const t = this.peek();
    if (this.pos < this.end) this.pos++;
    return t;
  }

  private prevSpan(): Span {
    return this.tokens[Math.max(0, this.pos - 1)]!.span;
  }

  private describe(t: Token): string {
    if (t.kind === 'eof') return this.end >= this.tokens.length - 1 ? 'end of file' : 'end of line';
    return describeToken(t);
  }

  private fail(code: string, message: string, at: Span = this.peek().span, notes?: string[]): never {
    throw new DiagnosticError(errorAt(this.file, at, code, message, notes));
  }

  private isKeyword(value: string, t: Token = this.peek()): boolean {
    return t.kind === 'keyword' && t.value === value;
  }

  private expect(kind: string, what: string): Token {
    const t = this.peek();
    if (t.kind !== kind) this.fail('parse/expected-token', `expected '${kind}' ${what}, found ${this.describe(t)}`);
    return this.next();
  }

  private expectKeyword(value: string, what: string): Token {
    const t = this.peek();
    if (!this.isKeyword(value, t)) this.fail('parse/expected-token', `expected '${value}' ${what}, found ${this.describe(t)}`);
    return this.next();
  }

  private expectIdent(what: string): Extract<Token, { kind: 'ident' }> {
    const t = this.peek();
    if (t.kind === 'ident') {
      this.next();
      return t;
    }
    if (t.kind === 'keyword') this.fail('parse/reserved-word', `expected ${what}, found the reserved word '${t.value}'`);
    return this.fail('parse/expected-identifier', `expected ${what}, found ${this.describe(t)}`);
  }

  expectEnd(context: string): void {
    const t = this.peek();
    if (t.kind === 'eof') return;
    let hint = '';
    if (t.kind === 'ident' || t.kind === 'number' || t.kind === '(') hint = "; implicit multiplication is not allowed, write '*'";
    else if (RELOPS.has(t.kind)) hint = '; relations may not appear here';
    else if (t.kind === 'keyword' && STATEMENT_KEYWORDS.includes(t.value)) hint = `; a new statement must start in column 1`;
    this.fail('parse/expected-end', `expected end of line ${context}, found ${this.describe(t)}${hint}`);
  }

  // ---- statements ----

  /** Parses one statement (a `var` line may declare several variables). */
  parseStatement(): Statement[] {
    const t = this.peek();
    if (!t.startsStatement) {
      this.fail('parse/expected-statement', `expected a statement (${STATEMENT_KEYWORDS.join(', ')}) starting in column 1, found indented ${this.describe(t)}`);
    }
    if (t.kind !== 'keyword' || !STATEMENT_KEYWORDS.includes(t.value)) {
      this.fail(
        'parse/expected-statement',
        `expected a statement keyword (${STATEMENT_KEYWORDS.join(', ')}) at the start of the line, found ${this.describe(t)}`,
        t.span,
        ['a line that continues the previous statement must be indented'],
      );
    }
    switch (t.value) {
      case 'title':
      case 'source':
        return [this.parseMeta(t.value)];
      case 'var':
        return this.parseVarDecls();
      case 'let':
        return [this.parseLet()];
      case 'claim':
        return [this.parseClaim()];
      case 'theorem':
        return [this.parseTheorem()];
      case 'family':
        return [this.parseFamily()];
      default:
        return [this.parseCalc()];
    }
  }

  private parseMeta(key: 'title' | 'source'): MetaDecl {
    const kw = this.next();
    const s = this.peek();
    if (s.kind !== 'string') this.fail('parse/expected-string', `expected a quoted string after '${key}', found ${this.describe(s)}`);
    this.next();
    this.expectEnd(`after the ${key}`);
    return { kind: 'meta', key, value: s.value, span: span(kw.span, s.span) };
  }

  parseVarDecls(): VarDecl[] {
    this.next(); // 'var'
    const decls: VarDecl[] = [];
    for (;;) {
      const names: Extract<Token, { kind: 'ident' }>[] = [this.expectIdent("a variable name after 'var'")];
      while (this.peek().kind === ',') {
        this.next();
        names.push(this.expectIdent("a variable name after ','"));
      }
      const domain = this.parseDomain(names[names.length - 1]!.value);
      const end = this.prevSpan();
      for (const nm of names) decls.push({ kind: 'var', name: nm.value, domain, span: span(nm.span, end) });
      if (this.peek().kind !== ',') break;
      this.next();
    }
    this.expectEnd('after the variable declaration');
    return decls;
  }

  private parseDomain(name: string): Domain {
    const t = this.peek();
    if (this.isKeyword('real')) {
      this.next();
      return { kind: 'real' };
    }
    if (t.kind === '>' || t.kind === '>=' || t.kind === '<' || t.kind === '<=') {
      this.next();
      const value = this.parseExpr(0);
      const end = { value, open: t.kind === '>' || t.kind === '<' };
      return t.kind === '>' || t.kind === '>=' ? { kind: 'real', lo: end } : { kind: 'real', hi: end };
    }
    if (!this.isKeyword('in')) {
      this.fail(
        'parse/expected-domain',
        `expected a domain for '${name}' ('real', 'in [lo, hi)', 'in lo..hi', 'in {a, b}', or a bound like '> 0'), found ${this.describe(t)}`,
      );
    }
    this.next();
    const o = this.peek();
    if (o.kind === '[') return this.parseInterval();
    if (o.kind === '(') {
      const save = this.pos;
      const saveDepth = this.depth;
      try {
        return this.parseInterval();
      } catch (e) {
        // `(k+1)..10` is an integer range whose lower end is parenthesised.
        const after = this.pos;
        this.pos = save;
        this.depth = saveDepth;
        if (!(e instanceof DiagnosticError)) throw e;
        if (!this.looksLikeParenRange()) {
          this.pos = after;
          throw e;
        }
      }
    }
    if (o.kind === '{') {
      this.next();
      const values = this.peek().kind === '}' ? [] : this.parseExprList();
      const c = this.peek();
      if (c.kind !== '}') {
        this.fail('parse/expected-token', `expected ',' or '}' to close '{' opened at ${formatPosition(this.file, o.span.start)}, found ${this.describe(c)}`);
      }
      this.next();
      return { kind: 'set', values };
    }
    const lo = this.parseExpr(0);
    const dots = this.peek();
    if (dots.kind !== '..') {
      this.fail('parse/expected-token', `expected '..' in the integer range 'lo..hi' of '${name}', found ${this.describe(dots)}`);
    }
    this.next();
    const hi = this.parseExpr(0);
    return { kind: 'int', lo, hi };
  }

  /** After a failed interval parse from '(': is this `( expr ) ..`? */
  private looksLikeParenRange(): boolean {
    let depth = 0;
    for (let k = this.pos; k < this.end; k++) {
      const t = this.tokens[k]!;
      if (t.kind === '(') depth++;
      else if (t.kind === ')') {
        depth--;
        if (depth === 0) return this.tokens[k + 1]?.kind === '..' && k + 1 < this.end;
      } else if (t.kind === ',' && depth === 1) return false;
    }
    return false;
  }

  private parseInterval(): Domain {
    const open = this.next();
    const lo = this.parseIntervalEnd('lower', open);
    const comma = this.peek();
    if (comma.kind !== ',') {
      this.fail('parse/expected-token', `expected ',' between the ends of the interval opened at ${formatPosition(this.file, open.span.start)}, found ${this.describe(comma)}`);
    }
    this.next();
    const hi = this.parseIntervalEnd('upper', open);
    const close = this.peek();
    if (close.kind !== ')' && close.kind !== ']') {
      this.fail('parse/expected-token', `expected ')' or ']' to close the interval opened at ${formatPosition(this.file, open.span.start)}, found ${this.describe(close)}`);
    }
    this.next();
    if (lo === 'inf' && open.kind === '[') this.fail('parse/closed-infinite-end', "an infinite end must be open: write '(-inf', not '[-inf'", open.span);
    if (hi === 'inf' && close.kind === ']') this.fail('parse/closed-infinite-end', "an infinite end must be open: write 'inf)', not 'inf]'", close.span);
    const domain: { kind: 'real'; lo?: { value: Expr; open: boolean }; hi?: { value: Expr; open: boolean } } = { kind: 'real' };
    if (lo !== 'inf') domain.lo = { value: lo, open: open.kind === '(' };
    if (hi !== 'inf') domain.hi = { value: hi, open: close.kind === ')' };
    return domain;
  }

  private parseIntervalEnd(which: 'lower' | 'upper', open: Token): Expr | 'inf' {
    const t = this.peek();
    if (t.kind === '-' && this.isKeyword('inf', this.peek(1))) {
      this.next();
      const inf = this.next();
      if (which === 'upper') this.fail('parse/bad-interval', "the upper end of an interval cannot be -inf", span(t.span, inf.span));
      return 'inf';
    }
    if (this.isKeyword('inf')) {
      const inf = this.next();
      if (which === 'lower') this.fail('parse/bad-interval', "the lower end of an interval cannot be +inf; did you mean '-inf'?", inf.span);
      return 'inf';
    }
    void open;
    return this.parseExpr(0);
  }

  private parseLet(): LetDecl {
    const kw = this.next();
    const name = this.expectIdent("a name after 'let'");
    const params: string[] = [];
    if (this.peek().kind === '(') {
      const open = this.next();
      if (this.peek().kind === ')') {
        this.fail('parse/expected-identifier', `expected a parameter name, found ')'; a definition without parameters is written 'let ${name.value} = ...'`);
      }
      params.push(this.expectIdent('a parameter name').value);
      while (this.peek().kind === ',') {
        this.next();
        params.push(this.expectIdent("a parameter name after ','").value);
      }
      const c = this.peek();
      if (c.kind !== ')') {
        this.fail('parse/expected-token', `expected ',' or ')' to close '(' opened at ${formatPosition(this.file, open.span.start)}, found ${this.describe(c)}`);
      }
      this.next();
    }
    this.expect('=', `after 'let ${name.value}${params.length > 0 ? `(${params.join(', ')})` : ''}'`);
    const body = this.parseExpr(0);
    this.expectEnd(`after the definition of '${name.value}'`);
    return { kind: 'let', name: name.value, params, body, span: span(kw.span, body.span) };
  }

  /** `NAME :` or `:` after claim, calc or theorem: the name, if any (the ':' is consumed). */
  private parseItemName(what: 'claim' | 'calc' | 'theorem'): string | undefined {
    let name: string | undefined;
    const t = this.peek();
    if (t.kind === 'ident' && this.peek(1).kind === ':') {
      name = t.value;
      this.next();
    } else if (t.kind !== ':') {
      if (t.kind === 'keyword') this.fail('parse/reserved-word', `expected a ${what} name or ':' after '${what}', found the reserved word '${t.value}'`);
      this.fail('parse/expected-token', `expected a ${what} name or ':' after '${what}', found ${this.describe(t)}`);
    }
    this.next(); // ':'
    return name;
  }

  /** `NAME :` or `:` after claim/calc, then optional `for ... :` quantifiers. */
  private parseHeader(what: 'claim' | 'calc'): { name?: string; quantifiers: Quantifier[] } {
    const name = this.parseItemName(what);
    const quantifiers: Quantifier[] = [];
    if (this.isKeyword('for')) {
      const forTok = this.next();
      for (;;) {
        const idx = this.expectIdent("an index name (as in 'for j in 0..10')");
        const inTok = this.peek();
        if (!this.isKeyword('in')) {
          this.fail('parse/expected-token', `expected 'in' after the index '${idx.value}' (as in 'for ${idx.value} in 0..10'), found ${this.describe(inTok)}`);
        }
        this.next();
        const lo = this.parseExpr(0);
        const dots = this.peek();
        if (dots.kind !== '..') {
          this.fail('parse/expected-token', `expected '..' in the range of '${idx.value}' (as in '${idx.value} in 0..10'), found ${this.describe(dots)}`);
        }
        this.next();
        const hi = this.parseExpr(0);
        quantifiers.push({ index: idx.value, lo, hi, span: span(idx.span, hi.span) });
        if (this.peek().kind !== ',') break;
        this.next();
      }
      const c = this.peek();
      if (c.kind !== ':') {
        this.fail('parse/expected-token', `expected ',' or ':' after the quantifiers begun by 'for' at ${formatPosition(this.file, forTok.span.start)}, found ${this.describe(c)}`);
      }
      this.next();
    }
    return name === undefined ? { quantifiers } : { name, quantifiers };
  }

  /** Is token k the first token on its line? */
  private firstOnLine(k: number): boolean {
    const text = this.file.text;
    for (let c = this.tokens[k]!.span.start - 1; c >= 0; c--) {
      const ch = text[c]!;
      if (ch === '\n' || ch === '\r') return true;
      if (ch !== ' ' && ch !== '\t') return false;
    }
    return true;
  }

  /**
   * `family NAME(eta1, ...):` then the clauses `support`, `base` (optional, default 1),
   * `statistic`, `logpartition`, each starting its own indented line.
   */
  private parseFamily(): FamilyDecl {
    const kw = this.next();
    const name = this.expectIdent("a family name after 'family'");
    const open = this.peek();
    if (open.kind !== '(') {
      this.fail('parse/expected-token', `expected '(' and the natural parameters of the family, as in 'family ${name.value}(eta):', found ${this.describe(open)}`);
    }
    this.next();
    const params: { name: string; span: Span }[] = [];
    for (;;) {
      const p = this.expectIdent('a natural parameter (a declared real variable)');
      params.push({ name: p.value, span: p.span });
      if (this.peek().kind !== ',') break;
      this.next();
    }
    const close = this.peek();
    if (close.kind !== ')') {
      this.fail('parse/expected-token', `expected ',' or ')' to close '(' opened at ${formatPosition(this.file, open.span.start)}, found ${this.describe(close)}`);
    }
    this.next();
    this.expect(':', `after 'family ${name.value}(${params.map((p) => p.name).join(', ')})'`);
    // Split the rest into clauses at clause words that start a line.
    const starts: number[] = [];
    for (let k = this.pos; k < this.end; k++) {
      const t = this.tokens[k]!;
      if (t.kind === 'ident' && FAMILY_CLAUSES.includes(t.value) && (k === this.pos || this.firstOnLine(k))) starts.push(k);
    }
    if (starts[0] !== this.pos) {
      this.fail('parse/expected-clause', `expected a family clause (${FAMILY_CLAUSES.join(', ')}) starting its own line, found ${this.describe(this.peek())}`);
    }
    const seen = new Map<string, Span>();
    let support: { variable: string; variableSpan: Span; support: FamilySupport } | undefined;
    let base: Expr | undefined;
    let statistic: Expr[] | undefined;
    let logPartition: Expr | undefined;
    starts.forEach((from, idx) => {
      const to = idx + 1 < starts.length ? starts[idx + 1]! : this.end;
      const word = this.tokens[from] as Extract<Token, { kind: 'ident' }>;
      const prev = seen.get(word.value);
      if (prev) this.fail('parse/duplicate-clause', `duplicate '${word.value}' clause in family '${name.value}'`, word.span, [`the first is at ${formatPosition(this.file, prev.start)}`]);
      seen.set(word.value, word.span);
      const sub = new StatementParser(this.file, this.tokens, from + 1, to);
      if (sub.atEnd()) sub.fail('parse/expected-expression', `expected the ${word.value} of family '${name.value}' after '${word.value}', found end of line`);
      switch (word.value) {
        case 'support': support = sub.parseSupport(); break;
        case 'base': base = sub.parseExpr(0); break;
        case 'statistic': statistic = sub.parseTuple(); break;
        default: logPartition = sub.parseExpr(0);
      }
      sub.expectEnd(`after the ${word.value} of family '${name.value}'`);
    });
    this.pos = this.end;
    const missing = ['support', 'statistic', 'logpartition'].filter((c) => !seen.has(c));
    if (missing.length > 0 || !support || !statistic || !logPartition) {
      this.fail('parse/family-missing-clause', `family '${name.value}' needs ${missing.map((c) => `a '${c}' clause`).join(' and ')}`, span(kw.span, name.span));
    }
    return {
      kind: 'family', name: name.value, nameSpan: name.span, params, ...support,
      base: base ?? { kind: 'num', num: 1n, den: 1n, span: name.span }, statistic, logPartition,
      span: span(kw.span, this.prevSpan()),
    };
  }

  /** `x in {a, b, ...}`, `x in 0..inf` or `x real`. */
  parseSupport(): { variable: string; variableSpan: Span; support: FamilySupport } {
    const v = this.expectIdent("the support variable, as in 'support x in {0, 1}'");
    if (this.isKeyword('real')) {
      this.next();
      return { variable: v.value, variableSpan: v.span, support: { kind: 'real' } };
    }
    this.expectKeyword('in', `after the support variable '${v.value}' ('${v.value} in {0, 1}', '${v.value} in 0..inf' or '${v.value} real')`);
    const o = this.peek();
    if (o.kind === '{') {
      this.next();
      const values = this.parseExprList();
      const c = this.peek();
      if (c.kind !== '}') this.fail('parse/expected-token', `expected ',' or '}' to close '{' opened at ${formatPosition(this.file, o.span.start)}, found ${this.describe(c)}`);
      this.next();
      return { variable: v.value, variableSpan: v.span, support: { kind: 'set', values } };
    }
    if (o.kind === 'number' && o.num === 0n && o.den === 1n && this.peek(1).kind === '..' && this.isKeyword('inf', this.peek(2))) {
      this.next();
      this.next();
      this.next();
      return { variable: v.value, variableSpan: v.span, support: { kind: 'naturals' } };
    }
    return this.fail('parse/bad-support', `expected a finite set '{a, b, ...}' or the naturals '0..inf' after '${v.value} in', found ${this.describe(o)}`);
  }

  /** `(e1, ..., ek)` with k >= 2 as a vector, else one expression. */
  parseTuple(): Expr[] {
    if (this.peek().kind === '(') {
      const save = this.pos;
      const saveDepth = this.depth;
      const open = this.next();
      const items = this.parseExprList();
      if (items.length > 1) {
        const c = this.peek();
        if (c.kind !== ')') this.fail('parse/expected-token', `expected ',' or ')' to close '(' opened at ${formatPosition(this.file, open.span.start)}, found ${this.describe(c)}`);
        this.next();
        return items;
      }
      this.pos = save;
      this.depth = saveDepth;
    }
    return [this.parseExpr(0)];
  }

  private parseClaim(): ClaimDecl {
    const kw = this.next();
    const header = this.parseHeader('claim');
    const formula = this.parseFormula();
    this.expectEnd('after the claim');
    return { kind: 'claim', ...header, formula, span: span(kw.span, formula.span) };
  }

  private relop(t: Token): RelOp | undefined {
    return RELOPS.has(t.kind) ? (t.kind as RelOp) : undefined;
  }

  parseFormula(): Formula {
    const left = this.parseExpr(0);
    const t = this.peek();
    if (t.kind === '≈') {
      this.next();
      const right = this.parseExpr(0);
      const w = this.peek();
      if (!this.isKeyword('within')) {
        this.fail('parse/expected-token', `expected 'within <tolerance>' after the approximate equality (as in 'a ≈ b within 1%'), found ${this.describe(w)}`);
      }
      this.next();
      let relative = false;
      if (this.isKeyword('rel')) {
        this.next();
        relative = true;
      }
      let tolerance = this.parseExpr(0);
      if (this.peek().kind === '%') {
        const pct = this.next();
        relative = true;
        const s = span(tolerance.span, pct.span);
        tolerance = tolerance.kind === 'num'
          ? percent(tolerance, s)
          : { kind: 'binop', op: '/', left: tolerance, right: { kind: 'num', num: 100n, den: 1n, span: pct.span }, span: s };
      }
      const after = this.peek();
      if (this.relop(after) || after.kind === '≈') {
        this.fail('parse/bad-relation', `an approximate equality cannot be chained with other relations, found ${this.describe(after)}`);
      }
      return { kind: 'approx', left, right, tolerance, relative, span: span(left.span, tolerance.span) };
    }
    const terms: Expr[] = [left];
    const ops: RelOp[] = [];
    for (;;) {
      const op = this.relop(this.peek());
      if (!op) break;
      this.next();
      ops.push(op);
      terms.push(this.parseExpr(0));
    }
    if (ops.length === 0) {
      this.fail('parse/expected-relation', `expected a relation ('=', '!=', '<', '<=', '>', '>=' or '≈') after the expression, found ${this.describe(t)}`);
    }
    if (this.peek().kind === '≈') {
      this.fail('parse/bad-relation', "an approximate equality cannot be chained with other relations, found '≈'");
    }
    return { kind: 'chain', terms, ops, span: span(left.span, terms[terms.length - 1]!.span) };
  }

  /**
   * `theorem [NAME]: for all j >= 0, k in 0..j: formula [where T(n) = e, ...]`, then
   * `proof` (column 1), steps (`a = b by rules`, `= c by rules`, `done by rules`),
   * and `qed` (column 1). See docs/language.md.
   */
  private parseTheorem(): TheoremDecl {
    const kw = this.next();
    const name = this.parseItemName('theorem');
    const forTok = this.peek();
    const all = this.peek(1);
    if (!this.isKeyword('for') || all.kind !== 'ident' || all.value !== 'all') {
      this.fail('parse/expected-token', `expected 'for all' and the theorem's integer parameters (as in 'for all j >= 0, k in 0..j:'), found ${this.describe(forTok)}`);
    }
    this.next();
    this.next();
    const params: TheoremParam[] = [];
    for (;;) {
      const idx = this.expectIdent("an integer parameter (as in 'j >= 0' or 'k in 0..j')");
      if (this.peek().kind === '>=') {
        this.next();
        const lo = this.parseExpr(0);
        params.push({ index: idx.value, lo, span: span(idx.span, lo.span) });
      } else if (this.isKeyword('in')) {
        this.next();
        const lo = this.parseExpr(0);
        const dots = this.peek();
        if (dots.kind !== '..') this.fail('parse/expected-token', `expected '..' in the range of '${idx.value}', found ${this.describe(dots)}`);
        this.next();
        const hi = this.parseExpr(0);
        params.push({ index: idx.value, lo, hi, span: span(idx.span, hi.span) });
      } else {
        this.fail('parse/expected-token', `expected '>= lo' or 'in lo..hi' after the parameter '${idx.value}', found ${this.describe(this.peek())}`);
      }
      if (this.peek().kind !== ',') break;
      this.next();
    }
    this.expect(':', `after the parameters begun by 'for all' at ${formatPosition(this.file, forTok.span.start)}`);
    const formula = this.parseFormula();
    if (formula.kind !== 'chain') this.fail('parse/bad-relation', "a theorem's statement cannot be an approximate equality", formula.span);
    const sequences: SequenceDef[] = [];
    const w = this.peek();
    if (w.kind === 'ident' && w.value === 'where') {
      this.next();
      for (;;) {
        const sq = this.expectIdent("a sequence name after 'where' (as in 'where T(n) = ...')");
        this.expect('(', `after the sequence name '${sq.value}'`);
        const param = this.expectIdent(`the parameter of '${sq.value}'`);
        this.expect(')', `after the parameter of '${sq.value}'`);
        this.expect('=', `after '${sq.value}(${param.value})'`);
        const body = this.parseExpr(0);
        sequences.push({ name: sq.value, param: param.value, body, span: span(sq.span, body.span) });
        if (this.peek().kind !== ',') break;
        this.next();
      }
    }
    const pr = this.peek();
    if (!this.isKeyword('proof')) this.fail('parse/expected-token', `expected 'proof' (in column 1) after the theorem's statement, found ${this.describe(pr)}`);
    this.next();
    let induction: TheoremDecl['induction'];
    if (this.isKeyword('by')) {
      // `proof by induction on n`
      this.next();
      const ind = this.peek();
      if (ind.kind !== 'ident' || ind.value !== 'induction') this.fail('parse/expected-token', `expected 'induction on <parameter>' after 'proof by', found ${this.describe(ind)}`);
      this.next();
      const on = this.peek();
      if (on.kind !== 'ident' || on.value !== 'on') this.fail('parse/expected-token', `expected 'on <parameter>' after 'proof by induction', found ${this.describe(on)}`);
      this.next();
      const idx = this.expectIdent("the parameter to induct on (as in 'proof by induction on k')");
      induction = { index: idx.value, span: span(ind.span, idx.span) };
    }
    const steps: ProofStep[] = [];
    for (;;) {
      const s = this.peek();
      if (this.isKeyword('qed')) break;
      if (s.kind === 'eof') this.fail('parse/expected-token', `expected 'qed' (in column 1) to end the proof begun at ${formatPosition(this.file, pr.span.start)}, found ${this.describe(s)}`);
      let step: Omit<ProofStep, 'rules' | 'span'>;
      if (s.kind === 'ident' && s.value === 'done' && this.isKeyword('by', this.peek(1))) {
        this.next();
        step = { done: true };
      } else {
        const cont = this.relop(s);
        if (cont && steps.length === 0) this.fail('parse/expected-step', `the first proof step must state both sides ('a = b by rule'), found ${this.describe(s)}`);
        const left = cont ? undefined : this.parseExpr(0);
        const op = this.relop(this.peek());
        if (!op) this.fail('parse/expected-relation', `expected a relation in the proof step, found ${this.describe(this.peek())}`);
        this.next();
        const right = this.parseExpr(0);
        step = left ? { left, op, right, done: false } : { op, right, done: false };
      }
      const rules = this.parseByClause("'by <lemma>' to justify the proof step", "a lemma name after 'by'");
      steps.push({ ...step, rules, span: span(s.span, rules[rules.length - 1]!.span) });
    }
    const qed = this.next();
    this.expectEnd("after 'qed'");
    if (steps.length === 0) this.fail('parse/expected-step', 'a proof needs at least one step', qed.span);
    return {
      kind: 'theorem', ...(name !== undefined ? { name } : {}), params, sequences, ...(induction ? { induction } : {}),
      formula: formula as Chain, steps, span: span(kw.span, qed.span),
    };
  }

  private parseCalc(): CalcDecl {
    const kw = this.next();
    const header = this.parseHeader('calc');
    const first = this.parseExpr(0);
    const steps: CalcStep[] = [];
    for (;;) {
      const t = this.peek();
      const op = this.relop(t);
      if (!op) {
        if (t.kind === 'eof' && steps.length > 0) break;
        if (t.kind === '≈') this.fail('parse/bad-relation', "'≈' is not allowed in a calc step; use =, <, <=, >, >= or !=");
        this.fail(
          'parse/expected-step',
          steps.length === 0
            ? `expected a calc step ('= <expr> by <rule>'), found ${this.describe(t)}`
            : `expected another calc step ('= <expr> by <rule>') or end of the calc, found ${this.describe(t)}`,
        );
      }
      this.next();
      const expr = this.parseExpr(0);
      const rules = this.parseByClause("'by <rule>' to justify the step", "a rule or lemma name after 'by'");
      steps.push({ op, expr, rules, span: span(t.span, rules[rules.length - 1]!.span) });
    }
    return { kind: 'calc', ...header, first, steps, span: span(kw.span, steps[steps.length - 1]!.span) };
  }

  // ---- expressions ----

  /** Parses an expression whose operators all bind tighter than `minBp`. */
  /** `by name, name, ...`: the justification of a calc or proof step (at least one name). */
  private parseByClause(expected: string, nameWhat: string): RuleRef[] {
    const by = this.peek();
    if (!this.isKeyword('by')) this.fail('parse/expected-by', `expected ${expected}, found ${this.describe(by)}`);
    this.next();
    const rules: RuleRef[] = [];
    for (;;) {
      const r = this.expectIdent(nameWhat);
      rules.push({ name: r.value, span: r.span });
      if (this.peek().kind !== ',') break;
      this.next();
    }
    return rules;
  }

  /** One or more expressions separated by ',' (the closing token is left to the caller). */
  private parseExprList(): Expr[] {
    const items = [this.parseExpr(0)];
    while (this.peek().kind === ',') {
      this.next();
      items.push(this.parseExpr(0));
    }
    return items;
  }

  parseExpr(minBp: number): Expr {
    if (++this.depth > MAX_NESTING) {
      this.fail('limit/nesting', `expression nests more than ${MAX_NESTING} levels deep; simplify it or split it with 'let'`);
    }
    let left = this.parsePrefix();
    for (;;) {
      const t = this.peek();
      if (t.kind === '!' ) {
        if (50 <= minBp) break;
        this.next();
        left = { kind: 'factorial', arg: left, span: span(left.span, t.span) };
        continue;
      }
      const bp = t.kind === '+' || t.kind === '-' ? 10 : t.kind === '*' || t.kind === '/' ? 20 : t.kind === '^' ? 40 : 0;
      if (bp === 0) {
        // `where` ends a theorem's statement (`... where T(n) = ...`).
        if ((t.kind === 'ident' && t.value !== 'where') || t.kind === 'number' || t.kind === '(' || t.kind === 'deriv') {
          this.fail(
            'parse/implicit-multiplication',
            `expected an operator, found ${this.describe(t)}; implicit multiplication is not allowed, write '*'`,
          );
        }
        break;
      }
      if (bp <= minBp) break;
      this.next();
      const right = this.parseExpr(t.kind === '^' ? bp - 1 : bp);
      left = { kind: 'binop', op: t.kind as '+' | '-' | '*' | '/' | '^', left, right, span: span(left.span, right.span) };
    }
    this.depth--;
    return left;
  }

  private parsePrefix(): Expr {
    const t = this.peek();
    if (t.kind === '-') {
      this.next();
      const arg = this.parseExpr(30);
      return { kind: 'neg', arg, span: span(t.span, arg.span) };
    }
    if (t.kind === '+') {
      this.next();
      return this.parseExpr(30);
    }
    if (t.kind === 'ident' && t.value === 'd' && this.peek(1).kind === '^') {
      const d = this.tryPowerDerivative();
      if (d) return d;
    }
    if (t.kind === 'deriv') {
      this.next();
      if (this.peek().kind === 'eof') this.fail('parse/expected-expression', `expected an expression to differentiate after '${t.text}', found ${this.describe(this.peek())}`);
      const body = this.parseExpr(30);
      return { kind: 'dsurface', var: t.var, varSpan: t.varSpan, order: t.order, body, span: span(t.span, body.span) };
    }
    return this.parsePrimary();
  }

  /**
   * `d^n/dx^n body`, the order n being an integer, a name or a parenthesised
   * expression, written the same on both sides (`d^(k+1)/dp^(k+1) f`). Returns
   * undefined, consuming nothing, when the tokens after `d ^` are not shaped like
   * that (then `d` is an ordinary name).
   */
  private tryPowerDerivative(): Expr | undefined {
    const save = this.pos;
    const d = this.next();
    this.next(); // '^'
    const order = this.derivativeOrder();
    const dv = this.peek(1);
    if (!order || this.peek().kind !== '/' || dv.kind !== 'ident' || dv.value.length < 2 || !dv.value.startsWith('d') || this.peek(2).kind !== '^') {
      this.pos = save;
      return undefined;
    }
    this.next();
    this.next();
    this.next();
    const again = this.derivativeOrder();
    const text = (e: Expr): string => this.file.text.slice(e.span.start, e.span.end).replace(/\s+/g, '');
    if (!again || text(again) !== text(order)) {
      this.fail('parse/bad-derivative', `the order of d^${text(order)}/d${dv.value.slice(1)}^n must be repeated on the variable: expected 'd^${text(order)}/d${dv.value.slice(1)}^${text(order)}'`, again?.span ?? this.peek().span);
    }
    if (this.peek().kind === 'eof') this.fail('parse/expected-expression', `expected an expression to differentiate after 'd^${text(order)}/d${dv.value.slice(1)}^${text(order)}', found ${this.describe(this.peek())}`);
    const body = this.parseExpr(30);
    return {
      kind: 'dsurface', var: dv.value.slice(1), varSpan: { start: dv.span.start + 1, end: dv.span.end }, order: 0, orderExpr: order, body,
      span: span(d.span, body.span),
    };
  }

  /** Consumes the ')' that closes `opened` (begun at `open`); `expected` is what may stand before it. */
  private closeParen(open: Span, opened: string, expected = "')'"): Token {
    const close = this.peek();
    if (close.kind !== ')') {
      this.fail('parse/unclosed-paren', `expected ${expected} to close ${opened} opened at ${formatPosition(this.file, open.start)}, found ${this.describe(close)}`);
    }
    return this.next();
  }

  /** The order after `d^` or `dx^`: an integer, a name, or `( expr )`; undefined otherwise. */
  private derivativeOrder(): Expr | undefined {
    const t = this.peek();
    if (t.kind === 'number') {
      this.next();
      return { kind: 'num', num: t.num, den: t.den, span: t.span };
    }
    if (t.kind === 'ident') {
      this.next();
      return { kind: 'name', name: t.value, span: t.span };
    }
    return t.kind === '(' ? this.parsePrimary() : undefined;
  }

  private parsePrimary(): Expr {
    const t = this.peek();
    switch (t.kind) {
      case 'number':
        this.next();
        return { kind: 'num', num: t.num, den: t.den, span: t.span };
      case 'ident': {
        this.next();
        const n = this.peek();
        if (n.kind === '[' && (t.value === 'E' || t.value === 'Var' || t.value === 'Cov')) return this.parseExpectation(t);
        if (n.kind !== '(') return { kind: 'name', name: t.value, span: t.span };
        if (t.value === 'sum' || t.value === 'prod') return this.parseBigOp(t);
        if (t.value === 'integral') return this.parseIntegral(t);
        const open = this.next();
        const args = this.peek().kind === ')' ? [] : this.parseExprList();
        const close = this.closeParen(open.span, `'(' of '${t.value}('`, "',' or ')'");
        return { kind: 'apply', name: t.value, nameSpan: t.span, args, span: span(t.span, close.span) };
      }
      case '(': {
        this.next();
        const inner = this.parseExpr(0);
        const close = this.closeParen(t.span, "'('");
        // Widen compound expressions to include their parentheses; names and numbers keep their own span.
        return inner.kind === 'name' || inner.kind === 'num' ? inner : ({ ...inner, span: span(t.span, close.span) } as Expr);
      }
      case '[':
        return this.fail('parse/expected-expression', "expected an expression, found '['; use parentheses '( )' for grouping");
      case 'keyword':
        if (t.value === 'inf') {
          return this.fail('parse/misplaced-inf', "'inf' may appear only as the upper end of a sum or prod, or as an end of an interval");
        }
        return this.fail('parse/expected-expression', `expected an expression, found the reserved word '${t.value}'`);
      default:
        return this.fail('parse/expected-expression', `expected an expression, found ${this.describe(t)}`);
    }
  }

  /** `E[fam; g]`, `Var[fam; g]`, `Cov[fam; g1, g2]`: an `apply` node named 'E[' ('Var[', 'Cov['). */
  private parseExpectation(t: Extract<Token, { kind: 'ident' }>): Expr {
    const open = this.next();
    const example = t.value === 'Cov' ? 'Cov[family; g1, g2]' : `${t.value}[family; g]`;
    const fam = this.peek();
    if (fam.kind !== 'ident') this.fail('parse/expected-identifier', `expected a family name, as in '${example}', found ${this.describe(fam)}`);
    this.next();
    const semi = this.peek();
    if (semi.kind !== ';') this.fail('parse/expected-token', `expected ';' after the family '${fam.value}', as in '${example}', found ${this.describe(semi)}`);
    this.next();
    const args: Expr[] = [{ kind: 'name', name: fam.value, span: fam.span }, ...this.parseExprList()];
    const close = this.peek();
    if (close.kind !== ']') {
      this.fail('parse/unclosed-bracket', `expected ${t.value === 'Cov' ? "',' or " : ''}']' to close '${t.value}[' opened at ${formatPosition(this.file, open.span.start)}, found ${this.describe(close)}`);
    }
    this.next();
    return { kind: 'apply', name: `${t.value}[`, nameSpan: t.span, args, span: span(t.span, close.span) };
  }

  /**
   * `integral(x = lo..hi, body)`: an `apply` node named 'integral' with the arguments
   * [x, lo, hi, body] (the LaTeX reader builds the same); `lo` may be `-inf` and `hi`
   * `inf`, read as the name `inf` (a reserved word, so no user name) and its negation.
   */
  private parseIntegral(nameTok: Extract<Token, { kind: 'ident' }>): Expr {
    const open = this.next();
    const example = 'integral(x = 0..1, x^2)';
    const v = this.peek();
    if (v.kind !== 'ident') this.fail('parse/expected-identifier', `expected the variable of integration, as in '${example}', found ${this.describe(v)}`);
    this.next();
    const eq = this.peek();
    if (eq.kind !== '=') this.fail('parse/expected-token', `expected '=' after the variable of integration '${v.value}', as in '${example}', found ${this.describe(eq)}`);
    this.next();
    // Both infinities are read at both ends; the elaborator reports 'inf' as a lower end.
    const infinity = (): Expr | undefined => {
      const a = this.peek();
      if (a.kind === '-' && this.isKeyword('inf', this.peek(1))) {
        this.next();
        const b = this.next();
        return { kind: 'neg', arg: { kind: 'name', name: 'inf', span: b.span }, span: span(a.span, b.span) };
      }
      if (this.isKeyword('inf')) return { kind: 'name', name: 'inf', span: this.next().span };
      return undefined;
    };
    const lo = infinity() ?? this.parseExpr(0);
    const dots = this.peek();
    if (dots.kind !== '..') this.fail('parse/expected-token', `expected '..' between the bounds of the integral, as in '${example}', found ${this.describe(dots)}`);
    this.next();
    const hi = infinity() ?? this.parseExpr(0);
    const comma = this.peek();
    if (comma.kind !== ',') this.fail('parse/expected-token', `expected ',' and the integrand, as in '${example}', found ${this.describe(comma)}`);
    this.next();
    const body = this.parseExpr(0);
    const close = this.closeParen(open.span, "'integral('");
    const x: Expr = { kind: 'name', name: v.value, span: v.span };
    return { kind: 'apply', name: 'integral', nameSpan: nameTok.span, args: [x, lo, hi, body], span: span(nameTok.span, close.span) };
  }

  /** `sum(i = lo..hi, body)` / `prod(...)`; `hi` may be `inf`. */
  private parseBigOp(nameTok: Extract<Token, { kind: 'ident' }>): Expr {
    const what = nameTok.value as 'sum' | 'prod';
    const open = this.next();
    const example = `${what}(i = 0..n, body)`;
    const idx = this.peek();
    if (idx.kind !== 'ident') this.fail('parse/expected-identifier', `expected the index of the ${what}, as in '${example}', found ${this.describe(idx)}`);
    this.next();
    const eq = this.peek();
    if (eq.kind !== '=') this.fail('parse/expected-token', `expected '=' after the ${what} index '${idx.value}', as in '${example}', found ${this.describe(eq)}`);
    this.next();
    const lo = this.parseExpr(0);
    const dots = this.peek();
    if (dots.kind !== '..') this.fail('parse/expected-token', `expected '..' in the range of the ${what}, as in '${example}', found ${this.describe(dots)}`);
    this.next();
    let hi: Expr | 'inf';
    if (this.isKeyword('inf')) {
      this.next();
      hi = 'inf';
    } else {
      hi = this.parseExpr(0);
    }
    const comma = this.peek();
    if (comma.kind !== ',') this.fail('parse/expected-token', `expected ',' and the body of the ${what}, as in '${example}', found ${this.describe(comma)}`);
    this.next();
    const body = this.parseExpr(0);
    const close = this.closeParen(open.span, `'${what}('`);
    return { kind: what, index: idx.value, lo, hi, body, span: span(nameTok.span, close.span) };
  }
}

function percent(n: Extract<Expr, { kind: 'num' }>, s: Span): Expr {
  let num = n.num;
  let den = n.den * 100n;
  let a = num < 0n ? -num : num;
  let b = den;
  while (b !== 0n) [a, b] = [b, a % b];
  if (a > 1n) {
    num /= a;
    den /= a;
  }
  return { kind: 'num', num, den, span: s };
}

/**
 * The end of a theorem statement: the statement runs through `proof` (column 1)
 * up to and including the line of `qed` (column 1). `j` is the first token after
 * the theorem's header lines; without `proof` there, the statement ends at `j`.
 */
function theoremEnd(tokens: readonly Token[], j: number): number {
  const t = tokens[j]!;
  if (t.kind !== 'keyword' || t.value !== 'proof') return j;
  let k = j + 1;
  while (tokens[k]!.kind !== 'eof') {
    const u = tokens[k]!;
    if (u.startsStatement && u.kind === 'keyword' && u.value === 'qed') {
      k++;
      while (!tokens[k]!.startsStatement) k++;
      return k;
    }
    if (u.startsStatement && u.kind === 'keyword' && STATEMENT_KEYWORDS.includes(u.value)) return k;
    k++;
  }
  return k;
}
