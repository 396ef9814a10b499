/**
 * `npm run fuzz -- --count N [--seed S] [--concurrency C]`: a long malformed-input run
 * against the bundle `npm start` runs (a child process on a fresh data directory). Prints the
 * answers by operation and status and any failure (a 5xx, a request left unanswered, the
 * server gone, the sentinel items changed); exits 1 on any.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBundle } from '../test/helpers/bundle.js';
import { checkSentinel, formatReport, runFuzz, setUpFuzz } from './engine.js';

function option(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  if (at === -1) return fallback;
  const value = Number(args[at + 1]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} needs a whole number`);
  return value;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help')) {
    process.stdout.write('npm run fuzz -- --count N [--seed S] [--concurrency C]\n');
    return;
  }
  const count = option(args, '--count', 15_000);
  const seed = option(args, '--seed', Math.floor(Math.random() * 2 ** 31));
  const concurrency = option(args, '--concurrency', 4);
  const dataDir = mkdtempSync(join(tmpdir(), 'sqynamo-fuzz-'));
  const server = await startBundle(['--data-dir', dataDir]);
  if (server.url === undefined) throw new Error(`the server did not start: ${server.output()}`);
  let failed = false;
  try {
    await setUpFuzz(server.url);
    const report = await runFuzz({ url: server.url, count, seed, concurrency });
    process.stdout.write(`${formatReport(report)}\n`);
    const alive = server.child.exitCode === null && server.child.signalCode === null;
    const sentinel = alive ? await checkSentinel(server.url) : 'not checked: the server is gone';
    process.stdout.write(`server alive: ${alive ? 'yes' : 'NO'}; sentinel items: ${sentinel ?? 'intact'}\n`);
    failed = report.failures.length > 0 || !alive || sentinel !== undefined;
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.exitCode = failed ? 1 : 0;
}

await main();
