/**
 * Truncated multiplication of integer polynomials. TRUSTED KERNEL (used by series.ts).
 *
 * A polynomial is a dense array of BigInt coefficients, index = exponent. Every
 * function here returns the first n coefficients of the exact product a*b as a
 * fresh array of length exactly n (zero-padded); inputs are never mutated.
 *
 * Two algorithms, which must agree coefficient for coefficient (tested):
 * - schoolbook, O(la*lb) BigInt multiplies: best for short or sparse inputs;
 * - Kronecker substitution: pack each polynomial into one BigInt by evaluating it
 *   at 2^s (s bits per slot, chosen so every product coefficient fits in a slot as
 *   a balanced signed digit), multiply once with V8's BigInt multiply (Karatsuba,
 *   Toom and FFT inside), and unpack the slots with balanced digits. Packing and
 *   unpacking go through hexadecimal strings, which V8 converts in linear time
 *   (signed inputs are packed by a balanced tree of shifts and additions).
 */
import { fail } from './errors.ts';

/**
 * Crossover, measured on Node 20 (x64): with m the shorter operand's length,
 * schoolbook wins below about 40-90 terms for coefficients up to a few thousand
 * bits, but only below about 16 terms for coefficients of ~10,000 bits.
 */
export const KRONECKER_THRESHOLD = 40;

/** Largest packed integer, in bits, that Kronecker substitution builds (V8's BigInt limit is 2^30 bits). */
export const MAX_PACKED_BITS = 2 ** 29;
const KRONECKER_THRESHOLD_BIG = 16;
const BIG_COEFF_BITS = 4000;

function abs(a: bigint): bigint {
  return a < 0n ? -a : a;
}

/** Bits of |a| (0 for 0); rational.ts re-exports it. */
export function bitLength(a: bigint): number {
  if (a === 0n) return 0;
  // toString(16) is linear and fast in V8; good enough for size checks.
  const hex = abs(a).toString(16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(parseInt(hex[0]!, 16)));
}

/** Index one past the last nonzero entry among the first `limit`. */
function effectiveLength(a: readonly bigint[], limit: number): number {
  let n = Math.min(a.length, limit);
  while (n > 0 && a[n - 1] === 0n) n--;
  return n;
}

/** Index of the first nonzero entry below `len` (len if none). */
function lowZeros(a: readonly bigint[], len: number): number {
  let i = 0;
  while (i < len && a[i] === 0n) i++;
  return i;
}

function zeros(n: number): bigint[] {
  return new Array<bigint>(n).fill(0n);
}

/**
 * First n coefficients of a*b by the schoolbook method.
 * Requires: n a non-negative integer.
 */
export function mulSchoolbook(a: readonly bigint[], b: readonly bigint[], n: number): bigint[] {
  const c = zeros(n);
  const la = effectiveLength(a, n);
  const lb = effectiveLength(b, n);
  for (let i = 0; i < la; i++) {
    const ai = a[i]!;
    if (ai === 0n) continue;
    const top = Math.min(lb, n - i);
    for (let j = 0; j < top; j++) {
      const bj = b[j]!;
      if (bj !== 0n) c[i + j] += ai * bj;
    }
  }
  return c;
}

/**
 * sum_{i in [lo, hi)} a[i] 16^(digits (i - lo)) as one BigInt. Nonnegative entries
 * (the common case) go through one hexadecimal string, which V8 converts in linear
 * time; signed ones by a balanced tree of shifts and additions (O(bits * log n)).
 * Requires: every |a[i]| < 16^digits.
 */
function pack(a: readonly bigint[], lo: number, hi: number, digits: number): bigint {
  let signed = false;
  for (let i = lo; i < hi && !signed; i++) signed = a[i]! < 0n;
  if (!signed) {
    const zero = '0'.repeat(digits);
    if (hi <= lo) return 0n;
    const parts = new Array<string>(hi - lo + 1);
    parts[0] = '0x'; // joined in one pass: no second copy for the prefix
    for (let i = hi - 1, j = 1; i >= lo; i--, j++) {
      const c = a[i]!;
      parts[j] = c === 0n ? zero : c.toString(16).padStart(digits, '0');
    }
    return BigInt(parts.join(''));
  }
  return packTree(a, lo, hi, BigInt(4 * digits));
}

function packTree(a: readonly bigint[], lo: number, hi: number, s: bigint): bigint {
  const len = hi - lo;
  if (len <= 8) {
    // Horner on a short run: each step's shift is small.
    let acc = a[hi - 1]!;
    for (let i = hi - 2; i >= lo; i--) acc = (acc << s) + a[i]!;
    return acc;
  }
  const mid = lo + (len >> 1);
  const low = packTree(a, lo, mid, s);
  const high = packTree(a, mid, hi, s);
  return high === 0n ? low : (high << (s * BigInt(mid - lo))) + low;
}

/**
 * The first `count` balanced digits of C in base B = 16^digits, digit k written to
 * out[offset + k]. Requires: C = sum_{k < count} c_k B^k with every |c_k| < B/2.
 * Reads the ordinary digits d_k of C mod B^count (C itself when C >= 0) from one
 * hexadecimal conversion (O(bits), no bias to add) and turns them into the balanced
 * ones from the bottom up: with t = d_k + carry, c_k = t when t < B/2, else t - B
 * with a carry of 1 into the next digit. This is the unique balanced expansion:
 * sum c_k B^k = sum d_k B^k - B^count * (final carry) = C, since C < 0 exactly when
 * the final carry is 1. A slot needs a BigInt subtraction only when it is negative.
 */
function unpack(C: bigint, count: number, digits: number, out: bigint[], offset: number): void {
  if (C === 0n) return; // out is zero-filled
  const hex = (C < 0n ? BigInt.asUintN(count * 4 * digits, C) : C).toString(16);
  const B = 1n << BigInt(4 * digits);
  const half = B >> 1n;
  let carry = false;
  for (let k = 0, hi = hex.length; k < count; k++, hi -= digits) {
    if (hi <= 0) {
      // Past the leading digit: d_k = 0 (and then the carry, which ends here, is 0 too).
      if (carry) out[offset + k] = 1n;
      carry = false;
      continue;
    }
    const lo = hi - digits;
    const slot = hex.slice(Math.max(lo, 0), hi);
    // d_k >= B/2 exactly when the slot has all its digits and the first is 8..f.
    const top = lo >= 0 && slot.charCodeAt(0) >= 56; // "8"
    if (!carry) {
      const d = BigInt('0x' + slot);
      if (top) {
        out[offset + k] = d - B;
        carry = true;
      } else out[offset + k] = d;
    } else {
      const t = BigInt('0x' + slot) + 1n;
      if (t >= half) {
        out[offset + k] = t - B;
        carry = true;
      } else {
        out[offset + k] = t;
        carry = false;
      }
    }
  }
}

/**
 * First n coefficients of a*b by Kronecker substitution (one BigInt multiply).
 * Requires: n a non-negative integer.
 */
export function mulKronecker(a: readonly bigint[], b: readonly bigint[], n: number): bigint[] {
  const la = effectiveLength(a, n);
  const lb = effectiveLength(b, n);
  const va = lowZeros(a, la);
  const vb = lowZeros(b, lb);
  const c = zeros(n);
  if (va >= la || vb >= lb || va + vb >= n) return c;
  // Only a[va..], b[vb..] matter, and only product slots below n - va - vb.
  const ha = Math.min(la, n - vb);
  const hb = Math.min(lb, n - va);
  let maxA = 0n;
  for (let i = va; i < ha; i++) {
    const x = abs(a[i]!);
    if (x > maxA) maxA = x;
  }
  let maxB = 0n;
  for (let i = vb; i < hb; i++) {
    const x = abs(b[i]!);
    if (x > maxB) maxB = x;
  }
  const terms = Math.min(ha - va, hb - vb);
  // |c_k| <= terms * maxA * maxB < 2^(bitsA + bitsB + ceil(log2 terms)); one more bit for the sign.
  const slotBits = bitLength(maxA) + bitLength(maxB) + Math.ceil(Math.log2(terms)) + 1;
  const digits = Math.ceil(slotBits / 4);
  // V8 cannot build a BigInt of 2^30 bits or more: refuse before packing, with the sizes.
  const packedBits = 4 * digits * Math.max(ha - va, hb - vb, n - va - vb);
  if (packedBits >= MAX_PACKED_BITS) {
    fail('limit/bits', `series product: ${n} terms with coefficients of up to ${bitLength(maxA)} and ${bitLength(maxB)} bits need a ${packedBits.toExponential(2)}-bit integer, beyond the ${MAX_PACKED_BITS.toExponential(2)} bits a JavaScript BigInt can hold`);
  }
  const A = pack(a, va, ha, digits);
  const B = a === b && va === vb && ha === hb ? A : pack(b, vb, hb, digits);
  const want = n - va - vb; // slots to read
  // Slots at or above `want` are dropped. With B = 16^digits every |c_k| <= B/2 - 1,
  // so |sum_{k < want} c_k B^k| <= (B/2 - 1)(B^want - 1)/(B - 1) < B^want / 2: the
  // balanced remainder asIntN(want * 4 * digits, A * B) is exactly that low part.
  const C = BigInt.asIntN(want * 4 * digits, A * B);
  unpack(C, want, digits, c, va + vb);
  return c;
}

/**
 * First n coefficients of a*b, choosing the faster algorithm by size.
 * Requires: n a non-negative integer.
 */
export function mulLow(a: readonly bigint[], b: readonly bigint[], n: number): bigint[] {
  const la = effectiveLength(a, n);
  const lb = effectiveLength(b, n);
  const m = Math.min(la, lb);
  if (m >= KRONECKER_THRESHOLD) return mulKronecker(a, b, n);
  if (m < KRONECKER_THRESHOLD_BIG) return mulSchoolbook(a, b, n);
  // In between: Kronecker only for big coefficients (judged by the leading ones).
  const big = bitLength(a[la - 1]!) + bitLength(b[lb - 1]!) > 2 * BIG_COEFF_BITS;
  return big ? mulKronecker(a, b, n) : mulSchoolbook(a, b, n);
}

const TWO52 = 2 ** 52;

/**
 * gcd(|a|, |b|) by Lehmer's algorithm: the leading 52 bits of both operands drive
 * a Euclid run on doubles (all values stay below 2^53, so it is exact), whose
 * cofactor matrix is then applied to the full numbers at once. Falls back to a
 * plain Euclid step when the leading bits cannot decide a quotient, and to native
 * Euclid on small values. gcd(0, 0) = 0.
 */
export function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  if (a < b) {
    const t = a;
    a = b;
    b = t;
  }
  let len = bitLength(a);
  while (b >= 0x10000000000000n) {
    // a >= b > 2^52. Take the top 52 bits of a and the same-shift bits of b.
    len = bitsBelow(a, len);
    const shift = len - 52;
    const sh = BigInt(shift);
    let ah = Number(a >> sh);
    let bh = Number(b >> sh);
    let A = 1;
    let B = 0;
    let C = 0;
    let D = 1;
    // Collins' condition keeps the cofactors valid for the full numbers.
    for (;;) {
      if (bh + C === 0 || bh + D === 0) break;
      const q1 = Math.floor((ah + A) / (bh + C));
      const q2 = Math.floor((ah + B) / (bh + D));
      if (q1 !== q2 || !exactQuot(ah + A, bh + C, q1) || !exactQuot(ah + B, bh + D, q2)) break;
      let t = A - q1 * C;
      A = C;
      C = t;
      t = B - q1 * D;
      B = D;
      D = t;
      t = ah - q1 * bh;
      ah = bh;
      bh = t;
    }
    if (B === 0) {
      const t = a % b;
      a = b;
      b = t;
    } else {
      const na = BigInt(A) * a + BigInt(B) * b;
      const nb = BigInt(C) * a + BigInt(D) * b;
      a = na;
      b = nb;
    }
  }
  while (b !== 0n) {
    if (a < 0x10000000000000n) {
      // Both below 2^52: finish on doubles.
      let x = Number(a);
      let y = Number(b);
      while (y !== 0) {
        const t = x % y;
        x = y;
        y = t;
      }
      return BigInt(x);
    }
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** Bit length of a >= 0 given a < 2^upper, in time independent of the size of a. */
function bitsBelow(a: bigint, upper: number): number {
  let n = upper;
  while (n > 64 && a >> BigInt(n - 64) === 0n) n -= 64;
  const lo = Math.max(n - 64, 0);
  const top = a >> BigInt(lo);
  return top === 0n ? lo : lo + top.toString(2).length;
}

/** True when q = floor(x / y) for 0 <= x, 0 < y below 2^53 (guards the rounding of x / y). */
function exactQuot(x: number, y: number, q: number): boolean {
  const r = x - q * y;
  return r >= 0 && r < y && x < TWO52 * 2 && y < TWO52 * 2;
}
