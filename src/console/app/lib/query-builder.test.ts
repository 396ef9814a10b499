import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildRead, FIRST_PAGE, nextPage, previousPage, QueryFormError, typedValue, type ReadForm } from './query-builder.js';

const base: ReadForm = { mode: 'scan', table: 'Orders', filters: [], projection: '', forward: true, consistent: false };
const pk = { attribute: { name: 'pk', type: 'S' as const }, value: 'a' };

describe('query building', () => {
  test('a bare scan asks only for the table and its consumed capacity', () => {
    assert.deepEqual(buildRead(base), { operation: 'Scan', request: { TableName: 'Orders', ReturnConsumedCapacity: 'TOTAL' } });
  });

  test('a query on an index with a sort-key range, newest first, page size', () => {
    const { operation, request } = buildRead({
      ...base,
      mode: 'query',
      index: 'byCustomer',
      partition: { attribute: { name: 'customer', type: 'S' }, value: 'alice' },
      sort: { attribute: { name: 'date', type: 'N' }, op: 'between', value: '1', value2: ' 2.5 ' },
      forward: false,
      limit: 10,
    });
    assert.equal(operation, 'Query');
    assert.deepEqual(request, {
      TableName: 'Orders',
      ReturnConsumedCapacity: 'TOTAL',
      IndexName: 'byCustomer',
      KeyConditionExpression: '#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2',
      ScanIndexForward: false,
      Limit: 10,
      ExpressionAttributeNames: { '#n0': 'customer', '#n1': 'date' },
      ExpressionAttributeValues: { ':v0': { S: 'alice' }, ':v1': { N: '1' }, ':v2': { N: '2.5' } },
    });
  });

  test('sort-key operators', () => {
    const sortKey = (op: '=' | '<' | 'begins_with' | '') => buildRead({ ...base, mode: 'query', partition: pk, sort: { attribute: { name: 'sk', type: 'S' }, op, value: 'x' } }).request.KeyConditionExpression;
    assert.equal(sortKey(''), '#n0 = :v0');
    assert.equal(sortKey('='), '#n0 = :v0 AND #n1 = :v1');
    assert.equal(sortKey('<'), '#n0 = :v0 AND #n1 < :v1');
    assert.equal(sortKey('begins_with'), '#n0 = :v0 AND begins_with(#n1, :v1)');
  });

  test('filters and projections use placeholders for every name (reserved words, paths, list indexes)', () => {
    const { request } = buildRead({
      ...base,
      filters: [
        { path: 'status', op: '=', type: 'S', value: 'open' },
        { path: 'address.city', op: 'begins_with', type: 'S', value: 'Par' },
        { path: 'total', op: '>=', type: 'N', value: '10' },
        { path: 'gift', op: 'attribute_not_exists', type: 'S', value: '' },
        { path: 'paid', op: '<>', type: 'BOOL', value: 'False' },
        { path: 'note', op: '=', type: 'NULL', value: '' },
        { path: '', op: '=', type: 'S', value: '' },
      ],
      projection: 'status, items[0].sku , address.city',
      consistent: true,
    });
    assert.equal(request.FilterExpression, '#n0 = :v0 AND begins_with(#n1.#n2, :v1) AND #n3 >= :v2 AND attribute_not_exists(#n4) AND #n5 <> :v3 AND #n6 = :v4');
    assert.equal(request.ProjectionExpression, '#n0, #n7[0].#n8, #n1.#n2');
    assert.deepEqual(request.ExpressionAttributeNames, { '#n0': 'status', '#n1': 'address', '#n2': 'city', '#n3': 'total', '#n4': 'gift', '#n5': 'paid', '#n6': 'note', '#n7': 'items', '#n8': 'sku' });
    assert.deepEqual(request.ExpressionAttributeValues, { ':v0': { S: 'open' }, ':v1': { S: 'Par' }, ':v2': { N: '10' }, ':v3': { BOOL: false }, ':v4': { NULL: true } });
    assert.equal(request.ConsistentRead, true);
  });

  test('forms that cannot be sent say why', () => {
    assert.throws(() => buildRead({ ...base, mode: 'query' }), new QueryFormError('a query needs the partition key'));
    assert.throws(() => buildRead({ ...base, mode: 'query', partition: { attribute: { name: 'id', type: 'N' }, value: 'ten' } }), new QueryFormError("partition key id must be a number, got 'ten'"));
    assert.throws(() => buildRead({ ...base, filters: [{ path: 'a..b', op: '=', type: 'S', value: 'x' }] }), /filter 1: 'a\.\.b' is not a document path/);
    assert.throws(() => buildRead({ ...base, filters: [{ path: 'ok', op: '=', type: 'BOOL', value: 'yes' }] }), /filter 1 \(ok\) must be true or false/);
    assert.throws(() => buildRead({ ...base, limit: 0 }), /page size must be a whole number of at least 1/);
    assert.throws(() => typedValue('B', 'not base64!', 'key'), /key must be base64/);
    assert.deepEqual(typedValue('B', 'AAE=', 'key'), { B: 'AAE=' });
  });

  test('Previous and Next walk the start keys seen', () => {
    const k1 = { pk: { S: '1' } };
    const k2 = { pk: { S: '2' } };
    let c = nextPage(FIRST_PAGE, k1);
    c = nextPage(c, k2);
    assert.deepEqual(c, { starts: [undefined, k1, k2], page: 2 });
    c = previousPage(previousPage(c));
    assert.equal(c.page, 0);
    assert.equal(c.starts[c.page], undefined);
    assert.equal(previousPage(c).page, 0);
    // a new Next from page 0 forgets the pages after it
    assert.deepEqual(nextPage(c, k2), { starts: [undefined, k2], page: 1 });
  });
});
