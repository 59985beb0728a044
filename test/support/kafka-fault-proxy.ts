import net from 'node:net';

/*
 * A TCP proxy in front of a real Kafka broker that can lose the broker's answers to Produce requests: the request
 * goes through and the broker writes the record and answers; the proxy then drops that answer and closes the
 * client's connection. That is the one failure a producer cannot tell from "not written", which a dispatcher must
 * report as uncertain. Everything else passes through untouched.
 *
 * Clients go where the broker's metadata sends them, so the broker must advertise the proxy's address
 * (advertised.listeners=PLAINTEXT://<proxy address>) for every connection, not just the first, to pass here.
 * Kafka frames: a request is [int32 size][int16 apiKey][int16 apiVersion][int32 correlationId]...; an answer is
 * [int32 size][int32 correlationId]...; Produce is apiKey 0.
 */

const PRODUCE = 0;

export interface KafkaFaultProxy {
  /** `127.0.0.1:PORT`, to advertise and to give clients. */
  address: string;
  port: number;
  /** Where connections go: the broker's own `host:port`. Set before the first client connects. */
  forwardTo(upstream: string): void;
  /** While on, each answer to a Produce request is dropped and its client connection closed. */
  loseProduceAnswers(on: boolean): void;
  /** How many Produce answers were dropped. */
  lost(): number;
  close(): Promise<void>;
}

/** Reads length-prefixed Kafka frames out of a byte stream, in order. */
function framer(onFrame: (frame: Buffer) => void): (chunk: Buffer) => void {
  let pending = Buffer.alloc(0);
  return (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 4) {
      const size = pending.readInt32BE(0);
      if (pending.length < 4 + size) return;
      onFrame(pending.subarray(0, 4 + size));
      pending = pending.subarray(4 + size);
    }
  };
}

export async function startKafkaFaultProxy(): Promise<KafkaFaultProxy> {
  let upstream: { host: string; port: number } | undefined;
  let losing = false;
  let lost = 0;
  const sockets = new Set<net.Socket>();

  const server = net.createServer((client) => {
    sockets.add(client);
    if (!upstream) {
      client.destroy();
      return;
    }
    const broker = net.connect(upstream.port, upstream.host);
    sockets.add(broker);
    const produceIds = new Set<number>();
    const closeBoth = () => {
      client.destroy();
      broker.destroy();
    };
    client.on('close', closeBoth).on('error', closeBoth);
    broker.on('close', closeBoth).on('error', closeBoth);
    client.on(
      'data',
      framer((frame) => {
        if (frame.length >= 12 && frame.readInt16BE(4) === PRODUCE) produceIds.add(frame.readInt32BE(8));
        broker.write(frame);
      }),
    );
    broker.on(
      'data',
      framer((frame) => {
        const correlationId = frame.length >= 8 ? frame.readInt32BE(4) : -1;
        if (losing && produceIds.has(correlationId)) {
          // Written and acknowledged by the broker; the producer never hears of it.
          lost++;
          closeBoth();
          return;
        }
        produceIds.delete(correlationId);
        client.write(frame);
      }),
    );
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;

  return {
    address: `127.0.0.1:${port}`,
    port,
    forwardTo(address) {
      const at = address.lastIndexOf(':');
      upstream = { host: address.slice(0, at), port: Number(address.slice(at + 1)) };
    },
    loseProduceAnswers(on) {
      losing = on;
    },
    lost: () => lost,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
