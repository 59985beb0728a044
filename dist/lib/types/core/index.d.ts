/** The pure core: what every face (GitHub Action, GitLab templates, CLI) shares. No I/O, no environment. */
export { UsageError, PayloadError, describeValue } from './errors.js';
export { isRunId, parsePayload, peekRunId, userInputsOf, type ParseOptions, type RunIdSource } from './payload.js';
export { typeInputText, mergeInputs, secretInputIds, isSecretInput } from './inputs.js';
export { encryptSecret, decryptSecret, decryptRunSecrets, maskTextsFor, SECRET_ENCRYPTION } from './secrets.js';
export { MASK, SecretMasker, maskCommandValue, maskForms, parseVariableNames, secretValues } from './masking.js';
export { contextEnv, compactJson, envText, formatDotenv, withinEnvLimits, type DotenvLimits, formatShellExports, shellQuote, triggeredBy, upperSnake, SECRET_ENV, REDACT_ENV, type EnvEntry, } from './env.js';
export { parseJsonText, isObject, MAX_PAYLOAD_BYTES } from './json.js';
export type * from './types.js';
export { parseFinalStatus, type TerminalStatus } from './status.js';
export { closest, didYouMean } from './suggest.js';
export { parseDuration } from './duration.js';
export { buildRunMessage, type RunMessageArgs } from './run-message.js';
export { signWebhook, verifyWebhook, type VerifyOptions } from './webhook-signature.js';
export { ValidationError } from './errors.js';
export { actionFormat } from './action-format.js';
export { buildRunUpdate, type RunUpdate, type RunUpdateRequest } from './run-update.js';
