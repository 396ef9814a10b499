/** Form pieces shared by the table and index forms: a key attribute, a projection, capacity. */
import type { KeyType } from '../lib/query-builder.js';
import type { Projection, Throughput } from '../lib/table-form.js';
import { valueOf } from './components.js';

export interface KeyDraft {
  name: string;
  type: KeyType;
}

export function KeyFields({ label, value, onChange, idPrefix, optional }: { label: string; value: KeyDraft; onChange: (v: KeyDraft) => void; idPrefix: string; optional?: boolean }) {
  return (
    <fieldset class="inline">
      <legend>
        {label} {optional && <span class="optional">(optional)</span>}
      </legend>
      <label>
        Attribute name
        <input name={`${idPrefix}-name`} value={value.name} required={!optional} spellcheck={false} onInput={(e) => onChange({ ...value, name: valueOf(e) })} />
      </label>
      <label>
        Type
        <select name={`${idPrefix}-type`} value={value.type} onChange={(e) => onChange({ ...value, type: valueOf(e) as KeyType })}>
          <option value="S">String</option>
          <option value="N">Number</option>
          <option value="B">Binary</option>
        </select>
      </label>
    </fieldset>
  );
}

export function ProjectionFields({ projection, include, onChange, idPrefix }: { projection: Projection; include: string; onChange: (p: Projection, include: string) => void; idPrefix: string }) {
  return (
    <div class="inline">
      <label>
        Projection
        <select name={`${idPrefix}-projection`} value={projection} onChange={(e) => onChange(valueOf(e) as Projection, include)}>
          <option value="ALL">All attributes</option>
          <option value="KEYS_ONLY">Keys only</option>
          <option value="INCLUDE">Keys and chosen attributes</option>
        </select>
      </label>
      {projection === 'INCLUDE' && (
        <label>
          Attributes (comma-separated)
          <input name={`${idPrefix}-include`} value={include} required spellcheck={false} onInput={(e) => onChange(projection, valueOf(e))} />
        </label>
      )}
    </div>
  );
}

export function CapacityFields({ value, onChange, idPrefix }: { value: Throughput; onChange: (t: Throughput) => void; idPrefix: string }) {
  return (
    <div class="inline">
      <label>
        Read capacity units
        <input name={`${idPrefix}-rcu`} type="number" min={1} required value={value.read} onInput={(e) => onChange({ ...value, read: Number(valueOf(e)) })} />
      </label>
      <label>
        Write capacity units
        <input name={`${idPrefix}-wcu`} type="number" min={1} required value={value.write} onInput={(e) => onChange({ ...value, write: Number(valueOf(e)) })} />
      </label>
    </div>
  );
}
