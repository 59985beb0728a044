import type { PortClient } from './client.js';
import { ApiError } from './errors.js';

export interface LogStreamOptions {
  /** Lines that arrive within this time of the first waiting line travel together. */
  flushIntervalMs?: number;
  /** At most this many lines in one message. */
  maxLines?: number;
  /** At most this many bytes of JSON in one message body, under Port's 1 MiB limit (escapes counted). */
  maxMessageBytes?: number;
  /** Past this many waiting bytes, write() asks the producer to pause until 'drain' (memory stays bounded). */
  highWaterBytes?: number;
}

export interface LogStreamResult {
  /** Lines Port acknowledged. */
  delivered: number;
  /** Lines that could not be delivered (Port refused, or the retry deadline passed). */
  undelivered: number;
  /** Messages sent (requests that Port acknowledged). */
  messages: number;
  /** Why delivery stopped, when it did. */
  failure?: string;
}

const DEFAULTS: Required<LogStreamOptions> = {
  flushIntervalMs: 250,
  maxLines: 5000,
  maxMessageBytes: 768 * 1024,
  highWaterBytes: 4 * 1024 * 1024,
};

/**
 * Delivers lines to a run's log in order, masked (see write). Lines that arrive close together are batched into one message
 * (bounded by time, line count and bytes); one request is in flight at a time, so order holds even across
 * retries. Memory is bounded: write() returns false above the high-water mark and the producer waits for
 * drained(). When Port refuses a batch or the retry deadline passes, the stream stops sending and counts
 * every line it could not deliver, so none is lost without being counted.
 */
export class LogStream {
  readonly #options: Required<LogStreamOptions>;
  #waiting: string[] = [];
  #waitingBytes = 0;
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<void> | undefined;
  #closing = false;
  #failure: string | undefined;
  #drainWaiters: Array<() => void> = [];
  readonly #result: LogStreamResult = { delivered: 0, undelivered: 0, messages: 0 };

  constructor(
    private readonly client: PortClient,
    private readonly runId: string,
    options: LogStreamOptions = {},
  ) {
    this.#options = { ...DEFAULTS, ...options };
  }

  /**
   * Queues one line (without its line break), masked with the client's masker. A line that is an add-mask
   * command is never sent: its value is masked from every later line and message. The whole line is masked
   * before one longer than a message allows is cut into pieces, so no piece boundary splits a secret.
   * @returns false when the producer should wait for drained() before writing more.
   */
  write(line: string): boolean {
    if (this.#closing) throw new Error('write after close');
    const masked = this.client.masker.maskLine(line);
    if (masked === undefined) return this.#waitingBytes < this.#options.highWaterBytes;
    if (this.#failure !== undefined) {
      this.#result.undelivered++;
      return true;
    }
    for (const piece of splitLong(masked, this.#options.maxMessageBytes)) {
      this.#waiting.push(piece);
      this.#waitingBytes += jsonBytes(piece);
    }
    if (this.#waiting.length >= this.#options.maxLines || this.#waitingBytes >= this.#options.maxMessageBytes) this.#pump();
    else this.#timer ??= setTimeout(() => this.#pump(), this.#options.flushIntervalMs);
    return this.#waitingBytes < this.#options.highWaterBytes;
  }

  /** Resolves once the waiting lines are below half the high-water mark (or the stream stopped sending). */
  drained(): Promise<void> {
    if (this.#waitingBytes < this.#options.highWaterBytes / 2 || this.#failure !== undefined) return Promise.resolve();
    return new Promise((resolve) => this.#drainWaiters.push(resolve));
  }

  /** Sends everything still waiting, then says what was delivered and what was not. */
  async close(): Promise<LogStreamResult> {
    this.#closing = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#inFlight || this.#waiting.length > 0) {
      if (!this.#inFlight) this.#pump();
      await this.#inFlight;
    }
    return { ...this.#result, ...(this.#failure === undefined ? {} : { failure: this.#failure }) };
  }

  #pump(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#inFlight || this.#waiting.length === 0) return;
    const batch = this.#takeBatch();
    this.#inFlight = this.#send(batch).finally(() => {
      this.#inFlight = undefined;
      this.#wakeProducers();
      if (this.#waiting.length === 0) return;
      const full = this.#waiting.length >= this.#options.maxLines || this.#waitingBytes >= this.#options.maxMessageBytes;
      if (full || this.#closing) this.#pump();
      else this.#timer ??= setTimeout(() => this.#pump(), this.#options.flushIntervalMs);
    });
  }

  #takeBatch(): string[] {
    let bytes = 0;
    let count = 0;
    for (const line of this.#waiting) {
      const size = jsonBytes(line);
      if (count > 0 && (count >= this.#options.maxLines || bytes + size > this.#options.maxMessageBytes)) break;
      bytes += size;
      count++;
    }
    this.#waitingBytes -= bytes;
    return this.#waiting.splice(0, count);
  }

  async #send(batch: string[]): Promise<void> {
    if (this.#failure !== undefined) {
      this.#result.undelivered += batch.length;
      return;
    }
    try {
      await this.client.addLog(this.runId, { message: batch.join('\n') }, { masked: true });
      this.#result.delivered += batch.length;
      this.#result.messages++;
    } catch (error) {
      // Once a batch fails after the whole retry deadline, later ones would too: stop sending, keep counting.
      this.#failure = error instanceof ApiError || error instanceof Error ? error.message : String(error);
      this.#result.undelivered += batch.length + this.#waiting.length;
      this.#waiting = [];
      this.#waitingBytes = 0;
    }
  }

  #wakeProducers(): void {
    if (this.#waitingBytes >= this.#options.highWaterBytes / 2 && this.#failure === undefined) return;
    const waiters = this.#drainWaiters;
    this.#drainWaiters = [];
    waiters.forEach((wake) => wake());
  }
}

/**
 * What a line adds to the JSON body: its escaped UTF-8 bytes plus the escaped line break that joins it
 * (a control character escapes to six bytes, so raw length alone could overshoot Port's limit).
 */
function jsonBytes(line: string): number {
  return Buffer.byteLength(JSON.stringify(line)) - 2 + 2;
}

/** What to tell the user when lines did not reach Port, or undefined when they all did. */
export function undeliveredMessage(result: LogStreamResult): string | undefined {
  if (result.undelivered === 0) return undefined;
  return `${result.undelivered} of ${result.delivered + result.undelivered} lines could not be delivered to Port's run log: ${result.failure ?? 'unknown reason'}`;
}

/** Cuts a line into pieces of at most `maxBytes` bytes of JSON, never inside a character. */
function splitLong(line: string, maxBytes: number): string[] {
  if (jsonBytes(line) <= maxBytes) return [line];
  const pieces: string[] = [];
  let piece = '';
  let bytes = 2;
  for (const char of line) {
    const size = jsonBytes(char) - 2;
    if (bytes + size > maxBytes) {
      pieces.push(piece);
      piece = '';
      bytes = 2;
    }
    piece += char;
    bytes += size;
  }
  pieces.push(piece);
  return pieces;
}
