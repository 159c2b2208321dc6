// Bundles the in-workbench integration suite: test/suite/index.ts (the runner) plus every test/suite/**/*.test.ts,
// each to its own file under dist-test/suite so index.js can discover the tests next to itself at run time.
// `vscode` is provided by the extension host; everything else (mocha, core code) is bundled in.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, SUITE_OUT_DIR } from './paths';

const SUITE_SRC = join(REPO_ROOT, 'test', 'suite');

export async function buildSuite(): Promise<string> {
  const tests = readdirSync(SUITE_SRC, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => join(SUITE_SRC, f));
  // A deleted test must not keep running from a stale bundle.
  rmSync(SUITE_OUT_DIR, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [join(SUITE_SRC, 'index.ts'), ...tests],
    outbase: SUITE_SRC,
    outdir: SUITE_OUT_DIR,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['vscode'],
    // Unminified, so stack traces in failures (dist-test/suite/*.test.js:LINE) stay readable.
    logLevel: 'warning',
    // Mocha's parallel mode resolves worker files at run time; the suite runs serially, so they are never needed.
    logOverride: { 'require-resolve-not-external': 'silent' },
    absWorkingDir: REPO_ROOT,
  });
  return join(SUITE_OUT_DIR, 'index.js');
}
