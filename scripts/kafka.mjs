// The Apache Kafka brokers the Kafka tests run: which versions, where their jars live, and how they are fetched.
// The jars come from Maven Central with mvn (test/kafka/pom.xml names them) into .tools/kafka/<version>
// (git-ignored); scripts/test-tools.mjs fetches the missing ones before `npm test`, and test/support/kafka.ts runs
// them. One place for the versions, so the installer and the harness never disagree.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const POM = path.join(ROOT, 'test', 'kafka', 'pom.xml');

/**
 * The broker the tests start unless they ask for another: Kafka 4.1, the newest line that the client
 * (@platformatic/kafka 1.x) names as supported. Kafka 4 brokers need Java 17 or later.
 */
export const KAFKA_VERSION = '4.1.2';
/** The Kafka 3 broker (the last 3.x line, still KRaft) that the client is also checked against. */
export const KAFKA_3_VERSION = '3.9.1';
/** Every version npm's pretest installs. */
export const KAFKA_VERSIONS = [KAFKA_VERSION, KAFKA_3_VERSION];

/** The folder that holds the jars of one Kafka version (a classpath of `<dir>/*`). */
export function kafkaDir(version) {
  return path.join(ROOT, '.tools', 'kafka', version);
}

/** Whether the jars of a version are all there (the folder appears only once the fetch has finished). */
export function kafkaInstalled(version) {
  return existsSync(path.join(kafkaDir(version), `kafka_2.13-${version}.jar`));
}

function mvnArgs(version, pom, outputDirectory) {
  return ['-q', '-B', '-f', pom, `-Dkafka.version=${version}`, 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${outputDirectory}`];
}

/** The command that fetches a version's jars, as a person would type it in the repository's root. */
export function kafkaInstallCommand(version) {
  return ['mvn', ...mvnArgs(version, path.relative(ROOT, POM), path.relative(ROOT, kafkaDir(version)))].join(' ');
}

/**
 * Fetches a version's jars with mvn. They land in a side folder that is renamed into place when mvn has finished,
 * so an interrupted fetch never leaves a folder that looks installed. Returns mvn's output when it fails.
 */
export function installKafka(version) {
  const target = kafkaDir(version);
  const partial = `${target}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(path.dirname(target), { recursive: true });
  const result = spawnSync('mvn', mvnArgs(version, POM, partial), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? result.error.message : ''}`.trim();
  if (result.status !== 0 || !existsSync(path.join(partial, `kafka_2.13-${version}.jar`))) {
    rmSync(partial, { recursive: true, force: true });
    return { ok: false, output };
  }
  rmSync(target, { recursive: true, force: true });
  renameSync(partial, target);
  return { ok: true, output };
}
