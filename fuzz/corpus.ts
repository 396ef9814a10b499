/**
 * The fuzz test's starting points: for every operation, requests that succeed against the
 * fuzz tables, so that mutations of them reach deep into each operation. The tables:
 *
 * - `fuzz`: pk (S) + sk (N), a GSI `byG` on g (S), an LSI `byL` on l (S);
 * - `fuzz2`: pk (S);
 * - `fuzz_keep`: the sentinel table, written before the run and read back after it; no
 *   request of the corpus names it, so whatever the mutations do, its items must come back
 *   unchanged.
 */
import type { OperationName } from '../src/api/registry.js';
import { gsi, lsi, tableInput } from '../test/helpers/tables.js';

export const FUZZ_TABLE = 'fuzz';
export const FUZZ_TABLE_2 = 'fuzz2';
export const SENTINEL_TABLE = 'fuzz_keep';
const ARN = `arn:aws:dynamodb:us-east-1:000000000000:table/${FUZZ_TABLE}`;

const s = (v: string) => ({ S: v });
const n = (v: number | string) => ({ N: String(v) });

/** An item of every attribute type. */
export const richItem = (pk: string, sk: number) => ({
  pk: s(pk),
  sk: n(sk),
  g: s(`g${sk % 3}`),
  l: s(`l${sk}`),
  str: s('hello é 😀'),
  num: n('12345678901234567890.123456789'),
  bin: { B: 'AAECAwQ=' },
  ss: { SS: ['a', 'b'] },
  ns: { NS: ['1', '2.5'] },
  bs: { BS: ['AQ==', 'Ag=='] },
  m: { M: { x: n(1), deep: { M: { y: { L: [s('z'), { BOOL: true }] } } } } },
  li: { L: [n(1), s('two'), { NULL: true }] },
  flag: { BOOL: false },
  nothing: { NULL: true },
});

export const tableDefinitions = [
  tableInput(FUZZ_TABLE, 'pk:S sk:N', {
    GlobalSecondaryIndexes: [gsi('byG', 'g:S')],
    LocalSecondaryIndexes: [lsi('byL', 'pk:S l:S', { ProjectionType: 'INCLUDE', NonKeyAttributes: ['str'] })],
  }),
  tableInput(FUZZ_TABLE_2, 'pk:S'),
  tableInput(SENTINEL_TABLE, 'pk:S'),
];

const key = (pk: string, sk: number) => ({ pk: s(pk), sk: n(sk) });
const table = { TableName: FUZZ_TABLE };

/** Valid requests of every operation (the fuzz mutates copies of them). */
export const CORPUS: Readonly<Record<OperationName, readonly Record<string, unknown>[]>> = {
  CreateTable: [
    { TableName: 'fuzz_new', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'B' }], BillingMode: 'PAY_PER_REQUEST', Tags: [{ Key: 'k', Value: 'v' }] },
    { TableName: 'fuzz_new2', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } },
  ],
  DescribeTable: [table],
  UpdateTable: [
    { TableName: FUZZ_TABLE_2, ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 3 }, BillingMode: 'PROVISIONED' },
    { TableName: FUZZ_TABLE_2, BillingMode: 'PAY_PER_REQUEST' },
  ],
  DeleteTable: [{ TableName: 'fuzz_new' }, { TableName: 'fuzz_new2' }],
  ListTables: [{ Limit: 2, ExclusiveStartTableName: FUZZ_TABLE }, {}],
  DescribeTimeToLive: [table],
  UpdateTimeToLive: [{ TableName: FUZZ_TABLE_2, TimeToLiveSpecification: { Enabled: true, AttributeName: 'ttl' } }],
  TagResource: [{ ResourceArn: ARN, Tags: [{ Key: 'team', Value: 'fuzz' }] }],
  UntagResource: [{ ResourceArn: ARN, TagKeys: ['team'] }],
  ListTagsOfResource: [{ ResourceArn: ARN }],
  DescribeLimits: [{}],
  DescribeEndpoints: [{}],
  PutItem: [
    { ...table, Item: richItem('p', 1), ReturnValues: 'ALL_OLD', ReturnConsumedCapacity: 'INDEXES', ReturnItemCollectionMetrics: 'SIZE' },
    { ...table, Item: richItem('p', 2), ConditionExpression: 'attribute_not_exists(pk) OR #n > :v', ExpressionAttributeNames: { '#n': 'num' }, ExpressionAttributeValues: { ':v': n(1) } },
    { TableName: FUZZ_TABLE_2, Item: { pk: s('q-new'), ttl: n(1) }, Expected: { pk: { Exists: false } } },
  ],
  GetItem: [
    { ...table, Key: key('p', 1), ProjectionExpression: 'pk, m.deep.y[1], #s', ExpressionAttributeNames: { '#s': 'ss' }, ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' },
    { ...table, Key: key('p', 2), AttributesToGet: ['str', 'li'] },
  ],
  UpdateItem: [
    {
      ...table,
      Key: key('p', 3),
      UpdateExpression: 'SET #a = :a, m = if_not_exists(m, :m), li = list_append(if_not_exists(li, :e), :l) ADD c :one, ss :ss REMOVE z',
      ExpressionAttributeNames: { '#a': 'str' },
      ExpressionAttributeValues: { ':a': s('x'), ':m': { M: { k: n(1) } }, ':e': { L: [] }, ':l': { L: [n(7)] }, ':one': n(1), ':ss': { SS: ['c'] } },
      ReturnValues: 'UPDATED_NEW',
    },
    { ...table, Key: key('p', 4), AttributeUpdates: { num: { Action: 'ADD', Value: n(5) }, str: { Action: 'PUT', Value: s('y') } }, ReturnValues: 'ALL_NEW' },
  ],
  DeleteItem: [
    { ...table, Key: key('p', 9), ConditionExpression: 'attribute_not_exists(pk) OR size(str) < :n', ExpressionAttributeValues: { ':n': n(100) }, ReturnValues: 'ALL_OLD' },
    { ...table, Key: key('p', 8), Expected: { str: { ComparisonOperator: 'NULL' }, num: { ComparisonOperator: 'NULL' } }, ConditionalOperator: 'OR', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' },
  ],
  Query: [
    {
      ...table,
      KeyConditionExpression: 'pk = :p AND sk BETWEEN :a AND :b',
      FilterExpression: 'contains(str, :c) OR attribute_type(m, :t)',
      ProjectionExpression: 'pk, sk, m.x',
      ExpressionAttributeValues: { ':p': s('p'), ':a': n(0), ':b': n(100), ':c': s('h'), ':t': s('M') },
      Limit: 3,
      ScanIndexForward: false,
      ReturnConsumedCapacity: 'INDEXES',
    },
    { ...table, IndexName: 'byG', KeyConditionExpression: 'g = :g', ExpressionAttributeValues: { ':g': s('g1') }, Select: 'COUNT' },
    { ...table, IndexName: 'byL', KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [s('p')] }, l: { ComparisonOperator: 'BEGINS_WITH', AttributeValueList: [s('l')] } }, ExclusiveStartKey: { pk: s('p'), sk: n(1), l: s('l1') } },
  ],
  Scan: [
    { ...table, FilterExpression: 'num >= :n AND NOT begins_with(str, :x)', ExpressionAttributeValues: { ':n': n(0), ':x': s('zz') }, Segment: 1, TotalSegments: 3, Limit: 10 },
    { ...table, IndexName: 'byG', ScanFilter: { str: { ComparisonOperator: 'CONTAINS', AttributeValueList: [s('e')] } }, Select: 'ALL_ATTRIBUTES' },
  ],
  BatchGetItem: [
    { RequestItems: { [FUZZ_TABLE]: { Keys: [key('p', 1), key('p', 2)], ProjectionExpression: 'pk, #m', ExpressionAttributeNames: { '#m': 'm' } }, [FUZZ_TABLE_2]: { Keys: [{ pk: s('q') }], ConsistentRead: true } }, ReturnConsumedCapacity: 'TOTAL' },
  ],
  BatchWriteItem: [
    { RequestItems: { [FUZZ_TABLE]: [{ PutRequest: { Item: richItem('b', 1) } }, { DeleteRequest: { Key: key('b', 2) } }], [FUZZ_TABLE_2]: [{ PutRequest: { Item: { pk: s('b') } } }] }, ReturnItemCollectionMetrics: 'SIZE' },
  ],
  TransactWriteItems: [
    {
      TransactItems: [
        { Put: { ...table, Item: richItem('t', 1), ConditionExpression: 'attribute_not_exists(pk) OR sk = :s', ExpressionAttributeValues: { ':s': n(1) } } },
        { Update: { ...table, Key: key('t', 2), UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': n(2) } } },
        { ConditionCheck: { TableName: FUZZ_TABLE_2, Key: { pk: s('q') }, ConditionExpression: 'attribute_exists(pk) OR attribute_not_exists(pk)' } },
        { Delete: { ...table, Key: key('t', 3), ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } },
      ],
      ClientRequestToken: 'fuzz-token-1',
      ReturnConsumedCapacity: 'INDEXES',
    },
  ],
  TransactGetItems: [{ TransactItems: [{ Get: { ...table, Key: key('t', 1), ProjectionExpression: 'pk, ns' } }, { Get: { TableName: FUZZ_TABLE_2, Key: { pk: s('q') } } }] }],
  ExecuteStatement: [
    { Statement: `SELECT pk, m.deep FROM "${FUZZ_TABLE}" WHERE pk = ? AND sk > ?`, Parameters: [s('p'), n(0)], Limit: 5, ConsistentRead: true },
    { Statement: `INSERT INTO "${FUZZ_TABLE_2}" VALUE {'pk': ?, 'tags': <<'a', 'b'>>, 'm': {'k': [1, 'x']}}`, Parameters: [s('e')] },
    { Statement: `UPDATE "${FUZZ_TABLE}" SET str = 'u' SET li[0] = 3 REMOVE "nothing" WHERE pk = 'p' AND sk = 1 RETURNING ALL NEW *` },
    { Statement: `UPDATE "${FUZZ_TABLE}" SET str = 'v' REMOVE "nothing" WHERE pk = 'p' AND sk = 2 RETURNING ALL OLD *` },
    { Statement: `DELETE FROM "${FUZZ_TABLE_2}" WHERE pk = 'e'` },
    { Statement: `SELECT * FROM "${FUZZ_TABLE}"."byG" WHERE g = 'g1' AND begins_with(str, 'h')` },
  ],
  BatchExecuteStatement: [
    { Statements: [{ Statement: `SELECT * FROM "${FUZZ_TABLE}" WHERE pk = ? AND sk = ?`, Parameters: [s('p'), n(1)] }, { Statement: `SELECT * FROM "${FUZZ_TABLE_2}" WHERE pk = 'q'`, ConsistentRead: true }], ReturnConsumedCapacity: 'TOTAL' },
    { Statements: [{ Statement: `UPDATE "${FUZZ_TABLE_2}" SET v = 1 WHERE pk = 'q'` }, { Statement: `INSERT INTO "${FUZZ_TABLE_2}" VALUE {'pk': 'bx'}` }] },
  ],
  ExecuteTransaction: [
    {
      TransactStatements: [
        { Statement: `UPDATE "${FUZZ_TABLE}" SET num = num + ? WHERE pk = 'p' AND sk = 1`, Parameters: [n(1)] },
        { Statement: `EXISTS(SELECT * FROM "${FUZZ_TABLE_2}" WHERE pk = 'q' AND attribute_type(pk, 'S'))` },
      ],
      ClientRequestToken: 'fuzz-token-2',
    },
    { TransactStatements: [{ Statement: `SELECT * FROM "${FUZZ_TABLE}" WHERE pk = 'p' AND sk = 2` }] },
  ],
};
