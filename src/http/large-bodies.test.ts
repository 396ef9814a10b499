import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { checkedError, LargeBodies, MAX_LARGE_IN_FLIGHT } from './large-bodies.js';

describe('the large-body lane', () => {
  const lane = new LargeBodies();
  after(() => lane.close());

  test(`at most ${MAX_LARGE_IN_FLIGHT} large bodies are admitted at once; the next waits for a release`, async () => {
    const releases = await Promise.all(Array.from({ length: MAX_LARGE_IN_FLIGHT }, () => lane.admit()));
    let admitted = false;
    const next = lane.admit().then((release) => {
      admitted = true;
      return release;
    });
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(admitted, false);
    releases[0]!();
    releases[0]!(); // a second call gives nothing back twice
    const release = await next;
    assert.equal(admitted, true);
    let another = false;
    void lane.admit().then(() => (another = true));
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(another, false, 'the double release did not free a second place');
    release();
    for (const r of releases.slice(1)) r();
  });

  test('the worker answers a body that fails the JSON layer or the shape check, and hands back one that passes', async () => {
    const invalid = Buffer.from(JSON.stringify({ TransactItems: Array.from({ length: 101 }, () => ({ Put: { TableName: 'ttt', Item: { pk: { S: 'x'.repeat(20_000) } } } })) }));
    const checked = await lane.check('TransactWriteItems', invalid);
    assert.equal(checked.error?.status, 400);
    assert.match(JSON.parse(checked.error!.json).message, /^1 validation error detected: .* at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100$/);
    const bad = await lane.check('PutItem', Buffer.from('{"TableName": "\\ud800"}'));
    assert.equal(JSON.parse(bad.error!.json).__type, 'com.amazon.coral.service#SerializationException');
    // rebuilt on the main thread as the error the pipeline answers: the same wire form
    for (const error of [checked.error!, bad.error!]) {
      const rebuilt = checkedError(error);
      assert.equal(rebuilt.status, error.status);
      assert.equal(JSON.stringify(rebuilt.toJSON()), error.json);
    }
    const valid = Buffer.from(JSON.stringify({ TableName: 'ttt', Item: { pk: { S: 'y'.repeat(50_000) } } }));
    const copy = Buffer.from(valid);
    const passed = await lane.check('PutItem', valid);
    assert.equal(passed.error, undefined);
    assert.deepEqual(Buffer.from(passed.body), copy, 'the same bytes come back');
  });
});
