/**
 * The hono app: every request that is not a POST (the node:http listener, node-listener.ts,
 * sends each POST, which is every DynamoDB and STS call, straight to the pipeline in
 * api-handler.ts). It routes GET / (the health probe) and answers anything else as DynamoDB
 * does (UnknownOperationException); routes that are not DynamoDB's (metrics, readiness,
 * a console) belong here.
 */
import { Hono, type Context } from 'hono';
import { healthAnswer, unknownOperationAnswer, type ApiResponse } from './wire.js';

type Env = { Variables: { requestId: string } };

const send = (c: Context<Env>, r: ApiResponse): Response => c.body(r.body, r.status as 200, r.headers);

export function createApp(newRequestId: () => string): Hono<Env> {
  const app = new Hono<Env>();

  app.use(async function requestId(c, next) {
    c.set('requestId', newRequestId());
    await next();
  });

  app.get('/', (c) => send(c, healthAnswer(c.get('requestId'), c.req.header('host'))));

  app.all('*', (c) => send(c, unknownOperationAnswer(c.get('requestId'))));

  return app;
}
