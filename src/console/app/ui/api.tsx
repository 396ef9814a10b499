/**
 * The signed-in session as the pages use it: DynamoDB calls in the chosen region, and the
 * admin commands' caller. A call whose answer says the session has ended sends the user back
 * to the sign-in page with the reason.
 */
import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
import { CallError, type AwsClient } from '../lib/aws-client.js';
import { sessionClient, sessionEndedMessage, type Session } from '../lib/session.js';

export interface Api {
  readonly session: Session;
  readonly region: string;
  /** One DynamoDB call in the current region. */
  call<T = Record<string, any>>(operation: string, request: Record<string, unknown>): Promise<T>;
  /** A client for another region (the IAM table lives in us-east-1). */
  client(region: string): AwsClient;
}

export const ApiContext = createContext<Api | undefined>(undefined);

export function useApi(): Api {
  const api = useContext(ApiContext);
  if (api === undefined) throw new Error('useApi outside a signed-in page');
  return api;
}

/** Builds the Api of a session; `onEnded` is told when a call finds the session over. */
export function makeApi(session: Session, region: string, onEnded: (message: string) => void): Api {
  const guard = <T,>(promise: Promise<T>): Promise<T> =>
    promise.catch((err: unknown) => {
      const ended = sessionEndedMessage(err);
      if (ended !== undefined) onEnded(ended);
      throw err;
    });
  const wrap = (client: AwsClient): AwsClient => ({
    region: client.region,
    dynamodb: (operation, request) => guard(client.dynamodb(operation, request)),
    sts: (action, params) => guard(client.sts(action, params)),
  });
  const clients = new Map<string, AwsClient>();
  const client = (r: string) => {
    let c = clients.get(r);
    if (c === undefined) clients.set(r, (c = wrap(sessionClient(session, location.origin, r))));
    return c;
  };
  return {
    session,
    region,
    call: <T,>(operation: string, request: Record<string, unknown>) => client(region).dynamodb(operation, request) as Promise<T>,
    client,
  };
}

/** A message for any failure: the AWS error code and message, or what went wrong. */
export function errorText(err: unknown): string {
  if (err instanceof CallError) return err.message === '' ? err.code : `${err.code}: ${err.message}`;
  if (err instanceof TypeError) return `The server could not be reached (${err.message}).`;
  return err instanceof Error ? err.message : String(err);
}

export interface AsyncState<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  readonly reload: () => void;
}

/** Runs `load` when `deps` change (and on reload), keeping the latest answer. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): AsyncState<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: undefined, loading: true });
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const run = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => run === latest.current && setState({ data, error: undefined, loading: false }),
      (error: unknown) => run === latest.current && setState({ data: undefined, error, loading: false }),
    );
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

export interface Action {
  readonly busy: boolean;
  readonly error: unknown;
  readonly setError: (error: unknown) => void;
  /**
   * Runs `action` (busy meanwhile): resolves to `{ value }`, or to undefined when it failed (its
   * error, mapped by `explain` when given, stays on screen).
   */
  run<T>(action: () => Promise<T>, explain?: (err: unknown) => unknown): Promise<{ value: T } | undefined>;
}

/** One user action at a time, with its error kept for the page to show. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = async <T,>(action: () => Promise<T>, explain: (err: unknown) => unknown = (e) => e): Promise<{ value: T } | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return { value: await action() };
    } catch (err) {
      setError(explain(err));
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}
