/**
 * Item sizes as DynamoDB counts them (the rules are in item-size-rules.ts), measured with
 * Node's Buffer and the server's number parsing, and the 400 KB limit.
 */
import type { Item } from './attribute-value.js';
import { createItemSizer } from './item-size-rules.js';
import { numberParts } from './number.js';
import { validation } from '../errors.js';

/** DynamoDB's item size limit: 400 KB, attribute names included. */
export const MAX_ITEM_SIZE = 400 * 1024;

/** AWS's message when an item is larger than {@link MAX_ITEM_SIZE}. */
export const ITEM_SIZE_MESSAGE = 'Item size has exceeded the maximum allowed size';

export const { numberSize, attributeValueSize, itemSize } = createItemSizer({
  // Buffer.byteLength counts UTF-8 by default; passed as it is, it costs no extra call
  utf8Length: Buffer.byteLength,
  binaryLength: (base64) => Buffer.from(base64, 'base64').length,
  numberParts,
});

/** Throws AWS's ValidationException when the item is larger than {@link MAX_ITEM_SIZE}. */
export function assertItemSize(item: Item): void {
  if (itemSize(item) > MAX_ITEM_SIZE) throw validation(ITEM_SIZE_MESSAGE);
}
