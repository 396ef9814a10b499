/**
 * The Items tab: the Scan and Query builders (index, key condition with sort-key operators,
 * filters, projection, order, page size, consistent read), pages with Previous/Next, results
 * as a table or DynamoDB JSON, and the item editor.
 */
import { useState } from 'preact/hooks';
import type { Item } from '../lib/infer.js';
import { buildRead, FILTER_OPERATORS, FIRST_PAGE, nextPage, previousPage, SORT_OPERATORS, type FilterCondition, type FilterType, type PageCursor, type ReadRequest, type SortOperator } from '../lib/query-builder.js';
import { checkedOf, Empty, ErrorNote, valueOf } from './components.js';
import { ItemDialog } from './item-editor.js';
import { keyOf } from '../lib/cells.js';
import type { TableTabProps } from './panels.js';
import { ItemResults, ViewSwitch, type ResultView } from './results.js';
import { keyNames, typeOfAttribute, type TableDescription } from './table-types.js';

interface Page {
  readonly items: Item[];
  readonly count: number;
  readonly scanned: number;
  readonly capacity: number | undefined;
  readonly lastKey: Record<string, any> | undefined;
}

/** The key schema of the table or of one of its indexes. */
function schemaOf(table: TableDescription, index: string) {
  if (index === '') return table.KeySchema;
  return [...(table.GlobalSecondaryIndexes ?? []), ...(table.LocalSecondaryIndexes ?? [])].find((i) => i.IndexName === index)?.KeySchema ?? table.KeySchema;
}

const NO_VALUE = new Set(['attribute_exists', 'attribute_not_exists']);

export function ItemsTab({ table, api, refresh }: TableTabProps) {
  const [mode, setMode] = useState<'scan' | 'query'>('scan');
  const [index, setIndex] = useState('');
  const [pk, setPk] = useState('');
  const [skOp, setSkOp] = useState<SortOperator | ''>('');
  const [sk, setSk] = useState('');
  const [sk2, setSk2] = useState('');
  const [filters, setFilters] = useState<FilterCondition[]>([]);
  const [projection, setProjection] = useState('');
  const [forward, setForward] = useState(true);
  const [limit, setLimit] = useState('25');
  const [consistent, setConsistent] = useState(false);
  const [view, setView] = useState<ResultView>('table');
  const [request, setRequest] = useState<ReadRequest>();
  const [cursor, setCursor] = useState<PageCursor>(FIRST_PAGE);
  const [page, setPage] = useState<Page>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState<{ key: Item | undefined }>();

  const schema = schemaOf(table, index);
  const [pkName, skName] = keyNames(schema);
  const tableKeys = keyNames(table.KeySchema);
  const isGlobal = (table.GlobalSecondaryIndexes ?? []).some((i) => i.IndexName === index);
  const indexes = [...(table.GlobalSecondaryIndexes ?? []).map((i) => ({ name: i.IndexName, kind: 'global' })), ...(table.LocalSecondaryIndexes ?? []).map((i) => ({ name: i.IndexName, kind: 'local' }))];

  const fetchPage = async (req: ReadRequest, at: PageCursor) => {
    setBusy(true);
    setError(undefined);
    try {
      const start = at.starts[at.page];
      const answer = await api.call(req.operation, { ...req.request, ...(start !== undefined ? { ExclusiveStartKey: start } : {}) });
      setPage({
        items: answer.Items ?? [],
        count: answer.Count ?? 0,
        scanned: answer.ScannedCount ?? 0,
        capacity: answer.ConsumedCapacity?.CapacityUnits,
        lastKey: answer.LastEvaluatedKey,
      });
      setCursor(at);
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };

  const run = () => {
    try {
      const req = buildRead({
        mode,
        table: table.TableName,
        index,
        partition: { attribute: { name: pkName, type: typeOfAttribute(table, pkName) }, value: pk },
        ...(skName !== undefined ? { sort: { attribute: { name: skName, type: typeOfAttribute(table, skName) }, op: skOp, value: sk, value2: sk2 } } : {}),
        filters,
        projection,
        forward,
        ...(limit.trim() !== '' ? { limit: Number(limit) } : {}),
        consistent: consistent && !isGlobal,
      });
      setRequest(req);
      void fetchPage(req, FIRST_PAGE);
    } catch (err) {
      setError(err);
    }
  };

  const updateFilter = (i: number, f: FilterCondition) => setFilters(filters.map((x, j) => (j === i ? f : x)));

  return (
    <div class="tab-body">
      <form
        class="builder stack"
        aria-label="Scan or query"
        onSubmit={(e) => {
          e.preventDefault();
          run();
        }}
      >
        <div class="inline">
          <fieldset class="inline">
            <legend>Operation</legend>
            <label class="check">
              <input type="radio" name="mode" checked={mode === 'scan'} onChange={() => setMode('scan')} /> Scan
            </label>
            <label class="check">
              <input type="radio" name="mode" checked={mode === 'query'} onChange={() => setMode('query')} /> Query
            </label>
          </fieldset>
          <label>
            Table or index
            <select name="index" value={index} onChange={(e) => setIndex(valueOf(e))}>
              <option value="">Table {table.TableName}</option>
              {indexes.map((i) => (
                <option key={i.name} value={i.name}>
                  {i.kind === 'global' ? 'Global' : 'Local'} index {i.name}
                </option>
              ))}
            </select>
          </label>
        </div>
        {mode === 'query' && (
          <div class="inline">
            <label>
              <span>
                {pkName} <span class="type">{typeOfAttribute(table, pkName)}</span> =
              </span>
              <input name="partition-value" value={pk} required spellcheck={false} onInput={(e) => setPk(valueOf(e))} />
            </label>
            {skName !== undefined && (
              <>
                <label>
                  <span>
                    {skName} <span class="type">{typeOfAttribute(table, skName)}</span>
                  </span>
                  <select name="sort-operator" value={skOp} onChange={(e) => setSkOp(valueOf(e) as SortOperator | '')}>
                    <option value="">any</option>
                    {SORT_OPERATORS.map((op) => (
                      <option key={op} value={op}>
                        {op}
                      </option>
                    ))}
                  </select>
                </label>
                {skOp !== '' && (
                  <label>
                    {skOp === 'between' ? 'From' : 'Value'}
                    <input name="sort-value" value={sk} spellcheck={false} onInput={(e) => setSk(valueOf(e))} />
                  </label>
                )}
                {skOp === 'between' && (
                  <label>
                    To
                    <input name="sort-value-2" value={sk2} spellcheck={false} onInput={(e) => setSk2(valueOf(e))} />
                  </label>
                )}
              </>
            )}
            <label>
              Order
              <select name="order" value={forward ? 'asc' : 'desc'} onChange={(e) => setForward(valueOf(e) === 'asc')}>
                <option value="asc">Ascending</option>
                <option value="desc">Descending</option>
              </select>
            </label>
          </div>
        )}
        {filters.map((f, i) => (
          <fieldset class="inline" key={i}>
            <legend>Filter {i + 1}</legend>
            <label>
              Attribute
              <input name={`filter-${i}-path`} value={f.path} required spellcheck={false} onInput={(e) => updateFilter(i, { ...f, path: valueOf(e) })} />
            </label>
            <label>
              Condition
              <select name={`filter-${i}-op`} value={f.op} onChange={(e) => updateFilter(i, { ...f, op: valueOf(e) as FilterCondition['op'] })}>
                {FILTER_OPERATORS.map((op) => (
                  <option key={op} value={op}>
                    {op}
                  </option>
                ))}
              </select>
            </label>
            {!NO_VALUE.has(f.op) && (
              <>
                <label>
                  Type
                  <select name={`filter-${i}-type`} value={f.type} onChange={(e) => updateFilter(i, { ...f, type: valueOf(e) as FilterType })}>
                    <option value="S">String</option>
                    <option value="N">Number</option>
                    <option value="BOOL">Boolean</option>
                    <option value="NULL">Null</option>
                  </select>
                </label>
                {f.type !== 'NULL' && (
                  <label>
                    Value
                    <input name={`filter-${i}-value`} value={f.value} spellcheck={false} onInput={(e) => updateFilter(i, { ...f, value: valueOf(e) })} />
                  </label>
                )}
              </>
            )}
            <button type="button" class="secondary small" onClick={() => setFilters(filters.filter((_, j) => j !== i))}>
              Remove filter {i + 1}
            </button>
          </fieldset>
        ))}
        <div class="inline">
          <label class="grow">
            Attributes to return <span class="optional">(comma-separated; empty = all)</span>
            <input name="projection" value={projection} spellcheck={false} onInput={(e) => setProjection(valueOf(e))} />
          </label>
          <label>
            Page size
            <input name="limit" type="number" min={1} value={limit} size={5} onInput={(e) => setLimit(valueOf(e))} />
          </label>
          <label class="check">
            <input type="checkbox" name="consistent" checked={consistent && !isGlobal} disabled={isGlobal} onChange={(e) => setConsistent(checkedOf(e))} /> Consistent read
          </label>
        </div>
        <div class="actions left">
          <button type="submit" disabled={busy}>
            {busy ? 'Running…' : mode === 'query' ? 'Run query' : 'Run scan'}
          </button>
          <button type="button" class="secondary" onClick={() => setFilters([...filters, { path: '', op: '=', type: 'S', value: '' }])}>
            Add filter
          </button>
          <button type="button" class="secondary" onClick={() => setEditing({ key: undefined })}>
            Add item
          </button>
        </div>
      </form>
      <ErrorNote error={error} />
      {page === undefined && error === undefined && <Empty>Run a scan or a query to see items.</Empty>}
      {page !== undefined && (
        <section aria-label="Results" class="results">
          <div class="results-head">
            <p role="status">
              <strong>
                {page.count} {page.count === 1 ? 'item' : 'items'}
              </strong>{' '}
              on page {cursor.page + 1} · {page.scanned} scanned{page.capacity !== undefined ? ` · ${page.capacity} read capacity units` : ''}
            </p>
            <ViewSwitch view={view} onChange={setView} sizes />
            <div class="actions">
              <button type="button" class="secondary" disabled={busy || cursor.page === 0} onClick={() => request && fetchPage(request, previousPage(cursor))}>
                Previous
              </button>
              <button type="button" class="secondary" disabled={busy || page.lastKey === undefined} onClick={() => request && page.lastKey && fetchPage(request, nextPage(cursor, page.lastKey))}>
                Next
              </button>
            </div>
          </div>
          {page.items.length === 0 ? (
            <Empty>{page.lastKey !== undefined ? 'No items on this page matched; there are more pages (Next).' : 'No items matched.'}</Empty>
          ) : (
            <ItemResults items={page.items} keys={[...tableKeys, ...keyNames(schema).filter((k) => !tableKeys.includes(k))]} view={view} onOpen={(item) => setEditing({ key: keyOf(item, tableKeys) })} caption="Items" />
          )}
        </section>
      )}
      {editing !== undefined && (
        <ItemDialog
          api={api}
          table={table.TableName}
          keys={tableKeys}
          itemKey={editing.key}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            refresh();
            if (request !== undefined) void fetchPage(request, cursor);
          }}
        />
      )}
    </div>
  );
}
