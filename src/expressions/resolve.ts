/**
 * Resolution and validation of a parsed expression against a request's
 * ExpressionAttributeNames/Values, producing the frozen AST that evaluation uses.
 *
 * Order follows DynamoDB: operands before their operator (post-order); for each operator
 * the operand count, then operand types, then "first operand must be distinct", then the
 * operator's own rules; an operator counter capped at 300 per expression. Update and
 * projection paths are validated and merged into a path tree from the last one written
 * to the first, which is why overlap messages name the later path as "path one".
 */
import { ATTRIBUTE_TYPES, payloadOf, typeOf, type AttributeType, type AttributeValue } from '../model/attribute-value.js';
import { compareValues } from '../model/compare.js';
import {
  formatPath,
  isLeaf,
  node,
  samePath,
  type ConditionNode,
  type DocumentPath,
  type FunctionCall,
  type FunctionName,
  type Leaf,
  type Literal,
  type Operand,
  type PathElement,
  type PathTree,
  type SetValue,
  type UpdateAction,
} from './ast.js';
import { ExpressionError } from './expression-error.js';
import { EXPRESSION_MESSAGES } from './messages.js';
import { firstInHashOrder } from './path-order.js';
import type { RawAction, RawCondition, RawOperand, RawPath, RawSection, RawSetValue, RawValue } from './parser.js';
import type { ExpressionScope } from './scope.js';

/** Longest document path (number of elements). */
export const MAX_PATH_DEPTH = 32;
/** Most operators and functions in one expression. */
export const MAX_OPERATORS = 300;
/** Most values on the right of IN. */
export const MAX_IN_OPERANDS = 100;

/** How DynamoDB prints "any type", the possible types of a document path. */
export const ANY_TYPE_SYMBOLS = '{S,SS,N,NS,B,BS,BOOL,NULL,L,M,HD,DOUBLE,FLOAT,HDS,FS,DOUBLESET,DICT,DECIMAL,INT,DECIMALSET,INTSET}';
/** The type names attribute_type accepts, as DynamoDB lists them. */
export const ATTRIBUTE_TYPE_NAMES = '{S,SS,N,NS,B,BS,BOOL,NULL,L,M}';

type TypeSet = ReadonlySet<AttributeType>;
const types = (...list: AttributeType[]): TypeSet => new Set(list);
const ALL = types(...ATTRIBUTE_TYPES);
const ORDERED = types('S', 'N', 'B');
const BOOLEAN = types('BOOL');
const NUMBER = types('N');
const LIST = types('L');
const ADD_OPERAND = types('N', 'SS', 'NS', 'BS');
const DELETE_OPERAND = types('SS', 'NS', 'BS');

/** How the ADD/DELETE operand type error names a type. */
const TYPE_NAMES: Readonly<Record<AttributeType, string>> = {
  S: 'STRING',
  N: 'NUMBER',
  B: 'BINARY',
  BOOL: 'BOOLEAN',
  NULL: 'NULL',
  M: 'MAP',
  L: 'LIST',
  SS: 'STRING_SET',
  NS: 'NUMBER_SET',
  BS: 'BINARY_SET',
};

interface FunctionSpec {
  readonly operands: number;
  readonly operandTypes: TypeSet;
  /** undefined: any type (if_not_exists returns whatever its operands hold) */
  readonly returns: TypeSet | undefined;
  /** "The first operand must be distinct from the remaining operands" applies */
  readonly distinct: boolean;
}

const FUNCTIONS: Readonly<Record<FunctionName, FunctionSpec>> = {
  attribute_exists: { operands: 1, operandTypes: ALL, returns: BOOLEAN, distinct: true },
  attribute_not_exists: { operands: 1, operandTypes: ALL, returns: BOOLEAN, distinct: true },
  attribute_type: { operands: 2, operandTypes: ALL, returns: BOOLEAN, distinct: true },
  begins_with: { operands: 2, operandTypes: types('S', 'B'), returns: BOOLEAN, distinct: true },
  contains: { operands: 2, operandTypes: ALL, returns: BOOLEAN, distinct: true },
  size: { operands: 1, operandTypes: types('S', 'B', 'SS', 'NS', 'BS', 'L', 'M'), returns: NUMBER, distinct: true },
  if_not_exists: { operands: 2, operandTypes: ALL, returns: undefined, distinct: true },
  list_append: { operands: 2, operandTypes: LIST, returns: LIST, distinct: false },
};

/** Per-compile state: the scope (its placeholder lookups) and the running operator count. */
export interface ResolveContext {
  readonly scope: Pick<ExpressionScope, 'resolveName' | 'resolveValue'>;
  operators: number;
}

const fail = (reason: string): never => {
  throw new ExpressionError(reason);
};

/** True when `operand` may produce a value of one of `allowed` (paths may hold anything). */
function mayBe(operand: Operand, allowed: TypeSet): boolean {
  if (operand.kind === 'path') return true;
  if (operand.kind === 'value') return allowed.has(typeOf(operand.value));
  const returns = FUNCTIONS[operand.name].returns;
  return returns === undefined || [...returns].some((type) => allowed.has(type));
}

/** The possible types of `operand` as DynamoDB prints them in operand type errors. */
function typeSymbols(operand: Operand): string {
  if (operand.kind === 'value') return typeOf(operand.value);
  const returns = operand.kind === 'function' ? FUNCTIONS[operand.name].returns : undefined;
  if (returns === undefined) return ANY_TYPE_SYMBOLS;
  return returns.size === 1 ? [...returns][0] : `{${[...returns].join(',')}}`;
}

/** The generic operator checks: operand count, operand types, distinct first operand. */
function checkOperator(name: string, operands: readonly Operand[], expected: number | undefined, allowed: TypeSet, distinct: boolean): void {
  if (expected !== undefined && operands.length !== expected) fail(EXPRESSION_MESSAGES.operandCount(name, operands.length));
  for (const operand of operands) {
    if (!mayBe(operand, allowed)) fail(EXPRESSION_MESSAGES.operandType(name, typeSymbols(operand)));
  }
  const [first, ...rest] = operands;
  if (distinct && first?.kind === 'path') {
    for (const other of rest) {
      if (other.kind === 'path' && samePath(first, other)) fail(EXPRESSION_MESSAGES.distinctOperands(name, formatPath(first.elements)));
    }
  }
}

function countOperator(ctx: ResolveContext): void {
  ctx.operators++;
  if (ctx.operators > MAX_OPERATORS) fail(EXPRESSION_MESSAGES.tooManyOperators(ctx.operators));
}

/** Resolves `#name` placeholders of a path; checks its depth. */
export function resolvePath(raw: RawPath, ctx: ResolveContext): DocumentPath {
  if (raw.elements.length > MAX_PATH_DEPTH) fail(EXPRESSION_MESSAGES.pathTooDeep(raw.elements.length));
  const elements = raw.elements.map((element): PathElement => {
    if (element.kind === 'index') return Number(element.text);
    if (!element.text.startsWith('#')) return element.text;
    return ctx.scope.resolveName(element.text) ?? fail(EXPRESSION_MESSAGES.undefinedName(element.text));
  });
  return node({ kind: 'path', elements: Object.freeze(elements) });
}

function resolveValue(raw: RawValue, ctx: ResolveContext): Literal {
  const value = ctx.scope.resolveValue(raw.name) ?? fail(EXPRESSION_MESSAGES.undefinedValue(raw.name));
  return node({ kind: 'value', name: raw.name, value });
}

function checkFunctionRules(call: FunctionCall): void {
  const [first, second] = call.args;
  switch (call.name) {
    case 'attribute_exists':
    case 'attribute_not_exists':
    case 'if_not_exists':
      if (first.kind !== 'path') fail(EXPRESSION_MESSAGES.requiresPath(call.name));
      return;
    case 'attribute_type': {
      if (second.kind !== 'value' || typeOf(second.value) !== 'S') fail(EXPRESSION_MESSAGES.operandType(call.name, typeSymbols(second)));
      const name = (second as Literal).value as { S: string };
      if (!(ATTRIBUTE_TYPES as readonly string[]).includes(name.S)) fail(EXPRESSION_MESSAGES.attributeTypeName(name.S, ATTRIBUTE_TYPE_NAMES));
    }
  }
}

function resolveFunction(raw: Extract<RawOperand, { kind: 'function' }>, ctx: ResolveContext): FunctionCall {
  const args = raw.args.map((arg) => resolveOperand(arg, ctx));
  // names were checked before resolution (checks.ts): only known functions get here
  const name = raw.name as FunctionName;
  const spec = FUNCTIONS[name];
  const call: FunctionCall = node({ kind: 'function', name, args: Object.freeze(args) });
  checkOperator(name, args, spec.operands, spec.operandTypes, spec.distinct);
  checkFunctionRules(call);
  countOperator(ctx);
  return call;
}

/** Resolves an operand (path, value or function call), validating it. */
export function resolveOperand(raw: RawOperand, ctx: ResolveContext): Operand {
  switch (raw.kind) {
    case 'path':
      return resolvePath(raw, ctx);
    case 'value':
      return resolveValue(raw, ctx);
    case 'function':
      return resolveFunction(raw, ctx);
  }
}

/** "AttributeValue: {N:5}", how BETWEEN errors show a bound. */
const formatBound = (value: AttributeValue): string => `AttributeValue: {${typeOf(value)}:${String(payloadOf(value))}}`;

function checkBetweenBounds(lower: Operand, upper: Operand): void {
  if (lower.kind !== 'value' || upper.kind !== 'value') return;
  if (typeOf(lower.value) !== typeOf(upper.value)) fail(EXPRESSION_MESSAGES.betweenTypes(formatBound(lower.value), formatBound(upper.value)));
  if ((compareValues(lower.value, upper.value) ?? 0) > 0) fail(EXPRESSION_MESSAGES.betweenOrder(formatBound(lower.value), formatBound(upper.value)));
}

/** Resolves and validates a condition tree, post-order. */
export function resolveCondition(raw: RawCondition, ctx: ResolveContext): ConditionNode {
  switch (raw.kind) {
    case 'comparison': {
      const left = resolveOperand(raw.left, ctx);
      const right = resolveOperand(raw.right, ctx);
      checkOperator(raw.op, [left, right], 2, raw.op === '=' || raw.op === '<>' ? ALL : ORDERED, true);
      countOperator(ctx);
      return node({ kind: 'comparison', op: raw.op, left, right });
    }
    case 'between': {
      const operand = resolveOperand(raw.operand, ctx);
      const lower = resolveOperand(raw.lower, ctx);
      const upper = resolveOperand(raw.upper, ctx);
      checkOperator('BETWEEN', [operand, lower, upper], 3, ORDERED, true);
      checkBetweenBounds(lower, upper);
      countOperator(ctx);
      return node({ kind: 'between', operand, lower, upper });
    }
    case 'in': {
      const operand = resolveOperand(raw.operand, ctx);
      const list = raw.list.map((item) => resolveOperand(item, ctx));
      checkOperator('IN', [operand, ...list], undefined, ALL, true);
      if (list.length > MAX_IN_OPERANDS) fail(EXPRESSION_MESSAGES.tooManyInOperands(list.length));
      countOperator(ctx);
      return node({ kind: 'in', operand, list: Object.freeze(list) });
    }
    case 'function':
      return resolveFunction(raw, ctx);
    case 'not': {
      const operand = resolveCondition(raw.operand, ctx);
      countOperator(ctx);
      return node({ kind: 'not', operand });
    }
    case 'and':
    case 'or': {
      const left = resolveCondition(raw.left, ctx);
      const right = resolveCondition(raw.right, ctx);
      countOperator(ctx);
      return node({ kind: raw.kind, left, right });
    }
  }
}

function resolveSetValue(raw: RawSetValue, ctx: ResolveContext): SetValue {
  if (raw.kind !== 'arithmetic') return resolveOperand(raw, ctx);
  const left = resolveOperand(raw.left, ctx);
  const right = resolveOperand(raw.right, ctx);
  checkOperator(raw.op, [left, right], 2, NUMBER, false);
  countOperator(ctx);
  return node({ kind: 'arithmetic', op: raw.op, left, right });
}

// --- path trees ---

interface MutableTree {
  readonly children: Map<PathElement, MutableTree | Leaf<number>>;
}

const isListElement = (element: PathElement): boolean => typeof element === 'number';

/** The path from the root through `tree`'s first children (in DynamoDB's order) down to a leaf, after `prefix`. */
function firstPathBelow(prefix: readonly PathElement[], tree: MutableTree): PathElement[] {
  const elements = [...prefix];
  let current: MutableTree | Leaf<number> = tree;
  while (!isLeaf(current)) {
    const key = firstInHashOrder([...current.children.keys()]);
    elements.push(key);
    current = current.children.get(key) as MutableTree | Leaf<number>;
  }
  return elements;
}

/** A chain of subtrees for `elements[from..]`, ending in a leaf holding `leaf`. */
function chain(elements: readonly PathElement[], from: number, leaf: number): MutableTree | Leaf<number> {
  if (from === elements.length) return { leaf };
  return { children: new Map([[elements[from], chain(elements, from + 1, leaf)]]) };
}

/** Adds a path to a tree, rejecting a path that overlaps or conflicts with one already there. */
function insertPath(tree: MutableTree, path: DocumentPath, leaf: number): void {
  const elements = path.elements;
  let current = tree;
  for (let depth = 0; ; depth++) {
    const element = elements[depth];
    const existing = current.children.get(element);
    if (existing === undefined) {
      const siblings = [...current.children.keys()];
      if (siblings.length > 0 && isListElement(firstInHashOrder(siblings)) !== isListElement(element)) {
        fail(EXPRESSION_MESSAGES.pathConflict(formatPath(elements), formatPath(firstPathBelow(elements.slice(0, depth), current))));
      }
      current.children.set(element, chain(elements, depth + 1, leaf));
      return;
    }
    if (isLeaf(existing) || depth + 1 === elements.length) {
      fail(EXPRESSION_MESSAGES.pathOverlap(formatPath(elements), formatPath(firstPathBelow(elements.slice(0, depth), current))));
    }
    current = existing as MutableTree;
  }
}

/**
 * Resolves paths (last first, as DynamoDB does) and merges them into a tree whose leaves
 * hold each path's index in `raw`.
 */
function resolvePathTree(raw: readonly RawPath[], ctx: ResolveContext): { paths: DocumentPath[]; tree: PathTree<number> } {
  const paths: DocumentPath[] = new Array(raw.length);
  const tree: MutableTree = { children: new Map() };
  for (let i = raw.length - 1; i >= 0; i--) {
    paths[i] = resolvePath(raw[i], ctx);
    insertPath(tree, paths[i], i);
  }
  return { paths, tree };
}

/** Resolves a projection expression's paths into a non-overlapping path tree. */
export function resolveProjection(raw: readonly RawPath[], ctx: ResolveContext): { paths: readonly DocumentPath[]; tree: PathTree<number> } {
  const { paths, tree } = resolvePathTree(raw, ctx);
  return { paths: Object.freeze(paths), tree };
}

function resolveAction(raw: RawAction, path: DocumentPath, ctx: ResolveContext): UpdateAction {
  switch (raw.kind) {
    case 'set':
      return node({ kind: 'set', path, value: resolveSetValue(raw.value, ctx) });
    case 'remove':
      return node({ kind: 'remove', path });
    case 'add':
    case 'delete': {
      const value = resolveValue(raw.value, ctx);
      const type = typeOf(value.value);
      const allowed = raw.kind === 'add' ? ADD_OPERAND : DELETE_OPERAND;
      if (!allowed.has(type)) fail(EXPRESSION_MESSAGES.actionOperandType(raw.kind === 'add' ? 'ADD' : 'DELETE', TYPE_NAMES[type]));
      return node({ kind: raw.kind, path, value });
    }
  }
}

/**
 * Resolves an update expression: all target paths first (checking overlaps), then each
 * action's operands, both from the last action written to the first. Actions come back
 * in textual order; tree leaves hold indexes into them.
 */
export function resolveUpdate(sections: readonly RawSection[], ctx: ResolveContext): { actions: readonly UpdateAction[]; tree: PathTree<number> } {
  const raw = sections.flatMap((section) => section.actions);
  const { paths, tree } = resolvePathTree(
    raw.map((action) => action.path),
    ctx,
  );
  const actions: UpdateAction[] = new Array(raw.length);
  for (let i = raw.length - 1; i >= 0; i--) actions[i] = resolveAction(raw[i], paths[i], ctx);
  return { actions: Object.freeze(actions), tree };
}
