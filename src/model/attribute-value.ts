/**
 * DynamoDB attribute values exactly as they travel on the wire (DynamoDB JSON).
 * B and BS hold base64 text; N and NS hold decimal text (normalized once validated).
 */
export type AttributeValue =
  | { S: string }
  | { N: string }
  | { B: string }
  | { BOOL: boolean }
  | { NULL: true }
  | { M: Item }
  | { L: AttributeValue[] }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: string[] };

export type Item = Record<string, AttributeValue>;

export type AttributeType = 'S' | 'N' | 'B' | 'BOOL' | 'NULL' | 'M' | 'L' | 'SS' | 'NS' | 'BS';
export type ScalarKeyType = 'S' | 'N' | 'B';

export const ATTRIBUTE_TYPES: readonly AttributeType[] = ['S', 'N', 'B', 'BOOL', 'NULL', 'M', 'L', 'SS', 'NS', 'BS'];

/** The single type tag of a validated attribute value. */
export function typeOf(value: AttributeValue): AttributeType {
  for (const key in value) return key as AttributeType;
  throw new Error('empty attribute value');
}

/** The payload of a validated attribute value, whatever its type. */
export function payloadOf(value: AttributeValue): unknown {
  for (const key in value) return (value as Record<string, unknown>)[key];
  return undefined;
}
