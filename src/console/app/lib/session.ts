/**
 * Signing in: long-term keys are exchanged at once for STS session credentials
 * (GetSessionToken), and only those are kept, in sessionStorage (gone when the tab closes or
 * on sign-out). Keys that already carry a session token are used as they are. With a role ARN,
 * the keys assume that role instead (AssumeRole). Either way GetCallerIdentity tells whose the
 * session is.
 */
import { awsClient, CallError, type AwsClient } from './aws-client.js';
import { xmlText } from './sts-xml.js';

/** What the sign-in form gives. */
export interface SignInForm {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly region: string;
  /** A role to assume (`arn:aws:iam::<account>:role/<name>`) instead of a plain session. */
  readonly roleArn?: string;
}

/** The role session name AssumeRole is given. */
export const ROLE_SESSION_NAME = 'sqynamo-console';

/** Temporary credentials and whose they are: all the console keeps. */
export interface Session {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  /** Epoch milliseconds; undefined when the user brought the session token (its expiry is unknown). */
  readonly expiration: number | undefined;
  readonly region: string;
  readonly accountId: string;
  readonly arn: string;
}

/** The session duration asked for; STS cuts root users' sessions to one hour, as AWS does. */
export const SESSION_SECONDS = 43_200;

/** The sessionStorage key. */
export const SESSION_KEY = 'sqynamo.session';

/** The subset of the Web Storage API the session needs (sessionStorage in the browser). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function required(xml: string, name: string): string {
  const value = xmlText(xml, name);
  if (value === undefined) throw new CallError('InvalidResponse', `the STS answer has no ${name}`, 200);
  return value;
}

/** Exchanges the form's keys for a session (or checks the session the form carries). */
export async function signIn(form: SignInForm, endpoint: string, fetchFn?: typeof fetch): Promise<Session> {
  const region = form.region.trim();
  const accessKeyId = form.accessKeyId.trim();
  const secretAccessKey = form.secretAccessKey.trim();
  const given = form.sessionToken?.trim() ?? '';
  const client = (credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) =>
    awsClient({ endpoint, region, credentials, ...(fetchFn !== undefined ? { fetch: fetchFn } : {}) });
  const roleArn = form.roleArn?.trim() ?? '';
  let credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
  let expiration: number | undefined;
  if (roleArn !== '') {
    const keys = given !== '' ? { accessKeyId, secretAccessKey, sessionToken: given } : { accessKeyId, secretAccessKey };
    const xml = await client(keys).sts('AssumeRole', { RoleArn: roleArn, RoleSessionName: ROLE_SESSION_NAME });
    credentials = { accessKeyId: required(xml, 'AccessKeyId'), secretAccessKey: required(xml, 'SecretAccessKey'), sessionToken: required(xml, 'SessionToken') };
    expiration = Date.parse(required(xml, 'Expiration'));
  } else if (given !== '') {
    credentials = { accessKeyId, secretAccessKey, sessionToken: given };
  } else {
    const xml = await client({ accessKeyId, secretAccessKey }).sts('GetSessionToken', { DurationSeconds: String(SESSION_SECONDS) });
    credentials = { accessKeyId: required(xml, 'AccessKeyId'), secretAccessKey: required(xml, 'SecretAccessKey'), sessionToken: required(xml, 'SessionToken') };
    expiration = Date.parse(required(xml, 'Expiration'));
  }
  const identity = await client(credentials).sts('GetCallerIdentity');
  return { ...credentials, expiration, region, accountId: required(identity, 'Account'), arn: required(identity, 'Arn') };
}

/** The client of a session, for its region or another. */
export function sessionClient(session: Session, endpoint: string, region = session.region, fetchFn?: typeof fetch): AwsClient {
  const { accessKeyId, secretAccessKey, sessionToken } = session;
  return awsClient({ endpoint, region, credentials: { accessKeyId, secretAccessKey, sessionToken }, ...(fetchFn !== undefined ? { fetch: fetchFn } : {}) });
}

export function saveSession(store: KeyValueStore, session: Session): void {
  store.setItem(SESSION_KEY, JSON.stringify(session));
}

export function clearSession(store: KeyValueStore): void {
  store.removeItem(SESSION_KEY);
}

/** The stored session, unless there is none, it is malformed or it has expired (then it is removed). */
export function loadSession(store: KeyValueStore, now: number): Session | undefined {
  const text = store.getItem(SESSION_KEY);
  if (text === null) return undefined;
  try {
    const s = JSON.parse(text) as Session;
    const strings = [s.accessKeyId, s.secretAccessKey, s.sessionToken, s.region, s.accountId, s.arn];
    if (strings.every((v) => typeof v === 'string' && v !== '') && (s.expiration === undefined || s.expiration > now)) return s;
  } catch {
    // fall through: a malformed entry is dropped
  }
  clearSession(store);
  return undefined;
}

/** Error codes meaning the session can no longer sign: back to the sign-in page. */
const SESSION_ENDED = new Set(['ExpiredTokenException', 'ExpiredToken', 'UnrecognizedClientException', 'InvalidClientTokenId']);

/** The message to show on the sign-in page when `err` means the session has ended, else undefined. */
export function sessionEndedMessage(err: unknown): string | undefined {
  if (!(err instanceof CallError) || !SESSION_ENDED.has(err.code)) return undefined;
  return err.code.startsWith('Expired')
    ? 'Your session has expired. Sign in again.'
    : `Your session is no longer accepted (${err.code}: ${err.message}). Sign in again.`;
}
