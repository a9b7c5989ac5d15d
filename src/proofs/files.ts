/**
 * Finding proof scripts: `.proof` files, and fenced ```proof blocks inside Markdown
 * (`.md`). A Markdown file becomes one SourceFile whose non-proof lines are blanked,
 * so line and column numbers in diagnostics point into the original document.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';
import type { SourceFile } from './ast.ts';

/** A usage problem with the paths given (missing file, nothing found): exit code 2. */
export class UsageError extends Error {}

/** Keeps only fenced ```proof blocks of a Markdown text, blanking other lines (line numbers preserved). */
export function extractMarkdownProofs(text: string): string {
  const lines = text.split('\n');
  let inside = false;
  return lines
    .map((line) => {
      const fence = /^\s*(```|~~~)\s*(\w*)/.exec(line);
      if (fence) {
        if (!inside && fence[2] === 'proof') {
          inside = true;
          return '';
        }
        if (inside) {
          inside = false;
          return '';
        }
      }
      return inside ? line : '';
    })
    .join('\n');
}

function isScript(path: string): boolean {
  const ext = extname(path);
  return ext === '.proof' || ext === '.md';
}

/**
 * Expands paths (files and folders) into proof scripts, sorted, skipping
 * node_modules and dot-folders. Folders named `bad` are skipped when reached by
 * recursion (they hold scripts that must fail); name them explicitly to check them.
 * Throws: UsageError for a path that does not exist.
 */
export function findScripts(paths: readonly string[], cwd = process.cwd()): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.') || name === 'node_modules' || name === 'bad') continue;
      const p = join(dir, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (extname(p) === '.proof') out.push(p);
      else if (extname(p) === '.md' && readFileSync(p, 'utf8').includes('```proof')) out.push(p);
    }
  };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new UsageError(`no such file or folder: ${p}`);
    }
    if (st.isDirectory()) walk(p);
    else if (isScript(p)) out.push(p);
    else throw new UsageError(`not a proof script (expected .proof or .md): ${p}`);
  }
  // Paths stay as the user typed them (folder walks join onto the given folder),
  // so diagnostics name the file the way the user refers to it.
  void cwd;
  return [...new Set(out)];
}

/** Reads a script as a SourceFile (Markdown reduced to its proof blocks). */
export function readScript(path: string): SourceFile {
  const text = readFileSync(path, 'utf8');
  return { name: path, text: extname(path) === '.md' ? extractMarkdownProofs(text) : text };
}
