/**
 * JSON null at every path of every operation's request spec (generated from the specs the
 * operations check, src/api/request-specs.ts). As AWS reads a request:
 * - a null member is an absent member: the answer is the answer without it;
 * - a null list element or map value is a ValidationException ("Member must not be null"),
 *   or, in and where attribute values stand, the attribute-value validator's own
 *   ValidationException ("The supplied Item contains a null AttributeValue", ...);
 * never a 500.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OPERATION_NAMES } from '../../src/api/registry.js';
import { REQUEST_SPECS } from '../../src/api/request-specs.js';
import { rawRequest, startTestServer, type TestServer } from '../helpers/server.js';
import { ABSENT, buildCase, createWalkTables, walkPaths } from '../helpers/spec-walk.js';

interface Outcome {
  status: number;
  type: unknown;
  message: unknown;
}

/** BatchExecuteStatement answers a statement's own validation error in its Responses entry. */
function statementError(json: Record<string, unknown> | undefined): Outcome | undefined {
  const error = (json?.Responses as { Error?: { Code: string; Message: string } }[] | undefined)?.[0]?.Error;
  return error && { status: 400, type: `com.amazon.coral.validate#${error.Code === 'ValidationError' ? 'ValidationException' : error.Code}`, message: error.Message };
}

describe('null at every path of every request spec', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer();
    await createWalkTables(server.client());
  });
  after(() => server.close());

  const send = async (target: string, body: unknown): Promise<Outcome> => {
    const res = await rawRequest(server.url, { target, body: JSON.stringify(body) });
    if (res.status === 200 && target === 'BatchExecuteStatement') return statementError(res.json) ?? { status: 200, type: undefined, message: undefined };
    return { status: res.status, type: res.json?.__type, message: res.json?.message ?? res.json?.Message };
  };

  for (const operation of OPERATION_NAMES) {
    test(operation, async () => {
      const spec = REQUEST_SPECS[operation];
      let cases = 0;
      for (const path of walkPaths(spec)) {
        const last = path.steps[path.steps.length - 1];
        if (last.kind === 'key') continue;
        cases++;
        const nulled = await send(operation, buildCase(operation, spec, path, null));
        const where = `${operation} ${path.label} = null: ${JSON.stringify(nulled)}`;
        assert.ok(nulled.status < 500, where);
        if (last.kind === 'member') {
          // what the same request answers without the member (sent after it, so writes the
          // null request made are seen by both)
          const absent = await send(operation, buildCase(operation, spec, path, ABSENT));
          assert.deepEqual(nulled, absent, where);
        } else {
          assert.equal(nulled.status, 400, where);
          if (path.inAttributeValue) {
            assert.match(String(nulled.type), /#(ValidationException|SerializationException)$/, where);
          } else {
            assert.equal(nulled.type, 'com.amazon.coral.validate#ValidationException', where);
            assert.match(String(nulled.message), /Member must not be null/, where);
          }
        }
      }
      if (Object.keys(spec).length > 0) assert.ok(cases > 0, 'the spec has paths');
    });
  }
});
