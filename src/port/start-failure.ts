import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

/** Why a command could not start, with the exit code a shell gives for it. */
export interface StartFailure {
  /** 127: not found; 126: found but it cannot be run. */
  code: 126 | 127;
  /** What went wrong, for a line such as `deploy.sh: permission denied (not executable)`. */
  reason: string;
}

/** Where the system would look for `command`: the path itself when it holds a slash, else each PATH entry. */
function existingFile(command: string, env: NodeJS.ProcessEnv): string | undefined {
  if (command.includes('/')) return existsSync(command) ? command : undefined;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir || '.', command);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Says why spawning `command` failed, as a shell would: 127 when it is not found, 126 when it was found but cannot
 * be run (not executable, a directory, a missing #! interpreter) or failed to start for another reason.
 */
export function describeStartFailure(command: string, error: NodeJS.ErrnoException, env: NodeJS.ProcessEnv = process.env): StartFailure {
  const found = existingFile(command, env);
  if (error.code === 'ENOENT') {
    // The file is there, so what is missing is what runs it: the interpreter its #! line names (or its loader).
    if (found) return { code: 126, reason: `the interpreter on its #! line was not found${found === command ? '' : ` (${found})`}` };
    return { code: 127, reason: 'command not found' };
  }
  if (error.code === 'EACCES') {
    if (found && statSync(found).isDirectory()) return { code: 126, reason: 'is a directory' };
    return { code: 126, reason: 'permission denied (not executable)' };
  }
  return { code: 126, reason: `could not be started (${error.code ?? error.message})` };
}
