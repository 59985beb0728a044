import { createJqEngine } from '../jq/engine.js';
import { PortClient } from '../port/client.js';
import { createRunHandler } from './handler.js';
import { MAPPING_PATH_ENV, loadMapping } from './mapping.js';
import type { AgentSettings } from './settings.js';
import type { RunHandler } from './types.js';

/**
 * How `port-ci agent` gets its RunHandler: the command parses and checks its settings, asks the factory for a
 * handler (the signature check, the mapping file, the request, Port), and hands it to the consumer. The command
 * takes the factory as a parameter (agentCommand in src/cli/commands/agent.ts), so the consumer half and the
 * handler half meet in the registry, and tests can drive the command with a handler of their own.
 */
export type RunHandlerFactory = (settings: AgentSettings) => Promise<RunHandler>;

/**
 * The agent's own handler: the mapping file (or the built-in one), the toolkit's jq engine, and a Port client with
 * the agent's credentials. The mapping's jq sees the process's environment, as port-agent's does (trigger tokens),
 * with GITLAB_URL as the settings resolved it.
 */
export const makeRunHandler: RunHandlerFactory = async (settings) => {
  const mapping = loadMapping(settings.mappingPath === undefined ? {} : { [MAPPING_PATH_ENV]: settings.mappingPath });
  const port = new PortClient({ baseUrl: settings.port.baseUrl, clientId: settings.port.clientId, clientSecret: settings.port.clientSecret });
  const env = { ...process.env, GITLAB_URL: settings.gitlabUrl };
  // Values of the environment that are secrets stay out of Port and the logs: those named so, and GitLab trigger
  // tokens, whose variables are named after their project ({group}_{project}). The handler also hides any request
  // field named like a token.
  const secrets = Object.entries(env)
    .filter(([name, value]) => value !== undefined && value !== '' && (/token|secret|password/i.test(name) || value.startsWith('glptt-')))
    .map(([, value]) => value!);
  return createRunHandler({ clientSecret: settings.port.clientSecret, mapping, env, secrets, ...(settings.follow ? { follow: settings.follow } : {}) }, { port, engine: createJqEngine() });
};
