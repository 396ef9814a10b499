/**
 * What a client gets when Node's HTTP parser refuses its request before any handler sees it.
 * Node answers oversized request lines and headers with 431; DynamoDB's front end answers
 * 400 Bad Request, so Sqynamo does too. Timeouts keep Node's 408; anything else is Node's 400.
 */
import type { Socket } from 'node:net';

const BAD_REQUEST = 'HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n';
const TIMEOUT = 'HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\nConnection: close\r\n\r\n';

/** A `clientError` listener for node:http servers. */
export function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  // HPE_HEADER_OVERFLOW (request line or headers too long) is 400 here, not Node's 431
  socket.end(err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? TIMEOUT : BAD_REQUEST);
}
