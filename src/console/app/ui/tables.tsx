/** The Tables section: the region's tables with their status, size and billing; a table's own page. */
import { useState } from 'preact/hooks';
import { formatBytes } from '../lib/cells.js';
import { useApi, useAsync, type Api } from './api.js';
import { Empty, ErrorNote, GridHead, Loading } from './components.js';
import { CreateTable } from './create-table.js';
import { href, navigate } from './router.js';
import { TablePage } from './table-page.js';
import { billingOf, type TableDescription } from './table-types.js';

/** Every table name of the region (ListTables pages through 100 at a time). */
export async function listTableNames(api: Api): Promise<string[]> {
  const names: string[] = [];
  let start: string | undefined;
  do {
    const page = await api.call<{ TableNames: string[]; LastEvaluatedTableName?: string }>('ListTables', start !== undefined ? { ExclusiveStartTableName: start } : {});
    names.push(...page.TableNames);
    start = page.LastEvaluatedTableName;
  } while (start !== undefined);
  return names;
}

/** Describes tables a few at a time; a table deleted meanwhile is left out. */
async function describeAll(api: Api, names: string[]): Promise<TableDescription[]> {
  const out: (TableDescription | undefined)[] = new Array(names.length);
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const i = next++;
      try {
        out[i] = (await api.call<{ Table: TableDescription }>('DescribeTable', { TableName: names[i] })).Table;
      } catch (err) {
        if ((err as { code?: string }).code !== 'ResourceNotFoundException') throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(6, names.length) }, worker));
  return out.filter((t): t is TableDescription => t !== undefined);
}

export function TablesPage({ route }: { route: string[] }) {
  if (route[1] !== undefined) return <TablePage key={route[1]} name={route[1]} tab={route[2]} />;
  return <TableList />;
}

function TableList() {
  const api = useApi();
  const [creating, setCreating] = useState(false);
  const tables = useAsync(async () => describeAll(api, await listTableNames(api)), [api]);
  return (
    <section aria-labelledby="tables-title">
      <div class="page-head">
        <h1 id="tables-title">
          Tables <span class="muted">in {api.region}</span>
        </h1>
        <div class="actions">
          <button type="button" class="secondary" onClick={tables.reload} disabled={tables.loading}>
            Refresh
          </button>
          <button type="button" onClick={() => setCreating(true)}>
            Create table
          </button>
        </div>
      </div>
      <ErrorNote error={tables.error} title="Could not list the tables." />
      {tables.loading && tables.data === undefined && <Loading what="tables" />}
      {tables.data !== undefined && tables.data.length === 0 && (
        <Empty>
          Account {api.session.accountId} has no tables in {api.region} yet. Create one, or switch region above.
        </Empty>
      )}
      {tables.data !== undefined && tables.data.length > 0 && (
        <div class="scroll">
          <table class="grid">
            <GridHead columns={['Name', 'Status', { label: 'Items', num: true }, { label: 'Size', num: true }, 'Billing', { label: 'Indexes', num: true }]} />
            <tbody>
              {tables.data.map((t) => (
                <tr key={t.TableName}>
                  <th scope="row">
                    <a href={href('tables', t.TableName)}>{t.TableName}</a>
                  </th>
                  <td>
                    <Status value={t.TableStatus} />
                  </td>
                  <td class="num">{t.ItemCount ?? '—'}</td>
                  <td class="num">{formatBytes(t.TableSizeBytes)}</td>
                  <td>{billingOf(t) === 'PAY_PER_REQUEST' ? 'On-demand' : `Provisioned (${t.ProvisionedThroughput?.ReadCapacityUnits ?? 0} RCU / ${t.ProvisionedThroughput?.WriteCapacityUnits ?? 0} WCU)`}</td>
                  <td class="num">{(t.GlobalSecondaryIndexes?.length ?? 0) + (t.LocalSecondaryIndexes?.length ?? 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {creating && (
        <CreateTable
          onClose={() => setCreating(false)}
          onCreated={(name) => {
            setCreating(false);
            navigate('tables', name);
          }}
        />
      )}
    </section>
  );
}

export function Status({ value }: { value: string | undefined }) {
  return <span class={`status status-${(value ?? 'unknown').toLowerCase()}`}>{value ?? 'UNKNOWN'}</span>;
}
