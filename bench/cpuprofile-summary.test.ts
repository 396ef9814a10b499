import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { categoryOf, formatSummary, shortUrl, summarizeProfile, type CpuProfile } from './cpuprofile-summary.js';

const APP = 'file:///work/main/dist/src/http/app.js';
const HONO = 'file:///work/main/node_modules/hono/dist/hono-base.js';

/**
 * root -> (idle)
 *      -> handler (app.js) -> dispatch (hono) -> handler (recursion) -> hash (native)
 */
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 }, children: [2, 3] },
    { id: 2, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
    { id: 3, callFrame: { functionName: 'handler', url: APP, lineNumber: 9 }, children: [4] },
    { id: 4, callFrame: { functionName: 'dispatch', url: HONO, lineNumber: 0 }, children: [5] },
    { id: 5, callFrame: { functionName: 'handler', url: APP, lineNumber: 9 }, children: [6] },
    { id: 6, callFrame: { functionName: 'hash', url: '', lineNumber: -1 } },
  ],
  startTime: 1000,
  endTime: 2000,
  // samples at 1000, 1100, 1200, 1300, 1600; each lasts until the next (the last until endTime):
  // idle 100, handler 100, dispatch 100, hash 300, inner handler 400
  samples: [2, 3, 4, 6, 5],
  timeDeltas: [0, 100, 100, 100, 300],
};

describe('summarizeProfile', () => {
  const summary = summarizeProfile(profile);
  test('totals and idle time', () => {
    assert.equal(summary.samples, 5);
    assert.equal(summary.totalUs, 100 + 100 + 100 + 300 + 400);
    assert.equal(summary.idleUs, 100);
  });
  test('self time per frame, with shares of all and of busy time', () => {
    const self = Object.fromEntries(summary.self.map((f) => [f.frame, f.us]));
    assert.deepEqual(self, { hash: 300, 'handler src/http/app.js:10': 500, 'dispatch hono/dist/hono-base.js:1': 100, '(idle)': 100 });
    const hash = summary.self.find((f) => f.frame === 'hash')!;
    assert.equal(hash.percent, 30);
    assert.equal(hash.busyPercent, (300 / 900) * 100);
  });
  test('inclusive time counts a recursive frame once per sample', () => {
    const inclusive = Object.fromEntries(summary.inclusive.map((f) => [f.frame, f.us]));
    assert.equal(inclusive['handler src/http/app.js:10'], 100 + 100 + 300 + 400);
    assert.equal(inclusive['dispatch hono/dist/hono-base.js:1'], 100 + 300 + 400);
    assert.equal(inclusive['(root)'], undefined);
  });
  test('categories by package and folder', () => {
    const categories = Object.fromEntries(summary.categories.map((f) => [f.frame, f.us]));
    assert.deepEqual(categories, { 'src/http': 500, hono: 100, '(native / V8 builtins)': 300, '(idle)': 100 });
  });
  test('a window keeps only the samples inside it', () => {
    const cut = summarizeProfile(profile, { fromUs: 1150, toUs: 1350 });
    assert.equal(cut.samples, 2);
    assert.deepEqual(cut.self.map((f) => f.frame).sort(), ['dispatch hono/dist/hono-base.js:1', 'hash']);
  });
  test('top limits the rankings', () => assert.equal(summarizeProfile(profile, { top: 2 }).self.length, 2));
  test('formats markdown tables', () => {
    const text = formatSummary(summary, 'test');
    assert.match(text, /### test/);
    assert.match(text, /\| 1 \| `handler src\/http\/app\.js:10` \| \d+ \| 50\.0% \| 55\.6% \|/);
  });
});

describe('locations', () => {
  const cases: [string, string, string][] = [
    ['x', 'node:internal/http/server', 'node:internal/http'],
    ['x', 'file:///r/node_modules/@smithy/signature-v4/dist-cjs/index.js', '@smithy/signature-v4'],
    ['x', 'file:///r/node_modules/pino/lib/tools.js', 'pino'],
    ['x', 'file:///r/dist/src/storage/sqlite-store.js', 'src/storage'],
    ['(garbage collector)', '', '(garbage collector)'],
  ];
  for (const [name, url, expected] of cases) test(`${url || name} → ${expected}`, () => assert.equal(categoryOf(name, url), expected));
  test('shortUrl', () => {
    assert.equal(shortUrl('file:///r/node_modules/hono/dist/compose.js'), 'hono/dist/compose.js');
    assert.equal(shortUrl('file:///r/dist/src/main.js'), 'src/main.js');
    assert.equal(shortUrl('node:fs'), 'node:fs');
  });
});
