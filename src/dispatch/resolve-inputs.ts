import { ValidationError, isObject, type ActionDefinition, type JsonObject, type UserInputSpec } from '../core/index.js';
import { resolveUserInputs, type ResolvedInputs } from '../core/user-inputs.js';
import type { JqEngine } from '../jq/engine.js';
import { convertQuotes } from '../jq/template.js';

/**
 * The form's jq, done as Port's UI does before a run starts (PORT-FACTS.md §8 "userInputs features that use
 * jq"): `default: {jqQuery}`, `visible` per input and per step, `required: {jqQuery}`, and `dependsOn`. Each
 * query reads `{form, user, entity, trigger}` where `form` holds the inputs known so far. What is left is then
 * an ordinary form that core's resolveUserInputs checks: values, types, enums, patterns.
 * @throws ValidationError listing every problem at once, each naming the input.
 */
export async function resolveFormInputs(args: {
  identifier: string;
  userInputs: JsonObject | undefined;
  given: Record<string, unknown>;
  user: JsonObject;
  entity: JsonObject | undefined;
  trigger: JsonObject;
  engine: JqEngine;
}): Promise<ResolvedInputs> {
  const userInputs = args.userInputs ?? {};
  const specs = (isObject(userInputs.properties) ? userInputs.properties : {}) as Record<string, UserInputSpec & JsonObject>;
  const problems: string[] = [];
  const context = (form: Record<string, unknown>) => ({ form, user: args.user, entity: args.entity ?? {}, trigger: args.trigger });
  const query = (value: unknown): string | undefined => (isObject(value) && typeof value.jqQuery === 'string' ? value.jqQuery : undefined);

  // Defaults that are queries, in one jq run: each becomes a plain default (or none when it gives nothing).
  const form: Record<string, unknown> = { ...args.given };
  const concrete: Record<string, UserInputSpec & JsonObject> = {};
  const defaultQueries = Object.entries(specs).filter(([id, spec]) => !Object.hasOwn(args.given, id) && query(spec.default) !== undefined);
  const defaults = await args.engine.evaluate(defaultQueries.map(([, spec]) => convertQuotes(query(spec.default)!)), context(form));
  for (const [id, spec] of Object.entries(specs)) {
    const copy = { ...spec };
    if (query(spec.default) !== undefined) {
      const at = defaultQueries.findIndex(([queried]) => queried === id);
      const outcome = at === -1 ? undefined : defaults[at];
      delete copy.default;
      if (outcome?.kind === 'value' && outcome.value !== null) copy.default = outcome.value as never;
      else if (outcome?.kind === 'error') problems.push(`inputs.${id}: its default ${query(spec.default)} failed (${outcome.message}); pass the input`);
    }
    concrete[id] = copy;
    if (!Object.hasOwn(form, id) && copy.default !== undefined) form[id] = copy.default;
  }

  // Visibility: an input hidden by its own `visible` or by its step's is never required.
  const hidden = new Set<string>();
  const visibility: { ids: string[]; rule: unknown; where: string }[] = Object.entries(specs)
    .filter(([, spec]) => spec.visible !== undefined)
    .map(([id, spec]) => ({ ids: [id], rule: spec.visible, where: `inputs.${id}.visible` }));
  const steps = Array.isArray(userInputs.steps) ? userInputs.steps : [];
  steps.forEach((step, index) => {
    if (isObject(step) && step.visible !== undefined && Array.isArray(step.order)) visibility.push({ ids: step.order.map(String), rule: step.visible, where: `userInputs.steps[${index}].visible` });
  });
  const visibleQueries = visibility.filter((entry) => query(entry.rule) !== undefined);
  const visibleOutcomes = await args.engine.evaluate(visibleQueries.map((entry) => convertQuotes(query(entry.rule)!)), context(form));
  for (const entry of visibility) {
    const at = visibleQueries.indexOf(entry);
    const outcome = at === -1 ? undefined : visibleOutcomes[at];
    const shown = at === -1 ? entry.rule !== false : outcome?.kind === 'value' && outcome.value !== false && outcome.value !== null;
    if (!shown) for (const id of entry.ids) hidden.add(id);
  }

  let required: string[] = [];
  const requiredQuery = query(userInputs.required);
  if (requiredQuery !== undefined) {
    const [outcome] = await args.engine.evaluate([convertQuotes(requiredQuery)], context(form));
    if (outcome?.kind === 'value' && Array.isArray(outcome.value) && outcome.value.every((id) => typeof id === 'string')) required = outcome.value as string[];
    else if (outcome?.kind === 'value' && outcome.value === null) required = [];
    else problems.push(`userInputs.required: its jqQuery ${requiredQuery} must give a list of input names but ${outcome?.kind === 'error' ? `failed (${outcome.message})` : `gave ${JSON.stringify(outcome?.kind === 'value' ? outcome.value : null)}`}`);
  } else if (Array.isArray(userInputs.required)) required = userInputs.required.map(String);

  // dependsOn: Port keeps an input disabled until what it depends on has a value.
  for (const [id, spec] of Object.entries(specs)) {
    if (!Array.isArray(spec.dependsOn) || !Object.hasOwn(args.given, id)) continue;
    const missing = spec.dependsOn.map(String).filter((other) => form[other] === undefined || form[other] === null || form[other] === '');
    if (missing.length) problems.push(`inputs.${id}: depends on ${missing.join(', ')}, which ${missing.length === 1 ? 'has' : 'have'} no value`);
  }

  const plainForm: ActionDefinition = {
    identifier: args.identifier,
    invocationMethod: { type: 'WEBHOOK' },
    userInputs: { properties: concrete, required: required.filter((id) => !hidden.has(id)) },
  } as ActionDefinition;
  try {
    const resolved = resolveUserInputs(plainForm, args.given, { user: args.user as never, entity: args.entity ?? null });
    if (problems.length) throw new ValidationError('inputs', problems);
    return resolved;
  } catch (error) {
    if (error instanceof ValidationError && problems.length) throw new ValidationError('inputs', [...new Set([...problems, ...error.problems])]);
    throw error;
  }
}

/** The ids of inputs whose values are entities (format entity, or arrays of them) and their blueprints. */
export function entityInputs(userInputs: JsonObject | undefined): Map<string, { blueprint: string | undefined; many: boolean }> {
  const found = new Map<string, { blueprint: string | undefined; many: boolean }>();
  const specs = isObject(userInputs?.properties) ? userInputs.properties : {};
  for (const [id, spec] of Object.entries(specs)) {
    if (!isObject(spec)) continue;
    if (spec.format === 'entity') found.set(id, { blueprint: typeof spec.blueprint === 'string' ? spec.blueprint : undefined, many: false });
    else if (spec.type === 'array' && isObject(spec.items) && spec.items.format === 'entity') {
      found.set(id, { blueprint: typeof spec.items.blueprint === 'string' ? spec.items.blueprint : undefined, many: true });
    }
  }
  return found;
}
