/** The Indexes tab: global and local indexes with their status; add or delete a global index (backfill shown as it runs). */
import { useState } from 'preact/hooks';
import { formatBytes } from '../lib/cells.js';
import { buildAddIndex, type Projection, type Throughput } from '../lib/table-form.js';
import { useAction } from './api.js';
import { Dialog, Empty, ErrorNote, GridHead, valueOf } from './components.js';
import { CapacityFields, KeyFields, ProjectionFields, type KeyDraft } from './key-fields.js';
import type { TableTabProps } from './panels.js';
import { billingOf, keyNames, type IndexDescription, type TableDescription } from './table-types.js';
import { Status } from './tables.js';

function Backfill({ index, table }: { index: IndexDescription; table: TableDescription }) {
  if (index.IndexStatus !== 'CREATING' && index.Backfilling !== true) return null;
  const total = table.ItemCount;
  const done = index.ItemCount;
  return (
    <label class="backfill">
      Backfilling
      {total !== undefined && done !== undefined && total > 0 ? <progress max={total} value={Math.min(done, total)} /> : <progress />}
    </label>
  );
}

export function IndexesTab({ table, api, refresh }: TableTabProps) {
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<string>();
  const removal = useAction();
  const globals = table.GlobalSecondaryIndexes ?? [];
  const locals = table.LocalSecondaryIndexes ?? [];
  const rows = [...globals.map((i) => ({ i, kind: 'Global' })), ...locals.map((i) => ({ i, kind: 'Local' }))];
  const remove = async (name: string) => {
    await removal.run(() => api.call('UpdateTable', { TableName: table.TableName, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: name } }] }));
    refresh();
    setDeleting(undefined);
  };
  return (
    <div class="tab-body">
      <div class="actions left">
        <button type="button" onClick={() => setAdding(true)}>
          Add global index
        </button>
      </div>
      <ErrorNote error={removal.error} />
      {rows.length === 0 ? (
        <Empty>This table has no secondary indexes.</Empty>
      ) : (
        <div class="scroll">
          <table class="grid">
            <GridHead columns={['Index', 'Kind', 'Keys', 'Projection', 'Status', { label: 'Items', num: true }, { label: 'Size', num: true }, { label: 'Actions', hidden: true }]} />
            <tbody>
              {rows.map(({ i, kind }) => (
                <tr key={i.IndexName}>
                  <th scope="row">{i.IndexName}</th>
                  <td>{kind}</td>
                  <td>
                    <code>{keyNames(i.KeySchema).join(', ')}</code>
                  </td>
                  <td>{i.Projection.ProjectionType === 'INCLUDE' ? `INCLUDE ${i.Projection.NonKeyAttributes?.join(', ')}` : i.Projection.ProjectionType}</td>
                  <td>
                    <Status value={i.IndexStatus ?? 'ACTIVE'} /> <Backfill index={i} table={table} />
                  </td>
                  <td class="num">{i.ItemCount ?? '—'}</td>
                  <td class="num">{formatBytes(i.IndexSizeBytes)}</td>
                  <td>
                    {kind === 'Global' &&
                      (deleting === i.IndexName ? (
                        <span class="confirm">
                          <button type="button" class="danger small" onClick={() => remove(i.IndexName)}>
                            Delete {i.IndexName}
                          </button>{' '}
                          <button type="button" class="secondary small" onClick={() => setDeleting(undefined)}>
                            Keep
                          </button>
                        </span>
                      ) : (
                        <button type="button" class="secondary small" onClick={() => setDeleting(i.IndexName)} disabled={i.IndexStatus !== undefined && i.IndexStatus !== 'ACTIVE'}>
                          Delete…
                        </button>
                      ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {adding && (
        <AddIndex
          table={table}
          api={api}
          onClose={() => setAdding(false)}
          onAdded={() => {
            setAdding(false);
            refresh();
          }}
        />
      )}
    </div>
  );
}

function AddIndex({ table, api, onClose, onAdded }: Pick<TableTabProps, 'table' | 'api'> & { onClose: () => void; onAdded: () => void }) {
  const [name, setName] = useState('');
  const [partition, setPartition] = useState<KeyDraft>({ name: '', type: 'S' });
  const [sort, setSort] = useState<KeyDraft>({ name: '', type: 'S' });
  const [projection, setProjection] = useState<Projection>('ALL');
  const [include, setInclude] = useState('');
  const [throughput, setThroughput] = useState<Throughput>({ read: 5, write: 5 });
  const adding = useAction();
  const billing = billingOf(table);
  return (
    <Dialog title={`Add a global index to ${table.TableName}`} onClose={onClose} wide>
      <form
        class="stack"
        onSubmit={async (e) => {
          e.preventDefault();
          const index = { name, partition, sort: sort.name.trim() === '' ? undefined : sort, projection, include, throughput };
          if ((await adding.run(() => api.call('UpdateTable', buildAddIndex(table.TableName, index, billing, table.AttributeDefinitions)))) !== undefined) onAdded();
        }}
      >
        <label>
          Index name
          <input name="index-name" value={name} required spellcheck={false} onInput={(e) => setName(valueOf(e))} />
        </label>
        <div class="pair">
          <KeyFields label="Partition key" idPrefix="new-pk" value={partition} onChange={setPartition} />
          <KeyFields label="Sort key" idPrefix="new-sk" optional value={sort} onChange={setSort} />
        </div>
        <ProjectionFields
          idPrefix="new"
          projection={projection}
          include={include}
          onChange={(p, inc) => {
            setProjection(p);
            setInclude(inc);
          }}
        />
        {billing === 'PROVISIONED' && <CapacityFields idPrefix="new" value={throughput} onChange={setThroughput} />}
        <p class="hint">The index is built from the table's items in the background; its status shows here while it backfills.</p>
        <ErrorNote error={adding.error} title="Could not add the index." />
        <div class="actions">
          <button type="button" class="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={adding.busy}>
            {adding.busy ? 'Adding…' : 'Add index'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
