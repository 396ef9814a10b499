/** A table's page: its description and the tabs of panels.tsx (Items, Indexes, Settings, ...). */
import { useEffect } from 'preact/hooks';
import { formatBytes } from '../lib/cells.js';
import { useApi, useAsync } from './api.js';
import { ErrorNote, Loading } from './components.js';
import { TABLE_TABS } from './panels.js';
import { href } from './router.js';
import { billingOf, keyNames, typeOfAttribute, type TableDescription } from './table-types.js';
import { Status } from './tables.js';

/** True while the table or an index is still changing (worth describing again soon). */
const changing = (t: TableDescription) =>
  t.TableStatus !== 'ACTIVE' || (t.GlobalSecondaryIndexes ?? []).some((i) => i.IndexStatus !== 'ACTIVE' || i.Backfilling === true);

export function TablePage({ name, tab }: { name: string; tab: string | undefined }) {
  const api = useApi();
  const described = useAsync(() => api.call<{ Table: TableDescription }>('DescribeTable', { TableName: name }), [api, name]);
  const table = described.data?.Table;
  useEffect(() => {
    if (table === undefined || !changing(table)) return;
    const timer = setTimeout(described.reload, 1000);
    return () => clearTimeout(timer);
  }, [table]);
  const current = TABLE_TABS.find((t) => t.id === tab) ?? TABLE_TABS[0];
  const Tab = current.component;
  return (
    <section aria-labelledby="table-title">
      <p class="crumbs">
        <a href={href('tables')}>Tables</a> / {name}
      </p>
      <div class="page-head">
        <h1 id="table-title">{name}</h1>
        {table !== undefined && <Status value={table.TableStatus} />}
      </div>
      <ErrorNote error={described.error} title={`Could not describe ${name}.`} />
      {table === undefined && described.loading && <Loading what={name} />}
      {table !== undefined && (
        <>
          <dl class="facts">
            {keyNames(table.KeySchema).map((k, i) => (
              <div key={k}>
                <dt>{i === 0 ? 'Partition key' : 'Sort key'}</dt>
                <dd>
                  <code>{k}</code> <span class="type">{typeOfAttribute(table, k)}</span>
                </dd>
              </div>
            ))}
            <div>
              <dt>Items</dt>
              <dd>{table.ItemCount ?? '—'}</dd>
            </div>
            <div>
              <dt>Size</dt>
              <dd>{formatBytes(table.TableSizeBytes)}</dd>
            </div>
            <div>
              <dt>Capacity</dt>
              <dd>{billingOf(table) === 'PAY_PER_REQUEST' ? 'On-demand' : `${table.ProvisionedThroughput?.ReadCapacityUnits} RCU / ${table.ProvisionedThroughput?.WriteCapacityUnits} WCU`}</dd>
            </div>
            <div class="wide">
              <dt>ARN</dt>
              <dd>
                <code>{table.TableArn}</code>
              </dd>
            </div>
          </dl>
          <nav class="tabs" aria-label="Table views">
            {TABLE_TABS.map((t) => (
              <a key={t.id} href={href('tables', name, t.id)} aria-current={t === current ? 'page' : undefined}>
                {t.label}
              </a>
            ))}
          </nav>
          <Tab table={table} refresh={described.reload} api={api} />
        </>
      )}
    </section>
  );
}
