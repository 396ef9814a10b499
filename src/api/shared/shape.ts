/**
 * Declarative request-shape checking, in the two phases DynamoDB's Coral framework uses:
 *
 * (a) Serialization: the first member (in document order) whose JSON type does not fit
 *     its spec throws a SerializationException with Coral's message. Unknown members are
 *     ignored, and a JSON null is the same as an absent member.
 * (b) Constraints: every failure over the whole request is gathered into one
 *     ValidationException, "N validation error(s) detected: Value <v> at '<path>' failed
 *     to satisfy constraint: <rule>; ...". Paths use AWS's lowerCamelCase member names
 *     (`keySchema.1.member.attributeName`); values are rendered as Java's toString does.
 *
 * Messages come from DynamoDB's answers as recorded by tests run against it (dynalite's
 * test suite, nubo-db/dynamodb-conformance captures).
 */
import { constraintViolations, serialization } from '../../errors.js';
import { BLOB_MESSAGES, base64Problem } from '../../model/validate.js';

/** The shape types of DynamoDB's API model that requests use. */
export type FieldType =
  | 'String'
  | 'Integer'
  | 'Long'
  | 'Boolean'
  | 'Blob'
  | 'AttributeValue'
  | 'Map'
  | 'List'
  | 'Structure';

/** One member's shape and constraints. */
export type FieldSpec = {
  readonly type: FieldType;
  /** Absent (or null) is a constraint failure: "Member must not be null". */
  readonly notNull?: boolean;
  /** String length (UTF-16 units, as Java counts), List/Map size, Blob bytes. */
  readonly minLength?: number;
  readonly maxLength?: number;
  /** Whole-string pattern (a string is read in unicode mode, so `\\p{L}` works); reported with its source text. */
  readonly pattern?: RegExp | string;
  readonly enum?: readonly string[];
  /** Integer/Long value range. */
  readonly min?: number;
  readonly max?: number;
  /** List element or Map value. */
  readonly of?: FieldSpec;
  /** Map key constraints, reported together as "Map keys must satisfy constraint: [...]". */
  readonly keyMinLength?: number;
  readonly keyMaxLength?: number;
  readonly keyPattern?: RegExp | string;
  /** Structure members, keyed by PascalCase wire name. */
  readonly fields?: Readonly<Record<string, FieldSpec>>;
  /** Structure: the API shape name AWS puts in messages (e.g. 'KeySchemaElement'). */
  readonly name?: string;
  /**
   * Rules beyond the declarative ones, run only when those pass: returns the texts of
   * the failing rules (e.g. TableName's rules for a name that is not an ARN).
   */
  readonly refine?: (value: unknown) => readonly string[];
};

/** Top-level members of a request, keyed by their PascalCase wire name. */
export type RequestSpec = Readonly<Record<string, FieldSpec>>;

/** The JSON token names Coral uses in "X cannot be converted to Y". */
type JsonToken = 'STRING_VALUE' | 'NUMBER_VALUE' | 'DECIMAL_VALUE' | 'TRUE_VALUE' | 'FALSE_VALUE';

/** Coral's SerializationException texts. */
export const SERIALIZATION_MESSAGES = {
  startOfStructure: 'Start of structure or map found where not expected',
  unexpectedField: 'Unexpected field type',
  unexpectedValue: 'Unexpected value type in payload',
  unexpectedToken: 'Unexpected token received from parser',
  notBase64: 'only base-64-encoded strings are convertible to bytes',
  cannotConvert: (token: JsonToken, target: string) => `${token} cannot be converted to ${target}`,
  unrecognizedCollection: (javaType: string) => `Unrecognized collection type ${javaType}`,
  /** A List or Map nested in a List or Map, given a scalar. */
  parameterizedType:
    'class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl cannot be cast to class java.lang.Class ' +
    '(sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl and java.lang.Class are in module java.base ' +
    "of loader 'bootstrap')",
  base64Length: BLOB_MESSAGES.length,
  base64LastCharacter: BLOB_MESSAGES.lastCharacter,
  base64Character: BLOB_MESSAGES.character,
} as const;

/** The rule texts of constraint failures. */
export const CONSTRAINT_RULES = {
  notNull: 'Member must not be null',
  pattern: (pattern: string) => `Member must satisfy regular expression pattern: ${pattern}`,
  minLength: (n: number) => `Member must have length greater than or equal to ${n}`,
  maxLength: (n: number) => `Member must have length less than or equal to ${n}`,
  min: (n: number) => `Member must have value greater than or equal to ${n}`,
  max: (n: number) => `Member must have value less than or equal to ${n}`,
  enum: (values: readonly string[]) => `Member must satisfy enum value set: [${values.join(', ')}]`,
  mapKeys: (rules: readonly string[]) => `Map keys must satisfy constraint: [${rules.join(', ')}]`,
  mapValue: (rules: readonly string[]) => `Map value must satisfy constraint: [${rules.join(', ')}]`,
  members: (rules: readonly string[]) => `Member must satisfy constraint: [${rules.join(', ')}]`,
} as const;

/** One constraint failure as AWS words it. */
export const constraintFailure = (rendered: string | null, path: string, rule: string): string =>
  `Value ${rendered === null ? 'null' : `'${rendered}'`} at '${path}' failed to satisfy constraint: ${rule}`;

// ================================================================ specs

const MODEL_PACKAGE = 'com.amazonaws.dynamodb.v20120810.';

/** An AttributeValue: its members are checked recursively in phase (a). */
export const AttributeValueSpec: FieldSpec = Object.freeze({ type: 'AttributeValue', name: 'AttributeValue' });

/** The members of an AttributeValue, in the order Coral reads them. */
const attributeValueFields: Readonly<Record<string, FieldSpec>> = Object.freeze({
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

// ================================================================ helpers

const lowerFirst = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const fieldsOf = (spec: FieldSpec): Readonly<Record<string, FieldSpec>> =>
  spec.type === 'AttributeValue' ? attributeValueFields : (spec.fields ?? {});

/** The Java type Coral deserializes a spec into, as its messages name it. */
function javaType(spec: FieldSpec | undefined): string {
  switch (spec?.type) {
    case 'String':
      return 'java.lang.String';
    case 'Boolean':
      return 'java.lang.Boolean';
    case 'Integer':
      return 'java.lang.Integer';
    case 'Long':
      return 'java.lang.Long';
    case 'Blob':
      return 'java.nio.ByteBuffer';
    case 'List':
      return `java.util.List<${javaType(spec.of)}>`;
    case 'Map':
      return `java.util.Map<java.lang.String, ${javaType(spec.of)}>`;
    case 'Structure':
    case 'AttributeValue':
      return MODEL_PACKAGE + (spec.name ?? 'Object');
    default:
      return 'java.lang.Object';
  }
}

const patternSource = (pattern: RegExp | string): string => (typeof pattern === 'string' ? pattern : pattern.source);

/** The whole-string form of each spec pattern, built once (specs are constants). */
const anchoredPatterns = new Map<RegExp | string, RegExp>();

const patternMatches = (pattern: RegExp | string, value: string): boolean => {
  let anchored = anchoredPatterns.get(pattern);
  if (anchored === undefined) {
    anchored = new RegExp(`^(?:${patternSource(pattern)})$`, typeof pattern === 'string' ? 'u' : pattern.flags.replace(/[gy]/g, ''));
    anchoredPatterns.set(pattern, anchored);
  }
  return anchored.test(value);
};

// ================================================================ phase (a): serialization

/** A member of a structure ('field') or an element of a List/Map ('nested'). */
type Position = 'field' | 'nested';

type JsonKind = 'string' | 'integer' | 'decimal' | 'true' | 'false' | 'array' | 'object';

function jsonKind(v: unknown): JsonKind {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'decimal';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return Array.isArray(v) ? 'array' : 'object';
}

const TOKENS: Record<JsonKind, JsonToken | undefined> = {
  string: 'STRING_VALUE',
  integer: 'NUMBER_VALUE',
  decimal: 'DECIMAL_VALUE',
  true: 'TRUE_VALUE',
  false: 'FALSE_VALUE',
  array: undefined,
  object: undefined,
};

/** Documents deeper than this are not descended into here: the nesting check rejects them. */
const MAX_SHAPE_DEPTH = 128;

const MSG = SERIALIZATION_MESSAGES;

/** The message for a scalar JSON value where a String/Boolean/Integer/Long/Blob is expected. */
function scalarMismatch(kind: JsonKind, spec: FieldSpec): string | undefined {
  const target = spec.type;
  if (kind === 'object') return MSG.startOfStructure;
  if (kind === 'array') return MSG.unrecognizedCollection(`class ${javaType(spec)}`);
  switch (target) {
    case 'String':
      return kind === 'string' ? undefined : MSG.cannotConvert(TOKENS[kind] as JsonToken, 'String');
    case 'Boolean':
      if (kind === 'true' || kind === 'false') return undefined;
      return kind === 'string' ? MSG.unexpectedToken : MSG.cannotConvert(TOKENS[kind] as JsonToken, 'Boolean');
    case 'Integer':
    case 'Long':
      return kind === 'integer' || kind === 'decimal' ? undefined : MSG.cannotConvert(TOKENS[kind] as JsonToken, target);
    case 'Blob':
      return kind === 'string' ? undefined : MSG.notBase64;
    default:
      return undefined;
  }
}

function checkType(value: unknown, spec: FieldSpec, position: Position, depth: number): void {
  if (value === null || value === undefined) return;
  const kind = jsonKind(value);
  switch (spec.type) {
    case 'List':
      if (kind === 'object') throw serialization(MSG.startOfStructure);
      if (kind !== 'array') throw serialization(position === 'field' ? MSG.unexpectedField : MSG.parameterizedType);
      if (spec.of) for (const element of value as unknown[]) checkType(element, spec.of, 'nested', depth);
      return;
    case 'Map':
      if (kind === 'array') throw serialization(MSG.unrecognizedCollection(javaType(spec)));
      if (kind !== 'object') throw serialization(position === 'field' ? MSG.unexpectedField : MSG.parameterizedType);
      if (spec.of) for (const entry of Object.values(value as object)) checkType(entry, spec.of, 'nested', depth);
      return;
    case 'Structure':
    case 'AttributeValue': {
      if (kind === 'array') throw serialization(MSG.unrecognizedCollection(`class ${javaType(spec)}`));
      if (kind !== 'object') throw serialization(position === 'field' ? MSG.unexpectedField : MSG.unexpectedValue);
      if (depth >= MAX_SHAPE_DEPTH) return;
      checkMembers(value as Record<string, unknown>, fieldsOf(spec), depth + 1);
      return;
    }
    case 'Blob': {
      const problem = scalarMismatch(kind, spec) ?? base64Problem(value as string);
      if (problem !== undefined) throw serialization(problem);
      return;
    }
    default: {
      const problem = scalarMismatch(kind, spec);
      if (problem !== undefined) throw serialization(problem);
    }
  }
}

function checkMembers(object: Record<string, unknown>, fields: Readonly<Record<string, FieldSpec>>, depth: number): void {
  for (const name of Object.keys(object)) {
    const field = fields[name];
    if (field !== undefined) checkType(object[name], field, 'field', depth);
  }
}

/**
 * Phase (a) for one raw attribute value (e.g. a PartiQL parameter): throws the
 * SerializationException DynamoDB answers for a wrong JSON type anywhere inside it.
 */
export function checkAttributeValueShape(value: unknown): void {
  checkType(value, AttributeValueSpec, 'nested', 0);
}

// ================================================================ rendering

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

/** Renders a value as AWS does inside "Value '...'" (Java's toString of the model object). */
export function renderValue(value: unknown, spec?: FieldSpec): string {
  if (value === null || value === undefined) return 'null';
  switch (spec?.type) {
    case 'Blob':
      return byteBuffer(value);
    case 'Integer':
    case 'Long':
      return typeof value === 'number' ? String(Math.trunc(value)) : String(value);
    case 'AttributeValue':
    case 'Structure': {
      if (!isObject(value)) return String(value);
      const fields = fieldsOf(spec);
      const members =
        spec.type === 'AttributeValue'
          ? ATTRIBUTE_VALUE_RENDER.map(([java, wire]) => [java, wire === undefined ? undefined : value[wire], wire] as const)
          : Object.keys(fields).map((wire) => [lowerFirst(wire), value[wire], wire] as const);
      const body = members.map(([java, v, wire]) => `${java}=${renderValue(v, wire ? fields[wire] : undefined)}`);
      return `${spec.name ?? 'Object'}(${body.join(', ')})`;
    }
    default:
      break;
  }
  if (Array.isArray(value)) return `[${value.map((v) => renderValue(v, spec?.of)).join(', ')}]`;
  if (isObject(value)) {
    const of = spec?.type === 'Map' ? spec.of : undefined;
    return `{${Object.keys(value)
      .map((k) => `${k}=${renderValue(value[k], of)}`)
      .join(', ')}}`;
  }
  return String(value);
}

// ================================================================ phase (b): constraints

/** The size a length constraint measures. */
function lengthOf(value: unknown, spec: FieldSpec): number | undefined {
  if (spec.type === 'String' && typeof value === 'string') return value.length;
  if (spec.type === 'Blob' && typeof value === 'string') return Buffer.from(value, 'base64').length;
  if (spec.type === 'List' && Array.isArray(value)) return value.length;
  if (spec.type === 'Map' && isObject(value)) return Object.keys(value).length;
  return undefined;
}

/** The failing declarative rules of a non-null value, in the order AWS lists separate errors. */
function declaredFailures(value: unknown, spec: FieldSpec): string[] {
  const failures: string[] = [];
  if (spec.pattern !== undefined && typeof value === 'string' && !patternMatches(spec.pattern, value)) {
    failures.push(CONSTRAINT_RULES.pattern(patternSource(spec.pattern)));
  }
  const length = lengthOf(value, spec);
  if (length !== undefined) {
    if (spec.minLength !== undefined && length < spec.minLength) failures.push(CONSTRAINT_RULES.minLength(spec.minLength));
    if (spec.maxLength !== undefined && length > spec.maxLength) failures.push(CONSTRAINT_RULES.maxLength(spec.maxLength));
  }
  if (typeof value === 'number') {
    const n = Math.trunc(value);
    if (spec.min !== undefined && n < spec.min) failures.push(CONSTRAINT_RULES.min(spec.min));
    if (spec.max !== undefined && n > spec.max) failures.push(CONSTRAINT_RULES.max(spec.max));
  }
  if (spec.enum !== undefined && typeof value === 'string' && !spec.enum.includes(value)) {
    failures.push(CONSTRAINT_RULES.enum(spec.enum));
  }
  return failures;
}

/** Failing rules of a non-null value: the declared ones, else the refinements. */
function ownFailures(value: unknown, spec: FieldSpec): readonly string[] {
  const failures = declaredFailures(value, spec);
  return failures.length > 0 || spec.refine === undefined ? failures : spec.refine(value);
}

/** Every rule of a spec, in the order AWS lists them inside "[...]". */
function allRules(spec: FieldSpec): string[] {
  const rules: string[] = [];
  if (spec.maxLength !== undefined) rules.push(CONSTRAINT_RULES.maxLength(spec.maxLength));
  if (spec.minLength !== undefined) rules.push(CONSTRAINT_RULES.minLength(spec.minLength));
  if (spec.max !== undefined) rules.push(CONSTRAINT_RULES.max(spec.max));
  if (spec.min !== undefined) rules.push(CONSTRAINT_RULES.min(spec.min));
  if (spec.pattern !== undefined) rules.push(CONSTRAINT_RULES.pattern(patternSource(spec.pattern)));
  if (spec.enum !== undefined) rules.push(CONSTRAINT_RULES.enum(spec.enum));
  if (spec.notNull) rules.push(CONSTRAINT_RULES.notNull);
  return rules;
}

const keySpecOf = (spec: FieldSpec): FieldSpec => ({
  type: 'String',
  minLength: spec.keyMinLength,
  maxLength: spec.keyMaxLength,
  pattern: spec.keyPattern,
});

/** Whether an element/value fails its own rules (null counts when it must not be null). */
const elementFails = (value: unknown, spec: FieldSpec): boolean =>
  value === null || value === undefined ? spec.notNull === true : ownFailures(value, spec).length > 0;

/** Whether failures of this spec's descendants are reported under `<path>.<i>.member`. */
const hasChildren = (spec: FieldSpec): boolean =>
  spec.type === 'Structure' || spec.type === 'List' || spec.type === 'Map';

function collect(value: unknown, spec: FieldSpec, path: string, out: string[]): void {
  if (value === null || value === undefined) {
    if (spec.notNull) out.push(constraintFailure(null, path, CONSTRAINT_RULES.notNull));
    return;
  }
  const failures = ownFailures(value, spec);
  if (failures.length > 0) {
    const rendered = renderValue(value, spec);
    for (const rule of failures) out.push(constraintFailure(rendered, path, rule));
  }
  collectChildren(value, spec, path, out);
}

function collectChildren(value: unknown, spec: FieldSpec, path: string, out: string[]): void {
  switch (spec.type) {
    case 'Structure':
      if (isObject(value)) collectFields(value, spec.fields ?? {}, `${path}.`, out);
      return;
    case 'List': {
      const of = spec.of;
      if (!Array.isArray(value) || of === undefined) return;
      if (value.some((element) => elementFails(element, of))) {
        out.push(constraintFailure(renderValue(value, spec), path, CONSTRAINT_RULES.members(allRules(of))));
      }
      if (hasChildren(of)) {
        value.forEach((element, i) => {
          if (element !== null && element !== undefined) collectChildren(element, of, `${path}.${i + 1}.member`, out);
        });
      }
      return;
    }
    case 'Map': {
      if (!isObject(value)) return;
      const keySpec = keySpecOf(spec);
      if (Object.keys(value).some((key) => declaredFailures(key, keySpec).length > 0)) {
        out.push(constraintFailure(renderValue(value, spec), path, CONSTRAINT_RULES.mapKeys(allRules(keySpec))));
      }
      const of = spec.of;
      if (of === undefined) return;
      if (Object.values(value).some((entry) => elementFails(entry, of))) {
        out.push(constraintFailure(renderValue(value, spec), path, CONSTRAINT_RULES.mapValue(allRules(of))));
      }
      if (hasChildren(of)) {
        for (const key of Object.keys(value)) {
          const entry = value[key];
          if (entry !== null && entry !== undefined) collectChildren(entry, of, `${path}.${key}.member`, out);
        }
      }
      return;
    }
    default:
      return;
  }
}

function collectFields(
  object: Record<string, unknown>,
  fields: Readonly<Record<string, FieldSpec>>,
  prefix: string,
  out: string[],
): void {
  for (const name of Object.keys(fields)) collect(object[name], fields[name], prefix + lowerFirst(name), out);
}

/** Phase (b) alone: every constraint failure of a request that passed phase (a), in spec order. */
export function constraintFailures(body: Record<string, unknown>, spec: RequestSpec): string[] {
  const out: string[] = [];
  collectFields(body, spec, '', out);
  return out;
}

/**
 * Checks a request body against its spec: throws a SerializationException for the first
 * member of the wrong JSON type, else one ValidationException listing every constraint
 * failure. Integer/Long members accept decimals (AWS truncates them): read them with
 * Math.trunc.
 */
export function checkShape(body: Record<string, unknown>, spec: RequestSpec): void {
  checkMembers(body, spec, 0);
  const failures = constraintFailures(body, spec);
  if (failures.length > 0) throw constraintViolations(failures);
}
