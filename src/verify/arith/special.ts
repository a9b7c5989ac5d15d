/**
 * The numeric witness's Gamma, log-Gamma and digamma: in doubles (Lanczos), complex
 * doubles (Lanczos with the reflection formula) and double-double (Stirling's series
 * after shifting the argument up, an independent algorithm), and Taylor coefficients
 * for jets (polygamma values). Independent of the exact kernel (src/verify never imports
 * src/algebra). Real functions return NaN at the poles 0, -1, -2, ... and lgamma is
 * log|Gamma|. No imported value is used at module load (complex.ts and doubledouble.ts
 * import this module back).
 */
import { type Complex, cx, cadd, csub, cmul, cdiv, cexp, clog, csin, cneg, cscale } from './complex.ts';
import { type DD, dd, ddAdd, ddSub, ddMul, ddDiv, ddMulNum, ddExp, ddLog, ddSin, ddCos, ddFromRational, DD_PI, DD_ONE, ddToNumber } from './doubledouble.ts';

/** The special functions of one argument the language has. */
export type SpecialFn = 'gamma' | 'lgamma' | 'digamma';

// Lanczos coefficients, g = 7, n = 9 (Numerical Recipes / Godfrey): |rel. error| < 2e-15.
const LG = 7;
const LC = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const LOG_SQRT_2PI = 0.9189385332046728;

function isPole(x: number): boolean {
  return x <= 0 && Number.isInteger(x);
}

/** log Gamma(x) for x >= 1/2 by Lanczos. */
function lanczosLog(x: number): number {
  const y = x - 1;
  let a = LC[0]!;
  const t = y + LG + 0.5;
  for (let i = 1; i < LC.length; i++) a += LC[i]! / (y + i);
  return LOG_SQRT_2PI + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Gamma(x) in doubles; NaN at the poles; +-Infinity past overflow. */
export function gammaReal(x: number): number {
  if (Number.isNaN(x) || isPole(x)) return NaN;
  if (x < 0.5) {
    const s = Math.sin(Math.PI * x);
    return Math.PI / (s * gammaReal(1 - x));
  }
  if (x > 171.7) return Infinity;
  if (Number.isInteger(x) && x <= 23) {
    let f = 1;
    for (let i = 2; i < x; i++) f *= i;
    return f;
  }
  return Math.exp(lanczosLog(x));
}

/** log|Gamma(x)| in doubles; NaN at the poles. */
export function lgammaReal(x: number): number {
  if (Number.isNaN(x) || isPole(x)) return NaN;
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgammaReal(1 - x);
  if (x === 1 || x === 2) return 0;
  return lanczosLog(x);
}

// B_{2k}/(2k) for the digamma series, k = 1..8.
const DIG = [1 / 12, -1 / 120, 1 / 252, -1 / 240, 1 / 132, -691 / 32760, 1 / 12, -3617 / 8160];

/** psi(x) = Gamma'(x)/Gamma(x) in doubles; NaN at the poles. */
export function digammaReal(x: number): number {
  if (Number.isNaN(x) || isPole(x)) return NaN;
  if (x < 0) return digammaReal(1 - x) - Math.PI / Math.tan(Math.PI * x);
  let acc = 0;
  let y = x;
  while (y < 12) {
    acc -= 1 / y;
    y += 1;
  }
  const y2 = 1 / (y * y);
  let s = 0;
  let p = y2;
  for (const c of DIG) {
    s += c * p;
    p *= y2;
  }
  return acc + Math.log(y) - 0.5 / y - s;
}

/**
 * psi^(m)(x) for m >= 1 and x > 0 (polygamma): shifted to y >= 20 + m by
 * psi^(m)(x) = psi^(m)(x + 1) + (-1)^(m+1) m!/x^(m+1), then the asymptotic series
 * (-1)^(m+1) [(m-1)!/y^m + m!/(2 y^(m+1)) + sum_k B_2k (2k+m-1)!/((2k)! y^(2k+m))].
 */
export function polygammaReal(m: number, x: number): number {
  if (!(x > 0)) return NaN;
  const sign = m % 2 === 1 ? 1 : -1;
  let fact = 1;
  for (let i = 2; i <= m; i++) fact *= i;
  let acc = 0;
  let y = x;
  while (y < 20 + m) {
    acc += sign * fact / Math.pow(y, m + 1);
    y += 1;
  }
  const B = [1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510];
  let s = (fact / m) / Math.pow(y, m) + fact / (2 * Math.pow(y, m + 1));
  // (2k+m-1)!/(2k)!
  for (let k = 1; k <= B.length; k++) {
    let r = 1;
    for (let i = 2 * k + 1; i <= 2 * k + m - 1; i++) r *= i;
    s += B[k - 1]! * r / Math.pow(y, 2 * k + m);
  }
  return acc + sign * s;
}

/**
 * The Taylor coefficients f^(k)(x0)/k!, k = 0..n-1, of gamma, lgamma or digamma at x0
 * (for jets). lgamma's are psi^(k-1)(x0)/k!; gamma's follow from gamma = exp(lgamma)
 * (g' = g l'); digamma's are psi^(k)(x0)/k!. NaNs where x0 <= 0 (not needed on the
 * samples the corpus uses; a NaN makes the point undefined for the witness).
 */
export function specialTaylor(fn: SpecialFn, x0: number, n: number): number[] {
  if (!(x0 > 0)) return new Array<number>(n).fill(NaN);
  const poly = (m: number): number => (m === 0 ? digammaReal(x0) : polygammaReal(m, x0));
  let fact = 1;
  const out: number[] = [];
  if (fn === 'digamma') {
    for (let k = 0; k < n; k++) {
      if (k > 0) fact *= k;
      out.push(poly(k) / fact);
    }
    return out;
  }
  const l: number[] = [lgammaReal(x0)];
  for (let k = 1; k < n; k++) {
    fact *= k;
    l.push(poly(k - 1) / fact);
  }
  if (fn === 'lgamma') return l;
  // g = exp(l): k g_k = sum_{j=1..k} j l_j g_{k-j}
  const g = [gammaReal(x0)];
  for (let k = 1; k < n; k++) {
    let s = 0;
    for (let j = 1; j <= k; j++) s += j * l[j]! * g[k - j]!;
    g.push(s / k);
  }
  return g;
}

/** gamma, lgamma (log|Gamma|) or digamma of a double. */
export function specialReal(fn: SpecialFn, x: number): number {
  return fn === 'gamma' ? gammaReal(x) : fn === 'lgamma' ? lgammaReal(x) : digammaReal(x);
}

// ---------------------------------------------------------------- complex

function cIsPole(z: Complex): boolean {
  return z.im === 0 && isPole(z.re);
}

/** log Gamma(z) for Re z >= 1/2 (Lanczos), principal-branch pieces. */
function cLanczosLog(z: Complex): Complex {
  const y = csub(z, cx(1));
  let a = cx(LC[0]!);
  const t = cadd(y, cx(LG + 0.5));
  for (let i = 1; i < LC.length; i++) a = cadd(a, cdiv(cx(LC[i]!), cadd(y, cx(i))));
  return cadd(cadd(cx(LOG_SQRT_2PI), cmul(cadd(y, cx(0.5)), clog(t))), cadd(cneg(t), clog(a)));
}

function cgamma(z: Complex): Complex {
  if (cIsPole(z)) return cx(NaN, NaN);
  if (z.re < 0.5) return cdiv(cx(Math.PI), cmul(csin(cscale(z, Math.PI)), cgamma(csub(cx(1), z))));
  return cexp(cLanczosLog(z));
}

function cdigamma(z: Complex): Complex {
  if (cIsPole(z)) return cx(NaN, NaN);
  if (z.re < 0) {
    const pz = cscale(z, Math.PI);
    const cot = cdiv(ccosOf(pz), csin(pz));
    return csub(cdigamma(csub(cx(1), z)), cscale(cot, Math.PI));
  }
  let acc = cx(0);
  let y = z;
  while (y.re < 12) {
    acc = csub(acc, cdiv(cx(1), y));
    y = cadd(y, cx(1));
  }
  const inv2 = cdiv(cx(1), cmul(y, y));
  let s = cx(0);
  let p = inv2;
  for (const c of DIG) {
    s = cadd(s, cscale(p, c));
    p = cmul(p, inv2);
  }
  return csub(cadd(acc, clog(y)), cadd(cdiv(cx(0.5), y), s));
}

function ccosOf(z: Complex): Complex {
  // cos z = (e^{iz} + e^{-iz})/2
  const iz = cx(-z.im, z.re);
  return cscale(cadd(cexp(iz), cexp(cneg(iz))), 0.5);
}

/**
 * gamma, lgamma or digamma of a complex double. lgamma is the branch of log Gamma
 * that is real where Gamma > 0 and log(-Gamma) where Gamma < 0 at the real part, so
 * its values near the real line continue log|Gamma| analytically (complex-step
 * derivatives).
 */
export function specialComplex(fn: SpecialFn, z: Complex): Complex {
  if (fn === 'gamma') return cgamma(z);
  if (fn === 'digamma') return cdigamma(z);
  const g = cgamma(z);
  return clog(g.re < 0 ? cneg(g) : g);
}

// ---------------------------------------------------------------- double-double

// B_{2k}/(2k (2k - 1)) as exact fractions, k = 1..16 (Stirling's series for log Gamma).
const STIRLING: readonly [bigint, bigint][] = [
  [1n, 12n], [-1n, 360n], [1n, 1260n], [-1n, 1680n], [1n, 1188n], [-691n, 360360n], [1n, 156n], [-3617n, 122400n],
  [43867n, 244188n], [-174611n, 125400n], [77683n, 5796n], [-236364091n, 1506960n], [657931n, 300n],
  [-3392780147n, 93960n], [1723168255201n, 2492028n], [-7709321041217n, 505920n],
];
// B_{2k}/(2k), k = 1..16 (the digamma series).
const DIGAMMA_DD: readonly [bigint, bigint][] = [
  [1n, 12n], [-1n, 120n], [1n, 252n], [-1n, 240n], [1n, 132n], [-691n, 32760n], [1n, 12n], [-3617n, 8160n],
  [43867n, 14364n], [-174611n, 6600n], [77683n, 276n], [-236364091n, 65520n], [657931n, 12n],
  [-3392780147n, 3480n], [1723168255201n, 85932n], [-7709321041217n, 16320n],
];
/** Shift the argument to at least this before the series (its terms then fall below 1e-34). */
const DD_SHIFT = 40;

function ddIsPole(x: DD): boolean {
  return x.lo === 0 && isPole(x.hi);
}

/** [log Gamma(y), log of the product x (x+1) ... (y-1) with sign] for x > 0 shifted to y >= DD_SHIFT. */
function ddLogGammaPos(x: DD): DD {
  let y = x;
  let prod = DD_ONE;
  let logProd = dd(0);
  while (ddToNumber(y) < DD_SHIFT) {
    prod = ddMul(prod, y);
    if (Math.abs(prod.hi) > 1e200) {
      logProd = ddAdd(logProd, ddLog(prod));
      prod = DD_ONE;
    }
    y = ddAdd(y, DD_ONE);
  }
  logProd = ddAdd(logProd, ddLog(prod));
  // (y - 1/2) log y - y + log(2 pi)/2 + sum B2k/(2k(2k-1) y^(2k-1))
  const twoPi = ddMulNum(DD_PI, 2);
  let s = ddAdd(ddSub(ddMul(ddSub(y, dd(0.5)), ddLog(y)), y), ddMulNum(ddLog(twoPi), 0.5));
  const inv = ddDiv(DD_ONE, y);
  const inv2 = ddMul(inv, inv);
  let p = inv;
  for (const [n, d] of STIRLING) {
    s = ddAdd(s, ddMul(ddFromRational(n, d), p));
    p = ddMul(p, inv2);
  }
  return ddSub(s, logProd);
}

function ddGamma(x: DD): DD {
  if (ddIsPole(x) || Number.isNaN(x.hi)) return dd(NaN);
  if (x.hi < 0.5) {
    // Gamma(x) = pi / (sin(pi x) Gamma(1 - x))
    return ddDiv(DD_PI, ddMul(ddSin(ddMul(DD_PI, x)), ddGamma(ddSub(DD_ONE, x))));
  }
  if (x.hi > 171.7) return dd(Infinity);
  return ddExp(ddLogGammaPos(x));
}

function ddLgamma(x: DD): DD {
  if (ddIsPole(x) || Number.isNaN(x.hi)) return dd(NaN);
  if (x.hi < 0.5) {
    const s = ddSin(ddMul(DD_PI, x));
    const as = s.hi < 0 ? ddMulNum(s, -1) : s;
    return ddSub(ddLog(ddDiv(DD_PI, as)), ddLgamma(ddSub(DD_ONE, x)));
  }
  return ddLogGammaPos(x);
}

function ddDigamma(x: DD): DD {
  if (ddIsPole(x) || Number.isNaN(x.hi)) return dd(NaN);
  if (x.hi < 0) {
    const px = ddMul(DD_PI, x);
    const cot = ddDiv(ddCos(px), ddSin(px));
    return ddSub(ddDigamma(ddSub(DD_ONE, x)), ddMul(DD_PI, cot));
  }
  let acc = dd(0);
  let y = x;
  while (ddToNumber(y) < DD_SHIFT) {
    acc = ddSub(acc, ddDiv(DD_ONE, y));
    y = ddAdd(y, DD_ONE);
  }
  const inv = ddDiv(DD_ONE, y);
  const inv2 = ddMul(inv, inv);
  let s = dd(0);
  let p = inv2;
  for (const [n, d] of DIGAMMA_DD) {
    s = ddAdd(s, ddMul(ddFromRational(n, d), p));
    p = ddMul(p, inv2);
  }
  return ddSub(ddAdd(acc, ddLog(y)), ddAdd(ddMulNum(inv, 0.5), s));
}

/** gamma, lgamma (log|Gamma|) or digamma in double-double (about 23 digits). */
export function specialDD(fn: SpecialFn, x: DD): DD {
  return fn === 'gamma' ? ddGamma(x) : fn === 'lgamma' ? ddLgamma(x) : ddDigamma(x);
}
