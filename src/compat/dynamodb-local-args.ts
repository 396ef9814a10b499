/**
 * DynamoDB Local's command line (`java -jar DynamoDBLocal.jar -sharedDb -inMemory -port 8000`)
 * rewritten into Sqynamo's own flags before they are parsed, so scripts written for it run
 * unchanged. Any of its flags selects DynamoDB Local mode (`--compat dynamodb-local`).
 *
 * Meanings, from AWS's "DynamoDB local usage notes":
 *   -port N                  the port (default 8000)
 *   -inMemory                keep everything in memory
 *   -dbPath DIR              the directory of the database files (default: the current directory)
 *   -sharedDb                one namespace for every access key and region
 *   -cors ORIGINS            comma-separated allowed origins (default *)
 *   -delayTransientStatuses  tables and indexes go through CREATING / DELETING as in AWS
 *   -optimizeDbBeforeStartup optimize the database files before serving (needs -dbPath)
 *   -disableTelemetry        no telemetry (Sqynamo sends none: accepted, nothing to do)
 *   -help, -version
 */

/** How long `-delayTransientStatuses` keeps a new table CREATING (or a deleted one DELETING). */
export const TRANSIENT_STATUS_DELAY_MS = 5000;

/** DynamoDB Local's flags and the native flags they stand for; `value` flags take the next argument. */
const FLAGS: Readonly<Record<string, { native: readonly string[]; value?: string }>> = {
  '-port': { native: [], value: '--port' },
  '-inMemory': { native: ['--in-memory'] },
  '-dbPath': { native: [], value: '--data-dir' },
  '-sharedDb': { native: ['--shared-db'] },
  '-cors': { native: [], value: '--cors' },
  '-delayTransientStatuses': { native: ['--table-status-delay', String(TRANSIENT_STATUS_DELAY_MS)] },
  '-optimizeDbBeforeStartup': { native: ['--optimize-db'] },
  '-disableTelemetry': { native: [] },
  '-help': { native: ['--help'] },
  '-version': { native: ['--version'] },
};

/** The DynamoDB Local flags, for help texts and the README. */
export const DYNAMODB_LOCAL_FLAG_NAMES: readonly string[] = Object.keys(FLAGS);

export interface TranslatedArgs {
  /** Sqynamo's own flags. */
  readonly argv: string[];
  /** The DynamoDB Local flags that were given, in order (none: not DynamoDB Local's command line). */
  readonly dynamoDBLocalFlags: readonly string[];
}

/**
 * Rewrites DynamoDB Local's flags into Sqynamo's; every other argument is kept as it is.
 * A value flag without its value is left for the parser to refuse (`--port needs a value`).
 */
export function translateDynamoDBLocalArgs(argv: readonly string[]): TranslatedArgs {
  const out: string[] = [];
  const used: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const flag = Object.hasOwn(FLAGS, arg) ? FLAGS[arg] : undefined;
    if (flag === undefined) {
      out.push(arg);
      continue;
    }
    used.push(arg);
    out.push(...flag.native);
    if (flag.value !== undefined) {
      out.push(flag.value);
      if (i + 1 < argv.length) out.push(argv[++i]);
    }
  }
  return { argv: out, dynamoDBLocalFlags: used };
}
