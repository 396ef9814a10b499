/**
 * SELECT projections as DynamoDB returns them: each listed path's value under the path's
 * last name (`SELECT m.k, l[0]` returns `k` and `l[0]`), paths the item lacks left out.
 */
import type { AttributeValue, Item } from '../model/attribute-value.js';
import { valueAt } from '../expressions/evaluate.js';
import type { ProjectedPath } from './translate.js';
import { emptyRecord } from '../model/records.js';

/** The item restricted to `paths` (undefined: `SELECT *`, the whole item). Pure. */
export function projectSelect(item: Item, paths: readonly ProjectedPath[] | undefined): Item {
  if (paths === undefined) return item;
  const out: Item = emptyRecord<AttributeValue>();
  for (const path of paths) {
    const value = valueAt(item, path.elements);
    if (value !== undefined) out[path.name] = value;
  }
  return out;
}
