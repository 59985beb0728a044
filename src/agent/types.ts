/*
 * What the agent's two halves agree on: the consumer (consumer.ts: Kafka, offsets, concurrency, shutdown) hands
 * each record's value to a RunHandler (handler.ts: signature, mapping, request, Port) and commits the record's
 * offset only once the handler's promise has settled with a result. A handler never throws for a bad message:
 * it reports it and answers 'poison'; a throw means "not handled, do not commit" (Port down, say), and the consumer
 * retries the record later, in order, without committing past it.
 */

/** Where a record came from, for logs, metrics and the run's progress lines. */
export interface RecordOrigin {
  topic: string;
  partition: number;
  /** The record's offset, as text (Kafka offsets are 64-bit). */
  offset: string;
  /** The record's key, when it has one (Port keys run messages by run id). */
  key?: string;
}

export type HandleOutcome =
  /** Sent on to its backend and recorded in Port. */
  | 'handed-on'
  /** Already handed on by an earlier delivery (Port's run shows it): not sent again. */
  | 'duplicate'
  /** Not for this agent (not an agent action, another agent's filter, an automation message it ignores). */
  | 'skipped'
  /** Cannot be handled (bad JSON, bad signature, a mapping that errors): reported on its run where there is one. */
  | 'poison'
  /** It cannot be known whether an earlier delivery sent it: the run was ended FAILURE saying so. */
  | 'uncertain';

export interface HandleResult {
  outcome: HandleOutcome;
  /** The Port run the record is about, when it names one. */
  runId?: string;
  /** One line for the agent's own log; never a secret. */
  detail?: string;
  /**
   * Set when the handler goes on following what it started (--follow: a pipeline, a workflow run) after it has
   * answered. The consumer frees the record's place in the handler at once, but commits the record's offset only
   * once this resolves, so an agent that dies mid-follow leaves the record for the next one, which finds the run
   * handed on and follows it again instead of sending it. It never rejects: a follow that must give up resolves
   * after saying so on the run. When `signal` aborts (the partition was revoked, the agent is stopping) it stops
   * without touching the run and resolves; the record then stays uncommitted for whoever takes it next.
   */
  following?: Promise<void>;
}

export interface RunHandler {
  /**
   * `signal` aborts when the record's partition is taken away or the agent stops (see HandleResult.following).
   * The consumer always gives one; a caller without a consumer (a test, a one-off replay) may leave it out.
   */
  handle(value: Buffer, origin: RecordOrigin, signal?: AbortSignal): Promise<HandleResult>;
}
