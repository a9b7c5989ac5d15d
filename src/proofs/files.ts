/**
 * Finding proof scripts: `.proof` files, and Markdown (`.md`) posts with fenced
 * ```proof blocks. A Markdown file is read whole; src/proofs/markdown picks out its
 * proof blocks and display math, keeping offsets, so line and column numbers in
 * diagnostics point into the original document.
 */
import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { join, extname } from 'node:path';
import type { SourceFile } from './ast.ts';
import { scanMarkdown } from './markdown/scan.ts';

/** A usage problem with the paths given (missing file, nothing found): exit code 2. */
export class UsageError extends Error {}

function isScript(path: string): boolean {
  const ext = extname(path);
  return ext === '.proof' || ext === '.md';
}

/** Why a file system call failed, in words (EACCES -> permission denied). */
function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'no such file (a dangling symbolic link?)';
    case 'EISDIR':
      return 'it is a folder';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return code ?? (err as Error)?.message ?? String(err);
  }
}

function statOrThrow(path: string): Stats {
  try {
    return statSync(path);
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${reason(err)}`);
  }
}

/** Reads a file as UTF-8. Throws: UsageError naming the file and the reason. */
function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${reason(err)}`);
  }
}

/**
 * Expands paths (files and folders) into proof scripts, sorted, skipping
 * node_modules and dot-folders. Folders named `bad` are skipped when reached by
 * recursion (they hold scripts that must fail); name them explicitly to check them.
 * Throws: UsageError for a path that does not exist or cannot be read.
 */
export function findScripts(paths: readonly string[], cwd = process.cwd()): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (err) {
      throw new UsageError(`cannot read the folder ${dir}: ${reason(err)}`);
    }
    for (const name of names) {
      if (name.startsWith('.') || name === 'node_modules' || name === 'bad') continue;
      const p = join(dir, name);
      const st = statOrThrow(p);
      if (st.isDirectory()) walk(p);
      else if (!st.isFile()) continue; // sockets, FIFOs (reading one would block), devices
      else if (extname(p) === '.proof') out.push(p);
      else if (extname(p) === '.md' && scanMarkdown(readText(p)).proofBlocks.length > 0) out.push(p);
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
    else if (!st.isFile()) throw new UsageError(`not a regular file: ${p}`);
    else if (isScript(p)) out.push(p);
    else throw new UsageError(`not a proof script (expected .proof or .md): ${p}`);
  }
  // Paths stay as the user typed them (folder walks join onto the given folder),
  // so diagnostics name the file the way the user refers to it.
  void cwd;
  return [...new Set(out)];
}

/**
 * Reads a script as a SourceFile. A Markdown file keeps its whole text: the front end
 * (src/proofs/markdown) reads its proof blocks and its LaTeX display math.
 */
export function readScript(path: string): SourceFile {
  // A UTF-8 byte-order mark is an encoding artefact, not part of the first line.
  return { name: path, text: readText(path).replace(/^\uFEFF/, '') };
}
