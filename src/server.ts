/**
 * Builds and starts a Sqynamo server from a Config. Used by main.ts and by the tests,
 * which start real servers on port 0.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccessKeysFile } from './auth/access-keys-file.js';
import { testCredentialResolver, type CredentialResolver } from './auth/credentials.js';
import type { Config } from './config.js';
import { createControlPlane, type ControlPlane } from './control-plane/control-plane.js';
import { loadStsSecret } from './control-plane/sts-secret.js';
import { createApiHandler } from './http/api-handler.js';
import { requestIdSource, responseHeaders } from './http/wire.js';
import { LargeBodies } from './http/large-bodies.js';
import { applyConnectionLimit, httpServerOptions } from './http/limits.js';
import { createNodeListener } from './http/node-listener.js';
import { answerClientError } from './http/client-error.js';
import { createCors } from './http/cors.js';
import { createSideRoutes } from './http/side-routes.js';
import { readiness } from './http/readiness.js';
import type { Logger } from './log.js';
import { SqliteStorage, type StorageObserver } from './storage/sqlite/sqlite-storage.js';
import type { Storage } from './storage/types.js';
import { startTtlSweeper } from './api/time-to-live/ttl-sweeper.js';
import { logModeChanges, prepareDataDir } from './storage/data-dir.js';
import { claimDataDir } from './compat/data-dir-mode.js';
import { isDynamoDBLocal, rootAnswer, unverifiedIdentity } from './compat/dynamodb-local.js';
import { optimizeDatabases } from './storage/sqlite/optimize.js';
import { backfillProgressLog } from './metrics/backfill-progress.js';
import { workerMetrics } from './metrics/cluster-metrics.js';
import { Metrics } from './metrics/metrics.js';
import { tableSampler, walSizes } from './metrics/storage-sampler.js';
import { VERSION } from './version.js';

export interface RunningServer {
  readonly port: number;
  readonly host: string;
  /** e.g. http://127.0.0.1:8000 */
  readonly url: string;
  readonly storage: Storage;
  readonly accessKeys: AccessKeysFile | undefined;
  /** Root users, STS and the IAM account. */
  readonly controlPlane: ControlPlane;
  /** The metrics; undefined with --metrics off. */
  readonly metrics: Metrics | undefined;
  /** Where /metrics is served when --metrics-port moved it, e.g. http://127.0.0.1:9464. */
  readonly metricsUrl: string | undefined;
  /** Stops accepting connections, finishes in-flight requests, closes the databases. */
  close(): Promise<void>;
}

export interface StartOptions {
  readonly log: Logger;
  /** Epoch milliseconds; tests inject a clock. */
  readonly now?: () => number;
  /** Run the TTL sweeper (default true; in a cluster only worker 0 sweeps). */
  readonly ttlSweeper?: boolean;
  /** This process is a worker of a cluster: /metrics answers the whole cluster's, the primary serves --metrics-port. */
  readonly clusterWorker?: boolean;
}

export async function startServer(config: Config, options: StartOptions): Promise<RunningServer> {
  const { log } = options;
  const now = options.now ?? Date.now;
  const local = isDynamoDBLocal(config);
  if (!config.inMemory) {
    // an unusable directory stops here, naming the path and the reason; AWS mode's files are
    // for the service's user only (DynamoDB Local mode's: see data-dir.ts)
    logModeChanges(log, prepareDataDir(config.dataDir, { tighten: !local }));
    // DynamoDB Local mode never opens an AWS-mode directory, nor AWS mode a DynamoDB Local one
    claimDataDir(config.dataDir, config.compat);
    if (config.optimizeDb) log.info({ files: optimizeDatabases(config.dataDir) }, 'database files optimized (-optimizeDbBeforeStartup)');
  }
  let metrics: Metrics | undefined;
  const backfillLog = backfillProgressLog(log, now);
  const observer: StorageObserver = {
    onCommit: config.metrics ? (writes, seconds) => metrics?.commit(writes, seconds) : undefined,
    onBackfill: (progress) => {
      metrics?.backfill(progress);
      backfillLog(progress);
    },
  };
  const storage: Storage = new SqliteStorage({
    dataDir: config.dataDir,
    inMemory: config.inMemory,
    sync: config.sync,
    shared: config.workers > 1,
    onBackgroundError: (err) => log.error({ err }, 'background index work failed; retrying'),
    observer,
  });
  if (config.metrics) {
    metrics = new Metrics({
      accountLabel: config.metricsAccountLabel,
      version: VERSION,
      mode: config.compat,
      ...(config.metricsTables ? { tables: tableSampler(storage, now) } : {}),
      walSizes: walSizes(config.inMemory ? undefined : config.dataDir),
    });
  }
  const resolvers: CredentialResolver[] = [];
  // DynamoDB Local mode resolves no key: it does not authenticate (identify below)
  if (config.testCredentials && !local) resolvers.push(testCredentialResolver());
  let accessKeys: AccessKeysFile | undefined;
  if (config.accessKeysFile) {
    accessKeys = new AccessKeysFile(config.accessKeysFile, log);
    accessKeys.load();
    accessKeys.watch();
    resolvers.push(accessKeys);
  }
  let controlPlane: ControlPlane;
  try {
    // DynamoDB Local mode serves no STS: its sessions would authenticate nothing
    const stsSecret = local
      ? { secret: randomBytes(32).toString('hex'), origin: 'random', file: undefined }
      : loadStsSecret({ secret: config.stsSecret, file: config.stsSecretFile, dataDir: config.inMemory ? undefined : config.dataDir });
    log.info({ origin: stsSecret.origin, file: stsSecret.file ?? null }, 'STS secret loaded');
    // Chain: test credentials -> access_keys.csv -> STS session tokens -> root users' keys.
    controlPlane = await createControlPlane({
      iamAccount: config.iamAccount,
      stsSecret: stsSecret.secret,
      tenant: (accountId, region) => storage.tenant(accountId, region),
      bootstrap: resolvers,
      accessKeyRecords: () => accessKeys?.records() ?? [],
      log,
      now,
      // other workers write the IAM table too: notice their commits on every key lookup
      ...(config.workers > 1 && !config.inMemory ? { foreignVersion: (accountId: string) => storage.foreignVersion(accountId) } : {}),
    });
  } catch (err) {
    accessKeys?.close();
    await storage.close();
    throw err;
  }
  const largeBodies = new LargeBodies();
  const deps = {
    config,
    storage,
    credentials: controlPlane.credentials,
    log,
    now,
    sts: local ? undefined : controlPlane.sts,
    guard: controlPlane.guard,
    identify: local ? (headers: Record<string, string>) => unverifiedIdentity(headers, config.sharedDb) : undefined,
    metrics,
    largeBodies,
  };
  const newRequestId = requestIdSource();
  const cors = createCors(config.corsOrigins);
  let closing: Promise<void> | undefined;
  const started = now();
  const ready = readiness({ dataDir: config.inMemory ? undefined : config.dataDir, closing: () => closing !== undefined });
  const exposition = metrics
    ? options.clusterWorker
      ? workerMetrics(metrics.registry)
      : async () => ({ contentType: metrics.contentType, text: await metrics.text() })
    : undefined;
  const sideOptions = { cors, version: VERSION, mode: config.compat, started, now, readiness: ready };
  const listener = createNodeListener({
    largeBodies,
    handle: createApiHandler(deps),
    newRequestId,
    maxBodyBytes: config.maxBodyBytes,
    cors,
    sideRoutes: createSideRoutes({
      ...sideOptions,
      metrics: config.metricsPort === undefined ? exposition : undefined,
      root: local ? () => rootAnswer(newRequestId(), (id, body) => responseHeaders(id, body)) : undefined,
    }),
    // The hono app answers everything but POST (the health probe); loaded on first use.
    loadFallback: async () => {
      const [{ createApp }, { getRequestListener }] = await Promise.all([import('./http/app.js'), import('@hono/node-server')]);
      return getRequestListener(createApp(newRequestId, { console: config.console }).fetch);
    },
  });

  const listen = (s: Server, port: number, host: string): Promise<Server> =>
    new Promise((resolve, reject) => {
      s.on('clientError', answerClientError);
      applyConnectionLimit(s, config);
      s.listen(port, host, () => resolve(s));
      s.once('error', reject);
    });
  const server = await listen(createServer(httpServerOptions(config), listener), config.port, config.host);
  let metricsServer: Server | undefined;
  if (exposition !== undefined && config.metricsPort !== undefined && !options.clusterWorker) {
    const routes = createSideRoutes({ ...sideOptions, metrics: exposition });
    const notFound = (res: ServerResponse) => {
      res.writeHead(404, { 'Content-Length': 0 });
      res.end();
    };
    try {
      metricsServer = await listen(createServer(httpServerOptions(config), (req, res) => void (routes(req, res) || notFound(res))), config.metricsPort, config.metricsHost);
    } catch (err) {
      server.close();
      await storage.close();
      throw err;
    }
  }
  const stopTtl = config.ttlIntervalMs > 0 && options.ttlSweeper !== false ? startTtlSweeper(storage, config.ttlIntervalMs, now, log) : () => {};
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const displayHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : urlHost;

  const metricsAddress = metricsServer?.address() as AddressInfo | undefined;
  return {
    port: address.port,
    host: address.address,
    url: `http://${displayHost}:${address.port}`,
    storage,
    accessKeys,
    controlPlane,
    metrics,
    metricsUrl: metricsAddress ? `http://${metricsAddress.family === 'IPv6' ? `[${metricsAddress.address}]` : metricsAddress.address}:${metricsAddress.port}` : undefined,
    close() {
      closing ??= new Promise<void>((resolve) => {
        stopTtl();
        largeBodies.close();
        accessKeys?.close();
        metricsServer?.close();
        metricsServer?.closeIdleConnections();
        server.close(() => {
          storage.close().then(resolve, resolve);
        });
        // keep-alive connections idle between requests would hold close() open
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
