/**
 * Viewing, adding, editing, duplicating and deleting one item, written as plain JSON (types
 * inferred) or DynamoDB JSON. Writes are conditional, and their errors are shown as DynamoDB
 * gives them: adding an item whose key exists is refused, as is saving over one deleted
 * meanwhile; an edit that changes the key moves the item in one transaction.
 */
import { useState } from 'preact/hooks';
import { keyOf } from '../lib/cells.js';
import { itemText, needsDynamoJson, parseItem, type Item, type ItemFormat } from '../lib/infer.js';
import { CallError } from '../lib/aws-client.js';
import type { Api } from './api.js';
import { useAction, useAsync } from './api.js';
import { Dialog, ErrorNote, Loading } from './components.js';

type Mode = 'new' | 'edit';

const sameKey = (a: Item, b: Item, keys: string[]) => keys.every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));

/** Names the key attributes in a condition (`attribute_exists(#k0)`). */
function keyCondition(fn: 'attribute_exists' | 'attribute_not_exists', keys: string[]) {
  return { ConditionExpression: `${fn}(#k0)`, ExpressionAttributeNames: { '#k0': keys[0] } };
}

function explain(err: unknown, mode: Mode): unknown {
  if (err instanceof CallError && (err.code === 'ConditionalCheckFailedException' || err.code === 'TransactionCanceledException')) {
    const why = mode === 'new' ? 'An item with this key already exists.' : 'The item is no longer there (or its new key is taken).';
    return new Error(`${why} (${err.code}: ${err.message})`);
  }
  return err;
}

interface EditorProps {
  api: Api;
  table: string;
  keys: string[];
  onClose: () => void;
  onSaved: () => void;
}

/**
 * The editor of a new item (no key) or of the item with `itemKey`, read whole first (a page of
 * an index may hold only some of its attributes, and saving those would drop the others).
 */
export function ItemDialog({ itemKey, ...props }: EditorProps & { itemKey: Item | undefined }) {
  const read = useAsync(
    async () => (itemKey === undefined ? undefined : ((await props.api.call('GetItem', { TableName: props.table, Key: itemKey, ConsistentRead: true })).Item as Item | undefined) ?? null),
    [itemKey],
  );
  if (itemKey === undefined) return <ItemEditor {...props} initial={undefined} />;
  if (read.data === undefined || read.data === null) {
    return (
      <Dialog title="Edit item" onClose={props.onClose}>
        {read.loading ? <Loading what="the item" /> : <ErrorNote error={read.error ?? new Error('The item is no longer there.')} />}
      </Dialog>
    );
  }
  return <ItemEditor {...props} initial={read.data} />;
}

function ItemEditor({ api, table, keys, initial, onClose, onSaved }: EditorProps & { initial: Item | undefined }) {
  const [mode, setMode] = useState<Mode>(initial === undefined ? 'new' : 'edit');
  const [format, setFormat] = useState<ItemFormat>(initial !== undefined && Object.values(initial).some(needsDynamoJson) ? 'dynamodb' : 'plain');
  const [text, setText] = useState(() => (initial === undefined ? `{\n${keys.map((k) => `  ${JSON.stringify(k)}: ""`).join(',\n')}\n}` : itemText(initial, format)));
  const action = useAction();
  const { busy, error, setError } = action;
  const [confirmDelete, setConfirmDelete] = useState(false);

  const switchFormat = (next: ItemFormat) => {
    setError(undefined);
    if (next === format) return;
    try {
      const item = parseItem(text, format);
      if (next === 'plain' && Object.values(item).some(needsDynamoJson)) throw new Error('this item holds sets or binary values, which plain JSON cannot express');
      setText(itemText(item, next));
      setFormat(next);
    } catch (err) {
      setError(new Error(`Fix the item before switching: ${(err as Error).message}`));
    }
  };

  const run = async (write: () => Promise<unknown>) => {
    if ((await action.run(write, (err) => explain(err, mode))) !== undefined) onSaved();
  };

  const save = () =>
    run(async () => {
      const item = parseItem(text, format);
      if (mode === 'new') return api.call('PutItem', { TableName: table, Item: item, ...keyCondition('attribute_not_exists', keys) });
      if (sameKey(item, initial!, keys)) return api.call('PutItem', { TableName: table, Item: item, ...keyCondition('attribute_exists', keys) });
      return api.call('TransactWriteItems', {
        TransactItems: [
          { Put: { TableName: table, Item: item, ...keyCondition('attribute_not_exists', keys) } },
          { Delete: { TableName: table, Key: keyOf(initial!, keys), ...keyCondition('attribute_exists', keys) } },
        ],
      });
    });

  const title = mode === 'new' ? (initial === undefined ? 'Add item' : 'Duplicate item') : 'Edit item';
  return (
    <Dialog title={title} onClose={onClose} wide>
      <form
        class="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div class="segmented" role="group" aria-label="Write the item as">
          <button type="button" aria-pressed={format === 'plain'} onClick={() => switchFormat('plain')}>
            Plain JSON
          </button>
          <button type="button" aria-pressed={format === 'dynamodb'} onClick={() => switchFormat('dynamodb')}>
            DynamoDB JSON
          </button>
        </div>
        <p class="hint">
          {format === 'plain'
            ? 'Types are inferred: text is S, numbers N (every digit kept), true/false BOOL, null NULL, arrays L, objects M. Sets and binary need DynamoDB JSON.'
            : 'Each value names its type: {"S": "text"}, {"N": "42"}, {"SS": ["a", "b"]}, {"M": {...}}, ...'}
        </p>
        <label>
          Item
          <textarea name="item" class="code" rows={14} spellcheck={false} value={text} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} />
        </label>
        <ErrorNote error={error} title="Not saved." />
        {confirmDelete ? (
          <div class="note warning" role="alert">
            Delete this item for good?{' '}
            <button type="button" class="danger" disabled={busy} onClick={() => run(() => api.call('DeleteItem', { TableName: table, Key: keyOf(initial!, keys), ...keyCondition('attribute_exists', keys) }))}>
              Delete item
            </button>{' '}
            <button type="button" class="secondary" onClick={() => setConfirmDelete(false)}>
              Keep it
            </button>
          </div>
        ) : null}
        <div class="actions">
          {mode === 'edit' && (
            <>
              <button type="button" class="danger secondary" onClick={() => setConfirmDelete(true)}>
                Delete
              </button>
              <button
                type="button"
                class="secondary"
                onClick={() => {
                  setMode('new');
                  setError(undefined);
                }}
              >
                Duplicate
              </button>
            </>
          )}
          <button type="button" class="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={busy}>
            {busy ? 'Saving…' : mode === 'new' ? 'Add item' : 'Save changes'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
