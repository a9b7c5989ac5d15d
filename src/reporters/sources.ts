/**
 * What the rich reporters (latex, html, markdown) show besides the RunReport: each
 * item's statement as LaTeX (printed from the parsed script, so `f(j)` and
 * `E[fam; g]` appear as the author wrote them) and, for the HTML report, the
 * sampled plot data (plotdata.ts). Collected once, in the CLI's process, from the
 * script texts; the formatters are pure functions of the report and this.
 *
 * Items are matched to statements by position: an ItemReport's line:col is the
 * start of its statement (a family's `_normalised` claim is at its `family`).
 */
import type { FamilyDecl, SourceFile, Statement } from '../proofs/ast.ts';
import { parseScript } from '../proofs/syntax/parser.ts';
import { parseAndElaborate } from '../proofs/frontend.ts';
import { positionOf } from '../proofs/source.ts';
import type { RunReport } from '../proofs/report.ts';
import { calcRows, claimToLatex, familyNormalisedLatex, quantifiersToLatex, theoremToLatex } from './latex.ts';
import { plotDataFor, type PlotData } from './plotdata.ts';

/** An item's statement as LaTeX. */
export type StatementTex =
  | { readonly kind: 'claim'; readonly quantifiers: string; readonly formula: string }
  | { readonly kind: 'calc'; readonly quantifiers: string; readonly first: string; readonly steps: readonly { readonly op: string; readonly expr: string; readonly rules: readonly string[] }[] }
  | { readonly kind: 'theorem'; readonly quantifiers: string; readonly formula: string; readonly steps: readonly { readonly tex: string; readonly rules: readonly string[]; readonly done: boolean }[] };

/** Per file: statements and plot data keyed by `line:col` of the item. */
export interface FileSources {
  readonly statements: Readonly<Record<string, StatementTex>>;
  readonly plots: Readonly<Record<string, PlotData>>;
}

/** Per file name (as in the report). */
export type ReportSources = Readonly<Record<string, FileSources>>;

/** The key of an item: `line:col`. */
export function itemKey(line: number, col: number): string {
  return `${line}:${col}`;
}

function statementTex(s: Statement): StatementTex | undefined {
  switch (s.kind) {
    case 'claim': {
      const c = claimToLatex(s);
      return { kind: 'claim', quantifiers: c.quantifiers, formula: c.formula };
    }
    case 'calc': {
      const c = calcRows(s);
      return { kind: 'calc', quantifiers: quantifiersToLatex(s.quantifiers), first: c.first, steps: c.steps };
    }
    case 'theorem':
      return { kind: 'theorem', ...theoremToLatex(s) };
    case 'family':
      return { kind: 'claim', quantifiers: '', formula: familyNormalisedLatex(s as FamilyDecl) };
    default:
      return undefined;
  }
}

/** The statements of one script as LaTeX, keyed by position (empty when it does not parse). Never throws. */
export function statementsOf(file: SourceFile): Record<string, StatementTex> {
  const out: Record<string, StatementTex> = {};
  let statements: readonly Statement[] = [];
  try {
    statements = parseScript(file).script.statements;
  } catch {
    return out; // A script the parser cannot handle has no items to show.
  }
  for (const s of statements) {
    try {
      const tex = statementTex(s);
      if (!tex) continue;
      const p = positionOf(file, s.span.start);
      out[itemKey(p.line, p.col)] = tex;
    } catch {
      // A statement the printer cannot show (a partial tree after a parse error) is left out.
    }
  }
  return out;
}

/**
 * Collects the statements (and, with `plots`, the plot data) of every file of a
 * report. `files` are the checked scripts as the checker read them (matched to the
 * report by name; a Markdown file's text is its extracted proof blocks).
 */
export function collectSources(report: RunReport, files: readonly SourceFile[], opts: { readonly plots: boolean }): ReportSources {
  const byName = new Map(files.map((f) => [f.name, f]));
  const out: Record<string, FileSources> = {};
  for (const fr of report.files) {
    const file = byName.get(fr.file);
    if (!file) continue;
    const plots: Record<string, PlotData> = {};
    if (opts.plots && fr.items.length > 0) {
      const { program } = parseAndElaborate(file);
      if (program) {
        for (const it of fr.items) {
          const p = plotDataFor(it, program);
          if (p) plots[itemKey(it.line, it.col)] = p;
        }
      }
    }
    out[fr.file] = { statements: statementsOf(file), plots };
  }
  return out;
}
