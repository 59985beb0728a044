import { UsageError, buildRunUpdate } from '../../core/index.js';
import { failureSummary, listFailedJobs } from '../../gitlab/pipeline.js';
import type { CliIo } from '../io.js';
import { parseFlags } from '../args.js';
import type { Command } from '../main.js';
import { PORT_FLAGS, PORT_FLAGS_HELP, findRunId, noteRunEnded, portClient, redactNames, reportSafely, reportingRun } from '../port-config.js';

const usage = `Usage: port-ci report [--status STATUS] [--summary TEXT] [--link URL]... [--status-label LABEL]
                      [--external-run-id ID] [--message TEXT] [--run-id ID] [--redact NAME]...

Updates the Port run; with --status, ends it.

Options:
  --status STATUS          success, failure or cancelled, in any case (cancelled ends the run FAILURE,
                           labelled Cancelled)
  --summary TEXT           the run's summary
  --link URL               a link shown on the run; repeat for several
  --status-label LABEL     the label shown beside the run's status
  --external-run-id ID     this run's id in your CI system
  --message TEXT           a line added to the run's log first
  --if-in-progress         do nothing (exit 0) when there is no run id or the run has already ended
  --summary-from-pipeline  GitLab: a summary naming the stage and jobs that failed, read from GitLab's jobs API
                           with $PORT_GITLAB_TOKEN (read_api), else $CI_JOB_TOKEN
${PORT_FLAGS_HELP}`;

export const command: Command = {
  usage,
  async run(args, io) {
    const { values: flags } = parseFlags('report', args, {
      ...PORT_FLAGS,
      status: { type: 'string' },
      summary: { type: 'string' },
      link: { type: 'string', multiple: true },
      'status-label': { type: 'string' },
      'external-run-id': { type: 'string' },
      message: { type: 'string' },
      'if-in-progress': { type: 'boolean', default: false },
      'summary-from-pipeline': { type: 'boolean', default: false },
    });
    const update = buildRunUpdate(
      { status: flags.status, statusLabel: flags['status-label'], links: flags.link, summary: flags.summary, externalRunId: flags['external-run-id'] },
      '--status',
      '--link',
    );
    if (Object.keys(update).length === 0 && !flags.message) {
      throw new UsageError('report: nothing to report; give --status, --summary, --link, --status-label, --external-run-id or --message');
    }
    redactNames(flags); // a bad name is refused whether or not reporting is on
    const runId = findRunId(flags, io);
    if (!runId && flags['if-in-progress']) {
      io.stderr('port-ci: report: no run id (the action omits the payload), so there is nothing to report\n');
      return 0;
    }
    if (!reportingRun(flags, io, 'report')) return 0;
    const client = portClient(flags, io);
    if (flags['if-in-progress']) {
      // When Port cannot be asked, go on: the report itself will retry, then warn.
      const status = await client.getRun(runId!).then((run) => run.status, () => undefined);
      if (status !== undefined && status !== 'IN_PROGRESS') {
        io.stderr(`port-ci: report: Port run ${runId} has already ended (${status}); nothing to report\n`);
        return 0;
      }
    }
    if (flags['summary-from-pipeline'] && !update.summary) update.summary = await pipelineSummary(update.status, io);
    const message = flags.message;
    if (message) await reportSafely(flags, io, () => client.addLog(runId!, { message }), 'the message was not added to the run log');
    if (Object.keys(update).length > 0) {
      const told = await reportSafely(flags, io, () => client.updateRun(runId!, update));
      if (told && update.status) noteRunEnded(io, runId!, update.status);
    }
    return 0;
  },
};

/** The summary for the end of a GitLab pipeline: where it failed, when GitLab's API says. */
async function pipelineSummary(status: string | undefined, io: CliIo): Promise<string> {
  if (status !== 'FAILURE') return io.env.CI_PIPELINE_ID ? `Pipeline ${io.env.CI_PIPELINE_ID} succeeded` : 'Pipeline succeeded';
  try {
    return failureSummary(await listFailedJobs(io.env));
  } catch (error) {
    io.stderr(`port-ci: report: could not name the failed stage: ${(error as Error).message}; give PORT_GITLAB_TOKEN (read_api) to name it\n`);
    return 'Pipeline failed';
  }
}
