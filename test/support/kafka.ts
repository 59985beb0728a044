import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Admin } from '@platformatic/kafka';
import { kafkaDir, kafkaInstallCommand, kafkaInstalled, KAFKA_VERSION } from '../../scripts/kafka.mjs';
import { freePort } from './tinyproxy.js';
import { caSignedCertificate } from './tls.js';

/*
 * A real Apache Kafka broker for the Kafka tests: one KRaft node that is broker and controller at once, run from the
 * jars that npm's pretest fetched from Maven Central (scripts/kafka.mjs), on free 127.0.0.1 ports, with its data
 * in a temp folder. It can be stopped, killed and restarted on the same ports and data, as a test of delivery
 * across a broker restart needs.
 *
 * `startKafka({ secured: true })` adds the listeners a client must authenticate to, as Port's brokers (SASL_SSL with
 * SCRAM-SHA-512) and a company's own Kafka demand, beside the PLAINTEXT one that the tests' own admin and producer
 * keep using (it is also the broker's inter-broker listener):
 *   - SASL_SSL, offering SCRAM-SHA-512 and SCRAM-SHA-256 (not PLAIN);
 *   - SASL_PLAINTEXT, offering PLAIN and SCRAM-SHA-256 (not SCRAM-SHA-512);
 *   - SSL, TLS without SASL (no client certificate asked for).
 * The users are KAFKA_USERS: the SCRAM ones are written into the cluster's metadata when its folder is formatted
 * (kafka-storage format --add-scram, the KRaft way: there is no ZooKeeper to add them to later), the PLAIN one is in
 * the SASL_PLAINTEXT listener's JAAS configuration. TLS is a server certificate for 127.0.0.1 and localhost signed by
 * a test CA made with openssl at each start (test/support/tls.ts); a client trusts `secured.caFile`
 * (NODE_EXTRA_CA_CERTS for a child process). A start without `secured` is the plain broker, as fast as before:
 * nothing of this is made or configured for it.
 */

export { KAFKA_3_VERSION, KAFKA_VERSION } from '../../scripts/kafka.mjs';

export type KafkaSaslMechanism = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

/**
 * The users of a secured broker, one per mechanism: a SCRAM user's credential is kept per mechanism, so each of
 * these works with its own mechanism only. The passwords are made for tests and distinctive, so a test can look
 * for them in what a process printed.
 */
export const KAFKA_USERS: Record<KafkaSaslMechanism, { username: string; password: string }> = {
  'SCRAM-SHA-512': { username: 'agent-scram-512', password: 'scram-512-pw-Q7f2hL9x' },
  'SCRAM-SHA-256': { username: 'agent-scram-256', password: 'scram-256-pw-M3k8vR1c' },
  // A JAAS option name, so letters and digits only.
  PLAIN: { username: 'agentplain', password: 'plain-pw-W5n4tB6z' },
};

/** The authenticated listeners of a broker started with `secured` (see the top of this file). */
export interface SecuredListeners {
  /** `127.0.0.1:PORT` of the SASL_SSL listener: SCRAM-SHA-512 and SCRAM-SHA-256. */
  saslSsl: string;
  /** `127.0.0.1:PORT` of the SASL_PLAINTEXT listener: PLAIN and SCRAM-SHA-256. */
  saslPlaintext: string;
  /** `127.0.0.1:PORT` of the SSL listener: TLS, no SASL. */
  ssl: string;
  /** The PEM file of the CA that signed the broker's certificate (for 127.0.0.1 and localhost). */
  caFile: string;
  /**
   * Creates a SCRAM user, or sets a new password for one, while the broker runs (Kafka's own kafka-configs,
   * kafka.admin.ConfigCommand, over the PLAINTEXT listener). Connections already logged in stay so; new ones need
   * the new password. Changing a KAFKA_USERS password leaves the constant wrong for this broker: make a user instead.
   */
  setScramUser(mechanism: 'SCRAM-SHA-256' | 'SCRAM-SHA-512', username: string, password: string): Promise<void>;
}

export interface KafkaBroker {
  /** `127.0.0.1:PORT`, the bootstrap address for clients (PLAINTEXT: no authentication, also with `secured`). */
  brokers: string;
  /** The authenticated listeners, when started with `secured`. */
  secured?: SecuredListeners;
  version: string;
  /** The broker's log and metadata folder; it outlives stop, kill and restart, and goes with close. */
  dataDir: string;
  /** What the broker printed since it was last started (warnings and errors; more with `logLevel`). */
  output(): string;
  /** A graceful shutdown (SIGTERM, then waits for the process to end); the data stays for restart. */
  stop(): Promise<void>;
  /** A crash (SIGKILL); the data stays for restart. */
  kill(): Promise<void>;
  /** Stops the broker if it runs, then starts it again on the same ports and data and waits until it serves. */
  restart(): Promise<void>;
  /** Stops the broker and removes its folder. */
  close(): Promise<void>;
}

export interface KafkaOptions {
  /** A version that scripts/kafka.mjs installs; KAFKA_VERSION unless told. */
  version?: string;
  /** Broker properties that override the harness's own (for example a shorter group session timeout). */
  properties?: Record<string, string | number | boolean>;
  /** SLF4J's level for the broker's output: warn unless told (info tells why a broker is slow to start). */
  logLevel?: 'error' | 'warn' | 'info' | 'debug';
  /** How long to wait for the broker to serve after a start; 120 s unless told (a loaded machine is slow). */
  startTimeoutMs?: number;
  /** Add the SASL_SSL, SASL_PLAINTEXT and SSL listeners and KAFKA_USERS (see the top of this file). */
  secured?: boolean;
}

// Why each setting: one node holds every replica, so internal topics need a replication factor of 1; one partition
// for them makes the first group join and the first transaction fast (the default 50 partitions are created then);
// a group rebalances as soon as a member joins; topics exist only when a test creates them, with the partitions
// it names; fewer request threads than a production broker's, for a machine of two cores. A killed broker that
// comes back finds its controller still holding its old registration until the broker session times out (9 s by
// default), so the session is short: 3 s, with heartbeats every 500 ms.
const SINGLE_NODE_PROPERTIES: Record<string, string | number | boolean> = {
  'offsets.topic.replication.factor': 1,
  'offsets.topic.num.partitions': 1,
  'transaction.state.log.replication.factor': 1,
  'transaction.state.log.min.isr': 1,
  'transaction.state.log.num.partitions': 1,
  'share.coordinator.state.topic.replication.factor': 1,
  'share.coordinator.state.topic.min.isr': 1,
  'share.coordinator.state.topic.num.partitions': 1,
  'group.initial.rebalance.delay.ms': 0,
  'auto.create.topics.enable': false,
  'num.partitions': 1,
  'default.replication.factor': 1,
  'min.insync.replicas': 1,
  'num.network.threads': 2,
  'num.io.threads': 2,
  'num.recovery.threads.per.data.dir': 1,
  'broker.session.timeout.ms': 3000,
  'broker.heartbeat.interval.ms': 500,
};

// A broker JVM that starts fast and stays small: C1 only (most of startup is class loading and interpretation),
// the serial collector (one core's worth of garbage), a modest heap, and class-data sharing (see classArchive).
// The CDS log tags are off because an archive made by another Java is only a warning: the JVM then runs without it.
const JVM_FLAGS = ['-Xms64m', '-Xmx512m', '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xshare:auto', '-Xlog:cds*=off', '-Djava.awt.headless=true'];

const NODE_ID = 1;
// The cluster id every harness broker formats with: each broker is a cluster of its own on its own ports, so one
// id serves them all and lets the formatted folder be made once per version and copied (see formattedTemplate).
const CLUSTER_ID = 'cG9ydC1jaS10ZXN0cy0xAA';

/** Why a Kafka broker of this version cannot run here, with how to install it, or undefined when it can. */
export function kafkaMissing(version: string = KAFKA_VERSION): string | undefined {
  if (kafkaInstalled(version)) return undefined;
  return `Kafka ${version} is not installed in ${path.relative(process.cwd(), kafkaDir(version))}: npm's pretest (scripts/test-tools.mjs) fetches it with Maven; or run: ${kafkaInstallCommand(version)}`;
}

function propertiesText(properties: Record<string, string | number | boolean>): string {
  return `${Object.entries(properties)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join('\n')}\n`;
}

interface ListenerPorts {
  plaintext: number;
  controller: number;
  /** With `secured` only. */
  saslSsl?: number;
  saslPlaintext?: number;
  ssl?: number;
}

const SCRAM_LOGIN = 'org.apache.kafka.common.security.scram.ScramLoginModule required;';

/**
 * What the authenticated listeners add: per listener its mechanisms and, for each, the server's JAAS login (a SCRAM
 * login needs no users: they are in the metadata; a PLAIN login lists its users), and one PEM keystore for TLS.
 */
function securedProperties(ports: Required<ListenerPorts>, keystoreFile: string): Record<string, string | number | boolean> {
  const plain = KAFKA_USERS.PLAIN;
  return {
    listeners: `PLAINTEXT://127.0.0.1:${ports.plaintext},CONTROLLER://127.0.0.1:${ports.controller},SASL_SSL://127.0.0.1:${ports.saslSsl},SASL_PLAINTEXT://127.0.0.1:${ports.saslPlaintext},SSL://127.0.0.1:${ports.ssl}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${ports.plaintext},SASL_SSL://127.0.0.1:${ports.saslSsl},SASL_PLAINTEXT://127.0.0.1:${ports.saslPlaintext},SSL://127.0.0.1:${ports.ssl}`,
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SSL:SSL',
    'listener.name.sasl_ssl.sasl.enabled.mechanisms': 'SCRAM-SHA-512,SCRAM-SHA-256',
    'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config': SCRAM_LOGIN,
    'listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config': SCRAM_LOGIN,
    'listener.name.sasl_plaintext.sasl.enabled.mechanisms': 'PLAIN,SCRAM-SHA-256',
    'listener.name.sasl_plaintext.plain.sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required user_${plain.username}="${plain.password}";`,
    'listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config': SCRAM_LOGIN,
    'ssl.keystore.type': 'PEM',
    'ssl.keystore.location': keystoreFile,
    'ssl.client.auth': 'none',
  };
}

function brokerProperties(dataDir: string, ports: ListenerPorts, extra: KafkaOptions['properties'], keystoreFile?: string): Record<string, string | number | boolean> {
  return {
    'process.roles': 'broker,controller',
    'node.id': NODE_ID,
    'controller.quorum.voters': `${NODE_ID}@127.0.0.1:${ports.controller}`,
    listeners: `PLAINTEXT://127.0.0.1:${ports.plaintext},CONTROLLER://127.0.0.1:${ports.controller}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${ports.plaintext}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'log.dirs': dataDir,
    ...SINGLE_NODE_PROPERTIES,
    ...(keystoreFile ? securedProperties(ports as Required<ListenerPorts>, keystoreFile) : {}),
    ...extra,
  };
}

function java(version: string, args: string[], logLevel: string, extraFlags: string[] = []): ChildProcess {
  return spawn('java', [...JVM_FLAGS, ...extraFlags, `-Dorg.slf4j.simpleLogger.defaultLogLevel=${logLevel}`, '-cp', path.join(kafkaDir(version), '*'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const archiving = new Set<string>();

/**
 * The flags of a broker's class-data sharing archive (AppCDS), which takes a broker's start from about 1.6 s to
 * about 1 s here: the classes a broker loads, parsed and verified once, kept beside the jars. While there is none,
 * one broker at a time is started to write it when it exits gracefully (Java writes it at exit, into a side file
 * that `settle` then renames into place); a killed broker writes none, and a later one tries again.
 */
function classArchive(version: string): { flags: string[]; settle(code: number | null): void } {
  const archive = path.join(kafkaDir(version), 'broker.jsa');
  if (existsSync(archive)) return { flags: [`-XX:SharedArchiveFile=${archive}`], settle: () => undefined };
  if (archiving.has(version)) return { flags: [], settle: () => undefined };
  archiving.add(version);
  const aside = `${archive}.${process.pid}-${Date.now()}`;
  return {
    flags: [`-XX:ArchiveClassesAtExit=${aside}`],
    settle: (code) => {
      archiving.delete(version);
      // 143 is the JVM's exit after SIGTERM, once its shutdown hooks (and the archive's dump) are done.
      if ((code === 0 || code === 143) && existsSync(aside)) renameSync(aside, archive);
      rmSync(aside, { force: true });
    },
  };
}

/**
 * A broker must not outlive the test process, however that ends: a forgotten close, a test worker that vitest
 * terminates, a SIGKILL (none of which runs an 'exit' handler). A small shell waits on a pipe from this process;
 * the pipe closes when this process ends, whatever way, and the shell then kills the broker and removes its
 * folder. It is in a process group of its own, so a Ctrl-C reaches the broker (a graceful stop) but not the shell.
 * Neither the shell nor its pipe keeps this process alive.
 */
function watch(broker: ChildProcess, folder: string): ChildProcess {
  const watchdog = spawn('sh', ['-c', 'read _; kill -KILL "$1" 2>/dev/null; rm -rf "$2"', 'port-ci-kafka-watchdog', String(broker.pid), folder], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
  });
  watchdog.unref();
  (watchdog.stdin as Socket).unref();
  return watchdog;
}

function collect(child: ChildProcess): () => string {
  let text = '';
  const add = (chunk: string) => {
    // Enough to show why a broker failed, bounded so a chatty broker cannot fill a test worker's memory.
    text = (text + chunk).slice(-200_000);
  };
  child.stdout!.setEncoding('utf8').on('data', add);
  child.stderr!.setEncoding('utf8').on('data', add);
  return () => text;
}

function exited(child: ChildProcess): Promise<number | string> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode ?? child.signalCode!);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
}

function hint(output: string): string {
  return /UnsupportedClassVersionError/.test(output) ? ' (this Java is too old: Kafka 4 brokers need Java 17 or later)' : '';
}

const templates = new Map<string, Promise<string>>();

/** StorageTool's arguments that write the SCRAM users into the bootstrap metadata. */
function scramArguments(): string[] {
  return (['SCRAM-SHA-512', 'SCRAM-SHA-256'] as const).flatMap((mechanism) => {
    const { username, password } = KAFKA_USERS[mechanism];
    return ['--add-scram', `${mechanism}=[name=${username},password=${password}]`];
  });
}

/**
 * A log folder formatted by Kafka's own StorageTool for this version (meta.properties and the bootstrap metadata),
 * made once per version and kept beside the jars, so each broker copies it instead of paying a JVM start to format.
 * The template is built aside and renamed into place, so a half-made one is never used. A secured broker's
 * template holds the SCRAM users too; its name carries a digest of them, so changed users make a new one.
 */
function formattedTemplate(version: string, secured: boolean): Promise<string> {
  const extraArguments = secured ? scramArguments() : [];
  const suffix = secured ? `-scram-${createHash('sha256').update(extraArguments.join('\n')).digest('hex').slice(0, 12)}` : '';
  const template = path.join(kafkaDir(version), `formatted-node-${NODE_ID}${suffix}`);
  let made = templates.get(template);
  if (!made) {
    made = (async () => {
      if (existsSync(path.join(template, 'meta.properties'))) return template;
      const work = mkdtempSync(path.join(tmpdir(), 'port-ci-kafka-format-'));
      try {
        const dataDir = path.join(work, 'data');
        const config = path.join(work, 'server.properties');
        // The ports are never opened: formatting only reads the configuration.
        writeFileSync(config, propertiesText(brokerProperties(dataDir, { plaintext: 9092, controller: 9093 }, {})));
        const child = java(version, ['kafka.tools.StorageTool', 'format', '--cluster-id', CLUSTER_ID, '--config', config, '--ignore-formatted', ...extraArguments], 'warn');
        const output = collect(child);
        const code = await exited(child);
        if (code !== 0 || !existsSync(path.join(dataDir, 'meta.properties'))) {
          // The SCRAM passwords are the harness's own test constants, so the output may show them.
          throw new Error(`Kafka ${version}: kafka.tools.StorageTool format exited ${code}${hint(output())}:\n${output()}`);
        }
        const aside = `${template}.${process.pid}-${Date.now()}`;
        cpSync(dataDir, aside, { recursive: true });
        try {
          renameSync(aside, template);
        } catch {
          // Another test worker put its template in place first: theirs serves as well as ours.
          rmSync(aside, { recursive: true, force: true });
        }
        return template;
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    })();
    templates.set(template, made);
    made.catch(() => templates.delete(template));
  }
  return made;
}

/** Resolves once the broker answers metadata with itself registered (it then takes topics and groups). */
async function serving(brokers: string, child: ChildProcess, deadline: number): Promise<boolean> {
  while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
    const admin = new Admin({ clientId: 'port-ci-kafka-harness', bootstrapBrokers: [brokers], retries: 0, connectTimeout: 1000, requestTimeout: 2000 });
    try {
      const metadata = await admin.metadata({ topics: [] });
      if (metadata.brokers.has(NODE_ID)) return true;
    } catch {
      // Not listening yet, or listening but not yet registered with its controller.
    } finally {
      await admin.close().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/**
 * Starts a broker and resolves once it serves. Throws, with the broker's output, when the version is not
 * installed, when the broker exits, or when it does not serve within `startTimeoutMs`.
 */
export async function startKafka(options: KafkaOptions = {}): Promise<KafkaBroker> {
  const version = options.version ?? KAFKA_VERSION;
  const missing = kafkaMissing(version);
  if (missing) throw new Error(missing);
  const folder = mkdtempSync(path.join(tmpdir(), 'port-ci-kafka-'));
  const dataDir = path.join(folder, 'data');
  const config = path.join(folder, 'server.properties');
  const logLevel = options.logLevel ?? 'warn';
  const startTimeoutMs = options.startTimeoutMs ?? 120_000;
  const certificate = options.secured ? caSignedCertificate(['localhost'], ['127.0.0.1']) : undefined;
  let ports: ListenerPorts = { plaintext: 0, controller: 0 };
  let port = 0;
  let child: ChildProcess | undefined;
  let output = () => '';

  const launch = async (): Promise<void> => {
    const archive = classArchive(version);
    child = java(version, ['kafka.Kafka', config], logLevel, archive.flags);
    const launched = child;
    const watchdog = watch(launched, folder);
    launched.once('exit', (code) => {
      watchdog.kill('SIGKILL');
      archive.settle(code);
    });
    output = collect(launched);
    if (await serving(`127.0.0.1:${port}`, launched, Date.now() + startTimeoutMs)) return;
    const state = launched.exitCode !== null || launched.signalCode !== null ? `exited ${launched.exitCode ?? launched.signalCode}` : `did not serve within ${startTimeoutMs} ms`;
    const text = output();
    await halt('SIGKILL');
    throw new Error(`Kafka ${version} broker on 127.0.0.1:${port} ${state}${hint(text)}:\n${text.slice(-20_000)}`);
  };

  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    const current = child;
    child = undefined;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    current.kill(signal);
    await exited(current);
  };

  const template = await formattedTemplate(version, options.secured === true);
  // A free port can be taken between our probe and the broker's bind: try a few sets, each on fresh data.
  for (let attempt = 0; ; attempt++) {
    rmSync(dataDir, { recursive: true, force: true });
    cpSync(template, dataDir, { recursive: true });
    const taken = new Set<number>();
    const distinctPort = async () => {
      let candidate = await freePort();
      while (taken.has(candidate)) candidate = await freePort();
      taken.add(candidate);
      return candidate;
    };
    ports = { plaintext: await distinctPort(), controller: await distinctPort() };
    if (certificate) ports = { ...ports, saslSsl: await distinctPort(), saslPlaintext: await distinctPort(), ssl: await distinctPort() };
    port = ports.plaintext;
    writeFileSync(config, propertiesText(brokerProperties(dataDir, ports, options.properties, certificate?.keyAndCertFile)));
    try {
      await launch();
      break;
    } catch (error) {
      if (attempt === 2 || !/Address already in use/.test(String(error))) {
        rmSync(folder, { recursive: true, force: true });
        throw error;
      }
    }
  }

  const setScramUser = async (mechanism: string, username: string, password: string): Promise<void> => {
    const args = ['kafka.admin.ConfigCommand', '--bootstrap-server', `127.0.0.1:${port}`, '--alter', '--entity-type', 'users', '--entity-name', username, '--add-config', `${mechanism}=[password=${password}]`];
    const tool = java(version, args, 'warn');
    const toolOutput = collect(tool);
    const code = await exited(tool);
    if (code !== 0) throw new Error(`Kafka ${version}: kafka.admin.ConfigCommand exited ${code}:\n${toolOutput()}`);
  };

  return {
    brokers: `127.0.0.1:${port}`,
    ...(certificate
      ? {
          secured: {
            saslSsl: `127.0.0.1:${ports.saslSsl}`,
            saslPlaintext: `127.0.0.1:${ports.saslPlaintext}`,
            ssl: `127.0.0.1:${ports.ssl}`,
            caFile: certificate.caFile,
            setScramUser,
          },
        }
      : {}),
    version,
    dataDir,
    output: () => output(),
    stop: () => halt('SIGTERM'),
    kill: () => halt('SIGKILL'),
    restart: async () => {
      await halt('SIGTERM');
      await launch();
    },
    close: async () => {
      await halt('SIGTERM');
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
