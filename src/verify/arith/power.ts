/**
 * a^e for e >= 0 by repeated squaring, in any arithmetic given its one and its
 * product (doubles' complex numbers, double-double, jets): about 2 log2(e) products,
 * none of them by one.
 * INDEPENDENT WITNESS: nothing here may import src/algebra.
 */
export function powBySquaring<T>(a: T, e: bigint, one: T, mul: (x: T, y: T) => T): T {
  let result: T | undefined;
  let base = a;
  let left = e;
  while (left > 0n) {
    if (left & 1n) result = result === undefined ? base : mul(result, base);
    left >>= 1n;
    if (left > 0n) base = mul(base, base);
  }
  return result ?? one;
}
