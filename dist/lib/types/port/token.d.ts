export interface TokenGrant {
    token: string;
    /** Epoch ms; undefined when a token came without an expiry (it is then used until Port refuses it). */
    expiresAt?: number;
}
export declare const TOKEN_ENV = "PORT_ACCESS_TOKEN";
export declare const TOKEN_EXPIRY_ENV = "PORT_ACCESS_TOKEN_EXPIRES_AT";
/** A token this close to its end is renewed rather than sent: a step may run for minutes after the check. */
export declare const RENEW_MARGIN_MS: number;
export declare function tokenFromEnv(env: NodeJS.ProcessEnv): TokenGrant | undefined;
export declare function isFresh(grant: TokenGrant | undefined, nowMs: number): grant is TokenGrant;
