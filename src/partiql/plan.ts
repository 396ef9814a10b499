/**
 * How a SELECT reads: as DynamoDB executes it, a WHERE clause that fixes the partition
 * key of the table (or index) with equality, or with IN / OR of equalities, runs as a
 * Query of each of those partitions, its sort key conditions narrowing the range; any
 * other WHERE clause (or none) runs as a Scan. The whole WHERE clause is still applied
 * to every item read, so the plan only decides what is read, never what is returned.
 */
import { validation } from '../errors.js';
import { typeOf, type AttributeValue } from '../model/attribute-value.js';
import { compareValues, valuesEqual } from '../model/compare.js';
import { validateKeyValue } from '../model/validate.js';
import type { ConditionNode, Operand } from '../expressions/ast.js';
import type { IndexKey, KeyAttribute } from '../storage/types.js';
import type { OrderKey } from './ast.js';
import { PARTIQL_MESSAGES } from './messages.js';

/** The key of what a SELECT reads: the table's, or an index's (which may have several attributes per part). */
export type ReadKey = IndexKey;

/** Sort key operators, as Query's key range names them. */
export type SortOperator = 'EQ' | 'LT' | 'LE' | 'GT' | 'GE' | 'BEGINS_WITH' | 'BETWEEN';

export type ReadPlan =
  | { readonly kind: 'scan' }
  | {
      readonly kind: 'query';
      /** The partitions to read, in reading order; each holds the partition attributes' values. */
      readonly partitions: readonly (readonly AttributeValue[])[];
      readonly sort?: { readonly op: SortOperator; readonly values: readonly AttributeValue[] };
      /** Sort key order within a partition. */
      readonly forward: boolean;
    };

/** Most partitions one SELECT may read (IN on the partition key takes at most 50 values). */
export const MAX_PARTITIONS = 50;

/** The attribute a single-name path operand names, if it is one. */
const attributeOf = (operand: Operand): string | undefined => (operand.kind === 'path' && operand.elements.length === 1 ? String(operand.elements[0]) : undefined);

const valueOf = (operand: Operand): AttributeValue | undefined => (operand.kind === 'value' ? operand.value : undefined);

/** The top-level AND-ed terms of a condition. */
export function conjuncts(node: ConditionNode | undefined): ConditionNode[] {
  if (node === undefined) return [];
  return node.kind === 'and' ? [...conjuncts(node.left), ...conjuncts(node.right)] : [node];
}

/** `name = v` or `v = name`: the value, when the term is an equality on `name`. */
export function equalityOn(term: ConditionNode, name: string): AttributeValue | undefined {
  if (term.kind !== 'comparison' || term.op !== '=') return undefined;
  if (attributeOf(term.left) === name) return valueOf(term.right);
  if (attributeOf(term.right) === name) return valueOf(term.left);
  return undefined;
}

function unique(values: readonly AttributeValue[]): AttributeValue[] {
  const out: AttributeValue[] = [];
  for (const value of values) if (!out.some((seen) => valuesEqual(seen, value))) out.push(value);
  return out;
}

/**
 * The values the condition restricts `name` to (equalities, IN, and AND / OR of them),
 * or undefined when it does not restrict it.
 */
function restrictedValues(node: ConditionNode, name: string): AttributeValue[] | undefined {
  switch (node.kind) {
    case 'comparison': {
      const value = equalityOn(node, name);
      return value === undefined ? undefined : [value];
    }
    case 'in': {
      if (attributeOf(node.operand) !== name) return undefined;
      const values = node.list.map(valueOf);
      return values.every((v) => v !== undefined) ? unique(values as AttributeValue[]) : undefined;
    }
    case 'and': {
      const left = restrictedValues(node.left, name);
      const right = restrictedValues(node.right, name);
      if (left && right) return left.filter((v) => right.some((w) => valuesEqual(v, w)));
      return left ?? right;
    }
    case 'or': {
      const left = restrictedValues(node.left, name);
      const right = restrictedValues(node.right, name);
      return left && right ? unique([...left, ...right]) : undefined;
    }
    default:
      return undefined;
  }
}

/** A key value must have the key's type, and be a usable key value. */
export function checkKeyValue(attr: KeyAttribute, value: AttributeValue, role: 'partition' | 'sort'): void {
  if (typeOf(value) !== attr.type) throw validation(PARTIQL_MESSAGES.keyType(attr.name));
  validateKeyValue(attr.name, value, attr.type, role, 'key');
}

/** The partitions a WHERE clause fixes: one list of values per partition, or undefined (scan). */
function partitionsOf(where: ConditionNode | undefined, key: ReadKey): AttributeValue[][] | undefined {
  if (where === undefined) return undefined;
  if (key.partition.length === 1) {
    const attr = key.partition[0];
    const values = restrictedValues(where, attr.name);
    if (values === undefined) return undefined;
    for (const value of values) checkKeyValue(attr, value, 'partition');
    return values.map((value) => [value]);
  }
  const terms = conjuncts(where);
  const values = key.partition.map((attr) => terms.map((term) => equalityOn(term, attr.name)).find((v) => v !== undefined));
  if (values.some((v) => v === undefined)) return undefined;
  key.partition.forEach((attr, i) => checkKeyValue(attr, values[i] as AttributeValue, 'partition'));
  return [values as AttributeValue[]];
}

const COMPARISON_OPERATORS: Readonly<Record<string, SortOperator>> = { '=': 'EQ', '<': 'LT', '<=': 'LE', '>': 'GT', '>=': 'GE' };
const INVERSE: Readonly<Partial<Record<SortOperator, SortOperator>>> = { LT: 'GT', GT: 'LT', LE: 'GE', GE: 'LE' };

/** A top-level term as a sort key range condition on `attr`, if it is one. */
function sortTerm(term: ConditionNode, attr: KeyAttribute): { op: SortOperator; values: AttributeValue[] } | undefined {
  const ofType = (values: (AttributeValue | undefined)[]): AttributeValue[] | undefined =>
    values.every((v) => v !== undefined && typeOf(v) === attr.type) ? (values as AttributeValue[]) : undefined;
  switch (term.kind) {
    case 'comparison': {
      const op = COMPARISON_OPERATORS[term.op];
      if (op === undefined) return undefined;
      if (attributeOf(term.left) === attr.name) {
        const values = ofType([valueOf(term.right)]);
        return values && { op, values };
      }
      if (attributeOf(term.right) === attr.name) {
        const values = ofType([valueOf(term.left)]);
        return values && { op: INVERSE[op] ?? op, values };
      }
      return undefined;
    }
    case 'between': {
      if (attributeOf(term.operand) !== attr.name) return undefined;
      const values = ofType([valueOf(term.lower), valueOf(term.upper)]);
      return values && (compareValues(values[0], values[1]) ?? 1) <= 0 ? { op: 'BETWEEN', values } : undefined;
    }
    case 'function': {
      if (term.name !== 'begins_with' || attributeOf(term.args[0]) !== attr.name || attr.type === 'N') return undefined;
      const values = ofType([valueOf(term.args[1])]);
      return values && { op: 'BEGINS_WITH', values };
    }
    default:
      return undefined;
  }
}

/** The ORDER BY keys as names, checked against the key read; throws DynamoDB's messages. */
function orderNames(orderBy: readonly OrderKey[], key: ReadKey): { name: string; descending: boolean }[] {
  const keyNames = new Set([...key.partition, ...key.sort].map((a) => a.name));
  return orderBy.map(({ expr, descending }) => {
    if (expr.kind !== 'id') throw validation(PARTIQL_MESSAGES.orderByType(expr.kind === 'path' ? 'Path' : expr.kind === 'literal' ? 'Lit' : expr.kind));
    if (!keyNames.has(expr.name)) throw validation(PARTIQL_MESSAGES.orderByNotKey(expr.name));
    return { name: expr.name, descending };
  });
}

function comparePartitions(a: readonly AttributeValue[], b: readonly AttributeValue[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = compareValues(a[i], b[i]) ?? 0;
    if (c !== 0) return c;
  }
  return 0;
}

/**
 * Decides how a SELECT reads `key`'s table or index, and checks ORDER BY against it
 * (ORDER BY needs a WHERE clause that fixes the partition key, and may name key
 * attributes only). Partitions are read in key order (descending when ORDER BY says so).
 */
export function planRead(where: ConditionNode | undefined, key: ReadKey, orderBy?: readonly OrderKey[]): ReadPlan {
  if (orderBy && where === undefined) throw validation(PARTIQL_MESSAGES.orderByWithoutWhere);
  const order = orderBy ? orderNames(orderBy, key) : [];
  const partitions = partitionsOf(where, key);
  if (partitions === undefined) {
    if (orderBy) throw validation(PARTIQL_MESSAGES.orderByWithoutHashKey);
    return { kind: 'scan' };
  }
  if (partitions.length > MAX_PARTITIONS) throw validation(PARTIQL_MESSAGES.tooManyReads);
  const hashOrder = order.find((o) => key.partition.some((a) => a.name === o.name));
  if (orderBy && partitions.length > 1 && hashOrder === undefined) throw validation(PARTIQL_MESSAGES.orderByHashKey);
  const sortAttr = key.sort.length === 1 ? key.sort[0] : undefined;
  const sortOrder = sortAttr ? order.find((o) => o.name === sortAttr.name) : undefined;
  const sorted = [...partitions].sort(comparePartitions);
  if (hashOrder?.descending) sorted.reverse();
  const sort = sortAttr ? conjuncts(where).map((term) => sortTerm(term, sortAttr)).find((t) => t !== undefined) : undefined;
  if (sort && sortAttr) for (const value of sort.values) checkKeyValue(sortAttr, value, 'sort');
  return { kind: 'query', partitions: sorted, ...(sort ? { sort } : {}), forward: !sortOrder?.descending };
}
