/**
 * Pure evaluation of compiled conditions against an item. Never throws, never mutates:
 * a missing attribute or a type mismatch simply makes a comparison false, as in DynamoDB
 * (`<>` is the negation of `=`, so it is true when the attribute is missing).
 */
import { payloadOf, typeOf, type AttributeType, type AttributeValue, type Item } from '../model/attribute-value.js';
import { compareValues, valuesEqual } from '../model/compare.js';
import type { ConditionNode, FunctionCall, Operand, PathElement } from './ast.js';

/** The value at a document path, or undefined when any step is missing or of the wrong kind. */
export function valueAt(item: Item, elements: readonly PathElement[]): AttributeValue | undefined {
  let current: AttributeValue | undefined = Object.hasOwn(item, elements[0] as string) ? item[elements[0] as string] : undefined;
  for (let i = 1; i < elements.length && current !== undefined; i++) {
    const element = elements[i];
    if (typeof element === 'number') {
      current = 'L' in current ? current.L[element] : undefined;
    } else {
      current = 'M' in current && Object.hasOwn(current.M, element) ? current.M[element] : undefined;
    }
  }
  return current;
}

const ORDERED: ReadonlySet<AttributeType> = new Set(['S', 'N', 'B']);

const bytes = (value: AttributeValue): Buffer => Buffer.from(payloadOf(value) as string, 'base64');

/** size(): length of S (UTF-16 units, as DynamoDB's Java counts) and B (bytes), element count of sets, L and M. */
function sizeOf(value: AttributeValue | undefined): AttributeValue | undefined {
  if (value === undefined) return undefined;
  const payload = payloadOf(value);
  switch (typeOf(value)) {
    case 'S':
      return { N: String((payload as string).length) };
    case 'B':
      return { N: String(bytes(value).length) };
    case 'SS':
    case 'NS':
    case 'BS':
    case 'L':
      return { N: String((payload as unknown[]).length) };
    case 'M':
      return { N: String(Object.keys(payload as Item).length) };
    default:
      return undefined;
  }
}

/** The value an operand yields for `item` (undefined: missing). */
export function evaluateOperand(operand: Operand, item: Item): AttributeValue | undefined {
  switch (operand.kind) {
    case 'path':
      return valueAt(item, operand.elements);
    case 'value':
      return operand.value;
    case 'function':
      // the only function usable as an operand of a condition
      return operand.name === 'size' ? sizeOf(evaluateOperand(operand.args[0], item)) : undefined;
  }
}

/** Ordering of two present values of the same orderable type (S, N or B); undefined otherwise. */
function order(a: AttributeValue | undefined, b: AttributeValue | undefined): number | undefined {
  if (a === undefined || b === undefined || !ORDERED.has(typeOf(a))) return undefined;
  return compareValues(a, b);
}

const equal = (a: AttributeValue | undefined, b: AttributeValue | undefined): boolean =>
  a !== undefined && b !== undefined && valuesEqual(a, b);

function compare(op: '=' | '<>' | '<' | '<=' | '>' | '>=', a: AttributeValue | undefined, b: AttributeValue | undefined): boolean {
  if (op === '=') return equal(a, b);
  if (op === '<>') return !equal(a, b);
  const result = order(a, b);
  if (result === undefined) return false;
  switch (op) {
    case '<':
      return result < 0;
    case '<=':
      return result <= 0;
    case '>':
      return result > 0;
    case '>=':
      return result >= 0;
  }
}

function beginsWith(value: AttributeValue | undefined, prefix: AttributeValue | undefined): boolean {
  if (value === undefined || prefix === undefined || typeOf(value) !== typeOf(prefix)) return false;
  if (typeOf(value) === 'S') return (payloadOf(value) as string).startsWith(payloadOf(prefix) as string);
  if (typeOf(value) === 'B') {
    const whole = bytes(value);
    const start = bytes(prefix);
    return start.length <= whole.length && whole.subarray(0, start.length).equals(start);
  }
  return false;
}

/** Member type of each set type. */
const SET_MEMBER: Partial<Record<AttributeType, AttributeType>> = { SS: 'S', NS: 'N', BS: 'B' };

function contains(container: AttributeValue | undefined, member: AttributeValue | undefined): boolean {
  if (container === undefined || member === undefined) return false;
  const type = typeOf(container);
  if (type === 'S' || type === 'B') {
    if (typeOf(member) !== type) return false;
    if (type === 'S') return (payloadOf(container) as string).includes(payloadOf(member) as string);
    return bytes(container).includes(bytes(member));
  }
  if ('L' in container) return container.L.some((element) => valuesEqual(element, member));
  const memberType = SET_MEMBER[type];
  if (memberType === undefined || typeOf(member) !== memberType) return false;
  return (payloadOf(container) as string[]).some((element) => valuesEqual({ [memberType]: element } as AttributeValue, member));
}

function evaluateFunction(call: FunctionCall, item: Item): boolean {
  const [first, second] = call.args.map((arg) => evaluateOperand(arg, item));
  switch (call.name) {
    case 'attribute_exists':
      return first !== undefined;
    case 'attribute_not_exists':
      return first === undefined;
    case 'attribute_type':
      return first !== undefined && second !== undefined && typeOf(first) === payloadOf(second);
    case 'begins_with':
      return beginsWith(first, second);
    case 'contains':
      return contains(first, second);
    default:
      return false;
  }
}

/** Evaluates a compiled condition tree against an item (treated as read-only). */
export function evaluateNode(node: ConditionNode, item: Item): boolean {
  switch (node.kind) {
    case 'comparison':
      return compare(node.op, evaluateOperand(node.left, item), evaluateOperand(node.right, item));
    case 'between': {
      const value = evaluateOperand(node.operand, item);
      return compare('>=', value, evaluateOperand(node.lower, item)) && compare('<=', value, evaluateOperand(node.upper, item));
    }
    case 'in': {
      const value = evaluateOperand(node.operand, item);
      return node.list.some((candidate) => equal(value, evaluateOperand(candidate, item)));
    }
    case 'function':
      return evaluateFunction(node, item);
    case 'not':
      return !evaluateNode(node.operand, item);
    case 'and':
      return evaluateNode(node.left, item) && evaluateNode(node.right, item);
    case 'or':
      return evaluateNode(node.left, item) || evaluateNode(node.right, item);
  }
}
