/**
 * One display-math block to proof-language statements: rows split at `\\`, `&`
 * dropped, `\tag{..}`/`\label{..}` naming the claim, a trailing `% by rule` comment
 * or `\text{(by rule)}` justifying a step, a row that begins with a relation
 * continuing the chain of the row before. A group of rows with one relation and
 * no justification is a `claim`; anything longer is a `calc`.
 *
 * The result is data: the statements (spans into the Markdown file), or why the
 * block is not checked ('no relation'), or a LatexError located in the file.
 */
import type { CalcDecl, CalcStep, ClaimDecl, Expr, Quantifier, RelOp, RuleRef, Span } from '../ast.ts';
import { LatexError, lexLatex, type LatexComment, type LatexToken } from './lexer.ts';
import { LatexParser, normaliseTokens, relationOf, type LatexNames, type LatexRow } from './parser.ts';
import { DISPLAY_ENVIRONMENTS } from '../markdown/scan.ts';

/** What a block became. */
export type BlockResult =
  | { readonly status: 'checked'; readonly statements: readonly (ClaimDecl | CalcDecl)[]; readonly notes: readonly string[] }
  | { readonly status: 'no relation'; readonly reason: string }
  | { readonly status: 'error'; readonly error: LatexError; readonly name?: string };

/** The tolerance of `\approx`: relative, as a fraction (1/1000 is 0.1%). */
export interface ApproxTolerance {
  readonly num: bigint;
  readonly den: bigint;
}

export interface BlockOptions {
  readonly names: LatexNames;
  readonly quantifiers: readonly Quantifier[];
  readonly tolerance: ApproxTolerance;
  /** The block sits in a Markdown block quote ('>' line markers are skipped). */
  readonly quoted?: boolean;
}

/** A relation written anywhere in raw LaTeX (used when the block does not even lex). */
const RAW_RELATION = /(?<!\\)[=<>]|\\(?:le|ge|leq|geq|ne|neq|approx|lt|gt|leqslant|geqslant)(?![A-Za-z])/;

/** Whether raw LaTeX text contains a relation (outside `%` comments). */
export function hasRawRelation(latex: string): boolean {
  return RAW_RELATION.test(latex.replace(/%[^\n]*/g, ''));
}

interface RawRow {
  tokens: LatexToken[];
  tag?: { name: string; span: Span };
  rules: RuleRef[];
}

/** Turns the math text[start, end) into statements. Never throws. */
export function readBlock(text: string, start: number, end: number, opts: BlockOptions): BlockResult {
  let tag: { name: string; span: Span } | undefined;
  try {
    let lexed: { tokens: LatexToken[]; comments: LatexComment[] };
    try {
      lexed = lexLatex(text, start, end, opts.quoted ?? false);
    } catch (e) {
      if (e instanceof LatexError && !hasRawRelation(text.slice(start, end))) return { status: 'no relation', reason: 'no relation' };
      throw e;
    }
    const rows = splitRows(normaliseTokens(lexed.tokens), lexed.comments, text);
    tag = rows.find((r) => r.tag)?.tag;
    if (hasRawRelation(text.slice(start, end))) for (const r of rows) checkBraces(r.tokens);
    if (rows.some((r) => r.tokens.some((t, i) => isDefinition(t, r.tokens[i + 1])))) return { status: 'no relation', reason: 'a definition (:=), not a claim' };
    if (!rows.some((r) => r.tokens.some((t) => relationOf(t) !== undefined && atTopLevel(r.tokens, t)))) return { status: 'no relation', reason: 'no relation' };
    const notes: string[] = [];
    const parsed: { row: LatexRow; raw: RawRow }[] = rows.map((raw) => {
      const eofAt = raw.tokens.length > 0 ? raw.tokens[raw.tokens.length - 1]!.span.end : start;
      const p = new LatexParser([...raw.tokens, { k: 'eof', span: { start: eofAt, end: eofAt } }], opts.names, text, notes).bind(opts.quantifiers.map((q) => q.index));
      return { row: p.parseRow(), raw };
    });
    // Group rows into chains: a row that begins with a relation continues the previous one.
    const groups: { row: LatexRow; raw: RawRow }[][] = [];
    for (const r of parsed) {
      if (r.row.lead) {
        const g = groups[groups.length - 1];
        if (!g) throw new LatexError('latex/continuation', 'this row begins with a relation, but there is no row before it to continue', r.row.lead.span);
        g.push(r);
      } else {
        groups.push([r]);
      }
    }
    const tags = rows.filter((r) => r.tag).length;
    const statements = groups.map((g, gi) => {
      const own = g.find((r) => r.raw.tag)?.raw.tag;
      const name = own && tags > 1 ? own.name : tag && groups.length > 1 ? `${tag.name}_${gi + 1}` : tag?.name;
      return statementOf(g, name, opts);
    });
    return { status: 'checked', statements, notes: [...new Set(notes)] };
  } catch (e) {
    if (e instanceof LatexError) return { status: 'error', error: e, ...(tag ? { name: tag.name } : {}) };
    if (e instanceof RangeError) return { status: 'error', error: new LatexError('limit/nesting', 'the formula nests too deeply to read', { start, end: Math.min(end, start + 1) }), ...(tag ? { name: tag.name } : {}) };
    throw e;
  }
}

/** `:=`, `\coloneqq`, `\triangleq`, `\equiv`, `\eqqcolon`: a definition, not a claim. */
function isDefinition(t: LatexToken, next: LatexToken | undefined): boolean {
  if (t.k === 'sym' && t.v === ':' && next?.k === 'sym' && next.v === '=') return true;
  return t.k === 'cmd' && ['coloneqq', 'triangleq', 'equiv', 'eqqcolon', 'defeq', 'stackrel', 'overset'].includes(t.v);
}

/** Throws: LatexError at a '{' never closed in its row, or a '}' that closes nothing. */
function checkBraces(tokens: readonly LatexToken[]): void {
  const open: LatexToken[] = [];
  for (const t of tokens) {
    if (t.k === 'sym' && t.v === '{') open.push(t);
    else if (t.k === 'sym' && t.v === '}' && !open.pop()) throw new LatexError('latex/unbalanced', "'}' closes no '{'", t.span);
  }
  const last = open.pop();
  if (last) throw new LatexError('latex/unclosed', "'{' is never closed in its row", last.span);
}

/** Whether token t is outside braces in its row. */
function atTopLevel(tokens: readonly LatexToken[], t: LatexToken): boolean {
  let depth = 0;
  for (const u of tokens) {
    if (u === t) return depth === 0;
    if (u.k === 'sym' && u.v === '{') depth++;
    else if (u.k === 'sym' && u.v === '}') depth--;
  }
  return false;
}

/** A `\tag`/`\label` text as a claim name: letters, digits and '_'. */
function claimName(raw: string): string {
  const s = raw.trim().replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  return s === '' ? 'eq' : /^[0-9]/.test(s) ? `eq_${s}` : s;
}

/** Rules named in `by a, b` (or `by a and b`) found at offset `at` of the file. */
function rulesIn(body: string, at: number): RuleRef[] | undefined {
  const m = /^(\s*\(?\s*by\s+)([^)]*?)\s*\)?\s*[.,]?\s*$/.exec(body);
  if (!m) return undefined;
  const out: RuleRef[] = [];
  const re = /[A-Za-z_][A-Za-z0-9_]*/g;
  let w: RegExpExecArray | null;
  while ((w = re.exec(m[2]!)) !== null) {
    if (w[0] === 'and') continue;
    const s = at + m[1]!.length + w.index;
    out.push({ name: w[0], span: { start: s, end: s + w[0].length } });
  }
  return out.length > 0 ? out : undefined;
}

/** Splits tokens into rows at `\\`; removes `&`, environment markers, tags, labels, trailing punctuation and justifications. */
function splitRows(tokens: readonly LatexToken[], comments: readonly LatexComment[], text: string): RawRow[] {
  const rows: RawRow[] = [];
  let cur: RawRow = { tokens: [], rules: [] };
  const flush = (): void => {
    // Trailing punctuation of a sentence: "... = 1." or "... = 1,".
    const last = cur.tokens[cur.tokens.length - 1];
    if (last && last.k === 'sym' && (last.v === '.' || last.v === ',')) cur.tokens.pop();
    // A trailing \text{(by rule)} justification.
    const tail = cur.tokens[cur.tokens.length - 1];
    if (tail && tail.k === 'text' && tail.cmd.startsWith('text')) {
      const rules = rulesIn(tail.raw, tail.rawSpan.start);
      if (rules) {
        cur.rules.push(...rules);
        cur.tokens.pop();
      }
    }
    if (cur.tokens.length > 0) rows.push(cur);
    else if (cur.tag && rows.length > 0 && !rows[rows.length - 1]!.tag) rows[rows.length - 1]!.tag = cur.tag;
    cur = { tokens: [], rules: [] };
  };
  for (const t of tokens) {
    if (t.k === 'rowsep') {
      flush();
      continue;
    }
    if (t.k === 'sym' && t.v === '&') continue;
    if (t.k === 'text' && (t.cmd === 'begin' || t.cmd === 'end')) {
      const env = t.raw.trim();
      if (!DISPLAY_ENVIRONMENTS.includes(env)) {
        throw new LatexError('latex/unsupported', `could not parse \`\\${t.cmd}{${env}}\`: only the environments ${DISPLAY_ENVIRONMENTS.filter((e) => !e.endsWith('*')).join(', ')} (and starred forms) are read`, t.span);
      }
      if (t.cmd === 'end') flush();
      continue;
    }
    if (t.k === 'text' && (t.cmd === 'tag' || t.cmd === 'label')) {
      if (!cur.tag || t.cmd === 'tag') cur.tag = { name: claimName(t.raw), span: t.span };
      continue;
    }
    if (t.k === 'eof') continue;
    cur.tokens.push(t);
  }
  flush();
  // `% by rule` comments: attach each to the row it follows (the last row starting before it).
  // Rows and comments are both in text order: one pass.
  let ri = -1;
  for (const c of comments) {
    while (ri + 1 < rows.length && rows[ri + 1]!.tokens[0]!.span.start < c.span.start) ri++;
    const rules = rulesIn(c.text, c.span.start + 1);
    if (rules && ri >= 0) rows[ri]!.rules.push(...rules);
  }
  void text;
  return rows.flatMap(splitAtCommas);
}

/**
 * `a = b, \quad c = d` (or `\text{and}` between them): two formulas written on one
 * row become two rows, when every piece has a relation and none begins with one.
 * Commas inside parentheses, brackets or braces (arguments, subscripts) never split.
 */
function splitAtCommas(row: RawRow): RawRow[] {
  const pieces: LatexToken[][] = [[]];
  let depth = 0;
  for (const t of row.tokens) {
    if (t.k === 'sym' && (t.v === '(' || t.v === '[' || t.v === '{')) depth++;
    else if (t.k === 'sym' && (t.v === ')' || t.v === ']' || t.v === '}')) depth--;
    const separator = depth === 0 && ((t.k === 'sym' && t.v === ',') || (t.k === 'text' && t.cmd.startsWith('text') && /^\s*(and|,)\s*$/.test(t.raw)));
    if (separator) pieces.push([]);
    else pieces[pieces.length - 1]!.push(t);
  }
  const nonEmpty = pieces.filter((p) => p.length > 0);
  if (nonEmpty.length < 2) return [row];
  const ok = nonEmpty.every((p) => relationOf(p[0]!) === undefined && p.some((t) => relationOf(t) !== undefined && atTopLevel(p, t)));
  if (!ok) return [row];
  return nonEmpty.map((tokens, i) => ({
    tokens,
    rules: i === nonEmpty.length - 1 ? row.rules : [],
    ...(i === 0 && row.tag ? { tag: row.tag } : {}),
  }));
}

/** One chain of rows as a claim or a calc. */
function statementOf(group: readonly { row: LatexRow; raw: RawRow }[], name: string | undefined, opts: BlockOptions): ClaimDecl | CalcDecl {
  const first = group[0]!.row;
  const span: Span = { start: first.span.start, end: group[group.length - 1]!.row.span.end };
  const named = name !== undefined ? { name } : {};
  // Steps: (relation, expr, rules, span) in order.
  const steps: { op: RelOp | 'approx'; opSpan: Span; expr: Expr; rules: RuleRef[] }[] = [];
  for (const { row, raw } of group) {
    const rels = row.lead ? [row.lead, ...row.ops] : row.ops;
    const exprs = row.lead ? row.terms : row.terms.slice(1);
    rels.forEach((r, i) => steps.push({ op: r.op, opSpan: r.span, expr: exprs[i]!, rules: i === rels.length - 1 ? raw.rules : [] }));
  }
  const approx = steps.find((s) => s.op === 'approx');
  if (approx) {
    if (steps.length > 1) throw new LatexError('latex/approx-chain', "'\\approx' cannot be chained with other relations; write it as a row of its own claim", approx.opSpan);
    const tol = opts.tolerance;
    const tolerance: Expr = { kind: 'num', num: tol.num, den: tol.den, span: approx.opSpan };
    return { kind: 'claim', ...named, quantifiers: opts.quantifiers, formula: { kind: 'approx', left: first.terms[0]!, right: steps[0]!.expr, tolerance, relative: true, span }, span };
  }
  const justified = steps.some((s) => s.rules.length > 0);
  if (group.length === 1 && !justified) {
    return {
      kind: 'claim', ...named, quantifiers: opts.quantifiers,
      formula: { kind: 'chain', terms: first.terms, ops: first.ops.map((o) => o.op as RelOp), span }, span,
    };
  }
  const calcSteps: CalcStep[] = steps.map((s) => ({ op: s.op as RelOp, expr: s.expr, rules: s.rules, span: { start: s.opSpan.start, end: Math.max(s.expr.span.end, ...s.rules.map((r) => r.span.end)) } }));
  return { kind: 'calc', ...named, quantifiers: opts.quantifiers, first: first.terms[0]!, steps: calcSteps, span };
}
