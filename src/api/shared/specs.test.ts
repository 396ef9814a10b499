import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { constraintFailures } from './shape.js';
import { QuerySpec, ScanSpec, WriteRequestSpec } from './specs.js';

describe('shared specs', () => {
  test('ConditionalOperator lists its enum in one order, for writes and reads alike', () => {
    const rule = "Value 'XOR' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set: [OR, AND]";
    for (const spec of [WriteRequestSpec, QuerySpec, ScanSpec]) {
      assert.ok(constraintFailures({ TableName: 'Things', ConditionalOperator: 'XOR' }, spec).includes(rule));
    }
  });
});
