/** The Settings tab: capacity, time to live, tags, deletion protection, and deleting the table. */
import { useState } from 'preact/hooks';
import type { Throughput } from '../lib/table-form.js';
import { useAction, useAsync, type Api } from './api.js';
import { ConfirmByName, Empty, ErrorNote, Loading, Notice, valueOf } from './components.js';
import { CapacityFields } from './key-fields.js';
import type { TableTabProps } from './panels.js';
import { navigate } from './router.js';
import { billingOf } from './table-types.js';

/** Runs a change, then tells the tab to describe the table again; errors stay on screen. */
function useChange(refresh: () => void) {
  const action = useAction();
  return { ...action, run: async (change: () => Promise<unknown>) => void ((await action.run(change)) !== undefined && refresh()) };
}

export function SettingsTab({ table, api, refresh }: TableTabProps) {
  return (
    <div class="tab-body settings">
      <Capacity table={table} api={api} refresh={refresh} />
      <TimeToLive table={table} api={api} refresh={refresh} />
      <Tags table={table} api={api} refresh={refresh} />
      <Protection table={table} api={api} refresh={refresh} />
      <DeleteTable table={table} api={api} refresh={refresh} />
    </div>
  );
}

function Capacity({ table, api, refresh }: TableTabProps) {
  const billing = billingOf(table);
  const [throughput, setThroughput] = useState<Throughput>({ read: table.ProvisionedThroughput?.ReadCapacityUnits || 5, write: table.ProvisionedThroughput?.WriteCapacityUnits || 5 });
  const change = useChange(refresh);
  const gsiThroughput = (table.GlobalSecondaryIndexes ?? []).map((i) => ({ Update: { IndexName: i.IndexName, ProvisionedThroughput: { ReadCapacityUnits: throughput.read, WriteCapacityUnits: throughput.write } } }));
  return (
    <section class="card" aria-labelledby="capacity-title">
      <h2 id="capacity-title">Capacity</h2>
      <p>{billing === 'PAY_PER_REQUEST' ? 'On-demand: pay per request.' : `Provisioned: ${table.ProvisionedThroughput?.ReadCapacityUnits} read and ${table.ProvisionedThroughput?.WriteCapacityUnits} write capacity units.`}</p>
      <form
        class="stack"
        onSubmit={(e) => {
          e.preventDefault();
          const request: Record<string, unknown> = { TableName: table.TableName, BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: throughput.read, WriteCapacityUnits: throughput.write } };
          if (billing === 'PAY_PER_REQUEST' && gsiThroughput.length > 0) request.GlobalSecondaryIndexUpdates = gsiThroughput;
          void change.run(() => api.call('UpdateTable', request));
        }}
      >
        <CapacityFields idPrefix="settings" value={throughput} onChange={setThroughput} />
        <div class="actions left">
          <button type="submit" class="secondary" disabled={change.busy}>
            {billing === 'PAY_PER_REQUEST' ? 'Switch to provisioned' : 'Save capacity'}
          </button>
          {billing === 'PROVISIONED' && (
            <button type="button" class="secondary" disabled={change.busy} onClick={() => change.run(() => api.call('UpdateTable', { TableName: table.TableName, BillingMode: 'PAY_PER_REQUEST' }))}>
              Switch to on-demand
            </button>
          )}
        </div>
      </form>
      <ErrorNote error={change.error} />
    </section>
  );
}

function TimeToLive({ table, api }: TableTabProps) {
  const ttl = useAsync(() => api.call('DescribeTimeToLive', { TableName: table.TableName }), [api, table.TableName]);
  const change = useChange(ttl.reload);
  const [attribute, setAttribute] = useState('');
  const description = ttl.data?.TimeToLiveDescription as { TimeToLiveStatus: string; AttributeName?: string } | undefined;
  const enabled = description?.TimeToLiveStatus === 'ENABLED';
  return (
    <section class="card" aria-labelledby="ttl-title">
      <h2 id="ttl-title">Time to live</h2>
      <ErrorNote error={ttl.error} />
      {ttl.loading && description === undefined && <Loading what="time to live" />}
      {description !== undefined &&
        (enabled ? (
          <div class="stack">
            <p>
              Enabled on <code>{description.AttributeName}</code>: items whose <code>{description.AttributeName}</code> holds epoch seconds in the past are deleted.
            </p>
            <div class="actions left">
              <button type="button" class="secondary" disabled={change.busy} onClick={() => change.run(() => api.call('UpdateTimeToLive', { TableName: table.TableName, TimeToLiveSpecification: { Enabled: false, AttributeName: description.AttributeName } }))}>
                Turn off
              </button>
            </div>
          </div>
        ) : (
          <form
            class="inline"
            onSubmit={(e) => {
              e.preventDefault();
              void change.run(() => api.call('UpdateTimeToLive', { TableName: table.TableName, TimeToLiveSpecification: { Enabled: true, AttributeName: attribute.trim() } }));
            }}
          >
            <p class="grow">Off ({description.TimeToLiveStatus}).</p>
            <label>
              Attribute
              <input name="ttl-attribute" value={attribute} required spellcheck={false} onInput={(e) => setAttribute(valueOf(e))} />
            </label>
            <button type="submit" class="secondary" disabled={change.busy}>
              Turn on
            </button>
          </form>
        ))}
      <ErrorNote error={change.error} />
    </section>
  );
}

function Tags({ table, api }: { table: TableTabProps['table']; api: Api; refresh: () => void }) {
  const tags = useAsync(() => api.call('ListTagsOfResource', { ResourceArn: table.TableArn }), [api, table.TableArn]);
  const change = useChange(tags.reload);
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const list = (tags.data?.Tags as { Key: string; Value: string }[] | undefined) ?? [];
  return (
    <section class="card" aria-labelledby="tags-title">
      <h2 id="tags-title">Tags</h2>
      <ErrorNote error={tags.error} />
      {tags.data !== undefined && list.length === 0 && <Empty>No tags.</Empty>}
      {list.length > 0 && (
        <ul class="tags">
          {list.map((t) => (
            <li key={t.Key}>
              <code>{t.Key}</code> = <code>{t.Value}</code>{' '}
              <button type="button" class="secondary small" aria-label={`Remove tag ${t.Key}`} onClick={() => change.run(() => api.call('UntagResource', { ResourceArn: table.TableArn, TagKeys: [t.Key] }))}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        class="inline"
        onSubmit={(e) => {
          e.preventDefault();
          void change.run(async () => {
            await api.call('TagResource', { ResourceArn: table.TableArn, Tags: [{ Key: key.trim(), Value: value }] });
            setKey('');
            setValue('');
          });
        }}
      >
        <label>
          Key
          <input name="tag-key" value={key} required onInput={(e) => setKey(valueOf(e))} />
        </label>
        <label>
          Value
          <input name="tag-value" value={value} onInput={(e) => setValue(valueOf(e))} />
        </label>
        <button type="submit" class="secondary" disabled={change.busy}>
          Add tag
        </button>
      </form>
      <ErrorNote error={change.error} />
    </section>
  );
}

function Protection({ table, api, refresh }: TableTabProps) {
  const change = useChange(refresh);
  const on = table.DeletionProtectionEnabled === true;
  return (
    <section class="card" aria-labelledby="protection-title">
      <h2 id="protection-title">Deletion protection</h2>
      <p>{on ? 'On: the table cannot be deleted until this is turned off.' : 'Off.'}</p>
      <button type="button" class="secondary" disabled={change.busy} onClick={() => change.run(() => api.call('UpdateTable', { TableName: table.TableName, DeletionProtectionEnabled: !on }))}>
        {on ? 'Turn off' : 'Turn on'}
      </button>
      <ErrorNote error={change.error} />
    </section>
  );
}

function DeleteTable({ table, api }: TableTabProps) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  return (
    <section class="card danger-zone" aria-labelledby="delete-title">
      <h2 id="delete-title">Delete table</h2>
      <p>Deletes {table.TableName} with all its items and indexes. This cannot be undone.</p>
      {table.DeletionProtectionEnabled === true && <Notice kind="warning">Deletion protection is on: turn it off first.</Notice>}
      {!open ? (
        <button type="button" class="danger" onClick={() => setOpen(true)}>
          Delete table…
        </button>
      ) : (
        <ConfirmByName
          word={table.TableName}
          action={`Delete ${table.TableName}`}
          busy={busy}
          onConfirm={async () => {
            setBusy(true);
            setError(undefined);
            try {
              await api.call('DeleteTable', { TableName: table.TableName });
              navigate('tables');
            } catch (err) {
              setError(err);
              setBusy(false);
            }
          }}
        />
      )}
      <ErrorNote error={error} />
    </section>
  );
}
