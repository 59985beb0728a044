/*
 * What `import { ... } from 'port-ci'` gives a program: the pieces a receiver or a script of one's own needs, with
 * their types (dist/lib/types). Everything else in src/ is internal and may change in any release.
 */
export { verifyWebhook, signWebhook, type VerifyOptions } from '../core/webhook-signature.js';
export { parsePayload, peekRunId, type ParseOptions } from '../core/payload.js';
export { encryptSecret, decryptSecret, decryptRunSecrets, SECRET_ENCRYPTION } from '../core/secrets.js';
export { UsageError, PayloadError, ValidationError } from '../core/errors.js';
export { PortClient, resolveBaseUrl, DEFAULT_BASE_URL, type PortClientOptions, type LogEntry, type PortRun } from '../port/client.js';
export { ApiError } from '../port/errors.js';
export type { RunContext, RunTrigger, PayloadFormat, PayloadEnvelope, JsonObject } from '../core/types.js';
