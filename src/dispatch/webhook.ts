import type { JsonObject } from '../core/index.js';
import { UsageError, signWebhook } from '../core/index.js';
import { ApiError } from '../port/errors.js';
import { sendRequest } from '../http/request.js';
import type { DispatchPlan, DispatchResult, PlannedRequest } from './types.js';
import { UncertainDispatchError } from './github.js';

/**
 * The webhook Port sends (PORT-FACTS.md §3): the run message as compact JSON, signed with the client secret
 * over "<timestamp>.<body>". The body is sent exactly as signed.
 */
export function planWebhook(args: { method: { url: string; method?: string }; message: JsonObject; clientSecret: string | undefined; nowSeconds: number }): {
  request: PlannedRequest;
  notes: string[];
} {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const notes: string[] = [];
  if (args.clientSecret) Object.assign(headers, signWebhook(JSON.stringify(args.message), args.clientSecret, args.nowSeconds));
  else notes.push('unsigned: set PORT_CLIENT_SECRET to sign as Port does');
  return { request: { method: (args.method.method ?? 'POST').toUpperCase(), url: args.method.url, headers, body: args.message }, notes };
}

export async function sendWebhook(plan: DispatchPlan): Promise<DispatchResult> {
  if (!plan.request.headers['X-Port-Signature']) throw new UsageError('WEBHOOK: set PORT_CLIENT_SECRET: Port signs every webhook, and receivers check the signature');
  let response;
  try {
    response = await sendRequest(plan.request.method, plan.request.url, plan.request.headers, plan.request.rawBody ?? JSON.stringify(plan.request.body));
  } catch (error) {
    throw new UncertainDispatchError(`The webhook may or may not have been received: no answer from ${new URL(plan.request.url).host} (${(error as Error).message})`);
  }
  if (response.status >= 500) throw new UncertainDispatchError(`The webhook may or may not have been acted on: the receiver answered ${response.status}`);
  if (response.status >= 400) throw new ApiError(`The webhook receiver refused the run: ${response.status} ${response.text.slice(0, 200)}`, response.status);
  return { backend: 'WEBHOOK', status: response.status };
}
