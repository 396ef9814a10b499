/**
 * A bounded cache of parsed expressions keyed by their text. Parsing and the structural
 * checks depend on the text alone, so their result can be shared by every request that
 * sends the same expression; resolution against a request's names and values is not cached.
 */

/** FIFO cache with a fixed capacity; `clear()` empties it (for tests). */
export class BoundedCache<V> {
  readonly #entries = new Map<string, V>();

  constructor(readonly capacity: number) {}

  /** The cached value for `key`, computing and storing it on a miss (failures are not cached). */
  get(key: string, compute: () => V): V {
    const hit = this.#entries.get(key);
    if (hit !== undefined) return hit;
    const value = compute();
    if (this.#entries.size >= this.capacity) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, value);
    return value;
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries.clear();
  }
}
