/**
 * deploy/: the Dockerfile, compose.yaml and the systemd unit cannot be built or run here (no
 * Docker engine, no systemd as PID 1), so this checks what the issue requires of them, runs
 * the container's own command and health check against the built bundle, and has systemd
 * verify the unit when systemd-analyze is installed.
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { parseConfig, type Config } from '../../src/config.js';
import { listeningUrl, stop } from '../helpers/process.js';
import { tempDir } from '../helpers/server.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string) => readFileSync(join(REPO, path), 'utf8');
const dockerfile = read('deploy/Dockerfile');
/** The JSON-array form of a Dockerfile instruction (joined continuation lines). */
function instruction(name: string): string[] {
  const lines = dockerfile.replace(/\\\n\s*/g, ' ').split('\n');
  const line = lines.filter((l) => l.startsWith(`${name} `)).at(-1);
  assert.ok(line, `no ${name}`);
  return JSON.parse(line.slice(name.length + 1)) as string[];
}

describe('deploy/Dockerfile', () => {
  test('two stages on the official Node 20 slim image: npm ci and the build, then production dependencies only', () => {
    const froms = dockerfile.split('\n').filter((l) => l.startsWith('FROM '));
    assert.equal(froms.length, 2);
    for (const from of froms) assert.match(from, /^FROM node:20-[a-z]+-slim\b/);
    const [first, second] = dockerfile.split(/^FROM /m).slice(1);
    assert.match(first, /npm ci /);
    assert.match(first, /npm run build/);
    assert.match(first, /npm prune --omit=dev/);
    assert.doesNotMatch(second, /npm (ci|install)/);
    assert.match(second, /COPY --from=build \/src\/node_modules/);
  });

  test('a non-root user, VOLUME /data, EXPOSE 8000, a HEALTHCHECK on /health, tini as PID 1', () => {
    const runtime = dockerfile.split(/^FROM /m)[2];
    assert.match(runtime, /^USER sqynamo$/m);
    assert.match(runtime, /^VOLUME \/data$/m);
    assert.match(runtime, /^EXPOSE 8000$/m);
    assert.match(runtime.replace(/\\\n\s*/g, ' '), /^HEALTHCHECK .*CMD \["node", "-e", ".*http:\/\/127\.0\.0\.1:8000\/health/m);
    assert.deepEqual(instruction('ENTRYPOINT').slice(0, 2), ['/usr/bin/tini', '--']);
    assert.match(runtime, /^STOPSIGNAL SIGTERM$/m);
    // a run with other arguments (they replace CMD) keeps the port, address and the volume
    const env = /^ENV (.*)$/m.exec(runtime)![1].split(' ');
    for (const v of ['DYNAMODB_HOST=0.0.0.0', 'DYNAMODB_PORT=8000', 'DYNAMODB_DATA_DIR=/data']) assert.ok(env.includes(v), v);
    const replaced = parseConfig(['-sharedDb'], Object.fromEntries(env.map((e) => e.split('='))), () => false) as Config;
    assert.deepEqual([replaced.host, replaced.port, replaced.dataDir], ['0.0.0.0', 8000, '/data']);
  });

  test("the container's command starts the server, and its health check passes against it", async () => {
    const entrypoint = instruction('ENTRYPOINT');
    const cmd = instruction('CMD');
    assert.deepEqual(entrypoint.slice(2), ['node', '/opt/sqynamo/dist/cli.mjs']);
    assert.deepEqual(cmd, ['--port', '8000', '--host', '0.0.0.0', '--data-dir', '/data']);
    // the same arguments, then the port and data directory of this test (later flags win)
    const data = tempDir();
    const child = spawn(process.execPath, [join(REPO, 'dist', 'cli.mjs'), ...cmd, '--port', '0', '--host', '127.0.0.1', '--data-dir', data], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const { url } = await listeningUrl(child);
      const health = /CMD \["node", "-e", "(.*)"\]/.exec(dockerfile.replace(/\\\n\s*/g, ' '))![1].replace('http://127.0.0.1:8000', url);
      const code = await new Promise<number | null>((resolve) => execFile(process.execPath, ['-e', health], (err) => resolve(err ? (err.code as number) : 0)));
      assert.equal(code, 0);
    } finally {
      assert.equal(await stop(child), 0);
    }
  });

  test('.dockerignore keeps keys, data and local builds out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['access_keys.csv', 'deploy/access_keys.csv', 'node_modules', 'dist', 'data', '.git']) assert.ok(ignored.includes(entry), entry);
  });
});

describe('deploy/compose.yaml', () => {
  const compose = parseYaml(read('deploy/compose.yaml')) as {
    services: Record<string, { build: { context: string; dockerfile: string }; command: string[]; volumes: string[]; secrets: { source: string; target: string }[]; ports: string[] }>;
    secrets: Record<string, { file: string }>;
    volumes: Record<string, unknown>;
  };
  const service = compose.services.sqynamo;

  test('the service with a named volume and access_keys.csv as a read-only secret', () => {
    assert.deepEqual(service.build, { context: '..', dockerfile: 'deploy/Dockerfile' });
    assert.deepEqual(service.volumes, ['sqynamo-data:/data']);
    assert.ok('sqynamo-data' in compose.volumes);
    assert.deepEqual(service.secrets.map((s) => [s.source, s.target]), [['access_keys', 'access_keys.csv']]);
    assert.deepEqual(compose.secrets.access_keys, { file: './access_keys.csv' });
    assert.deepEqual(service.ports, ['8000:8000']);
  });

  test('its command is a valid Sqynamo command reading the secret, test credentials off', () => {
    const config = parseConfig(service.command, {}, () => false) as Config;
    assert.equal(config.accessKeysFile, '/run/secrets/access_keys.csv');
    assert.equal(config.testCredentials, false);
    assert.equal(config.dataDir, '/data');
    assert.equal(config.port, 8000);
    assert.equal(config.compat, 'aws');
  });
});

describe('deploy/sqynamo.service', () => {
  const unit = read('deploy/sqynamo.service');
  const setting = (name: string): string | undefined => new RegExp(`^${name}=(.*)$`, 'm').exec(unit)?.[1];

  test('a system user from sysusers.d, its state directory, sandboxing, the bundle', () => {
    assert.equal(setting('User'), 'sqynamo');
    assert.match(read('deploy/sqynamo-sysusers.conf'), /^u sqynamo - "Sqynamo" \/var\/lib\/sqynamo /m);
    assert.equal(setting('StateDirectory'), 'sqynamo');
    assert.equal(setting('ProtectSystem'), 'strict');
    assert.equal(setting('NoNewPrivileges'), 'yes');
    assert.equal(setting('PrivateTmp'), 'yes');
    assert.equal(setting('ReadWritePaths'), '/var/lib/sqynamo');
    const exec = setting('ExecStart')!.split(' ');
    assert.deepEqual(exec.slice(0, 2), ['/usr/bin/node', '/opt/sqynamo/dist/cli.mjs']);
    const config = parseConfig(exec.slice(2), {}, () => false) as Config;
    assert.equal(config.dataDir, '/var/lib/sqynamo');
    assert.equal(config.testCredentials, false);
    assert.equal(config.metricsHost, '127.0.0.1');
  });

  test('systemd-analyze verify finds nothing wrong (where systemd is installed)', () => {
    if (!existsSync('/usr/bin/systemd-analyze')) return;
    const out = execFileSync('/usr/bin/systemd-analyze', ['verify', '--man=no', join(REPO, 'deploy/sqynamo.service')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    assert.equal(out.trim(), '');
  });
});
