/**
 * Certificates: the only values that can make a verdict PROVED. TRUSTED KERNEL.
 *
 * A Certificate records a statement the kernel decided and the method it used.
 * Its constructor is private and the minting key is a module-level symbol that
 * only kernel modules import (test/algebra/certificate.test.ts fails if any file
 * outside src/algebra imports it), so code in src/proofs, src/verify or the CLI
 * cannot turn a false claim into PROVED: at worst it can fail to find a proof.
 */

/** The minting key. Import it only from src/algebra. */
export const KERNEL_KEY: unique symbol = Symbol('proofcheck-kernel');

export class Certificate {
  /** What was proved, in the kernel's own words (e.g. `exp(eta)/(1 + exp(eta)) - 1/(1 + exp(-eta)) = 0`). */
  readonly statement: string;
  /** How: the decision procedure or lemma (e.g. `exp-log normal form`, `positivity`). */
  readonly method: string;

  private constructor(statement: string, method: string) {
    this.statement = statement;
    this.method = method;
  }

  /** Mints a certificate. Requires: the caller is a kernel decision procedure holding KERNEL_KEY. */
  static mint(key: typeof KERNEL_KEY, statement: string, method: string): Certificate {
    if (key !== KERNEL_KEY) throw new Error('Certificate.mint: only the kernel may mint certificates');
    return new Certificate(statement, method);
  }
}
