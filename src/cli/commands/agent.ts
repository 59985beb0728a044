import { UsageError } from '../../core/index.js';
import { PortClient, resolveBaseUrl } from '../../port/client.js';
import { startAgentConsumer, type SaslMechanism } from '../../agent/consumer.js';
import { startHealthServer } from '../../agent/health-server.js';
import { KafkaConnectionError } from '../../kafka/failure.js';
import { createJsonLogger, type LogLevel } from '../../agent/log.js';
import type { RunHandlerFactory } from '../../agent/run-handler-factory.js';
import type { AgentSettings } from '../../agent/settings.js';
import { stopOnSignals } from '../../agent/shutdown.js';
import { parseFlags } from '../args.js';
import { brokerList, chosen as choice, givenSetting as pick, SASL_MECHANISMS as MECHANISMS, SECURITY_PROTOCOLS as PROTOCOLS } from '../kafka-options.js';
import type { Command } from '../main.js';

const usage = `Usage: port-ci agent [options]

Port's execution agent: reads the organisation's runs topic in a Kafka consumer group and hands each run on to
its backend (a webhook, a GitLab pipeline) as the mapping file says. A run's offset is committed only once it is
handed on and recorded in Port; a run that fails to be handed on is retried in place, holding back only its
partition. Several agents in one group share the topic's partitions. It reads port-agent's environment names, so
either can replace the other. Logs: one JSON object per line on standard error.

Each option is also read from the environment variable it names ($NAME); a flag wins.

Options:
  --org-id ID                 your Port organisation id ($PORT_ORG_ID; required)
  --group-id ID               the consumer group; must start with the org id ($KAFKA_CONSUMER_GROUP_ID; required)
  --topic NAME                the runs topic ($KAFKA_RUNS_TOPIC, else ORG_ID.runs)
  --brokers HOST:PORT,...     a Kafka of your own ($KAFKA_CONSUMER_BOOTSTRAP_SERVERS); without it the
                              brokers and credentials are the ones Port hands out for your organisation
  --security-protocol P       PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL ($KAFKA_CONSUMER_SECURITY_PROTOCOL;
                              default SASL_SSL for Port's brokers, PLAINTEXT for --brokers)
  --sasl-mechanism M          PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 ($KAFKA_CONSUMER_AUTHENTICATION_MECHANISM;
                              default SCRAM-SHA-512); with --brokers the credentials are $KAFKA_CONSUMER_USERNAME
                              and $KAFKA_CONSUMER_PASSWORD
  --session-timeout-ms MS     the group session timeout ($KAFKA_CONSUMER_SESSION_TIMEOUT_MS; default 45000)
  --auto-offset-reset WHERE   where a partition the group never committed starts: earliest or latest
                              (smallest, largest too) ($KAFKA_CONSUMER_AUTO_OFFSET_RESET; default earliest)
  --concurrency N             runs in hand at once, across partitions (default 24)
  --partition-concurrency N   runs of one partition in hand at once, never two of one run (default 4)
  --drain-timeout SECONDS     on SIGTERM, how long runs in flight may take to finish (default 30)
  --metrics-port PORT         serve /healthz and /metrics on this port (default: no server)
  --metrics-host HOST         the address it listens on (default 0.0.0.0, for a pod's probes)
  --once                      handle the topic up to its end as of the start, commit, leave, exit 0
  --log-level LEVEL           debug, info, warn or error ($LOG_LEVEL; default info)
  --client-id ID              Kafka's client.id (default port-ci-agent)
  --base-url URL              Port's API, or a region: eu, us ($PORT_API_BASE_URL or $PORT_BASE_URL,
                              else https://api.getport.io)
  --gitlab-url URL            the GitLab that pipelines are triggered on ($GITLAB_URL; default https://gitlab.com/)
  --mapping FILE              the mapping file ($CONTROL_THE_PAYLOAD_CONFIG_PATH; default
                              ./control_the_payload_config.json when it exists, else the built-in WEBHOOK and
                              GITLAB entries)
  --follow                    follow what a run started and end the run with its result ($PORT_CI_AGENT_FOLLOW):
                              a GitLab pipeline (read with $PORT_GITLAB_TOKEN or $GITLAB_TOKEN, read_api: a
                              trigger token cannot read it), a GitHub workflow run dispatched with
                              return_run_details (read with the request's Authorization), a webhook's 202
                              Accepted Location; a run's offset is committed once its follow ends, and an agent
                              that restarts takes the follow up again from the run's log
  --follow-interval SECONDS   how often a followed run is looked at ($PORT_CI_AGENT_FOLLOW_INTERVAL; default 10)
  --follow-limit MINUTES      how long a run is followed at most; then the agent says so on the run's log and
                              leaves the run as it is ($PORT_CI_AGENT_FOLLOW_LIMIT; default 360)
  --follow-rate LOOKS         looks a second across all followed runs, each a read of the backend and of Port;
                              more runs stretch the interval ($PORT_CI_AGENT_FOLLOW_RATE; default 20)

Credentials: $PORT_CLIENT_ID and $PORT_CLIENT_SECRET (required: the agent checks signatures with the secret and
reports to Port). A GitLab project's trigger token is in $GROUP_PROJECT (the group's slashes as underscores).
Brokers whose TLS certificate comes from a private CA: set $NODE_EXTRA_CA_CERTS to the CA's PEM file. When the
brokers refuse the login, the mechanism or the TLS, the agent exits 3 at once, naming the setting to fix.
SIGTERM or SIGINT stops gracefully (in-flight runs finish, offsets are committed, the group is left); a second
signal exits at once.
`;

const FLAGS = {
  'org-id': { type: 'string' },
  'group-id': { type: 'string' },
  topic: { type: 'string' },
  brokers: { type: 'string' },
  'security-protocol': { type: 'string' },
  'sasl-mechanism': { type: 'string' },
  'session-timeout-ms': { type: 'string' },
  'auto-offset-reset': { type: 'string' },
  concurrency: { type: 'string' },
  'partition-concurrency': { type: 'string' },
  'drain-timeout': { type: 'string' },
  'metrics-port': { type: 'string' },
  'metrics-host': { type: 'string' },
  once: { type: 'boolean', default: false },
  'log-level': { type: 'string' },
  'client-id': { type: 'string' },
  'base-url': { type: 'string' },
  'gitlab-url': { type: 'string' },
  mapping: { type: 'string' },
  follow: { type: 'boolean' },
  'follow-interval': { type: 'string' },
  'follow-limit': { type: 'string' },
  'follow-rate': { type: 'string' },
} as const;

type Env = Record<string, string | undefined>;

function wholeNumber(given: { text: string; source: string } | undefined, fallback: number, min: number, max: number, unit: string): number {
  if (!given) return fallback;
  const value = /^\d+$/.test(given.text) ? Number(given.text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${given.source}: "${given.text}" is not accepted; expected ${unit} from ${min} to ${max}`);
  }
  return value;
}

function httpUrl(given: { text: string; source: string } | undefined, fallback: string): string {
  if (!given) return fallback;
  let url: URL;
  try {
    url = new URL(given.text);
  } catch {
    throw new UsageError(`${given.source}: "${given.text}" is not a URL; expected https://...`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`${given.source}: "${given.text}" is not an http(s) URL; expected https://...`);
  // GitLab's API paths are appended to it (port-agent writes f"{GITLAB_URL}api/v4/..."): one trailing slash.
  return url.href.replace(/\/*$/, '/');
}

// librdkafka's aliases, which port-agent's settings pass through (its Helm chart sets "largest").
const RESETS = { EARLIEST: 'earliest', SMALLEST: 'earliest', BEGINNING: 'earliest', LATEST: 'latest', LARGEST: 'latest', END: 'latest' } as const;
const LEVELS: Record<string, LogLevel> = { DEBUG: 'debug', INFO: 'info', WARN: 'warn', WARNING: 'warn', ERROR: 'error' };
const BOOLEANS: Record<string, boolean> = { TRUE: true, YES: true, '1': true, FALSE: false, NO: false, '0': false };

/**
 * Reads `port-ci agent`'s flags and port-agent's environment names into checked settings. Throws a UsageError
 * that names the flag or variable and what it accepts for every value it cannot use.
 */
export function parseAgentOptions(argv: string[], env: Env): AgentSettings {
  const { values: flags } = parseFlags('agent', argv, FLAGS);
  const streamer = env.STREAMER_NAME?.trim();
  if (streamer && streamer.toUpperCase() !== 'KAFKA') {
    throw new UsageError(`STREAMER_NAME: "${streamer}" is not accepted; port-ci agent reads Kafka only: expected KAFKA or unset`);
  }

  const org = pick('org-id', flags['org-id'], env, 'PORT_ORG_ID');
  if (!org) throw new UsageError('agent: set --org-id or PORT_ORG_ID to your Port organisation id (org_...)');
  const orgId = org.text;
  const group = pick('group-id', flags['group-id'], env, 'KAFKA_CONSUMER_GROUP_ID');
  if (!group) throw new UsageError(`agent: set --group-id or KAFKA_CONSUMER_GROUP_ID to a consumer group that starts with your org id (${orgId}...)`);
  // Port's brokers let an organisation's credentials read only groups named after the organisation.
  if (!group.text.startsWith(orgId)) throw new UsageError(`${group.source}: "${group.text}" is not accepted; it must start with the org id ${orgId}`);
  const topic = pick('topic', flags.topic, env, 'KAFKA_RUNS_TOPIC')?.text ?? `${orgId}.runs`;

  const local = pick('', undefined, env, 'USING_LOCAL_PORT_INSTANCE');
  const usingLocal = local === undefined ? undefined : BOOLEANS[local.text.toUpperCase()];
  if (local && usingLocal === undefined) throw new UsageError(`USING_LOCAL_PORT_INSTANCE: "${local.text}" is not accepted; expected true or false`);
  const brokersGiven = pick('brokers', flags.brokers, env, 'KAFKA_CONSUMER_BOOTSTRAP_SERVERS');
  if (usingLocal && !brokersGiven) throw new UsageError('USING_LOCAL_PORT_INSTANCE is true: set --brokers or KAFKA_CONSUMER_BOOTSTRAP_SERVERS to your Kafka');
  const ownKafka = brokersGiven !== undefined;

  const securityProtocol = choice(pick('security-protocol', flags['security-protocol'], env, 'KAFKA_CONSUMER_SECURITY_PROTOCOL'), PROTOCOLS) ?? (ownKafka ? 'PLAINTEXT' : 'SASL_SSL');
  const mechanismGiven = pick('sasl-mechanism', flags['sasl-mechanism'], env, 'KAFKA_CONSUMER_AUTHENTICATION_MECHANISM');
  const mechanism = choice(mechanismGiven, MECHANISMS);
  const usesSasl = securityProtocol.startsWith('SASL_');
  if (usesSasl && mechanism === 'NONE') throw new UsageError(`${mechanismGiven!.source}: "none" is not accepted with ${securityProtocol}; expected PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512`);
  const saslMechanism: SaslMechanism | undefined = usesSasl ? ((mechanism as SaslMechanism | undefined) ?? 'SCRAM-SHA-512') : undefined;
  if (!ownKafka && !usesSasl) {
    throw new UsageError(`KAFKA_CONSUMER_SECURITY_PROTOCOL: ${securityProtocol} is not accepted for Port's brokers, which take SASL_SSL; set --brokers for a Kafka of your own`);
  }

  let kafka: AgentSettings['kafka'];
  if (ownKafka) {
    const username = env.KAFKA_CONSUMER_USERNAME?.trim() || undefined;
    const password = env.KAFKA_CONSUMER_PASSWORD || undefined;
    if (usesSasl && (!username || !password)) throw new UsageError(`agent: ${securityProtocol} to your own brokers needs KAFKA_CONSUMER_USERNAME and KAFKA_CONSUMER_PASSWORD`);
    kafka = { from: 'given', brokers: brokerList(brokersGiven), ...(usesSasl ? { username, password } : {}) };
  } else kafka = { from: 'port' };

  const clientId = env.PORT_CLIENT_ID?.trim();
  const clientSecret = env.PORT_CLIENT_SECRET;
  if (!clientId || !clientSecret) throw new UsageError('agent: set PORT_CLIENT_ID and PORT_CLIENT_SECRET (the agent checks run signatures with the secret and reports to Port)');

  const baseGiven = pick('base-url', flags['base-url'], env, 'PORT_API_BASE_URL') ?? pick('', undefined, env, 'PORT_BASE_URL');
  let baseUrl: string;
  try {
    baseUrl = resolveBaseUrl(baseGiven?.text);
  } catch (error) {
    throw new UsageError(String((error as Error).message).replace(/^PORT_BASE_URL/, baseGiven!.source));
  }

  const follow = parseFollow(flags, env);

  const metricsPort = pick('metrics-port', flags['metrics-port'], env);
  const port = metricsPort === undefined ? undefined : wholeNumber(metricsPort, 0, 0, 65535, 'a port');
  const logLevel = choice(pick('log-level', flags['log-level'], env, 'LOG_LEVEL'), LEVELS) ?? 'info';

  return {
    orgId,
    groupId: group.text,
    topic,
    clientId: pick('client-id', flags['client-id'], env)?.text ?? 'port-ci-agent',
    kafka,
    securityProtocol,
    ...(saslMechanism ? { saslMechanism } : {}),
    sessionTimeoutMs: wholeNumber(pick('session-timeout-ms', flags['session-timeout-ms'], env, 'KAFKA_CONSUMER_SESSION_TIMEOUT_MS'), 45_000, 1_000, 3_600_000, 'milliseconds'),
    autoOffsetReset: choice(pick('auto-offset-reset', flags['auto-offset-reset'], env, 'KAFKA_CONSUMER_AUTO_OFFSET_RESET'), RESETS) ?? 'earliest',
    concurrency: wholeNumber(pick('concurrency', flags.concurrency, env), 24, 1, 1_000, 'a whole number'),
    partitionConcurrency: wholeNumber(pick('partition-concurrency', flags['partition-concurrency'], env), 4, 1, 1_000, 'a whole number'),
    drainTimeoutMs: wholeNumber(pick('drain-timeout', flags['drain-timeout'], env), 30, 0, 86_400, 'seconds') * 1000,
    once: flags.once ?? false,
    ...(port === undefined ? {} : { metrics: { port, host: pick('metrics-host', flags['metrics-host'], env)?.text ?? '0.0.0.0' } }),
    logLevel,
    port: { baseUrl, clientId, clientSecret },
    gitlabUrl: httpUrl(pick('gitlab-url', flags['gitlab-url'], env, 'GITLAB_URL'), 'https://gitlab.com/'),
    mappingPath: pick('mapping', flags.mapping, env, 'CONTROL_THE_PAYLOAD_CONFIG_PATH')?.text,
    ...(follow ? { follow } : {}),
  };
}

/*
 * The follow's defaults. Every 10 s: a pipeline's end shows in Port within seconds, and a hundred runs followed at
 * once cost ten reads a second of GitLab (gitlab.com allows 2,000 API calls a minute per user) and ten of Port. At
 * most 6 h: GitHub ends a hosted runner's job at 6 h and GitLab's default job timeout is 1 h, so a run still going
 * then is more likely stuck than slow; and while a run is followed its record stays uncommitted, so what follows it
 * in its partition is delivered again after a restart (each such record costs two reads of Port, nothing sent).
 */
const FOLLOW_INTERVAL_SECONDS = 10;
const FOLLOW_LIMIT_MINUTES = 360;
/** gitlab.com allows 2,000 API calls a minute per user (33 a second): 20 leaves room for the pipelines' own jobs. */
const FOLLOW_LOOKS_PER_SECOND = 20;

/** --follow and its interval and limit, with the GitLab read token dispatch --wait uses; undefined when not following. */
function parseFollow(flags: { follow?: boolean; 'follow-interval'?: string; 'follow-limit'?: string; 'follow-rate'?: string }, env: Env): AgentSettings['follow'] {
  const asked = flags.follow ? { text: 'true', source: '--follow' } : pick('', undefined, env, 'PORT_CI_AGENT_FOLLOW');
  const on = asked === undefined ? false : BOOLEANS[asked.text.toUpperCase()];
  if (on === undefined) throw new UsageError(`${asked!.source}: "${asked!.text}" is not accepted; expected true or false (yes, no, 1, 0)`);
  const interval = pick('follow-interval', flags['follow-interval'], env, 'PORT_CI_AGENT_FOLLOW_INTERVAL');
  const limit = pick('follow-limit', flags['follow-limit'], env, 'PORT_CI_AGENT_FOLLOW_LIMIT');
  const rate = pick('follow-rate', flags['follow-rate'], env, 'PORT_CI_AGENT_FOLLOW_RATE');
  if (!on) {
    // A flag that would do nothing is a mistake worth saying; the variables may come from a chart's defaults.
    const idle = [interval, limit, rate].find((given) => given?.source.startsWith('--'));
    if (idle) throw new UsageError(`${idle.source}: only used with --follow (or PORT_CI_AGENT_FOLLOW=true)`);
    return undefined;
  }
  const gitlabToken = env.PORT_GITLAB_TOKEN?.trim() || env.GITLAB_TOKEN?.trim() || undefined;
  return {
    pollMs: wholeNumber(interval, FOLLOW_INTERVAL_SECONDS, 1, 3_600, 'seconds') * 1000,
    limitMs: wholeNumber(limit, FOLLOW_LIMIT_MINUTES, 1, 43_200, 'minutes') * 60_000,
    looksPerSecond: wholeNumber(rate, FOLLOW_LOOKS_PER_SECOND, 1, 1_000, 'looks a second'),
    ...(gitlabToken ? { gitlabToken } : {}),
  };
}

/** The brokers and credentials Port hands the organisation's agent, as port-agent gets them. */
async function kafkaFromPort(settings: AgentSettings): Promise<{ brokers: string[]; username: string; password: string }> {
  const client = new PortClient({ baseUrl: settings.port.baseUrl, clientId: settings.port.clientId, clientSecret: settings.port.clientSecret });
  return client.getKafkaCredentials();
}

/** The brokers could not be used, in one line that names the setting to fix; exit 3, as for Port refusing. */
class KafkaSetupError extends Error {
  override name = 'KafkaSetupError';
  readonly exitCode = 3;
}

/**
 * What the agent says when the brokers refused it or could not be reached: which setting to look at, by its
 * environment name (the flag too where there is one). The username is named (it is not a secret); the password never is.
 */
export function kafkaFailureLine(error: KafkaConnectionError, settings: AgentSettings, brokers: string[], username: string | undefined): string {
  const at = error.broker ?? brokers.join(',');
  const mechanism = settings.saslMechanism ?? 'none';
  const fromPort = settings.kafka.from === 'port';
  const mechanismSetting = 'KAFKA_CONSUMER_AUTHENTICATION_MECHANISM (--sasl-mechanism)';
  const protocolSetting = `KAFKA_CONSUMER_SECURITY_PROTOCOL (--security-protocol) is ${settings.securityProtocol}`;
  switch (error.reason) {
    case 'authentication':
      return fromPort
        ? `agent: Kafka at ${at} refused the SASL login (${mechanism}) with the credentials Port handed out (GET /v1/kafka-credentials); Port's brokers take SCRAM-SHA-512: check ${mechanismSetting}`
        : `agent: Kafka at ${at} refused the SASL login of user "${username ?? ''}" with ${mechanism}: check KAFKA_CONSUMER_USERNAME and KAFKA_CONSUMER_PASSWORD, and that ${mechanismSetting} is a mechanism the user has a credential for`;
    case 'mechanism':
      return `agent: Kafka at ${at} does not offer the SASL mechanism ${mechanism}${error.offered.length > 0 ? ` (it offers ${error.offered.join(', ')})` : ''}: set ${mechanismSetting} to one it offers`;
    case 'certificate':
      return /ERR_TLS_CERT_ALTNAME_INVALID|altnames/i.test(error.detail)
        ? `agent: Kafka at ${at} showed a TLS certificate for another host name (${error.detail}): check KAFKA_CONSUMER_BOOTSTRAP_SERVERS (--brokers)`
        : `agent: Kafka at ${at} showed a TLS certificate that is not trusted (${error.detail}): for a private CA, set NODE_EXTRA_CA_CERTS to the CA's PEM file`;
    case 'tls-handshake':
      return `agent: the TLS handshake with Kafka at ${at} failed (${error.detail}): ${protocolSetting}; check that the listener takes TLS`;
    case 'unreachable': {
      const listener = `${settings.securityProtocol}${settings.saslMechanism ? ` with ${settings.saslMechanism}` : ''}`;
      return fromPort
        ? `agent: could not reach Kafka at ${at}, the brokers Port handed out (GET /v1/kafka-credentials) (${error.detail}): check that this host reaches them, and that they take ${listener} (KAFKA_CONSUMER_SECURITY_PROTOCOL, ${mechanismSetting})`
        : `agent: could not reach Kafka at ${at} (${error.detail}): check KAFKA_CONSUMER_BOOTSTRAP_SERVERS (--brokers), and that the listener there takes ${listener} (KAFKA_CONSUMER_SECURITY_PROTOCOL, ${mechanismSetting})`;
    }
  }
}

/**
 * The `port-ci agent` command, with the run handler its factory makes. The registry wires the factory (see
 * src/agent/run-handler-factory.ts); tests pass a handler of their own.
 */
export function agentCommand(makeHandler: RunHandlerFactory): Command {
  return {
    usage,
    async run(args, io) {
      const settings = parseAgentOptions(args, io.env);
      const logger = createJsonLogger({ level: settings.logLevel, write: (line) => void io.stderrStream.write(line) });
      const { brokers, username, password } = settings.kafka.from === 'given' ? settings.kafka : await kafkaFromPort(settings);
      logger.log('info', 'starting', { topic: settings.topic, groupId: settings.groupId, brokers: brokers.join(','), kafkaFrom: settings.kafka.from });
      const handler = await makeHandler(settings);
      const agent = startAgentConsumer({
        brokers,
        topic: settings.topic,
        groupId: settings.groupId,
        clientId: settings.clientId,
        ...(settings.saslMechanism && username && password ? { sasl: { mechanism: settings.saslMechanism, username, password } } : {}),
        tls: settings.securityProtocol === 'SSL' || settings.securityProtocol === 'SASL_SSL',
        handler,
        concurrency: settings.concurrency,
        partitionConcurrency: settings.partitionConcurrency,
        autoOffsetReset: settings.autoOffsetReset,
        sessionTimeoutMs: settings.sessionTimeoutMs,
        once: settings.once,
        logger,
      });
      const unsubscribe = stopOnSignals(agent, { drainTimeoutMs: settings.drainTimeoutMs, logger });
      const health = settings.metrics ? await startHealthServer(agent, { ...settings.metrics, topic: settings.topic, logger }) : undefined;
      try {
        await agent.ready;
        await agent.done;
      } catch (error) {
        if (error instanceof KafkaConnectionError) throw new KafkaSetupError(kafkaFailureLine(error, settings, brokers, username));
        throw error;
      } finally {
        unsubscribe();
        await health?.close();
      }
      return 0;
    },
  };
}
