/**
 * Builds and starts a Sqynamo server from a Config. Used by main.ts and by the tests,
 * which start real servers on port 0.
 */
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { AccessKeysFile } from './auth/access-keys-file.js';
import { chainResolvers, testCredentialResolver, type CredentialResolver } from './auth/credentials.js';
import type { Config } from './config.js';
import { createApp } from './http/app.js';
import type { Logger } from './log.js';
import { SqliteStorage } from './storage/sqlite-store.js';

export interface RunningServer {
  readonly port: number;
  readonly host: string;
  /** e.g. http://127.0.0.1:8000 */
  readonly url: string;
  readonly storage: SqliteStorage;
  readonly accessKeys: AccessKeysFile | undefined;
  /** Stops accepting connections, finishes in-flight requests, closes the databases. */
  close(): Promise<void>;
}

export interface StartOptions {
  readonly log: Logger;
  /** Epoch milliseconds; tests inject a clock. */
  readonly now?: () => number;
}

export async function startServer(config: Config, options: StartOptions): Promise<RunningServer> {
  const { log } = options;
  const storage = new SqliteStorage({ dataDir: config.dataDir, inMemory: config.inMemory, sync: config.sync });
  const resolvers: CredentialResolver[] = [];
  if (config.testCredentials) resolvers.push(testCredentialResolver());
  let accessKeys: AccessKeysFile | undefined;
  if (config.accessKeysFile) {
    accessKeys = new AccessKeysFile(config.accessKeysFile, log);
    accessKeys.load();
    accessKeys.watch();
    resolvers.push(accessKeys);
  }
  const credentials = chainResolvers(...resolvers);
  const app = createApp({ config, storage, credentials, log, now: options.now });

  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const displayHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : urlHost;

  let closing: Promise<void> | undefined;
  return {
    port: address.port,
    host: address.address,
    url: `http://${displayHost}:${address.port}`,
    storage,
    accessKeys,
    close() {
      closing ??= new Promise<void>((resolve) => {
        accessKeys?.close();
        server.close(() => {
          storage.close();
          resolve();
        });
        // keep-alive connections idle between requests would hold close() open
        (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      });
      return closing;
    },
  };
}
