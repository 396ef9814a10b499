/**
 * PartiQL WHERE clauses and SET/REMOVE clauses compiled into DynamoDB's expression ASTs
 * (src/expressions), so that one evaluator serves both languages. Each PartiQL construct
 * becomes the raw node the expression parser would have produced, with every attribute
 * name and value behind a generated placeholder; the expression resolver then validates
 * it exactly as it validates a ConditionExpression or UpdateExpression (operand types,
 * BETWEEN bounds, document path overlaps, ...), and DynamoDB reports those problems in
 * PartiQL with the same texts, without the "Invalid ...Expression" prefix.
 */
import { validation } from '../errors.js';
import type { AttributeValue } from '../model/attribute-value.js';
import { typeOf } from '../model/attribute-value.js';
import { node, type ConditionNode, type PathElement } from '../expressions/ast.js';
import { MAX_LIST_INDEX } from '../expressions/checks.js';
import { ExpressionError } from '../expressions/expression-error.js';
import type { RawAction, RawCondition, RawFunction, RawOperand, RawPath, RawSection, RawSetValue, RawValue } from '../expressions/parser.js';
import { resolveCondition, resolveUpdate } from '../expressions/resolve.js';
import { ExpressionScope } from '../expressions/scope.js';
import type { Update } from '../expressions/update.js';
import type { DmlOperation, Expr } from './ast.js';
import { PARTIQL_MESSAGES } from './messages.js';
import { isValueExpr, toAttributeValue } from './values.js';

/**
 * The placeholders of one clause: `#n<i>` for attribute names, `:v<i>` for values.
 * Local to one translation.
 */
class Placeholders {
  readonly #names = new Map<string, string>();
  readonly #values: Record<string, AttributeValue> = {};
  #valueCount = 0;

  name(name: string): string {
    let key = this.#names.get(name);
    if (key === undefined) {
      key = `#n${this.#names.size}`;
      this.#names.set(name, key);
    }
    return key;
  }

  value(value: AttributeValue): string {
    const key = `:v${this.#valueCount++}`;
    this.#values[key] = value;
    return key;
  }

  scope(): ExpressionScope {
    const names = Object.fromEntries([...this.#names].map(([name, key]) => [key, name]));
    return new ExpressionScope(this.#names.size > 0 ? names : undefined, this.#valueCount > 0 ? this.#values : undefined);
  }
}

/** Runs a resolver, reporting its problems as ValidationExceptions with DynamoDB's bare reason text. */
function resolving<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ExpressionError) throw validation(error.reason);
    throw error;
  }
}

// ---------------------------------------------------------------- paths

/** The list index a `[...]` step holds: a non-negative integer literal. */
function listIndex(expr: Expr): number {
  if (expr.kind !== 'literal' || expr.value.type !== 'number') throw validation(PARTIQL_MESSAGES.unexpectedPathComponent);
  const text = expr.value.text;
  if (!/^\d+$/.test(text) || Number(text) > MAX_LIST_INDEX) throw validation(PARTIQL_MESSAGES.listIndex(text));
  return Number(text);
}

/** True when the expression is an attribute name or a document path. */
export function isPathExpr(expr: Expr): boolean {
  return expr.kind === 'id' || expr.kind === 'path';
}

/** The document path an identifier or path expression names. */
export function pathElements(expr: Expr): PathElement[] {
  if (expr.kind === 'id') {
    if (expr.name === '') throw validation(PARTIQL_MESSAGES.emptyPathComponent);
    return [expr.name];
  }
  if (expr.kind !== 'path' || expr.root.kind !== 'id') throw validation(PARTIQL_MESSAGES.unexpectedPathComponent);
  const elements: PathElement[] = pathElements(expr.root);
  for (const step of expr.steps) {
    switch (step.kind) {
      case 'dot':
        if (step.name === '') throw validation(PARTIQL_MESSAGES.emptyPathComponent);
        elements.push(step.name);
        break;
      case 'index':
        if (step.index.kind === 'literal' && step.index.value.type === 'string') elements.push(step.index.value.value);
        else elements.push(listIndex(step.index));
        break;
      case 'dotStar':
        throw validation(PARTIQL_MESSAGES.unpivotPath);
      case 'indexStar':
        throw validation(PARTIQL_MESSAGES.wildcardPath);
    }
  }
  return elements;
}

function rawPath(expr: Expr, placeholders: Placeholders): RawPath {
  const elements = pathElements(expr).map((element) =>
    typeof element === 'number' ? ({ kind: 'index', text: String(element) } as const) : ({ kind: 'name', text: placeholders.name(element) } as const),
  );
  return { kind: 'path', elements, parens: 0 };
}

// ---------------------------------------------------------------- conditions

const COMPARATORS: Readonly<Record<string, '=' | '<>' | '<' | '<=' | '>' | '>='>> = {
  '=': '=',
  '<>': '<>',
  '!=': '<>',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};

/** Functions a WHERE clause may call as conditions. */
const CONDITION_FUNCTIONS: ReadonlySet<string> = new Set(['begins_with', 'contains', 'attribute_type', 'attribute_exists', 'attribute_not_exists']);

/** IS <type>: the DynamoDB type it tests (undefined: MISSING). */
const IS_TYPES: ReadonlyMap<string, string | undefined> = new Map([
  ['missing', undefined],
  ['null', 'NULL'],
  ['boolean', 'BOOL'],
  ['blob', 'B'],
  ['string', 'S'],
  ['numeric', 'N'],
  ['struct', 'M'],
  ['tuple', 'M'],
  ['list', 'L'],
]);

const isMissing = (expr: Expr): boolean => expr.kind === 'literal' && expr.value.type === 'missing';

const valueNode = (value: AttributeValue, placeholders: Placeholders): RawValue => ({ kind: 'value', name: placeholders.value(value), parens: 0 });

/** An operand of a condition: a path, a value, or size(path). */
function conditionOperand(expr: Expr, parameters: readonly AttributeValue[], placeholders: Placeholders, operator: string): RawOperand {
  if (isPathExpr(expr)) return rawPath(expr, placeholders);
  if (isMissing(expr)) throw validation(PARTIQL_MESSAGES.missingLiteral);
  if (isValueExpr(expr)) return valueNode(toAttributeValue(expr, parameters), placeholders);
  if (expr.kind === 'call') {
    if (expr.name !== 'size') throw validation(PARTIQL_MESSAGES.unrecognizedFunction(expr.name));
    return { kind: 'function', name: 'size', args: expr.args.map((arg) => conditionOperand(arg, parameters, placeholders, 'size')), parens: 0 };
  }
  throw validation(PARTIQL_MESSAGES.conditionOperator(expr.kind === 'binary' || expr.kind === 'unary' ? expr.op : operator));
}

function isCondition(expr: Expr, parameters: readonly AttributeValue[], placeholders: Placeholders): RawCondition {
  if (expr.kind !== 'is') throw new Error('not an IS node');
  if (!isPathExpr(expr.operand) && expr.operand.kind !== 'literal' && expr.operand.kind !== 'parameter') throw validation(PARTIQL_MESSAGES.isOperand);
  if (!IS_TYPES.has(expr.typeName)) throw validation(PARTIQL_MESSAGES.isType(expr.typeName.toUpperCase()));
  const type = IS_TYPES.get(expr.typeName);
  const operand = conditionOperand(expr.operand, parameters, placeholders, 'is');
  if (type === undefined) {
    return { kind: 'function', name: expr.negated ? 'attribute_exists' : 'attribute_not_exists', args: [operand], parens: 0 };
  }
  const test: RawFunction = { kind: 'function', name: 'attribute_type', args: [operand, valueNode({ S: type }, placeholders)], parens: 0 };
  return expr.negated ? { kind: 'not', operand: test, parens: 0 } : test;
}

function callCondition(expr: Extract<Expr, { kind: 'call' }>, parameters: readonly AttributeValue[], placeholders: Placeholders): RawCondition {
  if (expr.name === 'size') throw validation(PARTIQL_MESSAGES.whereBoolean);
  if (!CONDITION_FUNCTIONS.has(expr.name)) throw validation(PARTIQL_MESSAGES.unrecognizedFunction(expr.name));
  return { kind: 'function', name: expr.name, args: expr.args.map((arg) => conditionOperand(arg, parameters, placeholders, expr.name)), parens: 0 };
}

/** True for expressions that yield a boolean (conditions), as opposed to values and paths. */
function isBooleanExpr(expr: Expr): boolean {
  switch (expr.kind) {
    case 'binary':
      return expr.op === 'and' || expr.op === 'or' || expr.op in COMPARATORS || expr.op === 'in' || expr.op === 'not_in' || expr.op === 'like' || expr.op === 'not_like';
    case 'ternary':
    case 'is':
      return true;
    case 'unary':
      return expr.op === 'not';
    case 'call':
      return expr.name !== 'size';
    default:
      return false;
  }
}

function rawCondition(expr: Expr, parameters: readonly AttributeValue[], placeholders: Placeholders): RawCondition {
  const recurse = (inner: Expr): RawCondition => rawCondition(inner, parameters, placeholders);
  const operand = (inner: Expr, operator: string): RawOperand => conditionOperand(inner, parameters, placeholders, operator);
  switch (expr.kind) {
    case 'binary': {
      if (expr.op === 'and' || expr.op === 'or') {
        if (!isBooleanExpr(expr.left) || !isBooleanExpr(expr.right)) throw validation(PARTIQL_MESSAGES.andOrOperand);
        return { kind: expr.op, left: recurse(expr.left), right: recurse(expr.right), parens: 0 };
      }
      const comparator = COMPARATORS[expr.op];
      if (comparator !== undefined) {
        if (isMissing(expr.left) || isMissing(expr.right)) throw validation(PARTIQL_MESSAGES.missingLiteral);
        return { kind: 'comparison', op: comparator, left: operand(expr.left, expr.op), right: operand(expr.right, expr.op), parens: 0 };
      }
      if (expr.op === 'in' || expr.op === 'not_in') {
        if (!isPathExpr(expr.left) || (expr.right.kind !== 'list' && expr.right.kind !== 'bag') || expr.right.items.length === 0) {
          throw validation(PARTIQL_MESSAGES.inOperator);
        }
        const test: RawCondition = { kind: 'in', operand: operand(expr.left, 'IN'), list: expr.right.items.map((item) => operand(item, 'IN')), parens: 0 };
        return expr.op === 'in' ? test : { kind: 'not', operand: test, parens: 0 };
      }
      throw validation(PARTIQL_MESSAGES.conditionOperator(expr.op));
    }
    case 'ternary': {
      if (expr.op === 'like' || expr.op === 'not_like') throw validation(PARTIQL_MESSAGES.conditionOperator(expr.op));
      const test: RawCondition = {
        kind: 'between',
        operand: operand(expr.operand, 'BETWEEN'),
        lower: operand(expr.second, 'BETWEEN'),
        upper: operand(expr.third, 'BETWEEN'),
        parens: 0,
      };
      return expr.op === 'between' ? test : { kind: 'not', operand: test, parens: 0 };
    }
    case 'unary':
      if (expr.op !== 'not') throw validation(PARTIQL_MESSAGES.conditionOperator(expr.op));
      if (!isBooleanExpr(expr.operand)) throw validation(PARTIQL_MESSAGES.notOperand);
      return { kind: 'not', operand: recurse(expr.operand), parens: 0 };
    case 'is':
      return isCondition(expr, parameters, placeholders);
    case 'call':
      return callCondition(expr, parameters, placeholders);
    default:
      throw validation(PARTIQL_MESSAGES.whereBoolean);
  }
}

/**
 * A WHERE clause as a resolved, validated condition tree. `parameters` are the request's
 * validated Parameters.
 */
export function compileWhere(where: Expr, parameters: readonly AttributeValue[]): ConditionNode {
  if (!isBooleanExpr(where)) throw validation(PARTIQL_MESSAGES.whereBoolean);
  const placeholders = new Placeholders();
  const raw = rawCondition(where, parameters, placeholders);
  return resolving(() => resolveCondition(raw, { scope: placeholders.scope(), operators: 0 }));
}

// ---------------------------------------------------------------- SET / REMOVE

const SET_FUNCTIONS: ReadonlyMap<string, 'add' | 'delete'> = new Map([
  ['set_add', 'add'],
  ['set_delete', 'delete'],
]);

/** An operand of a SET value: a path, a value, or list_append / if_not_exists of operands. */
function updateOperand(expr: Expr, parameters: readonly AttributeValue[], placeholders: Placeholders): RawOperand {
  if (isPathExpr(expr)) return rawPath(expr, placeholders);
  if (isMissing(expr)) throw validation(PARTIQL_MESSAGES.missingLiteral);
  if (isValueExpr(expr)) return valueNode(toAttributeValue(expr, parameters), placeholders);
  if (expr.kind === 'call') {
    if (expr.name !== 'list_append' && expr.name !== 'if_not_exists') throw validation(PARTIQL_MESSAGES.unrecognizedFunction(expr.name));
    return { kind: 'function', name: expr.name, args: expr.args.map((arg) => updateOperand(arg, parameters, placeholders)), parens: 0 };
  }
  if (expr.kind === 'is') throw validation(PARTIQL_MESSAGES.isInUpdate);
  throw validation(PARTIQL_MESSAGES.updateOperator(expr.kind === 'binary' || expr.kind === 'unary' || expr.kind === 'ternary' ? expr.op : expr.kind));
}

function setValue(expr: Expr, parameters: readonly AttributeValue[], placeholders: Placeholders): RawSetValue {
  if (expr.kind === 'binary' && (expr.op === '+' || expr.op === '-')) {
    return { kind: 'arithmetic', op: expr.op, left: updateOperand(expr.left, parameters, placeholders), right: updateOperand(expr.right, parameters, placeholders), parens: 0 };
  }
  return updateOperand(expr, parameters, placeholders);
}

const sameElements = (a: readonly PathElement[], b: readonly PathElement[]): boolean => a.length === b.length && a.every((e, i) => e === b[i]);

/** `SET s = set_add(s, <<...>>)` / `set_delete(...)`: DynamoDB's ADD / DELETE of set members. */
function setFunctionAction(target: Expr, call: Extract<Expr, { kind: 'call' }>, kind: 'add' | 'delete', parameters: readonly AttributeValue[], placeholders: Placeholders): RawAction {
  const name = kind.toUpperCase();
  if (call.args.length !== 2) throw validation(PARTIQL_MESSAGES.setFunctionArgs(name));
  const [first, second] = call.args;
  if (!isPathExpr(first) || !sameElements(pathElements(first), pathElements(target))) throw validation(PARTIQL_MESSAGES.setFunctionFirst(name));
  if (!isValueExpr(second)) throw validation(PARTIQL_MESSAGES.setFunctionSecond(name));
  const value = toAttributeValue(second, parameters);
  const type = typeOf(value);
  if (type !== 'SS' && type !== 'NS' && type !== 'BS') throw validation(PARTIQL_MESSAGES.setFunctionSecond(name));
  return { kind, path: rawPath(target, placeholders), value: valueNode(value, placeholders) };
}

function rawAction(operation: DmlOperation, parameters: readonly AttributeValue[], placeholders: Placeholders): RawAction {
  switch (operation.kind) {
    case 'remove':
      return { kind: 'remove', path: rawPath(operation.target, placeholders) };
    case 'set': {
      const value = operation.value;
      const setFunction = value.kind === 'call' ? SET_FUNCTIONS.get(value.name) : undefined;
      if (setFunction !== undefined && value.kind === 'call') return setFunctionAction(operation.target, value, setFunction, parameters, placeholders);
      return { kind: 'set', path: rawPath(operation.target, placeholders), value: setValue(value, parameters, placeholders) };
    }
    case 'insert':
      throw validation(PARTIQL_MESSAGES.unsupportedUpdateAction);
  }
}

const SECTION: Readonly<Record<RawAction['kind'], RawSection['keyword']>> = { set: 'SET', remove: 'REMOVE', add: 'ADD', delete: 'DELETE' };

/** SET / REMOVE operations as a resolved, validated update (one evaluator with UpdateExpression). */
export function compileUpdate(operations: readonly DmlOperation[], parameters: readonly AttributeValue[]): Update {
  const placeholders = new Placeholders();
  const sections: RawSection[] = operations.map((operation) => {
    const action = rawAction(operation, parameters, placeholders);
    return { keyword: SECTION[action.kind], actions: [action] };
  });
  const { actions, tree } = resolving(() => resolveUpdate(sections, { scope: placeholders.scope(), operators: 0 }));
  return node({ kind: 'Update', actions, tree, legacy: false });
}
