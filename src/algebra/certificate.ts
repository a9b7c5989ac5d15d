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
  /** How: the decision procedure or lemma (e.g. `exp-log normal form`, `positivity`). */
  readonly method: string;
  private text: string | (() => string);

  private constructor(statement: string | (() => string), method: string) {
    this.text = statement;
    this.method = method;
  }

  /**
   * What was proved, in the kernel's own words (e.g. `exp(eta)/(1 + exp(eta)) - 1/(1 +
   * exp(-eta)) = 0`). Printed on first use: most certificates of a quantified claim are
   * never shown, and printing two large terms per instance was a tenth of its time. The
   * text is a function of the immutable terms the kernel decided, so it is the same
   * whenever it is printed.
   */
  get statement(): string {
    if (typeof this.text !== 'string') this.text = this.text();
    return this.text;
  }

  /**
   * Mints a certificate; the statement may be given as a function printing it (see
   * `statement`). Requires: the caller is a kernel decision procedure holding KERNEL_KEY.
   */
  static mint(key: typeof KERNEL_KEY, statement: string | (() => string), method: string): Certificate {
    if (key !== KERNEL_KEY) throw new Error('Certificate.mint: only the kernel may mint certificates');
    return new Certificate(statement, method);
  }
}
