/**
 * Power series of terms over Q, on the fast Series class. TRUSTED KERNEL.
 *
 * `seriesOverQ(t, x, n)` expands a term about x = 0 to precision O(x^n) when
 * every coefficient is rational: constants, x, + - * /, integer powers, rational
 * powers of a series whose constant term is a perfect power, exp of a series
 * with constant term 0, log of a series with constant term 1, and sin, cos,
 * sinh, cosh, tanh, atanh of a series with constant term 0. Anything else
 * (another variable, pi, e, exp(1 + x), log(2 + x), abs, ...) gives undefined:
 * the caller falls back to parametric series. It never approximates.
 *
 * Subterm results are memoised by (term text, x, n) in a bounded table, because
 * quantified claims re-expand the same subterms (L^i/i! for every j).
 */
import { Rational } from '../numbers/rational.ts';
import { Series } from './series.ts';
import { termKey, type Term } from './term.ts';

const memo = new Map<string, Series | null>();

/** Largest power × precision for which (log 1/(1-x))^e is built from the Stirling table. */
const STIRLING_TABLE_CELLS = 4_000_000n;

/** Whether s is log 1/(1-x) = sum_{k>=1} x^k/k to its precision (checked coefficient by coefficient). */
function isLogOneOverOneMinusX(s: Series): boolean {
  if (s.prec < 2 || !s.coeff(0).isZero() || !s.coeff(1).eq(Rational.ONE)) return false;
  return s.equals(Series.logOneOverOneMinusX(s.prec));
}
const MEMO_ENTRIES = 4096;

/**
 * For a sum of at least three terms: its last non-constant term, and the sum of the
 * others in the order and shape T.add gives them (non-constant terms first, the
 * constant last), so that f(j - 1)'s key is found for f(j) = f(j - 1) + L^j/j!.
 */
function shorterSum(args: readonly Term[]): { rest: Term; last: Term } | undefined {
  if (args.length < 3) return undefined;
  const i = args[args.length - 1]!.k === 'const' ? args.length - 2 : args.length - 1;
  return { rest: { k: 'add', args: [...args.slice(0, i), ...args.slice(i + 1)] }, last: args[i]! };
}

function compute(t: Term, x: string, n: number): Series | undefined {
  switch (t.k) {
    case 'const':
      return Series.constant(t.value, n);
    case 'var':
      return t.name === x ? Series.x(n) : undefined;
    case 'named':
      return undefined;
    case 'add': {
      // a_1 + ... + a_m + c = (a_1 + ... + a_(m-1) + c) + a_m when that shorter sum is
      // memoised at this precision (f(j) after f(j-1): one addition instead of j).
      const shorter = shorterSum(t.args);
      const prefix = shorter && memo.get(`${n}\u0000${x}\u0000${termKey(shorter.rest)}`);
      if (prefix) {
        const s = seriesOverQ(shorter.last, x, n);
        return s ? prefix.add(s) : undefined;
      }
      let acc: Series | undefined = Series.zero(n);
      for (const a of t.args) {
        const s = seriesOverQ(a, x, n);
        if (!s) return undefined;
        acc = acc.add(s);
      }
      return acc;
    }
    case 'mul': {
      // Rational constant factors scale; the rest multiply.
      let acc = Series.one(n);
      for (const a of t.args) {
        if (a.k === 'const') {
          acc = acc.scale(a.value);
          continue;
        }
        const s = seriesOverQ(a, x, n);
        if (!s) return undefined;
        acc = acc.mul(s);
      }
      return acc;
    }
    case 'pow': {
      const base = seriesOverQ(t.base, x, n);
      if (!base) return undefined;
      const e = t.exp;
      if (e.isInteger()) {
        if (e.sign() >= 0) {
          // (log 1/(1-x))^e by the Stirling numbers (Series.logOneOverOneMinusXPower), only when
          // the base is known to the precision n of the result (it is compared only that far).
          if (e.num >= 2n && e.num * BigInt(n) <= STIRLING_TABLE_CELLS && base.prec >= n && isLogOneOverOneMinusX(base)) return Series.logOneOverOneMinusXPower(Number(e.num), n);
          // base^e = base^(e-1) * base when the lower power is memoised (L^i for i = 1..j).
          const lower = e.num > 1n ? memo.get(`${n}\u0000${x}\u0000${termKey({ k: 'pow', base: t.base, exp: e.sub(Rational.ONE) })}`) : undefined;
          return lower ? lower.mul(base) : base.powInt(Number(e.num));
        }
        if (base.coeff(0).isZero()) return undefined;
        return base.inv().powInt(Number(-e.num));
      }
      const c0 = base.coeff(0);
      if (c0.isZero() || c0.sign() < 0) return undefined;
      const scale = c0.powExact(e);
      if (scale === undefined) return undefined;
      return base.scale(c0.inv()).powRational(e).scale(scale);
    }
    case 'powt':
      return undefined;
    case 'fn': {
      const u = seriesOverQ(t.arg, x, n);
      if (!u) return undefined;
      const u0 = u.coeff(0);
      switch (t.name) {
        case 'exp':
          return u0.isZero() ? u.exp() : undefined;
        case 'log':
          return u0.eq(Rational.ONE) ? u.log() : undefined;
        case 'sin':
          return u0.isZero() ? Series.sin(n).compose(u) : undefined;
        case 'cos':
          return u0.isZero() ? Series.cos(n).compose(u) : undefined;
        case 'atanh':
          return u0.isZero() ? Series.atanh(n).compose(u) : undefined;
        case 'sinh':
        case 'cosh':
        case 'tanh': {
          if (!u0.isZero()) return undefined;
          const ep = u.exp();
          const em = u.neg().exp();
          const half = Rational.frac(1n, 2n);
          const sinh = ep.sub(em).scale(half);
          const cosh = ep.add(em).scale(half);
          return t.name === 'sinh' ? sinh : t.name === 'cosh' ? cosh : sinh.div(cosh);
        }
        default:
          return undefined;
      }
    }
  }
}

/**
 * The power series of t in x to precision O(x^n), when all its coefficients are
 * rational; undefined otherwise.
 * Requires: n >= 1. Throws: KernelError from Series on an exceeded limit.
 */
export function seriesOverQ(t: Term, x: string, n: number): Series | undefined {
  const key = `${n}\u0000${x}\u0000${termKey(t)}`;
  const hit = memo.get(key);
  if (hit !== undefined) return hit ?? undefined;
  const s = compute(t, x, n);
  // A result may carry less precision than asked (e.g. after a division); never
  // report a series as known beyond what was computed.
  const out = s && s.prec >= n ? s.truncate(n) : s;
  if (memo.size >= MEMO_ENTRIES) memo.delete(memo.keys().next().value!);
  memo.set(key, out ?? null);
  return out;
}
