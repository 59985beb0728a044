import { SECRET_ENV, maskTextsFor, redact } from '../core/index.js';

/** Variables whose values are credentials wherever port-ci runs. */
const CREDENTIAL_ENV = ['PORT_CLIENT_SECRET', 'PORT_ACCESS_TOKEN', 'GITHUB_TOKEN', 'GH_TOKEN', 'GITLAB_TRIGGER_TOKEN', 'PORT_GITLAB_TOKEN', 'CI_JOB_TOKEN'];

/**
 * What must never reach Port's run log, which no runner masks: the credentials in the environment and the
 * secret inputs a context step decrypted into it (named in PORT_SECRET_ENV).
 */
export function redactorFromEnv(env: NodeJS.ProcessEnv): (text: string) => string {
  const names = [...CREDENTIAL_ENV, ...(env[SECRET_ENV] ?? '').split(',').filter(Boolean)];
  const secrets = names.flatMap((name) => (env[name] ? maskTextsFor(env[name]) : []));
  return secrets.length === 0 ? (text) => text : (text) => redact(text, secrets);
}
