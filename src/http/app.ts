/**
 * The HTTP front: one POST / route speaking DynamoDB's JSON 1.0 protocol, and GET / as
 * the health probe. The order of work in a request is visible here, top to bottom:
 *   size limit -> read body -> SigV4 verification -> X-Amz-Target -> JSON -> operation
 * Signatures are verified before the body is parsed; no operation runs unauthenticated.
 */
import { Hono, type Context } from 'hono';
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { logAuthFailure } from '../auth/auth-failure.js';
import type { CredentialResolver } from '../auth/credentials.js';
import { verifySignature, type VerifiedIdentity } from '../auth/sigv4-verify.js';
import type { Config } from '../config.js';
import { DynamoDBError, serialization, unknownOperation } from '../errors.js';
import type { Logger } from '../log.js';
import type { JsonObject, OperationContext } from '../api/context.js';
import { OPERATIONS, isOperationName } from '../api/registry.js';
import { IdempotencyTokens } from '../api/shared/idempotency.js';
import type { OperationGuard } from '../control-plane/iam-guard.js';
import { isStsRequest, type StsHandler } from '../control-plane/sts/sts-handler.js';
import type { SqliteStorage } from '../storage/sqlite-store.js';
import { toDynamoDBError } from './error-response.js';

export interface AppDeps {
  readonly config: Config;
  readonly storage: SqliteStorage;
  readonly credentials: CredentialResolver;
  readonly log: Logger;
  /** Epoch milliseconds; tests inject a clock. */
  readonly now?: () => number;
  /** The STS endpoint (query protocol), for requests whose credential scope names `sts`. */
  readonly sts?: StsHandler;
  /** Runs every operation (the IAM account's rules); operations run directly without one. */
  readonly guard?: OperationGuard;
}

type Variables = { requestId: string };
type Env = { Variables: Variables };

const JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';
const TARGET_PREFIX = 'DynamoDB_20120810.';

/** AWS request ids are 52 upper-case alphanumerics. */
function newRequestId(): string {
  return randomBytes(39).toString('base64').toUpperCase().replace(/[+/]/g, '0');
}

function headersOf(c: Context): Record<string, string> {
  const headers: Record<string, string> = {};
  c.req.raw.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return headers;
}

export function createApp(deps: AppDeps): Hono<Env> {
  const { config, storage, credentials, log } = deps;
  const now = deps.now ?? Date.now;
  const app = new Hono<Env>();
  const idempotency = new IdempotencyTokens();

  const reply = (c: Context<Env>, status: number, body: string, contentType = JSON_CONTENT_TYPE): Response =>
    c.body(body, status as 200, {
      'Content-Type': contentType,
      'x-amzn-RequestId': c.get('requestId'),
      'x-amz-crc32': String(crc32(body)),
    });

  const replyError = (c: Context<Env>, err: DynamoDBError): Response => reply(c, err.status, JSON.stringify(err.toJSON()));

  app.use(async function requestId(c, next) {
    c.set('requestId', newRequestId());
    await next();
  });

  // Health probe, as DynamoDB answers a plain GET.
  app.get('/', (c) => reply(c, 200, `healthy: ${c.req.header('host') ?? 'localhost'} `, 'text/plain'));

  app.post('*', async function dynamoDbRequest(c) {
    const started = process.hrtime.bigint();
    const requestId = c.get('requestId');
    let identity: VerifiedIdentity | undefined;
    let operation: string | undefined;
    let status = 200;
    try {
      const declared = Number(c.req.header('content-length') ?? 0);
      if (declared > config.maxBodyBytes) return (status = 413), c.body(null, 413);
      const body = new Uint8Array(await c.req.arrayBuffer());
      if (body.byteLength > config.maxBodyBytes) return (status = 413), c.body(null, 413);

      const url = new URL(c.req.url);
      const headers = headersOf(c);
      if (deps.sts !== undefined && isStsRequest(headers)) {
        const answer = await deps.sts({ method: 'POST', path: url.pathname, query: url.search.slice(1), headers, body, requestId });
        ({ identity, status } = answer);
        operation = answer.action !== undefined ? `sts:${answer.action}` : 'sts';
        return c.body(answer.body, answer.status as 200, answer.headers);
      }
      try {
        identity = await verifySignature(
          { method: 'POST', path: url.pathname, query: url.search.slice(1), headers, body },
          credentials,
          { now: () => new Date(now()), expectedService: 'dynamodb' },
        );
      } catch (err) {
        if (err instanceof DynamoDBError) logAuthFailure(log, { requestId, api: 'dynamodb', authorization: headers['authorization'], error: err });
        throw err;
      }

      const contentType = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
      if (body.byteLength > 0 && contentType !== JSON_CONTENT_TYPE && contentType !== 'application/json') {
        status = 404;
        return reply(c, 404, '<UnknownOperationException/>\n', 'application/xml');
      }

      const target = c.req.header('x-amz-target') ?? '';
      const name = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
      if (!isOperationName(name)) throw unknownOperation();
      operation = name;

      let request: unknown;
      try {
        request = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
      } catch {
        throw serialization();
      }
      if (request === null || typeof request !== 'object' || Array.isArray(request)) throw serialization();

      const ctx: OperationContext = {
        caller: identity,
        store: storage.tenant(identity.accountId, identity.region),
        config,
        log,
        now,
        operation: name,
        idempotency,
      };
      const run = OPERATIONS[name];
      const result = await (deps.guard ? deps.guard(name, request as JsonObject, ctx, run) : run(request as JsonObject, ctx));
      // Acknowledge only what is committed: wait for the group commit holding this request's writes
      // (and any writes its reads saw).
      const commit = ctx.store.pending();
      if (commit) await commit;
      return reply(c, 200, JSON.stringify(result));
    } catch (err) {
      // An answer may rest on writes of other requests still in the open group: wait for them too.
      if (identity) await storage.tenant(identity.accountId, identity.region).pending()?.catch(() => undefined);
      const error = toDynamoDBError(err, log.child({ requestId, operation }));
      status = error.status;
      return replyError(c, error);
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const record = { requestId, accessKeyId: identity?.accessKeyId, accountId: identity?.accountId, region: identity?.region, operation, status, ms: Math.round(ms * 100) / 100 };
      if (status >= 500) log.error(record, 'request');
      else log.info(record, 'request');
    }
  });

  app.all('*', (c) => {
    return reply(c, 404, '<UnknownOperationException/>\n', 'application/xml');
  });

  return app;
}
