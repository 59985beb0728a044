import { describe, expect, it } from 'vitest';
import { SecretMasker, maskCommandValue, maskForms, parseVariableNames, secretValues } from '../../src/core/masking.js';

/** A masker holding these secrets. */
function masker(...secrets: string[]): SecretMasker {
  const result = new SecretMasker();
  for (const secret of secrets) result.add(secret);
  return result;
}

describe('maskCommandValue: the lines the runner reads as add-mask commands', () => {
  it.each([
    ['::add-mask::s3cret', 's3cret'],
    ['   \t::add-mask::s3cret', 's3cret'], // the runner trims leading blanks before looking for ::
    ['\u00a0\u2003::add-mask::s3cret', 's3cret'], // unicode blanks too (.NET TrimStart)
    ['\u0085::add-mask::s3cret', 's3cret'], // .NET counts NEL as a blank; JavaScript does not
    ['::ADD-MASK::s3cret', 's3cret'], // command names are case-insensitive
    ['::add-mask prop=x::s3cret', 's3cret'], // properties are ignored
    ['::add-mask::value with :: inside', 'value with :: inside'],
    ['::add-mask::a%0Ab%0Dc%25d', 'a\nb\rc%d'], // the runner's data escapes
    ['::add-mask::100%250A', '100%0A'], // %25 last: %250A is a literal %0A, not a line break
    ['::add-mask::lower%0aescape', 'lower%0aescape'], // escapes are case-sensitive
    ['::add-mask::', ''], // a command with nothing to register: still not shown
    ['##[add-mask]s3cret', 's3cret'],
    ['build step 3 ##[add-mask]s3cret', 's3cret'], // the legacy form counts anywhere in the line
    ['x ##[ADD-MASK foo=bar]semi%3Bcolon%5Dbracket%25', 'semi;colon]bracket%'], // with its own escapes
  ])('%j registers %j', (line, value) => {
    expect(maskCommandValue(line)).toBe(value);
  });

  it.each([
    'echo ::add-mask::s3cret', // :: must open the line
    ':: add-mask::s3cret', // the command name starts right after ::
    '::add-masks::s3cret',
    '::add-mask s3cret', // no second ::
    '::warning::careful',
    '##[add-masking]s3cret',
    '##[add-mask s3cret', // no closing ]
    'plain output',
    '',
  ])('%j is not one', (line) => {
    expect(maskCommandValue(line)).toBeUndefined();
  });
});

describe('maskForms: what the runner masks beside a value', () => {
  const value = 'p@ss word/"quoted"&<x>';
  const forms = maskForms(value);

  it('holds the value, its base64 at the three byte alignments, JSON- and URI-escaped forms', () => {
    const bytes = Buffer.from(value);
    expect(forms).toContain(value);
    expect(forms).toContain(bytes.toString('base64'));
    expect(forms).toContain(bytes.subarray(1).toString('base64'));
    expect(forms).toContain(bytes.subarray(2).toString('base64'));
    expect(forms).toContain(JSON.stringify(value).slice(1, -1));
    expect(forms).toContain(encodeURIComponent(value));
    expect(forms).toContain(encodeURIComponent(value).replace(/'/g, '%27'));
    expect(forms).toContain('p@ss word/&quot;quoted&quot;&amp;&lt;x&gt;');
    expect(forms).not.toContain('');
  });

  it("holds the runner's other encodings: command-line, expression, quotes trimmed, PowerShell sections", () => {
    expect(maskForms('say "hi"')).toContain('say \\"hi\\"');
    expect(maskForms("it's")).toContain("it''s");
    expect(maskForms('"quoted-secret"')).toContain('quoted-secret');
    expect(maskForms('"short"')).not.toContain('short'); // the runner trims only values longer than 8
    expect(maskForms('first-part&second-part')).toEqual(expect.arrayContaining(['first-part&', 'second-part']));
    expect(maskForms('first-part&+Xsecond-part')).toEqual(expect.arrayContaining(['first-part&+', 'second-part']));
  });

  it('escapes non-ASCII as Python json.dumps does, and as .NET escapes U+2028', () => {
    expect(maskForms('pässwörd')).toContain('p\\u00e4ssw\\u00f6rd');
    expect(maskForms('line\u2028sep')).toContain('line\\u2028sep');
  });
});

describe('secretValues', () => {
  it('gives the value, trimmed, and each of its lines trimmed; nothing for a blank value', () => {
    expect(secretValues('  -----BEGIN KEY-----\r\nAAAA\rBBBB\n\n  CCCC  \n')).toEqual([
      '  -----BEGIN KEY-----\r\nAAAA\rBBBB\n\n  CCCC  \n',
      '-----BEGIN KEY-----\r\nAAAA\rBBBB\n\n  CCCC',
      '-----BEGIN KEY-----',
      'AAAA',
      'BBBB',
      'CCCC',
    ]);
    expect(secretValues('')).toEqual([]);
    expect(secretValues(' \t\n ')).toEqual([]);
  });
});

describe('SecretMasker', () => {
  it('masks every occurrence, and nothing when it holds no secret', () => {
    expect(masker('hunter2').mask('a hunter2 b hunter2hunter2 c')).toBe('a *** b *** c');
    expect(new SecretMasker().mask('hunter2')).toBe('hunter2');
  });

  it('merges overlapping and touching secrets into one mask, as the runner does', () => {
    expect(masker('abcd', 'cdef').mask('xabcdefx')).toBe('x***x'); // replacing one first would leave "ef"
    expect(masker('abcd', 'efgh').mask('xabcdefghx')).toBe('x***x');
    expect(masker('abc', 'abcdef').mask('abcdef abc')).toBe('*** ***');
  });

  it('masks a one-character secret everywhere, as the runner does (it has no minimum length)', () => {
    expect(masker('q').mask('quick quiz')).toBe('***uick ***uiz');
    expect(masker(' ', '\t').size).toBe(0);
  });

  it('masks the encoded forms of a secret', () => {
    const secret = 'Tr0ub4dor&3';
    const m = masker(secret);
    expect(m.mask(`auth=${Buffer.from(`user:${secret}`).toString('base64')}`)).not.toContain(Buffer.from(secret).subarray(2).toString('base64'));
    expect(m.mask(`{"password":${JSON.stringify(secret)}}`)).toBe('{"password":"***"}');
    expect(m.mask(`https://x.example/?p=${encodeURIComponent(secret)}`)).toBe('https://x.example/?p=***');
  });

  it('masks a secret inside a longer base64 text, at every alignment, not only at its end', () => {
    const secret = 'correct-horse-battery-staple';
    const m = masker(secret);
    for (const before of ['', 'a', 'ab', 'abc', '{"auth":"']) {
      const encoded = Buffer.from(`${before}${secret}","more":"after the secret"}`).toString('base64');
      const shown = m.mask(encoded);
      expect(shown, before).toContain('***');
      // What is left of the encoding no longer decodes to the whole secret or most of it.
      for (const piece of shown.split('***')) expect(Buffer.from(piece, 'base64').toString('latin1')).not.toContain(secret.slice(4, -4));
    }
  });

  it('masks each line of a multi-line secret, and the whole', () => {
    const key = '-----BEGIN KEY-----\nMIIEpAIBAAKCAQEA\n-----END KEY-----';
    const m = masker(key);
    expect(m.mask(`key: ${key}`)).toBe('key: ***');
    expect(m.mask('line MIIEpAIBAAKCAQEA here')).toBe('line *** here');
    expect(m.mask(JSON.stringify({ key }))).toBe('{"key":"***"}');
  });

  it('withholds an add-mask line and masks its value from then on', () => {
    const m = new SecretMasker();
    expect(m.maskLine('before s3cret-value')).toBe('before s3cret-value'); // as the runner: only later lines
    expect(m.maskLine('  ::add-mask::s3cret-value')).toBeUndefined();
    expect(m.maskLine('after s3cret-value')).toBe('after ***');
    expect(m.maskLine('::add-mask::multi%0Aline-secret')).toBeUndefined();
    expect(m.maskLine('multi')).toBe('***');
    expect(m.maskLine('::add-mask::')).toBeUndefined();
    // Stricter than the runner, which ignores commands after stop-commands until its token comes back.
    expect(m.maskLine('::stop-commands::pause-token')).toBe('::stop-commands::pause-token');
    expect(m.maskLine('::add-mask::while-stopped')).toBeUndefined();
    expect(m.maskLine('while-stopped')).toBe('***');
    expect(m.maskLine('nothing registered by a blank mask')).toBe('nothing registered by a blank mask');
  });

  it('stays fast with many secrets on many lines', () => {
    const secrets = Array.from({ length: 2000 }, (_, i) => `secret-${i}-${'x'.repeat(i % 17)}-${i * 7919}`);
    const m = masker(...secrets);
    const lines = Array.from({ length: 20_000 }, (_, i) => `line ${i} of the build output ${i % 10 === 0 ? secrets[i % secrets.length] : 'with nothing secret in it'}`);
    const started = performance.now();
    const masked = lines.map((line) => m.mask(line));
    const elapsed = performance.now() - started;
    expect(masked.filter((line) => line.endsWith('***'))).toHaveLength(2000);
    expect(elapsed).toBeLessThan(1000); // ~60 ms here; the split/join it replaced took seconds at this size
  });
});

describe('parseVariableNames', () => {
  it('takes names separated by commas or new lines, blanks and repeats ignored', () => {
    expect(parseVariableNames(' DB_PASSWORD, API_KEY\n_private\r\n\nDB_PASSWORD,', 'redact')).toEqual(['DB_PASSWORD', 'API_KEY', '_private']);
    expect(parseVariableNames('', 'redact')).toEqual([]);
  });

  it('refuses a name that is not a variable name, naming it', () => {
    expect(() => parseVariableNames('DB_PASSWORD, api-key', 'redact')).toThrow(
      "Invalid redact name 'api-key'. Expected names of environment variables (letters, digits and _, not starting with a digit), separated by commas or new lines.",
    );
    expect(() => parseVariableNames('1ST', '--redact')).toThrow("Invalid --redact name '1ST'.");
    expect(() => parseVariableNames('$TOKEN', '--redact')).toThrow("Invalid --redact name '$TOKEN'.");
  });
});
