import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  PayloadError,
  SECRET_ENCRYPTION,
  UsageError,
  decryptRunSecrets,
  decryptSecret,
  encryptSecret,
  maskTextsFor,
  parsePayload,
} from '../../src/core/index.js';
import type { RunContext } from '../../src/core/index.js';
import { classicMessage, thrown } from './helpers.js';

/*
 * An independent implementation of Port's secret encryption, written from PORT-FACTS.md §4 only:
 * value = base64( IV[16] | ciphertext | GCM tag[16] ), AES-256-GCM, key = the first 32 UTF-8 bytes of the client secret.
 */
function referenceKey(clientSecret: string): Buffer {
  const key = Buffer.alloc(32);
  const bytes = new TextEncoder().encode(clientSecret);
  if (bytes.length < 32) throw new Error('reference: secret too short');
  key.set(bytes.slice(0, 32));
  return key;
}

function referenceEncrypt(plain: string, clientSecret: string, iv: Buffer = randomBytes(16)): string {
  const cipher = createCipheriv('aes-256-gcm', referenceKey(clientSecret), iv, { authTagLength: 16 });
  const ciphertext = Buffer.concat([cipher.update(Buffer.from(plain, 'utf8')), cipher.final()]);
  return Buffer.concat([iv, ciphertext, cipher.getAuthTag()]).toString('base64');
}

function referenceDecrypt(value: string, clientSecret: string): string {
  const all = Buffer.from(value, 'base64');
  const iv = all.subarray(0, 16);
  const tag = all.subarray(all.length - 16);
  const decipher = createDecipheriv('aes-256-gcm', referenceKey(clientSecret), iv, { authTagLength: 16 });
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(all.subarray(16, all.length - 16)), decipher.final()]).toString('utf8');
}

const SECRET = 'pCs8ZqVbW1xYj3Kt9LmN0oPq2RsTuVwX-and-more-than-32-bytes';
const OTHER_SECRET = 'ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ';
const PLAIN = 'hunter2-Sup3r$ecret';

const PLAINS = [
  '',
  'x',
  PLAIN,
  'multi\nline\r\nsecret\n',
  'unicode: héllo ✓ 🚀 \u2028 tab\there',
  "quotes ' \" ` $(id) %0A",
  'k'.repeat(10_000),
];

describe('encryptSecret / decryptSecret', () => {
  it('uses aes256-gcm, the encryption keyword Port sets on secret inputs', () => {
    expect(SECRET_ENCRYPTION).toBe('aes256-gcm');
  });

  it.each(PLAINS.map((plain) => [plain.slice(0, 24), plain]))('round-trips %j', (_label, plain) => {
    expect(decryptSecret(encryptSecret(plain, SECRET), SECRET)).toBe(plain);
  });

  it.each(PLAINS.map((plain) => [plain.slice(0, 24), plain]))('decrypts %j encrypted by the reference implementation', (_label, plain) => {
    expect(decryptSecret(referenceEncrypt(plain, SECRET), SECRET)).toBe(plain);
  });

  it.each(PLAINS.map((plain) => [plain.slice(0, 24), plain]))('encrypts %j so the reference implementation decrypts it', (_label, plain) => {
    expect(referenceDecrypt(encryptSecret(plain, SECRET), SECRET)).toBe(plain);
  });

  it('produces exactly the reference bytes for a given IV: base64(IV16 | ciphertext | tag16)', () => {
    const iv = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
    const value = encryptSecret(PLAIN, SECRET, iv);
    expect(value).toBe(referenceEncrypt(PLAIN, SECRET, iv));
    const bytes = Buffer.from(value, 'base64');
    expect(bytes.length).toBe(16 + Buffer.byteLength(PLAIN) + 16);
    expect(bytes.subarray(0, 16).equals(iv)).toBe(true);
    expect(value).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
  });

  it('uses a fresh random IV each time', () => {
    const a = encryptSecret(PLAIN, SECRET);
    const b = encryptSecret(PLAIN, SECRET);
    expect(a).not.toBe(b);
    expect(decryptSecret(a, SECRET)).toBe(PLAIN);
    expect(decryptSecret(b, SECRET)).toBe(PLAIN);
  });

  it('keys on the first 32 UTF-8 bytes only', () => {
    const first32 = 'abcdefghijklmnopqrstuvwxyz012345';
    const value = referenceEncrypt(PLAIN, `${first32}-tail-one`);
    expect(decryptSecret(value, `${first32}-another-tail`)).toBe(PLAIN);
    expect(decryptSecret(value, first32)).toBe(PLAIN);
  });

  it('counts bytes, not characters, for a multi-byte client secret (a 3-byte character cut at byte 32)', () => {
    const secret = `${'a'.repeat(31)}€€€€`; // 31 + 4*3 = 43 bytes, 35 characters; byte 32 is the first byte of "€"
    const value = referenceEncrypt(PLAIN, secret);
    expect(decryptSecret(value, secret)).toBe(PLAIN);
    expect(decryptSecret(value, `${'a'.repeat(31)}€`)).toBe(PLAIN);
    expect(referenceDecrypt(encryptSecret(PLAIN, secret), secret)).toBe(PLAIN);
    // 11 "€" are 33 bytes but only 11 characters: long enough.
    expect(decryptSecret(encryptSecret(PLAIN, '€'.repeat(11)), '€'.repeat(11))).toBe(PLAIN);
  });
});

describe('decryptSecret failures: named errors that never hold the plaintext', () => {
  const value = referenceEncrypt(PLAIN, SECRET);

  function expectSafe(error: Error): void {
    expect(error.message).not.toContain(PLAIN);
    expect(error.message).not.toContain('hunter2');
    expect(error.message).not.toContain(SECRET);
    expect(error.message).not.toContain(SECRET.slice(0, 32));
    expect(error.stack ?? '').not.toContain(PLAIN);
  }

  it('refuses another client secret', () => {
    const error = thrown(() => decryptSecret(value, OTHER_SECRET, 'inputs.db_password'));
    expect(error).toBeInstanceOf(PayloadError);
    expect(error.name).toBe('PayloadError');
    expect(error.message).toBe(
      'inputs.db_password: expected a value encrypted with this PORT_CLIENT_SECRET but found one it does not open (another secret, or a damaged value)',
    );
    expectSafe(error);
  });

  it('uses "secret" as the default path', () => {
    expect(thrown(() => decryptSecret(value, OTHER_SECRET)).message).toMatch(/^secret: expected a value encrypted with this PORT_CLIENT_SECRET/);
  });

  const bytes = () => Buffer.from(value, 'base64');
  const flip = (index: number) => {
    const copy = bytes();
    copy[index] = copy[index]! ^ 0x01;
    return copy.toString('base64');
  };

  it.each([
    ['a flipped ciphertext byte', () => flip(20)],
    ['a flipped tag byte', () => flip(bytes().length - 1)],
    ['a flipped IV byte', () => flip(0)],
    ['a truncated tag', () => bytes().subarray(0, bytes().length - 1).toString('base64')],
    ['extra bytes appended', () => Buffer.concat([bytes(), Buffer.from([1, 2, 3])]).toString('base64')],
  ])('refuses %s as not opening', (_label, make) => {
    const error = thrown(() => decryptSecret(make(), SECRET, 'inputs.db_password'));
    expect(error).toBeInstanceOf(PayloadError);
    expect(error.message).toMatch(/^inputs\.db_password: expected a value encrypted with this PORT_CLIENT_SECRET but found one it does not open/);
    expectSafe(error);
  });

  it.each([
    ['an empty value', ''],
    ['text that is not base64', 'not base64 at all!'],
    ['the plaintext itself', PLAIN],
    ['base64 of fewer than 32 bytes', Buffer.alloc(31, 7).toString('base64')],
    ['base64 with a line break', `${value.slice(0, 20)}\n${value.slice(20)}`],
    ['url-safe base64', value.replace(/\+/g, '-').replace(/\//g, '_') + (value.includes('+') || value.includes('/') ? '' : '-')],
  ])('refuses %s as not a ciphertext', (_label, damaged) => {
    const error = thrown(() => decryptSecret(damaged, SECRET, 'inputs.db_password'));
    expect(error).toBeInstanceOf(PayloadError);
    expect(error.message).toBe('inputs.db_password: expected base64 of IV, ciphertext and tag (aes256-gcm) but found a value that is not such a ciphertext');
    expectSafe(error);
  });

  it.each([
    ['31 ASCII bytes', 'a'.repeat(31), 31],
    ['an empty secret', '', 0],
    ['10 two-byte characters (20 bytes)', 'é'.repeat(10), 20],
  ])('refuses a client secret of %s with a UsageError (decrypt and encrypt)', (_label, secret, count) => {
    for (const call of [() => decryptSecret(value, secret), () => encryptSecret(PLAIN, secret)]) {
      const error = thrown(call);
      expect(error).toBeInstanceOf(UsageError);
      expect(error).not.toBeInstanceOf(PayloadError);
      expect(error.name).toBe('UsageError');
      expect(error.message).toBe(`PORT_CLIENT_SECRET: expected at least 32 bytes to form the AES-256 key but found ${count}`);
      expectSafe(error);
      if (secret !== '') expect(error.message).not.toContain(secret);
    }
  });
});

describe('maskTextsFor', () => {
  it('masks a one-line value', () => {
    expect(maskTextsFor('hunter2')).toStrictEqual(['hunter2']);
  });

  it('masks a multi-line value and each of its lines (LF and CRLF)', () => {
    const texts = maskTextsFor('line-one\r\nline-two\nx\n\nline-four');
    expect(texts).toContain('line-one\r\nline-two\nx\n\nline-four');
    expect(texts).toContain('line-one');
    expect(texts).toContain('line-two');
    expect(texts).toContain('line-four');
    expect(texts).not.toContain('x');
    expect(texts).not.toContain('');
  });

  it('skips values too short to mask', () => {
    expect(maskTextsFor('a')).toStrictEqual([]);
    expect(maskTextsFor(' b ')).toStrictEqual([]);
    expect(maskTextsFor('')).toStrictEqual([]);
  });

  it('masks every string leaf of an object, its numbers and booleans as text, and its JSON', () => {
    const value = { user: 'svc-deployer', password: 'p@ss\nword2', nested: { list: ['tok-1', 'tok-2'], port: 5432, on: true, k: 'z' } };
    const texts = maskTextsFor(value);
    for (const text of ['svc-deployer', 'p@ss\nword2', 'p@ss', 'word2', 'tok-1', 'tok-2', '5432', 'true', JSON.stringify(value)]) {
      expect(texts).toContain(text);
    }
    expect(texts).not.toContain('z');
    expect(new Set(texts).size).toBe(texts.length);
  });
});

describe('decryptRunSecrets', () => {
  const schema = {
    properties: {
      environment: { type: 'string' },
      db_password: { type: 'string', encryption: 'aes256-gcm' },
      api_creds: { type: 'object', encryption: 'aes256-gcm' },
      unused_secret: { type: 'string', encryption: 'aes256-gcm' },
    },
  };
  const password = 'correct horse\nbattery staple';
  const creds = { user: 'svc-deployer', token: 'tok_9f8e7d6c', nested: { key: 'k-123456' } };

  function runContext(properties: Record<string, unknown>): RunContext {
    return parsePayload(classicMessage(properties, schema));
  }

  it('decrypts string and object secrets and returns what to mask', () => {
    const context = runContext({
      environment: 'production',
      db_password: referenceEncrypt(password, SECRET),
      api_creds: referenceEncrypt(JSON.stringify(creds), SECRET),
    });
    expect(context.secretInputs.sort()).toStrictEqual(['api_creds', 'db_password', 'unused_secret']);

    const { context: decrypted, masks } = decryptRunSecrets(context, SECRET);
    expect(decrypted.inputs).toStrictEqual({ environment: 'production', db_password: password, api_creds: creds });
    for (const text of [password, 'correct horse', 'battery staple', 'svc-deployer', 'tok_9f8e7d6c', 'k-123456', JSON.stringify(creds)]) {
      expect(masks).toContain(text);
    }
    expect(masks).not.toContain('production');
    // Everything else is untouched and the input context is not mutated.
    expect({ ...decrypted, inputs: null }).toStrictEqual({ ...context, inputs: null });
    expect(context.inputs.db_password).not.toBe(password);
  });

  it('parses object secrets whose JSON text is pretty-printed', () => {
    const context = runContext({ api_creds: referenceEncrypt(JSON.stringify(creds, null, 2), SECRET) });
    expect(decryptRunSecrets(context, SECRET).context.inputs.api_creds).toStrictEqual(creds);
  });

  it('keeps a string secret whose text looks like JSON as text (the type comes from the schema)', () => {
    const context = runContext({ db_password: referenceEncrypt('{"a":1}', SECRET) });
    expect(decryptRunSecrets(context, SECRET).context.inputs.db_password).toBe('{"a":1}');
  });

  it('skips secret ids that have no value, or an empty one', () => {
    const context = runContext({ db_password: '' });
    const result = decryptRunSecrets(context, SECRET);
    expect(result.context.inputs).toStrictEqual({ db_password: '' });
    expect(result.masks).toStrictEqual([]);
  });

  it('decrypts secrets known only from censoredProperties (no schema)', () => {
    const message = classicMessage({ token: referenceEncrypt('s3cr3t-token', SECRET) });
    (message.payload as Record<string, unknown>).censoredProperties = ['token'];
    const { context, masks } = decryptRunSecrets(parsePayload(message), SECRET);
    expect(context.inputs.token).toBe('s3cr3t-token');
    expect(masks).toStrictEqual(['s3cr3t-token']);
  });

  it('names the input when the client secret does not open it, without showing any value', () => {
    const context = runContext({ db_password: referenceEncrypt(password, SECRET) });
    const error = thrown(() => decryptRunSecrets(context, OTHER_SECRET));
    expect(error).toBeInstanceOf(PayloadError);
    expect(error.message).toMatch(/^inputs\.db_password: expected a value encrypted with this PORT_CLIENT_SECRET/);
    expect(error.message).not.toContain('horse');
  });

  it('refuses a short client secret with a UsageError', () => {
    const context = runContext({ db_password: referenceEncrypt(password, SECRET) });
    const error = thrown(() => decryptRunSecrets(context, 'short'));
    expect(error.name).toBe('UsageError');
    expect(error.message).toMatch(/^PORT_CLIENT_SECRET: expected at least 32 bytes/);
  });

  it.each([
    ['not JSON', 'user=svc; token=tok_LEAKME_1'],
    ['a JSON array', '["tok_LEAKME_1"]'],
    ['a JSON string', '"tok_LEAKME_1"'],
  ])('refuses an object secret that decrypts to %s, without quoting it', (_label, plain) => {
    const context = runContext({ api_creds: referenceEncrypt(plain, SECRET) });
    const error = thrown(() => decryptRunSecrets(context, SECRET));
    expect(error).toBeInstanceOf(PayloadError);
    expect(error.message).toMatch(/^inputs\.api_creds: expected an object secret that decrypts to (JSON|a JSON object) but found/);
    expect(error.message).not.toContain('LEAKME');
    expect(error.message).not.toContain('tok_');
  });

  it('refuses a secret input whose value is not an encrypted string', () => {
    const context = runContext({ db_password: { plain: 'oops-LEAKME' } });
    const error = thrown(() => decryptRunSecrets(context, SECRET));
    expect(error).toBeInstanceOf(PayloadError);
    expect(error.message).toBe('inputs.db_password: expected an encrypted string but found a value of another type');
  });
});
