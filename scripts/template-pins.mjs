// The GitLab template's pins of the one-file CLI (the cli-version and cli-sha256 inputs' defaults): the build
// writes them (scripts/build.mjs), the release checks them (scripts/release.mjs). Both read them here, one way.

/** Matches an input's `default:` line in the spec header; group 1 is everything before the value. */
const defaultLine = (input) => new RegExp(`(\\n    ${input}:\\n(?:      (?!default:).*\\n)*      default: )(.*)\\n`);

/** The default of a spec input of gitlab-templates/port.yml, as written, or undefined. */
export function pinnedDefault(text, input) {
  return defaultLine(input).exec(text)?.[2];
}

/** The template's text with cli-version and cli-sha256 set to these values. */
export function pinTemplate(text, version, sha256) {
  let pinned = text;
  for (const [input, value] of [['cli-version', version], ['cli-sha256', sha256]]) {
    const line = defaultLine(input);
    if (!line.test(pinned)) throw new Error(`gitlab-templates/port.yml: no default for the ${input} input to pin`);
    pinned = pinned.replace(line, `$1${value}\n`);
  }
  return pinned;
}
