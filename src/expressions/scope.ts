/**
 * The ExpressionAttributeNames / ExpressionAttributeValues of one request, shared by all
 * of its expressions, recording which placeholders were used so that unused ones can be
 * rejected once every expression has been compiled.
 */
import type { AttributeValue } from '../model/attribute-value.js';
import { validation } from '../errors.js';
import { PARAMETER_MESSAGES } from './messages.js';

const NAME_KEY = /^#[A-Za-z0-9_]+$/;
const VALUE_KEY = /^:[A-Za-z0-9_]+$/;

/**
 * Resolution context for one request: tracks which names/values were used across all
 * its expressions. The constructor checks the maps themselves as DynamoDB does (not
 * empty, keys shaped `#name` / `:value`) and throws the ValidationException if not.
 */
export class ExpressionScope {
  readonly #names: Readonly<Record<string, string>> | undefined;
  readonly #values: Readonly<Record<string, AttributeValue>> | undefined;
  readonly #usedNames = new Set<string>();
  readonly #usedValues = new Set<string>();

  /**
   * `checkValues`, when given, validates the values once the map's own shape is checked
   * (a request's ExpressionAttributeValues: attribute values as in items, numbers
   * normalized) and returns what the expressions will use.
   */
  constructor(
    names: Record<string, string> | undefined,
    values: Record<string, AttributeValue> | undefined,
    checkValues?: (values: Record<string, AttributeValue>) => Record<string, AttributeValue>,
  ) {
    if (names !== undefined) {
      const keys = Object.keys(names);
      if (keys.length === 0) throw validation(PARAMETER_MESSAGES.emptyNames);
      for (const key of keys) {
        if (!NAME_KEY.test(key)) throw validation(PARAMETER_MESSAGES.invalidNameKey(key));
        if (names[key] === '') throw validation(PARAMETER_MESSAGES.emptyNameValue(key));
      }
    }
    if (values !== undefined) {
      const keys = Object.keys(values);
      if (keys.length === 0) throw validation(PARAMETER_MESSAGES.emptyValues);
      const bad = keys.find((key) => !VALUE_KEY.test(key));
      if (bad !== undefined) throw validation(PARAMETER_MESSAGES.invalidValueKey(bad));
    }
    this.#names = names;
    this.#values = values !== undefined && checkValues !== undefined ? checkValues(values) : values;
  }

  /** The attribute name `#key` stands for (marking it used), or undefined when not defined. */
  resolveName(key: string): string | undefined {
    this.#usedNames.add(key);
    return this.#names !== undefined && Object.hasOwn(this.#names, key) ? this.#names[key] : undefined;
  }

  /** The attribute value `:key` stands for (marking it used), or undefined when not defined. */
  resolveValue(key: string): AttributeValue | undefined {
    this.#usedValues.add(key);
    return this.#values !== undefined && Object.hasOwn(this.#values, key) ? this.#values[key] : undefined;
  }

  /** Throws the unused-names/values ValidationException if any were not referenced. Call after compiling every expression of the request. */
  assertAllUsed(): void {
    const unusedNames = Object.keys(this.#names ?? {}).filter((key) => !this.#usedNames.has(key));
    if (unusedNames.length > 0) throw validation(PARAMETER_MESSAGES.unusedNames(unusedNames));
    const unusedValues = Object.keys(this.#values ?? {}).filter((key) => !this.#usedValues.has(key));
    if (unusedValues.length > 0) throw validation(PARAMETER_MESSAGES.unusedValues(unusedValues));
  }
}
