import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DynamoDBError } from '../errors.js';
import { checkClockSkew, formatIsoBasic, parseIsoBasic, parseSigningDate } from './signing-date.js';

function expectError(fn: () => unknown, code: string, message: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof DynamoDBError);
    assert.equal(err.type, `com.amazon.coral.service#${code}`);
    assert.equal(err.message, message);
    return true;
  });
}

describe('ISO-8601 basic format', () => {
  test('formats without separators or milliseconds', () => {
    assert.equal(formatIsoBasic(new Date('2013-05-24T00:10:00.987Z')), '20130524T001000Z');
  });
  test('round-trips', () => {
    assert.equal(parseIsoBasic('20240229T235959Z')?.toISOString(), '2024-02-29T23:59:59.000Z');
  });
  test('the same text twice: equal dates, each its own object; then another text', () => {
    const first = parseIsoBasic('20240301T101010Z')!;
    first.setUTCFullYear(1999);
    assert.equal(parseIsoBasic('20240301T101010Z')?.toISOString(), '2024-03-01T10:10:10.000Z');
    assert.equal(parseIsoBasic('20240301T101011Z')?.toISOString(), '2024-03-01T10:10:11.000Z');
    assert.equal(parseIsoBasic('20240301T101011'), undefined);
  });
  for (const bad of ['20130524T001000', '2013-05-24T00:10:00Z', '20130230T000000Z', '20130524T246000Z', '201', '']) {
    test(`rejects '${bad}'`, () => {
      assert.equal(parseIsoBasic(bad), undefined);
    });
  }
});

describe('parseSigningDate', () => {
  test('takes X-Amz-Date', () => {
    assert.deepEqual(parseSigningDate('20130524T000000Z', undefined), {
      date: new Date('2013-05-24T00:00:00Z'),
      longDate: '20130524T000000Z',
    });
  });
  test('prefers X-Amz-Date over Date', () => {
    assert.equal(parseSigningDate('20130524T000000Z', 'Fri, 24 May 2013 05:00:00 GMT').longDate, '20130524T000000Z');
  });
  test('falls back to an HTTP Date header', () => {
    assert.equal(parseSigningDate(undefined, 'Fri, 24 May 2013 05:06:07 GMT').longDate, '20130524T050607Z');
  });
  test('falls back to an ISO basic Date header', () => {
    assert.equal(parseSigningDate(undefined, '20130524T050607Z').longDate, '20130524T050607Z');
  });
  const malformed: [string | undefined, string | undefined, string][] = [
    ['201', undefined, '201'],
    ['Fri, 24 May 2013 05:06:07 GMT', undefined, 'Fri, 24 May 2013 05:06:07 GMT'],
    [undefined, 'yesterday', 'yesterday'],
    ['', 'Fri, 24 May 2013 05:06:07 GMT', ''],
  ];
  for (const [xAmzDate, date, got] of malformed) {
    test(`rejects X-Amz-Date=${String(xAmzDate)} Date=${String(date)}`, () => {
      expectError(
        () => parseSigningDate(xAmzDate, date),
        'IncompleteSignatureException',
        `Date must be in ISO-8601 'basic format'. Got '${got}'. See http://en.wikipedia.org/wiki/ISO_8601`,
      );
    });
  }
});

describe('checkClockSkew', () => {
  const now = new Date('2013-05-24T00:25:00.400Z');
  const at = (iso: string) => parseSigningDate(iso, undefined);

  test('accepts up to 15 minutes either way', () => {
    for (const d of ['20130524T001000Z', '20130524T002500Z', '20130524T004000Z', '20130524T002459Z']) {
      checkClockSkew(at(d), now);
    }
  });
  test('rejects a date more than 15 minutes old', () => {
    expectError(
      () => checkClockSkew(at('20130524T000959Z'), now),
      'InvalidSignatureException',
      'Signature expired: 20130524T000959Z is now earlier than 20130524T001000Z (20130524T002500Z - 15 min.)',
    );
  });
  test('rejects a date more than 15 minutes ahead', () => {
    expectError(
      () => checkClockSkew(at('20130524T004001Z'), now),
      'InvalidSignatureException',
      'Signature not yet current: 20130524T004001Z is still later than 20130524T004000Z (20130524T002500Z + 15 min.)',
    );
  });
});
