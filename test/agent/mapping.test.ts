import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAPPING, MappingRunError, buildReport, buildRequest, loadMapping, parseMapping, requestUrl, selectEntry, type Mapping, type ResponseView } from '../../src/agent/mapping.js';
import { planGitLab } from '../../src/dispatch/gitlab.js';
import { createJqEngine } from '../../src/jq/engine.js';

const engine = createJqEngine();
afterAll(() => engine.close());

/** The incoming event of port-agent's docs ("The incoming message to base your mapping on"), trimmed. */
function docsMessage(invocationMethod: Record<string, unknown>, properties: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    action: 'action_identifier',
    resourceType: 'run',
    status: 'TRIGGERED',
    trigger: { by: { orgId: 'org_XXX', userId: 'auth0|XXXXX', user: { email: 'executor@mail.com' } }, origin: 'UI', at: '2023-11-13T15:20:16.641Z' },
    context: { entity: 'e_iQfaF14FJln6GVBn', blueprint: 'kubecostCloudAllocation', runId: 'r_HardNzG6kzc9vWOQ' },
    payload: {
      entity: { identifier: 'e_iQfaF14FJln6GVBn', title: 'myEntity', blueprint: 'myBlueprint', properties: { project_slug: 'gh/acme/web' } },
      action: { identifier: 'action_identifier', invocationMethod, trigger: 'DAY-2' },
      properties,
      censoredProperties: [],
    },
  };
}

const webhook = { type: 'WEBHOOK', agent: true, synchronized: false, method: 'POST', url: 'https://myGitlabHost.com' };

async function requestFor(file: unknown, message: Record<string, unknown>, env: Record<string, string> = {}) {
  const mapping = parseMapping(JSON.stringify(file), 'mapping.json');
  const jq = { engine, env };
  const index = await selectEntry(mapping, message, jq);
  if (index === undefined) return undefined;
  const request = await buildRequest(mapping.entries[index]!, `mapping entry ${index}`, message, jq);
  return { index, request };
}

describe("port-agent's documented mapping examples", () => {
  it.each([
    {
      name: 'the default mapping of the docs: url and method from the invocation method, the whole message as body',
      file: [{ enabled: true, url: '.payload.action.invocationMethod.url', method: '.payload.action.invocationMethod.method // "POST"' }],
      method: { ...webhook, method: 'PUT' },
      expected: (message: unknown) => ({ method: 'PUT', url: 'https://myGitlabHost.com', headers: {}, query: {}, body: message }),
    },
    {
      name: 'an entry with no fields but enabled sends what port-agent sends by default (method falls back to POST)',
      file: [{ enabled: true }],
      method: { type: 'WEBHOOK', agent: true, url: 'https://hooks.example.com/run' },
      expected: (message: unknown) => ({ method: 'POST', url: 'https://hooks.example.com/run', headers: {}, query: {}, body: message }),
    },
    {
      name: '"objects can be partially constructed with JSON": literals kept, strings run as jq (a missing path gives null)',
      file: [{ enabled: true, body: { key: 2, key2: { key3: '.im.a.jq.expression', key4: '"im a string"' } } }],
      method: webhook,
      expected: () => ({ method: 'POST', url: 'https://myGitlabHost.com', headers: {}, query: {}, body: { key: 2, key2: { key3: null, key4: 'im a string' } } }),
    },
    {
      name: '"forwarding headers": one jq string gives the whole headers object',
      file: [{ enabled: true, headers: '.payload.action.invocationMethod.headers // {}' }],
      method: { ...webhook, headers: { 'X-Team': 'platform', 'X-Count': 3 } },
      expected: (message: unknown) => ({ method: 'POST', url: 'https://myGitlabHost.com', headers: { 'X-Team': 'platform', 'X-Count': '3' }, query: {}, body: message }),
    },
    {
      name: '"create a URL based on a property", with the path as Port sends it (.payload.action) and the number made text',
      file: [{ enabled: true, url: '.payload.action.invocationMethod.url + (.payload.properties.network_port | tostring)' }],
      method: { ...webhook, url: 'http://test.com/' },
      properties: { network_port: 8080 },
      expected: (message: unknown) => ({ method: 'POST', url: 'http://test.com/8080', headers: {}, query: {}, body: message }),
    },
    {
      name: 'the CircleCI example: a filter on .action, env in url and headers, @uri, variables through tostring',
      file: [
        {
          enabled: '.action == "trigger_circle_ci_pipeline"',
          url: '(env.CIRCLE_CI_URL // "https://circleci.com") as $baseUrl | .payload.entity.properties.project_slug | @uri as $path | $baseUrl + "/api/v2/project/" + $path + "/pipeline"',
          headers: { 'Circle-Token': 'env.CIRCLE_CI_TOKEN' },
          body: {
            branch: '.payload.properties.branch // "main"',
            parameters: '.payload.action.invocationMethod as $invocationMethod | .payload.properties | to_entries | map({(.key): (.value | tostring)}) | add | if $invocationMethod.omitUserInputs then {} else . end',
          },
        },
        { enabled: true },
      ],
      method: webhook,
      action: 'trigger_circle_ci_pipeline',
      properties: { branch: 'dev', replicas: 2 },
      env: { CIRCLE_CI_TOKEN: 'cci-token-1' },
      expected: () => ({
        method: 'POST',
        url: 'https://circleci.com/api/v2/project/gh%2Facme%2Fweb/pipeline',
        headers: { 'Circle-Token': 'cci-token-1' },
        query: {},
        body: { branch: 'dev', parameters: { branch: 'dev', replicas: '2' } },
      }),
    },
    {
      name: 'query parameters: values as text, a list repeats the parameter, null leaves it out',
      file: [{ enabled: true, query: { env: '"prod"', n: '.payload.properties.n', tag: '["a","b"]', none: 'null' } }],
      method: { ...webhook, url: 'https://hooks.example.com/run?x=1' },
      properties: { n: 3 },
      expected: (message: unknown) => ({ method: 'POST', url: 'https://hooks.example.com/run?x=1', headers: {}, query: { env: 'prod', n: '3', tag: ['a', 'b'] }, body: message }),
      url: 'https://hooks.example.com/run?x=1&env=prod&n=3&tag=a&tag=b',
    },
  ])('$name', async (example) => {
    const message = docsMessage(example.method, example.properties);
    if (example.action) message.action = example.action;
    const built = await requestFor(example.file, message, example.env);
    expect(built?.request).toEqual(example.expected(message));
    if (example.url) expect(requestUrl(built!.request)).toBe(example.url);
  });

  it('uses the first entry whose enabled is true: the docs\' GitLab filter as written (.payload.invocationMethod) never matches', async () => {
    const file = [
      { enabled: '.payload.invocationMethod.type == "GITLAB"', url: '"https://never.example.com"' },
      { enabled: '.payload.action.invocationMethod.type == "GITLAB"', url: '"https://gitlab.example.com"' },
      { enabled: true, url: '"https://fallback.example.com"' },
    ];
    expect((await requestFor(file, docsMessage({ type: 'GITLAB', agent: true })))?.index).toBe(1);
    expect((await requestFor(file, docsMessage(webhook)))?.index).toBe(2);
  });

  it('applies an entry only when enabled gives exactly true: "true", 1 and a failing filter do not apply, false skips, none matching -> undefined', async () => {
    const file = [{ enabled: '"true"' }, { enabled: '1' }, { enabled: '.a.b.c | error("x")' }, { enabled: false }, { enabled: '.payload.properties.target_cluster == "cluster-a"' }];
    const mapping = parseMapping(JSON.stringify(file), 'mapping.json');
    expect(await selectEntry(mapping, docsMessage(webhook, { target_cluster: 'cluster-b' }), { engine, env: {} })).toBeUndefined();
    expect(await selectEntry(mapping, docsMessage(webhook, { target_cluster: 'cluster-a' }), { engine, env: {} })).toBe(4);
  });

  it('the docs\' URL example as printed (.payload.invocationMethod.url + a number) is a jq error naming the field', async () => {
    const file = [{ enabled: true, url: '.payload.invocationMethod.url + .payload.properties.network_port' }];
    // null + 8080 is 8080 in jq: not a URL, and the error says what the url gave.
    await expect(requestFor(file, docsMessage(webhook, { network_port: 8080 }))).rejects.toThrow(/^mapping entry 0: url: gave the number 8080; expected an http:\/\/ or https:\/\/ URL$/);
    const adding = [{ enabled: true, url: '.payload.action.invocationMethod.url + .payload.properties.network_port' }];
    const error = await requestFor(adding, docsMessage({ ...webhook, url: 'http://test.com/' }, { network_port: 8080 })).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(MappingRunError);
    expect((error as MappingRunError).field).toBe('mapping entry 0: url');
    expect((error as Error).message).toMatch(/string .* and number .* cannot be added/);
  });

  it('a jq error deep in a body names its path; a method that is not HTTP names the method', async () => {
    const message = docsMessage(webhook);
    await expect(requestFor([{ enabled: true, body: { a: { list: ['"ok"', '.payload | error("no way")'] } } }], message)).rejects.toThrow('mapping entry 0: body.a.list[1]: no way');
    await expect(requestFor([{ enabled: true, method: '"FETCH"' }], message)).rejects.toThrow('mapping entry 0: method: gave the string "FETCH"; expected one of GET, POST, PUT, PATCH, DELETE');
    await expect(requestFor([{ enabled: true, headers: { 'X-A': '{a: 1}' } }], message)).rejects.toThrow('mapping entry 0: headers.X-A: gave an object; a header value is text');
    await expect(requestFor([{ enabled: true }], docsMessage({ type: 'WEBHOOK', agent: true }))).rejects.toThrow("mapping entry 0: url: gave the string \"\"; expected an http:// or https:// URL (the default is the action's invocationMethod.url)");
  });
});

describe('the built-in mapping', () => {
  const gitlab = { type: 'GITLAB', agent: true, groupName: 'org/sub', projectName: 'svc', defaultRef: 'release' };
  const env = { GITLAB_URL: 'https://gitlab.example.com/', org_sub_svc: 'glptt-secret' };

  it('triggers a GitLab pipeline as the dispatcher\'s agent request does, fields in port-agent\'s order (ref first)', async () => {
    const properties = { ref: 'dev', replicas: 3, flag: true, obj: { a: 1 }, text: 'x "y"' };
    const message = docsMessage(gitlab, properties);
    const jq = { engine, env };
    expect(await selectEntry(DEFAULT_MAPPING, message, jq)).toBe(0);
    const request = await buildRequest(DEFAULT_MAPPING.entries[0]!, 'mapping entry 0', message, jq);
    const planned = planGitLab({ method: gitlab, message, properties, ref: undefined, env });
    expect(request.url).toBe('https://gitlab.example.com/api/v4/projects/org%2Fsub%2Fsvc/trigger/pipeline');
    expect(request.url).toBe(planned.request.url);
    expect(request.method).toBe('POST');
    expect(request.body).toEqual(planned.request.body);
    expect(Object.keys(request.body as object)).toEqual(['ref', 'token', 'variables', 'port_payload']);
  });

  it.each([
    ['ref falls back to defaultRef, then main', {}, gitlab, { ref: 'release', variables: {} }],
    ['no defaultRef: main', {}, { ...gitlab, defaultRef: undefined }, { ref: 'main', variables: {} }],
    ['omitUserInputs sends no variables, omitPayload an empty port_payload', { ref: 'dev', n: 1 }, { ...gitlab, omitUserInputs: true, omitPayload: true }, { ref: 'dev', variables: {}, port_payload: {} }],
    ["a current-format action's pipelineVariables are the variables, as text", { n: 1 }, { ...gitlab, pipelineVariables: { ENV: 'prod', N: 2 } }, { ref: 'release', variables: { ENV: 'prod', N: '2' } }],
    ["a current-format action's rendered pipelineVariables.ref picks the branch, as Port's direct dispatch does", { ref: 'ignored' }, { ...gitlab, pipelineVariables: { ref: 'hotfix', ENV: 'prod' } }, { ref: 'hotfix', variables: { ref: 'hotfix', ENV: 'prod' } }],
  ])('GITLAB: %s', async (_name, properties, method, expected) => {
    const message = docsMessage(method, properties);
    const request = await buildRequest(DEFAULT_MAPPING.entries[0]!, 'mapping entry 0', message, { engine, env });
    expect(request.body).toMatchObject({ token: 'glptt-secret', ...expected });
  });

  it('GITLAB_URL may lack its trailing slash; without it gitlab.com is used', async () => {
    const message = docsMessage(gitlab);
    const one = await buildRequest(DEFAULT_MAPPING.entries[0]!, 'e', message, { engine, env: { GITLAB_URL: 'http://127.0.0.1:8080' } });
    expect(one.url).toBe('http://127.0.0.1:8080/api/v4/projects/org%2Fsub%2Fsvc/trigger/pipeline');
    const two = await buildRequest(DEFAULT_MAPPING.entries[0]!, 'e', message, { engine, env: {} });
    expect(two.url).toBe('https://gitlab.com/api/v4/projects/org%2Fsub%2Fsvc/trigger/pipeline');
    expect(two.body).toMatchObject({ token: null });
  });

  it('sends every other agent message to invocationMethod.url with its method, the whole message as body', async () => {
    const message = docsMessage({ ...webhook, method: 'PATCH' });
    expect(await selectEntry(DEFAULT_MAPPING, message, { engine, env })).toBe(1);
    expect(await buildRequest(DEFAULT_MAPPING.entries[1]!, 'e', message, { engine, env })).toEqual({ method: 'PATCH', url: 'https://myGitlabHost.com', headers: {}, query: {}, body: message });
  });

  it('reports link = web_url and externalRunId = id (as text) from GitLab\'s answer, and no status', async () => {
    const message = docsMessage(gitlab);
    const request = await buildRequest(DEFAULT_MAPPING.entries[0]!, 'e', message, { engine, env });
    const response: ResponseView = { statusCode: 201, headers: {}, text: '', json: { id: 3000000001, web_url: 'https://gitlab.example.com/org/sub/svc/-/pipelines/3000000001' } };
    expect(await buildReport(DEFAULT_MAPPING.entries[0]!, 'e', { body: message, request, response }, { engine, env })).toEqual({
      link: 'https://gitlab.example.com/org/sub/svc/-/pipelines/3000000001',
      externalRunId: '3000000001',
    });
  });
});

describe('the report', () => {
  const request = { method: 'POST', url: 'https://x.example.com', headers: {}, query: {}, body: {} };
  const answer = (statusCode: number, json: unknown = null): ResponseView => ({ statusCode, headers: { 'x-run': 'abc' }, text: JSON.stringify(json), json });
  const plain = parseMapping('[{"enabled": true}]', 'm').entries[0]!;

  it.each([
    ['a 2xx answer to an asynchronous webhook leaves the run as it is', false, 202, {}],
    ['a 2xx answer to a synchronized webhook ends it SUCCESS', true, 200, { status: 'SUCCESS' }],
    ['a non-2xx answer ends it FAILURE, saying the status code', true, 500, { status: 'FAILURE', summary: 'Failed to invoke the webhook with status code: 500.' }],
    ['a non-2xx answer to an asynchronous webhook ends it FAILURE too', false, 404, { status: 'FAILURE', summary: 'Failed to invoke the webhook with status code: 404.' }],
  ])('without a report mapping, %s', async (_name, synchronized, statusCode, expected) => {
    const body = docsMessage({ ...webhook, synchronized });
    expect(await buildReport(plain, 'e', { body, request, response: answer(statusCode) }, { engine, env: {} })).toEqual(expected);
  });

  it("the docs' report example: status, link, summary and externalRunId over {body, request, response}; a null keeps the default", async () => {
    const entry = parseMapping(
      JSON.stringify([
        {
          enabled: true,
          report: { status: '"SUCCESS"', link: '.response.json.link', summary: '.response.json.summary // null', externalRunId: '.response.json.runId' },
        },
      ]),
      'm',
    ).entries[0]!;
    const body = docsMessage(webhook);
    expect(await buildReport(entry, 'e', { body, request, response: answer(200, { link: 'https://ci.example.com/7', runId: 7 }) }, { engine, env: {} })).toEqual({
      status: 'SUCCESS',
      link: 'https://ci.example.com/7',
      externalRunId: '7',
    });
    const failed = await buildReport(entry, 'e', { body, request, response: answer(500, {}) }, { engine, env: {} });
    expect(failed).toEqual({ status: 'SUCCESS', summary: 'Failed to invoke the webhook with status code: 500.' });
  });

  it('reads the request, the response headers and text; a status that is not SUCCESS or FAILURE is an error naming it', async () => {
    const entry = parseMapping(JSON.stringify([{ enabled: true, report: { summary: '"\\(.request.method) \\(.response.headers["x-run"]) \\(.response.text)"', status: '"DONE"' } }]), 'm').entries[0]!;
    await expect(buildReport(entry, 'mapping entry 0', { body: docsMessage(webhook), request, response: answer(200, 1) }, { engine, env: {} })).rejects.toThrow(
      'mapping entry 0: report.status: gave the string "DONE"; Port takes SUCCESS or FAILURE',
    );
    const summary = parseMapping(JSON.stringify([{ enabled: true, report: { summary: '"\\(.request.method) \\(.response.headers["x-run"]) \\(.response.text)"' } }]), 'm').entries[0]!;
    expect(await buildReport(summary, 'e', { body: docsMessage(webhook), request, response: answer(200, 1) }, { engine, env: {} })).toEqual({ summary: 'POST abc 1' });
  });
});

describe('a mapping file that is not valid', () => {
  it.each([
    ['not JSON', '[{', /^m\.json: not JSON \(.*\); expected a list of mapping entries as port-agent's control_the_payload_config\.json$/],
    ['not a list', '{"enabled": true}', 'm.json: expected a list of mapping entries ([{"enabled": true, ...}]) but found an object'],
    ['an empty list', '[]', 'm.json: the list is empty, so no message would ever be sent; give at least one entry, e.g. [{"enabled": true}]'],
    ['an entry that is not an object', '[{"enabled": true}, "x"]', 'm.json: entry 1: expected an object such as {"enabled": true, "url": "..."} but found the string "x"'],
    ['an unknown field', '[{"enabled": true, "heaers": {}}]', 'm.json: entry 0: unknown field "heaers"; an entry takes enabled, url, method, headers, query, body, report, fieldsToDecryptPaths'],
    ['enabled as a number', '[{"enabled": 1}]', 'm.json: entry 0: enabled: expected true, false or a jq expression (a string) but found the number 1'],
    ['a url that is not a string', '[{"enabled": true, "url": ["x"]}]', 'm.json: entry 0: url: expected a jq expression (a string; quote a literal: "\\"https://...\\"") but found a list'],
    ['a body that is a list', '[{"enabled": true, "body": [1]}]', 'm.json: entry 0: body: expected a jq expression (a string) or an object whose strings are jq, but found a list'],
    ['an unknown report field', '[{"enabled": true, "report": {"state": "1"}}]', 'm.json: entry 0: report: unknown field "state"; report takes status, link, summary, externalRunId'],
    ['a report field that is not jq', '[{"enabled": true, "report": {"status": true}}]', 'm.json: entry 0: report.status: expected a jq expression (a string) but found the boolean true'],
    [
      "the docs' own example path, with its leading dot",
      '[{"enabled": true, "fieldsToDecryptPaths": [".payload.properties.secret_field"]}]',
      'm.json: entry 0: fieldsToDecryptPaths[0]: ".payload.properties.secret_field" starts with a dot; write the path from the message\'s root without it: "payload.properties.secret_field"',
    ],
    ['a wildcard path', '[{"enabled": true, "fieldsToDecryptPaths": ["secrets[*].value"]}]', 'm.json: entry 0: fieldsToDecryptPaths[0]: "secrets[*].value" uses brackets or a wildcard; name each array item by its index, as in "secrets.0.value"'],
    ['a path list that is a string', '[{"enabled": true, "fieldsToDecryptPaths": "a.b"}]', 'm.json: entry 0: fieldsToDecryptPaths: expected a list of dot paths such as ["payload.properties.api_key"] but found the string "a.b"'],
  ])('%s is refused, naming the entry and field and what is accepted', (_name, text, message) => {
    expect(() => parseMapping(text, 'm.json')).toThrow(message);
  });

  it('takes null fields as left out and enabled as true when absent, as port-agent\'s model does', () => {
    const mapping: Mapping = parseMapping('[{"url": null, "report": {"link": null}, "fieldsToDecryptPaths": ["payload.action.invocationMethod.body.secrets.0.value"]}]', 'm');
    expect(mapping.entries[0]).toEqual({ enabled: true, report: {}, fieldsToDecryptPaths: ['payload.action.invocationMethod.body.secrets.0.value'] });
  });
});

describe('loadMapping', () => {
  const home = mkdtempSync(path.join(tmpdir(), 'agent-mapping-'));

  it('uses the built-in mapping when CONTROL_THE_PAYLOAD_CONFIG_PATH is unset and ./control_the_payload_config.json is absent', () => {
    expect(loadMapping({}, home)).toBe(DEFAULT_MAPPING);
  });

  it('reads ./control_the_payload_config.json (the working folder), or the file the variable names, which replaces the built-in mapping whole', () => {
    const other = mkdtempSync(path.join(tmpdir(), 'agent-home-'));
    writeFileSync(path.join(other, 'control_the_payload_config.json'), '[{"enabled": true, "method": "\\"PUT\\""}]');
    expect(loadMapping({}, other).entries).toEqual([{ enabled: true, method: '"PUT"', fieldsToDecryptPaths: [] }]);
    const named = path.join(home, 'mine.json');
    writeFileSync(named, '[{"enabled": false}, {"enabled": ".payload.properties.x == 1"}]');
    expect(loadMapping({ CONTROL_THE_PAYLOAD_CONFIG_PATH: named }, other)).toEqual({ source: named, entries: [{ enabled: false, fieldsToDecryptPaths: [] }, { enabled: '.payload.properties.x == 1', fieldsToDecryptPaths: [] }] });
  });

  it('refuses a named file that cannot be read, and names the file in a mapping error', () => {
    const missing = path.join(home, 'nope.json');
    expect(() => loadMapping({ CONTROL_THE_PAYLOAD_CONFIG_PATH: missing }, home)).toThrow(
      `CONTROL_THE_PAYLOAD_CONFIG_PATH: cannot read ${missing} (ENOENT); expected a JSON mapping file, or leave CONTROL_THE_PAYLOAD_CONFIG_PATH unset for the built-in mapping`,
    );
    const bad = path.join(home, 'bad.json');
    writeFileSync(bad, '[{"enabled": "yes", "url": 1}]');
    expect(() => loadMapping({ CONTROL_THE_PAYLOAD_CONFIG_PATH: bad }, home)).toThrow(`${bad}: entry 0: url: expected a jq expression`);
  });
});
