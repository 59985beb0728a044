#!/usr/bin/env node
// Installs what the tests need beyond npm packages, when it is missing (npm runs this before `npm test`):
// - act (nektos/act, pinned), the independent runner the act-*.test.ts files run workflows in, built with
//   `go install` into .tools/bin (git-ignored), so no global install is touched;
// - git, rsync (gitlab-ci-local, which the GitLab template tests run, copies the repository with it),
//   tinyproxy (the proxy tests' real proxy), openssl (their https targets' certificate) and chromium (the browser
//   that test/e2e/sandbox-browser.test.ts drives through playwright-core, which cannot download its own here), from
//   Debian's packages when run as root;
// - the Apache Kafka brokers the Kafka tests run (scripts/kafka.mjs: jars from Maven Central, fetched with mvn into
//   .tools/kafka/<version>; they need Java 17 or later).
// Silent when everything is there. One line per tool installed. What cannot be installed (not root, no apt-get, or
// PORT_CI_TEST_TOOLS_NO_INSTALL=1 for whoever wants nothing installed for them) stops it with exit code 1 and one
// line naming the missing Debian tools and the command that installs them all (act and Kafka have their own lines).
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installKafka, kafkaDir, kafkaInstallCommand, kafkaInstalled, KAFKA_VERSIONS } from './kafka.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ACT_VERSION = '0.2.89';
const ACT_MODULE = `github.com/nektos/act@v${ACT_VERSION}`;
const TOOLS_BIN = path.join(ROOT, '.tools', 'bin');
const ACT = path.join(TOOLS_BIN, 'act');
// tinyproxy-bin is the binary alone: the tinyproxy package would also install and start a system service.
const APT_TOOLS = [
  { tool: 'git', apt: 'git' },
  { tool: 'rsync', apt: 'rsync' },
  { tool: 'tinyproxy', apt: 'tinyproxy-bin' },
  { tool: 'openssl', apt: 'openssl' },
  { tool: 'chromium', apt: 'chromium' },
];

const say = (line) => process.stdout.write(`test-tools: ${line}\n`);
const problems = [];

function onPath(command) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).concat('/usr/sbin', '/sbin')) {
    try {
      accessSync(path.join(dir, command), constants.X_OK);
      return path.join(dir, command);
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? result.error.message : ''}`.trim() };
}

const lastLines = (text, count = 5) => text.split('\n').slice(-count).join('\n    ');

function installAptTools() {
  const missing = APT_TOOLS.filter(({ tool }) => !onPath(tool));
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = Boolean(onPath('apt-get'));
  if (!isRoot || !hasApt || process.env.PORT_CI_TEST_TOOLS_NO_INSTALL === '1') {
    // One line for them all, with one command to copy: a line per tool reads as that many separate failures.
    const tools = missing.map(({ tool }) => tool).join(', ');
    const command = `${isRoot ? '' : 'sudo '}apt-get install ${missing.map(({ apt }) => apt).join(' ')}`;
    const them = missing.length === 1 ? 'it' : 'them';
    problems.push(`missing ${tools}, which the tests need; install ${them} with: ${hasApt ? command : `the system's package manager (Debian: ${command})`}`);
    return;
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = run('apt-get', ['update', '-qq'], env);
  const install = update.ok ? run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing.map(({ apt }) => apt)], env) : update;
  for (const { tool, apt } of missing) {
    if (install.ok && onPath(tool)) say(`installed ${tool} (apt-get install ${apt})`);
    else problems.push(`cannot install ${tool}: apt-get install ${apt} failed:\n    ${lastLines(install.output)}`);
  }
}

function actVersion(binary) {
  const result = run(binary, ['--version']);
  return result.ok ? /version (\S+)/.exec(result.output)?.[1] : undefined;
}

function installAct() {
  if (existsSync(ACT) && actVersion(ACT) === ACT_VERSION) return;
  const go = onPath('go') ?? ['/usr/local/go/bin/go', '/usr/lib/go/bin/go'].find((candidate) => existsSync(candidate));
  if (!go) {
    problems.push(`cannot install act ${ACT_VERSION}: Go is needed to build it and was not found; install Go 1.25 or later (https://go.dev/dl/), then run npm test again, or build it yourself: GOBIN=${TOOLS_BIN} go install ${ACT_MODULE}`);
    return;
  }
  mkdirSync(TOOLS_BIN, { recursive: true });
  const started = Date.now();
  const result = run(go, ['install', ACT_MODULE], { ...process.env, GOBIN: TOOLS_BIN });
  if (result.ok && actVersion(ACT) === ACT_VERSION) {
    say(`installed act ${ACT_VERSION} in ${path.relative(ROOT, TOOLS_BIN)} (go install ${ACT_MODULE}, ${Math.round((Date.now() - started) / 1000)} s)`);
  } else {
    problems.push(`cannot install act ${ACT_VERSION}: \`GOBIN=${TOOLS_BIN} go install ${ACT_MODULE}\` failed (act needs Go 1.25 or later):\n    ${lastLines(result.output)}`);
  }
}

function installKafkaBrokers() {
  for (const version of KAFKA_VERSIONS.filter((candidate) => !kafkaInstalled(candidate))) {
    const missing = ['java', 'mvn'].filter((tool) => !onPath(tool));
    if (missing.length > 0) {
      problems.push(`Kafka ${version}: ${missing.join(' and ')} not found; install Java 17 or later and Maven (Debian: apt-get install openjdk-17-jre-headless maven), then run: ${kafkaInstallCommand(version)}`);
      continue;
    }
    const started = Date.now();
    const result = installKafka(version);
    if (result.ok) say(`installed Kafka ${version} in ${path.relative(ROOT, kafkaDir(version))} (mvn from Maven Central, ${Math.round((Date.now() - started) / 1000)} s)`);
    else problems.push(`Kafka ${version}: \`${kafkaInstallCommand(version)}\` failed:\n    ${lastLines(result.output)}`);
  }
}

installAptTools();
installAct();
installKafkaBrokers();
if (problems.length > 0) {
  for (const problem of problems) process.stderr.write(`test-tools: ${problem}\n`);
  process.exit(1);
}
