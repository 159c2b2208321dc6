import * as path from 'node:path';

/** The repository root, so a test's fixtures do not depend on how deep the test file sits. */
export const REPO_ROOT = path.resolve(__dirname, '../..');
