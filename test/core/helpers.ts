/** Shared fixtures for the core unit tests. Every loader returns a fresh copy, so a test may mutate it. */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { PayloadError, UsageError } from '../../src/core/index.js';
import type { ActionDefinition, JsonObject, UserInputsSchema } from '../../src/core/index.js';

const root = new URL('../../examples/', import.meta.url);

export function exampleText(name: 'classic' | 'github-event' | 'gitlab-trigger' | 'port-context'): string {
  return readFileSync(new URL(`payloads/${name}.json`, root), 'utf8');
}

export function example(name: 'classic' | 'github-event' | 'gitlab-trigger' | 'port-context'): JsonObject {
  return JSON.parse(exampleText(name)) as JsonObject;
}

export function deployAction(): ActionDefinition {
  return JSON.parse(readFileSync(new URL('actions/deploy-service.json', root), 'utf8')) as ActionDefinition;
}

export function deploySchema(): UserInputsSchema {
  return deployAction().userInputs!;
}

/** The values shared by every example payload. */
export const RUN_ID = 'r_Q8vNw3kTz1LpX0aB';
export const EXAMPLE_INPUTS = {
  environment: 'production',
  replica_count: 4,
  dry_run: false,
  labels: { owner: 'payments', cost_center: 'cc-42' },
  notify: ['oncall@acme.example'],
  cluster: 'eu-prod-1',
};
export const EXAMPLE_TRIGGER = {
  origin: 'UI',
  at: '2026-11-28T09:14:03.511Z',
  operation: null,
  userEmail: 'dana@acme.example',
  userId: 'auth0|6541f1',
  orgId: 'org_7yHbQ2',
};
export const EXAMPLE_ENTITY = {
  identifier: 'checkout-api',
  title: 'Checkout API',
  blueprint: 'service',
  properties: { language: 'go', tier: 'critical' },
  relations: { cluster: 'eu-prod-1' },
  team: ['payments'],
};
/** The text form Port gives each example input as a workflow input or pipeline variable (PORT-FACTS.md §3). */
export const EXAMPLE_TEXT_INPUTS: Record<string, string> = {
  environment: 'production',
  replica_count: '4',
  dry_run: 'false',
  labels: '{"owner":"payments","cost_center":"cc-42"}',
  notify: '["oncall@acme.example"]',
  cluster: 'eu-prod-1',
};

/** A minimal classic message, with whatever changes a test needs applied to a fresh copy. */
export function classicMessage(properties: Record<string, unknown> = {}, userInputs?: UserInputsSchema): JsonObject {
  return {
    action: 'deploy_service',
    resourceType: 'run',
    status: 'TRIGGERED',
    trigger: { by: { orgId: 'org_1', userId: 'auth0|1', user: { email: 'a@b.c' } }, origin: 'UI', at: '2026-01-01T00:00:00.000Z' },
    context: { entity: null, blueprint: 'service', runId: 'r_test1' },
    payload: {
      entity: null,
      action: { identifier: 'deploy_service', trigger: 'CREATE', invocationMethod: { type: 'GITHUB' }, ...(userInputs ? { userInputs } : {}) },
      properties,
      censoredProperties: [],
    },
  };
}

/** Runs `fn`, expects it to throw, and returns the error. */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return error as Error;
  }
  throw new Error('expected a throw, but the call returned');
}

/** Expects a PayloadError whose message starts with `prefix`, and returns it. */
export function payloadError(fn: () => unknown, prefix: string): PayloadError {
  const error = thrown(fn);
  expect(error).toBeInstanceOf(PayloadError);
  expect(error).toBeInstanceOf(UsageError);
  expect(error.name).toBe('PayloadError');
  expect(error.message.startsWith(prefix), `message ${JSON.stringify(error.message)} should start with ${JSON.stringify(prefix)}`).toBe(true);
  return error as PayloadError;
}
