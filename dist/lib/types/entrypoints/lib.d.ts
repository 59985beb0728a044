export { verifyWebhook, signWebhook, type VerifyOptions } from '../core/webhook-signature.js';
export { parsePayload, peekRunId, type ParseOptions } from '../core/payload.js';
export { encryptSecret, decryptSecret, decryptRunSecrets, SECRET_ENCRYPTION } from '../core/secrets.js';
export { UsageError, PayloadError, ValidationError } from '../core/errors.js';
export { PortClient, resolveBaseUrl, DEFAULT_BASE_URL, type PortClientOptions, type LogEntry, type PortRun } from '../port/client.js';
export { ApiError } from '../port/errors.js';
export type { RunContext, RunTrigger, PayloadFormat, PayloadEnvelope, JsonObject } from '../core/types.js';
