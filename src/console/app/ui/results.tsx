/** Items as a table with typed cells, or as DynamoDB JSON. */
import { cellOf, columnsOf } from '../lib/cells.js';
import type { Item } from '../lib/infer.js';
import { SizeChart } from './sizes.js';

export type ResultView = 'table' | 'json' | 'sizes';

export function ViewSwitch({ view, onChange, sizes }: { view: ResultView; onChange: (v: ResultView) => void; sizes?: boolean }) {
  return (
    <div class="segmented" role="group" aria-label="Show results as">
      <button type="button" aria-pressed={view === 'table'} onClick={() => onChange('table')}>
        Table
      </button>
      <button type="button" aria-pressed={view === 'json'} onClick={() => onChange('json')}>
        DynamoDB JSON
      </button>
      {sizes === true && (
        <button type="button" aria-pressed={view === 'sizes'} onClick={() => onChange('sizes')}>
          Item sizes
        </button>
      )}
    </div>
  );
}

export function ItemResults({ items, keys, view, onOpen, caption }: { items: Item[]; keys: string[]; view: ResultView; onOpen?: (item: Item) => void; caption: string }) {
  if (view === 'sizes') return <SizeChart items={items} />;
  if (view === 'json') {
    return (
      <pre class="json" tabIndex={0} aria-label={caption}>
        {JSON.stringify(items, null, 2)}
      </pre>
    );
  }
  const { columns, hidden } = columnsOf(items, keys);
  return (
    <div class="scroll">
      <table class="grid items">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {onOpen !== undefined && (
              <th scope="col">
                <span class="visually-hidden">Open</span>
              </th>
            )}
            {columns.map((c) => (
              <th scope="col" key={c} class={keys.includes(c) ? 'key' : ''}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {items.map((item, r) => (
            <tr key={r}>
              {onOpen !== undefined && (
                <td>
                  <button type="button" class="small secondary" onClick={() => onOpen(item)} aria-label={`Open item ${r + 1}`}>
                    Open
                  </button>
                </td>
              )}
              {columns.map((c) => {
                const cell = cellOf(item[c]);
                return (
                  <td key={c} class={cell.type === 'N' ? 'num' : ''} data-type={cell.type}>
                    {cell.type !== undefined && <span class="type">{cell.type}</span>}
                    {cell.text}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {hidden > 0 && <p class="hint">{hidden} more attributes are in each item's JSON.</p>}
    </div>
  );
}
