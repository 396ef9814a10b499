/**
 * A bounded FIFO cache keyed by text: parsed expressions (and PartiQL statements) are kept
 * by their text, since parsing and the structural checks depend on the text alone. What a
 * parsed expression resolves to for a request's names and values is kept beside it only
 * while they stay the same (see reuse in index.ts).
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
