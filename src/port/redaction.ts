import { REDACT_ENV, SECRET_ENV, SecretMasker, maskTextsFor, parseVariableNames } from '../core/index.js';

/** Variables whose values are credentials wherever port-ci runs. */
const CREDENTIAL_ENV = ['PORT_CLIENT_SECRET', 'PORT_ACCESS_TOKEN', 'GITHUB_TOKEN', 'GH_TOKEN', 'GITLAB_TRIGGER_TOKEN', 'PORT_GITLAB_TOKEN', 'CI_JOB_TOKEN'];

/**
 * What must never reach Port's run log, which no runner masks: the credentials in the environment, the secret
 * inputs a context step decrypted into it (named in PORT_SECRET_ENV), the variables named in PORT_REDACT_ENV
 * (by the root action's `redact` input) and those `requested` here. A name in PORT_REDACT_ENV that this
 * process does not have is silent: a later step may set the variable only for itself.
 * @throws UsageError for a name in PORT_REDACT_ENV that is not a variable name.
 */
export function maskerFromEnv(env: NodeJS.ProcessEnv, requested: readonly string[] = []): SecretMasker {
  const masker = new SecretMasker();
  for (const name of CREDENTIAL_ENV) if (env[name]) masker.add(env[name]);
  for (const name of (env[SECRET_ENV] ?? '').split(',').filter(Boolean)) {
    const value = env[name];
    if (value) for (const text of secretInputTexts(value)) masker.add(text);
  }
  for (const name of parseVariableNames(env[REDACT_ENV] ?? '', REDACT_ENV)) if (env[name]) masker.add(env[name]);
  for (const name of requested) if (env[name]) masker.add(env[name]);
  return masker;
}

/**
 * A decrypted secret input as its variable holds it: an object secret is compact JSON, and a script may print
 * one of its fields, so each string inside is masked too (the same texts the root action masks in the job log).
 */
function secretInputTexts(value: string): string[] {
  if (!/^\s*[[{]/.test(value)) return [value];
  try {
    return [value, ...maskTextsFor(JSON.parse(value) as unknown)];
  } catch {
    return [value];
  }
}

/**
 * A warning for each name asked for (`--redact`, the `redact` input) whose variable holds nothing here, which
 * is likely a typo; not an error, so a job whose secret is optional still runs.
 */
export function unsetRedactWarnings(env: NodeJS.ProcessEnv, names: readonly string[], where: string): string[] {
  return names.filter((name) => !env[name]?.trim()).map((name) => `${where} ${name}: the variable is not set or is empty, so there is nothing to redact`);
}
