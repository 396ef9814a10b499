/**
 * The PartiQL syntax tree the parser builds: general PartiQL expressions, of which
 * DynamoDB supports a subset (translate.ts decides what is supported). Nodes are plain
 * readonly objects with a `kind` discriminant.
 */

/** `name` or `"name"` (a quoted name is taken exactly as written). */
export interface Identifier {
  readonly kind: 'id';
  readonly name: string;
  readonly quoted: boolean;
}

/** One step after the root of a path. */
export type PathStep =
  | { readonly kind: 'dot'; readonly name: string; readonly quoted: boolean }
  | { readonly kind: 'dotStar' }
  | { readonly kind: 'index'; readonly index: Expr }
  | { readonly kind: 'indexStar' };

/** `a.b[1]`: a root expression and its steps. */
export interface PathExpr {
  readonly kind: 'path';
  readonly root: Expr;
  readonly steps: readonly PathStep[];
}

export type LiteralValue =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'number'; readonly text: string }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'null' }
  | { readonly type: 'missing' }
  | { readonly type: 'ion'; readonly text: string };

export interface Literal {
  readonly kind: 'literal';
  readonly value: LiteralValue;
}

/** `?`: the index-th parameter (0-based, in order of appearance). */
export interface Parameter {
  readonly kind: 'parameter';
  readonly index: number;
}

/** `[a, b]`, `<<a, b>>`, or a parenthesised row `(a, b)`. */
export interface Sequence {
  readonly kind: 'list' | 'bag';
  readonly items: readonly Expr[];
}

export interface Struct {
  readonly kind: 'struct';
  readonly fields: readonly { readonly key: Expr; readonly value: Expr }[];
}

/** `NOT x`, `-x`, `+x`. */
export interface Unary {
  readonly kind: 'unary';
  readonly op: string;
  readonly operand: Expr;
}

/** Infix operators: `=`, `<>`, `and`, `+`, `in`, `like`, ... (keywords lower case). */
export interface Binary {
  readonly kind: 'binary';
  readonly op: string;
  readonly left: Expr;
  readonly right: Expr;
}

/** `x [NOT] BETWEEN a AND b`, `x [NOT] LIKE p ESCAPE e`. */
export interface Ternary {
  readonly kind: 'ternary';
  readonly op: 'between' | 'not_between' | 'like' | 'not_like';
  readonly operand: Expr;
  readonly second: Expr;
  readonly third: Expr;
}

/** `x IS [NOT] <type>`. */
export interface IsType {
  readonly kind: 'is';
  readonly operand: Expr;
  readonly typeName: string;
  readonly negated: boolean;
}

/** `f(args)`; `name` lower case for keyword functions, as written otherwise. */
export interface Call {
  readonly kind: 'call';
  readonly name: string;
  readonly args: readonly Expr[];
}

/** An expression with an alias (`AS x`, `AT x`, `BY x`), kept so that translation can reject it. */
export interface Aliased {
  readonly kind: 'aliased';
  readonly expr: Expr;
  readonly alias: string;
}

/** A construct DynamoDB never supports, kept by name for the "Unsupported ..." answer. */
export interface Unsupported {
  readonly kind: 'unsupported';
  readonly what: string;
}

export interface OrderKey {
  readonly expr: Expr;
  readonly descending: boolean;
}

export interface Select {
  readonly kind: 'select';
  /** `*`, or the listed expressions. */
  readonly projection: { readonly kind: 'star' } | { readonly kind: 'list'; readonly items: readonly Expr[] } | { readonly kind: 'value'; readonly expr: Expr };
  readonly distinct: boolean;
  /** One entry per FROM source (joins and commas give several). */
  readonly from: readonly Expr[];
  readonly where?: Expr;
  readonly orderBy?: readonly OrderKey[];
  /** LET, GROUP BY, HAVING, LIMIT, OFFSET present (upper case), for "Unsupported clause". */
  readonly clauses: readonly string[];
}

/** `SET path = value`. */
export interface Assignment {
  readonly kind: 'set';
  readonly target: Expr;
  readonly value: Expr;
}

/** `REMOVE path`. */
export interface Removal {
  readonly kind: 'remove';
  readonly target: Expr;
}

/** `INSERT INTO target VALUE value [AT position]`, or the multi-item form (`values`). */
export interface Insertion {
  readonly kind: 'insert';
  readonly target: Expr;
  readonly value?: Expr;
  readonly values?: Expr;
  readonly position?: Expr;
  readonly onConflict?: string;
}

export type DmlOperation = Assignment | Removal | Insertion;

/** `RETURNING (MODIFIED|ALL) (NEW|OLD) *`. */
export interface ReturningElement {
  readonly mapping: 'MODIFIED OLD' | 'MODIFIED NEW' | 'ALL OLD' | 'ALL NEW';
  /** `*` (undefined) or a column expression. */
  readonly column?: Expr;
}

/**
 * UPDATE, DELETE, the FROM-first form and a bare INSERT all normalise to this:
 * a source, the operations (none for DELETE), WHERE and RETURNING.
 */
export interface Dml {
  readonly kind: 'dml';
  readonly verb: 'update' | 'delete' | 'from' | 'insert';
  /** Table expressions (the FROM-first form may list several). */
  readonly sources: readonly Expr[];
  readonly operations: readonly DmlOperation[];
  readonly where?: Expr;
  readonly returning?: readonly ReturningElement[];
}

export type Expr =
  | Identifier
  | PathExpr
  | Literal
  | Parameter
  | Sequence
  | Struct
  | Unary
  | Binary
  | Ternary
  | IsType
  | Call
  | Aliased
  | Unsupported
  | Select
  | Dml;

/** A parsed statement: its root expression and how many `?` it holds. */
export interface ParsedStatement {
  readonly root: Expr;
  readonly parameterCount: number;
}
