/**
 * The IAM account's Accounts section: root users and their keys, with the admin CLI's own
 * commands (control-plane/admin/commands.ts) run over the console's signed DynamoDB caller, so
 * the console and `sqynamo accounts|keys` apply the same rules. New secrets are shown once.
 */
import { useMemo, useState } from 'preact/hooks';
import { IAM_REGION } from '../../../control-plane/accounts-table.js';
import { createAccount, createKey, deleteKey, listAccounts, rotateKey, setAccountStatus, setKeyStatus, type AdminDeps } from '../../../control-plane/admin/commands.js';
import { useAction, useApi, useAsync } from './api.js';
import { Dialog, Empty, ErrorNote, GridHead, Loading, valueOf } from './components.js';

export function AccountsPage() {
  const api = useApi();
  const deps: AdminDeps = useMemo(() => ({ call: api.client(IAM_REGION).dynamodb, now: Date.now }), [api]);
  const accounts = useAsync(() => listAccounts(deps), [deps]);
  const [name, setName] = useState('');
  const [secret, setSecret] = useState<Record<string, string>>();
  const [confirm, setConfirm] = useState<string>();
  const action = useAction();
  const { busy } = action;

  const run = async (command: () => Promise<unknown>, showsSecret = false) => {
    const result = await action.run(command);
    if (showsSecret && result !== undefined) setSecret(result.value as Record<string, string>);
    accounts.reload();
    setConfirm(undefined);
  };

  return (
    <section aria-labelledby="accounts-title">
      <div class="page-head">
        <h1 id="accounts-title">Accounts</h1>
        <button type="button" class="secondary" onClick={accounts.reload} disabled={accounts.loading}>
          Refresh
        </button>
      </div>
      <p class="hint">Root users of this Sqynamo, each an account of its own with at most two access keys. Secrets are shown once, when made.</p>
      <form
        class="inline card"
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            const created = await createAccount(deps, name.trim());
            setName('');
            return created;
          }, true);
        }}
      >
        <label class="grow">
          New account name
          <input name="account-name" value={name} required pattern="[\w+=,.@\-]{1,64}" spellcheck={false} onInput={(e) => setName(valueOf(e))} />
        </label>
        <button type="submit" disabled={busy}>
          Create account
        </button>
      </form>
      <ErrorNote error={action.error} />
      <ErrorNote error={accounts.error} title="Could not list the accounts." />
      {accounts.loading && accounts.data === undefined && <Loading what="accounts" />}
      {accounts.data !== undefined && accounts.data.Accounts.length === 0 && <Empty>No root users yet: create the first above.</Empty>}
      {accounts.data !== undefined && accounts.data.Accounts.length > 0 && (
        <div class="scroll">
          <table class="grid accounts">
            <GridHead columns={['Name', 'Account', 'Status', 'Access keys', { label: 'Actions', hidden: true }]} />
            <tbody>
              {accounts.data.Accounts.map((a) => (
                <tr key={a.AccountId}>
                  <th scope="row">{a.Name}</th>
                  <td>
                    <code>{a.AccountId}</code>
                  </td>
                  <td>
                    <span class={`status status-${a.Status.toLowerCase()}`}>{a.Status}</span>
                  </td>
                  <td>
                    {a.AccessKeys.length === 0 && <span class="muted">none</span>}
                    <ul class="keys">
                      {a.AccessKeys.map((k) => (
                        <li key={k.AccessKeyId}>
                          <code>{k.AccessKeyId}</code> <span class={`status status-${k.Status.toLowerCase()}`}>{k.Status}</span>{' '}
                          <button type="button" class="secondary small" disabled={busy} onClick={() => run(() => rotateKey(deps, a.AccountId, k.AccessKeyId), true)}>
                            Rotate
                          </button>{' '}
                          <button type="button" class="secondary small" disabled={busy} onClick={() => run(() => setKeyStatus(deps, a.AccountId, k.AccessKeyId, k.Status === 'Active' ? 'Inactive' : 'Active'))}>
                            {k.Status === 'Active' ? 'Deactivate' : 'Activate'}
                          </button>{' '}
                          {confirm === k.AccessKeyId ? (
                            <button type="button" class="danger small" disabled={busy} onClick={() => run(() => deleteKey(deps, a.AccountId, k.AccessKeyId))}>
                              Delete {k.AccessKeyId}
                            </button>
                          ) : (
                            <button type="button" class="secondary small" onClick={() => setConfirm(k.AccessKeyId)}>
                              Delete…
                            </button>
                          )}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td class="row-actions">
                    <button type="button" class="secondary small" disabled={busy || a.AccessKeys.length >= 2} onClick={() => run(() => createKey(deps, a.AccountId), true)}>
                      Add key
                    </button>{' '}
                    <button type="button" class="secondary small" disabled={busy || a.Status === 'Invalid'} onClick={() => run(() => setAccountStatus(deps, a.AccountId, a.Status === 'Active' ? 'Disabled' : 'Active'))}>
                      {a.Status === 'Active' ? 'Disable' : 'Enable'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {secret !== undefined && (
        <Dialog title="New access key" onClose={() => setSecret(undefined)}>
          <div class="stack">
            <p>Copy the secret now: it is not shown again.</p>
            <dl class="facts">
              {Object.entries(secret).map(([k, v]) => (
                <div key={k} class="wide">
                  <dt>{k}</dt>
                  <dd>
                    <code class="secret">{v}</code>
                  </dd>
                </div>
              ))}
            </dl>
            <div class="actions">
              <button type="button" onClick={() => setSecret(undefined)}>
                Done
              </button>
            </div>
          </div>
        </Dialog>
      )}
    </section>
  );
}
