/**
 * Requests generated from the operations' own request specs (src/api/request-specs.ts), for
 * tests that must reach every member of every operation: null at every path, an invalid
 * string at every place a string can stand.
 *
 * A case is the operation's minimal request (its required members) plus the branch of
 * members leading to one path, with the value at that path replaced. Values are plausible
 * for a table `NullWalk` (pk S, sk S) so that requests get past the table lookup.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTable } from './tables.js';
import { attributeValueFields, type FieldSpec, type RequestSpec } from '../../src/api/shared/shape.js';

export const WALK_TABLE = 'NullWalk';
/** The table DeleteTable cases name (the first one deletes it). */
export const WALK_DROP_TABLE = 'NullWalkDrop';

/** Creates the tables the generated requests name: pk (S) + sk (S). */
export async function createWalkTables(client: DynamoDBClient): Promise<void> {
  for (const name of [WALK_TABLE, WALK_DROP_TABLE]) await createTable(client, name, 'pk:S sk:S');
}

/** One step of a path: a structure member, a list element (index 0) or a map value. */
export type Step = { kind: 'member'; name: string } | { kind: 'element' } | { kind: 'value'; key: string } | { kind: 'key' };

export interface WalkPath {
  readonly steps: readonly Step[];
  /** The spec of the value at the path (the key spec for a map key). */
  readonly spec: FieldSpec;
  /** Readable, e.g. `TransactItems[0].Put.Item{pk}`. */
  readonly label: string;
  /** The path is an attribute value or inside one (the attribute-value validator's ground). */
  readonly inAttributeValue: boolean;
}

const fieldsOf = (spec: FieldSpec): Readonly<Record<string, FieldSpec>> => (spec.type === 'AttributeValue' ? attributeValueFields : (spec.fields ?? {}));

/** A map key fitting a map member's name (table names, placeholders, key attributes). */
function mapKey(member: string | undefined): string {
  if (member === 'RequestItems') return WALK_TABLE;
  if (member === 'ExpressionAttributeNames') return '#n';
  if (member === 'ExpressionAttributeValues') return ':v';
  return 'pk';
}

/** A plausible value for a member, by its name, then by its spec. */
export function sample(spec: FieldSpec, member: string | undefined, operation: string): unknown {
  switch (member) {
    case 'TableName':
      return operation === 'DeleteTable' ? WALK_DROP_TABLE : WALK_TABLE;
    case 'ResourceArn':
      return `arn:aws:dynamodb:us-east-1:000000000000:table/${WALK_TABLE}`;
    case 'Statement':
      return `SELECT * FROM "${WALK_TABLE}" WHERE pk = 'k'`;
    case 'Key':
    case 'ExclusiveStartKey':
      return { pk: { S: 'k' }, sk: { S: 's' } };
    case 'Item':
      return { pk: { S: 'k' }, sk: { S: 's' } };
    case 'AttributeName':
      return 'pk';
    default:
      break;
  }
  switch (spec.type) {
    case 'String':
      if (spec.enum) return spec.enum[0];
      return 'abc';
    case 'Integer':
    case 'Long':
      return Math.max(spec.min ?? 1, 1);
    case 'Boolean':
      return true;
    case 'Blob':
      return 'AAAA';
    case 'AttributeValue':
      return { S: 'v' };
    case 'List':
      return spec.of ? [sample(spec.of, undefined, operation)] : [];
    case 'Map':
      return spec.of ? { [mapKey(member)]: sample(spec.of, undefined, operation) } : {};
    case 'Structure':
      return minimal(spec.fields ?? {}, operation);
  }
}

/** The required members of a structure (or request), with plausible values. */
export function minimal(fields: Readonly<Record<string, FieldSpec>>, operation: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(fields)) if (field.notNull) out[name] = sample(field, name, operation);
  return out;
}

/**
 * Every path of a request spec: each member, list element, map value and map key, down
 * through structures and lists of structures, and one level into attribute values (M, L
 * and the set types) wherever they stand.
 */
export function walkPaths(spec: RequestSpec): WalkPath[] {
  const out: WalkPath[] = [];
  const visit = (field: FieldSpec, steps: Step[], label: string, member: string | undefined, avDepth: number): void => {
    const inAttributeValue = avDepth > 0 || field.type === 'AttributeValue';
    out.push({ steps, spec: field, label, inAttributeValue });
    switch (field.type) {
      case 'List':
        if (field.of) visit(field.of, [...steps, { kind: 'element' }], `${label}[0]`, undefined, avDepth);
        return;
      case 'Map': {
        const key = mapKey(member);
        out.push({ steps: [...steps, { kind: 'key' }], spec: { type: 'String' }, label: `${label}{key}`, inAttributeValue: avDepth > 0 });
        if (field.of) visit(field.of, [...steps, { kind: 'value', key }], `${label}{${key}}`, undefined, avDepth);
        return;
      }
      case 'AttributeValue':
        if (avDepth >= 2) return;
        for (const [name, f] of Object.entries(attributeValueFields)) visit(f, [...steps, { kind: 'member', name }], `${label}.${name}`, name, avDepth + 1);
        return;
      case 'Structure':
        for (const [name, f] of Object.entries(fieldsOf(field))) visit(f, [...steps, { kind: 'member', name }], `${label}.${name}`, name, avDepth);
        return;
      default:
        return;
    }
  };
  for (const [name, field] of Object.entries(spec)) visit(field, [{ kind: 'member', name }], name, name, 0);
  return out;
}

/** The spec of each step's container, to fill in required siblings along the branch. */
function specAt(root: RequestSpec, steps: readonly Step[], upTo: number): FieldSpec | undefined {
  let spec: FieldSpec | undefined = { type: 'Structure', fields: root };
  for (let i = 0; i < upTo && spec; i++) {
    const step = steps[i];
    spec = step.kind === 'member' ? fieldsOf(spec)[step.name] : spec.of;
  }
  return spec;
}

/** Sentinel for "leave the member out". */
export const ABSENT = Symbol('absent');

/**
 * The minimal request of `operation` with the branch to `path` filled in and `replacement`
 * at the path (ABSENT: the member left out). For a map-key path the map gets one entry
 * whose key is `replacement` (a string).
 */
export function buildCase(operation: string, root: RequestSpec, path: WalkPath, replacement: unknown): Record<string, unknown> {
  const request = minimal(root, operation);
  let container: Record<string, unknown> | unknown[] = request;
  const steps = path.steps;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    const last = i === steps.length - 1;
    const parentSpec = specAt(root, steps, i)!;
    if (step.kind === 'key') {
      const map = container as Record<string, unknown>;
      const [value] = Object.values(map);
      for (const k of Object.keys(map)) delete map[k];
      map[replacement as string] = value ?? sample(parentSpec.of ?? { type: 'String' }, undefined, operation);
      return request;
    }
    const slot: string | number = step.kind === 'member' ? step.name : step.kind === 'value' ? step.key : 0;
    if (last) {
      if (replacement === ABSENT) {
        if (Array.isArray(container)) container.splice(0, 1);
        else delete container[slot as string];
      } else (container as Record<string | number, unknown>)[slot] = replacement;
      return request;
    }
    const childSpec = specAt(root, steps, i + 1)!;
    const memberName = step.kind === 'member' ? step.name : undefined;
    let child = (container as Record<string | number, unknown>)[slot];
    if (child === undefined || child === null || typeof child !== 'object') {
      child = sample(childSpec, memberName, operation);
      (container as Record<string | number, unknown>)[slot] = child;
    }
    // a structure on the branch: its required members too
    if (childSpec.type === 'Structure' && !Array.isArray(child)) {
      for (const [name, value] of Object.entries(minimal(childSpec.fields ?? {}, operation))) {
        if ((child as Record<string, unknown>)[name] === undefined) (child as Record<string, unknown>)[name] = value;
      }
    }
    if (childSpec.type === 'List' && Array.isArray(child) && child.length === 0 && childSpec.of) child.push(sample(childSpec.of, undefined, operation));
    if (childSpec.type === 'Map' && !Array.isArray(child) && steps[i + 1]?.kind === 'value') {
      const key = (steps[i + 1] as { key: string }).key;
      const map = child as Record<string, unknown>;
      if (map[key] === undefined) {
        for (const k of Object.keys(map)) delete map[k];
        map[key] = childSpec.of ? sample(childSpec.of, undefined, operation) : 'x';
      }
    }
    container = child as Record<string, unknown> | unknown[];
  }
  return request;
}
