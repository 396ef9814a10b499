/**
 * Metrics of a cluster (`--workers` > 1): each worker counts its own requests, so /metrics
 * must add the workers up. The worker that receives `GET /metrics` asks the primary, which
 * gathers every worker's registry over the cluster channel (prom-client's AggregatorRegistry:
 * counters and histograms summed, the sampled table and WAL gauges taken as their maximum)
 * and sends the sum back. With --metrics-port the primary serves the metrics port itself.
 */
import cluster from 'node:cluster';
import { createServer, type Server } from 'node:http';
import { AggregatorRegistry, type Registry } from 'prom-client';

const ASK = 'sqynamo:metrics-request';
const ANSWER = 'sqynamo:metrics-answer';
const TIMEOUT_MS = 5000;

interface Ask {
  readonly type: typeof ASK;
  readonly id: number;
}
interface Answer {
  readonly type: typeof ANSWER;
  readonly id: number;
  readonly text?: string;
  readonly error?: string;
}

/**
 * In a worker: lets the primary read `registry`, and returns the function that fetches the
 * whole cluster's exposition from the primary.
 */
export function workerMetrics(registry: Registry): () => Promise<{ contentType: string; text: string }> {
  // constructing one registers prom-client's answer to the primary's requests
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
  let next = 0;
  const waiting = new Map<number, { resolve: (text: string) => void; reject: (err: Error) => void; timer: NodeJS.Timeout }>();
  process.on('message', (message: Answer) => {
    if (message?.type !== ANSWER) return;
    const pending = waiting.get(message.id);
    if (pending === undefined) return;
    waiting.delete(message.id);
    clearTimeout(pending.timer);
    if (message.error !== undefined) pending.reject(new Error(message.error));
    else pending.resolve(message.text ?? '');
  });
  return () =>
    new Promise((resolve, reject) => {
      const id = next++;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error('the primary did not answer for the metrics'));
      }, TIMEOUT_MS);
      waiting.set(id, { resolve: (text) => resolve({ contentType: registry.contentType, text }), reject, timer });
      process.send!({ type: ASK, id } satisfies Ask);
    });
}

/** In the primary: answers the workers' requests for the cluster's metrics. */
export function primaryMetrics(): { text: () => Promise<string>; contentType: string } {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: Ask) => {
    if (message?.type !== ASK) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: ANSWER, id: message.id, text } satisfies Answer),
      (err: Error) => worker.send({ type: ANSWER, id: message.id, error: err.message } satisfies Answer),
    );
  });
  return { text: () => aggregator.clusterMetrics(), contentType: aggregator.contentType };
}

/** In the primary with --metrics-port: a server of /metrics (the cluster's) and /health. */
export function servePrimaryMetrics(port: number, host: string, metrics: { text: () => Promise<string>; contentType: string }): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/metrics') {
      metrics.text().then(
        (text) => {
          res.writeHead(200, { 'Content-Type': metrics.contentType, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
          res.end(text);
        },
        () => {
          res.writeHead(503, { 'Content-Length': 0 });
          res.end();
        },
      );
      return;
    }
    if (req.method === 'GET' && path === '/health') {
      const body = '{"status":"ok"}';
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
      res.end(body);
      return;
    }
    res.writeHead(404, { 'Content-Length': 0 });
    res.end();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
