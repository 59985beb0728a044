/*
 * How a GitHub workflow run's conclusion reads as a Port run's end, for everything that follows a run it
 * dispatched (the dispatcher's --wait, the agent's --follow), which may not import one another.
 */

/**
 * The conclusions that end a Port run SUCCESS. Port's current GitHub integration (Ocean) counts skipped and neutral
 * runs as successes too; for the classic format only `success` is known to (PORT-FACTS.md §3, §8).
 */
export function successfulConclusions(format: 'classic' | 'v2'): readonly string[] {
  return format === 'v2' ? ['success', 'skipped', 'neutral'] : ['success'];
}
