#!/usr/bin/env node
/**
 * Entry point: parse the configuration, start the server (or, with --workers > 1, a
 * cluster of worker processes that each run one), stop cleanly on SIGTERM/SIGINT.
 */
import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ConfigError, parseConfig, USAGE, type Config } from './config.js';
import { TEST_ACCOUNT_ID, TEST_CREDENTIALS } from './auth/credentials.js';
import { startCluster, workerIndex } from './cluster.js';
import { createConsoleLogger, flushLogger, type Logger } from './log.js';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { VERSION } from './version.js';
import { logModeChanges, prepareDataDir } from './storage/data-dir.js';

async function main(): Promise<void> {
  let config;
  try {
    config = parseConfig(process.argv.slice(2), process.env, { fileExists: existsSync, cores: availableParallelism });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`sqynamo: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  if (config === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  if (config === 'version') {
    process.stdout.write(`sqynamo ${VERSION}\n`);
    return;
  }
  if (config.workers > 1 && cluster.isPrimary) return runPrimary(config);
  const index = workerIndex(process.env);
  const log = await consoleLogger(config, index);
  let server;
  try {
    // Loaded here, not imported above: a cluster's primary never loads the server (the
    // bundle keeps it in a separate chunk), so the workers start sooner.
    const { startServer } = await import('./server.js');
    server = await startServer(config, { log, ttlSweeper: index === undefined || index === 0, clusterWorker: index !== undefined });
  } catch (err) {
    fail(log, err);
  }
  const stop = (signal: string) => {
    log.info({ signal }, 'shutting down');
    server.close().then(
      () => {
        flushLogger(log);
        process.exit(0);
      },
      () => {
        flushLogger(log);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  // A worker leaves Ctrl-C to the primary, which stops the workers in order.
  if (index === undefined) process.once('SIGINT', () => stop('SIGINT'));
  else process.on('SIGINT', () => {});
  process.on('SIGHUP', () => server.accessKeys?.reload());
  // announced once the signals are handled: a SIGTERM right after the banner stops cleanly
  if (index === undefined) announce(config, server.url, log, server.metricsUrl);
  else log.info({ worker: index, url: server.url }, `worker ${index} listening`);
}

function consoleLogger(config: Config, index: 'primary' | number | undefined): Promise<Logger> {
  return createConsoleLogger({ level: config.logLevel, format: config.logFormat, process: index, stdoutIsTerminal: process.stdout.isTTY === true });
}

async function runPrimary(config: Config): Promise<void> {
  const log = await consoleLogger(config, 'primary');
  // An unusable data directory stops the cluster here, before any worker is forked.
  try {
    logModeChanges(log, prepareDataDir(config.dataDir, { tighten: config.compat === 'aws' }));
  } catch (err) {
    fail(log, err);
  }
  // workers run this module (the bundle, or dist/src/main.js), never the admin CLI in front of it
  // the workers' metrics are added up here (metrics/cluster-metrics.ts); loaded only with --metrics on
  const clusterMetrics = config.metrics ? await import('./metrics/cluster-metrics.js') : undefined;
  const metrics = clusterMetrics?.primaryMetrics();
  const running = startCluster(config, log, fileURLToPath(import.meta.url));
  let metricsServer: Server | undefined;
  // Signals stop the workers in order, also while they are still starting.
  const stop = (signal: string) => {
    log.info({ signal }, 'shutting down the workers');
    metricsServer?.close();
    void running.close().then(() => {
      flushLogger(log);
      process.exit(0);
    });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  process.on('SIGHUP', () => running.reload());
  let url;
  let metricsUrl: string | undefined;
  try {
    ({ url } = await running.ready);
    if (metrics !== undefined && config.metricsPort !== undefined) {
      metricsServer = await clusterMetrics!.servePrimaryMetrics(config.metricsPort, config.metricsHost, metrics);
      const address = metricsServer.address() as AddressInfo;
      metricsUrl = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
    }
  } catch (err) {
    await running.close();
    fail(log, err);
  }
  announce(config, url, log, metricsUrl);
}

function fail(log: Logger, err: unknown): never {
  log.fatal({ err: err instanceof Error ? err.message : String(err) }, 'startup failed');
  flushLogger(log);
  process.stderr.write(`sqynamo: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}

/** The startup lines a user reads: where the server listens, in which mode, and how to authenticate. */
function announce(config: Config, url: string, log: Logger, metricsUrl?: string): void {
  const dataDir = config.inMemory ? 'in memory' : config.dataDir;
  const workers = config.workers > 1 ? `, ${config.workers} worker processes` : '';
  const local = config.compat === 'dynamodb-local';
  const mode = local ? `DynamoDB Local mode${config.sharedDb ? ', -sharedDb' : ''}` : 'AWS mode';
  process.stdout.write(`Sqynamo listening on ${url} (${mode}; data: ${dataDir}${workers}; version ${VERSION})\n`);
  if (metricsUrl !== undefined) process.stdout.write(`Metrics on ${metricsUrl}/metrics\n`);
  if (config.console) process.stdout.write(`Web console: ${url}/console/ (--console off to turn it off)\n`);
  if (local) {
    process.stdout.write(
      'WARNING: DynamoDB Local mode does not authenticate: any access key is accepted and signatures are not checked. ' +
        'Keep this port private; for real authentication start without the DynamoDB Local flags.\n',
    );
    log.warn({ url, mode: config.compat, sharedDb: config.sharedDb, dataDir: config.inMemory ? ':memory:' : config.dataDir }, 'DynamoDB Local mode: requests are not authenticated');
    return;
  }
  if (config.testCredentials) {
    const pairs = TEST_CREDENTIALS.map((c) => `${c.accessKeyId}/${c.secretAccessKey}`).join(', ');
    process.stdout.write(`Test credentials (account ${TEST_ACCOUNT_ID}): ${pairs}\n`);
  } else {
    process.stdout.write('Test credentials are off (--no-test-credentials)\n');
  }
  if (config.accessKeysFile) process.stdout.write(`Access keys from ${config.accessKeysFile}\n`);
  log.info(
    {
      url,
      dataDir: config.inMemory ? ':memory:' : config.dataDir,
      workers: config.workers,
      accessKeysFile: config.accessKeysFile ?? null,
      testCredentials: config.testCredentials ? TEST_CREDENTIALS.map((c) => c.accessKeyId) : false,
      mode: config.compat,
      console: config.console,
    },
    `Sqynamo listening on ${url}`,
  );
}

void main();
