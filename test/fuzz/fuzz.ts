/**
 * Our own differential fuzzing (issue 13), shared by the seeded smoke test
 * (smoke.test.ts, part of `npm test`) and the long run (`npm run fuzz -- --minutes N`,
 * run.ts). Deterministic given the seed.
 *
 * (1) Robustness: mutated scripts (token deletion, duplication, swaps, extreme
 *     numbers, deep nesting, odd Unicode, truncation) and generated ones must give
 *     a report: no exception, no stack trace, no "internal error", every front-end
 *     error located (file:line:col).
 * (2) Mutation soundness: constants, signs, exponents, operators and range bounds
 *     of the claims of a script are mutated; every mutant item graded PROVED,
 *     PROVED for a range or TESTED is re-checked by an independent oracle: the
 *     kernel's rigorous interval enclosures (interval.ts, not the normal form or
 *     positivity procedures that decide claims) at random rational points of the
 *     domains and random cases of the ranges. A point where the oracle shows the
 *     relation false is a soundness bug, reported with a minimal reproducer.
 */
import { check, frontEnd, DEFAULT_OPTIONS, type CheckOptions } from '../../src/proofs/run.ts';
import { assumptionsOf, confirmAtSample, itemPosition } from '../../src/proofs/check.ts';
import { DEFAULT_LIMITS, type Limits } from '../../src/proofs/limits.ts';
import type { FileReport } from '../../src/proofs/report.ts';
import { prng } from '../../src/verify/argmin-check.ts';

/** A seeded generator of floats in [0, 1) (mulberry32, shared with the witness's argmin check). */
export const rng = prng;

const pickOf = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/** Small limits so that a mutant cannot run for long in-process. */
export const FUZZ_LIMITS: Limits = {
  ...DEFAULT_LIMITS,
  maxSeriesOrder: 200,
  maxExponent: 400,
  maxBigIntBits: 20_000,
  maxSumTerms: 400,
  maxInstances: 200,
  maxDerivativeOrder: 6,
  timeoutMs: 3000,
};

export const FUZZ_OPTIONS: CheckOptions = {
  ...DEFAULT_OPTIONS,
  limits: FUZZ_LIMITS,
  numeric: { ...DEFAULT_OPTIONS.numeric, runs: 40, budget: 400_000 },
};

const TOKEN = /\s+|[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?(?:e[+-]?\d+)?|\.\.|<=|>=|!=|~=|./gu;

function tokens(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

const EXTREME = ['1e400', '0', '-0', '99999999999999999999999999', '1/0', '0^0', '(-1)^(1/2)', '10^10000', '1e-400', '9999'];
const ODD = ['\u200b', '\u202e', '\ufeff', 'ß', '𝑥', '≤', '≠', '∑', '\u0000', '\t', '\r', 'é', '🙂'];

/** One robustness mutation of a script. */
export function mutateText(text: string, r: () => number): string {
  const ts = tokens(text);
  if (ts.length === 0) return pickOf(r, ODD);
  const i = Math.floor(r() * ts.length);
  const out = [...ts];
  switch (Math.floor(r() * 8)) {
    case 0: out.splice(i, 1); break;
    case 1: out.splice(i, 0, ts[i]!); break;
    case 2: if (i + 1 < out.length) [out[i], out[i + 1]] = [out[i + 1]!, out[i]!]; break;
    case 3: {
      const nums = ts.map((t, k) => (/^\d/.test(t) ? k : -1)).filter((k) => k >= 0);
      out[nums.length > 0 ? pickOf(r, nums) : i] = pickOf(r, EXTREME);
      break;
    }
    case 4: {
      const depth = pickOf(r, [50, 300, 1500]);
      out.splice(i, 0, `${'('.repeat(depth)}x${')'.repeat(depth)}`);
      break;
    }
    case 5: out.splice(i, 0, pickOf(r, ODD)); break;
    case 6: return ts.slice(0, i).join('');
    default: out.splice(i, 0, pickOf(r, ['let', 'claim', 'calc', 'for', 'in', 'by', 'd/dx', 'coeff(', 'sum(', 'series(', ':', ',', '=', '..', 'inf', '!', '^'])); break;
  }
  return out.join('');
}

const FNS = ['exp', 'log', 'sin', 'cos', 'sqrt', 'abs', 'tanh', 'atan'];

/** A random expression in x, y over a small grammar. */
function genExpr(r: () => number, depth: number): string {
  if (depth <= 0 || r() < 0.25) return pickOf(r, ['x', 'y', '1', '2', '1/2', '-3', 'pi', 'x', 'y']);
  switch (Math.floor(r() * 6)) {
    case 0: return `${pickOf(r, FNS)}(${genExpr(r, depth - 1)})`;
    case 1: return `(${genExpr(r, depth - 1)})^${pickOf(r, ['2', '3', '-1', '1/2'])}`;
    case 2: return `d/dx (${genExpr(r, depth - 1)})`;
    default: return `(${genExpr(r, depth - 1)} ${pickOf(r, ['+', '-', '*', '/'])} ${genExpr(r, depth - 1)})`;
  }
}

/** A generated script: declarations and a few claims of random relations. */
export function generateScript(r: () => number): string {
  const lines = ['var x real', pickOf(r, ['var y in (0, 1)', 'var y > 0', 'var y real'])];
  const n = 1 + Math.floor(r() * 3);
  for (let k = 0; k < n; k++) {
    lines.push(`claim g${k}: ${genExpr(r, 3)} ${pickOf(r, ['=', '<=', '<', '>=', '>', '!='])} ${genExpr(r, 2)}`);
  }
  return `${lines.join('\n')}\n`;
}

const STACK = /\n\s+at .*:\d+:\d+/;

/**
 * Problems with the report of one script (robustness): an exception, a stack
 * trace, an internal error, an unlocated front-end error. Empty when all is well.
 */
export function robustnessProblems(text: string, name: string, opts: CheckOptions = FUZZ_OPTIONS): string[] {
  let report: FileReport;
  try {
    report = check(text, name, opts);
  } catch (err) {
    return [`exception: ${(err as Error)?.stack ?? String(err)}`];
  }
  const problems: string[] = [];
  const all = [...report.errors, ...report.items.flatMap((i) => [i.summary, ...i.details])].join('\n');
  if (STACK.test(all)) problems.push('stack trace in the report');
  if (/internal error/.test(all)) problems.push(`internal error: ${all.match(/internal error[^\n]*/)![0]}`);
  const located = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+:\\d+: error: |\\s*\\d+ more errors? not shown)`);
  for (const e of report.errors) if (!located.test(e)) problems.push(`unlocated front-end error: ${e.split('\n')[0]}`);
  return problems;
}

/** One soundness mutation of the claims of a script (constants, signs, exponents, operators, bounds), or undefined. */
export function mutateClaims(text: string, r: () => number): { text: string; what: string } | undefined {
  const lines = text.split('\n');
  const candidates = lines.map((l, k) => (/^\s*(claim|calc)\b|^\s+[=<>!]/.test(l) && !/^\s*#/.test(l) ? k : -1)).filter((k) => k >= 0);
  if (candidates.length === 0) return undefined;
  for (let attempt = 0; attempt < 10; attempt++) {
    const k = pickOf(r, candidates);
    const line = lines[k]!;
    const body = line.replace(/#.*$/, '');
    const sites: { at: number; len: number; to: string[] }[] = [];
    for (const m of body.matchAll(/\d+/g)) {
      const v = Number(m[0]);
      sites.push({ at: m.index!, len: m[0].length, to: [String(v + 1), String(Math.max(0, v - 1)), String(2 * v + 1)] });
    }
    for (const m of body.matchAll(/<=|>=|!=|[+\-*/<>=^]/g)) {
      const swap: Record<string, string[]> = { '+': ['-'], '-': ['+'], '*': ['/', '+'], '/': ['*'], '<': ['<=', '>'], '>': ['>=', '<'], '<=': ['<', '>='], '>=': ['>', '<='], '=': ['!=', '<', '>'], '!=': ['='], '^': ['*'] };
      // keep `=` of `for i = a..b` and `d/dx` intact
      if (m[0] === '=' && /sum\($|\w\s*$/.test(body.slice(Math.max(0, m.index! - 6), m.index!)) && /\.\./.test(body.slice(m.index!, m.index! + 12))) continue;
      if (m[0] === '/' && /d\d*$/.test(body.slice(0, m.index!))) continue;
      sites.push({ at: m.index!, len: m[0].length, to: swap[m[0]] ?? [] });
    }
    const usable = sites.filter((s) => s.to.length > 0);
    if (usable.length === 0) continue;
    const s = pickOf(r, usable);
    const to = pickOf(r, s.to);
    const mutated = line.slice(0, s.at) + to + line.slice(s.at + s.len);
    if (mutated === line) continue;
    const out = [...lines];
    out[k] = mutated;
    return { text: out.join('\n'), what: `line ${k + 1}: '${line.trim()}' -> '${mutated.trim()}'` };
  }
  return undefined;
}

const PASSING = new Set(['PROVED', 'PROVED_RANGE', 'TESTED']);

/**
 * Checks a script and re-checks every passing claim or calc with the oracle at
 * `points` random points. Returns the flagged items (a soundness bug each).
 */
export function soundnessFlags(text: string, name: string, r: () => number, points = 12, opts: CheckOptions = FUZZ_OPTIONS): string[] {
  let report: FileReport;
  try {
    report = check(text, name, opts);
  } catch (err) {
    return [`exception: ${(err as Error)?.message}`];
  }
  const { program } = frontEnd({ name, text });
  if (!program) return [];
  let asm: ReturnType<typeof assumptionsOf>;
  try {
    asm = assumptionsOf(program.vars, opts.limits);
  } catch {
    return [];
  }
  const flags: string[] = [];
  for (const it of report.items) {
    if (!PASSING.has(it.grade) || it.kind === 'theorem') continue;
    const item = program.items.find((x) => itemPosition(x, program).line === it.line && x.name === it.name);
    if (!item) continue;
    for (let p = 0; p < points; p++) {
      const sample: Record<string, number> = {};
      for (const [v, decl] of program.vars) {
        if (decl.domain.kind !== 'real') continue;
        const a = asm.get(v);
        const lo = a?.lo?.value.toNumber();
        const hi = a?.hi?.value.toNumber();
        const u = 0.001 + 0.998 * r();
        sample[v] = lo !== undefined && hi !== undefined ? lo + u * (hi - lo)
          : lo !== undefined ? lo + (r() < 0.5 ? u : 10 * u)
          : hi !== undefined ? hi - (r() < 0.5 ? u : 10 * u)
          : (u - 0.5) * 20;
      }
      const v = confirmAtSample(item, program, opts.limits, sample, (n) => Math.floor(r() * n));
      if (v && v.grade === 'REFUTED') {
        flags.push(`${name}: ${it.name ?? `line ${it.line}`} graded ${it.grade} but the oracle refutes it: ${v.details.slice(1).join('; ')}`);
        break;
      }
    }
  }
  return flags;
}
