import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DynamoDBError } from '../errors.js';
import type { AttributeValue, Item } from '../model/attribute-value.js';
import { applyUpdate, checkUpdateKeys, checkUpdateNames, compileUpdate, ExpressionScope, updatedAttributes, updateOfMissingItem } from './index.js';

const VALUES: Record<string, AttributeValue> = {
  ':s': { S: 'new' },
  ':n1': { N: '1' },
  ':n2': { N: '2' },
  ':n5': { N: '5' },
  ':neg': { N: '-0.5' },
  ':big': { N: '9.99999999999999999999999999999999999999E+125' },
  ':l': { L: [{ S: 'z' }] },
  ':empty': { L: [] },
  ':ss': { SS: ['b', 'c'] },
  ':ss2': { SS: ['a', 'b'] },
  ':ssAll': { SS: ['a', 'b', 'x'] },
  ':ns': { NS: ['1.0', '3'] },
  ':bs': { BS: ['Ag==', 'Aw=='] },
  ':m': { M: { k: { S: 'v' } } },
};

const ITEM: Item = {
  pk: { S: 'key' },
  s: { S: 'old' },
  n: { N: '10' },
  l: { L: [{ S: 'a' }, { S: 'b' }, { S: 'c' }, { S: 'd' }] },
  m: { M: { a: { N: '1' }, kid: { M: { x: { S: 'y' } } }, arr: { L: [{ N: '0' }] } } },
  ss: { SS: ['a', 'x'] },
  ns: { NS: ['1', '2'] },
  bs: { BS: ['AQ==', 'Ag=='] },
};

const update = (text: string, names?: Record<string, string>) => compileUpdate(text, new ExpressionScope(names, VALUES));
const apply = (text: string, item: Item | undefined, keys: readonly string[] = ['pk']) => applyUpdate(update(text), item, keys);
const after = (text: string, item: Item = ITEM) => apply(text, item).item;

/** `item` 'none' stands for an item that does not exist yet. */
function rejects(text: string, message: string, item: Item | 'none' = ITEM): void {
  assert.throws(
    () => apply(text, item === 'none' ? undefined : item),
    (e: unknown) => e instanceof DynamoDBError && e.code === 'ValidationException' && e.message === message,
  );
}

describe('SET', () => {
  test('adds and replaces top-level attributes', () => {
    const item = after('SET s = :s, fresh = :n1');
    assert.deepEqual(item.s, { S: 'new' });
    assert.deepEqual(item.fresh, { N: '1' });
  });
  test('copies from other attributes, read before the update', () => {
    const item = after('SET s = n, n = s, dup = m.kid');
    assert.deepEqual(item.s, { N: '10' });
    assert.deepEqual(item.n, { S: 'old' });
    assert.deepEqual(item.dup, { M: { x: { S: 'y' } } });
  });
  test('nested map members', () => {
    const item = after('SET m.a = :n2, m.kid.z = :s, m.added = :m');
    assert.deepEqual(item.m, { M: { a: { N: '2' }, kid: { M: { x: { S: 'y' }, z: { S: 'new' } } }, arr: { L: [{ N: '0' }] }, added: { M: { k: { S: 'v' } } } } });
  });
  test('list elements: replace in place, past the end appends', () => {
    assert.deepEqual(after('SET l[1] = :s').l, { L: [{ S: 'a' }, { S: 'new' }, { S: 'c' }, { S: 'd' }] });
    assert.deepEqual(after('SET l[10] = :s').l, { L: [{ S: 'a' }, { S: 'b' }, { S: 'c' }, { S: 'd' }, { S: 'new' }] });
    assert.deepEqual(after('SET l[7] = :s, l[5] = :n1').l, { L: [{ S: 'a' }, { S: 'b' }, { S: 'c' }, { S: 'd' }, { N: '1' }, { S: 'new' }] });
    assert.deepEqual(after('SET m.arr[0] = :n5').m, { M: { a: { N: '1' }, kid: { M: { x: { S: 'y' } } }, arr: { L: [{ N: '5' }] } } });
  });
  test('arithmetic is exact', () => {
    assert.deepEqual(after('SET n = n + :n1').n, { N: '11' });
    assert.deepEqual(after('SET n = n - :neg').n, { N: '10.5' });
    assert.deepEqual(after('SET n = :n1 - n').n, { N: '-9' });
    assert.deepEqual(after('SET x = :n2 + :n5').x, { N: '7' });
  });
  test('if_not_exists', () => {
    assert.deepEqual(after('SET n = if_not_exists(n, :n1)').n, { N: '10' });
    assert.deepEqual(after('SET c = if_not_exists(c, :n1)').c, { N: '1' });
    assert.deepEqual(after('SET c = if_not_exists(c, :n1) + :n2').c, { N: '3' });
    assert.deepEqual(after('SET n = if_not_exists(n, :n1) - :n1').n, { N: '9' });
    assert.deepEqual(after('SET c = if_not_exists(c, if_not_exists(n, :n5))').c, { N: '10' });
    assert.deepEqual(after('SET c = if_not_exists(m.a, :s)').c, { N: '1' });
  });
  test('list_append, both orders', () => {
    assert.deepEqual(after('SET l = list_append(l, :l)').l, { L: [{ S: 'a' }, { S: 'b' }, { S: 'c' }, { S: 'd' }, { S: 'z' }] });
    assert.deepEqual(after('SET l = list_append(:l, l)').l, { L: [{ S: 'z' }, { S: 'a' }, { S: 'b' }, { S: 'c' }, { S: 'd' }] });
    assert.deepEqual(after('SET c = list_append(if_not_exists(c, :empty), :l)').c, { L: [{ S: 'z' }] });
    assert.deepEqual(after('SET c = list_append(:l, :l)').c, { L: [{ S: 'z' }, { S: 'z' }] });
  });
  test('errors', () => {
    rejects('SET c = absent', 'The provided expression refers to an attribute that does not exist in the item');
    rejects('SET c = absent + :n1', 'The provided expression refers to an attribute that does not exist in the item');
    rejects('SET c = list_append(absent, :l)', 'The provided expression refers to an attribute that does not exist in the item');
    rejects('SET c = if_not_exists(c, absent)', 'The provided expression refers to an attribute that does not exist in the item');
    rejects('SET c = s + :n1', 'An operand in the update expression has an incorrect data type');
    rejects('SET c = :n1 - ss', 'An operand in the update expression has an incorrect data type');
    rejects('SET c = list_append(s, :l)', 'An operand in the update expression has an incorrect data type');
    rejects('SET c = list_append(:l, m)', 'An operand in the update expression has an incorrect data type');
    rejects('SET n = :big + :big', 'Number overflow. Attempting to store a number with magnitude larger than supported range');
    // more than 38 digits from arithmetic: AWS reports it with its overflow text
    rejects('SET n = n + :big', 'Number overflow. Attempting to store a number with magnitude larger than supported range');
  });
  test('operands are checked left to right: a missing left operand wins over a bad right one', () =>
    rejects('SET c = absent + s', 'The provided expression refers to an attribute that does not exist in the item'));
});

describe('REMOVE', () => {
  test('top-level and nested attributes', () => {
    const item = after('REMOVE s, m.kid.x, m.a');
    assert.equal(item.s, undefined);
    assert.deepEqual(item.m, { M: { kid: { M: {} }, arr: { L: [{ N: '0' }] } } });
  });
  test('missing attributes are no-ops', () => {
    assert.deepEqual(after('REMOVE absent, m.absent, l[10]'), ITEM);
  });
  test('list elements: the list shifts; indexes refer to the list before the update', () => {
    assert.deepEqual(after('REMOVE l[1]').l, { L: [{ S: 'a' }, { S: 'c' }, { S: 'd' }] });
    assert.deepEqual(after('REMOVE l[0], l[1]').l, { L: [{ S: 'c' }, { S: 'd' }] });
    assert.deepEqual(after('REMOVE l[3], l[1]').l, { L: [{ S: 'a' }, { S: 'c' }] });
    assert.deepEqual(after('REMOVE l[0] SET l[1] = :s').l, { L: [{ S: 'new' }, { S: 'c' }, { S: 'd' }] });
    assert.deepEqual(after('REMOVE l[0], l[1], l[2], l[3]').l, { L: [] });
  });
});

describe('ADD', () => {
  test('numbers', () => {
    assert.deepEqual(after('ADD n :n5').n, { N: '15' });
    assert.deepEqual(after('ADD n :neg').n, { N: '9.5' });
    assert.deepEqual(after('ADD fresh :n5').fresh, { N: '5' });
    assert.deepEqual(after('ADD m.a :n1').m, { M: { a: { N: '2' }, kid: { M: { x: { S: 'y' } } }, arr: { L: [{ N: '0' }] } } });
  });
  test('creates a missing attribute, including a new list element', () => {
    assert.deepEqual(after('ADD fresh :ss').fresh, { SS: ['b', 'c'] });
    assert.deepEqual(after('ADD m.tally :n1').m, { M: { a: { N: '1' }, kid: { M: { x: { S: 'y' } } }, arr: { L: [{ N: '0' }] }, tally: { N: '1' } } });
    assert.deepEqual(after('ADD l[9] :n1').l, { L: [{ S: 'a' }, { S: 'b' }, { S: 'c' }, { S: 'd' }, { N: '1' }] });
  });
  test('set union keeps existing members and adds the new ones', () => {
    assert.deepEqual(after('ADD ss :ss').ss, { SS: ['a', 'x', 'b', 'c'] });
    assert.deepEqual(after('ADD ns :ns').ns, { NS: ['1', '2', '3'] });
    assert.deepEqual(after('ADD bs :bs').bs, { BS: ['AQ==', 'Ag==', 'Aw=='] });
    const same = { SS: ['a', 'x'] };
    assert.deepEqual(after('ADD ss :ss2', { ...ITEM, ss: same }).ss, { SS: ['a', 'x', 'b'] });
  });
  test('type mismatches', () => {
    rejects('ADD s :n1', 'An operand in the update expression has an incorrect data type');
    rejects('ADD n :ss', 'An operand in the update expression has an incorrect data type');
    rejects('ADD ss :ns', 'An operand in the update expression has an incorrect data type');
  });
});

describe('DELETE', () => {
  test('removes members; numbers compare numerically', () => {
    assert.deepEqual(after('DELETE ss :ss2').ss, { SS: ['x'] });
    assert.deepEqual(after('DELETE ns :ns').ns, { NS: ['2'] });
    assert.deepEqual(after('DELETE bs :bs').bs, { BS: ['AQ=='] });
  });
  test('a set left empty disappears', () => assert.equal(after('DELETE ss :ssAll').ss, undefined));
  test('missing attributes are no-ops', () => assert.deepEqual(after('DELETE absent :ss, m.absent :ss'), ITEM));
  test('type mismatches', () => {
    rejects('DELETE ns :ss', 'An operand in the update expression has an incorrect data type');
    rejects('DELETE s :ss', 'An operand in the update expression has an incorrect data type');
  });
});

describe('document paths that cannot be updated', () => {
  const invalid = 'The document path provided in the update expression is invalid for update';
  const cases = [
    'SET absent.a = :s',
    'SET absent[1] = :s',
    'SET s.a = :s',
    'SET s[0] = :s',
    'SET m[0] = :s',
    'SET l.a = :s',
    'SET m.absent.deep = :s',
    'REMOVE absent.a',
    'REMOVE absent[1]',
    'REMOVE s.a',
    'REMOVE m[1]',
    'ADD absent.a :n1',
    'ADD m[1] :n1',
    'DELETE absent.a :ss',
    'DELETE l.x :ss',
  ];
  for (const text of cases) test(text, () => rejects(text, invalid));
  test('a missing item has no parents', () => rejects('SET b.a = :s', invalid, 'none'));
});

describe('key attributes', () => {
  const cases: [string, string][] = [
    ['SET pk = :s', 'pk'],
    ['ADD pk.b :n1', 'pk'],
    ['REMOVE d SET b = :s, pk = :s', 'pk'],
    ['REMOVE sk', 'sk'],
    ['SET x = :s, sk[1] = :s', 'sk'],
  ];
  for (const [text, name] of cases) {
    test(text, () =>
      assert.throws(
        () => apply(text, ITEM, ['pk', 'sk']),
        (e: unknown) => e instanceof DynamoDBError && e.message === `One or more parameter values were invalid: Cannot update attribute ${name}. This attribute is part of the key`,
      ),
    );
  }
  test('reading a key attribute is fine', () => assert.deepEqual(after('SET dup = pk').dup, { S: 'key' }));
  test('checkUpdateKeys alone, before any item is read', () => {
    assert.throws(() => checkUpdateKeys(update('SET pk = :s'), ['pk']), /Cannot update attribute pk/);
    assert.doesNotThrow(() => checkUpdateKeys(update('SET s = pk'), ['pk']));
  });
});

describe('results', () => {
  test('a missing item starts empty', () => assert.deepEqual(apply('SET a = :s', undefined).item, { a: { S: 'new' } }));
  test('updatedNames lists the top-level attributes touched', () =>
    assert.deepEqual([...apply('SET m.a = :n1, s = :s REMOVE l[0] ADD n :n1 DELETE ss :ss', ITEM).updatedNames].sort(), ['l', 'm', 'n', 's', 'ss']));
  test('updatedAttributes projects an item on the updated paths (UPDATED_OLD / UPDATED_NEW)', () => {
    const u = update('SET m.a = :n2, fresh = :s REMOVE l[1]');
    assert.deepEqual(updatedAttributes(u, ITEM), { m: { M: { a: { N: '1' } } }, l: { L: [{ S: 'b' }] } });
    assert.deepEqual(updatedAttributes(u, applyUpdate(u, ITEM, []).item), { m: { M: { a: { N: '2' } } }, fresh: { S: 'new' }, l: { L: [{ S: 'c' }] } });
    assert.equal(updatedAttributes(update('REMOVE gone'), ITEM), undefined);
    assert.equal(updatedAttributes(u, undefined), undefined);
  });
  test('the input item is never mutated', () => {
    const item = structuredClone(ITEM);
    const before = JSON.stringify(item);
    for (const text of ['SET m.kid.x = :s, l[0] = :s, n = n + :n1', 'REMOVE m.a, l[1]', 'ADD ss :ss, ns :ns, m.c :n1', 'DELETE ss :ss2', 'SET l = list_append(l, :l)']) {
      apply(text, item);
    }
    assert.equal(JSON.stringify(item), before);
  });
  test('the nested update DynamoDB documents: every operand reads the item before the update', () => {
    const item: Item = { a: { S: 'K' }, b: { M: { a: { N: '1' }, b: { N: '2' }, c: { N: '3' } } }, c: { L: [{ N: '1' }, { N: '3' }] } };
    const result = applyUpdate(
      compileUpdate(
        'set b.c=((c[1])+(b.a)),b.a = a,c[1] = a, c[4] = b.a - b.b, c[2] = b.c add c[8] :b, c[6] :a',
        new ExpressionScope(undefined, { ':a': { N: '2' }, ':b': { SS: ['a'] } }),
      ),
      item,
      [],
    ).item;
    assert.deepEqual(result, {
      a: { S: 'K' },
      b: { M: { a: { S: 'K' }, b: { N: '2' }, c: { N: '4' } } },
      c: { L: [{ N: '1' }, { S: 'K' }, { N: '3' }, { N: '-1' }, { N: '2' }, { SS: ['a'] }] },
    });
  });
});

describe('the rebuilt item as an object', () => {
  test('members keep their order; new ones follow, names in code-unit order; integer-like names as objects order them', () => {
    const item: Item = { pk: { S: 'k' }, z: { S: '1' }, a: { S: '2' }, '7': { S: '3' } };
    const next = applyUpdate(compileUpdate('SET b = :s, #one = :s, a = :n1 REMOVE z', new ExpressionScope({ '#one': '1' }, VALUES)), item, ['pk']).item;
    assert.deepEqual(Object.keys(next), ['1', '7', 'pk', 'a', 'b']);
    assert.deepEqual(next, { pk: { S: 'k' }, a: { N: '1' }, '7': { S: '3' }, b: { S: 'new' }, '1': { S: 'new' } });
  });

  test('an attribute named __proto__ is an own member, in the item and in maps, and the prototype stays', () => {
    const item = JSON.parse('{"pk":{"S":"k"},"__proto__":{"S":"old"},"m":{"M":{"__proto__":{"N":"1"}}}}') as Item;
    const scope = () => new ExpressionScope({ '#p': '__proto__' }, VALUES);
    const kept = applyUpdate(compileUpdate('SET s = :s', scope()), item, ['pk']).item;
    assert.deepEqual(Object.keys(kept), ['pk', '__proto__', 'm', 's']);
    assert.deepEqual(Object.getOwnPropertyDescriptor(kept, '__proto__')?.value, { S: 'old' });
    assert.equal(Object.getPrototypeOf(kept), Object.prototype);
    const set = applyUpdate(compileUpdate('SET #p = :n1, m.#p = :n2, m.q = :s', scope()), { pk: { S: 'k' }, m: { M: {} } }, ['pk']).item;
    assert.equal(JSON.stringify(set), '{"pk":{"S":"k"},"m":{"M":{"__proto__":{"N":"2"},"q":{"S":"new"}}},"__proto__":{"N":"1"}}');
    assert.equal(Object.getPrototypeOf(set), Object.prototype);
    assert.equal(Object.getPrototypeOf((set.m as { M: Item }).M), Object.prototype);
    const removed = applyUpdate(compileUpdate('REMOVE #p, m.#p', scope()), item, ['pk']).item;
    assert.equal(JSON.stringify(removed), '{"pk":{"S":"k"},"m":{"M":{}}}');
  });
});

describe('an update of a missing item', () => {
  test('REMOVE and DELETE act on nothing: an update of only those leaves nothing to write', () => {
    for (const text of ['REMOVE a', 'REMOVE a.b, c[0]', 'DELETE ss :ss', 'REMOVE a DELETE ss :ss']) assert.equal(updateOfMissingItem(update(text)), undefined, text);
  });
  test('with a SET or ADD beside them, the rest applies, and a REMOVE inside a missing attribute is no error', () => {
    const rest = updateOfMissingItem(update('SET s = :s REMOVE a.b ADD n :n1'))!;
    assert.deepEqual(applyUpdate(rest, undefined, ['pk']).item, { s: { S: 'new' }, n: { N: '1' } });
    assert.throws(() => apply('SET s = :s REMOVE a.b', undefined), (e: unknown) => e instanceof DynamoDBError, 'applied as it is, the REMOVE inside a missing attribute fails');
  });
  test('an update without REMOVE or DELETE is unchanged', () => {
    const u = update('SET s = :s');
    assert.equal(updateOfMissingItem(u), u);
  });
});

describe('checkUpdateNames', () => {
  test('a written name over 65535 bytes is refused, a removed one is not checked', () => {
    const long = 'é'.repeat(40000);
    assert.throws(() => checkUpdateNames(update('SET #n = :s', { '#n': long })), (e: unknown) => e instanceof DynamoDBError && e.message === 'Attribute name is too large, must be less than 65536 bytes');
    assert.throws(() => checkUpdateNames(update('SET m.#n = :s', { '#n': long })), (e: unknown) => e instanceof DynamoDBError);
    checkUpdateNames(update('REMOVE #n', { '#n': long }));
    checkUpdateNames(update('SET #n = :s', { '#n': 'é'.repeat(32767) }));
  });
});
