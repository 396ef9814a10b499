/** The PartiQL editor: ExecuteStatement with paging, results as a table or JSON, and this tab's history. */
import { useState } from 'preact/hooks';
import type { Item } from '../lib/infer.js';
import { useApi } from './api.js';
import { Empty, ErrorNote } from './components.js';
import { ItemResults, ViewSwitch, type ResultView } from './results.js';

/** sessionStorage key of the history (cleared on sign-out with everything else). */
export const HISTORY_KEY = 'sqynamo.partiql-history';
const HISTORY_SIZE = 25;

function readHistory(): string[] {
  try {
    const list = JSON.parse(sessionStorage.getItem(HISTORY_KEY) ?? '[]') as unknown;
    return Array.isArray(list) ? list.filter((s): s is string => typeof s === 'string') : [];
  } catch {
    return [];
  }
}

export function PartiqlPage() {
  const api = useApi();
  const [statement, setStatement] = useState('');
  const [history, setHistory] = useState(readHistory);
  const [result, setResult] = useState<{ items: Item[] | undefined; next: string | undefined; statement: string }>();
  const [view, setView] = useState<ResultView>('table');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const execute = async (text: string, nextToken?: string) => {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api.call('ExecuteStatement', { Statement: text, ...(nextToken !== undefined ? { NextToken: nextToken } : {}) });
      setResult({ items: answer.Items, next: answer.NextToken, statement: text });
      if (nextToken === undefined) {
        const updated = [text, ...history.filter((h) => h !== text)].slice(0, HISTORY_SIZE);
        sessionStorage.setItem(HISTORY_KEY, JSON.stringify(updated));
        setHistory(updated);
      }
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };

  return (
    <section aria-labelledby="partiql-title" class="partiql">
      <div class="page-head">
        <h1 id="partiql-title">
          PartiQL <span class="muted">in {api.region}</span>
        </h1>
      </div>
      <div class="two-columns">
        <form
          class="stack"
          onSubmit={(e) => {
            e.preventDefault();
            if (statement.trim() !== '') void execute(statement.trim());
          }}
        >
          <label>
            Statement <span class="optional">(Ctrl+Enter runs it)</span>
            <textarea
              name="statement"
              class="code"
              rows={6}
              spellcheck={false}
              placeholder={'SELECT * FROM "Orders" WHERE "pk" = \'a\''}
              value={statement}
              onInput={(e) => setStatement((e.currentTarget as HTMLTextAreaElement).value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                  e.preventDefault();
                  (e.currentTarget as HTMLTextAreaElement).form?.requestSubmit();
                }
              }}
            />
          </label>
          <div class="actions left">
            <button type="submit" disabled={busy || statement.trim() === ''}>
              {busy ? 'Running…' : 'Run'}
            </button>
          </div>
        </form>
        <aside aria-labelledby="history-title" class="history">
          <h2 id="history-title">History</h2>
          {history.length === 0 ? (
            <Empty>Statements you run in this tab appear here.</Empty>
          ) : (
            <ol>
              {history.map((h) => (
                <li key={h}>
                  <button type="button" class="link" onClick={() => setStatement(h)} title="Put this statement in the editor">
                    <code>{h}</code>
                  </button>
                </li>
              ))}
            </ol>
          )}
        </aside>
      </div>
      <ErrorNote error={error} />
      {result !== undefined && (
        <section aria-label="Statement results" class="results">
          <div class="results-head">
            <p role="status">
              <strong>{result.items === undefined ? 'Done.' : `${result.items.length} ${result.items.length === 1 ? 'item' : 'items'}`}</strong>
            </p>
            {result.items !== undefined && <ViewSwitch view={view} onChange={setView} />}
            {result.next !== undefined && (
              <button type="button" class="secondary" disabled={busy} onClick={() => execute(result.statement, result.next)}>
                Next page
              </button>
            )}
          </div>
          {result.items !== undefined && result.items.length > 0 && <ItemResults items={result.items} keys={[]} view={view} caption="Statement results" />}
          {result.items !== undefined && result.items.length === 0 && <Empty>The statement returned no items.</Empty>}
        </section>
      )}
    </section>
  );
}
