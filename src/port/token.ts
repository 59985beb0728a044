/*
 * One token per job: a process reuses its token for every call, and hands it to later steps and processes
 * through PORT_ACCESS_TOKEN and PORT_ACCESS_TOKEN_EXPIRES_AT (epoch seconds), so a five-step job
 * authenticates once. Port's tokens live three hours (PORT-FACTS.md §5).
 */

export interface TokenGrant {
  token: string;
  /** Epoch ms; undefined when a token came without an expiry (it is then used until Port refuses it). */
  expiresAt?: number;
}

export const TOKEN_ENV = 'PORT_ACCESS_TOKEN';
export const TOKEN_EXPIRY_ENV = 'PORT_ACCESS_TOKEN_EXPIRES_AT';

/** A token this close to its end is renewed rather than sent: a step may run for minutes after the check. */
export const RENEW_MARGIN_MS = 5 * 60_000;

export function tokenFromEnv(env: NodeJS.ProcessEnv): TokenGrant | undefined {
  const token = env[TOKEN_ENV]?.trim();
  if (!token) return undefined;
  const seconds = Number(env[TOKEN_EXPIRY_ENV]);
  return { token, expiresAt: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined };
}

export function tokenToEnv(grant: TokenGrant): Record<string, string> {
  const env: Record<string, string> = { [TOKEN_ENV]: grant.token };
  if (grant.expiresAt !== undefined) env[TOKEN_EXPIRY_ENV] = String(Math.floor(grant.expiresAt / 1000));
  return env;
}

export function isFresh(grant: TokenGrant | undefined, nowMs: number): grant is TokenGrant {
  return grant !== undefined && (grant.expiresAt === undefined || grant.expiresAt - nowMs > RENEW_MARGIN_MS);
}
