import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** The repository root, so a test's fixtures do not depend on how deep the test file sits. */
export const REPO_ROOT = path.resolve(__dirname, '../..');

/**
 * The six real recordings beside the repository (../shared/real-recordings; one level further up from a git worktree
 * under a sibling folder), or where JOURNEY_LENS_REAL_RECORDINGS points. Null when absent: they are not the
 * project's to commit, so tests that use them skip, or fall back to the project's own fixtures.
 */
export function realRecordingsDir(): string | null {
  const candidates = [
    process.env.JOURNEY_LENS_REAL_RECORDINGS,
    path.resolve(REPO_ROOT, '../shared/real-recordings'),
    path.resolve(REPO_ROOT, '../../shared/real-recordings'),
  ];
  return candidates.find((dir): dir is string => !!dir && existsSync(path.join(dir, 'upgrades'))) ?? null;
}
