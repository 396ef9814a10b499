/**
 * From a key condition (KeyConditionExpression or legacy KeyConditions) to what Query
 * needs: the partition key value and the optional sort key range, with DynamoDB's checks
 * and messages, in its order. An expression is first reduced to one term per attribute
 * (AND-ed comparisons, BETWEEN, begins_with; `:v < a` is read as `a > :v`), then the
 * terms are matched against the key schema.
 */
import { typeOf, type AttributeValue, type ScalarKeyType } from '../model/attribute-value.js';
import { validation } from '../errors.js';
import type { ConditionNode, Operand } from './ast.js';
import type { ComparisonOperator, Condition, KeyTerm } from './condition.js';
import { KEY_CONDITION_MESSAGES } from './messages.js';

/** The operators a sort key condition may use. */
export type SortKeyOperator = 'EQ' | 'LT' | 'LE' | 'GT' | 'GE' | 'BEGINS_WITH' | 'BETWEEN';

/** The key schema a key condition is checked against (a table's or an index's). */
export interface KeySchema {
  readonly partition: string;
  readonly sort?: string;
  /** Attribute types of the key attributes, when known: values of another type are rejected. */
  readonly types?: Readonly<Record<string, ScalarKeyType>>;
}

export interface KeyConditionAnalysis {
  readonly partition: { readonly name: string; readonly value: AttributeValue };
  readonly sort?: { readonly name: string; readonly op: SortKeyOperator; readonly values: readonly AttributeValue[] };
}

const INDEXABLE: ReadonlySet<ComparisonOperator> = new Set(['EQ', 'LT', 'LE', 'GT', 'GE', 'BEGINS_WITH', 'BETWEEN']);

const COMPARATOR_OPERATORS: Readonly<Record<string, ComparisonOperator>> = { '=': 'EQ', '<': 'LT', '<=': 'LE', '>': 'GT', '>=': 'GE' };

/** `:v < a` means `a > :v`. */
const INVERSE: Readonly<Partial<Record<ComparisonOperator, ComparisonOperator>>> = { LT: 'GT', GT: 'LT', LE: 'GE', GE: 'LE' };

const fail = (message: string): never => {
  throw validation(message);
};

/** The operator a key condition term uses, and how DynamoDB names the node's operator in errors. */
function termOperator(node: ConditionNode): { op: ComparisonOperator; name: string; operands: readonly Operand[] } {
  switch (node.kind) {
    case 'comparison': {
      const op = COMPARATOR_OPERATORS[node.op] ?? fail(KEY_CONDITION_MESSAGES.invalidOperator(node.op));
      return { op, name: node.op, operands: [node.left, node.right] };
    }
    case 'between':
      return { op: 'BETWEEN', name: 'BETWEEN', operands: [node.operand, node.lower, node.upper] };
    case 'function':
      if (node.name !== 'begins_with') return fail(KEY_CONDITION_MESSAGES.invalidOperator(node.name));
      return { op: 'BEGINS_WITH', name: node.name, operands: node.args };
    case 'in':
      return fail(KEY_CONDITION_MESSAGES.invalidOperator('IN'));
    case 'not':
      return fail(KEY_CONDITION_MESSAGES.invalidOperator('NOT'));
    default:
      return fail(KEY_CONDITION_MESSAGES.invalidOperator(node.kind.toUpperCase()));
  }
}

/** Reduces one (non-AND) node to the attribute it constrains and its term. */
function extractTerm(node: ConditionNode): [string, KeyTerm] {
  const { op: written, name, operands } = termOperator(node);
  let op = written;
  let attribute: string | undefined;
  const values: AttributeValue[] = [];
  for (const operand of operands) {
    if (operand.kind === 'path') {
      if (attribute !== undefined) fail(KEY_CONDITION_MESSAGES.multipleNames);
      if (operand.elements.length > 1) fail(KEY_CONDITION_MESSAGES.nestedAttribute);
      attribute = operand.elements[0] as string;
    } else if (operand.kind === 'value') {
      if (attribute === undefined) {
        if (op === 'BETWEEN' || op === 'BEGINS_WITH') fail(KEY_CONDITION_MESSAGES.keyFirst(name));
        op = INVERSE[op] ?? op;
      }
      values.push(operand.value);
    } else {
      fail(KEY_CONDITION_MESSAGES.nested);
    }
  }
  if (attribute === undefined) return fail(KEY_CONDITION_MESSAGES.noKeyAttribute);
  return [attribute, { op, values }];
}

/** The per-attribute terms of a KeyConditionExpression tree (AND-ed, left to right). */
export function extractKeyTerms(root: ConditionNode): Map<string, KeyTerm> {
  const terms = new Map<string, KeyTerm>();
  const visit = (node: ConditionNode): void => {
    if (node.kind === 'and') {
      visit(node.left);
      visit(node.right);
      return;
    }
    const [attribute, term] = extractTerm(node);
    if (terms.has(attribute)) fail(KEY_CONDITION_MESSAGES.duplicateKey);
    terms.set(attribute, term);
  };
  visit(root);
  return terms;
}

function checkTypes(schema: KeySchema, name: string, term: KeyTerm): void {
  const expected = schema.types?.[name];
  if (expected !== undefined && term.values.some((value) => typeOf(value) !== expected)) fail(KEY_CONDITION_MESSAGES.typeMismatch);
}

/** Matches per-attribute key terms against a key schema. */
export function analyzeKeyTerms(terms: ReadonlyMap<string, KeyTerm>, schema: KeySchema): KeyConditionAnalysis {
  if (terms.size === 0 || terms.size > 2) fail(KEY_CONDITION_MESSAGES.conditionCount);
  if (terms.size > (schema.sort === undefined ? 1 : 2)) fail(KEY_CONDITION_MESSAGES.notSupported);
  const hash = terms.get(schema.partition) ?? fail(KEY_CONDITION_MESSAGES.missedKey(schema.partition));
  checkTypes(schema, schema.partition, hash);
  if (!INDEXABLE.has(hash.op)) fail(KEY_CONDITION_MESSAGES.notIndexable);
  if (hash.op !== 'EQ') fail(KEY_CONDITION_MESSAGES.notSupported);
  const partition = { name: schema.partition, value: hash.values[0] };
  if (schema.sort === undefined) return { partition };
  const range = terms.get(schema.sort);
  if (range === undefined) {
    if (terms.size > 1) fail(KEY_CONDITION_MESSAGES.missedKey(schema.sort));
    return { partition };
  }
  checkTypes(schema, schema.sort, range);
  if (!INDEXABLE.has(range.op)) fail(KEY_CONDITION_MESSAGES.notIndexable);
  return { partition, sort: { name: schema.sort, op: range.op as SortKeyOperator, values: range.values } };
}

/**
 * The partition key value and optional sort key condition of a compiled key condition,
 * or AWS's exact ValidationException ("Query condition missed key schema element: pk",
 * "Query key condition not supported", ...).
 */
export function analyzeKeyCondition(condition: Condition, schema: KeySchema): KeyConditionAnalysis {
  return analyzeKeyTerms(condition.keyTerms ?? extractKeyTerms(condition.root), schema);
}
