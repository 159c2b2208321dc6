// Where the offline workbench lives. Everything under .vscode-test/ is git-ignored and disposable.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The manifest and lockfile we commit; install.ts copies them into WORKBENCH_DIR. */
export const RUNTIME_MANIFEST_DIR = join(REPO_ROOT, 'test', 'workbench', 'runtime');

export const WORKBENCH_DIR = join(REPO_ROOT, '.vscode-test', 'code-server');
export const NODE24_BIN_DIR = join(WORKBENCH_DIR, 'node_modules', 'node', 'bin');
export const NODE24 = join(NODE24_BIN_DIR, 'node');
export const CODE_SERVER_PACKAGE = join(WORKBENCH_DIR, 'node_modules', 'code-server');
export const CODE_SERVER_ENTRY = join(CODE_SERVER_PACKAGE, 'out', 'node', 'entry.js');
export const INSTALL_MARKER = join(WORKBENCH_DIR, '.journey-lens-installed.json');

/** Built integration suites (test/suite/** bundled by buildSuite.ts), one run-* folder per run. */
export const SUITE_OUT_DIR = join(REPO_ROOT, 'dist-test', 'suite');

export const SCREENSHOT_DIR = join(REPO_ROOT, 'media', 'screenshots');

export const CHROMIUM = process.env.JOURNEY_LENS_CHROMIUM ?? '/usr/bin/chromium';

/** The folder users and tests open: the sample recordings when present, else the whole fixtures folder. */
export function defaultWorkspaceFolder(): string {
  const sample = join(REPO_ROOT, 'test-fixtures', 'sample');
  return existsSync(sample) ? sample : join(REPO_ROOT, 'test-fixtures');
}
