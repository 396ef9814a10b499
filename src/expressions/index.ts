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
import type { AttributeValue, Item } from '../model/attribute-value.js';
import { node, type ConditionNode } from './ast.js';
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
export { applyUpdate, checkUpdateKeys, checkUpdateNames, updateOfMissingItem, type Update, type UpdateResult } from './update.js';
export { analyzeKeyCondition, type KeyConditionAnalysis, type KeySchema, type SortKeyOperator } from './key-condition.js';
export type * from './ast.js';

/** Largest expression accepted, in bytes. */
export const MAX_EXPRESSION_BYTES = 4096;

/**
 * A parsed-and-checked expression, and the last resolution of it when that can be reused
 * (see {@link resolveReusing}).
 */
interface Parsed<R, T> {
  readonly raw: R;
  last?: Resolution<T>;
}

/** What one resolution read from its request's scope, and what it produced. */
interface Resolution<T> {
  /** Each `#name` placeholder met, and the attribute name it stood for. */
  readonly names: readonly (readonly [placeholder: string, name: string])[];
  /** Each `:value` placeholder met, and its value: a scalar, as its type and payload. */
  readonly values: readonly (readonly [placeholder: string, type: string, payload: string | boolean])[];
  readonly result: T;
}

/** Parsed-and-checked expressions by text; bounded, FIFO. */
const CACHE_CAPACITY = 1000;
const conditionCache = new BoundedCache<Parsed<RawCondition, ConditionNode>>(CACHE_CAPACITY);
const updateCache = new BoundedCache<Parsed<readonly RawSection[], ResolvedUpdate>>(CACHE_CAPACITY);
const projectionCache = new BoundedCache<Parsed<readonly RawPath[], ResolvedProjection>>(CACHE_CAPACITY);

type ResolvedUpdate = ReturnType<typeof resolveUpdate>;
type ResolvedProjection = ReturnType<typeof resolveProjection>;

const SCALAR_TYPES: ReadonlySet<string> = new Set(['S', 'N', 'B', 'BOOL', 'NULL']);

/** The type and payload of a value with a single member of a scalar type; undefined for anything else. */
function scalarOf(value: AttributeValue): [type: string, payload: string | boolean] | undefined {
  const types = Object.keys(value);
  if (types.length !== 1 || !SCALAR_TYPES.has(types[0])) return undefined;
  const payload = (value as Record<string, unknown>)[types[0]];
  return typeof payload === 'string' || typeof payload === 'boolean' ? [types[0], payload] : undefined;
}

/** True when every placeholder of `last` resolves in `scope` as it did then (marking them used). */
function resolvesAsBefore(last: Resolution<unknown>, scope: ExpressionScope): boolean {
  for (const [placeholder, name] of last.names) if (scope.resolveName(placeholder) !== name) return false;
  for (const [placeholder, type, payload] of last.values) {
    const value = scope.resolveValue(placeholder);
    const scalar = value === undefined ? undefined : scalarOf(value);
    if (scalar === undefined || scalar[0] !== type || scalar[1] !== payload) return false;
  }
  return true;
}

/**
 * Resolves a parsed expression against the request's scope. Resolution (and every error it
 * can raise) depends only on the parsed expression and on what its placeholders stand for,
 * so when they all stand for what they did in the last resolution (the same attribute
 * names, equal scalar values), its frozen result is returned again: requests that repeat
 * an expression with the same names and values (a counter's `SET #c = #c + :one`, a
 * condition's `attribute_not_exists(#pk)`) skip it. Placeholders are marked used either
 * way. A resolution that met a value of another type (a list, a map, a set) is not kept.
 */
function resolveReusing<R, T>(entry: Parsed<R, T>, scope: ExpressionScope, resolve: (raw: R, ctx: ResolveContext) => T): T {
  const last = entry.last;
  if (last !== undefined && resolvesAsBefore(last, scope)) return last.result;
  const names: [string, string][] = [];
  const values: [string, string, string | boolean][] = [];
  let reusable = true;
  const recording: ResolveContext['scope'] = {
    resolveName(placeholder) {
      const name = scope.resolveName(placeholder);
      if (name !== undefined) names.push([placeholder, name]);
      return name;
    },
    resolveValue(placeholder) {
      const value = scope.resolveValue(placeholder);
      const scalar = value === undefined ? undefined : scalarOf(value);
      if (scalar !== undefined) values.push([placeholder, scalar[0], scalar[1]]);
      else if (value !== undefined) reusable = false;
      return value;
    },
  };
  const result = resolve(entry.raw, { scope: recording, operators: 0 });
  entry.last = reusable ? { names, values, result } : undefined;
  return result;
}

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

/** Compiles a condition, filter or key condition expression against the request's scope. */
export function compileCondition(text: string, kind: ConditionKind, scope: ExpressionScope): Condition {
  return compile(text, kind, () => {
    const parsed = conditionCache.get(text, () => {
      const raw = parseCondition(text);
      checkCondition(raw);
      return { raw };
    });
    return node({ kind, root: resolveReusing(parsed, scope, resolveCondition) });
  });
}

/** Compiles a projection expression against the request's scope. */
export function compileProjection(text: string, scope: ExpressionScope): Projection {
  return compile(text, 'Projection', () => {
    const parsed = projectionCache.get(text, () => {
      const raw = parseProjection(text);
      checkProjection(raw);
      return { raw };
    });
    const { paths, tree } = resolveReusing(parsed, scope, resolveProjection);
    return node({ kind: 'Projection', paths, tree });
  });
}

/** Compiles an update expression against the request's scope. */
export function compileUpdate(text: string, scope: ExpressionScope): Update {
  return compile(text, 'Update', () => {
    const parsed = updateCache.get(text, () => {
      const raw = parseUpdate(text);
      checkUpdate(raw);
      return { raw };
    });
    const { actions, tree } = resolveReusing(parsed, scope, resolveUpdate);
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
