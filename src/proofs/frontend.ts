/**
 * The proof language's front end in one call: source text to an elaborated program
 * plus diagnostics. Never throws: internal failures become an 'internal' diagnostic.
 * Elaboration runs only when the script parsed cleanly, so name errors never
 * cascade from a statement that failed to parse.
 */
import type { Elaborated, SourceFile } from './ast.ts';
import { errorAt, hasErrors, type Diagnostic } from './diagnostics.ts';
import { elaborate } from './elaborate.ts';
import { parseScript } from './syntax/parser.ts';
import { elaborateMarkdown, isMarkdown, readMarkdown, type MarkdownFrontEnd } from './markdown/frontend.ts';

/** Largest source accepted, in characters (1 MiB). */
export const MAX_SOURCE_CHARS = 1 << 20;

/**
 * Lexes, parses and elaborates `file`. `program` is present only when there are no errors.
 * A Markdown file (by name, see markdown/frontend.ts) is read as its proof blocks plus its
 * LaTeX display math; `markdown` then says what became of each display block.
 */
export function parseAndElaborate(file: SourceFile): { program?: Elaborated; diagnostics: Diagnostic[]; markdown?: MarkdownFrontEnd } {
  try {
    if (typeof file.text !== 'string') {
      return { diagnostics: [errorAt({ name: String(file.name), text: '' }, { start: 0, end: 0 }, 'internal', 'source text is not a string')] };
    }
    if (file.text.length > MAX_SOURCE_CHARS) {
      return {
        diagnostics: [errorAt(file, { start: 0, end: 0 }, 'limit/source-size', `source is ${file.text.length} characters long; at most ${MAX_SOURCE_CHARS} are allowed`)],
      };
    }
    const read = isMarkdown(file) ? readMarkdown(file) : undefined;
    const parsed = read ? { script: read.script, diagnostics: [...read.diagnostics] } : parseScript(file);
    if (hasErrors(parsed.diagnostics) || !parsed.script) return { diagnostics: parsed.diagnostics, ...(read ? { markdown: read } : {}) };
    // A post's LaTeX claims that do not elaborate become errors of their own blocks.
    const { markdown, ...result } = read ? elaborateMarkdown({ ...read, script: parsed.script }, elaborate) : { ...elaborate(parsed.script), markdown: undefined };
    const md = markdown ? { markdown } : {};
    const diagnostics = [...parsed.diagnostics, ...result.diagnostics];
    return result.program && !hasErrors(diagnostics) ? { program: result.program, diagnostics, ...md } : { diagnostics, ...md };
  } catch (e) {
    const overflow = e instanceof RangeError && /call stack/i.test(e.message);
    const message = overflow
      ? 'the script nests too deeply to process'
      : `internal error in the front end: ${e instanceof Error ? e.message : String(e)}`;
    return { diagnostics: [errorAt(file, { start: 0, end: 0 }, overflow ? 'limit/nesting' : 'internal', message, overflow ? undefined : ['please report this as a bug'])] };
  }
}
