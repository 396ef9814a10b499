/**
 * PartiQL literals (and `?` parameters) as DynamoDB attribute values: 'text' -> S,
 * numbers -> N (DynamoDB's number rules), TRUE/FALSE -> BOOL, NULL -> NULL, [..] -> L,
 * {'k': v} -> M, <<..>> -> SS or NS. Errors name where in the value they arose
 * ("... under root.a[1]"), as DynamoDB's do.
 */
import { DynamoDBError, validation } from '../errors.js';
import type { AttributeValue, Item } from '../model/attribute-value.js';
import { normalizeNumber } from '../model/number.js';
import { validateAttributeValue } from '../model/validate.js';
import type { Expr, LiteralValue } from './ast.js';
import { PARTIQL_MESSAGES } from './messages.js';
import { emptyRecord } from '../model/records.js';

/** Where a value sits, as messages print it: `root`, `root.a`, `root[1]`. */
export const ROOT_PATH = 'root';

/** True for the expressions that denote a value (literals, parameters, collections of them). */
export function isValueExpr(expr: Expr): boolean {
  switch (expr.kind) {
    case 'literal':
    case 'parameter':
      return true;
    case 'list':
    case 'bag':
      return expr.items.every(isValueExpr);
    case 'struct':
      return expr.fields.every((field) => isValueExpr(field.value));
    case 'unary':
      return expr.op === '-' && isValueExpr(expr.operand);
    default:
      return false;
  }
}

/** The PartiQL type name DynamoDB prints for a literal. */
function literalTypeName(value: LiteralValue): string {
  switch (value.type) {
    case 'string':
      return 'STRING';
    case 'number':
      return /[eE]/.test(value.text) ? 'FLOAT' : value.text.includes('.') ? 'DECIMAL' : 'INT';
    case 'boolean':
      return 'BOOL';
    case 'null':
      return 'NULL';
    case 'missing':
      return 'MISSING';
    case 'ion':
      return 'ION';
  }
}

/** The type name of a value expression, for messages. */
function exprTypeName(expr: Expr): string {
  switch (expr.kind) {
    case 'literal':
      return literalTypeName(expr.value);
    case 'list':
      return 'LIST';
    case 'bag':
      return 'BAG';
    case 'struct':
      return 'STRUCT';
    default:
      return expr.kind.toUpperCase();
  }
}

/** A DynamoDB number from literal text, with the path appended to a rule violation. */
function numberValue(text: string, path: string): AttributeValue {
  try {
    return { N: normalizeNumber(text) };
  } catch (error) {
    if (error instanceof DynamoDBError) throw validation(PARTIQL_MESSAGES.underPath(error.message, path));
    throw error;
  }
}

function literalValue(value: LiteralValue, path: string): AttributeValue {
  switch (value.type) {
    case 'string':
      return { S: value.value };
    case 'number':
      return numberValue(value.text, path);
    case 'boolean':
      return { BOOL: value.value };
    case 'null':
      return { NULL: true };
    case 'missing':
      throw validation(PARTIQL_MESSAGES.dataType('MISSING', path));
    case 'ion':
      throw validation(PARTIQL_MESSAGES.ionLiteral(value.text, path));
  }
}

type BagMember = { readonly kind: 'S'; readonly text: string } | { readonly kind: 'N'; readonly text: string } | undefined;

/** A bag member: a string or a (possibly negated) number literal; anything else is unsupported. */
function bagMember(item: Expr): BagMember {
  if (item.kind === 'literal' && item.value.type === 'string') return { kind: 'S', text: item.value.value };
  if (item.kind === 'literal' && item.value.type === 'number') return { kind: 'N', text: item.value.text };
  if (item.kind === 'unary' && item.op === '-' && item.operand.kind === 'literal' && item.operand.value.type === 'number') {
    return { kind: 'N', text: `-${item.operand.value.text}` };
  }
  return undefined;
}

/** <<...>>: all strings (SS) or all numbers (NS); parameters and other types are refused. */
function bagValue(items: readonly Expr[], path: string): AttributeValue {
  if (items.length === 0) throw validation(PARTIQL_MESSAGES.emptyBag);
  const members = items.map(bagMember);
  if (members.every((m) => m?.kind === 'S')) return validateAttributeValue({ SS: members.map((m) => m!.text) });
  if (members.every((m) => m?.kind === 'N')) {
    return validateAttributeValue({ NS: members.map((m) => (numberValue(m!.text, path) as { N: string }).N) });
  }
  throw validation(PARTIQL_MESSAGES.bagType);
}

function structValue(expr: Extract<Expr, { kind: 'struct' }>, parameters: readonly AttributeValue[], path: string): AttributeValue {
  const entries: Item = emptyRecord<AttributeValue>();
  for (const field of expr.fields) {
    if (field.key.kind !== 'literal' || field.key.value.type !== 'string') {
      throw validation(PARTIQL_MESSAGES.tupleKeyType(exprTypeName(field.key), path));
    }
    const key = field.key.value.value;
    if (Object.hasOwn(entries, key)) throw validation(PARTIQL_MESSAGES.duplicateTupleKey(key, path));
    entries[key] = toAttributeValue(field.value, parameters, `${path}.${key}`);
  }
  return { M: entries };
}

/**
 * The attribute value a value expression denotes. `parameters` are the request's
 * (validated) Parameters; `path` names the value in messages. Throws a
 * ValidationException for what DynamoDB cannot store.
 */
export function toAttributeValue(expr: Expr, parameters: readonly AttributeValue[], path: string = ROOT_PATH): AttributeValue {
  switch (expr.kind) {
    case 'literal':
      return literalValue(expr.value, path);
    case 'parameter':
      return parameters[expr.index];
    case 'list':
      return { L: expr.items.map((item, i) => toAttributeValue(item, parameters, `${path}[${i}]`)) };
    case 'bag':
      return bagValue(expr.items, path);
    case 'struct':
      return structValue(expr, parameters, path);
    case 'unary':
      if (expr.op === '-' && expr.operand.kind === 'literal' && expr.operand.value.type === 'number') return numberValue(`-${expr.operand.value.text}`, path);
      throw validation(PARTIQL_MESSAGES.dataType(exprTypeName(expr), path));
    default:
      throw validation(PARTIQL_MESSAGES.dataType(exprTypeName(expr), path));
  }
}

/** A struct value as an item (INSERT ... VALUE {...}). */
export function toItem(expr: Expr, parameters: readonly AttributeValue[]): Item {
  if (expr.kind !== 'struct') throw validation(PARTIQL_MESSAGES.insertFormat);
  const item: Item = emptyRecord<AttributeValue>();
  for (const field of expr.fields) {
    if (field.key.kind !== 'literal' || field.key.value.type !== 'string') {
      throw validation(PARTIQL_MESSAGES.tupleKeyType(exprTypeName(field.key), ROOT_PATH));
    }
    const key = field.key.value.value;
    if (Object.hasOwn(item, key)) throw validation(PARTIQL_MESSAGES.duplicateTupleKey(key, ROOT_PATH));
    item[key] = toAttributeValue(field.value, parameters, ROOT_PATH);
  }
  return item;
}
