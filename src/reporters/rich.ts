/**
 * The CLI's entry to the reporters that show mathematics: `--format html`, `latex`
 * and `markdown`. They need the scripts' statements (and the HTML report its plot
 * data), which are collected here from the checked scripts' texts before the pure
 * formatters run.
 */
import type { SourceFile } from '../proofs/ast.ts';
import type { RunReport } from '../proofs/report.ts';
import { formatHtml } from './html.ts';
import { formatLatex } from './latexdoc.ts';
import { formatMarkdown } from './markdown.ts';
import { collectSources } from './sources.ts';

/** The formats handled here. */
export const RICH_FORMATS = ['html', 'latex', 'markdown'] as const;
export type RichFormat = (typeof RICH_FORMATS)[number];

/**
 * Line links of the Markdown report: on GitHub Actions, links to the commit being
 * checked (GITHUB_SERVER_URL/GITHUB_REPOSITORY/blob/GITHUB_SHA); else relative.
 */
export function githubLinkBase(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_SHA: sha } = env;
  return server && repo && sha ? `${server}/${repo}/blob/${sha}` : undefined;
}

/** Renders `report` in a rich format; `files` are the checked scripts. */
export function renderRich(
  format: RichFormat,
  report: RunReport,
  files: readonly SourceFile[],
  o: { readonly version: string; readonly env?: Readonly<Record<string, string | undefined>>; readonly now?: Date },
): string {
  const sources = collectSources(report, files, { plots: format === 'html' });
  switch (format) {
    case 'html':
      return formatHtml(report, sources, { version: o.version, generatedAt: o.now?.toISOString().replace(/\.\d+Z$/, 'Z') });
    case 'latex':
      return formatLatex(report, sources, { version: o.version });
    case 'markdown':
      return formatMarkdown(report, sources, { linkBase: githubLinkBase(o.env ?? {}) });
  }
}
