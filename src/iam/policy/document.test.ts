import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePolicyDocument, policySize, PolicyDocumentError, type PolicyKind } from './document.js';

const TABLE = 'arn:aws:dynamodb:us-east-1:111122223333:table/Books';
const doc = (statement: unknown, extra: Record<string, unknown> = { Version: '2012-10-17' }): string => JSON.stringify({ ...extra, Statement: statement });
const allow = (fields: Record<string, unknown> = {}): Record<string, unknown> => ({ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: TABLE, ...fields });
const trust = (fields: Record<string, unknown> = {}): Record<string, unknown> => ({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: 'arn:aws:iam::111122223333:user/alice' }, ...fields });

function message(text: string, kind: PolicyKind = 'identity'): string {
  try {
    parsePolicyDocument(text, kind);
  } catch (err) {
    assert.ok(err instanceof PolicyDocumentError, String(err));
    return err.message;
  }
  return 'valid';
}

describe('policy documents: MalformedPolicyDocument messages', () => {
  const cases: [string, string, PolicyKind, string][] = [
    ['not JSON', '{"Version": ', 'identity', 'Syntax errors in policy.'],
    ['not an object', '[]', 'identity', 'Syntax errors in policy.'],
    ['unknown top-level element', JSON.stringify({ Version: '2012-10-17', Statement: allow(), Extra: 1 }), 'identity', 'Syntax errors in policy.'],
    ['Id not a string', JSON.stringify({ Version: '2012-10-17', Id: 5, Statement: allow() }), 'identity', 'Syntax errors in policy.'],
    ['unknown version', doc(allow(), { Version: '2013-01-01' }), 'identity', 'Syntax errors in policy.'],
    ['no version in an identity policy', doc(allow(), {}), 'identity', 'Policy document must be version 2012-10-17 or greater.'],
    ['2008 version in an identity policy', doc(allow(), { Version: '2008-10-17' }), 'identity', 'Policy document must be version 2012-10-17 or greater.'],
    ['2008 version in a trust policy', doc(trust(), { Version: '2008-10-17' }), 'trust', 'valid'],
    ['no Statement', JSON.stringify({ Version: '2012-10-17' }), 'identity', 'Syntax errors in policy.'],
    ['empty Statement list', doc([]), 'identity', 'Syntax errors in policy.'],
    ['a statement that is not an object', doc(['x']), 'identity', 'Syntax errors in policy.'],
    ['unknown statement element', doc(allow({ Actions: 'x' })), 'identity', 'Syntax errors in policy.'],
    ['Action and NotAction', doc(allow({ NotAction: 'dynamodb:Query' })), 'identity', 'Syntax errors in policy.'],
    ['Resource and NotResource', doc(allow({ NotResource: TABLE })), 'identity', 'Syntax errors in policy.'],
    ['no Effect', doc({ Action: 'dynamodb:GetItem', Resource: TABLE }), 'identity', 'Syntax errors in policy.'],
    ['Effect of another word', doc(allow({ Effect: 'Permit' })), 'identity', 'Syntax errors in policy.'],
    ['Effect in the wrong case', doc(allow({ Effect: 'allow' })), 'identity', 'The policy failed legacy parsing'],
    ['duplicate Sid', doc([allow({ Sid: 'A' }), allow({ Sid: 'A' })]), 'identity', 'Statement IDs (SID) in a single policy must be unique.'],
    ['two empty Sids', doc([allow({ Sid: '' }), allow({ Sid: '' })]), 'identity', 'valid'],
    ['Sid with a space', doc(allow({ Sid: 'read rows' })), 'identity', 'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*'],
    ['Sid not a string', doc(allow({ Sid: 1 })), 'identity', 'Syntax errors in policy.'],
    ['no Action', doc({ Effect: 'Allow', Resource: TABLE }), 'identity', 'Policy statement must contain actions.'],
    ['empty Action list', doc(allow({ Action: [] })), 'identity', 'Policy statement must contain actions.'],
    ['Action not a string', doc(allow({ Action: 5 })), 'identity', 'Syntax errors in policy.'],
    ['action without vendor', doc(allow({ Action: 'GetItem' })), 'identity', 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
    ['action with two colons', doc(allow({ Action: 'dynamodb:Get:Item' })), 'identity', 'Actions/Condition can contain only one colon.'],
    ['vendor with a space', doc(allow({ Action: 'dynamo db:GetItem' })), 'identity', 'Vendor dynamo db is not valid'],
    ['no Resource', doc({ Effect: 'Allow', Action: 'dynamodb:GetItem' }), 'identity', 'Policy statement must contain resources.'],
    ['empty Resource list', doc(allow({ Resource: [] })), 'identity', 'Policy statement must contain resources.'],
    ['resource not an ARN', doc(allow({ Resource: 'Books' })), 'identity', 'Resource Books must be in ARN format or "*".'],
    ['resource of a bad partition', doc(allow({ Resource: 'arn:aws-x:dynamodb:us-east-1:111122223333:table/Books' })), 'identity', 'Partition "aws-x" is not valid for resource "arn:aws-x:dynamodb:us-east-1:111122223333:table/Books".'],
    ['resource without arn prefix', doc(allow({ Resource: 'aws:dynamodb' })), 'identity', 'Partition "dynamodb" is not valid for resource "arn:dynamodb:*:*:*:*".'],
    ['resource of two components', doc(allow({ Resource: 'arn:aws' })), 'identity', 'Resource vendor must be fully qualified and cannot contain regexes.'],
    ['resource of five components', doc(allow({ Resource: 'arn:aws:dynamodb:us-east-1:table' })), 'identity', 'The policy failed legacy parsing'],
    ['IAM resource with a region', doc(allow({ Resource: 'arn:aws:iam:us-east-1:111122223333:user/a' })), 'identity', 'IAM resource arn:aws:iam:us-east-1:111122223333:user/a cannot contain region information.'],
    ['IAM resource of an unknown type', doc(allow({ Resource: 'arn:aws:iam::111122223333:people/a' })), 'identity', 'IAM resource path must either be "*" or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/.'],
    ['Principal in an identity policy', doc(allow({ Principal: '*' })), 'identity', 'Policy document should not specify a principal.'],
    ['Principal in a session policy', doc(allow({ Principal: '*' })), 'session', 'Policy document should not specify a principal.'],
    ['no Principal in a trust policy', doc({ Effect: 'Allow', Action: 'sts:AssumeRole' }), 'trust', 'Missing required field Principal'],
    ['Resource in a trust policy', doc(trust({ Resource: '*' })), 'trust', 'Has prohibited field Resource'],
    ['another action in a trust policy', doc(trust({ Action: 'dynamodb:GetItem' })), 'trust', 'AssumeRole policy may only specify STS AssumeRole actions.'],
    ['sts:AssumeRole* in a trust policy', doc(trust({ Action: ['sts:AssumeRole*', 'sts:TagSession'] })), 'trust', 'valid'],
    ['a principal that is no ARN', doc(trust({ Principal: { AWS: 'alice' } })), 'trust', 'Invalid principal in policy: "AWS":"alice"'],
    ['a principal with a wildcard', doc(trust({ Principal: { AWS: 'arn:aws:iam::111122223333:user/*' } })), 'trust', 'Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:user/*"'],
    ['an unknown principal type', doc(trust({ Principal: { People: 'x' } })), 'trust', 'Syntax errors in policy.'],
    ['no Principal in a resource policy', doc(allow()), 'resource', 'Missing required field Principal'],
    ['a resource policy', doc(allow({ Principal: { AWS: ['111122223333', 'arn:aws:iam::444455556666:root'] } })), 'resource', 'valid'],
    ['Condition not an object', doc(allow({ Condition: 'x' })), 'identity', 'Syntax errors in policy.'],
    ['unknown operator with keys', doc(allow({ Condition: { StringSortOf: { 'aws:username': 'a' } } })), 'identity', 'Syntax errors in policy.'],
    ['unknown operator with nothing under it', doc(allow({ Condition: { StringSortOf: {} } })), 'identity', 'valid'],
    ['NullIfExists', doc(allow({ Condition: { NullIfExists: { 'aws:username': 'true' } } })), 'identity', 'Syntax errors in policy.'],
    ['a condition value that is an object', doc(allow({ Condition: { StringEquals: { 'aws:username': { a: 1 } } } })), 'identity', 'Syntax errors in policy.'],
    ['a condition key without vendor', doc(allow({ Condition: { StringEquals: { username: 'a' } } })), 'identity', 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
    ['a date that is no date', doc(allow({ Condition: { DateGreaterThan: { 'aws:CurrentTime': 'yesterday' } } })), 'identity', 'The policy failed legacy parsing'],
    ['dates and epoch seconds', doc(allow({ Condition: { DateLessThan: { 'aws:CurrentTime': ['2026-01-01', '2026-01-01T10:00:00Z', '2026-01-01T10:00:00.123+02:00', '1767225600'] } } })), 'identity', 'valid'],
    ['numbers and booleans as JSON', doc(allow({ Condition: { NumericLessThan: { 'dynamodb:Limit': 5 }, Bool: { 'aws:SecureTransport': true } } })), 'identity', 'valid'],
  ];
  for (const [name, text, kind, expected] of cases) test(name, () => assert.equal(message(text, kind), expected));
});

describe('the normalized form', () => {
  test('single strings become lists; condition values become strings', () => {
    const parsed = parsePolicyDocument(doc(allow({ Sid: 'S1', Condition: { Bool: { 'aws:SecureTransport': false }, NumericEquals: { 'x:n': [1, 2] } } })), 'identity');
    assert.deepEqual(parsed, {
      version: '2012-10-17',
      statements: [
        {
          sid: 'S1',
          effect: 'Allow',
          action: ['dynamodb:GetItem'],
          resource: [TABLE],
          conditions: [
            { operator: 'Bool', key: 'aws:SecureTransport', values: ['false'] },
            { operator: 'NumericEquals', key: 'x:n', values: ['1', '2'] },
          ],
        },
      ],
    });
  });

  test('a missing Version is 2008-10-17 where allowed', () => {
    assert.equal(parsePolicyDocument(doc(trust(), {}), 'trust').version, '2008-10-17');
  });
});

describe('policy size', () => {
  test('white space does not count', () => {
    assert.equal(policySize('{ "a" :\n\t"b c" }\r\n'), 10);
  });
});
