/**
 * The arithmetic the evaluator is generic over: IEEE doubles (the fast path),
 * complex doubles (complex-step derivatives, Cauchy integrals) and double-double
 * (re-confirmation of counterexamples); jets (jet.ts) for derivatives. Real fields return NaN where the real
 * function is undefined (log of a negative, sqrt of a negative); the complex field
 * uses principal branches.
 */
import type { BuiltinFn } from '../../proofs/ast.ts';
import { specialReal } from './special.ts';
import {
  type Complex, cx, cadd, csub, cmul, cdiv, cneg, cabs, cpow, cpowInt, ccall, cscale,
} from './complex.ts';
import {
  type DD, dd, ddAdd, ddSub, ddMul, ddDiv, ddNeg, ddFromBigInt, ddFromRational, ddPowInt,
  ddPow, ddCall, ddToNumber, DD_PI, DD_E, ddMulNum,
} from './doubledouble.ts';

/** An arithmetic the evaluator can run in. */
export interface Field<T> {
  readonly name: 'float' | 'complex' | 'dd' | 'cdd' | 'jet';
  /** Set by the double-double Taylor field (taylor.ts): exact constants such as n! are not rounded to doubles first. */
  readonly precise?: boolean;
  /** Set by the derivative jets (evaluate.ts, derivativeJets): values carry a rounding scale per coefficient (COEFFICIENT SCALES, jets/per-coefficient.ts). */
  readonly coefficientScales?: boolean;
  fromNumber(x: number): T;
  fromBigInt(n: bigint): T;
  fromRational(num: bigint, den: bigint): T;
  constant(name: 'pi' | 'e'): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  neg(a: T): T;
  /** a·s for a double s. */
  scale(a: T, s: number): T;
  powInt(a: T, n: bigint): T;
  pow(a: T, b: T): T;
  call(fn: BuiltinFn, a: T): T;
  /** |a| as a double. */
  abs(a: T): number;
  /** The real part rounded to a double. */
  re(a: T): number;
  /** The imaginary part (0 in the real fields). */
  im(a: T): number;
  isFinite(a: T): boolean;
  /**
   * UNDERFLOW (evaluate.ts, fieldRangeError), in the jet fields: the most one unit of
   * absolute error in exp(a_0) (op 'exp', a the argument) or in each product of a
   * convolution (op 'mul') can weigh in a coefficient of the result.
   */
  underflowScale?(op: 'exp' | 'mul', a: T): number;
  /**
   * REMOVABLE (jet.ts, jetField), in the Taylor fields of coefficient extraction: the
   * most one unit of absolute error in each coefficient of a weighs in a coefficient of
   * a/b when the division shifts past a removable singularity at 0; 0 when it does not.
   */
  removableScale?(a: T, b: T): number;
  /**
   * SOURCES (sources.ts), in the field of the first evaluation of coefficient
   * extraction: a double computed with rounding scale m and method error e (FLOAT
   * PARTS) by operations worth `weight` roundings (compile.ts, roundingWeight), as a
   * value that carries its possible error; the other fields have none.
   */
  fromMeasured?(x: number, m: number, e: number, weight: number): T;
}

/** num/den as the nearest double, also when num or den overflow a double. */
export function rationalToNumber(num: bigint, den: bigint): number {
  const n = Number(num);
  const d = Number(den);
  if (Number.isFinite(n) && Number.isFinite(d) && Math.abs(n) < 2 ** 53 && Math.abs(d) < 2 ** 53) return n / d;
  if (den === 0n) return num === 0n ? NaN : (num < 0n) ? -Infinity : Infinity;
  if (num === 0n) return 0;
  // The quotient to 66 or 67 bits with a sticky bit, so that Number() rounds it once,
  // correctly, then scaled by 2^-shift. (Shifting the numerator and denominator down
  // alike, as before, lost every bit of a numerator shorter than the shift:
  // 1/10^19 was 0, and a literal 10^-19 made an integrand term vanish. A red-team pass.)
  const negative = num < 0n !== den < 0n;
  const a = num < 0n ? -num : num;
  const b = den < 0n ? -den : den;
  const shift = 66 - (bitLength(a) - bitLength(b));
  const p = shift >= 0 ? a << BigInt(shift) : a;
  const q = shift >= 0 ? b : b << BigInt(-shift);
  let r = p / q;
  if (r * q !== p) r |= 1n;
  const v = scaleByPowerOfTwo(Number(r), -shift);
  return negative ? -v : v;
}
function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}
/** x 2^e without an intermediate overflow or underflow of 2^e (one rounding at most, where the result leaves the normal range). */
function scaleByPowerOfTwo(x: number, e: number): number {
  let y = x;
  let k = e;
  while (k > 1000 && Number.isFinite(y)) { y *= 2 ** 1000; k -= 1000; }
  while (k < -1000 && y !== 0) { y *= 2 ** -1000; k += 1000; }
  return y * 2 ** k;
}

function realCall(fn: BuiltinFn, a: number): number {
  switch (fn) {
    case 'exp': return Math.exp(a);
    case 'log': return Math.log(a);
    case 'sqrt': return Math.sqrt(a);
    case 'abs': return Math.abs(a);
    case 'sin': return Math.sin(a);
    case 'cos': return Math.cos(a);
    case 'tan': return Math.tan(a);
    case 'sinh': return Math.sinh(a);
    case 'cosh': return Math.cosh(a);
    case 'tanh': return Math.tanh(a);
    case 'atan': return Math.atan(a);
    case 'asin': return Math.asin(a);
    case 'acos': return Math.acos(a);
    case 'atanh': return Math.atanh(a);
    case 'sec': return 1 / Math.cos(a);
    case 'csc': return 1 / Math.sin(a);
    case 'cot': return Math.cos(a) / Math.sin(a);
    case 'gamma': case 'lgamma': case 'digamma': return specialReal(fn, a);
  }
}

function realPowInt(a: number, n: bigint): number {
  // u^0 has no value where u has none (Math.pow(NaN, 0) is 1): log(-2)^0 is not 1
  if (Number.isNaN(a)) return NaN;
  if (n >= -1000000n && n <= 1000000n) {
    const k = Number(n);
    // Math.pow is exact enough and handles negative bases with integer exponents.
    return Math.pow(a, k);
  }
  if (a === 1) return 1;
  if (a === -1) return n % 2n === 0n ? 1 : -1;
  return Math.pow(a, Number(n));
}

/** IEEE double arithmetic. */
export const floatField: Field<number> = {
  name: 'float',
  fromNumber: (x) => x,
  fromBigInt: (n) => Number(n),
  fromRational: rationalToNumber,
  constant: (name) => (name === 'pi' ? Math.PI : Math.E),
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  neg: (a) => -a,
  scale: (a, s) => a * s,
  powInt: realPowInt,
  pow: (a, b) => (a < 0 || Number.isNaN(a) ? NaN : Math.pow(a, b)),
  call: realCall,
  abs: Math.abs,
  re: (a) => a,
  im: () => 0,
  isFinite: Number.isFinite,
};

/** Complex double arithmetic, principal branches. */
export const complexField: Field<Complex> = {
  name: 'complex',
  fromNumber: (x) => cx(x),
  fromBigInt: (n) => cx(Number(n)),
  fromRational: (n, d) => cx(rationalToNumber(n, d)),
  constant: (name) => cx(name === 'pi' ? Math.PI : Math.E),
  add: cadd,
  sub: csub,
  mul: cmul,
  div: cdiv,
  neg: cneg,
  scale: cscale,
  powInt: cpowInt,
  pow: cpow,
  call: ccall,
  abs: cabs,
  re: (a) => a.re,
  im: (a) => a.im,
  isFinite: (a) => Number.isFinite(a.re) && Number.isFinite(a.im),
};

/** Double-double arithmetic (about 32 digits), real. */
export const ddField: Field<DD> = {
  name: 'dd',
  fromNumber: (x) => dd(x),
  fromBigInt: ddFromBigInt,
  fromRational: ddFromRational,
  constant: (name) => (name === 'pi' ? DD_PI : DD_E),
  add: ddAdd,
  sub: ddSub,
  mul: ddMul,
  div: ddDiv,
  neg: ddNeg,
  scale: ddMulNum,
  powInt: ddPowInt,
  pow: ddPow,
  call: ddCall,
  abs: (a) => Math.abs(ddToNumber(a)),
  re: ddToNumber,
  im: () => 0,
  isFinite: (a) => Number.isFinite(a.hi),
};
