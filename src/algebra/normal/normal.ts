/**
 * The exp-log normal form. TRUSTED KERNEL.
 *
 * `normalize(t, asm)` rewrites a kernel Term into a rational function over Q in
 * variables and ATOMS: canonicalised exp(u), log(u), u^(1/q), abs(u), sin(u), ...,
 * pi, and opaque powers. Treating the atoms as independent indeterminates is sound
 * for proving identities (an identity of rational functions in independent
 * indeterminates stays true under any specialisation of them) but incomplete
 * (exp(s) and exp(s/2) are unrelated atoms here).
 *
 * Invariants:
 * - an atom's argument is itself in normal form, and its name is built from the
 *   argument's canonical text, so equal atoms coincide; an atom whose argument is
 *   equal (by exact cross-multiplication) to an existing atom's of the same kind
 *   reuses that atom;
 * - every rewrite below is an identity of real functions at every point satisfying
 *   the assumptions where the input term is defined. The normal form may be defined
 *   on a larger set (x/x = 1), never on a smaller one with a different value.
 *
 * Rewrite rules, each with why it is sound ("u > 0 established" means the sign
 * oracle of signs.ts proved it from the assumptions):
 *  R1 field arithmetic (+, *, integer powers, cancellation) in Q(vars, atoms): the
 *     rational-function field axioms; cancellation only enlarges the domain.
 *  R2 exp(a + b) = exp(a) exp(b), applied to the numerator terms of the argument
 *     num/den: exp(sum c_i m_i / den) = prod exp(c_i m_i / den). Always true.
 *  R3 exp(n a) = exp(a)^n for integer n: each term c m/den with c = n/k (lowest
 *     terms) becomes exp(m/(k den))^n; so exp(-s) = exp(s)^-1, exp(3s/2) =
 *     exp(s/2)^3, exp(0) = 1, e = exp(1). Always true.
 *  R4 exp(c log u) = u^c for a log atom: exp(log u) = u where u > 0, and u^c =
 *     exp(c log u) is the definition of a real power of u > 0. When u > 0 is not
 *     established (but u is not established <= 0 either), this is the "where
 *     defined" convention: log u is real only where u > 0 (in every context), so
 *     wherever the input is defined the rewrite holds; the condition u > 0 is
 *     recorded (`conditions`) and reported with the verdict.
 *  R5 log(exp a) = a: always true for real a.
 *  R6 log(u v) = log u + log v when u > 0 and v > 0 are established (also for
 *     u < 0, v < 0 established, as log(-u) + log(-v)); log(u^k) = k log u for u > 0
 *     established (any rational k), or for u < 0 and k an even integer as k log(-u);
 *     log(a^b) = b log a for a > 0 established. Standard laws of the real logarithm
 *     on their stated domains.
 *  R7 log of a rational function A = c m P / (m' Q), with c the leading coefficient,
 *     m, m' monomials in variables/atoms and P, Q the remaining polynomials, splits
 *     into log c + sum e_x log x + log P - log Q when EVERY factor has an established
 *     sign; factors established negative are negated (their sign moved into c) and
 *     the split is made only if then c > 0. This is R6 applied to the factorisation.
 *     Within it: log(exp(u)^k) = k u (R5, exp > 0 always), log((u^(1/q))^k) =
 *     (k/q) log u (u^(1/q) > 0 established implies u > 0). A factor without an
 *     established sign keeps the whole log(A) as one atom.
 *  R8 log of a positive rational constant c = prod p_i^(e_i) (primes below 2^16
 *     by trial division, one cofactor atom for what remains): sum e_i log(p_i), the
 *     law log(ab) = log a + log b for a, b > 0; so log(12) = 2 log(2) + log(3).
 *  R9 u^(p/q) = (u^(1/q))^p with the atom r = u^(1/q), and r^q = u (so r^e reduces
 *     to u^floor(e/q) r^(e mod q)). Rational powers with a non-integer exponent are
 *     real only for u >= 0 (the kernel's convention), where both laws hold; exact
 *     roots of rational constants are taken exactly (sqrt(9/4) = 3/2).
 *  R10 abs(u) = u when u >= 0 established, -u when u <= 0; otherwise the atom
 *     abs(u) with the sign of u chosen canonically (abs(-u) = abs(u)).
 *  R11 powt(a, b) = exp(b log a) when a > 0 established (definition of a real power);
 *     e^b = exp(b); powt(a, c) with b normalising to a rational constant c is a^c.
 *     Not under the "where defined" convention: kernel Terms carry no sorts, and at
 *     an integer value of b a^b is defined for a < 0 too (the exact evaluator and
 *     the theorem kernels use (-1)^n), where ((-1)^2)^(1/2) = 1 != (-1)^1.
 *  R12 odd functions (sin, tan, sinh, tanh, atan, asin, atanh) satisfy f(-u) = -f(u)
 *     and even ones (cos, cosh) f(-u) = f(u): used to choose the sign of the argument
 *     canonically; f(0) is folded (0 for the odd ones, 1 for cos and cosh).
 *  R13 log P = log c + k log Q when P = c Q^k with c > 0 and Q > 0 established
 *     (see logPositivePoly): R6 for a product and a power.
 *  R14 products of roots with the same index (mergeRoots, rootRf): in each
 *     monomial, the root atoms u_i^(1/q) of one index q whose arguments u_i >= 0
 *     are established are merged, prod (u_i^(1/q))^(e_i) = (prod u_i^(e_i))^(1/q).
 *     Sound: for a, b >= 0, a^(1/q) b^(1/q) >= 0 and its q-th power is a b, so it
 *     is the unique nonnegative q-th root of a b; the left side is defined at every
 *     point of the assumptions (u_i >= 0 there), and so is the right side. Roots
 *     of unknown-sign arguments are never merged (sqrt(x) sqrt(y) stays). Quotients
 *     u^(1/q)/v^(1/q) = (u/v)^(1/q) (v > 0) are the same rule after R9's
 *     rationalisation 1/v^(1/q) = v^((q-1)/q)/v (v != 0 where the quotient is
 *     defined): u^(1/q) v^((q-1)/q)/v = (u v^(q-1))^(1/q)/v = (u/v)^(1/q).
 *     Every root b^(1/q) (merged or not) is then made canonical by extraction:
 *     (0) a non-constant denominator D of b = N/D with D > 0 established (D >= 0
 *         suffices: D != 0 where b is defined) leaves the root: (N/D)^(1/q) =
 *         (N D^(q-1))^(1/q)/D, as N D^(q-1) = b D^q with D^q > 0 (product law
 *         below); D < 0 established: the same with -N/-D. Same domain both sides;
 *     (a) the rational content g = n/d > 0 of b: b^(1/q) = (k/d) (m' b/g)^(1/q)
 *         where n d^(q-1) = k^q m' (k^q found by trial division): for w = b/g,
 *         (g w)^(1/q) = g^(1/q) w^(1/q) as g > 0, and g^(1/q) = (n d^(q-1))^(1/q)/d;
 *         the argument keeps the sign of b, so both sides have the same domain;
 *     (b) a monomial factor x^(kq) of the numerator of b with x > 0 established
 *         (or x < 0 and kq even: (x^(kq))^(1/q) = (-x)^k) comes out as x^k (resp.
 *         (-x)^k); strictness keeps the domain: b/x^(kq) >= 0 iff b >= 0 as
 *         x^(kq) > 0; a factor x^(kq) of the denominator likewise comes out as
 *         1/x^k when x >= 0 (resp. x <= 0, kq even) is established (x != 0 there
 *         since it divides). Then b = (positive constant or x^(kq)) w and the
 *         product law above gives the split;
 *     (c) if what remains is a positive rational constant with an exact root, it
 *         is taken exactly (R9). Equal arguments thus give equal atoms (atoms are
 *         matched by exact equality of arguments), so the form is deterministic.
 *  R15 angle denominators (R3 refined): for each monomial m/den of an exp or trig
 *     argument the context keeps K, the lcm of the denominators k of its
 *     coefficients seen so far (`angleDen`), and uses exp(m/(K den))^(nK/k): the same
 *     identity as R3 with a finer base. A context seeded with the K of an earlier
 *     pass (decideEqual retries so) makes exp(1/2)^2 = e and sin(x/2) vs sin(x) meet.
 *  T1-T7 trigonometric and hyperbolic functions: see trig.ts (de Moivre over pairs of
 *     real parts, cos^2 = 1 - sin^2, special values at rational multiples of pi,
 *     sinh/cosh/tanh through exp, acos = pi/2 - asin).
 */
import { KernelError, fail } from '../numbers/errors.ts';
import { Rational, exactIntegerRoot } from '../numbers/rational.ts';
import { Poly, kernelLimits, monic, monoDegree, univariateGcd, type Monomial } from '../containers/poly.ts';
import { RatFunc, rewritePowers } from '../enclosures/ratfunc.ts';
import { signOf, isNonnegative, isNonpositive, isPositive } from '../refutation/signs.ts';
import * as T from '../containers/term.ts';
import type { Assumptions, Term, UnaryFn } from '../containers/term.ts';
import { trigPair, hyperbolic, inverseSpecial, reduceTrig } from './trig.ts';
import { gammaRf, digammaRf } from './special.ts';

/** The kinds of atoms. */
export type AtomKind = 'exp' | 'log' | 'root' | 'abs' | 'fn' | 'powt' | 'pi';

/** An atom: an opaque indeterminate of the normal form, with what it stands for. */
export interface Atom {
  /** Canonical text; also the polynomial variable that stands for the atom. */
  readonly name: string;
  readonly kind: AtomKind;
  /** The function, for kind 'fn'. */
  readonly fn?: UnaryFn;
  /** The normal form of the argument (the base for 'root' and 'powt'). */
  readonly arg?: RatFunc;
  /** The exponent's normal form for 'powt'. */
  readonly arg2?: RatFunc;
  /** The root index for 'root'. */
  readonly q?: number;
  /** For 'log': whether the argument was established > 0. */
  readonly argPositive: boolean;
  /** The atom as a kernel Term (for the sign oracle and for printing back). */
  readonly term: Term;
}

const ODD: ReadonlySet<UnaryFn> = new Set(['sin', 'tan', 'sinh', 'tanh', 'atan', 'asin', 'atanh']);
const EVEN: ReadonlySet<UnaryFn> = new Set(['cos', 'cosh']);


/**
 * A normalisation session: the assumptions and the table of atoms. Normal forms
 * are comparable only within one context (atom names are shared through it).
 */
export class NormalContext {
  readonly asm: Assumptions;
  /** Atoms by name. */
  readonly atoms = new Map<string, Atom>();
  /** Whether a root atom exists (else reduceRoots has nothing to do). */
  private hasRoots = false;
  /** Whether an abs atom exists (R16's reduction of abs(u)^2). */
  private hasAbs = false;
  /** Conditions assumed under the "where defined" convention (R4), as text. */
  readonly conditions = new Set<string>();
  /** cos atom name -> sin atom name of the same angle (rule T2). */
  private readonly sinOfCos = new Map<string, string>();
  /** R15: the angle denominator K per (kind, monomial, denominator). */
  private readonly angleDens: Map<string, bigint>;

  /** Requires: nothing. `angleDens` seeds R15 (from an earlier context's `angleDenominators()`). */
  constructor(asm: Assumptions, angleDens?: ReadonlyMap<string, bigint>) {
    this.asm = asm;
    this.angleDens = new Map(angleDens);
  }

  /** The angle denominators K of R15 recorded so far. */
  angleDenominators(): ReadonlyMap<string, bigint> {
    return new Map(this.angleDens);
  }

  /**
   * R15: the base denominator K (a multiple of k) for the monomial `mono`/`den` of an
   * exp ('exp') or trig ('trig') argument; records lcm(K, k).
   */
  angleDen(kind: 'exp' | 'trig', mono: Monomial, den: Poly, k: bigint): bigint {
    const key = `${kind}|${Poly.monomial(mono, Rational.ONE)}|${den}`;
    const old = this.angleDens.get(key) ?? 1n;
    let g = old;
    let h = k;
    while (h !== 0n) [g, h] = [h, g % h];
    const K = (old / g) * k;
    if (K > BigInt(kernelLimits.maxDegree)) fail('limit/degree', `normalize: angle denominator ${K} exceeds the maximum degree ${kernelLimits.maxDegree}`);
    this.angleDens.set(key, K);
    return K;
  }

  /** The atoms (cos θ, sin θ) of one base angle θ, linked for rule T2. */
  sinCosAtoms(theta: RatFunc): readonly [RatFunc, RatFunc] {
    const thetaTerm = this.toTerm(theta);
    const s = this.atomVar({ name: `sin(${theta})`, kind: 'fn', fn: 'sin', arg: theta, argPositive: false, term: T.fn('sin', thetaTerm) });
    const c = this.atomVar({ name: `cos(${theta})`, kind: 'fn', fn: 'cos', arg: theta, argPositive: false, term: T.fn('cos', thetaTerm) });
    this.sinOfCos.set(c.num.vars()[0]!, s.num.vars()[0]!);
    return [c, s];
  }

  /** The argument u of the abs atom x = abs(u) (R16), or undefined. */
  absArgument(x: string): RatFunc | undefined {
    const at = this.atoms.get(x);
    return at?.kind === 'abs' ? at.arg : undefined;
  }

  /** The sin atom paired with the cos atom x (rule T2), or undefined. */
  sinPartner(x: string): string | undefined {
    return this.sinOfCos.get(x);
  }

  /** True when x names an atom of this context (else it is a variable). */
  isAtom(x: string): boolean {
    return this.atoms.has(x);
  }

  /** The rational function of a Term (rules R1-R14). Throws: `limit/...`, `normal/...`. */
  normalize(t: Term): RatFunc {
    if (T.termSize(t) > kernelLimits.maxTermSize) {
      fail('limit/term-size', `normalize: term has more than ${kernelLimits.maxTermSize} nodes`);
    }
    return this.norm(t);
  }

  /**
   * Normal forms already computed in this context, by Term object identity. Terms
   * are immutable and the context's assumptions fixed, so a Term's normal form is
   * a function of the Term: reusing it is exact. Derivative terms share subterms
   * by reference (the product and chain rules copy t and u), which this exploits.
   */
  private readonly memo = new WeakMap<Term, RatFunc>();

  private norm(t: Term): RatFunc {
    if (t.k === 'const' || t.k === 'var') return this.normRaw(t);
    const m = this.memo.get(t);
    if (m !== undefined) return m;
    const r = this.normRaw(t);
    this.memo.set(t, r);
    return r;
  }

  /** Derivatives of atoms in a variable, by `${x}\u0000${atom name}`. */
  private readonly atomDerivs = new Map<string, RatFunc>();

  /**
   * The partial derivative in x of a normal form f of this context: the quotient
   * rule on num/den, d num = sum over its indeterminates v of (d num/d v)(dv/dx),
   * with dx/dx = 1, dy/dx = 0 for another variable, and for an atom the chain rule
   * on its argument's normal form: exp(u)' = exp(u) u'; log(u)' = u'/u;
   * (u^(1/q))' = u^(1/q) u'/(q u); abs(u)' = u u'/abs(u); pow(a, b)' =
   * pow(a, b) (b' log a + b a'/a); sin' = cos, cos' = -sin, tan' = 1 + tan^2,
   * sinh' = cosh, cosh' = sinh, tanh' = 1 - tanh^2, atan' = 1/(1 + u^2),
   * asin' = (1 - u^2)^(-1/2), acos' = -(1 - u^2)^(-1/2), atanh' = 1/(1 - u^2);
   * pi' = 0. Invariant: wherever every atom of f is differentiable (and the
   * result is defined), the result equals the derivative of f.
   * Throws: `limit/...`, `normal/...`, `ratfunc/...`.
   */
  derivative(f: RatFunc, x: string): RatFunc {
    const dPoly = (p: Poly): RatFunc => {
      let out = RatFunc.ZERO;
      for (const v of p.vars()) {
        const dv = this.varDerivative(v, x);
        if (dv.isZero()) continue;
        out = out.add(RatFunc.poly(p.derivative(v)).mul(dv));
      }
      return out;
    };
    const dn = dPoly(f.num);
    if (f.isPoly()) return this.reduceRoots(dn);
    const dd = dPoly(f.den);
    const den = RatFunc.poly(f.den);
    // (n/d)' = n'/d - (n/d) (d'/d)
    return this.reduceRoots(dn.div(den).sub(f.mul(dd.div(den))));
  }

  /** dv/dx for a variable or atom v of this context. */
  private varDerivative(v: string, x: string): RatFunc {
    const at = this.atoms.get(v);
    if (!at) return v === x ? RatFunc.ONE : RatFunc.ZERO;
    const key = `${x}\u0000${v}`;
    const old = this.atomDerivs.get(key);
    if (old !== undefined) return old;
    const r = this.atomDerivative(at, x);
    this.atomDerivs.set(key, r);
    return r;
  }

  private atomDerivative(at: Atom, x: string): RatFunc {
    if (at.kind === 'pi') return RatFunc.ZERO;
    const self = RatFunc.variable(at.name);
    const u = at.arg!;
    if (at.kind === 'powt') {
      const b = at.arg2!;
      const du = this.derivative(u, x);
      const db = this.derivative(b, x);
      if (du.isZero() && db.isZero()) return RatFunc.ZERO;
      const logPart = db.isZero() ? RatFunc.ZERO : db.mul(this.logRf(u));
      return self.mul(logPart.add(b.mul(du).div(u)));
    }
    const du = this.derivative(u, x);
    if (du.isZero()) return RatFunc.ZERO;
    const one = RatFunc.ONE;
    const u2 = u.mul(u);
    switch (at.kind) {
      case 'exp':
        return self.mul(du);
      case 'log':
        return du.div(u);
      case 'root':
        return self.mul(du).div(u.scale(Rational.of(at.q!)));
      case 'abs':
        return u.mul(du).div(self);
      case 'fn':
        switch (at.fn!) {
          case 'sin':
            return this.fnAtom('cos', u).mul(du);
          case 'cos':
            return this.fnAtom('sin', u).neg().mul(du);
          case 'tan':
            return one.add(self.mul(self)).mul(du);
          case 'sinh':
            return this.fnAtom('cosh', u).mul(du);
          case 'cosh':
            return this.fnAtom('sinh', u).mul(du);
          case 'tanh':
            return one.sub(self.mul(self)).mul(du);
          case 'atan':
            return du.div(one.add(u2));
          case 'asin':
            return this.powRf(one.sub(u2), Rational.frac(-1n, 2n)).mul(du);
          case 'acos':
            return this.powRf(one.sub(u2), Rational.frac(-1n, 2n)).neg().mul(du);
          case 'atanh':
            return du.div(one.sub(u2));
          case 'gamma':
            return self.mul(this.fnAtom('digamma', u)).mul(du);
          default:
            return fail('normal/no-derivative', `derivative: no rule for ${at.fn}`);
        }
      default:
        return fail('normal/no-derivative', `derivative: no rule for the atom ${at.name}`);
    }
  }

  private normRaw(t: Term): RatFunc {
    switch (t.k) {
      case 'const':
        return RatFunc.constant(t.value);
      case 'var':
        // Atom names contain '(' or are 'π'; a variable may not pose as an atom.
        if (t.name.includes('(') || t.name === 'π' || t.name === '') {
          fail('normal/reserved-name', `normalize: variable name ${JSON.stringify(t.name)} is reserved for atoms`);
        }
        return RatFunc.variable(t.name);
      case 'named':
        return t.name === 'pi' ? this.atomVar({ name: 'π', kind: 'pi', argPositive: false, term: t }) : this.expRf(RatFunc.ONE);
      case 'add': {
        // Polynomial summands are added in one pass (same sum as pairwise adds).
        const parts = t.args.map((a) => this.norm(a));
        const polys = parts.filter((f) => f.isPoly());
        let sum = polys.length > 1 ? RatFunc.poly(Poly.fromTerms(polys.flatMap((f) => [...f.num.terms.values()]))) : RatFunc.ZERO;
        for (const f of polys.length > 1 ? parts.filter((g) => !g.isPoly()) : parts) sum = sum.add(f);
        return this.reduceRoots(sum);
      }
      case 'mul': {
        let p = RatFunc.ONE;
        for (const a of t.args) {
          p = p.mul(this.norm(a));
          if (p.isZero()) return p;
        }
        return this.reduceRoots(p);
      }
      case 'pow':
        return this.powRf(this.norm(t.base), t.exp);
      case 'powt': {
        if (t.base.k === 'named' && t.base.name === 'e') return this.expRf(this.norm(t.exp));
        const b = this.norm(t.exp);
        const c = b.constantValue();
        if (c !== undefined) return this.powRf(this.norm(t.base), c);
        if (isPositive(t.base, this.asm)) return this.expRf(b.mul(this.logTerm(t.base)));
        const a = this.norm(t.base);
        return this.atomVar({
          name: `pow(${a}, ${b})`,
          kind: 'powt',
          arg: a,
          arg2: b,
          argPositive: false,
          term: T.pow(this.toTerm(a), this.toTerm(b)),
        });
      }
      case 'fn':
        return this.fnRf(t.name, t.arg);
    }
  }

  private fnRf(name: UnaryFn, arg: Term): RatFunc {
    if (name === 'exp') return this.expRf(this.norm(arg));
    if (name === 'log') return this.logTerm(arg);
    const a = this.norm(arg);
    if (name === 'abs') {
      // R10
      if (isNonnegative(arg, this.asm)) return a;
      if (isNonpositive(arg, this.asm)) return a.neg();
      const at = this.toTerm(a);
      if (isNonnegative(at, this.asm)) return a;
      if (isNonpositive(at, this.asm)) return a.neg();
      return this.absRf(a);
    }
    return this.fnAtom(name, a);
  }

  /**
   * abs(A) for A without an established sign (R10, R16). R16: |k m P/(m' Q)| =
   * |k| prod |x|^e |P/Q| for the rational content k and the monomial contents m, m'
   * (|ab| = |a||b|, |x|^e = x^e for even e); what remains is one atom abs(P/Q) with
   * the sign of P/Q chosen canonically (abs(-u) = abs(u)).
   */
  private absRf(a: RatFunc): RatFunc {
    if (a.isZero()) return a;
    const k = a.num.content().div(a.den.content()).abs();
    const mN = a.num.monoContent();
    const mD = a.den.monoContent();
    let rest = a.scale(k.inv());
    let out = RatFunc.constant(k);
    const pull = (mono: Monomial, sign: 1 | -1): void => {
      for (const [x, e] of mono) {
        const xr = RatFunc.variable(x);
        rest = sign > 0 ? rest.div(xr.pow(e)) : rest.mul(xr.pow(e));
        const f = e % 2 === 0 ? xr.pow(e) : this.absAtom(xr).mul(xr.pow(e - 1));
        out = sign > 0 ? out.mul(f) : out.div(f);
      }
    };
    pull(mN, 1);
    pull(mD, -1);
    const c = rest.constantValue();
    if (c !== undefined) return this.reduceRoots(out.scale(c.abs()));
    return this.reduceRoots(out.mul(this.absAtom(rest)));
  }

  /** The atom abs(c) (sign of c made canonical); a sign established by the oracle gives ±c. */
  private absAtom(c0: RatFunc): RatFunc {
    const t = this.toTerm(c0);
    if (isNonnegative(t, this.asm)) return c0;
    if (isNonpositive(t, this.asm)) return c0.neg();
    const c = c0.num.leading().coef.sign() < 0 ? c0.neg() : c0;
    return this.atomVar({ name: `abs(${c})`, kind: 'abs', arg: c, argPositive: false, term: T.abs(this.toTerm(c)) });
  }

  /** f(A) for a function other than exp, log, abs (R12, T1-T7). Throws: `limit/...`. */
  fnAtom(name: UnaryFn, a: RatFunc): RatFunc {
    if (name === 'exp') return this.expRf(a);
    if (name === 'log') return this.logRf(a);
    if (name === 'sin' || name === 'cos' || name === 'tan') {
      const [c, s] = trigPair(this, a);
      if (name === 'sin') return s;
      if (name === 'cos') return c;
      if (c.isZero()) fail('normal/division-by-zero', `normalize: tan(${a}) with cos(${a}) = 0`);
      return this.reduceRoots(s.div(c));
    }
    if (name === 'sinh' || name === 'cosh' || name === 'tanh') return hyperbolic(this, name, a);
    if (name === 'gamma') return gammaRf(this, a); // G1-G3 (special.ts)
    if (name === 'digamma') return digammaRf(this, a);
    if (name === 'acos') return this.normalize(T.named('pi')).scale(Rational.frac(1n, 2n)).sub(this.fnAtom('asin', a)); // T6
    if ((name === 'atan' || name === 'asin') && !a.isZero() && a.num.leading().coef.sign() > 0) {
      const v = inverseSpecial(this, name, a); // T7
      if (v) return v;
    }
    if (a.isZero()) {
      if (ODD.has(name)) return RatFunc.ZERO;
      if (EVEN.has(name)) return RatFunc.ONE;
    }
    if (!a.isZero() && a.num.leading().coef.sign() < 0 && (ODD.has(name) || EVEN.has(name))) {
      const r = this.fnAtom(name, a.neg());
      return ODD.has(name) ? r.neg() : r;
    }
    return this.atomVar({ name: `${name}(${a})`, kind: 'fn', fn: name, arg: a, argPositive: false, term: T.fn(name, this.toTerm(a)) });
  }

  /** The atom gamma(A) or digamma(A) as it stands (special.ts canonicalises A first). */
  plainAtom(name: 'gamma' | 'digamma', a: RatFunc): RatFunc {
    return this.atomVar({ name: `${name}(${a})`, kind: 'fn', fn: name, arg: a, argPositive: false, term: T.fn(name, this.toTerm(a)) });
  }

  /** B^k for a rational exponent k (R1, R9). Throws: `normal/division-by-zero` for 0^(k<0). */
  powRf(b: RatFunc, k: Rational): RatFunc {
    if (k.isZero()) return RatFunc.ONE;
    if (b.isZero()) {
      if (k.sign() < 0) fail('normal/division-by-zero', `normalize: 0 raised to the negative power ${k}`);
      return RatFunc.ZERO;
    }
    if (k.isInteger()) {
      if (k.num > BigInt(kernelLimits.maxDegree) || -k.num > BigInt(kernelLimits.maxDegree)) {
        fail('limit/degree', `normalize: exponent ${k} exceeds the maximum degree ${kernelLimits.maxDegree}`);
      }
      return this.reduceRoots(b.pow(Number(k.num)));
    }
    if (k.den > BigInt(kernelLimits.maxDegree) || k.num > BigInt(kernelLimits.maxDegree) || -k.num > BigInt(kernelLimits.maxDegree)) {
      fail('limit/degree', `normalize: exponent ${k} exceeds the maximum degree ${kernelLimits.maxDegree}`);
    }
    const q = Number(k.den);
    const p = Number(k.num);
    const c = b.constantValue();
    if (c !== undefined && c.sign() > 0) {
      const rn = exactIntegerRoot(c.num, q);
      const rd = exactIntegerRoot(c.den, q);
      if (rn !== undefined && rd !== undefined) return RatFunc.constant(Rational.frac(rn, rd).pow(p));
    }
    const r = this.rootRf(b, q);
    const a = Math.floor(p / q);
    return this.reduceRoots(b.pow(a).mul(r.pow(p - a * q)));
  }

  /**
   * b^(1/q) for b != 0 with the extraction of R14 (a)-(c): a positive constant
   * times a monomial in variables/atoms times one root atom (or a constant).
   */
  private rootRf(b: RatFunc, q: number): RatFunc {
    let outer = RatFunc.ONE;
    let inner = b;
    const Q = BigInt(q);
    // R17: (c m)^(1/q) = c^(1/q) prod |x|^(e/q) for an even q, a constant c > 0 and a
    // monomial m whose exponents are multiples of q: m >= 0 everywhere, and |x|^(e/q)
    // >= 0 is its q-th root (sqrt(x^2) = |x|); both sides are defined everywhere.
    if (q % 2 === 0 && b.isPoly() && b.num.terms.size === 1) {
      const t = b.num.leading();
      if (t.coef.sign() > 0 && t.mono.length > 0 && t.mono.every(([, e]) => e % q === 0)) {
        let out = this.powRf(RatFunc.constant(t.coef), Rational.frac(1n, Q));
        for (const [x, e] of t.mono) out = out.mul(this.absAtom(RatFunc.variable(x)).pow(e / q));
        return this.reduceRoots(out);
      }
    }
    // (0) a denominator D with an established sign: (N/D)^(1/q) = (N D^(q-1))^(1/q)/D.
    if (b.den.constantValue() === undefined) {
      const s = signOf(this.toTerm(RatFunc.poly(b.den)), this.asm);
      if (s === 'pos' || s === 'nonneg' || s === 'neg' || s === 'nonpos') {
        const D = s === 'pos' || s === 'nonneg' ? RatFunc.poly(b.den) : RatFunc.poly(b.den.neg());
        inner = inner.mul(D.pow(q));
        outer = outer.div(D);
      }
    }
    // (a) rational content.
    const g = inner.num.content().div(inner.den.content());
    if (bitLen(g.num) + (q - 1) * bitLen(g.den) <= 4096) {
      const m = g.num * g.den ** (Q - 1n);
      const { k, rest } = powerContent(m, q);
      if (k !== 1n || g.den !== 1n) {
        inner = inner.scale(Rational.frac(rest, 1n).div(g));
        // Times what step (0) took out (overwriting it made sqrt((4x + 4)/x) = 2 sqrt(x^2 + x)).
        outer = outer.mul(RatFunc.constant(Rational.frac(k, g.den)));
      }
    }
    // (b) monomial factors x^(kq) with an established sign.
    const pull = (mono: Monomial, inDen: boolean): void => {
      for (const [x, e] of mono) {
        const j = Math.floor(e / q);
        if (j === 0) continue;
        const s = signOf(this.atoms.get(x)?.term ?? T.v(x), this.asm);
        const pos = s === 'pos' || (inDen && s === 'nonneg');
        const neg = (s === 'neg' || (inDen && s === 'nonpos')) && (j * q) % 2 === 0;
        if (!pos && !neg) continue;
        const xr = RatFunc.variable(x);
        const xq = xr.pow(j * q);
        const out = (neg ? xr.neg() : xr).pow(j);
        if (inDen) {
          inner = inner.mul(xq);
          outer = outer.div(out);
        } else {
          inner = inner.div(xq);
          outer = outer.mul(out);
        }
      }
    };
    pull(inner.num.monoContent(), false);
    pull(inner.den.monoContent(), true);
    // (c) an exact root of what remains.
    const c = inner.constantValue();
    if (c !== undefined && c.sign() > 0) {
      const rn = exactIntegerRoot(c.num, q);
      const rd = exactIntegerRoot(c.den, q);
      if (rn !== undefined && rd !== undefined) return outer.mul(RatFunc.constant(Rational.frac(rn, rd)));
    }
    const r = this.atomVar({
      name: q === 2 ? `sqrt(${inner})` : `root(${inner}, ${q})`,
      kind: 'root',
      arg: inner,
      q,
      argPositive: false,
      term: T.pow(this.toTerm(inner), Rational.frac(1n, Q)),
    });
    return outer.mul(r);
  }

  /** Whether the argument of the root atom x is established >= 0 (cached; asm is fixed). */
  private readonly rootNonneg = new Map<string, boolean>();
  private rootArgNonneg(x: string): boolean {
    const old = this.rootNonneg.get(x);
    if (old !== undefined) return old;
    const r = isNonnegative(this.toTerm(this.atoms.get(x)!.arg!), this.asm);
    this.rootNonneg.set(x, r);
    return r;
  }

  /**
   * R14 on the terms of p: the root atoms of one index q with arguments established
   * >= 0 in a monomial are merged into one root of the product. Undefined when no
   * monomial has two such atoms of one index.
   */
  private mergeRoots(p: Poly): RatFunc | undefined {
    let changed = false;
    let out = RatFunc.ZERO;
    for (const t of p.terms.values()) {
      const groups = new Map<number, [string, number][]>();
      for (const [x, e] of t.mono) {
        const at = this.atoms.get(x);
        if (at?.kind !== 'root' || !this.rootArgNonneg(x)) continue;
        const gr = groups.get(at.q!) ?? [];
        gr.push([x, e]);
        groups.set(at.q!, gr);
      }
      const merged = new Set<string>();
      let term = RatFunc.constant(t.coef);
      for (const [qq, gr] of [...groups.entries()].sort((a, b) => a[0] - b[0])) {
        if (gr.length < 2) continue;
        let prod = RatFunc.ONE;
        for (const [x, e] of gr) {
          prod = prod.mul(this.atoms.get(x)!.arg!.pow(e));
          merged.add(x);
        }
        term = term.mul(this.rootRf(prod, qq));
      }
      if (merged.size === 0) {
        out = out.add(RatFunc.poly(Poly.monomial(t.mono, t.coef)));
        continue;
      }
      changed = true;
      for (const [x, e] of t.mono) if (!merged.has(x)) term = term.mul(RatFunc.variable(x).pow(e));
      out = out.add(term);
    }
    return changed ? out : undefined;
  }

  /**
   * Replaces r^e by u^floor(e/q) r^(e mod q) for root atoms r = u^(1/q) (R9), after
   * cos^2 = 1 - sin^2 (T2).
   */
  reduceRoots(f: RatFunc): RatFunc {
    if (this.sinOfCos.size > 0 || this.hasAbs) f = reduceTrig(this, f);
    if (!this.hasRoots) return f;
    const roots = f.vars().filter((x) => this.atoms.get(x)?.kind === 'root');
    if (roots.length === 0) return f;
    const fix = (p: Poly): RatFunc | undefined =>
      rewritePowers(p, (x, e) => {
        const at = this.atoms.get(x);
        return at?.kind === 'root' && e >= at.q! ? at.arg!.pow(Math.floor(e / at.q!)).mul(RatFunc.variable(x).pow(e % at.q!)) : undefined;
      });
    const n = fix(f.num);
    const d = fix(f.den);
    if (n || d) return this.reduceRoots((n ?? RatFunc.poly(f.num)).div(d ?? RatFunc.poly(f.den)));
    // Rationalise root monomials of the denominator: 1/r^e = r^(kq - e)/u^k.
    for (const [x, e] of f.den.monoContent()) {
      const at = this.atoms.get(x);
      if (at?.kind !== 'root') continue;
      const k = Math.ceil(e / at.q!);
      const m = RatFunc.variable(x).pow(k * at.q! - e);
      return this.reduceRoots(RatFunc.poly(f.num).mul(m).div(RatFunc.poly(f.den.divMono([[x, e]])).mul(at.arg!.pow(k))));
    }
    // R14: merge roots of one index with nonnegative arguments.
    const mn = this.mergeRoots(f.num);
    const md = this.mergeRoots(f.den);
    if (mn || md) return this.reduceRoots((mn ?? RatFunc.poly(f.num)).div(md ?? RatFunc.poly(f.den)));
    return f;
  }

  /** exp(A) by rules R2-R4. Throws: `limit/...`. */
  expRf(a: RatFunc): RatFunc {
    if (a.isZero()) return RatFunc.ONE;
    const denIsOne = a.isPoly();
    let out = RatFunc.ONE;
    for (const t of a.num.sortedTerms()) {
      // R4: exp(c log u) = u^c for u > 0.
      if (denIsOne && t.mono.length === 1 && t.mono[0]![1] === 1) {
        const at = this.atoms.get(t.mono[0]![0]);
        if (at?.kind === 'log' && (at.argPositive || this.logDefinedSomewhere(at))) {
          if (!at.argPositive) this.conditions.add(`${T.termToString(this.toTerm(at.arg!))} > 0`); // R4 where defined
          out = out.mul(this.powRf(at.arg!, t.coef));
          continue;
        }
      }
      const k = t.coef.den;
      const K = this.angleDen('exp', t.mono, a.den, k); // R15
      const n = t.coef.num * (K / k);
      if (n > BigInt(kernelLimits.maxDegree) || -n > BigInt(kernelLimits.maxDegree)) {
        fail('limit/degree', `normalize: exp multiplier ${n} exceeds the maximum degree ${kernelLimits.maxDegree}`);
      }
      const arg = RatFunc.make(Poly.monomial(t.mono, Rational.frac(1n, K)), a.den);
      const e = this.atomVar({ name: `exp(${arg})`, kind: 'exp', arg, argPositive: false, term: T.exp(this.toTerm(arg)) });
      out = out.mul(e.pow(Number(n)));
    }
    return this.reduceRoots(out);
  }

  /** log(a) with the term-level splitting of R5, R6, R11, then R7 on the normal form. */
  logTerm(a: Term): RatFunc {
    const asm = this.asm;
    if (a.k === 'fn' && a.name === 'exp') return this.norm(a.arg); // R5
    if (a.k === 'named' && a.name === 'e') return RatFunc.ONE;
    if (a.k === 'mul') {
      // Constants apart; split only a product of >= 2 non-constant factors (a single
      // factor times a constant is handled by R7 on the normal form, which also
      // guarantees termination: the factors here are never products).
      let c = Rational.ONE;
      const rest: Term[] = [];
      for (const x of a.args) {
        if (x.k === 'const') c = c.mul(x.value);
        else rest.push(x);
      }
      const signs = rest.map((x) => signOf(x, asm));
      const negatives = signs.filter((s) => s === 'neg').length + (c.sign() < 0 ? 1 : 0);
      if (rest.length >= 2 && signs.every((s) => s === 'pos' || s === 'neg') && negatives % 2 === 0) {
        return rest.reduce((s, x, i) => s.add(this.logTerm(signs[i] === 'neg' ? T.neg(x) : x)), this.logConst(c.abs()));
      }
    }
    if (a.k === 'pow') {
      const s = signOf(a.base, asm);
      if (s === 'pos') return this.logTerm(a.base).scale(a.exp);
      if (s === 'neg' && a.exp.isInteger() && a.exp.num % 2n === 0n) return this.logTerm(T.neg(a.base)).scale(a.exp);
    }
    if (a.k === 'powt' && isPositive(a.base, asm)) return this.norm(a.exp).mul(this.logTerm(a.base));
    return this.logRf(this.norm(a));
  }

  /** Whether the argument of a log atom is not established <= 0 (R4 where defined). */
  private logDefinedSomewhere(at: Atom): boolean {
    const s = signOf(at.term.k === 'fn' ? at.term.arg : this.toTerm(at.arg!), this.asm);
    return s !== 'neg' && s !== 'nonpos' && s !== 'zero';
  }

  /** log of a positive rational constant over prime logs (R8); an opaque atom for c <= 0. */
  private logConst(c: Rational): RatFunc {
    if (c.eq(Rational.ONE)) return RatFunc.ZERO;
    if (c.sign() <= 0) {
      const arg = RatFunc.constant(c);
      return this.atomVar({ name: `log(${c})`, kind: 'log', arg, argPositive: false, term: T.log(T.num(c)) });
    }
    let out = RatFunc.ZERO;
    for (const [p, e] of primeFactors(c.num)) out = out.add(this.logAtomConst(p).scale(Rational.of(e)));
    for (const [p, e] of primeFactors(c.den)) out = out.sub(this.logAtomConst(p).scale(Rational.of(e)));
    return out;
  }

  /** The atom log(p) for an integer p > 1 (a prime, or a cofactor without small primes). */
  private logAtomConst(p: bigint): RatFunc {
    const arg = RatFunc.constant(Rational.of(p));
    return this.atomVar({ name: `log(${p})`, kind: 'log', arg, argPositive: true, term: T.log(T.num(Rational.of(p))) });
  }

  /** log(A) by rule R7 (and R8 for constants). Throws: `normal/log-zero` for log(0). */
  logRf(a: RatFunc): RatFunc {
    if (a.isZero()) fail('normal/log-zero', 'normalize: log of zero');
    const c0 = a.constantValue();
    if (c0 !== undefined) return this.logConst(c0);
    let c = a.num.leading().coef;
    const n1 = a.num.scale(c.inv());
    const mN = n1.monoContent();
    const mD = a.den.monoContent();
    const factors: { base: Poly; e: number }[] = [];
    for (const [x, e] of mN) factors.push({ base: Poly.variable(x), e });
    for (const [x, e] of mD) factors.push({ base: Poly.variable(x), e: -e });
    const n2 = n1.divMono(mN);
    const d2 = a.den.divMono(mD);
    if (n2.constantValue() === undefined) factors.push({ base: n2, e: 1 });
    else c = c.mul(n2.constantValue()!);
    if (d2.constantValue() === undefined) factors.push({ base: d2, e: -1 });
    else c = c.div(d2.constantValue()!);
    let out = RatFunc.ZERO;
    const pending: { base: Poly; e: number }[] = [];
    for (const f of factors) {
      const single = f.base.terms.size === 1 ? f.base.vars()[0] : undefined;
      const at = single !== undefined ? this.atoms.get(single) : undefined;
      if (at?.kind === 'exp') {
        out = out.add(at.arg!.scale(Rational.of(f.e))); // R5 inside R7
        continue;
      }
      const s = signOf(this.toTerm(RatFunc.poly(f.base)), this.asm);
      if (s === 'pos') pending.push(f);
      else if (s === 'neg') {
        pending.push({ base: f.base.neg(), e: f.e });
        if (f.e % 2 !== 0) c = c.neg();
      } else {
        // R13: base = c' Q^k with Q > 0 established, so base^e = c'^e Q^(k e).
        const pw = this.positivePower(f.base, false);
        if (!pw) return this.wholeLog(a);
        c = c.mul(pw.c.pow(f.e));
        pending.push({ base: pw.Q, e: pw.k * f.e });
      }
    }
    if (c.sign() <= 0) return this.wholeLog(a);
    out = out.add(this.logConst(c));
    for (const f of pending) {
      const single = f.base.terms.size === 1 && f.base.leading().coef.eq(Rational.ONE) ? f.base.vars()[0] : undefined;
      const at = single !== undefined ? this.atoms.get(single) : undefined;
      if (at?.kind === 'root') {
        out = out.add(this.logRf(at.arg!).scale(Rational.frac(BigInt(f.e), BigInt(at.q!))));
        continue;
      }
      out = out.add(this.logPositivePoly(f.base).scale(Rational.of(f.e)));
    }
    return out;
  }

  /**
   * P = c Q^k (c a nonzero constant, k >= 1) with Q established > 0 (R13), or
   * undefined. Q is found by exact comparison against the arguments of existing
   * log atoms (Q > 0 was established when they were made), else, for a univariate
   * P, from its square-free part R = P / gcd(P, P') (if P = c Q^k with Q
   * square-free then R is a constant multiple of Q); the sign of such a Q must be
   * established (Q < 0 gives -Q and c (-1)^k), except that for odd k and P > 0
   * (pPositive) Q can be chosen with c > 0 and then Q^k = P/c > 0 forces Q > 0.
   */
  private positivePower(P: Poly, pPositive: boolean): { c: Rational; k: number; Q: Poly; name?: string } | undefined {
    if (P.constantValue() !== undefined) return undefined;
    for (const o of this.atoms.values()) {
      if (o.kind !== 'log' || !o.argPositive || !o.arg!.isPoly()) continue;
      const Q = o.arg!.num;
      if (Q.constantValue() !== undefined || Q.eq(P)) continue;
      const m = powerOf(P, Q);
      if (m) return { ...m, Q, name: o.name };
    }
    const xs = P.vars();
    if (xs.length !== 1) return undefined;
    const g = univariateGcd(P, P.derivative(xs[0]!));
    if (!g || g.constantValue() !== undefined) return undefined;
    let Q = monic(P.divExact(g)!);
    const m = powerOf(P, Q);
    if (!m || m.k < 2) return undefined;
    let c = m.c;
    const s = signOf(this.toTerm(RatFunc.poly(Q)), this.asm);
    if (s === 'neg' || (s !== 'pos' && pPositive && m.k % 2 === 1 && c.sign() < 0)) {
      Q = Q.neg();
      if (m.k % 2 === 1) c = c.neg();
    } else if (s !== 'pos' && !(pPositive && m.k % 2 === 1)) return undefined;
    return { c, k: m.k, Q };
  }

  /** log P for a polynomial P established > 0: log c + k log Q by R13, else the atom log(P). */
  private logPositivePoly(P: Poly): RatFunc {
    const pw = this.positivePower(P, true);
    if (pw && pw.c.sign() > 0) return this.logConst(pw.c).add(this.logAtomOf(pw.Q).scale(Rational.of(pw.k)));
    return this.logAtomOf(P);
  }

  /** The atom log(Q) for a polynomial Q established > 0. */
  private logAtomOf(Q: Poly): RatFunc {
    const arg = RatFunc.poly(Q);
    return this.atomVar({ name: `log(${arg})`, kind: 'log', arg, argPositive: true, term: T.log(this.toTerm(arg)) });
  }

  private wholeLog(a: RatFunc): RatFunc {
    const positive = isPositive(this.toTerm(a), this.asm);
    return this.atomVar({ name: `log(${a})`, kind: 'log', arg: a, argPositive: positive, term: T.log(this.toTerm(a)) });
  }

  /** Registers (or finds) an atom and returns it as a rational function. */
  private atomVar(atom: Atom): RatFunc {
    const old = this.atoms.get(atom.name);
    if (old) {
      if (atom.kind === 'log' && atom.argPositive && !old.argPositive) this.atoms.set(atom.name, { ...old, argPositive: true });
      return RatFunc.variable(old.name);
    }
    for (const o of this.atoms.values()) {
      if (o.kind !== atom.kind || o.fn !== atom.fn || o.q !== atom.q || !o.arg || !atom.arg) continue;
      if (!o.arg.equals(atom.arg)) continue;
      if (atom.kind === 'powt' && !(o.arg2 && atom.arg2 && o.arg2.equals(atom.arg2))) continue;
      if (atom.kind === 'log' && atom.argPositive && !o.argPositive) this.atoms.set(o.name, { ...o, argPositive: true });
      return RatFunc.variable(o.name);
    }
    this.atoms.set(atom.name, atom);
    if (atom.kind === 'root') this.hasRoots = true;
    if (atom.kind === 'abs') this.hasAbs = true;
    return RatFunc.variable(atom.name);
  }

  /** A kernel Term equal to the rational function (atoms replaced by what they stand for). */
  toTerm(f: RatFunc): Term {
    const polyTerm = (p: Poly): Term =>
      T.add(
        ...p.sortedTerms().map((t) =>
          T.mul(T.num(t.coef), ...t.mono.map(([x, e]) => T.pow(this.atoms.get(x)?.term ?? T.v(x), e))),
        ),
      );
    return f.isPoly() ? polyTerm(f.num) : T.div(polyTerm(f.num), polyTerm(f.den));
  }
}

/**
 * n = prod p^e for n >= 1: the primes below 2^16 by trial division, then one
 * cofactor (> 1) without such factors, listed as if prime. Exact: the product of
 * the list is n.
 */
function primeFactors(n: bigint): [bigint, number][] {
  const out: [bigint, number][] = [];
  let m = n;
  for (let p = 2n; p < 65536n && p * p <= m; p += p === 2n ? 1n : 2n) {
    let e = 0;
    while (m % p === 0n) {
      m /= p;
      e++;
    }
    if (e > 0) out.push([p, e]);
  }
  if (m > 1n) {
    const last = out.findIndex(([p]) => p === m);
    if (last >= 0) out[last] = [m, out[last]![1] + 1];
    else out.push([m, 1]);
  }
  return out;
}

/** Bit length of |n|. */
function bitLen(n: bigint): number {
  return (n < 0n ? -n : n).toString(2).length;
}

/**
 * m = k^q rest with k >= 1 (m >= 1): q-th powers of primes below 1000 are divided
 * out, and a cofactor that is itself a perfect q-th power. Exact (k^q rest = m
 * always); not always maximal for large prime factors.
 */
function powerContent(m: bigint, q: number): { k: bigint; rest: bigint } {
  let k = 1n;
  let rest = m;
  const Q = BigInt(q);
  for (let p = 2n; p < 1000n && p ** Q <= rest; p += p === 2n ? 1n : 2n) {
    const pq = p ** Q;
    while (rest % pq === 0n) {
      rest /= pq;
      k *= p;
    }
  }
  const r = exactIntegerRoot(rest, q);
  if (r !== undefined && r > 1n) {
    k *= r;
    rest = 1n;
  }
  return { k, rest };
}

/** Total degree of a nonzero polynomial. */
function totalDegree(p: Poly): number {
  let d = 0;
  for (const t of p.terms.values()) d = Math.max(d, monoDegree(t.mono));
  return d;
}

/**
 * { c, k } with P = c Q^k exactly (c a nonzero rational, k >= 1 an integer), or
 * undefined. Requires: Q nonconstant.
 */
function powerOf(P: Poly, Q: Poly): { c: Rational; k: number } | undefined {
  const dq = totalDegree(Q);
  const dp = totalDegree(P);
  if (dq === 0 || dp % dq !== 0) return undefined;
  const k = dp / dq;
  const qv = Q.vars();
  const pv = P.vars();
  if (qv.length !== pv.length || qv.some((x, i) => x !== pv[i] || P.degreeIn(x) !== k * Q.degreeIn(x))) return undefined;
  let Qk: Poly;
  try {
    Qk = Q.pow(k);
  } catch (e) {
    if (e instanceof KernelError) return undefined; // too large to compare: no rewrite
    throw e;
  }
  if (Qk.terms.size !== P.terms.size) return undefined;
  const c = P.leading().coef.div(Qk.leading().coef);
  return Qk.scale(c).eq(P) ? { c, k } : undefined;
}

/** A normal form: a rational function over variables and the atoms of its context. */
export interface NormalForm {
  readonly rf: RatFunc;
  readonly ctx: NormalContext;
}

/**
 * The exp-log normal form of t under asm (a fresh context unless one is given).
 * Requires: t within the size limits. Throws: `limit/...`; `normal/log-zero`,
 * `normal/division-by-zero`, `ratfunc/division-by-zero` when t divides by zero or
 * takes log 0 identically.
 */
export function normalize(t: Term, asm: Assumptions, ctx: NormalContext = new NormalContext(asm)): NormalForm {
  return { rf: ctx.normalize(t), ctx };
}

/** True when the normal form involves no atom (a rational function of the variables only). */
export function isPurelyRational(n: NormalForm): boolean {
  return n.rf.vars().every((x) => !n.ctx.isAtom(x));
}

export type { Monomial };
