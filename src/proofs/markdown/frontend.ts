/**
 * The Markdown front end: a post's ```proof blocks (declarations, claims in the
 * proof language) plus its LaTeX display math, as one Script whose spans are
 * offsets into the .md file, so every verdict and error points at the post's own
 * line and column. Display math after the first proof block is read by
 * src/proofs/latex; every block that is not checked is reported with its reason.
 *
 * Directives, in an HTML comment before a block (`<!-- proofcheck: ... -->`):
 * `skip`; `for j in 0..40, k in 0..j` (quantifies the block's claims);
 * `tolerance 1%` (relative tolerance of `\approx` from here on; default 0.1%).
 */
import type { CalcDecl, ClaimDecl, Elaborated, Expr, Quantifier, Script, SourceFile, Span, Statement } from '../ast.ts';
import { errorAt, type Diagnostic } from '../diagnostics.ts';
import { parseScript } from '../syntax/parser.ts';
import { positionOf } from '../source.ts';
import { hasRawRelation, readBlock, type ApproxTolerance } from '../latex/block.ts';
import { LatexError, lexLatex } from '../latex/lexer.ts';
import { LatexParser, normaliseTokens, type LatexNames } from '../latex/parser.ts';
import type { MathBlockReport } from '../report.ts';
import { scanMarkdown, type Directive, type MathBlock } from './scan.ts';

/** Whether a source file is read as Markdown (by its name). */
export function isMarkdown(file: SourceFile): boolean {
  return /\.(md|markdown)$/i.test(file.name);
}

export interface MarkdownFrontEnd {
  /** Proof-block statements and LaTeX statements, in file order (absent when the proof blocks do not parse). */
  readonly script?: Script;
  /** Parse errors of the proof blocks. */
  readonly diagnostics: readonly Diagnostic[];
  /** Blocks that could not be read: each becomes an ERROR item of the report. */
  readonly blockErrors: readonly { readonly diagnostic: Diagnostic; readonly name?: string }[];
  readonly math: readonly MathBlockReport[];
  /** Start offset of each statement read from LaTeX -> index of its block in `math`. */
  readonly latexBlocks: ReadonlyMap<number, number>;
}

/** Default relative tolerance of `\approx`: 0.1%. */
export const DEFAULT_APPROX_TOLERANCE: ApproxTolerance = { num: 1n, den: 1000n };

/** Names the LaTeX reader needs from the proof blocks' declarations. */
export function latexNames(statements: readonly Statement[]): LatexNames {
  const functions = new Map<string, number>();
  const values = new Set<string>();
  const families = new Map<string, string>();
  for (const s of statements) {
    if (s.kind === 'var') values.add(s.name);
    else if (s.kind === 'let') {
      if (s.params.length > 0) functions.set(s.name, s.params.length);
      else values.add(s.name);
    } else if (s.kind === 'family') {
      families.set(s.name, s.variable);
      for (const p of s.params) values.add(p.name);
    }
  }
  return { functions, values, families };
}

/** Per file read: the start offsets of the items that came from LaTeX (see latexSource). */
const LATEX_ITEMS = new WeakMap<SourceFile, Set<number>>();

/**
 * The author's LaTeX of an item of `file`, when the item was read from display
 * math by readMarkdown (in this process); undefined for proof-block items.
 */
export function latexSource(file: SourceFile, span: Span): string | undefined {
  return LATEX_ITEMS.get(file)?.has(span.start) ? file.text.slice(span.start, span.end) : undefined;
}

/** Reads a Markdown post. Never throws for anything in the file. */
export function readMarkdown(file: SourceFile): MarkdownFrontEnd {
  const scanned = scanMarkdown(file.text);
  const proofFile: SourceFile = { name: file.name, text: scanned.proofText };
  const parsed = parseScript(proofFile);
  const diagnostics = parsed.diagnostics.map((d) => ({ ...d, file }));
  const names = latexNames(parsed.script.statements);
  const firstProof = scanned.proofBlocks[0]?.start;
  const math: MathBlockReport[] = [];
  const blockErrors: { diagnostic: Diagnostic; name?: string }[] = [];
  const latexStatements: (ClaimDecl | CalcDecl)[] = [];
  const latexBlocks = new Map<number, number>();
  let tolerance = DEFAULT_APPROX_TOLERANCE;
  const at = (offset: number): { line: number; col: number } => positionOf(file, offset);
  const fail = (span: Span, code: string, message: string, name?: string): void => {
    blockErrors.push({ diagnostic: errorAt(file, span, code, message), ...(name ? { name } : {}) });
  };
  for (const d of scanned.danglingDirectives) {
    if (/^tolerance\b/.test(d.text)) continue;
    fail({ start: d.start, end: d.end }, 'markdown/dangling-directive', `the directive 'proofcheck: ${d.text}' is not followed by a display-math block`);
  }
  for (const b of scanned.math) {
    const where = at(b.start);
    const raw = file.text.slice(b.contentStart, b.contentEnd).replace(b.quoted ? /^[ \t]*>/gm : /$^/, '');
    const hasRelation = hasRawRelation(raw);
    if (!b.closed) {
      fail({ start: b.start, end: b.start + 2 }, 'markdown/unclosed-math', `display math opened with '${b.delimiter === 'environment' ? '\\begin' : b.delimiter}' is never closed`);
      math.push({ ...where, status: 'error', reason: 'never closed', hasRelation });
      continue;
    }
    let quantifiers: Quantifier[] = [];
    let skip = false;
    let directiveError = false;
    for (const d of b.directives) {
      const r = directive(d, file.text, names);
      if (r.kind === 'error') {
        fail(r.span, 'markdown/directive', r.message);
        directiveError = true;
      } else if (r.kind === 'skip') skip = true;
      else if (r.kind === 'for') quantifiers = r.quantifiers;
      else tolerance = r.tolerance;
    }
    if (directiveError) {
      math.push({ ...where, status: 'error', reason: 'bad proofcheck directive', hasRelation });
      continue;
    }
    if (firstProof === undefined || b.start < firstProof) {
      const reason = firstProof === undefined ? 'the file has no proof block' : 'before the first proof block';
      math.push({ ...where, status: 'before proof', reason, hasRelation });
      continue;
    }
    if (skip) {
      math.push({ ...where, status: 'skipped', reason: 'skipped (proofcheck: skip)', hasRelation });
      continue;
    }
    const r = readBlock(file.text, b.contentStart, b.contentEnd, { names, quantifiers, tolerance, quoted: b.quoted });
    if (r.status === 'no relation') {
      math.push({ ...where, status: 'no relation', reason: r.reason, hasRelation: false });
    } else if (r.status === 'error') {
      const what = file.text.slice(r.error.span.start, r.error.span.end);
      fail(r.error.span, r.error.code, r.error.message, r.name);
      math.push({ ...where, status: 'error', reason: r.error.code === 'latex/unsupported' ? `could not parse \`${what}\`` : r.error.message, hasRelation: true });
    } else {
      for (const st of r.statements) latexBlocks.set(st.span.start, math.length);
      latexStatements.push(...r.statements);
      const claims = r.statements.map((s) => s.name ?? `${s.kind} at line ${at(s.span.start).line}`);
      math.push({ ...where, status: 'checked', claims, ...(r.notes.length ? { notes: r.notes } : {}), hasRelation: true });
    }
  }
  LATEX_ITEMS.set(file, new Set(latexStatements.map((st) => st.span.start)));
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return { diagnostics, blockErrors, math, latexBlocks };
  const statements = [...parsed.script.statements, ...latexStatements].sort((x, y) => x.span.start - y.span.start);
  return { script: { file, statements }, diagnostics, blockErrors, math, latexBlocks };
}

/** Most rounds of dropping LaTeX claims that do not elaborate (each round drops at least one). */
const MAX_ELABORATION_ROUNDS = 50;

/**
 * Elaborates a read post. An elaboration error inside a claim read from LaTeX (an
 * unknown name, a wrong arity, a sort error) does not stop the post: that claim is
 * dropped and becomes an ERROR item of its block, and the rest is elaborated again.
 * An error anywhere else (the proof blocks) is the file's error, as for a .proof script.
 */
export function elaborateMarkdown(
  md: MarkdownFrontEnd & { readonly script: Script },
  elaborateScript: (script: Script) => { program?: Elaborated; diagnostics: Diagnostic[] },
): { program?: Elaborated; diagnostics: Diagnostic[]; markdown: MarkdownFrontEnd } {
  let statements = md.script.statements;
  const blockErrors = [...md.blockErrors];
  const math = [...md.math];
  for (let round = 0; ; round++) {
    const result = elaborateScript({ file: md.script.file, statements });
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    const markdown = { ...md, blockErrors, math };
    if (errors.length === 0 || round >= MAX_ELABORATION_ROUNDS) return { ...result, markdown };
    const culprits = new Set<Statement>();
    for (const d of errors) {
      const within = (sp: Span): boolean => sp.start <= d.span.start && d.span.end <= sp.end;
      // A LaTeX claim's extent: its rows, and its quantifiers (written in the directive before it).
      const st = statements.find((x) => md.latexBlocks.has(x.span.start) && (within(x.span) || ((x as ClaimDecl).quantifiers ?? []).some((q) => within(q.span))));
      if (!st) return { ...result, markdown };
      if (!culprits.has(st)) {
        culprits.add(st);
        blockErrors.push({ diagnostic: d, ...((st as ClaimDecl | CalcDecl).name !== undefined ? { name: (st as ClaimDecl | CalcDecl).name! } : {}) });
        const bi = md.latexBlocks.get(st.span.start)!;
        math[bi] = { ...math[bi]!, status: 'error', reason: d.message };
      }
    }
    statements = statements.filter((x) => !culprits.has(x));
  }
}

type DirectiveResult =
  | { kind: 'skip' }
  | { kind: 'for'; quantifiers: Quantifier[] }
  | { kind: 'tolerance'; tolerance: ApproxTolerance }
  | { kind: 'error'; message: string; span: Span };

/** Parses one directive: `skip`, `for j in lo..hi, ...`, `tolerance 1%`. */
function directive(d: Directive, text: string, names: LatexNames): DirectiveResult {
  const span = { start: d.start, end: d.end };
  if (d.text === 'skip') return { kind: 'skip' };
  const tol = /^tolerance\s+(\d+(?:\.\d+)?)\s*%$/.exec(d.text);
  if (tol) {
    const [w, f = ''] = tol[1]!.split('.');
    return { kind: 'tolerance', tolerance: { num: BigInt(w! + f), den: 100n * 10n ** BigInt(f.length) } };
  }
  if (/^for\s/.test(d.text)) {
    const quantifiers: Quantifier[] = [];
    let offset = d.start + 4;
    for (const part of d.text.slice(4).split(',')) {
      const m = /^(\s*)([A-Za-z][A-Za-z0-9_]*)\s+in\s+(.+?)\s*\.\.\s*(.+?)\s*$/.exec(part);
      if (!m) return { kind: 'error', message: `expected 'for j in lo..hi, k in lo..hi' in the directive, found '${part.trim()}'`, span: { start: offset, end: offset + part.length } };
      const s = offset + m[1]!.length;
      const loAt = offset + part.indexOf(m[3]!, m[1]!.length + m[2]!.length);
      const hiAt = offset + part.lastIndexOf(m[4]!);
      try {
        const lo = expression(text, loAt, loAt + m[3]!.length, names);
        const hi = expression(text, hiAt, hiAt + m[4]!.length, names);
        quantifiers.push({ index: m[2]!, lo, hi, span: { start: s, end: hiAt + m[4]!.length } });
      } catch (e) {
        if (e instanceof LatexError) return { kind: 'error', message: e.message, span: e.span };
        throw e;
      }
      offset += part.length + 1;
    }
    return { kind: 'for', quantifiers };
  }
  return { kind: 'error', message: `unknown proofcheck directive '${d.text}'; expected 'skip', 'for j in lo..hi, ...' or 'tolerance 1%'`, span };
}

/** One LaTeX expression at text[start, end) (a quantifier bound). */
function expression(text: string, start: number, end: number, names: LatexNames): Expr {
  const { tokens } = lexLatex(text, start, end);
  return new LatexParser(normaliseTokens(tokens), names, text).parseWhole();
}

/** Re-exported for reporters and tests: where a block starts. */
export type { MathBlock };
