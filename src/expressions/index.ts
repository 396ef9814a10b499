/**
 * The DynamoDB expression language: one module for ConditionExpression,
 * FilterExpression, KeyConditionExpression, ProjectionExpression and UpdateExpression.
 *
 * Pipeline: lex + parse (lexer.ts, parser.ts) -> structural checks (checks.ts), both
 * cached by expression text -> resolution of `#names` / `:values` and validation against
 * the request's ExpressionScope (resolve.ts) -> a frozen AST (ast.ts) that pure
 * functions evaluate (evaluate.ts, update.ts, projection.ts, key-condition.ts).
 * Legacy parameters (Expected, AttributeUpdates, ...) compile to the same ASTs in legacy.ts.
 *
 * Errors are ValidationExceptions with DynamoDB's exact text, prefixed
 * `Invalid <Kind>Expression: ` where DynamoDB does so.
 */
import { validation } from '../errors.js';
import type { Item } from '../model/attribute-value.js';
import { node } from './ast.js';
import { BoundedCache } from './cache.js';
import { checkCondition, checkProjection, checkUpdate } from './checks.js';
import type { Condition, ConditionKind } from './condition.js';
import { ExpressionError } from './expression-error.js';
import { EXPRESSION_MESSAGES, invalidPrefix, type ExpressionKind } from './messages.js';
import { parseCondition, parseProjection, parseUpdate, type RawCondition, type RawPath, type RawSection } from './parser.js';
import { projectTree, type Projection } from './projection.js';
import { resolveCondition, resolveProjection, resolveUpdate, type ResolveContext } from './resolve.js';
import type { ExpressionScope } from './scope.js';
import type { Update } from './update.js';

export type { ExpressionKind } from './messages.js';
export { ExpressionScope } from './scope.js';
export { evaluateCondition, type Condition, type ConditionKind, type ComparisonOperator, type KeyTerm } from './condition.js';
export { applyProjection, projectionTopLevelNames, type Projection } from './projection.js';
export { applyUpdate, checkUpdateKeys, type Update, type UpdateResult } from './update.js';
export { analyzeKeyCondition, type KeyConditionAnalysis, type KeySchema, type SortKeyOperator } from './key-condition.js';
export type * from './ast.js';

/** Largest expression accepted, in bytes. */
export const MAX_EXPRESSION_BYTES = 4096;

/** Parsed-and-checked expressions by text; bounded, FIFO. */
const CACHE_CAPACITY = 1000;
const conditionCache = new BoundedCache<RawCondition>(CACHE_CAPACITY);
const updateCache = new BoundedCache<readonly RawSection[]>(CACHE_CAPACITY);
const projectionCache = new BoundedCache<readonly RawPath[]>(CACHE_CAPACITY);

/** Empties the parsed-expression caches (for tests). */
export function clearExpressionCache(): void {
  conditionCache.clear();
  updateCache.clear();
  projectionCache.clear();
}

/**
 * Shared front matter of every compile: the empty and size checks, then `body`, with
 * expression errors turned into `Invalid <Kind>Expression: ...` ValidationExceptions.
 */
function compile<T>(text: string, kind: ExpressionKind, body: () => T): T {
  const prefix = invalidPrefix(kind);
  if (text.length === 0) throw validation(prefix + EXPRESSION_MESSAGES.empty);
  const size = Buffer.byteLength(text, 'utf8');
  if (size > MAX_EXPRESSION_BYTES) {
    // DynamoDB states the size for condition-like expressions only
    const stated = kind === 'Update' || kind === 'Projection' ? undefined : size;
    throw validation(prefix + EXPRESSION_MESSAGES.sizeExceeded(stated));
  }
  try {
    return body();
  } catch (e) {
    if (e instanceof ExpressionError) throw validation(prefix + e.reason);
    throw e;
  }
}

const context = (scope: ExpressionScope): ResolveContext => ({ scope, operators: 0 });

/** Compiles a condition, filter or key condition expression against the request's scope. */
export function compileCondition(text: string, kind: ConditionKind, scope: ExpressionScope): Condition {
  return compile(text, kind, () => {
    const raw = conditionCache.get(text, () => {
      const parsed = parseCondition(text);
      checkCondition(parsed);
      return parsed;
    });
    return node({ kind, root: resolveCondition(raw, context(scope)) });
  });
}

/** Compiles a projection expression against the request's scope. */
export function compileProjection(text: string, scope: ExpressionScope): Projection {
  return compile(text, 'Projection', () => {
    const raw = projectionCache.get(text, () => {
      const parsed = parseProjection(text);
      checkProjection(parsed);
      return parsed;
    });
    const { paths, tree } = resolveProjection(raw, context(scope));
    return node({ kind: 'Projection', paths, tree });
  });
}

/** Compiles an update expression against the request's scope. */
export function compileUpdate(text: string, scope: ExpressionScope): Update {
  return compile(text, 'Update', () => {
    const raw = updateCache.get(text, () => {
      const parsed = parseUpdate(text);
      checkUpdate(parsed);
      return parsed;
    });
    const { actions, tree } = resolveUpdate(raw, context(scope));
    return node({ kind: 'Update', actions, tree, legacy: false });
  });
}

/**
 * The parts of `item` an update touches, as ReturnValues UPDATED_OLD (old item) and
 * UPDATED_NEW (new item) return them: only the updated paths, nested structure kept.
 * Undefined when none of them is present.
 */
export function updatedAttributes(update: Update, item: Item | undefined): Item | undefined {
  if (item === undefined) return undefined;
  const projected = projectTree(update.tree, item);
  return Object.keys(projected).length > 0 ? projected : undefined;
}
