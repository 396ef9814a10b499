import { describe, test } from 'node:test';
import assert from '../../test/helpers/assert.js';
import type { Item } from '../model/attribute-value.js';
import { applyProjection, compileProjection, ExpressionScope, projectionTopLevelNames } from './index.js';

const ITEM: Item = {
  pk: { S: 'p' },
  a: { M: { b: { S: 'bb' }, c: { S: 'cc' }, d: { M: { e: { S: 'ee' } } } } },
  l: {
    L: [
      { M: { x: { S: 'x0' }, y: { S: 'y0' } } },
      { M: { x: { S: 'x1' }, y: { S: 'y1' } } },
      { S: 'two' },
      { L: [{ N: '30' }, { N: '31' }] },
    ],
  },
  s: { S: 'str' },
  'a.b': { S: 'literal dotted name' },
};

const project = (text: string, names?: Record<string, string>, item: Item = ITEM) =>
  applyProjection(compileProjection(text, new ExpressionScope(names, undefined)), item);

describe('applyProjection', () => {
  const cases: [string, Item][] = [
    ['pk', { pk: { S: 'p' } }],
    ['pk, s', { pk: { S: 'p' }, s: { S: 'str' } }],
    ['a.b', { a: { M: { b: { S: 'bb' } } } }],
    ['a.b, a.c', { a: { M: { b: { S: 'bb' }, c: { S: 'cc' } } } }],
    ['a.d.e', { a: { M: { d: { M: { e: { S: 'ee' } } } } } }],
    ['l[0].x, l[0].y', { l: { L: [{ M: { x: { S: 'x0' }, y: { S: 'y0' } } }] } }],
    ['l[0], l[1]', { l: { L: [(ITEM.l as { L: Item[string][] }).L[0], (ITEM.l as { L: Item[string][] }).L[1]] } } as Item],
    ['l[1]', { l: { L: [(ITEM.l as { L: Item[string][] }).L[1]] } } as Item],
    ['l[3][1], l[1].y', { l: { L: [{ M: { y: { S: 'y1' } } }, { L: [{ N: '31' }] }] } }],
    ['l[2].x', {}],
    ['l[9]', {}],
    ['absent', {}],
    ['a.absent', {}],
    ['s.x', {}],
    ['s[0]', {}],
    ['a[0]', {}],
    ['l.x', {}],
    ['pk, absent, a.absent, a.b', { pk: { S: 'p' }, a: { M: { b: { S: 'bb' } } } }],
  ];
  for (const [text, expected] of cases) {
    test(text, () => assert.deepEqual(project(text), expected));
  }
  test('names with dots are literal when substituted', () => assert.deepEqual(project('#ab', { '#ab': 'a.b' }), { 'a.b': { S: 'literal dotted name' } }));
  test('list elements keep their index order whatever the order written', () =>
    assert.deepEqual(project('l[3], l[0].x'), { l: { L: [{ M: { x: { S: 'x0' } } }, (ITEM.l as { L: Item[string][] }).L[3]] } } as Item));
  test('the item is not mutated', () => {
    const item = structuredClone(ITEM);
    const before = JSON.stringify(item);
    project('a.b, l[0].x, l[3][0], pk', undefined, item);
    assert.equal(JSON.stringify(item), before);
  });
});

describe('projectionTopLevelNames', () => {
  test('distinct top-level names in the order written', () => {
    const projection = compileProjection('a.b, pk, #n[0], a.c, s', new ExpressionScope({ '#n': 'l' }, undefined));
    assert.deepEqual(projectionTopLevelNames(projection), ['a', 'pk', 'l', 's']);
  });
});
