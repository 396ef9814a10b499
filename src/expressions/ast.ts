/**
 * The compiled (resolved) expression AST: `#name` placeholders replaced by attribute
 * names, `:value` placeholders by their attribute values. Every node is frozen and has a
 * `kind` discriminant; evaluation (evaluate.ts, update.ts, projection.ts) only reads it.
 */
import type { AttributeValue } from '../model/attribute-value.js';

/** One step of a document path: an attribute/map key (string) or a list index (number). */
export type PathElement = string | number;

/** `a.b[2].c` after substitution. */
export interface DocumentPath {
  readonly kind: 'path';
  readonly elements: readonly PathElement[];
}

/** A `:value` placeholder and the attribute value it stands for. */
export interface Literal {
  readonly kind: 'value';
  readonly name: string;
  readonly value: AttributeValue;
}

/** Functions usable in condition expressions. */
export type ConditionFunctionName = 'attribute_exists' | 'attribute_not_exists' | 'attribute_type' | 'begins_with' | 'contains' | 'size';
/** Functions usable in update expressions. */
export type UpdateFunctionName = 'if_not_exists' | 'list_append';
export type FunctionName = ConditionFunctionName | UpdateFunctionName;

/** A function call: a condition (attribute_exists(a)) or an operand (size(a), if_not_exists(a, :v)). */
export interface FunctionCall {
  readonly kind: 'function';
  readonly name: FunctionName;
  readonly args: readonly Operand[];
}

/** Something that yields an attribute value (or nothing, when a path is missing). */
export type Operand = DocumentPath | Literal | FunctionCall;

export type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>=';

export interface Comparison {
  readonly kind: 'comparison';
  readonly op: Comparator;
  readonly left: Operand;
  readonly right: Operand;
}

export interface Between {
  readonly kind: 'between';
  readonly operand: Operand;
  readonly lower: Operand;
  readonly upper: Operand;
}

export interface In {
  readonly kind: 'in';
  readonly operand: Operand;
  readonly list: readonly Operand[];
}

export interface Not {
  readonly kind: 'not';
  readonly operand: ConditionNode;
}

export interface Logical {
  readonly kind: 'and' | 'or';
  readonly left: ConditionNode;
  readonly right: ConditionNode;
}

/** A boolean-valued node of a condition, filter or key condition expression. */
export type ConditionNode = Comparison | Between | In | FunctionCall | Not | Logical;

/** `a + b` / `a - b` on the right-hand side of SET. */
export interface Arithmetic {
  readonly kind: 'arithmetic';
  readonly op: '+' | '-';
  readonly left: Operand;
  readonly right: Operand;
}

/** The right-hand side of a SET action. */
export type SetValue = Operand | Arithmetic;

export type UpdateAction =
  | { readonly kind: 'set'; readonly path: DocumentPath; readonly value: SetValue }
  | { readonly kind: 'remove'; readonly path: DocumentPath }
  | { readonly kind: 'add'; readonly path: DocumentPath; readonly value: Literal }
  | { readonly kind: 'delete'; readonly path: DocumentPath; readonly value: Literal };

/**
 * A tree of non-overlapping document paths: each key is a path element, each value the
 * subtree below it, or the leaf payload (`L`) where a path ends.
 */
export interface PathTree<L> {
  readonly children: ReadonlyMap<PathElement, PathTree<L> | Leaf<L>>;
}

/** Where a path ends in a PathTree. */
export interface Leaf<L> {
  readonly leaf: L;
}

/** Type guard telling a leaf from a subtree. */
export const isLeaf = <L>(node: PathTree<L> | Leaf<L>): node is Leaf<L> => 'leaf' in node;

/** Freezes a freshly built node (shallowly: children are frozen when built). */
export const node = <T extends object>(value: T): Readonly<T> => Object.freeze(value);

/** `[a, b, [2]]`: how DynamoDB prints a document path in messages. */
export function formatPath(elements: readonly PathElement[]): string {
  return `[${elements.map((element) => (typeof element === 'number' ? `[${element}]` : element)).join(', ')}]`;
}

/** True when two paths have the same elements (names and indexes alike). */
export function samePath(a: DocumentPath, b: DocumentPath): boolean {
  return a.elements.length === b.elements.length && a.elements.every((element, i) => element === b.elements[i]);
}
