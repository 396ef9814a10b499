/** A stored item as an engine returns it: text and size at once, the parsed item on first use. */
import type { Item } from '../model/attribute-value.js';
import type { StoredItem } from './types.js';

/**
 * A write that needs only to know the old item exists, or its size (a plain PutItem), and a
 * read that splices the stored text into its response (GetItem), never parse it.
 */
class LazyStoredItem implements StoredItem {
  readonly json: string;
  readonly size: number;
  #item: Item | undefined;

  constructor(json: string, size: number) {
    this.json = json;
    this.size = size;
  }

  get item(): Item {
    return (this.#item ??= JSON.parse(this.json) as Item);
  }
}

export function storedItem(json: string, size: number): StoredItem {
  return new LazyStoredItem(json, size);
}
