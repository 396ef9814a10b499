import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildAddIndex, buildCreateTable, TableFormError, type TableForm } from './table-form.js';

const form: TableForm = {
  name: ' Orders ',
  partition: { name: 'pk', type: 'S' },
  sort: { name: 'sk', type: 'N' },
  billing: 'PAY_PER_REQUEST',
  globalIndexes: [],
  localIndexes: [],
  tags: [],
  deletionProtection: false,
};

describe('the Create table form', () => {
  test('keys and indexes define each key attribute once', () => {
    const request = buildCreateTable({
      ...form,
      globalIndexes: [{ name: 'byCustomer', partition: { name: 'customer', type: 'S' }, sort: { name: 'sk', type: 'N' }, projection: 'INCLUDE', include: 'total, status' }],
      localIndexes: [{ name: 'byDate', sort: { name: 'date', type: 'S' }, projection: 'KEYS_ONLY', include: '' }],
      tags: [{ key: 'team', value: 'a' }, { key: ' ', value: '' }],
      deletionProtection: true,
    });
    assert.deepEqual(request, {
      TableName: 'Orders',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byCustomer',
          KeySchema: [
            { AttributeName: 'customer', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['total', 'status'] },
        },
      ],
      LocalSecondaryIndexes: [
        {
          IndexName: 'byDate',
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'date', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
        { AttributeName: 'customer', AttributeType: 'S' },
        { AttributeName: 'date', AttributeType: 'S' },
      ],
      Tags: [{ Key: 'team', Value: 'a' }],
      DeletionProtectionEnabled: true,
    });
  });

  test('provisioned tables and their global indexes carry capacity', () => {
    const request = buildCreateTable({
      ...form,
      billing: 'PROVISIONED',
      throughput: { read: 3, write: 4 },
      globalIndexes: [{ name: 'g', partition: { name: 'x', type: 'B' }, projection: 'ALL', include: '', throughput: { read: 1, write: 2 } }],
    });
    assert.deepEqual(request.ProvisionedThroughput, { ReadCapacityUnits: 3, WriteCapacityUnits: 4 });
    assert.deepEqual((request.GlobalSecondaryIndexes as { ProvisionedThroughput: unknown }[])[0].ProvisionedThroughput, { ReadCapacityUnits: 1, WriteCapacityUnits: 2 });
  });

  test('forms DynamoDB would refuse are stopped with the reason', () => {
    assert.throws(() => buildCreateTable({ ...form, name: '' }), new TableFormError('the table name is required'));
    assert.throws(
      () => buildCreateTable({ ...form, globalIndexes: [{ name: 'g', partition: { name: 'sk', type: 'S' }, projection: 'ALL', include: '' }] }),
      new TableFormError('attribute sk is N in the table (sort key) but S in index g (partition key): one attribute has one type'),
    );
    assert.throws(() => buildCreateTable({ ...form, sort: undefined, localIndexes: [{ name: 'l', sort: { name: 'd', type: 'S' }, projection: 'ALL', include: '' }] }), /local indexes need a table with a sort key/);
    assert.throws(() => buildCreateTable({ ...form, globalIndexes: [{ name: 'g', partition: { name: 'x', type: 'S' }, projection: 'INCLUDE', include: ' , ' }] }), /INCLUDE needs the attributes/);
    assert.throws(() => buildCreateTable({ ...form, billing: 'PROVISIONED', throughput: { read: 0, write: 1 } }), /whole numbers of at least 1/);
  });
});

describe('the Add index form', () => {
  test('defines only the new index key attributes, keeping the types already defined', () => {
    const request = buildAddIndex('Orders', { name: 'byStatus', partition: { name: 'status', type: 'S' }, sort: { name: 'sk', type: 'N' }, projection: 'ALL', include: '' }, 'PAY_PER_REQUEST', [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'N' },
    ]);
    assert.deepEqual(request, {
      TableName: 'Orders',
      AttributeDefinitions: [
        { AttributeName: 'sk', AttributeType: 'N' },
        { AttributeName: 'status', AttributeType: 'S' },
      ],
      GlobalSecondaryIndexUpdates: [
        {
          Create: {
            IndexName: 'byStatus',
            KeySchema: [
              { AttributeName: 'status', KeyType: 'HASH' },
              { AttributeName: 'sk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        },
      ],
    });
  });
});
