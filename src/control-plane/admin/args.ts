/**
 * Command line of the admin CLI (`sqynamo accounts ...`, `sqynamo keys ...`): pure parsing of
 * argv into a command, its options and where to reach the server.
 */

/** Usage text of the admin commands. */
export const ADMIN_USAGE = `Usage: sqynamo <accounts|keys> <command> [options]

Root users (accounts) and their access keys, kept in the IAM account's table. Run with the IAM
account's admin key (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or a profile), as the AWS CLI would.

  accounts create --name <name> [--account-id <12 digits>]
                                    create a root user; prints its account id and first key
  accounts list                     every account with its keys (never secrets)
  accounts disable --account-id <id>  refuse every key of the account (and its sessions)
  accounts enable --account-id <id>
  keys create --account-id <id>     add an access key (at most 2 per account); prints it
  keys rotate --account-id <id> [--access-key-id <old>]
                                    replace a key by a new one (the only key if not named)
  keys delete --account-id <id> --access-key-id <key>
  keys disable --account-id <id> --access-key-id <key>   make a key Inactive
  keys enable --account-id <id> --access-key-id <key>

Options:
  --endpoint-url <url>   the server (default http://localhost:8000, env AWS_ENDPOINT_URL_DYNAMODB
                         or AWS_ENDPOINT_URL)
  --region <region>      region to sign for (default: the profile's or AWS_REGION, else us-east-1)
  --profile <name>       credentials profile (default AWS_PROFILE, else the default chain)
  --help                 print this help
`;

/** The admin commands. */
export const ADMIN_COMMANDS = [
  'accounts create',
  'accounts list',
  'accounts disable',
  'accounts enable',
  'keys create',
  'keys rotate',
  'keys delete',
  'keys disable',
  'keys enable',
] as const;

/** One of {@link ADMIN_COMMANDS}. */
export type AdminCommandName = (typeof ADMIN_COMMANDS)[number];

/** A parsed admin command line. */
export interface AdminInvocation {
  readonly command: AdminCommandName;
  readonly name?: string;
  readonly accountId?: string;
  readonly accessKeyId?: string;
  readonly endpoint: string;
  readonly region?: string;
  readonly profile?: string;
}

/** A command-line mistake (exit status 2). */
export class UsageError extends Error {}

const DEFAULT_ENDPOINT = 'http://localhost:8000';

/** Which options each command takes, and which of them it needs. */
const OPTIONS: Readonly<Record<AdminCommandName, { required: readonly string[]; optional: readonly string[] }>> = {
  'accounts create': { required: ['--name'], optional: ['--account-id'] },
  'accounts list': { required: [], optional: [] },
  'accounts disable': { required: ['--account-id'], optional: [] },
  'accounts enable': { required: ['--account-id'], optional: [] },
  'keys create': { required: ['--account-id'], optional: [] },
  'keys rotate': { required: ['--account-id'], optional: ['--access-key-id'] },
  'keys delete': { required: ['--account-id', '--access-key-id'], optional: [] },
  'keys disable': { required: ['--account-id', '--access-key-id'], optional: [] },
  'keys enable': { required: ['--account-id', '--access-key-id'], optional: [] },
};
const COMMON = ['--endpoint-url', '--region', '--profile'];

/** True when argv (without node and script) is an admin command rather than server options. */
export function isAdminCommand(argv: readonly string[]): boolean {
  return argv[0] === 'accounts' || argv[0] === 'keys';
}

/**
 * Parses an admin command line. `env` supplies AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL.
 *
 * @returns 'help' for --help
 * @throws UsageError for an unknown command or option, or a missing/invalid value
 */
export function parseAdminArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): AdminInvocation | 'help' {
  if (argv.includes('--help') || argv.length < 2) {
    if (argv.includes('--help')) return 'help';
    throw new UsageError(`missing command after '${argv[0] ?? ''}' (see --help)`);
  }
  const command = `${argv[0]} ${argv[1]}`;
  if (!(ADMIN_COMMANDS as readonly string[]).includes(command)) throw new UsageError(`unknown command '${command}' (see --help)`);
  const name = command as AdminCommandName;
  const allowed = [...OPTIONS[name].required, ...OPTIONS[name].optional, ...COMMON];
  const values = new Map<string, string>();
  const rest = argv.slice(2);
  while (rest.length > 0) {
    let flag = rest.shift() as string;
    const eq = flag.startsWith('--') ? flag.indexOf('=') : -1;
    if (eq > 0) {
      rest.unshift(flag.slice(eq + 1));
      flag = flag.slice(0, eq);
    }
    if (!allowed.includes(flag)) throw new UsageError(`unknown option '${flag}' for '${command}' (see --help)`);
    const value = rest.shift();
    if (value === undefined || value === '') throw new UsageError(`${flag} needs a value`);
    values.set(flag, value);
  }
  for (const flag of OPTIONS[name].required) {
    if (!values.has(flag)) throw new UsageError(`'${command}' needs ${flag}`);
  }
  const accountId = values.get('--account-id');
  if (accountId !== undefined && !/^\d{12}$/.test(accountId)) throw new UsageError(`--account-id must be 12 digits, got '${accountId}'`);
  const endpoint = values.get('--endpoint-url') ?? (env.AWS_ENDPOINT_URL_DYNAMODB || env.AWS_ENDPOINT_URL || DEFAULT_ENDPOINT);
  if (!/^https?:\/\/[^/]+/.test(endpoint)) throw new UsageError(`--endpoint-url must be an http(s) URL, got '${endpoint}'`);
  const optional = (flag: string, key: string): Record<string, string> => (values.has(flag) ? { [key]: values.get(flag) as string } : {});
  return Object.freeze({
    command: name,
    endpoint,
    ...optional('--name', 'name'),
    ...optional('--account-id', 'accountId'),
    ...optional('--access-key-id', 'accessKeyId'),
    ...optional('--region', 'region'),
    ...optional('--profile', 'profile'),
  });
}
