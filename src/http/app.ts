/**
 * The hono app: routes GET / (health probe), GET /console/* (the web console, console/serve.ts),
 * POST * (the DynamoDB/STS pipeline of api-handler.ts) and anything else
 * (UnknownOperationException). The node:http listener
 * (node-listener.ts) serves POSTs straight from the pipeline on the hot path and hands every
 * other request to this app; in-process callers (app.request) get the whole surface here.
 */
import { Hono, type Context } from 'hono';
import { findConsoleDir, mountConsole } from '../console/serve.js';
import { createApiHandler, healthAnswer, requestIdSource, unknownOperationAnswer, type ApiDeps, type ApiHandler, type ApiResponse } from './api-handler.js';

export type AppDeps = ApiDeps;

type Variables = { requestId: string };
type Env = { Variables: Variables };

function headersOf(c: Context): Record<string, string> {
  const headers: Record<string, string> = {};
  c.req.raw.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return headers;
}

const send = (c: Context<Env>, r: ApiResponse): Response => c.body(r.body, r.status as 200, r.headers);

export interface SqynamoApp {
  readonly app: Hono<Env>;
  /** The pipeline itself, for the node:http fast path. */
  readonly handle: ApiHandler;
  readonly newRequestId: () => string;
}

export function createApp(deps: AppDeps): SqynamoApp {
  const handle = createApiHandler(deps);
  const newRequestId = requestIdSource();
  const { maxBodyBytes } = deps.config;
  const app = new Hono<Env>();

  app.use(async function requestId(c, next) {
    c.set('requestId', newRequestId());
    await next();
  });

  app.get('/', (c) => send(c, healthAnswer(c.get('requestId'), c.req.header('host'))));
  if (deps.config.console) mountConsole(app, findConsoleDir());

  app.post('*', async function dynamoDbRequest(c) {
    if (Number(c.req.header('content-length') ?? 0) > maxBodyBytes) return c.body(null, 413);
    const body = new Uint8Array(await c.req.arrayBuffer());
    if (body.byteLength > maxBodyBytes) return c.body(null, 413);
    const url = new URL(c.req.url);
    return send(c, await handle({ path: url.pathname, query: url.search.slice(1), headers: headersOf(c), body }, c.get('requestId')));
  });

  app.all('*', (c) => send(c, unknownOperationAnswer(c.get('requestId'))));

  return { app, handle, newRequestId };
}
