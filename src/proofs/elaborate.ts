/**
 * The elaborator: a parsed Script to an Elaborated program.
 *
 * It resolves every name (declared vars, `let` constants and functions, quantifier
 * and sum/prod indices, built-ins), expands every `let` application by
 * capture-avoiding substitution, checks arities, integer/real sorts, the variables
 * of derivatives and series operators, declaration domains, and resource limits.
 *
 * Invariants of the result: only the resolved Expr kinds occur (no `name`, `apply`,
 * `dsurface`); every `index` node is bound by an enclosing quantifier or sum/prod;
 * no binder shadows another binder in scope (let bodies' indices are renamed
 * `i_1`, `i_2`, ... when needed); expressions nest at most MAX_EXPANDED_DEPTH deep
 * and have at most MAX_EXPANDED_SIZE nodes counted as a tree. A bug here can give a
 * wrong message but cannot make a false claim pass: the kernel re-checks.
 *
 * Sorts: an expression is integer-sorted when it is built from integer literals,
 * indices, integer vars (an integer range, or a set of integers), `+ - * ^` of
 * integer-sorted operands, `!`, `binomial`, `val`, or a finite sum/prod of an
 * integer-sorted body. Everything else (including any `/`) is real-sorted.
 */
import type {
  BuiltinFn, CalcDecl, ClaimDecl, Domain, Elaborated, Expr, FamilyDecl, Formula, LetDecl, Quantifier, Script,
  SourceFile, Span, VarDecl,
} from './ast.ts';
import type { ProofStep, TheoremDecl, TheoremParam } from './ast.ts';
import { DiagnosticError, errorAt, suggestName, type Diagnostic } from './diagnostics.ts';
import { formatPosition } from './source.ts';
import { specialReal } from '../verify/arith/special.ts';

/** Highest derivative order accepted. */
/** Notes for functions users reach for that the language does not have (lower-case names). */
const NOT_YET_BUILT_IN: Readonly<Record<string, string>> = {
  trigamma: 'trigamma is not in the language: it is d/dx digamma(x)',
  polygamma: 'polygamma is not in the language: write the derivatives of digamma(x)',
  erf: 'erf is not in the language: a Gaussian integral over a half-line or the reals is exact, e.g. integral(x = 0..inf, exp(-x^2)) = sqrt(pi)/2',
};

export const MAX_DERIVATIVE_ORDER = 20;
/** Highest constant series order accepted. */
export const MAX_SERIES_ORDER = 10_000;
/** Deepest expression nesting accepted after let expansion. */
export const MAX_EXPANDED_DEPTH = 1000;
/** Most nodes (counted as a tree) one expression may expand to. */
export const MAX_EXPANDED_SIZE = 1_000_000;

/** Most let applications that may be nested inside one another during expansion. */
export const MAX_EXPANSION_NESTING = 256;
/** Most nodes the elaborator may build for one script (guards against quadratic blow-up). */
export const MAX_TOTAL_WORK = 20_000_000;

export const BUILTIN_FUNCTIONS: readonly BuiltinFn[] = [
  'exp', 'log', 'sqrt', 'abs', 'sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh', 'atan', 'asin', 'acos', 'atanh',
  'sec', 'csc', 'cot', 'gamma', 'lgamma', 'digamma',
];
const SPECIAL_FORMS = ['binomial', 'stirling1', 'rising', 'falling', 'sum', 'prod', 'coeff', 'series', 'val', 'argmin', 'argmax', 'beta', 'integral'];
const CONSTANTS = ['pi', 'e'];
/** Names a declaration may not take. */
/**
 * Built-ins that scripts may still declare as their own names (Adam's `beta`, a
 * threshold `gamma`): a declaration hides the built-in in that script.
 */
const SOFT_BUILTINS: ReadonlySet<string> = new Set(['gamma', 'lgamma', 'digamma', 'beta']);
export const BUILTIN_NAMES: ReadonlySet<string> = new Set<string>([...BUILTIN_FUNCTIONS, ...SPECIAL_FORMS, ...CONSTANTS, 'E', 'Var', 'Cov'].filter((n) => !SOFT_BUILTINS.has(n)));

type Sort = 'int' | 'real' | 'any';

interface Typed {
  readonly expr: Expr;
  readonly sort: Sort;
}

type Binding =
  /** An index bound by a quantifier or sum/prod; `name` is its (possibly renamed) output name. */
  | { readonly kind: 'index'; readonly name: string }
  /** A let parameter at a use site: the elaborated argument. */
  | { readonly kind: 'param'; readonly value: Typed; readonly letName: string; readonly param: string }
  /** A let parameter while checking the let's definition: of unknown sort. */
  | { readonly kind: 'poly'; readonly param: string };

interface VarInfo {
  readonly decl: VarDecl;
  readonly sort: 'int' | 'real';
  /** Declared with a real interval (so it may be a derivative/series variable). */
  readonly continuous: boolean;
}

interface LetInfo {
  readonly decl: LetDecl;
  /** Elaborated value of a constant let. */
  value?: Typed;
  broken: boolean;
}

type Global = { readonly kind: 'var'; readonly info: VarInfo } | { readonly kind: 'let'; readonly info: LetInfo };

/** A declared exponential family (see FamilyDecl); its support values are elaborated constants. */
interface FamilyInfo {
  readonly decl: FamilyDecl;
  readonly values?: readonly Typed[];
}

interface Scope {
  readonly locals: ReadonlyMap<string, Binding>;
  /** Output names of every index binder in scope, plus names to avoid when binding new ones. */
  readonly taken: ReadonlySet<string>;
  /** Inside a let body (binder clashes are renamed rather than reported). */
  readonly inLet?: { readonly name: string; readonly span: Span };
  /** Quantifier indices introduced later (for a precise message when used too early). */
  readonly later?: ReadonlyMap<string, string>;
}

/**
 * The top-level factors of a product split into the arguments of its exp(...) factors
 * and the product of the rest (undefined when every factor is an exp; rebuilt with
 * `mul`): EXP FOLD of a family's base (Elaborator.expectation).
 */
function expFactors(e: Expr, mul: (product: Expr, left: Expr, right: Expr) => Expr): { rest: Expr | undefined; exponents: Expr[] } {
  if (e.kind === 'call' && e.fn === 'exp') return { rest: undefined, exponents: [e.arg] };
  if (e.kind === 'binop' && e.op === '*') {
    const l = expFactors(e.left, mul);
    const r = expFactors(e.right, mul);
    const rest = l.rest && r.rest ? (l.rest === e.left && r.rest === e.right ? e : mul(e, l.rest, r.rest)) : (l.rest ?? r.rest);
    return { rest, exponents: [...l.exponents, ...r.exponents] };
  }
  return { rest: e, exponents: [] };
}

/** Thrown to abandon an item that uses a broken definition, without a new diagnostic. */
class Abandon {}

const depthOf = new WeakMap<Expr, number>();
const sizeOf = new WeakMap<Expr, number>();

/** The direct subexpressions of an expression. */
export function childrenOf(e: Expr): Expr[] {
  switch (e.kind) {
    case 'num': case 'var': case 'index': case 'const': case 'name':
      return [];
    case 'neg': case 'call': case 'factorial':
      return [e.arg];
    case 'binop':
      return [e.left, e.right];
    case 'binomial': case 'stirling1':
      return [e.n, e.k];
    case 'sum': case 'prod':
      return e.hi === 'inf' ? [e.lo, e.body] : [e.lo, e.hi, e.body];
    case 'deriv':
      return [e.body, e.order];
    case 'val': case 'argmin': case 'argmax': case 'dsurface':
      return [e.body];
    case 'integral':
      return [...(e.lo !== undefined && e.lo !== '-inf' ? [e.lo] : []), ...(e.hi !== undefined && e.hi !== 'inf' ? [e.hi] : []), e.body];
    case 'coeff':
      return [e.body, e.power];
    case 'series':
      return [e.body, e.order];
    case 'apply':
      return [...e.args];
  }
}

/** Elaborates a parsed script. Never throws for bad input: problems become diagnostics. */
export function elaborate(script: Script): { program?: Elaborated; diagnostics: Diagnostic[] } {
  return new Elaborator(script.file).run(script);
}

class Elaborator {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly globals = new Map<string, Global>();
  /** Every declared var/let name with its declaration span (to explain use-before-definition). */
  private readonly declaredAnywhere = new Map<string, Span>();
  /** Names whose declaration failed: their uses abandon the item silently (the error is already reported). */
  private readonly brokenNames = new Set<string>();
  /** Declared exponential families (a namespace of their own: used only in E[...], Var[...], Cov[...]). */
  private readonly families = new Map<string, FamilyInfo>();
  private readonly familySpans = new Map<string, Span>();
  private readonly brokenFamilies = new Set<string>();
  private expansionNesting = 0;
  /** The definition whose body is being elaborated (a use of it there is recursion). */
  private declaring: LetInfo | undefined;
  /** Current recursion depth of `expr` (see there). */
  private exprDepth = 0;
  /** The sequences of the theorem being elaborated (`where T(n) = ...`), by name. */
  private sequences = new Set<string>();
  private work = 0;
  private workExceeded = false;

  constructor(private readonly file: SourceFile) {}

  run(script: Script): { program?: Elaborated; diagnostics: Diagnostic[] } {
    for (const s of script.statements) {
      if ((s.kind === 'var' || s.kind === 'let') && !this.declaredAnywhere.has(s.name)) this.declaredAnywhere.set(s.name, s.span);
      if (s.kind === 'family' && !this.familySpans.has(s.name)) this.familySpans.set(s.name, s.span);
    }
    let title: string | undefined;
    let source: string | undefined;
    const metaSpans = new Map<string, Span>();
    const vars = new Map<string, VarDecl>();
    const items: (ClaimDecl | CalcDecl)[] = [];
    const theorems: TheoremDecl[] = [];
    const itemNames = new Map<string, Span>();
    for (const s of script.statements) {
      try {
        switch (s.kind) {
          case 'meta': {
            const prev = metaSpans.get(s.key);
            if (prev) this.fail('name/duplicate', `duplicate '${s.key}'`, s.span, [`the first '${s.key}' is at ${this.pos(prev)}`]);
            metaSpans.set(s.key, s.span);
            if (s.key === 'title') title = s.value;
            else source = s.value;
            break;
          }
          case 'var': {
            const v = this.declareVar(s);
            vars.set(v.name, v);
            break;
          }
          case 'let':
            this.declareLet(s);
            break;
          case 'family': {
            // The implicit consistency claim NAME_normalised: E[NAME; 1] = 1.
            const claimName = `${s.name}_normalised`;
            const prev = itemNames.get(claimName);
            if (prev) this.fail('name/duplicate', `family '${s.name}' adds the claim '${claimName}', but that name was first used at ${this.pos(prev)}`, s.nameSpan);
            try {
              items.push(this.declareFamily(s, claimName));
            } catch (e) {
              this.brokenFamilies.add(s.name);
              throw e;
            }
            itemNames.set(claimName, s.span);
            break;
          }
          case 'theorem': {
            if (s.name !== undefined) {
              const prev = itemNames.get(s.name);
              if (prev) this.fail('name/duplicate', `duplicate theorem name '${s.name}'`, s.span, [`'${s.name}' was first used at ${this.pos(prev)}`]);
              itemNames.set(s.name, s.span);
            }
            theorems.push(this.elaborateTheorem(s));
            break;
          }
          case 'claim':
          case 'calc': {
            if (s.name !== undefined) {
              const prev = itemNames.get(s.name);
              if (prev) this.fail('name/duplicate', `duplicate ${s.kind} name '${s.name}'`, s.span, [`'${s.name}' was first used at ${this.pos(prev)}`]);
              itemNames.set(s.name, s.span);
            }
            items.push(s.kind === 'claim' ? this.elaborateClaim(s) : this.elaborateCalc(s));
            break;
          }
        }
      } catch (e) {
        if (e instanceof DiagnosticError) this.diagnostics.push(e.diagnostic);
        else if (!(e instanceof Abandon)) throw e;
        if ((s.kind === 'var' || s.kind === 'let') && !this.globals.has(s.name)) this.brokenNames.add(s.name);
      }
    }
    if (this.diagnostics.some((d) => d.severity === 'error')) return { diagnostics: this.diagnostics };
    const program: Elaborated = {
      file: this.file,
      ...(title !== undefined ? { title } : {}),
      ...(source !== undefined ? { source } : {}),
      vars,
      items,
      ...(theorems.length > 0 ? { theorems } : {}),
    };
    return { program, diagnostics: this.diagnostics };
  }

  // ---- helpers ----

  private pos(span: Span): string {
    return formatPosition(this.file, span.start);
  }

  private fail(code: string, message: string, span: Span, notes?: string[]): never {
    throw new DiagnosticError(errorAt(this.file, span, code, message, notes));
  }

  /** Registers a constructed node's depth and tree size, enforcing the limits. */
  private node<T extends Expr>(e: T): T {
    if (++this.work > MAX_TOTAL_WORK) {
      if (this.workExceeded) throw new Abandon();
      this.workExceeded = true;
      this.fail('limit/expansion', `elaborating this script builds more than ${MAX_TOTAL_WORK} expression nodes; reduce the number or size of definitions`, e.span);
    }
    let depth = 1;
    let size = 1;
    for (const c of childrenOf(e)) {
      depth = Math.max(depth, (depthOf.get(c) ?? 1) + 1);
      size += sizeOf.get(c) ?? 1;
    }
    if (depth > MAX_EXPANDED_DEPTH) {
      this.fail('limit/nesting', `expression nests more than ${MAX_EXPANDED_DEPTH} levels deep after expanding definitions`, e.span);
    }
    if (size > MAX_EXPANDED_SIZE) {
      this.fail('limit/expansion', `expanding the definitions makes this expression larger than ${MAX_EXPANDED_SIZE} nodes`, e.span);
    }
    depthOf.set(e, depth);
    sizeOf.set(e, size);
    return e;
  }

  private checkNewName(name: string, span: Span, what: string): void {
    if (BUILTIN_NAMES.has(name)) {
      const which = CONSTANTS.includes(name) ? `the constant ${name}` : name === 'E' || name === 'Var' || name === 'Cov' ? 'reserved for exponential families' : `a built-in function`;
      this.fail('name/reserved', `cannot declare ${what} '${name}': '${name}' is ${which}`, span);
    }
  }

  // ---- declarations ----

  private declareVar(s: VarDecl): VarDecl {
    this.checkNewName(s.name, s.span, 'a variable');
    const prev = this.globals.get(s.name);
    if (prev) {
      this.fail('name/duplicate', `'${s.name}' is already declared`, s.span, [`the first declaration of '${s.name}' is at ${this.pos(prev.info.decl.span)}`]);
    }
    const scope: Scope = { locals: new Map(), taken: new Set() };
    const what = `the domain of '${s.name}'`;
    let domain: Domain;
    let sort: 'int' | 'real' = 'real';
    let continuous = false;
    const d = s.domain;
    if (d.kind === 'real') {
      continuous = true;
      const lo = d.lo ? { value: this.constant(d.lo.value, scope, what), open: d.lo.open } : undefined;
      const hi = d.hi ? { value: this.constant(d.hi.value, scope, what), open: d.hi.open } : undefined;
      if (lo && hi) {
        const c = compareConst(lo.value, hi.value);
        if (c !== undefined && c >= 0) {
          this.fail('domain/empty-interval', `the interval of '${s.name}' is empty: its lower end must be less than its upper end`, s.span);
        }
      }
      domain = { kind: 'real', ...(lo ? { lo } : {}), ...(hi ? { hi } : {}) };
    } else if (d.kind === 'int') {
      sort = 'int';
      const lo = this.constant(d.lo, scope, what);
      const hi = this.constant(d.hi, scope, what);
      this.requireInt({ expr: lo, sort: sortOfConst(lo) }, `the lower end of the integer range of '${s.name}'`);
      this.requireInt({ expr: hi, sort: sortOfConst(hi) }, `the upper end of the integer range of '${s.name}'`);
      const c = compareConst(lo, hi);
      if (c !== undefined && c > 0) {
        this.fail('domain/empty-range', `the integer range of '${s.name}' is empty: its lower end must be at most its upper end`, s.span);
      }
      domain = { kind: 'int', lo, hi };
    } else {
      if (d.values.length === 0) this.fail('domain/empty-set', `the set of values of '${s.name}' is empty`, s.span);
      const values = d.values.map((v) => this.constant(v, scope, what));
      sort = values.every((v) => sortOfConst(v) === 'int') ? 'int' : 'real';
      domain = { kind: 'set', values };
    }
    const decl: VarDecl = { kind: 'var', name: s.name, domain, span: s.span };
    this.globals.set(s.name, { kind: 'var', info: { decl, sort, continuous } });
    return decl;
  }

  /** Elaborates a domain end or set value: must be a constant that evaluates to a finite number. */
  private constant(e: Expr, scope: Scope, what: string): Expr {
    const t = this.expr(e, scope);
    const v = findVar(t.expr);
    if (v) this.fail('domain/not-constant', `${what} must be a constant expression, found the variable '${v.name}'`, v.span);
    const val = evalConst(t.expr);
    if (val === undefined || !Number.isFinite(val.approx)) {
      this.fail('domain/not-constant', `${what} must evaluate to a finite number`, e.span);
    }
    return t.expr;
  }

  private declareLet(s: LetDecl): void {
    this.checkNewName(s.name, s.span, 'a definition');
    const prev = this.globals.get(s.name);
    if (prev) {
      this.fail('name/duplicate', `'${s.name}' is already declared`, s.span, [`the first declaration of '${s.name}' is at ${this.pos(prev.info.decl.span)}`]);
    }
    const info: LetInfo = { decl: s, broken: true };
    this.globals.set(s.name, { kind: 'let', info });
    const locals = new Map<string, Binding>();
    for (const p of s.params) {
      if (BUILTIN_NAMES.has(p)) this.fail('name/reserved', `cannot use '${p}' as a parameter name of '${s.name}': it is built in`, s.span);
      if (locals.has(p)) this.fail('name/duplicate', `parameter '${p}' of '${s.name}' is declared twice`, s.span);
      locals.set(p, { kind: 'poly', param: p });
    }
    const scope: Scope = { locals, taken: new Set(), inLet: { name: s.name, span: s.span } };
    // Definition check: errors that do not depend on the arguments are reported here, once.
    this.declaring = info;
    let t: Typed;
    try {
      t = this.expr(s.body, { ...scope, inLet: undefined });
    } finally {
      this.declaring = undefined;
    }
    if (s.params.length === 0) info.value = t;
    info.broken = false;
  }

  // ---- claims and calcs ----

  private quantifiers(qs: readonly Quantifier[]): { quantifiers: Quantifier[]; scope: Scope } {
    const locals = new Map<string, Binding>();
    const taken = new Set<string>();
    const out: Quantifier[] = [];
    qs.forEach((q, i) => {
      this.checkIndexName(q.index, q.span, { locals, taken });
      const later = new Map(qs.slice(i + 1).map((r) => [r.index, q.index] as [string, string]));
      const boundScope: Scope = { locals: new Map(locals), taken: new Set(taken), later };
      const lo = this.expr(q.lo, boundScope);
      const hi = this.expr(q.hi, boundScope);
      for (const [end, which] of [[lo, 'lower'], [hi, 'upper']] as const) {
        const v = findVar(end.expr);
        if (v) {
          this.fail('sort/quantifier-bound', `the ${which} bound of '${q.index}' may use only constants and earlier indices, found the variable '${v.name}'`, v.span);
        }
        this.requireInt(end, `the ${which} bound of '${q.index}'`);
      }
      if (!hasIndex(lo.expr) && !hasIndex(hi.expr)) {
        const c = compareConst(lo.expr, hi.expr);
        if (c !== undefined && c > 0) this.fail('domain/empty-range', `the range of '${q.index}' is empty: its lower bound must be at most its upper bound`, q.span);
      }
      out.push({ index: q.index, lo: lo.expr, hi: hi.expr, span: q.span });
      locals.set(q.index, { kind: 'index', name: q.index });
      taken.add(q.index);
    });
    return { quantifiers: out, scope: { locals, taken } };
  }

  /** `role` names what is bound in messages: an index, or the variable of an integral. */
  private checkIndexName(name: string, span: Span, scope: Pick<Scope, 'locals' | 'taken'>, role: 'index' | 'integral' = 'index'): void {
    const what = role === 'index' ? `index '${name}'` : `the variable of integration '${name}'`;
    const instead = role === 'index' ? 'choose another name' : `name it differently, as in integral(u = 0..1, u^2)`;
    if (BUILTIN_NAMES.has(name)) this.fail('name/reserved', `cannot use '${name}' as ${role === 'index' ? 'an index' : 'the variable of integration'}: it is built in`, span);
    const g = this.globals.get(name);
    if (g) {
      this.fail('name/shadow', `${what} would hide the ${g.kind === 'var' ? 'variable' : 'definition'} '${name}' declared at ${this.pos(g.info.decl.span)}; ${instead}${role === 'integral' && g.kind === 'var' ? `, or drop the declaration of '${name}'` : ''}`, span);
    }
    const b = scope.locals.get(name);
    if (b) {
      this.fail('name/shadow', b.kind === 'index'
        ? `${what} is already bound here; ${instead}`
        : `${what} would hide the parameter '${name}'; ${instead}`, span);
    }
  }

  // ---- exponential families ----

  /** Checks a family declaration and returns its implicit claim E[fam; 1] = 1. */
  private declareFamily(s: FamilyDecl, claimName: string): ClaimDecl {
    if (this.families.has(s.name)) {
      this.fail('name/duplicate', `family '${s.name}' is already declared`, s.nameSpan, [`the first declaration is at ${this.pos(this.families.get(s.name)!.decl.span)}`]);
    }
    if (BUILTIN_NAMES.has(s.name)) this.fail('name/reserved', `cannot declare a family '${s.name}': it is built in`, s.nameSpan);
    const seen = new Set<string>();
    for (const p of s.params) {
      if (seen.has(p.name)) this.fail('name/duplicate', `natural parameter '${p.name}' is listed twice`, p.span);
      seen.add(p.name);
      const g = this.globals.get(p.name);
      if (!g || g.kind !== 'var' || !g.info.continuous) {
        if (this.brokenNames.has(p.name)) throw new Abandon();
        this.fail('sort/expected-real-var', `the natural parameter '${p.name}' of family '${s.name}' must be a declared real variable (as in 'var ${p.name} real')`, p.span);
      }
    }
    if (s.statistic.length !== s.params.length) {
      this.fail('arity/family-statistic', `family '${s.name}' has ${s.params.length} natural parameter${s.params.length === 1 ? '' : 's'} but a statistic with ${s.statistic.length} component${s.statistic.length === 1 ? '' : 's'}`, s.statistic[0]!.span);
    }
    if (this.globals.has(s.variable) || BUILTIN_NAMES.has(s.variable) || s.params.some((p) => p.name === s.variable)) {
      this.fail('name/shadow', `the support variable '${s.variable}' of family '${s.name}' would hide ${BUILTIN_NAMES.has(s.variable) ? 'a built-in' : `the declared '${s.variable}'`}; choose another name`, s.variableSpan);
    }
    let values: Typed[] | undefined;
    if (s.support.kind === 'set') {
      if (s.support.values.length === 0) this.fail('domain/empty-set', `the support of family '${s.name}' is empty`, s.variableSpan);
      const empty: Scope = { locals: new Map(), taken: new Set() };
      values = s.support.values.map((v) => {
        const e = this.constant(v, empty, `a support value of family '${s.name}'`);
        return { expr: e, sort: sortOfConst(e) };
      });
    }
    const info: FamilyInfo = values ? { decl: s, values } : { decl: s };
    const one: Expr = { kind: 'num', num: 1n, den: 1n, span: s.nameSpan };
    // Elaborating E[fam; 1] checks the base, statistic and log-partition.
    const total = this.expectation(info, [one], { locals: new Map(), taken: new Set() }, s.nameSpan);
    this.families.set(s.name, info);
    const rhs = this.node({ kind: 'num', num: 1n, den: 1n, span: s.nameSpan } as Expr);
    return {
      kind: 'claim', name: claimName, quantifiers: [],
      formula: { kind: 'chain', terms: [total, rhs], ops: ['='], span: s.span }, span: s.span,
    };
  }

  /** A fresh output name for a bound variable (the support variable of a sum or integral). */
  private freshName(name: string, scope: Scope): string {
    let out = name;
    let k = 0;
    while (scope.taken.has(out) || this.globals.has(out)) out = `${name}_${++k}`;
    return out;
  }

  /**
   * E[fam; g1*...*gn]: sum (or series) over the support of h(x) exp(eta.T(x) - A(eta)) * g1 * ... * gn.
   * `factors` are surface expressions elaborated in `scope` with the support variable bound.
   */
  private expectation(f: FamilyInfo, factors: readonly Expr[], scope: Scope, span: Span): Expr {
    const d = f.decl;
    const termAt = (x: Binding): Expr => {
      const bound = x.kind === 'index' ? x.name : x.kind === 'param' && x.value.expr.kind === 'index' ? x.value.expr.name : undefined;
      const famScope: Scope = { locals: new Map([[d.variable, x]]), taken: new Set(bound !== undefined ? [bound] : []) };
      const locals = new Map(scope.locals);
      locals.set(d.variable, x);
      const taken = new Set(scope.taken);
      if (bound !== undefined) taken.add(bound);
      const gScope: Scope = { ...scope, locals, taken };
      let exponent: Expr | undefined;
      d.params.forEach((p, i) => {
        const t = this.expr(d.statistic[i]!, famScope).expr;
        const term = this.node({ kind: 'binop', op: '*', left: this.node({ kind: 'var', name: p.name, span: p.span } as Expr), right: t, span: t.span } as Expr);
        exponent = exponent ? this.node({ kind: 'binop', op: '+', left: exponent, right: term, span: t.span } as Expr) : term;
      });
      const a = this.expr(d.logPartition, famScope).expr;
      exponent = this.node({ kind: 'binop', op: '-', left: exponent!, right: a, span: a.span } as Expr);
      // EXP FOLD: the base's exp(u) factors join the exponent, h' exp(u + eta.T - A). The
      // same function wherever the base is defined (exp(u) exp(v) = exp(u + v)), and the
      // witness's doubles no longer meet 0 * inf in the far tails of an integral over the
      // reals: with base exp(-x^4) and statistic x, exp(-x^4) underflows where
      // exp(eta x - A) overflows, and every point was discarded as diverging.
      const { rest, exponents } = expFactors(this.expr(d.base, famScope).expr, (p, left, right) => this.node({ ...p, left, right } as Expr));
      for (const u of exponents) exponent = this.node({ kind: 'binop', op: '+', left: u, right: exponent, span: u.span } as Expr);
      const weight = this.node({ kind: 'call', fn: 'exp', arg: exponent, span });
      let term: Expr = rest ? this.node({ kind: 'binop', op: '*', left: rest, right: weight, span }) : weight;
      for (const g of factors) {
        const ge = this.expr(g, gScope).expr;
        term = this.node({ kind: 'binop', op: '*', left: term, right: ge, span });
      }
      return term;
    };
    if (f.values) {
      let total: Expr | undefined;
      for (const v of f.values) {
        const t = termAt({ kind: 'param', value: v, letName: d.name, param: d.variable });
        total = total ? this.node({ kind: 'binop', op: '+', left: total, right: t, span }) : t;
      }
      return total!;
    }
    const index = this.freshName(d.variable, scope);
    if (d.support.kind === 'naturals') {
      const body = termAt({ kind: 'index', name: index });
      return this.node({ kind: 'sum', index, lo: this.node({ kind: 'num', num: 0n, den: 1n, span }), hi: 'inf', body, span });
    }
    // A real support: the integral over all reals; the integration variable is a real-valued index node.
    const xv: Typed = { expr: this.node({ kind: 'index', name: index, span: d.variableSpan }), sort: 'real' };
    const body = termAt({ kind: 'param', value: xv, letName: d.name, param: d.variable });
    return this.node({ kind: 'integral', index, body, span });
  }

  /** E[fam; g], Var[fam; g] = E[g^2] - E[g]^2, Cov[fam; g1, g2] = E[g1*g2] - E[g1]*E[g2]. */
  private expectationForm(e: Extract<Expr, { kind: 'apply' }>, scope: Scope): Typed {
    const op = e.name.slice(0, -1);
    const famArg = e.args[0]!;
    const famName = famArg.kind === 'name' ? famArg.name : '?';
    const f = this.families.get(famName);
    if (!f) {
      if (this.brokenFamilies.has(famName)) throw new Abandon();
      const later = this.familySpans.get(famName);
      if (later) this.fail('name/used-before-definition', `family '${famName}' is used before its declaration at ${this.pos(later)}; declare it earlier`, famArg.span);
      const s = suggestName(famName, [...this.families.keys()]);
      this.fail('name/unknown', `unknown family '${famName}'${s ? `; did you mean '${s}'?` : ''}`, famArg.span, this.families.size === 0 ? ["declare one with 'family NAME(eta): ...'"] : undefined);
    }
    const want = op === 'Cov' ? 2 : 1;
    if (e.args.length - 1 !== want) {
      this.fail('arity/wrong-count', `'${op}[...]' takes a family and ${want} expression${want === 1 ? '' : 's'}, got ${e.args.length - 1}`, e.span, [`usage: ${op === 'Cov' ? 'Cov[family; g1, g2]' : `${op}[family; g]`}`]);
    }
    const sp = e.span;
    const bin = (o: '+' | '-' | '*' | '^', left: Expr, right: Expr): Expr => this.node({ kind: 'binop', op: o, left, right, span: sp });
    const two = (): Expr => this.node({ kind: 'num', num: 2n, den: 1n, span: sp });
    let out: Expr;
    if (op === 'E') out = this.expectation(f, [e.args[1]!], scope, sp);
    else if (op === 'Var') {
      const g = e.args[1]!;
      out = bin('-', this.expectation(f, [g, g], scope, sp), bin('^', this.expectation(f, [g], scope, sp), two()));
    } else {
      const [g1, g2] = [e.args[1]!, e.args[2]!];
      out = bin('-', this.expectation(f, [g1, g2], scope, sp), bin('*', this.expectation(f, [g1], scope, sp), this.expectation(f, [g2], scope, sp)));
    }
    return { expr: this.node({ ...out, span: sp } as Expr), sort: 'real' };
  }

  private elaborateClaim(s: ClaimDecl): ClaimDecl {
    const { quantifiers, scope } = this.quantifiers(s.quantifiers);
    const formula = this.formula(s.formula, scope);
    return { kind: 'claim', ...(s.name !== undefined ? { name: s.name } : {}), quantifiers, formula, span: s.span };
  }

  private formula(f: Formula, scope: Scope): Formula {
    if (f.kind === 'chain') {
      return { kind: 'chain', terms: f.terms.map((t) => this.expr(t, scope).expr), ops: f.ops, span: f.span };
    }
    const left = this.expr(f.left, scope).expr;
    const right = this.expr(f.right, scope).expr;
    const tol = this.expr(f.tolerance, scope).expr;
    const v = findVar(tol);
    if (v) this.fail('domain/bad-tolerance', `the tolerance must be a constant, found the variable '${v.name}'`, v.span);
    if (!hasIndex(tol)) {
      const val = evalConst(tol);
      if (val !== undefined && !(val.approx > 0)) {
        this.fail('domain/bad-tolerance', `the tolerance must be positive, found ${formatApprox(val.approx)}`, f.tolerance.span);
      }
    }
    return { kind: 'approx', left, right, tolerance: tol, relative: f.relative, span: f.span };
  }

  private elaborateCalc(s: CalcDecl): CalcDecl {
    const { quantifiers, scope } = this.quantifiers(s.quantifiers);
    const first = this.expr(s.first, scope).expr;
    const steps = s.steps.map((st) => ({ op: st.op, expr: this.expr(st.expr, scope).expr, rules: st.rules, span: st.span }));
    return { kind: 'calc', ...(s.name !== undefined ? { name: s.name } : {}), quantifiers, first, steps, span: s.span };
  }

  /**
   * A theorem: its parameters are bound as indices (symbolic integers, never
   * enumerated); bounds must be integer expressions of constants and earlier
   * parameters. Sequences (`where T(n) = ...`) may be applied in the statement,
   * the recurrence and the steps.
   */
  private elaborateTheorem(s: TheoremDecl): TheoremDecl {
    const locals = new Map<string, Binding>();
    const taken = new Set<string>();
    const params: TheoremParam[] = [];
    for (const q of s.params) {
      this.checkIndexName(q.index, q.span, { locals, taken });
      const boundScope: Scope = { locals: new Map(locals), taken: new Set(taken) };
      const lo = this.expr(q.lo, boundScope);
      this.requireInt(lo, `the lower bound of '${q.index}'`);
      const v = findVar(lo.expr);
      if (v) this.fail('sort/quantifier-bound', `the bounds of '${q.index}' may use only constants and earlier parameters, found the variable '${v.name}'`, v.span);
      let hi: Expr | undefined;
      if (q.hi) {
        const h = this.expr(q.hi, boundScope);
        this.requireInt(h, `the upper bound of '${q.index}'`);
        const hv = findVar(h.expr);
        if (hv) this.fail('sort/quantifier-bound', `the bounds of '${q.index}' may use only constants and earlier parameters, found the variable '${hv.name}'`, hv.span);
        hi = h.expr;
      }
      params.push(hi ? { index: q.index, lo: lo.expr, hi, span: q.span } : { index: q.index, lo: lo.expr, span: q.span });
      locals.set(q.index, { kind: 'index', name: q.index });
      taken.add(q.index);
    }
    const scope: Scope = { locals, taken };
    for (const sq of s.sequences) {
      this.checkNewName(sq.name, sq.span, 'a sequence');
      if (this.globals.has(sq.name) || locals.has(sq.name)) this.fail('name/duplicate', `'${sq.name}' is already declared`, sq.span);
    }
    const prevSeq = this.sequences;
    this.sequences = new Set(s.sequences.map((q) => q.name));
    try {
      const sequences = s.sequences.map((sq) => {
        const inner = new Map(locals);
        if (this.globals.has(sq.param)) this.fail('name/shadow', `the parameter '${sq.param}' of '${sq.name}' would hide another name; choose another`, sq.span);
        inner.set(sq.param, { kind: 'index', name: sq.param });
        const body = this.expr(sq.body, { locals: inner, taken: new Set([...taken, sq.param]) }).expr;
        return { name: sq.name, param: sq.param, body, span: sq.span };
      });
      const formula = this.formula(s.formula, scope);
      const steps: ProofStep[] = s.steps.map((st) => {
        if (st.done) return st;
        const right = this.expr(st.right!, scope).expr;
        const left = st.left ? this.expr(st.left, scope).expr : undefined;
        return { ...(left ? { left } : {}), op: st.op!, right, done: false, rules: st.rules, span: st.span };
      });
      if (s.induction && !params.some((p) => p.index === s.induction!.index)) {
        this.fail('name/unknown', `'${s.induction.index}' is not a parameter of the theorem (${params.map((p) => p.index).join(', ')})`, s.induction.span);
      }
      return {
        kind: 'theorem', ...(s.name !== undefined ? { name: s.name } : {}), params, sequences, ...(s.induction ? { induction: s.induction } : {}),
        formula: formula as TheoremDecl['formula'], steps, span: s.span,
      };
    } finally {
      this.sequences = prevSeq;
    }
  }

  // ---- expressions ----

  private requireInt(t: Typed, what: string): void {
    if (t.sort !== 'real') return;
    const culprit = realCulprit(t.expr, this.globals);
    this.fail('sort/expected-integer', `${what} must be an integer expression, found ${culprit.what}`, culprit.span);
  }

  private visibleNames(scope: Scope, functionsOnly: boolean): string[] {
    const names: string[] = [];
    for (const [k, g] of this.globals) {
      if (!functionsOnly || (g.kind === 'let' && g.info.decl.params.length > 0)) names.push(k);
    }
    if (!functionsOnly) for (const k of scope.locals.keys()) names.push(k);
    names.push(...BUILTIN_FUNCTIONS, ...SPECIAL_FORMS);
    if (!functionsOnly) names.push(...CONSTANTS);
    return names;
  }

  private unknown(name: string, span: Span, scope: Scope, functionsOnly: boolean): never {
    if (this.brokenNames.has(name)) throw new Abandon();
    const later = scope.later?.get(name);
    if (later !== undefined) {
      this.fail('name/index-order', `the bounds of '${later}' may use only earlier indices; '${name}' is introduced after '${later}'`, span);
    }
    const declared = this.declaredAnywhere.get(name);
    if (declared && !this.globals.has(name)) {
      this.fail('name/used-before-definition', `'${name}' is used before its declaration at ${this.pos(declared)}; declare it earlier`, span);
    }
    const s = suggestName(name, this.visibleNames(scope, functionsOnly));
    const missing = functionsOnly ? NOT_YET_BUILT_IN[name.toLowerCase()] : undefined;
    this.fail('name/unknown', `unknown ${functionsOnly ? 'function' : 'name'} '${name}'${s ? `; did you mean '${s}'?` : ''}`, span, missing ? [missing] : undefined);
  }

  /**
   * Elaborates a surface expression in `scope`. The depth limit is checked on the
   * way down too: a long operator chain (`1+1+...+1`, 60000 terms) nests only one
   * level in the source but is that deep as a tree, and recursing into it first
   * would overflow the stack before `node` could report it.
   */
  private expr(e: Expr, scope: Scope): Typed {
    if (this.exprDepth >= MAX_EXPANDED_DEPTH) {
      this.fail('limit/nesting', `expression nests more than ${MAX_EXPANDED_DEPTH} levels deep after expanding definitions`, e.span);
    }
    this.exprDepth++;
    try {
      return this.exprAt(e, scope);
    } finally {
      this.exprDepth--;
    }
  }

  private exprAt(e: Expr, scope: Scope): Typed {
    switch (e.kind) {
      case 'num':
        return { expr: this.node({ kind: 'num', num: e.num, den: e.den, span: e.span }), sort: e.den === 1n ? 'int' : 'real' };
      case 'name':
        return this.name(e.name, e.span, scope);
      case 'neg': {
        const a = this.expr(e.arg, scope);
        return { expr: this.node({ kind: 'neg', arg: a.expr, span: e.span }), sort: a.sort };
      }
      case 'binop': {
        const l = this.expr(e.left, scope);
        const r = this.expr(e.right, scope);
        const sort: Sort = e.op === '/' ? 'real' : l.sort === 'real' || r.sort === 'real' ? 'real' : l.sort === 'any' || r.sort === 'any' ? 'any' : 'int';
        return { expr: this.node({ kind: 'binop', op: e.op, left: l.expr, right: r.expr, span: e.span }), sort };
      }
      case 'factorial': {
        const a = this.expr(e.arg, scope);
        this.requireInt(a, "the argument of '!'");
        return { expr: this.node({ kind: 'factorial', arg: a.expr, span: e.span }), sort: 'int' };
      }
      case 'sum':
      case 'prod':
        return this.bigOp(e, scope);
      case 'apply':
        return this.apply(e, scope);
      case 'dsurface': {
        let order: Expr;
        if (e.orderExpr) {
          // d^n/dx^n: n is an integer expression of indices (order 0 is the body itself).
          const o = this.expr(e.orderExpr, scope);
          this.requireInt(o, 'the order of d^n/dx^n');
          const fv = findVar(o.expr);
          if (fv) this.fail('sort/derivative-order', `the order of a derivative must not depend on a variable, found '${fv.name}'`, fv.span);
          const val = hasIndex(o.expr) ? undefined : evalConst(o.expr);
          if (val !== undefined && !(val.approx >= 0 && val.approx <= MAX_DERIVATIVE_ORDER)) {
            this.fail('limit/derivative-order', `derivative order must be between 0 and ${MAX_DERIVATIVE_ORDER}, found ${formatApprox(val.approx)}`, e.orderExpr.span);
          }
          order = o.expr;
        } else {
          if (e.order < 1 || e.order > MAX_DERIVATIVE_ORDER) {
            this.fail('limit/derivative-order', `derivative order must be between 1 and ${MAX_DERIVATIVE_ORDER}, found ${e.order >= Number.MAX_SAFE_INTEGER ? 'a huge order' : e.order}`, e.span);
          }
          order = this.node({ kind: 'num', num: BigInt(e.order), den: 1n, span: e.span });
        }
        const v = this.seriesVar({ kind: 'name', name: e.var, span: e.varSpan }, 'the derivative variable', scope);
        const body = this.expr(e.body, scope);
        return { expr: this.node({ kind: 'deriv', var: v, order, body: body.expr, span: e.span }), sort: 'real' };
      }
      default:
        // Already-resolved kinds can appear when a tool elaborates a resolved tree; keep them.
        return { expr: e, sort: 'real' };
    }
  }

  private name(name: string, span: Span, scope: Scope): Typed {
    const b = scope.locals.get(name);
    if (b) {
      if (b.kind === 'index') return { expr: this.node({ kind: 'index', name: b.name, span }), sort: 'int' };
      if (b.kind === 'param') return b.value;
      return { expr: this.node({ kind: 'index', name, span }), sort: 'any' };
    }
    const g = this.globals.get(name);
    if (g) {
      if (g.kind === 'var') return { expr: this.node({ kind: 'var', name, span }), sort: g.info.sort };
      const info = g.info;
      if (info.broken) this.brokenLet(info, span);
      if (info.decl.params.length > 0) {
        const n = info.decl.params.length;
        this.fail('arity/missing-arguments', `'${name}' is a function of ${n} argument${n === 1 ? '' : 's'}; apply it as ${name}(${info.decl.params.join(', ')})`, span);
      }
      const v = info.value!;
      return { expr: this.node({ ...v.expr, span } as Expr), sort: v.sort };
    }
    if (name === 'pi' || name === 'e') return { expr: this.node({ kind: 'const', name, span }), sort: 'real' };
    if (BUILTIN_NAMES.has(name) || SOFT_BUILTINS.has(name)) {
      const how = name === 'sum' || name === 'prod' ? `${name}(i = lo..hi, body)`
        : name === 'E' || name === 'Var' || name === 'Cov' ? `${name}[...]` : `${name}(...)`;
      if (name === 'E' || name === 'Var' || name === 'Cov') {
        this.fail('arity/missing-arguments', `'${name}' is an expectation over a family; write it as ${name === 'Cov' ? 'Cov[family; g1, g2]' : `${name}[family; g]`}`, span);
      }
      this.fail('arity/missing-arguments', `'${name}' is a built-in function; apply it as ${how}`, span);
    }
    return this.unknown(name, span, scope, false);
  }

  /**
   * Resolves the variable of a derivative, series, coeff, val or argmin: it must be a
   * declared real variable (a let parameter stands for its argument).
   */
  private seriesVar(e: Expr, role: string, scope: Scope): string {
    if (e.kind !== 'name') {
      this.fail('sort/expected-real-var', `${role} must be a declared real variable, found an expression`, e.span);
    }
    const name = e.name;
    const b = scope.locals.get(name);
    if (b) {
      if (b.kind === 'poly') return name;
      if (b.kind === 'index') this.fail('sort/expected-real-var', `${role} must be a declared real variable, found the index '${name}'`, e.span);
      const v = b.value.expr;
      if (v.kind === 'var') return this.seriesVar({ kind: 'name', name: v.name, span: v.span }, role, { locals: new Map(), taken: new Set() });
      this.fail('sort/expected-real-var', `${role} must be a declared real variable, but parameter '${b.param}' of '${b.letName}' is given an expression here`, v.span, [
        `'${b.letName}' uses its parameter '${b.param}' as ${role}`,
      ]);
    }
    const g = this.globals.get(name);
    if (g) {
      if (g.kind === 'let') this.fail('sort/expected-real-var', `${role} must be a declared real variable, found the definition '${name}'`, e.span);
      if (!g.info.continuous) {
        const what = g.info.decl.domain.kind === 'int' ? `the integer variable '${name}'` : `'${name}', which ranges over a finite set`;
        this.fail('sort/expected-real-var', `${role} must be a declared real variable, found ${what}`, e.span);
      }
      return name;
    }
    if (BUILTIN_NAMES.has(name)) this.fail('sort/expected-real-var', `${role} must be a declared real variable, found the built-in '${name}'`, e.span);
    if (this.brokenNames.has(name)) throw new Abandon();
    const reals = [...this.globals].filter(([, g2]) => g2.kind === 'var' && g2.info.continuous).map(([k]) => k);
    const s = suggestName(name, reals);
    this.fail('name/unknown', `unknown variable '${name}'${s ? `; did you mean '${s}'?` : ''}`, e.span, [`${role} must be a declared real variable`]);
  }

  private bindIndex(name: string, span: Span, scope: Scope, role: 'index' | 'integral' = 'index'): { outName: string; scope: Scope } {
    let outName = name;
    if (scope.inLet) {
      // Inside an expanded let body: rename silently when the name is taken.
      let k = 0;
      while (scope.taken.has(outName) || this.globals.has(outName)) outName = `${name}_${++k}`;
    } else {
      this.checkIndexName(name, span, scope, role);
    }
    const locals = new Map(scope.locals);
    locals.set(name, { kind: 'index', name: outName });
    const taken = new Set(scope.taken);
    taken.add(outName);
    return { outName, scope: { ...scope, locals, taken } };
  }

  private bigOp(e: Extract<Expr, { kind: 'sum' | 'prod' }>, scope: Scope): Typed {
    const lo = this.expr(e.lo, scope);
    this.requireInt(lo, `the lower bound of ${e.kind}`);
    let hi: Expr | 'inf' = 'inf';
    if (e.hi !== 'inf') {
      const h = this.expr(e.hi, scope);
      this.requireInt(h, `the upper bound of ${e.kind}`);
      hi = h.expr;
    }
    const { outName, scope: inner } = this.bindIndex(e.index, e.span, scope);
    const body = this.expr(e.body, inner);
    const sort: Sort = hi === 'inf' ? 'real' : body.sort;
    return { expr: this.node({ kind: e.kind, index: outName, lo: lo.expr, hi, body: body.expr, span: e.span }), sort };
  }

  /**
   * integral(x = lo..hi, body) (from the parser or the LaTeX reader: an apply node with
   * the arguments [x, lo, hi, body], an infinite end being the reserved name `inf`).
   * The bounds are real expressions of the variables and indices in scope (not x); x
   * is bound in the body as a real-valued index, like the support variable of a family.
   */
  private integral(e: Extract<Expr, { kind: 'apply' }>, scope: Scope): Typed {
    this.arity(e, 4, 'integral(x = a..b, f)');
    const [xArg, loArg, hiArg, bodyArg] = e.args as [Expr, Expr, Expr, Expr];
    if (xArg.kind !== 'name') return this.fail('parse/expected-identifier', 'the variable of integration must be a name, as in integral(x = 0..1, x^2)', xArg.span);
    const isInf = (a: Expr): boolean => a.kind === 'name' && a.name === 'inf';
    const isNegInf = (a: Expr): boolean => a.kind === 'neg' && isInf(a.arg);
    if (isInf(loArg)) this.fail('domain/integral-bounds', "the lower end of an integral may be '-inf', not 'inf'", loArg.span);
    if (isNegInf(hiArg)) this.fail('domain/integral-bounds', "the upper end of an integral may be 'inf', not '-inf'", hiArg.span);
    const bound = (a: Expr, what: string): Expr => {
      const t = this.expr(a, scope);
      if (t.sort === 'any') this.requireInt(t, what);
      return t.expr;
    };
    const lo: Expr | '-inf' = isNegInf(loArg) ? '-inf' : bound(loArg, 'the lower end of the integral');
    const hi: Expr | 'inf' = isInf(hiArg) ? 'inf' : bound(hiArg, 'the upper end of the integral');
    const { outName, scope: inner } = this.bindIndex(xArg.name, xArg.span, scope, 'integral');
    const xv: Typed = { expr: this.node({ kind: 'index', name: outName, span: xArg.span }), sort: 'real' };
    const locals = new Map(inner.locals);
    locals.set(xArg.name, { kind: 'param', value: xv, letName: 'integral', param: xArg.name });
    const body = this.expr(bodyArg, { ...inner, locals });
    return { expr: this.node({ kind: 'integral', index: outName, lo, hi, body: body.expr, span: e.span }), sort: 'real' };
  }

  private arity(e: Extract<Expr, { kind: 'apply' }>, n: number | readonly number[], usage: string): void {
    const ok = typeof n === 'number' ? e.args.length === n : n.includes(e.args.length);
    if (!ok) {
      const want = typeof n === 'number' ? `${n} argument${n === 1 ? '' : 's'}` : n.map(String).join(' or ') + ' arguments';
      this.fail('arity/wrong-count', `'${e.name}' takes ${want}, got ${e.args.length}`, e.span, [`usage: ${usage}`]);
    }
  }

  private apply(e: Extract<Expr, { kind: 'apply' }>, scope: Scope): Typed {
    const name = e.name;
    if (name === 'E[' || name === 'Var[' || name === 'Cov[') return this.expectationForm(e, scope);
    if (this.sequences.has(name) && !scope.locals.has(name)) {
      this.arity(e, 1, `${name}(n)`);
      const a = this.expr(e.args[0]!, scope);
      this.requireInt(a, `the argument of the sequence '${name}'`);
      return { expr: this.node({ kind: 'apply', name, nameSpan: e.nameSpan, args: [a.expr], span: e.span }), sort: 'real' };
    }
    const local = scope.locals.get(name);
    const g = this.globals.get(name);
    if (local || (g && g.kind === 'var')) {
      const what = local ? (local.kind === 'index' ? 'an index' : 'a parameter') : 'a variable';
      this.fail('name/not-a-function', `'${name}' is ${what}, not a function; implicit multiplication is not allowed, write '${name}*(...)'`, e.nameSpan);
    }
    if (g && g.kind === 'let') return this.expandLet(e, g.info, scope);
    if ((BUILTIN_FUNCTIONS as readonly string[]).includes(name)) {
      this.arity(e, 1, `${name}(x)`);
      const a = this.expr(e.args[0]!, scope);
      return { expr: this.node({ kind: 'call', fn: name as BuiltinFn, arg: a.expr, span: e.span }), sort: 'real' };
    }
    switch (name) {
      case 'binomial': {
        this.arity(e, 2, 'binomial(n, k)');
        const n = this.expr(e.args[0]!, scope);
        const k = this.expr(e.args[1]!, scope);
        this.requireInt(n, 'the first argument of binomial(n, k)');
        this.requireInt(k, 'the second argument of binomial(n, k)');
        return { expr: this.node({ kind: 'binomial', n: n.expr, k: k.expr, span: e.span }), sort: 'int' };
      }
      case 'rising':
      case 'falling': {
        // rising(x, n) = x(x+1)...(x+n-1), falling(x, n) = x(x-1)...(x-n+1): sugar for
        // prod(i = 0..n-1, x +- i) over a fresh index (the empty product 1 for n <= 0).
        this.arity(e, 2, `${name}(x, n)`);
        const x = this.expr(e.args[0]!, scope);
        const n = this.expr(e.args[1]!, scope);
        this.requireInt(n, `the second argument of ${name}(x, n)`);
        const c = hasIndex(n.expr) ? undefined : evalConst(n.expr);
        if (c?.exact && c.exact[0] < 0n) this.fail('domain/negative-order', `${name}(x, n) needs n >= 0, got ${c.exact[0]}`, e.args[1]!.span);
        const index = this.freshName('i', scope);
        const sp = e.span;
        const i: Expr = this.node({ kind: 'index', name: index, span: sp });
        const body = this.node({ kind: 'binop', op: name === 'rising' ? '+' : '-', left: x.expr, right: i, span: sp });
        const hi = this.node({ kind: 'binop', op: '-', left: n.expr, right: this.node({ kind: 'num', num: 1n, den: 1n, span: sp }), span: sp });
        const lo = this.node({ kind: 'num', num: 0n, den: 1n, span: sp });
        return { expr: this.node({ kind: 'prod', index, lo, hi, body, span: sp }), sort: x.sort };
      }
      case 'stirling1': {
        this.arity(e, 2, 'stirling1(n, k)');
        const n = this.expr(e.args[0]!, scope);
        const k = this.expr(e.args[1]!, scope);
        this.requireInt(n, 'the first argument of stirling1(n, k)');
        this.requireInt(k, 'the second argument of stirling1(n, k)');
        return { expr: this.node({ kind: 'stirling1', n: n.expr, k: k.expr, span: e.span }), sort: 'int' };
      }
      case 'coeff': {
        this.arity(e, 2, 'coeff(e, p^k) or coeff(e, p)');
        const body = this.expr(e.args[0]!, scope);
        const m = e.args[1]!;
        let v: string;
        let power: Typed;
        if (m.kind === 'binop' && m.op === '^') {
          v = this.seriesVar(m.left, 'the variable of coeff(e, p^k)', scope);
          power = this.expr(m.right, scope);
          this.requireInt(power, 'the power in coeff(e, p^k)');
        } else if (m.kind === 'name') {
          v = this.seriesVar(m, 'the variable of coeff(e, p)', scope);
          power = { expr: this.node({ kind: 'num', num: 1n, den: 1n, span: m.span }), sort: 'int' };
        } else {
          this.fail('sort/expected-monomial', "the second argument of coeff must be a power 'p^k' (or 'p') of a declared real variable p", m.span);
        }
        return { expr: this.node({ kind: 'coeff', body: body.expr, var: v, power: power.expr, span: e.span }), sort: 'real' };
      }
      case 'series': {
        this.arity(e, 3, 'series(e, t, n)');
        const body = this.expr(e.args[0]!, scope);
        const v = this.seriesVar(e.args[1]!, 'the variable of series(e, t, n)', scope);
        const order = this.expr(e.args[2]!, scope);
        this.requireInt(order, 'the order of series(e, t, n)');
        const fv = findVar(order.expr);
        if (fv) this.fail('sort/series-order', `the order of series(e, t, n) must not depend on a variable, found '${fv.name}'`, fv.span);
        if (!hasIndex(order.expr) && order.sort === 'int') {
          const val = evalConst(order.expr);
          if (val !== undefined && !(val.approx >= 0 && val.approx <= MAX_SERIES_ORDER)) {
            this.fail('limit/series-order', `the order of series(e, t, n) must be between 0 and ${MAX_SERIES_ORDER}, found ${formatApprox(val.approx)}`, e.args[2]!.span);
          }
        }
        return { expr: this.node({ kind: 'series', body: body.expr, var: v, order: order.expr, span: e.span }), sort: 'real' };
      }
      case 'val': {
        this.arity(e, [1, 2], 'val(e, p), or val(e) when e has exactly one real variable');
        const body = this.expr(e.args[0]!, scope);
        let v: string;
        if (e.args.length === 2) {
          v = this.seriesVar(e.args[1]!, 'the variable of val(e, p)', scope);
        } else {
          const reals = new Set<string>();
          collectVars(body.expr, reals);
          const cont = [...reals].filter((r) => {
            const gg = this.globals.get(r);
            return gg?.kind === 'var' && gg.info.continuous;
          });
          if (cont.length !== 1 && !hasPoly(scope)) {
            this.fail('sort/val-variable', cont.length === 0
              ? 'val(e) needs a real variable, but e has none; write val(e, p)'
              : `val(e) is ambiguous: e has the real variables ${cont.map((c) => `'${c}'`).join(', ')}; write val(e, ${cont[0]})`, e.span);
          }
          v = cont[0] ?? '?';
        }
        return { expr: this.node({ kind: 'val', body: body.expr, var: v, span: e.span }), sort: 'int' };
      }
      case 'argmin':
      case 'argmax': {
        this.arity(e, 2, `${name}(s, e)`);
        const v = this.seriesVar(e.args[0]!, `the variable of ${name}(s, e)`, scope);
        const body = this.expr(e.args[1]!, scope);
        return { expr: this.node({ kind: name, var: v, body: body.expr, span: e.span }), sort: 'real' };
      }
      case 'beta': {
        // beta(a, b) = gamma(a) gamma(b) / gamma(a + b)
        this.arity(e, 2, 'beta(a, b)');
        const a = this.expr(e.args[0]!, scope).expr;
        const b = this.expr(e.args[1]!, scope).expr;
        const sp = e.span;
        const g = (arg: Expr): Expr => this.node({ kind: 'call', fn: 'gamma', arg, span: sp });
        const num = this.node({ kind: 'binop', op: '*', left: g(a), right: g(b), span: sp });
        const den = g(this.node({ kind: 'binop', op: '+', left: a, right: b, span: sp }));
        return { expr: this.node({ kind: 'binop', op: '/', left: num, right: den, span: sp }), sort: 'real' };
      }
      case 'integral':
        return this.integral(e, scope);
      case 'sum':
      case 'prod':
        return this.fail('parse/expected-token', `${name} is written ${name}(i = lo..hi, body)`, e.span);
      case 'pi':
      case 'e':
        return this.fail('name/not-a-function', `'${name}' is a constant, not a function; implicit multiplication is not allowed, write '${name}*(...)'`, e.nameSpan);
      default:
        return this.unknown(name, e.nameSpan, scope, true);
    }
  }

  /**
   * A use of a definition that has no value: one whose declaration failed (already
   * reported: abandon silently), or the definition being declared, used in its own
   * body — that is an error of its own, or the definition and every item using it
   * would vanish without a word.
   */
  private brokenLet(info: LetInfo, span: Span): never {
    if (info === this.declaring) {
      const name = info.decl.name;
      this.fail('name/used-before-definition', `'${name}' is used in its own definition; a definition cannot be recursive`, span, [
        `'${name}' is being defined at ${this.pos(info.decl.span)}`,
      ]);
    }
    throw new Abandon();
  }

  /** Expands `f(args)` by elaborating f's body with its parameters bound to the elaborated arguments. */
  private expandLet(e: Extract<Expr, { kind: 'apply' }>, info: LetInfo, scope: Scope): Typed {
    const d = info.decl;
    if (info.broken) this.brokenLet(info, e.nameSpan);
    if (d.params.length === 0) {
      this.fail('name/not-a-function', `'${d.name}' is a constant, not a function; implicit multiplication is not allowed, write '${d.name}*(...)'`, e.nameSpan);
    }
    this.arity(e, d.params.length, `${d.name}(${d.params.join(', ')}), defined at ${this.pos(d.span)}`);
    const args = e.args.map((a) => this.expr(a, scope));
    const locals = new Map<string, Binding>();
    const taken = new Set(scope.taken);
    d.params.forEach((p, i) => {
      locals.set(p, { kind: 'param', value: args[i]!, letName: d.name, param: p });
      collectIndexNames(args[i]!.expr, taken);
    });
    const inner: Scope = { locals, taken, inLet: { name: d.name, span: d.span } };
    let body: Typed;
    if (this.expansionNesting >= MAX_EXPANSION_NESTING) {
      this.fail('limit/nesting', `definitions expand inside one another more than ${MAX_EXPANSION_NESTING} levels deep`, e.span);
    }
    this.expansionNesting++;
    try {
      body = this.expr(d.body, inner);
    } catch (err) {
      if (err instanceof DiagnosticError && err.diagnostic.code === 'limit/nesting' && this.expansionNesting === 1) {
        // Report runaway expansion at the outermost application, where the user can act on it.
        throw new DiagnosticError({ ...err.diagnostic, span: e.span, notes: [`'${d.name}' is defined at ${this.pos(d.span)}`] });
      }
      if (err instanceof DiagnosticError && !err.diagnostic.notes?.some((n) => n.startsWith('in the expansion of'))) {
        const dg = err.diagnostic;
        throw new DiagnosticError({ ...dg, notes: [...(dg.notes ?? []), `in the expansion of '${d.name}' (defined at ${this.pos(d.span)}) applied at ${this.pos(e.span)}`] });
      }
      throw err;
    } finally {
      this.expansionNesting--;
    }
    return { expr: this.node({ ...body.expr, span: e.span } as Expr), sort: body.sort };
  }
}

function hasPoly(scope: Scope): boolean {
  for (const b of scope.locals.values()) if (b.kind === 'poly') return true;
  return false;
}

/** Iterative walk (results are depth-limited, but stay safe anyway). */
function walk(e: Expr, visit: (x: Expr) => boolean | void): void {
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (visit(x) === true) return;
    stack.push(...childrenOf(x));
  }
}

function findVar(e: Expr): Extract<Expr, { kind: 'var' }> | undefined {
  let found: Extract<Expr, { kind: 'var' }> | undefined;
  walk(e, (x) => {
    if (x.kind === 'var') {
      found = x;
      return true;
    }
    return false;
  });
  return found;
}

function hasIndex(e: Expr): boolean {
  let found = false;
  walk(e, (x) => {
    if (x.kind === 'index') found = true;
    return found;
  });
  return found;
}

function collectVars(e: Expr, out: Set<string>): void {
  walk(e, (x) => {
    if (x.kind === 'var') out.add(x.name);
  });
}

function collectIndexNames(e: Expr, out: Set<string>): void {
  walk(e, (x) => {
    if (x.kind === 'index') out.add(x.name);
    else if (x.kind === 'sum' || x.kind === 'prod') out.add(x.index);
  });
}

/** The first real-sorted leaf-ish subexpression, described for a sort error. */
function realCulprit(e: Expr, globals: ReadonlyMap<string, Global>): { what: string; span: Span } {
  switch (e.kind) {
    case 'var': {
      const g = globals.get(e.name);
      const finite = g?.kind === 'var' && g.info.decl.domain.kind === 'set';
      return { what: finite ? `the variable '${e.name}', whose set of values is not all integers` : `the real variable '${e.name}'`, span: e.span };
    }
    case 'num':
      return { what: `the non-integer number ${e.num}/${e.den}`, span: e.span };
    case 'const':
      return { what: `the constant ${e.name}`, span: e.span };
    case 'neg':
      return realCulprit(e.arg, globals);
    case 'binop': {
      if (e.op === '/') return { what: "a division ('/' always gives a real number)", span: e.span };
      const lSort = sortOfResolved(e.left, globals);
      return realCulprit(lSort === 'real' ? e.left : e.right, globals);
    }
    case 'call':
      return { what: `the real function ${e.fn}(...)`, span: e.span };
    case 'sum': case 'prod':
      return e.hi === 'inf' ? { what: `an infinite ${e.kind}`, span: e.span } : realCulprit(e.body, globals);
    default:
      return { what: `a real-valued ${e.kind} expression`, span: e.span };
  }
}

function sortOfResolved(e: Expr, globals: ReadonlyMap<string, Global>): 'int' | 'real' {
  switch (e.kind) {
    case 'num': return e.den === 1n ? 'int' : 'real';
    case 'index': case 'factorial': case 'binomial': case 'stirling1': case 'val': return 'int';
    case 'var': {
      const g = globals.get(e.name);
      return g?.kind === 'var' ? g.info.sort : 'real';
    }
    case 'neg': return sortOfResolved(e.arg, globals);
    case 'binop':
      return e.op !== '/' && sortOfResolved(e.left, globals) === 'int' && sortOfResolved(e.right, globals) === 'int' ? 'int' : 'real';
    case 'sum': case 'prod':
      return e.hi !== 'inf' ? sortOfResolved(e.body, globals) : 'real';
    default: return 'real';
  }
}

function sortOfConst(e: Expr): 'int' | 'real' {
  const v = evalConst(e);
  return v?.exact && v.exact[1] === 1n ? 'int' : sortOfResolved(e, new Map());
}

// ---- constant evaluation (for domain checks only; the kernel never relies on it) ----

interface ConstVal {
  readonly approx: number;
  /** Exact value num/den (den > 0, reduced) when the expression is rational. */
  readonly exact?: readonly [bigint, bigint];
}

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function rat(n: bigint, d: bigint): ConstVal | undefined {
  if (d === 0n) return undefined;
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const g = gcd(n, d);
  if (g > 1n) {
    n /= g;
    d /= g;
  }
  if (n.toString().length > 400 || d.toString().length > 400) return { approx: Number(n) / Number(d) };
  return { approx: Number(n) / Number(d), exact: [n, d] };
}

const FN: Readonly<Record<BuiltinFn, (x: number) => number>> = {
  exp: Math.exp, log: Math.log, sqrt: Math.sqrt, abs: Math.abs, sin: Math.sin, cos: Math.cos, tan: Math.tan,
  sinh: Math.sinh, cosh: Math.cosh, tanh: Math.tanh, atan: Math.atan, asin: Math.asin, acos: Math.acos, atanh: Math.atanh,
  sec: (x) => 1 / Math.cos(x), csc: (x) => 1 / Math.sin(x), cot: (x) => Math.cos(x) / Math.sin(x),
  gamma: (x) => specialReal('gamma', x), lgamma: (x) => specialReal('lgamma', x), digamma: (x) => specialReal('digamma', x),
};

/** Evaluates a closed expression: exactly when rational, else approximately. Undefined when it cannot. */
export function evalConst(e: Expr): ConstVal | undefined {
  switch (e.kind) {
    case 'num':
      return rat(e.num, e.den);
    case 'const':
      return { approx: e.name === 'pi' ? Math.PI : Math.E };
    case 'neg': {
      const a = evalConst(e.arg);
      if (!a) return undefined;
      return a.exact ? rat(-a.exact[0], a.exact[1]) : { approx: -a.approx };
    }
    case 'binop': {
      const l = evalConst(e.left);
      const r = evalConst(e.right);
      if (!l || !r) return undefined;
      if (l.exact && r.exact) {
        const [a, b] = l.exact;
        const [c, d] = r.exact;
        switch (e.op) {
          case '+': return rat(a * d + c * b, b * d);
          case '-': return rat(a * d - c * b, b * d);
          case '*': return rat(a * c, b * d);
          case '/': return c === 0n ? undefined : rat(a * d, b * c);
          case '^':
            if (d === 1n && c >= -64n && c <= 64n && a.toString().length + b.toString().length < 40) {
              if (c < 0n && a === 0n) return undefined;
              return c >= 0n ? rat(a ** c, b ** c) : rat(b ** -c, a ** -c);
            }
        }
      }
      const x = l.approx;
      const y = r.approx;
      const v = e.op === '+' ? x + y : e.op === '-' ? x - y : e.op === '*' ? x * y : e.op === '/' ? x / y : Math.pow(x, y);
      return Number.isNaN(v) ? undefined : { approx: v };
    }
    case 'call': {
      const a = evalConst(e.arg);
      if (!a) return undefined;
      const v = FN[e.fn](a.approx);
      return Number.isNaN(v) ? undefined : { approx: v };
    }
    case 'factorial': {
      const a = evalConst(e.arg);
      if (!a?.exact || a.exact[1] !== 1n || a.exact[0] < 0n || a.exact[0] > 170n) return undefined;
      let f = 1n;
      for (let i = 2n; i <= a.exact[0]; i++) f *= i;
      return rat(f, 1n);
    }
    default:
      return undefined;
  }
}

/** Compares two closed expressions (-1, 0, 1); undefined when either cannot be evaluated. */
function compareConst(a: Expr, b: Expr): number | undefined {
  const x = evalConst(a);
  const y = evalConst(b);
  if (!x || !y) return undefined;
  if (x.exact && y.exact) {
    const l = x.exact[0] * y.exact[1];
    const r = y.exact[0] * x.exact[1];
    return l < r ? -1 : l > r ? 1 : 0;
  }
  return x.approx < y.approx ? -1 : x.approx > y.approx ? 1 : 0;
}

function formatApprox(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
}
