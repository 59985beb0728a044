import { readFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { UsageError } from '../core/index.js';

/**
 * A run's status as Port reports it. A run of an action that requires approval starts WAITING_FOR_APPROVAL and
 * becomes IN_PROGRESS when approved or DECLINED (ended) when declined (*unverified*: the published schemas type
 * status as a plain string; these two are the names of the states Port's run page shows).
 */
export type RunStatus = 'IN_PROGRESS' | 'SUCCESS' | 'FAILURE' | 'WAITING_FOR_APPROVAL' | 'DECLINED';

/** A run that can still change: its page keeps polling, and a job may still report to it. */
export function isActive(status: RunStatus): boolean {
  return status === 'IN_PROGRESS' || status === 'WAITING_FOR_APPROVAL';
}

/** One log line of a run, as it was posted, with the time it arrived. */
export interface RunLog {
  message: string;
  terminationStatus?: 'SUCCESS' | 'FAILURE';
  statusLabel?: string;
  /** ISO time the sandbox received it. */
  at: string;
}

/** An entity a run created, changed or deleted (a write with `run_id`), as its page lists it. */
export interface AffectedEntity {
  blueprint: string;
  identifier: string;
  /** The entity's title when the run last wrote it (kept after a delete, when the entity itself is gone). */
  title?: string;
  /** What the run did to it, its first write counting: created and then updated is still created. */
  change?: 'created' | 'updated' | 'deleted';
}

/** The decision on a run that required approval (approve-an-action-run.json). */
export interface RunApproval {
  state: 'APPROVED' | 'DECLINED';
  description?: string;
  /** Who decided: the sandbox's client id. */
  userId: string;
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
  /** The user a run created through the API was run as (execute-a-self-service-action.json's run_as). */
  runAs?: string;
  /** The entities the run created, changed or deleted, when any are recorded; its page lists them. */
  entities?: AffectedEntity[];
  /** Whether the run waited for approval: its action's requiredApproval when it was created. */
  requiredApproval?: boolean | { type: 'ANY' | 'ALL' };
  approval?: RunApproval;
  createdAt: string;
  updatedAt: string;
  endedAt?: string;
  logs: RunLog[];
}

const STATUSES: readonly string[] = ['IN_PROGRESS', 'SUCCESS', 'FAILURE', 'WAITING_FOR_APPROVAL', 'DECLINED'];
const CHANGES: readonly unknown[] = [undefined, 'created', 'updated', 'deleted'];

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
      (Array.isArray(run.entities) &&
        run.entities.every(
          (entity) =>
            typeof entity?.blueprint === 'string' &&
            typeof entity.identifier === 'string' &&
            (entity.title === undefined || typeof entity.title === 'string') &&
            CHANGES.includes(entity.change),
        )))
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
