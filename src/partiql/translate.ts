/**
 * From a parsed PartiQL statement to what DynamoDB executes: a read (query or scan,
 * or a single-item get in batches and transactions), an INSERT (a put that must not
 * overwrite), an UPDATE or DELETE of one item named by its full key, or an EXISTS
 * condition check (transactions only). Checks follow DynamoDB's PartiQL front end and
 * use its messages; table lookups go through the caller's `lookup`.
 */
import { validation } from '../errors.js';
import type { AttributeValue, Item } from '../model/attribute-value.js';
import { validateItem } from '../model/validate.js';
import { node, type ConditionNode, type Operand, type PathElement } from '../expressions/ast.js';
import { foldCondition } from '../expressions/walk.js';
import { keyAttributeNames, keyAttributes, keyParts } from '../model/keys.js';
import { checkUpdateKeys, type Update } from '../expressions/update.js';
import type { PrimaryKey, Table, TableIndex } from '../storage/types.js';
import type { Dml, Expr, ParsedStatement, ReturningElement, Select } from './ast.js';
import { compileUpdate, compileWhere, pathElements } from './expressions.js';
import { PARTIQL_MESSAGES } from './messages.js';
import { checkKeyValue, conjuncts, equalityOn, planRead, type ReadKey, type ReadPlan } from './plan.js';
import { toItem } from './values.js';

/** Where a statement runs: alone (ExecuteStatement), in a batch, or in a transaction. */
export type StatementContext = 'statement' | 'batch' | 'transaction';

/** Finds a table by name (throwing ResourceNotFoundException when there is none). */
export type TableLookup = (name: string) => Table;

/** A projected path and the attribute name its value is returned under. */
export interface ProjectedPath {
  readonly elements: readonly PathElement[];
  /** The last name of the path with its trailing indexes: `a.b[1]` -> `b[1]`. */
  readonly name: string;
}

/** ReturnValues of an UPDATE / DELETE, from its RETURNING clause. */
export type Returning = 'ALL_OLD' | 'ALL_NEW' | 'UPDATED_OLD' | 'UPDATED_NEW';

export interface SelectStatement {
  readonly kind: 'select';
  readonly table: Table;
  readonly index?: TableIndex;
  /** undefined: `SELECT *`. */
  readonly projection?: readonly ProjectedPath[];
  readonly where?: ConditionNode;
  readonly plan: ReadPlan;
}

/** A SELECT of one item by its full key (batches and transactions). */
export interface GetStatement {
  readonly kind: 'get';
  readonly table: Table;
  readonly key: Item;
  /** The rest of the WHERE clause: an item that fails it is not returned. */
  readonly filter?: ConditionNode;
  readonly projection?: readonly ProjectedPath[];
}

export interface InsertStatement {
  readonly kind: 'insert';
  readonly table: Table;
  readonly item: Item;
}

export interface UpdateStatement {
  readonly kind: 'update';
  readonly table: Table;
  readonly key: Item;
  /** The rest of the WHERE clause (the item must exist besides). */
  readonly condition?: ConditionNode;
  readonly update: Update;
  readonly returning?: Returning;
}

export interface DeleteStatement {
  readonly kind: 'delete';
  readonly table: Table;
  readonly key: Item;
  readonly condition?: ConditionNode;
  readonly returning?: 'ALL_OLD';
}

/** EXISTS(SELECT ... WHERE <key> AND <condition>): a transaction's condition check. */
export interface ExistsStatement {
  readonly kind: 'exists';
  readonly table: Table;
  readonly key: Item;
  readonly condition: ConditionNode;
}

export type Statement = SelectStatement | GetStatement | InsertStatement | UpdateStatement | DeleteStatement | ExistsStatement;

/** The statement kinds that read (a request holds reads only or writes only). */
export const isRead = (statement: Statement): boolean => statement.kind === 'select' || statement.kind === 'get';

// ---------------------------------------------------------------- names for messages

const BINARY_NAMES: Readonly<Record<string, string>> = {
  '=': 'Eq',
  '<>': 'Ne',
  '!=': 'Ne',
  '<': 'Lt',
  '<=': 'Lte',
  '>': 'Gt',
  '>=': 'Gte',
  and: 'And',
  or: 'Or',
  '+': 'Plus',
  '-': 'Minus',
  '*': 'Times',
  '/': 'Divide',
  '%': 'Modulo',
  '||': 'Concat',
  in: 'InCollection',
  not_in: 'InCollection',
  like: 'Like',
  not_like: 'Like',
  union: 'Union',
  intersect: 'Intersect',
  except: 'Except',
};

/** The PartiQL AST class name DynamoDB prints in "Unsupported operation: <name>". */
function operationName(expr: Expr): string {
  switch (expr.kind) {
    case 'id':
      return 'Id';
    case 'path':
      return 'Path';
    case 'literal':
      return 'Lit';
    case 'parameter':
      return 'Parameter';
    case 'list':
      return 'List';
    case 'bag':
      return 'Bag';
    case 'struct':
      return 'Struct';
    case 'unary':
      return expr.op === 'not' ? 'Not' : expr.op === '-' ? 'Neg' : 'Pos';
    case 'binary':
      return BINARY_NAMES[expr.op] ?? expr.op;
    case 'ternary':
      return expr.op.endsWith('between') ? 'Between' : 'Like';
    case 'is':
      return 'IsType';
    case 'call':
      return 'Call';
    default:
      return expr.kind;
  }
}

// ---------------------------------------------------------------- sources

const TABLE_NAME = /^[a-zA-Z0-9_.-]{3,255}$/;

/** FROM "table" or "table"."index": the names, checked as DynamoDB checks them. */
function sourceNames(expr: Expr): string[] {
  if (expr.kind === 'aliased') throw validation(PARTIQL_MESSAGES.aliasing);
  const root = expr.kind === 'path' ? expr.root : expr;
  if (root.kind !== 'id') throw validation(PARTIQL_MESSAGES.unexpectedFromSource);
  const names = [root.name];
  for (const step of expr.kind === 'path' ? expr.steps : []) {
    if (step.kind !== 'dot') throw validation(PARTIQL_MESSAGES.sourceList);
    names.push(step.name);
  }
  if (names.includes('')) throw validation(PARTIQL_MESSAGES.emptyPathComponent);
  if (names.length > 2) throw validation(PARTIQL_MESSAGES.sourceComponents);
  if (names.some((name) => !TABLE_NAME.test(name))) throw validation(PARTIQL_MESSAGES.tableName);
  return names;
}

/** The one table a data manipulation statement writes (never an index). */
function dmlTable(sources: readonly Expr[], lookup: TableLookup): Table {
  if (sources.length !== 1) throw validation(PARTIQL_MESSAGES.dmlFrom);
  const names = sourceNames(sources[0]);
  if (names.length > 1) throw validation(PARTIQL_MESSAGES.notOnIndex);
  return lookup(names[0]);
}

// ---------------------------------------------------------------- keys

/**
 * Splits a WHERE clause into the full primary key (an equality on each key attribute,
 * AND-ed at the top level) and the rest of the condition.
 */
function splitKey(where: ConditionNode | undefined, key: PrimaryKey, incomplete: string = PARTIQL_MESSAGES.incompleteKey): { key: Item; rest?: ConditionNode } {
  const found: Item = {};
  const rest: ConditionNode[] = [];
  const attrs = keyAttributes(key);
  for (const term of conjuncts(where)) {
    const attr = attrs.find((a) => equalityOn(term, a.name) !== undefined);
    if (attr === undefined) {
      rest.push(term);
      continue;
    }
    if (found[attr.name] !== undefined) throw validation(PARTIQL_MESSAGES.multipleKeyConditions(attr.name));
    found[attr.name] = equalityOn(term, attr.name) as AttributeValue;
  }
  if (attrs.some((a) => found[a.name] === undefined)) throw validation(incomplete);
  for (const attr of attrs) checkKeyValue(attr, found[attr.name], attr.role);
  const condition = rest.reduce<ConditionNode | undefined>((acc, term) => (acc ? node({ kind: 'and', left: acc, right: term }) : term), undefined);
  return condition ? { key: found, rest: condition } : { key: found };
}

// ---------------------------------------------------------------- projection

function projectedPath(expr: Expr): ProjectedPath {
  if (expr.kind === 'aliased') throw validation(PARTIQL_MESSAGES.aliasing);
  if (expr.kind !== 'id' && expr.kind !== 'path') throw validation(PARTIQL_MESSAGES.unsupportedOperation(operationName(expr)));
  const elements = pathElements(expr);
  let last = elements.length - 1;
  while (last > 0 && typeof elements[last] === 'number') last--;
  const name = String(elements[last]) + elements.slice(last + 1).map((index) => `[${String(index)}]`).join('');
  return { elements, name };
}

function projectionOf(select: Select): ProjectedPath[] | undefined {
  if (select.projection.kind === 'value') throw validation(PARTIQL_MESSAGES.selectValue);
  if (select.projection.kind === 'star') return undefined;
  const paths = select.projection.items.map(projectedPath);
  const seen = new Set<string>();
  for (const path of paths) {
    if (seen.has(path.name)) throw validation(PARTIQL_MESSAGES.duplicateSelectName(path.name));
    seen.add(path.name);
  }
  return paths;
}

// ---------------------------------------------------------------- SELECT

/** Top-level attribute names a condition reads. */
function conditionNames(condition: ConditionNode | undefined): Set<string> {
  const names = new Set<string>();
  if (condition === undefined) return names;
  return foldCondition<Operand, Set<string>>(condition, names, (out, operand) => (operand.kind === 'path' ? out.add(String(operand.elements[0])) : out));
}

/** Attribute names an index holds: table key, index key, and INCLUDE's attributes; undefined for ALL. */
function indexAttributes(table: Table, index: TableIndex): Set<string> | undefined {
  if (index.projection.ProjectionType === 'ALL') return undefined;
  return new Set([
    ...keyAttributeNames(table.key),
    ...index.key.partition.map((a) => a.name),
    ...index.key.sort.map((a) => a.name),
    ...(index.projection.NonKeyAttributes ?? []),
  ]);
}

/** An index with a partial projection cannot serve attributes it does not hold. */
function checkIndexProjection(table: Table, index: TableIndex, projection: readonly ProjectedPath[] | undefined, where: ConditionNode | undefined): void {
  const held = indexAttributes(table, index);
  if (held === undefined) return;
  const projected = [...new Set((projection ?? []).map((p) => String(p.elements[0])))].filter((name) => !held.has(name));
  if (projected.length > 0) throw validation(PARTIQL_MESSAGES.notProjected(index.kind === 'GLOBAL' ? 'Global' : 'Local', index.name, projected));
  const filtered = [...conditionNames(where)].filter((name) => !held.has(name));
  if (filtered.length > 0) throw validation(PARTIQL_MESSAGES.filterNotProjected(index.name, filtered));
}

function selectStatement(select: Select, parameters: readonly AttributeValue[], lookup: TableLookup, context: StatementContext): SelectStatement | GetStatement {
  if (select.from.length !== 1) throw validation(PARTIQL_MESSAGES.singleSource);
  const names = sourceNames(select.from[0]);
  if (select.distinct) throw validation(PARTIQL_MESSAGES.unsupportedClause('DISTINCT'));
  if (select.clauses.length > 0) throw validation(PARTIQL_MESSAGES.unsupportedClause(select.clauses[0]));
  const table = lookup(names[0]);
  const index = names.length > 1 ? table.index(names[1]) : undefined;
  if (names.length > 1 && index === undefined) throw validation(PARTIQL_MESSAGES.noIndex);
  const projection = projectionOf(select);
  const where = select.where ? compileWhere(select.where, parameters) : undefined;
  if (context !== 'statement') {
    if (index) throw validation(context === 'transaction' ? PARTIQL_MESSAGES.indexReadInTransaction : PARTIQL_MESSAGES.notOnIndex);
    const { key, rest } = splitKey(where, table.key, context === 'transaction' ? PARTIQL_MESSAGES.transactionSelectKey : PARTIQL_MESSAGES.incompleteKey);
    return { kind: 'get', table, key, ...(rest ? { filter: rest } : {}), ...(projection ? { projection } : {}) };
  }
  if (index) checkIndexProjection(table, index, projection, where);
  const readKey: ReadKey = index ? index.key : keyParts(table.key);
  const plan = planRead(where, readKey, select.orderBy);
  return { kind: 'select', table, ...(index ? { index } : {}), ...(projection ? { projection } : {}), ...(where ? { where } : {}), plan };
}

// ---------------------------------------------------------------- DML

function returningOf(returning: readonly ReturningElement[] | undefined): ReturningElement['mapping'] | undefined {
  if (returning === undefined) return undefined;
  if (returning.length > 1) throw validation(PARTIQL_MESSAGES.multipleReturning);
  if (returning[0].column !== undefined) throw validation(PARTIQL_MESSAGES.returningStar);
  return returning[0].mapping;
}

const RETURN_VALUES: Readonly<Record<ReturningElement['mapping'], Returning>> = {
  'ALL OLD': 'ALL_OLD',
  'ALL NEW': 'ALL_NEW',
  'MODIFIED OLD': 'UPDATED_OLD',
  'MODIFIED NEW': 'UPDATED_NEW',
};

function insertStatement(dml: Dml, parameters: readonly AttributeValue[], lookup: TableLookup): InsertStatement {
  const insertion = dml.operations[0];
  if (insertion.kind !== 'insert') throw new Error('not an insertion');
  if (insertion.value === undefined) throw validation(PARTIQL_MESSAGES.insertMultiple);
  if (insertion.position !== undefined) throw validation(PARTIQL_MESSAGES.atInInsert);
  if (insertion.onConflict !== undefined && insertion.onConflict !== 'do nothing') throw validation(PARTIQL_MESSAGES.conflictAction);
  if (returningOf(dml.returning) !== undefined) throw validation(PARTIQL_MESSAGES.returningInInsert);
  const table = dmlTable([insertion.target], lookup);
  const item = validateItem(toItem(insertion.value, parameters));
  for (const attr of keyAttributes(table.key)) {
    if (item[attr.name] === undefined) throw validation(PARTIQL_MESSAGES.keyAbsent(attr.name));
    checkKeyValue(attr, item[attr.name], attr.role);
  }
  return { kind: 'insert', table, item };
}

function deleteStatement(dml: Dml, parameters: readonly AttributeValue[], lookup: TableLookup): DeleteStatement {
  const mapping = returningOf(dml.returning);
  if (mapping !== undefined && mapping !== 'ALL OLD') throw validation(PARTIQL_MESSAGES.returningInDelete(`${mapping} *`));
  const table = dmlTable(dml.sources, lookup);
  const { key, rest } = splitKey(dml.where ? compileWhere(dml.where, parameters) : undefined, table.key);
  return { kind: 'delete', table, key, ...(rest ? { condition: rest } : {}), ...(mapping ? { returning: 'ALL_OLD' as const } : {}) };
}

function updateStatement(dml: Dml, parameters: readonly AttributeValue[], lookup: TableLookup): UpdateStatement {
  if (dml.operations.some((op) => op.kind === 'insert')) {
    throw validation(dml.where ? PARTIQL_MESSAGES.insertFromWhere : PARTIQL_MESSAGES.unsupportedUpdateAction);
  }
  const mapping = returningOf(dml.returning);
  const table = dmlTable(dml.sources, lookup);
  const { key, rest } = splitKey(dml.where ? compileWhere(dml.where, parameters) : undefined, table.key);
  const update = compileUpdate(dml.operations, parameters);
  checkUpdateKeys(update, keyAttributeNames(table.key));
  return { kind: 'update', table, key, ...(rest ? { condition: rest } : {}), update, ...(mapping ? { returning: RETURN_VALUES[mapping] } : {}) };
}

function dmlStatement(dml: Dml, parameters: readonly AttributeValue[], lookup: TableLookup): Statement {
  if (dml.verb === 'insert') return insertStatement(dml, parameters, lookup);
  if (dml.verb === 'delete') return deleteStatement(dml, parameters, lookup);
  return updateStatement(dml, parameters, lookup);
}

function existsStatement(args: readonly Expr[], parameters: readonly AttributeValue[], lookup: TableLookup): ExistsStatement {
  const select = args.length === 1 && args[0].kind === 'select' ? args[0] : undefined;
  if (select === undefined || select.from.length !== 1) throw validation(PARTIQL_MESSAGES.existsKey);
  const names = sourceNames(select.from[0]);
  if (names.length > 1) throw validation(PARTIQL_MESSAGES.indexWriteInTransaction);
  const table = lookup(names[0]);
  const { key, rest } = splitKey(select.where ? compileWhere(select.where, parameters) : undefined, table.key, PARTIQL_MESSAGES.existsKey);
  if (rest === undefined) throw validation(PARTIQL_MESSAGES.existsKey);
  return { kind: 'exists', table, key, condition: rest };
}

/**
 * Translates a parsed statement. `parameters` must already be validated and at least
 * as many as the statement's `?`. Throws DynamoDB's ValidationException (or what
 * `lookup` throws for a missing table).
 */
export function translateStatement(parsed: ParsedStatement, parameters: readonly AttributeValue[], lookup: TableLookup, context: StatementContext): Statement {
  const root = parsed.root;
  switch (root.kind) {
    case 'select':
      return selectStatement(root, parameters, lookup, context);
    case 'dml':
      return dmlStatement(root, parameters, lookup);
    case 'call':
      if (root.name === 'exists') {
        if (context !== 'transaction') throw validation(PARTIQL_MESSAGES.existsOutsideTransaction);
        return existsStatement(root.args, parameters, lookup);
      }
      throw validation(PARTIQL_MESSAGES.unsupportedOperation(operationName(root)));
    default:
      throw validation(PARTIQL_MESSAGES.unsupportedOperation(operationName(root)));
  }
}
