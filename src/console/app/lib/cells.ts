/**
 * Items shown as a table: which columns (keys first, then the other attributes by how often
 * they occur), and each value's cell text with its DynamoDB type.
 */
import { typeOf, type AttributeType, type AttributeValue, type Item } from '../../../model/attribute-value.js';

/** The most columns a results table shows; the rest are in the item's JSON. */
export const MAX_COLUMNS = 12;
const MAX_CELL = 80;

/** Column names for `items`: `keys` (in order) first, then the others by frequency, then name. */
export function columnsOf(items: readonly Item[], keys: readonly string[]): { columns: string[]; hidden: number } {
  const counts = new Map<string, number>();
  for (const item of items) for (const name of Object.keys(item)) if (!keys.includes(name)) counts.set(name, (counts.get(name) ?? 0) + 1);
  const others = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([name]) => name);
  const presentKeys = keys.filter((k) => items.length === 0 || items.some((i) => k in i));
  const all = [...presentKeys, ...others];
  return { columns: all.slice(0, MAX_COLUMNS), hidden: Math.max(0, all.length - MAX_COLUMNS) };
}

function compact(value: AttributeValue): string {
  if ('S' in value) return JSON.stringify(value.S);
  if ('N' in value) return value.N;
  if ('B' in value) return `<${value.B}>`;
  if ('BOOL' in value) return String(value.BOOL);
  if ('NULL' in value) return 'null';
  if ('SS' in value) return `{${value.SS.map((s) => JSON.stringify(s)).join(', ')}}`;
  if ('NS' in value) return `{${value.NS.join(', ')}}`;
  if ('BS' in value) return `{${value.BS.map((b) => `<${b}>`).join(', ')}}`;
  if ('L' in value) return `[${value.L.map(compact).join(', ')}]`;
  return `{${Object.entries(value.M)
    .map(([k, v]) => `${JSON.stringify(k)}: ${compact(v)}`)
    .join(', ')}}`;
}

/** A cell: its text (strings unquoted at the top level, long values cut) and the value's type. */
export function cellOf(value: AttributeValue | undefined): { text: string; type: AttributeType | undefined } {
  if (value === undefined) return { text: '', type: undefined };
  const text = 'S' in value ? value.S : compact(value);
  return { text: text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text, type: typeOf(value) };
}

/** The key attributes of an item (for GetItem/DeleteItem). */
export function keyOf(item: Item, keys: readonly string[]): Item {
  const key: Item = {};
  for (const k of keys) if (item[k] !== undefined) key[k] = item[k];
  return key;
}

/** Bytes as people read them. */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return '—';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let n = bytes / 1024;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u++;
  }
  return `${n < 10 ? n.toFixed(1) : Math.round(n)} ${units[u]}`;
}
