/**
 * The bundle `npm start` runs (dist/sqynamo.mjs), as a child process on 127.0.0.1 and a
 * free port, with its output captured (JSON log lines and the startup text).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BUNDLE = fileURLToPath(new URL('../../sqynamo.mjs', import.meta.url));

export interface Bundle {
  /** Where it listens; undefined when it exited before listening. */
  readonly url: string | undefined;
  readonly child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Its exit status, once everything it wrote has been read. */
  readonly exited: Promise<number | null>;
  /** SIGTERM, then its exit status. */
  stop(): Promise<number | null>;
}

export interface BundleOptions {
  /** Run under this umask (octal text, e.g. '000'). */
  umask?: string;
}

/** Starts the bundle with `args` (after --host and --port); resolves once it listens or exits. */
export function startBundle(args: readonly string[], options: BundleOptions = {}): Promise<Bundle> {
  const argv = ['--host', '127.0.0.1', '--port', '0', ...args];
  const child =
    options.umask === undefined
      ? spawn(process.execPath, [BUNDLE, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn('sh', ['-c', `umask ${options.umask} && exec "$0" "$@"`, process.execPath, BUNDLE, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const closed = new Promise<void>((r) => child.stdout!.once('close', () => r()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => void closed.then(() => r(code))));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  };
  return new Promise((resolve) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Sqynamo listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1], child, output: () => out, exited, stop });
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    void exited.then(() => resolve({ url: undefined, child, output: () => out, exited, stop }));
  });
}

/** The JSON log records of an output with the given `msg`. */
export function logRecords<T = Record<string, unknown>>(output: string, msg: string): T[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{') && line.includes(`"msg":${JSON.stringify(msg)}`))
    .map((line) => JSON.parse(line) as T);
}
