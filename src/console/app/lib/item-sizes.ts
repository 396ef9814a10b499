/**
 * The sizes of the items of a page, with DynamoDB's rules (model/item-size-rules.ts, the same
 * the server applies), and their distribution over ranges that matter for capacity: a write
 * unit is 1 KB, a read unit 4 KB, an item at most 400 KB.
 */
import type { Item } from '../../../model/attribute-value.js';
import { createItemSizer } from '../../../model/item-size-rules.js';
import { plainNumberParts } from '../../../model/number-parts.js';

const encoder = new TextEncoder();

/** Bytes of base64 text: 3 per 4 characters, less the padding. */
function base64Length(text: string): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return Math.floor((text.length * 3) / 4) - padding;
}

const sizer = createItemSizer({
  utf8Length: (text) => encoder.encode(text).length,
  binaryLength: base64Length,
  // DynamoDB returns every number in plain notation
  numberParts: (text) => {
    const parts = plainNumberParts(text);
    if (parts === undefined) throw new Error(`not a number in plain notation: ${text}`);
    return parts;
  },
});

export const itemSize = sizer.itemSize;

const KB = 1024;
/** Upper bounds of the ranges (inclusive). */
const BOUNDS = [256, KB, 2 * KB, 4 * KB, 8 * KB, 16 * KB, 64 * KB, 400 * KB];

export interface SizeBucket {
  /** Sizes above `from` up to `to` bytes (the first bucket starts at 0). */
  readonly from: number;
  readonly to: number;
  readonly count: number;
}

export interface SizeDistribution {
  /** From the first to the last range holding an item. */
  readonly buckets: SizeBucket[];
  readonly min: number;
  readonly median: number;
  readonly max: number;
  readonly total: number;
}

/** The distribution of the items' sizes; undefined for no items. */
export function sizeDistribution(items: readonly Item[]): SizeDistribution | undefined {
  if (items.length === 0) return undefined;
  const sizes = items.map(itemSize).sort((a, b) => a - b);
  const counts = BOUNDS.map(() => 0);
  for (const size of sizes) counts[Math.max(0, BOUNDS.findIndex((b) => size <= b))]++;
  const first = counts.findIndex((c) => c > 0);
  const last = counts.length - 1 - [...counts].reverse().findIndex((c) => c > 0);
  const buckets = counts.slice(first, last + 1).map((count, i) => ({ from: first + i === 0 ? 0 : BOUNDS[first + i - 1], to: BOUNDS[first + i], count }));
  const mid = sizes.length >> 1;
  const median = sizes.length % 2 === 1 ? sizes[mid] : Math.round((sizes[mid - 1] + sizes[mid]) / 2);
  return { buckets, min: sizes[0], median, max: sizes[sizes.length - 1], total: sizes.reduce((a, b) => a + b, 0) };
}
