/**
 * Coefficients equal to a closed form in k, for every k. TRUSTED KERNEL.
 *
 * Proves [x^k] S = b(k) for every integer k >= k0, where S is a series in x (concrete,
 * or with symbolic integer parameters in exponents, such as 1/(1 - x)^m) and b is a
 * hypergeometric term in k (numbers, linear factors, factorials (a k + c)!, binomials
 * written as factorials, powers c^(a k + d)): the holonomic route for first-order
 * recurrences.
 *
 * With R(k) = b(k+1)/b(k) = N(k)/D(k) (the product of the factors' ratios, in lowest
 * terms) and a_k = [x^k] S, the recurrence D(k) a_{k+1} = N(k) a_k for every k >= k0 is
 * the statement that U = D(θ - 1) S - D(-1) a_0 - x N(θ) S is a polynomial in x of
 * degree <= k0, with θ = x d/dx: θ x^j = j x^j gives
 *   [x^j] U = D(j - 1) a_j - N(j - 1) a_{j-1}   for j >= 1, and [x^0] U = 0.
 * U is built with the kernel's derivative (diff.ts) and decided by the exp-log normal
 * form (normal.ts).
 *
 * Soundness: S is analytic at 0 (a concrete S must have a power series over Q, possibly
 * through a removable singularity: its Laurent series has no pole, so S and U extend
 * analytically to x = 0 and an identity on a punctured neighbourhood holds for the
 * extensions; a
 * parametric S is built from such series by +, -, *, / by a term nonzero at 0, integer
 * powers, and B^E with B(0) > 0 and E free of x), so U is analytic at 0 and, being
 * equal to a polynomial wherever both are defined near 0, has that polynomial as its
 * Taylor series: the recurrence holds for k >= k0. D(k) != 0 there: D divides the
 * product of the factors' denominators (linear factors kept away from 0, and
 * a k + c + i >= 1 for a factorial in the denominator, by checkHypergeometric). So
 * a_{k+1} = R(k) a_k; b(k+1) = R(k) b(k) as every factor is defined and nonzero
 * (term_ratio's argument); and a_{k0} = b(k0) is checked exactly (a factorial with a
 * symbolic argument is an independent unknown, defined and positive). By induction,
 * a_k = b(k) for every k >= k0.
 */
import { Certificate, KERNEL_KEY } from '../certificate.ts';
import { diff } from '../decide/diff.ts';
import { KernelError } from '../numbers/errors.ts';
import { checkHypergeometric, hypergeometricRatio, hypergeometricValue, iexprToString, linToString, RatioError, type IExpr, type Lin } from './lemmas.ts';
import { NormalContext } from '../normal/normal.ts';
import { Poly } from '../containers/poly.ts';
import { seriesQ } from './termseries.ts';
import { Rational } from '../numbers/rational.ts';
import type { RatFunc } from '../enclosures/ratfunc.ts';
import * as T from '../containers/term.ts';
import type { Term } from '../containers/term.ts';

/** Highest degree of N and D in k (each degree costs one more derivative of S). */
const MAX_DEGREE = 12;

export type ClosedFormResult = { readonly ok: true; readonly certificate: Certificate } | { readonly ok: false; readonly reason: string };

class ClosedFormError extends Error {}

function polyToTerm(p: Poly): Term {
  const terms = p.sortedTerms().map((t) => T.mul(T.num(t.coef), ...t.mono.map(([v, e]) => T.pow(T.v(v), e))));
  return terms.length === 0 ? T.ZERO : T.add(...terms);
}

/**
 * Why t is not shown analytic at x = 0 for every value of the parameters, or undefined
 * when it is (see the module comment for the class).
 */
function notAnalytic(t: Term, x: string, params: ReadonlySet<string>): string | undefined {
  const fv = T.freeVars(t);
  if (![...fv].some((v) => params.has(v))) {
    if ([...fv].some((v) => v !== x)) return `${T.termToString(t)} has a variable other than ${x}`;
    // A removable singularity ((1 - sqrt(1 - 4x))/(2x)) counts: its Laurent series has no
    // pole, so t extends analytically to x = 0 and every identity below holds for the extension.
    try {
      return seriesQ(t, x, 2) ? undefined : `${T.termToString(t)} has no power series over Q in ${x}`;
    } catch (e) {
      if (e instanceof KernelError) return `${T.termToString(t)} has no power series over Q in ${x} (${e.message})`;
      throw e;
    }
  }
  const at0 = (u: Term): Rational | undefined => {
    try {
      return seriesQ(u, x, 1)?.coeff(0);
    } catch (e) {
      if (e instanceof KernelError) return undefined;
      throw e;
    }
  };
  switch (t.k) {
    case 'add': case 'mul':
      for (const a of t.args) {
        const why = notAnalytic(a, x, params);
        if (why) return why;
      }
      return undefined;
    case 'pow': {
      const why = notAnalytic(t.base, x, params);
      if (why) return why;
      if (!t.exp.isInteger()) return `the power ${T.termToString(t)} of a term with a parameter needs an integer exponent`;
      // A negative power needs a base nonzero at 0: B^E with B(0) > 0 is B(0)^E > 0.
      if (t.exp.sign() >= 0 || t.base.k === 'powt') return undefined;
      return `the power ${T.termToString(t)} of a term with a parameter needs a nonnegative integer exponent`;
    }
    case 'powt': {
      if (T.freeVars(t.exp).has(x)) return `the exponent of ${T.termToString(t)} depends on ${x}`;
      const b0 = [...T.freeVars(t.base)].some((v) => params.has(v)) ? undefined : at0(t.base);
      if (b0 === undefined || b0.sign() <= 0) return `${T.termToString(t)} needs a base free of parameters with a power series over Q and a positive constant term`;
      return undefined;
    }
    default:
      return `${T.termToString(t)} is not shown to be analytic at ${x} = 0 for every value of the parameters`;
  }
}

/** (θ - s)^j S for j = 0..n, θ = x d/dx. */
function thetaPowers(S: Term, x: string, shift: number, n: number): Term[] {
  const out = [S];
  for (let j = 1; j <= n; j++) {
    const prev = out[j - 1]!;
    out.push(T.sub(T.mul(T.v(x), diff(prev, x)), T.mul(T.num(shift), prev)));
  }
  return out;
}

/** p(θ - s) S as a Term, p a polynomial in `param` (coefficients in the other symbols). */
function applyOperator(p: Poly, param: string, S: Term, x: string, shift: number): Term {
  const cs = p.coeffsIn(param);
  const pw = thetaPowers(S, x, shift, cs.length - 1);
  const terms = cs.map((c, j) => (c.isZero() ? T.ZERO : T.mul(polyToTerm(c), pw[j]!)));
  return T.add(...terms);
}

/**
 * Proves [x^k] series = rhs(k) for every integer k allowed by `hyps` (which must bound
 * `param` below by k0 >= 0), the other names being symbolic integers that may appear in
 * the series' exponents and in rhs. Requires: series is a kernel Term whose free
 * variables are x and names other than param. Throws: nothing for unsupported input.
 */
export function proveCoeffClosedForm(x: string, series: Term, param: string, names: readonly string[], hyps: readonly Lin[], rhs: IExpr): ClosedFormResult {
  const no = (reason: string): ClosedFormResult => ({ ok: false, reason: `holonomic: ${reason}` });
  const lower = hyps.find((h) => h.v.size === 1 && h.v.get(param) === 1n);
  if (!lower) return no(`needs a lower bound on ${param} (as in 'for all ${param} >= 0')`);
  const k0 = -lower.c;
  if (k0 < 0n || k0 > 64n) return no(`the lower bound of ${param} must be in 0..64, found ${k0}`);
  const params = new Set(names.filter((n) => n !== param));
  const fv = T.freeVars(series);
  if (fv.has(param)) return no(`the series must not depend on ${param}, the power of ${x}`);
  for (const v of fv) if (v !== x && !params.has(v)) return no(`the series has the variable ${v}, which is not ${x} or a parameter`);
  const why = notAnalytic(series, x, params);
  if (why) return no(why);
  const ctx = new NormalContext(new Map());
  const isZero = (t: Term): boolean => ctx.reduceRoots(ctx.normalize(t)).isZero();
  try {
    checkHypergeometric(param, hyps, rhs);
    const ratio = hypergeometricRatio(param, rhs);
    const rf: RatFunc = ctx.normalize(ratio);
    for (const v of rf.vars()) if (v !== param && !params.has(v)) throw new ClosedFormError(`the term ratio of ${iexprToString(rhs)} has the unknown ${v}`);
    const N = rf.num;
    const D = rf.den;
    if (N.degreeIn(param) > MAX_DEGREE || D.degreeIn(param) > MAX_DEGREE) throw new ClosedFormError(`the term ratio ${T.termToString(ratio)} has degree above ${MAX_DEGREE} in ${param}`);
    // The initial value a_{k0} and b(k0).
    let a0: Term;
    let ak0: Term;
    if (params.size === 0 || ![...fv].some((v) => params.has(v))) {
      const s = seriesQ(series, x, Number(k0) + 1);
      if (!s) throw new ClosedFormError(`${T.termToString(series)} has no power series over Q in ${x}`);
      a0 = T.num(s.coeff(0));
      ak0 = T.num(s.coeff(Number(k0)));
    } else {
      if (k0 !== 0n) throw new ClosedFormError(`with parameters in the series, ${param} must start at 0`);
      a0 = T.substitute(series, new Map([[x, T.ZERO]]));
      ak0 = a0;
    }
    const b0 = hypergeometricValue(param, k0, rhs);
    if (!isZero(T.sub(ak0, b0))) {
      const show = (t: Term): string => T.termToString(t).replace(/\[([^\]]*)\]!/g, '($1)!');
      return no(`the initial values differ: [${x}^${k0}] ${T.termToString(series)} is ${show(ak0)} but the closed form at ${param} = ${k0} is ${show(b0)}`);
    }
    // U = D(θ - 1) S - D(-1) a_0 - x N(θ) S must be a polynomial of degree <= k0 in x.
    const dMinus1 = D.substitute(param, Poly.constant(Rational.MINUS_ONE));
    const U = T.sub(T.sub(applyOperator(D, param, series, x, 1), T.mul(polyToTerm(dMinus1), a0)), T.mul(T.v(x), applyOperator(N, param, series, x, 0)));
    const u = ctx.reduceRoots(ctx.normalize(U));
    const polyInX = u.isPoly() && u.vars().every((v) => v === x || params.has(v)) && u.num.degreeIn(x) <= Number(k0);
    if (!polyInX) {
      return no(`the coefficients do not satisfy the closed form's recurrence (${D.toString()})*a(${param}+1) = (${N.toString()})*a(${param}) for ${param} >= ${k0}: D(θ-1)S - D(-1)a(0) - ${x}*N(θ)S normalises to ${u.toString()}, not a polynomial of degree <= ${k0} in ${x}`);
    }
  } catch (err) {
    if (err instanceof RatioError || err instanceof ClosedFormError) return no(err.message);
    if (err instanceof KernelError) return no(`${err.code}: ${err.message}`);
    throw err;
  }
  const hypText = hyps.map((h) => `${linToString(h)} >= 0`).join(', ');
  const stmt = `for all integers ${names.join(', ')} with ${hypText}: [${x}^${param}] ${T.termToString(series)} = ${iexprToString(rhs)}`;
  return { ok: true, certificate: Certificate.mint(KERNEL_KEY, stmt, 'holonomic recurrence') };
}
