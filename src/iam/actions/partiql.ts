/**
 * Authorization checks of PartiQL statements (ExecuteStatement, BatchExecuteStatement,
 * ExecuteTransaction): the action by statement kind (`dynamodb:PartiQLSelect`, `PartiQLInsert`,
 * `PartiQLUpdate`, `PartiQLDelete`; an EXISTS condition of a transaction reads, so
 * PartiQLSelect), on the table or the index it names, with the fine-grained keys read from the
 * statement: LeadingKeys from an INSERT's item or the partition key equality of WHERE,
 * Attributes from the projection or the written paths, and `dynamodb:EnclosingOperation`
 * `ExecuteTransaction` inside a transaction.
 */
import type { JsonObject } from '../../api/context.js';
import type { AttributeValue } from '../../model/attribute-value.js';
import { parse } from '../../partiql/index.js';
import type { Expr } from '../../partiql/ast.js';
import { compileWhere, isPathExpr, pathElements } from '../../partiql/expressions.js';
import { conjuncts, equalityOn } from '../../partiql/plan.js';
import { toItem } from '../../partiql/values.js';
import type { ActionScope, AuthorizationCheck } from '../actions.js';
import type { LazyContextValue } from '../policy/context.js';
import { keyText, leadingKeys, tableRef } from './dynamodb.js';

type Kind = 'Select' | 'Insert' | 'Update' | 'Delete';

interface StatementShape {
  readonly kind: Kind;
  readonly source: Expr;
  readonly where?: Expr;
  readonly item?: Expr;
  /** Top-level names read (SELECT list) or written (SET / REMOVE targets); undefined: all. */
  readonly paths?: readonly Expr[];
  readonly returning?: string;
}

const RETURN_VALUES: Readonly<Record<string, string>> = { 'ALL OLD': 'ALL_OLD', 'ALL NEW': 'ALL_NEW', 'MODIFIED OLD': 'UPDATED_OLD', 'MODIFIED NEW': 'UPDATED_NEW' };

/** What a parsed statement does and to what; undefined for a statement DynamoDB refuses anyway. */
function shapeOf(root: Expr): StatementShape | undefined {
  if (root.kind === 'select') {
    const source = root.from[0];
    if (source === undefined) return undefined;
    const paths = root.projection.kind === 'list' ? root.projection.items : undefined;
    return { kind: 'Select', source, ...(root.where ? { where: root.where } : {}), ...(paths ? { paths } : {}) };
  }
  if (root.kind === 'call' && root.name === 'exists' && root.args[0]?.kind === 'select') return shapeOf(root.args[0]);
  if (root.kind !== 'dml') return undefined;
  const returning = root.returning?.[0] !== undefined ? RETURN_VALUES[root.returning[0].mapping] : undefined;
  const extra = { ...(root.where ? { where: root.where } : {}), ...(returning !== undefined ? { returning } : {}) };
  if (root.verb === 'insert') {
    const insertion = root.operations[0];
    if (insertion?.kind !== 'insert') return undefined;
    return { kind: 'Insert', source: insertion.target, ...(insertion.value ? { item: insertion.value } : {}) };
  }
  const source = root.sources[0];
  if (source === undefined) return undefined;
  if (root.verb === 'delete' || (root.verb === 'from' && root.operations.length === 0)) return { kind: 'Delete', source, ...extra };
  const paths = root.operations.flatMap((op) => (op.kind === 'insert' ? [] : [op.target]));
  return { kind: 'Update', source, paths, ...extra };
}

/** `"table"` or `"table"."index"`. */
function sourceNames(source: Expr): [string, string | undefined] | undefined {
  const root = source.kind === 'path' ? source.root : source;
  if (root.kind !== 'id') return undefined;
  const step = source.kind === 'path' ? source.steps[0] : undefined;
  return [root.name, step?.kind === 'dot' ? step.name : undefined];
}

function topLevelNames(paths: readonly Expr[]): string[] {
  const names = new Set<string>();
  for (const path of paths) if (isPathExpr(path)) names.add(String(pathElements(path)[0]));
  return [...names];
}

function statementCheck(entry: JsonObject, request: JsonObject, scope: ActionScope, enclosing: string | undefined): AuthorizationCheck | undefined {
  const text = typeof entry.Statement === 'string' ? entry.Statement : undefined;
  if (text === undefined) return undefined;
  let shape: StatementShape | undefined;
  try {
    shape = shapeOf(parse(text).root);
  } catch {
    return undefined; // a statement that does not parse fails on its own, before any table is reached
  }
  const names = shape !== undefined ? sourceNames(shape.source) : undefined;
  if (shape === undefined || names === undefined) return undefined;
  const ref = tableRef(names[0], scope);
  const index = shape.kind === 'Select' ? names[1] : undefined;
  const parameters = (Array.isArray(entry.Parameters) ? entry.Parameters : []) as AttributeValue[];
  const found = shape;

  const leading = (): string[] | undefined => {
    const keys = scope.keysOf?.(ref.arn);
    const partitionKey = index !== undefined ? keys?.indexes?.[index]?.partitionKey : keys?.partitionKey;
    if (partitionKey === undefined) return undefined;
    if (found.item !== undefined) return leadingKeys([toItem(found.item, parameters)], partitionKey);
    if (found.where === undefined) return undefined;
    const values = conjuncts(compileWhere(found.where, parameters)).flatMap((term) => {
      const text = keyText(equalityOn(term, partitionKey));
      return text !== undefined ? [text] : [];
    });
    return values.length > 0 ? [...new Set(values)] : undefined;
  };
  const attributes = (): string[] | undefined => {
    if (found.item !== undefined) return Object.keys(toItem(found.item, parameters));
    if (found.paths === undefined) return undefined;
    const keys = scope.keysOf?.(ref.arn);
    const keyNames = found.kind === 'Select' || keys === undefined ? [] : [keys.partitionKey, ...(keys.sortKey !== undefined ? [keys.sortKey] : [])];
    return [...new Set([...keyNames, ...topLevelNames(found.paths)])];
  };

  const context: Record<string, LazyContextValue> = { 'dynamodb:LeadingKeys': leading, 'dynamodb:Attributes': attributes };
  if (found.kind === 'Select') context['dynamodb:Select'] = found.paths !== undefined ? 'SPECIFIC_ATTRIBUTES' : 'ALL_ATTRIBUTES';
  if (found.returning !== undefined) context['dynamodb:ReturnValues'] = found.returning;
  if (typeof request.ReturnConsumedCapacity === 'string') context['dynamodb:ReturnConsumedCapacity'] = request.ReturnConsumedCapacity;
  if (enclosing !== undefined) context['dynamodb:EnclosingOperation'] = enclosing;
  return {
    action: `dynamodb:PartiQL${found.kind}`,
    resource: index !== undefined ? `${ref.arn}/index/${index}` : ref.arn,
    resourceAccount: ref.account,
    context,
  };
}

/** One check per statement (`entries`: objects with Statement and Parameters). */
export function partiqlChecks(entries: readonly JsonObject[], request: JsonObject, scope: ActionScope, enclosing?: string): AuthorizationCheck[] {
  return entries.flatMap((entry) => {
    const c = statementCheck(entry, request, scope, enclosing);
    return c !== undefined ? [c] : [];
  });
}
