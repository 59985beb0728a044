export declare function signWebhook(rawBody: string, clientSecret: string, timestampSeconds: number): {
    'X-Port-Timestamp': string;
    'X-Port-Signature': string;
};
export interface VerifyOptions {
    /** The receiver's clock, unix seconds. */
    nowSeconds: number;
    /** How far the timestamp may be from now, either way; default 300 s, against replays. */
    toleranceSeconds?: number;
}
/**
 * Checks a webhook a receiver got: the signature must match the raw body (as received, not re-serialised)
 * and the timestamp must be within the window.
 * @throws UsageError saying which check failed; never the expected signature.
 */
export declare function verifyWebhook(rawBody: string, headers: {
    timestamp: string | undefined;
    signature: string | undefined;
}, clientSecret: string, options: VerifyOptions): void;
