import { UsageError } from '../../core/index.js';
import { bulkSummary, bulkUpsert, countsLine, describeFailure, RatePacer, type BulkResult } from '../../catalog/bulk.js';
import { checkBlueprint, checkIdentifier, gatherEntities, type PlacedEntity, type SourceNames, type YamlParser } from '../../catalog/entities.js';
import { parseRule, parseRuleJson } from '../../catalog/rules.js';
import { searchAll, searchRequest } from '../../catalog/search.js';
import { deleteOne, upsertOne } from '../../catalog/write.js';
import type { EntityWriteOptions } from '../../catalog/port-api.js';
import { parseFlags, parseOperation, wholeNumber } from '../args.js';
import { EXIT } from '../errors.js';
import { readArgFile, type CliIo } from '../io.js';
import type { Command } from '../main.js';
import { PORT_FLAGS, findRunId, missingCredentials, portClient, redactNames } from '../port-config.js';

const usage = `Usage: port-ci entity upsert --blueprint BP --identifier ID [--title T] [--properties JSON] ... | --file FILE
       port-ci entity bulk --blueprint BP --file FILE [--merge] [--skip-unchanged] [--concurrency N]
       port-ci entity get --blueprint BP --identifier ID
       port-ci entity search [--blueprint BP] --rule RULE... [--combinator and|or] [--include FIELD]...
       port-ci entity delete --blueprint BP --identifier ID [--delete-dependents]

Reads and writes the catalog with the same credentials, retries and token reuse as report. Writes list the
entity among the current run's affected entities ($PORT_RUN_ID, or --run-id) unless --no-run.

Options:
  --blueprint BP      the blueprint (a file's entities may name their own with "blueprint")
  --identifier ID     the entity's identifier
  --title T           its title
  --icon I            its icon
  --team NAME         a team it belongs to; repeat for several
  --properties JSON   its properties, a JSON object: '{"tier": "gold"}'
  --relations JSON    its relations, a JSON object: '{"owner": "team-a"}'
  --file FILE         entities from a file (- for standard input): JSON or YAML (one entity, a list, or
                      {"entities": [...]}), or NDJSON (one per line; .ndjson, .jsonl)
  --json              the result as JSON on standard output: the entity (upsert, get), the list (search),
                      or {created, updated, unchanged, failed, calls, reads} (bulk)

Write options:
  --merge                             update only the fields given, keeping the others (default: replace)
  --create-missing-related-entities   create the entities its relations name when they do not exist
  --validation-only                   check with Port, write nothing
  --skip-unchanged                    upsert, bulk: read the entities first and write only those that would
                                      change; the others are counted unchanged, and not listed on the run
                                      (costs one read per entity for upsert, per 100 entities for bulk)
  --concurrency N                     bulk: calls in flight at once (default 4); a call carries up to 20
                                      entities, Port's limit
  --delete-dependents                 delete: also delete the entities that depend on it
  --no-run                            do not list the entity among the run's affected entities
  --run-id ID                         the run to list it on (default: $PORT_RUN_ID)

Search options:
  --rule RULE           property=value, !=, >, >=, <, <=, ~ (contains), !~, ^= (begins with), $= (ends
                        with), 'property in a,b', 'property not-in a,b', 'property?' (not empty),
                        '!property?' (empty), relatedTo:BLUEPRINT=ID; $identifier, $title, $blueprint...
                        are properties too; a "quoted" value stays text; repeat for several
  --rule-json JSON      one of Port's rule objects as it is; repeat for several
  --combinator and|or   how the rules combine (default and)
  --include FIELD       only this field of each entity (identifier, title, properties.tier...); repeat
  --limit N             at most N entities (default: every page)

Port options:
  --base-url URL   Port's API, or a region: eu, us (default: $PORT_BASE_URL, else https://api.getport.io)
  --redact NAME    keep the value of variable NAME out of everything sent to Port (repeat, or NAME,NAME)

Credentials: $PORT_CLIENT_ID and $PORT_CLIENT_SECRET, or a token in $PORT_ACCESS_TOKEN. In a GitHub job, a
token an earlier port-ci step of the job got is reused. Exit codes: 0 done; 2 bad input; 3 Port refused (with
bulk: some entities or all, each named on standard error) or could not be reached.
`;

const FLAGS = {
  ...PORT_FLAGS,
  blueprint: { type: 'string' },
  identifier: { type: 'string' },
  title: { type: 'string' },
  icon: { type: 'string' },
  team: { type: 'string', multiple: true },
  properties: { type: 'string' },
  relations: { type: 'string' },
  file: { type: 'string' },
  merge: { type: 'boolean', default: false },
  'create-missing-related-entities': { type: 'boolean', default: false },
  'validation-only': { type: 'boolean', default: false },
  'skip-unchanged': { type: 'boolean', default: false },
  concurrency: { type: 'string' },
  'delete-dependents': { type: 'boolean', default: false },
  'no-run': { type: 'boolean', default: false },
  rule: { type: 'string', multiple: true },
  'rule-json': { type: 'string', multiple: true },
  combinator: { type: 'string' },
  include: { type: 'string', multiple: true },
  limit: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

const OPERATIONS = ['upsert', 'bulk', 'get', 'search', 'delete'] as const;
type Operation = (typeof OPERATIONS)[number];
type Flags = ReturnType<typeof parseFlags<typeof FLAGS>>['values'];

/** Which flags each operation takes beyond the shared ones: any other is a mistake worth naming. */
const TAKES: Record<Operation, readonly string[]> = {
  upsert: ['blueprint', 'identifier', 'title', 'icon', 'team', 'properties', 'relations', 'file', 'merge', 'create-missing-related-entities', 'validation-only', 'skip-unchanged', 'no-run', 'json'],
  bulk: ['blueprint', 'file', 'merge', 'create-missing-related-entities', 'validation-only', 'skip-unchanged', 'concurrency', 'no-run', 'json'],
  get: ['blueprint', 'identifier', 'json'],
  search: ['blueprint', 'rule', 'rule-json', 'combinator', 'include', 'limit', 'json'],
  delete: ['blueprint', 'identifier', 'delete-dependents', 'no-run', 'json'],
};
const SHARED = ['run-id', 'base-url', 'fail-on-report-error', 'redact'];

/**
 * The entity command. `loadYaml` gives the YAML parser for --file x.yaml: the npm package's CLI passes one (a
 * chunk of its own), the one-file build for CI jobs none, so it stays small and says YAML needs the package.
 */
export function entityCommand(loadYaml?: () => Promise<YamlParser>): Command {
  return {
    usage,
    async run(args, io) {
      const { op, flags } = parseOperation('entity', args, FLAGS, { operations: OPERATIONS, takes: TAKES, shared: SHARED, example: '--identifier ID' });
      redactNames(flags);
      const missing = missingCredentials(io, flags);
      if (missing) throw new UsageError(`entity ${op}: ${missing}`);
      switch (op) {
        case 'upsert':
          return upsert(flags, io, loadYaml);
        case 'bulk':
          return bulk(flags, io, loadYaml);
        case 'get':
          return get(flags, io);
        case 'search':
          return search(flags, io);
        case 'delete':
          return remove(flags, io);
      }
    },
  };
}

/** The run written entities are listed on, unless --no-run. */
function linkedRun(flags: Flags, io: CliIo): string | undefined {
  if (flags['no-run']) {
    if (flags['run-id']) throw new UsageError('entity: --no-run and --run-id contradict each other; give one');
    return undefined;
  }
  return findRunId(flags, io);
}

function writeOptions(flags: Flags, io: CliIo): EntityWriteOptions {
  const runId = linkedRun(flags, io);
  return {
    merge: flags.merge,
    createMissingRelatedEntities: flags['create-missing-related-entities'],
    validationOnly: flags['validation-only'],
    ...(runId ? { runId } : {}),
  };
}

/** How the shared entity reader names the flags in its errors. */
const FLAG_NAMES: SourceNames = {
  field: (name) => `--${name}`,
  fields: 'the flags',
  upsert: 'entity upsert',
  bulk: 'entity bulk',
  fileHint: 'JSON, YAML or NDJSON; - for standard input',
};

function entitiesOf(flags: Flags, io: CliIo, mode: 'one' | 'many', loadYaml: (() => Promise<YamlParser>) | undefined): Promise<PlacedEntity[]> {
  const { file } = flags;
  return gatherEntities(
    {
      ...(flags.blueprint === undefined ? {} : { blueprint: flags.blueprint }),
      ...(flags.identifier === undefined ? {} : { identifier: flags.identifier }),
      ...(flags.title === undefined ? {} : { title: flags.title }),
      ...(flags.icon === undefined ? {} : { icon: flags.icon }),
      ...(flags.team === undefined ? {} : { team: flags.team }),
      ...(flags.properties === undefined ? {} : { properties: flags.properties }),
      ...(flags.relations === undefined ? {} : { relations: flags.relations }),
      ...(file === undefined ? {} : { file: { name: file, source: file === '-' ? 'standard input' : file, read: () => readArgFile(io, '--file', file) } }),
    },
    mode,
    FLAG_NAMES,
    loadYaml,
  );
}

function requireBlueprintAndIdentifier(flags: Flags, op: string): { blueprint: string; identifier: string } {
  if (flags.blueprint === undefined) throw new UsageError(`entity ${op}: --blueprint is required`);
  if (flags.identifier === undefined) throw new UsageError(`entity ${op}: --identifier is required`);
  return { blueprint: checkBlueprint(flags.blueprint, '--blueprint'), identifier: checkIdentifier(flags.identifier, '--identifier') };
}

async function upsert(flags: Flags, io: CliIo, loadYaml: (() => Promise<YamlParser>) | undefined): Promise<number> {
  const [placed] = (await entitiesOf(flags, io, 'one', loadYaml)) as [PlacedEntity];
  const options = writeOptions(flags, io);
  const written = await upsertOne(portClient(flags, io), placed, { ...options, skipUnchanged: flags['skip-unchanged'] });
  if (written.unread) io.stderr(`port-ci: warning: entity upsert: ${written.unread}\n`);
  if (written.unlinked) io.stderr(`port-ci: warning: entity upsert: ${written.unlinked}\n`);
  const verb = written.unchanged ? 'unchanged' : options.validationOnly ? 'valid' : 'upserted';
  if (flags.json) io.stdout(`${JSON.stringify(written.entity)}\n`);
  else io.stdout(`${verb} ${placed.blueprint}/${placed.entity.identifier}${written.runId ? ` (listed on run ${written.runId})` : ''}\n`);
  return 0;
}

async function bulk(flags: Flags, io: CliIo, loadYaml: (() => Promise<YamlParser>) | undefined): Promise<number> {
  const concurrency = flags.concurrency === undefined ? 4 : wholeNumber('--concurrency', flags.concurrency, 1, 50);
  const entities = await entitiesOf(flags, io, 'many', loadYaml);
  const pacer = new RatePacer();
  const port = portClient(flags, io, { onRateLimit: (state) => pacer.observe(state) });
  const result = await bulkUpsert(port, entities, {
    ...writeOptions(flags, io),
    concurrency,
    skipUnchanged: flags['skip-unchanged'],
    onBatch: ({ done, total, failed }) => io.stderr(`port-ci: entity bulk: ${done}/${total}${failed > 0 ? ` (${failed} failed in this call)` : ''}\n`),
    onRead: ({ done, total, size, unchanged }) => io.stderr(`port-ci: entity bulk: ${done}/${total} (read ${size}, ${unchanged} unchanged)\n`),
  }, pacer);
  if (result.unread) io.stderr(`port-ci: warning: entity bulk: ${result.unread}\n`);
  if (result.unlinked) io.stderr(`port-ci: warning: entity bulk: ${result.unlinked}\n`);
  printBulk(result, flags, io);
  return result.failed.length > 0 ? EXIT.api : EXIT.ok;
}

function printBulk(result: BulkResult, flags: Flags, io: CliIo): void {
  if (flags.json) io.stdout(`${JSON.stringify(bulkSummary(result))}\n`);
  else io.stdout(`${countsLine(result, flags['validation-only'], flags['skip-unchanged'])}\n`);
  for (const failure of result.failed) io.stderr(`port-ci: entity bulk: ${describeFailure(failure)}\n`);
}

async function get(flags: Flags, io: CliIo): Promise<number> {
  const { blueprint, identifier } = requireBlueprintAndIdentifier(flags, 'get');
  const entity = await portClient(flags, io).getEntity(blueprint, identifier);
  io.stdout(flags.json ? `${JSON.stringify(entity)}\n` : `${JSON.stringify(entity, null, 2)}\n`);
  return 0;
}

async function search(flags: Flags, io: CliIo): Promise<number> {
  const rules = [...(flags.rule ?? []).map((text) => parseRule(text)), ...(flags['rule-json'] ?? []).map((text) => parseRuleJson(text))];
  const max = flags.limit === undefined ? undefined : wholeNumber('--limit', flags.limit, 1, 1_000_000);
  const request = searchRequest(
    {
      ...(flags.blueprint === undefined ? {} : { blueprint: flags.blueprint }),
      rules,
      ...(flags.combinator === undefined ? {} : { combinator: flags.combinator }),
      ...(flags.include ? { include: flags.include } : {}),
      ...(max === undefined ? {} : { max }),
    },
    { blueprint: '--blueprint', combinator: '--combinator', missing: 'entity search: give --rule (or --rule-json), --blueprint, or both' },
  );
  const { blueprint } = request;
  const entities = await searchAll(portClient(flags, io), request);
  if (flags.json) io.stdout(`${JSON.stringify(entities)}\n`);
  else {
    for (const entity of entities) io.stdout(`${String(entity.blueprint ?? blueprint ?? '')}/${String(entity.identifier ?? '')}${typeof entity.title === 'string' ? `\t${entity.title}` : ''}\n`);
    io.stderr(`port-ci: entity search: ${entities.length} found\n`);
  }
  return 0;
}

async function remove(flags: Flags, io: CliIo): Promise<number> {
  const { blueprint, identifier } = requireBlueprintAndIdentifier(flags, 'delete');
  const runId = linkedRun(flags, io);
  const { unlinked } = await deleteOne(portClient(flags, io), blueprint, identifier, { deleteDependents: flags['delete-dependents'], ...(runId ? { runId } : {}) });
  if (unlinked) io.stderr(`port-ci: warning: entity delete: ${unlinked}\n`);
  if (flags.json) io.stdout(`${JSON.stringify({ deleted: { blueprint, identifier } })}\n`);
  else io.stdout(`deleted ${blueprint}/${identifier}\n`);
  return 0;
}

