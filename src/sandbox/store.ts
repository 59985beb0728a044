import { readFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { UsageError } from '../core/index.js';

/** A run's status as Port reports it. */
export type RunStatus = 'IN_PROGRESS' | 'SUCCESS' | 'FAILURE';

/** One log line of a run, as it was posted, with the time it arrived. */
export interface RunLog {
  message: string;
  terminationStatus?: 'SUCCESS' | 'FAILURE';
  statusLabel?: string;
  /** ISO time the sandbox received it. */
  at: string;
}

/** An entity a run created or changed. */
export interface AffectedEntity {
  blueprint: string;
  identifier: string;
}

/** A run as the sandbox holds it. Each PATCHed key replaces the previous value, as Port does. */
export interface RunRecord {
  id: string;
  /** The action's identifier; null for a run seeded by id alone. */
  action: string | null;
  status: RunStatus;
  statusLabel?: string;
  link?: string | string[];
  summary?: string;
  externalRunId?: string;
  /** The inputs and entity a run created through the API was given. */
  properties?: Record<string, unknown>;
  entity?: string;
  /** The entities the run created or changed, when any are recorded; its page lists them. */
  entities?: AffectedEntity[];
  createdAt: string;
  updatedAt: string;
  endedAt?: string;
  logs: RunLog[];
}

const STATUSES: readonly string[] = ['IN_PROGRESS', 'SUCCESS', 'FAILURE'];

/** The data file's format; the version lets a later sandbox refuse a file it would misread. */
interface DataFile {
  version: 1;
  runs: RunRecord[];
}

function looksLikeRun(value: unknown): value is RunRecord {
  const run = value as Partial<RunRecord> | null;
  return (
    typeof run === 'object' &&
    run !== null &&
    typeof run.id === 'string' &&
    STATUSES.includes(run.status as string) &&
    Array.isArray(run.logs) &&
    run.logs.every((log) => typeof log === 'object' && log !== null && typeof log.message === 'string') &&
    (run.entities === undefined ||
      (Array.isArray(run.entities) && run.entities.every((entity) => typeof entity?.blueprint === 'string' && typeof entity.identifier === 'string')))
  );
}

/**
 * Reads the runs a previous sandbox saved. A missing file is an empty start; a file that is not a sandbox data
 * file is a UsageError naming it, rather than being overwritten and lost.
 */
export function loadRuns(file: string): RunRecord[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new UsageError(`${file}: cannot read the sandbox data file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let data: Partial<DataFile>;
  try {
    data = JSON.parse(text) as Partial<DataFile>;
  } catch {
    throw new UsageError(`${file}: not a port-ci sandbox data file (not JSON); move it away or name another file`);
  }
  if (data?.version !== 1 || !Array.isArray(data.runs) || !data.runs.every(looksLikeRun)) {
    throw new UsageError(`${file}: not a port-ci sandbox data file (expected {"version": 1, "runs": [...]}); move it away or name another file`);
  }
  return data.runs;
}

/**
 * Saves the runs to a file after changes. Writes are debounced (a burst of log lines is one write) and atomic
 * (a temp file renamed over the old one), so a sandbox killed mid-write leaves the previous file whole.
 */
export class RunStore {
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();
  #error: unknown;

  constructor(
    private readonly file: string,
    private readonly snapshot: () => RunRecord[],
    private readonly delayMs = 100,
  ) {}

  /** Notes a change; the file is written once the changes pause. */
  changed(): void {
    if (this.#timer) return;
    this.#timer = setTimeout(() => void this.#save(), this.delayMs);
    // A pending save must not keep a process alive; close() flushes it.
    this.#timer.unref();
  }

  /** Writes now and waits for every write; throws a UsageError naming the file when any write failed. */
  async flush(): Promise<void> {
    await this.#save();
    if (this.#error !== undefined) throw this.#error;
  }

  #save(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    // Serialised: two renames racing could put an older snapshot last.
    const text = `${JSON.stringify({ version: 1, runs: this.snapshot() } satisfies DataFile, null, 2)}\n`;
    this.#writing = this.#writing.then(async () => {
      const temp = `${this.file}.${process.pid}.tmp`;
      try {
        await writeFile(temp, text);
        await rename(temp, this.file);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? String(error);
        this.#error ??= new UsageError(`${this.file}: cannot write the sandbox data file (${code})`);
        await rm(temp, { force: true }).catch(() => undefined);
      }
    });
    return this.#writing;
  }
}
