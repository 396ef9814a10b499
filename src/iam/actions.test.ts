import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonObject } from '../api/context.js';
import { OPERATIONS } from '../api/registry.js';
import { STS_ACTIONS } from '../control-plane/sts/actions.js';
import { dynamodbChecks, iamChecks, stsChecks, type ActionScope, type AuthorizationCheck, type TableKeyNames } from './actions.js';
import { compilePolicy } from './policy/compile.js';
import { requestContext, type PrincipalFacts } from './policy/context.js';
import { authorize } from './policy/evaluate.js';
import { accessDeniedMessage } from './policy/messages.js';

const A = '111122223333';
const T = (name: string): string => `arn:aws:dynamodb:us-east-1:${A}:table/${name}`;
const KEYS: Record<string, TableKeyNames> = {
  [T('Orders')]: { partitionKey: 'pk', sortKey: 'sk', indexes: { ByStatus: { partitionKey: 'status', sortKey: 'pk' } } },
  [T('Users')]: { partitionKey: 'id' },
};
const scope: ActionScope = { accountId: A, region: 'us-east-1', keysOf: (arn) => KEYS[arn], callerArn: `arn:aws:iam::${A}:user/alice`, callerUserName: 'alice', iamPath: (kind, name) => (kind === 'role' && name === 'Reader' ? '/app/' : undefined) };

/** A check with its context keys read out (lazy ones computed). */
function plain(c: AuthorizationCheck): Record<string, unknown> {
  const context: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(c.context)) {
    const v = typeof value === 'function' ? value() : value;
    if (v !== undefined) context[key] = v;
  }
  return { action: c.action, resource: c.resource, ...(c.resourceAccount !== A ? { resourceAccount: c.resourceAccount } : {}), ...(Object.keys(context).length > 0 ? { context } : {}) };
}

const S = (s: string) => ({ S: s });

describe('DynamoDB operations: actions, resources and condition keys', () => {
  const cases: [string, string, JsonObject, Record<string, unknown>[]][] = [
    ['CreateTable', 'CreateTable', { TableName: 'Orders' }, [{ action: 'dynamodb:CreateTable', resource: T('Orders') }]],
    ['ListTables: the namespace', 'ListTables', {}, [{ action: 'dynamodb:ListTables', resource: `arn:aws:dynamodb:us-east-1:${A}:table/*` }]],
    ['DescribeLimits: *', 'DescribeLimits', {}, [{ action: 'dynamodb:DescribeLimits', resource: '*' }]],
    ['TagResource by ARN', 'TagResource', { ResourceArn: T('Orders') }, [{ action: 'dynamodb:TagResource', resource: T('Orders') }]],
    [
      'GetItem with a projection',
      'GetItem',
      { TableName: 'Orders', Key: { pk: S('alice'), sk: S('1') }, ProjectionExpression: '#t, price.amount', ExpressionAttributeNames: { '#t': 'title' }, ReturnConsumedCapacity: 'TOTAL' },
      [{ action: 'dynamodb:GetItem', resource: T('Orders'), context: { 'dynamodb:LeadingKeys': ['alice'], 'dynamodb:Attributes': ['title', 'price'], 'dynamodb:Select': 'SPECIFIC_ATTRIBUTES', 'dynamodb:ReturnConsumedCapacity': 'TOTAL' } }],
    ],
    [
      'GetItem of the whole item',
      'GetItem',
      { TableName: 'Orders', Key: { pk: { N: '7' }, sk: S('1') } },
      [{ action: 'dynamodb:GetItem', resource: T('Orders'), context: { 'dynamodb:LeadingKeys': ['7'], 'dynamodb:Select': 'ALL_ATTRIBUTES' } }],
    ],
    [
      'GetItem with AttributesToGet',
      'GetItem',
      { TableName: 'Users', Key: { id: { B: 'AAE=' } }, AttributesToGet: ['a', 'b'] },
      [{ action: 'dynamodb:GetItem', resource: T('Users'), context: { 'dynamodb:LeadingKeys': ['AAE='], 'dynamodb:Attributes': ['a', 'b'], 'dynamodb:Select': 'SPECIFIC_ATTRIBUTES' } }],
    ],
    [
      "another account's table by ARN",
      'GetItem',
      { TableName: 'arn:aws:dynamodb:us-east-1:444455556666:table/Shared', Key: { pk: S('x') } },
      [{ action: 'dynamodb:GetItem', resource: 'arn:aws:dynamodb:us-east-1:444455556666:table/Shared', resourceAccount: '444455556666', context: { 'dynamodb:Select': 'ALL_ATTRIBUTES' } }],
    ],
    [
      'PutItem',
      'PutItem',
      { TableName: 'Orders', Item: { pk: S('alice'), sk: S('2'), total: { N: '5' } }, ReturnValues: 'ALL_OLD' },
      [{ action: 'dynamodb:PutItem', resource: T('Orders'), context: { 'dynamodb:LeadingKeys': ['alice'], 'dynamodb:Attributes': ['pk', 'sk', 'total'], 'dynamodb:ReturnValues': 'ALL_OLD' } }],
    ],
    [
      'UpdateItem: the key and the updated attributes',
      'UpdateItem',
      { TableName: 'Orders', Key: { pk: S('alice'), sk: S('2') }, UpdateExpression: 'SET #n = :v, tags[0] = :v REMOVE stale ADD c :one', ExpressionAttributeNames: { '#n': 'name' }, ExpressionAttributeValues: { ':v': S('x'), ':one': { N: '1' } } },
      [{ action: 'dynamodb:UpdateItem', resource: T('Orders'), context: { 'dynamodb:LeadingKeys': ['alice'], 'dynamodb:Attributes': ['pk', 'sk', 'name', 'tags', 'stale', 'c'] } }],
    ],
    [
      'UpdateItem with AttributeUpdates',
      'UpdateItem',
      { TableName: 'Users', Key: { id: S('u') }, AttributeUpdates: { score: { Action: 'ADD', Value: { N: '1' } } }, ReturnValues: 'UPDATED_NEW' },
      [{ action: 'dynamodb:UpdateItem', resource: T('Users'), context: { 'dynamodb:LeadingKeys': ['u'], 'dynamodb:Attributes': ['id', 'score'], 'dynamodb:ReturnValues': 'UPDATED_NEW' } }],
    ],
    ['DeleteItem', 'DeleteItem', { TableName: 'Users', Key: { id: S('u') } }, [{ action: 'dynamodb:DeleteItem', resource: T('Users'), context: { 'dynamodb:LeadingKeys': ['u'], 'dynamodb:Attributes': ['id'] } }]],
    [
      'Query on the table',
      'Query',
      { TableName: 'Orders', KeyConditionExpression: 'pk = :p AND sk > :s', ExpressionAttributeValues: { ':p': S('alice'), ':s': S('0') }, Select: 'COUNT' },
      [{ action: 'dynamodb:Query', resource: T('Orders'), context: { 'dynamodb:LeadingKeys': ['alice'], 'dynamodb:Select': 'COUNT' } }],
    ],
    [
      'Query on an index: its ARN and its partition key',
      'Query',
      { TableName: 'Orders', IndexName: 'ByStatus', KeyConditionExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': S('open') } },
      [{ action: 'dynamodb:Query', resource: `${T('Orders')}/index/ByStatus`, context: { 'dynamodb:LeadingKeys': ['open'], 'dynamodb:Select': 'ALL_PROJECTED_ATTRIBUTES' } }],
    ],
    [
      'Query with legacy KeyConditions',
      'Query',
      { TableName: 'Users', KeyConditions: { id: { ComparisonOperator: 'EQ', AttributeValueList: [S('u')] } }, AttributesToGet: ['id'] },
      [{ action: 'dynamodb:Query', resource: T('Users'), context: { 'dynamodb:LeadingKeys': ['u'], 'dynamodb:Attributes': ['id'], 'dynamodb:Select': 'SPECIFIC_ATTRIBUTES' } }],
    ],
    ['Scan: no leading keys', 'Scan', { TableName: 'Orders' }, [{ action: 'dynamodb:Scan', resource: T('Orders'), context: { 'dynamodb:Select': 'ALL_ATTRIBUTES' } }]],
    [
      'BatchGetItem: one check per table',
      'BatchGetItem',
      { RequestItems: { Orders: { Keys: [{ pk: S('a'), sk: S('1') }, { pk: S('b'), sk: S('1') }, { pk: S('a'), sk: S('2') }], ProjectionExpression: 'pk' }, Users: { Keys: [{ id: S('u') }] } } },
      [
        { action: 'dynamodb:BatchGetItem', resource: T('Orders'), context: { 'dynamodb:LeadingKeys': ['a', 'b'], 'dynamodb:Attributes': ['pk'], 'dynamodb:Select': 'SPECIFIC_ATTRIBUTES' } },
        { action: 'dynamodb:BatchGetItem', resource: T('Users'), context: { 'dynamodb:LeadingKeys': ['u'], 'dynamodb:Select': 'ALL_ATTRIBUTES' } },
      ],
    ],
    [
      'BatchWriteItem: puts and deletes of each table',
      'BatchWriteItem',
      { RequestItems: { Orders: [{ PutRequest: { Item: { pk: S('a'), sk: S('1'), x: S('y') } } }, { DeleteRequest: { Key: { pk: S('c'), sk: S('1') } } }], Users: [{ DeleteRequest: { Key: { id: S('u') } } }] } },
      [
        { action: 'dynamodb:BatchWriteItem', resource: T('Orders'), context: { 'dynamodb:LeadingKeys': ['a', 'c'], 'dynamodb:Attributes': ['pk', 'sk', 'x'] } },
        { action: 'dynamodb:BatchWriteItem', resource: T('Users'), context: { 'dynamodb:LeadingKeys': ['u'], 'dynamodb:Attributes': ['id'] } },
      ],
    ],
    [
      'TransactWriteItems: each item, as its own action',
      'TransactWriteItems',
      {
        TransactItems: [
          { Put: { TableName: 'Users', Item: { id: S('u'), n: { N: '1' } } } },
          { Update: { TableName: 'Orders', Key: { pk: S('a'), sk: S('1') }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': { N: '2' } } } },
          { Delete: { TableName: 'Users', Key: { id: S('v') } } },
          { ConditionCheck: { TableName: 'Orders', Key: { pk: S('b'), sk: S('1') }, ConditionExpression: 'attribute_exists(pk)' } },
        ],
      },
      [
        { action: 'dynamodb:PutItem', resource: T('Users'), context: { 'dynamodb:LeadingKeys': ['u'], 'dynamodb:Attributes': ['id', 'n'], 'dynamodb:EnclosingOperation': 'TransactWriteItems' } },
        { action: 'dynamodb:UpdateItem', resource: T('Orders'), context: { 'dynamodb:LeadingKeys': ['a'], 'dynamodb:Attributes': ['pk', 'sk', 'n'], 'dynamodb:EnclosingOperation': 'TransactWriteItems' } },
        { action: 'dynamodb:DeleteItem', resource: T('Users'), context: { 'dynamodb:LeadingKeys': ['v'], 'dynamodb:Attributes': ['id'], 'dynamodb:EnclosingOperation': 'TransactWriteItems' } },
        { action: 'dynamodb:ConditionCheckItem', resource: T('Orders'), context: { 'dynamodb:LeadingKeys': ['b'], 'dynamodb:Attributes': ['pk', 'sk'], 'dynamodb:EnclosingOperation': 'TransactWriteItems' } },
      ],
    ],
    [
      'TransactGetItems: GetItem per item',
      'TransactGetItems',
      { TransactItems: [{ Get: { TableName: 'Users', Key: { id: S('u') } } }] },
      [{ action: 'dynamodb:GetItem', resource: T('Users'), context: { 'dynamodb:LeadingKeys': ['u'], 'dynamodb:Select': 'ALL_ATTRIBUTES', 'dynamodb:EnclosingOperation': 'TransactGetItems' } }],
    ],
    [
      'ExecuteStatement SELECT on an index',
      'ExecuteStatement',
      { Statement: 'SELECT pk, total FROM "Orders"."ByStatus" WHERE status = ?', Parameters: [S('open')] },
      [{ action: 'dynamodb:PartiQLSelect', resource: `${T('Orders')}/index/ByStatus`, context: { 'dynamodb:LeadingKeys': ['open'], 'dynamodb:Attributes': ['pk', 'total'], 'dynamodb:Select': 'SPECIFIC_ATTRIBUTES' } }],
    ],
    [
      'ExecuteStatement INSERT',
      'ExecuteStatement',
      { Statement: "INSERT INTO Users VALUE {'id': ?, 'x': 1}", Parameters: [S('u')] },
      [{ action: 'dynamodb:PartiQLInsert', resource: T('Users'), context: { 'dynamodb:LeadingKeys': ['u'], 'dynamodb:Attributes': ['id', 'x'] } }],
    ],
    [
      'BatchExecuteStatement: each statement; an unparseable one has no check',
      'BatchExecuteStatement',
      { Statements: [{ Statement: "UPDATE Orders SET total = 3 WHERE pk = 'a' AND sk = '1' RETURNING ALL NEW *" }, { Statement: "DELETE FROM Users WHERE id = 'u'" }, { Statement: 'SELEC nothing' }] },
      [
        { action: 'dynamodb:PartiQLUpdate', resource: T('Orders'), context: { 'dynamodb:LeadingKeys': ['a'], 'dynamodb:Attributes': ['pk', 'sk', 'total'], 'dynamodb:ReturnValues': 'ALL_NEW' } },
        { action: 'dynamodb:PartiQLDelete', resource: T('Users'), context: { 'dynamodb:LeadingKeys': ['u'] } },
      ],
    ],
    [
      'ExecuteTransaction: EnclosingOperation; EXISTS reads',
      'ExecuteTransaction',
      { TransactStatements: [{ Statement: "EXISTS(SELECT * FROM Users WHERE id = 'u' AND x = 1)" }, { Statement: "DELETE FROM Orders WHERE pk = 'a' AND sk = '1'" }] },
      [
        { action: 'dynamodb:PartiQLSelect', resource: T('Users'), context: { 'dynamodb:LeadingKeys': ['u'], 'dynamodb:Select': 'ALL_ATTRIBUTES', 'dynamodb:EnclosingOperation': 'ExecuteTransaction' } },
        { action: 'dynamodb:PartiQLDelete', resource: T('Orders'), context: { 'dynamodb:LeadingKeys': ['a'], 'dynamodb:EnclosingOperation': 'ExecuteTransaction' } },
      ],
    ],
    ['DescribeBackup', 'DescribeBackup', { BackupArn: `${T('Orders')}/backup/01700000000000-abcdefgh` }, [{ action: 'dynamodb:DescribeBackup', resource: `${T('Orders')}/backup/01700000000000-abcdefgh` }]],
    [
      'RestoreTableFromBackup: the backup and the new table',
      'RestoreTableFromBackup',
      { BackupArn: `${T('Orders')}/backup/b1`, TargetTableName: 'Orders2' },
      [
        { action: 'dynamodb:RestoreTableFromBackup', resource: `${T('Orders')}/backup/b1` },
        { action: 'dynamodb:RestoreTableFromBackup', resource: T('Orders2') },
      ],
    ],
    ['PutResourcePolicy on a stream', 'PutResourcePolicy', { ResourceArn: `${T('Orders')}/stream/2026-01-01T00:00:00.000` }, [{ action: 'dynamodb:PutResourcePolicy', resource: `${T('Orders')}/stream/2026-01-01T00:00:00.000` }]],
    ['GetRecords: the stream of the iterator', 'GetRecords', { ShardIterator: `${T('Orders')}/stream/L|shard-1|42` }, [{ action: 'dynamodb:GetRecords', resource: `${T('Orders')}/stream/L` }]],
    ['ListStreams', 'ListStreams', {}, [{ action: 'dynamodb:ListStreams', resource: '*' }]],
  ];
  for (const [name, operation, request, expected] of cases) test(name, () => assert.deepEqual(dynamodbChecks(operation, request, scope).map(plain), expected));

  test('every operation the server dispatches has checks', () => {
    for (const operation of Object.keys(OPERATIONS)) assert.doesNotThrow(() => dynamodbChecks(operation, {}, scope), operation);
  });

  test('an operation without an entry is a bug, not an allow', () => {
    assert.throws(() => dynamodbChecks('DropEverything', {}, scope), /no authorization checks for DropEverything/);
  });
});

describe('STS and IAM actions', () => {
  const params = (entries: Record<string, string>) => new Map(Object.entries(entries));
  test('every STS action served has an entry; GetCallerIdentity needs no permission', () => {
    for (const action of Object.keys(STS_ACTIONS)) assert.ok(stsChecks(action, params({}), scope) !== undefined, action);
    assert.deepEqual(stsChecks('GetCallerIdentity', params({}), scope), []);
  });
  test('AssumeRole: the role, with tags', () => {
    const role = `arn:aws:iam::${A}:role/app/Reader`;
    const checks = stsChecks('AssumeRole', params({ RoleArn: role, RoleSessionName: 's', 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'red' }), scope) ?? [];
    assert.deepEqual(
      checks.map(plain),
      ['sts:AssumeRole', 'sts:TagSession'].map((action) => ({ action, resource: role, context: { 'sts:RoleSessionName': 's', 'aws:TagKeys': ['team'], 'aws:RequestTag/team': 'red' } })),
    );
  });
  const iam: [string, Record<string, string>, Record<string, unknown>][] = [
    ['CreateUser', { UserName: 'bob', Path: '/dev/' }, { action: 'iam:CreateUser', resource: `arn:aws:iam::${A}:user/dev/bob` }],
    ['GetUser', {}, { action: 'iam:GetUser', resource: `arn:aws:iam::${A}:user/alice` }],
    ['GetRole', { RoleName: 'Reader' }, { action: 'iam:GetRole', resource: `arn:aws:iam::${A}:role/app/Reader` }],
    ['AttachUserPolicy', { UserName: 'bob', PolicyArn: `arn:aws:iam::${A}:policy/P` }, { action: 'iam:AttachUserPolicy', resource: `arn:aws:iam::${A}:user/bob`, context: { 'iam:PolicyARN': `arn:aws:iam::${A}:policy/P` } }],
    ['CreatePolicy', { PolicyName: 'P', Path: '/x/' }, { action: 'iam:CreatePolicy', resource: `arn:aws:iam::${A}:policy/x/P` }],
    ['GetPolicyVersion', { PolicyArn: `arn:aws:iam::${A}:policy/P`, VersionId: 'v1' }, { action: 'iam:GetPolicyVersion', resource: `arn:aws:iam::${A}:policy/P` }],
    ['ListRoles', {}, { action: 'iam:ListRoles', resource: `arn:aws:iam::${A}:role/*` }],
    ['TagUser', { UserName: 'bob', 'Tags.member.1.Key': 'k', 'Tags.member.1.Value': 'v' }, { action: 'iam:TagUser', resource: `arn:aws:iam::${A}:user/bob`, context: { 'aws:TagKeys': ['k'], 'aws:RequestTag/k': 'v' } }],
  ];
  for (const [action, p, expected] of iam) test(`IAM ${action}`, () => assert.deepEqual((iamChecks(action, params(p), scope) ?? []).map(plain), [expected]));
});

describe('fine-grained access control, end to end through the checks', () => {
  const alice: PrincipalFacts = { arn: `arn:aws:iam::${A}:user/alice`, accountId: A, type: 'User', userId: 'AIDAEXAMPLEEXAMPLE01', userName: 'alice' };
  const ownRows = compilePolicy(
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'], Resource: 'arn:aws:dynamodb:*:*:table/Orders', Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['${aws:username}'] } } },
        { Effect: 'Deny', Action: 'dynamodb:*', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'dynamodb:Attributes': ['secret'] } } },
      ],
    }),
    'identity',
  );
  const decide = (operation: string, request: JsonObject) =>
    dynamodbChecks(operation, request, scope).map((c) => {
      const d = authorize({ principal: alice, action: c.action, resource: c.resource, resourceAccount: c.resourceAccount, context: requestContext(alice, { secureTransport: false, now: 0, region: 'us-east-1' }, c.context), identityPolicies: [{ policy: ownRows, id: 'own-rows', sourceType: 'user' }] });
      return d.allowed ? 'allowed' : accessDeniedMessage(alice.arn, c.action, c.resource, d);
    });

  test('her own rows', () => {
    assert.deepEqual(decide('GetItem', { TableName: 'Orders', Key: { pk: S('alice'), sk: S('1') } }), ['allowed']);
    assert.deepEqual(decide('Query', { TableName: 'Orders', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': S('alice') } }), ['allowed']);
  });
  test("someone else's rows", () => {
    assert.deepEqual(decide('GetItem', { TableName: 'Orders', Key: { pk: S('bob'), sk: S('1') } }), [
      `User: arn:aws:iam::${A}:user/alice is not authorized to perform: dynamodb:GetItem on resource: ${T('Orders')} because no identity-based policy allows the dynamodb:GetItem action`,
    ]);
  });
  test('a batch with one foreign key is denied as a whole table check', () => {
    assert.deepEqual(decide('BatchGetItem', { RequestItems: { Orders: { Keys: [{ pk: S('alice'), sk: S('1') }, { pk: S('bob'), sk: S('1') }] } } }).length, 1);
    assert.notEqual(decide('BatchGetItem', { RequestItems: { Orders: { Keys: [{ pk: S('alice'), sk: S('1') }, { pk: S('bob'), sk: S('1') }] } } })[0], 'allowed');
  });
  test('an explicit deny on an attribute wins', () => {
    assert.deepEqual(decide('GetItem', { TableName: 'Orders', Key: { pk: S('alice'), sk: S('1') }, ProjectionExpression: 'secret' }), [
      `User: arn:aws:iam::${A}:user/alice is not authorized to perform: dynamodb:GetItem on resource: ${T('Orders')} with an explicit deny in an identity-based policy`,
    ]);
  });
  test('another table', () => {
    assert.notEqual(decide('GetItem', { TableName: 'Users', Key: { id: S('alice') } })[0], 'allowed');
  });
});
