import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Hono } from 'hono';
import { acceptsGzip, findConsoleDir, mountConsole } from './serve.js';

test('gzip is sent only when Accept-Encoding gives it (or *) a weight above 0', () => {
  assert.equal(acceptsGzip('gzip, deflate, br'), true);
  assert.equal(acceptsGzip('br;q=1.0, GZIP;q=0.5'), true);
  assert.equal(acceptsGzip('*'), true);
  assert.equal(acceptsGzip('gzip;q=0'), false);
  assert.equal(acceptsGzip('gzip;q=0.000, br'), false);
  assert.equal(acceptsGzip('identity'), false);
  assert.equal(acceptsGzip('x-gzip'), false);
  assert.equal(acceptsGzip(undefined), false);
});

test('the built console is found in the nearest dist folder above the running module', () => {
  const root = mkdtempSync(join(tmpdir(), 'sqynamo-console-dir-'));
  try {
    mkdirSync(join(root, 'dist', 'console'), { recursive: true });
    mkdirSync(join(root, 'dist', 'chunks'), { recursive: true });
    assert.equal(findConsoleDir(join(root, 'dist', 'sqynamo.mjs')), undefined, 'no index.html: not built');
    writeFileSync(join(root, 'dist', 'console', 'index.html'), '<!doctype html>');
    for (const module of ['dist/sqynamo.mjs', 'dist/chunks/app-X.mjs', 'dist/src/console/serve.js']) {
      assert.equal(findConsoleDir(join(root, module)), join(root, 'dist', 'console'), module);
    }
    assert.equal(findConsoleDir(join(root, 'elsewhere', 'x.js')), undefined);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a console that was not built answers 503 saying how to build it', async () => {
  const app = new Hono();
  mountConsole(app, undefined);
  const res = await app.request('/console/');
  assert.equal(res.status, 503);
  assert.equal(await res.text(), 'The web console is not built: run `npm run build`.\n');
  assert.equal(res.headers.get('cache-control'), 'no-store');
});
