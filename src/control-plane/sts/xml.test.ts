import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expiredToken, incompleteSignature, invalidSignature, missingAuthenticationToken, resourceNotFound, unrecognizedClient } from '../../errors.js';
import { fromDynamoDBError, StsError, validationErrors } from './sts-error.js';
import { escapeXml, renderError, renderResult } from './xml.js';

describe('STS XML', () => {
  test('a result in the STS namespace with ResponseMetadata', () => {
    assert.equal(
      renderResult('GetCallerIdentity', { Arn: 'arn:aws:iam::123456789012:root', UserId: '123456789012', Account: '123456789012' }, 'req-1'),
      `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::123456789012:root</Arn>
    <UserId>123456789012</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata>
    <RequestId>req-1</RequestId>
  </ResponseMetadata>
</GetCallerIdentityResponse>
`,
    );
  });

  test('nested elements in order; undefined ones left out', () => {
    const xml = renderResult('AssumeRole', { Credentials: { AccessKeyId: 'ASIA1', Expiration: '2026-01-01T00:00:00Z' }, SourceIdentity: undefined }, 'r');
    assert.match(xml, /<AssumeRoleResult>\n {4}<Credentials>\n {6}<AccessKeyId>ASIA1<\/AccessKeyId>\n {6}<Expiration>2026-01-01T00:00:00Z<\/Expiration>\n {4}<\/Credentials>\n {2}<\/AssumeRoleResult>/);
    assert.ok(!xml.includes('SourceIdentity'));
  });

  test('an error response as AWS shapes it', () => {
    assert.equal(
      renderError(new StsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403), 'req-2'),
      `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>InvalidClientTokenId</Code>
    <Message>The security token included in the request is invalid.</Message>
  </Error>
  <RequestId>req-2</RequestId>
</ErrorResponse>
`,
    );
  });

  test('text is escaped', () => {
    assert.equal(escapeXml(`a<b>&"c'`), 'a&lt;b&gt;&amp;&quot;c&apos;');
    assert.match(renderError(new StsError('ValidationError', "Value '<x>' at 'roleArn'", 400), 'r'), /<Message>Value &apos;&lt;x&gt;&apos; at &apos;roleArn&apos;<\/Message>/);
  });
});

describe('STS errors', () => {
  const mapped: [string, ReturnType<typeof unrecognizedClient>, string, number][] = [
    ['no header', missingAuthenticationToken(), 'MissingAuthenticationToken', 403],
    ['malformed header', incompleteSignature('x'), 'IncompleteSignature', 400],
    ['unknown key', unrecognizedClient(), 'InvalidClientTokenId', 403],
    ['bad signature', invalidSignature(), 'SignatureDoesNotMatch', 403],
    ['expired token', expiredToken(), 'ExpiredToken', 403],
  ];
  for (const [name, error, code, status] of mapped) {
    test(`${name} -> ${code} (${status}), same message`, () => {
      const sts = fromDynamoDBError(error);
      assert.equal(sts.code, code);
      assert.equal(sts.status, status);
      assert.equal(sts.type, 'Sender');
      assert.equal(sts.message, error.message);
    });
  }

  test('anything else is an InternalFailure from the Receiver', () => {
    const sts = fromDynamoDBError(resourceNotFound());
    assert.equal(sts.code, 'InternalFailure');
    assert.equal(sts.status, 500);
    assert.equal(sts.type, 'Receiver');
  });

  test('validation errors count themselves', () => {
    assert.equal(validationErrors(['a']).message, '1 validation error detected: a');
    assert.equal(validationErrors(['a', 'b']).message, '2 validation errors detected: a; b');
  });
});

describe('query-protocol XML for other services', () => {
  test('lists are member elements; an empty list is an empty element', () => {
    const xml = renderResult('ListUsers', { Users: [{ UserName: 'a' }, { UserName: 'b' }], Tags: [], IsTruncated: 'false' }, 'r', 'https://iam.amazonaws.com/doc/2010-05-08/');
    assert.equal(
      xml,
      `<ListUsersResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
  <ListUsersResult>
    <Users>
      <member>
        <UserName>a</UserName>
      </member>
      <member>
        <UserName>b</UserName>
      </member>
    </Users>
    <Tags/>
    <IsTruncated>false</IsTruncated>
  </ListUsersResult>
  <ResponseMetadata>
    <RequestId>r</RequestId>
  </ResponseMetadata>
</ListUsersResponse>
`,
    );
  });

  test('an action without output has no Result element', () => {
    assert.equal(renderResult('DeleteUser', undefined, 'r', 'ns'), '<DeleteUserResponse xmlns="ns">\n  <ResponseMetadata>\n    <RequestId>r</RequestId>\n  </ResponseMetadata>\n</DeleteUserResponse>\n');
  });
});
