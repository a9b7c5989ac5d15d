/**
 * The proof language's syntax trees. The parser produces a `Script` of surface
 * statements; the elaborator resolves names, expands `let` definitions and checks
 * sorts, producing an `Elaborated` program whose expressions are all `Expr` nodes of
 * the resolved kinds (no `name`/`apply` nodes remain).
 *
 * This module depends on nothing: both the checker (which lowers to the exact
 * kernel) and the numeric witness in src/verify (which must never import the
 * kernel) read these trees. Literals are therefore plain bigint pairs, not kernel
 * rationals.
 */

/** A half-open range of character offsets [start, end) into one source file. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** A source file: its display name and text. */
export interface SourceFile {
  readonly name: string;
  readonly text: string;
}

export type RelOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** Built-in functions of one real argument. */
export type BuiltinFn =
  | 'exp' | 'log' | 'sqrt' | 'abs' | 'sin' | 'cos' | 'tan' | 'sinh' | 'cosh' | 'tanh'
  | 'atan' | 'asin' | 'acos' | 'atanh' | 'sec' | 'csc' | 'cot'
  /** Euler's Gamma, log|Gamma| and psi = Gamma'/Gamma. */
  | 'gamma' | 'lgamma' | 'digamma';

/**
 * Expressions. After elaboration only these kinds occur:
 * - `num`: an exact literal num/den (decimal literals like 4.03 are exact: 403/100);
 * - `var`: a declared `var` (real, or integer when its domain is an integer range or set);
 * - `index`: an integer index bound by a quantifier, a sum/prod, or a theorem parameter;
 * - `const`: pi or e;
 * - the rest are operators and built-ins.
 * Before elaboration, `name` and `apply` nodes also occur.
 */
export type Expr =
  | { readonly kind: 'num'; readonly num: bigint; readonly den: bigint; readonly span: Span }
  | { readonly kind: 'var'; readonly name: string; readonly span: Span }
  | { readonly kind: 'index'; readonly name: string; readonly span: Span }
  | { readonly kind: 'const'; readonly name: 'pi' | 'e'; readonly span: Span }
  | { readonly kind: 'neg'; readonly arg: Expr; readonly span: Span }
  | { readonly kind: 'binop'; readonly op: '+' | '-' | '*' | '/' | '^'; readonly left: Expr; readonly right: Expr; readonly span: Span }
  | { readonly kind: 'call'; readonly fn: BuiltinFn; readonly arg: Expr; readonly span: Span }
  | { readonly kind: 'factorial'; readonly arg: Expr; readonly span: Span }
  | { readonly kind: 'binomial'; readonly n: Expr; readonly k: Expr; readonly span: Span }
  /** The unsigned Stirling number of the first kind [n k] (0 unless 0 <= k <= n, and [0 0] = 1). */
  | { readonly kind: 'stirling1'; readonly n: Expr; readonly k: Expr; readonly span: Span }
  /** sum/prod over an integer index; `hi` is 'inf' for an infinite series. */
  | { readonly kind: 'sum' | 'prod'; readonly index: string; readonly lo: Expr; readonly hi: Expr | 'inf'; readonly body: Expr; readonly span: Span }
  /**
   * d^order/dvar^order body (partial derivative in `var`, a declared real var); the
   * order is an integer expression (a number, or an index as in d^k/dp^k), order 0
   * being body itself.
   */
  | { readonly kind: 'deriv'; readonly var: string; readonly order: Expr; readonly body: Expr; readonly span: Span }
  /** [var^power] body: the coefficient of var^power in the power series of body about var = 0. */
  | { readonly kind: 'coeff'; readonly body: Expr; readonly var: string; readonly power: Expr; readonly span: Span }
  /** The Taylor polynomial of body in var about 0, through var^order. */
  | { readonly kind: 'series'; readonly body: Expr; readonly var: string; readonly order: Expr; readonly span: Span }
  /** The valuation (order of the first nonzero coefficient) of body's power series in var. */
  | { readonly kind: 'val'; readonly body: Expr; readonly var: string; readonly span: Span }
  /**
   * The integral of body d(index) from lo to hi (both absent: over all reals, as
   * E[fam; g] for a real support builds it); the integration variable is referenced
   * in body as { kind: 'index', name: index } (real-valued, not an integer).
   */
  | { readonly kind: 'integral'; readonly index: string; readonly body: Expr; readonly lo?: Expr | '-inf'; readonly hi?: Expr | 'inf'; readonly span: Span }
  /** The minimiser (maximiser) of body over the declared domain of var. */
  | { readonly kind: 'argmin' | 'argmax'; readonly var: string; readonly body: Expr; readonly span: Span }
  /** Surface only: an identifier before name resolution. */
  | { readonly kind: 'name'; readonly name: string; readonly span: Span }
  /** Surface only: f(args) before name resolution (user function or built-in). */
  | { readonly kind: 'apply'; readonly name: string; readonly nameSpan: Span; readonly args: readonly Expr[]; readonly span: Span }
  /**
   * Surface only: d/dx e or dN/dxN e (order N), or d^n/dx^n e (`orderExpr` n: a
   * number, a name or a parenthesised expression), before resolution of x.
   */
  | { readonly kind: 'dsurface'; readonly var: string; readonly varSpan: Span; readonly order: number; readonly orderExpr?: Expr; readonly body: Expr; readonly span: Span };

/** One integer quantifier `j in lo..hi` (both ends inclusive; bounds may use earlier indices). */
export interface Quantifier {
  readonly index: string;
  readonly lo: Expr;
  readonly hi: Expr;
  readonly span: Span;
}

/** The domain of a declared variable. */
export type Domain =
  /** A real interval; a missing end is infinite. `var a > 0` is { lo: 0 open }. */
  | { readonly kind: 'real'; readonly lo?: { readonly value: Expr; readonly open: boolean }; readonly hi?: { readonly value: Expr; readonly open: boolean } }
  /** An integer range lo..hi, both inclusive. */
  | { readonly kind: 'int'; readonly lo: Expr; readonly hi: Expr }
  /** A finite set of exact values. */
  | { readonly kind: 'set'; readonly values: readonly Expr[] };

export interface VarDecl {
  readonly kind: 'var';
  readonly name: string;
  readonly domain: Domain;
  readonly span: Span;
}

export interface LetDecl {
  readonly kind: 'let';
  readonly name: string;
  readonly params: readonly string[];
  readonly body: Expr;
  readonly span: Span;
}

/** A relation chain e0 op1 e1 op2 e2 ... (a = b, 0 < e < 1). */
export interface Chain {
  readonly kind: 'chain';
  readonly terms: readonly Expr[];
  readonly ops: readonly RelOp[];
  readonly span: Span;
}

/** left ≈ right within tol (absolute) or within tol% / rel tol (relative). */
export interface Approx {
  readonly kind: 'approx';
  readonly left: Expr;
  readonly right: Expr;
  readonly tolerance: Expr;
  readonly relative: boolean;
  readonly span: Span;
}

export type Formula = Chain | Approx;

/** A rule citation after `by`: a rule or lemma name. */
export interface RuleRef {
  readonly name: string;
  readonly span: Span;
}

export interface ClaimDecl {
  readonly kind: 'claim';
  readonly name?: string;
  readonly quantifiers: readonly Quantifier[];
  readonly formula: Formula;
  readonly span: Span;
}

/** One step `op expr by rule, rule` of a calc chain. */
export interface CalcStep {
  readonly op: RelOp;
  readonly expr: Expr;
  readonly rules: readonly RuleRef[];
  readonly span: Span;
}

export interface CalcDecl {
  readonly kind: 'calc';
  readonly name?: string;
  readonly quantifiers: readonly Quantifier[];
  readonly first: Expr;
  readonly steps: readonly CalcStep[];
  readonly span: Span;
}

export interface MetaDecl {
  readonly kind: 'meta';
  readonly key: 'title' | 'source';
  readonly value: string;
  readonly span: Span;
}

/**
 * A symbolic integer parameter of a theorem: `j >= lo` (no upper end) or
 * `k in lo..hi`. Bounds are integer expressions of constants and earlier
 * parameters. The parameter is never enumerated: the proof holds for every value.
 */
export interface TheoremParam {
  readonly index: string;
  readonly lo: Expr;
  readonly hi?: Expr;
  readonly span: Span;
}

/**
 * `where T(n) = body`: a sequence given by a recurrence, assumed for every value
 * of the theorem's first parameter. In a theorem's elaborated expressions, an
 * application T(e) is an `apply` node with one elaborated argument.
 */
export interface SequenceDef {
  readonly name: string;
  readonly param: string;
  readonly body: Expr;
  readonly span: Span;
}

/**
 * A proof step: `left op right by rules`; `left` is absent when the step
 * continues from the previous step's right side (`= right by rules`); `done by
 * rules` derives the theorem's statement from the established steps.
 */
export interface ProofStep {
  readonly left?: Expr;
  readonly op?: RelOp;
  readonly right?: Expr;
  readonly done: boolean;
  readonly rules: readonly RuleRef[];
  readonly span: Span;
}

/**
 * `theorem [name]: for all params: formula [where ...] proof [by induction on n]
 * steps qed`. With `induction`, the steps form two chains: the base (the statement
 * at n's lower bound) and the step (the statement at n + 1, from the hypothesis at n).
 */
export interface TheoremDecl {
  readonly kind: 'theorem';
  readonly name?: string;
  readonly params: readonly TheoremParam[];
  readonly sequences: readonly SequenceDef[];
  readonly induction?: { readonly index: string; readonly span: Span };
  readonly formula: Chain;
  readonly steps: readonly ProofStep[];
  readonly span: Span;
}

/**
 * The support of an exponential family: a finite set of exact values, the
 * naturals 0, 1, 2, ... (`x in 0..inf`), or all reals (`x real`).
 */
export type FamilySupport =
  | { readonly kind: 'set'; readonly values: readonly Expr[] }
  | { readonly kind: 'naturals' }
  | { readonly kind: 'real' };

/**
 * `family NAME(eta1, ..., etak):` with `support x ...`, `base h(x)`,
 * `statistic T(x)` or `statistic (T1(x), ..., Tk(x))`, `logpartition A(eta)`:
 * the density h(x) exp(eta1 T1(x) + ... + etak Tk(x) - A(eta)) over the support.
 * The natural parameters are declared real variables. Surface only: the
 * elaborator turns E[NAME; g], Var[NAME; g], Cov[NAME; g1, g2] into sums (and
 * integrals) over the support, and adds the claim NAME_normalised: E[NAME; 1] = 1.
 * In the surface tree, E[fam; g] is an `apply` node whose name is 'E[' (also
 * 'Var[', 'Cov['), whose first argument is a `name` node for the family, followed
 * by the arguments g (g1, g2); no user function can have such a name.
 */
export interface FamilyDecl {
  readonly kind: 'family';
  readonly name: string;
  readonly nameSpan: Span;
  readonly params: readonly { readonly name: string; readonly span: Span }[];
  readonly variable: string;
  readonly variableSpan: Span;
  readonly support: FamilySupport;
  readonly base: Expr;
  readonly statistic: readonly Expr[];
  readonly logPartition: Expr;
  readonly span: Span;
}

export type Statement = MetaDecl | VarDecl | LetDecl | ClaimDecl | CalcDecl | TheoremDecl | FamilyDecl;

/** A parsed file: statements in order, with the source for diagnostics. */
export interface Script {
  readonly file: SourceFile;
  readonly statements: readonly Statement[];
}

/**
 * An elaborated program: every expression resolved (lets expanded, names bound),
 * ready for the checker and the numeric witness. Claims and calcs keep file order.
 */
export interface Elaborated {
  readonly file: SourceFile;
  readonly title?: string;
  readonly source?: string;
  readonly vars: ReadonlyMap<string, VarDecl>;
  readonly items: readonly (ClaimDecl | CalcDecl)[];
  /** Theorems over symbolic integers (checked by the lemma kernel), in file order. */
  readonly theorems?: readonly TheoremDecl[];
}
