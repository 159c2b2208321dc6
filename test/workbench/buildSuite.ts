// Bundles the in-workbench integration suite: test/suite/index.ts (the runner) plus every test/suite/**/*.test.ts,
// each to its own file in one output folder so index.js can discover the tests next to itself at run time.
// `vscode` is provided by the extension host; everything else (mocha, core code) is bundled in, so the
// folder can live anywhere: each run gets its own, because several runs may share this checkout at once.
import * as esbuild from 'esbuild';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, SUITE_OUT_DIR } from './paths';

const SUITE_SRC = join(REPO_ROOT, 'test', 'suite');

export interface BuiltSuite {
  /** The runner module to pass as extensionTestsPath. */
  index: string;
  /** The run's output folder (delete it when the run ends). */
  dir: string;
}

// A run that was killed never deletes its folder; anything older than an hour is no live run's.
function removeAbandonedRuns(): void {
  const hourAgo = Date.now() - 3_600_000;
  for (const d of readdirSync(SUITE_OUT_DIR)) {
    const dir = join(SUITE_OUT_DIR, d);
    if (d.startsWith('run-') && statSync(dir).mtimeMs < hourAgo) rmSync(dir, { recursive: true, force: true });
  }
}

/** Code that runs inside the extension host beside the extension: `vscode` comes from the host. */
export const EXTENSION_HOST_BUNDLE = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  external: ['vscode'],
  // Unminified, so stack traces in failures (dist-test/suite/*.test.js:LINE) stay readable.
  logLevel: 'warning',
} satisfies esbuild.BuildOptions;

export async function buildSuite(): Promise<BuiltSuite> {
  const tests = readdirSync(SUITE_SRC, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => join(SUITE_SRC, f));
  mkdirSync(SUITE_OUT_DIR, { recursive: true });
  removeAbandonedRuns();
  const outdir = mkdtempSync(join(SUITE_OUT_DIR, 'run-'));
  await esbuild.build({
    entryPoints: [join(SUITE_SRC, 'index.ts'), ...tests],
    outbase: SUITE_SRC,
    outdir,
    ...EXTENSION_HOST_BUNDLE,
    // Mocha's parallel mode resolves worker files at run time; the suite runs serially, so they are never needed.
    logOverride: { 'require-resolve-not-external': 'silent' },
    absWorkingDir: REPO_ROOT,
  });
  return { index: join(outdir, 'index.js'), dir: outdir };
}
