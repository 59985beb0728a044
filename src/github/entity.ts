import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as core from './runner.js';
import { UsageError } from '../core/index.js';
import { bulkSummary, bulkUpsert, countsLine, describeFailure, RatePacer, type BulkResult } from '../catalog/bulk.js';
import { gatherEntities, type PlacedEntity, type YamlParser } from '../catalog/entities.js';
import { searchAll, searchRequest } from '../catalog/search.js';
import { deleteOne, upsertOne } from '../catalog/write.js';
import { runStep } from './boundary.js';
import { INPUT_NAMES, readEntitySettings, requireEntityKey, type EntitySettings } from './entity-settings.js';
import { createClient, missingCredentials } from './reporting.js';
import { readPortSettings, type PortSettings } from './settings.js';
import { escapeMarkdown } from './summary.js';

/*
 * actions/entity: the catalog operations of `port-ci entity` as a step. The work is src/catalog's, as the CLI's
 * is; this file reads the inputs and writes the results the runner's way: typed outputs, a job-summary line per
 * entity changed, an ::error:: line per entity Port refused. Unlike the reporting steps these fail on Port's
 * refusal (after the client's retries): the write is the user's own work, not a side report.
 */

/** Lines of the job summary for one step at most; the rest are counted. */
export const SUMMARY_LINES = 50;
/** GitHub keeps at most 1 MB in one output (PORT-FACTS.md §6). */
const OUTPUT_LIMIT = 1_000_000;

/** The YAML parser, in a chunk of its own: only a step given a .yaml file loads it. */
const loadYaml = async (): Promise<YamlParser> => (await import('yaml')).parse;

export function run(): Promise<void> {
  return runStep(async () => {
    const settings = readEntitySettings();
    const port = readPortSettings();
    const missing = missingCredentials(port);
    if (missing) throw new UsageError(`Cannot reach Port: ${missing}.`);
    switch (settings.operation) {
      case 'upsert':
        return upsert(settings, port);
      case 'bulk':
        return bulk(settings, port);
      case 'get':
        return get(settings, port);
      case 'search':
        return search(settings, port);
      case 'delete':
        return remove(settings, port);
    }
  });
}

function writeOptions(settings: EntitySettings) {
  return {
    merge: settings.merge,
    createMissingRelatedEntities: settings.createMissingRelatedEntities,
    validationOnly: settings.validationOnly,
    ...(settings.runId ? { runId: settings.runId } : {}),
  };
}

/** A line saying the writes go on no run, when link-run wanted one and there is none (a workflow Port did not start). */
function sayWhenUnlinked(settings: EntitySettings): void {
  if (settings.linkRun && !settings.runId && !settings.validationOnly) {
    core.info('Not listed on a Port run: no run id (set run-id, or run the root port-ci action earlier in this job).');
  }
}

async function upsert(settings: EntitySettings, port: PortSettings): Promise<void> {
  const [placed] = (await gatherEntities(settings.source, 'one', INPUT_NAMES, loadYaml)) as [PlacedEntity];
  sayWhenUnlinked(settings);
  const written = await upsertOne(createClient(port), placed, { ...writeOptions(settings), skipUnchanged: settings.skipUnchanged });
  if (written.unread) core.warning(written.unread);
  if (written.unlinked) core.warning(written.unlinked);
  const key = `${placed.blueprint}/${placed.entity.identifier}`;
  const verb = written.unchanged ? 'Unchanged (Port holds it as given, nothing written)' : settings.validationOnly ? 'Valid (validation only, nothing written)' : 'Upserted';
  core.info(`${verb}: ${key}${written.runId ? `, listed on run ${written.runId}` : ''}`);
  setJsonOutput('entity', written.entity);
  core.setOutput('identifier', placed.entity.identifier);
  setJsonOutput('identifiers', [placed.entity.identifier]);
  if (settings.skipUnchanged) core.setOutput('unchanged', String(written.unchanged === true));
  const line = written.unchanged ? 'unchanged' : settings.validationOnly ? 'valid' : 'upserted';
  summarize(`upsert${settings.validationOnly ? ', validation only' : ''}`, written.runId, [entityLine(line, placed)]);
}

async function bulk(settings: EntitySettings, port: PortSettings): Promise<void> {
  const entities = await gatherEntities(settings.source, 'many', INPUT_NAMES, loadYaml);
  sayWhenUnlinked(settings);
  const pacer = new RatePacer();
  const client = createClient(port, { onRateLimit: (state) => pacer.observe(state) });
  const result = await bulkUpsert(
    client,
    entities,
    {
      ...writeOptions(settings),
      concurrency: settings.concurrency,
      skipUnchanged: settings.skipUnchanged,
      onBatch: ({ done, total, failed }) => core.info(`${done}/${total} sent${failed > 0 ? ` (${failed} refused in this call)` : ''}`),
      onRead: ({ done, total, size, unchanged }) => core.info(`${done}/${total} done (read ${size}, ${unchanged} unchanged)`),
    },
    pacer,
  );
  if (result.unread) core.warning(result.unread);
  if (result.unlinked) core.warning(result.unlinked);
  const summary = bulkSummary(result);
  const verb = settings.validationOnly ? 'valid' : 'written';
  const counts = countsLine(result, settings.validationOnly, settings.skipUnchanged);
  core.info(counts);
  core.setOutput('created', String(result.created.length));
  core.setOutput('updated', String(result.updated.length));
  if (settings.skipUnchanged) core.setOutput('unchanged', String(result.unchanged.length));
  core.setOutput('failed', String(result.failed.length));
  setJsonOutput('identifiers', [...summary.created, ...summary.updated].map(({ identifier }) => identifier));
  setJsonOutput('failures', summary.failed);
  const listed = settings.runId && !result.unlinked && !settings.validationOnly ? settings.runId : undefined;
  summarize(`bulk${settings.validationOnly ? ', validation only' : ''}: ${counts}`, listed, bulkLines(result, settings.validationOnly));
  for (const failure of result.failed) core.error(describeFailure(failure));
  if (result.failed.length > 0) {
    core.setFailed(`${result.failed.length} of ${entities.length} entities were not ${verb}; each is named above with Port's reason (the failures output lists them).`);
  }
}

async function get(settings: EntitySettings, port: PortSettings): Promise<void> {
  const { blueprint, identifier } = requireEntityKey(settings);
  const entity = await createClient(port).getEntity(blueprint, identifier);
  core.info(`Read ${blueprint}/${identifier}`);
  setJsonOutput('entity', entity);
  core.setOutput('identifier', identifier);
  setJsonOutput('identifiers', [identifier]);
}

async function search(settings: EntitySettings, port: PortSettings): Promise<void> {
  const request = searchRequest(
    {
      ...(settings.blueprint === undefined ? {} : { blueprint: settings.blueprint }),
      rules: settings.rules,
      ...(settings.combinator === undefined ? {} : { combinator: settings.combinator }),
      include: settings.include,
      ...(settings.limit === undefined ? {} : { max: settings.limit }),
    },
    { blueprint: 'the blueprint input', combinator: 'the combinator input', missing: 'Invalid search: no rule and no blueprint. Give rule (one per line), rule-json, blueprint, or a blueprint with rules.' },
  );
  const entities = await searchAll(createClient(port), { ...request, onPage: (count, total) => core.info(`${count} found on this page, ${total} in all`) });
  core.info(`${entities.length} found`);
  // The whole result is also a file, for a search too large for an output and for tools that read files.
  const file = path.join(process.env.RUNNER_TEMP || tmpdir(), `port-ci-search-${randomUUID()}.json`);
  writeFileSync(file, JSON.stringify(entities));
  core.setOutput('entities-file', file);
  core.setOutput('count', String(entities.length));
  setJsonOutput('entities', entities, 'read the entities-file output, or narrow the search (include, limit)');
  setJsonOutput('identifiers', entities.map((entity) => entity.identifier));
}

async function remove(settings: EntitySettings, port: PortSettings): Promise<void> {
  const { blueprint, identifier } = requireEntityKey(settings);
  sayWhenUnlinked(settings);
  const deleted = await deleteOne(createClient(port), blueprint, identifier, { deleteDependents: settings.deleteDependents, ...(settings.runId ? { runId: settings.runId } : {}) });
  if (deleted.unlinked) core.warning(deleted.unlinked);
  core.info(`Deleted ${blueprint}/${identifier}${settings.deleteDependents ? ' and the entities that depend on it' : ''}${deleted.runId ? `, listed on run ${deleted.runId}` : ''}`);
  core.setOutput('identifier', identifier);
  setJsonOutput('identifiers', [identifier]);
  summarize('delete', deleted.runId, [`deleted ${escapeMarkdown(`${blueprint}/${identifier}`)}${settings.deleteDependents ? ' with its dependents' : ''}`]);
}

/** A JSON output, left empty with a warning when it is over GitHub's limit for one output. */
function setJsonOutput(name: string, value: unknown, instead = 'narrow the operation'): void {
  const text = JSON.stringify(value);
  if (Buffer.byteLength(text) > OUTPUT_LIMIT) {
    core.warning(`The ${name} output is left empty: its ${Buffer.byteLength(text)} bytes of JSON are over GitHub's limit of 1 MB for one output; ${instead}.`);
    return;
  }
  core.setOutput(name, text);
}

function entityLine(verb: string, placed: PlacedEntity): string {
  const { title } = placed.entity;
  return `${verb} ${escapeMarkdown(`${placed.blueprint}/${placed.entity.identifier}`)}${title ? ` (${escapeMarkdown(title)})` : ''}`;
}

/** The refused first (they need the reader), then the created and the updated. */
function bulkLines(result: BulkResult, validationOnly: boolean): string[] {
  return [
    ...result.failed.map((failure) => `**failed** ${escapeMarkdown(`${failure.blueprint}/${failure.identifier}`)} (${escapeMarkdown(failure.source)}): ${escapeMarkdown(`${failure.statusCode ?? 'no answer'} ${failure.error}: ${failure.message}`)}`),
    ...result.created.map((placed) => entityLine(validationOnly ? 'valid, new' : 'created', placed)),
    ...result.updated.map((placed) => entityLine(validationOnly ? 'valid, existing' : 'updated', placed)),
  ];
}

/** The step's part of the job summary: what it did, on which run, one line per entity up to SUMMARY_LINES. */
function summarize(what: string, runId: string | undefined, lines: string[]): void {
  const shown = lines.slice(0, SUMMARY_LINES).map((line) => `- ${line}`);
  if (lines.length > SUMMARY_LINES) shown.push(`- and ${lines.length - SUMMARY_LINES} more`);
  const head = `### Port entities: ${escapeMarkdown(what)}${runId ? `, listed on run ${escapeMarkdown(runId)}` : ''}`;
  core.appendSummary(`${[head, '', ...shown].join('\n')}\n\n`);
}
