// Which extension folder the workbench loads: the real one once its entry exists, else the throwaway fixture
// (so the harness can be proven before the extension is written). JOURNEY_LENS_EXTENSION_PATH overrides both.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths';

export const FIXTURE_EXTENSION = join(REPO_ROOT, 'test', 'workbench', 'fixture-extension');

export function extensionUnderTest(): string {
  const override = process.env.JOURNEY_LENS_EXTENSION_PATH;
  if (override) return override;
  return existsSync(join(REPO_ROOT, 'src', 'host', 'extension.ts')) ? REPO_ROOT : FIXTURE_EXTENSION;
}
