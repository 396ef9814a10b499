/** The sign-in page: keys in, STS session out (see lib/session.ts). */
import { useState } from 'preact/hooks';
import { signIn, type Session } from '../lib/session.js';
import { ErrorNote, Notice } from './components.js';

export function SignIn({ message, onSignedIn }: { message: string | undefined; onSignedIn: (session: Session) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  return (
    <main class="sign-in" id="main">
      <form
        class="card stack"
        aria-labelledby="sign-in-title"
        onSubmit={async (e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget as HTMLFormElement);
          const field = (name: string) => (data.get(name) as string | null) ?? '';
          setBusy(true);
          setError(undefined);
          try {
            onSignedIn(
              await signIn(
                { accessKeyId: field('accessKeyId'), secretAccessKey: field('secretAccessKey'), sessionToken: field('sessionToken'), region: field('region'), roleArn: field('roleArn') },
                location.origin,
              ),
            );
          } catch (err) {
            setError(err);
            setBusy(false);
          }
        }}
      >
        <h1 id="sign-in-title">Sign in to Sqynamo</h1>
        <p class="hint">
          Your keys sign a request for temporary session credentials; only those are kept, in this tab, until you sign out. Every action is an
          ordinary signed API call: the console can do what your keys may do, and nothing more.
        </p>
        {message !== undefined && <Notice kind="warning">{message}</Notice>}
        <ErrorNote error={error} title="Could not sign in." />
        <label>
          Access key ID
          <input name="accessKeyId" required autocomplete="username" spellcheck={false} autoFocus />
        </label>
        <label>
          Secret access key
          <input name="secretAccessKey" type="password" required autocomplete="current-password" spellcheck={false} />
        </label>
        <label>
          Session token <span class="optional">(optional, for temporary credentials)</span>
          <textarea name="sessionToken" rows={2} spellcheck={false} />
        </label>
        <label>
          Role to assume <span class="optional">(optional ARN, e.g. arn:aws:iam::123456789012:role/Reader)</span>
          <input name="roleArn" spellcheck={false} />
        </label>
        <label>
          Region
          <input name="region" required value="us-east-1" list="sign-in-regions" spellcheck={false} />
        </label>
        <datalist id="sign-in-regions">
          <option value="us-east-1" />
          <option value="eu-west-1" />
          <option value="localhost" />
        </datalist>
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
