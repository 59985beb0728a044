/*
 * The agent's own log: one JSON object per line on standard error, so a log shipper (Loki, CloudWatch, a
 * Kubernetes node agent) can index it without a parser of ours. Callers pass only what is safe to show: record
 * origins, run ids, outcomes and one-line details; never a record's value, its headers or a credential.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** What a log line may carry besides its message. */
export interface LogFields {
  topic?: string;
  partition?: number;
  offset?: string;
  runId?: string;
  outcome?: string;
  detail?: string;
  [field: string]: string | number | boolean | undefined;
}

export interface AgentLogger {
  log(level: LogLevel, msg: string, fields?: LogFields): void;
}

/**
 * A logger that writes a line `{"time","level","msg",...fields}` for each call at or above `level` (info unless
 * told). Fields left undefined are not written.
 */
export function createJsonLogger(options: { level?: LogLevel; write?: (line: string) => void } = {}): AgentLogger {
  const threshold = LOG_LEVELS.indexOf(options.level ?? 'info');
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  return {
    log(level, msg, fields = {}) {
      if (LOG_LEVELS.indexOf(level) < threshold) return;
      write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
    },
  };
}
