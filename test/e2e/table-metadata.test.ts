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
import { expectError, startTestServer, type TestServer } from '../helpers/server.js';
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

  test('tagging errors: bad ARN, missing table, another account', async () => {
    const db = t.client();
    await expectError(db.send(new ListTagsOfResourceCommand({ ResourceArn: 'not-an-arn' })), 'ValidationException', 'Invalid TableArn: Invalid ResourceArn provided as input not-an-arn');
    const missing = arn.replace('/Meta', '/Nope');
    await expectError(db.send(new ListTagsOfResourceCommand({ ResourceArn: missing })), 'ResourceNotFoundException', `Requested resource not found: ResourcArn: ${missing} not found`);
    await expectError(db.send(new TagResourceCommand({ ResourceArn: arn.replace('000000000000', '999999999999'), Tags: [{ Key: 'a', Value: 'b' }] })), 'AccessDeniedException');
  });

  test('UpdateTimeToLive / DescribeTimeToLive', async () => {
    const db = t.client();
    assert.deepEqual((await db.send(new DescribeTimeToLiveCommand({ TableName: 'Meta' }))).TimeToLiveDescription, { TimeToLiveStatus: 'DISABLED' });
    const res = await db.send(new UpdateTimeToLiveCommand({ TableName: 'Meta', TimeToLiveSpecification: { Enabled: true, AttributeName: 'expires' } }));
    assert.deepEqual(res.TimeToLiveSpecification, { Enabled: true, AttributeName: 'expires' });
    assert.deepEqual((await db.send(new DescribeTimeToLiveCommand({ TableName: 'Meta' }))).TimeToLiveDescription, { TimeToLiveStatus: 'ENABLED', AttributeName: 'expires' });
    await expectError(db.send(new UpdateTimeToLiveCommand({ TableName: 'Meta', TimeToLiveSpecification: { Enabled: true, AttributeName: 'expires' } })), 'ValidationException', 'TimeToLive is already enabled');
    await db.send(new UpdateTimeToLiveCommand({ TableName: 'Meta', TimeToLiveSpecification: { Enabled: false, AttributeName: 'expires' } }));
    await expectError(db.send(new UpdateTimeToLiveCommand({ TableName: 'Meta', TimeToLiveSpecification: { Enabled: false, AttributeName: 'expires' } })), 'ValidationException', 'TimeToLive is already disabled');
    await expectError(db.send(new DescribeTimeToLiveCommand({ TableName: 'Missing' })), 'ResourceNotFoundException');
  });

  test('DescribeLimits and DescribeEndpoints', async () => {
    const limits = await t.client().send(new DescribeLimitsCommand({}));
    assert.equal(limits.TableMaxReadCapacityUnits, 40000);
    const endpoints = await t.client(undefined, 'eu-west-1').send(new DescribeEndpointsCommand({}));
    assert.equal(endpoints.Endpoints?.[0].Address, 'dynamodb.eu-west-1.amazonaws.com');
  });
});
