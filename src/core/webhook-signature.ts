import { createHmac, timingSafeEqual } from 'node:crypto';
import { UsageError } from './errors.js';

/*
 * Port signs webhook bodies (PORT-FACTS.md §3): X-Port-Timestamp is the unix time in seconds and
 * X-Port-Signature is "v1," + base64(HMAC-SHA256(key = client secret, data = "<timestamp>.<raw body>")).
 */

export function signWebhook(rawBody: string, clientSecret: string, timestampSeconds: number): { 'X-Port-Timestamp': string; 'X-Port-Signature': string } {
  const timestamp = String(Math.floor(timestampSeconds));
  const signature = createHmac('sha256', clientSecret).update(`${timestamp}.${rawBody}`).digest('base64');
  return { 'X-Port-Timestamp': timestamp, 'X-Port-Signature': `v1,${signature}` };
}

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
export function verifyWebhook(
  rawBody: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  clientSecret: string,
  options: VerifyOptions,
): void {
  const tolerance = options.toleranceSeconds ?? 300;
  if (!headers.timestamp) throw new UsageError('X-Port-Timestamp: missing');
  if (!headers.signature) throw new UsageError('X-Port-Signature: missing');
  if (!/^\d{1,12}$/.test(headers.timestamp)) throw new UsageError(`X-Port-Timestamp: expected unix seconds but found "${headers.timestamp.slice(0, 20)}"`);
  const skew = Math.abs(options.nowSeconds - Number(headers.timestamp));
  if (skew > tolerance) throw new UsageError(`X-Port-Timestamp: ${skew} s from now, outside the ${tolerance} s window (a replay, or a clock off)`);
  const expected = Buffer.from(signWebhook(rawBody, clientSecret, Number(headers.timestamp))['X-Port-Signature']);
  // A header may carry several signatures ("v1,a v1,b") while a secret is being rotated.
  const candidates = headers.signature.split(' ').map((part) => Buffer.from(part.trim()));
  if (!candidates.some((candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected))) {
    throw new UsageError('X-Port-Signature: does not match the body and timestamp for this client secret');
  }
}
