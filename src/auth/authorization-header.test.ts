import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DynamoDBError } from '../errors.js';
import {
  checkAlgorithm,
  checkCredentialScope,
  parseAuthorization,
  parseAuthorizationHeader,
  parseCredentialScope,
  redactAuthorization,
  requireSignedHost,
} from './authorization-header.js';

const SIG = 'f25d654c0543603a1b2c3d4e5f60718293a4b5c6d7e8f90a2924ed7fa8365fde';
const GOOD =
  `AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/dynamodb/aws4_request, ` +
  `SignedHeaders=host;x-amz-date;x-amz-target, Signature=${SIG}`;

const CORAL = 'com.amazon.coral.service#';

function expectError(fn: () => unknown, code: string, message: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof DynamoDBError, `expected DynamoDBError, got ${String(err)}`);
    assert.equal(err.type, `${CORAL}${code}`);
    assert.equal(err.status, 400);
    assert.equal(err.message, message);
    return true;
  });
}

describe('parseAuthorizationHeader', () => {
  test('parses what the AWS SDKs send', () => {
    assert.deepEqual(parseAuthorizationHeader(GOOD, true), {
      algorithm: 'AWS4-HMAC-SHA256',
      credential: 'AKID/20240101/us-east-1/dynamodb/aws4_request',
      signedHeaders: ['host', 'x-amz-date', 'x-amz-target'],
      signature: SIG,
    });
  });

  test('accepts parameters separated by commas only, in any order, and lower-cases signed header names', () => {
    const parsed = parseAuthorizationHeader(
      `AWS4-HMAC-SHA256 Signature=${SIG},SignedHeaders=Host;X-Amz-Date,Credential=A/B/C/D/E`,
      true,
    );
    assert.deepEqual(parsed.signedHeaders, ['host', 'x-amz-date']);
    assert.equal(parsed.credential, 'A/B/C/D/E');
    assert.equal(parsed.signature, SIG);
  });

  test('an empty SignedHeaders is present (the Host check rejects it later)', () => {
    const parsed = parseAuthorizationHeader('AWS4-HMAC-SHA256 Credential=a, SignedHeaders=, Signature=b', true);
    assert.deepEqual(parsed.signedHeaders, []);
  });

  const missingToken: [string, string | undefined][] = [
    ['no header', undefined],
    ['empty header', ''],
    ['Basic auth', 'Basic dXNlcjpwYXNz'],
    ['Bearer token', 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.x'],
    ['"AWS4" without the dash', 'AWS4'],
    ['SigV2', 'AWS AKID:signature'],
    ['lower-case algorithm', 'aws4-hmac-sha256 Credential=a, SignedHeaders=host, Signature=b'],
  ];
  for (const [name, header] of missingToken) {
    test(`${name} -> MissingAuthenticationTokenException`, () => {
      expectError(
        () => parseAuthorizationHeader(header, true),
        'MissingAuthenticationTokenException',
        'Request is missing Authentication Token',
      );
    });
  }

  const incomplete: [string, string, boolean, string][] = [
    [
      '"AWS4-" and no date header',
      'AWS4-',
      false,
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
        "Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a " +
        "'X-Amz-Date' or a 'Date' header. Authorization=AWS4-",
    ],
    [
      'only Credential',
      'AWS4-HMAC-SHA256 Credential=ABCDEF',
      true,
      "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. " +
        'Authorization=AWS4-HMAC-SHA256 Credential=ABCDEF',
    ],
    [
      'no Signature: the echoed header keeps no signature',
      'AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host, Sig=' + SIG,
      true,
      "Authorization header requires 'Signature' parameter. Authorization=AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host, Sig=<redacted>",
    ],
    [
      'complete header but no date header',
      GOOD,
      false,
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. " +
        'Authorization=AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/dynamodb/aws4_request, ' +
        'SignedHeaders=host;x-amz-date;x-amz-target, Signature=<redacted>',
    ],
    [
      'parameter names are case-sensitive',
      `AWS4-HMAC-SHA256 credential=a, signedheaders=host, signature=${SIG}`,
      true,
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
        "Authorization header requires 'SignedHeaders' parameter. " +
        'Authorization=AWS4-HMAC-SHA256 credential=a, signedheaders=host, signature=<redacted>',
    ],
    [
      'a space inside the credential (pasted key with a trailing space)',
      `AWS4-HMAC-SHA256 Credential=AKIAXXXX /20150620/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=${SIG}`,
      true,
      "'/20150620/us-east-1/dynamodb/aws4_request' not a valid key=value pair (missing equal-sign) in Authorization header: " +
        "'AWS4-HMAC-SHA256 Credential=AKIAXXXX /20150620/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=<redacted>'.",
    ],
    [
      'first bad pair is named',
      'AWS4-HMAC-SHA256 Signature=b,    Credential,    SignedHeaders',
      true,
      "'Credential' not a valid key=value pair (missing equal-sign) in Authorization header: " +
        "'AWS4-HMAC-SHA256 Signature=<redacted>,    Credential,    SignedHeaders'.",
    ],
    [
      'a bare signature as a pair is redacted too',
      `AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host, ${SIG}`,
      true,
      "'<redacted>' not a valid key=value pair (missing equal-sign) in Authorization header: " +
        "'AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host, <redacted>'.",
    ],
  ];
  for (const [name, header, hasDate, message] of incomplete) {
    test(`${name} -> IncompleteSignatureException`, () => {
      expectError(() => parseAuthorizationHeader(header, hasDate), 'IncompleteSignatureException', message);
    });
  }

  test('no message ever contains the signature', () => {
    for (const header of [GOOD, GOOD.replace('Signature=', 'Signature= '), `${GOOD}, junk`]) {
      try {
        parseAuthorizationHeader(header, false);
        assert.fail('expected an error');
      } catch (err) {
        assert.ok(err instanceof DynamoDBError);
        assert.ok(!err.message.includes(SIG), err.message);
      }
    }
  });
});

describe('redactAuthorization', () => {
  test('replaces the Signature value and hex runs, keeps the rest', () => {
    assert.equal(
      redactAuthorization(`AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host, Signature=xyz`),
      'AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host, Signature=<redacted>',
    );
    assert.equal(redactAuthorization(`x ${SIG.toUpperCase()} y`), 'x <redacted> y');
  });
});

describe('requireSignedHost', () => {
  test('passes when host is signed', () => {
    requireSignedHost(['host', 'x-amz-date']);
  });
  test('rejects when host is not signed', () => {
    expectError(
      () => requireSignedHost(['x-amz-date']),
      'InvalidSignatureException',
      "'Host' must be a 'SignedHeader' in the AWS Authorization.",
    );
  });
});

describe('checkAlgorithm', () => {
  test('accepts AWS4-HMAC-SHA256', () => {
    checkAlgorithm('AWS4-HMAC-SHA256');
  });
  for (const algorithm of ['AWS4-HMAC-SHA25', 'AWS4-ECDSA-P256-SHA256', 'AWS4-']) {
    test(`rejects ${algorithm}`, () => {
      expectError(
        () => checkAlgorithm(algorithm),
        'IncompleteSignatureException',
        `Unsupported AWS 'algorithm': '${algorithm}' (only AWS4-HMAC-SHA256 for now). `,
      );
    });
  }
});

describe('parseCredentialScope', () => {
  test('splits the five elements', () => {
    assert.deepEqual(parseCredentialScope('AKID/20240101/eu-west-1/dynamodb/aws4_request'), {
      accessKeyId: 'AKID',
      date: '20240101',
      region: 'eu-west-1',
      service: 'dynamodb',
      terminator: 'aws4_request',
    });
  });
  test('ignores trailing slashes', () => {
    assert.equal(parseCredentialScope('AKID/20240101/eu-west-1/dynamodb/aws4_request//').terminator, 'aws4_request');
  });
  for (const credential of ['a/b/c/d', 'a/b/c/d/e/f', '', 'AKID']) {
    test(`rejects '${credential}'`, () => {
      expectError(
        () => parseCredentialScope(credential),
        'IncompleteSignatureException',
        `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
      );
    });
  }
});

describe('checkCredentialScope', () => {
  const expect = { services: ['dynamodb'], longDate: '20130609T095204Z' };
  const scope = { accessKeyId: 'a', date: '20130609', region: 'us-east-1', service: 'dynamodb', terminator: 'aws4_request' };

  test('accepts a matching scope, any sensible region name', () => {
    for (const region of ['us-east-1', 'local', 'localhost', 'fakeRegion', 'ddblocal']) {
      checkCredentialScope({ ...scope, region }, expect);
    }
  });

  test('accepts any of several services', () => {
    checkCredentialScope({ ...scope, service: 'sts' }, { ...expect, services: ['dynamodb', 'sts'] });
  });

  const bad: [string, Partial<typeof scope>, string][] = [
    ['region', { region: 'us east' }, "Credential should be scoped to a valid region, not 'us east'. "],
    ['empty region', { region: '' }, "Credential should be scoped to a valid region, not ''. "],
    ['service', { service: 'dynamo' }, "Credential should be scoped to correct service: 'dynamodb'. "],
    ['terminator', { terminator: 'aws4_requests' }, "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws4_requests'. "],
    [
      'date',
      { date: '20130608' },
      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20130608' != '20130609', from '20130609T095204Z'.",
    ],
    [
      'everything at once',
      { date: 'b', region: 'c/', service: 'd', terminator: 'e' },
      "Credential should be scoped to a valid region, not 'c/'. Credential should be scoped to correct service: 'dynamodb'. " +
        "Credential should be scoped with a valid terminator: 'aws4_request', not 'e'. " +
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: 'b' != '20130609', from '20130609T095204Z'.",
    ],
  ];
  for (const [name, change, message] of bad) {
    test(`wrong ${name} -> InvalidSignatureException`, () => {
      expectError(() => checkCredentialScope({ ...scope, ...change }, expect), 'InvalidSignatureException', message);
    });
  }
});

describe('parseAuthorization', () => {
  test('returns the whole header in one piece', () => {
    assert.deepEqual(parseAuthorization(GOOD, true), {
      accessKeyId: 'AKID',
      date: '20240101',
      region: 'us-east-1',
      service: 'dynamodb',
      signedHeaders: ['host', 'x-amz-date', 'x-amz-target'],
      signature: SIG,
    });
  });
  test('checks the algorithm and the credential shape', () => {
    expectError(
      () => parseAuthorization(GOOD.replace('SHA256', 'SHA1'), true),
      'IncompleteSignatureException',
      "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA1' (only AWS4-HMAC-SHA256 for now). ",
    );
    expectError(
      () => parseAuthorization(GOOD.replace('/aws4_request', ''), true),
      'IncompleteSignatureException',
      "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKID/20240101/us-east-1/dynamodb'",
    );
  });
});
