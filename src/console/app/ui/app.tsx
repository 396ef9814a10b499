/**
 * The app: the sign-in page until there is a session, then the shell (navigation, region,
 * identity, sign-out) around the section the route names. A session that expires or stops
 * being accepted returns to the sign-in page with the reason.
 */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { IAM_REGION, IAM_TABLE_NAME } from '../../../control-plane/accounts-table.js';
import { clearSession, loadSession, saveSession, SESSION_KEY, type Session } from '../lib/session.js';
import { ApiContext, makeApi, useAsync } from './api.js';
import { valueOf } from './components.js';
import { SECTIONS, type SessionFacts } from './panels.js';
import { href, navigate, useRoute } from './router.js';
import { SignIn } from './sign-in.js';

const EXPIRED = 'Your session has expired. Sign in again.';

export function App() {
  const [state, setState] = useState(() => {
    const stored = sessionStorage.getItem(SESSION_KEY) !== null;
    const session = loadSession(sessionStorage, Date.now());
    return { session, message: stored && session === undefined ? EXPIRED : undefined };
  });
  const end = useCallback((message: string) => {
    // the session and everything else this tab kept (the PartiQL history)
    clearSession(sessionStorage);
    sessionStorage.clear();
    setState({ session: undefined, message });
  }, []);
  const { session, message } = state;

  useEffect(() => {
    if (session?.expiration === undefined) return;
    const timer = setTimeout(() => end(EXPIRED), Math.max(0, session.expiration - Date.now()));
    return () => clearTimeout(timer);
  }, [session, end]);

  if (session === undefined) {
    return (
      <SignIn
        message={message}
        onSignedIn={(s) => {
          saveSession(sessionStorage, s);
          setState({ session: s, message: undefined });
          if (location.hash === '') navigate('tables');
        }}
      />
    );
  }
  return (
    <Shell
      session={session}
      onRegion={(region) => {
        const s = { ...session, region };
        saveSession(sessionStorage, s);
        setState({ session: s, message: undefined });
        navigate('tables');
      }}
      onEnded={end}
    />
  );
}

const REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-west-2', 'eu-central-1', 'ap-northeast-1', 'ap-southeast-1', 'ap-southeast-2', 'sa-east-1', 'localhost'];

function Shell({ session, onRegion, onEnded }: { session: Session; onRegion: (region: string) => void; onEnded: (message: string) => void }) {
  const api = useMemo(() => makeApi(session, session.region, onEnded), [session, onEnded]);
  const route = useRoute();
  // The IAM table shows in its account's us-east-1 table list: ListTables from just before its name.
  const iam = useAsync(
    () => api.client(IAM_REGION).dynamodb('ListTables', { ExclusiveStartTableName: IAM_TABLE_NAME.slice(0, -1) + 'r', Limit: 100 }),
    [api],
  );
  const facts: SessionFacts = { administersAccounts: ((iam.data?.TableNames as string[] | undefined) ?? []).includes(IAM_TABLE_NAME) };
  const sections = SECTIONS.filter((s) => s.visible(facts));
  const section = sections.find((s) => s.id === (route[0] ?? 'tables'));
  const Page = section?.component;
  return (
    <ApiContext.Provider value={api}>
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href={href('tables')}>
          Sqynamo
        </a>
        <nav aria-label="Sections">
          {sections.map((s) => (
            <a key={s.id} href={href(s.id)} aria-current={s === section ? 'page' : undefined}>
              {s.label}
            </a>
          ))}
        </nav>
        <form
          class="region"
          onSubmit={(e) => {
            e.preventDefault();
            const region = (new FormData(e.currentTarget as HTMLFormElement).get('region') as string).trim();
            if (region !== '' && region !== session.region) onRegion(region);
          }}
        >
          <label>
            Region
            <input name="region" list="regions" value={session.region} size={12} required onChange={(e) => valueOf(e).trim() !== session.region && onRegion(valueOf(e).trim())} />
          </label>
          <datalist id="regions">
            {REGIONS.map((r) => (
              <option key={r} value={r} />
            ))}
          </datalist>
        </form>
        <div class="who" title={session.arn}>
          <span class="account">Account {session.accountId}</span>
          <button type="button" class="secondary" onClick={() => onEnded('You have signed out.')}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {Page !== undefined ? (
          <Page route={route} />
        ) : (
          <section>
            <h1>Not found</h1>
            <p>
              There is no page <code>{location.hash}</code>. <a href={href('tables')}>See the tables</a>.
            </p>
          </section>
        )}
      </main>
    </ApiContext.Provider>
  );
}
