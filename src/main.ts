#!/usr/bin/env node
/** Entry point: parse the configuration, start the server, stop cleanly on SIGTERM/SIGINT. */
import { existsSync } from 'node:fs';
import { ConfigError, parseConfig, USAGE } from './config.js';
import { TEST_ACCOUNT_ID, TEST_CREDENTIALS } from './auth/credentials.js';
import { createLogger, flushLogger } from './log.js';
import { startServer } from './server.js';

async function main(): Promise<void> {
  let config;
  try {
    config = parseConfig(process.argv.slice(2), process.env, existsSync);
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
  const log = createLogger({ verbose: config.verbose });
  let server;
  try {
    server = await startServer(config, { log });
  } catch (err) {
    log.fatal({ err: err instanceof Error ? err.message : String(err) }, 'startup failed');
    flushLogger(log);
    process.stderr.write(`sqynamo: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
  const dataDir = config.inMemory ? 'in memory' : config.dataDir;
  process.stdout.write(`Sqynamo listening on ${server.url} (data: ${dataDir})\n`);
  if (config.testCredentials) {
    const pairs = TEST_CREDENTIALS.map((c) => `${c.accessKeyId}/${c.secretAccessKey}`).join(', ');
    process.stdout.write(`Test credentials (account ${TEST_ACCOUNT_ID}): ${pairs}\n`);
  } else {
    process.stdout.write('Test credentials are off (--no-test-credentials)\n');
  }
  if (config.accessKeysFile) process.stdout.write(`Access keys from ${config.accessKeysFile}\n`);
  log.info(
    {
      url: server.url,
      dataDir: config.inMemory ? ':memory:' : config.dataDir,
      accessKeysFile: config.accessKeysFile ?? null,
      testCredentials: config.testCredentials ? TEST_CREDENTIALS.map((c) => c.accessKeyId) : false,
    },
    `Sqynamo listening on ${config.host}:${server.port}`,
  );
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
  process.once('SIGINT', () => stop('SIGINT'));
  process.on('SIGHUP', () => server.accessKeys?.reload());
}

void main();
