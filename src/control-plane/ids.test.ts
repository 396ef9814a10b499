import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  accountOfAccessKeyId,
  base32Decode,
  base32Encode,
  generateAccessKeyId,
  generateAccountId,
  generateSecretAccessKey,
  isAccountId,
  roleId,
} from './ids.js';

describe('base32 (RFC 4648, unpadded)', () => {
  const vectors: [string, string][] = [
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ];
  for (const [plain, encoded] of vectors) {
    test(`'${plain}' <-> '${encoded}'`, () => {
      assert.equal(base32Encode(Buffer.from(plain)), encoded);
      assert.equal(new TextDecoder().decode(base32Decode(encoded)), plain);
    });
  }
  test('a character outside A-Z2-7 does not decode', () => {
    assert.equal(base32Decode('MZ1W'), undefined);
    assert.equal(base32Decode('mzxw'), undefined);
  });
});

describe('access key ids', () => {
  test('AWS-shaped: prefix + 16 base32 characters, 20 in all', () => {
    const id = generateAccessKeyId('AKIA', '123456789012');
    assert.match(id, /^AKIA[A-Z2-7]{16}$/);
    assert.match(generateAccessKeyId('ASIA', '123456789012'), /^ASIA[A-Z2-7]{16}$/);
  });

  test('carry their account the way AWS key ids do, whatever the random bits', () => {
    for (const account of ['000000000001', '123456789012', '999999999999', '100000000001']) {
      for (const fill of [0x00, 0xff, 0x5a]) {
        const id = generateAccessKeyId('AKIA', account, (n) => Buffer.alloc(n, fill));
        assert.equal(accountOfAccessKeyId(id), account);
      }
      assert.equal(accountOfAccessKeyId(generateAccessKeyId('ASIA', account)), account);
    }
  });

  test('decodes a real AWS key id as the published decoding method does', () => {
    // The example of the published method (base32 of characters 5-20, bits 46..7 of the first 6 bytes).
    assert.equal(accountOfAccessKeyId('ASIAY34FZKBOKMUTVV7A'), '609629065308');
  });

  test('ids of another shape carry no account', () => {
    for (const id of ['fake', 'AKIATEAMA0000000000', 'AKIAteama00000000001', 'XXXXAAAAAAAAAAAAAAAA', 'AKIA1111111111111111']) {
      assert.equal(accountOfAccessKeyId(id), undefined, id);
    }
  });

  test('two ids for one account differ', () => {
    assert.notEqual(generateAccessKeyId('AKIA', '123456789012'), generateAccessKeyId('AKIA', '123456789012'));
  });

  test('refuses an account id that is not 12 digits', () => {
    assert.throws(() => generateAccessKeyId('AKIA', '12345'), /invalid account id/);
  });
});

describe('account ids and secrets', () => {
  test('account ids are 12 digits, never all zeros, never an avoided one', () => {
    const draws = [0, 0, 0, 42, 123456, 789012];
    const id = generateAccountId((candidate) => candidate === '000000000042', () => draws.shift() ?? 1);
    assert.equal(id, '123456789012');
    assert.ok(isAccountId(generateAccountId()));
    assert.ok(!isAccountId('12345678901'));
    assert.ok(!isAccountId('12345678901a'));
  });

  test('secrets are 40 characters of the base64 alphabet', () => {
    const secret = generateSecretAccessKey();
    assert.equal(secret.length, 40);
    assert.match(secret, /^[A-Za-z0-9+/]{40}$/);
  });

  test('role ids are AROA + 17 characters, stable per account and role', () => {
    const id = roleId('123456789012', 'Admin');
    assert.match(id, /^AROA[A-Z2-7]{17}$/);
    assert.equal(roleId('123456789012', 'Admin'), id);
    assert.notEqual(roleId('123456789012', 'Reader'), id);
    assert.notEqual(roleId('210987654321', 'Admin'), id);
  });
});
