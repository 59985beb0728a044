/*
 * One token per process: it reuses its token for every call. A token may also be given in PORT_ACCESS_TOKEN
 * (with PORT_ACCESS_TOKEN_EXPIRES_AT, epoch seconds); a face may share tokens between the steps of a job its own
 * way (src/github/job-state.ts). Port's tokens live three hours (PORT-FACTS.md §5).
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

export function isFresh(grant: TokenGrant | undefined, nowMs: number): grant is TokenGrant {
  return grant !== undefined && (grant.expiresAt === undefined || grant.expiresAt - nowMs > RENEW_MARGIN_MS);
}
