/** The Create table dialog: keys, billing, global and local indexes, TTL, tags, deletion protection. */
import { useState } from 'preact/hooks';
import { buildCreateTable, type BillingMode, type IndexForm, type Projection, type Throughput } from '../lib/table-form.js';
import { useApi, type Api } from './api.js';
import { checkedOf, Dialog, ErrorNote, valueOf } from './components.js';
import { CapacityFields, KeyFields, ProjectionFields, type KeyDraft } from './key-fields.js';

interface IndexDraft {
  name: string;
  partition: KeyDraft;
  sort: KeyDraft;
  projection: Projection;
  include: string;
  throughput: Throughput;
}

const newIndex = (): IndexDraft => ({ name: '', partition: { name: '', type: 'S' }, sort: { name: '', type: 'S' }, projection: 'ALL', include: '', throughput: { read: 5, write: 5 } });

const optionalKey = (k: KeyDraft) => (k.name.trim() === '' ? undefined : k);

function toIndexForm(d: IndexDraft, global: boolean): IndexForm {
  return { name: d.name, ...(global ? { partition: d.partition } : {}), sort: optionalKey(d.sort), projection: d.projection, include: d.include, throughput: d.throughput };
}

/** Waits until the table is ACTIVE (it is CREATING for `--table-status-delay`). */
async function whenActive(api: Api, name: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    const { Table } = await api.call<{ Table: { TableStatus: string } }>('DescribeTable', { TableName: name });
    if (Table.TableStatus === 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`table ${name} is still not ACTIVE after a minute`);
}

export function CreateTable({ onClose, onCreated }: { onClose: () => void; onCreated: (name: string) => void }) {
  const api = useApi();
  const [name, setName] = useState('');
  const [partition, setPartition] = useState<KeyDraft>({ name: '', type: 'S' });
  const [sort, setSort] = useState<KeyDraft>({ name: '', type: 'S' });
  const [billing, setBilling] = useState<BillingMode>('PAY_PER_REQUEST');
  const [throughput, setThroughput] = useState<Throughput>({ read: 5, write: 5 });
  const [globals, setGlobals] = useState<IndexDraft[]>([]);
  const [locals, setLocals] = useState<IndexDraft[]>([]);
  const [ttl, setTtl] = useState('');
  const [tags, setTags] = useState<{ key: string; value: string }[]>([]);
  const [protect, setProtect] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const update = <T,>(list: T[], set: (l: T[]) => void, i: number, value: T) => set(list.map((x, j) => (j === i ? value : x)));

  const indexFields = (kind: 'global' | 'local', list: IndexDraft[], set: (l: IndexDraft[]) => void) =>
    list.map((d, i) => {
      const prefix = `${kind}-${i}`;
      return (
        <fieldset key={prefix} class="index-draft">
          <legend>
            {kind === 'global' ? 'Global' : 'Local'} index {i + 1}
          </legend>
          <label>
            Index name
            <input name={`${prefix}-name`} value={d.name} required spellcheck={false} onInput={(e) => update(list, set, i, { ...d, name: valueOf(e) })} />
          </label>
          <div class="pair">
            {kind === 'global' && <KeyFields label="Partition key" idPrefix={`${prefix}-pk`} value={d.partition} onChange={(v) => update(list, set, i, { ...d, partition: v })} />}
            <KeyFields label="Sort key" idPrefix={`${prefix}-sk`} optional={kind === 'global'} value={d.sort} onChange={(v) => update(list, set, i, { ...d, sort: v })} />
          </div>
          <ProjectionFields idPrefix={prefix} projection={d.projection} include={d.include} onChange={(p, inc) => update(list, set, i, { ...d, projection: p, include: inc })} />
          {kind === 'global' && billing === 'PROVISIONED' && <CapacityFields idPrefix={prefix} value={d.throughput} onChange={(t) => update(list, set, i, { ...d, throughput: t })} />}
          <button type="button" class="secondary small" onClick={() => set(list.filter((_, j) => j !== i))}>
            Remove index {i + 1}
          </button>
        </fieldset>
      );
    });

  return (
    <Dialog title="Create table" onClose={onClose} wide>
      <form
        class="stack"
        onSubmit={async (e) => {
          e.preventDefault();
          setError(undefined);
          setBusy(true);
          try {
            const request = buildCreateTable({
              name,
              partition,
              sort: optionalKey(sort),
              billing,
              throughput,
              globalIndexes: globals.map((d) => toIndexForm(d, true)),
              localIndexes: locals.map((d) => toIndexForm(d, false)),
              tags,
              deletionProtection: protect,
            });
            await api.call('CreateTable', request);
            if (ttl.trim() !== '') {
              await whenActive(api, name.trim());
              await api.call('UpdateTimeToLive', { TableName: name.trim(), TimeToLiveSpecification: { Enabled: true, AttributeName: ttl.trim() } });
            }
            onCreated(name.trim());
          } catch (err) {
            setError(err);
            setBusy(false);
          }
        }}
      >
        <label>
          Table name
          <input name="table-name" value={name} required minLength={3} maxLength={255} pattern="[a-zA-Z0-9_.\-]+" spellcheck={false} onInput={(e) => setName(valueOf(e))} />
        </label>
        <div class="pair">
          <KeyFields label="Partition key" idPrefix="pk" value={partition} onChange={setPartition} />
          <KeyFields label="Sort key" idPrefix="sk" optional value={sort} onChange={setSort} />
        </div>
        <fieldset class="inline">
          <legend>Capacity</legend>
          <label class="check">
            <input type="radio" name="billing" checked={billing === 'PAY_PER_REQUEST'} onChange={() => setBilling('PAY_PER_REQUEST')} /> On-demand
          </label>
          <label class="check">
            <input type="radio" name="billing" checked={billing === 'PROVISIONED'} onChange={() => setBilling('PROVISIONED')} /> Provisioned
          </label>
          {billing === 'PROVISIONED' && <CapacityFields idPrefix="table" value={throughput} onChange={setThroughput} />}
        </fieldset>
        {indexFields('global', globals, setGlobals)}
        {indexFields('local', locals, setLocals)}
        <div class="actions left">
          <button type="button" class="secondary" onClick={() => setGlobals([...globals, newIndex()])}>
            Add global index
          </button>
          <button type="button" class="secondary" onClick={() => setLocals([...locals, newIndex()])} disabled={sort.name.trim() === ''} title="Local indexes need a table sort key">
            Add local index
          </button>
        </div>
        <label>
          Time to live attribute <span class="optional">(optional: items expire at the epoch seconds it holds)</span>
          <input name="ttl" value={ttl} spellcheck={false} onInput={(e) => setTtl(valueOf(e))} />
        </label>
        <fieldset>
          <legend>Tags</legend>
          {tags.map((t, i) => (
            <div class="inline" key={i}>
              <label>
                Key
                <input name={`tag-${i}-key`} value={t.key} required onInput={(e) => update(tags, setTags, i, { ...t, key: valueOf(e) })} />
              </label>
              <label>
                Value
                <input name={`tag-${i}-value`} value={t.value} onInput={(e) => update(tags, setTags, i, { ...t, value: valueOf(e) })} />
              </label>
              <button type="button" class="secondary small" onClick={() => setTags(tags.filter((_, j) => j !== i))}>
                Remove tag
              </button>
            </div>
          ))}
          <button type="button" class="secondary small" onClick={() => setTags([...tags, { key: '', value: '' }])}>
            Add tag
          </button>
        </fieldset>
        <label class="check">
          <input type="checkbox" name="deletion-protection" checked={protect} onChange={(e) => setProtect(checkedOf(e))} /> Deletion protection
        </label>
        <ErrorNote error={error} title="Could not create the table." />
        <div class="actions">
          <button type="button" class="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={busy}>
            {busy ? 'Creating…' : 'Create table'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
