/**
 * A Query's key condition against the key of what it reads: the table's, a single-
 * attribute index key (both analysed exactly as a table key), or a multi-attribute GSI
 * key (up to four partition and four sort attributes), with DynamoDB's rules for the
 * latter:
 *
 *   - every partition (HASH) attribute takes an equality;
 *   - sort (RANGE) attributes are constrained left to right, without a gap, and only
 *     the last constrained one may take a range condition (< <= > >= BETWEEN
 *     begins_with).
 * A breach of either rule names the attribute at fault ({@link MULTI_KEY_MESSAGES}).
 *
 * The checks per attribute (present, type, indexable operator, equality) follow the
 * single-attribute analysis and its messages (expressions/key-condition.ts).
 */
import { validation } from '../../errors.js';
import type { Condition, KeyTerm, SortKeyOperator } from '../../expressions/index.js';
import { analyzeKeyTerms, extractKeyTerms } from '../../expressions/key-condition.js';
import { KEY_CONDITION_MESSAGES } from '../../expressions/messages.js';
import { typeOf, type AttributeValue } from '../../model/attribute-value.js';
import type { IndexKey, KeyAttribute } from '../../storage/types.js';

/**
 * The texts for a key condition breaking the multi-attribute rules. AWS's exact wording
 * was not found; these carry what AWS-validated suites check of it: the key part (HASH
 * or RANGE), "equality", and the attribute at fault (ScyllaDB's
 * test_gsi_composite_keys.py, moto's AWS-verified test_dynamodb_multi_attribute_gsi).
 */
export const MULTI_KEY_MESSAGES = {
  hashEquality: (name: string) => `Query key condition not supported: every HASH key attribute of the index needs an equality condition; attribute: ${name}`,
  rangeOrder: (name: string) =>
    `Query key condition not supported: RANGE key attributes of the index are constrained in KeySchema order, each with an equality condition but the last, which may be a range condition or begins_with; attribute: ${name}`,
} as const;

/** What a key condition selects, in key order. */
export interface TargetKeyCondition {
  /** One equality value per partition attribute. */
  readonly partition: readonly AttributeValue[];
  /** Equality values of the leading sort attributes (multi-attribute sort keys only). */
  readonly sortPrefix: readonly AttributeValue[];
  /** The condition on the sort attribute after the prefix, when there is one. */
  readonly last?: { readonly op: SortKeyOperator; readonly values: readonly AttributeValue[] };
}

const INDEXABLE: ReadonlySet<string> = new Set(['EQ', 'LT', 'LE', 'GT', 'GE', 'BEGINS_WITH', 'BETWEEN']);

const fail = (message: string): never => {
  throw validation(message);
};

/** True for a key of more than one partition or sort attribute (the multi-attribute rules apply). */
export const isMultiAttributeKey = (key: IndexKey): boolean => key.partition.length > 1 || key.sort.length > 1;

/** The number of conditions a key condition may hold at most: one per key attribute, and never fewer than two. */
export const maxKeyConditions = (key: IndexKey): number => Math.max(2, key.partition.length + key.sort.length);

function checkTerm(attr: KeyAttribute, term: KeyTerm): void {
  if (term.values.some((value) => typeOf(value) !== attr.type)) fail(KEY_CONDITION_MESSAGES.typeMismatch);
  if (!INDEXABLE.has(term.op)) fail(KEY_CONDITION_MESSAGES.notIndexable);
}

/** The multi-attribute rules, on per-attribute terms. Exported for unit tests. */
export function analyzeMultiAttributeTerms(terms: ReadonlyMap<string, KeyTerm>, key: IndexKey): TargetKeyCondition {
  if (terms.size === 0) fail(KEY_CONDITION_MESSAGES.conditionCount);
  const partition: AttributeValue[] = [];
  for (const attr of key.partition) {
    const term = terms.get(attr.name) ?? fail(MULTI_KEY_MESSAGES.hashEquality(attr.name));
    checkTerm(attr, term);
    if (term.op !== 'EQ') fail(MULTI_KEY_MESSAGES.hashEquality(attr.name));
    partition.push(term.values[0]);
  }
  const keyNames = new Set([...key.partition, ...key.sort].map((a) => a.name));
  const firstUnconstrained = key.sort.find((attr) => !terms.has(attr.name));
  if ([...terms.keys()].some((name) => !keyNames.has(name))) {
    // a condition on an attribute outside the key stands in for a key element that is missing
    // (with every key attribute constrained as well, there are more conditions than attributes)
    fail(firstUnconstrained ? KEY_CONDITION_MESSAGES.missedKey(firstUnconstrained.name) : KEY_CONDITION_MESSAGES.conditionCount);
  }
  const constrained = key.sort.filter((attr) => terms.has(attr.name));
  if (firstUnconstrained && constrained.some((attr) => key.sort.indexOf(attr) > key.sort.indexOf(firstUnconstrained))) {
    fail(MULTI_KEY_MESSAGES.rangeOrder(firstUnconstrained.name));
  }
  const sortTerms = constrained.map((attr) => {
    const term = terms.get(attr.name)!;
    checkTerm(attr, term);
    return term;
  });
  const rangeBeforeLast = sortTerms.slice(0, -1).findIndex((term) => term.op !== 'EQ');
  if (rangeBeforeLast >= 0) fail(MULTI_KEY_MESSAGES.rangeOrder(constrained[rangeBeforeLast].name));
  const lastTerm = sortTerms.at(-1);
  if (lastTerm === undefined) return { partition, sortPrefix: [] };
  return {
    partition,
    sortPrefix: sortTerms.slice(0, -1).map((term) => term.values[0]),
    last: { op: lastTerm.op as SortKeyOperator, values: lastTerm.values },
  };
}

/**
 * Analyses a compiled key condition against `key`: a key of one partition attribute and
 * at most one sort attribute as a table key, any other with the multi-attribute rules.
 * Throws DynamoDB's ValidationException for a condition the key cannot serve.
 */
export function analyzeTargetKeyCondition(condition: Condition, key: IndexKey): TargetKeyCondition {
  const terms = condition.keyTerms ?? extractKeyTerms(condition.root);
  if (terms.size > maxKeyConditions(key)) fail(KEY_CONDITION_MESSAGES.conditionCount);
  if (isMultiAttributeKey(key)) return analyzeMultiAttributeTerms(terms, key);
  const [partition] = key.partition;
  const [sort] = key.sort;
  const analysis = analyzeKeyTerms(terms, {
    partition: partition.name,
    ...(sort ? { sort: sort.name } : {}),
    types: { [partition.name]: partition.type, ...(sort ? { [sort.name]: sort.type } : {}) },
  });
  return {
    partition: [analysis.partition.value],
    sortPrefix: [],
    ...(analysis.sort ? { last: { op: analysis.sort.op, values: analysis.sort.values } } : {}),
  };
}
