import { afterAll, describe, expect, it } from 'vitest';
import { createJqEngine, type JqEngine } from '../../src/jq/engine.js';
import { StrictTemplateError, TemplateError, convertQuotes, parseSpans, renderTemplate } from '../../src/jq/template.js';

const engine = createJqEngine();
afterAll(() => engine.close());

const data = {
  inputs: { name: 'svc', replicas: 3, tags: ['a', 'b'], limits: { cpu: '1' }, off: false, none: null },
  entity: { identifier: 'svc-a', properties: { tier: 'gold' } },
  run: { id: 'r_abc' },
};

async function render(template: unknown, strict = false) {
  return renderTemplate(template, data, engine, { field: 'body', strict });
}

describe("Port's template rules", () => {
  it('keeps a string without spans as it is, single braces included', async () => {
    expect((await render('plain {text} }')).value).toBe('plain {text} }');
  });

  it('gives a whole-string span its own JSON type, surrounding blanks allowed', async () => {
    const { value } = await render({ n: '{{ .inputs.replicas }}', o: ' {{ .inputs.limits }} ', b: '{{ .inputs.off }}', z: '{{ .inputs.none }}', a: '{{ .inputs.tags }}' });
    expect(value).toEqual({ n: 3, o: { cpu: '1' }, b: false, z: null, a: ['a', 'b'] });
  });

  it('splices spans into text: strings raw, null as null, others as compact JSON, no output as undefined', async () => {
    const { value } = await render('{{ .inputs.name }}:{{ .inputs.replicas }} {{ .inputs.limits }} {{ .inputs.none }} {{ empty }} {{ .inputs.tags }}');
    expect(value).toBe('svc:3 {"cpu":"1"} null undefined ["a","b"]');
  });

  it('renders a jq error as null and records it; a span with no output drops its key, or is null in an array', async () => {
    const { value, issues } = await render({ bad: '{{ error("nope") }}', gone: '{{ empty }}', list: ['{{ empty }}', 1] });
    expect(value).toEqual({ bad: null, list: [null, 1] });
    expect(issues).toEqual([
      { field: 'body.bad', expression: ' error("nope") ', message: 'nope' },
      { field: 'body.gone', expression: ' empty ' },
      { field: 'body.list[0]', expression: ' empty ' },
    ]);
  });

  it('renders keys: null, "" or no output drop the pair, a later duplicate wins, a non-string key fails the render', async () => {
    const { value } = await render({ '{{ .inputs.name }}': 1, '{{ null }}': 2, '{{ "" }}': 3, '{{ empty }}': 4, svc: 'later' });
    expect(value).toEqual({ svc: 'later' });
    await expect(render({ '{{ .inputs.replicas }}': 1 })).rejects.toThrow(TemplateError);
    await expect(render({ '{{ .inputs.replicas }}': 1 })).rejects.toThrow(/a key must render to text but rendered to the number 3/);
  });

  it('merges spreadValue() into the parent at any level; later keys win; null adds nothing', async () => {
    const { value } = await render({
      name: 'first',
      '{{ spreadValue() }}': '{{ .inputs | {name, replicas} }}',
      nested: { '{{ spreadValue() }}': '{{ .entity.properties }}', '{{spreadValue()}}': '{{ null }}' },
    });
    expect(value).toEqual({ name: 'svc', replicas: 3, nested: { tier: 'gold' } });
  });

  it("reads '...' literals as strings but leaves an apostrophe inside a word alone", async () => {
    expect(convertQuotes("'v' + .x")).toBe('"v" + .x');
    expect(convertQuotes(".name | test(\"it's\")")).toBe('.name | test("it\'s")');
    expect((await render("{{ 'v-' + .inputs.name }}")).value).toBe('v-svc');
  });

  it('hides braces inside quoted text in a span, and skips escaped characters', async () => {
    expect((await render('{{ "}}" + .inputs.name }}')).value).toBe('}}svc');
    expect(parseSpans('{{ {a:1}}}').segments).toEqual([{ filter: ' {a:1', expression: ' {a:1' }, { text: '}' }]);
  });

  it('fails the whole render for a stray "}}", a span inside a span, or an unclosed span, naming the field', async () => {
    await expect(render({ x: 'a }} b' })).rejects.toThrow(/body\.x: "}}" at character 3 closes no "{{"/);
    await expect(render({ x: '{{ {{ .a }} }}' })).rejects.toThrow(/opens a span inside the span/);
    await expect(render({ x: '{{ .a' })).rejects.toThrow(/never closed/);
  });

  it('passes numbers, booleans and null through, and renders arrays element by element', async () => {
    expect((await render([1, true, null, '{{ .run.id }}'])).value).toEqual([1, true, null, 'r_abc']);
  });

  it('with strict, names every failing span: field, expression, jq message', async () => {
    const error = await render({ a: '{{ .inputs.name | tonumber }}', b: '{{ nosuchfn }}', c: '{{ empty }}' }, true).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StrictTemplateError);
    const issues = (error as StrictTemplateError).issues;
    expect(issues.map((issue) => issue.field)).toEqual(['body.a', 'body.b']);
    expect((error as Error).message).toMatch(/body\.a: \{\{ \.inputs\.name \| tonumber \}\}: Invalid numeric literal.*while parsing 'svc'/);
    expect((error as Error).message).toMatch(/body\.b: \{\{ nosuchfn \}\}: .*nosuchfn\/0 is not defined/);
  });

  it('defines a rendered "__proto__" key as data, never as a prototype', async () => {
    const { value } = await render({ '{{ "__proto__" }}': { polluted: true }, plain: 1 });
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value as object)).toEqual(['__proto__', 'plain']);
    expect(JSON.stringify(value)).toBe('{"__proto__":{"polluted":true},"plain":1}');
  });

  it('refuses templates nested too deep by name', async () => {
    let deep: unknown = '{{ .run.id }}';
    for (let i = 0; i < 500; i++) deep = { d: deep };
    await expect(render(deep)).rejects.toThrow(/nested deeper than 200 levels/);
  });

  it('evaluates a repeated expression once and renders every span of a template in one engine call', async () => {
    const calls: string[][] = [];
    const counting: JqEngine = { ...engine, evaluate: (filters, input) => (calls.push([...filters]), engine.evaluate(filters, input)) };
    const template = { ...Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, `{{ .inputs.replicas + ${i} }}`])), again: '{{ .inputs.replicas + 0 }}', '{{ .inputs.name }}': 'key' };
    const { value } = await renderTemplate(template, data, counting, { field: 'body' });
    expect((value as Record<string, number>).k299).toBe(302);
    expect((value as Record<string, string>).svc).toBe('key');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toHaveLength(301); // 300 values (the repeat counted once) and the key
  });
});
