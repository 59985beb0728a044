import { afterAll, describe, expect, it } from 'vitest';
import { JqInputError, JqTimeoutError, balanceProblem, createJqEngine } from '../../src/jq/engine.js';

const engine = createJqEngine({ timeoutMs: 1500 });
afterAll(() => engine.close());

const data = { inputs: { n: 3, s: 'x', list: [1, 2, 3] }, run: { id: 'r_1' } };

describe('the jq engine', () => {
  it('runs real jq 1.7.1: pick, abs-free arithmetic, ltrimstr, @base64d', async () => {
    const out = await engine.evaluate(['pick(.inputs.n)', '.inputs.list | add', '"ab-c" | ltrimstr("ab-")', '"aGk=" | @base64d', 'if .inputs.n > 2 then "big" end'], data);
    expect(out).toEqual([
      { kind: 'value', value: { inputs: { n: 3 } } },
      { kind: 'value', value: 6 },
      { kind: 'value', value: 'c' },
      { kind: 'value', value: 'hi' },
      { kind: 'value', value: 'big' },
    ]);
  });

  it('keeps only the first output, even of a generator that never ends', async () => {
    expect(await engine.evaluate(['.inputs.list[]', 'repeat(1)'], data)).toEqual([
      { kind: 'value', value: 1 },
      { kind: 'value', value: 1 },
    ]);
  });

  it('tells a value, no output and an error apart, and charges a compile error to its own filter', async () => {
    const out = await engine.evaluate(['empty', 'error("boom")', '.[', '.run.id', 'error({})', 'null'], data);
    expect(out[0]).toEqual({ kind: 'none' });
    expect(out[1]).toEqual({ kind: 'error', message: 'boom' });
    expect(out[2]).toMatchObject({ kind: 'error', message: expect.stringMatching(/syntax error/) });
    expect(out[3]).toEqual({ kind: 'value', value: 'r_1' });
    expect(out[4]).toEqual({ kind: 'none' }); // an error whose message is not a string counts as no output
    expect(out[5]).toEqual({ kind: 'value', value: null });
  });

  it('gives filters no environment: env is {} and $ENV.X is null', async () => {
    expect(await engine.evaluate(['env', '$ENV.HOME', 'env.PATH'], data)).toEqual([
      { kind: 'value', value: {} },
      { kind: 'value', value: null },
      { kind: 'value', value: null },
    ]);
  });

  it('gives filters the environment they are handed, for the agent\'s mapping: env.X, env[name] and $ENV', async () => {
    const env = { GITLAB_URL: 'https://gitlab.example.com/', group_sub_project: 'glptt-1', UNSET: undefined };
    expect(await engine.evaluate(['env.GITLAB_URL', 'env["group_sub_project"]', '$ENV | keys', 'env.HOME', '.run.id'], data, { env })).toEqual([
      { kind: 'value', value: 'https://gitlab.example.com/' },
      { kind: 'value', value: 'glptt-1' },
      { kind: 'value', value: ['GITLAB_URL', 'group_sub_project'] },
      { kind: 'value', value: null },
      { kind: 'value', value: 'r_1' },
    ]);
    // alone (a filter that does not compile makes each run by itself), the environment is there too
    expect(await engine.evaluate(['env.GITLAB_URL', '.['], data, { env })).toMatchObject([{ kind: 'value', value: 'https://gitlab.example.com/' }, { kind: 'error' }]);
  });

  it('has one input only: input and inputs find nothing more (a docs template writes inputs.x for .inputs.x)', async () => {
    expect(await engine.evaluate(['inputs.s', '[inputs]', 'input'], data)).toEqual([{ kind: 'none' }, { kind: 'value', value: [] }, { kind: 'error', message: expect.any(String) }]);
  });

  it('lets a filter end in a comment or define functions', async () => {
    expect(await engine.evaluate(['.inputs.n # the count', 'def twice: . * 2; .inputs.n | twice'], data)).toEqual([
      { kind: 'value', value: 3 },
      { kind: 'value', value: 6 },
    ]);
  });

  it('refuses a filter that would close the wrapper around it, as jq alone would fail to compile it', async () => {
    expect(balanceProblem('1), (2')).toMatch(/unexpected '\)'/);
    expect(balanceProblem('"a)" + "\\(.x | (1))"')).toBeUndefined();
    const [out] = await engine.evaluate(['.inputs.n), (.run.id'], data);
    expect(out).toMatchObject({ kind: 'error' });
  });

  it('refuses a NUL inside an expression by name instead of cutting the program short', async () => {
    const [out] = await engine.evaluate(['.inputs.s\u0000 | empty'], data);
    expect(out).toEqual({ kind: 'error', message: expect.stringMatching(/NUL character/) });
  });

  it('stops a filter that never ends, names it, and keeps working afterwards', async () => {
    const started = Date.now();
    const error = await engine.evaluate(['last(repeat(1))'], data).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(JqTimeoutError);
    expect((error as Error).message).toMatch(/did not finish "last\(repeat\(1\)\)" within 1500 ms/);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(await engine.evaluate(['.run.id'], data)).toEqual([{ kind: 'value', value: 'r_1' }]);
  });

  it('stops a runaway after 5000 ms when no time limit is given', async () => {
    const defaults = createJqEngine();
    try {
      const error = await defaults.evaluate(['last(repeat(1))'], data).catch((caught: unknown) => caught);
      expect((error as Error).message).toMatch(/within 5000 ms/);
    } finally {
      await defaults.close();
    }
  }, 30_000);

  it('finds the runaway among several filters run together', async () => {
    const error = await engine.evaluate(['.run.id', 'last(range(1e12))'], data).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(JqTimeoutError);
    expect((error as JqTimeoutError).filter).toBe('last(range(1e12))');
  });

  it('reads hostile input: NUL in strings, __proto__ keys, a large document', async () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "s": "a\\u0000b", "big": "' + 'x'.repeat(1_000_000) + '"}');
    const out = await engine.evaluate(['.__proto__.polluted', '.s | length', '.big | length'], hostile);
    expect(out).toEqual([
      { kind: 'value', value: true },
      { kind: 'value', value: 3 },
      { kind: 'value', value: 1_000_000 },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses input over 1 MiB by name, and keeps working', async () => {
    const error = await engine.evaluate(['.'], { big: 'x'.repeat(1_100_000) }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(JqInputError);
    expect((error as Error).message).toMatch(/1100\d+ bytes of JSON; jq here reads at most 1048576/);
    expect(await engine.evaluate(['.a'], { a: 1 })).toEqual([{ kind: 'value', value: 1 }]);
  });

  it('names input nested deeper than jq reads instead of crashing', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 20_000; i++) deep = [deep];
    const error = await engine.evaluate(['.'], deep).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(JqInputError);
    expect((error as Error).message).toMatch(/input/);
  });
});
