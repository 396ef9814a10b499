/**
 * The hono app: every request that is not a POST (the node:http listener, node-listener.ts,
 * sends each POST, which is every DynamoDB and STS call, straight to the pipeline in
 * api-handler.ts). It routes GET / (the health probe), GET /console/* (the web console,
 * console/serve.ts) and answers anything else as DynamoDB does (UnknownOperationException);
 * routes that are not DynamoDB's (metrics, readiness) belong here.
 */
import { Hono, type Context } from 'hono';
import { findConsoleDir, mountConsole } from '../console/serve.js';
import { healthAnswer, unknownOperationAnswer, type ApiResponse } from './wire.js';

type Env = { Variables: { requestId: string } };

const send = (c: Context<Env>, r: ApiResponse): Response => c.body(r.body, r.status as 200, r.headers);

/** What the app serves besides the health probe. */
export interface AppOptions {
  /** Serve the web console at /console (`--console`). */
  readonly console: boolean;
}

export function createApp(newRequestId: () => string, options: AppOptions): Hono<Env> {
  const app = new Hono<Env>();

  app.use(async function requestId(c, next) {
    c.set('requestId', newRequestId());
    await next();
  });

  app.get('/', (c) => send(c, healthAnswer(c.get('requestId'), c.req.header('host'))));
  if (options.console) mountConsole(app, findConsoleDir());

  app.all('*', (c) => send(c, unknownOperationAnswer(c.get('requestId'))));

  return app;
}
