import type { RunContext } from './types.js';
/** The only encryption Port uses for secret inputs (PORT-FACTS.md §4). */
export declare const SECRET_ENCRYPTION = "aes256-gcm";
/**
 * Encrypts a secret input's text as Port does: base64(IV[16] | ciphertext | GCM tag[16]).
 * The IV is random unless given (tests give one to get a stable result).
 */
export declare function encryptSecret(plain: string, clientSecret: string, iv?: Buffer): string;
/**
 * Decrypts a value Port encrypted with `encryption: aes256-gcm`.
 * @throws PayloadError naming `path` when the value is not such a ciphertext or the secret does not open it.
 * The message never holds the value.
 */
export declare function decryptSecret(value: string, clientSecret: string, path?: string): string;
/**
 * The texts a face must mask for one secret value: the value, each of its lines (runners mask line by line)
 * and, for object secrets, every string inside.
 */
export declare function maskTextsFor(value: unknown): string[];
/**
 * Returns the context with every secret input decrypted (object secrets parsed from their JSON text), and
 * the texts to mask. Secret ids with no value are skipped.
 */
export declare function decryptRunSecrets(context: RunContext, clientSecret: string): {
    context: RunContext;
    masks: string[];
};
