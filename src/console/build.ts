/**
 * Builds the web console into dist/console (run by `npm run build` after tsc): one minified
 * ES module bundle and one stylesheet with content-hashed names, the icon, and index.html
 * pointing at them. Everything the page loads comes from Sqynamo itself, never a CDN.
 */
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const source = join(root, 'src', 'console', 'app');
const out = join(root, 'dist', 'console');

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const result = await build({
  entryPoints: [join(source, 'ui', 'main.tsx')],
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022', 'chrome109', 'firefox115', 'safari16'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  entryNames: '[name]-[hash]',
  outdir: out,
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
});
const outputs = Object.keys(result.metafile.outputs).map((file) => relative(out, join(root, file)));
const script = outputs.find((f) => f.endsWith('.js'));
const style = outputs.find((f) => f.endsWith('.css'));
if (script === undefined || style === undefined) throw new Error(`console build produced ${outputs.join(', ')}`);
const icon = 'favicon.svg';
copyFileSync(join(source, icon), join(out, icon));
const html = readFileSync(join(source, 'index.html'), 'utf8').replace('{{script}}', basename(script)).replace('{{style}}', basename(style)).replace('{{icon}}', icon);
writeFileSync(join(out, 'index.html'), html);
