import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { PayloadError, UsageError } from './errors.js';
import { isObject, ownValue, parseJsonText } from './json.js';
import type { RunContext, UserInputSpec } from './types.js';

/** The only encryption Port uses for secret inputs (PORT-FACTS.md §4). */
export const SECRET_ENCRYPTION = 'aes256-gcm';

const IV_BYTES = 16;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/** AES-256 needs 32 key bytes; Port takes the first 32 bytes of the client secret's UTF-8 text. */
function keyFrom(clientSecret: string): Buffer {
  const bytes = Buffer.from(clientSecret, 'utf8');
  if (bytes.length < KEY_BYTES) {
    throw new UsageError(`PORT_CLIENT_SECRET: expected at least ${KEY_BYTES} bytes to form the AES-256 key but found ${bytes.length}`);
  }
  return bytes.subarray(0, KEY_BYTES);
}

/**
 * Encrypts a secret input's text as Port does: base64(IV[16] | ciphertext | GCM tag[16]).
 * The IV is random unless given (tests give one to get a stable result).
 */
export function encryptSecret(plain: string, clientSecret: string, iv: Buffer = randomBytes(IV_BYTES)): string {
  const cipher = createCipheriv('aes-256-gcm', keyFrom(clientSecret), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64');
}

/**
 * Decrypts a value Port encrypted with `encryption: aes256-gcm`.
 * @throws PayloadError naming `path` when the value is not such a ciphertext or the secret does not open it.
 * The message never holds the value.
 */
export function decryptSecret(value: string, clientSecret: string, path = 'secret'): string {
  const key = keyFrom(clientSecret);
  const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(value) ? Buffer.from(value, 'base64') : Buffer.alloc(0);
  if (bytes.length < IV_BYTES + TAG_BYTES) {
    throw new PayloadError(path, 'base64 of IV, ciphertext and tag (aes256-gcm)', 'a value that is not such a ciphertext');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new PayloadError(path, 'a value encrypted with this PORT_CLIENT_SECRET', 'one it does not open (another secret, or a damaged value)');
  }
}

/**
 * The texts a face must mask for one secret value: the value, each of its lines (runners mask line by line)
 * and, for object secrets, every string inside.
 */
export function maskTextsFor(value: unknown): string[] {
  const texts = new Set<string>();
  const add = (text: string): void => {
    if (text.trim().length < 2) return; // masking one character would blank half the log
    texts.add(text);
    const escaped = JSON.stringify(text).slice(1, -1); // as it reads inside PORT_INPUTS and other JSON
    if (escaped !== text) texts.add(escaped);
    for (const line of text.split(/\r?\n/)) if (line.trim().length >= 2) texts.add(line);
  };
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === 'string') add(item);
    else if (typeof item === 'number' || typeof item === 'boolean') add(String(item));
    else if (Array.isArray(item)) pending.push(...item);
    else if (isObject(item)) pending.push(...Object.values(item));
  }
  if (typeof value !== 'string' && value !== undefined) add(JSON.stringify(value));
  return [...texts];
}

/** Like parseJsonText, but an error never quotes the text: JSON.parse's own message would show part of it. */
function parseSecretObject(plain: string, path: string): unknown {
  let value: unknown;
  try {
    value = parseJsonText(plain, path);
  } catch {
    throw new PayloadError(path, 'an object secret that decrypts to JSON', 'text that is not JSON (not shown)');
  }
  if (!isObject(value)) throw new PayloadError(path, 'an object secret that decrypts to a JSON object', 'another JSON value (not shown)');
  return value;
}

/**
 * Returns the context with every secret input decrypted (object secrets parsed from their JSON text), and
 * the texts to mask. Secret ids with no value are skipped.
 */
export function decryptRunSecrets(context: RunContext, clientSecret: string): { context: RunContext; masks: string[] } {
  const inputs = { ...context.inputs };
  const masks: string[] = [];
  for (const id of context.secretInputs) {
    const value = inputs[id];
    if (value === undefined || value === null || value === '') continue;
    const path = `inputs.${id}`;
    if (typeof value !== 'string') throw new PayloadError(path, 'an encrypted string', 'a value of another type');
    const spec: UserInputSpec | undefined = ownValue(context.inputSchema?.properties, id);
    const plain = decryptSecret(value, clientSecret, path);
    const typed = spec?.type === 'object' ? parseSecretObject(plain, path) : plain;
    inputs[id] = typed;
    masks.push(...maskTextsFor(typed));
  }
  return { context: { ...context, inputs }, masks };
}
