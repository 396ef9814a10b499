/**
 * Slow and greedy clients cannot hold the server's sockets: partial headers and a trickled
 * body are answered 408 and closed at their timeouts, an idle keep-alive connection is
 * closed at its timeout, and connections over the cap are closed as they arrive. Raw TCP
 * sockets, against servers started with short limits.
 */
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { rawRequest, startTestServer, type TestServer } from '../helpers/server.js';

interface Closed {
  /** Milliseconds from the start of the wait until the server closed the socket. */
  ms: number;
  /** What the server sent before closing. */
  data: string;
}

function open(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Waits until the server closes `socket` (at most `limitMs`). */
function closedBy(socket: Socket, limitMs: number): Promise<Closed> {
  const began = Date.now();
  let data = '';
  socket.on('data', (d: Buffer) => (data += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`still open after ${limitMs} ms (received ${JSON.stringify(data)})`));
    }, limitMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve({ ms: Date.now() - began, data });
    });
    socket.on('error', () => {});
  });
}

const listTables = (host: string) => `POST / HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\nContent-Length: 2\r\n\r\n{}`;

describe('HTTP timeouts', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ args: ['--headers-timeout', '0.5', '--request-timeout', '1', '--keep-alive-timeout', '0.5'] });
  });

  // every socket a test opens is destroyed after it, so a failing test cannot hold the server open
  const sockets: Socket[] = [];
  const track = async (url: string) => {
    const socket = await open(url);
    sockets.push(socket);
    return socket;
  };
  after(async () => {
    for (const socket of sockets) socket.destroy();
    await server.close();
  });

  test('partial headers: 408 and closed at the headers timeout', async () => {
    const socket = await track(server.url);
    socket.write(`POST / HTTP/1.1\r\nHost: ${new URL(server.url).host}\r\nX-Amz-Target: Dyn`);
    const closed = await closedBy(socket, 10_000);
    assert.match(closed.data, /^HTTP\/1\.1 408 /);
    // at the timeout, give or take a busy machine's delays (Node's defaults held it 60-90 s)
    assert.ok(closed.ms >= 400 && closed.ms < 5000, `${closed.ms} ms`);
  });

  test('a trickled body: 408 and closed at the request timeout', async () => {
    const socket = await track(server.url);
    socket.write(`POST / HTTP/1.1\r\nHost: ${new URL(server.url).host}\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: 1000\r\n\r\n{`);
    const trickle = setInterval(() => socket.writable && socket.write(' '), 100);
    const closed = await closedBy(socket, 10_000).finally(() => clearInterval(trickle));
    assert.match(closed.data, /^HTTP\/1\.1 408 /);
    assert.ok(closed.ms >= 900 && closed.ms < 6000, `${closed.ms} ms`);
  });

  test('an idle keep-alive connection is closed at the keep-alive timeout', async () => {
    const socket = await track(server.url);
    const first = new Promise<void>((resolve) => socket.once('data', () => resolve()));
    socket.write(listTables(new URL(server.url).host));
    await first; // answered (an unsigned request: MissingAuthenticationTokenException)
    const closed = await closedBy(socket, 10_000);
    assert.ok(closed.ms >= 400 && closed.ms < 5000, `${closed.ms} ms`);
  });
});

describe('connection cap', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ args: ['--max-connections', '3'] });
  });
  after(() => server.close());

  test('a connection over the cap is closed at once; under it again, connections are served', async () => {
    const held = await Promise.all([open(server.url), open(server.url), open(server.url)]);
    try {
      // let the server accept all three before the fourth arrives
      await new Promise((r) => setTimeout(r, 100));
      const extra = await open(server.url);
      const closed = await closedBy(extra, 2000);
      assert.equal(closed.data, '');
    } finally {
      for (const socket of held) socket.destroy();
    }
    await new Promise((r) => setTimeout(r, 100));
    const res = await rawRequest(server.url, { target: 'ListTables', body: '{}' });
    assert.equal(res.status, 200);
  });
});
