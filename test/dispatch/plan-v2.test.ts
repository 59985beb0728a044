import { afterAll, describe, expect, it } from 'vitest';
import { planV2 } from '../../src/dispatch/plan-v2.js';
import { createJqEngine, type JqEngine } from '../../src/jq/engine.js';

const engine = createJqEngine();
afterAll(() => engine.close());

describe('planV2', () => {
  it("renders a webhook's url, headers and body in one jq call", async () => {
    const calls: number[] = [];
    const counting: JqEngine = { ...engine, evaluate: (filters, input) => (calls.push(filters.length), engine.evaluate(filters, input)) };
    const action = {
      identifier: 'hook',
      trigger: { type: 'self-service', operation: 'CREATE', userInputs: { properties: {} } },
      invocationMethod: { type: 'WEBHOOK', url: 'https://hooks.example/{{ .run.id }}', headers: { 'X-Run': '{{ .run.id }}', 'X-By': '{{ .trigger.by.user.email }}' }, body: { n: '{{ .inputs.n }}' } },
    };
    const triggerData = { inputs: { n: 2 }, trigger: { by: { user: { email: 'a@b.example' } } }, run: { id: 'r_1' } };
    const plan = await planV2({ action, triggerData, engine: counting, strict: false, ref: undefined, env: {}, now: new Date(0) });
    expect(plan.request).toMatchObject({ method: 'POST', url: 'https://hooks.example/r_1', headers: { 'X-Run': 'r_1', 'X-By': 'a@b.example' }, body: { n: 2 } });
    expect(calls).toEqual([3]); // .run.id once, the email, .inputs.n
  });
});
