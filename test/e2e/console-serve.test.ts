/**
 * The console's assets as the server serves them: content types, caching, ETags, gzip, the
 * Content-Security-Policy; `--console off` leaves /console to the API's unknown-path answer.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { CONSOLE_CSP } from '../../src/console/serve.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('serving the web console', () => {
  let server: TestServer;
  let html: string;
  before(async () => {
    server = await startTestServer();
    html = await (await fetch(`${server.url}/console/`)).text();
  });
  after(() => server.close());

  const assetOf = (pattern: RegExp) => {
    const m = pattern.exec(html);
    assert.ok(m, `index.html names ${pattern}`);
    return m[1];
  };

  test('/console redirects to /console/, whose page is index.html, revalidated on every load', async () => {
    const redirect = await fetch(`${server.url}/console`, { redirect: 'manual' });
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.get('location'), '/console/');
    const page = await fetch(`${server.url}/console/`);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(page.headers.get('cache-control'), 'no-cache');
    assert.equal(page.headers.get('content-security-policy'), CONSOLE_CSP);
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(page.headers.get('x-frame-options'), 'DENY');
    assert.match(html, /<script type="module" src="main-[A-Z0-9]{8}\.js"><\/script>/);
    assert.doesNotMatch(html, /https?:\/\//, 'nothing from another origin');
  });

  test('the CSP allows only this origin, no inline code, no framing', () => {
    for (const directive of ["default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "frame-ancestors 'none'", "base-uri 'none'"]) {
      assert.ok(CONSOLE_CSP.includes(directive), directive);
    }
    assert.doesNotMatch(CONSOLE_CSP, /unsafe|\*/);
  });

  test('hashed scripts and styles are cached for a year, with their content types', async () => {
    for (const [name, type] of [
      [assetOf(/src="(main-[A-Z0-9]{8}\.js)"/), 'text/javascript; charset=utf-8'],
      [assetOf(/href="(main-[A-Z0-9]{8}\.css)"/), 'text/css; charset=utf-8'],
    ]) {
      const res = await fetch(`${server.url}/console/${name}`);
      assert.equal(res.status, 200, name);
      assert.equal(res.headers.get('content-type'), type);
      assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      assert.ok((await res.text()).length > 1000);
    }
    const icon = await fetch(`${server.url}/console/favicon.svg`);
    assert.equal(icon.headers.get('content-type'), 'image/svg+xml');
    assert.equal(icon.headers.get('cache-control'), 'no-cache');
  });

  test('ETag revalidation answers 304; gzip when accepted', async () => {
    const script = assetOf(/src="(main-[A-Z0-9]{8}\.js)"/);
    const first = await fetch(`${server.url}/console/${script}`, { headers: { 'accept-encoding': 'identity' } });
    const body = Buffer.from(await first.arrayBuffer());
    const etag = first.headers.get('etag');
    assert.ok(etag !== null && /^"[\w-]+"$/.test(etag));
    assert.equal(first.headers.get('content-encoding'), null);
    const again = await fetch(`${server.url}/console/${script}`, { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
    assert.equal(again.headers.get('etag'), etag);
    // node's fetch decompresses by itself: read the raw bytes through node:http instead
    const { request } = await import('node:http');
    const raw = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      request(`${server.url}/console/${script}`, { headers: { 'accept-encoding': 'br, gzip;q=0.8' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      })
        .on('error', reject)
        .end();
    });
    assert.equal(raw.headers['content-encoding'], 'gzip');
    assert.equal(raw.headers.vary, 'Accept-Encoding');
    assert.ok(raw.body.length < body.length / 2, `gzip: ${raw.body.length} of ${body.length} bytes`);
    assert.deepEqual(gunzipSync(raw.body), body);
  });

  test('anything else under /console is a plain 404; HEAD answers without a body', async () => {
    for (const path of ['/console/nope.js', '/console/assets/main.js', '/console/index.html/x', '/console/.%2Fpackage.json']) {
      const res = await fetch(`${server.url}${path}`);
      assert.equal(res.status, 404, path);
      assert.equal(await res.text(), 'Not found.\n');
      assert.equal(res.headers.get('content-security-policy'), CONSOLE_CSP);
    }
    const head = await fetch(`${server.url}/console/`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
  });

  test('--console off: /console is an unknown path like any other', async () => {
    const off = await startTestServer({ args: ['--console', 'off'] });
    try {
      const unknown = await fetch(`${off.url}/no-such-path`);
      for (const path of ['/console', '/console/']) {
        const res = await fetch(`${off.url}${path}`, { redirect: 'manual' });
        assert.equal(res.status, unknown.status, path);
        assert.equal(res.headers.get('content-security-policy'), null);
      }
      assert.equal(unknown.status, 404);
    } finally {
      await off.close();
    }
  });
});
