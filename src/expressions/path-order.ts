/**
 * DynamoDB keeps the paths of an update or projection in hash maps and, when it reports
 * an overlap or conflict, names the existing path by walking each map's *first* entry.
 * That is Java HashMap iteration order, reproduced here so the "path two" of those
 * messages matches when a level holds several keys.
 */
import type { PathElement } from './ast.js';

/** Java's String.hashCode (UTF-16 code units, 32-bit overflow). */
function javaStringHash(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(31, hash) + text.charCodeAt(i)) | 0;
  return hash;
}

/** The hash of a path element: commons-lang HashCodeBuilder(8191, 127) over the name or index. */
function elementHash(element: PathElement): number {
  const own = typeof element === 'number' ? element : javaStringHash(element);
  return (8191 * 127 + own) | 0;
}

/** The bucket Java's HashMap puts a key in, for a table of `capacity` buckets. */
function bucket(element: PathElement, capacity: number): number {
  const hash = elementHash(element);
  return (hash ^ (hash >>> 16)) & (capacity - 1);
}

/** The table size of a Java HashMap holding `size` entries (default capacity 16, load factor 0.75). */
function capacityFor(size: number): number {
  let capacity = 16;
  while (size > capacity * 0.75) capacity *= 2;
  return capacity;
}

/** The key a Java HashMap holding `keys` (in insertion order) would iterate first. */
export function firstInHashOrder(keys: readonly PathElement[]): PathElement {
  const capacity = capacityFor(keys.length);
  let first = keys[0];
  let firstBucket = bucket(first, capacity);
  for (const key of keys.slice(1)) {
    const candidate = bucket(key, capacity);
    if (candidate < firstBucket) {
      first = key;
      firstBucket = candidate;
    }
  }
  return first;
}
