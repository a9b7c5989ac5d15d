/**
 * The kernel's one error class. Every broken precondition in src/algebra throws a
 * KernelError whose `code` is a stable string (`series/constant-term-nonzero`) and
 * whose message names the operation and carries the offending value
 * (`exp: constant term must be 0, got 1/2`). Callers outside the kernel pretty-print
 * these; the kernel never formats for a terminal.
 */
export class KernelError extends Error {
  /** A stable, machine-readable code such as `series/precision`. */
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'KernelError';
    this.code = code;
  }
}

/** Throws a KernelError with the given code and message. Throws: always. */
export function fail(code: string, message: string): never {
  throw new KernelError(code, message);
}
