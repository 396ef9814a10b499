/**
 * Some DynamoDB messages list attribute names out of a java.util.HashSet, e.g. the
 * "keys used: [a, sk, pk]" of CreateTable's "Some AttributeDefinitions are not used":
 * the order is the set's iteration order, not the request's. Reproducing it is cheap:
 * a HashSet of n strings iterates its buckets in index order, where a string's bucket is
 * (h ^ (h >>> 16)) & (capacity - 1) for its String.hashCode h, the capacity doubling
 * from 16 whenever the set grows past three quarters of it; strings sharing a bucket
 * come in insertion order (Java 8+ keeps that order when it resizes).
 */

/** Java's String.hashCode: 31-polynomial over UTF-16 code units, in 32-bit arithmetic. */
export function javaStringHash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

/** The names, without duplicates, in the order a java.util.HashSet built from them iterates. */
export function javaHashSetOrder(names: Iterable<string>): string[] {
  const unique = [...new Set(names)];
  let capacity = 16;
  while (unique.length > capacity * 0.75) capacity *= 2;
  const bucket = (name: string): number => {
    const h = javaStringHash(name);
    return (h ^ (h >>> 16)) & (capacity - 1);
  };
  return unique
    .map((name, position) => ({ name, position, bucket: bucket(name) }))
    .sort((a, b) => a.bucket - b.bucket || a.position - b.position)
    .map((entry) => entry.name);
}
