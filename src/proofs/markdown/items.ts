/**
 * Report items for the display-math blocks of a Markdown post that did not
 * become claims: a block that could not be read is an ERROR item (located, with a
 * caret under the LaTeX), and under `--require-checked` a skipped block that has
 * a relation is UNDECIDED, so the run fails. Pure data in, data out.
 */
import { formatDiagnostic } from '../diagnostics.ts';
import { positionOf } from '../source.ts';
import type { ItemReport, MathBlockReport } from '../report.ts';
import type { MarkdownFrontEnd } from './frontend.ts';

/** The items and the block list of a Markdown post's report. */
export function markdownItems(md: MarkdownFrontEnd, requireChecked: boolean): { items: ItemReport[]; math: MathBlockReport[] } {
  const items: ItemReport[] = md.blockErrors.map(({ diagnostic, name }) => {
    const { line, col } = positionOf(diagnostic.file, diagnostic.span.start);
    return {
      kind: 'claim', ...(name !== undefined ? { name } : {}), line, col, grade: 'ERROR',
      summary: `display math not checked: ${diagnostic.message}`, details: [formatDiagnostic(diagnostic)], timeMs: 0,
    } satisfies ItemReport;
  });
  if (requireChecked) {
    for (const b of md.math) {
      if (!b.hasRelation || (b.status !== 'skipped' && b.status !== 'before proof')) continue;
      items.push({
        kind: 'claim', line: b.line, col: b.col, grade: 'UNDECIDED',
        summary: `display math with a relation was not checked (${b.reason ?? b.status}); --require-checked demands every such block be checked`,
        details: [], timeMs: 0,
      });
    }
  }
  return { items, math: [...md.math] };
}
