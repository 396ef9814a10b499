import {
  CreateTableCommand,
  DescribeEndpointsCommand,
  DescribeLimitsCommand,
  DescribeTimeToLiveCommand,
  ListTagsOfResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectError, rawRequest, startTestServer, type TestServer } from '../helpers/server.js';
import { tableInput } from '../helpers/tables.js';

describe('tags, time to live, limits', () => {
  let t: TestServer;
  let arn: string;
  before(async () => {
    t = await startTestServer();
    const res = await t.client().send(
      new CreateTableCommand(tableInput('Meta', 'pk:S', { Tags: [{ Key: 'team', Value: 'a' }] })),
    );
    arn = res.TableDescription!.TableArn!;
  });
  after(() => t.close());

  test('TagResource, ListTagsOfResource, UntagResource', async () => {
    const db = t.client();
    assert.deepEqual((await db.send(new ListTagsOfResourceCommand({ ResourceArn: arn }))).Tags, [{ Key: 'team', Value: 'a' }]);
    await db.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'env', Value: 'test' }, { Key: 'team', Value: 'b' }] }));
    const tags = (await db.send(new ListTagsOfResourceCommand({ ResourceArn: arn }))).Tags!;
    assert.deepEqual(Object.fromEntries(tags.map((x) => [x.Key, x.Value])), { team: 'b', env: 'test' });
    await db.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['team'] }));
    assert.deepEqual((await db.send(new ListTagsOfResourceCommand({ ResourceArn: arn }))).Tags, [{ Key: 'env', Value: 'test' }]);
  });

  test('tagging errors: not an ARN, not a table ARN, missing table, another account', async () => {
    const db = t.client();
    // something that is not an ARN at all is refused by authorization
    await expectError(
      db.send(new TagResourceCommand({ ResourceArn: 'I_do_not_exist', Tags: [{ Key: '7', Value: '8' }] })),
      'AccessDeniedException',
      'User: arn:aws:iam::000000000000:root is not authorized to perform: dynamodb:TagResource on resource: I_do_not_exist',
    );
    await expectError(db.send(new ListTagsOfResourceCommand({ ResourceArn: 'not-an-arn' })), 'AccessDeniedException');
    // an ARN that names no table
    await expectError(db.send(new ListTagsOfResourceCommand({ ResourceArn: 'arn:not/a/good/format' })), 'ValidationException', 'Invalid TableArn: Invalid ResourceArn provided as input arn:not/a/good/format');
    await expectError(db.send(new TagResourceCommand({ ResourceArn: `${arn}/index/gsi`, Tags: [{ Key: 'a', Value: 'b' }] })), 'ValidationException', `Invalid TableArn: Invalid ResourceArn provided as input ${arn}/index/gsi`);
    const missing = arn.replace('/Meta', '/Nope');
    await expectError(db.send(new ListTagsOfResourceCommand({ ResourceArn: missing })), 'ResourceNotFoundException', `Requested resource not found: ResourcArn: ${missing} not found`);
    await expectError(db.send(new TagResourceCommand({ ResourceArn: arn.replace('000000000000', '999999999999'), Tags: [{ Key: 'a', Value: 'b' }] })), 'AccessDeniedException');
  });

  describe('tag keys and values', () => {
    const pattern = '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-]*';
    const refused = (value: string, path: string, rule: string) => `1 validation error detected: Value '${value}' at '${path}' failed to satisfy constraint: ${rule}`;
    const cases: [string, { Key: string; Value: string }, string][] = [
      ['a key over 128 characters', { Key: 'k'.repeat(129), Value: 'v' }, refused('k'.repeat(129), 'tags.1.member.key', 'Member must have length less than or equal to 128')],
      ['a value over 256 characters', { Key: 'k', Value: 'v'.repeat(257) }, refused('v'.repeat(257), 'tags.1.member.value', 'Member must have length less than or equal to 256')],
      ['an empty key', { Key: '', Value: 'v' }, refused('', 'tags.1.member.key', 'Member must have length greater than or equal to 1')],
      ['a key with "!"', { Key: 'hi!', Value: 'v' }, refused('hi!', 'tags.1.member.key', `Member must satisfy regular expression pattern: ${pattern}`)],
      ['a value with "%"', { Key: 'k', Value: 'd%g' }, refused('d%g', 'tags.1.member.value', `Member must satisfy regular expression pattern: ${pattern}`)],
      ['a value with quotes', { Key: 'k', Value: '"hello"' }, refused('"hello"', 'tags.1.member.value', `Member must satisfy regular expression pattern: ${pattern}`)],
      ['a key with "#"', { Key: 'k#', Value: 'v' }, refused('k#', 'tags.1.member.key', `Member must satisfy regular expression pattern: ${pattern}`)],
      ['the reserved aws: prefix', { Key: 'aws:owner', Value: 'v' }, 'One or more parameter values were invalid: Tag keys cannot start with the reserved prefix aws:: aws:owner'],
    ];
    for (const [label, tag, message] of cases) {
      test(`${label} is refused by TagResource and CreateTable`, async () => {
        const db = t.client();
        await expectError(db.send(new TagResourceCommand({ ResourceArn: arn, Tags: [tag] })), 'ValidationException', message);
        await expectError(
          db.send(new CreateTableCommand({ TableName: 'Tagged', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST', Tags: [tag] })),
          'ValidationException',
          message,
        );
        await expectError(db.send(new ListTagsOfResourceCommand({ ResourceArn: arn.replace('/Meta', '/Tagged') })), 'ResourceNotFoundException');
      });
    }

    test('letters of any script, digits, white space and + - = . _ : / @-free punctuation are accepted, at the length limits', async () => {
      const db = t.client();
      const tags = [
        { Key: 'законные буквы', Value: 'ѮѮѮ value' },
        { Key: 'א'.repeat(128), Value: 'ב'.repeat(256) },
        { Key: 'a+b-c=d.e_f:g/h', Value: '' },
        { Key: ' ', Value: '9' },
      ];
      await db.send(new TagResourceCommand({ ResourceArn: arn, Tags: tags }));
      const got = (await db.send(new ListTagsOfResourceCommand({ ResourceArn: arn }))).Tags!;
      for (const tag of tags) assert.ok(got.some((x) => x.Key === tag.Key && x.Value === tag.Value), tag.Key);
      await db.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: tags.map((x) => x.Key) }));
    });

    test('more than 50 tags on a table are refused, at CreateTable too', async () => {
      const db = t.client();
      const many = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
      await expectError(db.send(new TagResourceCommand({ ResourceArn: arn, Tags: many })), 'ValidationException', 'One or more parameter values were invalid: Too many tags attached to the resource. Limit: 50');
      await expectError(
        db.send(new CreateTableCommand({ TableName: 'Tagged', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST', Tags: many })),
        'ValidationException',
        'One or more parameter values were invalid: Too many tags attached to the resource. Limit: 50',
      );
    });
  });

  test('TagResource and UntagResource answer with an empty body', async () => {
    const tag = await rawRequest(t.url, { target: 'TagResource', body: JSON.stringify({ ResourceArn: arn, Tags: [{ Key: 'k', Value: 'v' }] }) });
    assert.equal(tag.status, 200);
    assert.equal(tag.text, '');
    assert.equal(tag.headers.get('content-length'), '0');
    const untag = await rawRequest(t.url, { target: 'UntagResource', body: JSON.stringify({ ResourceArn: arn, TagKeys: ['k'] }) });
    assert.equal(untag.status, 200);
    assert.equal(untag.text, '');
    const list = await rawRequest(t.url, { target: 'ListTagsOfResource', body: JSON.stringify({ ResourceArn: arn }) });
    assert.ok(!(list.json?.Tags as { Key: string }[]).some((x) => x.Key === 'k'));
  });

  test('UpdateTimeToLive / DescribeTimeToLive', async () => {
    const db = t.client();
    assert.deepEqual((await db.send(new DescribeTimeToLiveCommand({ TableName: 'Meta' }))).TimeToLiveDescription, { TimeToLiveStatus: 'DISABLED' });
    const res = await db.send(new UpdateTimeToLiveCommand({ TableName: 'Meta', TimeToLiveSpecification: { Enabled: true, AttributeName: 'expires' } }));
    assert.deepEqual(res.TimeToLiveSpecification, { Enabled: true, AttributeName: 'expires' });
    assert.deepEqual((await db.send(new DescribeTimeToLiveCommand({ TableName: 'Meta' }))).TimeToLiveDescription, { TimeToLiveStatus: 'ENABLED', AttributeName: 'expires' });
    await expectError(db.send(new UpdateTimeToLiveCommand({ TableName: 'Meta', TimeToLiveSpecification: { Enabled: true, AttributeName: 'expires' } })), 'ValidationException', 'TimeToLive is already enabled');
    // a second change within the hour is refused (ttl.test.ts moves the clock on)
    await expectError(
      db.send(new UpdateTimeToLiveCommand({ TableName: 'Meta', TimeToLiveSpecification: { Enabled: false, AttributeName: 'expires' } })),
      'ValidationException',
      'Time to live has been modified multiple times within a fixed interval',
    );
    await expectError(db.send(new DescribeTimeToLiveCommand({ TableName: 'Missing' })), 'ResourceNotFoundException');
  });

  test('DescribeLimits; DescribeEndpoints answers the address the client used', async () => {
    const limits = await t.client().send(new DescribeLimitsCommand({}));
    assert.equal(limits.TableMaxReadCapacityUnits, 40000);
    const endpoints = await t.client(undefined, 'eu-west-1').send(new DescribeEndpointsCommand({}));
    assert.deepEqual(endpoints.Endpoints, [{ Address: new URL(t.url).host, CachePeriodInMinutes: 1440 }]);
    // a client can keep using the address it is given
    const again = await t.client(undefined, 'eu-west-1').send(new DescribeEndpointsCommand({}));
    assert.equal(again.Endpoints?.[0].Address, `127.0.0.1:${t.server.port}`);
  });

  test('DescribeEndpoints takes the Host header as sent, and never a malformed one', async () => {
    const asked = (host: string) => rawRequest(t.url, { target: 'DescribeEndpoints', body: '{}', host });
    const named = await asked('dynamo.internal.example:8000');
    assert.deepEqual(named.json, { Endpoints: [{ Address: 'dynamo.internal.example:8000', CachePeriodInMinutes: 1440 }] });
    const ipv6 = await asked('[::1]:8000');
    assert.equal((ipv6.json?.Endpoints as { Address: string }[])[0].Address, '[::1]:8000');
    for (const bad of ['evil"}, {"x', 'a b', 'host:port:extra', 'x'.repeat(300)]) {
      const res = await asked(bad);
      assert.equal(res.status, 200, bad);
      assert.deepEqual(res.json, { Endpoints: [{ Address: 'dynamodb.us-east-1.amazonaws.com', CachePeriodInMinutes: 1440 }] }, bad);
    }
  });
});
