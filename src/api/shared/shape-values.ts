/**
 * The AttributeValue shape, and values rendered as AWS renders them inside "Value '...'"
 * (Java's toString of the model objects), within a length budget: rendering stops as soon
 * as the budget is spent, so a value of any size costs a bounded time to quote.
 */
import { boundText, MAX_MESSAGE_LENGTH } from '../../errors.js';
import type { FieldSpec } from './shape.js';

/** An AttributeValue: its members are checked recursively in phase (a). */
export const AttributeValueSpec: FieldSpec = Object.freeze({ type: 'AttributeValue', name: 'AttributeValue' });

/** The members of an AttributeValue, in the order Coral reads them. */
export const attributeValueFields: Readonly<Record<string, FieldSpec>> = Object.freeze({
  S: { type: 'String' },
  N: { type: 'String' },
  B: { type: 'Blob' },
  SS: { type: 'List', of: { type: 'String' } },
  NS: { type: 'List', of: { type: 'String' } },
  BS: { type: 'List', of: { type: 'Blob' } },
  M: { type: 'Map', of: AttributeValueSpec },
  L: { type: 'List', of: AttributeValueSpec },
  NULL: { type: 'Boolean' },
  BOOL: { type: 'Boolean' },
});

export const lowerFirst = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const fieldsOf = (spec: FieldSpec): Readonly<Record<string, FieldSpec>> =>
  spec.type === 'AttributeValue' ? attributeValueFields : (spec.fields ?? {});

/** Java's toString of an AttributeValue: every member, in the model class's order. */
const ATTRIBUTE_VALUE_RENDER: readonly (readonly [string, string | undefined])[] = [
  ['s', 'S'],
  ['n', 'N'],
  ['b', 'B'],
  ['iNT', undefined],
  ['dECIMAL', undefined],
  ['dOUBLE', undefined],
  ['sS', 'SS'],
  ['nS', 'NS'],
  ['bS', 'BS'],
  ['iNTSET', undefined],
  ['dECIMALSET', undefined],
  ['dOUBLESET', undefined],
  ['m', 'M'],
  ['l', 'L'],
  ['nULL', 'NULL'],
  ['bOOL', 'BOOL'],
];

const byteBuffer = (base64: unknown): string => {
  const length = typeof base64 === 'string' ? Buffer.from(base64, 'base64').length : 0;
  return `java.nio.HeapByteBuffer[pos=0 lim=${length} cap=${length}]`;
};

/**
 * Longest rendering of one value in a message, in UTF-16 units: a whole message's worth. A
 * longer one is cut there and ends in "...". A value of any size is rendered in bounded time
 * and space: rendering stops as soon as the budget is spent.
 */
export const MAX_RENDERED_VALUE = MAX_MESSAGE_LENGTH;

/** A string builder that stops taking text at its limit. */
class Rendering {
  #text = '';
  #cut = false;
  constructor(readonly limit: number) {}

  get full(): boolean {
    return this.#cut;
  }

  add(text: string): void {
    if (this.#cut) return;
    const room = this.limit - this.#text.length;
    if (text.length <= room) {
      this.#text += text;
      return;
    }
    this.#text = boundText(this.#text + text.slice(0, room + 1), this.limit);
    this.#cut = true;
  }

  toString(): string {
    return this.#text;
  }
}

/** A scalar as Java prints it (objects never reach here; they would not print). */
const scalarText = (value: unknown): string => (typeof value === 'object' && value !== null ? 'Object' : String(value));

/**
 * Renders a value as AWS does inside "Value '...'" (Java's toString of the model object),
 * at most `limit` characters of it.
 */
export function renderValue(value: unknown, spec?: FieldSpec, limit = MAX_RENDERED_VALUE): string {
  const out = new Rendering(limit);
  render(value, spec, out);
  return out.toString();
}

function render(value: unknown, spec: FieldSpec | undefined, out: Rendering): void {
  if (out.full) return;
  if (value === null || value === undefined) return out.add('null');
  switch (spec?.type) {
    case 'Blob':
      return out.add(byteBuffer(value));
    case 'Integer':
    case 'Long':
      return out.add(typeof value === 'number' ? String(Math.trunc(value)) : scalarText(value));
    case 'AttributeValue':
    case 'Structure': {
      if (!isObject(value)) return out.add(scalarText(value));
      const fields = fieldsOf(spec);
      out.add(`${spec.name ?? 'Object'}(`);
      if (spec.type === 'AttributeValue') {
        ATTRIBUTE_VALUE_RENDER.forEach(([java, wire], i) => {
          out.add(`${i === 0 ? '' : ', '}${java}=`);
          render(wire === undefined ? undefined : value[wire], wire ? fields[wire] : undefined, out);
        });
      } else {
        Object.keys(fields).forEach((wire, i) => {
          out.add(`${i === 0 ? '' : ', '}${lowerFirst(wire)}=`);
          render(value[wire], fields[wire], out);
        });
      }
      return out.add(')');
    }
    default:
      break;
  }
  if (Array.isArray(value)) {
    out.add('[');
    for (let i = 0; i < value.length && !out.full; i++) {
      if (i > 0) out.add(', ');
      render(value[i], spec?.of, out);
    }
    return out.add(']');
  }
  if (isObject(value)) {
    const of = spec?.type === 'Map' ? spec.of : undefined;
    out.add('{');
    let first = true;
    for (const key in value) {
      if (out.full) break;
      out.add(`${first ? '' : ', '}${key}=`);
      first = false;
      render(value[key], of, out);
    }
    return out.add('}');
  }
  out.add(scalarText(value));
}
