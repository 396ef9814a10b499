/**
 * kill -9 under load loses nothing acknowledged and leaves nothing half-applied: the bundle
 * takes puts, two-item transactions, counter updates and 2 MB batches (through the
 * large-body lane) from 16 clients at once and is killed with SIGKILL mid-stream; after a
 * restart on the same data directory every acknowledged write is there, every transaction
 * is all or nothing, and each counter holds at least its acknowledged increments and at most
 * the attempted ones.
 */
import assert from 'node:assert/strict';
import { BatchWriteItemCommand, CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, ScanCommand, TransactWriteItemsCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { startBundle } from '../helpers/bundle.js';
import { FAKE, tempDir } from '../helpers/server.js';
import { tableInput } from '../helpers/tables.js';

const WRITERS = 16;

test('SIGKILL under concurrent load: acknowledged writes survive, transactions are whole', async () => {
  const dataDir = tempDir('sqynamo-crash-');
  try {
    const one = await startBundle(['--data-dir', dataDir]);
    assert.ok(one.url, one.output());
    const setup = new DynamoDBClient({ endpoint: one.url, region: 'us-east-1', credentials: FAKE, maxAttempts: 1 });
    await setup.send(new CreateTableCommand(tableInput('Crash', 'pk:S')));
    setup.destroy();

    const acked = { puts: [] as string[], txs: [] as number[], batches: [] as string[] };
    const increments = Array.from({ length: WRITERS }, () => ({ acked: 0, attempted: 0 }));
    let txSeq = 0;
    let stop = false;
    const writer = async (w: number) => {
      const client = new DynamoDBClient({ endpoint: one.url, region: 'us-east-1', credentials: FAKE, maxAttempts: 1 });
      try {
        for (let i = 0; !stop; i++) {
          const kind = i % 4;
          if (kind === 0) {
            const pk = `put-${w}-${i}`;
            await client.send(new PutItemCommand({ TableName: 'Crash', Item: { pk: { S: pk }, v: { N: String(i) } } }));
            acked.puts.push(pk);
          } else if (kind === 1) {
            const tx = txSeq++;
            await client.send(new TransactWriteItemsCommand({ TransactItems: ['a', 'b'].map((side) => ({ Put: { TableName: 'Crash', Item: { pk: { S: `tx-${side}-${tx}` } } } })) }));
            acked.txs.push(tx);
          } else if (kind === 2) {
            increments[w].attempted++;
            await client.send(new UpdateItemCommand({ TableName: 'Crash', Key: { pk: { S: `counter-${w}` } }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': { N: '1' } } }));
            increments[w].acked++;
          } else if (w < 2) {
            const pk = `batch-${w}-${i}`;
            await client.send(new BatchWriteItemCommand({ RequestItems: { Crash: Array.from({ length: 10 }, (_, j) => ({ PutRequest: { Item: { pk: { S: `${pk}-${j}` }, d: { S: 'x'.repeat(200_000) } } } })) } }));
            acked.batches.push(pk);
          }
        }
      } catch {
        // the server died under this request: it was not acknowledged
      } finally {
        client.destroy();
      }
    };
    const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
    // kill it in full flight: once a fair amount of each kind of write is acknowledged
    // (however fast this machine is today), with all 16 writers still sending
    for (let waited = 0; waited < 30_000 && !(acked.puts.length >= 40 && acked.txs.length >= 20 && acked.batches.length >= 2); waited += 20) {
      await new Promise((r) => setTimeout(r, 20));
    }
    one.child.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    await one.exited;
    assert.ok(acked.puts.length >= 40 && acked.txs.length >= 20 && acked.batches.length >= 2, `load before the kill: ${acked.puts.length} puts, ${acked.txs.length} transactions, ${acked.batches.length} batches`);

    const two = await startBundle(['--data-dir', dataDir]);
    assert.ok(two.url, two.output());
    const client = new DynamoDBClient({ endpoint: two.url, region: 'us-east-1', credentials: FAKE, maxAttempts: 1 });
    try {
      const keys = new Set<string>();
      const counters = new Map<string, number>();
      let start: Record<string, any> | undefined;
      do {
        const page = await client.send(new ScanCommand({ TableName: 'Crash', ConsistentRead: true, ProjectionExpression: 'pk, n', ExclusiveStartKey: start }));
        for (const item of page.Items ?? []) {
          keys.add(item.pk.S!);
          if (item.n) counters.set(item.pk.S!, Number(item.n.N));
        }
        start = page.LastEvaluatedKey;
      } while (start);
      for (const pk of acked.puts) assert.ok(keys.has(pk), `acknowledged put ${pk} survives`);
      for (const tx of acked.txs) assert.ok(keys.has(`tx-a-${tx}`) && keys.has(`tx-b-${tx}`), `acknowledged transaction ${tx} survives whole`);
      for (let tx = 0; tx < txSeq; tx++) assert.equal(keys.has(`tx-a-${tx}`), keys.has(`tx-b-${tx}`), `transaction ${tx} is all or nothing`);
      for (const pk of acked.batches) for (let j = 0; j < 10; j++) assert.ok(keys.has(`${pk}-${j}`), `acknowledged batch ${pk} survives`);
      increments.forEach(({ acked: a, attempted }, w) => {
        const n = counters.get(`counter-${w}`) ?? 0;
        assert.ok(n >= a && n <= attempted, `counter ${w}: ${n} between ${a} acknowledged and ${attempted} attempted`);
      });
      const probe = await client.send(new GetItemCommand({ TableName: 'Crash', Key: { pk: { S: acked.puts[0] } } }));
      assert.ok(probe.Item);
    } finally {
      client.destroy();
      await two.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
