/**
 * Complex floating-point arithmetic for the numeric witness: the complex-step
 * derivative and the Cauchy-integral coefficients evaluate expressions off the
 * real axis. Principal branches throughout (log, sqrt, the inverse trig and
 * hyperbolic functions have their cuts on the real axis, as in C99 / numpy).
 *
 * Values are immutable `{ re, im }` records; nothing here allocates besides the
 * results. Independent of src/algebra by design (see DESIGN.md).
 */
import type { BuiltinFn } from '../../proofs/ast.ts';
import { specialComplex } from './special.ts';
import { powBySquaring } from './power.ts';

/** A complex number re + i·im. */
export interface Complex {
  readonly re: number;
  readonly im: number;
}

/** re + i·im. */
export function cx(re: number, im = 0): Complex {
  return { re, im };
}

export const C_ZERO: Complex = cx(0);
export const C_ONE: Complex = cx(1);

export function cadd(a: Complex, b: Complex): Complex {
  return { re: a.re + b.re, im: a.im + b.im };
}
export function csub(a: Complex, b: Complex): Complex {
  return { re: a.re - b.re, im: a.im - b.im };
}
export function cneg(a: Complex): Complex {
  return { re: -a.re, im: -a.im };
}
export function cmul(a: Complex, b: Complex): Complex {
  return { re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re };
}
/** a·s for a real s. */
export function cscale(a: Complex, s: number): Complex {
  return { re: a.re * s, im: a.im * s };
}
/** a / b by Smith's algorithm (avoids overflow in |b|^2). */
export function cdiv(a: Complex, b: Complex): Complex {
  if (b.im === 0) return { re: a.re / b.re, im: a.im / b.re };
  if (Math.abs(b.re) >= Math.abs(b.im)) {
    const r = b.im / b.re;
    const d = b.re + b.im * r;
    return { re: (a.re + a.im * r) / d, im: (a.im - a.re * r) / d };
  }
  const r = b.re / b.im;
  const d = b.re * r + b.im;
  return { re: (a.re * r + a.im) / d, im: (a.im * r - a.re) / d };
}
/** |a| (Math.hypot is slow in V8: the plain formula unless it could over/underflow). */
export function cabs(a: Complex): number {
  const x = Math.abs(a.re);
  const y = Math.abs(a.im);
  if (y === 0) return x;
  if (x === 0) return y;
  const s = x * x + y * y;
  return s > 1e-290 && s < 1e290 ? Math.sqrt(s) : Math.hypot(x, y);
}
export function cexp(a: Complex): Complex {
  const m = Math.exp(a.re);
  if (a.im === 0) return { re: m, im: 0 };
  return { re: m * Math.cos(a.im), im: m * Math.sin(a.im) };
}
/** Principal log; log(0) = -Infinity. */
export function clog(a: Complex): Complex {
  if (a.im === 0 && a.re >= 0) return { re: Math.log(a.re), im: 0 };
  const s = a.re * a.re + a.im * a.im;
  // Near |a| = 1, log|a| = log1p(|a|^2 - 1)/2 avoids the cancellation in log(~1).
  const re = s > 0.5 && s < 2 ? 0.5 * Math.log1p((a.re - 1) * (a.re + 1) + a.im * a.im) : Math.log(cabs(a));
  return { re, im: Math.atan2(a.im, a.re) };
}
/** Principal square root (Re >= 0), computed without cancellation. */
export function csqrt(a: Complex): Complex {
  if (a.im === 0) {
    return a.re >= 0 ? { re: Math.sqrt(a.re), im: 0 } : { re: 0, im: Math.sqrt(-a.re) };
  }
  const m = cabs(a);
  const t = Math.sqrt((m + Math.abs(a.re)) / 2);
  if (a.re >= 0) return { re: t, im: a.im / (2 * t) };
  return { re: Math.abs(a.im) / (2 * t), im: a.im >= 0 ? t : -t };
}
export function csin(a: Complex): Complex {
  return { re: Math.sin(a.re) * Math.cosh(a.im), im: Math.cos(a.re) * Math.sinh(a.im) };
}
export function ccos(a: Complex): Complex {
  return { re: Math.cos(a.re) * Math.cosh(a.im), im: -Math.sin(a.re) * Math.sinh(a.im) };
}
export function csinh(a: Complex): Complex {
  return { re: Math.sinh(a.re) * Math.cos(a.im), im: Math.cosh(a.re) * Math.sin(a.im) };
}
export function ccosh(a: Complex): Complex {
  return { re: Math.cosh(a.re) * Math.cos(a.im), im: Math.sinh(a.re) * Math.sin(a.im) };
}
export function ctanh(a: Complex): Complex {
  if (a.im === 0) return { re: Math.tanh(a.re), im: 0 };
  // tanh z = (sinh 2x + i sin 2y) / (cosh 2x + cos 2y), stable for large |x|.
  const x2 = 2 * a.re;
  const y2 = 2 * a.im;
  if (Math.abs(x2) > 40) return { re: Math.sign(x2), im: 0 * y2 };
  const d = Math.cosh(x2) + Math.cos(y2);
  return { re: Math.sinh(x2) / d, im: Math.sin(y2) / d };
}
export function ctan(a: Complex): Complex {
  // tan z = -i tanh(i z)
  const t = ctanh({ re: -a.im, im: a.re });
  return { re: t.im, im: -t.re };
}
/** Principal atan z = (i/2) (log(1 - iz) - log(1 + iz)). */
export function catan(a: Complex): Complex {
  if (a.im === 0) return { re: Math.atan(a.re), im: 0 };
  const iz = { re: -a.im, im: a.re };
  const d = csub(clog(csub(C_ONE, iz)), clog(cadd(C_ONE, iz)));
  return { re: -d.im / 2, im: d.re / 2 };
}
/** Principal atanh z = (log(1 + z) - log(1 - z)) / 2. */
export function catanh(a: Complex): Complex {
  if (a.im === 0 && Math.abs(a.re) <= 1) return { re: Math.atanh(a.re), im: 0 };
  return cscale(csub(clog(cadd(C_ONE, a)), clog(csub(C_ONE, a))), 0.5);
}
/** Principal asin z = -i log(iz + sqrt(1 - z^2)). */
export function casin(a: Complex): Complex {
  if (a.im === 0 && Math.abs(a.re) <= 1) return { re: Math.asin(a.re), im: 0 };
  const w = clog(cadd({ re: -a.im, im: a.re }, csqrt(csub(C_ONE, cmul(a, a)))));
  return { re: w.im, im: -w.re };
}
/** Principal acos z = pi/2 - asin z. */
export function cacos(a: Complex): Complex {
  if (a.im === 0 && Math.abs(a.re) <= 1) return { re: Math.acos(a.re), im: 0 };
  const s = casin(a);
  return { re: Math.PI / 2 - s.re, im: -s.im };
}
/** a^n for an integer n by repeated squaring. */
export function cpowInt(a: Complex, n: bigint): Complex {
  if (n < 0n) return cdiv(C_ONE, cpowInt(a, -n));
  if (a.im === 0) return cx(Math.pow(a.re, Number(n)));
  if (n <= 0x7fffffffn) {
    // Number loop: BigInt arithmetic is slow on this hot path.
    let k = Number(n);
    let re = 1, im = 0, br = a.re, bi = a.im;
    while (k > 0) {
      if (k & 1) { const t = re * br - im * bi; im = re * bi + im * br; re = t; }
      k >>>= 1;
      if (k > 0) { const t = br * br - bi * bi; bi = 2 * br * bi; br = t; }
    }
    return { re, im };
  }
  return powBySquaring(a, n, C_ONE, cmul);
}
/** Principal a^b = exp(b log a); 0^b = 0 for Re b > 0. */
export function cpow(a: Complex, b: Complex): Complex {
  if (a.re === 0 && a.im === 0) return b.re > 0 ? C_ZERO : cx(NaN, NaN);
  if (a.im === 0 && b.im === 0 && a.re > 0) return cx(Math.pow(a.re, b.re));
  return cexp(cmul(b, clog(a)));
}

/** A built-in function applied to a complex argument. */
export function ccall(fn: BuiltinFn, a: Complex): Complex {
  switch (fn) {
    case 'exp': return cexp(a);
    case 'log': return clog(a);
    case 'sqrt': return csqrt(a);
    case 'abs': return cx(cabs(a)); // not analytic: callers avoid complex evaluation of abs
    case 'sin': return csin(a);
    case 'cos': return ccos(a);
    case 'tan': return ctan(a);
    case 'sinh': return csinh(a);
    case 'cosh': return ccosh(a);
    case 'tanh': return ctanh(a);
    case 'atan': return catan(a);
    case 'asin': return casin(a);
    case 'acos': return cacos(a);
    case 'atanh': return catanh(a);
    case 'sec': return cdiv(C_ONE, ccos(a));
    case 'csc': return cdiv(C_ONE, csin(a));
    case 'cot': return cdiv(ccos(a), csin(a));
    case 'gamma': case 'lgamma': case 'digamma': return specialComplex(fn, a);
  }
}
