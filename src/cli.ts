#!/usr/bin/env node
/**
 * The `sqynamo` command. Without a subcommand it starts the server (exactly as main.ts, with
 * the same options); `sqynamo accounts ...` and `sqynamo keys ...` administer root users
 * through the server's DynamoDB API, signed with the admin's AWS credentials.
 */
import { ADMIN_USAGE, isAdminCommand, parseAdminArgs, UsageError, type AdminInvocation } from './control-plane/admin/args.js';
import { AdminError, runAdminCommand } from './control-plane/admin/commands.js';
import { dynamoDBCaller, type AdminCredentials } from './control-plane/admin/dynamodb-client.js';

/** The region the CLI signs for when none is configured (the IAM table answers in every region). */
const FALLBACK_REGION = 'us-east-1';

/**
 * Region and credentials as the AWS CLI finds them (flags, environment, shared config and
 * credentials files, SSO, ...), through the SDK's own default chain.
 */
async function awsSettings(invocation: AdminInvocation): Promise<{ region: string; credentials: () => Promise<AdminCredentials> }> {
  // loaded only for admin commands: `sqynamo` starting the server does not pay for the SDK
  const { STSClient } = await import('@aws-sdk/client-sts');
  const sts = new STSClient({ ...(invocation.profile !== undefined ? { profile: invocation.profile } : {}), ...(invocation.region !== undefined ? { region: invocation.region } : {}) });
  let region = invocation.region;
  if (region === undefined) {
    try {
      region = await sts.config.region();
    } catch {
      region = FALLBACK_REGION;
    }
  }
  const provider = sts.config.credentials;
  return {
    region,
    credentials: async () => {
      try {
        return await provider();
      } catch (err) {
        throw new AdminError(
          `no AWS credentials found (${err instanceof Error ? err.message : String(err)}): set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY to the admin key, or use --profile`,
        );
      }
    },
  };
}

/** fetch() reports an unreachable server as a TypeError whose cause is the socket error. */
function isConnectionFailure(err: unknown): boolean {
  return err instanceof TypeError && err.message === 'fetch failed';
}

async function admin(argv: readonly string[]): Promise<number> {
  let invocation;
  try {
    invocation = parseAdminArgs(argv, process.env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`sqynamo: ${err.message}\n`);
    return 2;
  }
  if (invocation === 'help') {
    process.stdout.write(ADMIN_USAGE);
    return 0;
  }
  try {
    const { region, credentials } = await awsSettings(invocation);
    const call = dynamoDBCaller({ endpoint: invocation.endpoint, region, credentials });
    const output = await runAdminCommand({ call, now: Date.now }, invocation);
    process.stdout.write(`${JSON.stringify(output, null, 4)}\n`);
    return 0;
  } catch (err) {
    const message = isConnectionFailure(err)
      ? `could not connect to ${invocation.endpoint} (is Sqynamo running there? see --endpoint-url)`
      : err instanceof Error
        ? err.message
        : String(err);
    process.stderr.write(`sqynamo: ${message}\n`);
    return 1;
  }
}

async function cli(): Promise<void> {
  const argv = process.argv.slice(2);
  if (!isAdminCommand(argv)) {
    await import('./main.js');
    return;
  }
  // The SDK's notice about future Node.js versions is noise for a one-shot admin command.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  process.exitCode = await admin(argv);
}

void cli();
