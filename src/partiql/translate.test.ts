import assert from '../../test/helpers/assert.js';
import { describe, test } from 'node:test';
import { DynamoDBError } from '../errors.js';
import type { AttributeValue } from '../model/attribute-value.js';
import type { PrimaryKey, Table, TableIndex } from '../storage/types.js';
import { PARTIQL_MESSAGES } from './messages.js';
import { parseStatement } from './parser.js';
import { projectSelect } from './projection.js';
import { translateStatement, type SelectStatement, type Statement, type StatementContext } from './translate.js';

/** A stand-in for a table: translation reads only its name, key and indexes. */
function fakeTable(name: string, key: PrimaryKey, indexes: TableIndex[] = []): Table {
  return {
    definition: { TableName: name, TableId: name },
    key,
    index: (indexName: string) => indexes.find((i) => i.name === indexName),
  } as unknown as Table;
}

const gsi = {
  name: 'byColor',
  kind: 'GLOBAL',
  key: { partition: [{ name: 'color', type: 'S' }], sort: [] },
  projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['qty'] },
} as unknown as TableIndex;

const TABLES: Record<string, Table> = {
  Hash: fakeTable('Hash', { partition: { name: 'pk', type: 'S' } }),
  Range: fakeTable('Range', { partition: { name: 'pk', type: 'S' }, sort: { name: 'sk', type: 'N' } }, [gsi]),
};

const lookup = (name: string): Table => {
  const table = TABLES[name];
  if (!table) throw new DynamoDBError('com.amazonaws.dynamodb.v20120810#ResourceNotFoundException', 'Requested resource not found');
  return table;
};

const translate = (text: string, parameters: AttributeValue[] = [], context: StatementContext = 'statement'): Statement =>
  translateStatement(parseStatement(text), parameters, lookup, context);

/** The ValidationException message a statement fails with. */
function failure(text: string, parameters: AttributeValue[] = [], context: StatementContext = 'statement'): string {
  try {
    translate(text, parameters, context);
  } catch (error) {
    if (error instanceof DynamoDBError) return error.message;
    throw error;
  }
  throw new Error(`${text} did not fail`);
}

describe('SELECT planning: query when the partition key is fixed, scan otherwise', () => {
  const plan = (text: string, parameters: AttributeValue[] = []) => (translate(text, parameters) as SelectStatement).plan;

  test('equality on the partition key queries that partition', () => {
    assert.deepEqual(plan(`SELECT * FROM "Hash" WHERE pk = 'a'`), { kind: 'query', partitions: [[{ S: 'a' }]], forward: true });
  });

  test('parameters and extra conditions keep the query', () => {
    assert.deepEqual(plan(`SELECT * FROM "Hash" WHERE pk = ? AND x > 1`, [{ S: 'a' }]), { kind: 'query', partitions: [[{ S: 'a' }]], forward: true });
  });

  test('IN and OR of equalities query each partition, in key order', () => {
    const expected = { kind: 'query', partitions: [[{ S: 'a' }], [{ S: 'b' }], [{ S: 'c' }]], forward: true };
    assert.deepEqual(plan(`SELECT * FROM "Hash" WHERE pk IN ['c', 'a', 'b', 'a']`), expected);
    assert.deepEqual(plan(`SELECT * FROM "Hash" WHERE pk = 'b' OR pk = 'c' OR pk = 'a'`), expected);
  });

  test('sort key conditions become the range; ORDER BY sk DESC reads backwards', () => {
    assert.deepEqual(plan(`SELECT * FROM "Range" WHERE pk = 'a' AND sk BETWEEN 1 AND 5`), {
      kind: 'query',
      partitions: [[{ S: 'a' }]],
      sort: { op: 'BETWEEN', values: [{ N: '1' }, { N: '5' }] },
      forward: true,
    });
    assert.deepEqual(plan(`SELECT * FROM "Range" WHERE 3 < sk AND pk = 'a' ORDER BY sk DESC`), {
      kind: 'query',
      partitions: [[{ S: 'a' }]],
      sort: { op: 'GT', values: [{ N: '3' }] },
      forward: false,
    });
  });

  for (const text of [
    `SELECT * FROM "Hash"`,
    `SELECT * FROM "Hash" WHERE pk > 'a'`,
    `SELECT * FROM "Hash" WHERE x = 1`,
    `SELECT * FROM "Hash" WHERE pk = 'a' OR x = 1`,
    `SELECT * FROM "Range" WHERE sk = 1`,
  ]) {
    test(`scan: ${text}`, () => assert.deepEqual(plan(text), { kind: 'scan' }));
  }

  test('an index is queried by its own partition key', () => {
    const statement = translate(`SELECT pk, qty FROM "Range"."byColor" WHERE color = 'red'`) as SelectStatement;
    assert.equal(statement.index?.name, 'byColor');
    assert.deepEqual(statement.plan, { kind: 'query', partitions: [[{ S: 'red' }]], forward: true });
  });
});

describe('translation errors, as DynamoDB words them', () => {
  const cases: [string, string, AttributeValue[]?][] = [
    [`UPDATE "Hash" SET a = 1 WHERE x = 'a'`, PARTIQL_MESSAGES.incompleteKey],
    [`FROM "Hash" SET c = 1`, PARTIQL_MESSAGES.incompleteKey],
    [`DELETE FROM "Range" WHERE pk = 'a'`, PARTIQL_MESSAGES.incompleteKey],
    [`DELETE FROM "Hash" WHERE pk = 'a' AND pk = 'b'`, PARTIQL_MESSAGES.multipleKeyConditions('pk')],
    [`DELETE FROM "Hash" WHERE pk = 1`, PARTIQL_MESSAGES.keyType('pk')],
    [`DELETE FROM "Hash" WHERE pk = 'x' RETURNING MODIFIED OLD *`, PARTIQL_MESSAGES.returningInDelete('MODIFIED OLD *')],
    [`DELETE FROM "Hash" WHERE pk = 'x' RETURNING ALL NEW *`, PARTIQL_MESSAGES.returningInDelete('ALL NEW *')],
    [`UPDATE "Hash" SET a = 1 WHERE pk = 'x' RETURNING ALL NEW a`, PARTIQL_MESSAGES.returningStar],
    [`INSERT INTO "Hash" VALUE {'n': 1}`, PARTIQL_MESSAGES.keyAbsent('pk')],
    [`INSERT INTO "Hash" VALUE {'pk': 1}`, PARTIQL_MESSAGES.keyType('pk')],
    [`INSERT INTO "Hash" VALUE ['pk']`, PARTIQL_MESSAGES.insertFormat],
    [`INSERT INTO "Hash" VALUE {'pk': 'a', 'pk': 'b'}`, PARTIQL_MESSAGES.duplicateTupleKey('pk', 'root')],
    [`INSERT INTO "Hash" <<{'pk': 'a'}>>`, PARTIQL_MESSAGES.insertMultiple],
    [`INSERT INTO "Hash" VALUE {'pk': 'a', 'm': {'x': 1e126}}`, 'Number overflow. Attempting to store a number with magnitude larger than supported range under root.x'],
    [`INSERT INTO "Hash" VALUE {'pk': 'a', 'l': [1, 1e-131]}`, 'Number underflow. Attempting to store a number with magnitude smaller than supported range under root[1]'],
    [`INSERT INTO "Hash" VALUE {'pk': 'a', 's': <<>>}`, PARTIQL_MESSAGES.emptyBag],
    [`INSERT INTO "Hash" VALUE {'pk': 'a', 's': <<'a', 1>>}`, PARTIQL_MESSAGES.bagType],
    [`SELECT * FROM "Hash" t WHERE pk = 'x'`, PARTIQL_MESSAGES.aliasing],
    [`SELECT * FROM "Hash" AS t WHERE pk = 'x'`, PARTIQL_MESSAGES.aliasing],
    [`UPDATE "Hash" t SET a = 3 WHERE pk = 'x'`, PARTIQL_MESSAGES.aliasing],
    [`SELECT * FROM "Range"."none" WHERE pk = 'p'`, PARTIQL_MESSAGES.noIndex],
    [`SELECT * FROM "Range"."byColor"."x" WHERE pk = 'p'`, PARTIQL_MESSAGES.sourceComponents],
    [`SELECT * FROM "Range"."" WHERE pk = 'p'`, PARTIQL_MESSAGES.emptyPathComponent],
    [`SELECT * FROM "" WHERE pk = 'p'`, PARTIQL_MESSAGES.emptyPathComponent],
    [`SELECT * FROM "Hash", "Range"`, PARTIQL_MESSAGES.singleSource],
    [`SELECT * FROM "Hash" WHERE pk = 'x' LIMIT 5`, PARTIQL_MESSAGES.unsupportedClause('LIMIT')],
    [`SELECT VALUE pk FROM "Hash"`, PARTIQL_MESSAGES.selectValue],
    [`SELECT a.z, b.z FROM "Hash"`, PARTIQL_MESSAGES.duplicateSelectName('z')],
    [`SELECT * FROM "Hash" WHERE pk = 'x' AND val < ?`, 'Incorrect operand type for operator or function; operator or function: <, operand type: BOOL', [{ BOOL: true }]],
    [`SELECT * FROM "Hash" WHERE a = MISSING`, PARTIQL_MESSAGES.missingLiteral],
    [`SELECT * FROM "Hash" WHERE a IS INT`, PARTIQL_MESSAGES.isType('INT')],
    [`SELECT * FROM "Hash" WHERE a LIKE 'x%'`, PARTIQL_MESSAGES.conditionOperator('like')],
    [`SELECT * FROM "Hash" WHERE foo(a)`, PARTIQL_MESSAGES.unrecognizedFunction('foo')],
    [`SELECT * FROM "Hash" WHERE a`, PARTIQL_MESSAGES.whereBoolean],
    [`SELECT * FROM "Hash" WHERE a IN 'x'`, PARTIQL_MESSAGES.inOperator],
    [`SELECT * FROM "Hash" WHERE a[*].b = 1`, PARTIQL_MESSAGES.wildcardPath],
    [`SELECT * FROM "Hash" ORDER BY pk`, PARTIQL_MESSAGES.orderByWithoutWhere],
    [`SELECT * FROM "Hash" WHERE x = 1 ORDER BY pk`, PARTIQL_MESSAGES.orderByWithoutHashKey],
    [`SELECT * FROM "Range" WHERE pk = 'a' ORDER BY x`, PARTIQL_MESSAGES.orderByNotKey('x')],
    [`SELECT * FROM "Range" WHERE pk IN ['a', 'b'] ORDER BY sk`, PARTIQL_MESSAGES.orderByHashKey],
    [`SELECT color, x FROM "Range"."byColor" WHERE color = 'y'`, PARTIQL_MESSAGES.notProjected('Global', 'byColor', ['x'])],
    [`SELECT pk FROM "Range"."byColor" WHERE color = 'y' AND x = 1`, PARTIQL_MESSAGES.filterNotProjected('byColor', ['x'])],
    [`UPDATE "Hash" SET pk = 'b' WHERE pk = 'a'`, 'One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key'],
    [`UPDATE "Hash" SET s = set_add(t, <<'x'>>) WHERE pk = 'a'`, PARTIQL_MESSAGES.setFunctionFirst('ADD')],
    [`UPDATE "Hash" SET s = set_add(s, 'x') WHERE pk = 'a'`, PARTIQL_MESSAGES.setFunctionSecond('ADD')],
    [`UPDATE "Hash" SET a = b * 2 WHERE pk = 'a'`, PARTIQL_MESSAGES.updateOperator('*')],
    [`UPDATE "Hash" SET a = 1, a = 2 WHERE pk = 'a'`, 'Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]'],
    [`EXISTS(SELECT * FROM "Hash" WHERE pk = 'a' AND x = 1)`, PARTIQL_MESSAGES.existsOutsideTransaction],
    [`x IS INT4`, PARTIQL_MESSAGES.unsupportedOperation('IsType')],
  ];
  for (const [text, message, parameters] of cases) {
    test(text, () => assert.equal(failure(text, parameters), message));
  }

  test('a missing table is what the lookup throws', () => {
    assert.equal(failure(`SELECT * FROM "Nope" WHERE pk = 'a'`), 'Requested resource not found');
  });

  test('in a transaction: reads by full key, no index reads, EXISTS needs a condition', () => {
    assert.equal(failure(`SELECT * FROM "Hash" WHERE x = 1`, [], 'transaction'), PARTIQL_MESSAGES.transactionSelectKey);
    assert.equal(failure(`SELECT * FROM "Range"."byColor" WHERE color = 'x'`, [], 'transaction'), PARTIQL_MESSAGES.indexReadInTransaction);
    assert.equal(failure(`EXISTS(SELECT * FROM "Hash" WHERE pk = 'a')`, [], 'transaction'), PARTIQL_MESSAGES.existsKey);
    assert.equal(failure(`SELECT * FROM "Hash" WHERE x = 1`, [], 'batch'), PARTIQL_MESSAGES.incompleteKey);
  });
});

describe('translated writes', () => {
  test('INSERT builds the item from literals and parameters', () => {
    const statement = translate(`INSERT INTO "Hash" VALUE {'pk': ?, 'n': 1.50, 'b': true, 'z': null, 'l': [1, 'x'], 'm': {'k': <<1, 2>>}}`, [{ S: 'a' }]);
    assert.deepEqual(statement.kind === 'insert' && statement.item, {
      pk: { S: 'a' },
      n: { N: '1.5' },
      b: { BOOL: true },
      z: { NULL: true },
      l: { L: [{ N: '1' }, { S: 'x' }] },
      m: { M: { k: { NS: ['1', '2'] } } },
    });
  });

  test('UPDATE splits the key from the condition and maps RETURNING', () => {
    const statement = translate(`UPDATE "Range" SET a = a + 1 WHERE pk = 'p' AND sk = 2 AND a < 10 RETURNING MODIFIED OLD *`);
    assert.equal(statement.kind, 'update');
    if (statement.kind !== 'update') return;
    assert.deepEqual(statement.key, { pk: { S: 'p' }, sk: { N: '2' } });
    assert.equal(statement.condition?.kind, 'comparison');
    assert.equal(statement.returning, 'UPDATED_OLD');
    assert.deepEqual(
      statement.update.actions.map((a) => a.kind),
      ['set'],
    );
  });

  test('EXISTS in a transaction is a condition check on the item', () => {
    const statement = translate(`EXISTS(SELECT * FROM "Hash" WHERE pk = 'a' AND v = 1)`, [], 'transaction');
    assert.equal(statement.kind, 'exists');
  });
});

describe('projections', () => {
  test('each path is returned under its last name, missing paths left out', () => {
    const statement = translate(`SELECT pk, m.k, l[1], "weird.name", absent FROM "Hash"`) as SelectStatement;
    const item = {
      pk: { S: 'a' },
      m: { M: { k: { N: '1' }, j: { N: '2' } } },
      l: { L: [{ S: 'x' }, { S: 'y' }] },
      'weird.name': { BOOL: true },
    };
    assert.deepEqual(projectSelect(item, statement.projection), { pk: { S: 'a' }, k: { N: '1' }, 'l[1]': { S: 'y' }, 'weird.name': { BOOL: true } });
  });
});
