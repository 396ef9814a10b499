/** Servers started as child processes, as a user starts them: the banner's URL, a clean stop. */
import type { ChildProcess } from 'node:child_process';

/**
 * Resolves with the URL of the banner line `Sqynamo listening on http://127.0.0.1:<port>`
 * (and the output so far, once it also matches `alsoWaitFor`); rejects if the process exits first.
 */
export function listeningUrl(child: ChildProcess, alsoWaitFor?: RegExp): Promise<{ url: string; output: () => string }> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /Sqynamo listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m && (alsoWaitFor === undefined || alsoWaitFor.test(out))) resolve({ url: m[1], output: () => out });
    });
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
  });
}

/** Sends SIGTERM and resolves with the exit status. */
export function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  return exited;
}
