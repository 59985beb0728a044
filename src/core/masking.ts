import { UsageError } from './errors.js';

/*
 * Masking as the GitHub runner does it, for what port-ci sends to Port, where no runner masks anything.
 * Read from actions/runner: ActionCommand.TryParseV2 and TryParse (how a line becomes a command and how its data
 * is unescaped), ActionCommandManager (command names are case-insensitive; add-mask with blank data registers
 * nothing), SecretMasker (every occurrence of every registered text, overlapping or touching ones merged into one
 * "***", no minimum length) and ValueEncoders (the encoded forms registered beside each value). Where port-ci
 * differs it is stricter, and the comment says so.
 */

/** What replaces a secret, as in the runner's log. */
export const MASK = '***';

/**
 * Leading blanks the runner trims before looking for `::`: .NET's TrimStart (char.IsWhiteSpace, which counts
 * U+0085) and JavaScript's \s (which counts U+FEFF) differ; trimming both is stricter than either.
 */
const V2_COMMAND = /^[\s\u0085]*::([^]*?)::/;
/** The legacy form: `##[add-mask]VALUE` or `##[add-mask prop=x]VALUE`, anywhere in the line. */
const LEGACY_ADD_MASK = /##\[add-mask(?:\]| [^\]]*\])/i;

/**
 * The value a line registers when the runner would read it as an add-mask command, else undefined. The value
 * may be blank: the runner then registers nothing but still takes the line as a command (it is not shown).
 *
 * `::add-mask::VALUE` counts after leading blanks, with properties (`::add-mask x=y::`) and in any case, as
 * the runner reads it; VALUE is unescaped as the runner does (%0D, %0A, then %25, case-sensitive).
 * `##[add-mask]VALUE` counts anywhere in the line; the runner reads only the first `##[` of a line, and not at
 * all when the line is another `::command::`, so port-ci takes a few lines for mask commands that the runner
 * shows: stricter, never looser. For the same reason `::stop-commands::` is not honoured: the runner ignores
 * add-mask until the stop token comes back, port-ci masks the value anyway.
 */
export function maskCommandValue(line: string): string | undefined {
  const v2 = V2_COMMAND.exec(line);
  if (v2) {
    const info = v2[1]!;
    const space = info.indexOf(' ');
    const name = space < 0 ? info : info.slice(0, space);
    if (name.toLowerCase() === 'add-mask') return unescapeV2Data(line.slice(v2[0].length));
  }
  if (!line.includes('##[')) return undefined;
  const legacy = LEGACY_ADD_MASK.exec(line);
  return legacy ? unescapeLegacyData(line.slice(legacy.index + legacy[0].length)) : undefined;
}

/** The runner's UnescapeData for `::command::data`: plain replacements, in this order. */
function unescapeV2Data(data: string): string {
  return data.replaceAll('%0D', '\r').replaceAll('%0A', '\n').replaceAll('%25', '%');
}

/** The runner's Unescape for the legacy `##[command]data` form. */
function unescapeLegacyData(data: string): string {
  return data.replaceAll('%3B', ';').replaceAll('%0D', '\r').replaceAll('%0A', '\n').replaceAll('%5D', ']').replaceAll('%25', '%');
}

/** The shortest stable base64 part registered: a shorter one would turn up in unrelated base64 text. */
const BASE64_STABLE_MIN = 6;

/**
 * The texts masked for one value: the value and the forms the runner's ValueEncoders give it, plus, stricter
 * than the runner, the part of each base64 alignment that does not depend on the bytes after the value (so a
 * secret inside a longer base64 text is caught, not only at its end), the JSON escape of Python's
 * `json.dumps` (non-ASCII as \uXXXX) and encodeURIComponent's escape beside .NET's stricter one.
 */
export function maskForms(value: string): string[] {
  const forms = new Set<string>([value]);
  const bytes = Buffer.from(value, 'utf8');
  // Base64 turns 3 bytes into 4 characters, so text before the secret shifts its encoding by 0, 1 or 2 bytes:
  // the runner registers the encoding of the value and of the value without its first 1 and 2 bytes.
  for (const shift of [0, 1, 2]) {
    const shifted = bytes.length > shift ? bytes.subarray(shift) : bytes;
    const encoded = shifted.toString('base64');
    forms.add(encoded);
    const stable = encoded.slice(0, Math.floor((shifted.length * 4) / 3));
    if (stable.length >= BASE64_STABLE_MIN) forms.add(stable);
  }
  const json = JSON.stringify(value).slice(1, -1);
  forms.add(json);
  forms.add(json.replace(/[\u0085\u2028\u2029]/g, unicodeEscape)); // Newtonsoft (the runner) escapes these too
  forms.add(json.replace(/[^\x00-\x7f]/g, unicodeEscape)); // Python's json.dumps, ensure_ascii
  try {
    const component = encodeURIComponent(value);
    forms.add(component);
    // .NET's Uri.EscapeDataString (the runner's) also escapes the characters encodeURIComponent leaves.
    forms.add(component.replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`));
  } catch {
    // a lone surrogate has no URI form
  }
  forms.add(value.replace(/[&<>"']/g, (ch) => XML_ENTITIES[ch]!)); // XmlDataEscape
  forms.add(value.replaceAll('"', '\\"')); // CommandLineArgumentEscape
  forms.add(value.replaceAll("'", "''")); // ExpressionStringEscape
  if (value.length > 8 && value.startsWith('"') && value.endsWith('"')) forms.add(value.slice(1, -1)); // TrimDoubleQuotes
  for (const part of powerShellParts(value)) forms.add(part);
  forms.delete('');
  return [...forms];
}

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

function unicodeEscape(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * PowerShell may print a secret holding `&` in two coloured sections; the runner masks each one of 6 or more
 * characters (PowerShellPreAmpersandEscape, PowerShellPostAmpersandEscape).
 */
function powerShellParts(value: string): string[] {
  if (!value.includes('&')) return [];
  const plus = value.indexOf('&+');
  const before = plus >= 0 ? value.slice(0, plus + 2) : value.slice(0, value.lastIndexOf('&') + 1);
  // After "&+" PowerShell colours the next character on its own, so the section starts one later.
  const after = plus >= 0 ? value.slice(plus + 3) : value.slice(value.lastIndexOf('&') + 1);
  return [before, after].filter((part) => part.length >= 6);
}

/**
 * The values registered for one secret, before encoding: the value as given, trimmed, and each of its lines
 * trimmed (the runner registers a job secret's lines, and it masks output line by line). Port-ci does this for
 * every secret, add-mask values included, which the runner does not split: stricter. A blank value gives none.
 */
export function secretValues(value: string): string[] {
  if (value.trim() === '') return [];
  const values = new Set([value, value.trim()]);
  for (const line of value.split(/\r\n|\r|\n/)) if (line.trim() !== '') values.add(line.trim());
  return [...values];
}

/**
 * Every registered text, found anywhere in a text and replaced by "***" as the runner does: all occurrences
 * of all texts, overlapping or touching ones merged into one mask. No minimum length: a one-character secret
 * is masked wherever it appears, as in the runner's log.
 *
 * Texts are indexed by their first two UTF-16 units, so masking costs one map lookup per character however
 * many secrets there are, and a text can be added at any time (an add-mask line in the middle of a stream).
 */
export class SecretMasker {
  readonly #texts = new Set<string>();
  /** Texts of two or more units by their first two, longest first. */
  readonly #byPair = new Map<number, string[]>();
  /** Texts of one unit. */
  readonly #single = new Set<number>();
  /** 1 for each UTF-16 unit that starts a text: most positions of a line are passed over on this alone. */
  readonly #starts = new Uint8Array(0x10000);

  /** How many texts (values and their forms) are masked. */
  get size(): number {
    return this.#texts.size;
  }

  /**
   * Registers a secret: its values (secretValues) and their encoded forms (maskForms).
   * @returns false when the value is blank, so nothing was registered.
   */
  add(value: string): boolean {
    const values = secretValues(value);
    for (const each of values) for (const form of maskForms(each)) this.#addText(form);
    return values.length > 0;
  }

  #addText(text: string): void {
    if (this.#texts.has(text)) return;
    this.#texts.add(text);
    this.#starts[text.charCodeAt(0)] = 1;
    if (text.length === 1) {
      this.#single.add(text.charCodeAt(0));
      return;
    }
    const key = pairKey(text, 0);
    const list = this.#byPair.get(key) ?? [];
    this.#byPair.set(key, list);
    const shorter = list.findIndex((other) => other.length < text.length);
    list.splice(shorter < 0 ? list.length : shorter, 0, text);
  }

  /** The text with every registered secret replaced by "***". */
  mask(text: string): string {
    if (this.#texts.size === 0 || text === '') return text;
    const single = this.#single;
    const byPair = this.#byPair;
    const starts = this.#starts;
    let result = '';
    let copied = 0;
    let start = -1;
    let end = -1;
    const last = text.length - 1;
    for (let i = 0; i <= last; i++) {
      const unit = text.charCodeAt(i);
      if (starts[unit] === 0) continue;
      let matchEnd = single.size > 0 && single.has(unit) ? i + 1 : -1;
      const candidates = i < last ? byPair.get(pairKey(text, i)) : undefined;
      if (candidates) {
        for (const candidate of candidates) {
          if (text.startsWith(candidate, i)) {
            matchEnd = Math.max(matchEnd, i + candidate.length);
            break; // longest first
          }
        }
      }
      if (matchEnd < 0) continue;
      if (start >= 0 && i <= end) {
        end = Math.max(end, matchEnd); // overlapping or touching: one mask
        continue;
      }
      if (start >= 0) {
        result += text.slice(copied, start) + MASK;
        copied = end;
      }
      start = i;
      end = matchEnd;
    }
    if (start < 0) return text;
    return result + text.slice(copied, start) + MASK + text.slice(end);
  }

  /**
   * One line of a command's output on its way to Port: undefined when it is an add-mask command (never sent;
   * its value is masked from then on), else the line masked.
   */
  maskLine(line: string): string | undefined {
    const value = maskCommandValue(line);
    if (value === undefined) return this.mask(line);
    this.add(value);
    return undefined;
  }
}

function pairKey(text: string, at: number): number {
  return text.charCodeAt(at) * 0x10000 + text.charCodeAt(at + 1);
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Environment variable names given as a list, separated by commas or line breaks (blanks around names and
 * empty entries ignored), as the `redact` input and `--redact` take them.
 * @throws UsageError naming `where` and the first name that is not a variable name.
 */
export function parseVariableNames(text: string, where: string): string[] {
  const names = text
    .split(/[,\r\n]/)
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const bad = names.find((name) => !VARIABLE_NAME.test(name));
  if (bad !== undefined) {
    const shown = bad.length > 40 ? `${bad.slice(0, 40)}…` : bad;
    throw new UsageError(
      `Invalid ${where} name '${shown}'. Expected names of environment variables (letters, digits and _, not starting with a digit), separated by commas or new lines.`,
    );
  }
  return [...new Set(names)];
}
