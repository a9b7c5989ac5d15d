/**
 * Resource limits for checking one claim. Scripts are untrusted input: every claim
 * runs under these, and exceeding one is a clear ERROR for that claim — never a
 * hang, a crash or a pass. The CLI exposes them as flags.
 */
export interface Limits {
  /** Highest series order (number of coefficients) any claim may ask for. */
  readonly maxSeriesOrder: number;
  /** Largest integer exponent (also caps factorial and binomial arguments). */
  readonly maxExponent: number;
  /** Largest integer, in bits, that lowering may build. */
  readonly maxBigIntBits: number;
  /** Most terms a finite sum or product may unroll to. */
  readonly maxSumTerms: number;
  /** Most instances a quantified claim may enumerate. */
  readonly maxInstances: number;
  /** Highest derivative order. */
  readonly maxDerivativeOrder: number;
  /** Wall-clock time per claim, in milliseconds (a hard limit in the CLI's workers). */
  readonly timeoutMs: number;
  /** Wall-clock time for parsing and elaborating one file, in milliseconds (default: timeoutMs). */
  readonly frontEndTimeoutMs?: number;
  /** Heap of each checking worker, in MB (default 1024); exceeding it is an ERROR for the claim. */
  readonly maxMemoryMb?: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxSeriesOrder: 10_000,
  maxExponent: 10_000,
  maxBigIntBits: 1_000_000,
  maxSumTerms: 10_000,
  maxInstances: 100_000,
  maxDerivativeOrder: 20,
  timeoutMs: 10_000,
};

/**
 * Raised when a claim runs past its time limit. The in-process check (check.ts) has
 * no worker to stop, so it keeps the limit cooperatively: between obligations, and
 * inside the loops whose length a script multiplies (finite sums and products
 * nested in one another, lower.ts).
 */
export class Timeout extends Error {}

/** Iterations of an unrolling loop between two looks at the clock. */
export const DEADLINE_STRIDE = 256;

/** Throws Timeout when `deadline` (a Date.now() value) has passed; no deadline, no check. */
export function checkDeadline(deadline: number | undefined): void {
  if (deadline !== undefined && Date.now() > deadline) throw new Timeout();
}
