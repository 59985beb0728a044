import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Admin, Consumer, Producer, stringSerializers } from '@platformatic/kafka';
import { agentCommand, parseAgentOptions } from '../../src/cli/commands/agent.js';
import type { CliIo } from '../../src/cli/io.js';
import { PortClient } from '../../src/port/client.js';
import type { AgentSettings } from '../../src/agent/settings.js';
import type { RecordOrigin } from '../../src/agent/types.js';
import { startKafka, type KafkaBroker } from '../support/kafka.js';

/*
 * `port-ci agent`'s settings (its flags and port-agent's environment names) and the command run in this process
 * with a handler of the test's own against a real broker. The command is not in the CLI's registry until the run
 * handler is wired (src/agent/run-handler-factory.ts), so it is driven through agentCommand().run.
 */

const ORG = 'org_abc123';
const base = { PORT_ORG_ID: ORG, KAFKA_CONSUMER_GROUP_ID: `${ORG}-agents`, PORT_CLIENT_ID: 'id', PORT_CLIENT_SECRET: 'secret' };
const own = { ...base, KAFKA_CONSUMER_BOOTSTRAP_SERVERS: 'kafka-1:9092, kafka-2:9093' };

describe('parseAgentOptions', () => {
  it("reads port-agent's Helm chart values and answers Port's brokers with SASL_SSL and SCRAM-SHA-512", () => {
    const settings = parseAgentOptions([], {
      ...base,
      KAFKA_CONSUMER_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_CONSUMER_AUTHENTICATION_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_CONSUMER_AUTO_OFFSET_RESET: 'largest',
      PORT_API_BASE_URL: 'https://api.getport.io',
      GITLAB_URL: 'https://gitlab.com/',
      STREAMER_NAME: 'KAFKA',
      DETAILED_LOGGING: 'true',
      WEBHOOK_VERIFY_SSL: 'true',
    });
    expect(settings).toEqual<AgentSettings>({
      orgId: ORG,
      groupId: `${ORG}-agents`,
      topic: `${ORG}.runs`,
      clientId: 'port-ci-agent',
      kafka: { from: 'port' },
      securityProtocol: 'SASL_SSL',
      saslMechanism: 'SCRAM-SHA-512',
      sessionTimeoutMs: 45_000,
      autoOffsetReset: 'latest',
      concurrency: 24,
      partitionConcurrency: 4,
      drainTimeoutMs: 30_000,
      once: false,
      logLevel: 'info',
      port: { baseUrl: 'https://api.getport.io', clientId: 'id', clientSecret: 'secret' },
      gitlabUrl: 'https://gitlab.com/',
      mappingPath: undefined,
    });
  });

  it('takes a Kafka of your own from KAFKA_CONSUMER_BOOTSTRAP_SERVERS, PLAINTEXT unless told', () => {
    expect(parseAgentOptions([], own)).toMatchObject({ kafka: { from: 'given', brokers: ['kafka-1:9092', 'kafka-2:9093'] }, securityProtocol: 'PLAINTEXT', autoOffsetReset: 'earliest' });
    expect(parseAgentOptions([], own).saslMechanism).toBeUndefined();
    expect(
      parseAgentOptions(['--security-protocol', 'sasl_ssl', '--sasl-mechanism', 'scram-sha-256'], { ...own, KAFKA_CONSUMER_USERNAME: 'u', KAFKA_CONSUMER_PASSWORD: 'p' }),
    ).toMatchObject({ kafka: { from: 'given', username: 'u', password: 'p' }, securityProtocol: 'SASL_SSL', saslMechanism: 'SCRAM-SHA-256' });
  });

  it('lets a flag win over its variable, and reads the rest of the flags', () => {
    const settings = parseAgentOptions(
      ['--org-id', 'org_x', '--group-id', 'org_x-g', '--topic', 'custom', '--brokers', '127.0.0.1:1', '--concurrency', '12', '--partition-concurrency', '2', '--drain-timeout', '5', '--metrics-port', '9464', '--once', '--log-level', 'WARNING', '--session-timeout-ms', '10000', '--base-url', 'us', '--gitlab-url', 'https://git.example.com', '--mapping', '/etc/agent/map.json', '--client-id', 'me'],
      { ...base, KAFKA_RUNS_TOPIC: 'ignored' },
    );
    expect(settings).toMatchObject({
      orgId: 'org_x',
      groupId: 'org_x-g',
      topic: 'custom',
      concurrency: 12,
      partitionConcurrency: 2,
      drainTimeoutMs: 5_000,
      metrics: { port: 9464, host: '0.0.0.0' },
      once: true,
      logLevel: 'warn',
      sessionTimeoutMs: 10_000,
      port: { baseUrl: 'https://api.us.port.io' },
      gitlabUrl: 'https://git.example.com/',
      mappingPath: '/etc/agent/map.json',
      clientId: 'me',
    });
  });

  it('reads --follow, its interval and limit, and the GitLab read token dispatch --wait uses; without it, nothing of them', () => {
    expect(parseAgentOptions([], own).follow).toBeUndefined();
    expect(parseAgentOptions(['--follow'], { ...own, GITLAB_TOKEN: 'glpat-b', PORT_GITLAB_TOKEN: 'glpat-a' }).follow).toEqual({ pollMs: 10_000, limitMs: 21_600_000, looksPerSecond: 20, gitlabToken: 'glpat-a' });
    expect(parseAgentOptions([], { ...own, PORT_CI_AGENT_FOLLOW: 'yes', PORT_CI_AGENT_FOLLOW_INTERVAL: '3', GITLAB_TOKEN: 'glpat-b' }).follow).toEqual({ pollMs: 3_000, limitMs: 21_600_000, looksPerSecond: 20, gitlabToken: 'glpat-b' });
    expect(parseAgentOptions(['--follow', '--follow-interval', '30', '--follow-limit', '90', '--follow-rate', '5'], own).follow).toEqual({ pollMs: 30_000, limitMs: 5_400_000, looksPerSecond: 5 });
    // A chart may set the variables for every agent; only a flag given without --follow is a mistake.
    expect(parseAgentOptions([], { ...own, PORT_CI_AGENT_FOLLOW: 'false', PORT_CI_AGENT_FOLLOW_LIMIT: '5' }).follow).toBeUndefined();
  });

  it.each([
    [['--follow-limit', '60'], own, '--follow-limit: only used with --follow (or PORT_CI_AGENT_FOLLOW=true)'],
    [[], { ...own, PORT_CI_AGENT_FOLLOW: 'sometimes' }, 'PORT_CI_AGENT_FOLLOW: "sometimes" is not accepted; expected true or false (yes, no, 1, 0)'],
    [['--follow', '--follow-interval', '0'], own, '--follow-interval: "0" is not accepted; expected seconds from 1 to 3600'],
    [['--follow'], { ...own, PORT_CI_AGENT_FOLLOW_LIMIT: '1h' }, 'PORT_CI_AGENT_FOLLOW_LIMIT: "1h" is not accepted; expected minutes from 1 to 43200'],
    [[], { ...base, PORT_ORG_ID: '' }, 'agent: set --org-id or PORT_ORG_ID to your Port organisation id (org_...)'],
    [[], { ...base, KAFKA_CONSUMER_GROUP_ID: undefined }, `agent: set --group-id or KAFKA_CONSUMER_GROUP_ID to a consumer group that starts with your org id (${ORG}...)`],
    [[], { ...base, KAFKA_CONSUMER_GROUP_ID: 'agents' }, `KAFKA_CONSUMER_GROUP_ID: "agents" is not accepted; it must start with the org id ${ORG}`],
    [['--group-id', 'x'], base, `--group-id: "x" is not accepted; it must start with the org id ${ORG}`],
    [[], { ...base, STREAMER_NAME: 'POLLING' }, 'STREAMER_NAME: "POLLING" is not accepted; port-ci agent reads Kafka only: expected KAFKA or unset'],
    [[], { ...base, USING_LOCAL_PORT_INSTANCE: 'True' }, 'USING_LOCAL_PORT_INSTANCE is true: set --brokers or KAFKA_CONSUMER_BOOTSTRAP_SERVERS to your Kafka'],
    [[], { ...base, USING_LOCAL_PORT_INSTANCE: 'maybe' }, 'USING_LOCAL_PORT_INSTANCE: "maybe" is not accepted; expected true or false'],
    [[], { ...base, KAFKA_CONSUMER_SECURITY_PROTOCOL: 'tls' }, 'KAFKA_CONSUMER_SECURITY_PROTOCOL: "tls" is not accepted; expected PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL'],
    [[], { ...base, KAFKA_CONSUMER_SECURITY_PROTOCOL: 'plaintext' }, "KAFKA_CONSUMER_SECURITY_PROTOCOL: PLAINTEXT is not accepted for Port's brokers, which take SASL_SSL; set --brokers for a Kafka of your own"],
    [[], { ...base, KAFKA_CONSUMER_AUTHENTICATION_MECHANISM: 'none' }, 'KAFKA_CONSUMER_AUTHENTICATION_MECHANISM: "none" is not accepted with SASL_SSL; expected PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512'],
    [['--sasl-mechanism', 'GSSAPI'], base, '--sasl-mechanism: "GSSAPI" is not accepted; expected PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, NONE'],
    [[], { ...own, KAFKA_CONSUMER_SECURITY_PROTOCOL: 'SASL_PLAINTEXT' }, 'agent: SASL_PLAINTEXT to your own brokers needs KAFKA_CONSUMER_USERNAME and KAFKA_CONSUMER_PASSWORD'],
    [[], { ...own, KAFKA_CONSUMER_BOOTSTRAP_SERVERS: 'kafka-1' }, 'KAFKA_CONSUMER_BOOTSTRAP_SERVERS: "kafka-1" is not accepted; expected HOST:PORT, several separated by commas'],
    [['--brokers', 'h:99999'], base, '--brokers: "h:99999" is not accepted; expected HOST:PORT, several separated by commas'],
    [[], { ...own, KAFKA_CONSUMER_AUTO_OFFSET_RESET: 'middle' }, 'KAFKA_CONSUMER_AUTO_OFFSET_RESET: "middle" is not accepted; expected EARLIEST, SMALLEST, BEGINNING, LATEST, LARGEST, END'],
    [[], { ...own, KAFKA_CONSUMER_SESSION_TIMEOUT_MS: '45s' }, 'KAFKA_CONSUMER_SESSION_TIMEOUT_MS: "45s" is not accepted; expected milliseconds from 1000 to 3600000'],
    [['--concurrency', '0'], own, '--concurrency: "0" is not accepted; expected a whole number from 1 to 1000'],
    [['--partition-concurrency', 'x'], own, '--partition-concurrency: "x" is not accepted; expected a whole number from 1 to 1000'],
    [['--metrics-port', '70000'], own, '--metrics-port: "70000" is not accepted; expected a port from 0 to 65535'],
    [['--drain-timeout', '1.5'], own, '--drain-timeout: "1.5" is not accepted; expected seconds from 0 to 86400'],
    [[], { ...own, LOG_LEVEL: 'loud' }, 'LOG_LEVEL: "loud" is not accepted; expected DEBUG, INFO, WARN, WARNING, ERROR'],
    [[], { ...own, PORT_API_BASE_URL: 'not a url' }, 'PORT_API_BASE_URL: "not a url" is not a URL; expected https://... or a region (eu, us)'],
    [[], { ...own, GITLAB_URL: 'ftp://gitlab' }, 'GITLAB_URL: "ftp://gitlab" is not an http(s) URL; expected https://...'],
    [[], { ...own, PORT_CLIENT_SECRET: undefined }, 'agent: set PORT_CLIENT_ID and PORT_CLIENT_SECRET (the agent checks run signatures with the secret and reports to Port)'],
    [['--nope'], own, /^agent: Unknown option '--nope'.*\(accepted: --org-id, --group-id, --topic, --brokers/],
  ] as [string[], Record<string, string | undefined>, string | RegExp][])('refuses %j with %j, saying what it accepts', (argv, env, expected) => {
    expect(() => parseAgentOptions(argv, env)).toThrow(expected);
  });
});

describe('PortClient.getKafkaCredentials', () => {
  it("asks Port's /v1/kafka-credentials with a token, as port-agent does, and keeps the password out of what it sends Port", async () => {
    const seen: string[] = [];
    const server = createServer((request, response) => {
      seen.push(`${request.method} ${request.url} ${request.headers.authorization ?? ''}`);
      response.setHeader('content-type', 'application/json');
      if (request.url === '/v1/auth/access_token') return response.end(JSON.stringify({ accessToken: 'tok', expiresIn: 3600 }));
      if (request.url === '/v1/kafka-credentials') return response.end(JSON.stringify({ ok: true, credentials: { brokers: ['b-1:9096', 'b-2:9096'], username: 'org_abc123', password: 'pw-secret' } }));
      response.statusCode = 404;
      response.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const client = new PortClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, clientId: 'id', clientSecret: 'secret' });
      expect(await client.getKafkaCredentials()).toEqual({ brokers: ['b-1:9096', 'b-2:9096'], username: 'org_abc123', password: 'pw-secret' });
      expect(seen).toEqual(['POST /v1/auth/access_token ', 'GET /v1/kafka-credentials Bearer tok']);
      expect(client.masker.mask('the password is pw-secret')).not.toContain('pw-secret');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('port-ci agent against a real broker', () => {
  let broker: KafkaBroker;
  beforeAll(async () => {
    broker = await startKafka();
  }, 180_000);
  afterAll(async () => {
    await broker?.close();
  });

  it('with --once hands every run to the handler its factory made, commits, logs JSON lines without values, and exits 0', async () => {
    const topic = `${ORG}.runs`;
    const admin = new Admin({ clientId: 'test-admin', bootstrapBrokers: [broker.brokers] });
    await admin.createTopics({ topics: [topic], partitions: 6, replicas: 1 });
    await admin.close();
    const producer = new Producer({ clientId: 'test-producer', bootstrapBrokers: [broker.brokers], serializers: stringSerializers, idempotent: true });
    const runs = Array.from({ length: 30 }, (_, index) => `r_${index}`);
    await producer.send({ messages: runs.map((run) => ({ topic, key: run, value: JSON.stringify({ run, secret: 'do-not-log' }) })) });
    await producer.close();

    let given: AgentSettings | undefined;
    const handled: { value: string; origin: RecordOrigin }[] = [];
    const command = agentCommand(async (settings) => {
      given = settings;
      return {
        async handle(value, origin) {
          handled.push({ value: value.toString('utf8'), origin });
          return { outcome: 'handed-on', runId: origin.key! };
        },
      };
    });
    let stderr = '';
    const stderrStream = new PassThrough().setEncoding('utf8');
    stderrStream.on('data', (chunk: string) => (stderr += chunk));
    const io: CliIo = {
      env: { ...base, KAFKA_CONSUMER_BOOTSTRAP_SERVERS: broker.brokers, KAFKA_CONSUMER_SESSION_TIMEOUT_MS: '10000' },
      stdout: () => undefined,
      stderr: (text) => void (stderr += text),
      readStdin: () => '',
      stdinStream: () => new PassThrough(),
      stdoutStream: new PassThrough(),
      stderrStream,
    };
    expect(await command.run(['--once'], io)).toBe(0);
    expect(given).toMatchObject({ topic, groupId: `${ORG}-agents`, once: true });
    expect(handled.map(({ origin }) => origin.key).sort()).toEqual([...runs].sort());
    const lines = stderr.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.filter(({ msg }) => msg === 'record settled')).toHaveLength(30);
    expect(lines.find(({ msg }) => msg === 'record settled')).toMatchObject({ level: 'info', topic, outcome: 'handed-on', runId: expect.stringMatching(/^r_/), partition: expect.any(Number), offset: expect.any(String) });
    expect(lines.every(({ time }) => typeof time === 'string')).toBe(true);
    expect(stderr).not.toContain('do-not-log');
    expect(stderr).not.toContain('secret"');

    const check = new Consumer({ clientId: 'test-offsets', groupId: `${ORG}-agents`, bootstrapBrokers: [broker.brokers] });
    const committed = (await check.listCommittedOffsets({ topics: [{ topic, partitions: [0, 1, 2, 3, 4, 5] }] })).get(topic)!;
    await check.close();
    expect(committed.reduce((sum, offset) => sum + (offset > 0n ? offset : 0n), 0n)).toBe(30n);
  }, 120_000);
});
