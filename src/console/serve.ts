/**
 * Serves the web console's built assets (dist/console, made by `npm run build`) at /console on
 * the API's own port and origin: index.html revalidated on every load, the content-hashed
 * scripts and styles cached for a year, gzip when the browser accepts it, and a strict
 * Content-Security-Policy (only this origin's scripts, styles and API; no inline code, no
 * framing). The console itself is an ordinary SigV4 client of the API: nothing here reads or
 * writes data.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Context, Hono } from 'hono';

/** Where the console is served. */
export const CONSOLE_PATH = '/console';

/** The policy of every console response: nothing but this origin, no inline script or style. */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONSOLE_CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

/** esbuild's `[name]-[hash]` names: the content hash makes them safe to cache forever. */
const HASHED = /-[A-Z0-9]{8}\.[a-z]+$/;

interface Asset {
  readonly body: Uint8Array<ArrayBuffer>;
  readonly gzip: Uint8Array<ArrayBuffer> | undefined;
  readonly type: string;
  readonly etag: string;
  readonly cacheControl: string;
}

/** The console's files by name (`index.html`, `main-ABCD1234.js`, ...). */
export type ConsoleAssets = ReadonlyMap<string, Asset>;

/**
 * The built console next to the running code: the `console` folder of the nearest `dist`
 * folder above this module (dist/sqynamo.mjs, dist/chunks/*.mjs and dist/src/console/serve.js
 * all find dist/console). Undefined when the console was not built.
 */
export function findConsoleDir(from: string = fileURLToPath(import.meta.url)): string | undefined {
  for (let dir = dirname(from); dir !== dirname(dir); dir = dirname(dir)) {
    if (basename(dir) === 'dist' && existsSync(join(dir, 'console', 'index.html'))) return join(dir, 'console');
  }
  return undefined;
}

/** Reads every asset of `dir` once, with its ETag and (for text) its gzip form. */
export function loadConsoleAssets(dir: string): ConsoleAssets {
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(dir)) {
    const type = CONTENT_TYPES[extname(name)];
    if (type === undefined) continue;
    const body = new Uint8Array(readFileSync(join(dir, name)));
    const compressible = !type.startsWith('image/png');
    const gzip = compressible ? new Uint8Array(gzipSync(body, { level: 9 })) : undefined;
    assets.set(name, {
      body,
      gzip: gzip !== undefined && gzip.length < body.length ? gzip : undefined,
      type,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
      cacheControl: HASHED.test(name) ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
  }
  return assets;
}

/** True when Accept-Encoding names gzip (or `*`) with a weight above 0. */
export function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    return (coding === 'gzip' || coding === '*') && (q === undefined || Number(q.slice(2)) > 0);
  });
}

function notFound(c: Context, text: string, status: 404 | 503 = 404): Response {
  return c.body(`${text}\n`, status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
}

function serveAsset(c: Context, asset: Asset): Response {
  const headers: Record<string, string> = { ...SECURITY_HEADERS, 'Cache-Control': asset.cacheControl, ETag: asset.etag };
  if (asset.gzip !== undefined) headers.Vary = 'Accept-Encoding';
  const ifNoneMatch = c.req.header('if-none-match');
  if (ifNoneMatch !== undefined && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === asset.etag)) {
    return c.body(null, 304, headers);
  }
  if (asset.gzip !== undefined && acceptsGzip(c.req.header('accept-encoding'))) {
    return c.body(asset.gzip, 200, { ...headers, 'Content-Type': asset.type, 'Content-Encoding': 'gzip' });
  }
  return c.body(asset.body, 200, { ...headers, 'Content-Type': asset.type });
}

/**
 * Adds the console's routes to the app: `/console` redirects to `/console/` (so the page's
 * relative asset URLs resolve), `/console/` is index.html, `/console/<file>` an asset; with no
 * built console every console URL answers 503 saying how to build it.
 */
export function mountConsole(app: Hono<any>, dir: string | undefined): void {
  const assets = dir !== undefined ? loadConsoleAssets(dir) : undefined;
  app.get(CONSOLE_PATH, (c) => c.redirect(`${CONSOLE_PATH}/`, 301));
  app.get(`${CONSOLE_PATH}/*`, (c) => {
    if (assets === undefined) return notFound(c, 'The web console is not built: run `npm run build`.', 503);
    const name = c.req.path.slice(CONSOLE_PATH.length + 1) || 'index.html';
    const asset = assets.get(name);
    return asset !== undefined ? serveAsset(c, asset) : notFound(c, 'Not found.');
  });
}
