import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as core from './runner.js';
import { UsageError } from '../core/index.js';
import type { EntitySource, SourceNames } from '../catalog/entities.js';
import { parseRule, parseRuleJsonList, type PortRule } from '../catalog/rules.js';
import { booleanInput, readRunId, textInput } from './settings.js';
import { operationInput, refuseOthers, wholeNumberInput } from './step-inputs.js';

/* actions/entity's settings, read once and checked as every step's are (settings.ts). Their inputs mirror `port-ci entity`'s flags. */

export const ENTITY_OPERATIONS = ['upsert', 'bulk', 'get', 'search', 'delete'] as const;
export type EntityOperation = (typeof ENTITY_OPERATIONS)[number];

/** The inputs each operation takes beyond the credentials. */
const TAKES: Record<EntityOperation, readonly string[]> = {
  upsert: ['blueprint', 'identifier', 'title', 'icon', 'team', 'properties', 'relations', 'file', 'merge', 'create-missing-related-entities', 'validation-only', 'skip-unchanged', 'link-run', 'run-id'],
  bulk: ['blueprint', 'file', 'merge', 'create-missing-related-entities', 'validation-only', 'skip-unchanged', 'concurrency', 'link-run', 'run-id'],
  get: ['blueprint', 'identifier'],
  search: ['blueprint', 'rule', 'rule-json', 'combinator', 'include', 'limit'],
  delete: ['blueprint', 'identifier', 'delete-dependents', 'link-run', 'run-id'],
};
const BOOLEANS = { merge: false, 'create-missing-related-entities': false, 'validation-only': false, 'skip-unchanged': false, 'delete-dependents': false, 'link-run': true };

/** How the shared entity reader (src/catalog) names these inputs in its errors. */
export const INPUT_NAMES: SourceNames = {
  field: (name) => `the ${name} input`,
  fields: 'the inputs',
  upsert: 'upsert',
  bulk: 'bulk',
  fileHint: 'a path to a JSON, YAML or NDJSON file of entities',
};

export interface EntitySettings {
  operation: EntityOperation;
  /** upsert and bulk: the entity's fields, or the file. */
  source: EntitySource;
  /** get, search and delete: as given, checked by the operation. */
  blueprint: string | undefined;
  identifier: string | undefined;
  merge: boolean;
  createMissingRelatedEntities: boolean;
  validationOnly: boolean;
  /** upsert and bulk: read first, write only what would change (src/catalog/unchanged.ts). */
  skipUnchanged: boolean;
  deleteDependents: boolean;
  /** Whether the writes are to be listed on a run (link-run). */
  linkRun: boolean;
  /** That run: the run-id input, else PORT_RUN_ID; undefined with link-run: false or when there is none. */
  runId: string | undefined;
  rules: PortRule[];
  combinator: string | undefined;
  include: string[];
  limit: number | undefined;
  concurrency: number;
}

/** The file input: a path from the workspace (the step's working directory), read when the operation needs it. */
function fileInput(): EntitySource['file'] {
  const name = textInput('file');
  if (name === undefined) return undefined;
  const full = path.resolve(name);
  return {
    name,
    source: name,
    read: () => {
      try {
        return readFileSync(full, 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory, not a file' : code === 'EACCES' ? 'not readable' : (error as Error).message;
        throw new UsageError(`Invalid file '${name}': ${why} (${full}). Expected a path, from the workspace, to a JSON, YAML or NDJSON file of entities.`);
      }
    },
  };
}

/** The run to list writes on, unless link-run is false. */
function linkedRun(): { linkRun: boolean; runId: string | undefined } {
  const linkRun = booleanInput('link-run', true);
  if (linkRun) return { linkRun, runId: readRunId() };
  if (textInput('run-id')) throw new UsageError(`Invalid run-id '${core.getInput('run-id')}' with link-run: false. Give one: run-id lists the writes on that run, link-run: false on none.`);
  return { linkRun, runId: undefined };
}

/** @throws UsageError naming the input at fault and what it accepts. */
export function readEntitySettings(): EntitySettings {
  const operation = operationInput(ENTITY_OPERATIONS);
  refuseOthers(operation, TAKES[operation], [...new Set(Object.values(TAKES).flat())], BOOLEANS);
  const source: EntitySource = {};
  for (const name of ['blueprint', 'identifier', 'title', 'icon', 'properties', 'relations'] as const) {
    const value = textInput(name);
    if (value !== undefined) source[name] = value;
  }
  const team = core.getMultilineInput('team');
  if (team.length > 0) source.team = team;
  const file = fileInput();
  if (file) source.file = file;
  const { linkRun, runId } = TAKES[operation].includes('link-run') ? linkedRun() : { linkRun: false, runId: undefined };
  const ruleJson = textInput('rule-json');
  return {
    operation,
    source,
    blueprint: textInput('blueprint'),
    identifier: textInput('identifier'),
    merge: booleanInput('merge', false),
    createMissingRelatedEntities: booleanInput('create-missing-related-entities', false),
    validationOnly: booleanInput('validation-only', false),
    skipUnchanged: booleanInput('skip-unchanged', false),
    deleteDependents: booleanInput('delete-dependents', false),
    linkRun,
    runId,
    rules: [...core.getMultilineInput('rule').map((line) => parseRule(line, 'rule')), ...(ruleJson === undefined ? [] : parseRuleJsonList(ruleJson, 'rule-json'))],
    combinator: textInput('combinator'),
    include: core.getMultilineInput('include'),
    limit: wholeNumberInput('limit', 1, 1_000_000),
    concurrency: wholeNumberInput('concurrency', 1, 50) ?? 4,
  };
}

/** get and delete: the blueprint and identifier, both required. */
export function requireEntityKey(settings: EntitySettings): { blueprint: string; identifier: string } {
  const { operation } = settings;
  if (settings.blueprint === undefined) throw new UsageError(`Invalid blueprint: it is empty. ${operation} needs the entity's blueprint.`);
  if (settings.identifier === undefined) throw new UsageError(`Invalid identifier: it is empty. ${operation} needs the entity's identifier.`);
  return { blueprint: settings.blueprint, identifier: settings.identifier };
}
