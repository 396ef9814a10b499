/**
 * A JSON parser that keeps each number's text (JSON.parse would round 12345678901234567890.5
 * to a double, and DynamoDB numbers carry 38 digits), with errors that say where.
 */

/** A JSON number, as written. */
export class JsonNumber {
  constructor(readonly text: string) {}
}

export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | { [name: string]: JsonValue };

export class JsonSyntaxError extends Error {}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;

/** Parses JSON text; numbers come back as {@link JsonNumber}. */
export function parseJson(text: string): JsonValue {
  let at = 0;

  const fail = (what: string): never => {
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    throw new JsonSyntaxError(`${what} at line ${line}, column ${column}`);
  };
  const skip = () => {
    WHITESPACE.lastIndex = at;
    WHITESPACE.exec(text);
    at = WHITESPACE.lastIndex;
  };
  const expect = (ch: string) => {
    skip();
    if (text[at] !== ch) fail(at >= text.length ? `expected '${ch}' but the text ended` : `expected '${ch}' but found '${text[at]}'`);
    at++;
  };
  const string = (): string => {
    // text[at] is the opening quote; JSON.parse decodes the escapes of one string literal
    let end = at + 1;
    while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
    if (end >= text.length) fail('unterminated string');
    try {
      const value = JSON.parse(text.slice(at, end + 1)) as string;
      at = end + 1;
      return value;
    } catch {
      return fail('invalid string');
    }
  };
  const value = (depth: number): JsonValue => {
    if (depth > 64) fail('nesting deeper than 64 levels');
    skip();
    const ch = text[at];
    if (ch === '{') {
      at++;
      const object: { [name: string]: JsonValue } = {};
      skip();
      if (text[at] === '}') {
        at++;
        return object;
      }
      for (;;) {
        skip();
        if (text[at] !== '"') fail(at >= text.length ? 'the text ended inside an object' : `expected a quoted name but found '${text[at]}'`);
        const name = string();
        if (Object.hasOwn(object, name)) fail(`duplicate name "${name}"`);
        expect(':');
        object[name] = value(depth + 1);
        skip();
        if (text[at] === ',') {
          at++;
          continue;
        }
        expect('}');
        return object;
      }
    }
    if (ch === '[') {
      at++;
      const array: JsonValue[] = [];
      skip();
      if (text[at] === ']') {
        at++;
        return array;
      }
      for (;;) {
        array.push(value(depth + 1));
        skip();
        if (text[at] === ',') {
          at++;
          continue;
        }
        expect(']');
        return array;
      }
    }
    if (ch === '"') return string();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, at)) {
        at += word.length;
        return v;
      }
    }
    NUMBER.lastIndex = at;
    const m = NUMBER.exec(text);
    if (m !== null) {
      at = NUMBER.lastIndex;
      return new JsonNumber(m[0]);
    }
    return fail(at >= text.length ? 'the text ended where a value was expected' : `unexpected '${ch}'`);
  };

  const result = value(0);
  skip();
  if (at < text.length) fail(`unexpected '${text[at]}' after the value`);
  return result;
}
